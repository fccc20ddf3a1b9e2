#!/bin/sh
# Errors: writes to the tables, CREATE VIRTUAL TABLE, unknown sources (a
# NUL inside a name too) and malformed patterns fail with a message that
# says what is wrong, and the same connection answers correctly after each
# one. Among them the inputs the fuzzer (fuzz/) found and the branches
# `make coverage` showed untaken by the rest of the suite.
#
# All cases run in one shell session, two lines each: the failing statement,
# then a query whose answer is known. The shell's "near line N" says which
# case an error belongs to.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
us=$(printf '\037') # separates fields that may be empty

tables='http_status http_status_meanings http_status_aliases http_status_classes http_status_notes http_status_sources'
# Sources named in data/codes.tsv (its fifth column) and data/meanings.tsv (its
# fourth), for the error that lists them.
sources=$({ sed 1d data/codes.tsv | cut -f5; sed 1d data/meanings.tsv | cut -f4; } | sort -u)

# case KIND NAME STATEMENT MESSAGE: STATEMENT (one line) must fail with
# exactly MESSAGE, the first error the shell reports on its line without the
# shell's prefix. KIND "source" also checks the list of sources separately.
: >"$tmp/cases"
case_count=0
source_cases=0
case_() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$tmp/cases"
  case_count=$((case_count + 1))
  [ "$1" = source ] && source_cases=$((source_cases + 1))
}

for table in $tables; do
  case_ write "INSERT INTO $table" "INSERT INTO $table SELECT * FROM $table LIMIT 1;" \
    "table $table may not be modified"
  case_ write "UPDATE $table" "UPDATE $table SET rowid = rowid;" "table $table may not be modified"
  case_ write "DELETE FROM $table" "DELETE FROM $table;" "table $table may not be modified"
done
# DROP of an eponymous table: SQLite refuses it from some release between
# 3.31 (which ignores it) and 3.40; either way the table stays. The expected
# message is what this SQLite says for its own eponymous pragma_table_info,
# so an extension that lets DROP through where SQLite refuses fails here.
drop_message=$(echo 'DROP TABLE pragma_table_info;' | "$SQLITE3" -batch :memory: 2>&1 | head -n 1 |
  sed -E 's/^(Parse error|Runtime error|Error:?) near line [0-9]+: //; s/^Error: //' |
  sed 's/pragma_table_info/http_status/')
case_ drop "DROP TABLE http_status" "DROP TABLE http_status;" "$drop_message"
# The tables are eponymous-only: SQLite refuses to create one, and says the
# module cannot be used that way (the message is SQLite's own).
for table in $tables; do
  case_ create "CREATE VIRTUAL TABLE x USING $table" "CREATE VIRTUAL TABLE x USING $table;" \
    "no such module: $table"
done
case_ check "a CHECK using http_status_class refuses 600" \
  "CREATE TABLE t(status CONSTRAINT known_class CHECK (http_status_class(status) IS NOT NULL)); INSERT INTO t VALUES (600);" \
  "CHECK constraint failed: known_class"
case_ arity "http_status_name with three arguments" "SELECT http_status_name(404, 'iana', 1);" \
  "wrong number of arguments to function http_status_name()"

# Unknown sources (source names are exact: 'IANA' is not 'iana'). The error
# lists the known sources in byte order, comma-separated.
known_sources=$(known_sources)
case_ source "http_status_name(404, 'IANA')" "SELECT http_status_name(404, 'IANA');" \
  "httpstatus: unknown source 'IANA'; $known_sources"
case_ source "http_status_meaning(404, 'Nginx')" "SELECT http_status_meaning(404, 'Nginx');" \
  "httpstatus: unknown source 'Nginx'; $known_sources"
case_ source "http_status_line(404, '')" "SELECT http_status_line(404, '');" \
  "httpstatus: unknown source ''; $known_sources"
case_ source "unknown source with a NULL code" "SELECT http_status_name(NULL, 'no-such-source');" \
  "httpstatus: unknown source 'no-such-source'; $known_sources"
case_ source "unknown source over the table" \
  "SELECT count(*) FROM http_status WHERE http_status_name(code, 'vendor') IS NULL;" \
  "httpstatus: unknown source 'vendor'; $known_sources"
# A source with a NUL in it is not the source before the NUL.
for source in iana nginx; do
  hex=$(printf '%s' "$source" | od -An -tx1 | tr -d ' \n')
  case_ source "'$source', NUL, 'x'" "SELECT http_status_name(499, CAST(X'${hex}0078' AS TEXT));" \
    "httpstatus: unknown source '$source'; $known_sources"
done

# Malformed patterns: the error names the bad item and the whole pattern.
pattern() {
  case_ pattern "pattern '$1'" "SELECT http_status_match(404, '$1');" \
    "httpstatus: bad item '$2' in status pattern '$1': $pattern_help"
}
pattern '' ''
pattern ',' ''
pattern '5xx,' ''
pattern ',5xx' ''
pattern '4xx,,5xx' ''
pattern '6xx' '6xx'
pattern '0xx' '0xx'
pattern '499-400' '499-400'
pattern 'abc' 'abc'
pattern '40' '40'
pattern '4000' '4000'
pattern '5xx;401' '5xx;401'
pattern '099' '099'
pattern '600' '600'
pattern '4xx-5xx' '4xx-5xx'
pattern '400-' '400-'
pattern '-499' '-499'
pattern '4 04' '4 04'
pattern '401, 4o3' '4o3'
pattern '+404' '+404'
pattern '40a' '40a'
pattern '4/4' '4/4'
pattern '(44' '(44'
pattern '4x9' '4x9'
pattern '40-4a' '40-4a'
case_ pattern "a bad pattern with a non-code" "SELECT http_status_match('abc', '6xx');" \
  "httpstatus: bad item '6xx' in status pattern '6xx': $pattern_help"
case_ pattern "a bad pattern built per row" \
  "SELECT count(*) FROM http_status WHERE http_status_match(code, '4xx,' || (code * 10));" \
  "httpstatus: bad item '1000' in status pattern '4xx,1000': $pattern_help"

plan $((2 * case_count + source_cases + 1 + 4))

# The session: case i is on line 2i - 1, its check query on line 2i. The
# answer: 404's name in the seed, 503 is in 5xx, the seed lists 400 to 404.
after_answer='Not Found|1|5'
awk -F'\t' '{
  print $3
  print "SELECT '\''after " NR "'\'', http_status_name(404), http_status_match(503, '\''5xx'\''), (SELECT count(*) FROM http_status WHERE code BETWEEN 400 AND 404);"
}' "$tmp/cases" >"$tmp/session.sql"
sql -separator '|' <"$tmp/session.sql" >"$tmp/out" 2>"$tmp/err"

# One line per case: kind, name, fragment, the first error reported on the
# case's line (without the shell's "Parse error near line N: " prefix), and
# the check query's answer. Shells write "Parse error near line N: ",
# "Runtime error near line N: ", "Error near line N: " or (older ones)
# "Error: near line N: " before a message; the 3.40 shell also appends the
# result code to some, " (19)", which is dropped as well.
awk -F'\t' -v OFS="$us" '
  FILENAME == ARGV[1] { kind[FNR] = $1; name[FNR] = $2; fragment[FNR] = $4; n = FNR; next }
  FILENAME == ARGV[2] {
    if (match($0, /^(Parse error|Runtime error|Error:?) near line [0-9]+: /)) {
      prefix = substr($0, 1, RLENGTH)
      gsub(/[^0-9]/, "", prefix)
      i = int((prefix + 1) / 2)
      message = substr($0, RLENGTH + 1)
      sub(/ \([0-9]+\)$/, "", message)
      if (!(i in error)) error[i] = message
    }
    next
  }
  /^after [0-9]+\|/ { split($0, part, "|"); sub(/^after [0-9]+\|/, ""); answer[substr(part[1], 7)] = $0 }
  END { for (i = 1; i <= n; i++) print kind[i], name[i], fragment[i], error[i], answer[i] }
' "$tmp/cases" "$tmp/err" "$tmp/out" >"$tmp/results"

while IFS="$us" read -r kind name fragment message answer; do
  if [ "$kind" = drop ] && [ -z "$fragment" ]; then
    is "$message" "" "$name: ignored, as this SQLite ignores it for its own eponymous tables"
  else
    is "$message" "$fragment" "$name: fails with exactly that message"
  fi
  if [ "$kind" = source ]; then
    missing=
    for known in $sources; do
      case "$message" in *" $known"*) ;; *) missing="$missing $known" ;; esac
    done
    is "$missing" "" "$name: the error lists every known source"
  fi
  is "$answer" "$after_answer" "$name: the connection still answers"
done <"$tmp/results"
is "$(grep -c . "$tmp/out")" "$case_count" "no statement printed anything but the check queries"

# Each source the error lists is accepted.
for known in $sources; do printf "SELECT http_status_name(404, '%s') IS NULL OR 1;\n" "$known"; done \
  | sql >/dev/null 2>"$tmp/err"
is "$(cat "$tmp/err")" "" "every listed source is accepted"
# The same text as hex, without a NUL, still names the source.
is "$(sql "SELECT http_status_name(404, CAST(X'69616e61' AS TEXT)) IS NOT NULL;")" "1" \
  "the source spelled as hex without a NUL is known"

# Inside a transaction, the failed statements undo nothing else.
{
  echo "BEGIN; CREATE TABLE kept(x); INSERT INTO kept VALUES (1);"
  for table in $tables; do echo "DELETE FROM $table;"; done
  echo "CREATE VIRTUAL TABLE y USING http_status;"
  echo "SELECT http_status_name(404, 'IANA');"
  echo "SELECT http_status_match(404, '6xx');"
  echo "INSERT INTO kept VALUES (2); COMMIT;"
  echo "SELECT count(*) FROM kept;"
} | sql >"$tmp/out" 2>"$tmp/err"
is "$(grep -c 'near line [0-9]*:' "$tmp/err")" 9 "a transaction: nine errors reported"
is "$(cat "$tmp/out")" 2 "a transaction: both rows kept"
