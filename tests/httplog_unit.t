#!/bin/sh
# Runs tests/httplog_unit.c (built by make as HTTPLOG_UNIT): times, text,
# JSON and the order of rotated files, without SQLite.
unit=${HTTPLOG_UNIT:-.build/httplog_unit}
if [ ! -x "$unit" ]; then
  echo "1..1"
  echo "not ok 1 - $unit is not built (make test-httplog builds it)"
  exit 0
fi
# It replaces malloc to make it fail, which a preloaded sanitizer runtime
# (make asan) must not see; it loads no extension.
LD_PRELOAD= exec "$unit"
