/*
** agent_func.h: the SQL functions of the httpagent library.
*/
#ifndef HTTPAGENT_FUNC_H
#define HTTPAGENT_FUNC_H

#include <sqlite3ext.h>

/* Registers http_agent() and the http_agent_*() functions on db. */
int agent_func_register(sqlite3 *db);

#endif
