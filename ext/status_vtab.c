/*
** status_vtab.c: the engine behind every httpstatus virtual table.
**
** The tables are eponymous-only (xCreate is 0: they exist as soon as the
** extension is loaded, under the module's name) and read-only (xUpdate is 0:
** SQLite refuses writes with "table ... may not be modified"). Rows come
** straight from the compiled arrays; nothing is allocated per row.
*/
#include "status_vtab.h"

#include "status_data.h"
#include "status_value.h"

#include <string.h>

SQLITE_EXTENSION_INIT3

struct status_vtab {
  sqlite3_vtab base;
  const struct status_table *table;
};

/* A cursor produces rows begin..end-1, upwards or downwards. */
struct status_cursor {
  sqlite3_vtab_cursor base;
  const struct status_table *table;
  int begin, end;
  int pos;
  int descending;
};

/*
** This method is called to connect a table: it declares the schema and marks
** the table innocuous, so views, triggers and generated columns may use it
** under PRAGMA trusted_schema=OFF. pAux is the table's struct status_table.
*/
static int status_connect(sqlite3 *db, void *pAux, int argc, const char *const *argv,
                          sqlite3_vtab **ppVtab, char **pzErr) {
  const struct status_table *table = pAux;
  struct status_vtab *vtab;
  int rc;
  (void)argc;
  (void)argv;
  rc = sqlite3_declare_vtab(db, table->schema);
  if (rc == SQLITE_OK) rc = sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
  if (rc != SQLITE_OK) {
    *pzErr =
        sqlite3_mprintf("httpstatus: cannot declare table %s: %s", table->name, sqlite3_errstr(rc));
    return rc;
  }
  vtab = sqlite3_malloc(sizeof(*vtab));
  if (vtab == NULL) return SQLITE_NOMEM;
  memset(vtab, 0, sizeof(*vtab));
  vtab->table = table;
  *ppVtab = &vtab->base;
  return SQLITE_OK;
}

/* This method is called to release a table from status_connect. */
static int status_disconnect(sqlite3_vtab *pVtab) {
  sqlite3_free(pVtab);
  return SQLITE_OK;
}

/*
** idxNum bits, produced by status_best_index and consumed by status_filter:
**
**   STATUS_EQ     an argv value the code must equal (code = or IS, rowid too)
**   STATUS_LOWER  an argv value the code must be above (> or >=)
**   STATUS_UPPER  an argv value the code must be below (< or <=)
**   STATUS_CLASS  an argv value the class must equal
**   STATUS_DESC   produce rows by descending code
**
** argv holds one value for each of the first four bits that is set, in that
** order. The code equality is omitted: keep_equal() decides it exactly as
** SQLite's own rowid lookup in an ordinary table does (numeric affinity, then
** an integer or an integral real), so SQLite need not test it again on each
** row. No other constraint is omitted: SQLite tests each again on every row
** produced, so for them status_filter only has to produce every row that can
** match, and comparison, affinity and collation stay exactly SQLite's own.
*/
enum {
  STATUS_EQ = 1,
  STATUS_LOWER = 2,
  STATUS_UPPER = 4,
  STATUS_CLASS = 8,
  STATUS_DESC = 16,
};

/* Collations under which a class name equals no other class name. */
static int collation_keeps_classes_apart(const char *collation) {
  return collation == NULL || sqlite3_stricmp(collation, "BINARY") == 0 ||
         sqlite3_stricmp(collation, "NOCASE") == 0 || sqlite3_stricmp(collation, "RTRIM") == 0;
}

/*
** Whether constraint i may be an IN operator. SQLite rewrites "class = 'a'
** COLLATE NOCASE OR class = 'b'" as "class IN ('a', 'b')", which compares
** under the column's own collation only: the COLLATE written on the right is
** lost (seen from 3.31 to 3.52, on ordinary indexed tables too; fixed in
** 3.54). A class IN left unused keeps the OR, which SQLite then evaluates as
** written. sqlite3_vtab_in() tells IN apart from 3.38.0 on; before, any
** constraint may be one, so older libraries get no class filter at all.
*/
static int constraint_may_be_in(sqlite3_index_info *info, int i) {
#if SQLITE_VERSION_NUMBER >= 3038000
  if (sqlite3_libversion_number() >= 3038000) return sqlite3_vtab_in(info, i, -1);
#endif
  (void)info;
  (void)i;
  return 1;
}

/* The number of rows in the largest class of a keyed table. */
static int largest_class_rows(const struct status_table *table) {
  int digit, largest = 0;
  for (digit = 1; digit <= 5; digit++) {
    int rows = table->lower_bound(digit * 100 + 100) - table->lower_bound(digit * 100);
    if (rows > largest) largest = rows;
  }
  return largest;
}

/*
** This method is called to choose a plan. A keyed table serves code equality
** as a unique lookup costing about 1, ranges and class equality as cheaper
** scans, and consumes ORDER BY code in either direction. A full scan costs
** more than a lookup in a big table would, so that in a join with a log the
** log is the outer loop and this table the inner one.
*/
static int status_best_index(sqlite3_vtab *pVtab, sqlite3_index_info *info) {
  const struct status_table *table = ((struct status_vtab *)pVtab)->table;
  int eq = -1, lower = -1, upper = -1, class_eq = -1;
  int argc = 0, idx_num = 0, i;
  double rows = table->row_count();

  if (table->row_code == NULL) {
    info->estimatedCost = rows;
    info->estimatedRows = (sqlite3_int64)rows;
    return SQLITE_OK;
  }
  for (i = 0; i < info->nConstraint; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (!c->usable) continue;
    if (c->iColumn == 0 || c->iColumn == -1) {
      if ((c->op == SQLITE_INDEX_CONSTRAINT_EQ || c->op == SQLITE_INDEX_CONSTRAINT_IS) && eq < 0)
        eq = i;
      else if ((c->op == SQLITE_INDEX_CONSTRAINT_GT || c->op == SQLITE_INDEX_CONSTRAINT_GE) &&
               lower < 0)
        lower = i;
      else if ((c->op == SQLITE_INDEX_CONSTRAINT_LT || c->op == SQLITE_INDEX_CONSTRAINT_LE) &&
               upper < 0)
        upper = i;
    } else if (table->class_column != 0 && c->iColumn == table->class_column &&
               c->op == SQLITE_INDEX_CONSTRAINT_EQ && class_eq < 0 &&
               collation_keeps_classes_apart(sqlite3_vtab_collation(info, i)) &&
               !constraint_may_be_in(info, i)) {
      class_eq = i;
    }
  }
  if (eq >= 0) {
    info->aConstraintUsage[eq].argvIndex = ++argc;
    info->aConstraintUsage[eq].omit = 1;
    info->idxNum = STATUS_EQ;
    info->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
    info->estimatedCost = 1;
    info->estimatedRows = 1;
    return SQLITE_OK;
  }
  if (lower >= 0) {
    info->aConstraintUsage[lower].argvIndex = ++argc;
    idx_num |= STATUS_LOWER;
    rows /= 2;
  }
  if (upper >= 0) {
    info->aConstraintUsage[upper].argvIndex = ++argc;
    idx_num |= STATUS_UPPER;
    rows /= 2;
  }
  if (class_eq >= 0) {
    /* The class is not known yet: plan for the largest, so that a nested loop
    ** over its rows is never more than estimated. */
    int largest = largest_class_rows(table);
    info->aConstraintUsage[class_eq].argvIndex = ++argc;
    idx_num |= STATUS_CLASS;
    if (rows > largest) rows = largest;
  }
  if (rows < 1) rows = 1;
  if (info->nOrderBy > 0 && (info->aOrderBy[0].iColumn == 0 || info->aOrderBy[0].iColumn == -1)) {
    /* Codes are unique, so later ORDER BY terms can never break a tie. */
    info->orderByConsumed = 1;
    if (info->aOrderBy[0].desc) idx_num |= STATUS_DESC;
  }
  info->idxNum = idx_num;
  info->estimatedRows = (sqlite3_int64)rows;
  /* A scan costs per row it visits, on top of the one lookup it starts with;
  ** unconstrained it costs as much as a lookup in a table of a million rows. */
  info->estimatedCost = (idx_num & (STATUS_LOWER | STATUS_UPPER | STATUS_CLASS)) ? 10 + rows : 1e6;
  return SQLITE_OK;
}

/* This method is called to open a cursor; one is allocated per statement. */
static int status_open(sqlite3_vtab *pVtab, sqlite3_vtab_cursor **ppCursor) {
  struct status_cursor *cur = sqlite3_malloc(sizeof(*cur));
  if (cur == NULL) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  cur->table = ((struct status_vtab *)pVtab)->table;
  *ppCursor = &cur->base;
  return SQLITE_OK;
}

/* This method is called to close a cursor from status_open. */
static int status_close(sqlite3_vtab_cursor *pCursor) {
  sqlite3_free(pCursor);
  return SQLITE_OK;
}

/* Narrows [begin, end) to the rows whose code can be equal to value. */
static void keep_equal(struct status_cursor *cur, sqlite3_value *value) {
  int code, i;
  if (!http_status_value_code(value, &code)) {
    cur->end = cur->begin;
    return;
  }
  i = cur->table->lower_bound(code);
  if (i >= cur->end || cur->table->row_code(i) != code) {
    cur->end = cur->begin;
    return;
  }
  if (i > cur->begin) cur->begin = i;
  cur->end = i + 1;
}

/* Narrows [begin, end) to the rows whose code can be at least value. An
** integer column is below all text and blobs, so those keep no row. */
static void keep_above(struct status_cursor *cur, sqlite3_value *value) {
  double d;
  int i;
  if (!http_status_value_number(value, &d) || d != d || d > HTTP_STATUS_MAX) {
    cur->end = cur->begin;
    return;
  }
  if (d <= HTTP_STATUS_MIN) return;
  i = (int)d;
  i = cur->table->lower_bound((double)i < d ? i + 1 : i);
  if (i > cur->begin) cur->begin = i;
}

/* Narrows [begin, end) to the rows whose code can be at most value. Every
** code is below text and blobs; nothing compares with NULL. */
static void keep_below(struct status_cursor *cur, sqlite3_value *value) {
  double d;
  int i;
  if (!http_status_value_number(value, &d)) {
    if (sqlite3_value_type(value) == SQLITE_NULL) cur->end = cur->begin;
    return;
  }
  if (d != d || d < HTTP_STATUS_MIN) {
    cur->end = cur->begin;
    return;
  }
  if (d >= HTTP_STATUS_MAX) return;
  i = cur->table->lower_bound((long long)d + 1);
  if (i < cur->end) cur->end = i;
}

/* Narrows [begin, end) to one class when value is exactly a class name;
** any other value may still match under the constraint's collation. */
static void keep_class(struct status_cursor *cur, sqlite3_value *value) {
  const unsigned char *text;
  int len, k;
  if (sqlite3_value_type(value) != SQLITE_TEXT) return;
  text = sqlite3_value_text(value);
  len = sqlite3_value_bytes(value);
  if (text == NULL) return;
  for (k = 0; k < http_status_class_count; k++) {
    const struct http_status_class *cls = &http_status_classes[k];
    if (cls->name.len == len && memcmp(cls->name.ptr, text, (size_t)len) == 0) {
      int first = cur->table->lower_bound(cls->digit * 100);
      int last = cur->table->lower_bound(cls->digit * 100 + 100);
      if (first > cur->begin) cur->begin = first;
      if (last < cur->end) cur->end = last;
      return;
    }
  }
}

/*
** This method is called to start a scan with the plan status_best_index
** chose: idxNum and argv as documented above STATUS_EQ.
*/
static int status_filter(sqlite3_vtab_cursor *pCursor, int idxNum, const char *idxStr, int argc,
                         sqlite3_value **argv) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  int k = 0;
  (void)idxStr;
  cur->begin = 0;
  cur->end = cur->table->row_count();
  if ((idxNum & STATUS_EQ) && k < argc) keep_equal(cur, argv[k++]);
  if ((idxNum & STATUS_LOWER) && k < argc) keep_above(cur, argv[k++]);
  if ((idxNum & STATUS_UPPER) && k < argc) keep_below(cur, argv[k++]);
  if ((idxNum & STATUS_CLASS) && k < argc) keep_class(cur, argv[k++]);
  if (cur->end < cur->begin) cur->end = cur->begin;
  cur->descending = (idxNum & STATUS_DESC) != 0;
  cur->pos = cur->descending ? cur->end - 1 : cur->begin;
  return SQLITE_OK;
}

/* This method is called to advance to the next row. */
static int status_next(sqlite3_vtab_cursor *pCursor) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  cur->pos += cur->descending ? -1 : 1;
  return SQLITE_OK;
}

/* This method is called to ask whether the scan is over. */
static int status_eof(sqlite3_vtab_cursor *pCursor) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  return cur->descending ? cur->pos < cur->begin : cur->pos >= cur->end;
}

/* This method is called for the value of column col of the current row. */
static int status_column(sqlite3_vtab_cursor *pCursor, sqlite3_context *ctx, int col) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  cur->table->column(ctx, cur->pos, col);
  return SQLITE_OK;
}

/* This method is called for the rowid: the code in a keyed table, else the
** row's position counted from 1. */
static int status_rowid(sqlite3_vtab_cursor *pCursor, sqlite3_int64 *pRowid) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  *pRowid = cur->table->row_code ? cur->table->row_code(cur->pos) : cur->pos + 1;
  return SQLITE_OK;
}

static const sqlite3_module status_module = {
    .iVersion = 0,
    .xCreate = 0, /* eponymous-only */
    .xConnect = status_connect,
    .xBestIndex = status_best_index,
    .xDisconnect = status_disconnect,
    .xDestroy = 0,
    .xOpen = status_open,
    .xClose = status_close,
    .xFilter = status_filter,
    .xNext = status_next,
    .xEof = status_eof,
    .xColumn = status_column,
    .xRowid = status_rowid,
    .xUpdate = 0, /* read-only */
};

int status_vtab_register(sqlite3 *db, const struct status_table *const *tables, int count) {
  int i, rc = SQLITE_OK;
  for (i = 0; i < count && rc == SQLITE_OK; i++)
    rc = sqlite3_create_module(db, tables[i]->name, &status_module, (void *)tables[i]);
  return rc;
}
