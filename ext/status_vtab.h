/*
** status_vtab.h: read-only, eponymous virtual tables over compiled arrays.
**
** One engine (status_vtab.c) serves every table; each table is described by
** a struct http_status_table (status_tables.c).
*/
#ifndef HTTPSTATUS_STATUS_VTAB_H
#define HTTPSTATUS_STATUS_VTAB_H

#include <sqlite3ext.h>

struct http_status_table {
  const char *name;   /* the module's and the table's name */
  const char *schema; /* the CREATE TABLE given to sqlite3_declare_vtab */
  /* The rows sit in slots 0 to slot_count() - 1, in the order a scan gives. */
  int (*slot_count)(void);
  /* Whether slot i holds a row; NULL when every slot does. */
  int (*slot_used)(int i);
  /* Sets the result to column col of the row in slot i. */
  void (*column)(sqlite3_context *ctx, int i, int col);

  /* Tables keyed by code set the three members below; others leave them 0.
  ** Slot i is for code first_code + i: such tables serve lookups, ranges and
  ** ORDER BY on the code, which is column 0 and the rowid. */
  int (*row_code)(int i);
  int first_code;
  int class_column; /* column holding the class name of the code; 0 if none */
};

/* Registers every table in tables[0..count-1] as an eponymous-only module. */
int http_status_vtab_register(sqlite3 *db, const struct http_status_table *const *tables,
                              int count);

#endif
