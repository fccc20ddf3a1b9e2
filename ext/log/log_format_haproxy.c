/* log_format_haproxy.c: HAProxy's default HTTP log ("option httplog"):
 *
 *   [syslog prefix] client:port [accept_date] frontend backend/server
 *   Tq/Tw/Tc/Tr/Ta status bytes req_cookie resp_cookie termination_state
 *   actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
 *   [{captured request headers}] [{captured response headers}] "request"
 *
 * The syslog prefix is read before this parser sees the line (the format
 * "haproxy" declares it optional; log_prefix.c). The accept date has milliseconds
 * and no offset: it is the proxy's local time (time_utc NULL). A timer of
 * -1 (the step never happened) is absent; duration is Ta (total time) in
 * seconds. The '+' HAProxy puts before Ta and bytes under "option logasap"
 * is accepted. Lines of the same stream that are not HTTP requests
 * ("Proxy www started.", "SSL handshake failure", TCP-mode logs) are error
 * rows naming what was expected.
 */
#include "log_format_haproxy.h"

#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

#define HAPROXY_EXTRA 32

typedef struct haproxy_state {
  log_json_field extra[HAPROXY_EXTRA];
} haproxy_state;

static int haproxy_open(const char *spec, void **state, char *err, size_t errsz) {
  (void)spec;
  *state = log_malloc_zero(sizeof(haproxy_state));
  if (*state) return 0;
  snprintf(err, errsz, "out of memory");
  return -1;
}

static void haproxy_start_file(void *state) { (void)state; }
static void haproxy_close(void *state) { log_free(state); }

typedef struct cursor {
  const char *line, *p, *end;
} cursor;

/* The next space-free token; 0 when none or not followed by a space. */
static int token(cursor *c, log_text *out) {
  const char *q = c->p;
  out->p = c->p; /* where an error is reported, even when there is no token */
  out->n = 0;
  while (q < c->end && *q != ' ') q++;
  if (q == c->p || q >= c->end) return 0;
  out->p = c->p;
  out->n = (size_t)(q - c->p);
  c->p = q + 1;
  return 1;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* count numbers separated by '/', each an optional '+', '-1' or digits.
 * Fills parts[] (text) and returns 1, or 0. */
static int slashed(const log_text *t, int count, log_text *parts) {
  const char *p = t->p, *end = t->p + t->n;
  int i;
  for (i = 0; i < count; i++) {
    const char *q = p;
    if (q < end && *q == '+') q++;
    if (q < end && *q == '-') q++;
    if (q >= end || !is_digit(*q)) return 0;
    while (q < end && is_digit(*q)) q++;
    parts[i].p = p;
    parts[i].n = (size_t)(q - p);
    if (i + 1 < count) {
      if (q >= end || *q != '/') return 0;
      q++;
    }
    p = q;
  }
  return p == end;
}

/* A number as HAProxy writes it, without the logasap '+'. */
static log_text plain(log_text t) {
  if (t.n > 0 && t.p[0] == '+') t.p++, t.n--;
  return t;
}

static enum log_parse_result haproxy_parse(void *state, const char *line, size_t len,
                                           log_record *rec, log_scratch *sc) {
  haproxy_state *s = state;
  log_json_field *x = s->extra;
  cursor c;
  log_text client, date, frontend, backend, timers, status, bytes, tok;
  log_text parts[5];
  const char *slash, *q;
  int nx = 0, i, blocks = 0, valid = log_utf8_valid(line, len);
  int64_t v;
  static const char *const timer_names[5] = {"Tq", "Tw", "Tc", "Tr", "Ta"};
  static const char *const conn_names[5] = {"actconn", "feconn", "beconn", "srv_conn", "retries"};
  c.line = c.p = line;
  c.end = line + len;
  if (!token(&c, &client) || !log_field_addr_port(client.p, client.n, &rec->client, &v))
    return log_record_fail(rec, sc, client.p - line,
                           "not an HTTP request log: client address:port expected");
  x[nx].key = "remote_port";
  x[nx].value.p = rec->client.p + rec->client.n + (rec->client.p > client.p ? 2 : 1);
  x[nx].value.n = (size_t)(client.p + client.n - x[nx].value.p);
  x[nx++].is_number = 1;
  if (!token(&c, &date) || date.n < 2 || date.p[0] != '[' || date.p[date.n - 1] != ']')
    return log_record_fail(rec, sc, c.p - line, "accept date: [dd/Mmm/yyyy:hh:mm:ss.mmm] expected");
  {
    /* log_time_parse_clf wants an offset: give it the date with " +0000". */
    char buf[48];
    if (date.n - 2 > 30) return log_record_fail(rec, sc, date.p - line, "accept date: too long");
    memcpy(buf, date.p + 1, date.n - 2);
    memcpy(buf + date.n - 2, " +0000", 6);
    q = log_time_parse_clf(buf, buf + date.n + 4, &rec->time);
    if (!q || q != buf + date.n + 4 || !rec->time.present)
      return log_record_fail(rec, sc, date.p - line,
                             "accept date: not a valid dd/Mmm/yyyy:hh:mm:ss.mmm");
    rec->time.has_offset = 0;
    rec->time.local = 1;
  }
  if (!token(&c, &frontend)) return log_record_fail(rec, sc, c.p - line, "frontend name expected");
  if (!token(&c, &backend) || !(slash = memchr(backend.p, '/', backend.n)) ||
      backend.p[backend.n - 1] == ':')
    return log_record_fail(rec, sc, backend.p - line,
                           "not an HTTP request log: backend/server expected");
  if (!token(&c, &timers) || !slashed(&timers, 5, parts))
    return log_record_fail(rec, sc, timers.p - line,
                           "not an HTTP request log: timers Tq/Tw/Tc/Tr/Ta expected");
  x[nx].key = "frontend", x[nx].value = frontend, x[nx++].is_number = 0;
  x[nx].key = "backend", x[nx].value.p = backend.p;
  x[nx].value.n = (size_t)(slash - backend.p), x[nx++].is_number = 0;
  x[nx].key = "server", x[nx].value.p = slash + 1;
  x[nx].value.n = (size_t)(backend.p + backend.n - slash - 1), x[nx++].is_number = 0;
  for (i = 0; i < 5; i++) {
    log_text t = plain(parts[i]);
    if (t.n == 2 && t.p[0] == '-' && t.p[1] == '1') continue; /* -1: the step never happened */
    if (t.p[0] == '-')
      return log_record_fail(rec, sc, t.p - line, "%s: not a time", timer_names[i]);
    x[nx].key = timer_names[i], x[nx].value = t, x[nx++].is_number = 1;
    if (i == 4 && log_field_seconds(t.p, t.n, 1000, &rec->duration)) rec->has_duration = 1;
  }
  if (!token(&c, &status) || !log_field_int(status.p, status.n, &v) || v < -1 || v > 999)
    return log_record_fail(rec, sc, status.p - line,
                           "not an HTTP request log: status code expected");
  if (v >= 0) rec->status = v, rec->has_status = 1;
  if (!token(&c, &bytes) || !log_field_int(plain(bytes).p, plain(bytes).n, &v) || v < 0)
    return log_record_fail(rec, sc, bytes.p - line, "bytes read expected");
  rec->bytes = v, rec->has_bytes = 1;
  if (!token(&c, &tok))
    return log_record_fail(rec, sc, c.p - line, "captured request cookie expected");
  if (!log_field_is_dash(tok.p, tok.n))
    x[nx].key = "captured_request_cookie", x[nx].value = tok, x[nx++].is_number = 0;
  if (!token(&c, &tok))
    return log_record_fail(rec, sc, c.p - line, "captured response cookie expected");
  if (!log_field_is_dash(tok.p, tok.n))
    x[nx].key = "captured_response_cookie", x[nx].value = tok, x[nx++].is_number = 0;
  if (!token(&c, &tok) || tok.n != 4)
    return log_record_fail(rec, sc, tok.p - line, "termination state (4 characters) expected");
  x[nx].key = "termination_state", x[nx].value = tok, x[nx++].is_number = 0;
  if (!token(&c, &tok) || !slashed(&tok, 5, parts))
    return log_record_fail(rec, sc, tok.p - line,
                           "connection counts actconn/feconn/beconn/srv_conn/retries expected");
  for (i = 0; i < 5; i++)
    x[nx].key = conn_names[i], x[nx].value = plain(parts[i]), x[nx++].is_number = 1;
  if (!token(&c, &tok) || !slashed(&tok, 2, parts))
    return log_record_fail(rec, sc, tok.p - line, "queues srv_queue/backend_queue expected");
  x[nx].key = "srv_queue", x[nx].value = parts[0], x[nx++].is_number = 1;
  x[nx].key = "backend_queue", x[nx].value = parts[1], x[nx++].is_number = 1;
  /* Up to two {captured header} blocks; a block ends at "} ". */
  while (c.p < c.end && *c.p == '{' && blocks < 2) {
    const char *close = c.p + 1;
    while (close + 1 < c.end && !(close[0] == '}' && close[1] == ' ')) close++;
    if (close + 1 >= c.end)
      return log_record_fail(rec, sc, c.p - line, "captured headers: no closing }");
    parts[blocks].p = c.p + 1;
    parts[blocks++].n = (size_t)(close - c.p - 1);
    c.p = close + 2;
  }
  for (i = 0; i < blocks; i++) {
    if (parts[i].n == 0) continue;
    x[nx].key = blocks == 1 ? "captured_headers"
                : i == 0    ? "captured_request_headers"
                            : "captured_response_headers";
    x[nx].value = parts[i];
    x[nx++].is_number = 0;
  }
  /* "request", to the last quote; trailing spaces allowed. */
  q = c.end;
  while (q > c.p && q[-1] == ' ') q--;
  if (c.p >= c.end || *c.p != '"' || q - c.p < 2 || q[-1] != '"')
    return log_record_fail(rec, sc, c.p - line, "request: a quoted request line expected");
  if (!log_field_request(c.p + 1, (size_t)(q - c.p - 2), 0, rec)) {
    x[nx].key = "request", x[nx].value.p = c.p + 1;
    x[nx].value.n = (size_t)(q - c.p - 2), x[nx++].is_number = 0;
  }
  for (i = 0; i < nx && !valid; i++)
    if (!x[i].is_number && log_text_set(sc, x[i].value.p, x[i].value.n, &x[i].value) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
  if (!valid && log_fields_sanitize(rec, sc) != 0)
    return log_record_fail(rec, sc, -1, "line too long to decode");
  log_record_defer_extra(rec, x, nx);
  return LOG_PARSED;
}

const log_family log_family_haproxy = {
    .name = "haproxy",
    .open = haproxy_open,
    .start_file = haproxy_start_file,
    .parse = haproxy_parse,
    .close = haproxy_close,
};
