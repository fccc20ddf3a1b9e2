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
 * log_text.h; times are read, checked and written by log_time.h. Which of
 * these fields a field of a line fills is a target of log_target.h.
 */
#ifndef LOG_RECORD_H
#define LOG_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "log_target.h"

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

struct log_scratch;

/* One member of the extra JSON object. */
typedef struct log_json_field {
  const char *key; /* ASCII, written as is */
  log_text value;  /* valid UTF-8 (a column-ready text) */
  /* LOG_JSON_TEXT: a string; LOG_JSON_NUMBER: unquoted when it is a JSON
   * number, else a string; LOG_JSON_RAW: JSON already (an array), as it is */
  int is_number;
} log_json_field;

enum { LOG_JSON_TEXT, LOG_JSON_NUMBER, LOG_JSON_RAW };

enum { LOG_TRAILING_NONE, LOG_TRAILING_AFTER_QUOTE, LOG_TRAILING_AFTER_FIELD };

/* The key of extra under which fields a line has after all the format's
 * fields are kept, as a JSON array of strings. */
#define LOG_EXTRA_TRAILING "trailing_fields"

/* Most fields a prefix stage (log_prefix.h) reads. */
#define LOG_PREFIX_FIELDS 3

typedef struct log_record {
  /* Set by the reader before parse(): 1 when the whole line is valid UTF-8
   * without NUL, so that any part of it can be a column as it is. */
  int line_valid;
  log_time time;
  log_text client, remote_user, method, path, query, protocol;
  log_text referrer, user_agent, host;
  int has_status, has_bytes, has_port, has_duration;
  int64_t status, bytes, port;
  double duration; /* seconds */
  /* A JSON object of the fields the line has beyond the columns above,
   * or absent. Most queries never read it, so a parser only says what it
   * holds and log_record_extra() (log_text.h) writes it when the column is
   * read: the prefix stage's fields, then the parser's, either
   * extra_fields[0..extra_count) or what extra_members(extra_state, ...), a
   * family's own writer, appends (at most extra_bound bytes). Either way the
   * row's other columns, and whether it is a row at all, do not depend on
   * it. */
  log_text extra;
  int prefix_count; /* of prefix_fields, at the end */
  const log_json_field *extra_fields;
  int extra_count;
  /* Appends ,"key":value for each member (no comma before the first when
   * *any is 0; sets *any). Cannot fail: out has room for extra_bound. */
  void (*extra_members)(void *state, struct log_scratch *out, int *any);
  void *extra_state;
  size_t extra_bound;
  /* The name of the format the line was read as ("combined", "w3c", ...). */
  const char *format;
  /* NULL when the line parsed. Otherwise a reason naming the field and the
   * byte offset (0-based) where the line stopped matching, built in the
   * scratch buffer; every other field is then cleared by log_record_fail(). */
  log_text error;
  /* The line had fields after all of the format's, kept in extra as
   * LOG_EXTRA_TRAILING: 0 none, LOG_TRAILING_AFTER_QUOTE after a quoted
   * last field (where the format surely ends), LOG_TRAILING_AFTER_FIELD after
   * an unquoted one (the first of them could be the format's own next field:
   * a format with one field more reads it so). Detection and the per-line
   * fallback (log_reader.c) count only lines read exactly or after a quote,
   * so that "combined and a number" is not taken for combined_usec. */
  int trailing;
  /* Bytes of the line before the text the parser was given (a prefix):
   * log_record_fail() adds them, so that offsets count from the line. */
  long error_base;
  /* Last: log_record_clear() leaves them as they are; only the first
   * prefix_count are read. */
  log_json_field prefix_fields[LOG_PREFIX_FIELDS];
  /* What the query reads, set by the reader (log_reader_options.wanted):
   * bit 1 << LOG_TARGET_x for a column, 1 << LOG_TARGET_EXTRA for extra.
   * A parser may leave out the work of a column no one reads
   * (log_target_wants()), never what decides whether a line is a row. */
  unsigned wanted;
} log_record;

#define LOG_WANT(target) (1u << (target))
#define LOG_WANT_ALL (~0u)

/* The bits of log_record.wanted of which one must be set for a field of
 * this target to be read, or 0 when it always is: a column's own and
 * extra's. A request line or target fills method, path, query, protocol,
 * host and port, which the host and port fields fill too; a time, a status
 * and a required field decide whether the line is a row. */
static inline unsigned log_target_wants(enum log_target target) {
  const unsigned url = LOG_WANT(LOG_TARGET_METHOD) | LOG_WANT(LOG_TARGET_PATH) |
                       LOG_WANT(LOG_TARGET_QUERY) | LOG_WANT(LOG_TARGET_PROTOCOL) |
                       LOG_WANT(LOG_TARGET_HOST) | LOG_WANT(LOG_TARGET_PORT);
  switch (target) {
  case LOG_TARGET_CLIENT:
  case LOG_TARGET_REMOTE_USER:
  case LOG_TARGET_BYTES:
  case LOG_TARGET_REFERRER:
  case LOG_TARGET_USER_AGENT:
  case LOG_TARGET_DURATION: return LOG_WANT(LOG_TARGET_EXTRA) | LOG_WANT(target);
  case LOG_TARGET_METHOD:
  case LOG_TARGET_PATH:
  case LOG_TARGET_QUERY:
  case LOG_TARGET_PROTOCOL:
  case LOG_TARGET_HOST:
  case LOG_TARGET_PORT:
  case LOG_TARGET_REQUEST:
  case LOG_TARGET_URI: return LOG_WANT(LOG_TARGET_EXTRA) | url;
  default: return 0;
  }
}

/* Clears a record for the next line: every member but prefix_fields, whose
 * 96 bytes prefix_count says are unused. */
static inline void log_record_clear(log_record *rec) {
  memset(rec, 0, offsetof(log_record, prefix_fields));
}

/* A growable buffer for decoded text, reused line after line. */
typedef struct log_scratch {
  char *buf;
  size_t len, cap;
} log_scratch;

#endif
