#!/usr/bin/python3
"""import_writer.py: a web server writing its log while logrotate rotates it.

    import_writer.py LOG STYLE SECONDS RATE [ROTATIONS]

Appends combined lines requesting /w/N (N from 1), with the user agent
"writer LOG's name", to LOG at RATE lines a second, one write() each, for SECONDS seconds, and rotates LOG ROTATIONS
times (2), evenly spread, in STYLE:

    rename        LOG -> LOG.1; the server goes on writing into the renamed
                  file for 50 ms (until it is told to reopen), then creates LOG
    compress      the same, then LOG.1 compressed to LOG.1.gz 300 ms later
                  (the uncompressed copy deleted)
    copytruncate  LOG copied to LOG.1, then truncated; the server's descriptor
                  (O_APPEND) writes on from the start
    delete        LOG deleted; the server writes 50 ms more into the deleted
                  file, then creates LOG anew
    dateext       LOG -> LOG-20240301 (then -20240302), as rename
    none          no rotation

The writer does each rotation between two of its lines, so every line it
wrote is in some file (logrotate's own copytruncate loses the lines written
between its copy and its truncation). Prints the number of lines written,
on standard error when LOG is - (standard output).
"""
import gzip
import os
import shutil
import sys
import threading
import time

log, style, seconds, rate = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
rotations = int(sys.argv[5]) if len(sys.argv) > 5 else 2


def open_log():
    if log == "-":
        return os.dup(1)
    return os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)


def line(n):
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime())
    return ('10.1.%d.%d - - [%s] "GET /w/%d HTTP/1.1" 200 %d "-" "writer %s"\n' % (
        n % 250, n % 199, stamp, n, n % 9999, os.path.basename(log))).encode()


def compress_later(path):
    time.sleep(0.3)
    with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
        shutil.copyfileobj(f, g)
    os.unlink(path)


fd = open_log()
start = time.monotonic()
written = 0
rotate_at = [seconds * (k + 1) / (rotations + 1) for k in range(rotations)] if style != "none" else []
reopen_at = None  # after a rename or delete: when the server reopens LOG
later = []
while True:
    elapsed = time.monotonic() - start
    if elapsed >= seconds:
        break
    if reopen_at is not None and elapsed >= reopen_at:
        os.close(fd)
        fd = open_log()
        reopen_at = None
    if rotate_at and elapsed >= rotate_at[0]:
        k = rotations - len(rotate_at) + 1
        rotate_at.pop(0)
        for old in (".1", ".1.gz"):  # logrotate's shift
            if style != "dateext" and os.path.exists(log + old):
                os.rename(log + old, log + old.replace(".1", ".%d" % k))
        if style in ("rename", "compress"):
            os.rename(log, log + ".1")
            reopen_at = elapsed + 0.05
            if style == "compress":
                t = threading.Thread(target=compress_later, args=(log + ".1",))
                t.start()
                later.append(t)
        elif style == "dateext":
            os.rename(log, "%s-2024030%d" % (log, k))
            reopen_at = elapsed + 0.05
        elif style == "delete":
            os.unlink(log)
            reopen_at = elapsed + 0.05
        elif style == "copytruncate":
            shutil.copyfile(log, log + ".1")
            os.truncate(log, 0)
    due = int(elapsed * rate) + 1
    while written < due:
        written += 1
        os.write(fd, line(written))
    time.sleep(0.002)
os.close(fd)
for t in later:
    t.join()
print(written, file=sys.stderr if log == "-" else sys.stdout)
