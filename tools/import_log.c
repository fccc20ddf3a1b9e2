/*
** import_log.c: imports an Apache/NGINX access log into a SQLite database.
**
**   tools/import_log DB LOG [NAME]
**
** LOG is a file (gzip-compressed when its name ends in .gz, read through
** "gzip -dc") or "-" for standard input. NAME (default: LOG without its
** directories and .gz) is stored in the column source_file; importing a NAME
** again replaces its rows in one transaction, so importing the same file twice
** leaves the database as after the first time. Prints
** "NAME: N lines, I imported, R rejected" and exits 0 when the import ran,
** whatever the number of rejects.
**
** Formats: "common" (%h %l %u %t "%r" %>s %b) and "combined" (common plus
** "%{Referer}i" "%{User-Agent}i"); what follows the user agent (NGINX setups
** often append "$http_x_forwarded_for") is kept in the column extra. Quoted
** fields end at the first quote that is not escaped by a backslash. A line
** that does not parse goes to the table rejects with its number, the reason
** and its text, so nothing is dropped silently.
*/
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS log (\n"
    "  source_file TEXT NOT NULL,  -- the name the log was imported under\n"
    "  line INTEGER NOT NULL,      -- 1-based line number in that file\n"
    "  time TEXT NOT NULL,         -- ISO-8601 with the log's offset: 2015-05-17T10:05:03+00:00\n"
    "  time_utc TEXT NOT NULL,     -- the same instant in UTC: 2015-05-17 10:05:03\n"
    "  client TEXT NOT NULL,       -- %h\n"
    "  remote_user TEXT,           -- %u, NULL for -\n"
    "  request TEXT NOT NULL,      -- %r as logged\n"
    "  method TEXT,                -- GET; NULL when the request has no space\n"
    "  path TEXT,                  -- as logged, not decoded\n"
    "  protocol TEXT,              -- HTTP/1.1; NULL when the request does not end in one\n"
    "  status INTEGER NOT NULL,    -- %>s, three digits\n"
    "  bytes INTEGER NOT NULL,     -- %b; - (no body) is 0\n"
    "  referrer TEXT,              -- NULL in common format; - kept as logged\n"
    "  user_agent TEXT,            -- NULL in common format\n"
    "  extra TEXT,                 -- what follows the user agent; NULL when nothing does\n"
    "  PRIMARY KEY (source_file, line)\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS rejects (\n"
    "  source_file TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL,\n"
    "  reason TEXT NOT NULL,       -- the first check the line failed\n"
    "  raw TEXT NOT NULL,          -- the line without its line ending\n"
    "  PRIMARY KEY (source_file, line)\n"
    ");\n";

/* Parameter numbers of insert_log_sql, in the order of its columns. */
enum {
  F_SOURCE = 1,
  F_LINE,
  F_TIME,
  F_TIME_UTC,
  F_CLIENT,
  F_REMOTE_USER,
  F_REQUEST,
  F_METHOD,
  F_PATH,
  F_PROTOCOL,
  F_STATUS,
  F_BYTES,
  F_REFERRER,
  F_USER_AGENT,
  F_EXTRA
};

static const char insert_log_sql[] =
    "INSERT INTO log (source_file, line, time, time_utc, client, remote_user, request, method,"
    " path, protocol, status, bytes, referrer, user_agent, extra)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
static const char insert_reject_sql[] =
    "INSERT INTO rejects (source_file, line, reason, raw) VALUES (?1, ?2, ?3, ?4)";

/* A piece of the line being parsed; ptr is NULL for SQL NULL. */
struct piece {
  const char *ptr;
  size_t len;
};

struct entry {
  char time[64], time_utc[64];
  struct piece client, remote_user, request, method, path, protocol, referrer, user_agent, extra;
  int status;
  sqlite3_int64 bytes;
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int digits(const char *s, int n) {
  int v = 0, i;
  for (i = 0; i < n; i++) {
    if (!is_digit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method). */
static long days_from_civil(long y, long m, long d) {
  long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d) {
  long era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

/* Reads "17/May/2015:10:05:03 +0000" (26 bytes) into ISO-8601 and UTC text. */
static int parse_time(const char *t, struct entry *e) {
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  int day = digits(t, 2), year = digits(t + 7, 4), hour = digits(t + 12, 2);
  int minute = digits(t + 15, 2), second = digits(t + 18, 2), oh = digits(t + 22, 2);
  int om = digits(t + 24, 2), month = 0, sign, i;
  long y, m, d;
  sqlite3_int64 secs;
  for (i = 0; i < 12; i++)
    if (memcmp(t + 3, months + 3 * i, 3) == 0) month = i + 1;
  if (t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':' || t[20] != ' ' ||
      (t[21] != '+' && t[21] != '-'))
    return 0;
  if (month == 0 || day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59 || oh < 0 || oh > 23 || om < 0 || om > 59)
    return 0;
  sign = t[21] == '-' ? -1 : 1;
  snprintf(e->time, sizeof e->time, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month, day,
           hour, minute, second, t[21], oh, om);
  secs = (sqlite3_int64)days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
         second - sign * (oh * 3600 + om * 60);
  civil_from_days((long)((secs - ((secs % 86400) + 86400) % 86400) / 86400), &y, &m, &d);
  secs = ((secs % 86400) + 86400) % 86400;
  if (y < 0 || y > 9999) return 0;
  snprintf(e->time_utc, sizeof e->time_utc, "%04ld-%02ld-%02ld %02d:%02d:%02d", y, m, d,
           (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
  return 1;
}

/*
** The index of the quote that closes a quoted field whose text starts at
** from, skipping quotes escaped by a backslash; -1 when there is none.
*/
static long closing_quote(const char *s, size_t len, size_t from) {
  size_t i;
  for (i = from; i < len; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '"')
      return (long)i;
  }
  return -1;
}

static struct piece piece(const char *s, size_t from, size_t to) {
  struct piece p;
  p.ptr = s + from;
  p.len = to - from;
  return p;
}

/* Splits the request line "GET /path HTTP/1.1" into method, path and protocol. */
static void split_request(struct entry *e) {
  const char *r = e->request.ptr;
  size_t n = e->request.len, sp = 0, end = n;
  static const struct piece none = {NULL, 0};
  e->method = e->path = e->protocol = none;
  if (n >= 9 && memcmp(r + n - 9, " HTTP/", 6) == 0) {
    e->protocol = piece(r, n - 8, n);
    end = n - 9;
  }
  while (sp < n && r[sp] != ' ') sp++;
  if (sp == n || sp > end) return;
  if (sp > 0) e->method = piece(r, 0, sp);
  e->path = piece(r, sp + 1, end > sp + 1 ? end : sp + 1);
}

/* Parses one line; returns NULL when it is an entry, else the reason it is not. */
static const char *parse_line(const char *s, size_t len, struct entry *e) {
  size_t lb, i, sp;
  long q, rq, uq;
  static const struct piece none = {NULL, 0};
  if (len == 0) return "empty line";
  for (lb = 0; lb + 1 < len && !(s[lb] == ' ' && s[lb + 1] == '['); lb++) continue;
  if (lb == 0 || lb + 31 > len || memcmp(s + lb + 28, "] \"", 3) != 0)
    return "no [time] followed by a quoted request";
  if (!parse_time(s + lb + 2, e)) return "bad time";

  /* client ident user */
  for (i = 0; i < lb && s[i] != ' '; i++) continue;
  e->client = piece(s, 0, i);
  e->remote_user = none;
  if (i < lb) {
    for (i++; i < lb && s[i] != ' '; i++) continue;
    if (i < lb && !(lb - i - 1 == 1 && s[i + 1] == '-')) e->remote_user = piece(s, i + 1, lb);
  }

  q = closing_quote(s, len, lb + 31);
  if (q < 0 || (size_t)q + 1 >= len || s[q + 1] != ' ') return "request not closed by a quote";
  e->request = piece(s, lb + 31, (size_t)q);
  split_request(e);

  if ((size_t)q + 6 > len || (e->status = digits(s + q + 2, 3)) < 0 || s[q + 5] != ' ')
    return "status is not three digits followed by bytes";
  for (sp = (size_t)q + 6; sp < len && s[sp] != ' '; sp++) continue;
  if (sp - (size_t)q - 6 == 1 && s[q + 6] == '-') {
    e->bytes = 0;
  } else {
    if (sp == (size_t)q + 6 || sp - (size_t)q - 6 > 18) return "bytes is not a number or -";
    e->bytes = 0;
    for (i = (size_t)q + 6; i < sp; i++) {
      if (!is_digit(s[i])) return "bytes is not a number or -";
      e->bytes = e->bytes * 10 + (s[i] - '0');
    }
  }

  e->referrer = e->user_agent = e->extra = none;
  if (sp == len) return NULL; /* common format */
  if (sp + 1 >= len || s[sp + 1] != '"') return "referrer not quoted";
  rq = closing_quote(s, len, sp + 2);
  if (rq < 0 || (size_t)rq + 2 >= len || s[rq + 1] != ' ' || s[rq + 2] != '"')
    return "referrer not quoted";
  uq = closing_quote(s, len, (size_t)rq + 3);
  if (uq < 0 || ((size_t)uq + 1 < len && s[uq + 1] != ' ')) return "user agent not quoted";
  e->referrer = piece(s, sp + 2, (size_t)rq);
  e->user_agent = piece(s, (size_t)rq + 3, (size_t)uq);
  if ((size_t)uq + 1 < len) e->extra = piece(s, (size_t)uq + 2, len);
  return NULL;
}

static int bind_piece(sqlite3_stmt *stmt, int column, struct piece p) {
  if (p.ptr == NULL) return sqlite3_bind_null(stmt, column);
  return sqlite3_bind_text(stmt, column, p.ptr, (int)p.len, SQLITE_STATIC);
}

/* Inserts one parsed entry; returns an SQLite result code. */
static int insert_entry(sqlite3_stmt *stmt, sqlite3_int64 line, const struct entry *e) {
  int rc = sqlite3_bind_int64(stmt, F_LINE, line);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, F_TIME, e->time, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, F_TIME_UTC, e->time_utc, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_CLIENT, e->client);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_REMOTE_USER, e->remote_user);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_REQUEST, e->request);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_METHOD, e->method);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_PATH, e->path);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_PROTOCOL, e->protocol);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(stmt, F_STATUS, e->status);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(stmt, F_BYTES, e->bytes);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_REFERRER, e->referrer);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_USER_AGENT, e->user_agent);
  if (rc == SQLITE_OK) rc = bind_piece(stmt, F_EXTRA, e->extra);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_reset(stmt);
  return rc;
}

static int insert_reject(sqlite3_stmt *stmt, sqlite3_int64 line, const char *reason, const char *s,
                         size_t len) {
  int rc = sqlite3_bind_int64(stmt, 2, line);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(stmt, 4, s, (int)len, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_reset(stmt);
  return rc;
}

/* Deletes what an earlier import of this name left. */
static int forget_source(sqlite3 *db, const char *name) {
  static const char *const sql[] = {"DELETE FROM log WHERE source_file = ?1",
                                    "DELETE FROM rejects WHERE source_file = ?1"};
  int rc = SQLITE_OK, i;
  for (i = 0; i < 2 && rc == SQLITE_OK; i++) {
    sqlite3_stmt *stmt;
    rc = sqlite3_prepare_v2(db, sql[i], -1, &stmt, NULL);
    if (rc != SQLITE_OK) break;
    rc = sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_finalize(stmt);
  }
  return rc;
}

/* Opens LOG: "-" is standard input, *.gz goes through gzip -dc. */
static FILE *open_log(const char *path, int *piped) {
  size_t n = strlen(path), i;
  *piped = 0;
  if (strcmp(path, "-") == 0) return stdin;
  if (n > 3 && strcmp(path + n - 3, ".gz") == 0) {
    /* Single-quote the path for the shell: ' becomes '\''. */
    char *cmd = malloc(4 * n + 32), *c;
    FILE *f;
    if (cmd == NULL) return NULL;
    c = cmd + sprintf(cmd, "gzip -dc -- '");
    for (i = 0; i < n; i++) {
      if (path[i] == '\'') {
        memcpy(c, "'\\''", 4);
        c += 4;
      } else {
        *c++ = path[i];
      }
    }
    strcpy(c, "'");
    f = popen(cmd, "r");
    free(cmd);
    *piped = 1;
    return f;
  }
  return fopen(path, "rb");
}

/* The default NAME: LOG without its directories and .gz. */
static char *default_name(const char *path) {
  const char *base = strrchr(path, '/');
  size_t n;
  char *name;
  base = base ? base + 1 : path;
  n = strlen(base);
  if (n > 3 && strcmp(base + n - 3, ".gz") == 0) n -= 3;
  name = malloc(n + 1);
  if (name) {
    memcpy(name, base, n);
    name[n] = '\0';
  }
  return name;
}

int main(int argc, char **argv) {
  sqlite3 *db = NULL;
  sqlite3_stmt *ins_log = NULL, *ins_reject = NULL;
  char *name, *buf = NULL;
  size_t cap = 0;
  ssize_t got;
  sqlite3_int64 lines = 0, imported = 0, rejected = 0;
  struct entry e;
  FILE *in;
  int piped, rc, status = 0;

  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s DB LOG [NAME]\n", argv[0]);
    return 2;
  }
  name = argc == 4 ? strdup(argv[3]) : default_name(strcmp(argv[2], "-") ? argv[2] : "stdin");
  in = open_log(argv[2], &piped);
  if (name == NULL || in == NULL) {
    fprintf(stderr, "httpstatus: cannot read %s\n", argv[2]);
    return 1;
  }
  rc = sqlite3_open(argv[1], &db);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, schema, NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = forget_source(db, name);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, insert_log_sql, -1, &ins_log, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, insert_reject_sql, -1, &ins_reject, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(ins_log, F_SOURCE, name, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(ins_reject, 1, name, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (got = getline(&buf, &cap, in)) >= 0) {
    size_t len = (size_t)got;
    const char *reason;
    lines++;
    if (len > 0 && buf[len - 1] == '\n') len--;
    if (len > 0 && buf[len - 1] == '\r') len--;
    reason = parse_line(buf, len, &e);
    if (reason == NULL) {
      rc = insert_entry(ins_log, lines, &e);
      imported++;
    } else {
      rc = insert_reject(ins_reject, lines, reason, buf, len);
      rejected++;
    }
  }
  if (rc == SQLITE_OK && ferror(in)) {
    fprintf(stderr, "httpstatus: error reading %s\n", argv[2]);
    status = 1;
  }
  if (piped) {
    if (pclose(in) != 0 && status == 0) {
      fprintf(stderr, "httpstatus: gzip -dc failed on %s\n", argv[2]);
      status = 1;
    }
  } else if (in != stdin) {
    fclose(in);
  }
  if (rc == SQLITE_OK && status == 0) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    fprintf(stderr, "httpstatus: import of %s failed at line %lld: %s\n", argv[2], lines,
            sqlite3_errmsg(db));
    status = 1;
  }
  sqlite3_finalize(ins_log);
  sqlite3_finalize(ins_reject);
  if (status == 0)
    printf("%s: %lld lines, %lld imported, %lld rejected\n", name, lines, imported, rejected);
  sqlite3_close(db);
  free(buf);
  free(name);
  return status;
}
