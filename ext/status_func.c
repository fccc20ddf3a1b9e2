/*
** status_func.c: the scalar functions.
**
** Every function is deterministic and innocuous. A code argument is read by
** http_status_value_code(); anything that is not a code gives NULL, never an
** error. Results point into the compiled table (SQLITE_STATIC), so nothing is
** allocated per call.
**
** Blobs: a BLOB argument, wherever it stands (code, name, source, pattern),
** names nothing and gives NULL, as in SQLite a BLOB never equals a TEXT or a
** number: http_status_name(499, x'65737269') is NULL just as
** SELECT name FROM http_status_meanings WHERE code = 499 AND source = x'65737269'
** finds no row. Only a TEXT source can be unknown (an error).
*/
#include "status_func.h"

#include "status_data.h"
#include "status_pattern.h"
#include "status_value.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

static void result_text(sqlite3_context *ctx, struct http_text text) {
  sqlite3_result_text(ctx, text.ptr, text.len, SQLITE_STATIC);
}

/* Sets an error naming the known sources. */
static void unknown_source_error(sqlite3_context *ctx, const char *source) {
  sqlite3_str *msg = sqlite3_str_new(NULL);
  char *text;
  int i;
  int len = (int)strlen(source), quoted = http_status_quote_length(source, len, 40);
  sqlite3_str_appendf(msg, "httpstatus: unknown source '%.*s%s'; known sources:", quoted, source,
                      quoted < len ? "..." : "");
  for (i = 0; i < http_status_source_count; i++)
    sqlite3_str_appendf(msg, "%s %s", i ? "," : "", http_status_sources[i].name);
  text = sqlite3_str_finish(msg);
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_error(ctx, text, -1);
  sqlite3_free(text);
}

/*
** The row the arguments name: argv[0] is the code, argv[1] (when argc is 2)
** the source. Returns NULL, with no result set, when the answer is NULL;
** returns NULL with an error set when the source is unknown.
*/
static const struct http_status_row *row_from_args(sqlite3_context *ctx, int argc,
                                                   sqlite3_value **argv) {
  const struct http_status_source *source;
  int code;
  if (argc < 2) return http_status_value_code(argv[0], &code) ? http_status_find(code) : NULL;
  /* The source is checked first, so that a wrong one fails on every row. A
  ** constant source is looked up once per statement and kept as auxdata. */
  source = sqlite3_get_auxdata(ctx, 1);
  if (source == NULL) {
    const char *text;
    int type = sqlite3_value_type(argv[1]);
    if (type == SQLITE_NULL || type == SQLITE_BLOB) return NULL;
    text = (const char *)sqlite3_value_text(argv[1]);
    if (text == NULL) {
      sqlite3_result_error_nomem(ctx);
      return NULL;
    }
    /* A text with a NUL in it names no source, though its C string might. */
    if ((int)strlen(text) == sqlite3_value_bytes(argv[1])) source = http_status_source_named(text);
    if (source == NULL) {
      unknown_source_error(ctx, text);
      return NULL;
    }
    sqlite3_set_auxdata(ctx, 1, (void *)source, NULL);
  }
  if (!http_status_value_code(argv[0], &code)) return NULL;
  return http_status_find_in_source(code, source->name);
}

/* http_status_name(code [, source]): 'Not Found' for 404. */
static void name_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const struct http_status_row *row = row_from_args(ctx, argc, argv);
  if (row) result_text(ctx, http_status_name_of(row));
}

/* http_status_meaning(code [, source]): the sentence that explains the code. */
static void meaning_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const struct http_status_row *row = row_from_args(ctx, argc, argv);
  if (row) result_text(ctx, row->meaning);
}

/* http_status_line(code [, source]): '404 Not Found'. */
static void line_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const struct http_status_row *row = row_from_args(ctx, argc, argv);
  if (row) result_text(ctx, row->line);
}

/* http_status_class(code): the class of any code 100..599, in the table or not. */
static void class_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int code;
  (void)argc;
  if (http_status_value_code(argv[0], &code)) result_text(ctx, http_status_class_of(code)->name);
}

/* http_status_code(name): 404 for 'not found', 'NOT_FOUND', 'StatusNotFound' or a
** former name; NULL for anything but TEXT. */
static void code_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *name;
  int code;
  (void)argc;
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return;
  name = (const char *)sqlite3_value_text(argv[0]);
  if (name == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  code = http_status_code_named(name, sqlite3_value_bytes(argv[0]));
  if (code != 0) sqlite3_result_int(ctx, code);
}

/*
** http_status_match(code, pattern): 1 when the code matches an item of the
** pattern, 0 when not. The pattern is compiled once per statement when it is
** a constant, and kept with sqlite3_set_auxdata.
*/
static void match_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  struct http_status_pattern *pattern;
  int code;
  (void)argc;
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_BLOB)
    return;
  pattern = sqlite3_get_auxdata(ctx, 1);
  if (pattern == NULL) {
    char *error = NULL;
    const unsigned char *text = sqlite3_value_text(argv[1]);
    if (text == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    pattern = http_status_pattern_compile((const char *)text, sqlite3_value_bytes(argv[1]), &error);
    if (pattern == NULL) {
      if (error == NULL) {
        sqlite3_result_error_nomem(ctx);
      } else {
        sqlite3_result_error(ctx, error, -1);
        sqlite3_free(error);
      }
      return;
    }
    sqlite3_set_auxdata(ctx, 1, pattern, sqlite3_free);
    /* set_auxdata may have freed it already; read it back for this call. */
    pattern = sqlite3_get_auxdata(ctx, 1);
    if (pattern == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  if (http_status_value_code(argv[0], &code))
    sqlite3_result_int(ctx, http_status_pattern_matches(pattern, code));
}

/* httpstatus_version(): the extension's version. */
static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_text(ctx, HTTPSTATUS_VERSION, -1, SQLITE_STATIC);
}

int http_status_register_functions(sqlite3 *db) {
  static const struct {
    const char *name;
    int argc;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
  } functions[] = {
      {"http_status_name", 1, name_func},       {"http_status_name", 2, name_func},
      {"http_status_meaning", 1, meaning_func}, {"http_status_meaning", 2, meaning_func},
      {"http_status_line", 1, line_func},       {"http_status_line", 2, line_func},
      {"http_status_class", 1, class_func},     {"http_status_code", 1, code_func},
      {"http_status_match", 2, match_func},     {"httpstatus_version", 0, version_func},
  };
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int i, rc = SQLITE_OK;
  for (i = 0; i < (int)(sizeof(functions) / sizeof(functions[0])) && rc == SQLITE_OK; i++)
    rc = sqlite3_create_function(db, functions[i].name, functions[i].argc, flags, NULL,
                                 functions[i].fn, NULL, NULL);
  return rc;
}
