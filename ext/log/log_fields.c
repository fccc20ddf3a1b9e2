/* log_fields.c: small field readers (see log_fields.h). No SQLite types. */
#include "log_fields.h"

#include <string.h>

#include "log_text.h"

int log_field_digits(const char *p, const char *end, int n) {
  int v = 0, i;
  if (end - p < n) return -1;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9') return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

int log_field_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int log_field_is_dash(const char *p, size_t n) { return n == 1 && p[0] == '-'; }

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

int log_field_addr_port(const char *p, size_t n, log_text *addr, int64_t *port) {
  const char *colon = NULL;
  size_t i;
  for (i = n; i > 0; i--)
    if (p[i - 1] == ':') {
      colon = p + i - 1;
      break;
    }
  if (!colon || colon == p) return 0;
  if (!log_field_int(colon + 1, (size_t)(p + n - colon - 1), port) || *port < 0 || *port > 65535)
    return 0;
  addr->p = p;
  addr->n = (size_t)(colon - p);
  if (addr->n >= 2 && p[0] == '[' && colon[-1] == ']') {
    addr->p++;
    addr->n -= 2;
  } else if (memchr(p, ':', addr->n)) {
    return 0; /* an unbracketed v6 address: the port is not separable */
  }
  return addr->n > 0;
}

void log_field_uri(const char *p, size_t n, log_record *rec) {
  const char *q = memchr(p, '?', n);
  rec->path.p = p;
  rec->path.n = q ? (size_t)(q - p) : n;
  if (q) {
    rec->query.p = q + 1;
    rec->query.n = n - rec->path.n - 1;
  }
}

/* A token character of RFC 9110 (method names). */
static int tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* http://host[:port]/rest: host and port into rec; returns the rest (at
 * least "/"), or p when the target is not an absolute http(s) URL. */
static const char *split_absolute(const char *p, const char *end, log_record *rec) {
  const char *h, *slash, *colon;
  int64_t port;
  if ((size_t)(end - p) > 7 && memcmp(p, "http://", 7) == 0)
    h = p + 7;
  else if ((size_t)(end - p) > 8 && memcmp(p, "https://", 8) == 0)
    h = p + 8;
  else
    return p;
  slash = memchr(h, '/', (size_t)(end - h));
  if (!slash) slash = end;
  colon = NULL;
  if (h < slash && *h == '[') {
    const char *close = memchr(h, ']', (size_t)(slash - h));
    if (close && close + 1 < slash && close[1] == ':') colon = close + 1;
  } else {
    colon = memchr(h, ':', (size_t)(slash - h));
  }
  if (colon && log_field_int(colon + 1, (size_t)(slash - colon - 1), &port) && port >= 0 &&
      port <= 65535) {
    rec->port = port;
    rec->has_port = 1;
  } else {
    colon = slash;
  }
  if (colon == h) return p;
  rec->host.p = h;
  rec->host.n = (size_t)(colon - h);
  return slash;
}

int log_field_request(const char *p, size_t n, int split_url, log_record *rec) {
  const char *end = p + n, *sp1, *sp2, *target;
  for (sp1 = p; sp1 < end && tchar(*sp1); sp1++) {
  }
  if (sp1 == p || sp1 >= end || *sp1 != ' ') return 0;
  sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
  target = sp1 + 1;
  if ((sp2 ? sp2 : end) == target) return 0;
  if (sp2) {
    const char *v = sp2 + 1;
    if (end - v < 6 || memcmp(v, "HTTP/", 5) != 0) return 0;
    for (v += 5; v < end; v++)
      if (!((*v >= '0' && *v <= '9') || *v == '.')) return 0;
    rec->protocol.p = sp2 + 1;
    rec->protocol.n = (size_t)(end - sp2 - 1);
  }
  rec->method.p = p;
  rec->method.n = (size_t)(sp1 - p);
  if (split_url) target = split_absolute(target, sp2 ? sp2 : end, rec);
  if (target == (sp2 ? sp2 : end)) {
    static const char root[] = "/";
    rec->path.p = root;
    rec->path.n = 1;
  } else {
    log_field_uri(target, (size_t)((sp2 ? sp2 : end) - target), rec);
  }
  return 1;
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
