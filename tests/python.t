#!/bin/sh
# The extension from Python's sqlite3 module, as the README shows it:
# conn.enable_load_extension(True); conn.load_extension("./httpstatus").
# Skipped when there is no such Python, or its sqlite3 module cannot load
# extensions. PYTHON picks the interpreter (Debian's by default: a Python
# built without extension loading cannot run this).
. tests/lib.sh

PYTHON=${PYTHON:-/usr/bin/python3}
if [ ! -x "$PYTHON" ]; then
  echo "1..0 # SKIP no $PYTHON"
  exit 0
fi
if ! "$PYTHON" -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension(True)' 2>/dev/null; then
  echo "1..0 # SKIP $PYTHON's sqlite3 module cannot load extensions"
  exit 0
fi

EXTENSION="$EXTENSION" exec "$PYTHON" - <<'PY'
import os
import re
import sqlite3

checks = []


def check(name, got, expected):
    checks.append((name, got, expected))


extension = os.environ["EXTENSION"]

# Expected values from the seed page (data/seed.txt) and the header.
seed = {}
with open("data/seed.txt", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"^(\d{3}) \| (.+?) \| (.+?) \|$", line.rstrip("\n"))
        if m:
            seed[int(m.group(1))] = (m.group(2), m.group(3))
with open("ext/version.h", encoding="utf-8") as f:
    version = re.search(r'#define HTTPSTATUS_VERSION "([^"]*)"', f.read()).group(1)

conn = sqlite3.connect(":memory:")
conn.enable_load_extension(True)
try:
    conn.load_extension(extension)
    loaded = None
except sqlite3.Error as e:
    loaded = str(e)
conn.enable_load_extension(False)
check("load_extension(%r)" % extension, loaded, None)


def one(sql, *args):
    try:
        return conn.execute(sql, args).fetchone()[0]
    except sqlite3.Error as e:
        return "error: %s" % e


check("http_status_name(404)", one("SELECT http_status_name(404)"), seed[404][0])
check("http_status_class(503)", one("SELECT http_status_class(503)"), "Server Error")
check("http_status_meaning(200), with its em dash", one("SELECT http_status_meaning(200)"), seed[200][1])
check("em dash arrives as U+2014", "\u2014" in seed[200][1] and "\u2014" in one("SELECT http_status_meaning(200)"), True)
check("http_status_name(418), with its apostrophe", one("SELECT http_status_name(418)"), seed[418][0])
check("bound int 404", one("SELECT http_status_name(?)", 404), seed[404][0])
check("bound str '404'", one("SELECT http_status_name(?)", "404"), seed[404][0])
check("bound float 404.0", one("SELECT http_status_line(?)", 404.0), "404 " + seed[404][0])
check("bound float 404.5", one("SELECT http_status_name(?)", 404.5), None)
check("bound bytes b'404'", one("SELECT http_status_name(?)", b"404"), None)
check("bound None", one("SELECT http_status_name(?)", None), None)
check("bound 2**40 + 404", one("SELECT http_status_name(?)", 2**40 + 404), None)
check("http_status_code is an int", one("SELECT http_status_code(?)", "content too large"), 413)
check("http_status_match", one("SELECT http_status_match(?, '5xx,401,403')", 403), 1)
check("httpstatus_version()", one("SELECT httpstatus_version()"), version)
check("eponymous table, lookup by code", one("SELECT name FROM http_status WHERE code = ?", 503), seed[503][0])

# A log joined with the table, as in the README.
conn.execute("CREATE TABLE log(status INTEGER)")
conn.executemany("INSERT INTO log VALUES (?)", [(200,), (200,), (404,), ("404",), (503,), (299,), (None,)])
rows = conn.execute(
    "SELECT s.class, count(*) FROM log l JOIN http_status s ON s.code = l.status"
    " GROUP BY s.class ORDER BY s.class").fetchall()
check("join with a log, grouped by class", rows, [("Client Error", 2), ("Server Error", 1), ("Success", 2)])

# Errors are sqlite3 exceptions; the connection goes on.
try:
    conn.execute("SELECT http_status_name(404, 'IANA')").fetchall()
    error = None
except sqlite3.OperationalError as e:
    error = str(e)
check("unknown source raises, message starts httpstatus:", (error or "").startswith("httpstatus: unknown source 'IANA'"), True)
try:
    conn.execute("DELETE FROM http_status")
    error = None
except sqlite3.OperationalError as e:
    error = str(e)
check("a write raises", error, "table http_status may not be modified")
check("the connection still answers", one("SELECT http_status_name(404)"), seed[404][0])

# A second connection needs its own load.
other = sqlite3.connect(":memory:")
try:
    other.execute("SELECT http_status_name(404)")
    error = None
except sqlite3.OperationalError as e:
    error = str(e)
check("another connection does not have it", error, "no such function: http_status_name")

print("1..%d" % len(checks))
for n, (name, got, expected) in enumerate(checks, 1):
    if got == expected:
        print("ok %d - %s" % (n, name))
    else:
        print("not ok %d - %s" % (n, name))
        print("#      got: %r" % (got,))
        print("# expected: %r" % (expected,))
PY
