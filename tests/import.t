#!/bin/sh
# httpstatus-import (tools/import_*.c) on the shipped real logs: every column
# read back, contents known by their first bytes whatever their names,
# rotation, several files, nothing parsed, databases of another shape,
# locks, odd file names, size. Expected counts come from tests/log_counts.pl
# (Perl regular expressions), awk, python3 and date(1), never from the
# importer or http_log(). The command line is tests/import_cli.t's,
# rotation at length tests/import_rotation.t's, --follow
# tests/import_follow.t's.
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
case $IMPORT_LOG in /*) ;; *) IMPORT_LOG=$PWD/$IMPORT_LOG ;; esac
PYTHON=${PYTHON:-/usr/bin/python3}
APACHE=data/logs/elastic-apache/apache_logs.gz
NGINX=data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
APACHE_NAME=data/logs/elastic-apache/apache_logs # without .gz, its default name
tmp=$(mktemp -d)
trap 'kill $follower 2>/dev/null; rm -rf "$tmp"' EXIT
follower=
db=$tmp/logs.db
gzip -dc $APACHE >"$tmp/apache_logs"
gzip -dc $NGINX >"$tmp/nginx"
counts() { perl tests/log_counts.pl "$1" <"$2"; }
q() { "$SQLITE3" -batch "$db" "$@"; }
combined() { # combined PATH [STATUS]
  printf '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET %s HTTP/1.1" %s 5 "-" "ua"\n' "$1" "${2:-200}"
}

# until_true SECONDS CMD...: runs CMD every 0.1 s until it succeeds or
# SECONDS have passed (a bound for slow machines, not a timing assertion).
until_true() {
  limit=$(($1 * 10))
  shift
  while ! "$@" && [ "$limit" -gt 0 ]; do
    sleep 0.1
    limit=$((limit - 1))
  done
}

plan 67

# ---- the Apache log ------------------------------------------------------
out=$("$IMPORT_LOG" "$db" $APACHE 2>&1)
ok $? "imports $APACHE"
is "$out" "$APACHE: 10000 lines, 0 already stored, $(counts entries "$tmp/apache_logs") imported, 1 rejected, format combined" \
  "prints the LOG as given, the counts and the detected format"
is "$(q "SELECT DISTINCT source_file FROM log")" "$APACHE_NAME" "the rows' name: the LOG without .gz"
is "$(q "SELECT line FROM rejects WHERE source_file = '$APACHE_NAME'")" "$(counts rejects "$tmp/apache_logs")" \
  "the Apache line that does not parse is rejected"
is "$(q "SELECT CAST(raw AS TEXT), typeof(raw) FROM rejects WHERE line = 8899")" \
  "$(sed -n 8899p "$tmp/apache_logs")|blob" "the rejected line is kept as it was, as a BLOB"
like "$(q "SELECT reason FROM rejects WHERE line = 8899")" "%{User-Agent}i at byte" "with its reason"
is "$(q "SELECT status || ' ' || count(*) FROM log WHERE source_file = '$APACHE_NAME' GROUP BY status ORDER BY status")" \
  "$(counts status "$tmp/apache_logs")" "Apache status histogram"
is "$(q "SELECT sum(bytes) FROM log WHERE source_file = '$APACHE_NAME'")" "$(counts bytes "$tmp/apache_logs")" \
  "Apache bytes"
is "$(q "SELECT count(*) FROM log WHERE source_file = '$APACHE_NAME' AND bytes = 0")" \
  "$(awk 'NR != 8899 && ($10 == "-" || $10 == "0")' "$tmp/apache_logs" | wc -l | tr -d ' ')" "bytes - is 0"
is "$(q "SELECT method || ' ' || count(*) FROM log GROUP BY method ORDER BY method")" \
  "$(awk 'NR != 8899 { print substr($6, 2) }' "$tmp/apache_logs" | sort | uniq -c | awk '{ print $2, $1 }')" \
  "methods"
is "$(q "SELECT typeof(status) || typeof(bytes) || typeof(line) FROM log WHERE bytes IS NOT NULL GROUP BY 1")" \
  "integerintegerinteger" "status, bytes and line are integers"
first=$(head -1 "$tmp/apache_logs" | sed 's/.*\[\([^]]*\)\].*/\1/')
is "$(q "SELECT time || ' ' || time_utc FROM log WHERE source_file = '$APACHE_NAME' AND line = 1")" \
  "$(date -u -d "$(echo "$first" | sed 's|/| |g; s|:| |')" '+%Y-%m-%dT%H:%M:%S+00:00 %Y-%m-%d %H:%M:%S')" \
  "time and time_utc of the first Apache line"
is "$(q "SELECT path FROM log WHERE source_file = '$APACHE_NAME' AND line = 3")" \
  "$(sed -n 3p "$tmp/apache_logs" | awk '{ sub(/\?.*/, "", $7); print $7 }')" "path"

# ---- the NGINX log, named ---------------------------------------------------
out=$("$IMPORT_LOG" --name shop "$db" $NGINX 2>&1)
is "$out" "$NGINX: 1000 lines, 0 already stored, $(counts entries "$tmp/nginx") imported, 0 rejected, format nginx_main" \
  "every NGINX line imported"
is "$(q "SELECT status || ' ' || count(*) FROM log WHERE source_file = 'shop' GROUP BY status ORDER BY status")" \
  "$(counts status "$tmp/nginx")" "NGINX status histogram"
stamp=$(head -1 "$tmp/nginx" | sed 's/.*\[\([^]]*\)\].*/\1/') # 22/Jan/2019:03:56:14 +0330
gnu=$(echo "$stamp" | sed 's|/| |g; s|:| |')                   # 22 Jan 2019 03:56:14 +0330
is "$(q "SELECT time || ' ' || time_utc FROM log WHERE source_file = 'shop' AND line = 1")" \
  "$(TZ=Asia/Tehran date -d "$gnu" '+%Y-%m-%dT%H:%M:%S+03:30') $(date -u -d "$gnu" '+%Y-%m-%d %H:%M:%S')" \
  "a +0330 time keeps its offset; time_utc is UTC"
is "$(q "SELECT coalesce(referrer, '-') || ' | ' || user_agent FROM log WHERE source_file = 'shop' AND line = 2")" \
  "$(sed -n 2p "$tmp/nginx" | awk -F'"' '{ print $4 " | " $6 }')" "referrer and user agent"
is "$(q "SELECT count(*) FROM log WHERE source_file = 'shop' AND extra LIKE '{\"http_x_forwarded_for\":%'")" \
  "$(awk -F'"' '$(NF - 1) != "-"' "$tmp/nginx" | wc -l | tr -d ' ')" "the trailing X-Forwarded-For field is kept in extra"

# Every column of the views gives back what http_log() read (the stored
# parts of the time, the shared user agents and referrers put together).
cols="line, time, time_utc, client, remote_user, method, path, query, protocol, status, bytes, referrer,
  user_agent, host, port, duration, extra, format"
is "$(q "SELECT $cols FROM log WHERE source_file = 'shop' ORDER BY line" | md5sum)" \
  "$("$SQLITE3" -batch :memory: -cmd ".load ${HTTPLOG:-./httplog}" \
    "SELECT $cols FROM http_log('$NGINX') WHERE error IS NULL ORDER BY line" | md5sum)" \
  "the view log reads back every column as http_log() gave it"

# The same for host, port, duration, extra and fractional times with offsets.
full=data/logs/netdata-weblog/full.log
NETDATA='$host:$server_port $remote_addr - - [$time_local] "$request" $status $body_bytes_sent $request_length $request_time $upstream_response_time $scheme $ssl_protocol $ssl_cipher $side $drink $random_time_field'
"$IMPORT_LOG" --format "$NETDATA" "$tmp/round.db" $full >/dev/null
"$IMPORT_LOG" "$tmp/round.db" tests/logs/milliseconds.log tests/logs/vhost_combined.log >/dev/null
for f in $full tests/logs/milliseconds.log tests/logs/vhost_combined.log; do
  arg=$([ $f = $full ] && printf ", '%s'" "$NETDATA")
  is "$("$SQLITE3" -batch "$tmp/round.db" "SELECT $cols FROM log WHERE source_file = '$f' ORDER BY line" | md5sum)" \
    "$("$SQLITE3" -batch :memory: -cmd ".load ${HTTPLOG:-./httplog}" \
      "SELECT $cols FROM http_log('$f'$arg) WHERE error IS NULL ORDER BY line" | md5sum)" \
    "$f: every column read back as http_log() gave it"
done

# ---- content, not names ---------------------------------------------------------
before=$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")
out=$("$IMPORT_LOG" "$db" $APACHE && "$IMPORT_LOG" --name shop "$db" $NGINX)
ok $? "importing both logs again succeeds"
is "$out" "$APACHE: 10000 lines, 10000 already stored, 0 imported, 0 rejected, format combined
$NGINX: 1000 lines, 1000 already stored, 0 imported, 0 rejected, format nginx_main" \
  "and stores nothing: every line is there already"
is "$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")" "$before" "the database is unchanged"
# The same lines under another name, decompressed: the same content.
out=$("$IMPORT_LOG" --name other "$db" "$tmp/nginx" 2>"$tmp/err")
is "$?|$out" "0|$tmp/nginx: 1000 lines, 1000 already stored, 0 imported, 0 rejected, format nginx_main" \
  "the NGINX log decompressed, under another name and --name: already stored"
like "$(cat "$tmp/err")" "stored before under the name 'shop', which its new lines keep" \
  "a content keeps its first name, and the message says so"
is "$(q "SELECT count(*) FROM sources WHERE name = 'shop'")" 1 "one source for the NGINX lines"
"$IMPORT_LOG" --replace --name shop2 "$db" - <"$tmp/nginx" >"$tmp/out"
ok $? "--replace stores it again, here from standard input"
is "$(cat "$tmp/out")" "-: 1000 lines, 0 already stored, $(counts entries "$tmp/nginx") imported, 0 rejected, format nginx_main" \
  "every line imported again"
is "$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")" "$before" "replacing, not adding"
is "$(q "SELECT group_concat(DISTINCT source_file) FROM log WHERE source_file LIKE 'shop%'")" "shop2" \
  "under the NAME of that run"

# Rotation: the live file grows, is renamed, then compressed; the glob's
# name for all of them is the live file's.
mkdir "$tmp/rot"
{ combined /r1; combined /r2; } >"$tmp/rot/access.log"
"$IMPORT_LOG" "$db" "$tmp/rot/access.log*" >/dev/null
combined /r3 >>"$tmp/rot/access.log"
mv "$tmp/rot/access.log" "$tmp/rot/access.log.1"
combined /r4 >"$tmp/rot/access.log"
"$IMPORT_LOG" "$db" "$tmp/rot/access.log*" >"$tmp/out"
is "$(cat "$tmp/out")" "$tmp/rot/access.log.1: 3 lines, 2 already stored, 1 imported, 0 rejected, format combined
$tmp/rot/access.log: 1 lines, 0 already stored, 1 imported, 0 rejected, format combined" \
  "renamed: only its new line; the new file from its start"
gzip "$tmp/rot/access.log.1" && mv "$tmp/rot/access.log.1.gz" "$tmp/rot/access.log.2.gz"
mv "$tmp/rot/access.log" "$tmp/rot/access.log.1"
: >"$tmp/rot/access.log"
"$IMPORT_LOG" "$db" "$tmp/rot/access.log*" >"$tmp/out"
is "$?|$(cut -d: -f2 "$tmp/out" | tr '\n' ';')" \
  "0| 3 lines, 3 already stored, 0 imported, 0 rejected, format combined; 1 lines, 1 already stored, 0 imported, 0 rejected, format combined; 0 lines, 0 already stored, 0 imported, 0 rejected, format not detected;" \
  "compressed and renamed again: nothing new; an empty live file is not an error"
is "$(q "SELECT group_concat(path, ' ') FROM (SELECT path FROM log WHERE source_file = '$tmp/rot/access.log' ORDER BY path)")" \
  "/r1 /r2 /r3 /r4" "every line once, all under the live file's name"

# Two logs that start alike, with a probe's line: a head of less than 4096
# bytes matches only a content of the same name.
probe='127.0.0.1 - - [01/Mar/2024:00:00:00 +0000] "GET /health HTTP/1.1" 200 2 "-" "probe"'
mkdir "$tmp/sites"
printf '%s\n' "$probe" >"$tmp/sites/a.log"
printf '%s\n' "$probe" >"$tmp/sites/b.log"
combined /b2 >>"$tmp/sites/b.log"
"$IMPORT_LOG" "$db" "$tmp/sites/a.log" "$tmp/sites/b.log" >"$tmp/out"
is "$(cut -d, -f3 "$tmp/out" | tr '\n' ';')" " 1 imported; 2 imported;" \
  "two logs starting with the same line, under their own names: each imported"
"$IMPORT_LOG" "$db" "$tmp/sites/b.log" "$tmp/sites/a.log" >"$tmp/out"
is "$(q "SELECT source_file || ' ' || group_concat(path, ' ') FROM log WHERE source_file LIKE '%/sites/%'
  GROUP BY source_file ORDER BY 1" | sed "s|$tmp/sites/||")|$(cut -d, -f2 "$tmp/out" | tr '\n' ';')" \
  "a.log /health
b.log /health /b2| 2 already stored; 1 already stored;" "and each keeps its own lines"

# Different contents, in one run; a.log.gz holds a.log's lines.
mkdir "$tmp/web1" "$tmp/web2"
combined /one >"$tmp/web1/access.log"
{ combined /two; combined /three; } >"$tmp/web2/access.log"
{ combined /four; combined /five; } >"$tmp/a.log" && gzip -k "$tmp/a.log"
(cd "$tmp" && "$IMPORT_LOG" "$db" web1/access.log web2/access.log a.log a.log.gz >"$tmp/out")
ok $? "several files in one run"
is "$(q "SELECT source_file || ' ' || count(*) FROM log WHERE source_file IN ('web1/access.log', 'web2/access.log', 'a.log')
  GROUP BY source_file ORDER BY 1")" "a.log 2
web1/access.log 1
web2/access.log 2" "a file per content; a.log.gz adds nothing to a.log"
# An older content grows while a newer one has rows: its new lines go to
# their own places, not after the newer content's.
{ combined /six; combined /seven; } >>"$tmp/web1/access.log"
combined /eight >>"$tmp/web2/access.log"
(cd "$tmp" && "$IMPORT_LOG" "$db" web1/access.log web2/access.log >/dev/null)
is "$(q "SELECT group_concat(source_file || ':' || line || path, ' ') FROM (SELECT * FROM log
  WHERE source_file LIKE 'web%' ORDER BY source_file, line)")" \
  "web1/access.log:1/one web1/access.log:2/six web1/access.log:3/seven web2/access.log:1/two web2/access.log:2/three web2/access.log:3/eight" \
  "lines added to an older content and to a newer one: each numbered in its own file"

# ---- failures ---------------------------------------------------------------
printf 'nothing here parses\nat all\n' >"$tmp/nothing.log"
"$IMPORT_LOG" "$db" "$tmp/nothing.log" >"$tmp/out" 2>"$tmp/err"
is $? 1 "a file where nothing parses: exit 1"
is "$(cat "$tmp/out")" "$tmp/nothing.log: 2 lines, 0 already stored, 0 imported, 2 rejected, format not detected" \
  "the counts say so"
like "$(cat "$tmp/err")" "no line parsed; the first: format not detected" "and why"
like "$(cat "$tmp/err")" "(the importer's --format)" "naming the option that gives the format"
is "$(q "SELECT count(*) FROM sources WHERE name = '$tmp/nothing.log'")" 0 "nothing of it is stored"
# A new log whose only line is being written: not a failure; stored, then
# replaced once complete.
printf '%s' '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET /being' >"$tmp/young.log"
"$IMPORT_LOG" "$db" "$tmp/young.log" >"$tmp/out" 2>&1
is "$?|$(cat "$tmp/out")" "0|$tmp/young.log: 1 lines, 0 already stored, 0 imported, 1 rejected, format not detected" \
  "a log of one line without its newline yet: exit 0"
printf '%s\n' '/written HTTP/1.1" 200 5 "-" "ua"' >>"$tmp/young.log"
"$IMPORT_LOG" "$db" "$tmp/young.log" >"$tmp/out" 2>&1
is "$?|$(cat "$tmp/out")|$(q "SELECT path FROM log WHERE source_file = '$tmp/young.log';
  SELECT count(*) FROM rejects WHERE source_file = '$tmp/young.log'")" \
  "0|$tmp/young.log: 1 lines, 0 already stored, 1 imported, 0 rejected, format combined|/being/written
0" "once complete, the line replaces what was stored of it"
combined /good1 >"$tmp/good1.log"
combined /good2 >"$tmp/good2.log"
"$IMPORT_LOG" "$db" "$tmp/good1.log" "$tmp/nothing.log" "$tmp/good2.log" >"$tmp/out" 2>/dev/null
is "$?|$(cut -d, -f1,3 "$tmp/out" | tr '\n' ';')" \
  "1|$tmp/good1.log: 1 lines, 1 imported;$tmp/nothing.log: 2 lines, 0 imported;$tmp/good2.log: 1 lines, 1 imported;" \
  "one bad file among several: exit 1, the good ones imported"
"$IMPORT_LOG" "$db" "$tmp/missing.log" >/dev/null 2>"$tmp/err"
is $? 1 "a missing log fails"
like "$(cat "$tmp/err")" "httpstatus-import: $tmp/missing.log: cannot open '$tmp/missing.log'" "and says why"

# Databases of another shape: refused, and left as they were.
shape() { # shape SQL MESSAGE NAME: a database made by SQL is refused with MESSAGE
  rm -f "$tmp/shape.db"
  "$SQLITE3" "$tmp/shape.db" "$1"
  dump=$("$SQLITE3" "$tmp/shape.db" .dump)
  "$IMPORT_LOG" "$tmp/shape.db" "$tmp/good1.log" >/dev/null 2>"$tmp/err"
  is "$?|$(cat "$tmp/err")" "1|httpstatus-import: $tmp/shape.db $2" "$3"
  is "$("$SQLITE3" "$tmp/shape.db" .dump)" "$dump" "$3: the database is left as it was"
}
shape "CREATE TABLE log (source_file TEXT, line INTEGER)" \
  "has a table log (written by an older importer, or by something else): the importer writes a view log; import into another database" \
  "a table log (the first importer's) is refused"
shape "CREATE TABLE t (a, b); CREATE VIEW log AS SELECT a AS time, b AS status FROM t" \
  "has a view log with the columns (time status), not the importer's view log (source_file line time time_utc client remote_user method path query protocol status bytes referrer user_agent host port duration extra format); import into another database" \
  "a view log of other columns is refused"
shape "CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, file TEXT NOT NULL, format TEXT, lines INTEGER NOT NULL DEFAULT 0, rows INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, imported_at TEXT)" \
  "was written by an earlier httpstatus-import, which knew files by name and not by content; import into a new database" \
  "a database of the importer that knew files by name is refused"
shape "CREATE TABLE user_agents (id INTEGER PRIMARY KEY, agent TEXT)" \
  "has a table user_agents with the columns (id agent), not the importer's table user_agents (id user_agent); import into another database" \
  "a table of the importer's names and other columns is refused"

# ---- any file name, and make import ------------------------------------------
odd="$tmp/it's a \"log\".log"
combined /odd >"$odd"
# A make of its own: under a parent make (make -j2 test, as in a package
# build) the inherited MAKEFLAGS would add jobserver warnings to the output.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s import LOG="$odd" DB="$tmp/odd's.db" \
  NAME="it's" >"$tmp/out" 2>&1
is "$(cat "$tmp/out")" "$odd: 1 lines, 0 already stored, 1 imported, 0 rejected, format combined" \
  "make import: a file name with quotes and spaces, and NAME"
is "$("$SQLITE3" "$tmp/odd's.db" "SELECT source_file FROM log")" "it's" "NAME labels the rows"
is "$("$SQLITE3" "$tmp/odd's.db" "SELECT path FROM log")" "/odd" "its rows are there"

# ---- locks and WAL -------------------------------------------------------------
is "$(q "PRAGMA journal_mode")" "wal" "the database is in WAL mode"
combined /locked >"$tmp/locked.log"
# The locker holds a write transaction until told to release it; the shell
# touches $tmp/locked once BEGIN IMMEDIATE has run.
{
  echo "BEGIN IMMEDIATE; DELETE FROM sources WHERE 0;"
  echo ".shell touch '$tmp/locked'"
  until [ -f "$tmp/release" ]; do sleep 0.1; done
  echo "COMMIT;"
} | "$SQLITE3" "$db" &
locker=$!
until_true 30 test -f "$tmp/locked"
"$IMPORT_LOG" --timeout 1 "$db" "$tmp/locked.log" >/dev/null 2>"$tmp/err"
is "$?:$(grep -c 'database is locked' "$tmp/err")" "1:1" "--timeout 1 on a locked database fails, saying so"
"$IMPORT_LOG" "$db" "$tmp/locked.log" >/dev/null 2>&1 &
waiter=$!
sleep 0.5
touch "$tmp/release"
wait $waiter
ok $? "the default timeout waits for the lock"
wait $locker
# Three importers of one file at once, into a new database: its lines once.
for i in 1 2 3; do
  ("$IMPORT_LOG" "$tmp/twice.db" "$tmp/apache_logs" >/dev/null 2>"$tmp/twice$i.err"; echo $? >"$tmp/twice$i") &
done
wait
is "$(cat "$tmp/twice1" "$tmp/twice2" "$tmp/twice3" "$tmp"/twice?.err | tr -d '\n')|$("$SQLITE3" "$tmp/twice.db" "SELECT count(*), count(DISTINCT line) FROM log")" \
  "000|$(counts entries "$tmp/apache_logs")|$(counts entries "$tmp/apache_logs")" \
  "three importers of one file at the same time: all exit 0, each line stored once"

# ---- size: the database holds the Apache log in fewer bytes than the log ----------
"$IMPORT_LOG" "$tmp/size.db" "$tmp/apache_logs" >/dev/null
"$SQLITE3" "$tmp/size.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
db_bytes=$(wc -c <"$tmp/size.db")
log_bytes=$(wc -c <"$tmp/apache_logs")
ok $((db_bytes > log_bytes)) "the database ($db_bytes bytes) is smaller than the log ($log_bytes bytes)"

# Python reads every row, whatever bytes the log had (text is valid UTF-8).
printf '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET /caf\351 HTTP/1.1" 200 5 "-" "\377ua"\n' >"$tmp/latin1.log"
"$IMPORT_LOG" "$db" "$tmp/latin1.log" >/dev/null
is "$("$PYTHON" -c '
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
print(len(con.execute("SELECT * FROM log").fetchall()) == con.execute("SELECT count(*) FROM log").fetchone()[0],
      con.execute("SELECT path, user_agent FROM log WHERE source_file = ?", (sys.argv[2],)).fetchone())
' "$db" "$tmp/latin1.log")" "True ('/caf\\\\xE9', '\\\\xFFua')" "Python's sqlite3 reads every row; invalid bytes as \\xNN"
