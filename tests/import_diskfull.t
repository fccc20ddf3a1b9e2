#!/bin/sh
# A disk that fills up in the middle of a run of several files: the file
# that does not fit leaves nothing behind, in the database or in the
# importer's memory (its user agents are not reused by the next file), the
# others are imported, the exit status is 1; once there is room, the same
# command stores what is missing. The database is on a tmpfs of 2 MB, which
# needs root (skipped when mount is not permitted).
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
case $IMPORT_LOG in /*) ;; *) IMPORT_LOG=$PWD/$IMPORT_LOG ;; esac
tmp=$(mktemp -d)
mnt=$tmp/disk
mkdir "$mnt"
if ! mount -t tmpfs -o size=2m tmpfs "$mnt" 2>/dev/null; then
  rm -rf "$tmp"
  echo "1..0 # SKIP mount -t tmpfs is not permitted here (run as root)"
  exit 0
fi
trap 'umount "$mnt"; rm -rf "$tmp"' EXIT

# f1 requests /f1/1 to /f1/2000, f2 /f2/1 to /f2/40000 (several MB once
# stored), f3 /f3/2001 to /f3/4000, each with the user agent agent-N of its
# number: f3's user agents are new to the database but were seen in f2.
for f in f1:1:2000 f2:1:40000 f3:2001:4000; do
  awk -v f="$f" 'BEGIN { split(f, a, ":"); for (i = a[2]; i <= a[3]; i++)
    printf "10.0.0.1 - - [01/Mar/2024:00:00:%02d +0000] \"GET /%s/%d HTTP/1.1\" 200 %d \"-\" \"agent-%d\"\n",
      i % 60, a[1], i, i, i }' >"$tmp/${f%%:*}.log"
done
db=$mnt/logs.db
q() { "$SQLITE3" -batch "$db" "$@"; }

plan 9

"$IMPORT_LOG" "$db" "$tmp/f1.log" "$tmp/f2.log" "$tmp/f3.log" >"$tmp/out" 2>"$tmp/err"
is $? 1 "the disk fills up during the second file: exit 1"
is "$(cat "$tmp/err")" "httpstatus-import: $tmp/f2.log: database or disk is full; nothing of it was stored" \
  "which is named, with the reason"
is "$(cut -d: -f1 "$tmp/out" | tr '\n' ' ')" "$tmp/f1.log $tmp/f3.log " "the first and the third are imported"
is "$(q "SELECT source_file, count(*), count(DISTINCT path) FROM log GROUP BY 1 ORDER BY 1" | sed "s|^$tmp/||")" \
  "f1.log|2000|2000
f3.log|2000|2000" "every line of those, none of the second"
is "$(q "SELECT count(*) FROM log WHERE user_agent IS NOT 'agent-' || substr(path, 5)")" 0 \
  "each row has its own line's user agent: none points at one of the rolled-back file"
is "$(q "SELECT count(*) FROM user_agents WHERE user_agent NOT IN (SELECT user_agent FROM log);
  PRAGMA integrity_check")" "0
ok" "nothing of the second file is left; the database is sound"

mount -o remount,size=64m "$mnt"
"$IMPORT_LOG" "$db" "$tmp/f1.log" "$tmp/f2.log" "$tmp/f3.log" >"$tmp/out" 2>&1
is "$?|$(cut -d, -f3 "$tmp/out" | tr '\n' ';')" "0| 0 imported; 40000 imported; 0 imported;" \
  "with room on the disk, the same command stores the second file, only"
is "$(q "SELECT count(*), count(DISTINCT path) FROM log")" "44000|44000" "all 44,000 lines, once"
"$IMPORT_LOG" "$db" "$tmp/f1.log" "$tmp/f2.log" "$tmp/f3.log" >"$tmp/out"
is "$?|$(cut -d, -f3 "$tmp/out" | tr '\n' ';')" "0| 0 imported; 0 imported; 0 imported;" "and a run again stores nothing"
