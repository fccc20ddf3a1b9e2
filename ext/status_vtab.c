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
  const struct http_status_table *table;
};

/* A cursor produces the rows in slots begin..end-1, upwards or downwards;
** pos is always a used slot or outside that range. */
struct status_cursor {
  sqlite3_vtab_cursor base;
  const struct http_status_table *table;
  int begin, end;
  int pos;
  int descending;
  sqlite3_int64 ordinal; /* the row's place in the scan, from 1 */
};

/*
** This method is called to connect a table: it declares the schema and marks
** the table innocuous, so views, triggers and generated columns may use it
** under PRAGMA trusted_schema=OFF. pAux is the table's struct http_status_table.
*/
static int status_connect(sqlite3 *db, void *pAux, int argc, const char *const *argv,
                          sqlite3_vtab **ppVtab, char **pzErr) {
  const struct http_status_table *table = pAux;
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
** order; STATUS_EQ always comes alone. The code equality is omitted:
** status_filter decides it exactly as SQLite's own rowid lookup in an
** ordinary table does (numeric affinity, then an integer or an integral
** real), so SQLite need not test it again on each row. No other constraint is
** omitted: SQLite tests each again on every row produced, so for them
** status_filter only has to produce every row that can match, and comparison,
** affinity and collation stay exactly SQLite's own.
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
  return sqlite3_stricmp(collation, "BINARY") == 0 || sqlite3_stricmp(collation, "NOCASE") == 0 ||
         sqlite3_stricmp(collation, "RTRIM") == 0;
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

/* The number of rows a table has (not slots). */
static int count_rows(const struct http_status_table *table, int begin, int end) {
  int i, rows = 0;
  for (i = begin; i < end; i++) rows += table->slot_used == NULL || table->slot_used(i);
  return rows;
}

/* The number of rows in the largest class of a keyed table. */
static int largest_class_rows(const struct http_status_table *table) {
  int digit, largest = 0;
  for (digit = 1; digit <= 5; digit++) {
    int first = digit * 100 - table->first_code;
    int rows = count_rows(table, first, first + 100);
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
  const struct http_status_table *table = ((struct status_vtab *)pVtab)->table;
  int eq = -1, lower = -1, upper = -1, class_eq = -1;
  int argc = 0, idx_num = 0, i;
  double rows = count_rows(table, 0, table->slot_count());

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

/* Narrows [begin, end) to the slots of codes from first to last. */
static void keep_codes(struct status_cursor *cur, long long first, long long last) {
  long long begin = first - cur->table->first_code, end = last - cur->table->first_code + 1;
  if (begin > cur->begin) cur->begin = begin > cur->end ? cur->end : (int)begin;
  if (end < cur->end) cur->end = end < cur->begin ? cur->begin : (int)end;
}

/* Narrows [begin, end) to the codes that can be at least value. An integer
** column is below all text and blobs, so those keep no row. */
static void keep_above(struct status_cursor *cur, sqlite3_value *value) {
  double d;
  long long first;
  if (!http_status_value_number(value, &d) || d > HTTP_STATUS_MAX) {
    cur->end = cur->begin;
    return;
  }
  if (d <= HTTP_STATUS_MIN) return;
  first = (long long)d;
  keep_codes(cur, (double)first < d ? first + 1 : first, HTTP_STATUS_MAX);
}

/* Narrows [begin, end) to the codes that can be at most value. Every code
** is below text and blobs; nothing compares with NULL. */
static void keep_below(struct status_cursor *cur, sqlite3_value *value) {
  double d;
  if (!http_status_value_number(value, &d)) {
    if (sqlite3_value_type(value) == SQLITE_NULL) cur->end = cur->begin;
    return;
  }
  if (d < HTTP_STATUS_MIN) {
    cur->end = cur->begin;
    return;
  }
  if (d >= HTTP_STATUS_MAX) return;
  keep_codes(cur, HTTP_STATUS_MIN, (long long)d);
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
      keep_codes(cur, cls->digit * 100, cls->digit * 100 + 99);
      return;
    }
  }
}

/* Moves pos, in the scan's direction, to the nearest used slot. */
static void skip_unused(struct status_cursor *cur) {
  const struct http_status_table *table = cur->table;
  if (table->slot_used == NULL) return;
  if (cur->descending)
    while (cur->pos >= cur->begin && !table->slot_used(cur->pos)) cur->pos--;
  else
    while (cur->pos < cur->end && !table->slot_used(cur->pos)) cur->pos++;
}

/*
** This method is called to start a scan with the plan status_best_index
** chose: idxNum and argv as documented above STATUS_EQ.
*/
static int status_filter(sqlite3_vtab_cursor *pCursor, int idxNum, const char *idxStr, int argc,
                         sqlite3_value **argv) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  int k = 0, code;
  (void)idxStr;
  (void)argc;
  cur->descending = (idxNum & STATUS_DESC) != 0;
  cur->ordinal = 1;
  if (idxNum & STATUS_EQ) {
    /* The lookup of a join, once per row of the other table: kept short. */
    int slot = http_status_value_code(argv[0], &code) ? code - cur->table->first_code : -1;
    if (slot >= 0 && slot < cur->table->slot_count() &&
        (cur->table->slot_used == NULL || cur->table->slot_used(slot))) {
      cur->begin = cur->pos = slot;
      cur->end = slot + 1;
    } else {
      cur->begin = cur->end = cur->pos = 0;
    }
    return SQLITE_OK;
  }
  cur->begin = 0;
  cur->end = cur->table->slot_count();
  if (idxNum & STATUS_LOWER) keep_above(cur, argv[k++]);
  if (idxNum & STATUS_UPPER) keep_below(cur, argv[k++]);
  if (idxNum & STATUS_CLASS) keep_class(cur, argv[k++]);
  cur->pos = cur->descending ? cur->end - 1 : cur->begin;
  skip_unused(cur);
  return SQLITE_OK;
}

/* This method is called to advance to the next row. */
static int status_next(sqlite3_vtab_cursor *pCursor) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  cur->pos += cur->descending ? -1 : 1;
  cur->ordinal++;
  skip_unused(cur);
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
** row's place in the table counted from 1 (such tables are always scanned
** whole, in order). */
static int status_rowid(sqlite3_vtab_cursor *pCursor, sqlite3_int64 *pRowid) {
  struct status_cursor *cur = (struct status_cursor *)pCursor;
  *pRowid = cur->table->row_code ? cur->table->row_code(cur->pos) : cur->ordinal;
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

int http_status_vtab_register(sqlite3 *db, const struct http_status_table *const *tables,
                              int count) {
  int i, rc = SQLITE_OK;
  for (i = 0; i < count && rc == SQLITE_OK; i++)
    rc = sqlite3_create_module(db, tables[i]->name, &status_module, (void *)tables[i]);
  return rc;
}
