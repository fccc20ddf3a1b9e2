/* log_prefix.c: the prefix stage (see log_prefix.h). */
#include "log_prefix.h"

#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

/* The next token (no space) at p, followed by a space. Returns its end, or
 * NULL when there is no such token. */
static const char *token(const char *p, const char *end) {
  const char *q = log_field_find_space(p, end);
  return q > p && q < end ? q : NULL;
}

/* Mmm dd HH:MM:SS, the day space-padded or two digits. Returns the end. */
static const char *bsd_time(const char *p, const char *end) {
  int day, hour, minute, second;
  if (end - p < 15 || !log_month_from_abbrev(p) || p[3] != ' ') return NULL;
  day = p[4] == ' ' ? log_field_digits(p + 5, end, 1) : log_field_digits(p + 4, end, 2);
  hour = log_field_digits(p + 7, end, 2);
  minute = log_field_digits(p + 10, end, 2);
  second = log_field_digits(p + 13, end, 2);
  if (p[6] != ' ' || p[9] != ':' || p[12] != ':') return NULL;
  if (day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 60)
    return NULL;
  return p + 15;
}

/* A field of extra: "-" is absent; text that is not UTF-8 is made so (in
 * place when the reader found the whole line valid). */
static int add_field(log_record *rec, log_scratch *s, const char *key, const char *p,
                     const char *q) {
  log_json_field *f = &rec->prefix_fields[rec->prefix_count++];
  f->key = key;
  f->is_number = 0;
  f->value.p = NULL;
  f->value.n = 0;
  if (log_field_is_dash(p, (size_t)(q - p))) return 0;
  return log_field_text(s, p, (size_t)(q - p), &f->value, rec->line_valid);
}

/* The syslog prefix at line: its length, or 0 (*why says what is missing). */
static size_t syslog_prefix(const char *line, const char *end, log_record *rec, log_scratch *s,
                            long *at, const char **why) {
  const char *p = line, *when, *q, *host, *tag;
  log_time t;
  if (p < end && *p == '<') {
    q = p + 1;
    while (q < end && q - p <= 3 && *q >= '0' && *q <= '9') q++;
    if (q == p + 1 || q - p > 4 || q >= end || *q != '>') {
      *at = 0, *why = "syslog prefix: a priority such as <134>";
      return 0;
    }
    p = q + 1;
    if (end - p > 2 && p[0] == '1' && p[1] == ' ') p += 2; /* RFC 5424's version */
  }
  when = p;
  if (!(q = bsd_time(p, end)) &&
      !((q = log_time_parse_iso8601(p, end, &t)) && t.present && (t.has_offset || q[-1] == 'Z'))) {
    *at = p - line, *why = "syslog prefix: expected a time such as Oct 10 13:55:36";
    return 0;
  }
  if (q >= end || *q != ' ' || !(host = token(q + 1, end)) || !(tag = token(host + 1, end)) ||
      tag[-1] != ':' || tag - 1 == host + 1) {
    *at = q - line, *why = "syslog prefix: expected ' host tag: ' after the time";
    return 0;
  }
  rec->prefix_count = 0;
  if (add_field(rec, s, "syslog_time", when, q) || add_field(rec, s, "syslog_host", q + 1, host) ||
      add_field(rec, s, "syslog_tag", host + 1, tag - 1)) {
    *at = -1, *why = "line too long to decode";
    return 0;
  }
  return (size_t)(tag + 1 - line);
}

/* The kubectl prefix: an RFC 3339 time and a space. */
static size_t kubectl_prefix(const char *line, const char *end, log_record *rec, log_scratch *s,
                             long *at, const char **why) {
  log_time t;
  const char *q = log_time_parse_iso8601(line, end, &t);
  if (!q || !t.present || !(t.has_offset || q[-1] == 'Z') || q >= end || *q != ' ') {
    *at = 0, *why = "kubectl prefix: expected a time such as 2023-10-10T13:55:36.123456789Z";
    return 0;
  }
  rec->prefix_count = 0;
  add_field(rec, s, "stream_time", line, q); /* ASCII: cannot fail */
  return (size_t)(q + 1 - line);
}

enum log_parse_result log_prefix_parse(enum log_prefix prefix, const log_family *family,
                                       void *state, const char *line, size_t n, log_record *rec,
                                       log_scratch *scratch) {
  size_t skip = 0;
  long at = 0;
  const char *why = NULL;
  switch (prefix) {
  case LOG_PREFIX_NONE: return family->parse(state, line, n, rec, scratch);
  case LOG_PREFIX_SYSLOG:
  case LOG_PREFIX_SYSLOG_OPTIONAL:
    skip = syslog_prefix(line, line + n, rec, scratch, &at, &why);
    break;
  case LOG_PREFIX_KUBECTL: skip = kubectl_prefix(line, line + n, rec, scratch, &at, &why); break;
  }
  if (!skip) {
    rec->prefix_count = 0;
    if (prefix == LOG_PREFIX_SYSLOG_OPTIONAL) return family->parse(state, line, n, rec, scratch);
    return (enum log_parse_result)log_record_fail(rec, scratch, at, "%s", why);
  }
  /* the family fills the rest of rec; a failure clears the prefix's fields too */
  rec->error_base = (long)skip;
  return family->parse(state, line + skip, n - skip, rec, scratch);
}
