/*
** httplog.c: the entry point of the httplog extension: http_log(),
** http_log_formats and httplog_version().
**
** A library of its own, apart from httpstatus, because it reads files: an
** application that loads httpstatus for users it does not trust must not
** give them file access by doing so.
*/
#include <sqlite3ext.h>
#include <stddef.h>

SQLITE_EXTENSION_INIT1

#include "../export.h"
#include "../version.h"
#include "log_formats_vtab.h"
#include "log_vtab.h"

/* SQLITE_VTAB_DIRECTONLY came with 3.31.0. */
#define HTTPLOG_MIN_SQLITE 3031000
#define HTTPLOG_MIN_SQLITE_TEXT "3.31.0"

/* httplog_version(): the same version as httpstatus_version(). */
static void version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_text(ctx, HTTPSTATUS_VERSION, -1, SQLITE_STATIC);
}

EXTENSION_EXPORT int sqlite3_httplog_init(sqlite3 *db, char **pzErrMsg,
                                          const sqlite3_api_routines *pApi) {
  int rc;
#ifdef SQLITE_CORE
  SQLITE_EXTENSION_INIT2(pApi);
#else
  if (sqlite3_api != pApi) SQLITE_EXTENSION_INIT2(pApi);
#endif
  if (sqlite3_libversion_number() < HTTPLOG_MIN_SQLITE) {
    if (pzErrMsg)
      *pzErrMsg = sqlite3_mprintf("httplog: needs SQLite " HTTPLOG_MIN_SQLITE_TEXT
                                  " or later, but this is SQLite %s",
                                  sqlite3_libversion());
    return SQLITE_ERROR;
  }
  rc = log_vtab_register(db);
  if (rc == SQLITE_OK) rc = log_formats_vtab_register(db);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "httplog_version", 0,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                 version_func, NULL, NULL);
  if (rc != SQLITE_OK && pzErrMsg)
    *pzErrMsg = sqlite3_mprintf("httplog: cannot register its functions: %s", sqlite3_errmsg(db));
  return rc;
}
