#!/bin/sh
# Runs tests/httplog_oom.c (built by make as HTTPLOG_OOM): http_log() with
# SQLite's allocator failing each of its calls in turn.
. tests/lib.sh
. tests/httplog_lib.sh
oom=${HTTPLOG_OOM:-.build/httplog_oom}
if [ ! -x "$oom" ]; then
  plan 1
  ok 1 "$oom is not built (make test-httplog builds it)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
combined_line /a >"$tmp/a.log"
combined_line /b | gzip >"$tmp/a.log.1.gz"
exec "$oom" "$HTTPLOG" "$tmp/a.log*"
