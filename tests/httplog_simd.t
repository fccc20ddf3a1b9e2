#!/bin/sh
# The scans that read 16 bytes at a time (SSE2: a field's end, a list of
# slash-separated numbers, UTF-8 checks, JSON strings) against their
# byte-at-a-time loops: .build/log_parse and .build/log_parse_bytewise
# (built with -U__SSE2__) must write the same rows, byte for byte, for
# HAProxy lines made to sit on either side of every 16-byte edge, for every
# shipped log and for the fuzz corpus read as each family. Which generated
# lines are rows is also checked against Python's own reading of the
# slash lists, so that two builds that agree on a wrong answer still fail.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
use_log_parse
BYTEWISE=${LOG_PARSE_BYTEWISE:-$(dirname "$LOG_PARSE")/log_parse_bytewise}
[ -x "$BYTEWISE" ] || make -s "$BYTEWISE" >&2
plan 9

# HAProxy lines whose timers, connection counts and queues are drawn from
# parts that are right, wrong or odd ('+', -1, 19 digits, "", letters),
# with requests of every length so that a list ends anywhere from 8 to 60
# bytes before the end of the line. expected.txt: ROW or ERR for each line,
# by the rules of docs/formats.md for these three fields.
"$PYTHON" - "$tmp/haproxy.log" "$tmp/expected.txt" <<'EOF'
import random, re, sys
random.seed(20261203)
good = ["0", "7", "42", "303", "1234567", "9" * 18, "+5", "-1", "+-1"]
odd = ["", "-5", "9" * 19, "1a", "+", "-", "--1", "1-", " "]
def part(p_odd):
    return random.choice(odd) if random.random() < p_odd else random.choice(good)
def timer_ok(t):
    m = re.fullmatch(r"(\+?)(-?)([0-9]+)", t)
    if not m or len(m.group(3)) > 18:
        return False
    return not m.group(2) or m.group(3) == "1"
def count_ok(c):
    return re.fullmatch(r"\+?-?[0-9]+", c) is not None
def field(n, p_odd, sep_odd):
    parts = [part(p_odd) for _ in range(n)]
    seps = ["/"] * (n - 1)
    if random.random() < sep_odd:  # a list one part short or long
        parts = parts[:-1] if random.random() < 0.5 else parts + ["1"]
        seps = ["/"] * (len(parts) - 1)
    text = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))
    return parts, text
with open(sys.argv[1], "w") as log, open(sys.argv[2], "w") as exp:
    for i in range(6000):
        p_odd = random.choice([0, 0, 0.05, 0.3])
        sep_odd = random.choice([0, 0, 0.1])
        tp, timers = field(5, p_odd, sep_odd)
        cp, conns = field(5, p_odd, sep_odd)
        qp, queues = field(2, p_odd, sep_odd)
        # without a protocol (HTTP/0.9) the queues end 8 to 20 bytes
        # before the end of the line
        request = "GET /" + "x" * random.randrange(0, 40) + random.choice(["", " HTTP/1.1"])
        prefix = "Oct 10 00:00:00 lb1 haproxy[1]: " if i % 2 else ""
        log.write(f'{prefix}10.0.0.1:1024 [10/Oct/2023:00:00:00.000] www~ app/web0 '
                  f'{timers} 200 123 - - ---- {conns} {queues} "{request}"\n')
        ok = (len(tp) == 5 and all(timer_ok(t) for t in tp)
              and len(cp) == 5 and all(count_ok(c) for c in cp)
              and len(qp) == 2 and all(count_ok(q) for q in qp)
              and " " not in timers + conns + queues)
        exp.write("ROW\n" if ok else "ERR\n")
EOF

"$LOG_PARSE" haproxy "$tmp/haproxy.log" >"$tmp/simd.out"
"$BYTEWISE" haproxy "$tmp/haproxy.log" >"$tmp/bytes.out"
is "$(wc -l <"$tmp/simd.out")" "6000" "generated HAProxy lines: one row or error row each"
is "$(cmp "$tmp/simd.out" "$tmp/bytes.out" && echo same)" "same" \
  "generated HAProxy lines: the same rows with and without SSE2"
awk -F'\t' '{ print $2 }' "$tmp/simd.out" >"$tmp/kinds.txt"
is "$(paste "$tmp/kinds.txt" "$tmp/expected.txt" | awk '$1 != $2' | wc -l)" "0" \
  "generated HAProxy lines: rows and error rows as Python reads the slash lists"
# both kinds occur, and rows whose lists were read in one compare keep
# each part as written
is "$(sort "$tmp/kinds.txt" | uniq -c | awk '$1 > 500 { n++ } END { print n }')" "2" \
  "generated HAProxy lines: over 500 rows and over 500 error rows"
is "$(awk -F'\t' '$2 == "ROW" && $18 ~ /"Tq":/ && $18 ~ /"backend_queue":/ { n++ } END { print (n > 500) }' "$tmp/simd.out")" \
  "1" "generated HAProxy rows keep their timers and queues in extra"

# every shipped log, each read with detection
files=$(find data/logs data/logs-edge tests/upstream -type f ! -name '*.md' ! -name 'LICENSE*' \
  ! -name '*.tsv' | sort)
n=0 diff=0
for f in $files; do
  n=$((n + 1))
  "$LOG_PARSE" auto "$f" >"$tmp/a" 2>&1
  "$BYTEWISE" auto "$f" >"$tmp/b" 2>&1
  cmp -s "$tmp/a" "$tmp/b" || { diff=$((diff + 1)); echo "# differs: $f"; }
done
[ "$n" -gt 60 ]
ok $? "shipped logs: over 60 files found ($n)"
is "$diff" "0" "shipped logs: the same rows with and without SSE2"

# the fuzz corpus, one file, as each family and by detection
find fuzz/httplog-corpus -type f -exec cat {} + >"$tmp/corpus"
diff=0
for fmt in auto combined haproxy alb elb w3c nginx_json caddy syslog_combined; do
  "$LOG_PARSE" "$fmt" "$tmp/corpus" >"$tmp/a" 2>&1
  "$BYTEWISE" "$fmt" "$tmp/corpus" >"$tmp/b" 2>&1
  cmp -s "$tmp/a" "$tmp/b" || { diff=$((diff + 1)); echo "# differs: corpus as $fmt"; }
done
is "$diff" "0" "fuzz corpus: the same rows with and without SSE2, as 9 formats"
[ "$(wc -l <"$tmp/a")" -gt 1000 ]
ok $? "fuzz corpus: over 1,000 lines read"
