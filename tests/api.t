#!/bin/sh
# The API surface: loading the extension adds exactly the documented
# functions (with their arities) and tables, and removes nothing; every name
# is exercised by a check in sql/ and documented in docs/reference.md.
. tests/lib.sh

# The documented surface: "name narg" for functions, names for tables.
expected_functions='http_status_class 1
http_status_code 1
http_status_line 1
http_status_line 2
http_status_match 2
http_status_meaning 1
http_status_meaning 2
http_status_name 1
http_status_name 2
httpstatus_version 0'
expected_tables='http_status
http_status_aliases
http_status_classes
http_status_meanings
http_status_notes
http_status_sources'
names="$(printf '%s\n' "$expected_functions" | cut -d' ' -f1 | sort -u)
$expected_tables"
name_count=$(printf '%s\n' "$names" | wc -l)

plan $((8 + 2 * name_count))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One shell session: the lists before loading, a marker, the lists after.
"$SQLITE3" -batch -separator ' ' :memory: >"$tmp/out" 2>"$tmp/err" <<SQL
SELECT 'F', name, narg FROM pragma_function_list;
SELECT 'M', name FROM pragma_module_list;
SELECT '--- loaded';
.load $EXTENSION
SELECT 'F', name, narg FROM pragma_function_list;
SELECT 'M', name FROM pragma_module_list;
SQL
is "$(cat "$tmp/err")" "" "listing before and after .load gives no error"
sed '/^--- loaded$/,$d' "$tmp/out" >"$tmp/before"
sed '1,/^--- loaded$/d' "$tmp/out" >"$tmp/after"
for kind in F M; do
  sed -n "s/^$kind //p" "$tmp/before" | sort -u >"$tmp/$kind.before"
  sed -n "s/^$kind //p" "$tmp/after" | sort -u >"$tmp/$kind.after"
done
ok "$([ -s "$tmp/F.before" ] && [ -s "$tmp/M.before" ] && echo 0 || echo 1)" \
  "the lists before loading are not empty"

is "$(comm -13 "$tmp/F.before" "$tmp/F.after")" "$expected_functions" \
  "functions added by loading: exactly the documented ones"
is "$(comm -23 "$tmp/F.before" "$tmp/F.after")" "" "no function is gone after loading"
is "$(comm -13 "$tmp/M.before" "$tmp/M.after")" "$expected_tables" \
  "tables added by loading: exactly the documented ones"
is "$(comm -23 "$tmp/M.before" "$tmp/M.after")" "" "no table is gone after loading"

# The entry point is sqlite3_httpstatus_init, found from the file name or
# named; loading twice on one connection is harmless.
is "$("$SQLITE3" -batch :memory: "SELECT load_extension('$EXTENSION'); SELECT http_status_name(404);" 2>&1)" \
  "
Not Found" "load_extension('$EXTENSION') works"
is "$("$SQLITE3" -batch :memory: -cmd ".load $EXTENSION sqlite3_httpstatus_init" -cmd ".load $EXTENSION" \
  "SELECT http_status_line(404), (SELECT count(*) FROM http_status_notes);" 2>&1)" \
  "404 Not Found|2" "the named entry point works, and loading twice too"

# Coverage: each name is used by a check of sql/ (outside its label), and
# appears as `name` or `name(...)` in docs/reference.md.
sed -n "s/^SELECT '\\([^']\\|''\\)*'//p" sql/*.sql >"$tmp/checks"
if [ -f docs/reference.md ]; then
  cp docs/reference.md "$tmp/reference"
else
  : >"$tmp/reference"
fi
for name in $names; do
  # A name followed by "(" is a call; a table name stands alone.
  if printf '%s\n' "$expected_tables" | grep -qx "$name"; then
    pattern="\\b$name([^_a-z(]|\$)"
  else
    pattern="\\b$name\\("
  fi
  grep -Eq "$pattern" "$tmp/checks"
  ok $? "$name is used by a check in sql/"
  grep -Eq "\`$name(\`|\\()" "$tmp/reference"
  ok $? "$name is documented in docs/reference.md"
done
