/*
** status_vtab.h: read-only, eponymous virtual tables over compiled arrays.
**
** One engine (status_vtab.c) serves every table; each table is described by
** a struct status_table (status_tables.c).
*/
#ifndef HTTPSTATUS_STATUS_VTAB_H
#define HTTPSTATUS_STATUS_VTAB_H

#include <sqlite3ext.h>

struct status_table {
  const char *name;   /* the module's and the table's name */
  const char *schema; /* the CREATE TABLE given to sqlite3_declare_vtab */
  int (*row_count)(void);
  /* Sets the result to column col of row i (0 <= i < row_count()). */
  void (*column)(sqlite3_context *ctx, int i, int col);

  /* Tables keyed by code set the three members below; others leave them 0.
  ** Their rows are sorted by a unique code, which is column 0 and the rowid,
  ** and they serve lookups, ranges and ORDER BY on it. */
  int (*row_code)(int i);
  int (*lower_bound)(long long code); /* first row whose code is >= code */
  int class_column;                   /* column holding the class name of the code; 0 if none */
};

/* Registers every table in tables[0..count-1] as an eponymous-only module. */
int status_vtab_register(sqlite3 *db, const struct status_table *const *tables, int count);

#endif
