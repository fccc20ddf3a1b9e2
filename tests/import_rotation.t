#!/bin/sh
# Every line stored once, however often the importer runs and however the
# log is rotated: tests/import_rotate.py writes a log hour by hour, rotates it
# every day in one of five logrotate styles and imports 'access.log*' every
# hour, as cron would; then the same killed with SIGKILL at random points and
# run again (make test runs only the latter, which includes the former). Its generator's count is what the database is checked against.
# IMPORT_DAYS days of IMPORT_HOURS imports each (6 days of 2 here, enough
# for files to rotate out; make test-import-long runs a month of 24), from
# the seed IMPORT_SEED.
#
# Then SIGKILL in the middle of a large import, three times: the same
# command again stores every line once.
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
case $IMPORT_LOG in /*) ;; *) IMPORT_LOG=$PWD/$IMPORT_LOG ;; esac
PYTHON=${PYTHON:-/usr/bin/python3}
days=${IMPORT_DAYS:-6}
hours=${IMPORT_HOURS:-2}
seed=${IMPORT_SEED:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
styles="rename delaycompress compress copytruncate dateext"
# kill: each hourly run is killed at a random moment and run again, so it
# covers the plain hourly runs too (IMPORT_MODES="cron kill" runs both).
modes=${IMPORT_MODES:-kill}

plan $((5 * $(echo $modes | wc -w) + 3))
echo "# $days days of $hours imports each per style, seed $seed"

# The simulations, two at a time.
n=0
for style in $styles; do
  for mode in $modes; do
    mkdir "$tmp/$style-$mode"
    "$PYTHON" tests/import_rotate.py "$IMPORT_LOG" "$tmp/$style-$mode" $style "$days" "$hours" "$seed" $mode \
      >"$tmp/$style-$mode.out" 2>"$tmp/$style-$mode.err" &
    n=$((n + 1))
    [ $((n % 2)) = 0 ] && wait
  done
done
wait
for style in $styles; do
  for mode in $modes; do
    out=$(cat "$tmp/$style-$mode.out")
    w=$(echo "$out" | sed -n 's/^lines=\([0-9]*\) .*/\1/p')
    is "$(echo "$out" | sed 's/ runs=[0-9]* kills=[0-9]*//')" "lines=$w stored=$w distinct=$w rejected=0 failed=0" \
      "$style, $mode: each of the $w lines written stored once ($(echo "$out" | sed 's/.* \(runs=.*\) failed.*/\1/'))"
    [ -s "$tmp/$style-$mode.err" ] && sed 's/^/# /' "$tmp/$style-$mode.err" | head -20
  done
done

# ---- SIGKILL during a large import ------------------------------------------------
# Three files of 15,000 lines, imported into a new database and killed at a
# random moment up to the time a whole run takes; then the same command.
# Three times.
"$PYTHON" - "$tmp/big" <<'PY'
import os, sys
os.mkdir(sys.argv[1])
n = 0
for name in ("access.log.2", "access.log.1", "access.log"):
    with open(os.path.join(sys.argv[1], name), "w") as f:
        for i in range(15000):
            n += 1
            f.write('10.0.0.%d - - [01/Mar/2024:00:%02d:%02d +0000] "GET /big/%d HTTP/1.1" 200 %d "-" "agent %d"\n'
                    % (n % 250, i // 60 % 60, i % 60, n, n % 5000, n % 97))
PY
start=$(date +%s%N)
"$IMPORT_LOG" "$tmp/whole.db" "$tmp/big/access.log*" >/dev/null
took=$((($(date +%s%N) - start) / 1000000))
echo "# a whole run takes $took ms"
sum=$(awk 'BEGIN { printf "%.0f", 45000 * 45001 / 2 }')
for i in 1 2 3; do
  rm -f "$tmp/big.db" "$tmp/big.db-wal" "$tmp/big.db-shm"
  "$IMPORT_LOG" "$tmp/big.db" "$tmp/big/access.log*" >/dev/null 2>&1 &
  pid=$!
  at=$(awk -v ms="$took" -v r="$(od -An -N2 -tu2 /dev/urandom)" 'BEGIN { printf "%.3f", ms * (r / 65535) / 1000 }')
  sleep "$at"
  kill -KILL $pid 2>/dev/null && killed="killed after $at s" || killed="ended before $at s"
  wait $pid 2>/dev/null
  "$IMPORT_LOG" "$tmp/big.db" "$tmp/big/access.log*" >/dev/null 2>"$tmp/err"
  is "$?|$(cat "$tmp/err")|$("$SQLITE3" "$tmp/big.db" "SELECT count(*), count(DISTINCT path), sum(substr(path, 6)) FROM log;
    SELECT count(*) FROM rejects; PRAGMA integrity_check" | tr '\n' ' ')" "0||45000|45000|$sum 0 ok " \
    "run $i, $killed, then again: each of the 45,000 lines stored once, the database sound"
done
