/* log_formats_vtab.h: registers the table http_log_formats. */
#ifndef LOG_FORMATS_VTAB_H
#define LOG_FORMATS_VTAB_H

#include <sqlite3ext.h>

int log_formats_vtab_register(sqlite3 *db);

#endif
