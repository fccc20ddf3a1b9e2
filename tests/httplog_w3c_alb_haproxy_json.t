#!/bin/sh
# The W3C, ALB/ELB, HAProxy and JSON parsers of http_log(), line by line
# through .build/log_parse (tests/log_parse.c), on real third-party logs
# (data/logs/*) and hand-written edge lines (tests/formats/). Expected
# counts and values come from awk and from Debian's python3 json module,
# never from the parsers.
. tests/lib.sh
. tests/httplog_lib.sh

use_log_parse
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
E=tests/formats

# w3c_expect FILE [SEP]: "DIR n ERR n ROW n" from the #Fields: widths, by awk
w3c_expect() {
  awk -F"${2:- }" '/^#Fields:/ { n = split($0, a, " ") - 1 } /^#/ { d++; next }
    { if (NF == n) r++; else e++ } END { printf "DIR %d ERR %d ROW %d\n", d, e, r }' "$1"
}

plan 86

# ---- W3C: IIS (lnav's sample: 11 #Fields: blocks) ----
IIS=data/logs/lnav-iis-w3c/logfile_w3c_big.0
is "$(kinds w3c $IIS)" "$(w3c_expect $IIS)" "IIS: directives are not rows, every data line is a row"
is "$(statuses w3c $IIS)" "$(grep -v '^#' $IIS | awk '{ print $12 }' | sort -n | uniq -c | awk '{ print $2, $1 }')" \
  "IIS: status histogram"
is "$(parse w3c $IIS | awk -F'\t' '$2 == "ROW" { s += $12 } END { print s }')" \
  "$(grep -v '^#' $IIS | awk '{ s += $15 } END { print s }')" "IIS: bytes are sc-bytes"
is "$(parse w3c $IIS | awk -F'\t' '$2 == "ROW" { s += $17 } END { printf "%.3f\n", s }')" \
  "$(grep -v '^#' $IIS | awk '{ s += $17 } END { printf "%.3f\n", s / 1000 }')" "IIS: time-taken is milliseconds"
is "$(parse w3c $IIS | awk -F'\t' '$2 == "ROW" { print $14 }' | md5sum)" \
  "$(grep -v '^#' $IIS | awk '{ gsub(/\+/, " ", $10); print $10 }' | md5sum)" "IIS: '+' in cs(User-Agent) is a space"
is "$(parse w3c $IIS | awk -F'\t' '$2 == "ROW" && $10 == ""' | wc -l)" \
  "$(grep -v '^#' $IIS | awk '$6 == "-"' | wc -l)" "IIS: cs-uri-query - is NULL"
is "$(col 4 5 w3c $IIS) $(col 5 5 w3c $IIS)" "2015-01-13T00:32:17Z 2015-01-13 00:32:17" "IIS: date and time are UTC"
is "$(col 18 5 w3c $IIS)" '{"s-ip":"100.79.192.81","sc-substatus":0,"sc-win32-status":2,"cs-bytes":242}' \
  "IIS: sc-substatus, sc-win32-status and the other fields in extra"

# ---- W3C: the field list changes mid-file (Filebeat's IIS test) ----
BIIS=data/logs/beats-iis/test.log
is "$(kinds w3c $BIIS)" "$(w3c_expect $BIIS)" "changing #Fields: each line read with the directive above it"
is "$(col 15 10 w3c $BIIS)" "$(sed -n 10p $BIIS | awk '{ print $13 }')" "second block: cs-host is the host"
is "$(col 11 15 w3c $BIIS)" "$(sed -n 15p $BIIS | awk '{ print $12 }')" "third block: cs-version is the protocol"
is "$(col 19 16 w3c $BIIS)" "15 fields where #Fields: lists 22 at byte 354" "a line of the old width is an error row"
is "$(kinds w3c $E/w3c_fields_change.log)" "DIR 8 ERR 1 ROW 2" "hand-written: CRLF, a new #Fields: after a restart"
is "$(col 4 10 w3c $E/w3c_fields_change.log)|$(col 17 10 w3c $E/w3c_fields_change.log)" \
  "2024-03-01T00:10:01.250Z|1.200000" "a time without date takes the date of #Date:"
like "$(col 19 11 w3c $E/w3c_fields_change.log)" "more fields than the 6 #Fields: lists" \
  "a line of the previous width after the change is an error row"
is "$(printf '2024-01-01 00:00:00 192.0.2.1 GET / 200\n' | parse w3c | cut -f 2,19)" \
  "$(printf 'ERR\tno #Fields: directive before this line at byte 0')" "a data line before any #Fields: is an error row"
is "$(parse w3c $E/w3c_fields_change.log $E/w3c_fields_change.log | awk -F'\t' '$1 == 5 { print $2 }' | tr '\n' ' ')" \
  "ROW ROW " "each file starts afresh"

# ---- W3C: CloudFront (tab separated, %-encoded) ----
CF=data/logs/elastic-cloudfront/test-cloudfront.log
is "$(kinds w3c $CF)" "$(w3c_expect $CF '\t')" "CloudFront: 12 data lines, the short one an error row"
is "$(statuses w3c $CF)" \
  "$(awk -F'\t' '/^#Fields:/ { n = split($0, a, " ") - 1 } !/^#/ && NF == n { print $9 + 0 }' $CF | sort -n | uniq -c | awk '{ print $2, $1 }')" \
  "CloudFront: status histogram, 000 read as 0"
is "$(parse w3c $CF | awk -F'\t' '$2 == "ROW" { print $14 }' | md5sum)" \
  "$(awk -F'\t' 'NF == 33 { print $11 }' $CF | $PY -c 'import sys, urllib.parse
for l in sys.stdin: print(urllib.parse.unquote(l.rstrip("\n")))' | md5sum)" "CloudFront: cs(User-Agent) %-decoded"
is "$(parse w3c $CF | awk -F'\t' '$2 == "ROW" { print $15, $17 }' | md5sum)" \
  "$(awk -F'\t' 'NF == 33 { printf "%s %.6f\n", $16, $19 }' $CF | md5sum)" \
  "CloudFront: host is x-host-header, time-taken is seconds"
like "$(col 18 12 w3c $CF)" '"x-forwarded-for":"81.2.69.142, 216.160.83.56"' "CloudFront: a space inside a tab-separated field"
is "$(col 14 3 w3c $E/w3c_cloudfront_edge.log)|$(col 9 3 w3c $E/w3c_cloudfront_edge.log)" "curl/8.0 (x)|/x%20y" \
  "CloudFront: the user agent is decoded, the path kept as sent"
like "$(col 19 4 w3c $E/w3c_cloudfront_edge.log)" "not a valid time" "31 February is an error row"

# ---- AWS ALB (Filebeat's sample: a 460, 504s from the load balancer) ----
ALB=data/logs/beats-alb/application-lb-http.log
is "$(kinds alb $ALB)" "DIR 0 ERR $(awk '!NF' $ALB | wc -l) ROW $(awk 'NF' $ALB | wc -l)" "ALB: every record a row, the empty line an error row"
is "$(statuses alb $ALB)" "$(awk 'NF { print $9 }' $ALB | sort -n | uniq -c | awk '{ print $2, $1 }')" \
  "ALB: status is elb_status_code"
is "$(parse alb $ALB | awk -F'\t' '$2 == "ROW" && $17 == ""' | wc -l)" "$(awk '$6 == -1' $ALB | wc -l)" \
  "ALB: -1 processing times make duration NULL"
is "$(parse alb $ALB | awk -F'\t' '$2 == "ROW" { print $18 }' | $PY -c 'import sys, json
print(sum("target_status_code" not in json.loads(l) for l in sys.stdin))')" "$(awk 'NF && $10 == "-"' $ALB | wc -l)" \
  "ALB: no target_status_code when the target never answered"
is "$(col 3 1 alb $ALB) $(col 17 1 alb $ALB)x $(col 15 1 alb $ALB) $(col 16 1 alb $ALB)" \
  "460 x filebeat-aws-elb-test-12030537.eu-central-1.elb.amazonaws.com 80" "ALB: the 460 line; host and port from the URL"
is "$(parse alb $ALB | awk -F'\t' '$2 == "ROW" { s += $12 } END { print s }')" "$(awk 'NF { s += $12 } END { print s }' $ALB)" \
  "ALB: bytes are sent_bytes"
is "$(kinds alb $E/alb_edge.log)" "DIR 0 ERR 1 ROW 3" "ALB edge lines: h2 with later fields, - - -, 561, a cut line"
is "$(col 6 1 alb $E/alb_edge.log) $(col 10 1 alb $E/alb_edge.log) $(col 17 1 alb $E/alb_edge.log)" \
  "2001:db8::1 limit=5 0.021000" "ALB: IPv6 client, query, duration is the sum of the three times"
like "$(col 18 1 alb $E/alb_edge.log)" '"conn_trace_id":"TID_0123456789abcdef","transformed_host":"app.example.com","transformed_uri":"/v2/items?limit=5","request_transform_status":"TransformSuccess","more_fields":"\\"a future field\\""' \
  "ALB: the request transform fields are named, and fields AWS adds later are kept"
like "$(col 18 2 alb $E/alb_edge.log)" '"request":"- - - "' "ALB: a request that is not HTTP stays in extra"
is "$($PY - "$HTTPLOG" <<'PY'
import sqlite3, sys
from decimal import Decimal
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
bad = checked = 0
for path, fmt, first in (("data/logs/awsdocs-elb/access-log-collection-examples.log", "elb", 4),
                         ("data/logs/opensearch-aws/amazon_elb-raw.log", "alb", 5),
                         ("data/logs/crowdsec-alb/aws-alb-logs.log", "alb", 5),
                         ("data/logs/beats-alb/application-lb-http.log", "alb", 5)):
    got = dict(db.execute("SELECT line, duration FROM http_log(?, ?) WHERE error IS NULL", (path, fmt)))
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        if no not in got:
            continue
        times = line.split(" ")[first:first + 3]
        want = None if "-1" in times else float(sum(Decimal(t) for t in times))
        checked += 1
        bad += got[no] != want
print("%d of %d" % (bad, checked) if bad or not checked else "same")
PY
)" "same" "ALB and ELB: duration is the double nearest the exact sum of the three times (Python's Decimal)"
big='http 2024-05-01T10:00:00.123456Z app/w/0 192.0.2.1:443 10.0.0.5:80 123456789012.123456 0.1 0.000001 200 200 1 2 "GET https://a.example:443/ HTTP/1.1" "ua" - - arn "Root=1" "-" "-" 0 2024-05-01T10:00:00.100000Z "forward"'
is "$(printf '%s\n' "$big" | parse alb | cut -f 17)" "123456789012.223450" \
  "ALB: times too long to add exactly are added as doubles, not dropped"
like "$(col 18 3 alb $E/alb_edge.log)" '"error_reason":"AuthInvalidIdToken"' "ALB: the 561's error_reason"
is "$(kinds elb $E/elb_edge.log) / $(kinds alb $E/elb_edge.log) / $(kinds elb $ALB)" \
  "DIR 0 ERR 0 ROW 3 / DIR 0 ERR 3 ROW 0 / DIR 0 ERR 11 ROW 0" "Classic ELB lines read as elb only, ALB lines as alb only"

# ---- HAProxy (lnav's sample: start-up and TLS failure lines) ----
HA=data/logs/lnav-haproxy/logfile_haproxy.0
ha_rows() { awk '$6 ~ /:[0-9]+$/ && $10 ~ /^[0-9-]+\/[0-9-]+\/[0-9-]+\/[0-9-]+\/\+?[0-9-]+$/' "$@"; }
is "$(kinds haproxy $HA)" "DIR 0 ERR $(($(wc -l <$HA) - $(ha_rows $HA | wc -l))) ROW $(ha_rows $HA | wc -l)" \
  "HAProxy: requests are rows, other lines error rows"
is "$(statuses haproxy $HA)" "$(ha_rows $HA | awk '{ print $11 }' | sort -n | uniq -c | awk '{ print $2, $1 }')" \
  "HAProxy: status histogram"
is "$(parse haproxy $HA | awk -F'\t' '$2 == "ROW" { s += $17 } END { printf "%.3f\n", s }')" \
  "$(ha_rows $HA | awk '{ split($10, t, "/"); s += t[5] } END { printf "%.3f\n", s / 1000 }')" "HAProxy: duration is Ta"
is "$(col 19 1 haproxy $HA)" "not an HTTP request log: client address:port expected at byte 40" "HAProxy: 'Proxy ... started.' is an error row"
is "$(col 19 14 haproxy $HA)" "not an HTTP request log: backend/server expected at byte 108" \
  "HAProxy: 'SSL handshake failure' is an error row"
is "$(col 4 4 haproxy $HA)|$(col 5 4 haproxy $HA)|$(col 6 4 haproxy $HA)" "2019-02-25T16:19:48.143||141.35.244.171" \
  "HAProxy: the accept date is local time with milliseconds"
like "$(col 18 4 haproxy $HA)" '"syslog_host":"192.168.4.2","syslog_tag":"haproxy[7]","remote_port":53332,"frontend":"prod_http_in~","backend":"bk_admin","server":"nginx_sonst","Tq":0,"Tw":0,"Tc":7,"Tr":1457,"Ta":1487,"termination_state":"----"' \
  "HAProxy: syslog prefix, port, frontend, backend, server, timers, termination state in extra"
is "$(kinds haproxy $E/haproxy_edge.log)" "DIR 0 ERR 3 ROW 3" "HAProxy edge lines"
is "$(col 3 2 haproxy $E/haproxy_edge.log)x|$(col 17 2 haproxy $E/haproxy_edge.log)" "x|0.005000" \
  "HAProxy: status -1 is NULL, -1 timers are absent"

# ---- JSON lines ----
# json_expect MAPPING FILE: the columns status client method path query
# protocol bytes user_agent host, computed with Python's json module.
json_expect() {
  $PY - "$1" "$2" <<'PY'
import json, sys
m = dict(kv.split("=", 1) for kv in sys.argv[1].split(","))
def get(o, path):
    for alt in path.split("|"):
        v = o
        for k in alt.split("."):
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, list): v = v[0] if v else None
        if v is not None: return v
    return None
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line)
    t = lambda c: "" if c not in m or get(o, m[c]) in (None, "", "-") else str(get(o, m[c]))
    uri = t("uri"); path, _, query = uri.partition("?")
    print("\t".join([t("status"), t("client"), t("method"), path, query, t("protocol"), t("bytes"), t("user_agent"), t("host")]))
PY
}
got() { parse "$@" | awk -F'\t' '$2 == "ROW"' | cut -f 3,6,8,9,10,11,12,14,15; }
CADDY='status=status,client=request.client_ip|request.remote_ip,method=request.method,uri=request.uri,protocol=request.proto,bytes=size,user_agent=request.headers.User-Agent,host=request.host'
is "$(got caddy data/logs/lnav-caddy/logfile_caddy_log.1)" "$(json_expect "$CADDY" data/logs/lnav-caddy/logfile_caddy_log.1)" \
  "Caddy: every line's columns as Python's json reads them"
is "$($PY - "$HTTPLOG" data/logs/lnav-caddy/logfile_caddy_log.1 <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
got = [r[0] for r in db.execute("SELECT duration FROM http_log(?) ORDER BY line", (sys.argv[2],))]
want = [json.loads(l)["duration"] for l in open(sys.argv[2]) if l.strip()]
print("same" if got == want else "got %r, expected %r" % (got, want))
PY
)" "same" "Caddy: each duration is the double nearest its decimal, as Python's float() reads it"
CFL='status=EdgeResponseStatus,client=ClientIP,method=ClientRequestMethod,uri=ClientRequestURI,protocol=ClientRequestProtocol,bytes=EdgeResponseBytes,user_agent=ClientRequestUserAgent,host=ClientRequestHost'
is "$(got cloudflare data/logs/lnav-cloudflare/logfile_cloudflare.json)" "$(json_expect "$CFL" data/logs/lnav-cloudflare/logfile_cloudflare.json)" \
  "Cloudflare Logpush: the columns as Python's json reads them"
is "$(parse caddy $E/caddy_edge.log | cut -f 2,19 | head -2)" "$(printf 'ERR\tnot an access record: no "status" (msg "using config from file")\nERR\tnot an access record: no "status" (msg "admin endpoint started")')" \
  "Caddy start-up messages are error rows with the reason"
is "$(col 14 3 caddy $E/caddy_edge.log)" "$(sed -n 3p $E/caddy_edge.log | $PY -c 'import json, sys
print(json.load(sys.stdin)["request"]["headers"]["User-Agent"][0].replace("\\", "\\\\"))')" \
  "escaped quotes, \\\\, \\u00e9 and a surrogate pair decoded"
like "$(col 19 5 caddy $E/caddy_edge.log)" "not JSON: the line ends inside a string (truncated?)" "a truncated JSON line is an error row"
is "$(statuses nginx_json $E/nginx_json_edge.log | tr '\n' ' ')" "200 1 400 1 499 1 " "NGINX JSON: status as a string or a number"
is "$(col 5 1 nginx_json $E/nginx_json_edge.log)|$(col 5 2 nginx_json $E/nginx_json_edge.log)|$(col 5 3 nginx_json $E/nginx_json_edge.log)" \
  "2023-10-10 11:55:36|2023-10-10 11:55:37|2023-10-10 13:55:38.250" "NGINX JSON: time_iso8601, time_local and msec"
printf '{"status":200,"x":"\377\376","ua":"\303"}\n' >"$tmp/bad.json"
is "$(parse 'json:status=status,user_agent=ua' "$tmp/bad.json" | cut -f 14,18)" "$(printf '%s\t%s' '\\xC3' '{"x":"\\\\xFF\\\\xFE"}')" \
  "invalid UTF-8 reads as \\xNN in columns and in extra"
is "$(parse 'json:status=status,user_agent=ua' "$tmp/bad.json" | cut -f 18 | sed 's/\\\\/\\/g' | $PY -c 'import json, sys; print(json.load(sys.stdin)["x"])')" \
  '\xFF\xFE' "extra stays valid JSON"
printf '%s\n' '{"at":"2024-01-02T03:04:05.5+01:00","req":{"uri":"/p?q=1","peer":"[2001:db8::2]:4444"},"resp":{"code":"503"},"took":1500}' >"$tmp/own.json"
is "$(parse 'json:status=resp.code,uri=req.uri,client=req.peer,duration=took/ms,time=at' "$tmp/own.json" | cut -f 3,5,6,9,10,17)" \
  "$(printf '503\t2024-01-02 02:04:05.5\t2001:db8::2\t/p\tq=1\t1.500000')" "a user's own mapping with nested keys and a unit"
is "$(parse 'json:status=a,colour=b' "$tmp/own.json" 2>&1; parse 'json:uri=x' "$tmp/own.json" 2>&1)" \
  "$(printf "%s\n%s" "log_parse: JSON mapping: not a column (time client remote_user method path query protocol status bytes referrer user_agent host port duration request uri require) in 'colour=b'" \
    "log_parse: JSON mapping: no status=key (the key that makes a line an access record) in 'uri=x'")" \
  "a wrong mapping is refused with a message naming it"

# ---- through http_log(): detection, the format column, gzip ----
# detected FILE: "format|rows|error rows" as http_log() reads FILE without a format
detected() { hl "SELECT group_concat(DISTINCT format), count(*), sum(error IS NOT NULL) FROM http_log('$1')"; }
dirs() { grep -c '^#' "$1"; }
is "$(detected $IIS)" "w3c|$(($(wc -l <$IIS) - $(dirs $IIS)))|0" "detected: IIS as w3c, directive lines not rows"
is "$(detected $BIIS)" "w3c|$(($(wc -l <$BIIS) - $(dirs $BIIS)))|2" "detected: the changing IIS log as w3c"
is "$(detected $CF)" "w3c|$(($(wc -l <$CF) - $(dirs $CF)))|1" "detected: CloudFront as w3c"
is "$(detected $ALB)" "alb|$(wc -l <$ALB | tr -d ' ')|$(awk '!NF' $ALB | wc -l | tr -d ' ')" "detected: ALB"
is "$(detected $E/elb_edge.log)" "elb|3|0" "detected: Classic ELB"
is "$(detected $HA)" "haproxy|$(wc -l <$HA | tr -d ' ')|$(($(wc -l <$HA) - $(ha_rows $HA | wc -l)))" "detected: HAProxy"
is "$(detected data/logs/lnav-caddy/logfile_caddy_log.1)" "caddy|4|0" "detected: Caddy"
is "$(detected data/logs/lnav-cloudflare/logfile_cloudflare.json)" "cloudflare|1|0" "detected: Cloudflare"
is "$(detected $E/nginx_json_edge.log)" "nginx_json|6|3" "detected: NGINX JSON"
gzip -9nc $ALB >"$tmp/alb.log.gz"
is "$(hl "SELECT status || ' ' || count(*) FROM http_log('$tmp/alb.log.gz') WHERE error IS NULL GROUP BY status ORDER BY status")" \
  "$(awk 'NF { print $9 }' $ALB | sort -n | uniq -c | awk '{ print $2, $1 }')" "a gzipped ALB log as S3 delivers it"
is "$(hl "SELECT DISTINCT format FROM http_log('data/logs/elastic-apache/apache_logs.gz')")" "combined" \
  "a combined log is still read as combined"

# ---- every way a line can be refused, one line each ----
# The expected files list, per line, the kind and the status or the reason.
J='json:status=status,time=t,bytes=b,port=p,duration=d/ms,client=c,request=r,method=m,path=pa,query=qu,protocol=pr,referrer=re,user_agent=ua,host=h,remote_user=u,require=need'
reasons() { parse "$1" "$E/$2.log" | awk -F'\t' '{ print $1, $2, ($2 == "ERR" ? $19 : $3) }'; }
is "$(reasons w3c w3c_errors)" "$(cat $E/w3c_errors.expected)" "W3C: each malformed field and directive named"
is "$(reasons alb alb_errors)" "$(cat $E/alb_errors.expected)" "ALB: each malformed field named"
is "$(reasons haproxy haproxy_errors)" "$(cat $E/haproxy_errors.expected)" "HAProxy: each malformed field named"
is "$(reasons "$J" json_errors)" "$(cat $E/json_errors.expected)" "JSON: each syntax error and missing key named"
is "$(col 14 3 w3c $E/w3c_errors.log)|$(col 5 24 w3c $E/w3c_errors.log)|$(col 4 24 w3c $E/w3c_errors.log)" \
  'Mozilla "x" y||2023-10-10T13:55:36' "W3C: a quoted field with \"\" inside; local time has no UTC"
is "$(col 6 16 "$J" $E/json_errors.log)|$(col 4 16 "$J" $E/json_errors.log)|$(col 18 16 "$J" $E/json_errors.log)" \
  '::1|2023-11-14T22:13:20.123Z|{"need":1,"p":"99999","d":"x","r":"garbage","x":{"y":[]}}' \
  "JSON: a port kept off the client; values no column can take stay in extra"
is "$(for l in 17 18 19; do col 4 $l "$J" $E/json_errors.log; done | tr '\n' ' ')" \
  "2023-11-14T22:13:20.123456Z 2023-11-14T22:13:20.123456789Z 2023-11-14T22:13:20.5Z " \
  "JSON: epoch times in us, ns (by size) and as a string"
is "$(col 17 17 "$J" $E/json_errors.log) $(col 17 18 "$J" $E/json_errors.log)" "0.250000 1.500000" "JSON: a duration unit"
is "$(parse "$J" $E/json_errors.log | awk -F'\t' '$1 == 20' | cut -f 7-16)" \
  "$(printf 'bob\tPUT\t/z\ta=1\tHTTP/2.0\t12\thttps://r/\tua\texample.com\t8080')" "JSON: every column of a mapping"
is "$(col 18 21 "$J" $E/json_errors.log)" '{"need":1,"\\"odd\\" key":1}' "JSON: a key with escapes matches, and stays escaped in extra"
is "$(col 14 26 "$J" $E/json_errors.log)|$(col 6 26 "$J" $E/json_errors.log)" "$(printf '\357\277\275 x \357\277\275 \357\277\275A|\\\\x00')" \
  "JSON: lone surrogates read as U+FFFD, \\u0000 as \\x00"
# An object with more members than the parser remembers (128): the extra is
# read again from the line, and matches Python's own filtering of it.
$PY -c 'import json
d = {"k%d" % i: i for i in range(140)}
d.update(status=200, path="/many")
d.update({"k%d" % i: "v%d" % i for i in range(140, 200)})
print(json.dumps(d, separators=(",", ":")))' > "$tmp/many.log"
is "$(parse json:status=status,path=path "$tmp/many.log" | cut -f 18)" \
  "$($PY -c 'import json, sys
d = json.loads(open(sys.argv[1]).read())
print(json.dumps({k: v for k, v in d.items() if k not in ("status", "path")}, separators=(",", ":")))' "$tmp/many.log")" \
  "JSON: 202 members, those past the 128th kept in extra too"
bad_spec() { parse "json:$1" /dev/null 2>&1; }
is "$(bad_spec 'status=a,status=b'; bad_spec 'status=a.'; bad_spec 'status=a/xs'; bad_spec 'status=a/ms'; bad_spec 'status=a|b|c|d|e'; bad_spec 'status=a.b.c.d.e.f.g.h.i'; bad_spec 'status'; bad_spec "$(printf 'status=s%s' "$(seq -s '' -f ',host=h%g' 1 32)")")" \
  "$(printf '%s\n' "log_parse: JSON mapping: status given twice in 'status=b'" \
    "log_parse: JSON mapping: an empty key in 'status=a.'" \
    "log_parse: JSON mapping: a unit is s, ms, us or ns in 'status=a/xs'" \
    "log_parse: JSON mapping: a unit only for duration or time in 'status=a/ms'" \
    "log_parse: JSON mapping: more than 4 keys in 'status=a|b|c|d|e'" \
    "log_parse: JSON mapping: a key nested too deep in 'status=a.b.c.d.e.f.g.h.i'" \
    "log_parse: JSON mapping: no '=' (column=key) in 'status'" \
    "log_parse: JSON mapping: too many items in 'host=h32'")" "JSON: each wrong mapping refused"
is "$(col 4 7 alb $E/alb_errors.log)|$(col 15 7 alb $E/alb_errors.log)|$(col 16 7 alb $E/alb_errors.log)|$(col 9 7 alb $E/alb_errors.log)" \
  "2023-10-10T13:55:36.000000Z|[2001:db8::1]|8080|/" "ALB: an IPv6 URL without a path"

# ---- a full scratch buffer: an error row, never a crash or a half row ----
short_scratch() {
  for n in 0 16 64 200 600 2000; do
    for x in "w3c $IIS $BIIS $CF $E/w3c_errors.log $E/w3c_fields_change.log" "alb $ALB $E/alb_edge.log $E/alb_errors.log" \
      "haproxy $HA $E/haproxy_edge.log $E/haproxy_errors.log" "caddy data/logs/lnav-caddy/logfile_caddy_log.1 $E/caddy_edge.log" \
      "nginx_json $E/nginx_json_edge.log" "$J $E/json_errors.log"; do
      set -- $x
      fmt=$1
      shift
      # a row with an error, or an error row with columns, spoils the count
      parse --scratch $n "$fmt" "$@" | awk -F'\t' '
        ($2 == "ROW" && $19 != "") || ($2 == "ERR" && ($3 != "" || $6 != "")) { bad = 1 }
        END { print bad ? -1 : NR }'
      cat "$@" | wc -l
    done
  done | paste - - | awk '$1 != $2' | wc -l
}
is "$(short_scratch)" 0 "a scratch buffer too small: every line still one row or error row"

# ---- every one-byte change of valid lines: one row or error row each ----
# Each byte of a few valid lines replaced in turn by each of a set of
# bytes that matter to the parsers (digits, separators, quotes, escapes).
variants() {
  $PY - "$@" <<'PY'
import sys
subst = b'09/:.-+ "[]{}\\\t<>aZ,?#\xc3\xff'
for path in sys.argv[1:]:
    for line in open(path, 'rb').read().split(b'\n'):
        for i in range(len(line)):
            for c in subst:
                if line[i] != c:
                    sys.stdout.buffer.write(line[:i] + bytes([c]) + line[i + 1:] + b'\n')
PY
}
one_byte() {
  printf '#Fields: date time c-ip cs-username cs-method cs-uri-stem cs-uri-query sc-status sc-bytes s-port time-taken cs(User-Agent) cs(Referer) date-local\n' >"$tmp/w3c.head"
  printf '2023-10-10 13:55:36.25 192.0.2.1 bob GET /a q=1 200 10 443 5 "Mozilla ""x""+y" http://r/ 2023-10-10\n' >"$tmp/w3c.line"
  sed -n 1p $E/alb_edge.log >"$tmp/alb.line"
  sed -n 1p $E/elb_edge.log >"$tmp/elb.line"
  sed -n 14p $E/haproxy_errors.log >"$tmp/ha.line"
  sed -n 17p $E/haproxy_errors.log >>"$tmp/ha.line"
  sed -n 3p $E/caddy_edge.log >"$tmp/caddy.line"
  sed -n 20p $E/json_errors.log >"$tmp/json.line"
  sed -n 26p $E/json_errors.log >>"$tmp/json.line"
  { cat "$tmp/w3c.head"; variants "$tmp/w3c.line"; } >"$tmp/w3c.v"
  printf '2023-10-10\t13:55:36\tFRA56-C1\t2001:db8::7\tGET\t/x%%20y\t304\tcurl/8.0%%20(x)\thttp://a/?q=%%7E\n' >"$tmp/cf.line"
  { sed -n 1,2p $E/w3c_cloudfront_edge.log; variants "$tmp/cf.line"; } >"$tmp/cf.v"
  sed -n 1p $E/nginx_json_edge.log >"$tmp/nginx.line"
  printf '%s\n' '{"ClientHost":"10.0.0.1","ClientUsername":"-","DownstreamContentSize":19,"DownstreamStatus":404,"Duration":40356,"RequestHost":"h.example","RequestMethod":"GET","RequestPath":"/a?b=1","RequestPort":"-","RequestProtocol":"HTTP/1.1","StartUTC":"2021-03-16T18:56:54.735539596Z","request_User-Agent":"curl/7.67.0"}' >"$tmp/traefik.line"
  for x in "w3c w3c" "w3c cf" "alb alb" "elb elb" "haproxy ha" "caddy caddy" "$J json" "nginx_json nginx" "traefik_json traefik"; do
    set -- $x
    [ "$2" = w3c ] || [ "$2" = cf ] || variants "$tmp/$2.line" >"$tmp/$2.v"
    parse "$1" "$tmp/$2.v" | awk -F'\t' '
      ($2 == "ROW" && $19 != "") || ($2 == "ERR" && ($3 != "" || $6 != "" || $19 == "")) { bad = 1 }
      END { print bad ? -1 : NR }'
    wc -l <"$tmp/$2.v"
  done | paste - - | awk '$1 != $2' | wc -l
}
is "$(one_byte)" 0 "one-byte changes of valid lines: each still one row or one error row with a reason"
