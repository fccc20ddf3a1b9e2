"""Compares two builds of httplog row by row: every column, hidden ones too,
of http_log(file, format) for every file given and every format argument.

  /usr/bin/python3 tools/httplog_compare.py OLD.so NEW.so [--column-map old=new] FILE|DIR...

A directory stands for every file under it. Format arguments: detection,
every named format of NEW (http_log_formats), and the custom strings below.
Each build runs in a process of its own (both export the same entry point).
Prints the number of files, queries and rows compared, then each class of
difference (the columns that differ and the first error text of each side)
with a count and one example; exits 1 when a row differs.

Used before merging a change of the reader or the parsers (docs/testing.md).
"""
import collections
import json
import os
import re
import sqlite3
import subprocess
import sys

CUSTOM = [
    "json:status=resp.code,method=req.verb,uri=req.uri,client=req.peer,duration=took/ms,time=at",
    "%h %l %u %{%d/%b/%Y:%H:%M:%S %z}t.%{msec_frac}t \"%r\" %>s %b %D %T %{ms}T",
    "$remote_addr [$time_iso8601] \"$request_method $request_uri $server_protocol\" "
    "$status $bytes_sent $request_time $msec \"$http_x_forwarded_for\"",
    "syslog:%h %l %u %t \"%r\" %>s %b",
]
COLUMNS = ("time time_utc client remote_user method path query protocol status bytes referrer "
           "user_agent host port duration extra format file line raw error").split()


def dump(library, files, formats, out):
    """Runs in a child process: one JSON line per query, its rows."""
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(library)
    sql = "SELECT %s FROM http_log(?, ?)" % ", ".join(COLUMNS)
    with open(out, "w") as w:
        for f in files:
            for fmt in formats:
                try:
                    rows = [[c.hex() if isinstance(c, bytes) else c for c in r]
                            for r in db.execute(sql, (f, fmt))]
                except sqlite3.Error as e:
                    rows = "statement error: %s" % e
                w.write(json.dumps([f, fmt, rows]) + "\n")


def shape(error):
    """An error reason without its numbers, so that one kind is one class."""
    return re.sub(r"[0-9]+", "N", str(error))[:90]


def example(path, fmt, x, y):
    """The file, format, line, raw text and the columns that differ."""
    if x is None or y is None:
        return {"file": path, "format": fmt}
    raw = x[COLUMNS.index("raw")]
    raw = bytes.fromhex(raw).decode("utf-8", "replace")[:300] if raw else raw
    diff = {c: [u, v] for c, u, v in zip(COLUMNS, x, y) if u != v}
    return {"file": path, "format": fmt, "line": x[COLUMNS.index("line")], "raw": raw,
            "differs": diff}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        library, listing, out = sys.argv[2:5]
        with open(listing) as l:
            spec = json.load(l)
        dump(library, spec["files"], spec["formats"], out)
        return 0
    old, new, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in sorted(names)]
        else:
            files.append(p)
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(new)
    formats = [None] + [r[0] for r in db.execute("SELECT name FROM http_log_formats")] + CUSTOM
    tmp = os.environ.get("TMPDIR", "/tmp")
    listing = os.path.join(tmp, "httplog_compare.%d.json" % os.getpid())
    with open(listing, "w") as l:
        json.dump({"files": files, "formats": formats}, l)
    outs = []
    procs = []
    for i, lib in enumerate((old, new)):
        out = os.path.join(tmp, "httplog_compare.%d.%d" % (os.getpid(), i))
        outs.append(out)
        procs.append(subprocess.Popen([sys.executable, __file__, "--dump", lib, listing, out]))
    for p in procs:
        p.wait()
    classes = collections.OrderedDict()
    queries = rows = differing = 0
    with open(outs[0]) as a, open(outs[1]) as b:
        for la, lb in zip(a, b):
            fa, fmt, ra = json.loads(la)
            _, _, rb = json.loads(lb)
            queries += 1
            if isinstance(ra, str) or isinstance(rb, str):
                if ra != rb:
                    key = ("statement", str(ra)[:80], str(rb)[:80])
                    classes.setdefault(key, [0, (fa, fmt)])[0] += 1
                    differing += 1
                continue
            n = max(len(ra), len(rb))
            rows += n
            for k in range(n):
                x = ra[k] if k < len(ra) else None
                y = rb[k] if k < len(rb) else None
                if x == y:
                    continue
                differing += 1
                if x is None or y is None:
                    key = ("row count", "old has %d rows" % len(ra), "new has %d rows" % len(rb))
                else:
                    cols = tuple(c for c, u, v in zip(COLUMNS, x, y) if u != v)
                    ex, ey = x[COLUMNS.index("error")], y[COLUMNS.index("error")]
                    key = (" ".join(cols), shape(ex), shape(ey))
                entry = classes.setdefault(key, [0, None])
                entry[0] += 1
                if entry[1] is None:
                    entry[1] = example(fa, fmt, x, y)
    for p in outs + [listing]:
        os.remove(p)
    print("files %d, queries %d, rows %d, differing rows %d" % (len(files), queries, rows, differing))
    for key, (count, first) in classes.items():
        print("\n%d x columns: %s\n  old error: %s\n  new error: %s\n  e.g. %s" %
              (count, key[0], key[1], key[2], json.dumps(first, ensure_ascii=False)[:1200]))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
