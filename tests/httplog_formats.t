#!/bin/sh
# http_log() with format strings: every Apache directive and NGINX variable
# it knows, read into the right column, and each kind of field rejecting
# what it must. One case per line below: the format, the log line (printf
# %b escapes), the columns to show, and what they must be.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
T='[10/Oct/2023:13:55:36 +0000]'

n=0
: >"$tmp/cases.tsv"
# c FORMAT LINE COLUMNS EXPECTED (no process per case: the SQL is written
# by one awk below)
c() {
  n=$((n + 1))
  printf '%b\n' "$2" >"$tmp/$n.log"
  printf '%s\t%s\t%s\n' "$n" "$1" "$3" >>"$tmp/cases.tsv"
  printf '%s|%s\n' "$n" "$4" >>"$tmp/expected"
}
# e FORMAT LINE ERROR: the line is an error row with this reason
e() { c "$1" "$2" "error" "$3"; }

: >"$tmp/expected"
# ---- Apache directives -------------------------------------------------
c '%a %{c}a %h' '1.2.3.4 5.6.7.8 host.example' "client, extra" '1.2.3.4|{"client_addr":"5.6.7.8","remote_host":"host.example"}'
c '%h' '::ffff:1.2.3.4' "client" '::ffff:1.2.3.4'
c '%h' 'fe80::1%eth0' "client" 'fe80::1%eth0'
c '%h' 'unix:' "client" 'unix:'
e '%h' '1.2.3.4:80' 'expected a client address (IP or host name, no port) for %h at byte 0'
e '%h' '-bad' 'expected a client address (IP or host name, no port) for %h at byte 0'
e '%h' '' 'empty line'
e '%h %u' '1.2.3.4' "no ' ' after %h at byte 0"
c '%l %u' 'ident bob' "remote_user, extra" 'bob|{"ident":"ident"}'
c '%B %O %I %S %k' '10 20 30 40 2' "bytes, extra" '10|{"bytes_sent":20,"bytes_received":30,"bytes_transferred":40,"keepalive_requests":2}'
c '%b' '-' "bytes" '0'
c '%O' '-' "bytes IS NULL" '1'
e '%b' 'x' 'expected a byte count or - for %b at byte 0'
e '%B' '12345678901234567890' 'expected a number or - for %B at byte 0'
c '%D' '1500000' "duration" '1.5'
c '%T' '2' "duration" '2.0'
c '%{ms}T' '250' "duration" '0.25'
c '%{us}T' '250' "duration" '0.00025'
c '%{s}T' '3' "duration" '3.0'
c '%D %T' '1000 1' "duration, extra" '0.001|{"request_time_s":1}'
c '%T' '-' "duration IS NULL, error IS NULL" '1|1'
e '%D' '1.' 'expected a duration for %D at byte 0'
e '%D' 'x' 'expected a duration for %D at byte 0'
c '%m %U%q %H' 'GET /p?a=b HTTP/1.0' "method, path, query, protocol" 'GET|/p|a=b|HTTP/1.0'
c '%m %U%q %H' 'GET /p HTTP/1.0' "path, query IS NULL" '/p|1'
c '"%U%q"' '"/p?"' "path, query" "/p|"
c '%U%q' '/p?x' "path, query" "/p|x"
e '"%q"' '"x"' 'expected a query string for %q at byte 1'
c '"%r" %q' '"GET /a?b HTTP/1.1" ?c' "query, extra" 'b|{"query_string":"?c"}'
e '"%r" %q' '"GET / HTTP/1.1" c' 'expected a query string for %q at byte 17'
c '%m "%r"' 'GET "GET /x HTTP/1.1"' "method, path IS NULL, extra" 'GET|1|{"request":"GET /x HTTP/1.1"}'
c '"%r"' '"GET / HTTP/1.1 extra"' "method IS NULL, extra" '1|{"request":"GET / HTTP/1.1 extra"}'
c '"%r"' '"GET / FTP/1.1"' "extra" '{"request":"GET / FTP/1.1"}'
c '"%r"' '"GET  HTTP/1.1"' "extra" '{"request":"GET  HTTP/1.1"}'
c '"%r"' '"GET"' "extra" '{"request":"GET"}'
c '"%r"' '"GET / HTTP/1.x"' "extra" '{"request":"GET / HTTP/1.x"}'
c '%>s %s' '200 302' "status, extra" '200|{"status":302}'
c '%<s' '404' "status" '404'
e '%>s' '20' 'expected a three-digit status or - for %>s at byte 0'
e '%>s' '2000' 'expected a three-digit status or - for %>s at byte 0'
c '%v %V' 'a.example b.example' "host, extra" 'a.example|{"server_name":"b.example"}'
c '%v:%p %{remote}p %{local}p' 'h:443 5555 80' "host, port, extra" 'h|443|{"remote_port":5555,"server_port":80}'
c '"%{Host}i" "%{X-Forwarded-For}i" "%{Set-Cookie}o" "%{sid}C" "%{HOME}e" "%{n}n"' \
  '"h.example" "1.1.1.1, 2.2.2.2" "a=b" "s1" "/root" "-"' "host, extra" \
  'h.example|{"http_x_forwarded_for":"1.1.1.1, 2.2.2.2","sent_http_set_cookie":"a=b","cookie_sid":"s1","env_home":"/root"}'
c '%400,501{User-agent}i|%!200{Referer}i' 'ua|-' "user_agent, referrer IS NULL" 'ua|1'
c '%X %P %L %R %f %A %{tid}P' '+ 123 id h /f 10.0.0.1 7' "extra" \
  '{"connection_status":"+","pid":"123","log_id":"id","handler":"h","filename":"/f","local_addr":"10.0.0.1","pid":"7"}'
c '100%% %h' '100% 1.2.3.4' "client" '1.2.3.4'
# times
c '%{sec}t' '1696946136' "time, time_utc" '2023-10-10T13:55:36Z|2023-10-10 13:55:36'
c '%{msec}t' '1696946136123' "time" '2023-10-10T13:55:36.123Z'
c '%{usec}t' '1696946136123456' "time" '2023-10-10T13:55:36.123456Z'
c '%{begin:sec}t %{end:msec}t' '1696946136 1696946137000' "time, extra" '2023-10-10T13:55:36Z|{"time":1696946137000}'
c '%{%d/%b/%Y:%H:%M:%S %z}t' '10/Oct/2023:13:55:36 -0700' "time_utc" '2023-10-10 20:55:36'
c '%{%a, %e %b %Y %T}t' 'Tue,  9 Oct 2023 13:55:36' "time, time_utc IS NULL" '2023-10-09T13:55:36|1'
c '%{%F %T}t.%{usec_frac}t' '2023-10-10 13:55:36.000123' "time" '2023-10-10T13:55:36.000123'
c '%{%Y-%m-%d%%}t' '2023-10-10%' "time" '2023-10-10T00:00:00'
c '%t %{%Y}t %{msec_frac}t' "$T 2023 123" "time, extra" '2023-10-10T13:55:36+00:00|{"time":"2023","time_fraction":"123"}'
e '%{%Y-%m-%d}t' '2023-02-30' 'invalid date or time'
e '%{%Y-%m-%d}t' '2023-1-01' 'expected a time in the format'"'"'s pattern for %{%Y-%m-%d}t at byte 0'
e '%{%z}t' '+01' 'expected a time in the format'"'"'s pattern for %{%z}t at byte 0'
e '%{%z}t' '+0160' 'expected a time in the format'"'"'s pattern for %{%z}t at byte 0'
e '%{%q}t' 'x' 'expected a time in the format'"'"'s pattern for %{%q}t at byte 0'
e '%{%b}t' 'Foo' 'expected a time in the format'"'"'s pattern for %{%b}t at byte 0'
e '%{%F}t' '2023/10/10' 'expected a time in the format'"'"'s pattern for %{%F}t at byte 0'
e '%{%T}t' '13-55' 'expected a time in the format'"'"'s pattern for %{%T}t at byte 0'
e '%{%a}t' 'Tu' 'expected a time in the format'"'"'s pattern for %{%a}t at byte 0'
e '%{msec_frac}t' '12' 'expected the fraction of a second for %{msec_frac}t at byte 0'
e '%{sec}t' '99999999999999' 'expected seconds since 1970 for %{sec}t at byte 0'
e '%{sec}t' 'x' 'expected seconds since 1970 for %{sec}t at byte 0'
e '%t' '[10/Oct/2023:13:55:36 +0000' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
e '%t' '10/Oct/2023:13:55:36 +0000]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
c '%t' '[10/Oct/2023:13:55:36.1234567890 +0000]' "error IS NOT NULL" '1'
e '%t' '[10/Oct/2023:13:55:36. +0000]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
e '%t' '[10/Oct/2023:13:55:36 0000]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
e '%t' '[10/Oct/2023:13:55:36 +00:00]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
e '%t' '[10/Oct/2023:13:55:36 +0060]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
e '%t' '[10-Oct/2023:13:55:36 +0000]' 'expected a time such as [10/Oct/2023:13:55:36 +0000] for %t at byte 0'
# ---- NGINX variables --------------------------------------------------
c '$remote_addr $realip_remote_addr $remote_user' '1.1.1.1 2.2.2.2 bob' "client, remote_user, extra" '1.1.1.1|bob|{"realip_remote_addr":"2.2.2.2"}'
c '$time_iso8601' '2023-10-10T13:55:36.5-03:30' "time, time_utc" '2023-10-10T13:55:36.5-03:30|2023-10-10 17:25:36.5'
c '$time_iso8601' '2023-10-10T13:55:36Z' "time" '2023-10-10T13:55:36Z'
c '$time_iso8601' '2023-10-10 13:55:36+0100' "time_utc" '2023-10-10 12:55:36'
e '$time_iso8601' '2023-10-10T13:55:36' 'expected a time such as 2023-10-10T13:55:36+00:00 for $time_iso8601 at byte 0'
e '$time_iso8601' '2023-13-10T13:55:36Z' 'invalid date or time for $time_iso8601 (day of month, leap year, hour or UTC offset out of range) at byte 0'
e '$time_iso8601' '2023-10-10X13:55:36Z' 'expected a time such as 2023-10-10T13:55:36+00:00 for $time_iso8601 at byte 0'
c '$time_local' '10/Oct/2023:13:55:36 +0000' "time" '2023-10-10T13:55:36+00:00'
e '$time_local' '31/Apr/2023:13:55:36 +0000' 'invalid date or time for $time_local (day of month, leap year, hour or UTC offset out of range) at byte 0'
c '$msec' '1696946136.123' "time" '2023-10-10T13:55:36.123Z'
c '$msec' '0' "time" '1970-01-01T00:00:00Z'
e '$msec' '1696946136.' 'expected seconds since 1970 for $msec at byte 0'
c '$request_method $request_uri $server_protocol' 'GET /a/b?c=d HTTP/2.0' "method, path, query, protocol" 'GET|/a/b|c=d|HTTP/2.0'
c '$uri?$args $document_uri $query_string' '/u?a /d q' "path, query, extra" '/u|a|{"document_uri":"/d","query_string":"q"}'
c '"$request" $request_uri' '"GET /x HTTP/1.1" /y' "path, extra" '/x|{"request_uri":"/y"}'
c '$status $body_bytes_sent $bytes_sent $request_length $connection $connection_requests' '200 1 2 3 4 5' \
  "status, bytes, extra" '200|1|{"bytes_sent":2,"request_length":3,"connection":4,"connection_requests":5}'
c '$host $http_host $server_name $server_port $remote_port' 'a b c 80 5555' "host, port, extra" \
  'a|80|{"http_host":"b","server_name":"c","remote_port":5555}'
c '"$http_referer" "$http_user_agent"' '"r" "\\x22quoted\\x22 \\x5C \\xC3\\xA9"' "referrer, user_agent" 'r|"quoted" \ é'
c '"$http_user_agent"' '"a\\"b"' "error" 'unexpected text after the last field at byte 4'
c '$request_time ${upstream_response_time}' '0.250 0.1 : 0.2' "duration, extra" '0.25|{"upstream_response_time":"0.1 : 0.2"}'
c '$request_time' '-' "duration IS NULL, error IS NULL" '1|1'
c '$status$body_bytes_sent' '20012' "error IS NOT NULL" '1'
c '$remote_user$remote_addr' 'bob 1.2.3.4' "error IS NOT NULL" '1'
# an unquoted field holds no space: the last one does not take the rest of the line
e '$http_x_a$http_x_b' 'x y' 'unexpected text after the last field at byte 1'
c '$remote_addr $request_time' '1.2.3.4 0.5 extra' "duration, extra" '0.5|{"trailing_fields":["extra"]}'
c '$remote_addr $http_x_a' '1.2.3.4 a b' "error, extra" '|{"http_x_a":"a","trailing_fields":["b"]}'
e '$remote_addr $request_time' '1.2.3.4 0.5x' 'unexpected text after the last field at byte 11'
e '[$http_x_a] $status' '[a b] 200' "no ']' after \$http_x_a at byte 1"
# NGINX's $upstream_* lists: ", " between the servers tried, " : " between server groups
c '$upstream_addr $upstream_status $upstream_response_time $status' \
  '10.0.0.1:80, 10.0.0.2:80 502, 200 0.010, 0.020 200' "status, extra" \
  '200|{"upstream_addr":"10.0.0.1:80, 10.0.0.2:80","upstream_status":"502, 200","upstream_response_time":"0.010, 0.020"}'
c '$upstream_addr $upstream_status $upstream_bytes_received' \
  '10.0.0.1:80, unix:/tmp/s : [2001:db8::1]:80 502, 504 : 200 0, 0 : 512' "extra" \
  '{"upstream_addr":"10.0.0.1:80, unix:/tmp/s : [2001:db8::1]:80","upstream_status":"502, 504 : 200","upstream_bytes_received":"0, 0 : 512"}'
c '$upstream_addr $upstream_connect_time $upstream_header_time $upstream_response_length $upstream_bytes_sent' \
  '10.0.0.1:80 - - - 0' "extra" '{"upstream_addr":"10.0.0.1:80","upstream_bytes_sent":"0"}'
c '"$upstream_addr" "$upstream_status"' '"10.0.0.1:80, 10.0.0.2:80" "502, 200"' "extra" \
  '{"upstream_addr":"10.0.0.1:80, 10.0.0.2:80","upstream_status":"502, 200"}'
# a list where a variable that is not one would have taken the rest: error rows
e '$upstream_addr $http_x_a $status' '10.0.0.1:80, 10.0.0.2:80 a, b 200' "expected a three-digit status or - for \$status at byte 28"
e '$http_x_a $status' '10.0.0.1:80, 10.0.0.2:80 200' "expected a three-digit status or - for \$status at byte 13"
e '$upstream_addr $status' '10.0.0.1:80,10.0.0.2:80 200' "expected ' ' after \$upstream_addr at byte 11"
e '$upstream_addr $status' '10.0.0.1:80,  10.0.0.2:80 200' "expected ' ' after \$upstream_addr at byte 11"
e '$upstream_addr $status' '10.0.0.1:80, 200' "expected ' ' after \$upstream_addr at byte 16"
# $host:$server_port with an IPv6 host (NGINX writes it without brackets): the last colon
c '$host:$server_port $remote_addr' '2001:db8:1ce::1:82 1.2.3.4' "host, port, client" '2001:db8:1ce::1|82|1.2.3.4'
c '$host:$server_port $remote_addr' '198.51.100.1:82 1.2.3.4' "host, port, client" '198.51.100.1|82|1.2.3.4'
c '$host:$server_port $remote_addr' 'www.example.com:8080 1.2.3.4' "host, port, client" 'www.example.com|8080|1.2.3.4'
c '%v:%p %h' '::1:443 1.2.3.4' "host, port, client" '::1|443|1.2.3.4'
e '$host:$server_port $remote_addr' '2001:db8::1:x 1.2.3.4' "expected a number or - for \$server_port at byte 12"
e '$host:$server_port $remote_addr' 'example.com 1.2.3.4' "no ':' after \$host at byte 0"
# ---- prefixes ----------------------------------------------------------
e 'syslog:%h' 'Oct 10 13:55:36 web1: 1.2.3.4' "syslog prefix: expected ' host tag: ' after the time at byte 15"
e 'syslog:%h' 'Oct 32 13:55:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Foo 10 13:55:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'kubectl:%h' '2023-10-10T13:55:36 1.2.3.4' 'kubectl prefix: expected a time such as 2023-10-10T13:55:36.123456789Z at byte 0'
c 'kubectl:$remote_addr' '2023-10-10T13:55:36Z 1.2.3.4' "client" '1.2.3.4'

# ---- more corners -------------------------------------------------------
c '%{c}>a %h' '1.2.3.4 h' "client, extra" '1.2.3.4|{"remote_host":"h"}'
c '$HTTP_X1 $_y' 'a b' "extra" '{"HTTP_X1":"a","_y":"b"}'
c '%U "%r"' '/a "GET /b HTTP/1.1"' "path, extra" '/a|{"request":"GET /b HTTP/1.1"}'
c '$uri $request_uri' '/a /b?c' "path, query IS NULL, extra" '/a|1|{"request_uri":"/b?c"}'
c '%{%Y}t %t' "2023 $T" "time IS NULL, error" '1|invalid date or time'
c '%t %t' "$T $T" "time, extra" '2023-10-10T13:55:36+00:00|{"time":"[10/Oct/2023:13:55:36 +0000]"}'
c '%h\t%u\\' '1.2.3.4\tbob\\' "client, remote_user" '1.2.3.4|bob'
c '"%{User-Agent}i"' '"\\xe9\\xC3\\xA9\\xG1 \\q \\n\\t\\r\\b\\v\\\\"' "hex(user_agent)" '5C784539C3A95C784731205C71200A090D080B5C'
c '"$http_user_agent"' '"a\\"' "user_agent" 'a\'
c '"%{User-Agent}i"' '"a\\"' "error" 'no closing quote for %{User-Agent}i at byte 1'
e '%h' 'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b' 'expected a client address (IP or host name, no port) for %h at byte 0'
c '%h' 'a-very-long-host-name-of-more-than-sixty-four-characters.example.com' "length(client)" '68'
e '%h' '.host' 'expected a client address (IP or host name, no port) for %h at byte 0'
e '%h' 'unix:x' 'expected a client address (IP or host name, no port) for %h at byte 0'
e '%h' 'a:b:c:g::1' 'expected a client address (IP or host name, no port) for %h at byte 0'
c '"%r"' '"M-SEARCH * HTTP/1.1"' "method, path" 'M-SEARCH|*'
c '"%r"' '"get~!# /x HTTP/1.1"' "method" 'get~!#'
c '"%r"' '" / HTTP/1.1"' "extra" '{"request":" / HTTP/1.1"}'
c '"%r"' '"GET / HTTP/"' "extra" '{"request":"GET / HTTP/"}'
c '"%r"' '"GET / XTTP/1.1"' "extra" '{"request":"GET / XTTP/1.1"}'
c '"%r"' '"GE\\x01T / HTTP/1.1"' "method IS NULL" '1'
c '%{%e}t' '10' "error" 'invalid date or time'
c '%{%Y-%m-%e %H:%M:%S %z}t' '2023-10- 9 01:02:03 -0130' "time_utc" '2023-10-09 02:32:03'
e '%{%T}t' '1' 'expected a time in the format'"'"'s pattern for %{%T}t at byte 0'
e '%{%T}t' '13:5' 'expected a time in the format'"'"'s pattern for %{%T}t at byte 0'
e '%{%T}t' '13:55' 'expected a time in the format'"'"'s pattern for %{%T}t at byte 0'
e '%{%T}t' '13:55-' 'expected a time in the format'"'"'s pattern for %{%T}t at byte 0'
e '%{%F}t' '2023' 'expected a time in the format'"'"'s pattern for %{%F}t at byte 0'
e '%{%F}t' '2023-10' 'expected a time in the format'"'"'s pattern for %{%F}t at byte 0'
e '%{%F}t' '2023-1x' 'expected a time in the format'"'"'s pattern for %{%F}t at byte 0'
e '%{%z}t' '01000' 'expected a time in the format'"'"'s pattern for %{%z}t at byte 0'
e '%{%z}t' '+01x0' 'expected a time in the format'"'"'s pattern for %{%z}t at byte 0'
e '%{%Y%%}t' '2023x' 'expected a time in the format'"'"'s pattern for %{%Y%%}t at byte 0'
e '%{%Y%%}t' '2023' 'expected a time in the format'"'"'s pattern for %{%Y%%}t at byte 0'
e '%{%Y-}t' '2023' 'expected a time in the format'"'"'s pattern for %{%Y-}t at byte 0'
e '%{%Y%}t' '2023' 'expected a time in the format'"'"'s pattern for %{%Y%}t at byte 0'
e '%{%b}t' 'Oc' 'expected a time in the format'"'"'s pattern for %{%b}t at byte 0'
e '%{msec_frac}t' '1x3' 'expected the fraction of a second for %{msec_frac}t at byte 0'
c '%{msec_frac}t' '123' "error IS NOT NULL" '1'
c '%{%F %T}t.%{msec_frac}t' '2023-10-10 13:55:36.123' "time" '2023-10-10T13:55:36.123'
e 'syslog:%h' 'Oct 10 25:55:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Oct 00 13:55:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Oct 10 13:60:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Oct 10 13:55:61 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Oct-10 13:55:36 web1 n: 1.2.3.4' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e 'syslog:%h' 'Oct 10' 'syslog prefix: expected a time such as Oct 10 13:55:36 at byte 0'
e '%>s' '2x0' 'expected a three-digit status or - for %>s at byte 0'
e '%>s' '20' 'expected a three-digit status or - for %>s at byte 0'
c '%>s' '200' "status" '200'
e '%B' '-5' 'expected a number or - for %B at byte 0'
c '%B %h' '- 1.2.3.4' "bytes IS NULL, client" '1|1.2.3.4'
c '%D %h' '- 1.2.3.4' "duration IS NULL, client" '1|1.2.3.4'
e '%D' '-5' 'expected a duration for %D at byte 0'
e '$request_time' '1.x' 'expected a duration for $request_time at byte 0'
e '$request_time' '0.1234567890' 'expected a duration for $request_time at byte 0'
c '$request_time' '0.123456789' "duration" '0.123456789'
c '$request_time' '-' "duration IS NULL" '1'
c '"%r" %{x}i %q' '"GET /a?b HTTP/1.1" y ' "extra" '{"http_x":"y"}'
c '%U%q"' '/p?x"' "path, query" '/p|x'
c '%U%q %h' '/p 1.2.3.4' "path, query IS NULL" '/p|1'
c '%h %l' '1.2.3.4 ' "extra" '{"ident":""}'

c '%{X.Y é}i' 'v' "extra" '{"http_x_y___":"v"}'
c '%{c}<a %{x}a' '1.2.3.4 5.6.7.8' "client, extra" '1.2.3.4|{"remote_addr":"5.6.7.8"}'
c '"%{xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}i"' '"v"' "length(extra)" '167'
c '%H "%r"' 'HTTP/1.0 "GET / HTTP/1.1"' "protocol, extra" 'HTTP/1.0|{"request":"GET / HTTP/1.1"}'
c '$args $request_uri' 'a /b?c' "query, extra" 'a|{"request_uri":"/b?c"}'
c '%h\' '1.2.3.4\\' "client" '1.2.3.4'
c '%h\n' '1.2.3.4' "error IS NOT NULL" '1'
c '$Abc $h' 'x y' "extra" '{"Abc":"x","h":"y"}'
c '"%{User-Agent}i"' '"\\x:1\\xgg\\xA:\\x4"' "user_agent" '\x:1\xgg\xA:\x4'
c '"$http_user_agent"' '"\\n\\x41"' "user_agent" '\nA'
e '%h' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' 'expected a client address (IP or host name, no port) for %h at byte 0'
c '%h' 'My_Host.EXAMPLE' "client" 'My_Host.EXAMPLE'
c '"%{User-Agent}i"' '"abc\\' "error" 'no closing quote for %{User-Agent}i at byte 1'
e '%B' '-x' 'unexpected text after the last field at byte 1'
e '%D' '-x' 'unexpected text after the last field at byte 1'
c '%{%Y-%m-%d}t %{msec_frac}t' '2023-10-10 123' "time" '2023-10-10T00:00:00.123'

# ---- what real servers write (each variant: which token went where) ------
C='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"'
# Apache's %>s is - when it has no status: a row, status NULL
c '%h %t "%r" %>s %b' "1.2.3.4 $T \"GET / HTTP/1.1\" - 0" "status IS NULL, bytes, error IS NULL" '1|0|1'
# X-Forwarded-For lists where the client is: the first address, the list in extra
c "$C" "203.0.113.7, 10.1.2.3 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"" "client, extra, status" '203.0.113.7|{"remote_host":"203.0.113.7, 10.1.2.3"}|200'
c '$remote_addr - $remote_user' '2001:db8::1,10.0.0.1 - bob' "client, remote_user, extra" '2001:db8::1|bob|{"remote_addr":"2001:db8::1,10.0.0.1"}'
e '%h %u' '1.2.3.4, - bob' 'expected a client address (IP or host name, no port) for %h at byte 0'
e '%h %u' '1.2.3.4, 5.6.7.8:80 bob' 'expected a client address (IP or host name, no port) for %h at byte 0'
# a request line without quotes ends after its HTTP/x.y
c '%h %t %r %>s %b' '1.2.3.4 [08/Mar/2015:18:06:58 -0400] GET /a?b HTTP/1.1 404 344' "method, path, query, protocol, status, bytes" 'GET|/a|b|HTTP/1.1|404|344'
c '$remote_addr $request $status' '1.2.3.4 POST /x HTTP/2.0 201' "method, path, protocol, status" 'POST|/x|HTTP/2.0|201'
e '%h %r %>s' '1.2.3.4 GET / 404' 'no HTTP/ protocol ending the request line %r at byte 8'
# runs of spaces where no field can be empty
c "$C" "1.2.3.4 - - $T  \"GET / HTTP/1.1\"   200  5 \"-\"   \"ua\"" "path, status, bytes, user_agent" '/|200|5|ua'
# but not before a field NGINX may write as nothing: the empty field is kept
c '$remote_addr $http_x $status' '1.2.3.4  200' "status, extra" '200|{"http_x":""}'
# fields after the format's last one: in extra as an array, declared fields unmoved
c "$C" "1.2.3.4 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" \"10.0.0.9\" 0.004  req-1" "status, user_agent, extra" '200|ua|{"trailing_fields":["10.0.0.9","0.004","req-1"]}'
e "$C" "1.2.3.4 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\" \"open" 'a quote not closed in the fields after the last one at byte 72'
e "$C" "1.2.3.4 - - $T \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"x" 'unexpected text after the last field at byte 72'
c '%h %>s %b' '1.2.3.4 200 5   ' "status, extra IS NULL" '200|1'

# ---- every strftime conversion of Apache's %{...}t (C locale) -----------
c '%{%A, %d %B %Y %H:%M:%S %z}t' 'Tuesday, 10 October 2023 13:55:36 +0200' "time" '2023-10-10T13:55:36+02:00'
c '%{%a %h %e %k:%M:%S %Y}t' 'Tue Oct  9  3:05:06 2023' "time" '2023-10-09T03:05:06'
c '%{%c}t' 'Mon Oct  9 03:05:06 2023' "time" '2023-10-09T03:05:06'
c '%{%D %T}t' '10/10/23 13:55:36' "time" '2023-10-10T13:55:36'
c '%{%x %X}t' '12/31/69 23:59:59' "time" '1969-12-31T23:59:59'
c '%{%C%y-%m-%d %R}t' '1999-01-02 03:04' "time" '1999-01-02T03:04:00'
c '%{%Y-%m-%d %I:%M:%S %p}t' '2023-10-10 12:05:00 AM' "time" '2023-10-10T00:05:00'
c '%{%Y-%m-%d %r}t' '2023-10-10 01:55:36 PM' "time" '2023-10-10T13:55:36'
c '%{%Y-%m-%d %l:%M %P}t' '2023-10-10  1:55 pm' "time" '2023-10-10T13:55:00'
c '%{%Y %j %T}t' '2024 366 23:00:00' "time" '2024-12-31T23:00:00'
c '%{%G-W%V-%u %T}t' '2020-W53-5 10:00:00' "time" '2021-01-01T10:00:00'
c '%{%g %V %a %T}t' '24 01 Mon 10:00:00' "time" '2024-01-01T10:00:00'
c '%{%F %T %Z}t' '2023-10-10 13:55:36 UTC' "time, time_utc" '2023-10-10T13:55:36+00:00|2023-10-10 13:55:36'
c '%{%F %T %Z}t' '2023-10-10 13:55:36 CET' "time, time_utc IS NULL" '2023-10-10T13:55:36|1'
c '%{%s}t.%{msec_frac}t' '1696946136.250' "time" '2023-10-10T13:55:36.250Z'
c '%{%F%t%T%n%U %W %w}t' '2023-10-10	13:55:36 40 41 2' "time" '2023-10-10T13:55:36'
e '%{%F %I:%M}t' '2023-10-10 13:55' 'invalid date or time'
e '%{%F %I:%M %p}t' '2023-10-10 00:55 PM' 'invalid date or time'
e '%{%G-W%V-%u}t' '2023-W54-1' 'invalid date or time'
e '%{%a %F}t' 'Xyz 2023-10-10' 'expected a time in the format'"'"'s pattern for %{%a %F}t at byte 0'
c '%{%F%%}t %h' '2023-10-10% 1.2.3.4' "client, time" '1.2.3.4|2023-10-10T00:00:00'

plan $((n + 16))
awk -F'\t' -v dir="$tmp" '{ gsub(/'"'"'/, "'"''"'", $2)
  printf "SELECT '"'"'%s'"'"', %s FROM http_log('"'"'%s/%s.log'"'"', '"'"'%s'"'"');\n", $1, $3, dir, $1, $2 }' \
  "$tmp/cases.tsv" >"$tmp/cases"
hl <"$tmp/cases" >"$tmp/got" 2>&1
# each expected row beside the first row the case gave and its statement:
# case<TAB>want<TAB>got<TAB>statement
awk 'FILENAME == ARGV[1] { k = $0; sub(/\|.*/, "", k); if (!(k in got)) got[k] = $0; next }
     FILENAME == ARGV[2] { sql[FNR] = substr($0, 1, 150); next }
     { k = $0; sub(/\|.*/, "", k); printf "%s\t%s\t%s\t%s\n", k, $0, got[k], sql[k] }' \
  "$tmp/got" "$tmp/cases" "$tmp/expected" >"$tmp/joined"
while IFS='	' read -r k want got statement; do
  case "$want" in
  *'invalid date or time'*) like "$got" "$want" "case $k: $statement" ;;
  *) is "$got" "$want" "case $k: $statement" ;;
  esac
done <"$tmp/joined"

# Format strings that do not compile.
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%h %')")" \
  "httplog: format: '%' is not followed by a directive letter" "a lone %"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%h %{x}-')")" \
  "httplog: format: '%' is not followed by a directive letter" "%{x} without a letter"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%%')")" "httplog: format '%%' has no field" "no field"
for d in o C e n; do
  is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%$d')")" "httplog: format: %$d needs a {name}" "%$d without a name"
done
for d in '~' '_'; do
  is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%h %$d')")" \
    "httplog: format: '%' is not followed by a directive letter" "%$d is not a directive"
done
like "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '100% \$5')")" "unknown format '100% \$5'" "% and \$ before other characters: no format string"
is "$(hl "SELECT count(*) FROM http_log('$tmp/1.log', NULL) UNION ALL
  SELECT count(*) FROM http_log('$tmp/1.log', 'combined') WHERE input_format LIKE 'c%'")" "1
1" "a NULL format detects; a LIKE on input_format filters rows"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%h %i')")" "httplog: format: %i needs a {name}" "%i without a header"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '\${remote_addr')")" "httplog: format: '\${' without '}'" "\${ without }"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', 'syslog:plain')")" "httplog: unknown format 'syslog:plain': give a format string (Apache %h ... or NGINX \$remote_addr ...), json: and a mapping, or one of: vhost_combined, host_combined, nginx_upstream, nginx_timed, nginx_main, combined_usec, combined, vhost_common, common, syslog_nginx_main, syslog_combined, kubectl_nginx_main, kubectl_combined, w3c, alb, elb, haproxy, caddy, traefik_json, cloudflare, nginx_json" "not a format string"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', '%% \$x')")" "" "%% and a variable: NGINX"
is "$(hl_err "SELECT * FROM http_log('$tmp/1.log', 'a%h')" ; hl "SELECT client FROM http_log('$tmp/1.log', '%a %{c}a %h')")" \
  "1.2.3.4" "a format string is compiled once per statement"
