/* log_format_json.c: one JSON object per line, read into the columns by a
 * mapping from columns to keys.
 *
 * The spec (a named format's, or the user's after "json:") is a list of
 * column=key items separated by commas:
 *
 *   status=status,time=time_iso8601|time_local,uri=request.uri,duration=Duration/ns
 *
 * - A key reaches into nested objects with dots (request.headers.User-Agent);
 *   an array value stands for its first element (Caddy's header lists).
 * - key|key|... : the first one present (and not null) is used.
 * - /s /ms /us /ns after the keys: the unit of a duration, or of a time
 *   given as a number (default: seconds for durations; for times, seconds,
 *   or ms/us/ns when the integer is too large to be seconds).
 * - Columns: time client remote_user method path query protocol status
 *   bytes referrer user_agent host port duration, and two that split:
 *   request ("GET /p?q HTTP/1.1" into method, path, query, protocol) and
 *   uri ("/p?q" into path and query). require=key only checks presence.
 *
 * A line is a row when it is one JSON object (RFC 8259, nothing after it)
 * holding the status key and every required key; an object without them
 * (Caddy's start-up messages, say) is an error row "not an access record",
 * quoting its "msg" when it has one. A truncated line is an error row.
 * Text values are decoded (\" \\ \/ \b \f \n \r \t \uXXXX, surrogate pairs
 * joined; a lone surrogate becomes U+FFFD) and made valid UTF-8 (invalid
 * bytes and NUL as \xNN). "" and "-" read as NULL. Numbers may be JSON
 * numbers or strings of digits. The members not read into a column are
 * kept in extra as they were written (a member read only in part, such as
 * Caddy's "request", is kept whole).
 */
#include "log_format_json.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

#define JSON_MAX_ENTRIES 32
#define JSON_MAX_ALTS 4
#define JSON_MAX_DEPTH 64
#define JSON_MAX_COMPONENTS 8

typedef struct json_key {
  int ncomp;
  const char *comp[JSON_MAX_COMPONENTS];
  size_t len[JSON_MAX_COMPONENTS];
} json_key;

typedef struct json_entry {
  enum log_target column;
  int nalt;
  json_key alt[JSON_MAX_ALTS];
  double unit;    /* 0: the default */
  unsigned wants; /* log_target_wants(column): left out when none is wanted */
} json_entry;

/* A member of the line's top-level object. */
typedef struct json_member {
  const char *k, *kq, *v, *vq; /* key (quotes included) and value spans */
  int escaped;                 /* the key holds a backslash */
} json_member;

#define JSON_MAX_MEMBERS 128

/* A key of the mapping being looked for: entry i, alternative a. */
typedef struct json_want {
  unsigned char i, a;
} json_want;

/* Where a first name of n bytes starting with b is looked up. */
static unsigned first_bucket(unsigned char b, size_t n) { return (b + 31u * (unsigned)n) & 255u; }

/* A distinct first component of the mapping's keys, with every key (entry,
 * alternative) that starts with it: a top-level member is matched against
 * these, once each. */
typedef struct json_first {
  const char *name;
  size_t len;
  int npairs;
  json_want pair[JSON_MAX_ENTRIES * JSON_MAX_ALTS];
  int nested; /* a key of pair[] goes on into the member's value */
  int next;   /* the next one in the same bucket of first_bucket, + 1 (0: none) */
} json_first;

typedef struct json_state {
  char *spec; /* owned copy; the keys point into it */
  int nentries;
  int status_entry; /* index of the status entry */
  /* the entries a line must have to be an access record: status first,
   * then the LOG_TARGET_REQUIRE ones in order */
  int required[JSON_MAX_ENTRIES], nrequired;
  json_entry entry[JSON_MAX_ENTRIES];
  /* per line: the value found for each entry (p NULL: none) */
  log_text found[JSON_MAX_ENTRIES];
  int found_alt[JSON_MAX_ENTRIES];
  int whole[JSON_MAX_ENTRIES];    /* the value is a whole top-level member */
  int escaped[JSON_MAX_ENTRIES];  /* the value is a string with a backslash */
  int consumed[JSON_MAX_ENTRIES]; /* the member is kept out of extra */
  json_member member[JSON_MAX_MEMBERS];
  int nmembers;          /* -1: more than JSON_MAX_MEMBERS, scan again */
  const char *obj, *end; /* the line's object, for json_extra_write() */
  int nfirst;
  json_first first[JSON_MAX_ENTRIES * JSON_MAX_ALTS];
  /* the json_first of each name's first_bucket(), chained by next, + 1 */
  int first_by_bucket[256];
} json_state;

/* ---- the mapping ---- */

static void json_close(void *state);

/* Fails json_open: frees the state and names what is wrong, quoting the
 * item of spec (as given) that holds at (a pointer into s's copy), or the
 * whole spec when at is NULL. */
static int spec_error(json_state *s, void **state, char *err, size_t errsz, const char *what,
                      const char *spec, const char *at) {
  const char *item = at ? spec + (at - s->spec) : spec;
  int n = 0;
  while (at && item > spec && item[-1] != ',') item--;
  while (item[n] && (!at || item[n] != ',')) n++;
  snprintf(err, errsz, "JSON mapping: %s in '%.*s'", what, n, item);
  json_close(s);
  *state = NULL;
  return -1;
}

static int json_open(const char *spec, void **state, char *err, size_t errsz) {
  json_state *s;
  char *p;
  int have_status = 0;
  *state = NULL;
  if (!(s = log_malloc_zero(sizeof *s)) || !(s->spec = log_malloc(strlen(spec) + 1))) {
    log_free(s);
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  strcpy(s->spec, spec);
  *state = s;
  for (p = s->spec; p && *p;) {
    char *comma = strchr(p, ','), *eq, *slash, *k;
    json_entry *e;
    int c;
    char *item = p;
    if (comma) *comma = 0;
    p = comma ? comma + 1 : NULL;
    if (!(eq = strchr(item, '=')))
      return spec_error(s, state, err, errsz, "no '=' (column=key)", spec, item);
    *eq = 0;
    c = log_target_find(item, strlen(item));
    /* extra and the parts of a time or a duration are not a mapping's */
    if (c < 0 || c == LOG_TARGET_EXTRA || c == LOG_TARGET_TIME_PART ||
        c == LOG_TARGET_DURATION_PART) {
      return spec_error(s, state, err, errsz,
                        "not a column (time client remote_user method path query "
                        "protocol status bytes referrer user_agent host port duration "
                        "request uri require)",
                        spec, item);
    }
    if (s->nentries == JSON_MAX_ENTRIES)
      return spec_error(s, state, err, errsz, "too many items", spec, item);
    e = &s->entry[s->nentries];
    e->column = (enum log_target)c;
    e->wants = log_target_wants(e->column);
    if (c == LOG_TARGET_STATUS) {
      if (have_status) return spec_error(s, state, err, errsz, "status given twice", spec, item);
      have_status = 1;
      s->status_entry = s->nentries;
    }
    if ((slash = strchr(eq + 1, '/'))) {
      *slash = 0;
      if (strcmp(slash + 1, "s") == 0)
        e->unit = 1;
      else if (strcmp(slash + 1, "ms") == 0)
        e->unit = 1e3;
      else if (strcmp(slash + 1, "us") == 0)
        e->unit = 1e6;
      else if (strcmp(slash + 1, "ns") == 0)
        e->unit = 1e9;
      else
        return spec_error(s, state, err, errsz, "a unit is s, ms, us or ns", spec, slash + 1);
      if (c != LOG_TARGET_DURATION && c != LOG_TARGET_TIME)
        return spec_error(s, state, err, errsz, "a unit only for duration or time", spec, item);
    }
    for (k = eq + 1;;) {
      char *bar = strchr(k, '|'), *dot;
      json_key *key;
      if (bar) *bar = 0;
      if (e->nalt == JSON_MAX_ALTS)
        return spec_error(s, state, err, errsz, "more than 4 keys", spec, item);
      key = &e->alt[e->nalt++];
      for (;;) {
        dot = strchr(k, '.');
        if (dot) *dot = 0;
        if (!*k) return spec_error(s, state, err, errsz, "an empty key", spec, item);
        if (key->ncomp == JSON_MAX_COMPONENTS)
          return spec_error(s, state, err, errsz, "a key nested too deep", spec, item);
        key->comp[key->ncomp] = k;
        key->len[key->ncomp++] = strlen(k);
        if (!dot) break;
        k = dot + 1;
      }
      if (!bar) break;
      k = bar + 1;
    }
    s->nentries++;
  }
  if (!have_status)
    return spec_error(s, state, err, errsz,
                      "no status=key (the key that makes a line an access record)", spec, NULL);
  {
    int i, a, f;
    s->required[s->nrequired++] = s->status_entry;
    for (i = 0; i < s->nentries; i++)
      if (s->entry[i].column == LOG_TARGET_REQUIRE) s->required[s->nrequired++] = i;
    for (i = 0; i < s->nentries; i++)
      for (a = 0; a < s->entry[i].nalt; a++) {
        const json_key *key = &s->entry[i].alt[a];
        json_first *first;
        for (f = 0; f < s->nfirst; f++)
          if (s->first[f].len == key->len[0] &&
              memcmp(s->first[f].name, key->comp[0], key->len[0]) == 0)
            break;
        first = &s->first[f];
        if (f == s->nfirst) {
          unsigned bucket = first_bucket((unsigned char)key->comp[0][0], key->len[0]);
          s->nfirst++;
          first->name = key->comp[0];
          first->len = key->len[0];
          first->next = s->first_by_bucket[bucket];
          s->first_by_bucket[bucket] = f + 1;
        }
        first->pair[first->npairs].i = (unsigned char)i;
        first->pair[first->npairs++].a = (unsigned char)a;
        if (key->ncomp > 1) first->nested = 1;
      }
  }
  return 0;
}

static void json_start_file(void *state) { (void)state; }

static void json_close(void *state) {
  json_state *s = state;
  if (!s) return;
  log_free(s->spec);
  log_free(s);
}

/* ---- reading JSON ---- */

typedef struct json_reader {
  const char *line, *end;
  int escaped;         /* the last string scanned holds a backslash */
  const char *fail_at; /* where the first syntax error is */
  const char *why;
} json_reader;

static const char *ws(const char *p, const char *end) {
  if (p < end && (unsigned char)*p > ' ') return p; /* most JSON logs have no spaces */
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
  return p;
}

static const char *fail(json_reader *r, const char *at, const char *why) {
  r->fail_at = at;
  r->why = why;
  return NULL;
}

static int hex4(const char *p, const char *end, unsigned *v) {
  int i;
  *v = 0;
  if (end - p < 4) return 0;
  for (i = 0; i < 4; i++) {
    int d = log_field_hex(p[i]);
    if (d < 0) return 0;
    *v = *v * 16 + (unsigned)d;
  }
  return 1;
}

/* Bytes that end a run of plain string content: the quote, the backslash
 * and the control bytes. */
static const unsigned char string_stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};

/* p at '"': returns the byte after the closing quote; *escaped when the
 * string holds a backslash. */
/* Nonzero when one of the 8 bytes of w is a quote, a backslash or below
 * 0x20 (the bit tricks of "Bit Twiddling Hacks": a zero byte of w ^ c for
 * each c, and a byte less than 0x20). */
#if !defined(__SSE2__)
static uint64_t has_string_stop(uint64_t w) {
  const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
  return (((q - ones) & ~q) | ((b - ones) & ~b) | (w - ones * 0x20)) & ~w & highs;
}
#endif

/* p to the first quote, backslash or control byte of p[0..end), or end. */
static inline const char *string_run(const char *p, const char *end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F), zero = _mm_setzero_si128();
  while (end - p >= 16) { /* sixteen bytes at a time */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                     _mm_cmpeq_epi8(_mm_subs_epu8(x, control), zero));
    int mask = _mm_movemask_epi8(stop);
    if (mask) {
#if defined(__GNUC__)
      return p + __builtin_ctz((unsigned)mask);
#else
      int k = 0;
      while (!(mask & 1)) mask >>= 1, k++;
      return p + k;
#endif
    }
    p += 16;
  }
#else
  uint64_t w;
  while (end - p >= 8) { /* eight plain bytes at a time */
    memcpy(&w, p, 8);
    if (has_string_stop(w)) break;
    p += 8;
  }
#endif
  while (p < end && !string_stop[(unsigned char)*p]) p++;
  return p;
}

static const char *scan_string(json_reader *r, const char *p, int *escaped) {
  const char *end = r->end;
  *escaped = r->escaped = 0;
  for (p++; p < end; p++) {
    unsigned char c;
    p = string_run(p, end);
    if (p >= end) break;
    c = (unsigned char)*p;
    if (c == '"') return p + 1;
    if (c < 0x20) return fail(r, p, "a control byte inside a string");
    {
      unsigned v;
      *escaped = r->escaped = 1;
      if (++p >= end) break;
      if (*p == 'u') {
        if (!hex4(p + 1, end, &v)) return fail(r, p - 1, "a \\u escape without 4 hex digits");
        p += 4;
      } else if (!strchr("\"\\/bfnrt", *p)) {
        return fail(r, p - 1, "an unknown escape");
      }
    }
  }
  return fail(r, end, "the line ends inside a string (truncated?)");
}

/* scan_string(), with the common case (no backslash, no control byte)
 * inline. */
static inline const char *quick_string(json_reader *r, const char *p, int *escaped) {
  const char *q = string_run(p + 1, r->end);
  if (q < r->end && *q == '"') {
    *escaped = r->escaped = 0;
    return q + 1;
  }
  return scan_string(r, p, escaped);
}

static const char *scan_number(json_reader *r, const char *p) {
  const char *end = r->end, *start = p;
  if (p < end && *p == '-') p++;
  if (p < end && *p == '0') {
    p++;
  } else if (p < end && *p >= '1' && *p <= '9') {
    while (p < end && *p >= '0' && *p <= '9') p++;
  } else {
    return fail(r, start, "not a JSON value");
  }
  if (p < end && *p == '.') {
    const char *d = ++p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == d) return fail(r, start, "a number without digits after '.'");
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    const char *d;
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    d = p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    if (p == d) return fail(r, start, "a number without exponent digits");
  }
  return p;
}

static const char *scan_value(json_reader *r, const char *p, int depth);

/* p at '{' or '['. */
static const char *scan_container(json_reader *r, const char *p, int depth) {
  const char *end = r->end;
  char close = *p == '{' ? '}' : ']';
  int object = *p == '{', first = 1, esc;
  if (depth >= JSON_MAX_DEPTH) return fail(r, p, "nested more than 64 deep");
  p = ws(p + 1, end);
  if (p < end && *p == close) return p + 1;
  for (;;) {
    if (!first) {
      p = ws(p, end);
      if (p >= end) return fail(r, end, "the line ends inside an object or array (truncated?)");
      if (*p == close) return p + 1;
      if (*p != ',') return fail(r, p, object ? "',' or '}' expected" : "',' or ']' expected");
      p = ws(p + 1, end);
    }
    first = 0;
    if (object) {
      if (p >= end) return fail(r, end, "the line ends inside an object (truncated?)");
      if (*p != '"') return fail(r, p, "a \"key\" expected");
      if (!(p = quick_string(r, p, &esc))) return NULL;
      p = ws(p, end);
      if (p >= end) return fail(r, end, "the line ends inside an object (truncated?)");
      if (*p != ':') return fail(r, p, "':' expected after a key");
      p = ws(p + 1, end);
    }
    if (!(p = scan_value(r, p, depth + 1))) return NULL;
  }
}

static const char *scan_value(json_reader *r, const char *p, int depth) {
  const char *end = r->end;
  int esc;
  if (p >= end) return fail(r, end, "the line ends where a value should be (truncated?)");
  switch (*p) {
  case '"': return quick_string(r, p, &esc);
  case '{':
  case '[': return scan_container(r, p, depth);
  case 't':
    return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : fail(r, p, "not a JSON value");
  case 'f':
    return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : fail(r, p, "not a JSON value");
  case 'n':
    return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : fail(r, p, "not a JSON value");
  default: return scan_number(r, p);
  }
}

/* Appends the UTF-8 of code point u. */
static size_t put_utf8(char *w, unsigned u) {
  if (u < 0x80) {
    w[0] = (char)u;
    return 1;
  }
  if (u < 0x800) {
    w[0] = (char)(0xC0 | u >> 6);
    w[1] = (char)(0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    w[0] = (char)(0xE0 | u >> 12);
    w[1] = (char)(0x80 | (u >> 6 & 0x3F));
    w[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  w[0] = (char)(0xF0 | u >> 18);
  w[1] = (char)(0x80 | (u >> 12 & 0x3F));
  w[2] = (char)(0x80 | (u >> 6 & 0x3F));
  w[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

/* Decodes the (already checked) string at p..q (quotes included) into
 * scratch as valid UTF-8; used in place when it has no escape (esc 0 says
 * it is known to have none) and the line is valid UTF-8. */
static int decode_string(log_scratch *sc, const char *p, const char *q, int line_valid, int esc,
                         log_text *out) {
  const char *end = q - 1;
  char *w, *start;
  esc = esc && memchr(p, '\\', (size_t)(q - p)) != NULL;
  p++;
  if (!esc) return log_field_text(sc, p, (size_t)(end - p), out, line_valid);
  if (!(start = w = log_scratch_alloc(sc, (size_t)(end - p)))) return -1;
  while (p < end) {
    unsigned u, lo;
    if (*p != '\\') {
      *w++ = *p++;
      continue;
    }
    p++;
    switch (*p++) {
    case 'b': *w++ = '\b'; break;
    case 'f': *w++ = '\f'; break;
    case 'n': *w++ = '\n'; break;
    case 'r': *w++ = '\r'; break;
    case 't': *w++ = '\t'; break;
    case 'u':
      hex4(p, end, &u);
      p += 4;
      if (u >= 0xD800 && u <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
          hex4(p + 2, end, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
      } else if (u >= 0xD800 && u <= 0xDFFF) {
        u = 0xFFFD;
      }
      w += put_utf8(w, u);
      break;
    default: *w++ = p[-1]; break; /* \" \\ \/ */
    }
  }
  return log_scratch_put_text(sc, start, (size_t)(w - start), out);
}

/* memcmp(a, b, n) == 0 without a call for the short names of a mapping:
 * from 4 bytes on, two loads from each side that overlap in the middle. */
static inline int same_bytes(const char *a, const char *b, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t x, y, u, v;
    memcpy(&x, a, 8), memcpy(&y, b, 8), memcpy(&u, a + n - 8, 8), memcpy(&v, b + n - 8, 8);
    return ((x ^ y) | (u ^ v)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t x, y, u, v;
    memcpy(&x, a, 4), memcpy(&y, b, 4), memcpy(&u, a + n - 4, 4), memcpy(&v, b + n - 4, 4);
    return ((x ^ y) | (u ^ v)) == 0;
  }
  if (n < 4) {
    size_t i;
    for (i = 0; i < n; i++)
      if (a[i] != b[i]) return 0;
    return 1;
  }
  return memcmp(a, b, n) == 0;
}

/* Compares the key string at p..q (quotes included; escaped when it holds
 * a backslash) with name. */
static int escaped_key_is(const char *p, const char *q, const char *name, size_t n);

static inline int key_matches(const char *p, const char *q, int escaped, const char *name,
                              size_t n) {
  if ((size_t)(q - p - 2) == n && same_bytes(p + 1, name, n)) return 1;
  return escaped && escaped_key_is(p, q, name, n);
}

/* The same, out of line, where a key is seldom compared (keeping the
 * top-level loop of json_parse small). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int
key_is(const char *p, const char *q, int escaped, const char *name, size_t n) {
  return key_matches(p, q, escaped, name, n);
}

/* key_is() for a key with escapes: the simple ones decoded first. */
static int escaped_key_is(const char *p, const char *q, const char *name, size_t n) {
  char buf[256];
  size_t k = 0;
  const char *end = q - 1;
  p++;
  while (p < end && k < sizeof buf - 4) {
    unsigned u;
    if (*p != '\\') {
      buf[k++] = *p++;
      continue;
    }
    p++;
    if (*p == 'u' && hex4(p + 1, end, &u) && (u < 0xD800 || u > 0xDFFF)) {
      k += put_utf8(buf + k, u);
      p += 5;
    } else {
      buf[k++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
      p++;
    }
  }
  return p == end && k == n && (k == 0 || memcmp(buf, name, k) == 0);
}

/* The first name of the mapping that the key at k..kq (quotes included)
 * is, or NULL: found by the key's first byte and length, or, for a key with
 * escapes (esc), compared with each (the names are distinct). */
static inline const json_first *first_of(const json_state *s, const char *k, const char *kq,
                                         int esc) {
  size_t n = (size_t)(kq - k - 2);
  int f;
  if (esc) {
    for (f = 0; f < s->nfirst; f++)
      if (key_is(k, kq, esc, s->first[f].name, s->first[f].len)) return &s->first[f];
    return NULL;
  }
  for (f = s->first_by_bucket[first_bucket((unsigned char)k[1], n)]; f; f = s->first[f - 1].next)
    if (s->first[f - 1].len == n && same_bytes(k + 1, s->first[f - 1].name, n))
      return &s->first[f - 1];
  return NULL;
}

/* A quick test before key_is: same length and first byte (a key with
 * escapes always goes on to key_is). */
static int may_be(const char *k, const char *kq, int escaped, const json_key *key) {
  return escaped || ((size_t)(kq - k - 2) == key->len[0] && k[1] == key->comp[0][0]);
}

/* The keys of want[] have led, by their first depth components, to the
 * value at p (whole_v: p is a whole top-level member; the document is
 * already checked; value_end is where it ends, or NULL when not known yet).
 * Sets the value of those that end here, and walks an object once for all
 * those that go deeper. An array stands for its first
 * element; null is no value; an earlier alternative wins over a later one.
 * Returns the end of the value when it read it to its end, else NULL. */
static const char *resolve(json_state *s, json_reader *r, const char *p, const char *whole_v,
                           const char *value_end, int depth, const json_want *want, int nwant) {
  const char *end = r->end;
  json_want sub[JSON_MAX_ENTRIES * JSON_MAX_ALTS];
  /* the keys that go deeper, with the name each needs at this depth, so
   * that each member below is compared with these alone */
  struct {
    const char *name;
    size_t len;
    json_want want;
  } deep[JSON_MAX_ENTRIES * JSON_MAX_ALTS];
  int w, ndeep = 0, arrays = 0;
  p = ws(p, end);
  while (p < end && *p == '[') {
    p = ws(p + 1, end);
    arrays = 1;
    if (p < end && *p == ']') return NULL;
  }
  for (w = 0; w < nwant; w++) {
    int i = want[w].i, a = want[w].a;
    const json_key *key = &s->entry[i].alt[a];
    if (key->ncomp > depth) {
      deep[ndeep].name = key->comp[depth];
      deep[ndeep].len = key->len[depth];
      deep[ndeep++].want = want[w];
    } else if ((!s->found[i].p || a < s->found_alt[i]) &&
               !(*p == 'n' && end - p >= 4 && memcmp(p, "null", 4) == 0)) {
      /* the value's string, if it is one, is the last scanned: here, or
       * just before the call when value_end is given */
      if (!value_end) value_end = scan_value(r, p, 0);
      s->found[i].p = p;
      s->found[i].n = (size_t)(value_end - p);
      s->found_alt[i] = a;
      s->whole[i] = p == whole_v;
      s->escaped[i] = *p != '"' || r->escaped;
    }
  }
  if (!ndeep || p >= end || *p != '{') return arrays ? NULL : value_end;
  p = ws(p + 1, end);
  while (p < end && *p == '"') {
    const char *k = p, *kq, *v, *vq;
    int esc, nsub = 0;
    kq = quick_string(r, p, &esc);
    v = ws(ws(kq, end) + 1, end);
    for (w = 0; w < ndeep; w++)
      if ((esc || ((size_t)(kq - k - 2) == deep[w].len && k[1] == deep[w].name[0])) &&
          key_matches(k, kq, esc, deep[w].name, deep[w].len))
        sub[nsub++] = deep[w].want;
    vq = nsub ? resolve(s, r, v, NULL, NULL, depth + 1, sub, nsub) : NULL;
    p = ws(vq ? vq : scan_value(r, v, 0), end);
    if (p < end && *p == ',') p = ws(p + 1, end);
  }
  /* p is at the object's closing brace */
  return arrays || p >= end ? NULL : p + 1;
}

/* ---- converting values ---- */

static int is_string(log_text v) { return v.n >= 2 && v.p[0] == '"'; }

/* The text of a value: a string decoded, anything else as written.
 * Returns 0, or -1 when scratch is full. */
static int text_of(log_scratch *sc, log_text v, int line_valid, int esc, log_text *out) {
  if (is_string(v) && !esc && line_valid) { /* the common case: in place */
    out->p = v.p + 1, out->n = v.n - 2;
    return 0;
  }
  if (is_string(v)) return decode_string(sc, v.p, v.p + v.n, line_valid, esc, out);
  *out = v;
  return 0;
}

static int absent_text(log_text t) { return t.n == 0 || log_field_is_dash(t.p, t.n); }

/* Seconds since the epoch from digits[.digits] in the given unit (0:
 * guess from the size). */
static int epoch_time(log_text t, double unit, log_time *out) {
  int64_t whole = 0;
  uint32_t nanos = 0;
  size_t i = 0, digits = 0, frac = 0;
  double scale;
  for (; i < t.n && t.p[i] >= '0' && t.p[i] <= '9'; i++) {
    if (++digits > 19) return 0;
    whole = whole * 10 + (t.p[i] - '0');
  }
  if (!digits) return 0;
  if (i < t.n && t.p[i] == '.') {
    uint32_t v = 0;
    for (i++; i < t.n && t.p[i] >= '0' && t.p[i] <= '9'; i++)
      if (frac < 9) v = v * 10 + (uint32_t)(t.p[i] - '0'), frac++;
    if (!frac) return 0;
    nanos = v;
    for (digits = frac; digits < 9; digits++) nanos *= 10;
  }
  if (i != t.n) return 0;
  scale = unit                            ? unit
          : whole >= 100000000000000000LL ? 1e9
          : whole >= 100000000000000LL    ? 1e6
          : whole >= 100000000000LL       ? 1e3
                                          : 1;
  if (scale > 1) {
    int64_t per = (int64_t)scale;
    nanos = (uint32_t)((whole % per) * (1000000000 / per)) + (uint32_t)(nanos / per);
    whole /= per;
    frac = scale == 1e3 ? 3 : scale == 1e6 ? 6 : 9;
  }
  return log_time_from_epoch(out, whole, nanos, (int)frac) == 0;
}

static int read_time(log_text t, double unit, log_time *out) {
  const char *e;
  if ((e = log_time_parse_iso8601(t.p, t.p + t.n, out)) && e == t.p + t.n && out->present) return 1;
  if ((e = log_time_parse_clf(t.p, t.p + t.n, out)) && e == t.p + t.n && out->present) return 1;
  memset(out, 0, sizeof *out);
  return epoch_time(t, unit, out);
}

/* Appends JSON text as written, but valid UTF-8: an invalid byte (only
 * possible inside a string of a checked document) becomes the
 * characters \\xNN, which a JSON reader decodes to the text \xNN that the
 * columns show. */
static int put_raw(log_scratch *sc, const char *p, size_t n) {
  char *w;
  size_t i = 0;
  if (log_utf8_valid(p, n)) {
    if (!(w = log_scratch_alloc(sc, n))) return -1;
    memcpy(w, p, n);
    return 0;
  }
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    size_t len = c < 0x80                 ? 1
                 : c >= 0xC2 && c <= 0xDF ? 2
                 : c >= 0xE0 && c <= 0xEF ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4
                                          : 0;
    if (len && i + len <= n && log_utf8_valid(p + i, len)) {
      if (!(w = log_scratch_alloc(sc, len))) return -1;
      memcpy(w, p + i, len);
      i += len;
    } else {
      if (!(w = log_scratch_alloc(sc, 5))) return -1;
      w[0] = '\\', w[1] = '\\', w[2] = 'x';
      log_field_put_hex(w + 3, c);
      i++;
    }
  }
  return 0;
}

/* The error row of an object that lacks key e: names the key (dotted) and
 * quotes the object's "msg" when it has one. */
static enum log_parse_result not_access_record(const json_state *s, const json_entry *e,
                                               log_text msg, log_record *rec, log_scratch *sc) {
  char key[256];
  size_t k = 0;
  int c;
  log_text m = {NULL, 0};
  (void)s;
  for (c = 0; c < e->alt[0].ncomp && k + e->alt[0].len[c] + 2 < sizeof key; c++) {
    if (c) key[k++] = '.';
    memcpy(key + k, e->alt[0].comp[c], e->alt[0].len[c]);
    k += e->alt[0].len[c];
  }
  key[k] = 0;
  if (msg.p && is_string(msg) && decode_string(sc, msg.p, msg.p + msg.n, 0, 1, &m) == 0 &&
      m.n > 200)
    m.n = 200;
  if (m.p)
    return log_record_fail(rec, sc, -1, "not an access record: no \"%s\" (msg \"%.*s\")", key,
                           (int)m.n, m.p);
  return log_record_fail(rec, sc, -1, "not an access record: no \"%s\"", key);
}

/* The error row of a line that is not JSON. */
static enum log_parse_result json_fail(log_record *rec, log_scratch *sc, const char *line,
                                       const char *at, const char *why) {
  return log_record_fail(rec, sc, at - line, "not JSON: %s", why);
}

/* The extra of the line just parsed: the members no column took, as
 * written. put_raw() writes a byte as at most 5, so 5 per byte of the
 * object (the bound given to log_record.h) is room enough. */
static void json_extra_members(void *state, log_scratch *out, int *any) {
  json_state *s = state;
  json_reader r;
  const char *p, *end = s->end;
  int m, i;
  json_member one;
  r.line = s->obj;
  r.end = end;
  r.fail_at = NULL;
  r.escaped = 0;
  r.why = NULL;
  p = ws(s->obj + 1, end);
  for (m = 0; s->nmembers < 0 ? p < end && *p == '"' : m < s->nmembers; m++) {
    const json_member *mb;
    int keep = 1;
    if (s->nmembers >= 0) {
      mb = &s->member[m];
    } else { /* too many members to remember: read them again */
      one.k = p;
      one.kq = scan_string(&r, p, &one.escaped);
      one.v = ws(ws(one.kq, end) + 1, end);
      one.vq = scan_value(&r, one.v, 0);
      p = ws(one.vq, end);
      if (p < end && *p == ',') p = ws(p + 1, end);
      mb = &one;
    }
    for (i = 0; i < s->nentries && keep; i++)
      if (s->consumed[i]) {
        const json_key *key = &s->entry[i].alt[s->found_alt[i]];
        if (may_be(mb->k, mb->kq, mb->escaped, key) &&
            key_is(mb->k, mb->kq, mb->escaped, key->comp[0], key->len[0]))
          keep = 0;
      }
    if (!keep) continue;
    /* the room reserved is enough: these cannot fail */
    if (*any) put_raw(out, ",", 1);
    put_raw(out, mb->k, (size_t)(mb->kq - mb->k));
    put_raw(out, ":", 1);
    put_raw(out, mb->v, (size_t)(mb->vq - mb->v));
    *any = 1;
  }
}

/* ---- the parser ---- */

static enum log_parse_result json_parse(void *state, const char *line, size_t n, log_record *rec,
                                        log_scratch *sc) {
  json_state *s = state;
  json_reader r;
  const char *p, *end = line + n, *obj, *after;
  int i, a, esc, target = -1;
  log_text msg = {NULL, 0};
  log_authority url;
  r.line = line;
  r.end = end;
  r.fail_at = NULL;
  r.escaped = 0;
  r.why = NULL;
  p = ws(line, end);
  if (p >= end || *p != '{') return log_record_fail(rec, sc, p - line, "not a JSON object");
  obj = p;
  /* One pass over the members: check the JSON and find every entry's
   * value. The messages are scan_container's. */
  memset(s->found, 0, (size_t)s->nentries * sizeof s->found[0]); /* found_alt counts when found */
  s->nmembers = 0;
  p = ws(obj + 1, end);
  if (p < end && *p == '}') {
    after = p + 1;
  } else {
    for (;;) {
      const char *k = p, *kq, *v, *vq;
      json_want want[JSON_MAX_ENTRIES * JSON_MAX_ALTS];
      const json_first *first;
      int nwant = 0;
      if (p >= end)
        return json_fail(rec, sc, line, end, "the line ends inside an object (truncated?)");
      if (*p != '"') return json_fail(rec, sc, line, p, "a \"key\" expected");
      if (!(kq = quick_string(&r, p, &esc))) return json_fail(rec, sc, line, r.fail_at, r.why);
      p = kq < end && *kq == ':' ? kq : ws(kq, end); /* most logs: no space */
      if (p >= end)
        return json_fail(rec, sc, line, end, "the line ends inside an object (truncated?)");
      if (*p != ':') return json_fail(rec, sc, line, p, "':' expected after a key");
      v = ws(p + 1, end);
      vq = v < end && *v == '"' ? quick_string(&r, v, &r.escaped) : scan_value(&r, v, 1);
      if (!vq) return json_fail(rec, sc, line, r.fail_at, r.why);
      if (s->nmembers >= 0 && s->nmembers < JSON_MAX_MEMBERS) {
        json_member *m = &s->member[s->nmembers++];
        m->k = k, m->kq = kq, m->v = v, m->vq = vq, m->escaped = esc;
      } else {
        s->nmembers = -1;
      }
      if ((first = first_of(s, k, kq, esc)) != NULL) {
        if (!first->nested && *v != '[') {
          /* the member is the value (what resolve() would find, at once);
           * read into locals first, as the stores below may alias s */
          const json_want *pair = first->pair, *last = pair + (*v == 'n' ? 0 : first->npairs);
          const size_t vn = (size_t)(vq - v);
          const int v_escaped = *v != '"' || r.escaped;
          for (; pair < last; pair++) {
            int e = pair->i, alt = pair->a;
            if (s->found[e].p && alt >= s->found_alt[e]) continue;
            s->found[e].p = v;
            s->found[e].n = vn;
            s->found_alt[e] = alt;
            s->whole[e] = 1;
            s->escaped[e] = v_escaped;
          }
        } else {
          int j;
          for (j = 0; j < first->npairs; j++)
            if (!s->found[first->pair[j].i].p || first->pair[j].a < s->found_alt[first->pair[j].i])
              want[nwant++] = first->pair[j];
        }
      }
      if (nwant) resolve(s, &r, v, v, vq, 1, want, nwant);
      if (!msg.p && (esc || kq - k == 5) && key_is(k, kq, esc, "msg", 3))
        msg.p = v, msg.n = (size_t)(vq - v);
      if (vq < end && *vq == ',') { /* most logs: no space */
        p = ws(vq + 1, end);
        continue;
      }
      p = ws(vq, end);
      if (p >= end)
        return json_fail(rec, sc, line, end,
                         "the line ends inside an object or array (truncated?)");
      if (*p == '}') {
        after = p + 1;
        break;
      }
      if (*p != ',') return json_fail(rec, sc, line, p, "',' or '}' expected");
      p = ws(p + 1, end);
    }
  }
  if (ws(after, end) != end)
    return log_record_fail(rec, sc, ws(after, end) - line, "not JSON: text after the object");
  /* Access record or not: the status key first, then the required ones. */
  for (a = 0; a < s->nrequired; a++) {
    i = s->required[a];
    if (!s->found[i].p) return not_access_record(s, &s->entry[i], msg, rec, sc);
  }
  /* Columns. */
  url.host.p = NULL, url.has_port = 0;
  for (i = 0; i < s->nentries; i++) {
    const json_entry *e = &s->entry[i];
    log_text v = s->found[i], t;
    int64_t num;
    if (!v.p) {
      s->consumed[i] = 0;
      continue;
    }
    s->consumed[i] = s->whole[i];
    if (e->column == LOG_TARGET_REQUIRE || (e->wants && !(rec->wanted & e->wants))) {
      s->consumed[i] = 0; /* a field no one reads stays in extra */
      continue;
    }
    if (text_of(sc, v, rec->line_valid, s->escaped[i], &t) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    if (absent_text(t) && e->column != LOG_TARGET_STATUS) continue;
    switch (e->column) {
    case LOG_TARGET_TIME:
      if (!read_time(t, e->unit, &rec->time))
        return log_record_fail(rec, sc, v.p - line, "%s: not a time", log_target_name(e->column));
      break;
    case LOG_TARGET_CLIENT: {
      /* an X-Forwarded-For list (Traefik's ClientHost): its first address,
       * and the whole member stays in extra */
      log_text addr;
      if (log_field_client(t.p, t.n, &addr)) s->consumed[i] = 0;
      if (addr.n) rec->client = addr;
      break;
    }
    case LOG_TARGET_REMOTE_USER: rec->remote_user = t; break;
    case LOG_TARGET_METHOD: rec->method = t; break;
    case LOG_TARGET_PATH: rec->path = t; break;
    case LOG_TARGET_QUERY: rec->query = t; break;
    case LOG_TARGET_PROTOCOL: rec->protocol = t; break;
    case LOG_TARGET_REFERRER: rec->referrer = t; break;
    case LOG_TARGET_USER_AGENT: rec->user_agent = t; break;
    case LOG_TARGET_HOST: rec->host = t; break;
    case LOG_TARGET_URI:
      log_field_target(t.p, t.n, rec, &url);
      target = i;
      break;
    case LOG_TARGET_REQUEST:
      if (!log_field_request(t.p, t.n, rec, &url))
        s->consumed[i] = 0;
      else
        target = i;
      break;
    case LOG_TARGET_STATUS:
      if (!log_field_int(t.p, t.n, &num) || num < 0 || num > 999)
        return log_record_fail(rec, sc, v.p - line, "status: not a status code");
      rec->status = num, rec->has_status = 1;
      break;
    case LOG_TARGET_BYTES:
    case LOG_TARGET_PORT:
      if (!log_field_int(t.p, t.n, &num) || num < 0 ||
          (e->column == LOG_TARGET_PORT && num > 65535)) {
        s->consumed[i] = 0; /* kept in extra as written */
        break;
      }
      if (e->column == LOG_TARGET_BYTES)
        rec->bytes = num, rec->has_bytes = 1;
      else
        rec->port = num, rec->has_port = 1;
      break;
    case LOG_TARGET_DURATION:
      if (!log_field_seconds(t.p, t.n, e->unit ? e->unit : 1, &rec->duration)) {
        s->consumed[i] = 0;
        break;
      }
      rec->has_duration = 1;
      break;
    default: break;
    }
  }
  /* a URL's host and port where the line has none; when it has others, the
   * target's member stays in extra */
  if (target >= 0 && (url.host.p || url.has_port) && log_authority_apply(rec, &url))
    s->consumed[target] = 0;
  /* extra: the members no column took, as written, on demand */
  s->obj = obj;
  s->end = end;
  rec->extra_members = json_extra_members;
  rec->extra_state = s;
  rec->extra_bound = (size_t)(end - obj) * 5;
  if (!rec->line_valid && log_fields_sanitize(rec, sc) != 0)
    return log_record_fail(rec, sc, -1, "line too long to decode");
  return LOG_PARSED;
}

const log_family log_family_json = {
    .name = "json",
    .open = json_open,
    .start_file = json_start_file,
    .parse = json_parse,
    .close = json_close,
};
