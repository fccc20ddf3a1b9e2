#!/bin/sh
# bench/formats.sh: rows per second of each new http_log() format on
# BENCH_LINES (1,000,000) generated lines, beside the combined format's, in
# one run. The time is the parsers' own (.build/log_parse --count), the
# median of BENCH_RUNS (3) runs; the machine's load moves all of them alike,
# so read the ratios. Aims: within 2x of combined, JSON within 3x.
set -eu
LOG_PARSE=${LOG_PARSE:-.build/log_parse}
N=${BENCH_LINES:-1000000}
RUNS=${BENCH_RUNS:-3}
dir=.build/bench-formats
mkdir -p "$dir"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rate() { # FORMAT: prints rows and the median seconds
  f=$dir/$1.$N.log
  [ -s "$f" ] || /usr/bin/python3 bench/gen_formats.py "$1" "$N" >"$f"
  i=0
  while [ $i -lt "$RUNS" ]; do
    "$LOG_PARSE" --count "$1" "$f" | awk '{ print $NF }'
    i=$((i + 1))
  done | median
}
base=$(rate combined)
printf '%-12s %10s %12s %8s\n' format seconds rows/s "x combined"
div() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
printf '%-12s %10s %12.0f %8s\n' combined "$base" "$(div "$N" "$base")" 1.00
for fmt in w3c alb haproxy nginx_json caddy; do
  s=$(rate "$fmt")
  rows=$("$LOG_PARSE" --count "$fmt" "$dir/$fmt.$N.log" | awk '{ print $2 }')
  [ "$rows" -eq "$N" ] || { echo "bench/formats.sh: $fmt: $rows rows of $N lines" >&2; exit 1; }
  printf '%-12s %10s %12.0f %8.2f\n' "$fmt" "$s" "$(div "$rows" "$s")" "$(div "$s" "$base")"
done
