#!/bin/sh
# Branches the other tests leave untaken (see `make coverage`), and inputs the
# fuzzer (fuzz/) found: each must fail with the extension's own message.
. tests/lib.sh
plan 8

# error SQL: the shell's stderr for SQL, whose first statement must fail.
error() { sql "$1" 2>&1 >/dev/null; }

for pattern in '40a' '4/4' '(44' '4x9' '40-4a'; do
  is "$(error_of "$(error "SELECT http_status_match(404, '$pattern');")")" \
    "httpstatus: bad item '$pattern' in status pattern '$pattern': $pattern_help" \
    "pattern '$pattern' is refused, naming the item"
done

# A source with a NUL in it is not the source before the NUL.
for source in "iana" "nginx"; do
  hex=$(printf '%s' "$source" | od -An -tx1 | tr -d ' \n')
  is "$(error_of "$(error "SELECT http_status_name(499, CAST(X'${hex}0078' AS TEXT));")")" \
    "httpstatus: unknown source '$source'; $(known_sources)" "'$source', NUL, 'x' is an unknown source"
done

# The same text without the NUL still names the source.
is "$(sql "SELECT http_status_name(404, CAST(X'69616e61' AS TEXT)) IS NOT NULL;")" "1" \
  "the source spelled as hex without a NUL is known"
