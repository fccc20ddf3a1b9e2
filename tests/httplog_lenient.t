#!/bin/sh
# What real servers write, read by every format as other log parsers read
# it (docs/logs.md, "What real servers write, read"): for each case, the
# lines, the format, and which token went to which column; a line that
# stays ambiguous stays an error row, with its reason. One case per line
# below: a name, the format, the lines (printf %b: \t a tab, \0NNN a byte
# in octal), the columns to show, then what each row must be (NULL shown
# as NULL). The text family's own cases are in tests/httplog_formats.t.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
: >"$tmp/cases"
: >"$tmp/expected"
: >"$tmp/names"
# c NAME FORMAT LINES COLUMNS ROW...
c() {
  n=$((n + 1))
  printf '%s\n' "$1" >>"$tmp/names"
  printf '%b\n' "$3" >"$tmp/$n.log"
  printf "SELECT '%s', %s FROM http_log('%s', '%s');\n" "$n" "$4" "$tmp/$n.log" \
    "$(printf '%s' "$2" | sed "s/'/''/g")" >>"$tmp/cases"
  shift 4
  for row; do printf '%s|%s\n' "$n" "$row" >>"$tmp/expected"; done
}

# ---- an IPv6 address:port without brackets (ALB, ELB, HAProxy) -----------
# The port is always written there, so it is after the last colon, and the
# address before it must read as IPv6; brackets are read too.
ALB_A='https 2023-10-10T13:55:36.000000Z app/x/1'
ALB_B='10.0.0.1:80 0.001 0.002 0.003 200 200 10 20 "GET / HTTP/1.1" "ua" - - - "-" "-" "-"'
c "ALB: an IPv6 client without brackets, its port after the last colon" alb \
  "$ALB_A 2001:db8:85a3::8a2e:370:7334:50599 $ALB_B" \
  "client, json_extract(extra, '\$.remote_port'), status" '2001:db8:85a3::8a2e:370:7334|50599|200'
c "ALB: a bracketed IPv6 client" alb "$ALB_A [2001:db8::1]:443 $ALB_B" \
  "client, json_extract(extra, '\$.remote_port')" '2001:db8::1|443'
c "ALB: an IPv6 client with no port is an error row (the address before the last colon is not IPv6)" \
  alb "$ALB_A 2001:db8::1 $ALB_B" "client, error" 'NULL|client: not address:port at byte 42'
c "ALB: brackets hold an IPv6 address only" alb "$ALB_A [192.0.2.1]:80 $ALB_B" "error" \
  'client: not address:port at byte 42'
c "ALB: a port past 65535" alb "$ALB_A 2001:db8::1:65536 $ALB_B" "error" \
  'client: not address:port at byte 42'
c "ELB: an IPv6 client without brackets" elb \
  '2023-10-10T13:55:36.000000Z lb 2001:db8::7:2817 10.0.0.1:80 0.001 0.002 0.003 200 200 0 57 "GET http://h:80/ HTTP/1.1" "ua" - -' \
  "client, json_extract(extra, '\$.remote_port'), path" '2001:db8::7|2817|/'
c "HAProxy: an IPv6 client without brackets" haproxy \
  '2001:db8::5:59841 [10/Oct/2023:13:55:36.123] fe be/s1 0/0/1/2/3 200 5 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"' \
  "client, json_extract(extra, '\$.remote_port'), status" '2001:db8::5|59841|200'
c "HAProxy: not an address:port is not an HTTP request log" haproxy \
  '2001:db8::5 [10/Oct/2023:13:55:36.123] fe be/s1 0/0/1/2/3 200 5 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"' \
  "error" 'not an HTTP request log: client address:port expected at byte 0'
# A JSON client may have no port: an IPv6 address that reads whole is one
# address; one that does not is address:port.
c "JSON: an IPv6 client alone, with its port in brackets, or without them" \
  'json:status=s,client=c' \
  '{"s":200,"c":"2001:db8::1:80"}\n{"s":200,"c":"[2001:db8::1]:80"}\n{"s":200,"c":"2001:db8:85a3::8a2e:370:7334:50599"}' \
  "client" '2001:db8::1:80' '2001:db8::1' '2001:db8:85a3::8a2e:370:7334'

# ---- an X-Forwarded-For list where the client is ---------------------------
# The client is the list's first address; the list stays in extra under the
# field's key (the text family: tests/httplog_formats.t).
c "JSON: remote_addr holding a list" nginx_json \
  '{"remote_addr":"203.0.113.7, 10.0.0.1","status":"200","request":"GET / HTTP/1.1"}' \
  "client, extra" '203.0.113.7|{"remote_addr":"203.0.113.7, 10.0.0.1"}'
c "JSON: a mapping of x_forwarded_for, then remote_addr" 'json:status=s,client=x_forwarded_for|remote_addr' \
  '{"s":200,"x_forwarded_for":"198.51.100.2,10.0.0.1","remote_addr":"10.0.0.9"}\n{"s":200,"remote_addr":"10.0.0.9"}' \
  "client, extra" '198.51.100.2|{"x_forwarded_for":"198.51.100.2,10.0.0.1","remote_addr":"10.0.0.9"}' '10.0.0.9|NULL'
c "W3C: c-ip holding a list (spaces between the fields, none in the list)" w3c \
  '#Fields: date time c-ip cs-method cs-uri-stem sc-status\n2023-10-10 13:55:36 203.0.113.7,10.0.0.1 GET / 200' \
  "client, extra" '203.0.113.7|{"c-ip":"203.0.113.7,10.0.0.1"}'
c "W3C: c-ip holding a list (tabs between the fields)" w3c \
  '#Fields: date time c-ip cs-method cs-uri-stem sc-status\n2023-10-10\t13:55:36\t203.0.113.7, 10.0.0.1\tGET\t/\t200' \
  "client, extra" '203.0.113.7|{"c-ip":"203.0.113.7, 10.0.0.1"}'
c "W3C: c-ip alone stays out of extra" w3c \
  '#Fields: date time c-ip sc-status\n2023-10-10 13:55:36 2001:db8::1 200' "client, extra" '2001:db8::1|NULL'

# ---- absolute-form and authority-form request targets ----------------------
# One function splits every request line and target, as ALB's always were:
# http(s)://host:port/path?query gives host, port, path and query; the
# line's own host or port wins, and when it says otherwise the target stays
# whole in extra under its field's key.
T='[10/Oct/2023:13:55:36 +0000]'
c "combined: an absolute-form target" combined \
  "1.2.3.4 - - $T \"GET http://example.com:8080/a?b=1 HTTP/1.1\" 200 5 \"-\" \"ua\"" \
  "host, port, path, query, protocol, extra" 'example.com|8080|/a|b=1|HTTP/1.1|NULL'
c "combined: no path is /, a query may follow the host" combined \
  "1.2.3.4 - - $T \"GET HTTPS://example.com HTTP/1.0\" 200 5 \"-\" \"ua\"\n1.2.3.4 - - $T \"GET http://example.com?x HTTP/1.1\" 200 5 \"-\" \"ua\"" \
  "host, port, path, query" 'example.com|NULL|/|NULL' 'example.com|NULL|/|x'
c "combined: a target that is not an http(s) URL of host[:port] stays whole in path" combined \
  "1.2.3.4 - - $T \"GET ftp://h/x HTTP/1.1\" 200 5 \"-\" \"ua\"\n1.2.3.4 - - $T \"GET http://u@h/x HTTP/1.1\" 200 5 \"-\" \"ua\"\n1.2.3.4 - - $T \"GET http://h:x/y HTTP/1.1\" 200 5 \"-\" \"ua\"" \
  "host, path" 'NULL|ftp://h/x' 'NULL|http://u@h/x' 'NULL|http://h:x/y'
c "vhost_combined: the line's own host and port win, the target stays whole in extra" vhost_combined \
  "www.example.com:443 1.2.3.4 - - $T \"GET http://other.example/x HTTP/1.1\" 200 5 \"-\" \"ua\"" \
  "host, port, path, extra" 'www.example.com|443|/x|{"request":"GET http://other.example/x HTTP/1.1"}'
c "vhost_combined: the same host and port (any case) add nothing" vhost_combined \
  "example.com:80 1.2.3.4 - - $T \"GET http://EXAMPLE.com:80/x HTTP/1.1\" 200 5 \"-\" \"ua\"" \
  "host, port, path, extra" 'example.com|80|/x|NULL'
c "NGINX: \$request_uri in absolute form" '$remote_addr "$request_uri" $status' \
  '1.2.3.4 "http://[2001:db8::1]:8080/p?q" 200' "host, port, path, query" '[2001:db8::1]|8080|/p|q'
c "HAProxy: an absolute-form target" haproxy \
  '192.0.2.1:4000 [10/Oct/2023:13:55:36.123] fe be/s1 0/0/1/2/3 200 5 - - ---- 1/1/0/0/0 0/0 "GET http://192.168.0.12:8080/serv/login.php?lang=en HTTP/1.1"' \
  "host, port, path, query" '192.168.0.12|8080|/serv/login.php|lang=en'
c "HAProxy: a CONNECT's host:port, no path" haproxy \
  '192.0.2.1:4000 [10/Oct/2023:13:55:36.123] fe be/s1 0/0/1/2/3 405 5 - - ---- 1/1/0/0/0 0/0 "CONNECT localhost:8080 HTTP/1.1"' \
  "method, host, port, path, protocol" 'CONNECT|localhost|8080|NULL|HTTP/1.1'
c "JSON: request and uri in absolute form; a host of the line's own that differs keeps the member" \
  'json:status=s,request=r,uri=u,host=h' \
  '{"s":200,"r":"GET http://a.example:81/p?q HTTP/1.1"}\n{"s":200,"u":"https://a.example/x"}\n{"s":200,"u":"https://a.example/x","h":"b.example"}' \
  "host, port, path, query, extra" 'a.example|81|/p|q|NULL' 'a.example|NULL|/x|NULL|NULL' \
  'b.example|NULL|/x|NULL|{"u":"https://a.example/x"}'
c "W3C: cs-uri in absolute form (a proxy's log)" w3c \
  '#Fields: date time c-ip cs-method cs-uri sc-status\n2023-10-10 13:55:36 192.0.2.1 GET http://h.example:81/p?q 200' \
  "host, port, path, query" 'h.example|81|/p|q'

# ---- fields after HAProxy's request (option httpslog) ----------------------
# HAProxy writes a quote inside the request as #22, so the request ends at
# the first quote followed by a space; the words after it are kept.
HA_A='192.0.2.1:4000 [10/Oct/2023:13:55:36.123] fe be/s1 0/0/1/2/3 200 5 - - ---- 1/1/0/0/0 0/0'
c "HAProxy: option httpslog's two fields after the request in extra.trailing_fields" haproxy \
  "$HA_A \"GET /a?b HTTP/1.1\" 0/0/0/0/0 example.com/TLSv1.3/TLS_AES_256_GCM_SHA384" \
  "method, path, query, protocol, status, json_extract(extra, '\$.trailing_fields')" \
  'GET|/a|b|HTTP/1.1|200|["0/0/0/0/0","example.com/TLSv1.3/TLS_AES_256_GCM_SHA384"]'
c "HAProxy: a request ending the line keeps every quote in it; no trailing_fields" haproxy \
  "$HA_A \"GET /a\" b HTTP/1.1\"" \
  "method, path, protocol, json_extract(extra, '\$.trailing_fields')" 'GET|/a" b|HTTP/1.1|NULL'
c "HAProxy: text right after the request's quote, or a request not closed, is an error row" \
  haproxy "$HA_A \"GET / HTTP/1.1\"x\n$HA_A \"GET / HTTP/1.1" "error" \
  'request: a quoted request line expected at byte 90' 'request: a quoted request line expected at byte 90'

# ---- a space inside the request target -------------------------------------
# The protocol is the last word, so a target may hold a space; without a
# protocol (HTTP/0.9) it could not be told apart, and the line is not read
# as a request (kept in extra); nor with a space at the target's ends.
c "combined: a space inside the target" combined \
  "127.0.0.1 - - $T \"GET /a[ ]b HTTP/1.1\" 200 777 \"-\" \"ua\"\n1.2.3.4 - - $T \"GET /a b\" 400 5 \"-\" \"ua\"\n1.2.3.4 - - $T \"GET  /a HTTP/1.1\" 400 5 \"-\" \"ua\"" \
  "method, path, protocol, extra" 'GET|/a[ ]b|HTTP/1.1|NULL' 'NULL|NULL|NULL|{"request":"GET /a b"}' \
  'NULL|NULL|NULL|{"request":"GET  /a HTTP/1.1"}'
c "an unquoted %r with a space inside the target" '%h %t %r %>s %b' \
  "1.2.3.4 $T GET /a b HTTP/1.1 404 3" "path, protocol, status" '/a b|HTTP/1.1|404'
c "ALB: a space inside the target" alb \
  "$ALB_A 192.0.2.1:5000 10.0.0.1:80 0.001 0.002 0.003 200 200 10 20 \"GET https://h:443/a b?c HTTP/1.1\" \"ua\" - - - \"-\" \"-\" \"-\"" \
  "host, port, path, query" 'h|443|/a b|c'

# ---- W3C ------------------------------------------------------------------
F='#Fields: date time c-ip cs-method cs-uri-stem cs-uri-query sc-status'
D='2023-10-10 13:55:36 192.0.2.1 GET'
c "W3C: a '?' inside cs-uri-stem starts the query; cs-uri-query is the query when the stem has none, else kept in extra" \
  w3c "$F\n$D /a?b=1 - 200\n$D /a c=2 200\n$D /a?b=1 c=2 200\n$D /a? - 200" \
  "path, query, extra" '/a|b=1|NULL' '/a|c=2|NULL' '/a|b=1|{"cs-uri-query":"c=2"}' '/a||NULL'
c "W3C: an absolute cs-uri-stem gives host and port" w3c "$F\n$D http://h.example:8080/a?b - 200" \
  "host, port, path, query" 'h.example|8080|/a|b'
c "W3C: c-status (SHOUTcast) is the status when there is no sc-status" w3c \
  '#Fields: c-ip c-dns date time cs-uri-stem c-status cs(User-Agent) sc-bytes x-duration avgbandwidth\n192.0.2.7 192.0.2.7 2023-10-10 13:55:36 /stream?title=Live 200 WinampMPEG/5.0 1280000 80 16000' \
  "client, path, query, status, user_agent, bytes, extra" \
  '192.0.2.7|/stream|title=Live|200|WinampMPEG/5.0|1280000|{"c-dns":"192.0.2.7","x-duration":80,"avgbandwidth":16000}'
c "W3C: with sc-status, c-status goes to extra" w3c \
  '#Fields: date time c-status sc-status\n2023-10-10 13:55:36 200 404' "status, extra" '404|{"c-status":200}'
c "W3C: RTMP's c-referrer and c-user-agent (as written; %-decoded in CloudFront's)" w3c \
  '#Fields: date time c-ip x-event c-referrer c-user-agent\n2023-10-10 13:55:36 192.0.2.1 play http://p.example/a.swf WIN%2011,1\n#Fields: date time x-edge-location c-ip x-event c-referrer c-user-agent\n2023-10-10 13:55:36 SEA4 192.0.2.1 play http://p.example/a.swf LNX%2010,0,32,18' \
  "referrer, user_agent" 'http://p.example/a.swf|WIN%2011,1' 'http://p.example/a.swf|LNX 10,0,32,18'
c "W3C: a #Fields: name may hold any UTF-8 character (a zero-width space, a quote): an unknown name goes to extra" \
  w3c '#Fields: date time x-page-url\0342\0200\0213 x-"q\\\\\n2023-10-10 13:55:36 http://a/ v' \
  "time, extra" '2023-10-10T13:55:36Z|{"x-page-url'"$(printf '\342\200\213')"'":"http://a/","x-\"q\\\\":"v"}'
c "W3C: a #Fields: name with a control byte, or bytes that are not UTF-8, is an error row that says which" \
  w3c '#Fields: date ti\0001me\n2023-10-10 13:55:36\n#Fields: date t\0351me\n2023-10-10 13:55:36' \
  "line, error" \
  '1|#Fields: a field name with a control byte at byte 16' \
  '2|no #Fields: directive before this line at byte 0' \
  '3|#Fields: a field name with bytes that are not UTF-8 at byte 15' \
  '4|no #Fields: directive before this line at byte 0'
c "W3C: with tabs, spaces beside a tab belong to the separator, and a tab after the last field ends the line" \
  w3c '#Fields: date time c-ip cs-method sc-status\n2010-03-12\t 23:51:20\t 192.0.2.147 \t GET\t 200\n2010-03-12\t23:51:21\t192.0.2.148\tGET\t200\t' \
  "time, client, method, status" '2010-03-12T23:51:20Z|192.0.2.147|GET|200' '2010-03-12T23:51:21Z|192.0.2.148|GET|200'
c "W3C: two tabs are an empty field, and a line one field too long is still an error row" w3c \
  '#Fields: date time c-ip cs-method sc-status\n2010-03-12\t23:51:20\t\tGET\t200\n2010-03-12\t23:51:20\t192.0.2.1\tGET\t200\tx' \
  "client, status, error" 'NULL|200|NULL' 'NULL|NULL|more fields than the 5 #Fields: lists at byte 38'

plan $((n + 1))
hl -cmd '.nullvalue NULL' <"$tmp/cases" >"$tmp/got" 2>&1
i=0
while IFS= read -r name; do
  i=$((i + 1))
  is "$(grep "^$i|" "$tmp/got")" "$(grep "^$i|" "$tmp/expected")" "$name"
done <"$tmp/names"
is "$(grep -v '^[0-9]*|' "$tmp/got")" "" "no statement failed"
