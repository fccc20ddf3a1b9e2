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

#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_fields.h"
#include "log_text.h"
#include "log_time.h"

enum field_kind {
  FK_HOST,        /* a client address: IPv4, IPv6 or a host name, no port */
  FK_VHOST,       /* the server's name: a host name or an address, no port */
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

typedef struct text_item {
  const char *literal; /* literal text, or NULL for a field */
  size_t literal_n;
  enum field_kind kind;
  enum log_target target;
  int quoted;       /* between a '"' before and a '"' after */
  int spaces;       /* a literal holding a space that the line may write as a run
                       of them (see literal_with_runs) */
  int last_run;     /* its last byte is such a space: the field after it cannot be
                       empty, so an extra space is not a field lost */
  int64_t scale;    /* FK_TIME_EPOCH, FK_DURATION */
  const char *arg;  /* FK_TIME_STRF: the strftime program */
  const char *name; /* the directive as written, for messages */
  const char *key;  /* the key in extra */
} text_item;

/* What is known of the whole line before its fields are read. */
typedef struct log_line {
  int valid;   /* valid UTF-8 without NUL: fields are used in place */
  int escapes; /* holds a backslash: fields may need decoding */
} log_line;

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

static void set_field(text_item *it, enum field_kind kind, enum log_target target,
                      const char *key) {
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
    set_field(it, FK_HOST, LOG_TARGET_CLIENT,
              arg && same_name(arg, arg_n, "c") ? "client_addr" : "remote_addr");
    break;
  case 'h': set_field(it, FK_HOST, LOG_TARGET_CLIENT, "remote_host"); break;
  case 'b': set_field(it, FK_CLF_BYTES, LOG_TARGET_BYTES, "body_bytes_sent"); break;
  case 'B': set_field(it, FK_INT, LOG_TARGET_BYTES, "body_bytes_sent"); break;
  case 'O': set_field(it, FK_INT, LOG_TARGET_BYTES, "bytes_sent"); break;
  case 'I': set_field(it, FK_INT, LOG_TARGET_EXTRA, "bytes_received"); break;
  case 'S': set_field(it, FK_INT, LOG_TARGET_EXTRA, "bytes_transferred"); break;
  case 'k': set_field(it, FK_INT, LOG_TARGET_EXTRA, "keepalive_requests"); break;
  case 'D':
    set_field(it, FK_DURATION, LOG_TARGET_DURATION, "request_time_us");
    it->scale = 1000000;
    return p;
  case 'T':
    set_field(it, FK_DURATION, LOG_TARGET_DURATION, "request_time_s");
    if (arg && same_name(arg, arg_n, "ms")) it->scale = 1000;
    if (arg && same_name(arg, arg_n, "us")) it->scale = 1000000;
    return p;
  case 'H': set_field(it, FK_TOKEN, LOG_TARGET_PROTOCOL, "server_protocol"); break;
  case 'm': set_field(it, FK_TOKEN, LOG_TARGET_METHOD, "request_method"); break;
  case 'U': set_field(it, FK_TOKEN, LOG_TARGET_PATH, "uri"); break;
  case 'q': set_field(it, FK_QUERY_Q, LOG_TARGET_QUERY, "query_string"); break;
  case 'r': set_field(it, FK_REQUEST, LOG_TARGET_REQUEST, "request"); break;
  case 's': set_field(it, FK_STATUS, LOG_TARGET_STATUS, "status"); break;
  case 'u': set_field(it, FK_TOKEN, LOG_TARGET_REMOTE_USER, "remote_user"); break;
  case 'l': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "ident"); break;
  case 'X': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "connection_status"); break;
  case 'L': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "log_id"); break;
  case 'P': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "pid"); break;
  case 'R': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "handler"); break;
  case 'f': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "filename"); break;
  case 'A': set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, "local_addr"); break;
  case 'v':
  case 'V': set_field(it, FK_VHOST, LOG_TARGET_HOST, "server_name"); break;
  case 'p':
    if (arg && same_name(arg, arg_n, "remote"))
      set_field(it, FK_INT, LOG_TARGET_EXTRA, "remote_port");
    else
      set_field(it, FK_INT, LOG_TARGET_PORT, "server_port");
    break;
  case 'i':
    if (!arg) goto needs_arg;
    if (same_name(arg, arg_n, "referer"))
      set_field(it, FK_TOKEN, LOG_TARGET_REFERRER, "http_referer");
    else if (same_name(arg, arg_n, "user-agent"))
      set_field(it, FK_TOKEN, LOG_TARGET_USER_AGENT, "http_user_agent");
    else if (same_name(arg, arg_n, "host"))
      set_field(it, FK_TOKEN, LOG_TARGET_HOST, "http_host");
    else
      set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, header_key(f, "http_", arg, arg_n));
    break;
  case 'o':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, header_key(f, "sent_http_", arg, arg_n));
    break;
  case 'C':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, header_key(f, "cookie_", arg, arg_n));
    break;
  case 'e':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, header_key(f, "env_", arg, arg_n));
    break;
  case 'n':
    if (!arg) goto needs_arg;
    set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, header_key(f, "note_", arg, arg_n));
    break;
  case 't':
    if (!arg) {
      set_field(it, FK_TIME_CLF_BR, LOG_TARGET_TIME, "time");
      break;
    }
    /* begin: and end: say when the time was taken; both read the same */
    if (arg_n >= 6 && memcmp(arg, "begin:", 6) == 0) arg += 6, arg_n -= 6;
    if (arg_n >= 4 && memcmp(arg, "end:", 4) == 0) arg += 4, arg_n -= 4;
    set_field(it, FK_TIME_EPOCH, LOG_TARGET_TIME, "time");
    if (same_name(arg, arg_n, "sec")) {
      it->scale = 1;
    } else if (same_name(arg, arg_n, "msec")) {
      it->scale = 1000;
    } else if (same_name(arg, arg_n, "usec")) {
      it->scale = 1000000;
    } else if (same_name(arg, arg_n, "msec_frac") || same_name(arg, arg_n, "usec_frac")) {
      set_field(it, FK_TIME_FRAC, LOG_TARGET_TIME_PART, "time_fraction");
      it->scale = arg[0] == 'm' ? 3 : 6;
    } else {
      set_field(it, FK_TIME_STRF, LOG_TARGET_TIME_PART, "time");
      it->arg = store(f, arg, arg_n);
    }
    return p;
  default: {
    char key[3] = {'%', letter, 0};
    set_field(it, FK_TOKEN, LOG_TARGET_EXTRA, store(f, key, 2));
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
  enum log_target target;
  int64_t scale;
} nginx_variable;

static const nginx_variable nginx_variables[] = {
    {"remote_addr", FK_HOST, LOG_TARGET_CLIENT, 1},
    {"realip_remote_addr", FK_HOST, LOG_TARGET_CLIENT, 1},
    {"remote_user", FK_TOKEN, LOG_TARGET_REMOTE_USER, 1},
    {"time_local", FK_TIME_CLF, LOG_TARGET_TIME, 1},
    {"time_iso8601", FK_TIME_ISO, LOG_TARGET_TIME, 1},
    {"msec", FK_TIME_EPOCH, LOG_TARGET_TIME, 1},
    {"request", FK_REQUEST, LOG_TARGET_REQUEST, 1},
    {"request_method", FK_TOKEN, LOG_TARGET_METHOD, 1},
    {"request_uri", FK_REQUEST_URI, LOG_TARGET_URI, 1},
    {"uri", FK_TOKEN, LOG_TARGET_PATH, 1},
    {"document_uri", FK_TOKEN, LOG_TARGET_PATH, 1},
    {"args", FK_TOKEN, LOG_TARGET_QUERY, 1},
    {"query_string", FK_TOKEN, LOG_TARGET_QUERY, 1},
    {"server_protocol", FK_TOKEN, LOG_TARGET_PROTOCOL, 1},
    {"status", FK_STATUS, LOG_TARGET_STATUS, 1},
    {"body_bytes_sent", FK_INT, LOG_TARGET_BYTES, 1},
    {"bytes_sent", FK_INT, LOG_TARGET_BYTES, 1},
    {"request_length", FK_INT, LOG_TARGET_EXTRA, 1},
    {"connection", FK_INT, LOG_TARGET_EXTRA, 1},
    {"connection_requests", FK_INT, LOG_TARGET_EXTRA, 1},
    {"http_referer", FK_TOKEN, LOG_TARGET_REFERRER, 1},
    {"http_user_agent", FK_TOKEN, LOG_TARGET_USER_AGENT, 1},
    {"host", FK_VHOST, LOG_TARGET_HOST, 1},
    {"http_host", FK_TOKEN, LOG_TARGET_HOST, 1},
    {"server_name", FK_VHOST, LOG_TARGET_HOST, 1},
    {"server_port", FK_INT, LOG_TARGET_PORT, 1},
    {"remote_port", FK_INT, LOG_TARGET_EXTRA, 1},
    {"request_time", FK_DURATION, LOG_TARGET_DURATION, 1},
    /* lists: one item per upstream server tried, in extra as written */
    {"upstream_addr", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_status", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_response_time", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_connect_time", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_header_time", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_queue_time", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_response_length", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_bytes_received", FK_LIST, LOG_TARGET_EXTRA, 1},
    {"upstream_bytes_sent", FK_LIST, LOG_TARGET_EXTRA, 1},
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
  it->target = LOG_TARGET_EXTRA;
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

/* The end of the literal it at p when the line writes one of its spaces
 * as a run of spaces, or NULL. A space inside the literal may be a run
 * (only the literal is there); its last byte only when the field after it
 * cannot be empty (it->last_run), else the extra space could be that field. */
static const char *literal_with_runs(const text_item *it, const char *p, const char *end) {
  size_t k;
  for (k = 0; k < it->literal_n; k++) {
    if (p >= end || *p != it->literal[k]) return NULL;
    p++;
    if (it->literal[k] == ' ' && (k + 1 < it->literal_n ? it->literal[k + 1] != ' ' : it->last_run))
      while (p < end && *p == ' ') p++;
  }
  return p;
}

/* 1 when a field of this kind may be written as nothing at all (an NGINX
 * variable without a value), so that spaces around it must be kept. */
static int may_be_empty(const text_item *it) {
  return it->kind == FK_TOKEN || it->kind == FK_LIST || it->kind == FK_QUERY_Q ||
         it->kind == FK_REQUEST || it->kind == FK_REQUEST_URI;
}

/* Marks which items fill columns: the first to claim a column gets it, a
 * later one goes to extra under its key. Marks quoted fields. */
static void assign_targets(text_format *f) {
  int claimed[LOG_TARGET_COUNT] = {0};
  int i;
  for (i = 0; i < f->nitems; i++) {
    text_item *it = &f->items[i];
    enum log_target t = it->target;
    if (it->literal) {
      const text_item *next = i + 1 < f->nitems ? &f->items[i + 1] : NULL;
      it->spaces = memchr(it->literal, ' ', it->literal_n) != NULL;
      it->last_run =
          it->literal[it->literal_n - 1] == ' ' && next && !next->literal && !may_be_empty(next);
      continue;
    }
    if (t == LOG_TARGET_REQUEST) {
      if (claimed[LOG_TARGET_METHOD] || claimed[LOG_TARGET_PATH] || claimed[LOG_TARGET_QUERY] ||
          claimed[LOG_TARGET_PROTOCOL])
        t = LOG_TARGET_EXTRA;
      else
        claimed[LOG_TARGET_METHOD] = claimed[LOG_TARGET_PATH] = claimed[LOG_TARGET_QUERY] =
            claimed[LOG_TARGET_PROTOCOL] = 1;
    } else if (t == LOG_TARGET_URI) {
      if (claimed[LOG_TARGET_PATH] || claimed[LOG_TARGET_QUERY])
        t = LOG_TARGET_EXTRA;
      else
        claimed[LOG_TARGET_PATH] = claimed[LOG_TARGET_QUERY] = 1;
    } else if (t == LOG_TARGET_TIME_PART) {
      if (claimed[LOG_TARGET_TIME]) t = LOG_TARGET_EXTRA;
      claimed[LOG_TARGET_TIME_PART] = 1;
    } else if (t == LOG_TARGET_TIME) {
      if (claimed[LOG_TARGET_TIME] || claimed[LOG_TARGET_TIME_PART]) t = LOG_TARGET_EXTRA;
      claimed[LOG_TARGET_TIME] = 1;
    } else if (t != LOG_TARGET_EXTRA) {
      if (claimed[t]) t = LOG_TARGET_EXTRA;
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

/* The text of p[0..n) as the server escaped it, decoded, as valid UTF-8.
 * Fast path: no backslash, used in place when the line is valid UTF-8. */
static int decode_text(const text_format *f, log_scratch *s, const char *p, size_t n,
                       const log_line *l, log_text *out) {
  char *w, *start;
  size_t i;
  if (!l->escapes || !memchr(p, '\\', n)) return log_field_text(s, p, n, out, l->valid);
  if (!(start = log_scratch_alloc(s, n))) return -1;
  w = start;
  for (i = 0; i < n; i++) {
    char c = p[i];
    if (c == '\\' && i + 1 < n) {
      char e = p[i + 1];
      if (e == 'x' && i + 3 < n && log_field_hex(p[i + 2]) >= 0 && log_field_hex(p[i + 3]) >= 0) {
        *w++ = (char)(log_field_hex(p[i + 2]) * 16 + log_field_hex(p[i + 3]));
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

/* What the conversions of a line's %{...}t fields say, gathered before the
 * time is made (strf_finish): a two-digit year needs its century, a
 * 12-hour clock its AM/PM, a day of the year or an ISO week date stands
 * for a month and a day. -1: not given. */
typedef struct strf_state {
  int century, year2, hour12, pm, yday, iso_year, iso_week, wday;
  int64_t epoch;
  int has_epoch;
} strf_state;

static void strf_begin(strf_state *st) {
  st->century = st->year2 = st->hour12 = st->pm = st->yday = -1;
  st->iso_year = st->iso_week = st->wday = -1;
  st->has_epoch = 0;
}

/* Exactly width digits, or fewer after space padding (pad): their value at
 * *v, the end returned; NULL when they are not there. */
static const char *strf_number(const char *p, const char *end, int width, int pad, int *v) {
  int i = 0;
  *v = 0;
  if (pad)
    while (i < width - 1 && p + i < end && p[i] == ' ') i++;
  if (end - p < width) return NULL;
  for (; i < width; i++) {
    if (p[i] < '0' || p[i] > '9') return NULL;
    *v = *v * 10 + (p[i] - '0');
  }
  return p + width;
}

/* A name of names[0..n) (case as written, "Mon" or "Monday" when full),
 * its index at *v. */
static const char *strf_name(const char *p, const char *end, const char *const *names, int n,
                             int full, int *v) {
  int k;
  for (k = 0; k < n; k++) {
    size_t len = full ? strlen(names[k]) : 3;
    if ((size_t)(end - p) >= len && memcmp(p, names[k], len) == 0) {
      *v = k;
      return p + len;
    }
  }
  return NULL;
}

static const char *const weekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

static const char *parse_strf(const char *prog, const char *p, const char *end, log_time *t,
                              strf_state *st);

/* One conversion of strftime(3), as Apache's %{...}t writes it in the C
 * locale, read into t and st. */
static const char *strf_field(char d, const char *p, const char *end, log_time *t, strf_state *st) {
  int v;
  switch (d) {
  case 'Y': return strf_number(p, end, 4, 0, &t->year);
  case 'C': return strf_number(p, end, 2, 0, &st->century);
  case 'y': return strf_number(p, end, 2, 0, &st->year2);
  case 'G': return strf_number(p, end, 4, 0, &st->iso_year);
  case 'g':
    if (!(p = strf_number(p, end, 2, 0, &v))) return NULL;
    st->iso_year = v + (v < 69 ? 2000 : 1900);
    return p;
  case 'm': return strf_number(p, end, 2, 0, &t->month);
  case 'd': return strf_number(p, end, 2, 0, &t->day);
  case 'e': return strf_number(p, end, 2, 1, &t->day);
  case 'j':
    if (!(p = strf_number(p, end, 3, 0, &st->yday))) return NULL;
    return st->yday >= 1 && st->yday <= 366 ? p : NULL;
  case 'H': return strf_number(p, end, 2, 0, &t->hour);
  case 'k': return strf_number(p, end, 2, 1, &t->hour);
  case 'I': return strf_number(p, end, 2, 0, &st->hour12);
  case 'l': return strf_number(p, end, 2, 1, &st->hour12);
  case 'M': return strf_number(p, end, 2, 0, &t->minute);
  case 'S': return strf_number(p, end, 2, 0, &t->second);
  case 'p':
  case 'P':
    if (end - p < 2 || (p[1] != 'M' && p[1] != 'm')) return NULL;
    if (p[0] == 'A' || p[0] == 'a')
      st->pm = 0;
    else if (p[0] == 'P' || p[0] == 'p')
      st->pm = 1;
    else
      return NULL;
    return p + 2;
  case 'b':
  case 'h':
    if (!(p = strf_name(p, end, months, 12, 0, &v))) return NULL;
    t->month = v + 1;
    return p;
  case 'B':
    if (!(p = strf_name(p, end, months, 12, 1, &v))) return NULL;
    t->month = v + 1;
    return p;
  case 'a': return strf_name(p, end, weekdays, 7, 0, &st->wday);
  case 'A': return strf_name(p, end, weekdays, 7, 1, &st->wday);
  case 'u':
    if (!(p = strf_number(p, end, 1, 0, &v)) || v < 1 || v > 7) return NULL;
    st->wday = v % 7;
    return p;
  case 'w':
    if (!(p = strf_number(p, end, 1, 0, &v)) || v > 6) return NULL;
    st->wday = v;
    return p;
  case 'V': return strf_number(p, end, 2, 0, &st->iso_week);
  case 'U':
  case 'W': return strf_number(p, end, 2, 0, &v); /* weeks counted from Sunday/Monday: read */
  case 's': {
    int64_t e = 0;
    const char *q = p;
    while (q < end && *q >= '0' && *q <= '9' && q - p < 18) e = e * 10 + (*q++ - '0');
    if (q == p) return NULL;
    st->epoch = e;
    st->has_epoch = 1;
    return q;
  }
  case 'n':
  case 't': return p < end && (*p == ' ' || *p == '\t') ? p + 1 : NULL;
  case 'D':
  case 'x': return parse_strf("%m/%d/%y", p, end, t, st);
  case 'T':
  case 'X': return parse_strf("%H:%M:%S", p, end, t, st);
  case 'R': return parse_strf("%H:%M", p, end, t, st);
  case 'r': return parse_strf("%I:%M:%S %p", p, end, t, st);
  case 'F': return parse_strf("%Y-%m-%d", p, end, t, st);
  case 'c': return parse_strf("%a %b %e %H:%M:%S %Y", p, end, t, st);
  case 'z': return log_time_parse_offset(p, end, 0, t); /* +hhmm */
  case 'Z': {
    /* a zone's name: UTC, GMT and Z say the offset; others leave the time
     * local (a name such as CET or EST is not one offset the whole year) */
    const char *q = p;
    while (q < end && ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))) q++;
    if (q == p) return NULL;
    if ((q - p == 3 && (memcmp(p, "UTC", 3) == 0 || memcmp(p, "GMT", 3) == 0)) ||
        (q - p == 1 && *p == 'Z')) {
      t->has_offset = 1;
      t->offset_minutes = 0;
    }
    return q;
  }
  default: return NULL;
  }
}

static const char *parse_strf(const char *prog, const char *p, const char *end, log_time *t,
                              strf_state *st) {
  for (; *prog && p; prog++) {
    if (*prog == '%' && prog[1]) {
      prog++;
      if (*prog == '%') {
        if (p >= end || *p != '%') return NULL;
        p++;
      } else {
        p = strf_field(*prog, p, end, t, st);
      }
    } else {
      if (p >= end || *p != *prog) return NULL;
      p++;
    }
  }
  return p;
}

/* Sets t's date to the day days after 1970-01-01. */
static int set_days(log_time *t, int64_t days) {
  log_time d;
  if (log_time_from_epoch(&d, days * 86400, 0, 0) != 0) return -1;
  t->year = d.year, t->month = d.month, t->day = d.day;
  return 0;
}

/* Makes t from what the line's %{...}t fields gave. Returns 0, or -1 when
 * they do not make a time (an ISO week that does not exist, a 13 o'clock). */
static int strf_finish(log_time *t, const strf_state *st) {
  if (st->has_epoch) /* seconds since the epoch: UTC, and all of the time */
    return log_time_from_epoch(t, st->epoch, t->nanos, t->frac_digits);
  if (st->year2 >= 0)
    t->year = st->century >= 0 ? st->century * 100 + st->year2
                               : st->year2 + (st->year2 < 69 ? 2000 : 1900); /* POSIX */
  if (st->hour12 >= 0) {
    if (st->hour12 < 1 || st->hour12 > 12 || st->pm < 0) return -1;
    t->hour = st->hour12 % 12 + (st->pm ? 12 : 0);
  }
  if (!t->month && st->iso_week >= 0 && st->iso_year >= 0 && st->wday >= 0) {
    /* ISO 8601 week date: week 1 holds 4 January; Monday is day 1 */
    int64_t jan4 = log_days_from_civil(st->iso_year, 1, 4);
    int64_t monday1 = jan4 - ((jan4 + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
    int64_t days = monday1 + (st->iso_week - 1) * 7 + (st->wday + 6) % 7;
    if (st->iso_week < 1 || st->iso_week > 53) return -1;
    return set_days(t, days);
  }
  if (!t->month && st->yday >= 0 && t->year)
    return set_days(t, log_days_from_civil(t->year, 1, 1) + st->yday - 1);
  return 0;
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

/* The end of a request line that is not quoted: it holds spaces, so it
 * ends after its protocol, " HTTP/" and digits, where the literal after it
 * (if any) starts. NULL when there is no such protocol (an HTTP/0.9 line
 * cannot be told from what follows it). */
static const char *request_end(const char *p, const char *end, const char *literal) {
  const char *q = p;
  while ((q = memchr(q, ' ', (size_t)(end - q))) != NULL) {
    const char *v = q + 6;
    if (end - q > 6 && memcmp(q + 1, "HTTP/", 5) == 0) {
      while (v < end && ((*v >= '0' && *v <= '9') || *v == '.')) v++;
      if (v > q + 6 && (literal ? v < end && *v == literal[0] : v == end || *v == ' ')) return v;
    }
    q++;
  }
  return NULL;
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
    /* NGINX escapes a quote as \x22; Apache as \", so a quote after an odd
     * run of backslashes is inside the field */
    const char *q = p, *b;
    while ((q = memchr(q, '"', (size_t)(end - q))) != NULL) {
      for (b = q; !f->nginx && b > p && b[-1] == '\\';) b--;
      if ((q - b) % 2 == 0) return q;
      q++;
    }
    return NULL;
  }
  if (it->kind == FK_REQUEST)
    return request_end(p, end, next && next->literal ? next->literal : NULL);
  space = memchr(p, ' ', (size_t)(end - p));
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

/* The fields after the format's last one, at p (a space): separated by
 * runs of spaces, each a "quoted" string (decoded as the format's own) or
 * a run of other bytes; past LOG_TRAILING_MAX - 1 of them, the rest of the
 * line is the last. Writes them into scratch as a JSON array of strings.
 * Returns 1 (*json set), 0 when there are only spaces, -2 when a quote is
 * not closed, -1 when scratch is full. */
#define LOG_TRAILING_MAX 64
static int trailing_fields(const text_format *f, log_scratch *s, const log_line *l, const char *p,
                           const char *end, log_text *json) {
  log_text field[LOG_TRAILING_MAX];
  int n = 0;
  for (;;) {
    const char *q;
    while (p < end && *p == ' ') p++;
    if (p >= end) break;
    if (n == LOG_TRAILING_MAX - 1) {
      q = end;
      if (log_field_text(s, p, (size_t)(q - p), &field[n++], l->valid)) return -1;
    } else if (*p == '"') {
      const char *close = p + 1;
      while ((close = memchr(close, '"', (size_t)(end - close))) != NULL) {
        const char *b = close;
        while (!f->nginx && b > p + 1 && b[-1] == '\\') b--;
        if ((close - b) % 2 == 0) break;
        close++;
      }
      if (!close || (close + 1 < end && close[1] != ' ')) return -2;
      if (decode_text(f, s, p + 1, (size_t)(close - p - 1), l, &field[n++])) return -1;
      q = close + 1;
    } else {
      q = memchr(p, ' ', (size_t)(end - p));
      if (!q) q = end;
      if (log_field_text(s, p, (size_t)(q - p), &field[n++], l->valid)) return -1;
    }
    p = q;
  }
  if (!n) return 0;
  return log_json_string_array(s, field, n, json) != 0 ? -1 : 1;
}

/* What a field that did not match should have held (text fields cannot
 * mismatch: they end where the next literal starts). */
static const char *describe(enum field_kind kind) {
  switch (kind) {
  case FK_HOST: return "a client address (IP or host name, no port)";
  case FK_VHOST: return "a host name (no port)";
  case FK_TIME_CLF_BR: return "a time such as [10/Oct/2023:13:55:36 +0000]";
  case FK_TIME_CLF: return "a time such as 10/Oct/2023:13:55:36 +0000";
  case FK_TIME_ISO: return "a time such as 2023-10-10T13:55:36+00:00";
  case FK_TIME_EPOCH: return "seconds since 1970";
  case FK_TIME_STRF: return "a time in the format's pattern";
  case FK_TIME_FRAC: return "the fraction of a second";
  case FK_QUERY_Q: return "a query string";
  case FK_STATUS: return "a three-digit status or -";
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
  const char *last_start = NULL; /* where the last field started */
  /* the request or target field, and what its URL says of host and port */
  const char *target_key = NULL;
  log_text target = {NULL, 0};
  log_authority url;
  strf_state strf;
  log_line l;
  l.valid = rec->line_valid;
  l.escapes = memchr(line, '\\', n) != NULL;
  strf_begin(&strf);
  for (i = 0; i < f->nitems; i++) {
    const text_item *it = &f->items[i];
    const char *stop = NULL, *start = p;
    last_start = p;
    log_text text = {NULL, 0};
    int64_t v = 0;
    int is_number = 0;
    if (it->literal) {
      const char *lit = it->literal;
      size_t lit_n = it->literal_n;
      if ((size_t)(end - p) >= lit_n && *p == lit[0] &&
          (lit_n == 1 || memcmp(p + 1, lit + 1, lit_n - 1) == 0)) {
        p += lit_n;
        if (it->last_run)
          while (p < end && *p == ' ') p++;
        continue;
      }
      if (it->spaces && (stop = literal_with_runs(it, p, end)) != NULL) {
        p = stop;
        continue;
      }
      {
        const char *where = i > 0 ? "after" : "before";
        const char *name = i > 0               ? f->items[i - 1].name
                           : i + 1 < f->nitems ? f->items[i + 1].name
                                               : "";
        return (enum log_parse_result)log_record_fail(
            rec, s, (long)(p - line), "expected '%s' %s %s", it->literal, where, name);
      }
    }
    switch (it->kind) {
    case FK_TIME_CLF_BR: {
      log_time t;
      if (p >= end || *p != '[' || !(stop = log_time_parse_clf(p + 1, end, &t)) || stop >= end ||
          *stop != ']')
        goto mismatch;
      stop++;
      if (!t.present) goto invalid_time;
      if (it->target == LOG_TARGET_TIME) rec->time = t;
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
      if (it->target == LOG_TARGET_TIME) rec->time = t;
      break;
    }
    case FK_TIME_STRF:
      if (!(stop = parse_strf(it->arg, p, end, &rec->time, &strf))) goto mismatch;
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
      if (it->target == LOG_TARGET_TIME_PART) {
        rec->time.nanos = frac * (it->scale == 3 ? 1000000u : 1000u);
        rec->time.frac_digits = (int)it->scale;
        time_parts = 1;
      }
      break;
    }
    case FK_STATUS:
      if (end - p >= 3 && read_digits(p, p + 3, &v) == p + 3 &&
          (p + 3 == end || p[3] < '0' || p[3] > '9')) {
        stop = p + 3;
        if (it->target == LOG_TARGET_STATUS) {
          rec->status = v;
          rec->has_status = 1;
        }
        is_number = 1;
        break;
      }
      if (p < end && *p == '-' && (p + 1 == end || p[1] < '0' || p[1] > '9')) {
        stop = p + 1; /* Apache's %>s for a request it has no status for */
        break;
      }
      goto mismatch;
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
      if (it->target == LOG_TARGET_BYTES) {
        rec->bytes = v;
        rec->has_bytes = 1;
      } else if (it->target == LOG_TARGET_PORT) {
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
      if (it->target == LOG_TARGET_DURATION) {
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
        if (it->kind == FK_REQUEST)
          return (enum log_parse_result)log_record_fail(
              rec, s, (long)(start - line), "no HTTP/ protocol ending the request line %s",
              it->name);
        return (enum log_parse_result)log_record_fail(
            rec, s, (long)(start - line), "no '%c' after %s", f->items[i + 1].literal[0], it->name);
      }
      if (log_field_is_dash(p, (size_t)(stop - p))) break;
      if (it->kind == FK_VHOST && !log_field_host(p, (size_t)(stop - p))) goto mismatch;
      if (it->kind == FK_HOST && !log_field_host_name(p, (size_t)(stop - p)) &&
          !log_field_host(p, (size_t)(stop - p))) {
        /* an X-Forwarded-For list where the client should be: its first
         * address, and the whole list in extra under the field's key */
        if (!(stop = log_field_host_list(p, end, &text))) goto mismatch;
        if (it->target == LOG_TARGET_CLIENT) rec->client = text;
        if (decode_text(f, s, p, (size_t)(stop - p), &l, &text)) goto no_room;
        f->extras[nextra].key = it->key;
        f->extras[nextra].value = text;
        f->extras[nextra++].is_number = LOG_JSON_TEXT;
        p = stop;
        continue;
      }
      if (!l.escapes && l.valid) /* most fields: used in place */
        text.p = p, text.n = (size_t)(stop - p);
      else if (decode_text(f, s, p, (size_t)(stop - p), &l, &text))
        goto no_room;
      switch (it->target) {
      case LOG_TARGET_CLIENT: rec->client = text; break;
      case LOG_TARGET_REMOTE_USER: rec->remote_user = text; break;
      case LOG_TARGET_METHOD: rec->method = text; break;
      case LOG_TARGET_PATH: rec->path = text; break;
      case LOG_TARGET_PROTOCOL: rec->protocol = text; break;
      case LOG_TARGET_REFERRER: rec->referrer = text; break;
      case LOG_TARGET_USER_AGENT: rec->user_agent = text; break;
      case LOG_TARGET_HOST: rec->host = text; break;
      case LOG_TARGET_QUERY:
        if (it->kind == FK_QUERY_Q) {
          /* %q is empty without a query, else ? and the query */
          if (text.n > 0 && text.p[0] != '?') goto mismatch;
          if (text.n == 0) break;
          text.p++;
          text.n--;
        }
        rec->query = text;
        break;
      case LOG_TARGET_REQUEST:
        url.host.p = NULL, url.has_port = 0;
        if (!log_field_request(text.p, text.n, rec, &url)) {
          /* logged as received (a TLS handshake on port 80, say): kept in
           * extra as "request", the request columns stay NULL */
          f->extras[nextra].key = "request";
          f->extras[nextra].value = text;
          f->extras[nextra++].is_number = 0;
          break;
        }
        target = text, target_key = it->key;
        break;
      case LOG_TARGET_URI:
        url.host.p = NULL, url.has_port = 0;
        log_field_target(text.p, text.n, rec, &url);
        target = text, target_key = it->key;
        break;
      default: break;
      }
      if (it->kind == FK_QUERY_Q && it->target == LOG_TARGET_EXTRA && text.n > 0 &&
          text.p[0] != '?')
        goto mismatch;
      if (it->kind == FK_QUERY_Q && text.n == 0) text.p = NULL;
      break;
    }
    if (it->target == LOG_TARGET_EXTRA) {
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
  if (p != end) {
    /* fields after the format's: in extra, as an array, never an error;
     * but not after a last field that took nothing ($a$b on "x y") */
    const text_item *last = &f->items[f->nitems - 1];
    if (*p != ' ' || (!last->literal && p == last_start))
      return (enum log_parse_result)log_record_fail(rec, s, (long)(p - line),
                                                    "unexpected text after the last field");
    switch (trailing_fields(f, s, &l, p, end, &f->extras[nextra].value)) {
    case 0: break;
    case 1:
      f->extras[nextra].key = LOG_EXTRA_TRAILING;
      f->extras[nextra++].is_number = LOG_JSON_RAW;
      rec->trailing = p > line && p[-1] == '"' && f->items[f->nitems - 1].literal
                          ? LOG_TRAILING_AFTER_QUOTE
                          : LOG_TRAILING_AFTER_FIELD;
      break;
    case -2:
      return (enum log_parse_result)log_record_fail(
          rec, s, (long)(p - line), "a quote not closed in the fields after the last one");
    default: goto no_room;
    }
  }
  if (target_key && (url.host.p || url.has_port) && log_authority_apply(rec, &url)) {
    /* the line's own host or port says otherwise: the target stays whole */
    f->extras[nextra].key = target_key;
    f->extras[nextra].value = target;
    f->extras[nextra++].is_number = 0;
  }
  if (time_parts) {
    int failed = strf_finish(&rec->time, &strf) != 0;
    /* without an offset the server's local time, but an epoch is UTC */
    if (!rec->time.has_offset && !strf.has_epoch) rec->time.local = 1;
    if (failed || !log_time_valid(&rec->time))
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
