#!/bin/sh
# httpstatus-report's numbers: every panel of the JSON report of two real logs
# (Apache combined, IIS W3C with durations) against tests/report_expect.py,
# which reads the logs without SQLite; the same panels from the importer's
# database (--db); each query of examples/report/ run alone by the sqlite3
# shell on that database; and filters against the same independent count.
. tests/lib.sh

REPORT=${REPORT:-.build/httpstatus-report}
PYTHON=/usr/bin/python3
IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PANELS="totals over_time codes paths_4xx paths_5xx clients durations durations_over_time rejects"
set -- $PANELS
npanels=$#

plan $((2 * (npanels + 3) + 6))

# compare EXPECTED GOT LABEL: one test per panel.
compare() {
  for panel in $PANELS; do
    out=$($PYTHON tests/report_compare.py "$1" "$2" "$panel" 2>&1)
    ok $? "$3: $panel"
    [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
  done
}

# check LOG SHAPE NAME: the panels of LOG from the file, from the database and
# from the query files alone.
check() {
  log=$1 shape=$2 name=$3
  $PYTHON tests/report_expect.py "$log" "$shape" >"$tmp/$name.expect"
  "$REPORT" --json "$log" >"$tmp/$name.json"
  ok $? "$name: httpstatus-report --json runs"
  compare "$tmp/$name.expect" "$tmp/$name.json" "$name"
  "$IMPORT_LOG" --name "$log" "$tmp/$name.db" "$log" >/dev/null
  "$REPORT" --json --db "$tmp/$name.db" >"$tmp/$name.db.json"
  diffs=0
  for panel in $PANELS; do
    $PYTHON tests/report_compare.py "$tmp/$name.json" "$tmp/$name.db.json" "$panel" || diffs=1
  done
  ok $diffs "$name: --db on the imported log gives the same panels"
  # Each query file alone, in the shell, on the importer's database.
  $PYTHON - "$tmp/$name.db.json" "$tmp/$name.db" "$SQLITE3" "$EXTENSION" <<'PY'
# List mode with unit and record separators, which every supported shell has
# (-json came with 3.33); numbers are compared as numbers, NULL as ''.
import json, subprocess, sys, glob, re
report, db, shell, ext = sys.argv[1:5]
got = json.load(open(report))['panels']
bad = 0
def same(text, value):
    if value is None:
        return text == ''
    if isinstance(value, (int, float)):
        try:
            return abs(float(text) - value) <= 1e-9 * max(1.0, abs(value))
        except ValueError:
            return False
    return text == value
for f in sorted(glob.glob('examples/report/*.sql')):
    name = re.sub(r'^\d+_', '', f.split('/')[-1][:-4])
    if got.get(name) is None:
        continue
    out = subprocess.run([shell, '-batch', '-readonly', db, '-cmd', f'.load {ext}', '-cmd', '.headers on',
                          '-cmd', '.mode list', '-cmd', '.separator "\x1f" "\x1e"'],
                         stdin=open(f, 'rb'), capture_output=True)
    records = out.stdout.decode('utf-8', 'replace').split('\x1e')[:-1]
    rows = [r.split('\x1f') for r in records]
    want = got[name]
    # No row: the shell prints no header either.
    ok = out.returncode == 0 and (len(rows) - 1 == len(want) or rows == want == [])
    if ok and rows:
        header = rows[0]
        ok = header == list(want[0].keys()) if want else True
        for row, w in zip(rows[1:], want):
            ok = ok and all(same(t, w[k]) for t, k in zip(row, header))
    if not ok:
        bad = 1
        print(f'# {f}: the shell gives {out.stdout[:300]!r} {out.stderr[:200]!r}')
sys.exit(bad)
PY
  ok $? "$name: each query of examples/report/ alone gives the report's rows"
}

check data/logs/elastic-apache/apache_logs.gz combined apache
check data/logs/lnav-iis-w3c/logfile_w3c_big.0 w3c iis

# Filters, combined, against the same count.
log=data/logs/elastic-apache/apache_logs.gz
$PYTHON tests/report_expect.py $log combined 'since=2015-05-18 00:00:00' 'until=2015-05-19 12:00:00' \
  path=/presentations/ status=2 >"$tmp/f.expect"
"$REPORT" --json --since 2015-05-18 --until 2015-05-19T14:00:00+02:00 --path /presentations/ \
  --status 2xx $log >"$tmp/f.json"
ok $? "--since, --until, --path and --status together"
bad=0
for panel in totals over_time codes clients; do
  $PYTHON tests/report_compare.py "$tmp/f.expect" "$tmp/f.json" $panel || bad=1
done
ok $bad "the filtered panels match the independent count"
$PYTHON -c 'import json, sys; e, g = (json.load(open(p)) for p in sys.argv[1:]); sys.exit(e["parsed"] != g["lines"]["parsed"] or e["requests"] != g["lines"]["requests"])' \
  "$tmp/f.expect" "$tmp/f.json"
ok $? "it counts the parsed lines and those that match"
# A span back from --now: the last 24 hours of the log.
$PYTHON tests/report_expect.py $log combined 'since=2015-05-19 21:06:00' >"$tmp/r.expect"
"$REPORT" --json --now '2015-05-20 21:06:00' --since 24h $log >"$tmp/r.json"
$PYTHON tests/report_compare.py "$tmp/r.expect" "$tmp/r.json" totals
ok $? "--since 24h counts back from --now"
# A glob pattern for the path, and a status list.
got=$("$REPORT" --json --path '/images/*.png' --status 200,304 $log |
  $PYTHON -c 'import json, sys; print(json.load(sys.stdin)["lines"]["requests"])')
want=$(gzip -dc $log | awk '$7 ~ /^\/images\/.*\.png$/ && ($9 == 200 || $9 == 304)' | wc -l)
is "$got" "$want" "--path as a glob with --status 200,304 (awk counts $want)"
# --host, exact and as a glob, on vhost_combined lines.
for h in a.example b.example a.example; do
  echo "$h:80 10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"x\""
done >"$tmp/vhost.log"
got=$("$REPORT" --json --host A.example "$tmp/vhost.log" | $PYTHON -c 'import json, sys; print(json.load(sys.stdin)["lines"]["requests"])')
got2=$("$REPORT" --json --host '*.example' "$tmp/vhost.log" | $PYTHON -c 'import json, sys; print(json.load(sys.stdin)["lines"]["requests"])')
is "$got $got2" "2 3" "--host ignores case, and takes a glob"
