#!/bin/sh
# http_log(): files, globs, rotated and compressed logs, and inputs that are
# not log files; each failure a clear error or an error row, and the
# connection still answers afterwards.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 52

# A rotated set, each copy compressed another way; names do not say how.
d="$tmp/rot"
mkdir "$d"
combined_line /live1 >"$d/access.log"
combined_line /live2 >>"$d/access.log"
combined_line /r1 >"$d/access.log.1"
combined_line /r2 | gzip >"$d/access.log.2.gz"
combined_line /r3 | bzip2 >"$d/access.log.3.bz2"
combined_line /r4 | xz >"$d/access.log.4"
combined_line /r10 | zstd -q >"$d/access.log.10.zst"
is "$(hl "SELECT group_concat(path, ' ') FROM http_log('$d/access.log*')")" \
  "/r10 /r4 /r3 /r2 /r1 /live1 /live2" "rotated files: highest number first, the live file last"
is "$(hl "SELECT group_concat(replace(file, '$d/', '') || ':' || line, ' ') FROM http_log('$d/access.log*')")" \
  "access.log.10.zst:1 access.log.4:1 access.log.3.bz2:1 access.log.2.gz:1 access.log.1:1 access.log:1 access.log:2" \
  "file and line of each row"
is "$(hl "SELECT path FROM http_log('$d/access.log.4')")" "/r4" "xz recognised by content, not by name"
mkdir "$tmp/dated"
combined_line /new | gzip >"$tmp/dated/access.log-20231011.gz"
combined_line /old | gzip >"$tmp/dated/access.log-20231010.gz"
combined_line /live >"$tmp/dated/access.log"
is "$(hl "SELECT group_concat(path, ' ') FROM http_log('$tmp/dated/access.log*')")" "/old /new /live" \
  "dated copies oldest first, then the live file"
mkdir "$tmp/web1" "$tmp/web2"
combined_line /w1 >"$tmp/web1/access.log"
combined_line /w2 >"$tmp/web2/access.log"
is "$(hl "SELECT group_concat(path, ' ') FROM http_log('$tmp/web*/access.log')")" "/w1 /w2" \
  "the same name in two folders: both read"

# Several members or frames in one file, as cat a.gz b.gz writes.
for z in gzip bzip2 xz 'zstd -q'; do
  { combined_line /m1 | $z; combined_line /m2 | $z; } >"$tmp/multi"
  is "$(hl "SELECT group_concat(path, ' ') FROM http_log('$tmp/multi')")" "/m1 /m2" "two ${z% -q} members read as one stream"
done

# A truncated gzip: the lines before the cut, then an error row.
i=0
while [ $i -lt 20000 ]; do combined_line "/n$i"; i=$((i + 1)); done | gzip >"$tmp/full.gz"
head -c 20000 "$tmp/full.gz" >"$tmp/cut.gz"
got=$(hl "SELECT count(*) - 1, max(line) = count(*), (SELECT error FROM http_log('$tmp/cut.gz') WHERE raw IS NULL)
  FROM http_log('$tmp/cut.gz')")
good=$(gzip -dc "$tmp/cut.gz" 2>/dev/null | wc -l)
partial=$(gzip -dc "$tmp/cut.gz" 2>/dev/null | tail -c 1 | od -An -c | tr -d ' ')
[ "$partial" = '\n' ] || good=$((good + 1))
case "$got" in
"$good|1|$tmp/cut.gz: gzip data ends early (truncated file?) after "*) ok 0 "a truncated gzip: its lines, then an error row" ;;
*) is "$got" "$good|1|$tmp/cut.gz: gzip data ends early ..." "a truncated gzip: its lines, then an error row" ;;
esac
printf '\037\213garbage that is not deflate' >"$tmp/bad.gz"
is "$(hl "SELECT error FROM http_log('$tmp/bad.gz')")" "$tmp/bad.gz: gzip data is corrupt after 0 bytes of data" \
  "corrupt gzip: an error row"

# Each decompressor: corrupt data, data cut short, a scan stopped early.
for z in bzip2 xz 'zstd -q'; do
  name=${z% -q}
  combined_line /c | $z >"$tmp/ok.$name"
  { head -c 12 "$tmp/ok.$name"; printf 'corrupt data that no decoder accepts %02000d' 0; } >"$tmp/bad.$name"
  like "$(hl "SELECT error FROM http_log('$tmp/bad.$name')")" "$name data is corrupt" "corrupt $name: an error row"
  i=0
  while [ $i -lt 3000 ]; do combined_line "/n$i"; i=$((i + 1)); done | $z >"$tmp/full.$name"
  head -c $(($(wc -c <"$tmp/full.$name") / 2)) "$tmp/full.$name" >"$tmp/cut.$name"
  like "$(hl "SELECT error FROM http_log('$tmp/cut.$name') WHERE raw IS NULL")" "$name data ends early (truncated file?)" \
    "truncated $name: an error row after its lines"
  is "$(hl "SELECT path FROM http_log('$tmp/full.$name') LIMIT 1")" "/n0" "a $name scan stopped after one row"
done
printf 'x' >"$tmp/one-byte"
printf 'BZh0 is not bzip2' >"$tmp/bzh0"
is "$(hl "SELECT group_concat(quote(raw), ' ') FROM http_log('$tmp/one-byte') UNION ALL
  SELECT group_concat(quote(raw), ' ') FROM http_log('$tmp/bzh0')")" "X'78'
X'425A6830206973206E6F7420627A697032'" "short files and near-magic bytes are plain text"

# Pipes: standard input and a FIFO, compressed or not.
is "$(combined_line /piped | gzip | hl "SELECT path FROM http_log('/dev/stdin')")" "/piped" \
  "gzip on standard input, recognised by content"
mkfifo "$tmp/fifo"
(combined_line /fifo | zstd -q >"$tmp/fifo") &
is "$(hl "SELECT path FROM http_log('$tmp/fifo')")" "/fifo" "a FIFO"
wait

# Lines longer than 1 MiB: an error row with the first MiB, one more error
# row (raw NULL, the same line number) per further whole MiB, and the next
# line is read.
{ head -c 3000000 /dev/zero | tr '\0' a; printf '\n'; combined_line /after; } >"$tmp/long.log"
is "$(hl "SELECT line, length(raw), error IS NOT NULL, path FROM http_log('$tmp/long.log', 'combined')")" \
  "1|1048576|1|
1||1|
2|$(($(combined_line /after | wc -c) - 1))|0|/after" \
  "a 3 MB line: an error row with its first MiB, one for its second MiB, then the next line"

# A 200 KB line (the buffer grows), a CR before the end of the file,
# detection over NUL, long and many empty lines.
{ head -c 200000 /dev/zero | tr '\0' a; printf '\n'; combined_line /x | tr -d '\n'; printf '\r'; } >"$tmp/mid.log"
is "$(hl "SELECT group_concat(length(raw), ' ') FROM http_log('$tmp/mid.log', 'combined')")" \
  "200000 $(($(combined_line /x | wc -c) - 1))" "a 200 KB line; a CR at the end of the file"
{ printf 'a\0b\n'; head -c 1100000 /dev/zero | tr '\0' a; printf '\n'; i=0
  while [ $i -lt 30 ]; do combined_line "/d$i"; i=$((i + 1)); done; } >"$tmp/detect.log"
is "$(hl "SELECT count(*), count(error), min(format), max(format) FROM http_log('$tmp/detect.log')")" \
  "32|2|combined|combined" "detection skips NUL and over-long lines and stops after 20 lines"
{ i=0; while [ $i -lt 250 ]; do printf '\n'; i=$((i + 1)); done; combined_line /late; } >"$tmp/blank.log"
is "$(hl "SELECT count(*), count(error), max(format), min(raw) = X'' FROM http_log('$tmp/blank.log')")" \
  "251|250|combined|1" \
  "250 empty lines before the log: detected all the same; raw of an empty line is an empty blob"
printf 'a[1] ' >"$tmp/a[1].log"; combined_line >>"$tmp/a[1].log"
is "$(hl "SELECT count(*) FROM http_log('$tmp/a[1].log', '%h %h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"')")" "1" \
  "a file name with glob characters that matches only itself"
"$PYTHON" -c "import socket; socket.socket(socket.AF_UNIX).bind('$tmp/sock')"
is "$(hl_err "SELECT * FROM http_log('$tmp/sock')")" "httplog: cannot open '$tmp/sock': No such device or address" "a socket"
is "$(hl_err "SELECT * FROM http_log WHERE input > 'a'")" "no query solution" \
  "a range on the path is not a path"
is "$(hl "SELECT format FROM http_log('$d/access.log', '') LIMIT 1")" "combined" "an empty format detects"

# A file truncated, then grown, while it is read (the shell's writefile()
# rewrites it at the first row): the scan ends or goes on, no crash.
i=0
while [ $i -lt 5000 ]; do combined_line "/n$i"; i=$((i + 1)); done >"$tmp/moving.log"
rows=$(hl "SELECT count(*) FROM http_log('$tmp/moving.log') WHERE line > 1 OR writefile('$tmp/moving.log', '') >= 0")
[ "$rows" -ge 1 ] && [ "$rows" -le 5000 ]
ok $? "a file truncated during the scan: the rows read before ($rows)"
i=0
while [ $i -lt 6000 ]; do combined_line "/g$i"; i=$((i + 1)); done >"$tmp/longer.log"
head -n 5000 "$tmp/longer.log" >"$tmp/moving.log"
rows=$(hl "SELECT count(*), count(error) <= 1 FROM http_log('$tmp/moving.log')
  WHERE line > 1 OR writefile('$tmp/moving.log', readfile('$tmp/longer.log')) >= 0")
case "$rows" in 0*) ok 1 "a file rewritten longer during the scan: read on ($rows)" ;;
*'|1') ok 0 "a file rewritten longer during the scan: read on ($rows)" ;;
*) ok 1 "a file rewritten longer during the scan: read on ($rows)" ;; esac

# Not log files: a clear error each, and the connection goes on.
mkdir "$tmp/dir"
is "$(hl_err "SELECT * FROM http_log('$tmp/dir')")" "httplog: '$tmp/dir' is a directory, not a log file" "a directory"
is "$(hl_err "SELECT * FROM http_log('$tmp/nothing*.log')")" "httplog: no file matches '$tmp/nothing*.log'" "a glob matching nothing"
is "$(hl_err "SELECT * FROM http_log('$tmp/missing.log')")" \
  "httplog: cannot open '$tmp/missing.log': No such file or directory" "a missing file"
if [ "$(id -u)" = 0 ]; then
  ok 0 "# SKIP an unreadable file: root reads every file"
else
  combined_line >"$tmp/secret.log"
  chmod 000 "$tmp/secret.log"
  is "$(hl_err "SELECT * FROM http_log('$tmp/secret.log')")" \
    "httplog: cannot open '$tmp/secret.log': Permission denied" "an unreadable file"
fi
: >"$tmp/empty.log"
is "$(hl "SELECT count(*) FROM http_log('$tmp/empty.log')")" "0" "an empty file: no rows"
is "$(printf "SELECT count(*) FROM http_log('%s');\nSELECT 'still usable', count(*) FROM http_log('%s');\n" \
  "$tmp/dir" "$d/access.log" | hl 2>/dev/null)" \
  "still usable|2" "the connection answers after an error"

# Reading can always be stopped: a line without an end gives control back
# to SQLite every MiB (an error row each), so LIMIT, sqlite3_interrupt() and
# a progress handler take effect at once, on /dev/zero and on a
# decompression bomb (zstd's stream of zeros that never ends).
for input in /dev/zero zstd-zeros; do
  out=$(timeout 20 "$PYTHON" tests/httplog_interrupt.py "$HTTPLOG" "$input")
  input=$(basename "$input")
  is "$(printf '%s\n' "$out" | awk '{ print $1, ($2 <= 1.5 ? "in time" : "late: " $2 " s"), $3 }')" \
    "limit in time rows=3
interrupt in time interrupted
progress in time interrupted" "$input: LIMIT, sqlite3_interrupt() and a progress handler stop the scan"
done
is "$(timeout 20 "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
  "SELECT line, length(raw), error FROM http_log('/dev/zero', 'combined') LIMIT 3")" \
  "1|1048576|line longer than 1048576 bytes (raw holds the first ones)
1||the line goes on: 1048576 more bytes skipped (one row per such part)
1||the line goes on: 1048576 more bytes skipped (one row per such part)" \
  "/dev/zero: the first MiB as raw, then a row per MiB"

# A line of exactly 1 MiB is a line; one byte more is too long (CRLF too).
for extra in 0 1; do
  head -c $((1048576 + extra)) /dev/zero | tr '\0' a
  printf '\r\n'
done >"$tmp/mib.log"
is "$(hl "SELECT line, length(raw), error LIKE 'line longer%' FROM http_log('$tmp/mib.log', '%h')")" \
  "1|1048576|0
2|1048576|1" "a line of exactly 1 MiB is read as a line; 1 MiB and a byte is too long"

# A FIFO is opened without blocking and its writer waited for, as cat
# waits: a writer that starts after the statement is read from its first
# line, and the wait ends on sqlite3_interrupt() (from another thread, and
# Ctrl-C in the shell), with the connection still usable.
mkfifo "$tmp/late"
(sleep 1; combined_line /late >"$tmp/late") &
is "$(timeout 20 "$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
  "SELECT count(*), max(path) FROM http_log('$tmp/late')" 2>&1)" "1|/late" \
  "a FIFO whose writer comes a second late: its line is read"
wait
out=$(timeout 20 "$PYTHON" tests/httplog_interrupt.py "$HTTPLOG" no-writer)
is "$(printf '%s\n' "$out" | awk '{ print $1, ($2 <= 1.5 ? "in time" : "late: " $2 " s") }')" \
  "interrupt in time" "a FIFO without a writer: sqlite3_interrupt() ends the wait"
is "$out" "$(printf '%s\n' "$out" | awk '{ print $1, $2 }') interrupted (waiting for data)" \
  "... with the error that says so"
mkfifo "$tmp/nowriter"
"$SQLITE3" -batch :memory: -cmd ".load $HTTPLOG" \
  "SELECT count(*) FROM http_log('$tmp/nowriter')" >"$tmp/ctrlc.out" 2>&1 &
pid=$!
# Ctrl-C once the shell has the FIFO open and waits on it (a SIGINT before the
# statement has started is lost: SQLite clears an interrupt when a statement
# starts on an idle connection).
tries=0
until ls -l /proc/$pid/fd 2>/dev/null | grep -q nowriter || [ $tries -ge 300 ]; do
  sleep 0.1
  tries=$((tries + 1))
done
kill -INT $pid 2>/dev/null
tries=0
while kill -0 $pid 2>/dev/null && [ $tries -lt 200 ]; do
  sleep 0.1
  tries=$((tries + 1))
done
kill -KILL $pid 2>/dev/null
wait $pid
like "$(cat "$tmp/ctrlc.out")" "nowriter: interrupted while waiting for data" \
  "a FIFO without a writer: Ctrl-C in the shell ends the wait"

# zstd's skippable frames (pzstd writes one first) are skipped.
combined_line /skippable | pzstd -q -c >"$tmp/p.zst" 2>/dev/null
printf 'P*M\030\004\000\000\000abcd' | cat - "$tmp/p.zst" >"$tmp/p2.zst"
is "$(hl "SELECT group_concat(path) FROM http_log('$tmp/p.zst') UNION ALL
  SELECT group_concat(path) FROM http_log('$tmp/p2.zst')")" "/skippable
/skippable" "pzstd output, and a skippable frame before a zstd frame"

# Paths: a NUL byte is an error, a hostile glob is refused (glibc's glob()
# recursion would exhaust the stack), a long path's error keeps its reason.
is "$(hl_err "SELECT * FROM http_log('$tmp/a' || char(0) || 'b')")" \
  "httplog: the path holds a NUL byte (at byte $(printf '%s/a' "$tmp" | wc -c))" "a NUL byte in the path"
glob=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "*/"; print "x" }')
like "$(hl_err "SELECT * FROM http_log('$glob')")" \
  "is longer than 4096 bytes or deeper than 64 directories" "a glob of 3000 levels is refused"
is "$(hl "SELECT 'still usable'")" "still usable" "and nothing crashed"
long=$(awk 'BEGIN { for (i = 0; i < 600; i++) printf "/abcdefgh"; }')
like "$(hl_err "SELECT * FROM http_log('$tmp$long')")" "': File name too long" \
  "an error about a long path ends with its reason"
