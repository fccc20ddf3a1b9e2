#!/bin/sh
# http_log() reads only what a statement asks for: a JSON parser leaves out
# the conversions of columns no one reads (log_target_wants(), ext/log/
# log_record.h). Every column read alone, or in a pair, must give what it
# gives in SELECT of every column, line by line, on the JSON logs shipped
# and on odd JSON lines written here; so must counts, errors and
# GROUP BY status.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 5

# odd lines: escapes in keys and values, nulls, nested and missing members,
# an address list, an absolute URL beside a host of another name, a bad
# status, numbers that are not numbers; NGINX-like and Caddy-like
"$PYTHON" - "$tmp/nginx_odd.log" "$tmp/caddy_odd.log" <<'EOF'
import random, sys
random.seed(20261203)
vals = ['"x"', '""', 'null', '"-"', '12', '"200"', '"404"', '"0.303"', '0.5', '"abc"',
        '"GET / HTTP/1.1"', '"GET http://b.example:81/a?b=c HTTP/1.0"', '"CONNECT a.example:443 HTTP/1.1"',
        '{"k":"v"}', '["1","2"]', '"10.0.0.1"', '"1.2.3.4, 5.6.7.8"', '"[::1]:80"',
        '"2023-10-10T00:00:00+00:00"', '"10/Oct/2023:13:55:36 +0000"', '1696940136.123',
        '"a\\"b"', '"\\u00e9"', 'true']
keys = ["time_iso8601", "time_local", "msec", "remote_addr", "remote_user", "request",
        "request_method", "request_uri", "server_protocol", "status", "body_bytes_sent",
        "bytes_sent", "http_referer", "http_user_agent", "host", "http_host", "server_name",
        "server_port", "request_time", "msg", "st\\u0061tus", "other"]
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        members = ['"%s":%s' % (random.choice(keys), random.choice(vals))
                   for _ in range(random.randrange(0, 12))]
        members.append('"status":%s' % random.choice(['"200"', '404', '"abc"', 'null', '"-"']))
        random.shuffle(members)
        f.write("{" + ",".join(members) + "}\n")
req = ["remote_ip", "client_ip", "proto", "method", "host", "uri", "headers", "re\\u006dote_ip"]
with open(sys.argv[2], "w") as f:
    for i in range(3000):
        sub = []
        for k in random.sample(req, random.randrange(0, len(req))):
            if k == "headers":
                sub.append('"headers":{"User-Agent":%s}' % random.choice(['["curl/8"]', '"ua"', 'null']))
            else:
                sub.append('"%s":%s' % (k, random.choice(vals)))
        top = ['"request":{%s}' % ",".join(sub), '"status":%s' % random.choice(['200', '"x"']),
               '"ts":%s' % random.choice(['1696896000.25', 'null', '"x"']),
               '"size":%s' % random.choice(vals), '"duration":%s' % random.choice(vals),
               '"user_id":%s' % random.choice(vals)]
        random.shuffle(top)
        f.write("{" + ",".join(top) + "}\n")
EOF

"$PYTHON" - "$HTTPLOG" "$tmp" >"$tmp/out" <<'EOF'
import sqlite3, sys
lib, tmp = sys.argv[1], sys.argv[2]
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(lib)
inputs = [
    ("data/logs/stanza-nginx-json/nginx-observiq.log", "nginx_json"),
    ("data/logs/crowdsec-traefik/traefik_json.log", "traefik_json"),
    ("data/logs/lnav-caddy/logfile_caddy_log.1", "caddy"),
    ("data/logs/lnav-cloudflare/logfile_cloudflare.json", "cloudflare"),
    ("tests/upstream/crowdsec-caddy/lines.log", "caddy"),
    (tmp + "/nginx_odd.log", "nginx_json"),
    (tmp + "/caddy_odd.log", "caddy"),
    (tmp + "/nginx_odd.log", "auto"),
]
columns = ["time", "time_utc", "client", "remote_user", "method", "path", "query", "protocol",
           "status", "bytes", "referrer", "user_agent", "host", "port", "duration", "extra",
           "format", "file", "raw", "error"]
alone = pairs = aggregates = 0
for path, fmt in inputs:
    full = db.execute("SELECT line, %s FROM http_log(?, ?)" % ", ".join(columns), (path, fmt)).fetchall()
    for i, c in enumerate(columns):
        got = db.execute("SELECT line, %s FROM http_log(?, ?)" % c, (path, fmt)).fetchall()
        want = [(r[0], r[i + 1]) for r in full]
        alone += 1
        if got != want:
            print("differs: %s %s %s" % (path, fmt, c))
    for a, b in [("status", "path"), ("client", "error"), ("host", "port"), ("bytes", "duration"),
                 ("method", "extra"), ("time", "user_agent")]:
        ia, ib = columns.index(a) + 1, columns.index(b) + 1
        got = db.execute("SELECT line, %s, %s FROM http_log(?, ?)" % (a, b), (path, fmt)).fetchall()
        pairs += 1
        if got != [(r[0], r[ia], r[ib]) for r in full]:
            print("differs: %s %s %s,%s" % (path, fmt, a, b))
    counts = db.execute("SELECT count(*), count(error), sum(status) FROM http_log(?, ?)", (path, fmt)).fetchone()
    want = (len(full), sum(1 for r in full if r[-1] is not None),
            sum(r[9] for r in full if r[9] is not None) if any(r[9] is not None for r in full) else None)
    groups = db.execute("SELECT status, count(*) FROM http_log(?, ?) GROUP BY 1", (path, fmt)).fetchall()
    by_status = {}
    for r in full:
        by_status[r[9]] = by_status.get(r[9], 0) + 1
    aggregates += 1
    if counts != want or dict(groups) != by_status:
        print("differs: %s %s counts %r %r" % (path, fmt, counts, want))
    if not full:
        print("no lines: %s" % path)
print("inputs %d alone %d pairs %d aggregates %d" % (len(inputs), alone, pairs, aggregates))
EOF
is "$(grep -c '^differs' "$tmp/out")" "0" "every column alone and in pairs as in the whole row, counts and GROUP BY status"
grep '^differs\|^no lines' "$tmp/out" | head -5 | sed 's/^/# /'
is "$(tail -1 "$tmp/out")" "inputs 8 alone 160 pairs 48 aggregates 8" "all comparisons made"
# the odd lines hold rows and error rows, and values the skipped work fills
is "$(hl "SELECT count(*) > 500, count(error) > 500, count(path) > 100, count(client) > 100
  FROM http_log('$tmp/nginx_odd.log', 'nginx_json')")" "1|1|1|1" "the odd NGINX lines are rows and error rows"
is "$(hl "SELECT count(*) - count(error) > 100, count(client) > 100, count(duration) > 10
  FROM http_log('$tmp/caddy_odd.log', 'caddy')")" "1|1|1" "the odd Caddy lines are rows too"

# The query that reads status alone, on third-party logs, against Python's
# json: rows + error rows = the file's lines, and the count of each status.
real() {
  "$PYTHON" - "$@" <<'PY'
import json, sys
path, key, need = sys.argv[1], sys.argv[2], sys.argv[3:]
counts, errors, lines = {}, 0, open(path, encoding="utf-8").read().splitlines()
for l in lines:
    try:
        o = json.loads(l)
        status = int(o[key])
        for k in need:  # a required key, as "request.method"
            v = o
            for part in k.split("."):
                v = v[part]
    except (ValueError, KeyError, TypeError):
        errors += 1
        continue
    counts[status] = counts.get(status, 0) + 1
print(" ".join("%d:%d" % (k, counts[k]) for k in sorted(counts)), "rows", sum(counts.values()), "errors", errors)
PY
}
sqlside() {
  hl "SELECT group_concat(s, ' ') FROM (SELECT status || ':' || count(*) AS s FROM http_log('$1', '$2')
      WHERE error IS NULL GROUP BY status ORDER BY status);
    SELECT 'rows', count(*) - count(error), 'errors', count(error) FROM http_log('$1', '$2');" | tr '\n|' '  ' | sed 's/ $//'
}
got= want=
for x in "data/logs/stanza-nginx-json/nginx-observiq.log nginx_json status" \
  "data/logs/crowdsec-traefik/traefik_json.log traefik_json DownstreamStatus" \
  "data/logs/lnav-caddy/logfile_caddy_log.1 caddy status request.method"; do
  set -- $x
  got="$got$(sqlside "$1" "$2");"
  want="$want$(real "$1" "$3" ${4:-});"
done
is "$got" "$want" "GROUP BY status and the row and error counts on three third-party JSON logs, as Python's json reads them"

