/* log_fields.h: fields as data, and the byte helpers every family shares.
 *
 * A positional format (ALB, ELB, HAProxy: log_format_fields.c) and a W3C
 * field list (log_format_w3c.c) are tables of log_field_def: a name, a kind
 * (how the field's text is read and checked), a target (log_target.h: the
 * column it fills, or extra under its name) and flags. The family finds each
 * field's text in the line (its own splitting rules) and hands it to
 * log_field_read(), which reads every kind the same way for every family
 * and fills the record; so an ALB status and a W3C sc-status are read by the
 * same code. A field that fails names itself in the error row.
 *
 * Below that, the small readers: digits, hex, dash, integers, decimals,
 * seconds, address:port, request lines. They read a byte range and never
 * allocate; text results point into it.
 */
#ifndef LOG_FIELDS_H
#define LOG_FIELDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "log_record.h"
#include "log_text.h"

/* ---- fields as data ---- */

/* How a field's text is read. "Absent" leaves the target unset (NULL). */
enum log_field_kind {
  /* text, the three kinds log_field_read() reads inline */
  LOG_FIELD_TEXT,         /* text; "-" and "" are absent */
  LOG_FIELD_NAME,         /* text as written, never absent (HAProxy's frontend, "" and "-" too) */
  LOG_FIELD_VALUE,        /* text, written into extra as a JSON number when it is one */
  LOG_FIELD_WORD,         /* one of the space-separated words of arg (ALB's type) */
  LOG_FIELD_PLUS_TEXT,    /* text where '+' stands for a space (IIS's cs(User-Agent)) */
  LOG_FIELD_PERCENT_TEXT, /* text with %XX escapes, decoded (CloudFront's cs(User-Agent)) */
  LOG_FIELD_TIME_ISO8601, /* 2023-10-10T13:55:36.123456Z */
  LOG_FIELD_TIME_CLF_MS,  /* 10/Oct/2023:13:55:36[.123], no offset: local time (HAProxy) */
  LOG_FIELD_DATE,         /* 2023-10-10, a LOG_TARGET_TIME_PART */
  LOG_FIELD_CLOCK,        /* 13:55:36[.123], a LOG_TARGET_TIME_PART */
  LOG_FIELD_ADDR_PORT,    /* host:port, [v6]:port or v6:port; the port goes to extra as arg */
  LOG_FIELD_ADDRESS,      /* a client address (log_field_client: a port dropped), or an
                             X-Forwarded-For list: its first address, the list in extra */
  LOG_FIELD_SECONDS,      /* a decimal number of seconds */
  LOG_FIELD_MILLIS,       /* a decimal number of milliseconds */
  LOG_FIELD_INT,          /* an integer >= 0 */
  LOG_FIELD_STATUS,       /* an integer 0-999 */
  LOG_FIELD_PORT,         /* an integer 0-65535 */
  LOG_FIELD_SLASHED,      /* nparts numbers a/b/c (each [+][-]digits), each read as its part */
  LOG_FIELD_PAIR,         /* a/b split at the first '/', not ending in ':' (backend/server) */
  LOG_FIELD_REQUEST,      /* METHOD SP TARGET [SP HTTP/x.y]; otherwise kept in extra as is */
  LOG_FIELD_URI,          /* a request target: path and query (log_field_target) */
  LOG_FIELD_KIND_COUNT
};

/* Flags of a field (log_field_def.flags). */
#define LOG_FIELD_DASH 0x01u      /* "-" is absent */
#define LOG_FIELD_MINUS1 0x02u    /* -1 is absent (a step that never happened) */
#define LOG_FIELD_PLUS 0x04u      /* a '+' before the value is dropped (HAProxy's logasap) */
#define LOG_FIELD_KEEP 0x08u      /* a column's value is also kept in extra under its name */
#define LOG_FIELD_LOCAL 0x10u     /* a time part in the server's local time */
#define LOG_FIELD_PREFERRED 0x20u /* wins over the other fields of its target, in any order */
#define LOG_FIELD_FALLBACK 0x40u  /* fills its column only when no other field did; else extra */
/* Where the text is, for the splitter of log_format_fields.c: */
#define LOG_FIELD_BRACKETED 0x100u /* [text] */
#define LOG_FIELD_BRACED 0x200u    /* up to nparts optional {blocks}; an empty one is absent */
#define LOG_FIELD_REST 0x400u      /* the rest of the line, trailing spaces dropped */
#define LOG_FIELD_QUOTED 0x800u    /* with REST: "text" between the first and the last quote */

typedef struct log_field_def {
  const char *name; /* extra's key, and the field's name in error rows */
  enum log_field_kind kind;
  enum log_target target;
  unsigned flags;
  /* SLASHED, PAIR: the parts, read in turn; BRACED: the names of the
   * blocks when there are nparts of them (one alone is called name). */
  const struct log_field_def *parts;
  int nparts;
  const char *arg; /* WORD: the words; ADDR_PORT: extra's key for the port */
  size_t size;     /* when not 0, the text has exactly this many bytes */
  /* The error row's reason: when the value is wrong (default "<name>:
   * not ..." from the kind), and when the field is not there at all. */
  const char *error;
  const char *missing;
} log_field_def;

/* The first members of an entry, designated, so that an entry gives only
 * what it needs: {LOG_FIELD_DEF("time", LOG_FIELD_TIME_ISO8601,
 * LOG_TARGET_TIME), .flags = ...}. */
#define LOG_FIELD_DEF(name_, kind_, target_) .name = (name_), .kind = (kind_), .target = (target_)

/* What an absolute-form target (http://host:port/path) or a CONNECT's
 * authority (host:port) says of host and port; host.p NULL and has_port 0
 * when nothing. The caller clears it before a target is split. */
typedef struct log_authority {
  log_text host;
  int64_t port;
  int has_port;
} log_authority;

/* One line being read: what its fields have given so far. */
typedef struct log_field_line {
  const char *line;     /* error offsets count from here */
  const char *line_end; /* a field inside the line may be read 16 bytes at a time up to here */
  int valid;            /* the whole line is valid UTF-8 without NUL */
  log_record *rec;
  log_scratch *scratch;
  /* extra's members: those a field derives (a port, a request that is not
   * one) go first when derived_first, else in the order of the fields. */
  log_json_field *extra;
  int extra_cap, nextra;
  int derived_first, lead_cap, nlead;
  /* LOG_TARGET_TIME_PART: the family assembles them */
  log_time time;
  int have_date, have_clock, local;
  /* LOG_TARGET_DURATION_PART: their sum, exact while it fits in 18 digits */
  int duration_terms, duration_absent, duration_exact, duration_frac;
  uint64_t duration_sum;
  double duration_rounded, duration_scale;
  /* LOG_FIELD_PREFERRED, LOG_FIELD_FALLBACK: the value and the column */
  log_text preferred, *preferred_slot;
  const log_field_def *fallback;
  log_text fallback_text, *fallback_slot;
  /* the line's (last) request or target field: what its URL says of host
   * and port, and the field (NULL: none), kept whole in extra when the
   * line's own host or port says otherwise */
  log_authority url;
  const log_field_def *url_field;
  log_text url_text;
  /* the field that failed (log_field_read returned 1) and where */
  const log_field_def *failed;
  const char *at;
  int failed_missing;
} log_field_line;

/* Starts a line of n bytes: the record is filled from here on. extra has
 * room for extra_cap members, the first lead_cap of them kept for derived
 * members when derived_first. */
void log_field_line_begin(log_field_line *ln, const char *line, size_t n, log_record *rec,
                          log_scratch *scratch, log_json_field *extra, int extra_cap,
                          int derived_first, int lead_cap);

/* Where in log_record the text column of each target is (0: none). */
extern const size_t log_field_column_offset[LOG_TARGET_COUNT];

/* log_field_read() for any field; and the value alone, once brackets,
 * '+' and "-" are dealt with (one short reader per kind). */
int log_field_read_any(log_field_line *ln, const log_field_def *d, const char *p, size_t n);
int log_field_read_value(log_field_line *ln, const log_field_def *d, const char *p, size_t n);

/* Reads the text p[0..n) of field d into the line's record. Returns 0, 1
 * when the text is not what d says (ln->failed, ln->at: the field and where
 * its text starts), or -1 when the scratch buffer is full. Inline, as most
 * fields of a line are text into a column or extra: the other fields go on
 * to log_field_read_any() (brackets, a size, "-" absent) or
 * log_field_read_value() (the kind's own reader). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
log_field_read(log_field_line *ln, const log_field_def *d, const char *p, size_t n) {
  size_t at;
  log_json_field *m;
  if (d->size || (d->flags & (LOG_FIELD_BRACKETED | LOG_FIELD_DASH)))
    return log_field_read_any(ln, d, p, n);
  ln->at = p;
  if ((d->flags & LOG_FIELD_PLUS) && n > 0 && *p == '+') p++, n--;
  if (d->kind > LOG_FIELD_VALUE ||
      (d->flags & (LOG_FIELD_KEEP | LOG_FIELD_PREFERRED | LOG_FIELD_FALLBACK)))
    return log_field_read_value(ln, d, p, n);
  if (d->kind == LOG_FIELD_TEXT && (n == 0 || (n == 1 && *p == '-'))) return 0;
  if ((at = log_field_column_offset[d->target]) != 0) {
    log_text *column = (log_text *)(void *)((char *)ln->rec + at);
    column->p = p, column->n = n;
    return 0;
  }
  if (d->target != LOG_TARGET_EXTRA || ln->lead_cap + ln->nextra == ln->extra_cap)
    return log_field_read_value(ln, d, p, n);
  m = &ln->extra[ln->lead_cap + ln->nextra++];
  m->key = d->name;
  m->is_number = d->kind == LOG_FIELD_VALUE;
  if (!ln->valid) return log_text_set(ln->scratch, p, n, &m->value);
  m->value.p = p, m->value.n = n;
  return 0;
}

/* Adds extra[key] = p[0..n) as text (more_fields). Returns 0 or -1. */
int log_field_add_extra(log_field_line *ln, const char *key, const char *p, size_t n);
/* Adds extra[key] = p[0..n), JSON already (trailing_fields' array), as it
 * is. Returns 0 or -1. */
int log_field_add_json_extra(log_field_line *ln, const char *key, const char *p, size_t n);

/* Ends the line: the duration from its terms, preferred values, every text
 * column made valid UTF-8, extra handed to the record. Returns 0 or -1
 * (scratch full). */
int log_field_line_end(log_field_line *ln);

/* Makes the line an error row for field d: its reason (d->missing when
 * missing and set, else d->error, else "<name>: not ..."), at byte at (NULL:
 * ln->at). Returns LOG_REJECTED's value. */
int log_field_fail(log_field_line *ln, const log_field_def *d, const char *at, int missing);

/* Members of extra a table of n fields can give at most. */
int log_field_extra_bound(const log_field_def *fields, int n);

/* ---- byte helpers ---- */

/* Exactly n decimal digits at p (not past end): their value, or -1. Inline:
 * every time of every line is read with it. */
static inline int log_field_digits(const char *p, const char *end, int n) {
  int v = 0, i;
  if (end - p < n) return -1;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

/* The value of a hexadecimal digit, or -1. */
int log_field_hex(char c);

/* Writes byte c as two upper-case hexadecimal digits at w. */
void log_field_put_hex(char *w, unsigned char c);

/* 1 when p[0..n) is exactly "-". */
static inline int log_field_is_dash(const char *p, size_t n) { return n == 1 && p[0] == '-'; }

/* The first space at or after p, or end. Sixteen bytes at a time with
 * SSE2 (one compare for most fields, which are shorter), else eight (a word
 * with a space has a zero byte once XORed with spaces; its lowest one is the
 * first space); the last few bytes one at a time. */
static inline const char *log_field_find_space(const char *p, const char *end) {
#if defined(__SSE2__) && defined(__GNUC__)
  const __m128i spaces = _mm_set1_epi8(' ');
  while (end - p >= 16) {
    int hit = _mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), spaces));
    if (hit) return p + __builtin_ctz((unsigned)hit);
    p += 16;
  }
#endif
  {
    const uint64_t ones = 0x0101010101010101ULL, spaces8 = 0x2020202020202020ULL;
    while (end - p >= 8) {
      uint64_t w, zero;
      memcpy(&w, p, 8);
      w ^= spaces8;
      zero = (w - ones) & ~w & (ones << 7);
      if (zero) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return p + (__builtin_ctzll(zero) >> 3);
#else
        break;
#endif
      }
      p += 8;
    }
  }
  while (p < end && *p != ' ') p++;
  return p;
}

/* An optional '-' and 1-18 decimal digits, nothing else. Returns 1 and sets
 * *v, or 0. */
int log_field_int(const char *p, size_t n, int64_t *v);

/* mantissa / 10^frac_digits / scale, rounded once when mantissa < 2^53 and
 * scale is a power of ten (frac_digits 0..22). */
double log_field_decimal(uint64_t mantissa, int frac_digits, double scale);

/* A non-negative decimal number (digits, optional .digits), in units of
 * 1/scale second (scale 1: seconds, 1000: ms, 1e6: us, 1e9: ns). Returns
 * 1 and sets *seconds, or 0. */
int log_field_seconds(const char *p, size_t n, double scale, double *seconds);
/* The same number as its digits: *mantissa and *frac_digits (those after
 * the point), for sums made exactly before the one rounding of
 * log_field_decimal(). Returns 1, or 0 when p[0..n) is not such a number. */
int log_field_decimal_parse(const char *p, size_t n, uint64_t *mantissa, int *frac_digits);
/* *a += b, two such numbers, made exact at the larger number of places.
 * Returns 1, or 0 when the sum does not fit in 18 digits (*a is then
 * unspecified). */
int log_field_decimal_add(uint64_t *a, int *a_frac, uint64_t b, int b_frac);

/* ---- addresses ---- */

/* The bytes of a host name (and so of an IPv4 address): letters, digits,
 * '-', '.' and '_'. */
extern const unsigned char log_field_host_byte[256];

/* 1 when p[0..n) is a host name or an IPv4 address: the common case of
 * log_field_host(), inline where a client is read on every line. */
static inline int log_field_host_name(const char *p, size_t n) {
  size_t i;
  if (n == 0 || n > 253 || p[0] == '-' || p[0] == '.') return 0;
  for (i = 0; i < n && log_field_host_byte[(unsigned char)p[i]]; i++) {
  }
  return i == n;
}

/* 1 when p[0..n) is an IPv6 address (inet_pton), a %zone allowed after it. */
int log_field_ipv6(const char *p, size_t n);

/* 1 when p[0..n) is a client address: an IPv4 or IPv6 address (no
 * brackets, no port), a host name, or NGINX's "unix:". */
int log_field_host(const char *p, size_t n);

/* A list of client addresses as X-Forwarded-For holds them, at p: two or
 * more log_field_host()s joined by "," or ", ". Returns the list's end (it
 * stops before a space that no comma leads to) and sets *first to its
 * first address, or NULL when p holds no such list. */
const char *log_field_host_list(const char *p, const char *end, log_text *first);

/* A field that holds a client address and nothing else (JSON, W3C): an
 * address, address:port or [v6]:port (its port dropped; an IPv6 address
 * without brackets has no port: 2001:db8::1:80 is one address), or an
 * X-Forwarded-For list of them (a comma): its first item, spaces around it
 * dropped, empty when it is. Sets *addr; returns 1 for a list, which the
 * caller keeps whole in extra (a port alone is not kept, as a column
 * holding the address says all a log reader asks of it). */
int log_field_client(const char *p, size_t n, log_text *addr);

/* address:port where the port is always written (ALB, ELB, HAProxy): the
 * port is after the last colon, so an IPv6 address may come bracketed
 * ([2001:db8::1]:80) or not (2001:db8::1:80); either way it must read as
 * IPv6. Returns 1 with *addr (brackets removed) and *port (0-65535) set,
 * or 0. */
int log_field_addr_port(const char *p, size_t n, log_text *addr, int64_t *port);

/* ---- request lines and targets ---- */

/* Splits a request target into rec's path and query (at the first '?'):
 * origin-form (/p?q) as it is; absolute-form (http[s]://host[:port]/p?q,
 * the scheme in any case) also gives *url's host (as written: an IPv6 one
 * in its brackets) and port, the path being at least "/". A URL with user
 * information, a host that is not a name or an address, or a port that is
 * not a number stays whole in path. */
void log_field_target(const char *p, size_t n, log_record *rec, log_authority *url);

/* Splits METHOD SP TARGET [SP HTTP/x.y] into rec's method, path, query and
 * protocol, and *url as log_field_target() does; 0 (rec untouched) when the
 * text is not such a line. The protocol is the word after the last space,
 * so the target may hold spaces (GET /a b HTTP/1.1), though it does not
 * start or end with one; without a protocol (HTTP/0.9) it cannot. A
 * CONNECT's host:port fills *url, with path NULL. */
int log_field_request(const char *p, size_t n, log_record *rec, log_authority *url);

/* Gives rec the host and port of *url where the line has none of its own.
 * Returns 1 when the line's own host (compared without case) or port says
 * otherwise, so that the caller keeps the target whole in extra: nothing
 * the URL said is lost. */
int log_authority_apply(log_record *rec, const log_authority *url);

/* Decodes '+' to a space (percent 0) or %XX (percent 1; a '%' without two
 * hex digits is kept) into scratch, as valid UTF-8. Returns 0 or -1. */
int log_field_decode(log_scratch *s, const char *p, size_t n, int percent, log_text *out);

/* out = p[0..n) in place when line_valid (the whole line is valid UTF-8
 * without NUL, so every part of it is), else log_text_set(). 0 or -1. */
int log_field_text(log_scratch *s, const char *p, size_t n, log_text *out, int line_valid);

/* Makes every text column of rec valid UTF-8 (log_text_set), in place when
 * it already is. Returns 0, or -1 when scratch is full. */
int log_fields_sanitize(log_record *rec, log_scratch *s);

#endif
