/* log_format_text.c: one parser for every format given by a format string,
 * Apache's LogFormat or NGINX's log_format (see log_format_text.h).
 *
 * open() compiles the string into a list of items: literal text, or a field
 * with a kind (how its text is read and checked) and a target (the column it
 * fills, or extra). parse() walks the line and the items together and
 * rejects the line at the first byte that does not match, so a line is read
 * in full or not at all; it never shifts fields.
 *
 * Where a field ends: a time, a number or an NGINX list ends where its
 * syntax does; a text field between quotes ends at the first unescaped
 * quote; any other text field holds no space (a request line aside) and ends
 * at the first byte of the literal after it, or at a space (see field_end).
 */
#define _POSIX_C_SOURCE 200809L
#include "log_format_text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

enum field_kind {
  FK_HOST,        /* a client address: IPv4, IPv6 or a host name, no port */
  FK_TOKEN,       /* text; "-" is absent */
  FK_LIST,        /* NGINX's $upstream_*: items joined by ", " and " : " */
  FK_TIME_CLF_BR, /* [10/Oct/2023:13:55:36 +0000] (Apache %t) */
  FK_TIME_CLF,    /* 10/Oct/2023:13:55:36 +0000 (NGINX $time_local) */
  FK_TIME_ISO,    /* 2023-10-10T13:55:36+00:00 */
  FK_TIME_EPOCH,  /* seconds since the epoch, item->scale per second */
  FK_TIME_STRF,   /* Apache %{strftime}t: item->arg is the program */
  FK_TIME_FRAC,   /* Apache %{msec_frac}t, %{usec_frac}t */
  FK_REQUEST,     /* GET /path?query HTTP/1.1 */
  FK_REQUEST_URI, /* /path?query */
  FK_QUERY_Q,     /* Apache %q: empty or ?query */
  FK_STATUS,      /* three digits */
  FK_CLF_BYTES,   /* digits, or - for 0 */
  FK_INT,         /* digits; - is absent */
  FK_DURATION     /* digits[.digits] in units of 1/scale s; - is absent */
};

enum target {
  TG_EXTRA,
  TG_CLIENT,
  TG_REMOTE_USER,
  TG_METHOD,
  TG_PATH,
  TG_QUERY,
  TG_PROTOCOL,
  TG_STATUS,
  TG_BYTES,
  TG_REFERRER,
  TG_USER_AGENT,
  TG_HOST,
  TG_PORT,
  TG_DURATION,
  TG_TIME,      /* a complete time */
  TG_TIME_PART, /* a piece of a time (%{%H:%M}t, %{msec_frac}t) */
  TG_REQUEST,   /* method, path, query and protocol */
  TG_URI,       /* path and query */
  TG_COUNT
};

typedef struct text_item {
  const char *literal; /* literal text, or NULL for a field */
  size_t literal_n;
  enum field_kind kind;
  enum target target;
  int quoted;       /* between a '"' before and a '"' after */
  int64_t scale;    /* FK_TIME_EPOCH, FK_DURATION */
  const char *arg;  /* FK_TIME_STRF: the strftime program */
  const char *name; /* the directive as written, for messages */
  const char *key;  /* the key in extra */
} text_item;

typedef struct text_format {
  int nginx; /* escapes: NGINX writes \xHH only; Apache also \" \\ \n ... */
  text_item *items;
  int nitems;
  log_json_field *extras; /* one per item, filled per line */
  const char *spec;       /* the format string, while compiling */
  char *storage;          /* literals, names and keys */
  size_t storage_len, storage_cap;
} text_format;

/* ---- compiling a format string ---------------------------------------- */

static char *store(text_format *f, const char *p, size_t n) {
  char *w;
  if (f->storage_cap - f->storage_len < n + 1) return NULL;
  w = f->storage + f->storage_len;
  memcpy(w, p, n);
  w[n] = 0;
  f->storage_len += n + 1;
  return w;
}

static text_item *add_item(text_format *f) {
  text_item *it = &f->items[f->nitems++];
  memset(it, 0, sizeof *it);
  return it;
}

static int add_literal(text_format *f, const char *p, size_t n) {
  text_item *it;
  if (n == 0) return 0;
  if (f->nitems > 0 && f->items[f->nitems - 1].literal) {
    /* extend the previous literal: storage is contiguous */
    it = &f->items[f->nitems - 1];
    if (f->storage_len == 0 || it->literal + it->literal_n + 1 != f->storage + f->storage_len)
      return -1;
    if (f->storage_cap - f->storage_len < n) return -1;
    memcpy((char *)it->literal + it->literal_n, p, n);
    it->literal_n += n;
    f->storage_len += n;
    f->storage[f->storage_len - 1] = 0;
    return 0;
  }
  it = add_item(f);
  if (!(it->literal = store(f, p, n))) return -1;
  it->literal_n = n;
  return 0;
}

static void set_field(text_item *it, enum field_kind kind, enum target target, const char *key) {
  it->kind = kind;
  it->target = target;
  it->key = key;
  it->scale = 1;
}

/* "Referer" -> http_referer; "X-Forwarded-For" -> http_x_forwarded_for;
 * any byte but a letter or digit becomes _ */
static const char *header_key(text_format *f, const char *prefix, const char *p, size_t n) {
  char buf[160];
  size_t k = strlen(prefix), i;
  if (k + n >= sizeof buf) n = sizeof buf - k - 1;
  memcpy(buf, prefix, k);
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    /* a JSON key of ASCII letters, digits and _ whatever the name holds */
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '_';
    buf[k + i] = c;
  }
  return store(f, buf, k + n);
}

static int same_name(const char *p, size_t n, const char *name) {
  size_t i;
  if (strlen(name) != n) return 0;
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != name[i]) return 0;
  }
  return 1;
}

/* An Apache directive at p ('%' already read); fills it, returns its end. */
static const char *apache_directive(text_format *f, const char *p, text_item *it, char *err,
                                    size_t errsz) {
  const char *start = p - 1, *arg = NULL;
  size_t arg_n = 0;
  char letter;
  /* modifiers: <, >, conditions such as 400,501 or !200 */
  while (*p == '<' || *p == '>' || *p == '!' || *p == ',' || (*p >= '0' && *p <= '9')) p++;
  if (*p == '{') {
    const char *close = strchr(p, '}');
    if (!close) {
      snprintf(err, errsz, "format: '{' without '}' at byte %d", (int)(p - f->spec));
      return NULL;
    }
    arg = p + 1;
    arg_n = (size_t)(close - arg);
    p = close + 1;
  }
  while (*p == '<' || *p == '>') p++;
  letter = *p;
  if (!((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z'))) {
    snprintf(err, errsz, "format: '%%' is not followed by a directive letter");
    return NULL;
  }
  p++;
  it->name = store(f, start, (size_t)(p - start));
  switch (letter) {
  case 'a':
    set_field(it, FK_HOST, TG_CLIENT,
              arg && same_name(arg, arg_n, "c") ? "client_addr" : "remote_addr");
    break;
  case 'h': set_field(it, FK_HOST, TG_CLIENT, "remote_host"); break;
  case 'b': set_field(it, FK_CLF_BYTES, TG_BYTES, "body_bytes_sent"); break;
  case 'B': set_field(it, FK_INT, TG_BYTES, "body_bytes_sent"); break;
  case 'O': set_field(it, FK_INT, TG_BYTES, "bytes_sent"); break;
  case 'I': set_field(it, FK_INT, TG_EXTRA, "bytes_received"); break;
  case 'S': set_field(it, FK_INT, TG_EXTRA, "bytes_transferred"); break;
  case 'k': set_field(it, FK_INT, TG_EXTRA, "keepalive_requests"); break;
  case 'D':
    set_field(it, FK_DURATION, TG_DURATION, "request_time_us");
    it->scale = 1000000;
    return p;
  case 'T':
    set_field(it, FK_DURATION, TG_DURATION, "request_time_s");
    if (arg && same_name(arg, arg_n, "ms")) it->scale = 1000;
    if (arg && same_name(arg, arg_n, "us")) it->scale = 1000000;
    return p;
  case 'H': set_field(it, FK_TOKEN, TG_PROTOCOL, "server_protocol"); break;
  case 'm': set_field(it, FK_TOKEN, TG_METHOD, "request_method"); break;
  case 'U': set_field(it, FK_TOKEN, TG_PATH, "uri"); break;
  case 'q': set_field(it, FK_QUERY_Q, TG_QUERY, "query_string"); break;
  case 'r': set_field(it, FK_REQUEST, TG_REQUEST, "request"); break;
  case 's': set_field(it, FK_STATUS, TG_STATUS, "status"); break;
  case 'u': set_field(it, FK_TOKEN, TG_REMOTE_USER, "remote_user"); break;
  case 'l': set_field(it, FK_TOKEN, TG_EXTRA, "ident"); break;
  case 'X': set_field(it, FK_TOKEN, TG_EXTRA, "connection_status"); break;
  case 'L': set_field(it, FK_TOKEN, TG_EXTRA, "log_id"); break;
  case 'P': set_field(it, FK_TOKEN, TG_EXTRA, "pid"); break;
  case 'R': set_field(it, FK_TOKEN, TG_EXTRA, "handler"); break;
  case 'f': set_field(it, FK_TOKEN, TG_EXTRA, "filename"); break;
  case 'A': set_field(it, FK_TOKEN, TG_EXTRA, "local_addr"); break;
  case 'v':
  case 'V': set_field(it, FK_TOKEN, TG_HOST, "server_name"); break;
  case 'p':
    if (arg && same_name(arg, arg_n, "remote"))
      set_field(it, FK_INT, TG_EXTRA, "remote_port");
    else
      set_field(it, FK_INT, TG_PORT, "server_port");
    break;
  case 'i':
    if (!arg) goto needs_arg;
    if (same_name(arg, arg_n, "referer"))
      set_field(it, FK_TOKEN, TG_REFERRER, "http_referer");
    else if (same_name(arg, arg_n, "user-agent"))
      set_field(it, FK_TOKEN, TG_USER_AGENT, "http_user_agent");
    else if (same_name(arg, arg_n, "host"))
      set_field(it, FK_TOKEN, TG_HOST, "http_host");
    else
      set_field(it, FK_TOKEN, TG_EXTRA, header_key(f, "http_", arg, arg_n));
    break;
  case 'o':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, TG_EXTRA, header_key(f, "sent_http_", arg, arg_n));
    break;
  case 'C':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, TG_EXTRA, header_key(f, "cookie_", arg, arg_n));
    break;
  case 'e':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, TG_EXTRA, header_key(f, "env_", arg, arg_n));
    break;
  case 'n':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, TG_EXTRA, header_key(f, "note_", arg, arg_n));
    break;
  case 't':
    if (!arg) {
      set_field(it, FK_TIME_CLF_BR, TG_TIME, "time");
      break;
    }
    /* begin: and end: say when the time was taken; both read the same */
    if (arg_n >= 6 && memcmp(arg, "begin:", 6) == 0) arg += 6, arg_n -= 6;
    if (arg_n >= 4 && memcmp(arg, "end:", 4) == 0) arg += 4, arg_n -= 4;
    set_field(it, FK_TIME_EPOCH, TG_TIME, "time");
    if (same_name(arg, arg_n, "sec")) {
      it->scale = 1;
    } else if (same_name(arg, arg_n, "msec")) {
      it->scale = 1000;
    } else if (same_name(arg, arg_n, "usec")) {
      it->scale = 1000000;
    } else if (same_name(arg, arg_n, "msec_frac") || same_name(arg, arg_n, "usec_frac")) {
      set_field(it, FK_TIME_FRAC, TG_TIME_PART, "time_fraction");
      it->scale = arg[0] == 'm' ? 3 : 6;
    } else {
      set_field(it, FK_TIME_STRF, TG_TIME_PART, "time");
      it->arg = store(f, arg, arg_n);
    }
    return p;
  default: {
    char key[3] = {'%', letter, 0};
    set_field(it, FK_TOKEN, TG_EXTRA, store(f, key, 2));
  }
  }
  return p;
needs_arg:
  snprintf(err, errsz, "format: %%%c needs a {name}", letter);
  return NULL;
}

typedef struct nginx_variable {
  const char *name;
  enum field_kind kind;
  enum target target;
  int64_t scale;
} nginx_variable;

static const nginx_variable nginx_variables[] = {
    {"remote_addr", FK_HOST, TG_CLIENT, 1},
    {"realip_remote_addr", FK_HOST, TG_CLIENT, 1},
    {"remote_user", FK_TOKEN, TG_REMOTE_USER, 1},
    {"time_local", FK_TIME_CLF, TG_TIME, 1},
    {"time_iso8601", FK_TIME_ISO, TG_TIME, 1},
    {"msec", FK_TIME_EPOCH, TG_TIME, 1},
    {"request", FK_REQUEST, TG_REQUEST, 1},
    {"request_method", FK_TOKEN, TG_METHOD, 1},
    {"request_uri", FK_REQUEST_URI, TG_URI, 1},
    {"uri", FK_TOKEN, TG_PATH, 1},
    {"document_uri", FK_TOKEN, TG_PATH, 1},
    {"args", FK_TOKEN, TG_QUERY, 1},
    {"query_string", FK_TOKEN, TG_QUERY, 1},
    {"server_protocol", FK_TOKEN, TG_PROTOCOL, 1},
    {"status", FK_STATUS, TG_STATUS, 1},
    {"body_bytes_sent", FK_INT, TG_BYTES, 1},
    {"bytes_sent", FK_INT, TG_BYTES, 1},
    {"request_length", FK_INT, TG_EXTRA, 1},
    {"connection", FK_INT, TG_EXTRA, 1},
    {"connection_requests", FK_INT, TG_EXTRA, 1},
    {"http_referer", FK_TOKEN, TG_REFERRER, 1},
    {"http_user_agent", FK_TOKEN, TG_USER_AGENT, 1},
    {"host", FK_TOKEN, TG_HOST, 1},
    {"http_host", FK_TOKEN, TG_HOST, 1},
    {"server_name", FK_TOKEN, TG_HOST, 1},
    {"server_port", FK_INT, TG_PORT, 1},
    {"remote_port", FK_INT, TG_EXTRA, 1},
    {"request_time", FK_DURATION, TG_DURATION, 1},
    /* lists: one item per upstream server tried, in extra as written */
    {"upstream_addr", FK_LIST, TG_EXTRA, 1},
    {"upstream_status", FK_LIST, TG_EXTRA, 1},
    {"upstream_response_time", FK_LIST, TG_EXTRA, 1},
    {"upstream_connect_time", FK_LIST, TG_EXTRA, 1},
    {"upstream_header_time", FK_LIST, TG_EXTRA, 1},
    {"upstream_queue_time", FK_LIST, TG_EXTRA, 1},
    {"upstream_response_length", FK_LIST, TG_EXTRA, 1},
    {"upstream_bytes_received", FK_LIST, TG_EXTRA, 1},
    {"upstream_bytes_sent", FK_LIST, TG_EXTRA, 1},
};

/* An NGINX variable at p ('$' already read); returns its end. */
static const char *nginx_directive(text_format *f, const char *p, text_item *it) {
  const char *start = p - 1, *name = p;
  size_t n, i;
  int braced = *p == '{';
  if (braced) name = ++p;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
         *p == '_')
    p++;
  n = (size_t)(p - name);
  if (braced) {
    if (*p != '}') return NULL;
    p++;
  }
  it->name = store(f, start, (size_t)(p - start));
  it->key = store(f, name, n);
  for (i = 0; i < sizeof nginx_variables / sizeof nginx_variables[0]; i++) {
    const nginx_variable *v = &nginx_variables[i];
    if (strlen(v->name) == n && memcmp(v->name, name, n) == 0) {
      it->kind = v->kind;
      it->target = v->target;
      it->scale = v->scale;
      return p;
    }
  }
  /* every other variable: text in extra */
  it->kind = FK_TOKEN;
  it->target = TG_EXTRA;
  it->scale = 1;
  return p;
}

int log_format_text_is_spec(const char *spec) {
  const char *p;
  for (p = spec; *p; p++) {
    if (*p == '%' && p[1] && p[1] != ' ') return 1;
    if (*p == '$' && (p[1] == '{' || p[1] == '_' || (p[1] >= 'a' && p[1] <= 'z'))) return 1;
  }
  return 0;
}

static void text_close(void *state) {
  text_format *f = state;
  if (!f) return;
  log_free(f->items);
  log_free(f->extras);
  log_free(f->storage);
  log_free(f);
}

/* Marks which items fill columns: the first to claim a column gets it, a
 * later one goes to extra under its key. Marks quoted fields. */
static void assign_targets(text_format *f) {
  int claimed[TG_COUNT] = {0};
  int i;
  for (i = 0; i < f->nitems; i++) {
    text_item *it = &f->items[i];
    enum target t = it->target;
    if (it->literal) continue;
    if (t == TG_REQUEST) {
      if (claimed[TG_METHOD] || claimed[TG_PATH] || claimed[TG_QUERY] || claimed[TG_PROTOCOL])
        t = TG_EXTRA;
      else
        claimed[TG_METHOD] = claimed[TG_PATH] = claimed[TG_QUERY] = claimed[TG_PROTOCOL] = 1;
    } else if (t == TG_URI) {
      if (claimed[TG_PATH] || claimed[TG_QUERY])
        t = TG_EXTRA;
      else
        claimed[TG_PATH] = claimed[TG_QUERY] = 1;
    } else if (t == TG_TIME_PART) {
      if (claimed[TG_TIME]) t = TG_EXTRA;
      claimed[TG_TIME_PART] = 1;
    } else if (t == TG_TIME) {
      if (claimed[TG_TIME] || claimed[TG_TIME_PART]) t = TG_EXTRA;
      claimed[TG_TIME] = 1;
    } else if (t != TG_EXTRA) {
      if (claimed[t]) t = TG_EXTRA;
      claimed[t] = 1;
    }
    it->target = t;
    it->quoted = i > 0 && f->items[i - 1].literal &&
                 f->items[i - 1].literal[f->items[i - 1].literal_n - 1] == '"' &&
                 i + 1 < f->nitems && f->items[i + 1].literal && f->items[i + 1].literal[0] == '"';
  }
}

static int text_open(const char *spec, void **state, char *err, size_t errsz) {
  size_t len = strlen(spec);
  text_format *f = log_malloc_zero(sizeof *f);
  const char *p;
  int apache;
  *state = NULL;
  if (!f) goto oom;
  f->storage_cap = 16 * len + 1024;
  f->items = log_malloc((len + 8) * 2 * sizeof *f->items);
  f->extras = log_malloc((len + 8) * 2 * sizeof *f->extras);
  f->storage = log_malloc(f->storage_cap);
  if (!f->items || !f->extras || !f->storage) goto oom;
  f->spec = spec;
  apache = 0;
  for (p = spec; *p; p++)
    if (*p == '%' && p[1] && p[1] != '%' && p[1] != ' ') apache = 1;
  f->nginx = !apache;
  p = spec;
  while (*p) {
    if (*p == '\\' && p[1]) {
      /* the escapes of a configuration file's quoted string (cppcheck
       * wrongly carries p[1] over from the loop above) */
      // cppcheck-suppress knownConditionTrueFalse
      char c = p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : p[1];
      if (add_literal(f, &c, 1)) goto oom;
      p += 2;
    } else if (apache && *p == '%' && p[1] == '%') {
      if (add_literal(f, "%", 1)) goto oom;
      p += 2;
    } else if (apache && *p == '%') {
      text_item *it = add_item(f);
      if (!(p = apache_directive(f, p + 1, it, err, errsz))) goto fail;
      if (!it->name || !it->key) goto oom;
    } else if (!apache && *p == '$' &&
               (p[1] == '{' || p[1] == '_' || (p[1] >= 'a' && p[1] <= 'z') ||
                (p[1] >= 'A' && p[1] <= 'Z'))) {
      text_item *it = add_item(f);
      if (!(p = nginx_directive(f, p + 1, it))) {
        snprintf(err, errsz, "format: '${' without '}'");
        goto fail;
      }
      if (!it->name || !it->key) goto oom;
    } else {
      if (add_literal(f, p, 1)) goto oom;
      p++;
    }
  }
  if (f->nitems == 0 || (f->nitems == 1 && f->items[0].literal)) {
    snprintf(err, errsz, "format '%.200s' has no field", spec);
    goto fail;
  }
  assign_targets(f);
  *state = f;
  return 0;
oom:
  snprintf(err, errsz, "out of memory");
fail:
  text_close(f);
  return -1;
}

static void text_start_file(void *state) { (void)state; }

/* ---- reading a line ---------------------------------------------------- */

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The text of p[0..n) as the server escaped it, decoded, as valid UTF-8.
 * Fast path: no backslash and valid UTF-8, used in place. */
static int decode_text(const text_format *f, log_scratch *s, const char *p, size_t n,
                       log_text *out) {
  char *w, *start;
  size_t i;
  if (!memchr(p, '\\', n)) return log_text_set(s, p, n, out);
  if (!(start = log_scratch_alloc(s, n))) return -1;
  w = start;
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c == '\\' && i + 1 < n) {
      char e = p[i + 1];
      if (e == 'x' && i + 3 < n && hex_value(p[i + 2]) >= 0 && hex_value(p[i + 3]) >= 0) {
        *w++ = (char)(hex_value(p[i + 2]) * 16 + hex_value(p[i + 3]));
        i += 3;
        continue;
      }
      if (!f->nginx) {
        const char *from = "\"\\nrtbv", *to = "\"\\\n\r\t\b\v";
        const char *k = strchr(from, e);
        if (k && e) {
          *w++ = to[k - from];
          i++;
          continue;
        }
      }
    }
    *w++ = c;
  }
  /* the decoded bytes are checked, and copied again only when invalid */
  if (log_utf8_valid(start, (size_t)(w - start))) {
    out->p = start;
    out->n = (size_t)(w - start);
    s->len -= n - out->n;
    return 0;
  }
  return log_scratch_put_text(s, start, (size_t)(w - start), out);
}

static int is_dash(const char *p, size_t n) { return n == 1 && p[0] == '-'; }

/* A client address: IPv4, IPv6 (no brackets, no port), a host name, or
 * NGINX's "unix:" for a Unix socket. */
static int valid_host(const char *p, size_t n) {
  char buf[64];
  size_t i;
  if (n == 0 || n > 253) return 0;
  if (n == 5 && memcmp(p, "unix:", 5) == 0) return 1;
  if (n < sizeof buf) {
    unsigned char addr[16];
    memcpy(buf, p, n);
    buf[n] = 0;
    if (memchr(p, ':', n)) {
      char *zone = strchr(buf, '%');
      if (zone) *zone = 0;
      return inet_pton(AF_INET6, buf, addr) == 1;
    }
    if (inet_pton(AF_INET, buf, addr) == 1) return 1;
  }
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.' || c == '_'))
      return 0;
  }
  return p[0] != '-' && p[0] != '.';
}

/* Digits at p; *v their value. Returns the end, or NULL when none or too
 * many for 64 bits. */
static const char *read_digits(const char *p, const char *end, int64_t *v) {
  const char *start = p;
  *v = 0;
  while (p < end && *p >= '0' && *p <= '9') {
    if (p - start >= 18) return NULL;
    *v = *v * 10 + (*p++ - '0');
  }
  return p == start ? NULL : p;
}

/* One strftime directive of %{...}t read into t. */
static const char *strf_field(char d, const char *p, const char *end, log_time *t) {
  int64_t v;
  const char *q;
  switch (d) {
  case 'Y':
  case 'm':
  case 'd':
  case 'H':
  case 'M':
  case 'S':
  case 'e': {
    /* a day of one or two digits, space-padded to two */
    int width = d == 'Y' ? 4 : 2, i;
    if (d == 'e' && p < end && *p == ' ') p++, width = 1;
    if (end - p < width) return NULL;
    v = 0;
    for (i = 0; i < width; i++) {
      if (p[i] < '0' || p[i] > '9') return NULL;
      v = v * 10 + (p[i] - '0');
    }
    p += width;
    if (d == 'Y') t->year = (int)v;
    if (d == 'm') t->month = (int)v;
    if (d == 'd' || d == 'e') t->day = (int)v;
    if (d == 'H') t->hour = (int)v;
    if (d == 'M') t->minute = (int)v;
    if (d == 'S') t->second = (int)v;
    return p;
  }
  case 'b':
    if (end - p < 3 || !(t->month = log_month_from_abbrev(p))) return NULL;
    return p + 3;
  case 'a':
    if (end - p < 3) return NULL;
    return p + 3;
  case 'T':
    if (!(q = strf_field('H', p, end, t)) || q >= end || *q != ':') return NULL;
    if (!(q = strf_field('M', q + 1, end, t)) || q >= end || *q != ':') return NULL;
    return strf_field('S', q + 1, end, t);
  case 'F':
    if (!(q = strf_field('Y', p, end, t)) || q >= end || *q != '-') return NULL;
    if (!(q = strf_field('m', q + 1, end, t)) || q >= end || *q != '-') return NULL;
    return strf_field('d', q + 1, end, t);
  case 'z': {
    int sign, h, m;
    if (end - p < 5 || (*p != '+' && *p != '-')) return NULL;
    sign = *p == '-' ? -1 : 1;
    if (!read_digits(p + 1, p + 5, &v) || read_digits(p + 1, p + 5, &v) != p + 5) return NULL;
    h = (int)(v / 100);
    m = (int)(v % 100);
    if (m > 59) return NULL;
    t->has_offset = 1;
    t->offset_minutes = sign * (h * 60 + m);
    return p + 5;
  }
  default: return NULL;
  }
}

static const char *parse_strf(const char *prog, const char *p, const char *end, log_time *t) {
  for (; *prog && p; prog++) {
    if (*prog == '%' && prog[1]) {
      prog++;
      if (*prog == '%') {
        if (p >= end || *p != '%') return NULL;
        p++;
      } else {
        p = strf_field(*prog, p, end, t);
      }
    } else {
      if (p >= end || *p != *prog) return NULL;
      p++;
    }
  }
  return p;
}

/* The end of a list that starts at p, as NGINX writes $upstream_addr and
 * its kin: items joined by ", " (the servers tried in turn) and " : " (an
 * internal redirect to another server group), e.g. "10.0.0.1:80, 10.0.0.2:80
 * : 10.0.1.1:80". An item holds no space, no comma and not stop_c. */
static const char *list_end(const char *p, const char *end, char stop_c) {
  for (;;) {
    const char *q = p, *next;
    while (q < end && *q != ' ' && *q != ',' && *q != stop_c) q++;
    if (q == p) return q;
    if (end - q >= 2 && q[0] == ',' && q[1] == ' ')
      next = q + 2;
    else if (end - q >= 3 && q[0] == ' ' && q[1] == ':' && q[2] == ' ')
      next = q + 3;
    else
      return q;
    if (next >= end || *next == ' ' || *next == ',' || *next == stop_c) return q;
    p = next;
  }
}

/* The end of a field that starts at p. Quoted: the first unescaped quote.
 * Unquoted: the field holds no space (a request line aside), so it ends at
 * the first byte of the literal after it, which must come before any
 * space, else at the first space or the end; a list ends where its syntax
 * does; a host before ":port" ends at the last colon, so an IPv6 host
 * (NGINX writes $host without brackets) keeps its colons. NULL when the
 * literal after the field does not come. */
static const char *field_end(const text_format *f, int i, const char *p, const char *end) {
  const text_item *it = &f->items[i];
  const text_item *next = i + 1 < f->nitems ? &f->items[i + 1] : NULL;
  const char *space, *limit;
  if (it->quoted) {
    /* Apache escapes a quote as \", NGINX as \x22 */
    while (p < end && *p != '"') p += *p == '\\' && !f->nginx && p + 1 < end ? 2 : 1;
    return p < end ? p : NULL;
  }
  space = it->kind == FK_REQUEST ? NULL : memchr(p, ' ', (size_t)(end - p));
  limit = space ? space : end;
  if (it->kind == FK_LIST) return list_end(p, end, next && next->literal ? next->literal[0] : ' ');
  if (next && next->literal) {
    if (next->literal[0] == ':' && next->literal_n == 1 && i + 2 < f->nitems &&
        !f->items[i + 2].literal && f->items[i + 2].kind == FK_INT) {
      const char *q = limit;
      while (q > p && q[-1] != ':') q--;
      return q > p ? q - 1 : NULL;
    }
    if (next->literal[0] == ' ') return space ? space : memchr(p, ' ', (size_t)(end - p));
    return memchr(p, next->literal[0], (size_t)(limit - p));
  }
  if (next) {
    /* another field follows at once: %U%q ends at '?', others at a space */
    const char *stop = NULL;
    if (next->kind == FK_QUERY_Q) {
      stop = memchr(p, '?', (size_t)(limit - p));
      if (i + 2 < f->nitems && f->items[i + 2].literal) {
        const char *after = memchr(p, f->items[i + 2].literal[0], (size_t)(limit - p));
        if (after && (!stop || after < stop)) stop = after;
      }
    }
    return stop ? stop : limit;
  }
  return limit;
}

/* What a field that did not match should have held (text fields cannot
 * mismatch: they end where the next literal starts). */
static const char *describe(enum field_kind kind) {
  switch (kind) {
  case FK_HOST: return "a client address (IP or host name, no port)";
  case FK_TIME_CLF_BR: return "a time such as [10/Oct/2023:13:55:36 +0000]";
  case FK_TIME_CLF: return "a time such as 10/Oct/2023:13:55:36 +0000";
  case FK_TIME_ISO: return "a time such as 2023-10-10T13:55:36+00:00";
  case FK_TIME_EPOCH: return "seconds since 1970";
  case FK_TIME_STRF: return "a time in the format's pattern";
  case FK_TIME_FRAC: return "the fraction of a second";
  case FK_QUERY_Q: return "a query string";
  case FK_STATUS: return "a three-digit status";
  case FK_CLF_BYTES: return "a byte count or -";
  case FK_INT: return "a number or -";
  default: return "a duration";
  }
}

static enum log_parse_result text_parse(void *state, const char *line, size_t n, log_record *rec,
                                        log_scratch *s) {
  text_format *f = state;
  const char *p = line, *end = line + n;
  int i, nextra = 0, time_parts = 0;
  for (i = 0; i < f->nitems; i++) {
    const text_item *it = &f->items[i];
    const char *stop = NULL, *start = p;
    log_text text = {NULL, 0};
    int64_t v = 0;
    int is_number = 0;
    if (it->literal) {
      if ((size_t)(end - p) < it->literal_n || memcmp(p, it->literal, it->literal_n) != 0) {
        const char *where = i > 0 ? "after" : "before";
        const char *name = i > 0               ? f->items[i - 1].name
                           : i + 1 < f->nitems ? f->items[i + 1].name
                                               : "";
        return (enum log_parse_result)log_record_fail(
            rec, s, (long)(p - line), "expected '%s' %s %s", it->literal, where, name);
      }
      p += it->literal_n;
      continue;
    }
    switch (it->kind) {
    case FK_TIME_CLF_BR: {
      log_time t;
      if (p >= end || *p != '[' || !(stop = log_time_parse_clf(p + 1, end, &t)) || stop >= end ||
          *stop != ']')
        goto mismatch;
      stop++;
      if (!t.present) goto invalid_time;
      if (it->target == TG_TIME) rec->time = t;
      break;
    }
    case FK_TIME_CLF:
    case FK_TIME_ISO:
    case FK_TIME_EPOCH: {
      log_time t;
      stop = it->kind == FK_TIME_CLF   ? log_time_parse_clf(p, end, &t)
             : it->kind == FK_TIME_ISO ? log_time_parse_iso8601(p, end, &t)
                                       : log_time_parse_epoch(p, end, it->scale, &t);
      if (!stop) goto mismatch;
      if (!t.present) goto invalid_time;
      is_number = it->kind == FK_TIME_EPOCH;
      if (it->target == TG_TIME) rec->time = t;
      break;
    }
    case FK_TIME_STRF:
      if (!(stop = parse_strf(it->arg, p, end, &rec->time))) goto mismatch;
      time_parts = 1;
      break;
    case FK_TIME_FRAC: {
      int k;
      uint32_t frac = 0;
      for (k = 0; k < it->scale; k++) {
        if (p + k >= end || p[k] < '0' || p[k] > '9') goto mismatch;
        frac = frac * 10 + (uint32_t)(p[k] - '0');
      }
      stop = p + it->scale;
      if (it->target == TG_TIME_PART) {
        rec->time.nanos = frac * (it->scale == 3 ? 1000000u : 1000u);
        rec->time.frac_digits = (int)it->scale;
        time_parts = 1;
      }
      break;
    }
    case FK_STATUS:
      if (end - p < 3 || read_digits(p, p + 3, &v) != p + 3 ||
          (p + 3 < end && p[3] >= '0' && p[3] <= '9'))
        goto mismatch;
      stop = p + 3;
      if (it->target == TG_STATUS) {
        rec->status = v;
        rec->has_status = 1;
      }
      is_number = 1;
      break;
    case FK_CLF_BYTES:
    case FK_INT:
      if (p < end && *p == '-' && (p + 1 == end || p[1] < '0' || p[1] > '9')) {
        stop = p + 1;
        if (it->kind == FK_INT) break;
        v = 0;
        is_number = 1;
      } else {
        if (!(stop = read_digits(p, end, &v))) goto mismatch;
        is_number = 1;
      }
      if (it->target == TG_BYTES) {
        rec->bytes = v;
        rec->has_bytes = 1;
      } else if (it->target == TG_PORT) {
        rec->port = v;
        rec->has_port = 1;
      }
      break;
    case FK_DURATION: {
      int64_t frac = 0, div = 1;
      int frac_digits = 0;
      if (p < end && *p == '-' && (p + 1 == end || p[1] < '0' || p[1] > '9')) {
        stop = p + 1;
        break;
      }
      if (!(stop = read_digits(p, end, &v))) goto mismatch;
      if (stop < end && *stop == '.') {
        const char *q = stop + 1;
        while (q < end && *q >= '0' && *q <= '9' && div < 1000000000) {
          frac = frac * 10 + (*q - '0');
          div *= 10;
          frac_digits++;
          q++;
        }
        if (q == stop + 1 || (q < end && *q >= '0' && *q <= '9')) goto mismatch;
        stop = q;
      }
      is_number = 1;
      if (it->target == TG_DURATION) {
        /* Rounded once (log_field_decimal) while the digits fit a double's
         * 53 bits, which covers every time a server writes. */
        if (v <= (INT64_C(9007199254740992) - frac) / div)
          rec->duration =
              log_field_decimal((uint64_t)(v * div + frac), frac_digits, (double)it->scale);
        else
          rec->duration = ((double)v + (double)frac / (double)div) / (double)it->scale;
        rec->has_duration = 1;
      }
      break;
    }
    default:
      /* text fields: their end, then their meaning */
      if (!(stop = field_end(f, i, p, end))) {
        if (it->quoted)
          return (enum log_parse_result)log_record_fail(rec, s, (long)(start - line),
                                                        "no closing quote for %s", it->name);
        return (enum log_parse_result)log_record_fail(
            rec, s, (long)(start - line), "no '%c' after %s", f->items[i + 1].literal[0], it->name);
      }
      if (is_dash(p, (size_t)(stop - p))) break;
      if (it->kind == FK_HOST && !valid_host(p, (size_t)(stop - p))) goto mismatch;
      if (decode_text(f, s, p, (size_t)(stop - p), &text)) goto no_room;
      switch (it->target) {
      case TG_CLIENT: rec->client = text; break;
      case TG_REMOTE_USER: rec->remote_user = text; break;
      case TG_METHOD: rec->method = text; break;
      case TG_PATH: rec->path = text; break;
      case TG_PROTOCOL: rec->protocol = text; break;
      case TG_REFERRER: rec->referrer = text; break;
      case TG_USER_AGENT: rec->user_agent = text; break;
      case TG_HOST: rec->host = text; break;
      case TG_QUERY:
        if (it->kind == FK_QUERY_Q) {
          /* %q is empty without a query, else ? and the query */
          if (text.n > 0 && text.p[0] != '?') goto mismatch;
          if (text.n == 0) break;
          text.p++;
          text.n--;
        }
        rec->query = text;
        break;
      case TG_REQUEST:
        if (!log_field_request(text.p, text.n, 0, rec)) {
          /* logged as received (a TLS handshake on port 80, say): kept in
           * extra as "request", the request columns stay NULL */
          f->extras[nextra].key = "request";
          f->extras[nextra].value = text;
          f->extras[nextra++].is_number = 0;
        }
        break;
      case TG_URI: log_field_uri(text.p, text.n, rec); break;
      default: break;
      }
      if (it->kind == FK_QUERY_Q && it->target == TG_EXTRA && text.n > 0 && text.p[0] != '?')
        goto mismatch;
      if (it->kind == FK_QUERY_Q && text.n == 0) text.p = NULL;
      break;
    }
    if (it->target == TG_EXTRA) {
      if (!text.p && it->kind >= FK_TIME_CLF_BR && it->kind != FK_REQUEST &&
          it->kind != FK_REQUEST_URI && it->kind != FK_QUERY_Q &&
          !(stop - start == 1 && *start == '-')) {
        /* a number or a time: its text as written (ASCII, checked above) */
        text.p = start;
        text.n = (size_t)(stop - start);
      }
      f->extras[nextra].key = it->key;
      f->extras[nextra].value = text;
      f->extras[nextra++].is_number = is_number;
    }
    p = stop;
    continue;
  invalid_time:
    return (enum log_parse_result)log_record_fail(
        rec, s, (long)(start - line),
        "invalid date or time for %s (day of month, leap year, hour or UTC offset out of range)",
        it->name);
  mismatch:
    return (enum log_parse_result)log_record_fail(
        rec, s, (long)(start - line), "expected %s for %s", describe(it->kind), it->name);
  }
  if (p != end)
    return (enum log_parse_result)log_record_fail(rec, s, (long)(p - line),
                                                  "unexpected text after the last field");
  if (time_parts) {
    if (!rec->time.has_offset) rec->time.local = 1;
    if (!log_time_valid(&rec->time))
      return (enum log_parse_result)log_record_fail(rec, s, -1, "invalid date or time");
    rec->time.present = 1;
  }
  log_record_defer_extra(rec, f->extras, nextra);
  return LOG_PARSED;
no_room:
  return (enum log_parse_result)log_record_fail(rec, s, -1, "line too complex to decode");
}

const log_family log_family_text = {
    .name = "text",
    .open = text_open,
    .start_file = text_start_file,
    .parse = text_parse,
    .close = text_close,
};
