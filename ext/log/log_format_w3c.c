/* log_format_w3c.c: W3C extended logs (https://www.w3.org/TR/WD-logfile),
 * as IIS and Amazon CloudFront write them.
 *
 * The layout of a data line is whatever the last "#Fields:" directive
 * said; IIS writes a new block of directives after every restart, so the
 * field list may change mid-file, and start_file() forgets it. Directive
 * lines ("#Software:", "#Version:", "#Date:", "#Fields:", ...) are not rows
 * (LOG_DIRECTIVE); every other line is a row or an error row.
 *
 * Fields are separated by tabs when the line holds a tab (CloudFront; a
 * space beside a tab is part of the separator, as CloudFront's RTMP logs
 * write "tab, space"), else by runs of spaces (IIS); whitespace after the
 * last field #Fields: lists ends the line. A field may be "quoted" with ""
 * for a quote inside (IIS Advanced Logging). "-" is absent. Times are UTC
 * (date-local/time-local are the server's local time). Decoding, as each
 * server writes: IIS replaces spaces by '+' in cs(User-Agent); CloudFront
 * (recognised by an x-edge-location field) %-encodes it. time-taken is
 * milliseconds for IIS and seconds for CloudFront. Fields without a column
 * (sc-substatus, sc-win32-status, s-ip, x-edge-result-type, ...) go to
 * extra under their W3C names; a name may hold any UTF-8 character but a
 * control byte. c-status (a media server's) is the status when the list
 * has no sc-status; a '?' in cs-uri-stem starts the query, and
 * cs-uri-query then goes to extra.
 *
 * What a field name means is data: w3c_fields below gives each known name
 * a kind and a target (log_fields.h), as the positional formats' tables do,
 * and #Fields: turns the list into one entry per field. The splitting is
 * this file's (W3C's own rules, above); every field's text is then read by
 * log_field_read(), the reader every table-driven format shares. The
 * family assembles the time from its date and time parts, with #Date: for
 * a missing date.
 */
#include "log_format_w3c.h"

#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

#define W3C_MAX_FIELDS 128
#define W3C_NAMES_MAX 4096
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The fields W3C names, and what each one fills; any other field goes to
 * extra under its name (a JSON number when it reads as one). */
static const log_field_def w3c_fields[] = {
    {LOG_FIELD_DEF("date", LOG_FIELD_DATE, LOG_TARGET_TIME_PART)},
    {LOG_FIELD_DEF("time", LOG_FIELD_CLOCK, LOG_TARGET_TIME_PART)},
    {LOG_FIELD_DEF("date-local", LOG_FIELD_DATE, LOG_TARGET_TIME_PART), .flags = LOG_FIELD_LOCAL},
    {LOG_FIELD_DEF("time-local", LOG_FIELD_CLOCK, LOG_TARGET_TIME_PART), .flags = LOG_FIELD_LOCAL},
    /* an X-Forwarded-For list written there: its first address, the list in extra */
    {LOG_FIELD_DEF("c-ip", LOG_FIELD_ADDRESS, LOG_TARGET_CLIENT)},
    {LOG_FIELD_DEF("cs-username", LOG_FIELD_TEXT, LOG_TARGET_REMOTE_USER)},
    {LOG_FIELD_DEF("c-auth-id", LOG_FIELD_TEXT, LOG_TARGET_REMOTE_USER)},
    {LOG_FIELD_DEF("cs-method", LOG_FIELD_TEXT, LOG_TARGET_METHOD)},
    /* a target: a '?' in it starts the query, an absolute URL gives host
     * and port (log_field_target); cs-uri-query is the query when the
     * target has none, and goes to extra when it has one */
    {LOG_FIELD_DEF("cs-uri-stem", LOG_FIELD_URI, LOG_TARGET_URI)},
    {LOG_FIELD_DEF("cs-uri-query", LOG_FIELD_TEXT, LOG_TARGET_QUERY), .flags = LOG_FIELD_FALLBACK},
    {LOG_FIELD_DEF("cs-uri", LOG_FIELD_URI, LOG_TARGET_URI)},
    {LOG_FIELD_DEF("cs-version", LOG_FIELD_TEXT, LOG_TARGET_PROTOCOL)},
    {LOG_FIELD_DEF("cs-protocol-version", LOG_FIELD_TEXT, LOG_TARGET_PROTOCOL)},
    {LOG_FIELD_DEF("sc-status", LOG_FIELD_STATUS, LOG_TARGET_STATUS)},
    /* a media server's (SHOUTcast, Icecast, Wowza), when there is no sc-status */
    {LOG_FIELD_DEF("c-status", LOG_FIELD_STATUS, LOG_TARGET_STATUS)},
    {LOG_FIELD_DEF("sc-bytes", LOG_FIELD_INT, LOG_TARGET_BYTES),
     .error = "sc-bytes: not a byte count"},
    {LOG_FIELD_DEF("bytes", LOG_FIELD_INT, LOG_TARGET_BYTES), .error = "bytes: not a byte count"},
    {LOG_FIELD_DEF("cs(Referer)", LOG_FIELD_TEXT, LOG_TARGET_REFERRER)},
    {LOG_FIELD_DEF("cs(Referrer)", LOG_FIELD_TEXT, LOG_TARGET_REFERRER)},
    {LOG_FIELD_DEF("cs(User-Agent)", LOG_FIELD_PLUS_TEXT, LOG_TARGET_USER_AGENT)},
    /* RTMP (CloudFront's, Wowza's): the client's own names */
    {LOG_FIELD_DEF("c-referrer", LOG_FIELD_TEXT, LOG_TARGET_REFERRER)},
    {LOG_FIELD_DEF("c-user-agent", LOG_FIELD_TEXT, LOG_TARGET_USER_AGENT)},
    /* the Host header (CloudFront: its own domain) */
    {LOG_FIELD_DEF("cs-host", LOG_FIELD_TEXT, LOG_TARGET_HOST)},
    {LOG_FIELD_DEF("cs(Host)", LOG_FIELD_TEXT, LOG_TARGET_HOST)},
    /* the Host the viewer sent (CloudFront) */
    {LOG_FIELD_DEF("x-host-header", LOG_FIELD_TEXT, LOG_TARGET_HOST), .flags = LOG_FIELD_PREFERRED},
    {LOG_FIELD_DEF("s-port", LOG_FIELD_PORT, LOG_TARGET_PORT)},
    {LOG_FIELD_DEF("time-taken", LOG_FIELD_MILLIS, LOG_TARGET_DURATION)},
};

/* What CloudFront (a field list with x-edge-location) writes otherwise. */
static const log_field_def cloudfront_fields[] = {
    {LOG_FIELD_DEF("cs(User-Agent)", LOG_FIELD_PERCENT_TEXT, LOG_TARGET_USER_AGENT)},
    {LOG_FIELD_DEF("c-user-agent", LOG_FIELD_PERCENT_TEXT, LOG_TARGET_USER_AGENT)},
    {LOG_FIELD_DEF("time-taken", LOG_FIELD_SECONDS, LOG_TARGET_DURATION)},
};

/* What a field the list names otherwise, or does not know, is: text in
 * extra under its name (a JSON number when it reads as one). */
static const log_field_def unknown_field = {LOG_FIELD_DEF("", LOG_FIELD_VALUE, LOG_TARGET_EXTRA)};

typedef struct w3c_state {
  int nfields;                       /* 0: no valid #Fields: yet in this file */
  log_field_def def[W3C_MAX_FIELDS]; /* what each field of the list is; names into names */
  char names[W3C_NAMES_MAX];
  int date_year, date_month, date_day; /* from #Date:, 0 when none */
  log_text span[W3C_MAX_FIELDS];       /* per line: each field as written */
  /* a member per field, and two a field may add (a target kept whole, the
   * query of cs-uri-query) */
  log_json_field extra[W3C_MAX_FIELDS + 2];
} w3c_state;

static int w3c_open(const char *spec, void **state, char *err, size_t errsz) {
  w3c_state *s;
  (void)spec;
  s = log_malloc_zero(sizeof *s);
  if (!s) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  *state = s;
  return 0;
}

/* Every file starts with its own directives. */
static void w3c_start_file(void *state) {
  w3c_state *s = state;
  s->nfields = 0;
  s->date_year = 0;
}

static void w3c_close(void *state) { log_free(state); }

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* What is wrong with a field name (it becomes a key of extra, which
 * escapes what JSON needs): NULL when it is valid UTF-8 without a control
 * byte (CloudFront's RTMP logs have a zero-width space in one), else the
 * reason, *at the byte. */
static const char *bad_name(const char *p, size_t n, const char **at) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    size_t len = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    *at = p + i;
    if (c < 0x20 || c == 0x7F) return "a control byte";
    if (!len || len > n - i || (len > 1 && !log_utf8_valid(p + i, len)))
      return "bytes that are not UTF-8";
    i += len;
  }
  return NULL;
}

/* The entry of table called name, or NULL. */
static const log_field_def *find_def(const log_field_def *table, int n, const char *name) {
  int k;
  for (k = 0; k < n; k++)
    if (strcmp(table[k].name, name) == 0) return &table[k];
  return NULL;
}

/* Reads "#Fields: a b c" (after the colon). */
static enum log_parse_result read_fields(w3c_state *s, const char *p, const char *end,
                                         const char *line, log_record *rec, log_scratch *sc) {
  size_t used = 0;
  int n = 0, k, cloudfront = 0, sc_status = 0;
  s->nfields = 0;
  for (;;) {
    const log_field_def *known;
    const char *q, *why, *at;
    while (p < end && is_space(*p)) p++;
    if (p >= end) break;
    for (q = p; q < end && !is_space(*q); q++) {
    }
    if ((why = bad_name(p, (size_t)(q - p), &at)) != NULL)
      return log_record_fail(rec, sc, at - line, "#Fields: a field name with %s", why);
    if (n == W3C_MAX_FIELDS || used + (size_t)(q - p) + 1 > W3C_NAMES_MAX)
      return log_record_fail(rec, sc, p - line, "#Fields: more than %d fields", W3C_MAX_FIELDS);
    memcpy(s->names + used, p, (size_t)(q - p));
    s->names[used + (size_t)(q - p)] = 0;
    known = find_def(w3c_fields, COUNT(w3c_fields), s->names + used);
    s->def[n] = known ? *known : unknown_field;
    s->def[n].name = s->names + used;
    if (strcmp(s->def[n].name, "x-edge-location") == 0) cloudfront = 1;
    if (strcmp(s->def[n].name, "sc-status") == 0) sc_status = 1;
    used += (size_t)(q - p) + 1;
    n++;
    p = q;
  }
  if (n == 0) return log_record_fail(rec, sc, end - line, "#Fields: lists no field");
  for (k = 0; k < n; k++) {
    const log_field_def *other =
        cloudfront ? find_def(cloudfront_fields, COUNT(cloudfront_fields), s->def[k].name) : NULL;
    const char *name = s->def[k].name;
    if (other) s->def[k] = *other;
    /* a server's status is the status; a client's, only without one */
    if (sc_status && strcmp(name, "c-status") == 0) s->def[k] = unknown_field;
    s->def[k].name = name;
  }
  s->nfields = n;
  return LOG_DIRECTIVE;
}

/* Unquotes a "quoted" field ("" inside is one quote) into scratch. */
static int unquote(log_scratch *sc, const char *p, size_t n, log_text *out) {
  char *w;
  size_t i, k = 0;
  if (!(w = log_scratch_alloc(sc, n))) return -1;
  for (i = 1; i + 1 < n; i++) {
    w[k++] = p[i];
    if (p[i] == '"') i++;
  }
  out->p = w;
  out->n = k;
  return 0;
}

/* The end of the field starting at p: a quoted field ends after its
 * closing quote, any other at the next separator. NULL when a quoted field
 * is not closed. */
static const char *field_end(const char *p, const char *end, int tabs) {
  if (p < end && *p == '"') {
    for (p++; p < end; p++)
      if (*p == '"') {
        if (p + 1 < end && p[1] == '"')
          p++;
        else
          return p + 1;
      }
    return NULL;
  }
  if (!tabs) return log_field_find_space(p, end); /* a line without tabs */
  return (p = memchr(p, '\t', (size_t)(end - p))) != NULL ? p : end;
}

static enum log_parse_result w3c_parse(void *state, const char *line, size_t n, log_record *rec,
                                       log_scratch *sc) {
  w3c_state *s = state;
  const char *p = line, *end = line + n;
  int tabs, i, r;
  log_field_line ln;
  if (p < end && *p == '#') {
    const char *q = p + 1;
    while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || *q == '-')) q++;
    if (q == p + 1 || q >= end || *q != ':')
      return log_record_fail(rec, sc, 0, "not a W3C directive (#Name: ...)");
    if (q - p == 7 && memcmp(p, "#Fields", 7) == 0)
      return read_fields(s, q + 1, end, line, rec, sc);
    if (q - p == 5 && memcmp(p, "#Date", 5) == 0) {
      const char *d = q + 1;
      log_time date;
      while (d < end && *d == ' ') d++;
      s->date_year = 0;
      if (log_time_parse_date(d, end, &date))
        s->date_year = date.year, s->date_month = date.month, s->date_day = date.day;
    }
    return LOG_DIRECTIVE;
  }
  if (!s->nfields) return log_record_fail(rec, sc, 0, "no #Fields: directive before this line");
  tabs = memchr(p, '\t', (size_t)(end - p)) != NULL;
  /* Split first, so a line of the wrong width is reported as such. With
   * tabs, spaces beside a tab are part of the separator (CloudFront's RTMP
   * logs write "tab, space"), and a tab or space after the last field
   * ends the line. */
  for (i = 0; p < end || i == 0; i++) {
    const char *fe, *e;
    if (i > 0) {
      if (tabs) {
        p++;
        while (p < end && *p == ' ') p++;
        if (p >= end && i == s->nfields) break;
      } else {
        while (p < end && *p == ' ') p++;
        if (p >= end) break; /* trailing spaces */
      }
    }
    if (i == s->nfields)
      return log_record_fail(rec, sc, p - line, "more fields than the %d #Fields: lists",
                             s->nfields);
    if (!(fe = field_end(p, end, tabs)))
      return log_record_fail(rec, sc, p - line, "%s: a quoted field without its closing quote",
                             s->def[i].name);
    e = fe;
    if (tabs)
      while (fe < end && *fe == ' ') fe++;
    if (fe < end && !is_space(*fe))
      return log_record_fail(rec, sc, fe - line, "%s: text after a quoted field", s->def[i].name);
    if (tabs)
      while (e > p && e[-1] == ' ') e--;
    s->span[i].p = p;
    s->span[i].n = (size_t)(e - p);
    p = fe;
  }
  if (i != s->nfields)
    return log_record_fail(rec, sc, p - line, "%d fields where #Fields: lists %d", i, s->nfields);
  log_field_line_begin(&ln, line, n, rec, sc, s->extra, W3C_MAX_FIELDS + 2, 0, 0);
  for (i = 0; i < s->nfields; i++) {
    log_text v = s->span[i];
    if (v.n >= 2 && *v.p == '"' && unquote(sc, v.p, v.n, &v) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    if (log_field_is_dash(v.p, v.n) || v.n == 0) continue;
    if ((r = log_field_read(&ln, &s->def[i], v.p, v.n)) > 0) /* named at the field, not its copy */
      return log_field_fail(&ln, ln.failed, s->span[i].p, 0);
    if (r < 0) return log_record_fail(rec, sc, -1, "line too long to decode");
  }
  if (ln.have_clock) {
    log_time t = ln.time;
    if (!ln.have_date) {
      if (!s->date_year)
        return log_record_fail(rec, sc, -1, "a time without a date, and no #Date: directive");
      t.year = s->date_year, t.month = s->date_month, t.day = s->date_day;
    }
    t.local = ln.local;
    if (!log_time_valid(&t)) return log_record_fail(rec, sc, -1, "date and time: not a valid time");
    t.present = 1;
    rec->time = t;
  }
  if (log_field_line_end(&ln) != 0) return log_record_fail(rec, sc, -1, "line too long to decode");
  return LOG_PARSED;
}

const log_family log_family_w3c = {
    .name = "w3c",
    .open = w3c_open,
    .start_file = w3c_start_file,
    .parse = w3c_parse,
    .close = w3c_close,
    .has_directives = 1,
};
