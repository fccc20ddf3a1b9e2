/*
** import_log.c: imports access logs into a SQLite database through http_log().
**
**   import_log [--format F] [--name NAME] [--replace] [--follow] [--timeout S] DB LOG...
**
** Each LOG (a path, or - for standard input; plain or compressed; a glob
** stands for each file it matches) is read by http_log(LOG, F) in one
** INSERT ... SELECT: parsed lines go to the
** view log, lines that do not parse to the view rejects, with the reason and
** the line's bytes (tools/import_schema.h has the tables behind them).
**
** NAME (default: LOG as given) says where the rows came from (source_file).
** Importing the same file under the same NAME again replaces its rows; a NAME
** already imported from another file is refused unless --replace is given.
** Prints "NAME: N lines, I imported, R rejected, format F" per LOG and exits
** 1 when a LOG yields no parsed line (its format was not detected, say: then
** nothing of it is stored), 2 on a usage error.
**
** The database is in WAL mode, so reports can run during an import, and a
** locked database is waited on for --timeout seconds (default 30).
** --follow (one plain LOG) imports the file, then keeps importing the lines
** appended to it, each batch visible within a second, until SIGINT or
** SIGTERM; a file that shrinks or is replaced is read again from its start,
** its lines numbered on after those before.
**
** http_log() is compiled in (ext/log/, -DSQLITE_CORE): no extension to load.
*/
#define _XOPEN_SOURCE 700
#include <sqlite3.h>

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import_intern.h"
#include "log_time.h"
#include "import_schema.h"

int sqlite3_httplog_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

/* The dictionaries of import_intern(kind, text): kind is the index. */
enum { KIND_AGENT, KIND_REFERRER, KIND_FORMAT, KINDS };
static const char *const kind_load_sql[KINDS] = {
    "SELECT id, user_agent FROM user_agents WHERE id > ?1",
    "SELECT id, referrer FROM referrers WHERE id > ?1",
    "SELECT id, format FROM formats WHERE id > ?1"};
static const char *const kind_insert_sql[KINDS] = {
    "INSERT INTO user_agents (id, user_agent) VALUES (?1, ?2)",
    "INSERT INTO referrers (id, referrer) VALUES (?1, ?2)",
    "INSERT INTO formats (id, format) VALUES (?1, ?2)"};

struct importer {
  sqlite3 *db;
  intern_table dict[KINDS];
  sqlite3_stmt *dict_insert[KINDS], *reject_insert, *rows_insert;
  sqlite3_int64 rejected; /* error rows of the statement running */
  const char *format;     /* --format, or NULL */
  int replace;
};

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

/* ---- time: the three stored parts of http_log()'s time column -------- */

static int num(const unsigned char *s, int n) {
  int v = 0, i;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* The parts of "YYYY-MM-DDTHH:MM:SS[.fff][+HH:MM|-HH:MM|Z]", as http_log()
 * writes time: returns 0 when s does not have that shape. */
struct iso_time {
  sqlite3_int64 local;       /* seconds since the epoch, as if the local time were UTC */
  int zone;                  /* 0 none, 1 Z, 2 an offset */
  int offset;                /* minutes east of UTC */
  const unsigned char *frac; /* ".fff" or NULL */
  int frac_len;
};

static int iso_time_parse(const unsigned char *s, int n, struct iso_time *t) {
  int y, mo, d, h, mi, se, i = 19;
  if (n < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
    return 0;
  y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
  h = num(s + 11, 2), mi = num(s + 14, 2), se = num(s + 17, 2);
  if (y < 0 || mo < 1 || d < 1 || h < 0 || mi < 0 || se < 0) return 0;
  t->local = log_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  t->frac = NULL, t->frac_len = 0;
  if (i < n && s[i] == '.') {
    t->frac = s + i;
    for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    }
    t->frac_len = (int)(s + i - t->frac);
  }
  t->zone = 0, t->offset = 0;
  if (i == n) return 1;
  if (s[i] == 'Z' && i + 1 == n) return t->zone = 1;
  if ((s[i] == '+' || s[i] == '-') && i + 6 == n && s[i + 3] == ':') {
    int oh = num(s + i + 1, 2), om = num(s + i + 4, 2);
    if (oh < 0 || om < 0) return 0;
    t->offset = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
    return t->zone = 2;
  }
  return 0;
}

/* part: 0 the UTC seconds (local seconds without an offset), 1 the zone
 * (minutes, 'Z' or NULL), 2 the fraction (".fff" or NULL). NULL in, NULL out;
 * a time of another shape is an error, so that nothing is stored wrong. */
static void time_part(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int part = *(int *)sqlite3_user_data(ctx);
  const unsigned char *s = sqlite3_value_text(argv[0]);
  struct iso_time t;
  (void)argc;
  if (s == NULL) return;
  if (!iso_time_parse(s, sqlite3_value_bytes(argv[0]), &t)) {
    sqlite3_result_error(ctx, "import_log: http_log() gave a time of an unknown shape", -1);
    return;
  }
  if (part == 0) {
    sqlite3_result_int64(ctx, t.local - (sqlite3_int64)t.offset * 60);
  } else if (part == 1) {
    if (t.zone == 2) sqlite3_result_int(ctx, t.offset);
    if (t.zone == 1) sqlite3_result_text(ctx, "Z", 1, SQLITE_STATIC);
  } else if (t.frac) {
    sqlite3_result_text(ctx, (const char *)t.frac, t.frac_len, SQLITE_TRANSIENT);
  }
}

/* ---- import_intern(kind, text) and import_reject(id, reason, raw) ----- */

/* The id of text in the dictionary of kind, adding it (and its row) when new. */
static void intern_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct importer *im = sqlite3_user_data(ctx);
  int kind = sqlite3_value_int(argv[0]);
  const char *text = (const char *)sqlite3_value_text(argv[1]);
  size_t len = (size_t)sqlite3_value_bytes(argv[1]);
  sqlite3_int64 id;
  (void)argc;
  if (text == NULL) return;
  id = intern_find(&im->dict[kind], text, len);
  if (id == 0) {
    sqlite3_stmt *ins = im->dict_insert[kind];
    int rc;
    id = im->dict[kind].max_id + 1;
    rc = sqlite3_bind_int64(ins, 1, id);
    if (rc == SQLITE_OK) rc = sqlite3_bind_text(ins, 2, text, (int)len, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc != SQLITE_DONE) {
      sqlite3_result_error(ctx, sqlite3_errmsg(im->db), -1);
      return;
    }
    if (intern_add(&im->dict[kind], text, len, id) != 0) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  sqlite3_result_int64(ctx, id);
}

/* Stores an error row in reject_rows; returns 0 so that the row is not
 * inserted into log_rows. */
static void reject_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct importer *im = sqlite3_user_data(ctx);
  sqlite3_stmt *ins = im->reject_insert;
  int rc;
  (void)argc;
  rc = sqlite3_bind_value(ins, 1, argv[0]);
  if (rc == SQLITE_OK) rc = sqlite3_bind_value(ins, 2, argv[1]);
  if (rc == SQLITE_OK) rc = sqlite3_bind_value(ins, 3, argv[2]);
  if (rc == SQLITE_OK) rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  if (rc != SQLITE_DONE) {
    sqlite3_result_error(ctx, sqlite3_errmsg(im->db), -1);
    return;
  }
  im->rejected++;
  sqlite3_result_int(ctx, 0);
}

/* Brings the dictionaries up to date with their tables (another importer
 * may have added to them since the last transaction). */
static int dict_reload(struct importer *im) {
  int kind, rc = SQLITE_OK;
  for (kind = 0; kind < KINDS && rc == SQLITE_OK; kind++) {
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(im->db, kind_load_sql[kind], -1, &st, NULL);
    if (rc != SQLITE_OK) break;
    rc = sqlite3_bind_int64(st, 1, im->dict[kind].max_id);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      rc = SQLITE_OK;
      if (intern_add(&im->dict[kind], (const char *)sqlite3_column_text(st, 1),
                     (size_t)sqlite3_column_bytes(st, 1), sqlite3_column_int64(st, 0)) != 0)
        rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(st);
  }
  return rc;
}

/* ---- the database ------------------------------------------------------ */

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* Refuses a database written by the importer before http_log(), whose log
 * is a table: its rows would not be readable through the new views. */
static int check_old_schema(sqlite3 *db) {
  sqlite3_stmt *st;
  int old = 0,
      rc = sqlite3_prepare_v2(
          db, "SELECT 1 FROM sqlite_master WHERE name = 'log' AND type = 'table'", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  old = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (old) {
    fprintf(stderr,
            "import_log: %s has a table log written by an older import_log; "
            "import into a new database\n",
            sqlite3_db_filename(db, "main"));
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

static int importer_open(struct importer *im, const char *path, int timeout_s) {
  static int parts[3] = {0, 1, 2};
  static const char *const part_names[3] = {"import_epoch", "import_zone", "import_frac"};
  char *err = NULL;
  int rc, i;
  rc = sqlite3_open(path, &im->db);
  if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(im->db, timeout_s * 1000);
  if (rc == SQLITE_OK) rc = sqlite3_httplog_init(im->db, &err, NULL);
  if (err) {
    fprintf(stderr, "import_log: %s\n", err);
    sqlite3_free(err);
  }
  if (rc == SQLITE_OK) rc = exec(im->db, "PRAGMA journal_mode = WAL");
  if (rc == SQLITE_OK) rc = exec(im->db, "PRAGMA cache_size = -65536");
  if (rc == SQLITE_OK) rc = check_old_schema(im->db);
  if (rc == SQLITE_OK) rc = exec(im->db, import_schema_sql);
  for (i = 0; i < 3 && rc == SQLITE_OK; i++)
    rc = sqlite3_create_function(im->db, part_names[i], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                 &parts[i], time_part, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(im->db, "import_intern", 2, SQLITE_UTF8, im, intern_func, NULL,
                                 NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(im->db, "import_reject", 3, SQLITE_UTF8, im, reject_func, NULL,
                                 NULL);
  for (i = 0; i < KINDS && rc == SQLITE_OK; i++)
    rc = sqlite3_prepare_v2(im->db, kind_insert_sql[i], -1, &im->dict_insert[i], NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(im->db, "INSERT INTO reject_rows (id, reason, raw) VALUES (?1, ?2, ?3)",
                            -1, &im->reject_insert, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(im->db, import_rows_sql, -1, &im->rows_insert, NULL);
  if (rc != SQLITE_OK && sqlite3_errcode(im->db) != SQLITE_OK)
    fprintf(stderr, "import_log: %s: %s\n", path, sqlite3_errmsg(im->db));
  return rc;
}

static void importer_close(struct importer *im) {
  int i;
  for (i = 0; i < KINDS; i++) {
    sqlite3_finalize(im->dict_insert[i]);
    intern_free(&im->dict[i]);
  }
  sqlite3_finalize(im->reject_insert);
  sqlite3_finalize(im->rows_insert);
  sqlite3_close(im->db);
}

/* Runs sql with text parameters (NULL for SQL NULL) and an optional int64
 * result from its first row's first column. */
static int run(sqlite3 *db, const char *sql, const char *a, const char *b, sqlite3_int64 n,
               sqlite3_int64 *out) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  if (sqlite3_bind_parameter_count(st) >= 1) rc = sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) >= 2)
    rc = sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) >= 3) rc = sqlite3_bind_int64(st, 3, n);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && out) *out = sqlite3_column_int64(st, 0);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  return rc;
}

/* ---- one source ---------------------------------------------------------- */

struct source {
  const char *name, *file; /* file: what identifies it (absolute path or -) */
  const char *path;        /* what http_log() reads */
  sqlite3_int64 id;
  sqlite3_int64 lines, rows, rejected; /* totals so far */
  char format[256];                    /* detected or given; "" while unknown */
};

/* Claims NAME for this file in an open transaction: a new source, or the
 * same file again (its rows are replaced), or with --replace another file's.
 * Returns SQLITE_ERROR after printing why when NAME belongs to another file. */
static int source_claim(struct importer *im, struct source *src) {
  sqlite3_stmt *st;
  int rc =
      sqlite3_prepare_v2(im->db, "SELECT id, file FROM sources WHERE name = ?1", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_bind_text(st, 1, src->name, -1, SQLITE_STATIC);
  src->id = 0;
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *file = (const char *)sqlite3_column_text(st, 1);
    src->id = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
    if (strcmp(file, src->file) != 0 && !im->replace) {
      fprintf(stderr,
              "import_log: NAME '%s' was imported from '%s', not from '%s'; give another "
              "--name, or --replace to replace those rows\n",
              src->name, file, src->file);
      rc = SQLITE_ERROR;
    }
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) return rc;
  if (src->id) {
    sqlite3_int64 lo = src->id * ((sqlite3_int64)1 << 40);
    char sql[200];
    snprintf(sql, sizeof sql, "DELETE FROM log_rows WHERE id > %lld AND id < %lld", (long long)lo,
             (long long)(lo + ((sqlite3_int64)1 << 40)));
    rc = exec(im->db, sql);
    if (rc == SQLITE_OK) {
      snprintf(sql, sizeof sql, "DELETE FROM reject_rows WHERE id > %lld AND id < %lld",
               (long long)lo, (long long)(lo + ((sqlite3_int64)1 << 40)));
      rc = exec(im->db, sql);
    }
    if (rc == SQLITE_OK)
      rc = run(im->db,
               "UPDATE sources SET file = ?1, format = NULL, lines = 0, rows = 0, "
               "rejected = 0 WHERE id = ?3",
               src->file, NULL, src->id, NULL);
  } else {
    rc = run(im->db, "INSERT INTO sources (name, file) VALUES (?1, ?2)", src->name, src->file, 0,
             NULL);
    src->id = sqlite3_last_insert_rowid(im->db);
  }
  return rc;
}

/* Imports path (the whole file, or a chunk of a followed one that comes
 * after `before` lines) in the open transaction, adding to src's counts;
 * learns the format from the first parsed row. */
static int import_rows(struct importer *im, struct source *src, const char *path,
                       sqlite3_int64 before) {
  sqlite3_stmt *st = im->rows_insert;
  const char *format = src->format[0] ? src->format : im->format;
  sqlite3_int64 rows;
  int rc;
  im->rejected = 0;
  rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 3, src->id * ((sqlite3_int64)1 << 40) + before);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  rows = sqlite3_changes(im->db);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return rc;
  rc = SQLITE_OK;
  src->rows += rows;
  src->rejected += im->rejected;
  src->lines += rows + im->rejected;
  if (!src->format[0] && src->rows > 0) {
    sqlite3_stmt *f;
    rc =
        sqlite3_prepare_v2(im->db,
                           "SELECT f.format FROM log_rows AS r JOIN formats AS f ON f.id = r.format"
                           " WHERE r.id > ?1 * " LINE_SPAN " AND r.id < (?1 + 1) * " LINE_SPAN
                           " ORDER BY r.id LIMIT 1",
                           -1, &f, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_bind_int64(f, 1, src->id);
    if (rc == SQLITE_OK && sqlite3_step(f) == SQLITE_ROW && sqlite3_column_text(f, 0))
      snprintf(src->format, sizeof src->format, "%s", (const char *)sqlite3_column_text(f, 0));
    sqlite3_finalize(f);
  }
  return rc;
}

/* Writes src's counts and format to its row of sources. */
static int update_counts(struct importer *im, struct source *src) {
  char sql[300];
  int rc;
  snprintf(sql, sizeof sql,
           "UPDATE sources SET format = ?1, lines = %lld, rows = %lld, rejected = %lld, "
           "imported_at = datetime('now') WHERE id = ?3",
           (long long)src->lines, (long long)src->rows, (long long)src->rejected);
  rc = run(im->db, sql, src->format[0] ? src->format : NULL, NULL, src->id, NULL);
  return rc;
}

/* The first reason a line of this source was rejected, for the message
 * printed when nothing parsed. */
static void print_first_reject(struct importer *im, struct source *src) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(im->db,
                         "SELECT reason FROM reject_rows WHERE id > ?1 * " LINE_SPAN
                         " AND id < (?1 + 1) * " LINE_SPAN " ORDER BY id LIMIT 1",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64(st, 1, src->id);
  if (sqlite3_step(st) == SQLITE_ROW)
    fprintf(stderr, "import_log: %s: no line parsed; the first: %s\n", src->name,
            (const char *)sqlite3_column_text(st, 0));
  else
    fprintf(stderr, "import_log: %s: no line parsed (the file is empty)\n", src->name);
  sqlite3_finalize(st);
}

static void print_counts(const struct source *src) {
  printf("%s: %lld lines, %lld imported, %lld rejected, format %s\n", src->name,
         (long long)src->lines, (long long)src->rows, (long long)src->rejected,
         src->format[0] ? src->format : "not detected");
  fflush(stdout);
}

/* Imports one LOG in one transaction. Returns 0, or 1 after printing why. */
static int import_file(struct importer *im, struct source *src) {
  int rc = exec(im->db, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK) rc = source_claim(im, src);
  if (rc == SQLITE_OK) rc = dict_reload(im);
  if (rc == SQLITE_OK) rc = import_rows(im, src, src->path, 0);
  if (rc == SQLITE_OK) rc = update_counts(im, src);
  if (rc == SQLITE_OK && src->rows == 0) {
    print_first_reject(im, src);
    print_counts(src);
    exec(im->db, "ROLLBACK");
    return 1;
  }
  if (rc == SQLITE_OK) rc = exec(im->db, "COMMIT");
  if (rc != SQLITE_OK) {
    if (rc != SQLITE_ERROR || sqlite3_errcode(im->db) != SQLITE_OK)
      fprintf(stderr, "import_log: %s: %s\n", src->name, sqlite3_errmsg(im->db));
    exec(im->db, "ROLLBACK");
    return 1;
  }
  print_counts(src);
  return 0;
}

/* ---- --follow ------------------------------------------------------------ */

/* Copies the complete lines appended to path since *offset into chunk_path;
 * returns the number of lines copied (0: none yet), -1 on error. A file
 * smaller than *offset, or another file under the name, starts again at 0. */
static long copy_new_lines(const char *path, const char *chunk_path, long long *offset,
                           ino_t *inode) {
  static char buf[1 << 16];
  struct stat st;
  FILE *in, *out;
  long lines = 0;
  long long at, end_of_lines;
  if (stat(path, &st) != 0) return 0; /* rotated away for a moment: try again */
  if (st.st_ino != *inode || (long long)st.st_size < *offset) {
    if (*inode != 0)
      fprintf(stderr, "import_log: %s was truncated or replaced; reading it from the start\n",
              path);
    *inode = st.st_ino;
    *offset = 0;
  }
  if ((long long)st.st_size == *offset) return 0;
  in = fopen(path, "rb");
  if (in == NULL) return 0;
  out = fopen(chunk_path, "wb");
  if (out == NULL || fseeko(in, (off_t)*offset, SEEK_SET) != 0) {
    if (out) fclose(out);
    fclose(in);
    return -1;
  }
  at = end_of_lines = *offset;
  for (;;) {
    size_t n = fread(buf, 1, sizeof buf, in), i;
    if (n == 0) break;
    if (fwrite(buf, 1, n, out) != n) {
      lines = -1;
      break;
    }
    for (i = 0; i < n; i++)
      if (buf[i] == '\n') {
        lines++;
        end_of_lines = at + (long long)i + 1;
      }
    at += (long long)n;
  }
  fclose(in);
  /* An unfinished last line waits for its newline. */
  if (fflush(out) != 0 || ftruncate(fileno(out), (off_t)(end_of_lines - *offset)) != 0) lines = -1;
  fclose(out);
  if (lines > 0) *offset = end_of_lines;
  return lines;
}

static int is_compressed(const char *path) {
  unsigned char m[6] = {0};
  FILE *f = fopen(path, "rb");
  size_t n;
  if (f == NULL) return 0;
  n = fread(m, 1, sizeof m, f);
  fclose(f);
  return (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) || (n >= 3 && memcmp(m, "BZh", 3) == 0) ||
         (n >= 6 && memcmp(m,
                           "\xfd"
                           "7zXZ\0",
                           6) == 0) ||
         (n >= 4 && memcmp(m, "\x28\xb5\x2f\xfd", 4) == 0);
}

/* Imports path now and as it grows, until SIGINT/SIGTERM. */
static int follow_file(struct importer *im, struct source *src) {
  char chunk[] = "/tmp/import_log.XXXXXX";
  long long offset = 0;
  ino_t inode = 0;
  int fd, status = 0, claimed = 0;
  struct sigaction sa;
  if (is_compressed(src->path)) {
    fprintf(stderr, "import_log: --follow reads plain files; %s is compressed\n", src->path);
    return 1;
  }
  fd = mkstemp(chunk);
  if (fd < 0) {
    fprintf(stderr, "import_log: cannot create a temporary file: %s\n", strerror(errno));
    return 1;
  }
  close(fd);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  while (!stop_requested) {
    long lines = copy_new_lines(src->path, chunk, &offset, &inode);
    int rc = SQLITE_OK;
    if (lines < 0) {
      fprintf(stderr, "import_log: cannot copy the new lines of %s\n", src->path);
      status = 1;
      break;
    }
    if (lines > 0 || !claimed) {
      rc = exec(im->db, "BEGIN IMMEDIATE");
      if (rc == SQLITE_OK && !claimed) rc = source_claim(im, src);
      if (rc == SQLITE_OK) rc = dict_reload(im);
      if (rc == SQLITE_OK && lines > 0) rc = import_rows(im, src, chunk, src->lines);
      if (rc == SQLITE_OK) rc = update_counts(im, src);
      if (rc == SQLITE_OK) rc = exec(im->db, "COMMIT");
      if (rc != SQLITE_OK) {
        if (sqlite3_errcode(im->db) != SQLITE_OK)
          fprintf(stderr, "import_log: %s: %s\n", src->name, sqlite3_errmsg(im->db));
        exec(im->db, "ROLLBACK");
        status = 1;
        break;
      }
      claimed = 1;
      if (lines > 0) print_counts(src);
    }
    if (!stop_requested) {
      struct timespec pause = {0, 250 * 1000 * 1000};
      nanosleep(&pause, NULL);
    }
  }
  remove(chunk);
  return status;
}

/* ---- main ------------------------------------------------------------------ */

/* Imports (or follows) the file arg under name (NULL: arg itself). */
static int import_one(struct importer *im, const char *arg, const char *name, int follow) {
  struct source src;
  char *real = NULL;
  int status;
  memset(&src, 0, sizeof src);
  src.name = name ? name : arg;
  src.path = strcmp(arg, "-") == 0 ? "/dev/stdin" : arg;
  if (strcmp(arg, "-") == 0) {
    src.file = "-";
  } else {
    real = realpath(arg, NULL);
    src.file = real ? real : arg;
  }
  status = follow ? follow_file(im, &src) : import_file(im, &src);
  free(real);
  return status;
}

static int usage(const char *argv0) {
  fprintf(stderr,
          "usage: %s [--format F] [--name NAME] [--replace] [--follow] [--timeout SECONDS] DB "
          "LOG...\n",
          argv0);
  return 2;
}

int main(int argc, char **argv) {
  struct importer im;
  const char *name = NULL;
  int follow = 0, timeout_s = 30, i, status = 0;
  memset(&im, 0, sizeof im);
  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "--") == 0) {
      i++;
      break;
    } else if (strcmp(opt, "--replace") == 0) {
      im.replace = 1;
    } else if (strcmp(opt, "--follow") == 0) {
      follow = 1;
    } else if (i + 1 < argc && strcmp(opt, "--format") == 0) {
      im.format = argv[++i];
    } else if (i + 1 < argc && strcmp(opt, "--name") == 0) {
      name = argv[++i];
    } else if (i + 1 < argc && strcmp(opt, "--timeout") == 0) {
      timeout_s = atoi(argv[++i]);
    } else {
      fprintf(stderr, "import_log: unknown option %s\n", opt);
      return usage(argv[0]);
    }
  }
  if (argc - i < 2) return usage(argv[0]);
  if (name && argc - i > 2) {
    fprintf(stderr, "import_log: --name names one LOG; import the others separately\n");
    return 2;
  }
  if (follow && argc - i > 2) {
    fprintf(stderr, "import_log: --follow follows one LOG\n");
    return 2;
  }
  if (importer_open(&im, argv[i], timeout_s) != SQLITE_OK) {
    importer_close(&im);
    return 1;
  }
  for (i++; i < argc; i++) {
    /* A glob that is not itself a file name: each file it matches is a
     * source of its own (http_log() would number their lines alike). */
    glob_t g;
    struct stat st;
    size_t k;
    int globbed =
        strcmp(argv[i], "-") != 0 && stat(argv[i], &st) != 0 && glob(argv[i], 0, NULL, &g) == 0;
    if (globbed && name && g.gl_pathc > 1) {
      fprintf(stderr, "import_log: --name names one LOG; '%s' matches %lu files\n", argv[i],
              (unsigned long)g.gl_pathc);
      status = 1;
    } else {
      for (k = 0; k < (globbed ? g.gl_pathc : 1); k++) {
        const char *arg = globbed ? g.gl_pathv[k] : argv[i];
        if (import_one(&im, arg, name, follow)) status = 1;
      }
    }
    if (globbed) globfree(&g);
  }
  importer_close(&im);
  return status;
}
