/*
** report_query.c: reads the input once, then runs each panel's query.
**
** The input (LOG files through http_log(), or the view log of a database
** written by the importer) is read by one statement per LOG, whose rows
** report_scan.c sums into these temp tables, the relations every panel
** query reads whatever the input:
**   log_minutes      (minute, status, requests, bytes, first, last)
**   log_clients      (client, requests, client_errors, server_errors)
**   log_error_paths  (path, status, requests): statuses 400 to 599
**   log_durations    (minute, status, duration, requests)
**   log_agents       (agents, status, requests): with http_agent_is_bot() only
**   rejects          (source_file, line, reason, raw): as the importer's view
** minute is the UTC time (the local time where the log gives no offset) cut
** to 'YYYY-MM-DD HH:MM'. Each query file defines the tables it reads as temp
** views over log with CREATE TEMP VIEW IF NOT EXISTS, so that it also runs
** alone on an importer's database; here the tables exist and the views are
** not made.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report.h"
#include "report_scan.h"
#include "report_sql.h"

int sqlite3_httpstatus_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);
int sqlite3_httplog_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

/* The panels' names, in enum panel's order: each is a query of report_sql.h. */
static const char *const panel_names[PANELS] = {
    "totals",    "over_time",           "codes",   "paths_4xx", "paths_5xx", "clients",
    "durations", "durations_over_time", "rejects", "bots"};

const struct report_query *report_queries(int *n) {
  *n = (int)(sizeof report_sql / sizeof *report_sql);
  return report_sql;
}

const struct report_query *report_query_named(const char *name) {
  int i, n;
  const struct report_query *q = report_queries(&n);
  for (i = 0; i < n; i++)
    if (strcmp(q[i].name, name) == 0) return &q[i];
  return NULL;
}

const struct report_query *report_query_of(enum panel p) {
  return report_query_named(panel_names[p]);
}

/* ---- tables of cells -------------------------------------------------------- */

int table_col(const struct table *t, const char *name) {
  int c;
  for (c = 0; c < t->ncol; c++)
    if (strcmp(t->names[c], name) == 0) return c;
  return -1;
}

const struct cell *table_cell(const struct table *t, int row, const char *name) {
  static const struct cell null_cell = {CELL_NULL, 0, 0, NULL};
  int c = table_col(t, name);
  if (c < 0 || row < 0 || row >= t->nrow) return &null_cell;
  return &t->cells[row * t->ncol + c];
}

sqlite3_int64 table_int(const struct table *t, int row, const char *name) {
  const struct cell *c = table_cell(t, row, name);
  return c->type == CELL_INT ? c->i : c->type == CELL_REAL ? (sqlite3_int64)c->r : 0;
}

double table_real(const struct table *t, int row, const char *name) {
  const struct cell *c = table_cell(t, row, name);
  return c->type == CELL_REAL ? c->r : c->type == CELL_INT ? (double)c->i : 0.0;
}

const char *table_text(const struct table *t, int row, const char *name) {
  const struct cell *c = table_cell(t, row, name);
  return c->type == CELL_TEXT ? c->text : "";
}

static void table_free(struct table *t) {
  int i;
  for (i = 0; i < t->ncol; i++) free(t->names[i]);
  for (i = 0; i < t->ncol * t->nrow; i++) free(t->cells[i].text);
  free(t->names);
  free(t->cells);
  memset(t, 0, sizeof *t);
}

/* A copy of text as valid UTF-8 without control characters: each invalid
** byte and each control character becomes U+FFFD, so that no writer can emit
** a terminal escape or invalid JSON from a log's bytes. */
static char *clean_text(const unsigned char *s, int n) {
  char *out = malloc((size_t)n * 3 + 1), *o = out;
  int i = 0;
  if (out == NULL) return NULL;
  while (i < n) {
    unsigned char c = s[i];
    int len = c < 0x80             ? 1
              : (c & 0xE0) == 0xC0 ? 2
              : (c & 0xF0) == 0xE0 ? 3
              : (c & 0xF8) == 0xF0 ? 4
                                   : 0;
    int k, ok = len > 0 && i + len <= n;
    for (k = 1; ok && k < len; k++) ok = (s[i + k] & 0xC0) == 0x80;
    if (ok && len == 2 && c < 0xC2) ok = 0;                      /* overlong */
    if (ok && len == 3 && c == 0xE0 && s[i + 1] < 0xA0) ok = 0;  /* overlong */
    if (ok && len == 3 && c == 0xED && s[i + 1] >= 0xA0) ok = 0; /* surrogate */
    if (ok && len == 4 &&
        (c > 0xF4 || (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90)))
      ok = 0;
    if (ok && len == 1 && (c < 0x20 || c == 0x7F)) ok = 0;
    if (ok && len == 2 && c == 0xC2 && s[i + 1] < 0xA0) ok = 0; /* C1 controls */
    if (!ok) {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    } else {
      memcpy(o, s + i, (size_t)len);
      o += len;
      i += len;
    }
  }
  *o = '\0';
  return out;
}

/* Steps st to its end, keeping every row in t. */
static int table_fill(sqlite3_stmt *st, struct table *t) {
  int rc, c, cap = 0;
  t->ncol = sqlite3_column_count(st);
  t->names = calloc((size_t)t->ncol + 1, sizeof *t->names);
  if (t->names == NULL) return SQLITE_NOMEM;
  for (c = 0; c < t->ncol; c++) {
    const char *name = sqlite3_column_name(st, c);
    t->names[c] = strdup(name ? name : "");
    if (t->names[c] == NULL) return SQLITE_NOMEM;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (t->nrow == cap) {
      struct cell *grown;
      cap = cap ? cap * 2 : 16;
      grown = realloc(t->cells, (size_t)cap * (size_t)t->ncol * sizeof *grown);
      if (grown == NULL) return SQLITE_NOMEM;
      t->cells = grown;
    }
    for (c = 0; c < t->ncol; c++) {
      struct cell *cell = &t->cells[t->nrow * t->ncol + c];
      memset(cell, 0, sizeof *cell);
      switch (sqlite3_column_type(st, c)) {
      case SQLITE_INTEGER: cell->type = CELL_INT, cell->i = sqlite3_column_int64(st, c); break;
      case SQLITE_FLOAT: cell->type = CELL_REAL, cell->r = sqlite3_column_double(st, c); break;
      case SQLITE_NULL: break;
      default: {
        const unsigned char *text = sqlite3_column_text(st, c);
        if (text == NULL) return SQLITE_NOMEM;
        cell->type = CELL_TEXT;
        cell->text = clean_text(text, sqlite3_column_bytes(st, c));
        if (cell->text == NULL) return SQLITE_NOMEM;
      }
      }
    }
    t->nrow++;
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---- the connection ------------------------------------------------------------ */

static int fail(struct report *r, const char *what) {
  fprintf(stderr, REPORT_NAME ": %s: %s\n", what, sqlite3_errmsg(r->db));
  return 1;
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Called by SQLite every few thousand steps: past a second, and on a
** terminal, says on standard error what is being read and for how long. */
static int progress(void *arg) {
  struct report *r = arg;
  double elapsed = now_seconds() - r->started;
  char n[32];
  if (elapsed >= 1.0 && (int)elapsed > r->progress_shown && r->reading) {
    fprintf(stderr, "\r\033[K" REPORT_NAME ": %s: %s lines, %d s", r->reading,
            fmt_count(r->requests + r->rejected, n, sizeof n), (int)elapsed);
    r->progress_shown = (int)elapsed;
  }
  return 0;
}

static void progress_done(struct report *r) {
  if (r->progress_shown) fprintf(stderr, "\r\033[K");
  r->progress_shown = 0;
}

/* report_parsed(): counts a parsed line before the filters; returns 1. */
static void parsed_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct report *r = sqlite3_user_data(ctx);
  (void)argc, (void)argv;
  r->parsed++;
  sqlite3_result_int(ctx, 1);
}

static int exec(struct report *r, const char *sql) {
  return sqlite3_exec(r->db, sql, NULL, NULL, NULL);
}

/* Runs sql (one row, one column) with text parameters a and b into out. */
static int one_text(struct report *r, const char *sql, const char *a, const char *b, char *out,
                    size_t size) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
  out[0] = '\0';
  if (rc != SQLITE_OK) return rc;
  if (sqlite3_bind_parameter_count(st) >= 1) rc = sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_count(st) >= 2)
    rc = sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    snprintf(out, size, "%s", v ? v : "");
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

/* The UTC time --since or --until stands for, into out: a span back from
** --now (90s, 30m, 24h, 7d, 2w) or anything SQLite's datetime() reads.
** Returns 0, or 1 after printing why. */
static int resolve_time(struct report *r, const char *option, const char *text, char *out,
                        size_t size) {
  size_t digits = strspn(text, "0123456789");
  char now[32];
  if (one_text(r, "SELECT datetime(?1)", r->opt.now ? r->opt.now : "now", NULL, now, sizeof now) !=
      SQLITE_OK)
    return fail(r, option);
  if (!now[0]) {
    fprintf(stderr, REPORT_NAME ": --now '%s' is not a time\n", r->opt.now);
    return 1;
  }
  if (digits > 0 && digits < 10 && text[digits] && strchr("smhdw", text[digits]) &&
      text[digits + 1] == '\0') {
    static const long long units[] = {1, 60, 3600, 86400, 604800};
    char shift[64];
    long long n = atoll(text);
    snprintf(shift, sizeof shift, "-%lld seconds",
             n * units[strchr("smhdw", text[digits]) - "smhdw"]);
    if (one_text(r, "SELECT datetime(?1, ?2)", now, shift, out, size) != SQLITE_OK)
      return fail(r, option);
  } else if (one_text(r, "SELECT datetime(?1)", text, NULL, out, size) != SQLITE_OK) {
    return fail(r, option);
  }
  if (!out[0]) {
    fprintf(stderr,
            REPORT_NAME
            ": %s '%s' is not a time: give a date and time such as 2015-05-17, "
            "'2015-05-17 10:00' or 2015-05-17T10:00:00+02:00, or a span such as 24h or 7d\n",
            option, text);
    return 1;
  }
  return 0;
}

static int has_glob(const char *s) { return strpbrk(s, "*?[") != NULL; }

/* The WHERE condition of the filters, with parameters :since, :until, :host,
** :path and :status; "1" without a filter. */
static void filter_sql(const struct report *r, char *out, size_t size) {
  const struct report_options *o = &r->opt;
  size_t n;
  snprintf(out, size, "%s", r->filtered ? "report_parsed()" : "1");
  n = strlen(out);
  if (o->since)
    n += (size_t)snprintf(out + n, size - n, " AND coalesce(time_utc, datetime(time)) >= :since");
  if (o->until)
    n += (size_t)snprintf(out + n, size - n, " AND coalesce(time_utc, datetime(time)) < :until");
  if (o->host)
    n += (size_t)snprintf(out + n, size - n, "%s",
                          has_glob(o->host) ? " AND lower(host) GLOB lower(:host)"
                                            : " AND host = :host COLLATE NOCASE");
  if (o->path)
    n += (size_t)snprintf(out + n, size - n, "%s",
                          has_glob(o->path) ? " AND path GLOB :path"
                                            : " AND substr(path, 1, length(:path)) = :path");
  if (o->status) snprintf(out + n, size - n, " AND http_status_match(status, :status)");
}

static int bind_filters(const struct report *r, sqlite3_stmt *st) {
  const char *names[] = {":since", ":until", ":host", ":path", ":status"};
  const char *values[] = {r->opt.since ? r->since : NULL, r->opt.until ? r->until : NULL,
                          r->opt.host, r->opt.path, r->opt.status};
  int i, rc = SQLITE_OK;
  for (i = 0; i < 5 && rc == SQLITE_OK; i++) {
    int at = sqlite3_bind_parameter_index(st, names[i]);
    if (at > 0) rc = sqlite3_bind_text(st, at, values[i], -1, SQLITE_STATIC);
  }
  return rc;
}

/* Prepares sql, binds ?1 and ?2 to a and b when it has them and the filters,
** and gives its rows to the scan. Returns 0, or 1 after printing why. */
static int scan_input(struct report *r, struct scan *scan, const char *sql, const char *a,
                      const char *b, const char *label) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(r->db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return fail(r, label);
  if (sqlite3_bind_parameter_index(st, "?1") > 0)
    rc = sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_index(st, "?2") > 0)
    rc = sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = bind_filters(r, st);
  r->reading = label;
  if (rc == SQLITE_OK) rc = report_scan_rows(scan, st, &r->requests, &r->rejected);
  progress_done(r);
  r->reading = NULL;
  sqlite3_finalize(st);
  if (rc != SQLITE_OK) return fail(r, label);
  return 0;
}

static int open_db(struct report *r) {
  char *err = NULL;
  int rc;
  if (r->opt.db) {
    if (access(r->opt.db, R_OK) != 0) {
      fprintf(stderr, REPORT_NAME ": cannot read the database %s\n", r->opt.db);
      return 1;
    }
    rc = sqlite3_open_v2(r->opt.db, &r->db, SQLITE_OPEN_READONLY, NULL);
  } else {
    rc = sqlite3_open(":memory:", &r->db);
  }
  if (rc != SQLITE_OK) return fail(r, r->opt.db ? r->opt.db : "opening SQLite");
  rc = sqlite3_httpstatus_init(r->db, &err, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_httplog_init(r->db, &err, NULL);
  if (err) {
    fprintf(stderr, REPORT_NAME ": %s\n", err);
    sqlite3_free(err);
    return 1;
  }
  /* The temp tables live in a file whose cache is bounded: memory stays
  ** flat however long the log, and the operating system caches the file. */
  if (rc == SQLITE_OK) rc = exec(r, "PRAGMA temp_store = FILE");
  if (rc == SQLITE_OK) rc = exec(r, "PRAGMA temp.cache_size = -16384");
  if (rc == SQLITE_OK) rc = exec(r, "PRAGMA busy_timeout = 30000");
  if (rc == SQLITE_OK)
    rc =
        sqlite3_create_function(r->db, "report_parsed", 0, SQLITE_UTF8, r, parsed_func, NULL, NULL);
  if (rc != SQLITE_OK) return fail(r, r->opt.db ? r->opt.db : "setting up SQLite");
  return 0;
}

/* Checks the options that SQLite reads before any input is: times, the status pattern. */
static int check_filters(struct report *r) {
  char scratch[8];
  if (r->opt.since && resolve_time(r, "--since", r->opt.since, r->since, sizeof r->since)) return 1;
  if (r->opt.until && resolve_time(r, "--until", r->opt.until, r->until, sizeof r->until)) return 1;
  if (r->opt.status && one_text(r, "SELECT http_status_match(200, ?1)", r->opt.status, NULL,
                                scratch, sizeof scratch)) {
    fprintf(stderr, REPORT_NAME ": --status: %s\n", sqlite3_errmsg(r->db));
    return 1;
  }
  r->filtered = r->opt.since || r->opt.until || r->opt.host || r->opt.path || r->opt.status;
  return 0;
}

/* Whether --db has the importer's views log and rejects; says why not. */
static int has_importer_views(struct report *r) {
  char n[8];
  if (one_text(r,
               "SELECT count(*) FROM main.sqlite_master WHERE name IN ('log', 'rejects') "
               "AND type IN ('view', 'table')",
               NULL, NULL, n, sizeof n) != SQLITE_OK) {
    fail(r, r->opt.db);
    return 0;
  }
  if (strcmp(n, "2") != 0) {
    fprintf(stderr,
            REPORT_NAME ": %s has no log and rejects to read: give a database written by "
                        "httpstatus-import, or the log files themselves\n",
            r->opt.db);
    return 0;
  }
  return 1;
}

static const char temp_tables_sql[] =
    "CREATE TEMP TABLE log_minutes (minute TEXT, status INTEGER, requests INTEGER, "
    "bytes INTEGER, first TEXT, last TEXT);"
    "CREATE TEMP TABLE log_clients (client TEXT, requests INTEGER, client_errors INTEGER, "
    "server_errors INTEGER);"
    "CREATE TEMP TABLE log_error_paths (path TEXT, status INTEGER, requests INTEGER);"
    "CREATE TEMP TABLE log_durations (minute TEXT, status INTEGER, duration REAL, "
    "requests INTEGER);"
    "CREATE TEMP TABLE log_agents (agents TEXT, status INTEGER, requests INTEGER);"
    "CREATE TEMP TABLE rejects (source_file TEXT, line INTEGER, reason TEXT, raw BLOB)";

/* The columns report_scan.h lists, from http_log() or the view log. */
#define SCAN_COLUMNS                                                                               \
  "SELECT coalesce(time_utc, datetime(time)), client, path, status, bytes, duration, %s, "
#define AGENTS_SQL                                                                                 \
  "CASE WHEN user_agent IS NULL THEN 'unknown' WHEN http_agent_is_bot(user_agent) "                \
  "THEN 'bots' ELSE 'people' END"

int report_load(struct report *r) {
  char filters[600], sql[1400];
  const char *agents;
  struct scan *scan;
  int i, status = 0;
  sqlite3_stmt *st;
  if (open_db(r) || check_filters(r)) return 1;
  r->has_bots =
      sqlite3_prepare_v2(
          r->db,
          "SELECT 1 FROM pragma_function_list WHERE name = 'http_agent_is_bot' AND narg IN (1, -1)",
          -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  agents = r->has_bots ? AGENTS_SQL : "NULL";
  if (exec(r, temp_tables_sql) != SQLITE_OK) return fail(r, "creating the temp tables");
  filter_sql(r, filters, sizeof filters);
  r->started = now_seconds();
  if (isatty(2)) sqlite3_progress_handler(r->db, 100000, progress, r);
  if (exec(r, "BEGIN") != SQLITE_OK) return fail(r, "BEGIN");
  scan = report_scan_open(r->db);
  if (scan == NULL) return fail(r, "starting the pass");
  if (r->opt.db && !has_importer_views(r)) {
    status = 1;
  } else if (r->opt.db) {
    snprintf(sql, sizeof sql, SCAN_COLUMNS "NULL, NULL, NULL, NULL FROM main.log WHERE %s", agents,
             filters);
    status = scan_input(r, scan, sql, NULL, NULL, r->opt.db);
    if (!status &&
        exec(r, "INSERT INTO temp.rejects SELECT source_file, line, reason, raw FROM main.rejects"))
      status = fail(r, "reading the rejects");
    if (!status) r->rejected = sqlite3_changes(r->db);
  } else {
    /* raw is asked for only on error rows, so that the others are not copied. */
    snprintf(sql, sizeof sql,
             SCAN_COLUMNS "file, line, error, CASE WHEN error IS NOT NULL THEN raw END "
                          "FROM http_log(?1, ?2) WHERE error IS NOT NULL OR (%s)",
             agents, filters);
    for (i = 0; i < r->opt.nlogs && !status; i++) {
      const char *log = strcmp(r->opt.logs[i], "-") == 0 ? "/dev/stdin" : r->opt.logs[i];
      status = scan_input(r, scan, sql, log, r->opt.format, r->opt.logs[i]);
    }
  }
  if (report_scan_close(status ? NULL : r->db, scan) != SQLITE_OK && !status)
    status = fail(r, "summing the input");
  if (status) return 1;
  if (exec(r, "COMMIT") != SQLITE_OK) return fail(r, "COMMIT");
  if (!r->filtered) r->parsed = r->requests;
  return 0;
}

/* Runs every statement of a query file; the rows of the last go to t. */
static int run_file(struct report *r, const char *sql, struct table *t) {
  const char *tail = sql;
  int rc = SQLITE_OK;
  while (rc == SQLITE_OK && *tail) {
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(r->db, tail, -1, &st, &tail);
    if (rc != SQLITE_OK || st == NULL) break; /* an error, or only comments left */
    table_free(t);
    rc = table_fill(st, t);
    sqlite3_finalize(st);
  }
  return rc;
}

int report_run(struct report *r) {
  int p;
  for (p = 0; p < PANELS; p++) {
    const struct report_query *q = report_query_of((enum panel)p);
    int rc;
    if (p == PANEL_BOTS && !r->has_bots) continue;
    if ((p == PANEL_DURATIONS || p == PANEL_DURATIONS_OVER_TIME) && r->ran[PANEL_TOTALS] &&
        table_int(&r->panel[PANEL_TOTALS], 0, "timed") == 0)
      continue;
    if (q == NULL) {
      fprintf(stderr, REPORT_NAME ": no query named %s was compiled in\n", panel_names[p]);
      return 1;
    }
    r->reading = "computing the report";
    rc = run_file(r, q->sql, &r->panel[p]);
    progress_done(r);
    r->reading = NULL;
    if (rc != SQLITE_OK) return fail(r, q->file);
    r->ran[p] = 1;
  }
  sqlite3_progress_handler(r->db, 0, NULL, NULL);
  return 0;
}

void report_close(struct report *r) {
  int p;
  for (p = 0; p < PANELS; p++) table_free(&r->panel[p]);
  sqlite3_close(r->db);
  free(r->opt.logs);
}

const char *report_notice(const struct report *r, char *buf, size_t size) {
  char a[32], b[32];
  if (r->requests > 0) return NULL;
  if (r->parsed == 0 && r->rejected == 0)
    snprintf(buf, size, "The input has no lines: there is nothing to report.");
  else if (r->parsed == 0)
    snprintf(buf, size,
             "No line parsed: all %s lines were rejected (the first reasons are below). "
             "Give the format with --format if it was not detected.",
             fmt_count(r->rejected, a, sizeof a));
  else
    snprintf(buf, size, "No request matches the filters (%s lines parsed, %s rejected).",
             fmt_count(r->parsed, a, sizeof a), fmt_count(r->rejected, b, sizeof b));
  return buf;
}

const char *report_bucket(const struct report *r) {
  if (!r->ran[PANEL_OVER_TIME] || r->panel[PANEL_OVER_TIME].nrow == 0) return "";
  return table_text(&r->panel[PANEL_OVER_TIME], 0, "bucket");
}
