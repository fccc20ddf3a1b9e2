/*
** status_value.h: reading an SQL value as a status code.
*/
#ifndef HTTPSTATUS_STATUS_VALUE_H
#define HTTPSTATUS_STATUS_VALUE_H

#include <sqlite3ext.h>

/* Reads value as a code the way a comparison with an INTEGER column does:
** text gets SQLite's numeric affinity first (so '404', ' 404', '404.0' and
** '4.04e2' all give 404), then an integer, or a real with no fractional
** part, is a code. Sets *code and returns 1 for a code from 100 to 599;
** returns 0 for anything else (NULL, blobs, other text, 404.5, 99, 2^63). */
int http_status_value_code(sqlite3_value *value, int *code);

/* Like http_status_value_code, without the 100..599 check: *number gets the
** value as a double after numeric affinity. Returns 0 when the value is not
** a number after affinity (NULL, blob, non-numeric text). */
int http_status_value_number(sqlite3_value *value, double *number);

/* How many bytes of text[0..len-1] an error message quotes: all of them up
** to max, else max or fewer, cut where no UTF-8 character is split. */
int http_status_quote_length(const char *text, int len, int max);

#endif
