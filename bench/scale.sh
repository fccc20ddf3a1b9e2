#!/bin/sh
# bench/scale.sh ROWS...: the measurements of docs/scale.md (make bench-scale).
# For each ROWS, generates the same narrow log (time, status, path, bytes) in
# one SQLite file and in a two-shard ClickHouse, both from one integer formula
# of the row number, then times three cookbook questions on each (median of
# SCALE_RUNS runs, wall clock, client start included) and checks that both
# give the same answers. Appends one line per engine and size to SCALE_TSV and
# prints it. Then shards the smallest log into one SQLite file per day and
# queries them together with ATTACH. Needs sqlite3, the extension, and
# clickhouse-server/clickhouse-client; files go to SCALE_DIR (default .build/scale).
set -eu
. tools/clickhouse/cluster.sh

SQLITE3=${SQLITE3:-sqlite3}
EXTENSION=${EXTENSION:-./httpstatus}
CH_DICTS=${CH_DICTS:-.build/clickhouse}
SCALE_DIR=${SCALE_DIR:-.build/scale}
SCALE_RUNS=${SCALE_RUNS:-3}
SCALE_TSV=${SCALE_TSV:-$SCALE_DIR/results.tsv}
[ $# -gt 0 ] || set -- 1000000 10000000

mkdir -p "$SCALE_DIR"
SCALE_DIR=$(cd "$SCALE_DIR" && pwd)
cleanup() {
  ch_cluster_stop
  rm -rf "$SCALE_DIR/cluster"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The log, row i of n (0-based): eight days from 2023-11-14 22:13:20 UTC, a
# status mix of twelve codes picked by a multiplicative hash, 20011 paths.
# Written twice, in each engine's SQL, from the same integer arithmetic.
sqlite_status="CASE WHEN h < 780 THEN 200 WHEN h < 860 THEN 304 WHEN h < 900 THEN 404
  WHEN h < 920 THEN 301 WHEN h < 935 THEN 302 WHEN h < 950 THEN 499 WHEN h < 960 THEN 500
  WHEN h < 970 THEN 502 WHEN h < 975 THEN 503 WHEN h < 985 THEN 401 WHEN h < 995 THEN 403
  ELSE 429 END"
ch_status="multiIf(h < 780, 200, h < 860, 304, h < 900, 404, h < 920, 301, h < 935, 302,
  h < 950, 499, h < 960, 500, h < 970, 502, h < 975, 503, h < 985, 401, h < 995, 403, 429)"

sqlite_generate() { # DB N
  rm -f "$1"
  "$SQLITE3" -batch -bail "$1" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE log(time TEXT NOT NULL, status INTEGER NOT NULL, path TEXT NOT NULL,
                 bytes INTEGER NOT NULL);
INSERT INTO log
SELECT datetime(1700000000 + i * 691200 / $2, 'unixepoch'), $sqlite_status,
       '/p/' || (i * 7919 % 20011), i * 48271 % 100000
FROM (SELECT value AS i, (value * 2654435761) % 1000 AS h FROM generate_series(0, $2 - 1));
SQL
}

ch_generate() { # N
  for n in 1 2; do
    ch $n -q "DROP TABLE IF EXISTS log"
    ch $n -q "DROP TABLE IF EXISTS log_local"
    ch $n -q "CREATE TABLE log_local (time DateTime, status UInt16, path String, bytes UInt32)
      ENGINE = MergeTree() PARTITION BY toDate(time) ORDER BY (status, time)"
    ch $n -q "CREATE TABLE log AS log_local
      ENGINE = Distributed(httpstatus, default, log_local, cityHash64(time, path, bytes))"
  done
  ch 1 --insert_distributed_sync=1 -q "INSERT INTO log
    SELECT toDateTime(1700000000 + intDiv(i * 691200, $1)), $ch_status,
           concat('/p/', toString(i * 7919 % 20011)), i * 48271 % 100000
    FROM (SELECT number AS i, (number * 2654435761) % 1000 AS h FROM numbers($1))"
  for n in 1 2; do ch $n -q "OPTIMIZE TABLE log_local FINAL"; done
}

# The three questions. ClickHouse's text goes through status_sql.pl expand.
q1_sqlite="SELECT date(time) AS day, count(*),
  sum(http_status_match(status, '2xx')), sum(http_status_match(status, '3xx')),
  sum(http_status_match(status, '4xx')), sum(http_status_match(status, '5xx'))
  FROM log GROUP BY day ORDER BY day"
q1_ch="SELECT toDate(time) AS day, count(),
  sum(http_status_match(status, '2xx')), sum(http_status_match(status, '3xx')),
  sum(http_status_match(status, '4xx')), sum(http_status_match(status, '5xx'))
  FROM log GROUP BY day ORDER BY day"
q2_sqlite="SELECT path, count(*) AS requests FROM log WHERE status = 404
  GROUP BY path ORDER BY requests DESC, path LIMIT 5"
q2_ch="SELECT path, count() AS requests FROM log WHERE status = 404
  GROUP BY path ORDER BY requests DESC, path LIMIT 5"
q3_sqlite="SELECT http_status_class(status) AS class, count(*), sum(bytes) FROM log
  GROUP BY class ORDER BY min(status)"
q3_ch="SELECT http_status_class(status) AS class, count(), sum(bytes) FROM log
  GROUP BY class ORDER BY min(status)"

now() { date +%s%N; }
# seconds START: the time since START, in seconds with two decimals.
seconds() { echo "$(now) $1" | awk '{ printf "%.2f", ($1 - $2) / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# timed_median COMMAND...: runs it SCALE_RUNS times, output to $SCALE_DIR/out.
timed_median() {
  r=0
  while [ $r -lt "$SCALE_RUNS" ]; do
    start=$(now)
    "$@" >"$SCALE_DIR/out"
    seconds "$start"
    echo
    r=$((r + 1))
  done | median
}
sqlite_q() { "$SQLITE3" -batch -bail -tabs "$db" -cmd ".load $EXTENSION" "$1"; }
ch_q() { ch 1 --format TabSeparated -q "$(printf '%s\n' "$1" | perl tools/clickhouse/status_sql.pl expand)"; }

[ -f "$SCALE_TSV" ] ||
  printf 'rows\tengine\tbytes_on_disk\tload_s\tper_class_per_day_s\ttop_404s_s\tbytes_per_class_s\tselect_1_s\n' >"$SCALE_TSV"

ch_cluster_start "$SCALE_DIR/cluster" "$CH_DICTS"
for rows in "$@"; do
  db=$SCALE_DIR/log-$rows.db
  start=$(now)
  sqlite_generate "$db" "$rows"
  sqlite_load=$(seconds "$start")
  sqlite_size=$(stat -c %s "$db")
  start=$(now)
  ch_generate "$rows"
  ch_load=$(seconds "$start")
  ch_size=$(($(ch 1 -q "SELECT sum(bytes) FROM system.parts WHERE active AND table = 'log_local'") +
    $(ch 2 -q "SELECT sum(bytes) FROM system.parts WHERE active AND table = 'log_local'")))
  sqlite_times= ch_times=
  for q in 1 2 3; do
    eval "qs=\$q${q}_sqlite qc=\$q${q}_ch"
    sqlite_times="$sqlite_times	$(timed_median sqlite_q "$qs")"
    mv "$SCALE_DIR/out" "$SCALE_DIR/sqlite.out"
    ch_times="$ch_times	$(timed_median ch_q "$qc")"
    if ! cmp -s "$SCALE_DIR/out" "$SCALE_DIR/sqlite.out"; then
      echo "httpstatus: question $q on $rows rows: ClickHouse and SQLite differ:" >&2
      diff "$SCALE_DIR/sqlite.out" "$SCALE_DIR/out" >&2 || true
      exit 1
    fi
  done
  # What starting the client and a trivial query cost, to subtract by eye.
  sqlite_times="$sqlite_times	$(timed_median sqlite_q "SELECT 1")"
  ch_times="$ch_times	$(timed_median ch_q "SELECT 1")"
  printf '%s\tsqlite\t%s\t%s%s\n' "$rows" "$sqlite_size" "$sqlite_load" "$sqlite_times" | tee -a "$SCALE_TSV"
  printf '%s\tclickhouse-2-shards\t%s\t%s%s\n' "$rows" "$ch_size" "$ch_load" "$ch_times" | tee -a "$SCALE_TSV"
done
ch_cluster_stop

# One file per day, queried together: the first size's log split by date(time).
rows=$1
db=$SCALE_DIR/log-$rows.db
days=$("$SQLITE3" -batch "$db" "SELECT DISTINCT date(time) FROM log ORDER BY 1")
attach= union=
for day in $days; do
  name=day_$(echo "$day" | tr -d -)
  rm -f "$SCALE_DIR/$name.db"
  "$SQLITE3" -batch -bail "$SCALE_DIR/$name.db" \
    "ATTACH '$db' AS whole; CREATE TABLE log AS SELECT * FROM whole.log WHERE time >= '$day' AND time < date('$day', '+1 day');"
  attach="${attach}ATTACH '$SCALE_DIR/$name.db' AS $name;
"
  union="$union${union:+ UNION ALL }SELECT * FROM $name.log"
done
{
  printf '%s' "$attach"
  echo "CREATE TEMP VIEW log AS $union;"
  echo "$q1_sqlite;"
} >"$SCALE_DIR/attach.sql"
"$SQLITE3" -batch -bail -tabs :memory: -cmd ".load $EXTENSION" <"$SCALE_DIR/attach.sql" >"$SCALE_DIR/attach.out"
db=$SCALE_DIR/log-$rows.db
sqlite_q "$q1_sqlite" >"$SCALE_DIR/whole.out"
if cmp -s "$SCALE_DIR/attach.out" "$SCALE_DIR/whole.out"; then
  echo "ATTACH: $(echo "$days" | wc -l) day files give the single file's answer (see $SCALE_DIR/attach.sql)"
  # The eleventh attached file passes the default limit of ten.
  i=0 more=
  while [ $i -lt 11 ]; do
    more="${more}ATTACH '$SCALE_DIR/$name.db' AS extra_$i;"
    i=$((i + 1))
  done
  echo "ATTACH of 11 files: $("$SQLITE3" -batch :memory: "$more" 2>&1)"
else
  echo "httpstatus: the attached day files answer differently:" >&2
  diff "$SCALE_DIR/whole.out" "$SCALE_DIR/attach.out" >&2
  exit 1
fi
