#!/bin/sh
# examples/report.ipynb, executed headless with jupyter nbconvert on a
# database imported from the shipped logs, on a second database of another
# log, and on a source that does not exist; its printed counts must match
# tests/log_counts.pl and tests/log_expect.py on the raw logs. Skipped without Debian's python3 with
# pandas, matplotlib and ipykernel, or without jupyter nbconvert.
. tests/lib.sh

PYTHON=/usr/bin/python3
if ! [ -x $PYTHON ] || ! $PYTHON -c 'import pandas, matplotlib, ipykernel, nbconvert' 2>/dev/null ||
  ! command -v jupyter >/dev/null 2>&1; then
  echo "1..0 # SKIP needs python3-pandas python3-matplotlib python3-ipykernel jupyter-nbconvert"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
import_log "$tmp/demo.db" data/logs/elastic-apache/apache_logs.gz
import_log "$tmp/demo.db" data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz

# The text a notebook printed, cell by cell; errors and images are flagged.
outputs() {
  $PYTHON - "$1" <<'PY'
import json, sys
for cell in json.load(open(sys.argv[1]))["cells"]:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            print("ERROR", out.get("ename"), out.get("evalue"))
        elif "text" in out:
            print("".join(out["text"]), end="")
        elif "image/png" in out.get("data", {}):
            print("IMAGE")
PY
}
# "CLASS COUNT" lines as the notebook prints them: for one log of the first
# table, and for the per-class totals of the plot.
classes_of() { awk -v src="$2" '$1 == src { print $3 ($4 ~ /^[0-9]+$/ ? "" : " " $4), ($4 ~ /^[0-9]+$/ ? $4 : $5) }' "$1"; }

plan 14

case $EXTENSION in /*) ext=$EXTENSION ;; *) ext=$PWD/$EXTENSION ;; esac
# run_notebook DB OUTPUT [SOURCE]: executes the notebook on DB into $tmp/OUTPUT.
run_notebook() {
  env HTTPSTATUS_DB="$1" HTTPSTATUS_EXTENSION="$ext" ${3:+HTTPSTATUS_SOURCE="$3"} \
    PYDEVD_DISABLE_FILE_VALIDATION=1 \
    jupyter nbconvert --to notebook --execute --output-dir "$tmp" --output "$2" \
    examples/report.ipynb >"$tmp/log" 2>&1
}
run_notebook "$tmp/demo.db" run.ipynb
ok $? "jupyter nbconvert --execute runs examples/report.ipynb"
outputs "$tmp/run.ipynb" >"$tmp/out"
is "$(grep ERROR "$tmp/out")" "" "no cell fails"
grep -q IMAGE "$tmp/out"
ok $? "it draws the plot"
is "$(classes_of "$tmp/out" apache_logs)" "$(perl tests/log_counts.pl class <"$tmp/apache_logs")" \
  "status classes of apache_logs"
is "$(classes_of "$tmp/out" logfile_shop_access_log.0)" "$(perl tests/log_counts.pl class <"$tmp/logfile_shop_access_log.0")" \
  "status classes of the NGINX log"
requests=$(($(perl tests/log_counts.pl entries <"$tmp/apache_logs") + $(perl tests/log_counts.pl entries <"$tmp/logfile_shop_access_log.0")))
like "$(cat "$tmp/out")" "$requests requests, 1 rejected lines" "it counts the requests and rejects"
# The panels of httpstatus-report: the notebook runs the same queries on the
# same database, so its totals are the report's.
report=${REPORT:-.build/httpstatus-report}
[ -x "$report" ] || make -s "$report" >&2
want=$("$report" --json --db "$tmp/demo.db" | $PYTHON -c 'import json, sys; t = json.load(sys.stdin)["panels"]["totals"][0]; print(t["requests"], t["clients"], t["bytes"], t["4xx"], t["5xx"])')
got=$($PYTHON -c 'import re, sys; text = open(sys.argv[1]).read(); print(" ".join(re.search(rf"^{k} +(\d+)$", text, re.M).group(1) for k in ("requests", "clients", "bytes", "4xx", "5xx")))' "$tmp/out")
is "$got" "$want" "the notebook's totals panel is httpstatus-report's on the same database"
# The committed notebook carries its outputs, and they are today's. After a
# change to the data or the queries, refresh them with make demo, then in
# examples/: jupyter nbconvert --to notebook --execute --inplace report.ipynb
outputs examples/report.ipynb >"$tmp/committed"
is "$(grep -v '^httpstatus ' "$tmp/committed")" "$(grep -v '^httpstatus ' "$tmp/out")" \
  "the committed outputs are those of a fresh run"

# A second log, in a database of its own: no source is named apache_logs.
other=data/logs/netdata-weblog/common.log
"${IMPORT_LOG:-.build/httpstatus-import}" "$tmp/other.db" "$other" >/dev/null
run_notebook "$tmp/other.db" other.ipynb
ok $? "the notebook runs on a database of another log"
outputs "$tmp/other.ipynb" >"$tmp/other.out"
grep -q ERROR "$tmp/other.out"
ok $((! $?)) "no cell fails there"
grep -q IMAGE "$tmp/other.out"
ok $? "it draws that log's plot"
parsed=$("$PYTHON" tests/log_expect.py "$other" common | grep -vc '|NULL$')
rejected=$("$PYTHON" tests/log_expect.py "$other" common | grep -c '|NULL$')
like "$(cat "$tmp/other.out")" "$parsed requests, $rejected rejected lines" "it counts that log's requests and rejects"
like "$(cat "$tmp/other.out")" "source: $other" "the source plotted defaults to the one with the most rows"
# A source that is not there: a sentence, not "no numeric data to plot".
run_notebook "$tmp/other.db" missing.ipynb no-such-source
outputs "$tmp/missing.ipynb" >"$tmp/missing.out"
like "$(cat "$tmp/missing.out")" "'no-such-source': no dated request, nothing to plot" \
  "a source without rows: nothing to plot, and no error"
