#!/bin/sh
# http_log() on the shipped real logs (data/logs/*/, gzipped): one row per
# line, and per-status counts equal to those of an independent reader (a
# Python regular expression for combined lines, awk for the status field).
. tests/lib.sh
. tests/httplog_lib.sh

plan 8

for log in data/logs/elastic-apache/apache_logs.gz data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz; do
  lines=$(gzip -dc "$log" | wc -l)
  is "$(hl "SELECT count(*), max(line) FROM http_log('$log')")" "$lines|$lines" "$log: one row per line ($lines)"
  # status counts of the lines a strict combined (+ trailing quoted fields) regex reads,
  # and the count of lines it does not read, as status NULL
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
    ORDER BY status IS NULL, status")" "$expected" "$log: rows per status as a regex reads them"
  is "$(hl "SELECT count(*) FROM http_log('$log') WHERE (error IS NULL) = (status IS NULL)")" "0" \
    "$log: a row has a status or an error, never both or neither"
done

# awk's ninth field is the status on every line of the NGINX log.
log=data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
is "$(hl "SELECT status, count(*) FROM http_log('$log') GROUP BY 1")" \
  "$(gzip -dc "$log" | awk '{n[$9]++} END {for (s in n) print s "|" n[s]}' | sort)" "$log: awk agrees"
is "$(hl "SELECT DISTINCT format FROM http_log('$log')")" "nginx_main" "$log: detected as nginx_main"
