/* import_reader_shim.c: log_reader.h over http_log(), until ext/log/
 * has its own log_reader.c. To be deleted then.
 *
 * Enough for the importer's tests of whole files: rows from an in-memory
 * connection's http_log(?, ?), offsets counted from raw (LF line ends
 * only), the head from zlib (gzip and plain files only), no follow mode.
 */
#define _XOPEN_SOURCE 700
#include <sqlite3.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "log_reader.h"

int sqlite3_httplog_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

struct log_reader {
  sqlite3 *db;
  sqlite3_stmt *st;
  char path[4096];
  int is_stdin;
  int64_t skip;
  char err[512];
  log_record rec;
  char head[LOG_READER_HEAD_MAX];
  size_t head_n;
  int fd;
  int gz;
  uint64_t offset;
  int64_t size;
  char format[4096];
  char spool[64];
};

static int num(const char *s, int n) {
  int v = 0, i;
  for (i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

static void parse_time(const char *s, int n, log_time *t) {
  int i = 19;
  memset(t, 0, sizeof *t);
  if (s == NULL || n < 19) return;
  t->present = 1;
  t->year = num(s, 4), t->month = num(s + 5, 2), t->day = num(s + 8, 2);
  t->hour = num(s + 11, 2), t->minute = num(s + 14, 2), t->second = num(s + 17, 2);
  if (i < n && s[i] == '.') {
    int d = 0;
    uint32_t v = 0;
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++) v = v * 10 + (uint32_t)(s[i] - '0');
    t->frac_digits = d;
    for (; d < 9; d++) v *= 10;
    t->nanos = v;
  }
  if (i == n)
    t->local = 1;
  else if (s[i] == 'Z')
    t->has_offset = 0;
  else {
    t->has_offset = 1;
    t->offset_minutes = (num(s + i + 1, 2) * 60 + num(s + i + 4, 2)) * (s[i] == '-' ? -1 : 1);
  }
}

log_reader *log_reader_open(const log_reader_options *o, size_t path_len, char *err, size_t errsz) {
  log_reader *r = calloc(1, sizeof *r);
  char *e = NULL;
  sqlite3_stmt *check;
  (void)path_len;
  if (!r) return NULL;
  snprintf(r->path, sizeof r->path, "%s", strcmp(o->path, "-") == 0 ? "/dev/stdin" : o->path);
  if (strcmp(r->path, "/dev/stdin") == 0) { /* spooled, to know its head */
    char buf[65536];
    size_t n;
    int fd;
    snprintf(r->spool, sizeof r->spool, "/tmp/import_shim.XXXXXX");
    fd = mkstemp(r->spool);
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
      if (write(fd, buf, n) != (ssize_t)n) break;
    close(fd);
    snprintf(r->path, sizeof r->path, "%s", r->spool);
  }
  r->skip = o->skip_lines;
  r->fd = -1;
  sqlite3_open(":memory:", &r->db);
  sqlite3_httplog_init(r->db, &e, NULL);
  sqlite3_free(e);
  if (o->format) {
    sqlite3_prepare_v2(r->db, "SELECT count(*) FROM http_log('/dev/null', ?1)", -1, &check, NULL);
    sqlite3_bind_text(check, 1, o->format, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(check) != SQLITE_ROW) {
      snprintf(err, errsz, "%s", sqlite3_errmsg(r->db));
      sqlite3_finalize(check);
      log_reader_close(r);
      return NULL;
    }
    sqlite3_finalize(check);
  }
  if (!r->is_stdin) {
    struct stat st;
    gzFile g;
    r->fd = open(r->path, O_RDONLY);
    if (r->fd < 0 || fstat(r->fd, &st) != 0) {
      snprintf(err, errsz, "cannot open '%s'", r->path);
      log_reader_close(r);
      return NULL;
    }
    r->size = st.st_size;
    g = gzopen(r->path, "rb");
    if (g) {
      int n = gzread(g, r->head, sizeof r->head);
      r->head_n = n > 0 ? (size_t)n : 0;
      r->gz = !gzdirect(g);
      gzclose(g);
    }
  }
  sqlite3_prepare_v2(r->db,
                     "SELECT time, time_utc, client, remote_user, method, path, query, protocol,"
                     " status, bytes, referrer, user_agent, host, port, duration, extra, format,"
                     " file, line, raw, error FROM http_log(?1, ?2)",
                     -1, &r->st, NULL);
  sqlite3_bind_text(r->st, 1, r->path, -1, SQLITE_STATIC);
  if (o->format) sqlite3_bind_text(r->st, 2, o->format, -1, SQLITE_TRANSIENT);
  return r;
}

static log_text col(sqlite3_stmt *st, int i) {
  log_text t;
  t.p = (const char *)sqlite3_column_text(st, i);
  t.n = t.p ? (size_t)sqlite3_column_bytes(st, i) : 0;
  return t;
}

enum log_reader_result log_reader_next(log_reader *r, log_row *row) {
  for (;;) {
    int rc = sqlite3_step(r->st);
    log_text raw, error;
    int64_t line;
    if (rc == SQLITE_DONE) return LOG_READER_END;
    if (rc != SQLITE_ROW) {
      snprintf(r->err, sizeof r->err, "%s", sqlite3_errmsg(r->db));
      return LOG_READER_FAIL;
    }
    line = sqlite3_column_int64(r->st, 18);
    raw.p = sqlite3_column_blob(r->st, 19);
    raw.n = (size_t)sqlite3_column_bytes(r->st, 19);
    memset(row, 0, sizeof *row);
    row->offset = r->offset;
    r->offset += raw.n + 1;
    if (!r->gz && !r->is_stdin && (int64_t)r->offset > r->size) r->offset--;
    row->end_offset = r->offset;
    if (r->is_stdin && r->head_n == 0) {
      r->head_n = raw.n + 1 < sizeof r->head ? raw.n + 1 : sizeof r->head;
      memcpy(r->head, raw.p, r->head_n - (r->head_n == raw.n + 1));
      if (r->head_n == raw.n + 1) r->head[raw.n] = '\n';
    }
    if (line <= r->skip) continue;
    memset(&r->rec, 0, sizeof r->rec);
    error = col(r->st, 20);
    row->kind = error.p ? LOG_ROW_ERROR : LOG_ROW_PARSED;
    row->rec = &r->rec;
    row->file = (const char *)sqlite3_column_text(r->st, 17);
    row->line = line;
    row->raw = raw.p ? raw.p : "";
    row->raw_n = raw.n;
    if (error.p) {
      r->rec.error = error;
      return LOG_READER_ROW;
    }
    {
      log_text t = col(r->st, 0);
      parse_time(t.p, (int)t.n, &r->rec.time);
    }
    r->rec.client = col(r->st, 2);
    r->rec.remote_user = col(r->st, 3);
    r->rec.method = col(r->st, 4);
    r->rec.path = col(r->st, 5);
    r->rec.query = col(r->st, 6);
    r->rec.protocol = col(r->st, 7);
    r->rec.has_status = sqlite3_column_type(r->st, 8) != SQLITE_NULL;
    r->rec.status = sqlite3_column_int64(r->st, 8);
    r->rec.has_bytes = sqlite3_column_type(r->st, 9) != SQLITE_NULL;
    r->rec.bytes = sqlite3_column_int64(r->st, 9);
    r->rec.referrer = col(r->st, 10);
    r->rec.user_agent = col(r->st, 11);
    r->rec.host = col(r->st, 12);
    r->rec.has_port = sqlite3_column_type(r->st, 13) != SQLITE_NULL;
    r->rec.port = sqlite3_column_int64(r->st, 13);
    r->rec.has_duration = sqlite3_column_type(r->st, 14) != SQLITE_NULL;
    r->rec.duration = sqlite3_column_double(r->st, 14);
    r->rec.extra = col(r->st, 15);
    {
      log_text f = col(r->st, 16);
      if (f.p && strcmp(f.p, r->format) != 0) snprintf(r->format, sizeof r->format, "%s", f.p);
      r->rec.format = f.p ? r->format : NULL;
    }
    return LOG_READER_ROW;
  }
}

const char *log_reader_error(const log_reader *r) { return r->err; }

void log_reader_close(log_reader *r) {
  if (!r) return;
  sqlite3_finalize(r->st);
  sqlite3_close(r->db);
  if (r->fd >= 0) close(r->fd);
  if (r->spool[0]) unlink(r->spool);
  free(r);
}

int log_reader_extra(log_reader *r, log_text *extra) {
  *extra = r->rec.extra;
  return 0;
}

const char *log_reader_format(const log_reader *r) { return r->format[0] ? r->format : NULL; }

void log_reader_current_file(const log_reader *r, log_reader_file *file) {
  file->name = r->path;
  file->fd = r->fd;
  file->codec = r->gz ? "gzip" : "plain";
  file->head = r->head;
  file->head_n = r->head_n;
}

void log_reader_stop_following(log_reader *r) { (void)r; }
