#!/bin/sh
# bench/report.sh: httpstatus-report's HTML page against GoAccess's, on the
# 1M-line combined log of bench/httplog.sh.
#
#   sh bench/report.sh [ROWS] [RUNS] [CSV]
#
# The log is data/logs/elastic-apache/apache_logs repeated to ROWS lines
# (1,000,000; the same bytes every time). Both programs write an HTML report
# of it: `httpstatus-report -o report.html LOG` and `goaccess LOG
# --log-format=COMBINED -o report.html`. Each is run RUNS times (3), in turn,
# under GNU time; the medians of CPU time (user + system) and of peak RSS are
# compared within the run. Results go to CSV (bench/report.csv) as
# metric,value,unit and are printed. Targets: CPU at most 0.25x
# GoAccess's, peak RSS no more than GoAccess's.
#
# Needs goaccess and GNU time (Debian: goaccess time).
set -eu
rows=${1:-1000000}
runs=${2:-3}
csv=${3:-bench/report.csv}
REPORT=${REPORT:-.build/httpstatus-report}
source_log=data/logs/elastic-apache/apache_logs.gz
for tool in goaccess /usr/bin/time; do
  command -v $tool >/dev/null 2>&1 || { echo "report bench: needs $tool (Debian: goaccess time)" >&2; exit 1; }
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/home"
export HOME="$dir/home"
gzip -dc "$source_log" >"$dir/one"
per_copy=$(wc -l <"$dir/one")
copies=$((rows / per_copy))
i=0
while [ $i -lt $copies ]; do cat "$dir/one"; i=$((i + 1)); done >"$dir/access.log"
head -n $((rows - copies * per_copy)) "$dir/one" >>"$dir/access.log"
log=$dir/access.log

: >"$csv.tmp"
record() { echo "$1,$2,$3" >>"$csv.tmp"; printf '%-36s %12s %s\n' "$1" "$2" "$3"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The two programs alternate, so that a change in the machine's load falls on both.
: >"$dir/ours" && : >"$dir/theirs"
i=0
while [ $i -lt "$runs" ]; do
  /usr/bin/time -f '%U %S %M %e' -o "$dir/t" "$REPORT" -o "$dir/ours.html" "$log" >/dev/null 2>&1 ||
    { echo "report bench: $REPORT failed" >&2; exit 1; }
  cat "$dir/t" >>"$dir/ours"
  /usr/bin/time -f '%U %S %M %e' -o "$dir/t" goaccess "$log" --log-format=COMBINED \
    -o "$dir/goaccess.html" >/dev/null 2>&1 || { echo "report bench: goaccess failed" >&2; exit 1; }
  cat "$dir/t" >>"$dir/theirs"
  i=$((i + 1))
done
cpu() { awk '{ printf "%.2f\n", $1 + $2 }' "$1" | median; }
rss() { awk '{ print $3 }' "$1" | median; }
wall() { awk '{ print $4 }' "$1" | median; }

echo "report bench: $rows lines, median of $runs runs each; shared machine: compare ratios"
record rows "$rows" lines
record httpstatus_report_html_cpu "$(cpu "$dir/ours")" s
record goaccess_html_cpu "$(cpu "$dir/theirs")" s
record httpstatus_report_html_wall "$(wall "$dir/ours")" s
record goaccess_html_wall "$(wall "$dir/theirs")" s
record httpstatus_report_max_rss "$(rss "$dir/ours")" KiB
record goaccess_max_rss "$(rss "$dir/theirs")" KiB
record ratio_cpu "$(awk "BEGIN { printf \"%.2f\", $(cpu "$dir/ours") / $(cpu "$dir/theirs") }")" \
  "x (target <= 0.25)"
record ratio_max_rss "$(awk "BEGIN { printf \"%.2f\", $(rss "$dir/ours") / $(rss "$dir/theirs") }")" \
  "x (target <= 1)"
record report_html_bytes "$(wc -c <"$dir/ours.html")" bytes
mv "$csv.tmp" "$csv"
echo "report bench: results in $csv"
