#!/bin/sh
# Bad use: loading twice, read-only databases, wrong argument counts, very
# long text, invalid UTF-8 and blobs given to every function, a long scan
# interrupted, and WHERE clauses xBestIndex cannot use. Each must give a clear
# error or a correct answer, and the connection must answer correctly after.
#
# Expected answers come from plain tables copied from the extension's tables
# in the same database (setup below): SQLite's own comparison with an INTEGER
# column is the reference for how a code argument is read.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ref: a plain copy of http_status; ref_iana: the IANA meanings; ints: every
# code 100..599 with the class of its first digit.
# Their codes are INTEGER PRIMARY KEY, so that rowid is the code as in
# http_status, and so that a lookup converts a 1 MB value once, not per row.
setup="
CREATE TEMP TABLE ref(code INTEGER PRIMARY KEY, name TEXT, class TEXT, meaning TEXT, source TEXT,
  registry TEXT);
INSERT INTO ref SELECT code, name, class, meaning, source, registry FROM http_status;
CREATE TEMP TABLE ref_iana(code INTEGER PRIMARY KEY, name TEXT);
INSERT INTO ref_iana SELECT code, name FROM http_status_meanings WHERE source = 'iana';
CREATE TEMP TABLE ints(code INTEGER PRIMARY KEY, class TEXT);
INSERT INTO ints WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 599)
  SELECT i, (SELECT class FROM http_status_classes WHERE i BETWEEN first_code AND last_code) FROM n;
"
# A query whose answer is known from the data alone, run last to show that
# the connection still works: 404 is Not Found (RFC 9110), 5 classes.
probe="SELECT 'usable', http_status_line(404), (SELECT count(*) FROM http_status_classes);"
usable='usable|404 Not Found|5'

mb_of() { echo "replace(hex(zeroblob(500000)), '0', '$1')"; }     # 1,000,000 characters
kb100_of() { echo "replace(hex(zeroblob(50000)), '0', '$1')"; } # 100,000 characters

# ---- values given as a code to every function ------------------------------
# label|SQL expression. Every one is compared with the reference tables.
values="1 MB of x|$(mb_of x)
100 KB of spaces, then 404|$(kb100_of ' ') || '404'
404, then 1 MB of spaces|'404' || $(mb_of ' ')
100 KB of zeros, then 404|$(kb100_of 0) || '404'
4, then 100 KB of zeros|'4' || $(kb100_of 0)
a 1 MB blob|zeroblob(1000000)
the blob '404'|CAST('404' AS BLOB)
invalid UTF-8, then 404|CAST(X'FF343034' AS TEXT)
404, then invalid UTF-8|CAST(X'343034FF' AS TEXT)
overlong UTF-8 for 404|CAST(X'C0B4C0B0C0B4' AS TEXT)
a lone surrogate|CAST(X'EDA080' AS TEXT)
40, NUL, 4|CAST(X'34300034' AS TEXT)
404, then NUL|CAST(X'34303400' AS TEXT)
NUL, then 404|CAST(X'00343034' AS TEXT)
fullwidth digits 404|'４０４'
empty text|''
an empty blob|X''
NULL|NULL
the largest integer|9223372036854775807
the smallest integer|-9223372036854775808
infinity|1e999
minus infinity|-1e999
404.0000000000001|404.0000000000001
'+404'|'+404'
'404.'|'404.'
'4.04e2'|'4.04e2'
'0x194'|'0x194'"
value_count=$(printf '%s\n' "$values" | wc -l)

# ---- WHERE clauses xBestIndex cannot use, or only in part -------------------
# Each query runs on http_status and on its plain copy ref (@T is the table);
# both must print the same rows, in the same order (each query that can
# return more than one row orders them totally).
queries="SELECT code FROM @T WHERE code + 0 = 404
SELECT code FROM @T WHERE -code = -404 OR abs(code) = 500 ORDER BY code
SELECT code FROM @T WHERE code = 404 OR code = 503 OR code = 999 ORDER BY code
SELECT code FROM @T WHERE code = 418 OR class = 'Success' ORDER BY code DESC
SELECT code FROM @T WHERE (code BETWEEN 400 AND 410 OR code > 550) AND code <> 404 ORDER BY code
SELECT code FROM @T WHERE name LIKE 'not%' OR name GLOB '*Error*' ORDER BY code
SELECT code FROM @T WHERE class LIKE 'client error' ORDER BY code
SELECT code FROM @T WHERE class = 'client error' COLLATE NOCASE ORDER BY code
SELECT code FROM @T WHERE class = 'Client Error   ' COLLATE RTRIM ORDER BY code
SELECT code FROM @T WHERE class = 'Client Error ' ORDER BY code
SELECT code FROM @T WHERE class = code OR code = class || '' ORDER BY code
SELECT code FROM @T AS s WHERE code = (SELECT max(code) FROM ref AS r WHERE r.class = s.class) ORDER BY code
SELECT code FROM @T AS s WHERE EXISTS (SELECT 1 FROM ref AS r WHERE r.code = s.code + 1) ORDER BY code
SELECT code FROM @T WHERE code IN (SELECT code + 100 FROM ref WHERE code < 300) ORDER BY code
SELECT code FROM @T WHERE code IN ('404', 404.0, NULL, X'343034', 500.5, ' 503 ', '4.18e2') ORDER BY code
SELECT code FROM @T WHERE code NOT IN (SELECT code FROM ref WHERE code > 199) ORDER BY code
SELECT code FROM @T WHERE code IS NULL OR code IS 429 OR code IS NOT code
SELECT code FROM @T WHERE rowid BETWEEN '400' AND 410.5 ORDER BY rowid DESC
SELECT code FROM @T WHERE code > 599.5 OR code < 100.5 OR code >= 1e999 OR code < -1e999 ORDER BY code
SELECT code FROM @T WHERE code > -9223372036854775808 AND code < 9223372036854775807 AND code > '' ORDER BY code
SELECT code FROM @T WHERE code = ? OR code = 404
SELECT code FROM @T WHERE code <> 404 AND code > 200 ORDER BY code DESC LIMIT 4 OFFSET 3
SELECT code FROM @T WHERE registry IS NULL AND source <> 'iana' AND code >= 400 ORDER BY code
SELECT code FROM @T WHERE http_status_match(code, '4xx') AND code % 2 = 0 ORDER BY code
SELECT a.code, b.code FROM @T AS a JOIN @T AS b ON b.code = a.code + 1 ORDER BY a.code
SELECT a.code, b.code FROM @T AS a LEFT JOIN @T AS b ON b.code = a.code * 2 WHERE a.code < 260 ORDER BY a.code
SELECT a.code FROM ints AS a JOIN @T AS b ON a.code = b.code AND a.class <> b.class ORDER BY 1
SELECT a.code, count(b.code) FROM ints AS a LEFT JOIN @T AS b ON b.code BETWEEN a.code AND a.code + 2 WHERE a.code % 50 = 0 GROUP BY a.code ORDER BY a.code
SELECT count(*) FROM ints AS a, @T AS b WHERE b.code = a.code OR b.code = a.code - 100"
query_count=$(printf '%s\n' "$queries" | wc -l)

wrong_args="http_status_name()
http_status_name(404, 'iana', 1)
http_status_meaning()
http_status_meaning(404, 'iana', 1)
http_status_line()
http_status_line(404, 'iana', 1)
http_status_class()
http_status_class(404, 1)
http_status_code()
http_status_code('not found', 1)
http_status_match(404)
http_status_match(404, '4xx', 1)
httpstatus_version(1)"
wrong_count=$(printf '%s\n' "$wrong_args" | wc -l)

plan $((value_count + query_count + 22 + 12))

# ---- loading twice ----------------------------------------------------------
answers="$probe
SELECT http_status_code('not found'), http_status_name(499), http_status_match(503, '5xx');
SELECT count(*), sum(code) FROM http_status;
SELECT count(*) FROM http_status_meanings;
SELECT count(*) FROM pragma_function_list WHERE name LIKE 'http%';"
once=$(printf '%s\n' "$answers" | sql 2>&1)
case "$once" in "$usable"*) ;; *) once="(one load does not answer: $once)" ;; esac
got=$(printf '%s\n' "$answers" | sql -cmd ".load $EXTENSION" 2>&1)
is "$got" "$once" ".load twice: the same answers as one load"
# load_extension() runs inside a statement, and SQLite refuses to replace
# functions while one runs: a clear error, and the first load stays.
got=$(printf "SELECT load_extension('%s');\n%s\n" "$EXTENSION" "$answers" | sql 2>&1)
like "$got" "httpstatus: cannot register: unable to delete/modify user-function due to active statements" \
  "load_extension() again from SQL fails with a message"
is "$(printf '%s\n' "$got" | sed 1d)" "$once" "... and the first load still answers the same"
got=$(printf "SELECT load_extension('%s') FROM http_status;\n%s\n" "$EXTENSION" "$answers" |
  sql 2>&1)
like "$got" "httpstatus: cannot register:" "... also from inside a scan of http_status"
is "$(printf '%s\n' "$got" | sed 1d)" "$once" "... and the first load still answers the same"

# ---- read-only databases ----------------------------------------------------
db="$tmp/app.db"
"$SQLITE3" -batch "$db" "CREATE TABLE log(code INTEGER); INSERT INTO log VALUES (404), (503), (299);"
got=$("$SQLITE3" -batch -readonly "$db" -cmd ".load $EXTENSION" \
  "SELECT group_concat(s.name, ',') FROM log JOIN http_status AS s USING (code);" 2>&1)
want=$("$SQLITE3" -batch :memory: -cmd ".load $EXTENSION" \
  "SELECT group_concat(name, ',') FROM http_status WHERE code IN (404, 503);" 2>&1)
is "$got" "$want" "sqlite3 -readonly: loads, and joins a log with http_status"
got=$(printf "INSERT INTO log VALUES (200);\n%s\n" "$probe" |
  "$SQLITE3" -batch -readonly "$db" -cmd ".load $EXTENSION" 2>&1)
like "$got" "attempt to write a readonly database" "sqlite3 -readonly: a write still fails"
like "$got" "$usable" "... and the connection answers after it"
got=$(printf "PRAGMA query_only = 1;\n%s\nSELECT count(*) FROM http_status_meanings;\n" "$probe" |
  sql 2>&1)
is "$got" "$usable
$(echo 'SELECT count(*) FROM http_status_meanings;' | sql)" "PRAGMA query_only: functions and tables work"
# A view in a read-only file, used with trusted_schema off: innocuous parts only.
"$SQLITE3" -batch "$db" "CREATE VIEW named AS SELECT code, http_status_name(code) AS name FROM log;"
got=$("$SQLITE3" -batch -readonly "$db" -cmd ".load $EXTENSION" -cmd "PRAGMA trusted_schema = OFF" \
  "SELECT group_concat(name, ',') FROM named WHERE code <> 299;" 2>&1)
is "$got" "$want" "a view over the functions works read-only with trusted_schema off"

# ---- wrong number of arguments ----------------------------------------------
got=$( (printf '%s\n' "$wrong_args" | sed 's/.*/SELECT &;/' && echo "$probe") | sql 2>&1)
n=$(printf '%s\n' "$got" | grep -c 'wrong number of arguments to function')
is "$n" "$wrong_count" "each wrong argument count is refused: wrong number of arguments"
is "$(printf '%s\n' "$got" | tail -n 1)" "$usable" "... and the connection answers after them"

# ---- long text, invalid UTF-8, blobs: one test per value --------------------
# For each value x: every function, and lookups and ranges on the table, must
# agree with the reference tables. Prints the value's number, "checked:" and
# the checks that failed.
check_value='SELECT id || '"'"' checked:'"'"'
 || CASE WHEN http_status_name(x) IS (SELECT name FROM ref WHERE code = v.x) THEN '"''"' ELSE '"' name'"' END
 || CASE WHEN http_status_meaning(x) IS (SELECT meaning FROM ref WHERE code = v.x) THEN '"''"' ELSE '"' meaning'"' END
 || CASE WHEN http_status_line(x) IS (SELECT code || '"' '"' || name FROM ref WHERE code = v.x) THEN '"''"' ELSE '"' line'"' END
 || CASE WHEN http_status_class(x) IS (SELECT class FROM ints WHERE code = v.x) THEN '"''"' ELSE '"' class'"' END
 || CASE WHEN http_status_match(x, '"'1xx,2xx,3xx,4xx,5xx'"') IS (SELECT 1 FROM ints WHERE code = v.x) THEN '"''"' ELSE '"' match'"' END
 || CASE WHEN http_status_name(x, '"'iana'"') IS (SELECT name FROM ref_iana WHERE code = v.x) THEN '"''"' ELSE '"' name-iana'"' END
 || CASE WHEN http_status_code(x) IS NULL THEN '"''"' ELSE '"' code'"' END
 || CASE WHEN (SELECT name FROM http_status WHERE code = v.x) IS (SELECT name FROM ref WHERE code = v.x) THEN '"''"' ELSE '"' ='"' END
 || CASE WHEN (SELECT count(*) FROM http_status WHERE code IS v.x) = (SELECT count(*) FROM ref WHERE code IS v.x) THEN '"''"' ELSE '"' IS'"' END
 || CASE WHEN (SELECT count(*) FROM http_status WHERE code <= v.x) = (SELECT count(*) FROM ref WHERE code <= v.x) THEN '"''"' ELSE '"' <='"' END
 || CASE WHEN (SELECT count(*) FROM http_status WHERE code > v.x) = (SELECT count(*) FROM ref WHERE code > v.x) THEN '"''"' ELSE '"' >'"' END
 || CASE WHEN (SELECT count(*) FROM http_status WHERE class = v.x) = (SELECT count(*) FROM ref WHERE class = v.x) THEN '"''"' ELSE '"' class='"' END
 FROM v ORDER BY id;'
printf '%s\n' "$values" | awk -F'|' '
  BEGIN { print "CREATE TEMP TABLE v(id INTEGER PRIMARY KEY, x);" }
  { sub(/^[^|]*[|]/, ""); print "INSERT INTO v VALUES (" NR ", " $0 ");" }' >"$tmp/values.sql"
printf '%s\n%s\n' "$check_value" "$probe" >>"$tmp/values.sql"
(echo "$setup" && cat "$tmp/values.sql") | sql >"$tmp/values.out" 2>&1
printf '%s\n' "$values" >"$tmp/values"
id=0
while IFS='|' read -r label _; do
  id=$((id + 1))
  IFS= read -r line <&3
  is "$line" "$id checked:" "value $label: every function and the table agree with SQLite's comparison"
done <"$tmp/values" 3<"$tmp/values.out"
is "$(tail -n 1 "$tmp/values.out")" "$usable" "... and the connection answers after all values"

# ---- long and invalid patterns, sources and names ---------------------------
script="$setup
SELECT 'long pattern', http_status_match(404, '200' || replace(hex(zeroblob(100000)), '00', ',404')),
  http_status_match(405, '200' || replace(hex(zeroblob(100000)), '00', ',404'));
SELECT 'blob pattern', http_status_match(503, X'357878') IS NULL, http_status_match(404, X'357878') IS NULL;
SELECT 'spaced name', http_status_code($(mb_of ' ') || 'not found' || $(mb_of ' '))
  IS (SELECT code FROM ref WHERE name = 'Not Found');
SELECT 'bad names', count(*), count(http_status_code(x)) FROM (SELECT $(mb_of x) AS x
  UNION ALL SELECT CAST(X'FF6E6F7420666F756E64' AS TEXT) UNION ALL SELECT X'6E6F7420666F756E64');
$probe"
got=$(printf '%s\n' "$script" | sql 2>&1)
is "$got" "long pattern|1|0
blob pattern|1|1
spaced name|1
bad names|3|0
$usable" "long patterns and names, blob patterns (NULL), invalid UTF-8 names: right answers"
for case in "http_status_match(404, $(mb_of x))|httpstatus: bad item" \
  "http_status_match(404, CAST(X'34FF7878' AS TEXT))|httpstatus: bad item" \
  "http_status_name(404, $(mb_of x))|httpstatus: unknown source" \
  "http_status_line(404, CAST(X'69616EFF' AS TEXT))|httpstatus: unknown source"; do
  call=${case%%|*}
  got=$(printf 'SELECT %s;\n%s\n' "$call" "$probe" | sql 2>&1 | cut -c 1-200)
  like "$got" "${case#*|}" "a 1 MB or invalid UTF-8 argument: ${case#*|} ..."
done
is "$(printf '%s\n' "$got" | tail -n 1)" "$usable" "... and the connection answers after them"

# ---- one rule for blobs ------------------------------------------------------
# A BLOB argument names nothing, wherever it stands, as a BLOB never equals a
# TEXT or a number in SQLite: each function with a blob must answer what the
# same question asked of the tables answers (a scalar subquery finding no row
# is NULL); '#' separates the call from the query. x'65737269' is 'esri', x'343034' is '404', x'357878' is '5xx'.
blob_cases="http_status_name(499, x'65737269')#(SELECT name FROM http_status_meanings WHERE code = 499 AND source = x'65737269')
http_status_meaning(499, x'65737269')#(SELECT meaning FROM http_status_meanings WHERE code = 499 AND source = x'65737269')
http_status_line(499, x'65737269')#(SELECT code || ' ' || name FROM http_status_meanings WHERE code = 499 AND source = x'65737269')
http_status_name(x'343034')#(SELECT name FROM http_status WHERE code = x'343034')
http_status_name(x'343034', 'iana')#(SELECT name FROM http_status_meanings WHERE code = x'343034' AND source = 'iana')
http_status_meaning(x'343034')#(SELECT meaning FROM http_status WHERE code = x'343034')
http_status_line(x'343034')#(SELECT code || ' ' || name FROM http_status WHERE code = x'343034')
http_status_class(x'343034')#(SELECT class FROM http_status_classes WHERE x'343034' BETWEEN first_code AND last_code)
http_status_code(CAST('Not Found' AS BLOB))#(SELECT code FROM http_status WHERE name = CAST('Not Found' AS BLOB))
http_status_code(CAST('Request Entity Too Large' AS BLOB))#(SELECT code FROM http_status_aliases WHERE name = CAST('Request Entity Too Large' AS BLOB))
http_status_match(x'343034', '4xx')#(SELECT 1 FROM http_status WHERE code = x'343034' AND class = 'Client Error')
http_status_match(503, x'357878')#(SELECT 1 FROM http_status_classes WHERE family = x'357878' AND 503 BETWEEN first_code AND last_code)"
blob_count=$(printf '%s\n' "$blob_cases" | wc -l)
got=$(printf '%s\n' "$blob_cases" | awk -F'#' '{ print "SELECT quote(" $1 "), quote(" $2 ");" }' | sql 2>&1)
i=0
printf '%s\n' "$blob_cases" >"$tmp/blob_cases"
printf '%s\n' "$got" >"$tmp/blob_got"
while IFS='#' read -r call _; do
  i=$((i + 1))
  line=$(sed -n "${i}p" "$tmp/blob_got")
  is "$line" "NULL|NULL" "blob rule: $call is what the tables answer, NULL"
done <"$tmp/blob_cases"
# The same text, not a blob, does name something: the rule is about the type.
is "$(echo "SELECT http_status_name(499, 'esri'), http_status_name('404'), http_status_code('Not Found'), http_status_match(503, '5xx');" | sql 2>&1)" \
  "Token Required|Not Found|404|1" "blob rule: the same values as text name their codes"

# ---- a long scan interrupted ------------------------------------------------
# The shell's progress handler stops the statement (SQLITE_INTERRUPT), as
# sqlite3_interrupt() does; tests/threads.c interrupts from another thread.
if "$SQLITE3" -batch :memory: '.help progress' 2>/dev/null | grep -q -e '--limit'; then
  got=$(printf '.progress 100 --limit 3 --quiet\n%s\n.progress 0\n%s\n' \
    "SELECT count(*) FROM http_status AS a, http_status AS b, http_status_meanings AS c
       WHERE http_status_match(a.code + b.code - c.code, '1xx,2xx,3xx,4xx,5xx');" "$probe" |
    sql 2>&1)
  like "$got" "interrupted" "a long scan is interrupted"
  is "$(printf '%s\n' "$got" | tail -n 1)" "$usable" "... and the connection answers after it"
else
  echo "ok $((test_count + 1)) # skip this shell's .progress has no --limit"
  echo "ok $((test_count + 2)) # skip this shell's .progress has no --limit"
  test_count=$((test_count + 2))
fi

# ---- WHERE clauses xBestIndex cannot use ------------------------------------
# All queries run in one session per table, each after a marker line; awk
# then puts each query's rows on one line, so that line N is query N.
printf '%s\n' "$queries" >"$tmp/queries"
for table in http_status ref; do
  (echo "$setup" && awk -v t="$table" '{ gsub(/@T/, t); print "SELECT '"'"'#query'"'"';"; print $0 ";" }' \
    "$tmp/queries") | sql 2>&1 |
    awk 'NR > 1 && /^#query$/ { print rows; rows = ""; next } /^#query$/ { next }
         { rows = rows (rows == "" ? "" : "  ") $0 } END { print rows }' >"$tmp/$table.out"
done
while IFS= read -r query; do
  IFS= read -r on_vtab <&3
  IFS= read -r on_ref <&4
  case "$on_ref" in *rror*) on_ref="$on_ref (the query fails on the plain table)" ;; esac
  is "$on_vtab" "$on_ref" "as on a plain table: $query"
done <"$tmp/queries" 3<"$tmp/http_status.out" 4<"$tmp/ref.out"
