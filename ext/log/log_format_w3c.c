/* log_format_w3c.c: W3C extended logs (https://www.w3.org/TR/WD-logfile),
 * as IIS and Amazon CloudFront write them.
 *
 * The layout of a data line is whatever the last "#Fields:" directive
 * said; IIS writes a new block of directives after every restart, so the
 * field list may change mid-file, and start_file() forgets it. Directive
 * lines ("#Software:", "#Version:", "#Date:", "#Fields:", ...) are not rows
 * (LOG_DIRECTIVE); every other line is a row or an error row.
 *
 * Fields are separated by tabs when the line holds a tab (CloudFront),
 * else by runs of spaces (IIS); a field may be "quoted" with "" for a
 * quote inside (IIS Advanced Logging). "-" is absent. Times are UTC
 * (date-local/time-local are the server's local time). Decoding, as each
 * server writes: IIS replaces spaces by '+' in cs(User-Agent); CloudFront
 * (recognised by an x-edge-location field) %-encodes it. time-taken is
 * milliseconds for IIS and seconds for CloudFront. Fields without a column
 * (sc-substatus, sc-win32-status, s-ip, x-edge-result-type, ...) go to
 * extra under their W3C names.
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

enum w3c_kind {
  W_EXTRA,
  W_DATE,
  W_TIME,
  W_DATE_LOCAL,
  W_TIME_LOCAL,
  W_CLIENT,
  W_USER,
  W_METHOD,
  W_STEM,
  W_QUERY,
  W_URI,
  W_PROTOCOL,
  W_STATUS,
  W_BYTES,
  W_REFERRER,
  W_USER_AGENT,
  W_HOST,      /* cs-host, cs(Host): the Host header (CloudFront: its own domain) */
  W_HOST_SENT, /* x-host-header: the Host the viewer sent; wins over W_HOST */
  W_PORT,
  W_TIME_TAKEN
};

static const struct {
  const char *name;
  enum w3c_kind kind;
} w3c_names[] = {
    {"date", W_DATE},
    {"time", W_TIME},
    {"date-local", W_DATE_LOCAL},
    {"time-local", W_TIME_LOCAL},
    {"c-ip", W_CLIENT},
    {"cs-username", W_USER},
    {"c-auth-id", W_USER},
    {"cs-method", W_METHOD},
    {"cs-uri-stem", W_STEM},
    {"cs-uri-query", W_QUERY},
    {"cs-uri", W_URI},
    {"cs-version", W_PROTOCOL},
    {"cs-protocol-version", W_PROTOCOL},
    {"sc-status", W_STATUS},
    {"sc-bytes", W_BYTES},
    {"bytes", W_BYTES},
    {"cs(Referer)", W_REFERRER},
    {"cs(Referrer)", W_REFERRER},
    {"cs(User-Agent)", W_USER_AGENT},
    {"cs-host", W_HOST},
    {"cs(Host)", W_HOST},
    {"x-host-header", W_HOST_SENT},
    {"s-port", W_PORT},
    {"time-taken", W_TIME_TAKEN},
};

typedef struct w3c_state {
  int nfields;    /* 0: no valid #Fields: yet in this file */
  int cloudfront; /* the field list has x-edge-location */
  enum w3c_kind kind[W3C_MAX_FIELDS];
  const char *name[W3C_MAX_FIELDS]; /* into names */
  char names[W3C_NAMES_MAX];
  int date_year, date_month, date_day; /* from #Date:, 0 when none */
  log_text span[W3C_MAX_FIELDS];       /* per line: each field as written */
  log_json_field extra[W3C_MAX_FIELDS];
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

/* A field name as W3C writes them: printable ASCII, no quote or backslash
 * (it becomes a JSON key of extra as is). */
static int valid_name(const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] <= ' ' || p[i] > '~' || p[i] == '"' || p[i] == '\\') return 0;
  return n > 0;
}

/* Reads "#Fields: a b c" (after the colon). */
static enum log_parse_result read_fields(w3c_state *s, const char *p, const char *end,
                                         const char *line, log_record *rec, log_scratch *sc) {
  size_t used = 0;
  int n = 0, k;
  s->nfields = 0;
  s->cloudfront = 0;
  for (;;) {
    const char *q;
    while (p < end && is_space(*p)) p++;
    if (p >= end) break;
    for (q = p; q < end && !is_space(*q); q++) {
    }
    if (!valid_name(p, (size_t)(q - p)))
      return log_record_fail(rec, sc, p - line,
                             "#Fields: a field name with a quote, a backslash or a control byte");
    if (n == W3C_MAX_FIELDS || used + (size_t)(q - p) + 1 > W3C_NAMES_MAX)
      return log_record_fail(rec, sc, p - line, "#Fields: more than %d fields", W3C_MAX_FIELDS);
    memcpy(s->names + used, p, (size_t)(q - p));
    s->names[used + (size_t)(q - p)] = 0;
    s->name[n] = s->names + used;
    s->kind[n] = W_EXTRA;
    for (k = 0; k < (int)(sizeof w3c_names / sizeof w3c_names[0]); k++)
      if (strcmp(w3c_names[k].name, s->name[n]) == 0) s->kind[n] = w3c_names[k].kind;
    if (strcmp(s->name[n], "x-edge-location") == 0) s->cloudfront = 1;
    used += (size_t)(q - p) + 1;
    n++;
    p = q;
  }
  if (n == 0) return log_record_fail(rec, sc, end - line, "#Fields: lists no field");
  s->nfields = n;
  return LOG_DIRECTIVE;
}

/* Exactly n digits; -1 when not. */
static int digits(const char *p, size_t len, size_t n) {
  int v = 0;
  size_t i;
  if (len < n) return -1;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

/* YYYY-MM-DD, exactly. */
static int read_date(const char *p, size_t n, int *y, int *m, int *d) {
  if (n != 10 || p[4] != '-' || p[7] != '-') return 0;
  *y = digits(p, n, 4);
  *m = digits(p + 5, 2, 2);
  *d = digits(p + 8, 2, 2);
  return *y >= 0 && *m >= 0 && *d >= 0;
}

/* HH:MM:SS[.fraction], exactly. */
static int read_clock(const char *p, size_t n, log_time *t) {
  size_t i;
  uint32_t v = 0;
  if (n < 8 || p[2] != ':' || p[5] != ':') return 0;
  if ((t->hour = digits(p, n, 2)) < 0 || (t->minute = digits(p + 3, 2, 2)) < 0 ||
      (t->second = digits(p + 6, 2, 2)) < 0)
    return 0;
  if (n == 8) return 1;
  if (p[8] != '.' || n == 9 || n > 18) return 0;
  for (i = 9; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    v = v * 10 + (uint32_t)(p[i] - '0');
  }
  t->frac_digits = (int)(n - 9);
  for (i = n - 9; i < 9; i++) v *= 10;
  t->nanos = v;
  return 1;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes '+' to space (IIS) or %XX (CloudFront) into scratch, then makes
 * it valid UTF-8. A '%' not followed by two hex digits is kept. */
static int decode_value(log_scratch *sc, const char *p, size_t n, int percent, log_text *out) {
  char *w;
  size_t i, k = 0;
  if (!memchr(p, percent ? '%' : '+', n)) return log_text_set(sc, p, n, out);
  if (!(w = log_scratch_alloc(sc, n))) return -1;
  for (i = 0; i < n; i++) {
    if (!percent && p[i] == '+') {
      w[k++] = ' ';
    } else if (percent && p[i] == '%' && i + 2 < n && hex_value(p[i + 1]) >= 0 &&
               hex_value(p[i + 2]) >= 0) {
      w[k++] = (char)(hex_value(p[i + 1]) * 16 + hex_value(p[i + 2]));
      i += 2;
    } else {
      w[k++] = p[i];
    }
  }
  return log_scratch_put_text(sc, w, k, out);
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
  while (p < end && *p != '\t' && (tabs || *p != ' ')) p++;
  return p;
}

static enum log_parse_result w3c_parse(void *state, const char *line, size_t n, log_record *rec,
                                       log_scratch *sc) {
  w3c_state *s = state;
  const char *p = line, *end = line + n;
  int tabs, i, nextra = 0, have_date = 0, have_clock = 0, local = 0, valid;
  log_time t;
  log_text host_sent = {NULL, 0};
  memset(&t, 0, sizeof t);
  if (p < end && *p == '#') {
    const char *q = p + 1;
    while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || *q == '-')) q++;
    if (q == p + 1 || q >= end || *q != ':')
      return log_record_fail(rec, sc, 0, "not a W3C directive (#Name: ...)");
    if (q - p == 7 && memcmp(p, "#Fields", 7) == 0)
      return read_fields(s, q + 1, end, line, rec, sc);
    if (q - p == 5 && memcmp(p, "#Date", 5) == 0) {
      const char *d = q + 1;
      while (d < end && *d == ' ') d++;
      // cppcheck-suppress knownConditionTrueFalse ; a short #Date: line is possible
      if (end - d < 10 || !read_date(d, 10, &s->date_year, &s->date_month, &s->date_day))
        s->date_year = 0;
    }
    return LOG_DIRECTIVE;
  }
  if (!s->nfields) return log_record_fail(rec, sc, 0, "no #Fields: directive before this line");
  tabs = memchr(p, '\t', (size_t)(end - p)) != NULL;
  valid = log_utf8_valid(line, n);
  /* Split first, so a line of the wrong width is reported as such. */
  for (i = 0; p < end || i == 0; i++) {
    const char *fe;
    if (i > 0) {
      if (tabs)
        p++;
      else
        while (p < end && *p == ' ') p++;
      if (p >= end && !tabs) break; /* trailing spaces */
    }
    if (i == s->nfields)
      return log_record_fail(rec, sc, p - line, "more fields than the %d #Fields: lists",
                             s->nfields);
    if (!(fe = field_end(p, end, tabs)))
      return log_record_fail(rec, sc, p - line, "%s: a quoted field without its closing quote",
                             s->name[i]);
    if (fe < end && !is_space(*fe))
      return log_record_fail(rec, sc, fe - line, "%s: text after a quoted field", s->name[i]);
    s->span[i].p = p;
    s->span[i].n = (size_t)(fe - p);
    p = fe;
  }
  if (i != s->nfields)
    return log_record_fail(rec, sc, p - line, "%d fields where #Fields: lists %d", i, s->nfields);
  for (i = 0; i < s->nfields; i++) {
    log_text v = s->span[i];
    int64_t num;
    if (v.n >= 2 && *v.p == '"' && unquote(sc, v.p, v.n, &v) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    if (log_field_is_dash(v.p, v.n) || v.n == 0) continue;
    switch (s->kind[i]) {
    case W_DATE_LOCAL:
      local = 1;
      /* fall through */
    case W_DATE:
      if (!read_date(v.p, v.n, &t.year, &t.month, &t.day))
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a date (YYYY-MM-DD)",
                               s->name[i]);
      have_date = 1;
      break;
    case W_TIME_LOCAL:
      local = 1;
      /* fall through */
    case W_TIME:
      if (!read_clock(v.p, v.n, &t))
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a time (HH:MM:SS)",
                               s->name[i]);
      have_clock = 1;
      break;
    case W_CLIENT: rec->client = v; break;
    case W_USER: rec->remote_user = v; break;
    case W_METHOD: rec->method = v; break;
    case W_STEM: rec->path = v; break;
    case W_QUERY: rec->query = v; break;
    case W_URI: log_field_uri(v.p, v.n, rec); break;
    case W_PROTOCOL: rec->protocol = v; break;
    case W_STATUS:
      if (!log_field_int(v.p, v.n, &num) || num < 0 || num > 999)
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a status code", s->name[i]);
      rec->status = num;
      rec->has_status = 1;
      break;
    case W_BYTES:
      if (!log_field_int(v.p, v.n, &num) || num < 0)
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a byte count", s->name[i]);
      rec->bytes = num;
      rec->has_bytes = 1;
      break;
    case W_PORT:
      if (!log_field_int(v.p, v.n, &num) || num < 0 || num > 65535)
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a port", s->name[i]);
      rec->port = num;
      rec->has_port = 1;
      break;
    case W_TIME_TAKEN:
      if (!log_field_seconds(v.p, v.n, s->cloudfront ? 1 : 1000, &rec->duration))
        return log_record_fail(rec, sc, s->span[i].p - line, "%s: not a duration", s->name[i]);
      rec->has_duration = 1;
      break;
    case W_REFERRER: rec->referrer = v; break;
    case W_USER_AGENT:
      if (decode_value(sc, v.p, v.n, s->cloudfront, &rec->user_agent) != 0)
        return log_record_fail(rec, sc, -1, "line too long to decode");
      break;
    case W_HOST: rec->host = v; break;
    case W_HOST_SENT: host_sent = v; break;
    case W_EXTRA:
      if (log_field_text(sc, v.p, v.n, &s->extra[nextra].value, valid) != 0)
        return log_record_fail(rec, sc, -1, "line too long to decode");
      s->extra[nextra].key = s->name[i];
      s->extra[nextra++].is_number = 1;
      break;
    }
  }
  if (host_sent.p) rec->host = host_sent;
  if (have_clock) {
    if (!have_date) {
      if (!s->date_year)
        return log_record_fail(rec, sc, -1, "a time without a date, and no #Date: directive");
      t.year = s->date_year, t.month = s->date_month, t.day = s->date_day;
    }
    t.local = local;
    if (!log_time_valid(&t)) return log_record_fail(rec, sc, -1, "date and time: not a valid time");
    t.present = 1;
    rec->time = t;
  }
  if (!valid && log_fields_sanitize(rec, sc) != 0)
    return log_record_fail(rec, sc, -1, "line too long to decode");
  log_record_defer_extra(rec, s->extra, nextra);
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
