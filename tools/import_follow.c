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
 *   writes into it before it reopens its log, to its end, then the new file
 *   under the name is followed from its start.
 * A compressed file is imported once; standard input is read until it ends.
 */
#define _XOPEN_SOURCE 700
#include "import_follow.h"

#include <dirent.h>
#include <errno.h>
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

typedef struct follower {
  const char *path;
  import_cursor c;
  int open; /* c holds an open reader */
  int done; /* read to its end (compressed, standard input) or failed */
  int said_missing;
  double rotated_at; /* when the name was seen naming another file; 0: not */
} follower;

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads what f's reader has now, batch after batch, each committed. Returns
 * what the last batch ended with. */
static enum import_read read_batches(import_db *d, follower *f) {
  enum import_read res;
  do {
    int rc = import_db_begin(d);
    if (rc == SQLITE_OK) rc = import_cursor_refresh(d, &f->c);
    if (rc != SQLITE_OK) {
      fprintf(stderr, ME ": %s: %s\n", f->path, sqlite3_errmsg(d->db));
      import_db_rollback(d);
      return IMPORT_READ_FAIL;
    }
    f->c.imported = f->c.rejected = 0;
    res = import_cursor_read(d, &f->c, BATCH_ROWS);
    if (res != IMPORT_READ_FAIL && import_cursor_none_parsed(&f->c)) res = IMPORT_READ_FAIL;
    if (res == IMPORT_READ_FAIL) {
      import_db_rollback(d);
      return res;
    }
    rc = import_db_commit(d);
    if (rc != SQLITE_OK) {
      fprintf(stderr, ME ": %s: %s; the last lines read were not stored\n", f->path,
              sqlite3_errmsg(d->db));
      import_db_rollback(d);
      return IMPORT_READ_FAIL;
    }
    if (f->c.imported + f->c.rejected > 0) import_cursor_print(&f->c);
  } while (res == IMPORT_READ_MORE);
  return res;
}

/* Opens f's file (the first time, or after a rotation). Returns 0, 1 when
 * there is nothing to open yet, -1 on failure. */
static int open_follower(import_db *d, const import_options *opt, follower *f) {
  int rc = import_db_begin(d), opened;
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s\n", f->path, sqlite3_errmsg(d->db));
    import_db_rollback(d);
    return -1;
  }
  opened = import_cursor_open(d, opt, f->path, 1, &f->c);
  import_db_rollback(d); /* nothing written yet: the rows come in batches */
  if (opened == 0) f->open = 1;
  return opened;
}

static void close_follower(follower *f) {
  import_cursor_close(&f->c);
  f->open = 0;
  f->rotated_at = 0;
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
    read_batches(d, f);
    return;
  }
  fprintf(stderr,
          ME ": %s was truncated (copytruncate) and no copy of it was found beside it: lines "
             "written after line %lld before the truncation may be missing\n",
          f->path, (long long)f->c.src.lines);
}

/* What f's name holds now, once its reader has caught up. */
static void check_rotation(import_db *d, follower *f) {
  log_reader_file file;
  struct stat open_st, name_st;
  int name_ok;
  log_reader_current_file(f->c.r, &file);
  if (file.fd < 0 || fstat(file.fd, &open_st) != 0 || !S_ISREG(open_st.st_mode)) return;
  if (f->c.identified && !still_in_place(f, file.fd, &open_st)) {
    fprintf(stderr, ME ": %s was truncated or rewritten in place; reading it anew\n", f->path);
    read_from_copy(d, f);
    close_follower(f);
    return;
  }
  name_ok = stat(f->path, &name_st) == 0;
  if (name_ok && name_st.st_dev == open_st.st_dev && name_st.st_ino == open_st.st_ino &&
      open_st.st_nlink > 0)
    return;
  /* Renamed or deleted: read on for a while, then switch. */
  if (f->rotated_at == 0) {
    f->rotated_at = now_s();
    return;
  }
  if (now_s() - f->rotated_at < DRAIN_MS / 1000.0) return;
  log_reader_stop_following(f->c.r);
  read_batches(d, f);
  fprintf(stderr, ME ": %s was rotated; following the new file\n", f->path);
  close_follower(f);
}

/* One poll of f. Returns 1 when it failed. */
static int poll_follower(import_db *d, const import_options *opt, follower *f) {
  enum import_read res;
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
  res = read_batches(d, f);
  if (res == IMPORT_READ_FAIL) {
    close_follower(f);
    f->done = 1;
    return 1;
  }
  if (res == IMPORT_READ_END) {
    close_follower(f);
    f->done = 1; /* compressed, or standard input ended */
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
  for (i = 0; i < n; i++) fs[i].path = paths[i];
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
    log_reader_stop_following(fs[i].c.r);
    if (read_batches(d, &fs[i]) == IMPORT_READ_FAIL) status = 1;
    close_follower(&fs[i]);
  }
  free(fs);
  return status;
}
