/*
** httpagent.c: the entry point of the httpagent extension: user agents
** parsed with uap-core's rules (browser, operating system, device, crawler).
**
** A library of its own: it reads nothing but its arguments (no file, no
** setting), so it is safe to load where SQL is untrusted, and it links
** PCRE2, which the other two libraries do not need.
*/
#include <sqlite3ext.h>

SQLITE_EXTENSION_INIT1

#include "../export.h"
#include "agent_func.h"

/* SQLITE_INNOCUOUS came with 3.31.0. */
#define HTTPAGENT_MIN_SQLITE 3031000
#define HTTPAGENT_MIN_SQLITE_TEXT "3.31.0"

EXTENSION_EXPORT int sqlite3_httpagent_init(sqlite3 *db, char **pzErrMsg,
                                            const sqlite3_api_routines *pApi) {
  int rc;
#ifdef SQLITE_CORE
  SQLITE_EXTENSION_INIT2(pApi);
#else
  if (sqlite3_api != pApi) SQLITE_EXTENSION_INIT2(pApi);
#endif
  if (sqlite3_libversion_number() < HTTPAGENT_MIN_SQLITE) {
    if (pzErrMsg)
      *pzErrMsg = sqlite3_mprintf("httpagent: needs SQLite " HTTPAGENT_MIN_SQLITE_TEXT
                                  " or later, but this is SQLite %s",
                                  sqlite3_libversion());
    return SQLITE_ERROR;
  }
  rc = agent_func_register(db);
  if (rc != SQLITE_OK && pzErrMsg)
    *pzErrMsg = sqlite3_mprintf("httpagent: cannot register its functions: %s",
                                rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
  return rc;
}
