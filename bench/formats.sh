#!/bin/sh
# bench/formats.sh: each http_log() format on BENCH_LINES (1,000,000)
# generated lines (bench/gen_formats.py), beside the combined format, in
# one run. Three measures, each the median of BENCH_RUNS (3) runs:
#  - parse: the parser alone (.build/log_parse --count), rows per second;
#  - sql:   SELECT status, count(*) FROM http_log(file, format) GROUP BY 1
#           in the sqlite3 shell, CPU seconds (user + system);
#  - extra: SELECT count(extra) FROM http_log(file, format), CPU seconds:
#           extra is written only when read, so this is its cost.
# The machine's load moves all of them alike: read the ratios to combined
# (CPU time is the steadier measure on a shared machine).
# Aims: within 2x of combined, JSON within 3x. Results also go to
# bench/formats.csv as format,measure,seconds,ratio_to_combined.
set -eu
LOG_PARSE=${LOG_PARSE:-.build/log_parse}
SQLITE3=${SQLITE3:-sqlite3}
N=${BENCH_LINES:-1000000}
RUNS=${BENCH_RUNS:-3}
CSV=${BENCH_CSV:-bench/formats.csv}
[ -x /usr/bin/time ] ||
  { echo "bench/formats.sh: needs GNU time for CPU times (Debian: apt-get install time)" >&2; exit 1; }
dir=.build/bench-formats
mkdir -p "$dir"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# cpu SQL...: the median CPU seconds of RUNS runs of the query
cpu() {
  i=0
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f '%U %S' -o "$dir/time" "$SQLITE3" :memory: -cmd '.load ./httplog' "$1" \
      >/dev/null || { echo "bench/formats.sh: failed: $1" >&2; exit 1; }
    awk '{ print $1 + $2 }' "$dir/time"
    i=$((i + 1))
  done | median
}
# measure FORMAT: "parse-seconds sql-seconds extra-seconds"
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
  cpu "SELECT status, count(*) FROM http_log('$f', '$1') GROUP BY 1" | tr '\n' ' '
  cpu "SELECT count(extra) FROM http_log('$f', '$1')"
}
set -- $(measure combined)
bp=$1 bs=$2 be=$3
echo "format,measure,seconds,ratio_to_combined" >"$CSV.tmp"
row() {
  printf '%-12s %8.3f %10.0f %6s %8.3f %6s %8.3f %6s\n' "$1" "$2" "$(div "$N" "$2")" \
    "$(div "$2" "$bp")" "$3" "$(div "$3" "$bs")" "$4" "$(div "$4" "$be")"
  printf '%s,parse,%s,%s\n%s,sql,%s,%s\n%s,extra,%s,%s\n' "$1" "$2" "$(div "$2" "$bp")" \
    "$1" "$3" "$(div "$3" "$bs")" "$1" "$4" "$(div "$4" "$be")" >>"$CSV.tmp"
}
echo "bench/formats.sh: $N lines per format, median of $RUNS runs; ratios to combined"
printf '%-12s %8s %10s %6s %8s %6s %8s %6s\n' format parse_s rows/s x_comb sql_cpu x_comb \
  extra_cpu x_comb
row combined "$bp" "$bs" "$be"
for fmt in w3c alb elb haproxy nginx_json caddy; do
  set -- $(measure "$fmt")
  row "$fmt" "$1" "$2" "$3"
done
# DuckDB's read_json on one thread counting the NGINX JSON statuses, beside
# http_log() (target: at most DuckDB's CPU time). Needs node and npm's
# @duckdb/node-api, installed under .build/duckdb on first use; left out
# with a message when npm cannot install it.
duck=.build/duckdb
if [ ! -d "$duck/node_modules/@duckdb/node-api" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$duck"
  npm install --silent --prefix "$duck" @duckdb/node-api >/dev/null 2>&1 || true
fi
if [ -d "$duck/node_modules/@duckdb/node-api" ]; then
  cp bench/duckdb_count.mjs "$duck/"
  f=$dir/nginx_json.$N.log
  d=$(i=0; while [ $i -lt "$RUNS" ]; do node "$duck/duckdb_count.mjs" "$f"; i=$((i + 1)); done | median)
  o=$(cpu "SELECT status, count(*) FROM http_log('$f', 'nginx_json') GROUP BY 1")
  printf 'nginx_json: http_log %s s CPU, DuckDB read_json (1 thread) %s s: %sx (target <= 1)\n' \
    "$o" "$d" "$(div "$o" "$d")"
  printf 'nginx_json,duckdb_read_json,%s,\nnginx_json,http_log_over_duckdb,%s,%s\n' "$d" "$o" \
    "$(div "$o" "$d")" >>"$CSV.tmp"
else
  echo "bench/formats.sh: no DuckDB comparison (npm could not install @duckdb/node-api)"
fi
mv "$CSV.tmp" "$CSV"
