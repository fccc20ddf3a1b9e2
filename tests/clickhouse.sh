#!/bin/sh
# tests/clickhouse.sh: the status data and the cookbook on a two-shard
# ClickHouse, checked against SQLite with the extension on the same rows
# (make test-clickhouse). Starts two clickhouse-server processes on free
# loopback ports (tools/clickhouse/cluster.sh), loads the dictionaries from
# CH_DICTS (make clickhouse), spreads the shipped logs over both shards through
# a Distributed table, and compares every answer as text, exactly.
# Without clickhouse-server it skips, except with CI=true, where it fails.
. tests/lib.sh
. tools/clickhouse/cluster.sh

CH_DICTS=${CH_DICTS:-.build/clickhouse}
IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
LOGS="data/logs/elastic-apache/apache_logs.gz data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz"
QUERIES=tests/clickhouse

if ! command -v "$CH_SERVER" >/dev/null 2>&1 || ! command -v "$CH_CLIENT" >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    plan 1
    ok 1 "clickhouse-server and clickhouse-client are installed (CI=true)"
    exit 1
  fi
  echo "1..0 # SKIP clickhouse-server or clickhouse-client not installed"
  exit 0
fi

tmp=$(mktemp -d)
cleanup() {
  ch_cluster_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

queries=$(ls $QUERIES/*.sqlite.sql | wc -l)
plan $((11 + queries))

# sqlite_q SQL: the shell on the SQLite database of the logs, tab-separated,
# NULL written as 18.16's TabSeparatedRaw writes it.
db=$tmp/logs.db
sqlite_q() { "$SQLITE3" -batch -bail -tabs -nullvalue 'ᴺᵁᴸᴸ' "$db" -cmd ".load $EXTENSION" "$@"; }
# ch_q N SQL: one query on shard N, its calls to the extension's functions
# rewritten for 18.16, tab-separated without escaping (as the sqlite3 shell).
ch_q() {
  n=$1
  expanded=$(printf '%s\n' "$2" | perl tools/clickhouse/status_sql.pl expand) || return 1
  ch "$n" --format TabSeparatedRaw -q "$expanded"
}

ch_cluster_start "$tmp/cluster" "$CH_DICTS"
started=$?
ok $started "two clickhouse-server processes answer on ports $CH_PORT1 and $CH_PORT2"
[ $started -eq 0 ] || exit 1

# The dictionaries hold the extension's rows, as the extension answers them.
flags="cacheable, no_content, retryable, redirect"
is "$(ch_q 2 "SELECT number,
    $(for a in name class meaning source reference registry; do
      printf "dictGetString('http_status', '%s', number), " $a; done)
    $(for a in cacheable no_content retryable redirect; do
      printf "dictGetUInt8('http_status', '%s', number), " $a; done) 1
  FROM numbers(600) WHERE dictHas('http_status', number)" | sed 's/\t1$//')" \
  "$(sql -tabs "SELECT code, name, class, meaning, source, reference, ifnull(registry, ''), $flags
      FROM http_status ORDER BY code")" \
  "dictionary http_status equals the table http_status"
is "$(ch_q 1 "SELECT code, source,
    $(for a in name class meaning reference registry; do
      printf "dictGetString('http_status_meanings', '%s', tuple(code, source)), " $a; done)
    $(for a in cacheable no_content retryable redirect preferred; do
      printf "dictGetUInt8('http_status_meanings', '%s', tuple(code, source)), " $a; done) 1
  FROM (SELECT toUInt16(number) AS code FROM numbers(600))
  CROSS JOIN (SELECT arrayJoin(['$(sql "SELECT group_concat(DISTINCT source) FROM http_status_meanings" |
      sed "s/,/','/g")']) AS source)
  WHERE dictHas('http_status_meanings', tuple(code, source)) ORDER BY code, source" | sed 's/\t1$//')" \
  "$(sql -tabs "SELECT code, source, name, class, meaning, reference, ifnull(registry, ''), $flags,
      preferred FROM http_status_meanings ORDER BY code, source")" \
  "dictionary http_status_meanings, keyed by (code, source), equals the table"
is "$(ch_q 2 "SELECT $(for a in class family; do
      printf "dictGetString('http_status_classes', '%s', number), " $a; done)
    dictGetUInt16('http_status_classes', 'first_code', number),
    dictGetUInt16('http_status_classes', 'last_code', number),
    dictGetString('http_status_classes', 'description', number)
  FROM numbers(10) WHERE dictHas('http_status_classes', number)")" \
  "$(sql -tabs "SELECT class, family, first_code, last_code, description FROM http_status_classes")" \
  "dictionary http_status_classes equals the table"

# The functions' expressions against the functions, for every integer from 90
# to 610, with constant patterns and with patterns read from a column.
patterns="5xx|4XX,5xx|401,403|400-428, 430-499|  200 - 299 ,304|100-599|599|1xx,2xx,3xx"
pattern_list=$(printf '%s' "$patterns" | sed "s/|/','/g")
grid_sqlite="WITH RECURSIVE n(code) AS (SELECT 90 UNION ALL SELECT code + 1 FROM n WHERE code < 610)"
grid_ch="SELECT toUInt16(number + 90) AS code FROM numbers(521)"
is "$(ch_q 1 "SELECT code, http_status_class(code), http_status_name(code), http_status_line(code)
  FROM ($grid_ch) ORDER BY code")" \
  "$(sqlite_q "$grid_sqlite SELECT code, http_status_class(code), http_status_name(code),
      http_status_line(code) FROM n ORDER BY code")" \
  "http_status_class, _name and _line expressions equal the functions on 90..610"
const_ch=$(printf '%s' "$patterns" | tr '|' '\n' | while read -r p; do
  printf ", http_status_match(code, '%s')" "$p"
done)
is "$(ch_q 2 "SELECT code $const_ch FROM ($grid_ch) ORDER BY code")" \
  "$(sqlite_q "$grid_sqlite SELECT code $const_ch FROM n ORDER BY code")" \
  "http_status_match expressions, constant patterns, equal the function on 90..610"
is "$(ch_q 1 "SELECT code, pattern, http_status_match(code, pattern)
  FROM ($grid_ch) CROSS JOIN (SELECT arrayJoin(['$pattern_list']) AS pattern)
  ORDER BY code, pattern")" \
  "$(sqlite_q "$grid_sqlite, p(pattern) AS (VALUES ('$(printf '%s' "$patterns" | sed "s/|/'),('/g")'))
      SELECT code, pattern, http_status_match(code, pattern) FROM n, p ORDER BY code, pattern")" \
  "http_status_match expression, patterns from a column, equals the function on 90..610"
out=$(ch_q 1 "SELECT http_status_match(toUInt16(404), pattern)
  FROM (SELECT arrayJoin(['4xx', '40']) AS pattern)" 2>&1)
like "$out" "Value passed to 'throwIf' function is non zero" \
  "a malformed pattern from a column is an error in ClickHouse too"
out=$(printf '%s\n' "SELECT http_status_match(status, '5xx,40') FROM log" |
  perl tools/clickhouse/status_sql.pl expand 2>&1)
is "$out" "httpstatus: bad item '40' in status pattern '5xx,40': expected a code (404), a class (5xx) or a range (400-499), from 100 to 599, separated by commas" \
  "a malformed constant pattern is refused when the query is rewritten, in the extension's words"

# load_log DB: the table log of DB, as the importer writes it today, into the
# Distributed table log. Text is escaped for TabSeparated and NULL written \N.
log_columns="source_file line time time_utc client remote_user method path query protocol
  status bytes referrer user_agent extra"
load_log() {
  select=
  for c in $log_columns; do
    case $c in
    line | status | bytes) e=$c ;;
    *) e="replace(replace(replace(replace($c, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')" ;;
    esac
    select="$select${select:+, }$e"
  done
  "$SQLITE3" -batch -bail -tabs -nullvalue '\N' "$1" "SELECT $select FROM log" |
    ch 1 --insert_distributed_sync=1 -q "INSERT INTO log FORMAT TabSeparated"
}

for log in $LOGS; do import_log "$db" "$log"; done
schema="source_file String, line UInt32, time String, time_utc DateTime, client String,
  remote_user Nullable(String), method Nullable(String), path Nullable(String),
  query Nullable(String), protocol Nullable(String), status UInt16, bytes Nullable(UInt64), referrer Nullable(String),
  user_agent Nullable(String), extra Nullable(String)"
for n in 1 2; do
  ch $n -q "CREATE TABLE log_local ($schema) ENGINE = MergeTree()
    PARTITION BY toYYYYMM(time_utc) ORDER BY (source_file, line)" &&
    ch $n -q "CREATE TABLE log AS log_local
      ENGINE = Distributed(httpstatus, default, log_local, cityHash64(source_file, line))" ||
    exit 1
done
load_log "$db"
rows=$(sqlite_q "SELECT count(*) FROM log")
rows1=$(ch 1 -q "SELECT count() FROM log_local")
rows2=$(ch 2 -q "SELECT count() FROM log_local")
[ "$rows1" -gt 0 ] && [ "$rows2" -gt 0 ] && [ $((rows1 + rows2)) -eq "$rows" ]
ok $? "the $rows rows of the log table are spread over both shards ($rows1 + $rows2)"
is "$(ch_q 2 "SELECT source_file, line, time, toString(time_utc), status, bytes FROM log
  ORDER BY source_file, line")" \
  "$(sqlite_q "SELECT source_file, line, time, time_utc, status, bytes FROM log ORDER BY source_file, line")" \
  "every row reads back the same through the Distributed table"

# The cookbook: each question in SQLite with the extension and in ClickHouse
# with the dictionaries, on the same rows; the answers must be equal.
for f in $QUERIES/*.sqlite.sql; do
  name=$(basename "$f" .sqlite.sql)
  got=$(ch_q 1 "$(cat "$QUERIES/$name.clickhouse.sql")" 2>&1)
  expected=$(sqlite_q <"$f" 2>&1)
  if [ -z "$expected" ]; then expected="(SQLite gave no rows)"; fi
  is "$got" "$expected" "cookbook: $name ($(printf '%s\n' "$expected" | wc -l) rows) equal"
done
