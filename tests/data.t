#!/bin/sh
# The compiled data and its lookups, checked without SQLite by
# tools/check_data (built by `make test`, or here when it is missing).
# CHECK_DATA names another build of it (tools/mutants.sh sets it).
check_data=${CHECK_DATA:-./tools/check_data}
if [ ! -x "$check_data" ]; then
  make -s tools/check_data >&2 || { echo "Bail out! cannot build tools/check_data"; exit 1; }
fi
exec "$check_data"
