#!/bin/sh
# Query plans: EXPLAIN QUERY PLAN shows that http_status serves the lookups,
# ranges, class filters and orders its xBestIndex offers, and that a join
# with a big log table puts the log in the outer loop and looks each row's
# code up in http_status.
#
# The plan's wording changed across SQLite versions ("SCAN s VIRTUAL TABLE
# INDEX 1:" against "SCAN TABLE http_status AS s VIRTUAL TABLE INDEX 1:"), so
# the tests compare only the loops, outer first, and the temp b-trees.
. "$(dirname "$0")/lib.sh"

# idxNum bits, as documented above STATUS_EQ in ext/status_vtab.c.
EQ=1 LOWER=2 UPPER=4 CLASS=8 DESC=16

# The log of a web server: no rows and no ANALYZE, so SQLite takes it for a
# big table. LOG_INDEX, when set, is run after it (an index on it).
LOG_INDEX=
explain() {
  printf '%s\n' "CREATE TABLE log(ts TEXT, path TEXT, status INTEGER);" "$LOG_INDEX" \
    "EXPLAIN QUERY PLAN $1;" | sql 2>&1
}

# loops SQL: the plan's loops, outer first, one word each: alias#N for a
# virtual table scanned with idxNum N, alias:scan for a full scan of an
# ordinary table, alias:search for a search through one of its indexes.
loops() {
  explain "$1" | awk '
    { sub(/^[|` ]*-*/, "") }
    /^(SCAN|SEARCH) / {
      rest = $0
      sub(/^(SCAN|SEARCH) (TABLE [^ ]+ AS |TABLE )?/, "", rest)
      split(rest, word, " ")
      if (match($0, /VIRTUAL TABLE INDEX [0-9]+:/))
        out = out sep word[1] "#" substr($0, RSTART + 20, RLENGTH - 21)
      else if ($1 == "SEARCH")
        out = out sep word[1] ":search"
      else
        out = out sep word[1] ":scan"
      sep = " "
    }
    END { print out }'
}

# sorts SQL: how many temp b-trees the plan uses for ORDER BY.
sorts() { explain "$1" | grep -c 'USE TEMP B-TREE FOR ORDER BY'; }

# version_at_least N: whether the library the shell uses is N (3038000) or later.
version_at_least() {
  [ "$(echo "SELECT sqlite_version();" | "$SQLITE3" -batch :memory: |
    awk -F. '{ print $1 * 1000000 + $2 * 1000 + $3 }')" -ge "$1" ]
}

plan 33

# The class filter needs SQLite 3.38.0 (see constraint_may_be_in in
# ext/status_vtab.c); older libraries scan instead.
if version_at_least 3038000; then CLASS_BIT=$CLASS; else CLASS_BIT=0; fi

s='SELECT * FROM http_status AS s'

# Lookups by code: one unique lookup, however the code is named.
is "$(loops "$s WHERE s.code = 404")" "s#$EQ" "code = uses the lookup"
is "$(loops "$s WHERE s.code IS 404")" "s#$EQ" "code IS uses the lookup"
is "$(loops "$s WHERE s.rowid = 404")" "s#$EQ" "rowid = uses the lookup"
is "$(loops "$s WHERE 404 = s.code")" "s#$EQ" "404 = code uses the lookup"
is "$(loops "$s WHERE s.code IN (404, 500, 503)")" "s#$EQ" "code IN (...) uses the lookup"
is "$(loops "$s WHERE s.code = 404 AND s.class = 'Client Error'")" "s#$EQ" \
  "the lookup wins over the class filter"

# Ranges.
is "$(loops "$s WHERE s.code > 400")" "s#$LOWER" "code > uses the lower bound"
is "$(loops "$s WHERE s.code >= 400")" "s#$LOWER" "code >= uses the lower bound"
is "$(loops "$s WHERE s.code < 500")" "s#$UPPER" "code < uses the upper bound"
is "$(loops "$s WHERE s.rowid <= 500")" "s#$UPPER" "rowid <= uses the upper bound"
is "$(loops "$s WHERE s.code BETWEEN 400 AND 499")" "s#$((LOWER | UPPER))" \
  "BETWEEN uses both bounds"

# Class: served under collations that keep the class names apart.
is "$(loops "$s WHERE s.class = 'Server Error'")" "s#$CLASS_BIT" "class = uses the class filter"
is "$(loops "$s WHERE s.class = 'server error' COLLATE NOCASE")" "s#$CLASS_BIT" \
  "class = ... COLLATE NOCASE uses the class filter"
is "$(loops "$s WHERE s.class = 'Server Error' COLLATE RTRIM")" "s#$CLASS_BIT" \
  "class = ... COLLATE RTRIM uses the class filter"
is "$(loops "$s WHERE s.class = 'Server Error' AND s.code >= 500")" "s#$((LOWER | CLASS_BIT))" \
  "class = and a bound combine"
# uint (a collation of recent sqlite3 shells) may make other names equal.
if [ "$(echo "SELECT count(*) FROM pragma_collation_list WHERE name = 'uint';" | sql)" = 1 ]; then
  is "$(loops "$s WHERE s.class = 'Server Error' COLLATE uint")" "s#0" \
    "class = ... COLLATE uint (unknown to the table) is a full scan"
else
  echo "ok $((test_count += 1)) # skip this sqlite3 shell has no uint collation"
fi
# SQLite turns "class = 'a' COLLATE NOCASE OR class = 'b'" into an IN that
# forgets the collation; the table leaves every class IN to SQLite, which
# then serves each side of the OR on its own, each with its collation.
is "$(loops "$s WHERE s.class IN ('Success', 'Server Error')")" "s#0" \
  "class IN (...) is left to SQLite"
got=$(loops "$s WHERE s.class = 'server error' COLLATE NOCASE OR s.class = 'Success'")
case "$got" in "s#$CLASS_BIT s#$CLASS_BIT" | "s#0") pass=0 ;; *) pass=1 ;; esac
ok $pass "an OR of class equalities is served side by side, not as one IN: $got"

# ORDER BY code is consumed in both directions, other orders are not.
is "$(sorts "$s ORDER BY s.code")" 0 "ORDER BY code needs no sort"
is "$(sorts "$s ORDER BY s.code DESC")" 0 "ORDER BY code DESC needs no sort"
is "$(loops "$s ORDER BY s.code DESC")" "s#$DESC" "ORDER BY code DESC scans backwards"
is "$(sorts "$s WHERE s.code BETWEEN 400 AND 499 ORDER BY s.code DESC")" 0 \
  "a range ordered by code DESC needs no sort"
is "$(sorts "$s ORDER BY s.name")" 1 "ORDER BY name sorts"

# Joins with the log: the log outside, a lookup by code inside.
by_name='SELECT s.class, s.name, count(*) FROM log l JOIN http_status s ON s.code = l.status GROUP BY 1, 2'
by_class='SELECT s.class, count(*) FROM log l JOIN http_status s ON s.code = l.status GROUP BY s.class'
left='SELECT l.path, s.name FROM log l LEFT JOIN http_status s ON s.code = l.status'
errors="SELECT l.path, s.name FROM log l JOIN http_status s ON s.code = l.status WHERE s.class = 'Server Error'"
is "$(loops "$by_name")" "l:scan s#$EQ" "join, GROUP BY class and name: log outside, lookup inside"
is "$(loops "$by_class")" "l:scan s#$EQ" "join, GROUP BY class: log outside, lookup inside"
is "$(loops "$left")" "l:scan s#$EQ" "LEFT JOIN: log outside, lookup inside"
is "$(loops "$errors")" "l:scan s#$EQ" "join with WHERE s.class =: log outside, lookup inside"
is "$(loops "SELECT l.status, count(*) FROM log l JOIN http_status s ON s.code = l.status WHERE s.class = 'Server Error' GROUP BY 1")" \
  "l:scan s#$EQ" "join with WHERE s.class = and GROUP BY the log's status: log outside"
is "$(loops "SELECT count(*) FROM log l WHERE EXISTS (SELECT 1 FROM http_status s WHERE s.code = l.status AND s.retryable)")" \
  "l:scan s#$EQ" "correlated EXISTS: a lookup per log row"

# With an index on log(status), SQLite may instead walk http_status and
# search the log's index per code: good too, as long as it never scans the
# whole log inside another loop.
LOG_INDEX='CREATE INDEX log_status ON log(status);'
for query in "$by_name" "$by_class" "$left" "$errors"; do
  got=$(loops "$query")
  echo "# with an index on log(status): $got  <=  $query"
  case "$got" in
  "l:scan s#$EQ" | "l:search s#$EQ" | "s#"*" l:search") pass=0 ;;
  *) pass=1 ;;
  esac
  ok $pass "with an index on log(status), no scan of the log inside a loop: $got"
done
