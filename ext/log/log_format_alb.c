/* log_format_alb.c: AWS load balancer access logs, as S3 receives them
 * (gzipped files; the input layer decompresses).
 *
 * Application Load Balancer (spec "alb"), fields by position:
 *   type time elb client:port target:port request_processing_time
 *   target_processing_time response_processing_time elb_status_code
 *   target_status_code received_bytes sent_bytes "request" "user_agent"
 *   ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
 *   "chosen_cert_arn" matched_rule_priority request_creation_time
 *   "actions_executed" "redirect_url" "error_reason" "target:port_list"
 *   "target_status_code_list" "classification" "classification_reason"
 *   conn_trace_id "transformed_host" "transformed_uri" "request_transform_status"
 * AWS appends fields over the years: a line needs the first 18; fields
 * beyond the known ones are kept in extra as "more_fields".
 * Classic Load Balancer (spec "elb"): time elb client:port backend:port
 *   request_processing_time backend_processing_time
 *   response_processing_time elb_status_code backend_status_code
 *   received_bytes sent_bytes "request" ["user_agent" ssl_cipher ssl_protocol]
 *
 * status is elb_status_code, what the client got; the target's own status
 * is target_status_code in extra, absent when the target never answered
 * (then the load balancer made the response itself). -1 times and "-"
 * values are absent. duration is the sum of the three processing times
 * when all are known. The request's absolute URL fills host and port.
 */
#include "log_format_alb.h"

#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

#define ALB_MAX_FIELDS 40

static const char *const alb_names[] = {"type",
                                        "time",
                                        "elb",
                                        "client",
                                        "target",
                                        "request_processing_time",
                                        "target_processing_time",
                                        "response_processing_time",
                                        "elb_status_code",
                                        "target_status_code",
                                        "received_bytes",
                                        "sent_bytes",
                                        "request",
                                        "user_agent",
                                        "ssl_cipher",
                                        "ssl_protocol",
                                        "target_group_arn",
                                        "trace_id",
                                        "domain_name",
                                        "chosen_cert_arn",
                                        "matched_rule_priority",
                                        "request_creation_time",
                                        "actions_executed",
                                        "redirect_url",
                                        "error_reason",
                                        "target_port_list",
                                        "target_status_code_list",
                                        "classification",
                                        "classification_reason",
                                        "conn_trace_id",
                                        "transformed_host",
                                        "transformed_uri",
                                        "request_transform_status"};
#define ALB_KNOWN ((int)(sizeof alb_names / sizeof alb_names[0]))

static const char *const elb_names[] = {"time",
                                        "elb",
                                        "client",
                                        "backend",
                                        "request_processing_time",
                                        "backend_processing_time",
                                        "response_processing_time",
                                        "elb_status_code",
                                        "backend_status_code",
                                        "received_bytes",
                                        "sent_bytes",
                                        "request",
                                        "user_agent",
                                        "ssl_cipher",
                                        "ssl_protocol"};
#define ELB_KNOWN ((int)(sizeof elb_names / sizeof elb_names[0]))

typedef struct alb_state {
  int classic;
  log_text field[ALB_MAX_FIELDS];
  log_json_field extra[ALB_MAX_FIELDS + 2];
} alb_state;

static int alb_open(const char *spec, void **state, char *err, size_t errsz) {
  alb_state *s;
  if (!(s = log_malloc_zero(sizeof *s))) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  s->classic = spec && strcmp(spec, "elb") == 0;
  *state = s;
  return 0;
}

static void alb_start_file(void *state) { (void)state; }
static void alb_close(void *state) { log_free(state); }

static int known_type(const char *p, size_t n) {
  static const char *const types[] = {"http", "https", "h2", "grpcs", "ws", "wss"};
  size_t i;
  for (i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strlen(types[i]) == n && memcmp(types[i], p, n) == 0) return 1;
  return 0;
}

/* Splits at single spaces; "quoted" fields end at a quote followed by a
 * space or the end of the line. Returns the number of fields, or -(offset
 * + 1) of the first byte that breaks the syntax. */
static int split(const char *line, const char *end, log_text *field, int max, int *more_at) {
  const char *p = line;
  int n = 0;
  *more_at = -1;
  while (p < end) {
    const char *q;
    if (n == max) {
      *more_at = (int)(p - line);
      return n;
    }
    if (*p == '"') {
      for (q = p + 1; q < end && !(*q == '"' && (q + 1 == end || q[1] == ' ')); q++) {
      }
      if (q >= end) return -(int)(p - line) - 1;
      field[n].p = p + 1;
      field[n].n = (size_t)(q - p - 1);
      q++;
    } else {
      for (q = p; q < end && *q != ' '; q++) {
      }
      if (q == p) return -(int)(p - line) - 1;
      field[n].p = p;
      field[n].n = (size_t)(q - p);
    }
    n++;
    if (q < end) {
      q++; /* the space */
      if (q == end) return -(int)(q - line) - 1;
    }
    p = q;
  }
  return n;
}

/* A processing time: seconds as decimal digits, or -1 (absent: the
 * connection ended before that step). Returns 1 known, 0 absent, -1 not a
 * time. */
static int processing_time(const log_text *t, uint64_t *mantissa, int *frac) {
  if (t->n == 2 && t->p[0] == '-' && t->p[1] == '1') return 0;
  return log_field_decimal_parse(t->p, t->n, mantissa, frac) ? 1 : -1;
}

/* a + b, two decimals given as digits, made exact at the larger number of
 * places; 0 when the sum does not fit in 18 digits. */
static int decimal_add(uint64_t *a, int *a_frac, uint64_t b, int b_frac) {
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

static enum log_parse_result alb_parse(void *state, const char *line, size_t len, log_record *rec,
                                       log_scratch *sc) {
  alb_state *s = state;
  const char *end = line + len;
  const char *const *names = s->classic ? elb_names : alb_names;
  int known = s->classic ? ELB_KNOWN : ALB_KNOWN, o = s->classic ? -1 : 0;
  int n, k, nextra = 0, more_at, times_known = 1, exact = 1, valid, total_frac = 0;
  uint64_t total = 0;
  double rounded_total = 0; /* when the exact sum does not fit */
  log_text *f = s->field;
  log_text addr;
  int64_t v;
  const char *te;
  valid = log_utf8_valid(line, len);
  n = split(line, end, f, known, &more_at);
  if (n < 0) return log_record_fail(rec, sc, -n - 1, "an empty field or a quote not closed");
  if (s->classic ? (n != 12 && n != ELB_KNOWN) : n < 18)
    return log_record_fail(rec, sc, -1, "%d fields, where %s", n,
                           s->classic ? "a Classic Load Balancer writes 12 or 15"
                                      : "an Application Load Balancer writes at least 18");
  if (!s->classic && !known_type(f[0].p, f[0].n))
    return log_record_fail(rec, sc, 0, "type: not http, https, h2, grpcs, ws or wss");
  te = log_time_parse_iso8601(f[o + 1].p, f[o + 1].p + f[o + 1].n, &rec->time);
  if (!te || te != f[o + 1].p + f[o + 1].n || !rec->time.present)
    return log_record_fail(rec, sc, f[o + 1].p - line, "time: not an ISO 8601 time");
  if (!log_field_addr_port(f[o + 3].p, f[o + 3].n, &addr, &v))
    return log_record_fail(rec, sc, f[o + 3].p - line, "client: not address:port");
  rec->client = addr;
  s->extra[nextra].key = "remote_port";
  s->extra[nextra].value.p = addr.p + addr.n + (addr.p > f[o + 3].p ? 2 : 1);
  s->extra[nextra].value.n = (size_t)(f[o + 3].p + f[o + 3].n - s->extra[nextra].value.p);
  s->extra[nextra++].is_number = 1;
  for (k = 5; k <= 7; k++) {
    uint64_t t = 0;
    int frac = 0, r = processing_time(&f[o + k], &t, &frac);
    if (r < 0)
      return log_record_fail(rec, sc, f[o + k].p - line, "%s: not seconds or -1", names[o + k]);
    if (r == 0) times_known = 0;
    rounded_total += log_field_decimal(t, frac, 1);
    if (exact && !decimal_add(&total, &total_frac, t, frac)) exact = 0;
  }
  if (times_known) { /* the sum made exactly and rounded once, where it fits */
    rec->duration = exact ? log_field_decimal(total, total_frac, 1) : rounded_total;
    rec->has_duration = 1;
  }
  for (k = 8; k <= 11; k++) {
    if (log_field_is_dash(f[o + k].p, f[o + k].n)) continue;
    if (!log_field_int(f[o + k].p, f[o + k].n, &v) || v < 0 || (k <= 9 && v > 999))
      return log_record_fail(rec, sc, f[o + k].p - line, "%s: not a number", names[o + k]);
    if (k == 8) rec->status = v, rec->has_status = 1;
    if (k == 11) rec->bytes = v, rec->has_bytes = 1;
  }
  if (!log_field_request(f[o + 12].p, f[o + 12].n, 1, rec)) {
    if (log_field_text(sc, f[o + 12].p, f[o + 12].n, &s->extra[nextra].value, valid) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    s->extra[nextra].key = "request";
    s->extra[nextra++].is_number = 0;
  }
  if (n > o + 13 && f[o + 13].n > 0 && !log_field_is_dash(f[o + 13].p, f[o + 13].n))
    rec->user_agent = f[o + 13];
  for (k = 0; k < n; k++) {
    int pos = k - o; /* the ALB position */
    if (pos == 1 || pos == 3 || pos == 8 || pos == 11 || pos == 12 || pos == 13) continue;
    if (log_field_is_dash(f[k].p, f[k].n) || f[k].n == 0) continue;
    if (pos >= 5 && pos <= 7 && f[k].n == 2 && f[k].p[0] == '-') continue;
    if (log_field_text(sc, f[k].p, f[k].n, &s->extra[nextra].value, valid) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    s->extra[nextra].key = names[k];
    s->extra[nextra++].is_number = pos >= 5 && pos <= 11;
  }
  if (more_at >= 0) {
    if (log_field_text(sc, line + more_at, (size_t)(end - line - more_at), &s->extra[nextra].value,
                       valid) != 0)
      return log_record_fail(rec, sc, -1, "line too long to decode");
    s->extra[nextra].key = "more_fields";
    s->extra[nextra++].is_number = 0;
  }
  if (!valid && log_fields_sanitize(rec, sc) != 0)
    return log_record_fail(rec, sc, -1, "line too long to decode");
  log_record_defer_extra(rec, s->extra, nextra);
  return LOG_PARSED;
}

const log_family log_family_alb = {
    .name = "alb",
    .open = alb_open,
    .start_file = alb_start_file,
    .parse = alb_parse,
    .close = alb_close,
};
