#!/bin/sh
# http_log() on every real third-party log under data/logs/ (SOURCE.md
# beside each): one row per line, and for each line the same outcome as
# tests/log_expect.py, a strict reader written in Python without SQLite:
# parsed with the same status, or an error row.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
INGRESS='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id'
NETDATA='$host:$server_port $remote_addr - - [$time_local] "$request" $status $body_bytes_sent $request_length $request_time $upstream_response_time $scheme $ssl_protocol $ssl_cipher $side $drink $random_time_field'
# file|format given to http_log ('' to detect)|shape for log_expect.py|format expected in
# rows|a known disagreement (the check is then a TODO: reported, not failing)
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
CASES

plan $((3 * $(wc -l <"$tmp/cases") + 2))

# todo REASON GOT EXPECTED NAME: "is", marked TODO when REASON is set.
todo() {
  if [ -z "$1" ]; then
    is "$2" "$3" "$4"
  else
    test_count=$((test_count + 1))
    if [ "$2" = "$3" ]; then echo "ok $test_count - $4 # TODO $1"; else echo "not ok $test_count - $4 # TODO $1"; fi
  fi
}

while IFS='|' read -r file format shape expected_format known; do
  log=data/logs/$file
  plain=$tmp/plain
  case $log in *.gz) gzip -dc "$log" >"$plain" ;; *) cp "$log" "$plain" ;; esac
  # Lines, counted by Python on the bytes: a last line without \n counts.
  lines=$("$PYTHON" -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.count(b"\n") + (not d.endswith(b"\n") and len(d) > 0))' "$plain")
  fmt=$(printf '%s' "$format" | sed "s/'/''/g")
  arg=$([ -n "$format" ] && printf ", '%s'" "$fmt")
  is "$(hl "SELECT count(*), count(error IS NULL OR NULL), count(error) FROM http_log('$log'$arg)" | cut -d'|' -f1)" \
    "$lines" "$file: one row per line ($lines)"
  histogram=$("$PYTHON" tests/log_expect.py "$plain" "$shape" | cut -d'|' -f2 | sort | uniq -c |
    awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
  todo "$known" "$(hl "SELECT line || '|' || CASE WHEN error IS NOT NULL THEN 'NULL' ELSE coalesce(status, '-') END
    FROM http_log('$log'$arg) ORDER BY line")" "$("$PYTHON" tests/log_expect.py "$plain" "$shape")" \
    "$file: each line parsed with the status a strict reader finds, or an error row ($histogram)"
  if [ -n "$expected_format" ]; then
    is "$(hl "SELECT group_concat(DISTINCT format) FROM http_log('$log'$arg) WHERE error IS NULL")" \
      "$expected_format" "$file: detected as $expected_format"
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
