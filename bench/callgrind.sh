#!/bin/sh
# bench/callgrind.sh: instructions per log row of every benchmark variant.
#
#   sh bench/callgrind.sh [BENCH] [ROWS] [OUT]
#
# Runs BENCH (bench/bench) once under valgrind's callgrind on a generated log
# of ROWS rows (200000). Only the instructions inside measured_query() are
# counted, and a profile is dumped after each call, so dump N is variant N of
# the order the bench prints. Instruction counts do not depend on the load of
# the machine, unlike times. Writes "variant,instructions per row" to OUT
# (bench/instructions.csv), which bench/bench --instructions reads.
set -eu
bench=${1:-bench/bench}
rows=${2:-200000}
out=${3:-bench/instructions.csv}

if ! command -v valgrind >/dev/null 2>&1; then
  echo "callgrind.sh: valgrind not found; instructions per row are skipped" >&2
  rm -f "$out"
  exit 0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "callgrind: $rows rows, one run of each variant (takes a minute)"
valgrind --tool=callgrind --callgrind-out-file="$dir/profile" --collect-atstart=no \
  --toggle-collect=measured_query --dump-after=measured_query \
  "$bench" --callgrind --rows "$rows" >"$dir/order" 2>"$dir/valgrind.log" || {
  cat "$dir/valgrind.log" >&2
  exit 1
}

n=0
: >"$dir/out"
while read -r variant; do
  n=$((n + 1))
  profile="$dir/profile.$n"
  if [ ! -f "$profile" ]; then
    echo "callgrind.sh: no profile for $variant ($profile)" >&2
    exit 1
  fi
  awk -v v="$variant" -v rows="$rows" \
    '/^summary:/ { printf "%s,%.1f\n", v, $2 / rows; found = 1 }
     END { if (!found) exit 1 }' "$profile" >>"$dir/out"
done <"$dir/order"
if [ "$n" -eq 0 ]; then
  echo "callgrind.sh: the bench printed no variant" >&2
  exit 1
fi
mv "$dir/out" "$out"
echo "callgrind: wrote $out ($n variants)"
