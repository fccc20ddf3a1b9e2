#!/bin/sh
# The compiled data and its lookups, checked without SQLite by
# .build/check_data (built by `make test`, or here when it is missing).
# CHECK_DATA names another build of it (tools/mutants.sh sets it).
check_data=${CHECK_DATA:-./.build/check_data}
if [ ! -x "$check_data" ]; then
  make -s .build/check_data >&2 || { echo "Bail out! cannot build .build/check_data"; exit 1; }
fi
exec "$check_data"
