/*
** status_tables.h: registration of the httpstatus virtual tables.
*/
#ifndef HTTPSTATUS_STATUS_TABLES_H
#define HTTPSTATUS_STATUS_TABLES_H

#include <sqlite3ext.h>

/* Registers http_status, http_status_meanings, http_status_aliases,
** http_status_classes, http_status_notes and http_status_sources. */
int http_status_register_tables(sqlite3 *db);

#endif
