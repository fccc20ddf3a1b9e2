/* log_record.h: one access-log line as every format reads it.
 *
 * Contract between the parsers (one per format family, log_format_*.c) and
 * the http_log() table (log_vtab.c). A parser fills a log_record from one
 * line; the table turns it into a row. The same columns for every format:
 * a field the format lacks stays absent and reads as NULL.
 *
 * Text fields point either into the line itself or into the scratch buffer
 * (log_scratch), and stay valid until the next line is parsed. Text handed
 * to SQLite is always valid UTF-8: a parser that decodes escapes or copies
 * bytes it did not check goes through log_scratch_put_text(), which writes
 * an invalid byte as the four characters \xNN. No allocation per line: the
 * scratch buffer grows only when a longer line than any before arrives.
 *
 * The helpers (scratch, UTF-8, JSON for extra, log_record_fail) are in
 * log_text.h; times are read, checked and written by log_time.h.
 */
#ifndef LOG_RECORD_H
#define LOG_RECORD_H

#include <stddef.h>
#include <stdint.h>

/* A byte range; p == NULL means absent (NULL in SQL). */
typedef struct log_text {
  const char *p;
  size_t n;
} log_text;

/* A calendar time as the log wrote it. The parser validates it (days per
 * month, leap years, 00-23 hours, 00-59 minutes, 00-60 seconds, offsets
 * within +-14:00) before setting present. */
typedef struct log_time {
  int present;
  int year, month, day, hour, minute, second;
  uint32_t nanos;     /* fractional second, 0..999999999 */
  int frac_digits;    /* digits the log gave (0 = none), 0..9 */
  int offset_minutes; /* the log's own UTC offset, east positive */
  int has_offset;     /* 0 when the log gives none (W3C: UTC, Z) */
  /* 1 when the time is the server's local time with no offset written
   * (e.g. Apache %{%Y-%m-%d %H:%M:%S}t): time has no suffix, time_utc is
   * NULL. 0 (the default) with has_offset 0 means UTC. */
  int local;
} log_time;

/* Indices of the visible columns, in declaration order; log_vtab.c declares
 * the table from the same list. */
enum log_column {
  LOG_COL_TIME,
  LOG_COL_TIME_UTC,
  LOG_COL_CLIENT,
  LOG_COL_REMOTE_USER,
  LOG_COL_METHOD,
  LOG_COL_PATH,
  LOG_COL_QUERY,
  LOG_COL_PROTOCOL,
  LOG_COL_STATUS,
  LOG_COL_BYTES,
  LOG_COL_REFERRER,
  LOG_COL_USER_AGENT,
  LOG_COL_HOST,
  LOG_COL_PORT,
  LOG_COL_DURATION,
  LOG_COL_EXTRA,
  LOG_COL_FORMAT,
  /* hidden: the table-valued function's arguments, http_log(source
   * [, source_format]); SQLite binds arguments to the first hidden columns,
   * so these come first */
  LOG_COL_ARG_PATH,
  LOG_COL_ARG_FORMAT,
  /* hidden: where the row comes from and why it did not parse */
  LOG_COL_FILE,
  LOG_COL_LINE,
  LOG_COL_RAW,
  LOG_COL_ERROR
};

struct log_json_field;
struct log_scratch;

typedef struct log_record {
  log_time time;
  log_text client, remote_user, method, path, query, protocol;
  log_text referrer, user_agent, host;
  int has_status, has_bytes, has_port, has_duration;
  int64_t status, bytes, port;
  double duration; /* seconds */
  /* A JSON object of the fields the format has beyond the columns above,
   * or absent. Most queries never read it, so a parser only says what it
   * holds and log_record_extra() (log_text.h) writes it when the column is
   * read: either extra_fields[0..extra_count), written as one object, or
   * extra_writer(extra_state, ...), a family's own writer. Either way the
   * row's other columns, and whether it is a row at all, do not depend on
   * it. */
  log_text extra;
  const struct log_json_field *extra_fields;
  int extra_count;
  int (*extra_writer)(void *state, struct log_scratch *out, log_text *json);
  void *extra_state;
  /* The name of the format the line was read as ("combined", "w3c", ...). */
  const char *format;
  /* NULL when the line parsed. Otherwise a reason naming the field and the
   * byte offset (0-based) where the line stopped matching, built in the
   * scratch buffer; every other field is then cleared by log_record_fail(). */
  log_text error;
} log_record;

/* A growable buffer for decoded text, reused line after line. */
typedef struct log_scratch {
  char *buf;
  size_t len, cap;
} log_scratch;

#endif
