/*
** status_pattern.h: status patterns such as '5xx,401,403' or '400-499'.
*/
#ifndef HTTPSTATUS_STATUS_PATTERN_H
#define HTTPSTATUS_STATUS_PATTERN_H

#include "status_data.h"

/* The set of codes a pattern matches, one bit per code from 100 to 599. */
struct http_status_pattern {
  unsigned char bits[(HTTP_STATUS_MAX - HTTP_STATUS_MIN) / 8 + 1];
};

/*
** Compiles text[0..len-1]: items separated by commas, each a code (404), a
** class (5xx or 5XX) or an inclusive range (400-499), spaces allowed around
** items. Returns a pattern to release with sqlite3_free(), or NULL with
** *error set to a message (release it with sqlite3_free()) naming the bad
** item, or NULL with *error left NULL when memory ran out.
*/
struct http_status_pattern *http_status_pattern_compile(const char *text, int len, char **error);

/* 1 when code (100..599) is in the pattern, else 0. */
static inline int http_status_pattern_matches(const struct http_status_pattern *pattern, int code) {
  int bit = code - HTTP_STATUS_MIN;
  return (pattern->bits[bit / 8] >> (bit % 8)) & 1;
}

#endif
