#!/bin/sh
# http_log() under the planner's other plans: ORs on its columns, joins in
# both orders, subqueries. SQLite costs these with subsets of the WHERE
# terms, some without the path; each query must give the rows the same query
# gives on a plain table copy of the log, and a query with no path at all
# must still name the missing argument.
. tests/lib.sh
. tests/httplog_lib.sh

F=data/logs/elastic-apache/apache_logs.gz
plan 14

# both SQL: the output of SQL on http_log('$F') as h, then on the table copy
# t as h, in on_log and on_copy; a copy that gives nothing or an error
# can never match, so two identical failures do not pass.
both() {
  on_log=$(hl "$(printf '%s' "$1" | sed "s|@h|http_log('$F')|g")" 2>&1)
  on_copy=$(hl "CREATE TABLE t AS SELECT * FROM http_log('$F');
    $(printf '%s' "$1" | sed "s|@h|t|g")" 2>&1)
  case $on_copy in
  '' | *rror*) on_copy="(the copy gave no rows or an error) $on_copy" ;;
  esac
}
# same NAME SQL: SQL on http_log() gives what it gives on the copy.
same() { both "$2"; is "$on_log" "$on_copy" "$1"; }

# An independent count: lines of the file with a 404 status, by Python.
n404=$("$PYTHON" -c '
import gzip, re, sys
print(sum(1 for l in gzip.open(sys.argv[1]) if re.search(rb"\" 404 ", l)))' "$F")
is "$(hl "SELECT count(*) FROM http_log('$F') WHERE status = 404 OR status = 404")" "$n404" \
  "OR of two equal terms: the $n404 lines with a 404 (Python)"

same "OR on two columns" \
  "SELECT status, method, count(*) FROM @h WHERE status = 404 OR method = 'HEAD' GROUP BY 1, 2 ORDER BY 1, 2"
same "OR with LIKE and a range" \
  "SELECT time, client, path, status, bytes FROM @h WHERE path LIKE '%.png' OR bytes > 1000000 OR status >= 500 ORDER BY 1, 2, 3, 4, 5"
same "OR inside AND" \
  "SELECT count(*), sum(bytes) FROM @h WHERE (status = 206 OR status = 304) AND method = 'GET'"
same "IN on a column" \
  "SELECT status, count(*) FROM @h WHERE status IN (403, 416, 500) GROUP BY 1 ORDER BY 1"

views="CREATE TABLE s(code INTEGER PRIMARY KEY, label TEXT);
INSERT INTO s VALUES (200, 'ok'), (404, 'missing'), (500, 'broken'), (999, 'never');
CREATE VIEW v AS SELECT code, label FROM s WHERE code < 900;"
same "a view joined to http_log()" \
  "$views SELECT v.label, count(*) FROM v JOIN @h h ON h.status = v.code GROUP BY 1 ORDER BY 1"
same "http_log() joined to a view" \
  "$views SELECT v.label, count(*) FROM @h h JOIN v ON h.status = v.code GROUP BY 1 ORDER BY 1"
same "a view CROSS JOIN http_log() (the order forced)" \
  "$views SELECT v.label, count(*) FROM v CROSS JOIN @h h WHERE h.status = v.code GROUP BY 1 ORDER BY 1"
same "a table LEFT JOIN http_log() with an OR" \
  "$views SELECT s.label, count(h.status) FROM s LEFT JOIN @h h ON h.status = s.code AND (h.method = 'HEAD' OR h.bytes = 0) GROUP BY 1 ORDER BY 1"
same "a subquery on http_log() in IN" \
  "$views SELECT label FROM v WHERE code IN (SELECT status FROM @h WHERE method = 'GET' OR method = 'POST') ORDER BY 1"
same "a correlated subquery on http_log()" \
  "$views SELECT label, (SELECT count(*) FROM @h h WHERE h.status = v.code OR h.status = v.code + 1) FROM v ORDER BY 1"

# The plan still takes the path (idxNum bit 1) when an OR branch lacks it.
like "$(hl "EXPLAIN QUERY PLAN SELECT * FROM http_log('$F') WHERE status = 1 OR method = 'x'")" \
  "VIRTUAL TABLE INDEX 1:" "an OR query scans with the path"
# No path anywhere: the same clear message, now when the scan starts.
is "$(hl_err "SELECT * FROM http_log WHERE status = 404 OR method = 'HEAD'")" \
  "httplog: http_log() needs a path, e.g. SELECT * FROM http_log('access.log')" \
  "an OR with no path names the missing argument"
is "$(hl_err "CREATE TABLE s(x); INSERT INTO s VALUES (200); SELECT * FROM s JOIN http_log h ON h.status = s.x")" \
  "httplog: http_log() needs a path, e.g. SELECT * FROM http_log('access.log')" \
  "a join with no path names the missing argument"
