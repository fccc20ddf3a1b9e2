#!/bin/sh
# The bots panel, which the report shows only when http_agent_is_bot()
# exists: run with a copy of the report that has a stand-in for it
# (tests/report_agent_stub.c: "bot", "crawl" or "spider" in the user agent),
# against the same rule applied by Python to the Apache log's lines; from the
# log and from the importer's database; and in the page and the terminal.
# The report without the function leaves the panel out.
. tests/lib.sh

REPORT=${REPORT:-.build/httpstatus-report}
REPORT_BOTS=${REPORT_BOTS:-.build/report-bots/httpstatus-report}
IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
PYTHON=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=data/logs/elastic-apache/apache_logs.gz
plan 6

[ -x "$REPORT_BOTS" ] || make -s "$REPORT_BOTS" >&2
"$REPORT_BOTS" --json $log >"$tmp/bots.json"
ok $? "the report with http_agent_is_bot() runs"
expected=$($PYTHON - $log <<'PY'
import gzip, re, sys
Q = r'"((?:[^"\\]|\\.)*)"'
line_re = re.compile(rf'^(\S+) (\S+) (\S+) \[([^\]]+)\] {Q} (\d{{3}}) (\d+|-) {Q} {Q}$')
counts = {}
for line in gzip.open(sys.argv[1], 'rt', encoding='utf-8', errors='replace'):
    m = line_re.match(line.rstrip('\n'))
    if not m:
        continue
    agent = m.group(9)
    kind = 'unknown' if agent == '-' else 'bots' if any(w in agent.lower() for w in ('bot', 'crawl', 'spider')) else 'people'
    c = counts.setdefault(kind, [0, 0, 0])
    c[0] += 1
    c[1] += m.group(6)[0] == '4'
    c[2] += m.group(6)[0] == '5'
total = sum(c[0] for c in counts.values())
for kind, c in sorted(counts.items(), key=lambda kc: (-kc[1][0], kc[0])):
    print(kind, c[0], round(100.0 * c[0] / total, 2), c[1], c[2])
PY
)
got=$($PYTHON -c 'import json, sys
for r in json.load(open(sys.argv[1]))["panels"]["bots"]:
    print(r["agents"], r["requests"], r["share"], r["4xx"], r["5xx"])' "$tmp/bots.json")
is "$got" "$expected" "bots, people and unknown agents as Python counts them"
"$IMPORT_LOG" "$tmp/logs.db" $log >/dev/null
got_db=$("$REPORT_BOTS" --json --db "$tmp/logs.db" | $PYTHON -c 'import json, sys
for r in json.load(sys.stdin)["panels"]["bots"]:
    print(r["agents"], r["requests"], r["share"], r["4xx"], r["5xx"])')
is "$got_db" "$expected" "the same from the importer's database"
"$REPORT_BOTS" -o "$tmp/bots.html" $log && grep -q '<section id="bots"' "$tmp/bots.html" &&
  grep -q '<title id="bots-chart-t">' "$tmp/bots.html"
ok $? "the page has the panel, with its chart"
LANG=C.UTF-8 "$REPORT_BOTS" --width 80 $log >"$tmp/bots.txt" && grep -q '^Bots and people' "$tmp/bots.txt" &&
  $PYTHON -c 'import sys; sys.exit(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")) > 80)' "$tmp/bots.txt"
ok $? "the terminal report has it, within 80 columns"
# The report itself has the panel exactly when the extension has the function.
has=$(sql "SELECT count(*) FROM pragma_function_list WHERE name = 'http_agent_is_bot'")
got=$("$REPORT" --json $log | $PYTHON -c 'import json, sys; print(int(json.load(sys.stdin)["panels"]["bots"] is not None))')
is "$got" "$has" "the report shows the panel only when httpstatus has http_agent_is_bot() ($has)"
