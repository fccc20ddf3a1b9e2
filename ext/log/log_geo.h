/* log_geo.h: registers http_geo(ip, mmdb_path [, field]) (log_geo.c). */
#ifndef LOG_GEO_H
#define LOG_GEO_H

#include <sqlite3ext.h>

int log_geo_register(sqlite3 *db);

#endif
