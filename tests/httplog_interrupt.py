"""Reading can always be stopped: prints one line per case, "name seconds
outcome", for tests/httplog_input.t. HTTPLOG is the library to load; the
input is a path, "zstd-zeros": a zstd stream of zeros that never ends,
written into a FIFO by zstd (a decompression bomb without a bottom, so that
no case can finish before it is stopped, however fast the machine), or
"no-writer": a FIFO that no one opens for writing (only the interrupt case:
no row ever comes for LIMIT, and no progress handler runs while it waits).

  limit      SELECT line FROM http_log(input) LIMIT 3 returns
  interrupt  sqlite3_interrupt() from another thread, 0.3 s into a count
  progress   a progress handler that asks to stop after 0.3 s
"""
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

library, input_name = sys.argv[1], sys.argv[2]
fifos = tempfile.mkdtemp()


def source():
    """The path a case reads: the input, or a new FIFO with zstd writing into it."""
    if input_name not in ("zstd-zeros", "no-writer"):
        return input_name
    fifo = os.path.join(fifos, "zeros%d.zst" % len(os.listdir(fifos)))
    os.mkfifo(fifo)
    if input_name == "no-writer":
        return fifo

    def feed():
        with open("/dev/zero", "rb") as zeros, open(fifo, "wb") as out:
            subprocess.run(["zstd", "-q", "-1", "-c"], stdin=zeros, stdout=out,
                           stderr=subprocess.DEVNULL)

    threading.Thread(target=feed, daemon=True).start()
    return fifo


def connect():
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.enable_load_extension(True)
    db.load_extension(library)
    return db


def timed(name, run):
    """Prints the case, its seconds and its outcome: the rows, or the error;
    an interrupt that came while the input had no data yet (a FIFO whose
    writer had not written) is "interrupted (waiting for data)"."""
    start = time.monotonic()
    try:
        outcome = run()
    except sqlite3.Error as e:
        outcome = str(e)
        if "interrupted while waiting for data" in outcome:
            outcome = "interrupted (waiting for data)"
    print(name, "%.1f" % (time.monotonic() - start), outcome)


def limit():
    db = connect()
    rows = db.execute("SELECT line FROM http_log(?) LIMIT 3", (source(),)).fetchall()
    return "rows=%d" % len(rows)


def interrupt():
    db = connect()
    threading.Timer(0.3, db.interrupt).start()
    return db.execute("SELECT count(*) FROM http_log(?)", (source(),)).fetchone()


def progress():
    db = connect()
    until = time.monotonic() + 0.3
    db.set_progress_handler(lambda: time.monotonic() > until, 1000)
    return db.execute("SELECT count(*) FROM http_log(?)", (source(),)).fetchone()


cases = (("limit", limit), ("interrupt", interrupt), ("progress", progress))
for name, run in cases:
    if input_name != "no-writer" or name == "interrupt":
        timed(name, run)
sys.stdout.flush()
os._exit(0)  # a count that was not stopped must not hold the test up further
