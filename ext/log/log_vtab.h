/* log_vtab.h: registers the http_log() table-valued function. */
#ifndef LOG_VTAB_H
#define LOG_VTAB_H

#include <sqlite3ext.h>

int log_vtab_register(sqlite3 *db);

#endif
