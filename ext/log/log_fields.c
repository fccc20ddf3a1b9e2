/* log_fields.c: fields as data and the byte helpers (see log_fields.h).
 * No SQLite types. */
#define _POSIX_C_SOURCE 200809L
#include "log_fields.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>

#include "log_text.h"
#include "log_time.h"

/* ---- targets ---- */

static const char *const target_names[LOG_TARGET_COUNT] = {
    "extra",    "time",    "client", "remote_user", "method",        "path",   "query",
    "protocol", "status",  "bytes",  "referrer",    "user_agent",    "host",   "port",
    "duration", "request", "uri",    "time_part",   "duration_part", "require"};

const char *log_target_name(enum log_target target) {
  return (unsigned)target < LOG_TARGET_COUNT ? target_names[target] : NULL;
}

int log_target_find(const char *name, size_t n) {
  int t;
  for (t = 0; t < LOG_TARGET_COUNT; t++)
    if (strlen(target_names[t]) == n && memcmp(target_names[t], name, n) == 0) return t;
  return -1;
}

/* ---- fields as data ---- */

/* What a kind says of a value it cannot read, after "<name>: ". */
static const char *const kind_reasons[LOG_FIELD_KIND_COUNT] = {
    [LOG_FIELD_TEXT] = "not the text expected",
    [LOG_FIELD_NAME] = "not the text expected",
    [LOG_FIELD_VALUE] = "not the text expected",
    [LOG_FIELD_WORD] = "not one of the words expected",
    [LOG_FIELD_PLUS_TEXT] = "not the text expected",
    [LOG_FIELD_PERCENT_TEXT] = "not the text expected",
    [LOG_FIELD_TIME_ISO8601] = "not an ISO 8601 time",
    [LOG_FIELD_TIME_CLF_MS] = "not a valid dd/Mmm/yyyy:hh:mm:ss.mmm",
    [LOG_FIELD_DATE] = "not a date (YYYY-MM-DD)",
    [LOG_FIELD_CLOCK] = "not a time (HH:MM:SS)",
    [LOG_FIELD_ADDR_PORT] = "not address:port",
    [LOG_FIELD_ADDRESS] = "not the text expected",
    [LOG_FIELD_SECONDS] = "not a duration",
    [LOG_FIELD_MILLIS] = "not a duration",
    [LOG_FIELD_INT] = "not a number",
    [LOG_FIELD_STATUS] = "not a status code",
    [LOG_FIELD_PORT] = "not a port",
    [LOG_FIELD_SLASHED] = "not numbers separated by /",
    [LOG_FIELD_PAIR] = "not a pair a/b",
    [LOG_FIELD_REQUEST] = "not a request line",
    [LOG_FIELD_URI] = "not a request target",
};

void log_field_line_begin(log_field_line *ln, const char *line, size_t n, log_record *rec,
                          log_scratch *scratch, log_json_field *extra, int extra_cap,
                          int derived_first, int lead_cap) {
  /* what a line starts from; the rest is set before it is read */
  memset(&ln->time, 0, sizeof ln->time);
  ln->have_date = ln->have_clock = ln->local = 0;
  ln->duration_terms = ln->duration_absent = ln->duration_frac = 0;
  ln->duration_sum = 0;
  ln->duration_rounded = 0;
  ln->preferred_slot = NULL;
  ln->fallback = NULL;
  ln->url_field = NULL;
  ln->nextra = ln->nlead = 0;
  ln->failed = NULL;
  ln->failed_missing = 0;
  ln->line = line;
  ln->line_end = line + n;
  /* the reader has checked the whole line (and a part of a valid line is
   * valid); a caller that did not is checked here */
  ln->valid = rec->line_valid || log_utf8_valid(line, n);
  ln->rec = rec;
  ln->scratch = scratch;
  ln->extra = extra;
  ln->extra_cap = extra_cap;
  ln->derived_first = derived_first;
  ln->lead_cap = derived_first ? lead_cap : 0;
  ln->duration_exact = 1;
  ln->at = line;
}

const size_t log_field_column_offset[LOG_TARGET_COUNT] = {
    [LOG_TARGET_CLIENT] = offsetof(log_record, client),
    [LOG_TARGET_REMOTE_USER] = offsetof(log_record, remote_user),
    [LOG_TARGET_METHOD] = offsetof(log_record, method),
    [LOG_TARGET_PATH] = offsetof(log_record, path),
    [LOG_TARGET_QUERY] = offsetof(log_record, query),
    [LOG_TARGET_PROTOCOL] = offsetof(log_record, protocol),
    [LOG_TARGET_REFERRER] = offsetof(log_record, referrer),
    [LOG_TARGET_USER_AGENT] = offsetof(log_record, user_agent),
    [LOG_TARGET_HOST] = offsetof(log_record, host),
};

/* The text column a target fills, or NULL. */
static log_text *text_column(log_record *rec, enum log_target target) {
  size_t at = log_field_column_offset[target];
  return at ? (log_text *)(void *)((char *)rec + at) : NULL;
}

/* Appends extra[key] = p[0..n) (valid UTF-8 from here on); derived members
 * go first when the line says so. Returns 0 or -1. */
static inline int add_member(log_field_line *ln, const char *key, const char *p, size_t n,
                             int number, int derived) {
  log_json_field *m;
  if (derived && ln->derived_first) {
    if (ln->nlead == ln->lead_cap) return -1;
    m = &ln->extra[ln->nlead++];
  } else {
    if (ln->lead_cap + ln->nextra == ln->extra_cap) return -1;
    m = &ln->extra[ln->lead_cap + ln->nextra++];
  }
  m->key = key;
  m->is_number = number;
  if (!ln->valid) return log_text_set(ln->scratch, p, n, &m->value);
  m->value.p = p, m->value.n = n;
  return 0;
}

int log_field_add_extra(log_field_line *ln, const char *key, const char *p, size_t n) {
  return add_member(ln, key, p, n, LOG_JSON_TEXT, 0);
}

int log_field_add_json_extra(log_field_line *ln, const char *key, const char *p, size_t n) {
  return add_member(ln, key, p, n, LOG_JSON_RAW, 0);
}

static int bad(log_field_line *ln, const log_field_def *d, int missing) {
  ln->failed = d;
  ln->failed_missing = missing;
  return 1;
}

/* A field's text into its target; numbers are written unquoted in extra. */
static inline int put_text(log_field_line *ln, const log_field_def *d, const char *p, size_t n,
                           int number) {
  log_text *column = text_column(ln->rec, d->target);
  if (column) {
    if (d->flags & LOG_FIELD_PREFERRED) {
      ln->preferred.p = p, ln->preferred.n = n;
      ln->preferred_slot = column;
    } else if (d->flags & LOG_FIELD_FALLBACK) {
      ln->fallback = d;
      ln->fallback_text.p = p, ln->fallback_text.n = n;
      ln->fallback_slot = column;
    } else {
      column->p = p, column->n = n;
    }
    return d->flags & LOG_FIELD_KEEP ? add_member(ln, d->name, p, n, number, 0) : 0;
  }
  return d->target == LOG_TARGET_EXTRA ? add_member(ln, d->name, p, n, number, 0) : 0;
}

/* An integer v written p[0..n) into its target. */
static int put_int(log_field_line *ln, const log_field_def *d, const char *p, size_t n, int64_t v) {
  log_record *rec = ln->rec;
  switch (d->target) {
  case LOG_TARGET_STATUS: rec->status = v, rec->has_status = 1; break;
  case LOG_TARGET_BYTES: rec->bytes = v, rec->has_bytes = 1; break;
  case LOG_TARGET_PORT: rec->port = v, rec->has_port = 1; break;
  case LOG_TARGET_EXTRA: return add_member(ln, d->name, p, n, 1, 0);
  default: return 0;
  }
  return d->flags & LOG_FIELD_KEEP ? add_member(ln, d->name, p, n, 1, 0) : 0;
}

/* A decimal number of 1/scale seconds into its target. */
static inline int put_duration(log_field_line *ln, const log_field_def *d, const char *p, size_t n,
                               uint64_t mantissa, int frac, double scale) {
  log_record *rec = ln->rec;
  switch (d->target) {
  case LOG_TARGET_DURATION:
    rec->duration = log_field_decimal(mantissa, frac, scale);
    rec->has_duration = 1;
    break;
  case LOG_TARGET_DURATION_PART:
    ln->duration_terms++;
    ln->duration_scale = scale;
    ln->duration_rounded += log_field_decimal(mantissa, frac, scale);
    if (ln->duration_exact &&
        !log_field_decimal_add(&ln->duration_sum, &ln->duration_frac, mantissa, frac))
      ln->duration_exact = 0;
    break;
  case LOG_TARGET_EXTRA: return add_member(ln, d->name, p, n, 1, 0);
  default: return 0;
  }
  return d->flags & LOG_FIELD_KEEP ? add_member(ln, d->name, p, n, 1, 0) : 0;
}

/* 1 when p[0..n) is one of the space-separated words of words. */
static int is_word(const char *words, const char *p, size_t n) {
  while (*words) {
    size_t k = strcspn(words, " ");
    if (k == n && memcmp(words, p, n) == 0) return 1;
    words += k;
    while (*words == ' ') words++;
  }
  return 0;
}

/* ---- one reader per kind ----
 * Each reads the value p[0..n) of field d (brackets, '+' and "-" already
 * dealt with by log_field_read_any()) into its target; they are called
 * through a table, so that each call is short. */

static int read_text(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  if (d->kind == LOG_FIELD_TEXT && (n == 0 || log_field_is_dash(p, n))) return 0;
  return put_text(ln, d, p, n, d->kind == LOG_FIELD_VALUE);
}

static int read_word(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  if (!is_word(d->arg, p, n)) return bad(ln, d, 0);
  return put_text(ln, d, p, n, 0);
}

static int read_decoded(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  log_text t, *column = text_column(ln->rec, d->target);
  if (log_field_decode(ln->scratch, p, n, d->kind == LOG_FIELD_PERCENT_TEXT, &t) != 0) return -1;
  if (column) {
    *column = t;
    if (!(d->flags & LOG_FIELD_KEEP)) return 0;
  } else if (d->target != LOG_TARGET_EXTRA) {
    return 0;
  }
  return add_member(ln, d->name, t.p, t.n, 0, 0);
}

static int read_time(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  log_time when;
  const char *e = d->kind == LOG_FIELD_TIME_ISO8601 ? log_time_parse_iso8601(p, p + n, &when)
                                                    : log_time_parse_clf_ms(p, p + n, &when);
  if (!e || e != p + n || !when.present) return bad(ln, d, 0);
  if (d->target == LOG_TARGET_TIME) ln->rec->time = when;
  return 0;
}

static int read_time_part(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  log_time part;
  if (d->flags & LOG_FIELD_LOCAL) ln->local = 1;
  if (d->kind == LOG_FIELD_DATE) {
    if (log_time_parse_date(p, p + n, &part) != p + n) return bad(ln, d, 0);
    ln->time.year = part.year, ln->time.month = part.month, ln->time.day = part.day;
    ln->have_date = 1;
  } else {
    if (log_time_parse_clock(p, p + n, &part) != p + n) return bad(ln, d, 0);
    ln->time.hour = part.hour, ln->time.minute = part.minute, ln->time.second = part.second;
    if (part.frac_digits) ln->time.nanos = part.nanos, ln->time.frac_digits = part.frac_digits;
    ln->have_clock = 1;
  }
  return 0;
}

static int read_addr_port(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  log_text addr, *column = text_column(ln->rec, d->target);
  const char *port;
  int64_t v;
  if (!log_field_addr_port(p, n, &addr, &v)) return bad(ln, d, 0);
  if (column) *column = addr;
  if (!d->arg) return 0;
  port = addr.p + addr.n + (addr.p > p ? 2 : 1); /* after "]:" or ":" */
  return add_member(ln, d->arg, port, (size_t)(p + n - port), 1, 1);
}

static int read_address(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  log_text addr, *column = text_column(ln->rec, d->target);
  int list;
  if (n == 0 || log_field_is_dash(p, n)) return 0;
  if (!column || log_field_host_name(p, n)) return put_text(ln, d, p, n, 0);
  list = log_field_client(p, n, &addr);
  if (addr.n) *column = addr;
  return list ? add_member(ln, d->name, p, n, 0, 0) : 0;
}

static int read_duration(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  uint64_t mantissa;
  int frac;
  if ((d->flags & LOG_FIELD_MINUS1) && n == 2 && p[0] == '-' && p[1] == '1') {
    if (d->target == LOG_TARGET_DURATION_PART) ln->duration_terms++, ln->duration_absent = 1;
    return 0;
  }
  if (!log_field_decimal_parse(p, n, &mantissa, &frac)) return bad(ln, d, 0);
  return put_duration(ln, d, p, n, mantissa, frac, d->kind == LOG_FIELD_MILLIS ? 1000 : 1);
}

static int read_int(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  int64_t v;
  if (!log_field_int(p, n, &v)) return bad(ln, d, 0);
  if ((d->flags & LOG_FIELD_MINUS1) && v == -1) return 0;
  if (v < 0 || (d->kind == LOG_FIELD_STATUS && v > 999) || (d->kind == LOG_FIELD_PORT && v > 65535))
    return bad(ln, d, 0);
  return put_int(ln, d, p, n, v);
}

static int read_part(log_field_line *ln, const log_field_def *d, const char *p, size_t n);

/* One number of a slash list, start[0..end) ([+][-]digits, the digits
 * from digits on), read as part d says: a duration is taken here as
 * read_duration() would take it, other kinds go to the part's reader. */
static int read_number(log_field_line *ln, const log_field_def *d, const char *start,
                       const char *digits, const char *end, int minus) {
  int plus = *start == '+' && (d->flags & LOG_FIELD_PLUS);
  size_t n = (size_t)(end - start);
  if ((d->kind == LOG_FIELD_MILLIS || d->kind == LOG_FIELD_SECONDS) && !d->size &&
      !(d->flags & (LOG_FIELD_BRACKETED | LOG_FIELD_DASH))) {
    uint64_t v = 0;
    if (minus) {
      if (!(d->flags & LOG_FIELD_MINUS1) || end - digits != 1 || *digits != '1' ||
          (digits - start == 2 && !plus)) {
        ln->at = start;
        return bad(ln, d, 0);
      }
      if (d->target == LOG_TARGET_DURATION_PART) ln->duration_terms++, ln->duration_absent = 1;
      return 0;
    }
    if (end - digits > 18 || (digits > start && !plus)) {
      ln->at = start;
      return bad(ln, d, 0);
    }
    if (d->target != LOG_TARGET_EXTRA) { /* extra keeps the text, a column needs the value */
      const char *q;
      for (q = digits; q < end; q++) v = v * 10 + (uint64_t)(*q - '0');
    }
    return put_duration(ln, d, start + plus, n - (size_t)plus, v, 0,
                        d->kind == LOG_FIELD_MILLIS ? 1000 : 1);
  }
  return read_part(ln, d, start, n);
}

/* 1 when a part of a SLASHED field is a number kept in extra as written:
 * a count (VALUE), or a time whose target is extra. */
static inline int kept_as_written(const log_field_def *part) {
  if (part->kind == LOG_FIELD_VALUE) return !(part->flags & ~LOG_FIELD_PLUS);
  return (part->kind == LOG_FIELD_MILLIS || part->kind == LOG_FIELD_SECONDS) &&
         part->target == LOG_TARGET_EXTRA && !part->size &&
         !(part->flags & ~(LOG_FIELD_PLUS | LOG_FIELD_MINUS1));
}

#if defined(__SSE2__) && defined(__GNUC__)
/* The common SLASHED field, digits and '/' only in at most 16 bytes that
 * lie in the line (so 16 bytes from p can be loaded), read in one compare:
 * its shape is the mask of digits and that of slashes. Returns what
 * read_slashed() returns, or 2 when the field is not such a field (then
 * nothing is changed and read_slashed() reads it part by part). */
static int read_slashed_digits(log_field_line *ln, const log_field_def *d, const char *p,
                               size_t n) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  const char *field = p;
  const unsigned bytes = (1u << n) - 1;
  unsigned digit, slash, rest;
  const log_field_def *part, *last = d->parts + d->nparts;
  log_json_field *m;
  digit = (unsigned)_mm_movemask_epi8(
      _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8('0')), _mm_cmpgt_epi8(x, _mm_set1_epi8('9'))));
  digit = ~digit & bytes;
  slash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('/'))) & bytes;
  /* digits and slashes only, a digit first and last, no "//" */
  if ((digit | slash) != bytes || !(digit & 1) || !(digit >> (n - 1)) || (slash & (slash >> 1)))
    return 2;
  rest = slash - ((slash >> 1) & 0x5555u); /* nparts - 1 slashes: the bits of slash, counted */
  rest = (rest & 0x3333u) + ((rest >> 2) & 0x3333u);
  rest = (rest + (rest >> 4)) & 0x0F0Fu;
  if ((int)((rest + (rest >> 8)) & 0x1Fu) != d->nparts - 1) return 2;
  if (ln->extra_cap - ln->lead_cap - ln->nextra < d->nparts) return -1;
  m = ln->extra + ln->lead_cap + ln->nextra;
  for (part = d->parts, rest = slash; part < last; part++) {
    const char *q = field + (rest ? (unsigned)__builtin_ctz(rest) : n);
    if (kept_as_written(part)) { /* no sign: nothing to check */
      m->key = part->name, m->is_number = 1;
      m->value.p = p, m->value.n = (size_t)(q - p);
      m++;
    } else {
      int r;
      ln->nextra = (int)(m - ln->extra) - ln->lead_cap;
      if ((r = read_number(ln, part, p, p, q, 0)) != 0) return r;
      m = ln->extra + ln->lead_cap + ln->nextra;
    }
    p = q + 1;
    rest &= rest - 1;
  }
  ln->nextra = (int)(m - ln->extra) - ln->lead_cap;
  return 0;
}
#endif

/* The parts of a SLASHED field, nparts numbers [+][-]digits separated by
 * '/', each read as it is found, in one pass; the first part refused is the
 * field's error only when the whole list has its shape (a list of another
 * shape is the field's own error). A part that is a number kept in extra as
 * written (HAProxy's counts, and its timers but Ta) is checked and stored
 * here; the others go to read_number(). */
static int read_slashed(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  const char *q = p, *end = p + n, *failed_at = NULL;
  const log_field_def *part = d->parts, *last = d->parts + d->nparts, *failed = NULL;
#if defined(__SSE2__) && defined(__GNUC__)
  if (n <= 16 && (uintptr_t)p >= (uintptr_t)ln->line &&
      (uintptr_t)ln->line_end - (uintptr_t)p >= 16) {
    int r = read_slashed_digits(ln, d, p, n);
    if (r != 2) return r;
  }
#endif
  /* a part gives at most one member: room for all of them, checked once */
  if (ln->extra_cap - ln->lead_cap - ln->nextra < d->nparts) return -1;
  for (; part < last; part++) {
    const char *start = q, *digits;
    unsigned flags = part->flags;
    int plus = 0, minus = 0;
    if (q < end && *q == '+') q++, plus = 1;
    if (q < end && *q == '-') q++, minus = 1;
    for (digits = q; q < end && (unsigned char)(*q - '0') < 10; q++) {
    }
    if (q == digits) break;
    if (failed) {
    } else if (kept_as_written(part)) {
      /* a number as written (ASCII: valid text whatever the line); a time
       * takes a '+' when its flags allow one, and -1 is absent */
      log_json_field *m;
      if (part->kind != LOG_FIELD_VALUE &&
          ((plus && !(flags & LOG_FIELD_PLUS)) || q - digits > 18 ||
           (minus && (!(flags & LOG_FIELD_MINUS1) || q - digits != 1 || *digits != '1')))) {
        failed = part, failed_at = start;
      } else if (!minus || part->kind == LOG_FIELD_VALUE) {
        plus &= flags != 0;
        m = &ln->extra[ln->lead_cap + ln->nextra++];
        m->key = part->name;
        m->is_number = 1;
        m->value.p = start + plus;
        m->value.n = (size_t)(q - start - plus);
      }
    } else {
      int r = read_number(ln, part, start, digits, q, minus);
      if (r < 0) return r;
      if (r > 0) failed = ln->failed, failed_at = ln->at;
    }
    if (part + 1 < last) {
      if (q >= end || *q != '/') break;
      q++;
    }
  }
  if (part < last || q != end) {
    ln->at = p;
    return bad(ln, d, 0);
  }
  if (!failed) return 0;
  ln->at = failed_at;
  return bad(ln, failed, 0);
}

static int read_pair(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  const char *slash = p, *end = p + n;
  int r;
  while (slash < end && *slash != '/') slash++; /* names are short: no memchr() */
  if (slash == end || p[n - 1] == ':' || d->nparts != 2) return bad(ln, d, 0);
  if ((r = log_field_read(ln, &d->parts[0], p, (size_t)(slash - p))) != 0) return r;
  return log_field_read(ln, &d->parts[1], slash + 1, (size_t)(p + n - slash - 1));
}

/* A request or a target: its URL's host and port are given to the line at
 * its end (log_authority_apply). */
static int read_request(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  ln->url.host.p = NULL, ln->url.has_port = 0;
  if (!log_field_request(p, n, ln->rec, &ln->url)) return add_member(ln, d->name, p, n, 0, 1);
  ln->url_field = d;
  ln->url_text.p = p, ln->url_text.n = n;
  return 0;
}

static int read_uri(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  ln->url.host.p = NULL, ln->url.has_port = 0;
  log_field_target(p, n, ln->rec, &ln->url);
  ln->url_field = d;
  ln->url_text.p = p, ln->url_text.n = n;
  return 0;
}

typedef int (*kind_reader)(log_field_line *ln, const log_field_def *d, const char *p, size_t n);

static const kind_reader readers[LOG_FIELD_KIND_COUNT] = {
    [LOG_FIELD_TEXT] = read_text,
    [LOG_FIELD_NAME] = read_text,
    [LOG_FIELD_VALUE] = read_text,
    [LOG_FIELD_WORD] = read_word,
    [LOG_FIELD_PLUS_TEXT] = read_decoded,
    [LOG_FIELD_PERCENT_TEXT] = read_decoded,
    [LOG_FIELD_TIME_ISO8601] = read_time,
    [LOG_FIELD_TIME_CLF_MS] = read_time,
    [LOG_FIELD_DATE] = read_time_part,
    [LOG_FIELD_CLOCK] = read_time_part,
    [LOG_FIELD_ADDR_PORT] = read_addr_port,
    [LOG_FIELD_ADDRESS] = read_address,
    [LOG_FIELD_SECONDS] = read_duration,
    [LOG_FIELD_MILLIS] = read_duration,
    [LOG_FIELD_INT] = read_int,
    [LOG_FIELD_STATUS] = read_int,
    [LOG_FIELD_PORT] = read_int,
    [LOG_FIELD_SLASHED] = read_slashed,
    [LOG_FIELD_PAIR] = read_pair,
    [LOG_FIELD_REQUEST] = read_request,
    [LOG_FIELD_URI] = read_uri,
};

/* A part of a slash list or a pair: log_field_read() without its inline
 * text path, each part going straight to its kind's reader. */
static int read_part(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  if (d->size || (d->flags & (LOG_FIELD_BRACKETED | LOG_FIELD_DASH)))
    return log_field_read_any(ln, d, p, n);
  ln->at = p;
  if ((d->flags & LOG_FIELD_PLUS) && n > 0 && *p == '+') p++, n--;
  return readers[d->kind](ln, d, p, n);
}

int log_field_read_value(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  return (unsigned)d->kind < LOG_FIELD_KIND_COUNT ? readers[d->kind](ln, d, p, n) : bad(ln, d, 0);
}

int log_field_read_any(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  ln->at = p;
  if (d->size && n != d->size) return bad(ln, d, 1);
  if (d->flags & LOG_FIELD_BRACKETED) {
    if (n < 2 || p[0] != '[' || p[n - 1] != ']') return bad(ln, d, 1);
    p++, n -= 2;
  }
  if ((d->flags & LOG_FIELD_PLUS) && n > 0 && *p == '+') p++, n--;
  if ((d->flags & LOG_FIELD_DASH) && log_field_is_dash(p, n)) return 0;
  return log_field_read_value(ln, d, p, n);
}

int log_field_line_end(log_field_line *ln) {
  log_record *rec = ln->rec;
  if (ln->duration_terms && !ln->duration_absent) {
    rec->duration = ln->duration_exact
                        ? log_field_decimal(ln->duration_sum, ln->duration_frac, ln->duration_scale)
                        : ln->duration_rounded;
    rec->has_duration = 1;
  }
  if (ln->preferred_slot) *ln->preferred_slot = ln->preferred;
  if (ln->fallback) {
    if (!ln->fallback_slot->p)
      *ln->fallback_slot = ln->fallback_text;
    else if (add_member(ln, ln->fallback->name, ln->fallback_text.p, ln->fallback_text.n, 0, 0))
      return -1;
  }
  if (ln->url_field && (ln->url.host.p || ln->url.has_port) && log_authority_apply(rec, &ln->url) &&
      add_member(ln, ln->url_field->name, ln->url_text.p, ln->url_text.n, 0, 0))
    return -1;
  if (!ln->valid && log_fields_sanitize(rec, ln->scratch) != 0) return -1;
  if (ln->nlead < ln->lead_cap) /* the derived members, just before the others */
    memmove(ln->extra + ln->lead_cap - ln->nlead, ln->extra, (size_t)ln->nlead * sizeof *ln->extra);
  log_record_defer_extra(rec, ln->extra + ln->lead_cap - ln->nlead, ln->nlead + ln->nextra);
  return 0;
}

int log_field_fail(log_field_line *ln, const log_field_def *d, const char *at, int missing) {
  const char *reason = missing && d->missing ? d->missing : d->error;
  long offset = (long)((at ? at : ln->at) - ln->line);
  if (reason) return log_record_fail(ln->rec, ln->scratch, offset, "%s", reason);
  return log_record_fail(ln->rec, ln->scratch, offset, "%s: %s", d->name, kind_reasons[d->kind]);
}

int log_field_extra_bound(const log_field_def *fields, int n) {
  int i, bound = 0;
  for (i = 0; i < n; i++) {
    const log_field_def *d = &fields[i];
    bound += 2; /* its own member, or a derived one, and a kept one */
    if (d->kind == LOG_FIELD_ADDR_PORT) bound++;
    if (d->flags & LOG_FIELD_BRACED)
      bound += d->nparts;
    else if (d->parts)
      bound += log_field_extra_bound(d->parts, d->nparts);
  }
  return bound;
}

/* ---- byte helpers ---- */

int log_field_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void log_field_put_hex(char *w, unsigned char c) {
  static const char digits[] = "0123456789ABCDEF";
  w[0] = digits[c >> 4];
  w[1] = digits[c & 15];
}

int log_field_int(const char *p, size_t n, int64_t *v) {
  size_t i = 0;
  int64_t x = 0;
  int neg = 0;
  if (n > 0 && p[0] == '-') {
    neg = 1;
    i = 1;
  }
  if (i == n || n - i > 18) return 0;
  for (; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    x = x * 10 + (p[i] - '0');
  }
  *v = neg ? -x : x;
  return 1;
}

/* Powers of ten a double holds exactly. */
static const double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double log_field_decimal(uint64_t mantissa, int frac_digits, double scale) {
  /* A mantissa below 2^53 and a divisor that is an exact power of ten make
   * one correctly rounded division: the double nearest the decimal, as
   * strtod() gives it (without strtod's dependence on the locale). */
  double divisor = exact_powers_of_ten[frac_digits] * scale;
  return (double)mantissa / divisor;
}

int log_field_seconds(const char *p, size_t n, double scale, double *seconds) {
  uint64_t mantissa;
  int frac;
  if (!log_field_decimal_parse(p, n, &mantissa, &frac)) return 0;
  *seconds = log_field_decimal(mantissa, frac, scale);
  return 1;
}

int log_field_decimal_parse(const char *p, size_t n, uint64_t *mantissa_out, int *frac_out) {
  size_t i = 0, digits = 0, frac = 0;
  uint64_t mantissa = 0;
  for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++)
    mantissa = mantissa * 10 + (uint64_t)(p[i] - '0');
  if (digits == 0 || digits > 18) return 0;
  if (i < n && p[i] == '.') {
    size_t d = ++i;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
      /* Digits past 18 in all are below a double's precision: dropped. */
      if (digits + frac < 18) {
        mantissa = mantissa * 10 + (uint64_t)(p[i] - '0');
        frac++;
      }
    }
    if (i == d || i - d > 18) return 0;
  }
  if (i != n) return 0;
  *mantissa_out = mantissa;
  *frac_out = (int)frac;
  return 1;
}

int log_field_decimal_add(uint64_t *a, int *a_frac, uint64_t b, int b_frac) {
  const uint64_t limit = 1000000000000000000ULL; /* 10^18 */
  while (*a_frac < b_frac) {
    if (*a >= limit / 10) return 0;
    *a *= 10, (*a_frac)++;
  }
  while (b_frac < *a_frac) {
    if (b >= limit / 10) return 0;
    b *= 10, b_frac++;
  }
  if (*a + b >= limit) return 0;
  *a += b;
  return 1;
}

/* ---- addresses ---- */

const unsigned char log_field_host_byte[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1,
    ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1,
    ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1,
    ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1,
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
    ['z'] = 1};

int log_field_ipv6(const char *p, size_t n) {
  char buf[64];
  const char *zone;
  unsigned char addr[16];
  if (n < 2 || n >= sizeof buf || !memchr(p, ':', n)) return 0;
  /* a zone (fe80::1%eth0) names an interface: the address is before it */
  if ((zone = memchr(p, '%', n)) != NULL) {
    if (zone + 1 == p + n) return 0;
    n = (size_t)(zone - p);
  }
  memcpy(buf, p, n);
  buf[n] = 0;
  return inet_pton(AF_INET6, buf, addr) == 1;
}

int log_field_host(const char *p, size_t n) {
  if (log_field_host_name(p, n)) return 1;
  if (n == 5 && memcmp(p, "unix:", 5) == 0) return 1;
  return log_field_ipv6(p, n);
}

const char *log_field_host_list(const char *p, const char *end, log_text *first) {
  const char *q = p, *item_end;
  int items = 0;
  for (;;) {
    item_end = q;
    while (item_end < end && *item_end != ' ' && *item_end != ',') item_end++;
    if (!log_field_host(q, (size_t)(item_end - q)))
      return items >= 2 ? q - (q[-1] == ' ' ? 2 : 1) : NULL;
    if (!items++) first->p = q, first->n = (size_t)(item_end - q);
    if (item_end >= end || *item_end != ',') break;
    q = item_end + 1;
    if (q < end && *q == ' ') q++;
  }
  return items >= 2 ? item_end : NULL;
}

/* 1 and *port when p[0..n) is 1-5 digits of a port (0-65535). */
static int port_number(const char *p, size_t n, int64_t *port) {
  int64_t v = 0;
  size_t i;
  if (n == 0 || n > 5) return 0;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return 0;
    v = v * 10 + (p[i] - '0');
  }
  *port = v;
  return v <= 65535;
}

int log_field_addr_port(const char *p, size_t n, log_text *addr, int64_t *port) {
  const char *colon = p + n;
  while (colon > p && colon[-1] != ':') colon--;
  if (colon == p || !port_number(colon, (size_t)(p + n - colon), port)) return 0;
  addr->p = p;
  addr->n = (size_t)(colon - 1 - p);
  if (addr->n >= 2 && p[0] == '[' && colon[-2] == ']') {
    addr->p++;
    addr->n -= 2;
    return log_field_ipv6(addr->p, addr->n);
  }
  /* no brackets: an address with a colon is IPv6, the port after its last */
  if (memchr(p, ':', addr->n)) return log_field_ipv6(addr->p, addr->n);
  return addr->n > 0;
}

int log_field_client(const char *p, size_t n, log_text *addr) {
  const char *comma, *q = p;
  size_t k = n;
  log_text a;
  int64_t port;
  addr->p = p, addr->n = n;
  if (log_field_host_name(p, n)) return 0; /* most clients: IPv4 */
  comma = memchr(p, ',', n);
  if (comma) { /* the first item of a list, without the spaces around it */
    k = (size_t)(comma - p);
    while (k > 0 && (*q == ' ' || *q == '\t')) q++, k--;
    while (k > 0 && (q[k - 1] == ' ' || q[k - 1] == '\t')) k--;
  }
  addr->p = q, addr->n = k;
  if (log_field_addr_port(q, k, &a, &port) &&
      (a.p != q || !memchr(a.p, ':', a.n) || !log_field_ipv6(q, k)))
    *addr = a;
  return comma != NULL;
}

/* ---- request lines and targets ---- */

/* host[:port] or [v6][:port] at p, read in one pass up to the '/' or '?'
 * that ends it (or end): *url set and that end returned, or NULL when it
 * is not one (user information, a host that is not a name or an address,
 * a port that is not a number). "host:" is a host with no port. */
static const char *authority(const char *p, const char *end, log_authority *url) {
  const char *q = p, *host_end;
  int64_t port = 0;
  int has_port = 0;
  if (q < end && *q == '[') {
    const char *close = memchr(q, ']', (size_t)(end - q));
    if (!close || !log_field_ipv6(q + 1, (size_t)(close - q - 1))) return NULL;
    q = close + 1; /* the host as a URL writes it, in brackets */
  } else {
    while (q < end && log_field_host_byte[(unsigned char)*q]) q++;
    if (q == p || q - p > 253 || *p == '-' || *p == '.') return NULL;
  }
  host_end = q;
  if (q < end && *q == ':') {
    const char *digits = ++q;
    while (q < end && *q >= '0' && *q <= '9' && q - digits < 6) port = port * 10 + (*q++ - '0');
    if (q - digits > 5 || port > 65535) return NULL;
    has_port = q > digits;
  }
  if (q < end && *q != '/' && *q != '?') return NULL;
  url->host.p = p;
  url->host.n = (size_t)(host_end - p);
  url->port = port;
  url->has_port = has_port;
  return q;
}

/* 1 when p (n bytes on) starts with "http://" or "https://" in any case:
 * its length, else 0. */
static size_t http_scheme(const char *p, size_t n) {
  size_t k;
  if (n < 8 || (p[0] | 0x20) != 'h' || (p[1] | 0x20) != 't' || (p[2] | 0x20) != 't' ||
      (p[3] | 0x20) != 'p')
    return 0;
  k = (p[4] | 0x20) == 's' ? 5 : 4;
  return p[k] == ':' && p[k + 1] == '/' && p[k + 2] == '/' ? k + 3 : 0;
}

void log_field_target(const char *p, size_t n, log_record *rec, log_authority *url) {
  const char *q, *end = p + n;
  size_t scheme;
  if (n > 0 && *p != '/' && (scheme = http_scheme(p, n)) != 0 &&
      (q = authority(p + scheme, end, url)) != NULL) {
    static const char root[] = "/";
    if (q == end || *q == '?') { /* absolute-form without a path: "/" */
      rec->path.p = root;
      rec->path.n = 1;
      if (q < end) rec->query.p = q + 1, rec->query.n = (size_t)(end - q - 1);
      return;
    }
    p = q;
    n = (size_t)(end - q);
  }
  q = memchr(p, '?', n);
  rec->path.p = p;
  rec->path.n = q ? (size_t)(q - p) : n;
  if (q) {
    rec->query.p = q + 1;
    rec->query.n = n - rec->path.n - 1;
  }
}

/* A token character of RFC 9110 (method names). */
static int tchar(char c) {
  /* the 128 ASCII bytes, a bit each: 0-9 A-Z a-z and !#$%&'*+-.^_`|~ */
  static const uint32_t bits[4] = {0x00000000u, 0x03FF6CFAu, 0xC7FFFFFEu, 0x57FFFFFFu};
  unsigned char u = (unsigned char)c;
  return u < 128 && (bits[u >> 5] >> (u & 31) & 1);
}

int log_field_request(const char *p, size_t n, log_record *rec, log_authority *url) {
  const char *end = p + n, *sp1, *target, *target_end, *v;
  for (sp1 = p; sp1 < end && tchar(*sp1); sp1++) {
  }
  if (sp1 == p || sp1 >= end || *sp1 != ' ') return 0;
  target = sp1 + 1;
  /* the protocol is the word after the last space (a few bytes from the
   * end: looked for from there, HTTP/x.y first) */
  if (end - target > 9 && end[-9] == ' ' && end[-8] == 'H')
    v = end - 8;
  else
    for (v = end; v > target && v[-1] != ' '; v--) {
    }
  if (v > target) {
    const char *d;
    if (end - v < 6 || memcmp(v, "HTTP/", 5) != 0) return 0;
    for (d = v + 5; d < end; d++)
      if (!((*d >= '0' && *d <= '9') || *d == '.')) return 0;
    target_end = v - 1;
    /* a target with spaces inside, never at its ends */
    if (target_end == target || *target == ' ' || target_end[-1] == ' ') return 0;
    rec->protocol.p = v;
    rec->protocol.n = (size_t)(end - v);
  } else {
    target_end = end;
    if (target_end == target) return 0;
  }
  rec->method.p = p;
  rec->method.n = (size_t)(sp1 - p);
  if (sp1 - p == 7 && memcmp(p, "CONNECT", 7) == 0 && *target != '/') {
    log_authority a;
    if (authority(target, target_end, &a) == target_end && a.has_port) {
      *url = a; /* authority-form: host and port, no path */
      return 1;
    }
  }
  log_field_target(target, (size_t)(target_end - target), rec, url);
  return 1;
}

/* 1 when a and b are the same host name, letters in any case. */
static int same_host(log_text a, log_text b) {
  size_t i;
  if (a.n != b.n) return 0;
  for (i = 0; i < a.n; i++) {
    char x = a.p[i], y = b.p[i];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return 0;
  }
  return 1;
}

int log_authority_apply(log_record *rec, const log_authority *url) {
  int differs = 0;
  if (url->host.p) {
    if (!rec->host.p)
      rec->host = url->host;
    else if (!same_host(rec->host, url->host))
      differs = 1;
  }
  if (url->has_port) {
    if (!rec->has_port)
      rec->port = url->port, rec->has_port = 1;
    else if (rec->port != url->port)
      differs = 1;
  }
  return differs;
}

int log_field_decode(log_scratch *s, const char *p, size_t n, int percent, log_text *out) {
  char *w;
  size_t i, k = 0;
  if (!memchr(p, percent ? '%' : '+', n)) return log_text_set(s, p, n, out);
  if (!(w = log_scratch_alloc(s, n))) return -1;
  for (i = 0; i < n; i++) {
    if (!percent && p[i] == '+') {
      w[k++] = ' ';
    } else if (percent && p[i] == '%' && i + 2 < n && log_field_hex(p[i + 1]) >= 0 &&
               log_field_hex(p[i + 2]) >= 0) {
      w[k++] = (char)(log_field_hex(p[i + 1]) * 16 + log_field_hex(p[i + 2]));
      i += 2;
    } else {
      w[k++] = p[i];
    }
  }
  if (log_utf8_valid(w, k)) { /* as it is, giving back the room not used */
    out->p = w;
    out->n = k;
    s->len -= n - k;
    return 0;
  }
  return log_scratch_put_text(s, w, k, out);
}

int log_field_text(log_scratch *s, const char *p, size_t n, log_text *out, int line_valid) {
  if (!line_valid) return log_text_set(s, p, n, out);
  out->p = p;
  out->n = n;
  return 0;
}

int log_fields_sanitize(log_record *rec, log_scratch *s) {
  log_text *t[9];
  int i;
  t[0] = &rec->client, t[1] = &rec->remote_user, t[2] = &rec->method, t[3] = &rec->path;
  t[4] = &rec->query, t[5] = &rec->protocol, t[6] = &rec->referrer, t[7] = &rec->user_agent;
  t[8] = &rec->host;
  for (i = 0; i < 9; i++)
    if (t[i]->p && log_text_set(s, t[i]->p, t[i]->n, t[i]) != 0) return -1;
  return 0;
}
