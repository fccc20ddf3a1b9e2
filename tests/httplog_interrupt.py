"""Reading can always be stopped: prints one line per case, "name seconds
outcome", for tests/httplog_input.t. HTTPLOG is the library to load.

  limit      SELECT line FROM http_log(input) LIMIT 3 returns
  interrupt  sqlite3_interrupt() from another thread, 0.3 s into a count
  progress   a progress handler that asks to stop after 0.3 s
"""
import os
import sqlite3
import sys
import threading
import time

library, path = sys.argv[1], sys.argv[2]


def connect():
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.enable_load_extension(True)
    db.load_extension(library)
    return db


def timed(name, run):
    start = time.monotonic()
    try:
        outcome = run()
    except sqlite3.Error as e:
        outcome = str(e)
    print(name, "%.1f" % (time.monotonic() - start), outcome)


def limit():
    db = connect()
    rows = db.execute("SELECT line FROM http_log(?) LIMIT 3", (path,)).fetchall()
    return "rows=%d" % len(rows)


def interrupt():
    db = connect()
    threading.Timer(0.3, db.interrupt).start()
    return db.execute("SELECT count(*) FROM http_log(?)", (path,)).fetchone()


def progress():
    db = connect()
    until = time.monotonic() + 0.3
    db.set_progress_handler(lambda: time.monotonic() > until, 1000)
    return db.execute("SELECT count(*) FROM http_log(?)", (path,)).fetchone()


for name, run in (("limit", limit), ("interrupt", interrupt), ("progress", progress)):
    timed(name, run)
sys.stdout.flush()
os._exit(0)  # a count that was not stopped must not hold the test up further
