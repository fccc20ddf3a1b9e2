#!/bin/sh
# bench/formats_callgrind.sh: instructions per line of each http_log() format
# under valgrind's callgrind, on BENCH_LINES (100,000) generated lines
# (bench/gen_formats.py), for this tree's build and, when BASE names the top
# of another built tree (BASE=../other, which has .build/log_parse and
# httplog.so), for that one too, with the ratio. Two measures:
#  - parse: .build/log_parse --count FORMAT FILE, the reader and parser alone;
#  - sql:   SELECT status, count(*) FROM http_log(FILE, FORMAT) GROUP BY 1 in
#           the sqlite3 shell, SQLite's share included.
# Instruction counts do not move with the machine's load, unlike times: a
# change of a parser is measured by them (docs/formats.md). Results also go
# to bench/formats_callgrind.csv as format,measure,tree,instructions_per_line.
set -eu
N=${BENCH_LINES:-100000}
SQLITE3=${SQLITE3:-sqlite3}
CSV=${BENCH_CSV:-bench/formats_callgrind.csv}
FORMATS=${FORMATS:-combined w3c alb elb haproxy nginx_json caddy}
BASE=${BASE:-}
command -v valgrind >/dev/null 2>&1 ||
  { echo "bench/formats_callgrind.sh: needs valgrind (Debian: apt-get install valgrind)" >&2; exit 1; }
dir=.build/bench-formats
mkdir -p "$dir"
# ir COMMAND...: the instructions callgrind counts for the command
ir() {
  valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" "$@" >/dev/null 2>"$dir/valgrind.log" ||
    { cat "$dir/valgrind.log" >&2; exit 1; }
  awk '/^summary:/ { print $2 }' "$dir/callgrind.out"
}
# per_line TREE FORMAT FILE: "parse sql" instructions per line for TREE's build
per_line() {
  p=$(ir "$1/.build/log_parse" --count "$2" "$3")
  s=$(ir "$SQLITE3" :memory: -cmd ".load $1/httplog" "SELECT status, count(*) FROM http_log('$3', '$2') GROUP BY 1")
  awk -v p="$p" -v s="$s" -v n="$N" 'BEGIN { printf "%.0f %.0f\n", p / n, s / n }'
}
echo "format,measure,tree,instructions_per_line" >"$CSV.tmp"
echo "bench/formats_callgrind.sh: instructions per line, $N lines per format${BASE:+; ratio to $BASE}"
printf '%-11s %9s %9s' format parse sql
[ -z "$BASE" ] || printf ' %9s %9s %6s %6s' base_parse base_sql x_parse x_sql
echo
for fmt in $FORMATS; do
  f=$dir/$fmt.$N.log
  [ -s "$f" ] || /usr/bin/python3 bench/gen_formats.py "$fmt" "$N" >"$f"
  set -- $(per_line . "$fmt" "$f")
  printf '%-11s %9s %9s' "$fmt" "$1" "$2"
  printf '%s,parse,.,%s\n%s,sql,.,%s\n' "$fmt" "$1" "$fmt" "$2" >>"$CSV.tmp"
  if [ -n "$BASE" ]; then
    new_parse=$1 new_sql=$2
    set -- $(per_line "$BASE" "$fmt" "$f")
    printf ' %9s %9s %6s %6s' "$1" "$2" "$(awk -v a="$new_parse" -v b="$1" 'BEGIN { printf "%.3f", a / b }')" \
      "$(awk -v a="$new_sql" -v b="$2" 'BEGIN { printf "%.3f", a / b }')"
    printf '%s,parse,%s,%s\n%s,sql,%s,%s\n' "$fmt" "$BASE" "$1" "$fmt" "$BASE" "$2" >>"$CSV.tmp"
  fi
  echo
done
mv "$CSV.tmp" "$CSV"
