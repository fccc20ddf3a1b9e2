#!/bin/sh
# Several threads, each with its own connection plus one shared serialized
# connection, checked against answers read before they start; then
# sqlite3_interrupt() on a long scan. A short run: `make tsan` runs a longer
# one under ThreadSanitizer.
if [ ! -x .build/threads ]; then
  make -s .build/threads >&2 || { echo "Bail out! cannot build .build/threads"; exit 1; }
fi
exec ./.build/threads "${EXTENSION:-./httpstatus}" 4 300
