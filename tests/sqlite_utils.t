#!/bin/sh
# sqlite-utils (Debian package sqlite-utils) with --load-extension, on a
# database imported from the shipped Apache log. Skipped without sqlite-utils.
. tests/lib.sh

if ! command -v sqlite-utils >/dev/null 2>&1; then
  echo "1..0 # SKIP sqlite-utils is not installed (apt-get install sqlite-utils)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
import_log "$tmp/logs.db" data/logs/elastic-apache/apache_logs.gz

plan 4

out=$(sqlite-utils query :memory: \
  "SELECT http_status_line(404) AS line, http_status_name(499, 'nginx') AS name" \
  --load-extension "$EXTENSION" 2>&1)
is "$out" '[{"line": "404 Not Found", "name": "Client Closed Request"}]' \
  "--load-extension loads the library named without its suffix; JSON output"
out=$(sqlite-utils query "$tmp/logs.db" \
  "SELECT http_status_class(status) AS class, count(*) AS n FROM log GROUP BY class ORDER BY min(status)" \
  --load-extension "$EXTENSION.so" --tsv --no-headers 2>&1 | tr -d "\r")
is "$out" "$(perl tests/log_counts.pl class <"$tmp/apache_logs" | sed 's/ \([0-9]*\)$/	\1/')" \
  "status classes of the Apache log, the library named with its suffix"
sqlite-utils query :memory: "SELECT http_status_match(404, '4x')" --load-extension "$EXTENSION" >"$tmp/err" 2>&1
status=$?
is "$(grep '^Error: ' "$tmp/err")" "Error: httpstatus: bad item '4x' in status pattern '4x': $pattern_help" \
  "an extension error reaches sqlite-utils' output"
ok $((status == 0)) "and its exit status"
