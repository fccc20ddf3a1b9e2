/* log_formats_vtab.c: the table http_log_formats, one row per named format
 * of http_log() (log_formats.c), in the order detection tries them.
 *
 *   SELECT name, family, definition, sample FROM http_log_formats;
 *
 * definition is a format argument that reads the same as the name (the
 * format string, "json:" and the mapping, after "syslog:" or "kubectl:"
 * when the format has that prefix), or NULL for a family whose layout is
 * not a string: W3C reads it from the file's #Fields: line, the others
 * have it compiled in. It reads no file, so it is innocuous: views and
 * triggers may use it.
 */
#include "log_formats_vtab.h"

#include <sqlite3ext.h>
#include <string.h>

#include "log_format_json.h"
#include "log_format_text.h"
#include "log_formats.h"

SQLITE_EXTENSION_INIT3

#define FORMATS_COLUMNS(X)                                                                         \
  X(NAME, name)                                                                                    \
  X(FAMILY, family)                                                                                \
  X(PREFIX, prefix)                                                                                \
  X(DEFINITION, definition)                                                                        \
  X(DESCRIPTION, description)                                                                      \
  X(SAMPLE, sample)                                                                                \
  X(SAMPLE_SOURCE, sample_source)

#define FORMATS_ENUM(id, name) FORMATS_COL_##id,
enum formats_column { FORMATS_COLUMNS(FORMATS_ENUM) FORMATS_COLUMN_COUNT };
#define FORMATS_DECL(id, name) ", " #name " TEXT"
static const char formats_decls[] = FORMATS_COLUMNS(FORMATS_DECL);

typedef struct formats_cursor {
  sqlite3_vtab_cursor base;
  int row; /* index into log_named_formats */
} formats_cursor;

/* This method is called to connect to the eponymous table. */
static int formats_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                           sqlite3_vtab **vtab, char **errmsg) {
  char *schema = sqlite3_mprintf("CREATE TABLE x(%s)", formats_decls + 2);
  int rc;
  (void)aux;
  (void)argc;
  (void)argv;
  (void)errmsg;
  if (!schema) return SQLITE_NOMEM;
  rc = sqlite3_declare_vtab(db, schema);
  sqlite3_free(schema);
  if (rc == SQLITE_OK) rc = sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  if (rc != SQLITE_OK) return rc;
  *vtab = sqlite3_malloc(sizeof **vtab);
  if (!*vtab) return SQLITE_NOMEM;
  memset(*vtab, 0, sizeof **vtab);
  return SQLITE_OK;
}

static int formats_disconnect(sqlite3_vtab *vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}

/* This method is called to cost a plan: twenty rows, always a full scan
 * (SQLite applies any WHERE itself). */
static int formats_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info) {
  (void)vtab;
  info->estimatedCost = (double)log_named_format_count;
  info->estimatedRows = log_named_format_count;
  return SQLITE_OK;
}

static int formats_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cursor) {
  formats_cursor *c = sqlite3_malloc(sizeof *c);
  (void)vtab;
  if (!c) return SQLITE_NOMEM;
  memset(c, 0, sizeof *c);
  *cursor = &c->base;
  return SQLITE_OK;
}

static int formats_close(sqlite3_vtab_cursor *cursor) {
  sqlite3_free(cursor);
  return SQLITE_OK;
}

static int formats_filter(sqlite3_vtab_cursor *cursor, int idxNum, const char *idxStr, int argc,
                          sqlite3_value **argv) {
  (void)idxNum;
  (void)idxStr;
  (void)argc;
  (void)argv;
  ((formats_cursor *)cursor)->row = 0;
  return SQLITE_OK;
}

static int formats_next(sqlite3_vtab_cursor *cursor) {
  ((formats_cursor *)cursor)->row++;
  return SQLITE_OK;
}

static int formats_eof(sqlite3_vtab_cursor *cursor) {
  return ((formats_cursor *)cursor)->row >= log_named_format_count;
}

static const char *prefix_name(enum log_prefix prefix) {
  switch (prefix) {
  case LOG_PREFIX_SYSLOG: return "syslog";
  case LOG_PREFIX_SYSLOG_OPTIONAL: return "syslog, optional";
  case LOG_PREFIX_KUBECTL: return "kubectl";
  case LOG_PREFIX_NONE: break;
  }
  return NULL;
}

/* The format argument that reads as f does, or NULL (see the top). */
static void result_definition(sqlite3_context *ctx, const log_named_format *f) {
  const char *prefix = f->prefix == LOG_PREFIX_SYSLOG    ? "syslog:"
                       : f->prefix == LOG_PREFIX_KUBECTL ? "kubectl:"
                                                         : "";
  const char *family = f->family == &log_family_json ? LOG_FORMAT_JSON_PREFIX : "";
  char *text;
  if (f->family != &log_family_text && f->family != &log_family_json) return;
  if (f->prefix == LOG_PREFIX_SYSLOG_OPTIONAL) return; /* no argument says "optional" */
  text = sqlite3_mprintf("%s%s%s", prefix, family, f->spec);
  if (!text) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, text, -1, sqlite3_free);
}

static void result_static(sqlite3_context *ctx, const char *text) {
  if (text) sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
}

static int formats_column(sqlite3_vtab_cursor *cursor, sqlite3_context *ctx, int column) {
  const log_named_format *f = &log_named_formats[((formats_cursor *)cursor)->row];
  switch ((enum formats_column)column) {
  case FORMATS_COL_NAME: result_static(ctx, f->name); break;
  case FORMATS_COL_FAMILY: result_static(ctx, f->family->name); break;
  case FORMATS_COL_PREFIX: result_static(ctx, prefix_name(f->prefix)); break;
  case FORMATS_COL_DEFINITION: result_definition(ctx, f); break;
  case FORMATS_COL_DESCRIPTION: result_static(ctx, f->description); break;
  case FORMATS_COL_SAMPLE: result_static(ctx, f->sample); break;
  case FORMATS_COL_SAMPLE_SOURCE: result_static(ctx, f->sample_source); break;
  case FORMATS_COLUMN_COUNT: break;
  }
  return SQLITE_OK;
}

static int formats_rowid(sqlite3_vtab_cursor *cursor, sqlite_int64 *rowid) {
  *rowid = ((formats_cursor *)cursor)->row + 1;
  return SQLITE_OK;
}

static const sqlite3_module formats_module = {
    .iVersion = 0,
    .xCreate = 0, /* eponymous only */
    .xConnect = formats_connect,
    .xBestIndex = formats_best_index,
    .xDisconnect = formats_disconnect,
    .xDestroy = 0,
    .xOpen = formats_open,
    .xClose = formats_close,
    .xFilter = formats_filter,
    .xNext = formats_next,
    .xEof = formats_eof,
    .xColumn = formats_column,
    .xRowid = formats_rowid,
};

int log_formats_vtab_register(sqlite3 *db) {
  return sqlite3_create_module(db, "http_log_formats", &formats_module, NULL);
}
