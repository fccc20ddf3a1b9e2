/*
** httplog_unit.c: checks of the parts of ext/log/ that need no SQLite: the
** time reader and writer, the field reader of the positional and W3C
** formats, UTF-8 and JSON writing, the scratch buffer, and the order of
** rotated files. Prints TAP; tests/httplog_unit.t runs it.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log_fields.h"
#include "log_input.h"
#include "log_reader.h"
#include "log_text.h"
#include "log_time.h"

static int count, failed;

/* Allocation failures: the allocator of this program fails its Nth call
 * from now when fail_countdown is N (glibc lets a program replace malloc). */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static int fail_countdown, fail_hits;
static int should_fail(void) {
  if (fail_countdown > 0 && --fail_countdown == 0) {
    fail_hits++;
    return 1;
  }
  return 0;
}
void *malloc(size_t n) { return should_fail() ? NULL : __libc_malloc(n); }
void *calloc(size_t n, size_t k) { return should_fail() ? NULL : __libc_calloc(n, k); }
void *realloc(void *p, size_t n) { return should_fail() ? NULL : __libc_realloc(p, n); }

static void is(const char *got, const char *expected, const char *name) {
  count++;
  if (strcmp(got, expected) == 0) {
    printf("ok %d - %s\n", count, name);
  } else {
    failed++;
    printf("not ok %d - %s\n#      got: %s\n# expected: %s\n", count, name, got, expected);
  }
}

/* The extra object of a record whose parser handed over these fields. */
static log_text extra_of(log_scratch *s, const log_json_field *fields, int n) {
  log_record rec;
  memset(&rec, 0, sizeof rec);
  log_record_defer_extra(&rec, fields, n);
  if (log_record_extra(&rec, s) != 0) rec.extra.p = NULL;
  return rec.extra;
}

/* A time read by one of the parsers, as "local utc" or "NULL" / "INVALID". */
static const char *read_time(const char *kind, const char *text) {
  static char out[128];
  char local[LOG_TIME_TEXT_MAX], utc[LOG_TIME_TEXT_MAX];
  log_time t;
  const char *end = text + strlen(text), *stop;
  if (strcmp(kind, "clf") == 0)
    stop = log_time_parse_clf(text, end, &t);
  else if (strcmp(kind, "iso") == 0)
    stop = log_time_parse_iso8601(text, end, &t);
  else if (strcmp(kind, "clfms") == 0)
    stop = log_time_parse_clf_ms(text, end, &t);
  else
    stop = log_time_parse_epoch(text, end, atoi(kind), &t);
  if (!stop) return "NULL";
  if (!t.present) return "INVALID";
  if (log_time_format_utc(&t, utc) == 0) strcpy(utc, "-");
  log_time_format_local(&t, local);
  snprintf(out, sizeof out, "%s %s%s", local, utc, stop == end ? "" : " (more)");
  return out;
}

static void times(void) {
  is(read_time("clf", "10/Oct/2023:13:55:36 +0000"),
     "2023-10-10T13:55:36+00:00 2023-10-10 13:55:36", "clf");
  is(read_time("clf", "31/Dec/2023:23:30:00 -0100"),
     "2023-12-31T23:30:00-01:00 2024-01-01 00:30:00", "clf: UTC in the next year");
  is(read_time("clf", "01/Mar/2024:00:00:00 +0100"),
     "2024-03-01T00:00:00+01:00 2024-02-29 23:00:00", "clf: UTC on 29 February");
  is(read_time("clf", "01/Jan/0000:00:00:00 +0100"),
     "0000-01-01T00:00:00+01:00 -001-12-31 23:00:00", "clf: UTC before year 0");
  is(read_time("clf", "31/Apr/2023:00:00:00 +0000"), "INVALID", "clf: 31 April");
  is(read_time("clf", "00/Apr/2023:00:00:00 +0000"), "INVALID", "clf: day 0");
  is(read_time("clf", "10/Oct/2023:13:60:00 +0000"), "INVALID", "clf: minute 60");
  is(read_time("clf", "10/Oct/2023:13:00:61 +0000"), "INVALID", "clf: second 61");
  is(read_time("clf", "10/Oct/2023:13:00:60 +0000"),
     "2023-10-10T13:00:60+00:00 2023-10-10 13:00:60", "clf: a leap second");
  is(read_time("clf", "10/Oct/2023:13:00:00 -1401"), "INVALID", "clf: -14:01");
  is(read_time("clf", "10/Oct/2023:13:00:00,5 +0000"),
     "2023-10-10T13:00:00.5+00:00 2023-10-10 13:00:00.5", "clf: a comma before the fraction");
  is(read_time("clf", "10/Oct/2023:13:00:00 +0000"),
     "2023-10-10T13:00:00+00:00 2023-10-10 13:00:00", "clf: exact length");
  is(read_time("clf", "10/Oct/2023:13:00:00"), "NULL", "clf: no offset");
  is(read_time("clf", "10/Oct/2023:13:00:00.123456789 +0000"),
     "2023-10-10T13:00:00.123456789+00:00 2023-10-10 13:00:00.123456789", "clf: nanoseconds");
  is(read_time("clf", "1x/Oct/2023:13:00:00 +0000"), "NULL", "clf: a letter in the day");
  is(read_time("clf", "10-Oct/2023:13:00:00 +0000"), "NULL", "clf: - for /");
  is(read_time("clf", "10/Oct-2023:13:00:00 +0000"), "NULL", "clf: - for the second /");
  is(read_time("clf", "10/Oct/2023-13:00:00 +0000"), "NULL", "clf: - for :");
  is(read_time("clf", "10/Oct/2023:13-00:00 +0000"), "NULL", "clf: - in the time");
  is(read_time("clf", "10/Oct/2023:13:00-00 +0000"), "NULL", "clf: - in the time (2)");
  is(read_time("clf", "10/Oct/2023:13:00:0x +0000"), "NULL", "clf: a letter in the seconds");
  is(read_time("clf", "10/Oct/2023:13:00:00 +00x0"), "NULL", "clf: a letter in the offset");
  is(read_time("clf", "10/Oct/2023:13:00:00 +0x00"), "NULL", "clf: a letter in the offset hours");
  is(read_time("iso", "2023-10-10T13:55:36+05:45"), "2023-10-10T13:55:36+05:45 2023-10-10 08:10:36",
     "iso with an offset");
  is(read_time("iso", "2023-10-10T13:55:36.5Z trailing"),
     "2023-10-10T13:55:36.5Z 2023-10-10 13:55:36.5 (more)", "iso Z, more text after it");
  is(read_time("iso", "2023-10-10T13:55:36+0545"), "2023-10-10T13:55:36+05:45 2023-10-10 08:10:36",
     "iso without a colon in the offset");
  is(read_time("iso", "2023x10-10T13:55:36Z"), "NULL", "iso: x for -");
  is(read_time("iso", "2023-10x10T13:55:36Z"), "NULL", "iso: x for the second -");
  is(read_time("iso", "2023-10-10T13x55:36Z"), "NULL", "iso: x for :");
  is(read_time("iso", "2023-10-10T13:55x36Z"), "NULL", "iso: x for the second :");
  is(read_time("iso", "2023-10-10T13:55:3xZ"), "NULL", "iso: x in the seconds");
  is(read_time("iso", "2023-1x-10T13:55:36Z"), "NULL", "iso: x in the month");
  is(read_time("iso", "2023-10-1xT13:55:36Z"), "NULL", "iso: x in the day");
  is(read_time("iso", "2023-10-10T1x:55:36Z"), "NULL", "iso: x in the hour");
  is(read_time("iso", "2023-10-10T13:5x:36Z"), "NULL", "iso: x in the minute");
  is(read_time("iso", "2023-10-10"), "NULL", "iso: a date alone");
  is(read_time("iso", "2023-10-10T13:55:36.Z"), "NULL", "iso: a point without digits");
  is(read_time("iso", "2023-10-10T13:55:36.1234567890Z"), "NULL", "iso: ten decimals");
  is(read_time("1", "1696946136.5"), "2023-10-10T13:55:36.5Z 2023-10-10 13:55:36.5",
     "epoch seconds");
  is(read_time("1000", "1696946136250"), "2023-10-10T13:55:36.250Z 2023-10-10 13:55:36.250",
     "epoch ms");
  is(read_time("1", "253402300800"), "NULL", "epoch: after 9999");
  is(read_time("1", "1234567890123456789"), "NULL", "epoch: more than 18 digits");
  is(read_time("1", ""), "NULL", "epoch: nothing");
  {
    log_time t;
    char buf[LOG_TIME_TEXT_MAX];
    is(log_time_from_epoch(&t, -62167219201LL, 0, 0) == -1 ? "refused" : "read", "refused",
       "epoch: before year 0");
    log_time_from_epoch(&t, -1, 0, 0);
    log_time_format_utc(&t, buf);
    is(buf, "1969-12-31 23:59:59", "epoch: -1");
    t.local = 1;
    is(log_time_format_utc(&t, buf) == 0 ? "none" : buf, "none", "a local time has no UTC");
    log_time_format_local(&t, buf);
    is(buf, "1969-12-31T23:59:59", "a local time has no suffix");
    t.local = 0;
    t.year = 10000;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "year 10000");
    t.year = 2023;
    t.month = 13;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "month 13");
    t.month = 2;
    t.hour = -1;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "hour -1");
    t.hour = 0;
    t.frac_digits = 10;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "ten digits of fraction");
    t.frac_digits = 0;
    t.nanos = 1000000000u;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "a fraction of 1 s");
  }
  is(read_time("clf", "10/Oct/2x23:13:00:00 +0000"), "NULL", "clf: a letter in the year");
  is(read_time("clf", "10/Oct/2023:1x:00:00 +0000"), "NULL", "clf: a letter in the hour");
  is(read_time("clf", "10/Oct/2023:13:x0:00 +0000"), "NULL", "clf: a letter in the minute");
  is(read_time("clf", "10/Oct/2023:13:00:00.12345"), "NULL", "clf: the end after the fraction");
  is(read_time("clf", "10/Oct/2023:13:00:00.12345x+0000"), "NULL",
     "clf: no space before the offset");
  is(read_time("iso", "2023-10-10T13:55:36+05:4"), "NULL", "iso: a short offset");
  is(read_time("iso", "2023-10-10T13:55:36+05-45"), "NULL", "iso: - in the offset");
  {
    log_time t;
    memset(&t, 0, sizeof t);
    t.year = 2023, t.month = 1, t.day = 1;
    t.year = -1;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "year -1");
    t.year = 2023, t.minute = -1;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "minute -1");
    t.minute = 0, t.second = -1;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "second -1");
    t.second = 0, t.frac_digits = -1;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "frac_digits -1");
    t.frac_digits = 0, t.minute = 60;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "minute 60");
    t.minute = 0, t.month = 0;
    is(log_time_valid(&t) ? "valid" : "invalid", "invalid", "month 0");
  }
  is(read_time("clfms", "25/Feb/2019:16:19:49.851"), "2019-02-25T16:19:49.851 -",
     "clf without an offset: local time, no UTC");
  is(read_time("clfms", "25/Feb/2019:16:19:49"), "2019-02-25T16:19:49 -",
     "clf without an offset: no fraction");
  is(read_time("clfms", "29/Feb/2019:16:19:49.851"), "INVALID", "clf without an offset: 29 Feb");
  is(read_time("clfms", "25/Feb/2019:16:19:49."), "NULL", "clf without an offset: a bare point");
  {
    log_time t;
    const char *d = "2015-01-13", *c = "00:32:17.25", *c2 = "00:32:17,25";
    is(log_time_parse_date(d, d + 10, &t) == d + 10 && t.year == 2015 && t.month == 1 && t.day == 13
           ? "read"
           : "wrong",
       "read", "a W3C date");
    is(log_time_parse_date(d, d + 9, &t) ? "read" : "NULL", "NULL", "a W3C date cut short");
    is(log_time_parse_clock(c, c + 11, &t) == c + 11 && t.second == 17 && t.frac_digits == 2 &&
               t.nanos == 250000000u
           ? "read"
           : "wrong",
       "read", "a W3C time with a fraction");
    is(log_time_parse_clock(c2, c2 + 11, &t) == c2 + 8 ? "stops" : "wrong", "stops",
       "a W3C time: no comma before a fraction");
    is(log_time_parse_offset(c2 + 2, c2 + 11, 0, &t) ? "read" : "NULL", "NULL",
       "an offset needs its sign");
  }
  is(log_month_from_abbrev("Dec") == 12 ? "12" : "?", "12", "December");
  is(log_month_from_abbrev("dec") == 0 ? "0" : "?", "0", "month names are case-sensitive");
}

/* One field read by log_field_read() from text, as "status bytes duration
 * extra" or the error row's reason. */
static const char *read_field(const log_field_def *d, const char *text) {
  static char out[512];
  log_scratch s = {NULL, 0, 0}, x = {NULL, 0, 0};
  log_json_field extra[16];
  log_field_line ln;
  log_record rec;
  int r;
  memset(&rec, 0, sizeof rec);
  log_scratch_begin(&s, strlen(text));
  log_field_line_begin(&ln, text, strlen(text), &rec, &s, extra, 16, 0, 0);
  r = log_field_read(&ln, d, text, strlen(text));
  if (r == 0) r = log_field_line_end(&ln);
  if (r > 0) log_field_fail(&ln, ln.failed, NULL, ln.failed_missing);
  if (r == 0 && log_record_extra(&rec, &x) != 0) r = -1;
  if (r < 0)
    snprintf(out, sizeof out, "FAILED");
  else if (rec.error.p)
    snprintf(out, sizeof out, "%.*s", (int)rec.error.n, rec.error.p);
  else
    snprintf(out, sizeof out, "%s %s %s %.*s", rec.has_status ? "status" : "-",
             rec.has_bytes ? "bytes" : "-", rec.has_duration ? "duration" : "-",
             rec.extra.p ? (int)rec.extra.n : 1, rec.extra.p ? rec.extra.p : "-");
  if (r == 0 && rec.has_duration) {
    size_t n = strlen(out);
    snprintf(out + n, sizeof out - n, " %.17g", rec.duration);
  }
  log_scratch_free(&s);
  log_scratch_free(&x);
  return out;
}

static void fields(void) {
  static const log_field_def timers[] = {
      {LOG_FIELD_DEF("Tq", LOG_FIELD_MILLIS, LOG_TARGET_EXTRA),
       .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1},
      {LOG_FIELD_DEF("Ta", LOG_FIELD_MILLIS, LOG_TARGET_DURATION),
       .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1 | LOG_FIELD_KEEP}};
  static const log_field_def slashed = {
      LOG_FIELD_DEF("timers", LOG_FIELD_SLASHED, LOG_TARGET_EXTRA), .parts = timers, .nparts = 2};
  static const log_field_def status = {LOG_FIELD_DEF("status", LOG_FIELD_STATUS, LOG_TARGET_STATUS),
                                       .flags = LOG_FIELD_MINUS1 | LOG_FIELD_DASH};
  static const log_field_def bytes = {LOG_FIELD_DEF("bytes", LOG_FIELD_INT, LOG_TARGET_BYTES),
                                      .flags = LOG_FIELD_PLUS, .error = "bytes read expected"};
  static const log_field_def word = {LOG_FIELD_DEF("type", LOG_FIELD_WORD, LOG_TARGET_EXTRA),
                                     .arg = "http https"};
  static const log_field_def date = {LOG_FIELD_DEF("date", LOG_FIELD_TIME_CLF_MS, LOG_TARGET_TIME),
                                     .flags = LOG_FIELD_BRACKETED, .missing = "[date] expected"};
  int t;
  for (t = 0; t < LOG_TARGET_COUNT; t++)
    if (log_target_find(log_target_name((enum log_target)t),
                        strlen(log_target_name((enum log_target)t))) != t)
      break;
  is(t == LOG_TARGET_COUNT ? "all" : log_target_name((enum log_target)t), "all",
     "every target found back by its name");
  is(log_target_find("user_agent", 4) == -1 ? "none" : "found", "none", "a target's name in part");
  {
    char hex[3] = {0, 0, 0};
    log_field_put_hex(hex, 0xAF);
    is(hex, "AF", "a byte in hexadecimal");
  }
  {
    uint64_t a = 73, b = 1048;
    int fa = 6, fb = 6;
    log_field_decimal_add(&a, &fa, b, fb);
    log_field_decimal_add(&a, &fa, 57, 6);
    is(a == 1178 && fa == 6 ? "exact" : "inexact", "exact", "decimals added exactly");
    a = 999999999999999999ULL, fa = 0;
    is(log_field_decimal_add(&a, &fa, 1, 0) ? "added" : "too long", "too long",
       "a sum of 19 digits does not fit");
  }
  is(read_field(&slashed, "+5/+1487"), "- - duration {\"Tq\":5,\"Ta\":1487} 1.4870000000000001",
     "a slash list: each part its own field, '+' dropped, Ta also kept");
  is(read_field(&slashed, "-1/-1"), "- - - -", "a slash list: -1 is absent");
  is(read_field(&slashed, "0/-5"), "Ta: not a duration at byte 2",
     "a slash list: a part names itself and its byte");
  is(read_field(&slashed, "0/5/6"), "timers: not numbers separated by / at byte 0",
     "a slash list of the wrong length");
  is(read_field(&status, "-"), "- - - -", "status: - is absent");
  is(read_field(&status, "-01"), "- - - -", "status: -1 written otherwise is absent too");
  is(read_field(&status, "1000"), "status: not a status code at byte 0", "status: 1000");
  is(read_field(&bytes, "+42"), "- bytes - -", "bytes after logasap's '+'");
  is(read_field(&bytes, "-"), "bytes read expected at byte 0", "bytes: its own reason");
  is(read_field(&word, "h2"), "type: not one of the words expected at byte 0",
     "a word not in the list");
  is(read_field(&word, "https"), "- - - {\"type\":\"https\"}", "a word in the list");
  is(read_field(&date, "25/Feb/2019:16:19:49.851"), "[date] expected at byte 0",
     "a bracketed field without its brackets");
  is(read_field(&date, "[25/Feb/2019:16:19:61.851]"),
     "date: not a valid dd/Mmm/yyyy:hh:mm:ss.mmm at byte 0", "a bracketed field's value");
}

static const char *put(log_scratch *s, const char *p, size_t n) {
  static char out[256];
  log_text t;
  log_scratch_begin(s, n);
  if (log_scratch_put_text(s, p, n, &t) != 0) return "FAILED";
  snprintf(out, sizeof out, "%.*s", (int)t.n, t.p);
  return out;
}

/* A text as "p" or NULL. */
static const char *shown(log_text t, char *buf, size_t n) {
  if (!t.p) return "NULL";
  snprintf(buf, n, "%.*s", (int)t.n, t.p);
  return buf;
}

/* A request line or a target split as every format splits it: "method
 * host port path query protocol", or "no request". */
static const char *split(const char *line, int target_only) {
  static char out[1024];
  char b[6][128];
  log_record rec;
  log_authority url = {{NULL, 0}, 0, 0};
  memset(&rec, 0, sizeof rec);
  if (target_only)
    log_field_target(line, strlen(line), &rec, &url);
  else if (!log_field_request(line, strlen(line), &rec, &url))
    return "no request";
  snprintf(b[1], sizeof b[1], "%lld", (long long)url.port);
  snprintf(out, sizeof out, "%s %s %s %s %s %s", shown(rec.method, b[0], sizeof b[0]),
           shown(url.host, b[2], sizeof b[2]), url.has_port ? b[1] : "NULL",
           shown(rec.path, b[3], sizeof b[3]), shown(rec.query, b[4], sizeof b[4]),
           shown(rec.protocol, b[5], sizeof b[5]));
  return out;
}

/* address:port as "address port", or "no". */
static const char *addr_port(const char *text) {
  static char out[256];
  log_text a;
  int64_t port;
  if (!log_field_addr_port(text, strlen(text), &a, &port)) return "no";
  snprintf(out, sizeof out, "%.*s %lld", (int)a.n, a.p, (long long)port);
  return out;
}

/* A client field's value as "address" and " list" when it is one. */
static const char *client(const char *text) {
  static char out[256];
  log_text a;
  int list = log_field_client(text, strlen(text), &a);
  snprintf(out, sizeof out, "%.*s%s", (int)a.n, a.p, list ? " list" : "");
  return out;
}

static void addresses_and_targets(void) {
  log_record rec;
  log_authority url;
  char own[] = "Example.COM";
  is(addr_port("2001:db8:85a3::8a2e:370:7334:50599"), "2001:db8:85a3::8a2e:370:7334 50599",
     "address:port: an IPv6 address without brackets, the port after the last colon");
  is(addr_port("[2001:db8::1]:443"), "2001:db8::1 443", "address:port: in brackets");
  is(addr_port("192.0.2.1:0"), "192.0.2.1 0", "address:port: IPv4, port 0");
  is(addr_port("2001:db8::1"), "no", "address:port: IPv6 without a port (2001:db8: is no address)");
  is(addr_port("[192.0.2.1]:80"), "no", "address:port: brackets hold IPv6 only");
  is(addr_port("192.0.2.1:65536"), "no", "address:port: a port past 65535");
  is(addr_port("192.0.2.1:"), "no", "address:port: no port");
  is(addr_port(":80"), "no", "address:port: no address");
  is(client("2001:db8::1:80"), "2001:db8::1:80",
     "a client alone: IPv6 that reads whole has no port");
  is(client("[2001:db8::1]:80"), "2001:db8::1", "a client with its port in brackets");
  is(client("203.0.113.7, 10.0.0.1"), "203.0.113.7 list", "a client list: its first address");
  is(client(" ,10.0.0.1"), " list", "a client list whose first item is empty");
  {
    const char *line = "a.example, 10.0.0.1 - -",
               *end = log_field_host_list(line, line + 23, &url.host);
    is(end == line + 19 && url.host.n == 9 ? "read" : "wrong", "read",
       "an X-Forwarded-For list: its first address, and its end at a space no comma leads to");
  }
  is(split("GET http://example.com:8080/a?b=1 HTTP/1.1", 0), "GET example.com 8080 /a b=1 HTTP/1.1",
     "absolute form: host, port, path, query");
  is(split("GET HTTPS://example.com HTTP/1.0", 0), "GET example.com NULL / NULL HTTP/1.0",
     "absolute form without a path: /, the scheme in any case");
  is(split("GET http://[2001:db8::1]:81?x HTTP/1.1", 0), "GET [2001:db8::1] 81 / x HTTP/1.1",
     "absolute form: an IPv6 host in brackets, a query after the host");
  is(split("GET http://u@h/x HTTP/1.1", 0), "GET NULL NULL http://u@h/x NULL HTTP/1.1",
     "a URL with a user stays whole");
  is(split("GET http://h:x/y HTTP/1.1", 0), "GET NULL NULL http://h:x/y NULL HTTP/1.1",
     "a URL whose port is not a number stays whole");
  is(split("GET ftp://h/x HTTP/1.1", 0), "GET NULL NULL ftp://h/x NULL HTTP/1.1",
     "another scheme stays whole");
  is(split("CONNECT example.com:443 HTTP/1.1", 0), "CONNECT example.com 443 NULL NULL HTTP/1.1",
     "CONNECT: host and port, no path");
  is(split("CONNECT example.com HTTP/1.1", 0), "CONNECT NULL NULL example.com NULL HTTP/1.1",
     "CONNECT without a port: the target as it is");
  is(split("GET /a b HTTP/1.1", 0), "GET NULL NULL /a b NULL HTTP/1.1",
     "a space inside the target: the protocol is the last word");
  is(split("GET /a  b  c?d HTTP/2", 0), "GET NULL NULL /a  b  c d HTTP/2", "spaces inside, HTTP/2");
  is(split("GET /a b", 0), "no request", "a space and no protocol: not one reading");
  is(split("GET  /a HTTP/1.1", 0), "no request", "a space at the start of the target");
  is(split("GET /a  HTTP/1.1", 0), "no request", "a space at the end of the target");
  is(split("GET / HTTP/1.x", 0), "no request", "a protocol that is not one");
  is(split("GET /", 0), "GET NULL NULL / NULL NULL", "HTTP/0.9: no protocol");
  is(split("/p?q", 1), "NULL NULL NULL /p q NULL", "a target in origin form");
  is(split("https://h/p?q", 1), "NULL h NULL /p q NULL", "a target in absolute form");
  memset(&rec, 0, sizeof rec);
  url.host.p = "example.com", url.host.n = 11, url.port = 80, url.has_port = 1;
  is(log_authority_apply(&rec, &url) == 0 && rec.has_port && rec.port == 80 && rec.host.n == 11
         ? "given"
         : "wrong",
     "given", "a URL's host and port where the line has none");
  rec.host.p = own, rec.host.n = strlen(own);
  is(log_authority_apply(&rec, &url) ? "differs" : "same", "same",
     "the line's own host, in another case, is the URL's");
  rec.port = 8080;
  is(log_authority_apply(&rec, &url) ? "differs" : "same", "differs",
     "the line's own port says otherwise");
}

static void text(void) {
  log_scratch s = {NULL, 0, 0};
  log_text t;
  log_json_field fields[4];
  log_record rec;
  char out[512];
  is(put(&s, "caf\xc3\xa9", 5), "caf\xc3\xa9", "two-byte UTF-8");
  is(put(&s, "\xe2\x82\xac \xf0\x9f\x98\x80", 8), "\xe2\x82\xac \xf0\x9f\x98\x80",
     "three and four bytes");
  is(put(&s, "\xc0\xaf", 2), "\\xC0\\xAF", "an overlong /");
  is(put(&s, "\xe0\x80\xaf", 3), "\\xE0\\x80\\xAF", "an overlong three-byte form");
  is(put(&s, "\xed\xa0\x80", 3), "\\xED\\xA0\\x80", "a surrogate");
  is(put(&s, "\xf4\x90\x80\x80", 4), "\\xF4\\x90\\x80\\x80", "above U+10FFFF");
  is(put(&s, "\xf0\x80\x80\x80", 4), "\\xF0\\x80\\x80\\x80", "an overlong four-byte form");
  is(put(&s, "\xc3", 1), "\\xC3", "a sequence cut short");
  is(put(&s, "\xe2\x82", 2), "\\xE2\\x82", "a three-byte sequence cut short");
  is(put(&s, "\xf0\x9f\x98", 3), "\\xF0\\x9F\\x98", "a four-byte sequence cut short");
  is(put(&s, "a\0b", 3), "a\\x00b", "a NUL");
  is(put(&s, "\xff", 1), "\\xFF", "0xFF");
  is(put(&s,
         "\xc3"
         "A",
         2),
     "\\xC3A", "a two-byte lead before ASCII");
  is(put(&s,
         "\xe2\x82"
         "A",
         3),
     "\\xE2\\x82A", "a three-byte sequence broken at its end");
  is(put(&s,
         "\xf0\x9f\x98"
         "A",
         4),
     "\\xF0\\x9F\\x98A", "a four-byte sequence broken at its end");
  is(put(&s,
         "\xf0\x9f"
         "A",
         3),
     "\\xF0\\x9FA", "a four-byte sequence broken early");
  is(log_utf8_valid("\xe2\x82\xac", 3) ? "valid" : "invalid", "valid", "valid UTF-8");
  is(log_utf8_valid("\xe2\x82", 2) ? "valid" : "invalid", "invalid", "cut UTF-8");
  {
    /* every length up to 200 and every place of one odd byte or sequence,
     * around the 16, 32 and 64-byte steps of the SSE2 check: ASCII with a
     * NUL, 0x80, 0xFF or a cut sequence is invalid, with an é valid */
    static const char *const odd[] = {"\x00", "\x80", "\xff", "\xc3", "\xc3\xa9"};
    char line[200];
    size_t n, at, k, wrong = 0, tried = 0;
    memset(line, 'a', sizeof line);
    for (n = 0; n <= sizeof line; n++) {
      wrong += !log_utf8_valid(line, n), tried++;
      for (at = 0; at < n; at++)
        for (k = 0; k < sizeof odd / sizeof odd[0]; k++) {
          size_t len = k == 4 ? 2 : 1;
          int valid = k == 4;
          if (at + len > n) continue;
          memcpy(line + at, odd[k], len);
          wrong += log_utf8_valid(line, n) != valid, tried++;
          memset(line + at, 'a', len);
        }
    }
    is(wrong == 0 && tried > 90000 ? "0 wrong" : "wrong", "0 wrong",
       "log_utf8_valid on every length to 200 with an odd byte anywhere");
  }
  log_scratch_begin(&s, 0);
  is(log_text_set(&s, "abc", 3, &t) == 0 && t.p && memcmp(t.p, "abc", 3) == 0 ? "in place" : "?",
     "in place", "valid text is used in place");

  /* JSON: numbers as numbers only when they are JSON numbers */
  {
    const char *values[] = {"-1.5e+3", "0", "01", "1.", "-", "1e", "2E-2", ".5"};
    const char *expected[] = {"{\"k\":-1.5e+3}", "{\"k\":0}",     "{\"k\":\"01\"}",
                              "{\"k\":\"1.\"}",  "{\"k\":\"-\"}", "{\"k\":\"1e\"}",
                              "{\"k\":2E-2}",    "{\"k\":\".5\"}"};
    size_t i;
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
      fields[0].key = "k";
      fields[0].value.p = values[i];
      fields[0].value.n = strlen(values[i]);
      fields[0].is_number = 1;
      t = extra_of(&s, fields, 1);
      snprintf(out, sizeof out, "%.*s", (int)t.n, t.p);
      is(out, expected[i], values[i]);
    }
  }
  fields[0].key = "a";
  fields[0].value.p = "q\"\\\x01\x7f";
  fields[0].value.n = 5;
  fields[0].is_number = 0;
  fields[1].key = "b";
  fields[1].value.p = NULL;
  fields[1].value.n = 0;
  fields[1].is_number = 0;
  t = extra_of(&s, fields, 2);
  snprintf(out, sizeof out, "%.*s", (int)t.n, t.p);
  is(out, "{\"a\":\"q\\\"\\\\\\u0001\\u007F\"}", "JSON escapes; an absent value is left out");
  t = extra_of(&s, fields + 1, 1);
  is(t.p ? "object" : "NULL", "NULL", "no value: no object");

  /* a full scratch: helpers refuse, errors are cut, never overflow */
  s.len = s.cap - 3;
  is(log_scratch_put_text(&s, "abcd", 4, &t) == -1 ? "refused" : "written", "refused",
     "text that does not fit");
  is(log_scratch_put_text(&s, "\xff", 1, &t) == -1 ? "refused" : "written", "refused",
     "an escape that does not fit");
  is(log_scratch_alloc(&s, 4) ? "given" : "NULL", "NULL", "room that is not there");
  {
    int any = 0;
    is(log_json_members(&s, fields, 1, &any) == -1 ? "refused" : "written", "refused",
       "JSON that does not fit");
  }
  memset(&rec, 0, sizeof rec);
  rec.format = "f";
  log_record_fail(&rec, &s, 5, "%s", "a reason too long for what is left");
  is(rec.error.p && rec.format ? "line rejected" : "?", "line rejected",
     "an error that does not fit");
  log_scratch_begin(&s, 0);
  memset(out, 'x', sizeof out - 1);
  out[sizeof out - 1] = 0;
  log_record_fail(&rec, &s, 12, "%s", out);
  is(rec.error.n == 511 ? "cut" : "not cut", "cut", "a long reason is cut at 511 bytes");
  log_scratch_free(&s);
}

/* The order in which a glob's files are read. */
static void rotation(void) {
  char dir[] = "/tmp/httplog_unit.XXXXXX", path[256], names[1024] = "", err[1024];
  const char *files[] = {"b.log",
                         "a.log",
                         "a.log.1",
                         "a.log.2.gz",
                         "a.log.10.zst",
                         "a.log-20231011.bz2",
                         "a.log-20231010.xz",
                         "a.log-2023101.gz",
                         "a.log.x",
                         "a.log.1234567890"};
  size_t i;
  log_input *in;
  if (!mkdtemp(dir)) return;
  for (i = 0; i < sizeof files / sizeof files[0]; i++) {
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    if ((f = fopen(path, "w"))) fclose(f);
  }
  snprintf(path, sizeof path, "%s/*", dir);
  in = log_input_open(path, LOG_PATH_AUTO, err, sizeof err);
  while (in && log_input_next_file(in, err, sizeof err) == 1) {
    strcat(names, strrchr(log_input_file_name(in), '/') + 1);
    strcat(names, strcmp(log_input_codec(in), "plain") == 0 ? " " : "(not plain) ");
  }
  log_input_close(in);
  is(names,
     "a.log-2023101.gz a.log-20231010.xz a.log-20231011.bz2 a.log.10.zst a.log.2.gz a.log.1 "
     "a.log a.log.1234567890 a.log.x b.log ",
     "rotated files: dated oldest first, numbered highest first, then the live file");
  for (i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  rmdir(dir);
}

/* Each allocation of opening and reading a glob through the reader fails in
 * turn: an error, never a crash. */
static void allocation_failures(void) {
  char dir[] = "/tmp/httplog_unit.XXXXXX", path[256];
  int n, errors = 0;
  FILE *f;
  log_scratch s = {NULL, 0, 0};
  if (!mkdtemp(dir)) return;
  snprintf(path, sizeof path, "%s/a.log", dir);
  if ((f = fopen(path, "w"))) {
    fputs("one\ntwo\n", f);
    fclose(f);
  }
  snprintf(path, sizeof path, "%s/a.lo?", dir);
  for (n = 1; n < 1000; n++) {
    char err[1024];
    log_reader_options options;
    log_reader *reader;
    memset(&options, 0, sizeof options);
    options.path = path;
    options.format = "%h";
    fail_hits = 0;
    fail_countdown = n;
    reader = log_reader_open(&options, strlen(path), err, sizeof err);
    if (reader) {
      log_row row;
      enum log_reader_result r;
      while ((r = log_reader_next(reader, &row)) == LOG_READER_ROW) {
      }
      if (r == LOG_READER_FAIL) errors++;
    } else {
      errors++;
    }
    log_reader_close(reader);
    fail_countdown = 0;
    if (!fail_hits) break;
  }
  fail_countdown = 1;
  is(log_scratch_begin(&s, 10) == -1 ? "refused" : "given", "refused", "scratch without memory");
  fail_countdown = 0;
  printf("# %d allocation failures, %d reported as errors\n", n - 1, errors);
  is(n > 1 && errors > 0 ? "survived" : "?", "survived",
     "every allocation of a scan failing in turn");
  snprintf(path, sizeof path, "%s/a.log", dir);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  times();
  fields();
  addresses_and_targets();
  text();
  rotation();
  allocation_failures();
  printf("1..%d\n", count);
  return failed != 0;
}
