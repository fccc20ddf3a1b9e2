/*
** status_func.h: registration of the httpstatus scalar functions.
*/
#ifndef HTTPSTATUS_STATUS_FUNC_H
#define HTTPSTATUS_STATUS_FUNC_H

#include <sqlite3ext.h>

#include "version.h"

/* Registers http_status_name, http_status_class, http_status_meaning,
** http_status_line, http_status_code, http_status_match and
** httpstatus_version. Returns the first error. */
int http_status_register_functions(sqlite3 *db);

#endif
