#!/bin/sh
# httpstatus-report's command line: --help and the man page made from it,
# --sql against the query files, the terminal report at 80 columns, colour,
# and bad input, each of which gives a clear message or a report that says so.
. tests/lib.sh

REPORT=${REPORT:-.build/httpstatus-report}
PYTHON=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -- examples/report/*.sql
plan $((28 + $#))

"$REPORT" --help >"$tmp/help"
ok $? "--help exits 0"
sh tools/report/man.sh "$REPORT" >"$tmp/man"
cmp -s "$tmp/man" man/httpstatus-report.1
ok $? "man/httpstatus-report.1 is made from today's --help (make man/httpstatus-report.1)"
for opt in $(grep -o -- '--[a-z]*' "$tmp/help" | sort -u); do
  grep -q -- "$opt" docs/report.md || echo "# $opt is not in docs/report.md"
done >"$tmp/undocumented"
is "$(cat "$tmp/undocumented")" "" "docs/report.md names every option of --help"

# --sql prints the query compiled in: the file, byte for byte.
for f in examples/report/*.sql; do
  name=$(basename "$f" .sql | sed 's/^[0-9]*_//')
  "$REPORT" --sql "$name" >"$tmp/sql"
  cmp -s "$tmp/sql" "$f"
  ok $? "--sql $name is $f as compiled in"
done

log=data/logs/elastic-apache/apache_logs.gz
# commas N: 9999 as 9,999.
commas() { perl -e '$_ = shift; 1 while s/^(\d+)(\d{3})/$1,$2/; print' "$1"; }
# The terminal report: at most 80 columns, no escape when not a terminal.
LANG=C.UTF-8 COLUMNS=200 "$REPORT" --width 80 $log >"$tmp/text"
ok $? "the terminal report runs"
widest=$($PYTHON -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$tmp/text")
ok $((widest > 80)) "no line is wider than 80 columns (widest: $widest)"
grep -q "$(printf '\033')" "$tmp/text"
ok $((! $?)) "no escape sequence when standard output is not a terminal"
entries=$(gzip -dc $log | perl tests/log_counts.pl entries)
like "$(cat "$tmp/text")" "requests  $(commas "$entries")" \
  "it shows the requests ($entries by log_counts.pl)"
LC_ALL=C "$REPORT" --width 80 $log >"$tmp/ascii"
$PYTHON -c 'import sys; open(sys.argv[1], encoding="ascii").read()' "$tmp/ascii" 2>/dev/null
ok $? "without a UTF-8 locale it draws with ASCII only"
LANG=C.UTF-8 "$REPORT" --color always $log | grep -q "$(printf '\033')\[1m"
ok $? "--color always colours"
# columns FILE: the widest line, in characters.
columns() { $PYTHON -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$1"; }
LANG=C.UTF-8 "$REPORT" --width 120 $log >"$tmp/wide"
wide=$(columns "$tmp/wide")
ok $((wide <= 80 || wide > 120)) "--width 120 uses the width (widest: $wide)"

# Progress: on a terminal, once reading has taken a second; else nothing.
if command -v script >/dev/null 2>&1; then
  out=$(script -qc "(gzip -dc $log | head -100; sleep 1.5; gzip -dc $log) | $REPORT --json - >/dev/null" /dev/null |
    tr '\r' '\n')
  like "$out" "httpstatus-report: -: " "on a terminal, standard error says what is read, past a second"
else
  echo "ok $((test_count += 1)) # SKIP needs script (util-linux)"
fi
(gzip -dc $log | head -100; sleep 1.5; gzip -dc $log) | "$REPORT" --json - 2>"$tmp/stderr" >/dev/null
is "$(cat "$tmp/stderr")" "" "not on a terminal, it says nothing"

# Bad input.
out=$("$REPORT" "$tmp/missing.log" 2>&1)
status=$?
is "$status" 1 "a missing file exits 1"
like "$out" "httpstatus-report: $tmp/missing.log:" "and the message names the file"
out=$("$REPORT" 2>&1)
is "$? $(echo "$out" | head -1)" "2 httpstatus-report: no LOG given (or --db FILE)" "no LOG is a usage error"
out=$("$REPORT" --bogus $log 2>&1)
is "$?" 2 "an unknown option is a usage error"
out=$("$REPORT" --since yesterday $log 2>&1)
like "$?: $out" "1: httpstatus-report: --since 'yesterday' is not a time" "a time that is not one"
out=$("$REPORT" --status 5xx,40 $log 2>&1)
like "$?: $out" "1: httpstatus-report: --status: httpstatus: bad item '40'" "a bad status pattern"
sqlite3 "$tmp/other.db" 'CREATE TABLE t (x)'
out=$("$REPORT" --db "$tmp/other.db" 2>&1)
like "$?: $out" "1: httpstatus-report: $tmp/other.db has no log and rejects to read" \
  "--db on a database the importer did not write"
out=$("$REPORT" --db data/logs/elastic-apache/apache_logs.gz 2>&1)
like "$?: $out" "1: httpstatus-report: data/logs/elastic-apache/apache_logs.gz: file is not a database" \
  "--db on a file that is no database"

: >"$tmp/empty.log"
out=$("$REPORT" "$tmp/empty.log" 2>&1)
like "$?: $out" "0: " "an empty log is reported" 
like "$out" "The input has no lines: there is nothing to report." "and the report says it is empty"
"$REPORT" -o "$tmp/empty.html" "$tmp/empty.log" && grep -q 'The input has no lines' "$tmp/empty.html" &&
  tail -1 "$tmp/empty.html" | grep -q '</html>'
ok $? "the page of an empty log says so and is whole"

nothing=data/logs/netdata-weblog/full.log
out=$("$REPORT" --width 80 --format combined $nothing 2>&1)
lines=$(wc -l <$nothing)
like "$(echo "$out" | tr '\n' ' ')" "No line parsed: all $lines lines were rejected" \
  "a log where nothing parses says so ($lines lines by wc -l)"
printf '%s\n' "$out" >"$tmp/nothing"
nothing_width=$(columns "$tmp/nothing")
ok $((nothing_width > 80)) "in lines of at most 80 columns (widest: $nothing_width)"
out=$("$REPORT" --status 418 $log 2>&1)
like "$out" "No request matches the filters ($(commas "$entries") lines parsed, 1 rejected)." \
  "a filter that matches nothing says so"

# A period of one second: every line of this log has the same time.
one=data/logs/netdata-weblog/common.log
"$REPORT" --json $one >"$tmp/one.json"
got=$($PYTHON -c 'import json, sys; r = json.load(open(sys.argv[1])); t = r["panels"]["totals"][0]; o = r["panels"]["over_time"]; print(t["seconds"], r["bucket"], len(o), o[0]["requests"] == t["requests"])' "$tmp/one.json")
is "$got" "0 minute 1 True" "a log of one second: one bucket of a minute holds every request"
"$REPORT" -o "$tmp/one.html" $one && grep -q '<svg role="img" aria-labelledby="ot2-t"' "$tmp/one.html"
ok $? "and its page draws it"
