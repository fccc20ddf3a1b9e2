#!/bin/sh
# The openly licensed real samples of data/logs/ for Traefik JSON, NGINX
# JSON, Classic ELB, ALB and CloudFront (each folder's SOURCE.md says where
# it comes from), read line by line through .build/log_parse and through
# http_log() without a format. Expected counts and values come from awk and
# from Debian's python3 json module, never from the parsers.
. tests/lib.sh
. tests/httplog_lib.sh

use_log_parse
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# histogram: "value count" lines, by value, from one value per line
histogram() { sort -n | uniq -c | awk '{ print $2, $1 }'; }
# extras FORMAT FILE: the extra column of each row, as JSON (the driver
# writes a backslash as two)
extras() { parse "$@" | awk -F'\t' '$2 == "ROW" { print $18 }' | sed 's/\\\\/\\/g'; }
# extra_count KEY FORMAT FILE: rows whose extra has KEY (Python's json)
extra_count() {
  k=$1
  shift
  extras "$@" | $PY -c 'import json, sys
print(sum(sys.argv[1] in json.loads(l) for l in sys.stdin))' "$k"
}
# detected FILE: "format|rows|error rows" as http_log() reads FILE without a format
detected() { hl "SELECT group_concat(DISTINCT format), count(*), sum(error IS NOT NULL) FROM http_log('$1')"; }

# json_lines FILE: "ROW n ERR n" and per line either the expected columns
# status client method path query protocol bytes user_agent host duration,
# or ERR, computed with Python's json from a mapping of column to keys.
json_cols() {
  $PY - "$@" <<'PY'
import json, sys
mapping = dict(kv.split("=", 1) for kv in sys.argv[1].split(","))
def get(o, keys):
    for k in keys.split("|"):
        if o.get(k) not in (None, "", "-"):
            return o[k]
    return None
for raw in open(sys.argv[2], encoding="utf-8").read().split("\n"):
    if not raw:
        continue
    try:
        o = json.loads(raw)
    except ValueError:
        print("ERR")
        continue
    t = lambda c: "" if c not in mapping or get(o, mapping[c]) is None else str(get(o, mapping[c]))
    client = t("client").split(",")[0].strip()
    if "request" in mapping:
        method, uri, proto = t("request").split(" ")
    else:
        method, uri, proto = t("method"), t("uri"), t("protocol")
    path, _, query = uri.partition("?")
    dur = get(o, mapping["duration"]) if "duration" in mapping else None
    dur = "" if dur is None else "%.6f" % (float(dur) / float(mapping.get("unit", "1")))
    print("\t".join([str(int(t("status"))), client, method, path, query, proto, t("bytes"), t("user_agent"), t("host"), dur]))
PY
}
got_cols() {
  parse "$@" | awk -F'\t' -v OFS='\t' '$2 == "ERR" { print "ERR"; next } { print $3, $6, $8, $9, $10, $11, $12, $14, $15, $17 }'
}

plan 52

# ---- Traefik JSON (CrowdSec's test log: a debug line, a ClientHost list) ----
TR=data/logs/crowdsec-traefik/traefik_json.log
TRMAP='status=DownstreamStatus,client=ClientHost|ClientAddr,method=RequestMethod,uri=RequestPath,protocol=RequestProtocol,bytes=DownstreamContentSize,user_agent=request_User-Agent,host=RequestHost,duration=Duration,unit=1e9'
is "$(kinds traefik_json $TR)" \
  "$($PY -c 'import json, sys
ok = 0; bad = 0
for l in open(sys.argv[1]).read().split("\n"):
    try: json.loads(l); ok += 1
    except ValueError: bad += 1
print("DIR 0 ERR %d ROW %d" % (bad, ok))' $TR)" "Traefik: JSON lines are rows, the plugin's debug line an error row, the unterminated last line read"
is "$(statuses traefik_json $TR)" \
  "$($PY -c 'import json, sys
for l in open(sys.argv[1]).read().split("\n"):
    try: print(json.loads(l)["DownstreamStatus"])
    except ValueError: pass' $TR | histogram)" "Traefik: status histogram is DownstreamStatus"
is "$(got_cols traefik_json $TR)" "$(json_cols "$TRMAP" $TR)" \
  "Traefik: status, client, request, bytes, user agent, host and duration (ns) of every line as Python's json reads them"
like "$(col 19 6 traefik_json $TR)" "not a JSON object" "Traefik: the plugin's debug line says why it is not a row"
is "$(col 5 5 traefik_json $TR)" "2026-01-14 09:45:33.759014877" "Traefik: time is StartUTC, not StartLocal (+01:00)"
is "$(col 6 7 traefik_json $TR)" "$(sed -n 7p $TR | $PY -c 'import json, sys; print(json.load(sys.stdin)["ClientHost"].split(",")[0])')" \
  "Traefik: a ClientHost list (X-Forwarded-For) gives its first address"
like "$(col 18 7 traefik_json $TR)" '"ClientHost":"192.168.1.100,10.0.0.50"' "Traefik: the whole ClientHost list stays in extra"
is "$(detected $TR)" "traefik_json|7|1" "detected: Traefik JSON"
printf '%s\n' '{"status":200,"c":"198.51.100.7, 10.0.0.1"}' '{"status":200,"c":"[2001:db8::7]:443,10.0.0.1"}' \
  '{"status":200,"c":" ,10.0.0.1"}' '{"status":200,"c":"192.0.2.9:80"}' '{"status":200,"c":" 192.0.2.8 ,x"}' >"$tmp/xff.json"
is "$(parse 'json:status=status,client=c' "$tmp/xff.json" | cut -f 6 | tr '\n' '|')" "198.51.100.7|2001:db8::7||192.0.2.9|192.0.2.8|" \
  "a client list: the first address (spaces, port and brackets dropped), NULL when it is empty"
is "$(parse 'json:status=status,client=c' "$tmp/xff.json" | cut -f 18 | tr '\n' '|')" \
  '{"c":"198.51.100.7, 10.0.0.1"}|{"c":"[2001:db8::7]:443,10.0.0.1"}|{"c":" ,10.0.0.1"}||{"c":" 192.0.2.8 ,x"}|' "a client list stays in extra, a single address does not"

# ---- NGINX JSON (observIQ's documented line: every value a string) ----
NG=data/logs/stanza-nginx-json/nginx-observiq.log
NGMAP='status=status,client=remote_addr,request=request,bytes=body_bytes_sent,user_agent=http_user_agent,host=host|http_host,duration=request_time'
is "$(got_cols nginx_json $NG)" "$(json_cols "$NGMAP" $NG)" "NGINX JSON: the columns as Python's json reads them, status a string"
is "$(col 5 1 nginx_json $NG)" "$($PY -c 'import json, sys, datetime
t = datetime.datetime.fromisoformat(json.load(open(sys.argv[1]))["time_iso8601"])
print(t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"))' $NG)" "NGINX JSON: time_iso8601 in UTC"
is "$(parse 'json:status=status,time=time_local' $NG | cut -f 5)" "$(col 5 1 nginx_json $NG)" \
  "NGINX JSON: time_local is the same instant"
is "$(extras nginx_json $NG | $PY -c 'import json, sys; print(" ".join(sorted(json.load(sys.stdin))))')" \
  "$($PY -c 'import json, sys
o = json.load(open(sys.argv[1]))
used = "remote_addr remote_user time_iso8601 request status body_bytes_sent http_referer http_user_agent request_time".split()
print(" ".join(sorted(k for k in o if k not in used)))' $NG)" "NGINX JSON: every other variable in extra"
is "$(detected $NG)" "nginx_json|1|0" "detected: NGINX JSON"

# ---- Classic ELB (AWS's four example entries: HTTP, HTTPS, TCP, SSL) ----
ELB=data/logs/awsdocs-elb/access-log-collection-examples.log
is "$(kinds elb $ELB)" "DIR 0 ERR 0 ROW $(awk 'NF' $ELB | wc -l)" "ELB: every entry a row"
is "$(statuses elb $ELB)" "$(awk '{ print ($8 == "-" ? "" : $8) }' $ELB | histogram)" \
  "ELB: status is elb_status_code, - (TCP, SSL) is NULL"
is "$(parse elb $ELB | cut -f 17 | tr '\n' ' ')" "$(awk '{ printf "%.6f ", $5 + $6 + $7 }' $ELB)" \
  "ELB: duration is the sum of the three processing times"
is "$(parse elb $ELB | cut -f 12 | tr '\n' ' ')" "$(awk '{ printf "%s ", $11 }' $ELB)" "ELB: bytes are sent_bytes"
is "$(parse elb $ELB | awk -F'\t' '$8 == ""' | wc -l)" "$(grep -c '"- - - "' $ELB)" "ELB: a TCP or SSL entry has no request columns"
is "$(extra_count request elb $ELB) $(extra_count ssl_cipher elb $ELB) $(extra_count backend_status_code elb $ELB)" \
  "$(grep -c '"- - - "' $ELB) $(awk '$14 != "-"' $ELB | wc -l) $(awk '$9 != "-"' $ELB | wc -l)" \
  "ELB: the non-HTTP request, the cipher and the backend status kept in extra"
is "$(col 15 2 elb $ELB) $(col 16 2 elb $ELB) $(col 6 2 elb $ELB)" "www.example.com 443 192.168.131.39" \
  "ELB: host and port from the absolute URL, client without its port"
is "$(detected $ELB) / $(kinds alb $ELB)" "elb|4|0 / DIR 0 ERR 4 ROW 0" "detected: Classic ELB; ALB does not read it"

# ---- ALB (CrowdSec's test log: WAF 404s with -1 timers, newer fields) ----
ALB=data/logs/crowdsec-alb/aws-alb-logs.log
is "$(kinds alb $ALB)" "DIR 0 ERR 0 ROW $(wc -l <$ALB | tr -d ' ')" "ALB (MIT sample): every line a row"
is "$(statuses alb $ALB)" "$(awk '{ print $9 }' $ALB | histogram)" "ALB (MIT sample): status is elb_status_code"
is "$(parse alb $ALB | awk -F'\t' '$17 == ""' | wc -l)" "$(awk '$6 == -1' $ALB | wc -l)" \
  "ALB (MIT sample): -1 processing times make duration NULL"
is "$(extra_count target_status_code alb $ALB)" "$(awk '$10 != "-"' $ALB | wc -l)" \
  "ALB (MIT sample): no target_status_code when the load balancer answered (WAF fixed response)"
is "$(parse alb $ALB | awk -F'\t' '{ s += $12 } END { print s }')" "$(awk '{ s += $12 } END { print s }' $ALB)" \
  "ALB (MIT sample): bytes are sent_bytes"
is "$(parse alb $ALB | cut -f 14 | md5sum)" "$(awk -F'"' '{ print $4 }' $ALB | md5sum)" \
  "ALB (MIT sample): user agents as logged (a Log4Shell probe among them)"
is "$(extra_count conn_trace_id alb $ALB) $(extra_count request_transform_status alb $ALB) $(extra_count more_fields alb $ALB)" \
  "$(grep -c ' TID_' $ALB) $(grep -c ' TID_[^ ]* "[^"]*" "[^"]*" "[^"-][^"]*"$' $ALB) $(grep -c ' TID_[^ ]* "[^"]*" "[^"]*" "[^"]*" ' $ALB)" \
  "ALB (MIT sample): conn_trace_id and the request transform fields after it kept, by name"
is "$(col 9 7 alb $ALB)|$(col 10 7 alb $ALB)" \
  "$(sed -n 7p $ALB | awk -F'"' '{ split($2, r, " "); sub(/^https?:\/\/[^\/]*/, "", r[2]); q = index(r[2], "?"); print substr(r[2], 1, q - 1) "|" substr(r[2], q + 1) }')" \
  "ALB (MIT sample): path and query of an exploit probe kept as sent"
is "$(detected $ALB)" "alb|14|0" "detected: the MIT ALB sample"

# ---- CloudFront (aws-log-parser's test log: 502s made by CloudFront) ----
CF=data/logs/awslogparser-cloudfront/cloudfront-multiple.log
is "$(kinds w3c $CF)" \
  "$(awk -F'\t' '/^#Fields:/ { n = split($0, a, " ") - 1 } /^#/ { d++; next } { if (NF == n) r++; else e++ } END { printf "DIR %d ERR %d ROW %d\n", d, e, r }' $CF)" \
  "CloudFront (Apache-2.0 sample): directives are not rows, every data line is"
is "$(statuses w3c $CF)" "$(awk -F'\t' '!/^#/ { print $9 }' $CF | histogram)" "CloudFront (Apache-2.0 sample): status histogram"
is "$(parse w3c $CF | awk -F'\t' '$2 == "ROW" { print $14 }' | md5sum)" \
  "$(awk -F'\t' '!/^#/ { print $11 }' $CF | $PY -c 'import sys, urllib.parse
for l in sys.stdin: print(urllib.parse.unquote(l.rstrip("\n")))' | md5sum)" "CloudFront (Apache-2.0 sample): cs(User-Agent) %-decoded"
is "$(parse w3c $CF | awk -F'\t' '$2 == "ROW" { print $15, $17, $12 }' | md5sum)" \
  "$(awk -F'\t' '!/^#/ { printf "%s %.6f %s\n", $16, $19, $4 }' $CF | md5sum)" \
  "CloudFront (Apache-2.0 sample): host is x-host-header, time-taken seconds, bytes sc-bytes"
is "$(extras w3c $CF | $PY -c 'import json, sys
print(sum(json.loads(l).get("x-edge-detailed-result-type") == "OriginDnsError" for l in sys.stdin))')" \
  "$(awk -F'\t' '$29 == "OriginDnsError"' $CF | wc -l)" "CloudFront (Apache-2.0 sample): the 502s' OriginDnsError in extra"
is "$(detected $CF)" "w3c|6|0" "detected: the Apache-2.0 CloudFront sample"

# ---- gzipped as S3 delivers them (Loki's lambda-promtail test data) ----
LA=data/logs/loki-aws/albaccesslog.log.gz
LC=data/logs/loki-aws/cloudfront.log.gz
is "$(hl "SELECT status || ' ' || count(*) FROM http_log('$LA') WHERE error IS NULL GROUP BY status ORDER BY status")" \
  "$(gzip -dc $LA | awk '{ print $9 }' | histogram)" "ALB (gzip): status histogram"
is "$(hl "SELECT count(*) FROM http_log('$LA') WHERE duration IS NULL AND json_extract(extra, '\$.target_status_code') IS NULL")" \
  "$(gzip -dc $LA | awk '$6 == -1 && $10 == "-"' | wc -l | tr -d ' ')" "ALB (gzip): the load balancer's own answers, -1 timers and no target status"
is "$(hl "SELECT json_extract(extra, '\$.actions_executed') || ' ' || ifnull(json_extract(extra, '\$.redirect_url'), '-') FROM http_log('$LA') ORDER BY line")" \
  "$(gzip -dc $LA | awk -F'"' '{ print $12, $14 }')" "ALB (gzip): actions and redirect URL kept"
is "$(detected $LC)" "w3c|$(gzip -dc $LC | grep -vc '^#')|0" "CloudFront (gzip): detected, directives not rows, the unterminated last line read"
is "$(hl "SELECT json_extract(extra, '\$.\"x-forwarded-for\"') FROM http_log('$LC') ORDER BY line")" \
  "$(gzip -dc $LC | awk -F'\t' '!/^#/ { print $20 }')" "CloudFront (gzip): x-forwarded-for kept as written (\\x20 and all)"

# ---- OpenSearch's raw AWS logs: real ALB and CloudFront traffic ----
OA=data/logs/opensearch-aws/amazon_elb-raw.log
OC=data/logs/opensearch-aws/amazon_cloudfront-raw.log
is "$(kinds alb $OA)" "DIR 0 ERR 0 ROW $(awk 'END { print NR }' $OA)" "ALB (OpenSearch): every line a row, the unterminated last one too"
is "$(statuses alb $OA)" "$(awk '{ print $9 }' $OA | histogram)" "ALB (OpenSearch): status histogram"
is "$(parse alb $OA | awk -F'\t' '{ printf "%s %s %s\n", $4, $9, $17 }' | md5sum)" \
  "$(awk '{ split($14, u, "/"); p = substr($14, length(u[1]) + length(u[3]) + 3); sub(/\?.*/, "", p); printf "%sZ %s %.6f\n", substr($2, 1, length($2) - 1), p, $6 + $7 + $8 }' $OA | md5sum)" \
  "ALB (OpenSearch): time, path (a doubled slash kept) and duration of every line"
is "$(parse alb $OA | cut -f 14 | md5sum)" "$(awk -F'"' '{ print $4 }' $OA | md5sum)" "ALB (OpenSearch): user agents as logged"
is "$(extras alb $OA | $PY -c 'import json, sys
print(" ".join("%s/%s" % (o["classification"], o["classification_reason"]) for o in map(json.loads, sys.stdin) if "classification" in o))')" \
  "$(awk -F'"' '$(NF - 3) != "-" { print $(NF - 3) "/" $(NF - 1) }' $OA)" "ALB (OpenSearch): the desync classification kept"
is "$(kinds w3c $OC)" "DIR 2 ERR 0 ROW $(grep -vc '^#' $OC)" "CloudFront (OpenSearch): directives are not rows, every data line is"
is "$(parse w3c $OC | awk -F'\t' '$2 == "ROW" { print $3, $10, $15, $17 }' | md5sum)" \
  "$(awk -F'\t' '!/^#/ { printf "%d %s %s %.6f\n", $9, ($12 == "-" ? "" : $12), $16, $19 }' $OC | md5sum)" \
  "CloudFront (OpenSearch): status, query, host and time-taken of every line"
is "$(detected $OA) $(detected $OC)" "alb|63|0 w3c|40|0" "detected: OpenSearch's ALB and CloudFront logs"

# ---- a scratch buffer too small: still one row or error row per line ----
short_scratch() {
  for n in 0 16 64 200 600 2000; do
    for x in "traefik_json $TR" "nginx_json $NG" "elb $ELB" "alb $ALB" "w3c $CF" "alb $OA" "w3c $OC"; do
      set -- $x
      parse --scratch $n "$1" "$2" | awk -F'\t' '
        ($2 == "ROW" && $19 != "") || ($2 == "ERR" && ($3 != "" || $6 != "")) { bad = 1 }
        END { print bad ? -1 : NR }'
      awk 'END { print NR }' "$2"
    done
  done | paste - - | awk '$1 != $2' | wc -l
}
is "$(short_scratch)" 0 "a scratch buffer too small: every line of the samples still one row or error row"
