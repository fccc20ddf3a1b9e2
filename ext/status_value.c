/*
** status_value.c: reading an SQL value as a status code.
*/
#include "status_value.h"

#include "status_data.h"

SQLITE_EXTENSION_INIT3

int http_status_value_number(sqlite3_value *value, double *number) {
  int type = sqlite3_value_type(value);
  if (type == SQLITE_TEXT) type = sqlite3_value_numeric_type(value);
  if (type == SQLITE_INTEGER) {
    *number = (double)sqlite3_value_int64(value);
    return 1;
  }
  if (type == SQLITE_FLOAT) {
    *number = sqlite3_value_double(value);
    return 1;
  }
  return 0;
}

int http_status_value_code(sqlite3_value *value, int *code) {
  int type = sqlite3_value_type(value);
  if (type == SQLITE_TEXT) type = sqlite3_value_numeric_type(value);
  if (type == SQLITE_INTEGER) {
    sqlite3_int64 i = sqlite3_value_int64(value);
    if (i < HTTP_STATUS_MIN || i > HTTP_STATUS_MAX) return 0;
    *code = (int)i;
    return 1;
  }
  if (type == SQLITE_FLOAT) {
    /* The range test comes first so that NaN and infinities fail it. */
    double d = sqlite3_value_double(value);
    if (!(d >= HTTP_STATUS_MIN && d <= HTTP_STATUS_MAX) || d != (double)(int)d) return 0;
    *code = (int)d;
    return 1;
  }
  return 0;
}

int http_status_quote_length(const char *text, int len, int max) {
  if (len <= max) return len;
  while (max > 0 && (text[max] & 0xC0) == 0x80) max--;
  return max;
}
