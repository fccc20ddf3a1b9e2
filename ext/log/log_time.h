/* log_time.h: reading, checking and writing the times of access logs.
 * No SQLite types; shared by every format family. The byte helpers it
 * reads digits with are log_fields.h's. */
#ifndef LOG_TIME_H
#define LOG_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "log_record.h"

/* 1 when t is a real calendar time: month 1-12, the day within its month
 * (leap years counted), hours 00-23, minutes 00-59, seconds 00-60, year
 * 0000-9999 and, with has_offset, an offset within +-14:00. */
/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
int64_t log_days_from_civil(int64_t y, int m, int d);

int log_time_valid(const log_time *t);

/* Month number (1-12) of an English three-letter abbreviation, or 0. */
int log_month_from_abbrev(const char *p);

/* Parsers: read a time at p (not past end), fill *t and return the first
 * byte after it, or NULL when the text there does not have the syntax.
 * t->present is set only when the time is also valid (log_time_valid), so
 * 31/Feb/2023 returns its end with present 0. */
/* 10/Oct/2023:13:55:36[.fff] +0000 (Apache %t inside its brackets,
 * NGINX $time_local) */
const char *log_time_parse_clf(const char *p, const char *end, log_time *t);
/* 10/Oct/2023:13:55:36[.fff] without an offset: the server's local time
 * (t->local; HAProxy's accept date inside its brackets) */
const char *log_time_parse_clf_ms(const char *p, const char *end, log_time *t);
/* 2023-10-10T13:55:36[.fff](Z|+00:00|+0000) (NGINX $time_iso8601) */
const char *log_time_parse_iso8601(const char *p, const char *end, log_time *t);
/* The two halves of a W3C time, each checked only for its syntax (the
 * caller puts them together and checks the whole with log_time_valid()):
 * 2023-10-10 (fills year, month, day) and 13:55:36[.fff] (fills hour,
 * minute, second and, when there is a fraction, nanos and frac_digits). */
const char *log_time_parse_date(const char *p, const char *end, log_time *t);
const char *log_time_parse_clock(const char *p, const char *end, log_time *t);
/* Seconds since the epoch with up to 9 decimals (NGINX $msec, 1696946136.123);
 * scale 1 (seconds), 1000 (ms) or 1000000 (us) for integers of those units. */
const char *log_time_parse_epoch(const char *p, const char *end, int64_t scale, log_time *t);
/* A UTC offset +hhmm or +hh:mm (colon 0: without, 1: with, 2: either) into
 * t->offset_minutes, setting t->has_offset; the caller checks its range
 * (log_time_valid). */
const char *log_time_parse_offset(const char *p, const char *end, int colon, log_time *t);
/* Sets t from seconds since the epoch (UTC). Returns 0, or -1 out of range. */
int log_time_from_epoch(log_time *t, int64_t seconds, uint32_t nanos, int frac_digits);

/* Writers; buf needs LOG_TIME_TEXT_MAX bytes; return the length written.
 * local: 2023-10-10T13:55:36.123+02:00 (Z without an offset; nothing when
 * t->local). utc: 2023-10-10 13:55:36.123 (0 when t->local). */
#define LOG_TIME_TEXT_MAX 40
size_t log_time_format_local(const log_time *t, char *buf);
size_t log_time_format_utc(const log_time *t, char *buf);

#endif
