#!/bin/sh
# Odd lines at the edges of each parser of http_log(), line by line through
# .build/log_parse (tests/log_parse.c): syslog and kubectl prefixes of each
# kind, HAProxy lines with or without their captured headers and request,
# Classic Load Balancer lines cut short or with an IPv6 client, JSON lines
# cut inside a value or an object, surrogate escapes, and compressed inputs
# that are corrupt or made of several streams. Each expected value is the
# line's own text or a count made by awk.
. tests/lib.sh
. tests/httplog_lib.sh

use_log_parse
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

plan 52

# fields F...: the tab-separated columns F of each row of parse ARGS
fields() { f=$1; shift; parse "$@" | cut -f"$f"; }
C='1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"'

# ---- syslog prefix ----
printf '%s\n' "<1345>Oct 10 13:55:36 web1 nginx: $C" "<13" "<13x" \
  "<134>1 2023-10-10T13:55:36Z web1 nginx: $C" "2023-10-10T13:55:36 web1 nginx: $C" \
  "Oct 10 13:55:36" "Oct 10 13:55:36 web1" "Oct 10 13:55:36 web1 nginx $C" \
  "Oct 10 13:55:36 web1 : $C" "Oct 10 13:55:36 - nginx: $C" "Oct  1 13:55:36 web1 nginx: $C" \
  "Oct 10 13:55:36 web1 nginx:" >"$tmp/syslog.log"
S=$tmp/syslog.log
syslog_re='^(<[0-9]{1,3}>(1 )?)?([A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}|[0-9-]{10}T[0-9:.]{8,}(Z|[+-][0-9:]{5})) [^ ]+ [^ :]+: .'
is "$(col 19 1 syslog:combined "$S")" "syslog prefix: a priority such as <134> at byte 0" \
  "syslog: a priority of four digits"
is "$(col 19 2 syslog:combined "$S")|$(col 19 3 syslog:combined "$S")" \
  "syslog prefix: a priority such as <134> at byte 0|syslog prefix: a priority such as <134> at byte 0" \
  "syslog: a priority cut short or not closed by >"
is "$(col 6 4 syslog:combined "$S") $(col 18 4 syslog:combined "$S")" \
  '1.2.3.4 {"syslog_time":"2023-10-10T13:55:36Z","syslog_host":"web1","syslog_tag":"nginx"}' \
  "syslog: RFC 5424's version after the priority, an RFC 3339 time"
is "$(col 19 5 syslog:combined "$S")" "syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0" \
  "syslog: an RFC 3339 time without its offset is not a syslog time"
is "$(for l in 6 7 8 9 12; do col 19 $l syslog:combined "$S"; done | sort -u)" \
  "syslog prefix: expected ' host tag: ' after the time at byte 15" \
  "syslog: nothing after the time, no tag, no colon, an empty tag, nothing after the tag"
is "$(col 18 10 syslog:combined "$S")" '{"syslog_time":"Oct 10 13:55:36","syslog_tag":"nginx"}' \
  "syslog: a host written - is left out of extra"
is "$(col 18 11 syslog:combined "$S")" \
  '{"syslog_time":"Oct  1 13:55:36","syslog_host":"web1","syslog_tag":"nginx"}' \
  "syslog: a day padded with a space"
is "$(kinds syslog:combined "$S")" \
  "DIR 0 ERR $(grep -cvE "$syslog_re" "$S") ROW $(grep -cE "$syslog_re" "$S")" \
  "syslog: rows are the lines with a whole prefix"

# ---- kubectl prefix ----
printf '%s\n' "2023-10-10T13:55:36 $C" "2023-10-10T13:55:36Z" "2023-10-10T13:55:36Zx $C" \
  "2023-10-10X13 $C" "2023-10-10T13:55:36+02:00 $C" >"$tmp/kubectl.log"
K=$tmp/kubectl.log
is "$(fields 19 kubectl:combined "$K" | sed -n 1,4p | sort | uniq -c | awk '{ $1 = $1; print }')" \
  "4 kubectl prefix: expected a time such as 2023-10-10T13:55:36.123456789Z at byte 0" \
  "kubectl: no offset, nothing after the time, no space after it, not a time"
is "$(col 18 5 kubectl:combined "$K")" '{"stream_time":"2023-10-10T13:55:36+02:00"}' \
  "kubectl: a time with an offset is kept as written"

# ---- HAProxy ----
H='192.0.2.10:40000 [10/Oct/2023:13:55:36.120] www~ app/web1 10/0/1/20/31 200 1024 - - ---- 1/1/0/0/0 0/0'
R='"GET / HTTP/1.1"'
printf '%s\n' "$H " "$H {a} {b} {c} $R" "$H {a|b} $R" "$H {} {x} $R" "$H {unclosed $R" "$H $R   " \
  "$H \"" "[2001:db8::1]:40000 ${H#* } $R" >"$tmp/haproxy.log"
P=$tmp/haproxy.log
is "$(col 19 1 haproxy "$P")" "request: a quoted request line expected at byte $((${#H} + 1))" \
  "haproxy: a line that ends after the queues has no request"
is "$(col 19 2 haproxy "$P")" "request: a quoted request line expected at byte $((${#H} + 9))" \
  "haproxy: a third {block} is where the request should be"
is "$(col 18 3 haproxy "$P" | sed 's/.*"backend_queue":0,//')" '"captured_headers":"a|b"}' \
  "haproxy: one {block} is captured_headers"
is "$(col 18 4 haproxy "$P" | sed 's/.*"backend_queue":0,//')" '"captured_response_headers":"x"}' \
  "haproxy: an empty first {block} is left out, the second is the response's"
is "$(col 19 5 haproxy "$P")" "captured headers: no closing } at byte $((${#H} + 1))" \
  "haproxy: a {block} not closed"
is "$(col 8 6 haproxy "$P") $(col 9 6 haproxy "$P") $(col 11 6 haproxy "$P")" "GET / HTTP/1.1" \
  "haproxy: spaces after the request are dropped"
is "$(col 19 7 haproxy "$P")" "request: a quoted request line expected at byte $((${#H} + 1))" \
  "haproxy: a request of one quote"
is "$(col 6 8 haproxy "$P") $(col 18 8 haproxy "$P" | sed 's/,.*//')" '2001:db8::1 {"remote_port":40000' \
  "haproxy: an IPv6 client in brackets, its port in extra"

# ---- Classic Load Balancer ----
E='2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 "GET https://www.example.com:443/ HTTP/1.1"'
printf '%s\n' "$E \"curl/7.38.0\" DHE-RSA-AES128-SHA TLSv1.2 " "$E \"curl/7.38.0\" DHE-RSA-AES128-SHA " \
  "2015-05-13T23:39:43.945958Z my-loadbalancer [2001:db8::1]:2817 - -1 -1 -1 504 0 0 0 \"GET http://www.example.com:80/x?y=1 HTTP/1.1\" \"-\" - -" \
  "${E% *} HTTP/1.1 \"curl\" DHE-RSA-AES128-SHA TLSv1.2" "$E \"\" DHE-RSA-AES128-SHA TLSv1.2" >"$tmp/elb.log"
L=$tmp/elb.log
is "$(col 19 1 elb "$L")" "an empty field or a quote not closed at byte $(($(sed -n 1p "$L" | wc -c) - 1))" \
  "elb: a space at the end of the line"
is "$(col 19 2 elb "$L")" "an empty field or a quote not closed at byte $(($(sed -n 2p "$L" | wc -c) - 1))" \
  "elb: a line cut after a space"
is "$(parse elb "$L" | awk -F'\t' '$1 == 3 { print $3, $6, $9, $10, $17 "|" $18 }')" \
  '504 2001:db8::1 /x y=1 |{"remote_port":2817,"elb":"my-loadbalancer","backend_status_code":0,"received_bytes":0}' \
  "elb: an IPv6 client; -1 timers (no backend) make no duration"
is "$(col 19 4 elb "$L")" "14 fields, where a Classic Load Balancer writes 12 or 15" \
  "elb: a request whose quote is not closed is split at its spaces"
is "$(col 14 5 elb "$L")|$(col 6 5 elb "$L")" "|192.168.131.39" "elb: an empty user agent is NULL"

# ---- JSON (nginx_json) ----
cat >"$tmp/json.log" <<'JSON'
{"remote_addr":"192.0.2.1","status":200,"ok":tru}
{"remote_addr":"192.0.2.1","status":200,"ok":fals}
{"remote_addr":"192.0.2.1","status":200,"ok":nul}
{"remote_addr":"192.0.2.1","status":200,"ok":true,"no":false,"nil":null}
{"remote_addr":"192.0.2.1","status":200,"n":-0.5e-3,"m":1E+2,"z":-
{"remote_addr":"192.0.2.1","status":200,"o":{"a":[1,{"b":2}]
{"remote_addr":"192.0.2.1","status":200,"o":{"a"
{"remote_addr":"192.0.2.1","status":200,"o":{"a":
{"remote_addr":"192.0.2.1","status":"2000"}
{"remote_addr":"192.0.2.1","status":200,"request":"GET /\ud83d\ude00 HTTP/1.1"}
{"remote_addr":"192.0.2.1","status":200,"request":"GET /\ud83d HTTP/1.1"}
{"remote_addr":"192.0.2.1","status":200,"request":"GET /\ude00 HTTP/1.1"}
{"remote_\u0061ddr":"192.0.2.9","status":200}
{"remote_addr":"192.0.2.1","status":200,"request_time":"1e400"}
[1,2]
{}
{"remote_addr":" 10.0.0.1 ,\t10.0.0.2","status":200}
{"remote_addr":",10.0.0.2","status":200}
JSON
J=$tmp/json.log
is "$(fields 19 nginx_json "$J" | sed -n 1,3p | sort -u)" "not JSON: not a JSON value at byte 45" \
  "json: true, false and null cut short"
is "$(col 18 4 nginx_json "$J")" '{"ok":true,"no":false,"nil":null}' "json: true, false and null kept in extra"
is "$(col 19 5 nginx_json "$J")" "not JSON: not a JSON value at byte $(sed -n 5p "$J" | awk '{ print index($0, "\"z\":-") + 3 }')" \
  "json: a number of a - alone, after numbers with exponents"
is "$(col 19 6 nginx_json "$J")" "not JSON: the line ends inside an object or array (truncated?) at byte $(sed -n 6p "$J" | awk '{ print length }')" \
  "json: a line cut inside a nested object"
is "$(col 19 7 nginx_json "$J")|$(col 19 8 nginx_json "$J")" \
  "not JSON: the line ends inside an object (truncated?) at byte 48|not JSON: the line ends where a value should be (truncated?) at byte 49" \
  "json: a line cut after a key, after a colon"
is "$(col 19 9 nginx_json "$J")" "status: not a status code at byte 36" "json: a status of four digits"
is "$(col 9 10 nginx_json "$J")" "/$(printf '\360\237\230\200')" "json: a surrogate pair is one character"
is "$(col 9 11 nginx_json "$J")|$(col 9 12 nginx_json "$J")" \
  "/$(printf '\357\277\275')|/$(printf '\357\277\275')" "json: a lone surrogate is U+FFFD"
is "$(col 6 13 nginx_json "$J")" "192.0.2.9" "json: a key written with an escape is still the key"
is "$(col 17 14 nginx_json "$J")|$(col 18 14 nginx_json "$J")" '|{"request_time":"1e400"}' \
  "json: a duration out of range stays in extra as written"
is "$(col 19 15 nginx_json "$J")|$(col 19 16 nginx_json "$J")" \
  'not a JSON object at byte 0|not an access record: no "status"' "json: an array, an empty object"
is "$(col 6 17 nginx_json "$J")|$(col 18 17 nginx_json "$J")" \
  '10.0.0.1|{"remote_addr":" 10.0.0.1 ,\\t10.0.0.2"}' "json: an address list's first, spaces and tabs trimmed"
is "$(col 6 18 nginx_json "$J")" "" "json: an address list with an empty first is no client"
is "$(kinds nginx_json "$J")" \
  "DIR 0 ERR $(/usr/bin/python3 -c 'import json,sys
n = 0
for l in open(sys.argv[1]):
    try:
        o = json.loads(l)
        n += not (isinstance(o, dict) and isinstance(o.get("status"), int) and o["status"] < 1000)
    except ValueError:
        n += 1
print(n)' "$J") ROW $(/usr/bin/python3 -c 'import json,sys
n = 0
for l in open(sys.argv[1]):
    try:
        o = json.loads(l)
        n += isinstance(o, dict) and isinstance(o.get("status"), int) and o["status"] < 1000
    except ValueError:
        pass
print(n)' "$J")" "json: rows are the objects Python reads with a status"

# ---- compressed inputs ----
awk 'BEGIN { for (i = 1; i <= 10; i++) printf "1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] \"GET /%d HTTP/1.1\" 200 5 \"-\" \"ua\"\n", i }' >"$tmp/a.log"
xz -c "$tmp/a.log" >"$tmp/c.log.xz"
perl -e 'open my $f, "+<", $ARGV[0] or die; seek $f, 40, 0; print $f "XXXX"' "$tmp/c.log.xz"
is "$(col 19 1 combined "$tmp/c.log.xz")" "$tmp/c.log.xz: xz data is corrupt after 0 bytes of data" \
  "xz: a corrupt block"
{ xz -c "$tmp/a.log"; xz -c "$tmp/a.log"; } >"$tmp/two.log.xz"
is "$(kinds combined "$tmp/two.log.xz")" "DIR 0 ERR 0 ROW $(cat "$tmp/a.log" "$tmp/a.log" | wc -l)" \
  "xz: two streams one after the other are read as one"

# ---- Apache %{...}t with strftime conversions: each time as Python's
# strptime reads the same text with the same conversions ----
strf() { # strf FORMAT TEXT: "time|error" of '[%{FORMAT}t] %>s' on "[TEXT] 200"
  printf '[%s] 200\n' "$2" >"$tmp/strf.log"
  parse "[%{$1}t] %>s" "$tmp/strf.log" | cut -f4,19 | tr '\t' '|'
}
py_strf() { /usr/bin/python3 -c 'import datetime, sys
print(datetime.datetime.strptime(sys.argv[2], sys.argv[1]).isoformat() + "|")' "$1" "$2"; }
# FORMAT|TEXT|Python's FORMAT (strptime has no %T, %F, %r)
for case in '%j %Y|283 2023|%j %Y' '%G-W%V-%u %T|2023-W41-2 13:55:36|%G-W%V-%u %H:%M:%S' \
  '%F %r|2023-10-10 01:55:36 PM|%Y-%m-%d %I:%M:%S %p' \
  '%F %I:%M:%S %p|2023-10-10 12:05:00 am|%Y-%m-%d %I:%M:%S %p' '%c|Tue Oct 10 13:55:36 2023|%a %b %d %H:%M:%S %Y' \
  '%A %d %B %y %H:%M|Tuesday 10 October 23 13:55|%A %d %B %y %H:%M' \
  '%d/%b/%Y:%H:%M:%S %%|10/Oct/2023:13:55:36 %|%d/%b/%Y:%H:%M:%S %%'; do
  f=${case%%|*} rest=${case#*|}
  v=${rest%%|*} pyf=${rest#*|}
  is "$(strf "$f" "$v")" "$(py_strf "$pyf" "$v")" "strftime: $f"
done
is "$(strf '%g-W%V-%w %T' '23-W41-2 13:55:36')" "2023-10-10T13:55:36|" \
  "strftime: %g two-digit ISO year, %w weekday from Sunday 0"
is "$(strf '%G-W%V-%u' '2023-W54-2')" "|invalid date or time" "strftime: ISO week 54"
is "$(strf '%G-W%V-%u' '2023-W41-8')|$(strf '%j %Y' '367 2023')" \
  "|expected a time in the format's pattern for %{%G-W%V-%u}t at byte 1||expected a time in the format's pattern for %{%j %Y}t at byte 1" \
  "strftime: weekday 8, day of the year 367"
is "$(strf '%F %r' '2023-10-10 13:55:36 PM')|$(strf '%F %r' '2023-10-10 01:55:36 XM')" \
  "|invalid date or time||expected a time in the format's pattern for %{%F %r}t at byte 1" \
  "strftime: 13 PM, XM"
is "$(strf '%F %T %Z' '2023-10-10 13:55:36 UTC')|$(strf '%F %T %Z' '2023-10-10 13:55:36 Z')|$(strf '%F %T %Z' '2023-10-10 13:55:36 CEST')" \
  "2023-10-10T13:55:36+00:00||2023-10-10T13:55:36+00:00||2023-10-10T13:55:36|" \
  "strftime: %Z UTC and Z are an offset, CEST leaves the time local"
is "$(strf '%s' "$(/usr/bin/python3 -c 'import datetime; print(int(datetime.datetime(2023, 10, 10, 13, 55, 36, tzinfo=datetime.timezone.utc).timestamp()))')")|$(strf '%s' x)" \
  "2023-10-10T13:55:36Z|||expected a time in the format's pattern for %{%s}t at byte 1" "strftime: %s"
