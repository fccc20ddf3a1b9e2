#!/bin/sh
# make demo: builds, imports the shipped logs and prints the report. The
# counts it must show come from tests/log_counts.pl on the raw logs.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
APACHE=data/logs/elastic-apache/apache_logs.gz
NGINX=data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
gzip -dc $APACHE >"$tmp/apache_logs"
gzip -dc $NGINX >"$tmp/nginx"

set -- examples/*.sql
plan $((4 + $#))

out=$(make --no-print-directory -s demo DEMO_DB="$tmp/demo.db" SQLITE3="$SQLITE3" 2>&1)
ok $? "make demo runs"
like "$out" "apache_logs.gz: 10000 lines, 0 already stored, $(perl tests/log_counts.pl entries <"$tmp/apache_logs") imported, 1 rejected" \
  "it imports the Apache log"
like "$out" "logfile_shop_access_log.0.gz: 1000 lines, 0 already stored, 1000 imported, 0 rejected" "and the NGINX log"
for f in examples/*.sql; do
  like "$out" "$(sed -n '1s/^-- /== /p' "$f")" "it prints $f"
done
# The Success row of the Apache log: "│ apache_logs │ 2xx │ Success │ N │" in
# box mode (numbers right-aligned from 3.52), or the same without bars.
success=$(perl tests/log_counts.pl class <"$tmp/apache_logs" | sed -n 's/^Success //p')
echo "$out" | grep -Eq "apache_logs *│? *2xx *│? *Success *│? *$success( |$)"
ok $? "the report shows $success Success requests in apache_logs"
