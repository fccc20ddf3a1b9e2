/* log_format_fields.c: logs of fixed fields, read by one splitter from a
 * table per format.
 *
 * A format is a table of fields (log_field_def, log_fields.h): each field's
 * name, kind and target, in the order the line writes them. The splitter
 * below finds each field's text and log_field_read() reads it; nothing here
 * knows what a field means. The tables are at the end of this file, side by
 * side; a named format (log_formats.c) picks one by name as its spec.
 *
 * Splitting, the same for every table: fields are separated by one space;
 * a field is the text up to the next space, or, where the table allows
 * quotes, "text" that ends at a quote followed by a space or the end of the
 * line. A field's flags say where other text is: [bracketed] (the brackets
 * are part of the field), up to nparts {braced} blocks that may be left out
 * (each ends at "} "), or the rest of the line, "quoted" or not, trailing
 * spaces dropped.
 *
 * A table is read one of two ways:
 * - split first (ALB, ELB): the whole line is split, its number of fields
 *   checked (a line of another format is reported by its width: "12
 *   fields, where ..."), then each field is read. Fields past the table's
 *   last go to extra whole, under the table's `more` key (AWS adds fields
 *   over the years).
 * - in turn (HAProxy): each field is found and read before the next, so a
 *   line of another format is reported at the first field that differs,
 *   with that field's own reason ("not an HTTP request log: ..."). A field
 *   before the last one must be followed by its space. Words after a
 *   quoted last field are kept in extra as trailing_fields, a JSON array.
 *
 * A field that fails makes the line an error row naming it and the byte
 * where its text starts.
 */
#include "log_format_fields.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"

/* Most fields of a table, and most {blocks} of a braced field. */
#define FIELDS_MAX 64
#define BRACED_MAX 4

typedef struct fields_table {
  const char *name; /* the spec that selects it */
  const log_field_def *fields;
  int count;
  int quotes;      /* any field may be "quoted" */
  int split_first; /* split, check the width, then read; else read in turn */
  /* Split first: the fewest fields a line has (all_or_min: a line has
   * either that many or all of them), the end of the width error, and
   * extra's key for the text after the last field. */
  int min_fields, all_or_min;
  const char *width;
  const char *more;
  /* extra starts with what fields derive (the client's port, a request
   * that is not a request line), then the fields kept whole */
  int derived_first;
  /* In turn: words after a quoted last field go to extra as
   * LOG_EXTRA_TRAILING (HAProxy's option httpslog adds two) */
  int trailing;
} fields_table;

static const fields_table *find_table(const char *name);

typedef struct fields_state {
  const fields_table *table;
  int lead_cap, extra_cap;
  log_text span[FIELDS_MAX];
  log_json_field extra[]; /* extra_cap of them */
} fields_state;

static int fields_open(const char *spec, void **state, char *err, size_t errsz) {
  const fields_table *t = find_table(spec ? spec : "");
  fields_state *s;
  int i, lead = 0, cap;
  *state = NULL;
  if (!t) {
    snprintf(err, errsz, "no table of fields called '%.100s' (alb, elb, haproxy)",
             spec ? spec : "");
    return -1;
  }
  for (i = 0; i < t->count && t->derived_first; i++)
    lead += t->fields[i].kind == LOG_FIELD_ADDR_PORT || t->fields[i].kind == LOG_FIELD_REQUEST;
  /* + 1: the text after the last field (more or trailing) */
  cap = lead + log_field_extra_bound(t->fields, t->count) + 1;
  if (!(s = log_malloc_zero(sizeof *s + (size_t)cap * sizeof s->extra[0]))) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  s->table = t;
  s->lead_cap = lead;
  s->extra_cap = cap;
  *state = s;
  return 0;
}

static void fields_start_file(void *state) { (void)state; }
static void fields_close(void *state) { log_free(state); }

/* The end of a "quoted" field at p: after the quote that is followed by a
 * space or the end of the line; NULL when there is none. */
static const char *quoted_end(const char *p, const char *end, log_text *text) {
  const char *q;
  for (q = p + 1;; q++) {
    if (!(q = memchr(q, '"', (size_t)(end - q)))) return NULL;
    if (q + 1 == end || q[1] == ' ') break;
  }
  text->p = p + 1;
  text->n = (size_t)(q - p - 1);
  return q + 1;
}

/* The end of the field at p (after its closing quote), with its text in
 * *text; NULL when the field is empty or its quote is not closed. */
static inline const char *field_end(const char *p, const char *end, int quotes, log_text *text) {
  const char *q;
  if (quotes && p < end && *p == '"') return quoted_end(p, end, text);
  if ((q = log_field_find_space(p, end)) == p) return NULL;
  text->p = p;
  text->n = (size_t)(q - p);
  return q;
}

static enum log_parse_result rejected(int r) { return (enum log_parse_result)r; }

/* The error row of a field that log_field_read() refused (r 1), or of a
 * full scratch buffer (r -1). */
static enum log_parse_result refused(log_field_line *ln, int r) {
  if (r > 0) return rejected(log_field_fail(ln, ln->failed, NULL, ln->failed_missing));
  return rejected(log_record_fail(ln->rec, ln->scratch, -1, "line too long to decode"));
}

static enum log_parse_result split_first(fields_state *s, log_field_line *ln, const char *line,
                                         const char *end) {
  const fields_table *t = s->table;
  log_text *f = s->span;
  const char *p = line, *more = NULL;
  int n = 0, i;
  while (p < end) {
    const char *q;
    if (n == t->count) {
      more = p;
      break;
    }
    if (!(q = field_end(p, end, t->quotes, &f[n])))
      return rejected(
          log_record_fail(ln->rec, ln->scratch, p - line, "an empty field or a quote not closed"));
    n++;
    if (q < end && ++q == end) /* the space, and nothing after it */
      return rejected(
          log_record_fail(ln->rec, ln->scratch, q - line, "an empty field or a quote not closed"));
    p = q;
  }
  if (n < t->min_fields || (t->all_or_min && n != t->min_fields && n != t->count))
    return rejected(log_record_fail(ln->rec, ln->scratch, -1, "%d fields, where %s", n, t->width));
  for (i = 0; i < n; i++) {
    int r = log_field_read(ln, &t->fields[i], f[i].p, f[i].n);
    if (r != 0) return refused(ln, r);
  }
  if (more && log_field_add_extra(ln, t->more, more, (size_t)(end - more)) != 0)
    return refused(ln, -1);
  return LOG_PARSED;
}

/* Up to d->nparts {blocks} at *p: each one read, an empty one left out;
 * one alone is read as d, several as d's parts. */
static enum log_parse_result braced(log_field_line *ln, const log_field_def *d, const char **p,
                                    const char *end) {
  log_text block[BRACED_MAX];
  int blocks = 0, i;
  while (*p < end && **p == '{' && blocks < d->nparts && blocks < BRACED_MAX) {
    const char *close = *p + 1;
    while (close + 1 < end && !(close[0] == '}' && close[1] == ' ')) close++;
    if (close + 1 >= end) return rejected(log_field_fail(ln, d, *p, 1));
    block[blocks].p = *p + 1;
    block[blocks++].n = (size_t)(close - *p - 1);
    *p = close + 2;
  }
  for (i = 0; i < blocks; i++) {
    int r =
        block[i].n ? log_field_read(ln, blocks == 1 ? d : &d->parts[i], block[i].p, block[i].n) : 0;
    if (r != 0) return refused(ln, r);
  }
  return LOG_PARSED;
}

/* The quote that ends a quoted last field opened at open: the line's last
 * byte when it is one, else (with trailing words allowed) the first quote
 * followed by a space: HAProxy writes a quote inside the request as #22,
 * so the request cannot hold that pair. NULL when there is none. */
static const char *closing_quote(const fields_table *t, const char *open, const char *q) {
  const char *close;
  if (q - open >= 2 && q[-1] == '"') return q - 1;
  if (!t->trailing) return NULL;
  for (close = open + 1; (close = memchr(close, '"', (size_t)(q - close))) != NULL; close++)
    if (close + 1 < q && close[1] == ' ') return close;
  return NULL;
}

/* The words (runs of bytes other than spaces) of p[0..end) into scratch as
 * a JSON array of strings, in extra as LOG_EXTRA_TRAILING; past
 * TRAILING_MAX - 1 words, the rest is the last. 0 or -1 (scratch full). */
#define TRAILING_MAX 64
static int trailing_words(log_field_line *ln, const char *p, const char *end) {
  log_scratch *s = ln->scratch;
  log_text word[TRAILING_MAX], json;
  int n = 0;
  while (p < end) {
    const char *q;
    if (*p == ' ') {
      p++;
      continue;
    }
    q = n == TRAILING_MAX - 1 ? NULL : memchr(p, ' ', (size_t)(end - p));
    if (!q) q = end;
    if (log_field_text(s, p, (size_t)(q - p), &word[n++], ln->valid) != 0) return -1;
    p = q;
  }
  if (!n) return 0;
  if (log_json_string_array(s, word, n, &json) != 0) return -1;
  ln->rec->trailing = LOG_TRAILING_AFTER_QUOTE;
  return log_field_add_json_extra(ln, LOG_EXTRA_TRAILING, json.p, json.n);
}

static enum log_parse_result in_turn(fields_state *s, log_field_line *ln, const char *line,
                                     const char *end) {
  const fields_table *t = s->table;
  const log_field_def *d = t->fields, *last = d + t->count;
  const int quotes = t->quotes; /* read once: stores through ln may alias t */
  const char *p = line;
  int r;
  for (; d < last; d++) {
    log_text text;
    if (d->flags & (LOG_FIELD_BRACED | LOG_FIELD_REST)) {
      if (d->flags & LOG_FIELD_BRACED) {
        if (braced(ln, d, &p, end) != LOG_PARSED) return LOG_REJECTED;
        continue;
      } else {
        const char *q = end;
        while (q > p && q[-1] == ' ') q--;
        if (d->flags & LOG_FIELD_QUOTED) {
          const char *close = p < end && *p == '"' ? closing_quote(t, p, q) : NULL;
          if (!close) return rejected(log_field_fail(ln, d, p, 1));
          text.p = p + 1;
          text.n = (size_t)(close - p - 1);
          if (close + 1 < q && trailing_words(ln, close + 1, q) != 0) return refused(ln, -1);
        } else {
          if (q == p) return rejected(log_field_fail(ln, d, p, 1));
          text.p = p;
          text.n = (size_t)(q - p);
        }
        p = end;
      }
    } else {
      const char *q = field_end(p, end, quotes, &text);
      if (!q || (q == end && d + 1 < last)) return rejected(log_field_fail(ln, d, p, 1));
      p = q < end ? q + 1 : q;
    }
    if ((r = log_field_read(ln, d, text.p, text.n)) != 0) return refused(ln, r);
  }
  if (p < end)
    return rejected(log_record_fail(ln->rec, ln->scratch, p - line, "text after the last field"));
  return LOG_PARSED;
}

static enum log_parse_result fields_parse(void *state, const char *line, size_t n, log_record *rec,
                                          log_scratch *sc) {
  fields_state *s = state;
  log_field_line ln;
  enum log_parse_result r;
  log_field_line_begin(&ln, line, n, rec, sc, s->extra, s->extra_cap, s->table->derived_first,
                       s->lead_cap);
  r = s->table->split_first ? split_first(s, &ln, line, line + n) : in_turn(s, &ln, line, line + n);
  if (r != LOG_PARSED) return r;
  if (log_field_line_end(&ln) != 0) return refused(&ln, -1);
  return LOG_PARSED;
}

const log_family log_family_fields = {
    .name = "fields",
    .open = fields_open,
    .start_file = fields_start_file,
    .parse = fields_parse,
    .close = fields_close,
};

/* ---- the tables ------------------------------------------------------- */

/* AWS Application Load Balancer, as S3 receives it (gzipped; the input
 * layer decompresses). status is elb_status_code, what the client got; the
 * target's own status is target_status_code in extra, absent when the
 * target never answered (the load balancer made the response). duration is
 * the sum of the three processing times, absent when one is -1 (the
 * connection ended before that step). The request's absolute URL fills
 * host and port (log_field_request, as for every format). An IPv6 client is written without
 * brackets, its port after the last colon. */
static const log_field_def alb_fields[] = {
    {LOG_FIELD_DEF("type", LOG_FIELD_WORD, LOG_TARGET_EXTRA), .arg = "http https h2 grpcs ws wss",
     .error = "type: not http, https, h2, grpcs, ws or wss"},
    {LOG_FIELD_DEF("time", LOG_FIELD_TIME_ISO8601, LOG_TARGET_TIME)},
    {LOG_FIELD_DEF("elb", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("client", LOG_FIELD_ADDR_PORT, LOG_TARGET_CLIENT), .arg = "remote_port"},
    {LOG_FIELD_DEF("target", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("request_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "request_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("target_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "target_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("response_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "response_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("elb_status_code", LOG_FIELD_STATUS, LOG_TARGET_STATUS), .flags = LOG_FIELD_DASH,
     .error = "elb_status_code: not a number"},
    {LOG_FIELD_DEF("target_status_code", LOG_FIELD_STATUS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_DASH, .error = "target_status_code: not a number"},
    {LOG_FIELD_DEF("received_bytes", LOG_FIELD_INT, LOG_TARGET_EXTRA), .flags = LOG_FIELD_DASH},
    {LOG_FIELD_DEF("sent_bytes", LOG_FIELD_INT, LOG_TARGET_BYTES), .flags = LOG_FIELD_DASH},
    {LOG_FIELD_DEF("request", LOG_FIELD_REQUEST, LOG_TARGET_REQUEST)},
    {LOG_FIELD_DEF("user_agent", LOG_FIELD_TEXT, LOG_TARGET_USER_AGENT)},
    {LOG_FIELD_DEF("ssl_cipher", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("ssl_protocol", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("target_group_arn", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("trace_id", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("domain_name", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("chosen_cert_arn", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("matched_rule_priority", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("request_creation_time", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("actions_executed", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("redirect_url", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("error_reason", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("target_port_list", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("target_status_code_list", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("classification", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("classification_reason", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("conn_trace_id", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("transformed_host", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("transformed_uri", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("request_transform_status", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
};

/* AWS Classic Load Balancer: the ALB fields from time to ssl_protocol,
 * with backend for target; the last three are written together or not at
 * all (HTTP listeners write them, TCP ones do not). */
static const log_field_def elb_fields[] = {
    {LOG_FIELD_DEF("time", LOG_FIELD_TIME_ISO8601, LOG_TARGET_TIME)},
    {LOG_FIELD_DEF("elb", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("client", LOG_FIELD_ADDR_PORT, LOG_TARGET_CLIENT), .arg = "remote_port"},
    {LOG_FIELD_DEF("backend", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("request_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "request_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("backend_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "backend_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("response_processing_time", LOG_FIELD_SECONDS, LOG_TARGET_DURATION_PART),
     .flags = LOG_FIELD_MINUS1 | LOG_FIELD_KEEP,
     .error = "response_processing_time: not seconds or -1"},
    {LOG_FIELD_DEF("elb_status_code", LOG_FIELD_STATUS, LOG_TARGET_STATUS), .flags = LOG_FIELD_DASH,
     .error = "elb_status_code: not a number"},
    {LOG_FIELD_DEF("backend_status_code", LOG_FIELD_STATUS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_DASH, .error = "backend_status_code: not a number"},
    {LOG_FIELD_DEF("received_bytes", LOG_FIELD_INT, LOG_TARGET_EXTRA), .flags = LOG_FIELD_DASH},
    {LOG_FIELD_DEF("sent_bytes", LOG_FIELD_INT, LOG_TARGET_BYTES), .flags = LOG_FIELD_DASH},
    {LOG_FIELD_DEF("request", LOG_FIELD_REQUEST, LOG_TARGET_REQUEST)},
    {LOG_FIELD_DEF("user_agent", LOG_FIELD_TEXT, LOG_TARGET_USER_AGENT)},
    {LOG_FIELD_DEF("ssl_cipher", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("ssl_protocol", LOG_FIELD_TEXT, LOG_TARGET_EXTRA)},
};

/* HAProxy's HTTP log ("option httplog"), after the syslog prefix the named
 * format declares optional (log_prefix.c):
 *   client:port [accept_date] frontend backend/server Tq/Tw/Tc/Tr/Ta status
 *   bytes req_cookie resp_cookie termination_state
 *   actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue
 *   [{captured request headers}] [{captured response headers}] "request"
 * The accept date has milliseconds and no offset: the proxy's local time
 * (time_utc NULL). A request to a proxy in absolute form gives host and
 * port; a CONNECT's host:port too. A timer of -1 (the step never happened) is absent;
 * duration is Ta. The '+' of "option logasap" before Ta and bytes (and of a
 * redispatch before retries) is dropped. Lines of the same stream that are
 * not HTTP requests ("Proxy www started.", "SSL handshake failure", TCP-mode
 * logs) are error rows naming what was expected. */
static const log_field_def haproxy_backend_server[] = {
    {LOG_FIELD_DEF("backend", LOG_FIELD_NAME, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("server", LOG_FIELD_NAME, LOG_TARGET_EXTRA)},
};
static const log_field_def haproxy_timers[] = {
    {LOG_FIELD_DEF("Tq", LOG_FIELD_MILLIS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1, .error = "Tq: not a time"},
    {LOG_FIELD_DEF("Tw", LOG_FIELD_MILLIS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1, .error = "Tw: not a time"},
    {LOG_FIELD_DEF("Tc", LOG_FIELD_MILLIS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1, .error = "Tc: not a time"},
    {LOG_FIELD_DEF("Tr", LOG_FIELD_MILLIS, LOG_TARGET_EXTRA),
     .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1, .error = "Tr: not a time"},
    {LOG_FIELD_DEF("Ta", LOG_FIELD_MILLIS, LOG_TARGET_DURATION),
     .flags = LOG_FIELD_PLUS | LOG_FIELD_MINUS1 | LOG_FIELD_KEEP, .error = "Ta: not a time"},
};
static const log_field_def haproxy_connections[] = {
    {LOG_FIELD_DEF("actconn", LOG_FIELD_VALUE, LOG_TARGET_EXTRA), .flags = LOG_FIELD_PLUS},
    {LOG_FIELD_DEF("feconn", LOG_FIELD_VALUE, LOG_TARGET_EXTRA), .flags = LOG_FIELD_PLUS},
    {LOG_FIELD_DEF("beconn", LOG_FIELD_VALUE, LOG_TARGET_EXTRA), .flags = LOG_FIELD_PLUS},
    {LOG_FIELD_DEF("srv_conn", LOG_FIELD_VALUE, LOG_TARGET_EXTRA), .flags = LOG_FIELD_PLUS},
    {LOG_FIELD_DEF("retries", LOG_FIELD_VALUE, LOG_TARGET_EXTRA), .flags = LOG_FIELD_PLUS},
};
static const log_field_def haproxy_queues[] = {
    {LOG_FIELD_DEF("srv_queue", LOG_FIELD_VALUE, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("backend_queue", LOG_FIELD_VALUE, LOG_TARGET_EXTRA)},
};
static const log_field_def haproxy_headers[] = {
    {LOG_FIELD_DEF("captured_request_headers", LOG_FIELD_NAME, LOG_TARGET_EXTRA)},
    {LOG_FIELD_DEF("captured_response_headers", LOG_FIELD_NAME, LOG_TARGET_EXTRA)},
};
static const log_field_def haproxy_fields[] = {
    {LOG_FIELD_DEF("client", LOG_FIELD_ADDR_PORT, LOG_TARGET_CLIENT), .arg = "remote_port",
     .error = "not an HTTP request log: client address:port expected"},
    {LOG_FIELD_DEF("accept_date", LOG_FIELD_TIME_CLF_MS, LOG_TARGET_TIME),
     .flags = LOG_FIELD_BRACKETED, .error = "accept date: not a valid dd/Mmm/yyyy:hh:mm:ss.mmm",
     .missing = "accept date: [dd/Mmm/yyyy:hh:mm:ss.mmm] expected"},
    {LOG_FIELD_DEF("frontend", LOG_FIELD_NAME, LOG_TARGET_EXTRA),
     .error = "frontend name expected"},
    {LOG_FIELD_DEF("backend_server", LOG_FIELD_PAIR, LOG_TARGET_EXTRA),
     .parts = haproxy_backend_server, .nparts = 2,
     .error = "not an HTTP request log: backend/server expected"},
    {LOG_FIELD_DEF("timers", LOG_FIELD_SLASHED, LOG_TARGET_EXTRA), .parts = haproxy_timers,
     .nparts = 5, .error = "not an HTTP request log: timers Tq/Tw/Tc/Tr/Ta expected"},
    {LOG_FIELD_DEF("status", LOG_FIELD_STATUS, LOG_TARGET_STATUS), .flags = LOG_FIELD_MINUS1,
     .error = "not an HTTP request log: status code expected"},
    {LOG_FIELD_DEF("bytes_read", LOG_FIELD_INT, LOG_TARGET_BYTES), .flags = LOG_FIELD_PLUS,
     .error = "bytes read expected"},
    {LOG_FIELD_DEF("captured_request_cookie", LOG_FIELD_TEXT, LOG_TARGET_EXTRA),
     .error = "captured request cookie expected"},
    {LOG_FIELD_DEF("captured_response_cookie", LOG_FIELD_TEXT, LOG_TARGET_EXTRA),
     .error = "captured response cookie expected"},
    {LOG_FIELD_DEF("termination_state", LOG_FIELD_NAME, LOG_TARGET_EXTRA), .size = 4,
     .error = "termination state (4 characters) expected"},
    {LOG_FIELD_DEF("connections", LOG_FIELD_SLASHED, LOG_TARGET_EXTRA),
     .parts = haproxy_connections, .nparts = 5,
     .error = "connection counts actconn/feconn/beconn/srv_conn/retries expected"},
    {LOG_FIELD_DEF("queues", LOG_FIELD_SLASHED, LOG_TARGET_EXTRA), .parts = haproxy_queues,
     .nparts = 2, .error = "queues srv_queue/backend_queue expected"},
    {LOG_FIELD_DEF("captured_headers", LOG_FIELD_NAME, LOG_TARGET_EXTRA), .flags = LOG_FIELD_BRACED,
     .parts = haproxy_headers, .nparts = 2, .error = "captured headers: no closing }"},
    {LOG_FIELD_DEF("request", LOG_FIELD_REQUEST, LOG_TARGET_REQUEST),
     .flags = LOG_FIELD_REST | LOG_FIELD_QUOTED,
     .error = "request: a quoted request line expected"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const fields_table tables[] = {
    {.name = "alb",
     .fields = alb_fields,
     .count = COUNT(alb_fields),
     .quotes = 1,
     .split_first = 1,
     .min_fields = 18,
     .width = "an Application Load Balancer writes at least 18",
     .more = "more_fields",
     .derived_first = 1},
    {.name = "elb",
     .fields = elb_fields,
     .count = COUNT(elb_fields),
     .quotes = 1,
     .split_first = 1,
     .min_fields = 12,
     .all_or_min = 1,
     .width = "a Classic Load Balancer writes 12 or 15",
     .more = "more_fields",
     .derived_first = 1},
    {.name = "haproxy", .fields = haproxy_fields, .count = COUNT(haproxy_fields), .trailing = 1},
};

static const fields_table *find_table(const char *name) {
  int i;
  for (i = 0; i < COUNT(tables); i++)
    if (strcmp(tables[i].name, name) == 0 && tables[i].count <= FIELDS_MAX) return &tables[i];
  return NULL;
}
