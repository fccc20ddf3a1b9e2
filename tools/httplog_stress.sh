#!/bin/sh
# make stress-httplog: inputs too big for make test. A 1 GiB line (then a
# good one) through a pipe, and a 1M-line log plain and gzipped: the rows
# come out right and peak memory stays flat (GNU time's maximum RSS).
set -eu
HTTPLOG=${HTTPLOG:-./httplog}
SQLITE3=${SQLITE3:-sqlite3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
line='1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"'
fail=0

got=$({ head -c 1073741824 /dev/zero | tr '\0' a; printf '\n%s\n' "$line"; } |
  /usr/bin/time -f '%M' -o "$tmp/rss" "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
    "SELECT line, length(raw), error IS NOT NULL, status FROM http_log('/dev/stdin', 'combined')")
echo "1 GiB line: $(echo $got) (peak RSS $(cat "$tmp/rss") KB)"
[ "$got" = "1|1048576|1|
2|${#line}|0|200" ] || { echo "stress: wrong rows for the 1 GiB line" >&2; fail=1; }

for n in 100000 1000000; do
  yes "$line" | head -n $n >"$tmp/a.log"
  gzip -c "$tmp/a.log" >"$tmp/a.log.gz"
  for f in a.log a.log.gz; do
    got=$(/usr/bin/time -f '%e %M' -o "$tmp/t" "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
      "SELECT count(*), count(error) FROM http_log('$tmp/$f')")
    echo "$n lines, $f: rows|errors $got, seconds and peak RSS KB: $(cat "$tmp/t")"
    [ "$got" = "$n|0" ] || { echo "stress: wrong count for $f" >&2; fail=1; }
  done
done
exit $fail
