/*
** report_scan.h: the one pass over the input (report_scan.c).
*/
#ifndef REPORT_SCAN_H
#define REPORT_SCAN_H

#include <sqlite3.h>

/* The columns of a statement given to report_scan_rows(), in this order:
**   at        the UTC time as 'YYYY-MM-DD HH:MM:SS[.fff]' (or the local
**             time where the log gives no offset), or NULL
**   client, path, status, bytes, duration
**   agents    'bots', 'people' or 'unknown' (NULL without http_agent_is_bot())
**   file, line, error, raw   as http_log() has them: error NULL for a parsed
**             line (raw may then be NULL too); a row with an error goes to
**             rejects as (source_file, line, reason, raw)
*/
enum {
  COL_AT,
  COL_CLIENT,
  COL_PATH,
  COL_STATUS,
  COL_BYTES,
  COL_DURATION,
  COL_AGENTS,
  COL_FILE,
  COL_LINE,
  COL_ERROR,
  COL_RAW
};

struct scan;

/* Starts a pass whose results go to the temp tables (report_query.c made
** them); NULL when out of memory or the tables are missing. */
struct scan *report_scan_open(sqlite3 *db);
/* Steps row to its end, summing the parsed lines and storing the others;
** counts them into *requests and *rejected. An SQLite result code. */
int report_scan_rows(struct scan *s, sqlite3_stmt *row, sqlite3_int64 *requests,
                     sqlite3_int64 *rejected);
/* Writes the sums to the temp tables (db NULL: drops them) and frees s. */
int report_scan_close(sqlite3 *db, struct scan *s);

#endif
