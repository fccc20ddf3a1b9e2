/* log_text.c: scratch buffer, UTF-8 sanitising, the extra JSON object and
 * error reasons. No SQLite types. */
#include "log_text.h"

#include "log_format.h"

#include <stdio.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "log_alloc.h"
#include "log_fields.h"

int log_scratch_begin(log_scratch *s, size_t line_len) {
  size_t need = line_len * LOG_SCRATCH_PER_BYTE + LOG_SCRATCH_SLACK;
  s->len = 0;
  if (s->cap < need) {
    char *p = log_realloc(s->buf, need);
    if (!p) return -1;
    s->buf = p;
    s->cap = need;
  }
  return 0;
}

void log_scratch_free(log_scratch *s) {
  log_free(s->buf);
  s->buf = NULL;
  s->len = s->cap = 0;
}

char *log_scratch_alloc(log_scratch *s, size_t n) {
  char *p;
  if (s->cap - s->len < n) return NULL;
  p = s->buf + s->len;
  s->len += n;
  return p;
}

int log_scratch_reserve(log_scratch *s, size_t n) {
  s->len = 0;
  if (s->cap < n) {
    char *p = log_realloc(s->buf, n);
    if (!p) return -1;
    s->buf = p;
    s->cap = n;
  }
  return 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. NUL counts as bad. */
static size_t utf8_sequence(const unsigned char *p, size_t n) {
  unsigned c = p[0];
  if (c >= 0x01 && c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return n >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return n >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4
                                                                                                : 0;
  }
  return 0;
}

/* Nonzero high bits where a byte of w is 0 or above 0x7F. */
static uint64_t not_ascii(uint64_t w) {
  return (w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL;
}

int log_utf8_valid(const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0;
#if defined(__SSE2__)
  /* ASCII without NUL, as most lines are: 64 bytes at a time, then 32,
   * then the last 32 (overlapping what was checked). A byte is 0 when the
   * minimum of the loads is, above 0x7F when their OR is. On any other
   * byte the loop below goes on from i, where the ASCII checked ends. */
  if (n >= 32) {
    const __m128i zero = _mm_setzero_si128();
#define LOG_LOAD(at) _mm_loadu_si128((const __m128i *)(const void *)(u + (at)))
    for (; n - i >= 64; i += 64) {
      __m128i a = LOG_LOAD(i), b = LOG_LOAD(i + 16), c = LOG_LOAD(i + 32), d = LOG_LOAD(i + 48);
      __m128i low = _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d));
      __m128i high = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d));
      if (_mm_movemask_epi8(_mm_or_si128(high, _mm_cmpeq_epi8(low, zero)))) break;
    }
    if (n - i < 64) {
      size_t at = n - i >= 32 ? i : n - 32;
      for (;;) {
        __m128i a = LOG_LOAD(at), b = LOG_LOAD(at + 16);
        if (_mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(a, b), _mm_cmpeq_epi8(_mm_min_epu8(a, b), zero))))
          break;
        if (at + 32 == n) return 1;
        i = at + 32, at = n - i >= 32 ? i : n - 32;
      }
    }
#undef LOG_LOAD
  }
#endif
  while (i < n) {
    uint64_t w;
    size_t k;
    /* 8 ASCII bytes, none of them NUL, at a time */
    if (n - i >= 8) {
      memcpy(&w, u + i, 8);
      if (!not_ascii(w)) {
        i += 8;
        continue;
      }
    }
    if (u[i] >= 0x01 && u[i] < 0x80) {
      i++;
      continue;
    }
    k = utf8_sequence(u + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

int log_scratch_put_text(log_scratch *s, const char *p, size_t n, log_text *out) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0, room = s->cap - s->len;
  char *start = s->buf + s->len, *w = start;
  while (i < n) {
    size_t k = utf8_sequence(u + i, n - i);
    if (k) {
      if ((size_t)(w - start) + k > room) return -1;
      memcpy(w, u + i, k);
      w += k;
      i += k;
    } else {
      if ((size_t)(w - start) + 4 > room) return -1;
      *w++ = '\\';
      *w++ = 'x';
      log_field_put_hex(w, u[i]);
      w += 2;
      i++;
    }
  }
  out->p = start;
  out->n = (size_t)(w - start);
  s->len += out->n;
  return 0;
}

int log_text_set(log_scratch *s, const char *p, size_t n, log_text *out) {
  if (log_utf8_valid(p, n)) {
    out->p = p;
    out->n = n;
    return 0;
  }
  return log_scratch_put_text(s, p, n, out);
}

/* A JSON number as RFC 8259 writes it. */
static int json_number(const char *p, size_t n) {
  size_t i = 0;
  if (i < n && p[i] == '-') i++;
  if (i >= n) return 0;
  if (p[i] == '0')
    i++;
  else if (p[i] >= '1' && p[i] <= '9')
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  else
    return 0;
  if (i < n && p[i] == '.') {
    size_t d = ++i;
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
    if (i == d) return 0;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    size_t d;
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    d = i;
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
    if (i == d) return 0;
  }
  return i == n;
}

/* Bytes JSON writes escaped: the quote, the backslash, the control bytes
 * and DEL (as \" \\ or \u00XX). */
static const unsigned char json_escaped[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

/* Appends a JSON string (quotes included) of valid UTF-8 text: runs of
 * plain bytes are copied whole. */
int log_json_string(log_scratch *s, const char *p, size_t n) {
  const unsigned char *u = (const unsigned char *)p;
  size_t i = 0;
  char *w;
  if (s->cap - s->len < n * 6 + 2) return -1; /* every byte as \u00XX */
  w = s->buf + s->len;
  *w++ = '"';
  while (i < n) {
    size_t run = i;
    while (run < n && !json_escaped[u[run]]) run++;
    memcpy(w, u + i, run - i);
    w += run - i;
    if (run == n) break;
    if (u[run] == '"' || u[run] == '\\') {
      *w++ = '\\';
      *w++ = (char)u[run];
    } else {
      memcpy(w, "\\u00", 4);
      log_field_put_hex(w + 4, u[run]);
      w += 6;
    }
    i = run + 1;
  }
  *w++ = '"';
  s->len = (size_t)(w - s->buf);
  return 0;
}

int log_json_string_array(log_scratch *s, const log_text *items, int n, log_text *out) {
  size_t start = s->len;
  char *w;
  int k;
  for (k = 0; k < n; k++) {
    if (!(w = log_scratch_alloc(s, 1))) return -1;
    *w = k ? ',' : '[';
    if (log_json_string(s, items[k].p, items[k].n) != 0) return -1;
  }
  if (!(w = log_scratch_alloc(s, 1))) return -1;
  *w = ']';
  out->p = s->buf + start;
  out->n = s->len - start;
  return 0;
}

size_t log_json_members_size(const log_json_field *fields, int n) {
  size_t size = 0;
  int i;
  for (i = 0; i < n; i++)
    if (fields[i].value.p) /* ,"key":"value" with every byte escaped */
      size += 1 + (strlen(fields[i].key) * 6 + 2) + 1 + (fields[i].value.n * 6 + 2);
  return size;
}

int log_json_members(log_scratch *s, const log_json_field *fields, int n, int *any) {
  int i;
  char *w;
  for (i = 0; i < n; i++) {
    const log_json_field *f = &fields[i];
    if (!f->value.p) continue;
    if (*any) {
      if (!(w = log_scratch_alloc(s, 1))) return -1;
      *w = ',';
    }
    *any = 1;
    if (log_json_string(s, f->key, strlen(f->key)) != 0) return -1;
    if (!(w = log_scratch_alloc(s, 1))) return -1;
    *w = ':';
    if (f->is_number == LOG_JSON_RAW || (f->is_number && json_number(f->value.p, f->value.n))) {
      if (!(w = log_scratch_alloc(s, f->value.n))) return -1;
      memcpy(w, f->value.p, f->value.n);
    } else if (log_json_string(s, f->value.p, f->value.n) != 0) {
      return -1;
    }
  }
  return 0;
}

void log_record_defer_extra(log_record *rec, const log_json_field *fields, int n) {
  rec->extra_fields = fields;
  rec->extra_count = n;
}

int log_record_extra(log_record *rec, log_scratch *out) {
  size_t size;
  int any = 0;
  if (!rec->prefix_count && !rec->extra_count && !rec->extra_members) return 0;
  size = 2 + log_json_members_size(rec->prefix_fields, rec->prefix_count) +
         log_json_members_size(rec->extra_fields, rec->extra_count) +
         (rec->extra_members ? 1 + rec->extra_bound : 0);
  if (log_scratch_reserve(out, size) != 0) return -1;
  /* the room reserved is the most the members can take: nothing below fails */
  out->buf[out->len++] = '{';
  log_json_members(out, rec->prefix_fields, rec->prefix_count, &any);
  log_json_members(out, rec->extra_fields, rec->extra_count, &any);
  if (rec->extra_members) rec->extra_members(rec->extra_state, out, &any);
  if (any) {
    out->buf[out->len++] = '}';
    rec->extra.p = out->buf;
    rec->extra.n = out->len;
  }
  rec->prefix_count = 0;
  rec->extra_count = 0;
  rec->extra_members = NULL;
  return 0;
}

int log_record_fail(log_record *rec, log_scratch *s, long offset, const char *fmt, ...) {
  const char *format = rec->format;
  long base = rec->error_base;
  char message[512];
  int n;
  va_list ap;
  log_record_clear(rec);
  rec->format = format;
  rec->error_base = base;
  va_start(ap, fmt);
  n = vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n >= sizeof message) n = (int)sizeof message - 1;
  if (offset >= 0) {
    int m = snprintf(message + n, sizeof message - (size_t)n, " at byte %ld", offset + base);
    if (m > 0) n += m;
    if ((size_t)n >= sizeof message) n = (int)sizeof message - 1;
  }
  /* the message may quote bytes of the format or the line */
  if (log_scratch_put_text(s, message, (size_t)n, &rec->error) != 0) {
    static const char lost[] = "line rejected";
    rec->error.p = lost;
    rec->error.n = sizeof lost - 1;
  }
  return LOG_REJECTED;
}
