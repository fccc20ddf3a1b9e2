#!/bin/sh
# http_log(): each line read in full or rejected with a reason; the cases of
# mis-read lines that other readers get wrong, one check each.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 41

L='1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /a?x=1&y HTTP/1.1" 200 5 "http://r/" "ua"'
printf '%s\n' "$L" >"$tmp/one.log"

is "$(hl "SELECT time, time_utc, client, remote_user, method, path, query, protocol, status,
  bytes, referrer, user_agent, host, port, duration, extra, format, line, error
  FROM http_log('$tmp/one.log')")" \
  "2023-10-10T13:55:36+00:00|2023-10-10 13:55:36|1.2.3.4||GET|/a|x=1&y|HTTP/1.1|200|5|http://r/|ua|||||combined|1|" \
  "a combined line: every column"
is "$(hl "SELECT typeof(status), typeof(bytes), typeof(raw), raw = CAST('$L' AS BLOB)
  FROM http_log('$tmp/one.log')")" "integer|integer|blob|1" "status and bytes are integers, raw the line's bytes"

# Debian's other_vhosts_access.log: never a client of 'www.example.com:443'.
printf 'www.example.com:443 %s\n' "$L" >"$tmp/vhost.log"
is "$(hl "SELECT format, host, port, client, status FROM http_log('$tmp/vhost.log')")" \
  "vhost_combined|www.example.com|443|1.2.3.4|200" "vhost_combined is detected"
is "$(hl "SELECT client IS NULL, remote_user IS NULL, error FROM http_log('$tmp/vhost.log', 'combined')")" \
  "1|1|expected a client address (IP or host name, no port) for %h at byte 0" \
  "vhost_combined read as combined is an error row, not shifted fields"

# A syslog prefix, a kubectl --timestamps prefix, an X-Forwarded-For list.
printf 'Oct 10 13:55:36 web1 nginx: %s\n' "$L" >"$tmp/syslog.log"
is "$(hl "SELECT error FROM http_log('$tmp/syslog.log', 'combined')")" \
  "expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 16" "syslog prefix: rejected by combined"
is "$(hl "SELECT format, client, extra FROM http_log('$tmp/syslog.log')")" \
  'syslog_combined|1.2.3.4|{"syslog_time":"Oct 10 13:55:36","syslog_host":"web1","syslog_tag":"nginx"}' \
  "syslog prefix: detected as syslog_combined"
printf '2023-10-10T13:55:36.123456789Z %s\n' "$L" >"$tmp/kubectl.log"
is "$(hl "SELECT error IS NOT NULL FROM http_log('$tmp/kubectl.log', 'combined')")" "1" \
  "kubectl prefix: rejected by combined"
is "$(hl "SELECT format, client, time, extra FROM http_log('$tmp/kubectl.log')")" \
  'kubectl_combined|1.2.3.4|2023-10-10T13:55:36+00:00|{"stream_time":"2023-10-10T13:55:36.123456789Z"}' \
  "kubectl prefix: detected as kubectl_combined"
printf '1.2.3.4, 10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"\n' >"$tmp/xff.log"
is "$(hl "SELECT client, extra, error FROM http_log('$tmp/xff.log', 'combined')")" \
  '1.2.3.4|{"remote_host":"1.2.3.4, 10.0.0.1"}|' \
  "an X-Forwarded-For list as the client: its first address, the list in extra"
is "$(hl "SELECT format, client FROM http_log('$tmp/xff.log')")" \
  "combined|1.2.3.4" "an X-Forwarded-For list: combined is detected"

# Dates: days per month, leap years, offsets; fractions kept.
t() { printf '1.2.3.4 - - [%s] "GET / HTTP/1.1" 200 5 "-" "ua"\n' "$1" >"$tmp/t.log"
  hl "SELECT coalesce(time, 'NULL') || ' ' || coalesce(time_utc, 'NULL') || ' ' || coalesce(error, '') FROM http_log('$tmp/t.log', 'combined')"; }
is "$(t '31/Feb/2023:13:55:36 +0000')" \
  "NULL NULL invalid date or time for %t (day of month, leap year, hour or UTC offset out of range) at byte 12" "31 February is an error"
is "$(t '29/Feb/2023:13:55:36 +0000' | cut -c1-9)" "NULL NULL" "29 February 2023 is an error"
is "$(t '29/Feb/2024:23:59:59 +0000')" "2024-02-29T23:59:59+00:00 2024-02-29 23:59:59 " "29 February 2024 is a date"
is "$(t '29/Feb/2000:00:00:00 +0000' | cut -c1-10)" "2000-02-29" "2000 is a leap year"
is "$(t '29/Feb/1900:00:00:00 +0000' | cut -c1-9)" "NULL NULL" "1900 is not"
is "$(t '10/Oct/2023:13:55:36.123 +0000')" "2023-10-10T13:55:36.123+00:00 2023-10-10 13:55:36.123 " "milliseconds kept"
is "$(t '10/Oct/2023:13:55:36.123456 -0330')" "2023-10-10T13:55:36.123456-03:30 2023-10-10 17:25:36.123456 " \
  "microseconds and a negative offset"
is "$(t '01/Jan/2024:00:30:00 +0100')" "2024-01-01T00:30:00+01:00 2023-12-31 23:30:00 " "UTC crosses the year"
is "$(t '10/Oct/2023:13:55:36 +1400' | cut -c1-25)" "2023-10-10T13:55:36+14:00" "+14:00 is the largest offset"
is "$(t '10/Oct/2023:13:55:36 +1401' | cut -c1-9)" "NULL NULL" "+14:01 is not an offset"
is "$(t '10/Oct/2023:24:00:00 +0000' | cut -c1-9)" "NULL NULL" "hour 24 is an error"
is "$(t '10/Foo/2023:13:00:00 +0000' | cut -c11-)" "expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 12" "an unknown month"

# A line after a block of NUL bytes: the NULs are that line's, an error row.
{ printf '%s\n' "$L"; head -c 271 /dev/zero; printf '%s\n' "$L"; } >"$tmp/nul.log"
is "$(hl "SELECT line, client IS NULL, error, length(raw), instr(raw, X'00') FROM http_log('$tmp/nul.log') WHERE line = 2")" \
  "2|1|NUL byte at byte 0|$((271 + ${#L}))|1" "NUL bytes: an error row whose raw keeps them"
is "$(hl "SELECT count(*), count(error) FROM http_log('$tmp/nul.log')")" "2|1" "NUL bytes: one row per line"

# Escapes as the server wrote them; text always valid UTF-8, raw the bytes.
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /caf\303\251 HTTP/1.1" 200 5 "-" "a \\"q\\" \\\\ \\x41 \377"\n' >"$tmp/esc.log"
is "$(hl "SELECT path, user_agent FROM http_log('$tmp/esc.log')")" '/café|a "q" \ A \xFF' \
  "Apache escapes decoded, an invalid byte written as \\xFF"
is "$(hl "SELECT hex(substr(raw, -2)) FROM http_log('$tmp/esc.log')")" 'FF22' "raw keeps the invalid byte"
is "$("$PYTHON" -c "
import sqlite3, sys
db = sqlite3.connect(':memory:')
db.enable_load_extension(True)
db.load_extension('$HTTPLOG')
print(db.execute(\"SELECT user_agent FROM http_log('$tmp/esc.log')\").fetchone()[0])
")" 'a "q" \ A \xFF' "Python's sqlite3 reads the row"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /a\\x22b HTTP/1.1" 200 5 "-" "x\\x5Cy" "-"\n' >"$tmp/ng.log"
is "$(hl "SELECT format, path, user_agent FROM http_log('$tmp/ng.log')")" 'nginx_main|/a"b|x\y' "NGINX \\xHH escapes"

# Request lines that are not METHOD TARGET PROTOCOL.
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "\\x16\\x03\\x01\\x00\\xA5" 400 157 "-" "-"\n' >"$tmp/tls.log"
is "$(hl "SELECT status, method IS NULL, path IS NULL, extra, error IS NULL FROM http_log('$tmp/tls.log', 'combined')")" \
  '400|1|1|{"request":"\u0016\u0003\u0001\\x00\\xA5"}|1' "a TLS handshake on port 80: a row, request kept in extra"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "-" 408 - "-" "-"\n' >"$tmp/dash.log"
is "$(hl "SELECT status, bytes, method IS NULL, extra IS NULL, error IS NULL FROM http_log('$tmp/dash.log')")" \
  '408|0|1|1|1' 'a request of "-", bytes "-" as 0'
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET /old" 200 5 "-" "-"\n' >"$tmp/h09.log"
is "$(hl "SELECT method, path, protocol IS NULL FROM http_log('$tmp/h09.log')")" 'GET|/old|1' "an HTTP/0.9 request line"

# Lines that end early or go on.
printf '%s trailing\n%s' "$L" "$L" | sed 's/"ua"$/"ua/' >"$tmp/tail.log"
is "$(hl "SELECT line || ': ' || coalesce(error, extra) FROM http_log('$tmp/tail.log', 'combined')")" \
  '1: {"trailing_fields":["trailing"]}
2: no closing quote for %{User-Agent}i at byte '"$((${#L} - 3))" "text after the last field; a missing quote"
printf '%s\r\n\r\n%s' "$L" "$L" >"$tmp/crlf.log"
is "$(hl "SELECT group_concat(line || ':' || coalesce(status, error), ' ') FROM http_log('$tmp/crlf.log')")" \
  "1:200 2:empty line 3:200" "CRLF, an empty line, no final newline"

# Format strings given as the format.
printf 'example.org 1.2.3.4 2023-10-10 13:55:36.250 "GET /x HTTP/1.1" 200 1234 5678 %%\n' >"$tmp/ap.log"
is "$(hl "SELECT time, time_utc IS NULL, host, client, duration, bytes, format
  FROM http_log('$tmp/ap.log', '%v %a %{%Y-%m-%d %H:%M:%S}t.%{msec_frac}t \"%r\" %>s %B %D %%')")" \
  '2023-10-10T13:55:36.250|1|example.org|1.2.3.4|0.005678|1234|%v %a %{%Y-%m-%d %H:%M:%S}t.%{msec_frac}t "%r" %>s %B %D %%' \
  "an Apache LogFormat string; a local time without offset has no time_utc"
printf '1.2.3.4 [2023-10-10T13:55:36+02:00] "GET /x?q HTTP/1.1" 404 12 0.123 "0.010, 0.020" "x, y" 1696946136.5\n' >"$tmp/ngx.log"
is "$(hl "SELECT time_utc, status, duration, extra
  FROM http_log('$tmp/ngx.log', '\$remote_addr [\$time_iso8601] \"\$request\" \$status \$bytes_sent \$request_time \"\$upstream_response_time\" \"\$http_x_forwarded_for\" \$msec')")" \
  '2023-10-10 11:55:36|404|0.123|{"upstream_response_time":"0.010, 0.020","http_x_forwarded_for":"x, y","msec":1696946136.5}' \
  "an NGINX log_format string; a second time goes to extra"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5\n' >"$tmp/cfg.log"
is "$(hl "SELECT status FROM http_log('$tmp/cfg.log', '%h %l %u %t \\\"%r\\\" %>s %b')")" "200" \
  'a LogFormat string copied from a configuration file, with \"'
is "$(hl "SELECT format, status FROM http_log('$tmp/cfg.log', 'common')")" "common|200" "a named format"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" 1500\n' >"$tmp/usec.log"
is "$(hl "SELECT format, duration FROM http_log('$tmp/usec.log')")" "combined_usec|0.0015" "combined_usec is detected"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" "-" 0.002 0.001, 0.003\n' >"$tmp/timed.log"
is "$(hl "SELECT format, duration, extra FROM http_log('$tmp/timed.log')")" \
  'nginx_timed|0.002|{"upstream_response_time":"0.001, 0.003"}' "nginx_timed is detected"
printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" rt=0.005 uct="0.001" uht="0.002" urt="0.004"\n' >"$tmp/up.log"
is "$(hl "SELECT format, duration, extra FROM http_log('$tmp/up.log')")" \
  'nginx_upstream|0.005|{"upstream_connect_time":"0.001","upstream_header_time":"0.002","upstream_response_time":"0.004"}' \
  "nginx_upstream is detected"
# Durations are the doubles nearest what the log wrote, as Python's float() reads them.
for t in 1.017557019 0.000724332 3.5668138 28.8826041 259.4444637 5893.98375317 0.1; do
  printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua" "-" %s 0.001\n' "$t"
done >"$tmp/dur.log"
is "$("$PYTHON" - "$HTTPLOG" "$tmp/dur.log" <<'PY'
import sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
got = [r[0] for r in db.execute("SELECT duration FROM http_log(?) ORDER BY line", (sys.argv[2],))]
want = [float(l.split()[-2]) for l in open(sys.argv[2])]
print("same" if got == want else "got %r, expected %r" % (got, want))
PY
)" "same" "a decimal \$request_time is the double nearest it"
