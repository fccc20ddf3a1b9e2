#!/bin/sh
# bench/httplog.sh: http_log() and the importer against lnav, goaccess,
# gzip and SQLite itself, on one generated combined log.
#
#   sh bench/httplog.sh [ROWS] [RUNS] [CSV] [BIG_ROWS]
#
# The log is data/logs/elastic-apache/apache_logs repeated to ROWS lines
# (1,000,000; deterministic: the same bytes every time). Each timing is the
# median of RUNS runs (3), as wall time and as CPU time (user + system, which
# the other users of a shared machine disturb less); every ratio compares
# timings of this one run. Peak memory (max RSS) of a scan is measured at ROWS and BIG_ROWS lines
# (10,000,000, streamed through a pipe, not written to disk). Results go to
# CSV (bench/httplog.csv) as metric,value,unit and are printed.
#
# Needs sqlite3, lnav, goaccess, mawk, valgrind, gzip and GNU time (Debian:
# lnav goaccess mawk valgrind time); a missing tool's rows are left out. The machine is shared: read the
# ratios, not the absolute times.
set -eu
rows=${1:-1000000}
runs=${2:-3}
csv=${3:-bench/httplog.csv}
big_rows=${4:-10000000}
SQLITE3=${SQLITE3:-sqlite3}
HTTPLOG=${HTTPLOG:-./httplog}
IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
source_log=data/logs/elastic-apache/apache_logs.gz

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/home"
gzip -dc "$source_log" >"$dir/one"
per_copy=$(wc -l <"$dir/one")
# repeat N: the shipped log, N lines of it in all.
repeat() {
  copies=$(($1 / per_copy))
  i=0
  while [ $i -lt $copies ]; do cat "$dir/one"; i=$((i + 1)); done
  head -n $(($1 - copies * per_copy)) "$dir/one"
}
repeat "$rows" >"$dir/access.log"
gzip -c "$dir/access.log" >"$dir/access.log.gz"
log=$dir/access.log
log_bytes=$(wc -c <"$log")

: >"$csv.tmp"
record() { echo "$1,$2,$3" >>"$csv.tmp"; printf '%-44s %14s %s\n' "$1" "$2" "$3"; }

# measure NAME CMD...: runs CMD RUNS times under GNU time; sets $wall and
# $cpu (user + system, children included) to the medians, in seconds, and
# records both. The machine is shared: CPU time is the steadier of the two.
# $prepare, when set, runs before each run, untimed.
measure() {
  name=$1
  shift
  i=0
  : >"$dir/times"
  while [ $i -lt "$runs" ]; do
    [ -z "${prepare:-}" ] || sh -c "$prepare"
    /usr/bin/time -f '%e %U %S' -o "$dir/time" "$@" >/dev/null 2>&1 ||
      { echo "httplog bench: failed: $*" >&2; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$dir/time" >>"$dir/times"
    i=$((i + 1))
  done
  wall=$(cut -d' ' -f1 "$dir/times" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
  cpu=$(cut -d' ' -f2 "$dir/times" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
  record "${name}_wall" "$wall" s
  record "${name}_cpu" "$cpu" s
}

q_status="SELECT status, count(*) FROM http_log('$log') GROUP BY 1"
export HOME="$dir/home" SQLITE3 HTTPLOG IMPORT_LOG dir log
prepare=


echo "httplog bench: $rows lines ($log_bytes bytes), median of $runs runs; shared machine: compare ratios"
record rows "$rows" lines
record log_bytes "$log_bytes" bytes

measure http_log_group_by_status "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" "$q_status"
scan_wall=$wall scan_cpu=$cpu
if command -v lnav >/dev/null 2>&1; then
  measure lnav_group_by_status lnav -n -c ';SELECT sc_status, count(*) FROM access_log GROUP BY 1' "$log"
  rec() { record "ratio_http_log_to_lnav_$1" "$2" "x (target <= 0.5)"; }
  rec wall "$(awk "BEGIN { printf \"%.2f\", $scan_wall / $wall }")"
  rec cpu "$(awk "BEGIN { printf \"%.2f\", $scan_cpu / $cpu }")"
fi
if command -v goaccess >/dev/null 2>&1; then
  measure goaccess_json_report goaccess "$log" --log-format=COMBINED -o "$dir/report.json"
  record ratio_http_log_to_goaccess_cpu "$(awk "BEGIN { printf \"%.2f\", $scan_cpu / $cpu }")" x
fi

# The floor: a tool that splits lines without validating them. http_log()
# validates every field of every line; the target is at most 0.7x mawk.
measure http_log_count_validated "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
  "SELECT count(*) FROM http_log('$log') WHERE status IS NOT NULL"
count_cpu=$cpu
if command -v mawk >/dev/null 2>&1; then
  measure mawk_split_status mawk '{ c[$9]++ } END { for (k in c) print k, c[k] }' "$log"
  record ratio_http_log_count_to_mawk_cpu "$(awk "BEGIN { printf \"%.2f\", $count_cpu / $cpu }")" \
    "x (target <= 0.7)"
fi
# Instructions (callgrind counts them the same whatever else runs) on the
# first 100,000 lines: the count against mawk, and the share of the GROUP BY
# query that is SQLite's own (its sorter) rather than the reader's.
if command -v valgrind >/dev/null 2>&1 && command -v mawk >/dev/null 2>&1; then
  head -n 100000 "$log" >"$dir/100k.log"
  ir() { valgrind --tool=callgrind --callgrind-out-file="$dir/cg" "$@" 2>&1 >/dev/null |
    awk '/Collected/ { print $NF }'; }
  ir_ours=$(ir "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
    "SELECT count(*) FROM http_log('$dir/100k.log') WHERE status IS NOT NULL")
  ir_mawk=$(ir mawk '{ c[$9]++ } END { for (k in c) print k, c[k] }' "$dir/100k.log")
  record instructions_per_line_http_log_count "$((ir_ours / 100000))" instructions
  record instructions_per_line_mawk "$((ir_mawk / 100000))" instructions
  record ratio_http_log_count_to_mawk_instructions \
    "$(awk "BEGIN { printf \"%.2f\", $ir_ours / $ir_mawk }")" "x (target <= 0.7)"
  ir "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
    "SELECT status, count(*) FROM http_log('$dir/100k.log') GROUP BY 1" >/dev/null
  sqlite_share=$(callgrind_annotate --inclusive=no "$dir/cg" 2>/dev/null | awk '
    / PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /\[.*(libsqlite3|bin\/sqlite3)/ { gsub(",", "", $1); sqlite += $1 }
    END { printf "%.2f", sqlite / total }')
  record share_of_group_by_in_sqlite "$sqlite_share" "of the GROUP BY query's instructions"
fi

measure http_log_gzip_group_by_status "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
  "SELECT status, count(*) FROM http_log('$log.gz') GROUP BY 1"
gz_wall=$wall gz_cpu=$cpu
measure gzip_dc_to_dev_null sh -c 'gzip -dc "$log.gz" >/dev/null'
record ratio_gzip_overhead_to_gunzip_wall "$(awk "BEGIN { printf \"%.2f\", ($gz_wall - $scan_wall) / $wall }")" \
  "x (gzip time - plain time) / gunzip time (target <= 1.1)"
record ratio_gzip_overhead_to_gunzip_cpu "$(awk "BEGIN { printf \"%.2f\", ($gz_cpu - $scan_cpu) / $cpu }")" \
  "x (gzip time - plain time) / gunzip time (target <= 1.1)"

# The importer, against SQLite storing http_log()'s rows as they come (no
# schema): the importer must take at most 0.8x of it. Then an hourly run
# over the same log grown by 1,000 lines (appended before each run), which
# must take at most 5% of a whole import.
measure import_log sh -c 'rm -f "$dir/db" "$dir/db-wal" "$dir/db-shm"; "$IMPORT_LOG" "$dir/db" "$log"'
import_wall=$wall import_cpu=$cpu
"$SQLITE3" "$dir/db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
db_bytes=$(wc -c <"$dir/db")
measure sqlite_create_table_as_http_log sh -c '
  rm -f "$dir/ctas" "$dir/ctas-wal" "$dir/ctas-shm"
  "$SQLITE3" "$dir/ctas" "PRAGMA journal_mode = WAL" "PRAGMA cache_size = -65536" \
    -cmd ".load $HTTPLOG" "CREATE TABLE t AS SELECT * FROM http_log('"'"'$log'"'"')"'
record ratio_import_to_create_table_as_http_log_wall "$(awk "BEGIN { printf \"%.2f\", $import_wall / $wall }")" \
  "x (target <= 0.8)"
record ratio_import_to_create_table_as_http_log_cpu "$(awk "BEGIN { printf \"%.2f\", $import_cpu / $cpu }")" \
  "x (target <= 0.8)"
cp "$log" "$dir/grow.log"
prepare='head -n 1000 "$dir/one" >>"$dir/grow.log"'
measure import_hourly_rerun_1000_new_lines "$IMPORT_LOG" "$dir/db" "$dir/grow.log"
prepare=
record ratio_rerun_to_import_wall "$(awk "BEGIN { printf \"%.3f\", $wall / $import_wall }")" \
  "x (target <= 0.05)"
record ratio_rerun_to_import_cpu "$(awk "BEGIN { printf \"%.3f\", $cpu / $import_cpu }")" \
  "x (target <= 0.05)"
record database_bytes "$db_bytes" bytes
record ratio_database_to_log_bytes "$(awk "BEGIN { printf \"%.2f\", $db_bytes / $log_bytes }")" "x (target <= 1)"

# Peak memory of a scan: the file, then BIG_ROWS lines through a pipe.
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f %M -o "$dir/rss" "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" "$q_status" >/dev/null
  rss_small=$(cat "$dir/rss")
  repeat "$big_rows" | /usr/bin/time -f %M -o "$dir/rss" "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
    "SELECT status, count(*) FROM http_log('/dev/stdin') GROUP BY 1" >/dev/null
  rss_big=$(cat "$dir/rss")
  record max_rss_scan_rows "$rss_small" "KiB ($rows lines)"
  record max_rss_scan_big_rows "$rss_big" "KiB ($big_rows lines)"
  record ratio_rss_big_to_small "$(awk "BEGIN { printf \"%.2f\", $rss_big / $rss_small }")" \
    "x (target within 0.9-1.1)"
fi
mv "$csv.tmp" "$csv"
echo "httplog bench: results in $csv"
