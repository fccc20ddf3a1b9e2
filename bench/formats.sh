#!/bin/sh
# bench/formats.sh: each new http_log() format on BENCH_LINES (1,000,000)
# generated lines (bench/gen_formats.py), beside the combined format, in
# one run. Two measures, each the median of BENCH_RUNS (3) runs:
#  - parse: the parser alone (.build/log_parse --count), rows per second;
#  - sql:   SELECT status, count(*) FROM http_log(file, format) GROUP BY 1
#           in the sqlite3 shell, seconds.
# The machine's load moves all of them alike: read the ratios to combined.
# Aims: within 2x of combined, JSON within 3x.
set -eu
LOG_PARSE=${LOG_PARSE:-.build/log_parse}
SQLITE3=${SQLITE3:-sqlite3}
N=${BENCH_LINES:-1000000}
RUNS=${BENCH_RUNS:-3}
dir=.build/bench-formats
mkdir -p "$dir"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s.%N; }
# measure FORMAT: "parse-seconds sql-seconds"
measure() {
  f=$dir/$1.$N.log
  [ -s "$f" ] || /usr/bin/python3 bench/gen_formats.py "$1" "$N" >"$f"
  rows=$("$LOG_PARSE" --count "$1" "$f" | awk '{ print $2 }')
  [ "$rows" -eq "$N" ] || { echo "bench/formats.sh: $1: $rows rows of $N lines" >&2; exit 1; }
  i=0
  while [ $i -lt "$RUNS" ]; do
    "$LOG_PARSE" --count "$1" "$f" | awk '{ print $NF }'
    i=$((i + 1))
  done | median | tr '\n' ' '
  i=0
  while [ $i -lt "$RUNS" ]; do
    t0=$(now)
    "$SQLITE3" :memory: -cmd '.load ./httplog' \
      "SELECT status, count(*) FROM http_log('$f', '$1') GROUP BY 1" >/dev/null
    awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }'
    i=$((i + 1))
  done | median
}
set -- $(measure combined)
bp=$1 bs=$2
printf '%-12s %9s %12s %8s %9s %8s\n' format parse_s rows/s x_comb sql_s x_comb
printf '%-12s %9.3f %12.0f %8s %9.3f %8s\n' combined "$bp" "$(div "$N" "$bp")" 1.00 "$bs" 1.00
for fmt in w3c alb haproxy nginx_json caddy; do
  set -- $(measure "$fmt")
  printf '%-12s %9.3f %12.0f %8s %9.3f %8s\n' "$fmt" "$1" "$(div "$N" "$1")" "$(div "$1" "$bp")" \
    "$2" "$(div "$2" "$bs")"
done
