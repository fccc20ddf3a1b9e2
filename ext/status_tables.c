/*
** status_tables.c: the schema and columns of every httpstatus table. The
** engine that serves them is status_vtab.c; the rows are status_data.c.
*/
#include "status_tables.h"

#include "status_data.h"
#include "status_vtab.h"

SQLITE_EXTENSION_INIT3

static void result_text(sqlite3_context *ctx, struct http_text text) {
  sqlite3_result_text(ctx, text.ptr, text.len, SQLITE_STATIC);
}

/* NULL stays NULL, so that a missing fact reads as SQL NULL. */
static void result_cstr(sqlite3_context *ctx, const char *text) {
  if (text == NULL)
    sqlite3_result_null(ctx);
  else
    sqlite3_result_text(ctx, text, -1, SQLITE_STATIC);
}

/* ---- http_status: one row per code, its preferred meaning ------------- */

enum {
  STATUS_CODE,
  STATUS_NAME,
  STATUS_CLASS,
  STATUS_MEANING,
  STATUS_SOURCE,
  STATUS_REFERENCE,
  STATUS_REGISTRY,
  STATUS_CACHEABLE,
  STATUS_NO_CONTENT,
  STATUS_RETRYABLE,
  STATUS_REDIRECT,
};
static const char status_schema[] =
    "CREATE TABLE x(code INTEGER, name TEXT, class TEXT, meaning TEXT, source TEXT,"
    " reference TEXT, registry TEXT, cacheable INTEGER, no_content INTEGER,"
    " retryable INTEGER, redirect INTEGER)";

/* The columns a row of http_status and of http_status_meanings share. */
static void row_column(sqlite3_context *ctx, const struct http_status_row *row, int col) {
  switch (col) {
  case STATUS_CODE: sqlite3_result_int(ctx, row->code); break;
  case STATUS_NAME: result_text(ctx, http_status_name_of(row)); break;
  case STATUS_CLASS: result_text(ctx, http_status_class_of(row->code)->name); break;
  case STATUS_MEANING: result_text(ctx, row->meaning); break;
  case STATUS_SOURCE: result_cstr(ctx, row->source); break;
  case STATUS_REFERENCE: result_cstr(ctx, row->reference); break;
  case STATUS_REGISTRY: result_cstr(ctx, row->registry); break;
  case STATUS_CACHEABLE: sqlite3_result_int(ctx, http_status_is_cacheable(row->code)); break;
  case STATUS_NO_CONTENT: sqlite3_result_int(ctx, http_status_is_no_content(row->code)); break;
  case STATUS_RETRYABLE: sqlite3_result_int(ctx, http_status_is_retryable(row->code)); break;
  case STATUS_REDIRECT: sqlite3_result_int(ctx, http_status_is_redirect(row->code)); break;
  default: sqlite3_result_null(ctx); break;
  }
}

static int status_slots(void) { return HTTP_STATUS_SLOTS; }
static int status_used(int i) { return http_status_rows[i].code != 0; }
static int status_code(int i) { return http_status_rows[i].code; }
static void status_column(sqlite3_context *ctx, int i, int col) {
  row_column(ctx, &http_status_rows[i], col);
}

static const struct http_status_table status_table = {
    .name = "http_status",
    .schema = status_schema,
    .slot_count = status_slots,
    .slot_used = status_used,
    .column = status_column,
    .row_code = status_code,
    .first_code = HTTP_STATUS_MIN,
    .class_column = STATUS_CLASS,
};

/* ---- http_status_meanings: every meaning, keyed by (code, source) ----- */

/* The columns of http_status, then: */
enum { MEANINGS_PREFERRED = STATUS_REDIRECT + 1 };
static const char meanings_schema[] =
    "CREATE TABLE x(code INTEGER, name TEXT, class TEXT, meaning TEXT, source TEXT,"
    " reference TEXT, registry TEXT, cacheable INTEGER, no_content INTEGER,"
    " retryable INTEGER, redirect INTEGER, preferred INTEGER)";

/* The slots of http_status come first, then the alternates. */
static int meanings_slots(void) { return HTTP_STATUS_SLOTS + http_status_alternate_count; }
static int meanings_used(int i) { return i >= HTTP_STATUS_SLOTS || status_used(i); }
static void meanings_column(sqlite3_context *ctx, int i, int col) {
  int preferred = i < HTTP_STATUS_SLOTS;
  const struct http_status_row *row =
      preferred ? &http_status_rows[i] : &http_status_alternates[i - HTTP_STATUS_SLOTS];
  if (col == MEANINGS_PREFERRED)
    sqlite3_result_int(ctx, preferred);
  else
    row_column(ctx, row, col);
}

static const struct http_status_table meanings_table = {
    .name = "http_status_meanings",
    .schema = meanings_schema,
    .slot_count = meanings_slots,
    .slot_used = meanings_used,
    .column = meanings_column,
};

/* ---- http_status_aliases: other names codes have or had --------------- */

enum { ALIAS_CODE, ALIAS_NAME, ALIAS_KIND, ALIAS_REFERENCE };
static const char aliases_schema[] =
    "CREATE TABLE x(code INTEGER, name TEXT, kind TEXT, reference TEXT)";

static int aliases_count(void) { return http_status_alias_count; }
static void aliases_column(sqlite3_context *ctx, int i, int col) {
  const struct http_status_alias *alias = &http_status_aliases[i];
  switch (col) {
  case ALIAS_CODE: sqlite3_result_int(ctx, alias->code); break;
  case ALIAS_NAME: result_cstr(ctx, alias->name); break;
  case ALIAS_KIND: result_cstr(ctx, alias->kind); break;
  case ALIAS_REFERENCE: result_cstr(ctx, alias->reference); break;
  default: sqlite3_result_null(ctx); break;
  }
}

static const struct http_status_table aliases_table = {
    .name = "http_status_aliases",
    .schema = aliases_schema,
    .slot_count = aliases_count,
    .column = aliases_column,
};

/* ---- http_status_classes: the five classes ---------------------------- */

enum { CLASS_CLASS, CLASS_FAMILY, CLASS_FIRST_CODE, CLASS_LAST_CODE, CLASS_DESCRIPTION };
static const char classes_schema[] =
    "CREATE TABLE x(class TEXT, family TEXT, first_code INTEGER, last_code INTEGER,"
    " description TEXT)";

static int classes_count(void) { return http_status_class_count; }
static void classes_column(sqlite3_context *ctx, int i, int col) {
  const struct http_status_class *cls = &http_status_classes[i];
  static const char *const families[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  switch (col) {
  case CLASS_CLASS: result_text(ctx, cls->name); break;
  case CLASS_FAMILY: result_cstr(ctx, families[cls->digit - 1]); break;
  case CLASS_FIRST_CODE: sqlite3_result_int(ctx, cls->digit * 100); break;
  case CLASS_LAST_CODE: sqlite3_result_int(ctx, cls->digit * 100 + 99); break;
  case CLASS_DESCRIPTION: result_cstr(ctx, cls->description); break;
  default: sqlite3_result_null(ctx); break;
  }
}

static const struct http_status_table classes_table = {
    .name = "http_status_classes",
    .schema = classes_schema,
    .slot_count = classes_count,
    .column = classes_column,
};

/* ---- http_status_notes: codes often confused, compared ---------------- */

enum { NOTE_TITLE, NOTE_FIRST_CODE, NOTE_SECOND_CODE, NOTE_TEXT };
static const char notes_schema[] =
    "CREATE TABLE x(title TEXT, first_code INTEGER, second_code INTEGER, note TEXT)";

static int notes_count(void) { return http_status_note_count; }
static void notes_column(sqlite3_context *ctx, int i, int col) {
  const struct http_status_note *note = &http_status_notes[i];
  switch (col) {
  case NOTE_TITLE: result_cstr(ctx, note->title); break;
  case NOTE_FIRST_CODE: sqlite3_result_int(ctx, note->first_code); break;
  case NOTE_SECOND_CODE: sqlite3_result_int(ctx, note->second_code); break;
  case NOTE_TEXT: result_cstr(ctx, note->text); break;
  default: sqlite3_result_null(ctx); break;
  }
}

static const struct http_status_table notes_table = {
    .name = "http_status_notes",
    .schema = notes_schema,
    .slot_count = notes_count,
    .column = notes_column,
};

/* ---- http_status_sources: who defines the codes ----------------------- */

enum { SOURCE_SOURCE, SOURCE_DESCRIPTION };
static const char sources_schema[] = "CREATE TABLE x(source TEXT, description TEXT)";

static int sources_count(void) { return http_status_source_count; }
static void sources_column(sqlite3_context *ctx, int i, int col) {
  const struct http_status_source *source = &http_status_sources[i];
  switch (col) {
  case SOURCE_SOURCE: result_cstr(ctx, source->name); break;
  case SOURCE_DESCRIPTION: result_cstr(ctx, source->description); break;
  default: sqlite3_result_null(ctx); break;
  }
}

static const struct http_status_table sources_table = {
    .name = "http_status_sources",
    .schema = sources_schema,
    .slot_count = sources_count,
    .column = sources_column,
};

int http_status_register_tables(sqlite3 *db) {
  static const struct http_status_table *const tables[] = {
      &status_table, &meanings_table, &aliases_table, &classes_table, &notes_table, &sources_table,
  };
  return http_status_vtab_register(db, tables, (int)(sizeof(tables) / sizeof(tables[0])));
}
