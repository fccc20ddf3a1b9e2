#!/bin/sh
# httpstatus-import as a command: --help and the man page from one text,
# --version, options checked (exit 2), messages named after the command, a
# LOG that names a file is that file, a glob only when no file has the name.
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
IMPORT_MAN=${IMPORT_MAN:-.build/import_man}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
[ -x "$IMPORT_MAN" ] || make -s "$IMPORT_MAN" >&2
case $IMPORT_LOG in /*) ;; *) IMPORT_LOG=$PWD/$IMPORT_LOG ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
combined() { # combined PATH: one combined line requesting PATH
  printf '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET %s HTTP/1.1" 200 5 "-" "ua"\n' "$1"
}
q() { "$SQLITE3" -batch "$tmp/db" "$@"; }

plan 34

# ---- --help, the man page, --version ------------------------------------
help=$("$IMPORT_LOG" --help)
ok $? "--help exits 0"
is "$(printf '%s\n' "$help" | sed -n 1p)" "Usage: httpstatus-import [OPTION]... DB LOG..." "--help starts with the usage"
is "$(printf '%s\n' "$help" | awk 'length > 79' | head -3)" "" "--help fits 79 columns"
options=$(printf '%s\n' "$help" | sed -n 's/^  \(--[a-z]*\).*/\1/p' | tr '\n' ' ')
is "$options" "--name --format --replace --follow --timeout --help --version " "--help lists every option"
"$IMPORT_MAN" | cmp -s - man/httpstatus-import.1
ok $? "man/httpstatus-import.1 is what tools/import_man.c writes from the text of --help (make man/httpstatus-import.1)"
man_options=$(sed -n '/^\.SH OPTIONS/,/^\.SH/{/^\.TP/{n;s/^\\fB\(\\-\\-[a-z]*\)\\fR.*/\1/p;}}' man/httpstatus-import.1 |
  sed 's/\\-/-/g' | tr '\n' ' ')
is "$man_options" "$options" "the man page describes the same options"
if command -v groff >/dev/null 2>&1; then
  is "$(groff -man -ww -z man/httpstatus-import.1 2>&1)" "" "groff reads the man page without a warning"
else
  ok 0 "# SKIP groff is not installed"
fi
is "$("$IMPORT_LOG" --version)" "httpstatus-import $(cat VERSION)" "--version: the version in VERSION"
is "$("$IMPORT_LOG" --version)" "httpstatus-import $(sql 'SELECT httpstatus_version()')" \
  "the same as httpstatus_version()"

# ---- usage errors: exit 2, one message naming the command ------------------
combined /a >"$tmp/a.log"
usage() { # usage MESSAGE ARGS...: exits 2 and says MESSAGE first; nothing created
  want=$1
  shift
  "$IMPORT_LOG" "$@" >"$tmp/out" 2>"$tmp/err"
  is "$?|$(sed -n 1p "$tmp/err")|$(cat "$tmp/out")|$(ls "$tmp" | tr '\n' ' ')" "2|httpstatus-import: $want||a.log err out " \
    "$want ($*)"
}
usage "DB and LOG missing"
usage "LOG missing: which log to import?" "$tmp/db"
usage "unknown option '--bogus'" --bogus "$tmp/db" "$tmp/a.log"
usage "unknown option '-v' (a LOG named so: give -- first)" -v "$tmp/db" "$tmp/a.log"
usage "option '--help=yes' takes no value" --help=yes
usage "option '--timeout' needs a value" "$tmp/db" "$tmp/a.log" --timeout
usage "--timeout: 'abc' is not a whole number of seconds from 0 to 2147483" --timeout abc "$tmp/db" "$tmp/a.log"
usage "--timeout: '-5' is not a whole number of seconds from 0 to 2147483" --timeout -5 "$tmp/db" "$tmp/a.log"
usage "--timeout: '2147484' is not a whole number of seconds from 0 to 2147483" --timeout=2147484 "$tmp/db" "$tmp/a.log"
usage "--timeout: '' is not a whole number of seconds from 0 to 2147483" --timeout= "$tmp/db" "$tmp/a.log"
usage "--name: the name is empty" --name '' "$tmp/db" "$tmp/a.log"
"$IMPORT_LOG" --format no_such_format "$tmp/db" "$tmp/a.log" >/dev/null 2>"$tmp/err"
is "$?|$(sed -n '1s/^\(httpstatus-import: --format: \).*\(unknown format .no_such_format.\).*/\1\2/p' "$tmp/err")" \
  "2|httpstatus-import: --format: unknown format 'no_such_format'" \
  "an unknown --format is a usage error, before any file is read"
"$IMPORT_LOG" --timeout 2147483 "$tmp/db" "$tmp/a.log" >/dev/null
ok $? "--timeout 2147483, the largest, is taken"
# Options anywhere before --; after it, a LOG may start with -.
combined /dash >"$tmp/--odd.log"
(cd "$tmp" && "$IMPORT_LOG" order.db a.log --name first -- --odd.log) >"$tmp/out"
is "$?|$("$SQLITE3" "$tmp/order.db" "SELECT group_concat(source_file || path, ' ') FROM log")" "0|first/a first/dash" \
  "an option after DB applies; -- ends the options"

# ---- messages ---------------------------------------------------------------------
"$IMPORT_LOG" "$tmp/db" "$tmp/missing.log" "$tmp/a.log" >"$tmp/out" 2>"$tmp/err"
is "$?|$(grep -vc '^httpstatus-import: ' "$tmp/err")" "1|0" "a missing LOG: exit 1, every message starts with the command's name"
like "$(cat "$tmp/err")" "httpstatus-import: $tmp/missing.log: " "and names the LOG"
is "$(cat "$tmp/out")" "$tmp/a.log: 1 lines, 1 already stored, 0 imported, 0 rejected, format combined" \
  "the other LOGs are imported"
mkdir "$tmp/dir.log"
"$IMPORT_LOG" "$tmp/db" "$tmp/dir.log" >/dev/null 2>"$tmp/err"
is "$?|$(grep -c "^httpstatus-import: $tmp/dir.log: " "$tmp/err")" "1|1" "a directory as LOG: exit 1, saying so"

# ---- a name is that file; a glob only when no file has the name ----------------------
mkdir "$tmp/names"
combined /bracketed >"$tmp/names/access[1].log"
combined /one >"$tmp/names/access1.log"
"$IMPORT_LOG" "$tmp/names.db" "$tmp/names/access[1].log" >/dev/null
is "$("$SQLITE3" "$tmp/names.db" "SELECT group_concat(source_file || ' ' || path) FROM log")" \
  "$tmp/names/access[1].log /bracketed" "access[1].log is that file, not a pattern matching access1.log"
combined /star >"$tmp/names/web*"
combined /web1 >"$tmp/names/web1"
"$IMPORT_LOG" "$tmp/names.db" "$tmp/names/web*" "$tmp/names/web*" >"$tmp/out" 2>&1
is "$?|$(cut -d, -f2 "$tmp/out" | tr '\n' ';')" "0| 0 already stored; 1 already stored;" \
  "a file named web* is that file, twice (no UNIQUE constraint error)"
"$IMPORT_LOG" "$tmp/names.db" "$tmp/names/acc*.log" >"$tmp/out" 2>&1
is "$?|$(cut -d: -f1 "$tmp/out" | tr '\n' ' ')" "0|$tmp/names/access1.log $tmp/names/access[1].log " \
  "a pattern that names no file is a glob: each file it matches"
"$IMPORT_LOG" "$tmp/names.db" "$tmp/names/nothing*.log" >/dev/null 2>"$tmp/err"
is "$?|$(cat "$tmp/err")" "1|httpstatus-import: $tmp/names/nothing*.log: no file has this name, and as a glob it matches no file" \
  "a glob matching nothing: exit 1, saying so"
long=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "*/"; print "x" }')
"$IMPORT_LOG" "$tmp/names.db" "$long" >/dev/null 2>"$tmp/err"
is "$?|$(sed 's/^httpstatus-import: [*\/]*\.\.\.: //' "$tmp/err")" \
  "1|names no file, and as a glob it is longer than 4096 bytes or deeper than 64 directories" \
  "a 6,001-byte pattern of */ is refused, not a crash in glob()"

# Rotation order: dated copies oldest first, then numbered highest first, then the live file.
mkdir "$tmp/order"
for f in access.log access.log.1 access.log.2.gz access.log.10.gz access.log-20240102 access.log-20240101.gz; do
  combined "/$f" >"$tmp/order/$f"
done
"$IMPORT_LOG" "$tmp/rotated.db" "$tmp/order/access.log*" >"$tmp/out" 2>&1
is "$(sed "s|^$tmp/order/||; s|:.*||" "$tmp/out" | tr '\n' ' ')" \
  "access.log-20240101.gz access.log-20240102 access.log.10.gz access.log.2.gz access.log.1 access.log " \
  "a glob's files in rotation order"
is "$("$SQLITE3" "$tmp/rotated.db" "SELECT DISTINCT source_file FROM log")" "$tmp/order/access.log" \
  "all named after the live file"
