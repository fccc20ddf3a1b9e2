#!/bin/sh
# ext/status_data.c is what tools/gen_data.pl writes from data/: a hand edit
# of the C file, or a data edit without `make data`, fails here.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

plan 3
perl tools/gen_data.pl --output "$tmp/status_data.c" 2>"$tmp/err"
status=$?
ok $status "tools/gen_data.pl accepts data/"
[ $status = 0 ] || sed 's/^/# /' "$tmp/err"

cmp -s ext/status_data.c "$tmp/status_data.c"
status=$?
ok $status "ext/status_data.c is the generator's output (else run make data)"
[ $status = 0 ] || diff -u ext/status_data.c "$tmp/status_data.c" | head -20 | sed 's/^/# /'

# The output depends only on the input: a second run gives the same bytes.
perl tools/gen_data.pl --output "$tmp/again.c" 2>/dev/null
cmp -s "$tmp/status_data.c" "$tmp/again.c"
ok $? "two runs give the same bytes"
