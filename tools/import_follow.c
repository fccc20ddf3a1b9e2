/* import_follow.c: --follow, LOGs imported as they grow, across rotation.
 *
 * Each LOG has a follower: a cursor (import_file.h) whose reader follows the
 * file (log_reader_options.follow), so the file is read in place, from an
 * open descriptor, and a W3C file's directives stay known. Every POLL_MS the
 * followers read what is new, each batch in its own transaction.
 *
 * When a reader has caught up, the follower checks what its name now holds:
 * - the open file is shorter than what was read, or its first bytes are
 *   not the content's head any more: it was truncated in place
 *   (copytruncate). The lines not read yet are in the copy, a file beside
 *   it whose head is the content's (access.log.1, or .1.gz): they are read
 *   from there, then the file is read again from its start as new content;
 * - the name is gone or names another file (dev and inode of the name
 *   against those of the open descriptor, which keeps its inode from being
 *   reused, and the descriptor's link count): it was renamed or deleted.
 *   The old file is read on for DRAIN_MS, for what the server still
 *   writes into it before it reopens its log, to its end, then the next
 *   file is followed from its start. The files the name held meanwhile are
 *   opened when seen and queued, so that one renamed again (a second
 *   rotation during the drain) or deleted is still read, through its
 *   descriptor (/proc/self/fd/N). A file that comes and goes within one
 *   POLL_MS is not seen: a run over the rotated names imports it.
 * A compressed file is imported once; standard input is read until it ends.
 */
#define _XOPEN_SOURCE 700
#include "import_follow.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ME "httpstatus-import"
#define POLL_MS 250
#define DRAIN_MS 1000
/* Rows per transaction while catching up on a large file. */
#define BATCH_ROWS 100000

#define QUEUE_MAX 8

typedef struct follower {
  const char *path;
  import_cursor c;
  int open; /* c holds an open reader */
  int done; /* read to its end (compressed, standard input) or failed */
  int said_missing;
  double rotated_at; /* when the name was seen naming another file; 0: not */
  /* files the name held after the one being read, oldest first */
  int queued[QUEUE_MAX], n_queued;
  int fd;             /* the queued file c reads, or -1 */
  char open_path[40]; /* /proc/self/fd/N of it */
} follower;

static volatile sig_atomic_t stop_requested;
/* The first SIGINT or SIGTERM stops after what was read is stored; a second
 * one ends the process at once (a reader waiting for a pipe's writer
 * cannot be interrupted otherwise). */
static void on_signal(int sig) {
  if (stop_requested) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
  stop_requested = 1;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int still_in_place(follower *f, int fd, const struct stat *st);

/* Whether f's open file was truncated or rewritten in place. */
static int truncated(follower *f) {
  log_reader_file file;
  struct stat st;
  if (!f->c.identified || f->c.pipe) return 0;
  log_reader_current_file(f->c.r, &file);
  if (file.fd < 0 || fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return !still_in_place(f, file.fd, &st);
}

/* What read_batches() ended with. */
enum batches { BATCHES_WAIT, BATCHES_END, BATCHES_FAIL, BATCHES_TRUNCATED };

/* Reads what f's reader has now, batch after batch, each committed. With
 * check_place, a batch is committed only when the file was not truncated
 * meanwhile: after copytruncate the reader may have read on into the new
 * content, from the old one's length on, and such rows are not the old
 * content's lines. */
static enum batches read_batches(import_db *d, follower *f, int check_place) {
  enum import_read res;
  do {
    import_cursor before;
    int rc = import_db_begin(d);
    if (rc == SQLITE_OK) rc = import_cursor_refresh(d, &f->c);
    if (rc != SQLITE_OK) {
      fprintf(stderr, ME ": %s: %s\n", f->path, sqlite3_errmsg(d->db));
      import_db_rollback(d);
      return BATCHES_FAIL;
    }
    f->c.imported = f->c.rejected = 0;
    before = f->c;
    res = import_cursor_read(d, &f->c, BATCH_ROWS);
    if (res != IMPORT_READ_FAIL && import_cursor_none_parsed(&f->c)) res = IMPORT_READ_FAIL;
    if (res == IMPORT_READ_FAIL) {
      import_db_rollback(d);
      return BATCHES_FAIL;
    }
    if (check_place && truncated(f)) {
      import_db_rollback(d);
      /* back to what is stored; the reader, which went on, is dropped */
      before.r = f->c.r;
      before.pipe = f->c.pipe;
      f->c = before;
      return BATCHES_TRUNCATED;
    }
    rc = import_db_commit(d);
    if (rc != SQLITE_OK) {
      fprintf(stderr, ME ": %s: %s; the last lines read were not stored\n", f->path,
              sqlite3_errmsg(d->db));
      import_db_rollback(d);
      return BATCHES_FAIL;
    }
    if (f->c.imported + f->c.rejected > 0) import_cursor_print(&f->c);
  } while (res == IMPORT_READ_MORE);
  return res == IMPORT_READ_END ? BATCHES_END : BATCHES_WAIT;
}

static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The file f's name holds now, unless it is the one open or queued
 * already: opened, and queued. */
static void queue_name(follower *f, const struct stat *open_st) {
  struct stat st, q;
  int fd, i;
  if (f->n_queued == QUEUE_MAX) return;
  fd = open(f->path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || same_file(&st, open_st)) {
    close(fd);
    return;
  }
  for (i = 0; i < f->n_queued; i++)
    if (fstat(f->queued[i], &q) == 0 && same_file(&st, &q)) {
      close(fd);
      return;
    }
  f->queued[f->n_queued++] = fd;
}

/* Opens f's file: the oldest queued, else the one its name holds (the
 * first time, or after a rotation). Returns 0, 1 when there is nothing to
 * read yet, -1 on failure. */
static int open_follower(import_db *d, const import_options *opt, follower *f) {
  const char *open_path = NULL;
  int rc = import_db_begin(d), opened;
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s\n", f->path, sqlite3_errmsg(d->db));
    import_db_rollback(d);
    return -1;
  }
  if (f->n_queued) {
    snprintf(f->open_path, sizeof f->open_path, "/proc/self/fd/%d", f->queued[0]);
    open_path = f->open_path;
  }
  opened = import_cursor_open(d, opt, f->path, open_path, 1, &f->c);
  import_db_rollback(d); /* nothing written yet: the rows come in batches */
  if (f->n_queued && (opened == 0 || (opened == 1 && f->n_queued > 1))) {
    /* taken (or empty with a newer one behind it: left) */
    if (opened == 0)
      f->fd = f->queued[0];
    else
      close(f->queued[0]);
    memmove(f->queued, f->queued + 1, (size_t)--f->n_queued * sizeof *f->queued);
  }
  if (opened == 0) {
    log_reader_file file;
    struct stat st;
    f->open = 1;
    log_reader_current_file(f->c.r, &file);
    if (file.fd >= 0 && fstat(file.fd, &st) == 0 && !S_ISREG(st.st_mode) &&
        !(f->c.pipe = import_pipe_start(f->c.r))) {
      fprintf(stderr, ME ": %s: cannot start a thread to read it\n", f->path);
      return -1;
    }
  }
  return opened;
}

static void close_follower(follower *f) {
  import_cursor_close(&f->c);
  f->open = 0;
  f->rotated_at = 0;
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
}

/* Whether the open file still holds the content from its start: not
 * shorter than what was read of it, and beginning with its head (which
 * grows, up to LOG_READER_HEAD_MAX, while the file is short). */
static int still_in_place(follower *f, int fd, const struct stat *st) {
  unsigned char buf[LOG_READER_HEAD_MAX];
  size_t want = sizeof buf;
  ssize_t n;
  import_source *src = &f->c.src;
  int64_t read_to = src->open_end ? src->open_end : src->end_offset;
  if ((int64_t)st->st_size < read_to) return 0;
  if ((off_t)want > st->st_size) want = (size_t)st->st_size;
  n = pread(fd, buf, want, 0);
  if (n < 0) return 1; /* cannot tell: keep reading */
  if ((size_t)n < src->head_n || memcmp(buf, src->head, src->head_n) != 0) return 0;
  if ((size_t)n > src->head_n) { /* saved with the next batch */
    memcpy(src->head, buf, (size_t)n);
    src->head_n = (size_t)n;
    f->c.dirty = 1;
  }
  return 1;
}

/* After copytruncate: the lines of f's content not read yet, from the copy
 * beside the file (same directory, name starting with the file's), newest
 * first. */
static void read_from_copy(import_db *d, follower *f) {
  const char *slash = strrchr(f->path, '/');
  size_t dir_n = slash ? (size_t)(slash - f->path) : 0;
  const char *base = slash ? slash + 1 : f->path;
  size_t base_n = strlen(base);
  char dir[4096], path[4096 + 256];
  DIR *dp;
  struct dirent *e;
  struct {
    char name[256];
    time_t mtime;
  } copies[16];
  int n = 0, i, j;
  if (dir_n >= sizeof dir) return;
  memcpy(dir, slash ? f->path : ".", slash ? dir_n : 1);
  dir[slash ? dir_n : 1] = '\0';
  if (slash && dir_n == 0) strcpy(dir, "/");
  if ((dp = opendir(dir)) == NULL) return;
  while ((e = readdir(dp)) != NULL && n < 16) {
    struct stat st;
    if (strncmp(e->d_name, base, base_n) != 0 || e->d_name[base_n] == '\0') continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    snprintf(copies[n].name, sizeof copies[n].name, "%s", e->d_name);
    copies[n++].mtime = st.st_mtime;
  }
  closedir(dp);
  for (i = 0; i < n; i++) /* newest first */
    for (j = i + 1; j < n; j++)
      if (copies[j].mtime > copies[i].mtime) {
        char tmp[256];
        time_t t = copies[i].mtime;
        memcpy(tmp, copies[i].name, sizeof tmp);
        memcpy(copies[i].name, copies[j].name, sizeof tmp);
        memcpy(copies[j].name, tmp, sizeof tmp);
        copies[i].mtime = copies[j].mtime;
        copies[j].mtime = t;
      }
  for (i = 0; i < n; i++) {
    int64_t line_seen;
    log_reader *r;
    snprintf(path, sizeof path, "%s/%s", dir, copies[i].name);
    r = import_reopen_at(path, f->c.opt->format, &f->c.src, 0, &line_seen);
    if (r == NULL) continue;
    log_reader_close(f->c.r);
    f->c.r = r;
    f->c.line_seen = line_seen;
    f->c.pending = 0;
    read_batches(d, f, 0);
    return;
  }
  fprintf(stderr,
          ME ": %s was truncated (copytruncate) and no copy of it was found beside it: lines "
             "written after line %lld before the truncation may be missing\n",
          f->path, (long long)f->c.src.lines);
}

/* After copytruncate: what is left of the content is read from the copy,
 * then the file is followed anew from its start. */
static void follow_truncated(import_db *d, follower *f) {
  fprintf(stderr, ME ": %s was truncated or rewritten in place; reading it anew\n", f->path);
  read_from_copy(d, f);
  close_follower(f);
}

/* What f's name holds now, once its reader has caught up. */
static void check_rotation(import_db *d, follower *f) {
  log_reader_file file;
  struct stat open_st, name_st;
  int name_ok;
  log_reader_current_file(f->c.r, &file);
  if (file.fd < 0 || fstat(file.fd, &open_st) != 0 || !S_ISREG(open_st.st_mode)) return;
  if (truncated(f)) {
    follow_truncated(d, f);
    return;
  }
  name_ok = stat(f->path, &name_st) == 0;
  if (name_ok && same_file(&name_st, &open_st) && open_st.st_nlink > 0) return;
  /* Renamed or deleted: read on for a while, then switch. */
  queue_name(f, &open_st);
  if (f->rotated_at == 0) {
    f->rotated_at = now_s();
    return;
  }
  if (now_s() - f->rotated_at < DRAIN_MS / 1000.0) return;
  log_reader_stop_following(f->c.r);
  read_batches(d, f, 1);
  fprintf(stderr, ME ": %s was rotated; following the next file\n", f->path);
  close_follower(f);
}

/* One poll of f. Returns 1 when it failed. */
static int poll_follower(import_db *d, const import_options *opt, follower *f) {
  enum batches res;
  if (!f->open) {
    int opened = open_follower(d, opt, f);
    if (opened < 0) {
      /* A name between rotations is retried; other failures end it. */
      if (access(f->path, F_OK) != 0 && strcmp(f->path, "-") != 0) {
        if (!f->said_missing)
          fprintf(stderr, ME ": %s does not exist (yet); waiting for it\n", f->path);
        f->said_missing = 1;
        return 0;
      }
      f->done = 1;
      return 1;
    }
    f->said_missing = 0;
    if (opened == 1) return 0;
  }
  res = read_batches(d, f, 1);
  if (res == BATCHES_FAIL) {
    close_follower(f);
    f->done = 1;
    return 1;
  }
  if (res == BATCHES_END) {
    close_follower(f);
    f->done = 1; /* compressed, or standard input ended */
    return 0;
  }
  if (res == BATCHES_TRUNCATED) {
    follow_truncated(d, f);
    return 0;
  }
  if (strcmp(f->path, "-") != 0) check_rotation(d, f);
  return 0;
}

int import_follow(import_db *d, const import_options *opt, char *const *paths, size_t n) {
  follower *fs = calloc(n ? n : 1, sizeof *fs);
  struct sigaction sa;
  size_t i, left;
  int status = 0;
  if (fs == NULL) {
    fprintf(stderr, ME ": out of memory\n");
    return 1;
  }
  for (i = 0; i < n; i++) {
    fs[i].path = paths[i];
    fs[i].fd = -1;
  }
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: the pause ends at once */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  for (;;) {
    for (i = 0, left = 0; i < n && !stop_requested; i++) {
      if (fs[i].done) continue;
      if (poll_follower(d, opt, &fs[i])) status = 1;
      left += !fs[i].done;
    }
    if (stop_requested || left == 0) break;
    {
      struct timespec pause = {0, POLL_MS * 1000L * 1000L};
      nanosleep(&pause, NULL);
    }
  }
  /* Stopped: what each reader holds back (a last line without its newline
   * is stored, and completed by a later run). */
  for (i = 0; i < n; i++) {
    if (!fs[i].open) continue;
    if (!fs[i].c.pipe) log_reader_stop_following(fs[i].c.r);
    if (read_batches(d, &fs[i], 1) == BATCHES_FAIL) status = 1;
    close_follower(&fs[i]);
  }
  for (i = 0; i < n; i++) /* files rotated in and out since: a later run reads them */
    while (fs[i].n_queued) close(fs[i].queued[--fs[i].n_queued]);
  free(fs);
  return status;
}
