#!/bin/sh
# bench/agent.sh: what httpagent's functions and http_geo() cost.
#
#   sh bench/agent.sh [ROWS] [RUNS] [CSV]
#
# 1. The ROWS-line log of bench/httplog.sh (data/logs/elastic-apache repeated,
#    1,000,000 lines, 557 distinct user agents):
#      SELECT http_agent_is_bot(user_agent), count(*) FROM http_log(f, 'combined') GROUP BY 1
#    against the same query without the function,
#      SELECT user_agent, count(*) FROM http_log(f, 'combined') GROUP BY 1
#    as a ratio of CPU times (target: at most 1.3); and, stricter, against a
#    query that groups on a built-in test of the column with two values as
#    is_bot has, GROUP BY instr(user_agent, 'bot') > 0 (sorting a key that
#    takes both values costs more than sorting one that is nearly constant,
#    such as user_agent IS NULL, so that comparison would not be the
#    function's cost).
# 2. Parses a second without the cache: http_agent(ua) over every distinct
#    user agent of uap-core's test files (30,000 and more, more than a
#    connection caches, each seen once; without uap-core, the log's agents
#    with a counter added to each, 20,000 of them), the time of a scan that
#    reads the same column taken off (target: at least 20,000 a second).
# 3. http_geo(ip, 'data/geo/example.mmdb') over ROWS addresses (three in
#    four in the database), lookups a second, the whole query's CPU time
#    counted (target: at least 1,000,000 a second).
#
# Each comparison runs its two queries in turn RUNS (5) times and takes CPU
# time (user + system) as the sqlite3 shell's .timer reports it; times are
# medians, a ratio the median of the runs' ratios: the machine is shared,
# read the ratios.
# Results go to CSV (bench/agent.csv) as metric,value,unit and are printed.
set -eu
rows=${1:-1000000}
runs=${2:-5}
csv=${3:-bench/agent.csv}
SQLITE3=${SQLITE3:-sqlite3}
HTTPLOG=${HTTPLOG:-./httplog}
HTTPAGENT=${HTTPAGENT:-./httpagent}
PYTHON=/usr/bin/python3

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
gzip -dc data/logs/elastic-apache/apache_logs.gz >"$dir/one"
per_copy=$(wc -l <"$dir/one")
copies=$((rows / per_copy))
i=0
while [ $i -lt $copies ]; do cat "$dir/one"; i=$((i + 1)); done >"$dir/access.log"
head -n $((rows - copies * per_copy)) "$dir/one" >>"$dir/access.log"

: >"$csv.tmp"
record() { echo "$1,$2,$3" >>"$csv.tmp"; printf '%-52s %14s %s\n' "$1" "$2" "$3"; }

# time DB SQL: CPU seconds (user + system) of one run of SQL in a shell
# with both libraries loaded, as its .timer reports the statement.
time_sql() {
  printf '.timer on\n%s\n' "$2" |
    "$SQLITE3" -batch "$1" -cmd ".load $HTTPLOG" -cmd ".load $HTTPAGENT" >"$dir/out" 2>&1 ||
    { cat "$dir/out" >&2; echo "agent bench: failed: $2" >&2; exit 1; }
  sed -n 's/^Run Time: real [0-9.]* user \([0-9.]*\) sys \([0-9.]*\)$/\1 \2/p' "$dir/out" |
    tail -n 1 | awk '{ printf "%.6f\n", $1 + $2 }'
}

# pairs DB SQL_A SQL_B: RUNS runs of A then B, in turn, so that the load of
# the machine falls on both alike; sets $a and $b to the medians of their
# times and $ratio to the median of the runs' A/B ratios.
median() { sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
pairs() {
  i=0
  : >"$dir/pairs"
  while [ $i -lt "$runs" ]; do
    echo "$(time_sql "$1" "$2") $(time_sql "$1" "$3")" >>"$dir/pairs"
    i=$((i + 1))
  done
  a=$(cut -d' ' -f1 "$dir/pairs" | median)
  b=$(cut -d' ' -f2 "$dir/pairs" | median)
  ratio=$(awk '{ printf "%.6f\n", $1 / $2 }' "$dir/pairs" | median)
}

# 1. is_bot over the log, against the query without the function (grouping
#    on the column itself) and against the cheapest use of the column.
log=$dir/access.log
record "log_rows" "$rows" "lines"
pairs :memory: "SELECT http_agent_is_bot(user_agent), count(*) FROM http_log('$log', 'combined') GROUP BY 1;" \
  "SELECT user_agent, count(*) FROM http_log('$log', 'combined') GROUP BY 1;"
record "is_bot_query_cpu" "$a" "s"
record "same_query_without_function_cpu" "$b" "s (GROUP BY user_agent)"
record "is_bot_query_ratio" "$(printf '%.3f' "$ratio")" "x (target <= 1.3)"
pairs :memory: "SELECT http_agent_is_bot(user_agent), count(*) FROM http_log('$log', 'combined') GROUP BY 1;" \
  "SELECT instr(user_agent, 'bot') > 0, count(*) FROM http_log('$log', 'combined') GROUP BY 1;"
record "instr_query_cpu" "$b" "s (GROUP BY instr(user_agent, 'bot') > 0)"
record "is_bot_to_instr_ratio" "$(printf '%.3f' "$ratio")" "x"

# 2. parses a second, uncached
if [ -f /usr/share/uap-core/tests/test_ua.yaml ] && "$PYTHON" -c 'import yaml' 2>/dev/null; then
  "$PYTHON" - "$dir/agents.db" <<'EOF'
import glob, sqlite3, sys, yaml
agents = set()
for path in glob.glob("/usr/share/uap-core/tests/*.yaml") + glob.glob("/usr/share/uap-core/test_resources/*.yaml"):
    with open(path) as fh:
        agents.update(c["user_agent_string"] for c in yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["test_cases"])
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE agents(ua TEXT)")
db.executemany("INSERT INTO agents VALUES (?)", [(a,) for a in sorted(agents)])
db.commit()
EOF
  source="uap-core's test files"
else
  "$SQLITE3" -batch "$dir/agents.db" -cmd ".load $HTTPLOG" \
    "CREATE TABLE agents AS WITH u(ua) AS (SELECT DISTINCT user_agent FROM http_log('$dir/one', 'combined') WHERE user_agent IS NOT NULL),
       n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
     SELECT ua || ' n/' || i AS ua FROM u, n LIMIT 20000"
  source="the log's agents, numbered"
fi
agents=$("$SQLITE3" -batch "$dir/agents.db" "SELECT count(*) FROM agents")
pairs "$dir/agents.db" "SELECT count(http_agent(ua)) FROM agents;" "SELECT count(length(ua)) FROM agents;"
record "distinct_agents" "$agents" "($source)"
record "uncached_parse_cpu" "$a" "s"
record "uncached_parses_per_second" "$(awk -v n="$agents" -v a="$a" -v b="$b" 'BEGIN { printf "%.0f", n / (a - b) }')" \
  "/s (target >= 20000)"

# 3. http_geo lookups a second
"$SQLITE3" -batch "$dir/ips.db" "CREATE TABLE ips AS WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $rows - 1)
  SELECT CASE i % 4 WHEN 0 THEN printf('192.0.2.%d', i % 256) WHEN 1 THEN printf('198.51.100.%d', i % 256)
    WHEN 2 THEN printf('2001:db8:%x::%x', i % 65536, i % 4096) ELSE printf('10.%d.%d.%d', i % 256, (i / 256) % 256, i % 200) END AS ip
  FROM n"
pairs "$dir/ips.db" "SELECT count(http_geo(ip, 'data/geo/example.mmdb')) FROM ips;" "SELECT count(length(ip)) FROM ips;"
geo=$a
geo_scan=$b
record "geo_lookups" "$rows" "addresses"
record "geo_query_cpu" "$geo" "s"
record "geo_lookups_per_second" "$(awk -v n="$rows" -v a="$geo" 'BEGIN { printf "%.0f", n / a }')" \
  "/s, whole query (target >= 1000000)"
record "geo_lookups_per_second_beyond_scan" "$(awk -v n="$rows" -v a="$geo" -v b="$geo_scan" 'BEGIN { printf "%.0f", n / (a - b) }')" \
  "/s, the scan's time taken off"

mv "$csv.tmp" "$csv"
