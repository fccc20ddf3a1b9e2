/* log_target.h: what a field of a log line fills, for every format family.
 *
 * A format is a list of fields, and each field has a target: one of the
 * columns of log_record (log_record.h), a member of extra under the
 * field's name, or a composite that fills several columns (a request line)
 * or a part of one (a piece of the time, a term of the duration). The text,
 * W3C, JSON and positional families (log_format_*.c) all say where a field
 * goes with this one enum.
 */
#ifndef LOG_TARGET_H
#define LOG_TARGET_H

#include <stddef.h>

enum log_target {
  LOG_TARGET_EXTRA, /* a member of extra, under the field's name */
  LOG_TARGET_TIME,  /* a complete time */
  LOG_TARGET_CLIENT,
  LOG_TARGET_REMOTE_USER,
  LOG_TARGET_METHOD,
  LOG_TARGET_PATH,
  LOG_TARGET_QUERY,
  LOG_TARGET_PROTOCOL,
  LOG_TARGET_STATUS,
  LOG_TARGET_BYTES,
  LOG_TARGET_REFERRER,
  LOG_TARGET_USER_AGENT,
  LOG_TARGET_HOST,
  LOG_TARGET_PORT,
  LOG_TARGET_DURATION,
  /* Composites. */
  LOG_TARGET_REQUEST,       /* a request line: method, path, query and protocol */
  LOG_TARGET_URI,           /* a request target: path and query */
  LOG_TARGET_TIME_PART,     /* a piece of the time: a date, a time of day, a fraction */
  LOG_TARGET_DURATION_PART, /* a term of the duration, which is the sum of its terms */
  LOG_TARGET_REQUIRE,       /* read and required, fills nothing (JSON's require=) */
  LOG_TARGET_COUNT
};

/* A target's name as mappings and messages spell it: "user_agent",
 * "request", "require" (log_fields.c). */
const char *log_target_name(enum log_target target);

/* The target called name[0..n), or -1. */
int log_target_find(const char *name, size_t n);

#endif
