#!/bin/sh
# The compiled data and its lookups, checked without SQLite by
# .build/check_data (built by `make test`, or here when it is missing).
if [ ! -x .build/check_data ]; then
  make -s .build/check_data >&2 || { echo "Bail out! cannot build .build/check_data"; exit 1; }
fi
exec ./.build/check_data
