/*
** httpstatus.c: the extension's entry point.
**
** Loaded at run time (".load ./httpstatus", load_extension), SQLite calls
** sqlite3_httpstatus_init. Compiled into an application with -DSQLITE_CORE,
** the application calls it itself, e.g. through sqlite3_auto_extension().
*/
#include <sqlite3ext.h>

SQLITE_EXTENSION_INIT1

#include "export.h"
#include "status_func.h"
#include "status_tables.h"

/* Eponymous-only innocuous tables and innocuous functions need 3.31.0. */
#define HTTPSTATUS_MIN_SQLITE 3031000
#define HTTPSTATUS_MIN_SQLITE_TEXT "3.31.0"

/* The library's one exported symbol (see export.h). */
EXTENSION_EXPORT int sqlite3_httpstatus_init(sqlite3 *db, char **pzErrMsg,
                                             const sqlite3_api_routines *pApi) {
  int rc;
#ifdef SQLITE_CORE
  SQLITE_EXTENSION_INIT2(pApi);
#else
  /* Every load passes the same routines. Writing them only when they differ
  ** keeps a load on one thread from racing with lookups running on others. */
  if (sqlite3_api != pApi) SQLITE_EXTENSION_INIT2(pApi);
#endif
  if (sqlite3_libversion_number() < HTTPSTATUS_MIN_SQLITE) {
    if (pzErrMsg)
      *pzErrMsg = sqlite3_mprintf("httpstatus: needs SQLite " HTTPSTATUS_MIN_SQLITE_TEXT
                                  " or later, but this is SQLite %s",
                                  sqlite3_libversion());
    return SQLITE_ERROR;
  }
  rc = http_status_register_functions(db);
  if (rc == SQLITE_OK) rc = http_status_register_tables(db);
  if (rc != SQLITE_OK && pzErrMsg)
    *pzErrMsg = sqlite3_mprintf("httpstatus: cannot register: %s", sqlite3_errmsg(db));
  return rc;
}
