#!/bin/sh
# The odd logs of tests/logs/, made by hand, read by http_log() and imported
# by httpstatus-import: vhost, syslog and kubectl --timestamps prefixes, an
# address list as the client, 31 February, a block of NUL bytes, fractional
# seconds, invalid UTF-8, a file where nothing parses; then compressed copies
# known by their content, and a file name with an apostrophe and spaces.
# Line counts come from Python on the bytes, statuses from a Python regular
# expression, never from the code under test.
. tests/lib.sh
. tests/httplog_lib.sh

IMPORT_LOG=${IMPORT_LOG:-.build/httpstatus-import}
[ -x "$IMPORT_LOG" ] || make -s "$IMPORT_LOG" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
L=tests/logs
# lines FILE: the number of lines (a last line without \n counts).
lines() { "$PYTHON" -c 'import sys; d = open(sys.argv[1], "rb").read(); print(d.count(b"\n") + (len(d) > 0 and not d.endswith(b"\n")))' "$1"; }
# statuses FILE: "LINE|STATUS" for each line with a quoted request followed by a status.
statuses() { "$PYTHON" -c '
import re, sys
for n, l in enumerate(open(sys.argv[1], "rb").read().split(b"\n"), 1):
    m = re.search(rb"\" (\d{3}) ", l)
    if m: print(f"{n}|{m.group(1).decode()}")' "$1"; }

set -- "$L"/*.log
plan $((24 + 2 * $#))

# Every file: one row per line, and the importer prints the same count.
for f in "$L"/*.log; do
  n=$(lines "$f")
  is "$(hl "SELECT count(*) FROM http_log('$f')")" "$n" "$f: one row per line ($n)"
  "$IMPORT_LOG" "$tmp/all.db" "$f" >"$tmp/out" 2>/dev/null
  like "$(cat "$tmp/out")" "$f: $n lines," "$f: the importer counts $n lines"
done

# Debian's other_vhosts_access.log: the client is the address, not the vhost.
is "$(hl "SELECT group_concat(format || ' ' || host || ' ' || port || ' ' || client || ' ' || status, '; ')
  FROM http_log('$L/vhost_combined.log')")" \
  "vhost_combined www.example.com 443 1.2.3.4 200; vhost_combined www.example.com 80 5.6.7.8 301" \
  "vhost_combined: host and port from %v:%p, client from %h"
is "$(hl "SELECT line || '|' || status FROM http_log('$L/vhost_combined.log')")" "$(statuses "$L/vhost_combined.log")" \
  "vhost_combined: statuses"
# A syslog prefix and a kubectl --timestamps prefix.
is "$(hl "SELECT group_concat(client || ' ' || path, '; ') FROM http_log('$L/syslog_prefix.log')")" \
  "1.2.3.4 /syslog; 1.2.3.5 /syslog2" "syslog prefix: the client after it"
is "$(hl "SELECT line || '|' || status FROM http_log('$L/syslog_prefix.log')")" "$(statuses "$L/syslog_prefix.log")" \
  "syslog prefix: statuses"
is "$(hl "SELECT group_concat(client || ' ' || time, '; ') FROM http_log('$L/kubectl_timestamps.log')")" \
  "1.2.3.4 2023-10-10T13:55:36+00:00; 1.2.3.5 2023-10-10T13:55:37+00:00" "kubectl --timestamps: client and [time]"
is "$(hl "SELECT line || '|' || status FROM http_log('$L/kubectl_timestamps.log')")" \
  "$(statuses "$L/kubectl_timestamps.log")" "kubectl --timestamps: statuses"
# An X-Forwarded-For list as the client: its first address, never shifted fields.
is "$(hl "SELECT line || ' ' || coalesce(client, 'NULL') || ' ' || (error IS NOT NULL) || ' ' || coalesce(extra, '')
  FROM http_log('$L/xff_client.log')")" \
  '1 1.2.3.4 0 {"remote_host":"1.2.3.4, 10.0.0.1"}
2 9.9.9.9 0 ' "an address list as %h: its first address, the list in extra; the next line is read"
# 31 February.
is "$(hl "SELECT count(*) FROM http_log('$L/feb31.log') WHERE time LIKE '2023-02-31%'")" 0 "31/Feb/2023 is never 02-31"
is "$(hl "SELECT count(*) FROM http_log('$L/feb31.log') WHERE time_utc LIKE '2023-03-03%'")" 0 "nor 03-03"
is "$(hl "SELECT count(*) FROM http_log('$L/feb31.log') WHERE time LIKE '2023-02-31%' OR time_utc LIKE '2023-03-03%'" 2>&1)" 0 \
  "a WHERE with OR on http_log() columns"
is "$(hl "SELECT group_concat(line || ':' || (error IS NOT NULL), ' ') FROM http_log('$L/feb31.log')")" "1:1 2:0" \
  "31/Feb/2023 is an error row, 28/Feb is not"
# A block of NUL bytes before a line.
nul_len=$("$PYTHON" -c 'import sys; print(len(open(sys.argv[1], "rb").read().split(b"\n")[1]))' "$L/nul_block.log")
is "$(hl "SELECT line, client IS NULL, error IS NOT NULL, length(raw), instr(raw, X'00') FROM http_log('$L/nul_block.log') WHERE line = 2")" \
  "2|1|1|$nul_len|1" "NULs: an error row whose raw keeps all $nul_len bytes"
is "$(hl "SELECT group_concat(path, ' ') FROM http_log('$L/nul_block.log')")" "/before /next" "the lines around it are read"
# Milliseconds.
is "$(hl "SELECT group_concat(time || ' ' || time_utc, '; ') FROM http_log('$L/milliseconds.log')")" \
  "2023-10-10T13:55:36.123+00:00 2023-10-10 13:55:36.123; 2023-10-10T13:55:36.5-03:30 2023-10-10 17:25:36.5" \
  "fractional seconds kept as written"
# Invalid UTF-8: text as \xNN, raw the bytes; Python reads every row.
is "$(hl "SELECT path || ' ' || user_agent || ' ' || hex(substr(raw, instr(raw, X'636166'), 4)) FROM http_log('$L/invalid_utf8.log') WHERE line = 1")" \
  '/caf\xE9 Mozilla \xFF\xFE 636166E9' "invalid bytes: \\xNN in text, kept in raw"
"$IMPORT_LOG" "$tmp/utf8.db" "$L/invalid_utf8.log" >/dev/null
is "$("$PYTHON" -c 'import sqlite3, sys; print(len(sqlite3.connect(sys.argv[1]).execute("SELECT * FROM log").fetchall()))' "$tmp/utf8.db")" \
  2 "Python's sqlite3 reads every imported row"
# A file where nothing parses: error rows, and the importer exits 1.
is "$(hl "SELECT count(*), count(error) FROM http_log('$L/nothing_parses.log')")" "3|3" "nothing parses: 3 error rows"
"$IMPORT_LOG" "$tmp/none.db" "$L/nothing_parses.log" >/dev/null 2>&1
is $? 1 "nothing parses: the importer exits 1"

# Compressed copies, recognised by content: gzip piped with no .gz name,
# and bzip2, xz, zstd copies named .log.
src=$L/milliseconds.log
want=$(hl "SELECT group_concat(time || path, ' ') FROM http_log('$src')")
is "$(gzip -c "$src" | hl "SELECT group_concat(time || path, ' ') FROM http_log('/dev/stdin')")" "$want" \
  "gzip piped, no .gz name"
for z in bzip2 xz zstd; do
  if command -v $z >/dev/null 2>&1; then
    $z -c "$src" >"$tmp/$z.log" 2>/dev/null
    is "$(hl "SELECT group_concat(time || path, ' ') FROM http_log('$tmp/$z.log')")" "$want" "a $z copy named .log"
  else
    ok 0 "# SKIP $z is not installed"
  fi
done
# File names with an apostrophe and spaces.
odd="$tmp/it's a log.log"
cp "$L/vhost_combined.log" "$odd"
is "$(hl "SELECT count(*) FROM http_log('$(printf '%s' "$odd" | sed "s/'/''/g")')")" 2 \
  "a file name with an apostrophe and spaces"
"$IMPORT_LOG" "$tmp/odd.db" "$odd" >/dev/null
is "$("$SQLITE3" "$tmp/odd.db" "SELECT DISTINCT source_file FROM log")" "$odd" "and the importer takes it as NAME"
