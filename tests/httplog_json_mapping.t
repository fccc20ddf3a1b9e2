#!/bin/sh
# A user's own JSON mapping given from SQL: http_log(path, 'json:...').
# The log is written here; the counts come from Python's json module, never
# from the code under test.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 9

"$PYTHON" - "$tmp/app.log" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(500):
        rec = {"ts": "2024-03-01T10:%02d:%02dZ" % (i // 60 % 60, i % 60),
               "http": {"req": {"verb": ["GET", "POST", "HEAD"][i % 3],
                                "target": "/item/%d?page=%d" % (i, i % 7)},
                        "res": {"code": [200, "404", 503, 301][i % 4], "bytes": i * 10}},
               "peer": "10.1.%d.%d" % (i // 256, i % 256)}
        if i % 50 == 49:
            rec = {"ts": rec["ts"], "level": "info", "msg": "rotated"}
        f.write(json.dumps(rec) + "\n")
PY
M='json:status=http.res.code,method=http.req.verb,uri=http.req.target,bytes=http.res.bytes,client=peer,time=ts'

py_count() { "$PYTHON" -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
'"$1" "$tmp/app.log"; }
rows=$(py_count 'print(len(recs))')
access=$(py_count 'print(sum(1 for r in recs if "http" in r))')
by_status=$(py_count '
from collections import Counter
c = Counter(int(r["http"]["res"]["code"]) for r in recs if "http" in r)
print("\n".join(f"{k}|{v}" for k, v in sorted(c.items())))')
posts=$(py_count 'print(sum(1 for r in recs if "http" in r and r["http"]["req"]["verb"] == "POST"))')

is "$(hl "SELECT count(*) FROM http_log('$tmp/app.log', '$M')")" "$rows" "one row per line ($rows, Python)"
is "$(hl "SELECT count(*) FROM http_log('$tmp/app.log', '$M') WHERE error IS NULL")" "$access" \
  "access records ($access, Python)"
is "$(hl "SELECT status, count(*) FROM http_log('$tmp/app.log', '$M') WHERE error IS NULL GROUP BY 1 ORDER BY 1")" \
  "$by_status" "per-status counts, a status as a string read as INTEGER (Python)"
is "$(hl "SELECT count(*) FROM http_log('$tmp/app.log', '$M') WHERE method = 'POST'")" "$posts" \
  "POST rows ($posts, Python)"
is "$(hl "SELECT client, method, path, query, bytes, time_utc, format = '$M' FROM http_log('$tmp/app.log', '$M') WHERE line = 8")" \
  "10.1.0.7|POST|/item/7|page=0|70|2024-03-01 10:00:07|1" "the columns of one line"

# A bad mapping is a clear error naming the item, before any row.
is "$(hl_err "SELECT count(*) FROM http_log('$tmp/app.log', 'json:status=http.res.code,wat=x')")" \
  "httplog: JSON mapping: not a column (time client remote_user method path query protocol status bytes referrer user_agent host port duration request uri require) in 'wat=x'" \
  "an unknown column"
is "$(hl_err "SELECT count(*) FROM http_log('$tmp/app.log', 'json:method=http.req.verb')")" \
  "httplog: JSON mapping: no status=key (the key that makes a line an access record) in 'method=http.req.verb'" \
  "no status"
is "$(hl_err "SELECT count(*) FROM http_log('$tmp/app.log', 'json:status')")" \
  "httplog: JSON mapping: no '=' (column=key) in 'status'" "an item without '='"
# The text family still takes the other custom strings.
printf '1.2.3.4 GET 418\n' >"$tmp/t.log"
is "$(hl "SELECT client, method, status FROM http_log('$tmp/t.log', '%h %m %>s')")" "1.2.3.4|GET|418" \
  "a text format string still reads as text"
