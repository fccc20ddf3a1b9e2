#!/bin/sh
# http_log() on every real third-party log under data/logs/ (SOURCE.md
# beside each): one row per line, numbered from 1, and for each line the same
# outcome as tests/log_expect.py, a strict reader written in Python without
# SQLite: parsed with the same status, or an error row. Then what awk cuts
# from particular logs (syslog headers, Telegraf's last column, Matomo's
# virtual host), and for the two logs make demo imports, the per-status
# counts of a second, simpler reader (a Python regular expression) and of
# awk's status field.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
INGRESS='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id'
NETDATA='$host:$server_port $remote_addr - - [$time_local] "$request" $status $body_bytes_sent $request_length $request_time $upstream_response_time $scheme $ssl_protocol $ssl_cipher $side $drink $random_time_field'
# file|format given to http_log ('' to detect)|shape for log_expect.py|format expected in
# every row, error rows too ('' when the format is given)
cat >"$tmp/cases" <<CASES
elastic-apache/apache_logs.gz||combined|combined
lnav-shop-nginx/logfile_shop_access_log.0.gz||nginx_main|nginx_main
beats-apache/darwin-2.4.23.log||common|common
beats-apache/test.log|combined|combined|combined
beats-apache/test-vhost.log|%v %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"|vhost_noport|
beats-apache/ssl-request.log|%t %h %{SSL_PROTOCOL}x %{SSL_CIPHER}x "%r" %b|ssl_request|
lnav-access/logfile_access_log.0||combined|combined
lnav-access/logfile_regexp_access_log.0|%v:%p %h %{X-Session}i %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D|vhost_port_usec|
beats-nginx/ingress-controller.log|$INGRESS|ingress|
netdata-weblog/common.log||common|common
netdata-weblog/full.log|$NETDATA|netdata_full|
crowdsec-syslog-nginx/http-bf-wordpress-bf.log||syslog_combined|syslog_combined
crowdsec-syslog-nginx/http-wordpress_wpconfig.log||syslog_combined|syslog_combined
telegraf-nginx/nginx_logs||combined_usec|combined_usec
matomo-vhost/common_vhost.log||vhost_common|vhost_common
CASES

DEMO_LOGS="data/logs/elastic-apache/apache_logs.gz data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz"
plan $((3 * $(wc -l <"$tmp/cases") + 6 + 2 * $(echo $DEMO_LOGS | wc -w) + 1))

while IFS='|' read -r file format shape expected_format; do
  log=data/logs/$file
  plain=$tmp/plain
  case $log in *.gz) gzip -dc "$log" >"$plain" ;; *) cp "$log" "$plain" ;; esac
  # Lines, counted by Python on the bytes: a last line without \n counts.
  lines=$("$PYTHON" -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.count(b"\n") + (not d.endswith(b"\n") and len(d) > 0))' "$plain")
  fmt=$(printf '%s' "$format" | sed "s/'/''/g")
  arg=$([ -n "$format" ] && printf ", '%s'" "$fmt")
  is "$(hl "SELECT count(*), max(line) FROM http_log('$log'$arg)")" "$lines|$lines" \
    "$file: one row per line ($lines), numbered 1 to $lines"
  histogram=$("$PYTHON" tests/log_expect.py "$plain" "$shape" | cut -d'|' -f2 | sort | uniq -c |
    awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
  is "$(hl "SELECT line || '|' || CASE WHEN error IS NOT NULL THEN 'NULL' ELSE coalesce(status, '-') END
    FROM http_log('$log'$arg) ORDER BY line")" "$("$PYTHON" tests/log_expect.py "$plain" "$shape")" \
    "$file: each line parsed with the status a strict reader finds, or an error row ($histogram)"
  if [ -n "$expected_format" ]; then
    is "$(hl "SELECT group_concat(DISTINCT coalesce(format, 'NULL')) FROM http_log('$log'$arg)")" \
      "$expected_format" "$file: detected as $expected_format, every row (error rows too) says so"
  else
    is "$(hl "SELECT count(*) FROM http_log('$log'$arg) WHERE error IS NULL AND format IS NULL")" "0" \
      "$file: parsed rows say their format"
  fi
done <"$tmp/cases"

# The syslog header is kept in extra, and time is NGINX's own (the header has
# no year); the expected values are cut from each line by awk.
for log in data/logs/crowdsec-syslog-nginx/*.log; do
  is "$(hl "SELECT json_extract(extra, '\$.syslog_time') || '|' || json_extract(extra, '\$.syslog_host') || '|'
      || json_extract(extra, '\$.syslog_tag') || '|' || time FROM http_log('$log') WHERE error IS NULL ORDER BY line")" \
    "$(awk 'NF { split(substr($9, 2), d, /[\/:]/); m = index("JanFebMarAprMayJunJulAugSepOctNovDec", d[2])
      printf "%s|%s|%s|%s-%02d-%sT%s:%s:%s%s:%s\n", substr($0, 1, 15), $4, substr($5, 1, length($5) - 1),
        d[3], (m + 2) / 3, d[1], d[4], d[5], d[6], substr($10, 1, 3), substr($10, 4, 2) }' "$log")" \
    "$(basename "$log"): syslog time (days 1-9 space-padded), host and tag in extra; time from the NGINX field"
done

# Telegraf's last column is read as %D: duration is it over 10^6 seconds,
# whatever its unit really is (SOURCE.md); combined keeps it as a field
# after its own, never in a column.
TG=data/logs/telegraf-nginx/nginx_logs
is "$(hl "SELECT line || '|' || CAST(round(duration * 1000000) AS INTEGER) FROM http_log('$TG') ORDER BY line")" \
  "$(awk '{ print NR "|" $NF }' "$TG")" "nginx_logs: duration is the last number (awk) over 10^6, line by line"
is "$(hl "SELECT line || '|' || json_extract(extra, '\$.trailing_fields[0]') || '|' || (duration IS NULL)
  FROM http_log('$TG', 'combined') ORDER BY line")" "$(awk '{ print NR "|" $NF "|1" }' "$TG")" \
  "nginx_logs: read as combined, the last number (awk) is kept in extra's trailing_fields, not a column"

# Matomo's line: the virtual host, client and user in their columns as awk
# cuts them; read as common, the host would be the client, so it is refused.
MV=data/logs/matomo-vhost/common_vhost.log
is "$(hl "SELECT host || '|' || client || '|' || remote_user || '|' || status || '|' || bytes FROM http_log('$MV')")" \
  "$(awk '{ print $1 "|" $2 "|" $4 "|" $10 "|" $11 }' "$MV")" "common_vhost.log: %v, %h, %u, status and bytes in their columns"
is "$(hl "SELECT count(error) FROM http_log('$MV', 'common')")" "1" \
  "common_vhost.log: read as common, an error row (the user where the time should be)"

# The two logs make demo imports, read by a second reader: the per-status
# counts of a simpler regular expression (combined, then any number of
# quoted fields; no check of addresses or dates), and the lines it does not
# read as status NULL; a row has a status or an error, never both or neither.
for log in $DEMO_LOGS; do
  expected=$(gzip -dc "$log" | "$PYTHON" -c '
import re, sys, collections
q = r"\"((?:[^\"\\]|\\.)*)\""
line_re = re.compile(r"^(\S+) (\S+) (\S+) \[(\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] " + q
                     + r" (\d{3}) (\d+|-) " + q + " " + q + "(?: " + q + ")*$")
counts = collections.Counter()
for raw in sys.stdin.buffer:
    m = line_re.match(raw.rstrip(b"\n").decode("latin-1"))
    counts[m.group(6) if m else "NULL"] += 1
for k in sorted(counts, key=lambda k: (k == "NULL", k)):
    print(f"{k}|{counts[k]}")
')
  is "$(hl "SELECT coalesce(status, 'NULL'), count(*) FROM http_log('$log') GROUP BY status
    ORDER BY status IS NULL, status")" "$expected" "$log: rows per status as a simpler regex reads them"
  is "$(hl "SELECT count(*) FROM http_log('$log') WHERE (error IS NULL) = (status IS NULL)")" "0" \
    "$log: a row has a status or an error, never both or neither"
done

# awk's ninth field is the status on every line of the NGINX log.
log=data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
is "$(hl "SELECT status, count(*) FROM http_log('$log') GROUP BY 1")" \
  "$(gzip -dc "$log" | awk '{n[$9]++} END {for (s in n) print s "|" n[s]}' | sort)" "$log: awk agrees"
