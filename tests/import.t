#!/bin/sh
# The log importer (tools/import_log.c) on the shipped real logs and on
# hand-made malformed lines. Expected counts come from tests/log_counts.pl,
# which parses the logs with Perl regular expressions, and from date(1).
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/import_log}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
APACHE=data/logs/elastic-apache/apache_logs.gz
NGINX=data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/logs.db
gzip -dc $APACHE >"$tmp/apache_logs"
gzip -dc $NGINX >"$tmp/nginx"
counts() { perl tests/log_counts.pl "$1" <"$2"; }
q() { "$SQLITE3" -batch "$db" "$@"; }

plan 32

# Apache: every line but the truncated one.
out=$("$IMPORT_LOG" "$db" $APACHE 2>&1)
ok $? "imports $APACHE"
is "$out" "apache_logs: $(counts lines "$tmp/apache_logs") lines, $(counts entries "$tmp/apache_logs") imported, 1 rejected" \
  "prints the counts of the Apache log"
is "$(q "SELECT line FROM rejects WHERE source_file = 'apache_logs'")" "$(counts rejects "$tmp/apache_logs")" \
  "the Apache line that does not parse is rejected"
is "$(q "SELECT raw FROM rejects WHERE line = 8899")" "$(sed -n 8899p "$tmp/apache_logs")" \
  "the rejected line is kept as it was"
is "$(q "SELECT reason FROM rejects WHERE line = 8899")" "user agent not quoted" "with its reason"
is "$(q "SELECT status || ' ' || count(*) FROM log WHERE source_file = 'apache_logs' GROUP BY status ORDER BY status")" \
  "$(counts status "$tmp/apache_logs")" "Apache status histogram"
is "$(q "SELECT sum(bytes) FROM log WHERE source_file = 'apache_logs'")" "$(counts bytes "$tmp/apache_logs")" \
  "Apache bytes, - counted as 0"
is "$(q "SELECT count(*) FROM log WHERE source_file = 'apache_logs' AND bytes = 0")" \
  "$(awk '$10 == "-" || $10 == "0"' "$tmp/apache_logs" | wc -l | tr -d ' ')" "Apache bytes - is 0"
is "$(q "SELECT method || ' ' || count(*) FROM log GROUP BY method ORDER BY method")" \
  "$(awk 'NR != 8899 { print substr($6, 2) }' "$tmp/apache_logs" | sort | uniq -c | awk '{ print $2, $1 }')" \
  "methods"
is "$(q "SELECT typeof(status) || typeof(bytes) || typeof(line) FROM log GROUP BY 1")" "integerintegerinteger" \
  "status, bytes and line are integers"

# Time: ISO-8601 with the offset, and UTC, against date(1).
first=$(head -1 "$tmp/apache_logs" | sed 's/.*\[\([^]]*\)\].*/\1/')
is "$(q "SELECT time FROM log WHERE source_file = 'apache_logs' AND line = 1")" \
  "$(date -d "$(echo "$first" | sed 's|/| |g; s|:| |')" '+%Y-%m-%dT%H:%M:%S+00:00' 2>/dev/null)" \
  "time of the first Apache line"

# NGINX combined with a trailing "$http_x_forwarded_for".
out=$("$IMPORT_LOG" "$db" $NGINX 2>&1)
is "$out" "logfile_shop_access_log.0: $(counts lines "$tmp/nginx") lines, $(counts entries "$tmp/nginx") imported, 0 rejected" \
  "the NGINX log: every line imported"
is "$(q "SELECT status || ' ' || count(*) FROM log WHERE source_file = 'logfile_shop_access_log.0' GROUP BY status ORDER BY status")" \
  "$(counts status "$tmp/nginx")" "NGINX status histogram"
is "$(q "SELECT extra FROM log WHERE source_file = 'logfile_shop_access_log.0' ORDER BY line")" \
  "$(awk -F'"' '{ print "\"" $(NF - 1) "\"" }' "$tmp/nginx")" "the trailing field is kept in extra"
stamp=$(head -1 "$tmp/nginx" | sed 's/.*\[\([^]]*\)\].*/\1/')   # 22/Jan/2019:03:56:14 +0330
gnu=$(echo "$stamp" | sed 's|/| |g; s|:| |')                     # 22 Jan 2019 03:56:14 +0330
is "$(q "SELECT time || ' ' || time_utc FROM log WHERE source_file = 'logfile_shop_access_log.0' AND line = 1")" \
  "$(TZ=Asia/Tehran date -d "$gnu" '+%Y-%m-%dT%H:%M:%S+03:30') $(date -u -d "$gnu" '+%Y-%m-%d %H:%M:%S')" \
  "a +0330 time keeps its offset; time_utc is UTC"
is "$(q "SELECT referrer || ' | ' || user_agent FROM log WHERE source_file = 'logfile_shop_access_log.0' AND line = 2")" \
  "$(sed -n 2p "$tmp/nginx" | awk -F'"' '{ print $4 " | " $6 }')" "referrer and user agent"
is "$(q "SELECT method || ' ' || path || ' ' || protocol = request FROM log GROUP BY 1")" "1" \
  "method, path and protocol put back together give the request"

# Importing again does not duplicate.
before=$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")
"$IMPORT_LOG" "$db" $APACHE >/dev/null && "$IMPORT_LOG" "$db" $NGINX >/dev/null
is "$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")" "$before" "re-importing both logs changes nothing"
"$IMPORT_LOG" "$db" - apache_logs <"$tmp/apache_logs" >/dev/null
is "$(q "SELECT count(*) FROM log; SELECT count(*) FROM rejects")" "$before" \
  "nor does the same log, uncompressed, on standard input"
"$IMPORT_LOG" "$db" "$tmp/nginx" copy >/dev/null
is "$(q "SELECT count(*) FROM log WHERE source_file = 'copy'")" "$(counts entries "$tmp/nginx")" \
  "another NAME is another source"

# Hand-made lines: one per way to be malformed, and some that are fine.
{
  printf '%s\n' '10.0.0.1 - alice [01/Feb/2024:00:00:01 -0500] "GET /common HTTP/1.0" 401 -'
  printf '\n'
  printf '%s\r\n' '10.0.0.2 - - [01/Feb/2024:00:00:02 +0000] "GET /crlf HTTP/1.1" 200 5 "-" "curl/8"'
  printf '%s\n' 'garbage without brackets'
  printf '%s\n' '10.0.0.4 - - [31/Foo/2024:00:00:04 +0000] "GET / HTTP/1.1" 200 5 "-" "x"'
  printf '%s\n' '10.0.0.5 - - [01/Feb/2024:25:00:05 +0000] "GET / HTTP/1.1" 200 5 "-" "x"'
  printf '%s\n' '10.0.0.6 - - [01/Feb/2024:00:00:06 +0000] "GET / HTTP/1.1'
  printf '%s\n' '10.0.0.7 - - [01/Feb/2024:00:00:07 +0000] "GET / HTTP/1.1" 2x0 5 "-" "x"'
  printf '%s\n' '10.0.0.8 - - [01/Feb/2024:00:00:08 +0000] "GET / HTTP/1.1" 200 five "-" "x"'
  printf '%s\n' '10.0.0.9 - - [01/Feb/2024:00:00:09 +0000] "GET / HTTP/1.1" 200 5 - "x"'
  printf '%s\n' '10.0.0.10 - - [01/Feb/2024:00:00:10 +0000] "GET / HTTP/1.1" 200 5 "-" "cut'
  printf '%s\n' '10.0.0.11 - - [01/Feb/2024:00:00:11 +0000] "GET /q\"uote HTTP/1.1" 499 0 "-" "say \"hi\"" "1.2.3.4"'
  printf '%s\n' '10.0.0.12 - - [01/Feb/2024:00:00:12 +0000] "-" 400 0 "-" "-"'
  printf '%s\n' '10.0.0.13 - - [01/Feb/2024:00:00:13 +0000] "GET / HTTP/1.1" 200'
} >"$tmp/hand.log"
out=$("$IMPORT_LOG" "$db" "$tmp/hand.log" 2>&1)
is "$out" "hand.log: 14 lines, 4 imported, 10 rejected" "hand-made lines: counts"
is "$(q "SELECT group_concat(line || ' ' || reason, '; ') FROM (SELECT * FROM rejects WHERE source_file = 'hand.log' ORDER BY line)")" \
  "2 empty line; 4 no [time] followed by a quoted request; 5 bad time; 6 bad time; 7 request not closed by a quote; 8 status is not three digits followed by bytes; 9 bytes is not a number or -; 10 referrer not quoted; 11 user agent not quoted; 14 status is not three digits followed by bytes" \
  "each malformed line is rejected with its reason"
is "$(q "SELECT count(*) FROM rejects WHERE source_file = 'hand.log' AND raw = '' AND line = 2")" 1 \
  "an empty line is kept as an empty reject"
is "$(q "SELECT raw FROM rejects WHERE source_file = 'hand.log' AND line = 9")" "$(sed -n 9p "$tmp/hand.log")" \
  "a rejected line is kept whole"
is "$(q "SELECT quote(remote_user) || ' ' || quote(referrer) || ' ' || quote(user_agent) || ' ' || status || ' ' || bytes || ' ' || time || ' ' || time_utc FROM log WHERE source_file = 'hand.log' AND line = 1")" \
  "'alice' NULL NULL 401 0 2024-02-01T00:00:01-05:00 2024-02-01 05:00:01" "common format: no referrer or user agent"
is "$(q "SELECT path || ' ' || user_agent FROM log WHERE source_file = 'hand.log' AND line = 3")" "/crlf curl/8" \
  "a CRLF line ending is not part of the last field"
is "$(q "SELECT path || '|' || user_agent || '|' || extra || '|' || status FROM log WHERE source_file = 'hand.log' AND line = 12")" \
  '/q\"uote|say \"hi\"|"1.2.3.4"|499' "escaped quotes stay inside their field; extra fields are kept"
is "$(q "SELECT quote(method) || ' ' || quote(path) || ' ' || quote(protocol) || ' ' || request FROM log WHERE source_file = 'hand.log' AND line = 13")" \
  "NULL NULL NULL -" "a request of - has no method, path or protocol"
is "$(q "SELECT count(*) FROM log WHERE source_file = 'hand.log' AND line IN (1, 3, 12, 13)")" 4 \
  "the well-formed hand-made lines are imported"

# Errors: a missing file, bad usage.
"$IMPORT_LOG" "$db" "$tmp/missing.log" >/dev/null 2>"$tmp/err"
is $? 1 "a missing log fails: exit status 1"
is "$(cat "$tmp/err")" "httpstatus: cannot read $tmp/missing.log" "and says why"
"$IMPORT_LOG" "$db" >/dev/null 2>&1
is $? 2 "bad usage exits 2"
