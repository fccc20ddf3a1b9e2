/* log_vtab.c: the table-valued function http_log(path [, format]).
 *
 * One row per line of the files the path or glob names (log_input.c), read
 * in the format given or detected per file (log_detect.c), parsed by the
 * format's family into one log_record, returned as the columns below. A
 * line that does not parse is still a row: error says why, raw keeps its
 * bytes, file and line say where, every other column is NULL.
 *
 * Eponymous only, and SQLITE_VTAB_DIRECTONLY: it reads files, so it must
 * not run from a view or trigger of a database schema the application did
 * not write (docs/logs.md).
 */
#include "log_vtab.h"

#include <sqlite3ext.h>
#include <stdlib.h>
#include <string.h>

#include "log_detect.h"
#include "log_format_json.h"
#include "log_format_text.h"
#include "log_formats.h"
#include "log_input.h"
#include "log_text.h"
#include "log_time.h"

SQLITE_EXTENSION_INIT3

/* The columns, in enum log_column order (log_record.h). */
static const char log_schema[] =
    "CREATE TABLE x(time TEXT, time_utc TEXT, client TEXT, remote_user TEXT, method TEXT,"
    " path TEXT, query TEXT, protocol TEXT, status INTEGER, bytes INTEGER, referrer TEXT,"
    " user_agent TEXT, host TEXT, port INTEGER, duration REAL, extra TEXT, format TEXT,"
    " source HIDDEN, source_format HIDDEN,"
    " file TEXT HIDDEN, line INTEGER HIDDEN, raw BLOB HIDDEN, error TEXT HIDDEN)";

/* Lines kept for detection at the start of a file: LOG_DETECT_LINES
 * non-empty ones, and at most this many in all. */
#define DETECT_MAX_LINES 200

/* The file's format: a named one (>= 0), the custom string, or none. */
#define FORMAT_CUSTOM (-1)
#define FORMAT_NONE (-2)

typedef struct detect_line {
  size_t offset, n;
  int too_long;
} detect_line;

typedef struct log_cursor {
  sqlite3_vtab_cursor base;
  log_input *in;
  char *source, *source_format;    /* the arguments as given */
  char *format_name;               /* source_format as valid UTF-8 */
  char *file_name;                 /* the current file's name as valid UTF-8 */
  int automatic;                   /* no format given: detect per file */
  int fixed;                       /* the format given: named index or FORMAT_CUSTOM */
  void *custom;                    /* the custom format string's state */
  const log_family *custom_family; /* its family: text, or JSON for "json:..." */
  void **named;                    /* states of the named formats, opened on use */
  int current;                     /* this file's format */
  int file_open;
  /* the first lines of a file, kept while detecting, then replayed */
  char *kept;
  size_t kept_len, kept_cap;
  detect_line kept_lines[DETECT_MAX_LINES];
  int kept_n, kept_next;
  /* the row */
  sqlite3_int64 rowid, line_no;
  const char *line;
  size_t line_n;
  int read_error; /* the row reports that the file could not be read on */
  int eof;
  log_record rec;
  log_scratch scratch;
  log_scratch extra; /* the row's extra, written when the column is read */
} log_cursor;

static int log_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                       sqlite3_vtab **vtab, char **errmsg) {
  int rc;
  (void)aux;
  (void)argc;
  (void)argv;
  (void)errmsg;
  rc = sqlite3_declare_vtab(db, log_schema);
  if (rc == SQLITE_OK) rc = sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
  if (rc != SQLITE_OK) return rc;
  *vtab = sqlite3_malloc(sizeof **vtab);
  if (!*vtab) return SQLITE_NOMEM;
  memset(*vtab, 0, sizeof **vtab);
  return SQLITE_OK;
}

static int log_disconnect(sqlite3_vtab *vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}

/* This method is called to cost one plan of an http_log() scan: SQLite
 * calls it several times per query, with subsets of the WHERE terms (each
 * branch of an OR, each join order), and picks the cheapest plan.
 *
 * idxNum bits, and argv of xFilter in this order:
 *   1  source = ?         argv[0], the path or glob (required to scan)
 *   2  source_format = ?  argv[1] (only with bit 1: source is first)
 * When the source constraint is present but unusable in this plan, the
 * plan is refused with SQLITE_CONSTRAINT. When this call has no source
 * constraint at all, it is not an error here (an OR branch or a join order
 * being costed may lack it): the plan gets idxNum 0 and a cost so large
 * that the planner takes it only when no plan has the path, and xFilter
 * then names the missing argument. */
static int log_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info) {
  int i, source = -1, format = -1, source_seen = 0;
  (void)vtab;
  for (i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (c->iColumn == LOG_COL_ARG_PATH) {
      source_seen = 1;
      if (c->usable && c->op == SQLITE_INDEX_CONSTRAINT_EQ) source = i;
    } else if (c->iColumn == LOG_COL_ARG_FORMAT && c->usable &&
               c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
      format = i;
    }
  }
  if (source < 0) {
    if (source_seen) return SQLITE_CONSTRAINT;
    info->idxNum = 0;
    info->estimatedCost = 1e99;
    info->estimatedRows = 2147483647;
    return SQLITE_OK;
  }
  info->aConstraintUsage[source].argvIndex = 1;
  info->aConstraintUsage[source].omit = 1;
  info->idxNum = 1;
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
  c->named = sqlite3_malloc64(sizeof *c->named * (size_t)log_named_format_count);
  if (!c->named) {
    sqlite3_free(c);
    return SQLITE_NOMEM;
  }
  memset(c->named, 0, sizeof *c->named * (size_t)log_named_format_count);
  *cursor = &c->base;
  return SQLITE_OK;
}

/* Forgets the previous scan's input and formats. */
static void log_reset(log_cursor *c) {
  int i;
  log_input_close(c->in);
  c->in = NULL;
  for (i = 0; i < log_named_format_count; i++) {
    if (c->named[i]) log_named_formats[i].family->close(c->named[i]);
    c->named[i] = NULL;
  }
  if (c->custom) c->custom_family->close(c->custom);
  c->custom = NULL;
  c->custom_family = NULL;
  sqlite3_free(c->source);
  sqlite3_free(c->source_format);
  sqlite3_free(c->format_name);
  sqlite3_free(c->file_name);
  c->source = c->source_format = c->format_name = c->file_name = NULL;
  c->file_open = 0;
  c->kept_n = c->kept_next = 0;
  c->eof = 1;
}

static int log_close(sqlite3_vtab_cursor *cursor) {
  log_cursor *c = (log_cursor *)cursor;
  log_reset(c);
  sqlite3_free(c->named);
  sqlite3_free(c->kept);
  log_scratch_free(&c->scratch);
  log_scratch_free(&c->extra);
  sqlite3_free(c);
  return SQLITE_OK;
}

/* A copy of text with every byte that is not UTF-8 written as \xNN, for
 * names that reach text columns (format strings, file names). */
static char *valid_text_copy(log_cursor *c, const char *text) {
  size_t n = strlen(text);
  log_text t;
  if (log_scratch_begin(&c->scratch, n) != 0) return NULL;
  if (log_scratch_put_text(&c->scratch, text, n, &t) != 0) return NULL;
  return sqlite3_mprintf("%.*s", (int)t.n, t.p);
}

static int set_error(log_cursor *c, char *message) {
  sqlite3_vtab *vtab = c->base.pVtab;
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = message ? sqlite3_mprintf("httplog: %s", message) : NULL;
  free(message);
  return vtab->zErrMsg ? SQLITE_ERROR : SQLITE_NOMEM;
}

/* Opens the named format i for this scan. */
static int open_named(log_cursor *c, int i) {
  char *errmsg = NULL;
  if (c->named[i]) return SQLITE_OK;
  if (log_named_formats[i].family->open(log_named_formats[i].spec, &c->named[i], &errmsg)) {
    sqlite3_vtab *vtab = c->base.pVtab;
    sqlite3_free(vtab->zErrMsg);
    vtab->zErrMsg = errmsg ? errmsg : sqlite3_mprintf("httplog: out of memory");
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

static const log_family *family_of(const log_cursor *c, int format) {
  return format == FORMAT_CUSTOM ? c->custom_family : log_named_formats[format].family;
}

static void *state_of(const log_cursor *c, int format) {
  return format == FORMAT_CUSTOM ? c->custom : c->named[format];
}

/* Reads lines into kept[] until LOG_DETECT_LINES non-empty ones (or the
 * end, or DETECT_MAX_LINES) and picks the file's format from them. */
static int detect_format(log_cursor *c) {
  const char *lines[LOG_DETECT_LINES];
  size_t lens[LOG_DETECT_LINES];
  int nonempty = 0, i;
  c->kept_len = 0;
  c->kept_n = c->kept_next = 0;
  while (nonempty < LOG_DETECT_LINES && c->kept_n < DETECT_MAX_LINES) {
    const char *line;
    size_t n;
    int too_long;
    detect_line *d;
    if (log_input_read_line(c->in, &line, &n, &too_long) != LOG_READ_LINE) break;
    if (!c->kept || c->kept_cap - c->kept_len < n) {
      size_t cap = (c->kept_len + n) * 2 + 4096;
      char *p = sqlite3_realloc64(c->kept, cap);
      if (!p) return SQLITE_NOMEM;
      c->kept = p;
      c->kept_cap = cap;
    }
    memcpy(c->kept + c->kept_len, line, n);
    d = &c->kept_lines[c->kept_n++];
    d->offset = c->kept_len;
    d->n = n;
    d->too_long = too_long;
    c->kept_len += n;
    if (n > 0 && !too_long && !memchr(line, 0, n)) nonempty++;
  }
  nonempty = 0;
  for (i = 0; i < c->kept_n; i++) {
    const detect_line *d = &c->kept_lines[i];
    if (d->n == 0 || d->too_long || memchr(c->kept + d->offset, 0, d->n)) continue;
    lines[nonempty] = c->kept + d->offset;
    lens[nonempty++] = d->n;
  }
  for (i = 0; i < log_named_format_count; i++) {
    int rc = open_named(c, i);
    if (rc != SQLITE_OK) return rc;
    log_named_formats[i].family->start_file(c->named[i]);
  }
  c->current = log_detect(c->named, lines, lens, nonempty, &c->rec, &c->scratch);
  if (c->current < 0) {
    c->current = FORMAT_NONE;
  } else {
    log_named_formats[c->current].family->start_file(c->named[c->current]);
  }
  return SQLITE_OK;
}

/* Opens the next file; sets eof when there is none. */
static int open_next_file(log_cursor *c) {
  char *errmsg = NULL;
  int r = log_input_next_file(c->in, &errmsg);
  if (r < 0) return set_error(c, errmsg);
  if (r == 0) {
    c->eof = 1;
    return SQLITE_OK;
  }
  c->file_open = 1;
  c->line_no = 0;
  sqlite3_free(c->file_name);
  if (!(c->file_name = valid_text_copy(c, log_input_file_name(c->in)))) return SQLITE_NOMEM;
  c->kept_n = c->kept_next = 0;
  if (c->automatic) return detect_format(c);
  c->current = c->fixed;
  family_of(c, c->current)->start_file(state_of(c, c->current));
  return SQLITE_OK;
}

/* Parses the current line into rec. */
static void parse_line(log_cursor *c, int too_long) {
  log_record *rec = &c->rec;
  const void *nul;
  const char *name = c->current == FORMAT_CUSTOM ? c->format_name
                     : c->current >= 0           ? log_named_formats[c->current].name
                                                 : NULL;
  memset(rec, 0, sizeof *rec);
  rec->format = name;
  if (log_scratch_begin(&c->scratch, c->line_n) != 0) {
    rec->error.p = "out of memory";
    rec->error.n = strlen(rec->error.p);
  } else if (too_long) {
    log_record_fail(rec, &c->scratch, -1, "line longer than %d bytes (raw holds the first ones)",
                    LOG_LINE_MAX);
  } else if ((nul = memchr(c->line, 0, c->line_n)) != NULL) {
    log_record_fail(rec, &c->scratch, (long)((const char *)nul - c->line), "NUL byte");
  } else if (c->line_n == 0) {
    log_record_fail(rec, &c->scratch, -1, "empty line");
  } else if (c->current == FORMAT_NONE) {
    log_record_fail(rec, &c->scratch, -1,
                    "format not detected: no named format parses any of the first %d lines "
                    "of this file; give one as http_log(path, format)",
                    LOG_DETECT_LINES);
  } else {
    enum log_parse_result r =
        family_of(c, c->current)
            ->parse(state_of(c, c->current), c->line, c->line_n, rec, &c->scratch);
    if (r == LOG_DIRECTIVE) c->line = NULL; /* not a row: the caller reads on */
    rec->format = name;
  }
}

/* Moves to the next row: the next line of this file, or of the next one. */
static int next_row(log_cursor *c) {
  for (;;) {
    int too_long = 0;
    if (!c->file_open) {
      int rc = open_next_file(c);
      if (rc != SQLITE_OK || c->eof) return rc;
    }
    c->read_error = 0;
    if (c->kept_next < c->kept_n) {
      const detect_line *d = &c->kept_lines[c->kept_next++];
      c->line = c->kept + d->offset;
      c->line_n = d->n;
      too_long = d->too_long;
    } else {
      enum log_read_result r = log_input_read_line(c->in, &c->line, &c->line_n, &too_long);
      if (r == LOG_READ_END) {
        c->file_open = 0;
        continue;
      }
      if (r == LOG_READ_ERROR) {
        /* a row says the file could not be read to its end */
        c->file_open = 0;
        c->read_error = 1;
        c->line_no++;
        c->rowid++;
        memset(&c->rec, 0, sizeof c->rec);
        c->rec.format = c->current == FORMAT_CUSTOM ? c->format_name
                        : c->current >= 0           ? log_named_formats[c->current].name
                                                    : NULL;
        c->rec.error.p = log_input_error(c->in);
        c->rec.error.n = strlen(c->rec.error.p);
        c->line = NULL;
        c->line_n = 0;
        return SQLITE_OK;
      }
    }
    c->line_no++;
    parse_line(c, too_long);
    if (!c->line) continue; /* a directive line */
    c->rowid++;
    return SQLITE_OK;
  }
}

static int log_filter(sqlite3_vtab_cursor *cursor, int idxNum, const char *idxStr, int argc,
                      sqlite3_value **argv) {
  log_cursor *c = (log_cursor *)cursor;
  const char *source, *format = NULL;
  char *errmsg = NULL;
  (void)idxStr;
  log_reset(c);
  c->rowid = 0;
  if (!(idxNum & 1) || argc < 1) {
    sqlite3_free(c->base.pVtab->zErrMsg);
    c->base.pVtab->zErrMsg = sqlite3_mprintf(
        "httplog: http_log() needs a path, e.g. SELECT * FROM http_log('access.log')");
    return SQLITE_ERROR;
  }
  if (!(source = (const char *)sqlite3_value_text(argv[0]))) {
    sqlite3_free(c->base.pVtab->zErrMsg);
    c->base.pVtab->zErrMsg = sqlite3_mprintf("httplog: the path is NULL");
    return SQLITE_ERROR;
  }
  if ((idxNum & 2) && argc >= 2) format = (const char *)sqlite3_value_text(argv[1]);
  c->source = sqlite3_mprintf("%s", source);
  c->source_format = format ? sqlite3_mprintf("%s", format) : NULL;
  c->format_name = format ? valid_text_copy(c, format) : NULL;
  if (!c->source || (format && (!c->source_format || !c->format_name))) return SQLITE_NOMEM;
  c->automatic = !format || !*format || strcmp(format, "auto") == 0;
  if (!c->automatic) {
    int i = log_format_find(format);
    if (i >= 0) {
      int rc = open_named(c, i);
      if (rc != SQLITE_OK) return rc;
      c->fixed = i;
    } else if (log_format_json_is_spec(format) || log_format_text_is_spec(format)) {
      int json = log_format_json_is_spec(format);
      const log_family *family = json ? &log_family_json : &log_family_text;
      if (family->open(json ? format + strlen(LOG_FORMAT_JSON_PREFIX) : format, &c->custom,
                       &errmsg)) {
        sqlite3_vtab *vtab = c->base.pVtab;
        sqlite3_free(vtab->zErrMsg);
        vtab->zErrMsg = errmsg;
        return errmsg ? SQLITE_ERROR : SQLITE_NOMEM;
      }
      c->custom_family = family;
      c->fixed = FORMAT_CUSTOM;
    } else {
      sqlite3_str *names = sqlite3_str_new(NULL);
      char *list;
      for (i = 0; i < log_named_format_count; i++)
        sqlite3_str_appendf(names, "%s%s", i ? ", " : "", log_named_formats[i].name);
      list = sqlite3_str_finish(names);
      c->base.pVtab->zErrMsg =
          sqlite3_mprintf("httplog: unknown format '%s': give a format string (Apache %%h ... or "
                          "NGINX $remote_addr ...) or one of: %s",
                          format, list ? list : "");
      sqlite3_free(list);
      return SQLITE_ERROR;
    }
  }
  c->in = log_input_open(source, &errmsg);
  if (!c->in) return set_error(c, errmsg);
  c->eof = 0;
  return next_row(c);
}

static int log_next(sqlite3_vtab_cursor *cursor) { return next_row((log_cursor *)cursor); }

static int log_eof(sqlite3_vtab_cursor *cursor) { return ((log_cursor *)cursor)->eof; }

static void result_text(sqlite3_context *ctx, const log_text *t) {
  if (t->p)
    sqlite3_result_text(ctx, t->p, (int)t->n, SQLITE_TRANSIENT);
  else
    sqlite3_result_null(ctx);
}

static int log_column(sqlite3_vtab_cursor *cursor, sqlite3_context *ctx, int column) {
  log_cursor *c = (log_cursor *)cursor;
  const log_record *r = &c->rec;
  char buf[LOG_TIME_TEXT_MAX];
  size_t n;
  switch (column) {
  case LOG_COL_TIME:
    if (r->time.present) {
      n = log_time_format_local(&r->time, buf);
      sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
    }
    break;
  case LOG_COL_TIME_UTC:
    if (r->time.present && (n = log_time_format_utc(&r->time, buf)) > 0)
      sqlite3_result_text(ctx, buf, (int)n, SQLITE_TRANSIENT);
    break;
  case LOG_COL_CLIENT: result_text(ctx, &r->client); break;
  case LOG_COL_REMOTE_USER: result_text(ctx, &r->remote_user); break;
  case LOG_COL_METHOD: result_text(ctx, &r->method); break;
  case LOG_COL_PATH: result_text(ctx, &r->path); break;
  case LOG_COL_QUERY: result_text(ctx, &r->query); break;
  case LOG_COL_PROTOCOL: result_text(ctx, &r->protocol); break;
  case LOG_COL_STATUS:
    if (r->has_status) sqlite3_result_int64(ctx, r->status);
    break;
  case LOG_COL_BYTES:
    if (r->has_bytes) sqlite3_result_int64(ctx, r->bytes);
    break;
  case LOG_COL_REFERRER: result_text(ctx, &r->referrer); break;
  case LOG_COL_USER_AGENT: result_text(ctx, &r->user_agent); break;
  case LOG_COL_HOST: result_text(ctx, &r->host); break;
  case LOG_COL_PORT:
    if (r->has_port) sqlite3_result_int64(ctx, r->port);
    break;
  case LOG_COL_DURATION:
    if (r->has_duration) sqlite3_result_double(ctx, r->duration);
    break;
  case LOG_COL_EXTRA:
    if (log_record_extra(&c->rec, &c->extra) != 0) return SQLITE_NOMEM;
    result_text(ctx, &r->extra);
    break;
  case LOG_COL_FORMAT:
    if (r->format) sqlite3_result_text(ctx, r->format, -1, SQLITE_TRANSIENT);
    break;
  case LOG_COL_FILE: sqlite3_result_text(ctx, c->file_name, -1, SQLITE_TRANSIENT); break;
  case LOG_COL_LINE: sqlite3_result_int64(ctx, c->line_no); break;
  case LOG_COL_RAW:
    if (c->line)
      sqlite3_result_blob(ctx, c->line_n ? c->line : "", (int)c->line_n, SQLITE_TRANSIENT);
    break;
  case LOG_COL_ERROR: result_text(ctx, &r->error); break;
  case LOG_COL_ARG_PATH: sqlite3_result_text(ctx, c->source, -1, SQLITE_TRANSIENT); break;
  case LOG_COL_ARG_FORMAT:
    if (c->source_format) sqlite3_result_text(ctx, c->source_format, -1, SQLITE_TRANSIENT);
    break;
  default: break;
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
