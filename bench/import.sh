#!/bin/sh
# bench/import.sh: how long the importer takes for a million log lines.
#
#   sh bench/import.sh IMPORT_LOG LOG.gz [COPIES] [RUNS]
#
# Repeats the shipped log (10,000 lines) COPIES times (100) into one file,
# imports it RUNS times (3) into a fresh database and prints the median wall
# time, and the lines per second it means.
set -eu
importer=$1
log=$2
copies=${3:-100}
runs=${4:-3}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gzip -dc "$log" >"$dir/one"
i=0
while [ $i -lt "$copies" ]; do cat "$dir/one"; i=$((i + 1)); done >"$dir/big.log"
lines=$(wc -l <"$dir/big.log")

i=0
while [ $i -lt "$runs" ]; do
  rm -f "$dir/db"
  start=$(date +%s.%N)
  "$importer" "$dir/db" "$dir/big.log" >/dev/null
  end=$(date +%s.%N)
  awk "BEGIN { print $end - $start }"
  i=$((i + 1))
done | sort -n | awk -v lines="$lines" -v runs="$runs" '
  { t[NR] = $1 }
  END {
    median = t[int((NR + 1) / 2)]
    printf "importer: %d lines, median of %d runs %.2f s (%.0f lines/s)\n", lines, runs, median, lines / median
  }'
