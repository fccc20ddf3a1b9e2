/* log_vtab.c: the table-valued function http_log(input [, format]).
 *
 * Only maps the reader's rows (log_reader.h) to columns: every line of the
 * files the input names is a row, parsed, or an error row whose error says
 * why and whose raw keeps the bytes.
 *
 * Eponymous only, and SQLITE_VTAB_DIRECTONLY: it reads files, so it must
 * not run from a view or trigger of a database schema the application did
 * not write (docs/logs.md).
 */
#include "log_vtab.h"

#include <sqlite3ext.h>
#include <string.h>

#include "log_reader.h"
#include "log_target.h"
#include "log_time.h"

SQLITE_EXTENSION_INIT3

/* The columns, once: the enum and the schema both come from this list.
 * The hidden arguments come first among the hidden columns (SQLite binds a
 * table-valued function's arguments to them in order), and are named so
 * that a join with http_status (code, name, class, source, ...) needs no
 * qualifier. */
#define LOG_COLUMNS(X)                                                                             \
  X(TIME, time, "TEXT")                                                                            \
  X(TIME_UTC, time_utc, "TEXT")                                                                    \
  X(CLIENT, client, "TEXT")                                                                        \
  X(REMOTE_USER, remote_user, "TEXT")                                                              \
  X(METHOD, method, "TEXT")                                                                        \
  X(PATH, path, "TEXT")                                                                            \
  X(QUERY, query, "TEXT")                                                                          \
  X(PROTOCOL, protocol, "TEXT")                                                                    \
  X(STATUS, status, "INTEGER")                                                                     \
  X(BYTES, bytes, "INTEGER")                                                                       \
  X(REFERRER, referrer, "TEXT")                                                                    \
  X(USER_AGENT, user_agent, "TEXT")                                                                \
  X(HOST, host, "TEXT")                                                                            \
  X(PORT, port, "INTEGER")                                                                         \
  X(DURATION, duration, "REAL")                                                                    \
  X(EXTRA, extra, "TEXT")                                                                          \
  X(FORMAT, format, "TEXT")                                                                        \
  X(ARG_INPUT, input, "HIDDEN")                                                                    \
  X(ARG_FORMAT, input_format, "HIDDEN")                                                            \
  X(FILE, file, "TEXT HIDDEN")                                                                     \
  X(LINE, line, "INTEGER HIDDEN")                                                                  \
  X(RAW, raw, "BLOB HIDDEN")                                                                       \
  X(ERROR, error, "TEXT HIDDEN")

#define COLUMN_ENUM(id, name, decl) COL_##id,
enum log_column { LOG_COLUMNS(COLUMN_ENUM) COLUMN_COUNT };
#define COLUMN_DECL(id, name, decl) ", " #name " " decl
/* ", time TEXT, ..." : the schema is "CREATE TABLE x(" this + 2 ")" */
static const char column_decls[] = LOG_COLUMNS(COLUMN_DECL);

typedef struct log_cursor {
  sqlite3_vtab_cursor base;
  log_reader *reader;
  log_row row;
  char *input, *input_format; /* the arguments as given */
  sqlite3_int64 rowid;
  int eof;
} log_cursor;

typedef struct log_vtab {
  sqlite3_vtab base;
  sqlite3 *db; /* asked whether the scan was interrupted (scan_interrupted) */
} log_vtab;

/* This method is called to connect to the eponymous table: it declares the
 * columns and that the table may only be used directly. */
static int log_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **vtab, char **errmsg) {
  char *schema = sqlite3_mprintf("CREATE TABLE x(%s)", column_decls + 2);
  log_vtab *table;
  int rc;
  (void)aux;
  (void)argc;
  (void)argv;
  (void)errmsg;
  if (!schema) return SQLITE_NOMEM;
  rc = sqlite3_declare_vtab(db, schema);
  sqlite3_free(schema);
  if (rc == SQLITE_OK) rc = sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  if (rc != SQLITE_OK) return rc;
  if (!(table = sqlite3_malloc(sizeof *table))) return SQLITE_NOMEM;
  memset(table, 0, sizeof *table);
  table->db = db;
  *vtab = &table->base;
  return SQLITE_OK;
}

static int log_disconnect(sqlite3_vtab *vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}

/* The log_record.wanted bits of the columns in colUsed (bit i: column i). */
static unsigned wanted_columns(sqlite3_uint64 used) {
  static const unsigned char target[COLUMN_COUNT] = {
      [COL_TIME] = LOG_TARGET_TIME,         [COL_TIME_UTC] = LOG_TARGET_TIME,
      [COL_CLIENT] = LOG_TARGET_CLIENT,     [COL_REMOTE_USER] = LOG_TARGET_REMOTE_USER,
      [COL_METHOD] = LOG_TARGET_METHOD,     [COL_PATH] = LOG_TARGET_PATH,
      [COL_QUERY] = LOG_TARGET_QUERY,       [COL_PROTOCOL] = LOG_TARGET_PROTOCOL,
      [COL_STATUS] = LOG_TARGET_STATUS,     [COL_BYTES] = LOG_TARGET_BYTES,
      [COL_REFERRER] = LOG_TARGET_REFERRER, [COL_USER_AGENT] = LOG_TARGET_USER_AGENT,
      [COL_HOST] = LOG_TARGET_HOST,         [COL_PORT] = LOG_TARGET_PORT,
      [COL_DURATION] = LOG_TARGET_DURATION, [COL_EXTRA] = LOG_TARGET_EXTRA,
      [COL_FORMAT] = LOG_TARGET_COUNT,      [COL_ARG_INPUT] = LOG_TARGET_COUNT,
      [COL_ARG_FORMAT] = LOG_TARGET_COUNT,  [COL_FILE] = LOG_TARGET_COUNT,
      [COL_LINE] = LOG_TARGET_COUNT,        [COL_RAW] = LOG_TARGET_COUNT,
      [COL_ERROR] = LOG_TARGET_COUNT};
  unsigned wanted = 0;
  int i;
  for (i = 0; i < COLUMN_COUNT; i++)
    if ((used >> i & 1) && target[i] != LOG_TARGET_COUNT) wanted |= LOG_WANT(target[i]);
  return wanted;
}

/* The names of the targets in wanted, as "client,status": idxStr. NULL
 * when out of memory. */
static char *wanted_names(unsigned wanted) {
  char names[256];
  size_t n = 0;
  int t;
  for (t = 0; t < LOG_TARGET_COUNT; t++)
    if (wanted & LOG_WANT(t)) {
      const char *name = log_target_name((enum log_target)t);
      size_t k = strlen(name);
      if (n + k + 2 > sizeof names) break; /* cannot happen: 15 short names */
      if (n) names[n++] = ',';
      memcpy(names + n, name, k);
      n += k;
    }
  names[n] = 0;
  return sqlite3_mprintf("%s", names);
}

/* wanted_names() read back. */
static unsigned wanted_of_names(const char *names) {
  unsigned wanted = 0;
  while (*names) {
    size_t k = strcspn(names, ",");
    int t = log_target_find(names, k);
    if (t >= 0) wanted |= LOG_WANT(t);
    names += k;
    if (*names == ',') names++;
  }
  return wanted;
}

/* This method is called to cost one plan of an http_log() scan: SQLite
 * calls it several times per query, with subsets of the WHERE terms (each
 * branch of an OR, each join order), and picks the cheapest plan.
 *
 * idxNum bits, and argv of xFilter in this order:
 *   1  input = ?          argv[0], the path or glob (required to scan)
 *   2  input_format = ?   argv[1] (only with bit 1: input is first)
 * idxStr names what the statement reads (wanted_names()), so that the
 * parsers can leave out the rest: "status" for SELECT status, count(*) ...
 * GROUP BY 1, as EXPLAIN QUERY PLAN shows (INDEX 1:status).
 * When the input constraint is present but unusable in this plan, the
 * plan is refused with SQLITE_CONSTRAINT. When this call has no input
 * constraint at all, it is not an error here (an OR branch or a join order
 * being costed may lack it): the plan gets idxNum 0 and a cost so large
 * that the planner takes it only when no plan has the input, and xFilter
 * then names the missing argument. */
static int log_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info) {
  int i, input = -1, format = -1, input_seen = 0;
  (void)vtab;
  for (i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn == COL_ARG_INPUT) {
      input_seen = 1;
      if (c->usable && c->op == SQLITE_INDEX_CONSTRAINT_EQ) input = i;
    } else if (c->iColumn == COL_ARG_FORMAT && c->usable && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
      format = i;
    }
  }
  if (input < 0) {
    if (input_seen) return SQLITE_CONSTRAINT;
    info->idxNum = 0;
    info->estimatedCost = 1e99;
    info->estimatedRows = 2147483647;
    return SQLITE_OK;
  }
  info->aConstraintUsage[input].argvIndex = 1;
  info->aConstraintUsage[input].omit = 1;
  info->idxNum = 1;
  if (!(info->idxStr = wanted_names(wanted_columns(info->colUsed)))) return SQLITE_NOMEM;
  info->needToFreeIdxStr = 1;
  if (format >= 0) {
    info->aConstraintUsage[format].argvIndex = 2;
    info->aConstraintUsage[format].omit = 1;
    info->idxNum |= 2;
  }
  /* a scan of a file: expensive, and the planner must not repeat it */
  info->estimatedCost = 1e9;
  info->estimatedRows = 1000000;
  return SQLITE_OK;
}

static int log_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cursor) {
  log_cursor *c = sqlite3_malloc(sizeof *c);
  (void)vtab;
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *cursor = &c->base;
  return SQLITE_OK;
}

/* Forgets the previous scan. */
static void log_reset(log_cursor *c) {
  log_reader_close(c->reader);
  c->reader = NULL;
  sqlite3_free(c->input);
  sqlite3_free(c->input_format);
  c->input = c->input_format = NULL;
  c->eof = 1;
}

static int log_close(sqlite3_vtab_cursor *cursor) {
  log_cursor *c = (log_cursor *)cursor;
  log_reset(c);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* Fails the statement with "httplog: <message>". */
static int fail(log_cursor *c, const char *message) {
  sqlite3_vtab *vtab = c->base.pVtab;
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = sqlite3_mprintf("httplog: %s", message);
  return vtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

/* Whether sqlite3_interrupt() was called on the connection during the scan
 * (Ctrl-C in the shell, Connection.interrupt() in Python): asked while a FIFO
 * waits for its writer. A statement started while another one of the same
 * connection is interrupted fails with SQLITE_INTERRUPT, as sqlite3_interrupt()
 * documents; this works on every SQLite, where sqlite3_is_interrupted() needs
 * 3.41. The progress handler is not run during the wait. */
static int scan_interrupted(void *arg) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2((sqlite3 *)arg, "SELECT 1", -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
  }
  return rc == SQLITE_INTERRUPT;
}

/* Moves to the next row, or sets eof. */
static int next_row(log_cursor *c) {
  switch (log_reader_next(c->reader, &c->row)) {
  case LOG_READER_ROW: c->rowid++; return SQLITE_OK;
  case LOG_READER_FAIL: return fail(c, log_reader_error(c->reader));
  case LOG_READER_END:
  case LOG_READER_WAIT: break; /* WAIT: only when following, which this table never asks */
  }
  c->eof = 1;
  return SQLITE_OK;
}

/* This method is called to start a scan: argv as log_best_index says. */
static int log_filter(sqlite3_vtab_cursor *cursor, int idxNum, const char *idxStr, int argc,
                      sqlite3_value **argv) {
  log_cursor *c = (log_cursor *)cursor;
  log_reader_options options;
  const char *input;
  char err[1024];
  (void)idxStr;
  log_reset(c);
  c->rowid = 0;
  if (!(idxNum & 1) || argc < 1)
    return fail(c, "http_log() needs a path, e.g. SELECT * FROM http_log('access.log')");
  if (!(input = (const char *)sqlite3_value_text(argv[0]))) {
    if (sqlite3_value_type(argv[0]) != SQLITE_NULL) return SQLITE_NOMEM;
    return fail(c, "the path is NULL");
  }
  memset(&options, 0, sizeof options);
  options.path = input;
  options.path_mode = LOG_PATH_AUTO;
  options.stop = scan_interrupted;
  options.stop_arg = ((log_vtab *)c->base.pVtab)->db;
  options.wanted = idxStr ? LOG_WANT_GIVEN | wanted_of_names(idxStr) : 0;
  if ((idxNum & 2) && argc >= 2) {
    options.format = (const char *)sqlite3_value_text(argv[1]);
    if (!options.format && sqlite3_value_type(argv[1]) != SQLITE_NULL) return SQLITE_NOMEM;
  }
  c->input = sqlite3_mprintf("%s", input);
  c->input_format = options.format ? sqlite3_mprintf("%s", options.format) : NULL;
  if (!c->input || (options.format && !c->input_format)) return SQLITE_NOMEM;
  c->reader = log_reader_open(&options, (size_t)sqlite3_value_bytes(argv[0]), err, sizeof err);
  if (!c->reader) return fail(c, err);
  c->eof = 0;
  return next_row(c);
}

static int log_next(sqlite3_vtab_cursor *cursor) { return next_row((log_cursor *)cursor); }

static int log_eof(sqlite3_vtab_cursor *cursor) { return ((log_cursor *)cursor)->eof; }

static void result_text(sqlite3_context *ctx, const log_text *t) {
  if (t->p) sqlite3_result_text(ctx, t->p, (int)t->n, SQLITE_TRANSIENT);
}

static void result_int(sqlite3_context *ctx, int has, sqlite3_int64 v) {
  if (has) sqlite3_result_int64(ctx, v);
}

/* This method is called for each column a query reads of the current row;
 * no column is computed before it is asked for (extra, above all). */
static int log_column(sqlite3_vtab_cursor *cursor, sqlite3_context *ctx, int column) {
  log_cursor *c = (log_cursor *)cursor;
  const log_row *row = &c->row;
  const log_record *r = row->rec;
  char buf[LOG_TIME_TEXT_MAX];
  log_text extra;
  size_t n;
  switch ((enum log_column)column) {
  case COL_TIME:
    if (r->time.present) {
      n = log_time_format_local(&r->time, buf);
      sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
    }
    break;
  case COL_TIME_UTC:
    if (r->time.present && (n = log_time_format_utc(&r->time, buf)) > 0)
      sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
    break;
  case COL_CLIENT: result_text(ctx, &r->client); break;
  case COL_REMOTE_USER: result_text(ctx, &r->remote_user); break;
  case COL_METHOD: result_text(ctx, &r->method); break;
  case COL_PATH: result_text(ctx, &r->path); break;
  case COL_QUERY: result_text(ctx, &r->query); break;
  case COL_PROTOCOL: result_text(ctx, &r->protocol); break;
  case COL_STATUS: result_int(ctx, r->has_status, r->status); break;
  case COL_BYTES: result_int(ctx, r->has_bytes, r->bytes); break;
  case COL_REFERRER: result_text(ctx, &r->referrer); break;
  case COL_USER_AGENT: result_text(ctx, &r->user_agent); break;
  case COL_HOST: result_text(ctx, &r->host); break;
  case COL_PORT: result_int(ctx, r->has_port, r->port); break;
  case COL_DURATION:
    if (r->has_duration) sqlite3_result_double(ctx, r->duration);
    break;
  case COL_EXTRA:
    if (log_reader_extra(c->reader, &extra) != 0) return SQLITE_NOMEM;
    result_text(ctx, &extra);
    break;
  case COL_FORMAT:
    if (r->format) sqlite3_result_text(ctx, r->format, -1, SQLITE_TRANSIENT);
    break;
  case COL_ARG_INPUT: sqlite3_result_text(ctx, c->input, -1, SQLITE_TRANSIENT); break;
  case COL_ARG_FORMAT:
    if (c->input_format) sqlite3_result_text(ctx, c->input_format, -1, SQLITE_TRANSIENT);
    break;
  case COL_FILE: sqlite3_result_text(ctx, row->file, -1, SQLITE_TRANSIENT); break;
  case COL_LINE: sqlite3_result_int64(ctx, row->line); break;
  case COL_RAW:
    if (row->raw)
      sqlite3_result_blob(ctx, row->raw_n ? row->raw : "", (int)row->raw_n, SQLITE_TRANSIENT);
    break;
  case COL_ERROR: result_text(ctx, &r->error); break;
  case COLUMN_COUNT: break;
  }
  return SQLITE_OK;
}

static int log_rowid(sqlite3_vtab_cursor *cursor, sqlite_int64 *rowid) {
  *rowid = ((log_cursor *)cursor)->rowid;
  return SQLITE_OK;
}

static const sqlite3_module log_module = {
    .iVersion = 0,
    .xCreate = 0, /* eponymous only */
    .xConnect = log_connect,
    .xBestIndex = log_best_index,
    .xDisconnect = log_disconnect,
    .xDestroy = 0,
    .xOpen = log_open,
    .xClose = log_close,
    .xFilter = log_filter,
    .xNext = log_next,
    .xEof = log_eof,
    .xColumn = log_column,
    .xRowid = log_rowid,
};

int log_vtab_register(sqlite3 *db) {
  return sqlite3_create_module(db, "http_log", &log_module, NULL);
}
