#!/bin/sh
# httpstatus-import --follow: a writer at 2,000 lines a second
# (tests/import_writer.py) and its log rotated twice, in each way logrotate
# and servers do it; the follower must store every line written, once.
# Then a W3C log's directives, every file of a glob, standard input, a
# file read where it is, and SIGINT. Counts come from the writer.
. tests/lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
case $IMPORT_LOG in /*) ;; *) IMPORT_LOG=$PWD/$IMPORT_LOG ;; esac
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
pids=
trap 'for p in $pids; do kill -KILL $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
RATE=2000
SECONDS_WRITTEN=${IMPORT_FOLLOW_SECONDS:-3}

# until_true SECONDS CMD...: runs CMD every 0.1 s until it succeeds or
# SECONDS have passed (a bound for slow machines, not a timing assertion).
until_true() {
  limit=$(($1 * 10))
  shift
  while ! "$@" && [ "$limit" -gt 0 ]; do
    sleep 0.1
    limit=$((limit - 1))
  done
  "$@"
}
# rows DB [WHERE]: the rows of log in DB.
rows() { "$SQLITE3" -batch "$1" "SELECT count(*) FROM log ${2:-}" 2>/dev/null; }
has_rows() { test "$(rows "$1")" = "$2"; }

styles="rename compress copytruncate delete dateext"
plan 16

# ---- rotation under a writer: all styles at once ------------------------------------
for style in $styles; do
  mkdir "$tmp/$style"
  : >"$tmp/$style/access.log"
  (cd "$tmp/$style" && exec "$IMPORT_LOG" --follow logs.db access.log >follow.out 2>follow.err) &
  eval "follower_$style=$!"
  pids="$pids $!"
done
sleep 0.5
for style in $styles; do
  "$PYTHON" tests/import_writer.py "$tmp/$style/access.log" $style "$SECONDS_WRITTEN" $RATE >"$tmp/$style/written" &
  pids="$pids $!"
done
wait_writers() { for style in $styles; do test -s "$tmp/$style/written" || return 1; done; }
until_true 60 wait_writers
for style in $styles; do
  written=$(cat "$tmp/$style/written")
  until_true 30 has_rows "$tmp/$style/logs.db" "$written"
  eval "kill -INT \$follower_$style; wait \$follower_$style"
  status=$?
  is "$status|$(rows "$tmp/$style/logs.db" "WHERE path LIKE '/w/%'")|$("$SQLITE3" "$tmp/$style/logs.db" \
    "SELECT count(DISTINCT path), count(*) FROM log; SELECT count(*) FROM rejects" | tr '\n' ' ')" \
    "0|$written|$written|$written 0 " "$style: all $written lines written at $RATE a second, each once, no reject"
  [ -s "$tmp/$style/follow.err" ] && sed 's/^/# /' "$tmp/$style/follow.err"
done
grep -q "was truncated or rewritten in place" "$tmp/copytruncate/follow.err"
ok $? "copytruncate is seen, the old content finished from the copy"

# ---- W3C: the directives of a file read on stay known ------------------------------------
w3c=$tmp/w3c/u_ex240301.log
mkdir "$tmp/w3c"
printf '#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2024-03-01 00:00:00\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n' >"$w3c"
w3c_line() { printf '2024-03-01 00:00:%02d 10.0.0.1 GET /iis/%d - 80 - 10.0.0.2 Mozilla/5.0 - 200 0 0 %d\n' "$1" "$1" "$1"; }
w3c_line 1 >>"$w3c"
"$IMPORT_LOG" --follow "$tmp/w3c.db" "$w3c" >/dev/null 2>"$tmp/w3c.err" &
pid=$!
pids="$pids $pid"
until_true 20 has_rows "$tmp/w3c.db" 1
for i in 2 3 4; do w3c_line $i >>"$w3c"; done
until_true 20 has_rows "$tmp/w3c.db" 4
kill -INT $pid
wait $pid
is "$?|$("$SQLITE3" "$tmp/w3c.db" "SELECT group_concat(line || path || status, ' ') FROM log; SELECT count(*) FROM rejects")" \
  "0|5/iis/1200 6/iis/2200 7/iis/3200 8/iis/4200
0" "W3C: the lines appended parse by the #Fields read at the start, numbered on"

# ---- every file of a glob ---------------------------------------------------------------
mkdir "$tmp/vhosts"
one=0 two=0
write_vhosts() { # write_vhosts SECONDS: both logs written to; adds to $one and $two
  one=$((one + $("$PYTHON" tests/import_writer.py "$tmp/vhosts/one.log" none "$1" 100)))
  two=$((two + $("$PYTHON" tests/import_writer.py "$tmp/vhosts/two.log" none "$1" 100)))
}
write_vhosts 0.1
"$IMPORT_LOG" --follow "$tmp/vhosts.db" "$tmp/vhosts/*.log" >/dev/null 2>"$tmp/vhosts.err" &
pid=$!
pids="$pids $pid"
until_true 20 has_rows "$tmp/vhosts.db" $((one + two))
write_vhosts 0.2
until_true 20 has_rows "$tmp/vhosts.db" $((one + two))
kill -INT $pid
wait $pid
is "$?|$("$SQLITE3" "$tmp/vhosts.db" "SELECT source_file, count(*) FROM log GROUP BY 1 ORDER BY 1" | sed "s|$tmp/vhosts/||" | tr '\n' ' ')" \
  "0|one.log|$one two.log|$two " "a glob: each of its files followed, every line once"

# ---- standard input, and reading in place --------------------------------------------------
mkdir "$tmp/tmpdir"
fifo=$tmp/fifo
mkfifo "$fifo"
(TMPDIR=$tmp/tmpdir exec "$IMPORT_LOG" --follow "$tmp/stdin.db" - <"$fifo" >"$tmp/stdin.out" 2>"$tmp/stdin.err") &
pid=$!
pids="$pids $pid"
exec 3>"$fifo"
"$PYTHON" tests/import_writer.py - none 1 1000 >&3 2>"$tmp/stdin.written"
written=$(cat "$tmp/stdin.written")
until_true 20 has_rows "$tmp/stdin.db" "$written"
is "$(rows "$tmp/stdin.db")" "$written" "standard input: the $written lines are stored while the writer is still there"
exec 3>&-
wait $pid
is "$?|$(cat "$tmp/stdin.err")" "0|" "and it ends, exit 0, when standard input ends"
is "$(ls "$tmp/tmpdir" | wc -l)" 0 "no temporary file"

combined() { printf '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET %s HTTP/1.1" 200 5 "-" "ua"\n' "$1"; }
combined /first >"$tmp/place.log"
"$IMPORT_LOG" --follow "$tmp/place.db" "$tmp/place.log" >"$tmp/place.out" 2>&1 &
pid=$!
pids="$pids $pid"
until_true 20 has_rows "$tmp/place.db" 1
is "$(readlink /proc/$pid/fd/* 2>/dev/null | grep -c "^$tmp/place.log$")" 1 "the followed file is read where it is, from an open descriptor"
printf '%s' '10.0.0.1 - - [01/Feb/2024:00:00:01 +0000] "GET /unfinished' >>"$tmp/place.log"
sleep 0.6
is "$(rows "$tmp/place.db")" 1 "a line without its newline waits"
kill -INT $pid
wait $pid
is "$?|$(rows "$tmp/place.db"; "$SQLITE3" "$tmp/place.db" 'SELECT count(*) FROM rejects')" "0|1
1" "SIGINT: exit 0; the unfinished line is stored as it is (a reject)"
printf '%s\n' ' HTTP/1.1" 404 5 "-" "ua"' >>"$tmp/place.log"
"$IMPORT_LOG" "$tmp/place.db" "$tmp/place.log" >"$tmp/out"
is "$(cat "$tmp/out")" "$tmp/place.log: 2 lines, 1 already stored, 1 imported, 0 rejected, format combined" \
  "the next run replaces it with the finished line"
is "$("$SQLITE3" "$tmp/place.db" "SELECT group_concat(line || path || status, ' ') FROM log; SELECT count(*) FROM rejects")" \
  "1/first200 2/unfinished404
0" "which parses"
