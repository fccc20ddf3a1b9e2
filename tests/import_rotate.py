#!/usr/bin/python3
"""import_rotate.py: a web server's log under logrotate, imported every hour.

    import_rotate.py IMPORTER DIR STYLE DAYS HOURS SEED [kill]

A writer appends combined lines to DIR/access.log, a random number each
simulated hour (HOURS of them a day, 24 for a real day), each requesting
/line/N with N counted from 1 (the
generator's count is the truth the database is checked against). Now and
then an hour ends in the middle of a line, which the writer finishes in the
next hour, as a server does. Every day at midnight the log is rotated the
way logrotate would with STYLE (rotate 4, so files older than four
rotations are deleted):

    rename         create: access.log -> access.log.1 -> access.log.2 ...
    delaycompress  compress, delaycompress: access.log.1, access.log.2.gz ...
    compress       compress at once: access.log.1.gz, access.log.2.gz ...
    copytruncate   copied to access.log.1, then truncated in place
    dateext        dateext, compress, delaycompress: access.log-20240102,
                   access.log-20240101.gz ...

After each hour's writing, IMPORTER DB 'DIR/access.log*' runs, as from
cron. With "kill", each run is first killed with SIGKILL after a random
delay (up to about the time a run takes), then run again.

Prints one line: "lines=W stored=S distinct=D rejected=R runs=N kills=K
failed=F", where S counts the rows of the view log, D their distinct
lines, R the rows of rejects (the lines stored unfinished must all have been
replaced) and F the runs that did not exit 0. Each line is stored once when
S = D = W and R = F = 0.
"""
import datetime
import gzip
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

importer, work, style, days, hours, seed = sys.argv[1:7]
days, hours, seed = int(days), int(hours), int(seed)
kill = len(sys.argv) > 7 and sys.argv[7] == "kill"
rng = random.Random(seed)
log = os.path.join(work, "access.log")
db = os.path.join(work, "logs.db")
ROTATE = 4

written = 0  # lines begun, numbered from 1
unfinished = b""  # the rest of the last line, not written yet


def line(n, when):
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
    agent = rng.choice(["Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "Googlebot/2.1"])
    return ('10.0.%d.%d - - [%s] "GET /line/%d HTTP/1.1" %d %d "-" "%s"\n' % (
        n % 250, n % 199, stamp, n, rng.choice([200, 200, 200, 304, 404, 500]),
        rng.randrange(50000), agent)).encode()


def append(data):
    with open(log, "ab") as f:
        f.write(data)


def finish_line():
    global unfinished
    if unfinished:
        append(unfinished)
        unfinished = b""


def write_hour(start):
    global written, unfinished
    finish_line()
    for i in range(rng.choice([0, 5, 20, 40, 80])):
        written += 1
        append(line(written, start + datetime.timedelta(seconds=i)))
    if rng.random() < 0.15:
        written += 1
        whole = line(written, start + datetime.timedelta(minutes=59))
        cut = rng.randrange(1, len(whole) - 1)
        append(whole[:cut])
        unfinished = whole[cut:]


def gzip_file(src, dst):
    with open(src, "rb") as f, gzip.open(dst, "wb") as g:
        shutil.copyfileobj(f, g)
    os.unlink(src)


def numbered(k, gz):
    return "%s.%d%s" % (log, k, ".gz" if gz else "")


def shift_numbered(first_gz, later_gz):
    """access.log.k -> access.log.k+1 for k = ROTATE-1 .. 1; the oldest goes."""
    for k in range(ROTATE, 0, -1):
        for gz in (False, True):
            if os.path.exists(numbered(k, gz)):
                if k == ROTATE:
                    os.unlink(numbered(k, gz))
                else:
                    os.rename(numbered(k, gz), numbered(k + 1, gz if k > 1 else later_gz))
    # access.log.2 from a plain access.log.1 under delaycompress
    if later_gz and os.path.exists(numbered(2, False)):
        gzip_file(numbered(2, False), numbered(2, True))


def rotate(day):
    finish_line()  # the server ends its line before it reopens its log
    if style == "rename":
        shift_numbered(False, False)
        os.rename(log, numbered(1, False))
    elif style == "delaycompress":
        shift_numbered(False, True)
        os.rename(log, numbered(1, False))
    elif style == "compress":
        shift_numbered(True, True)
        os.rename(log, numbered(1, False))
        gzip_file(numbered(1, False), numbered(1, True))
    elif style == "copytruncate":
        shift_numbered(False, False)
        shutil.copyfile(log, numbered(1, False))
        with open(log, "r+b") as f:
            f.truncate(0)
        return
    elif style == "dateext":
        dated = sorted(n for n in os.listdir(work) if n.startswith("access.log-"))
        for name in dated:
            if not name.endswith(".gz"):
                gzip_file(os.path.join(work, name), os.path.join(work, name + ".gz"))
        dated = sorted(n for n in os.listdir(work) if n.startswith("access.log-"))
        for name in dated[: max(0, len(dated) - (ROTATE - 1))]:
            os.unlink(os.path.join(work, name))
        os.rename(log, "%s-%s" % (log, day.strftime("%Y%m%d")))
    else:
        sys.exit("import_rotate.py: unknown style " + style)
    open(log, "ab").close()  # create


runs = kills = failed = 0
durations = []


def run_importer():
    global runs, kills, failed
    cmd = [importer, db, log + "*"]
    if kill:
        delay = rng.uniform(0, max(durations[-20:] or [0.02]) * 1.2)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
    start = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    durations.append(time.monotonic() - start)
    runs += 1
    if p.returncode != 0:
        failed += 1
        sys.stderr.write(p.stderr.decode(errors="replace"))


open(log, "ab").close()
start = datetime.datetime(2024, 3, 1)
for hour in range(days * hours):
    now = start + datetime.timedelta(days=hour // hours, hours=hour % hours)
    if hour and hour % hours == 0:
        rotate(now - datetime.timedelta(days=1))
    write_hour(now)
    run_importer()
finish_line()
run_importer()

con = sqlite3.connect(db)
stored, distinct = con.execute("SELECT count(*), count(DISTINCT path) FROM log").fetchone()
rejected = con.execute("SELECT count(*) FROM rejects").fetchone()[0]
expected = set("/line/%d" % n for n in range(1, written + 1))
got = set(r[0] for r in con.execute("SELECT path FROM log"))
if got != expected:
    sys.stderr.write("missing: %s; unknown: %s\n" % (
        sorted(expected - got)[:10], sorted(got - expected)[:10]))
print("lines=%d stored=%d distinct=%d rejected=%d runs=%d kills=%d failed=%d" % (
    written, stored, distinct if got == expected else -1, rejected, runs, kills, failed))
