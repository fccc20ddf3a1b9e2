/*
** fuzz_httpstatus.c: a libFuzzer harness for the httpstatus extension.
**
** The extension is compiled in (-DSQLITE_CORE) and registered on one
** in-memory connection, next to plain tables (ref_*) that hold copies of
** every virtual table. An input is read as a sequence of operations, each
** chosen by one byte:
**
**   - a call of one scalar function with arguments of every SQLite type
**     made from the input bytes, checked against the answer computed another
**     way: plain SQL over the ref_* tables, or the pattern reader below;
**   - a query of a virtual table with constraints, IN lists, joins, ORDER BY,
**     LIMIT and OFFSET made from the input, run again on its ref_* copy: both
**     must give the same rows (in the same order when ORDER BY fixes one)
**     and the same error.
**
** Any difference aborts, so that libFuzzer saves the input that shows it.
*/
#include <sqlite3.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sqlite3_httpstatus_init(sqlite3 *db, char **pzErrMsg, const void *pApi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;

/* ---- reading the input ------------------------------------------------ */

struct input {
  const uint8_t *p;
  size_t n;
};

/* The next byte; 0 once the input is used up. */
static unsigned next_byte(struct input *in) {
  if (in->n == 0) return 0;
  in->n--;
  return *in->p++;
}

static uint64_t next_bytes(struct input *in, int count) {
  uint64_t v = 0;
  while (count-- > 0) v = v << 8 | next_byte(in);
  return v;
}

/* ---- values made from the input --------------------------------------- */

/* One value to bind: type is an SQLITE_* type code; text and blobs point
** into the input, into buf, or into owned (a long text). */
struct value {
  int type;
  sqlite3_int64 i;
  double d;
  const char *ptr;
  int len;
  char buf[64];
  char *owned;
};

/* Strings the extension gives meaning to; the dictionary has more. */
static const char *const words[] = {
    "Not Found",
    "not found",
    " NOT FOUND ",
    "I'm a teapot",
    "Payload Too Large",
    "iana",
    "nginx",
    "cloudflare",
    "Informational",
    "Success",
    "Redirection",
    "Client Error",
    "client error",
    "Server Error",
    "Server Error ",
    "5xx",
    "4XX,200",
    "400-499",
    "100-599",
    "404",
    "599",
    "1xx, 5xx",
    "",
    " ",
    "-",
    ",",
    "404,",
    "5xx-",
};

/* Ways to write a code as text that numeric affinity may or may not read. */
static const char *const number_formats[] = {
    "%d", " %d", "%d ", "+%d", "-%d", "%d.0", "%d.5", "%de0", "0%d", "%dabc", "0x%x", "%d\t",
};

static void make_value(struct input *in, struct value *v) {
  unsigned kind = next_byte(in) % 16;
  int code = 90 + (int)(next_bytes(in, 2) % 530);
  memset(v, 0, sizeof(*v));
  switch (kind) {
  case 0: v->type = SQLITE_NULL; break;
  case 1:
  case 10:
  case 11:
    v->type = SQLITE_INTEGER;
    v->i = code;
    break;
  case 2:
    v->type = SQLITE_INTEGER;
    v->i = (sqlite3_int64)next_bytes(in, 8);
    break;
  case 3:
  case 12: {
    static const double offsets[] = {0, 0.5, -0.5, 1e-9, -1e-9, 0.999999999999};
    v->type = SQLITE_FLOAT;
    v->d = code + offsets[next_byte(in) % (sizeof(offsets) / sizeof(offsets[0]))];
    break;
  }
  case 4: {
    uint64_t bits = next_bytes(in, 8);
    v->type = SQLITE_FLOAT;
    memcpy(&v->d, &bits, sizeof(v->d));
    break;
  }
  case 5:
  case 6:
  case 9: {
    /* Raw bytes: any length the input has, invalid UTF-8 and NULs included. */
    size_t len = next_byte(in) % 48;
    if (len > in->n) len = in->n;
    v->type = kind == 6 ? SQLITE_BLOB : SQLITE_TEXT;
    v->ptr = (const char *)in->p;
    v->len = (int)len;
    in->p += len;
    in->n -= len;
    break;
  }
  case 7:
  case 13: {
    const char *format = number_formats[next_byte(in) % (sizeof(number_formats) / sizeof(char *))];
    v->type = SQLITE_TEXT;
    v->len = snprintf(v->buf, sizeof(v->buf), format, code);
    v->ptr = v->buf;
    break;
  }
  case 8:
  case 14:
    v->type = SQLITE_TEXT;
    v->ptr = words[next_byte(in) % (sizeof(words) / sizeof(words[0]))];
    v->len = (int)strlen(v->ptr);
    break;
  default: {
    /* A long text: one of the words repeated, up to about 40 KB. */
    const char *word = words[next_byte(in) % (sizeof(words) / sizeof(words[0]))];
    size_t word_len = strlen(word) + 1, count = 1 + next_bytes(in, 2) % 2048, k;
    v->type = SQLITE_TEXT;
    v->owned = malloc(word_len * count);
    if (v->owned == NULL) abort();
    for (k = 0; k < count; k++) {
      memcpy(v->owned + k * word_len, word, word_len - 1);
      v->owned[k * word_len + word_len - 1] = ',';
    }
    v->ptr = v->owned;
    v->len = (int)(word_len * count - 1);
    break;
  }
  }
}

static void bind_value(sqlite3_stmt *stmt, int index, const struct value *v) {
  switch (v->type) {
  case SQLITE_INTEGER: sqlite3_bind_int64(stmt, index, v->i); break;
  case SQLITE_FLOAT: sqlite3_bind_double(stmt, index, v->d); break;
  case SQLITE_TEXT: sqlite3_bind_text(stmt, index, v->ptr, v->len, SQLITE_STATIC); break;
  case SQLITE_BLOB: sqlite3_bind_blob(stmt, index, v->ptr, v->len, SQLITE_STATIC); break;
  default: sqlite3_bind_null(stmt, index); break;
  }
}

/* ---- helpers ---------------------------------------------------------- */

static void fail(const char *what, const char *sql, const char *detail) {
  fprintf(stderr, "httpstatus fuzz: %s\n  sql: %s\n  %s\n", what, sql, detail ? detail : "");
  abort();
}

static void exec_or_die(const char *sql) {
  char *error = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) fail("setup failed", sql, error);
}

static sqlite3_stmt *prepare_or_die(const char *sql) {
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
    fail("cannot prepare", sql, sqlite3_errmsg(db));
  return stmt;
}

/* Appends column i of the current row of stmt: its type, then its value. */
static void append_column(sqlite3_str *out, sqlite3_stmt *stmt, int i) {
  int type = sqlite3_column_type(stmt, i);
  switch (type) {
  case SQLITE_INTEGER: sqlite3_str_appendf(out, "i%lld", sqlite3_column_int64(stmt, i)); break;
  case SQLITE_FLOAT: sqlite3_str_appendf(out, "r%!.17g", sqlite3_column_double(stmt, i)); break;
  case SQLITE_TEXT:
  case SQLITE_BLOB: {
    const unsigned char *p =
        type == SQLITE_TEXT ? sqlite3_column_text(stmt, i) : sqlite3_column_blob(stmt, i);
    int len = sqlite3_column_bytes(stmt, i), k;
    char hex[2];
    sqlite3_str_appendf(out, "%c%d:", type == SQLITE_TEXT ? 't' : 'b', len);
    for (k = 0; k < len; k++) {
      hex[0] = "0123456789abcdef"[p[k] >> 4];
      hex[1] = "0123456789abcdef"[p[k] & 15];
      sqlite3_str_append(out, hex, 2);
    }
    break;
  }
  default: sqlite3_str_appendall(out, "n"); break;
  }
  sqlite3_str_appendall(out, "|");
}

static int same_column(sqlite3_stmt *stmt, int a, int b) {
  int type = sqlite3_column_type(stmt, a), len;
  if (type != sqlite3_column_type(stmt, b)) return 0;
  switch (type) {
  case SQLITE_INTEGER: return sqlite3_column_int64(stmt, a) == sqlite3_column_int64(stmt, b);
  case SQLITE_FLOAT: return sqlite3_column_double(stmt, a) == sqlite3_column_double(stmt, b);
  case SQLITE_NULL: return 1;
  default:
    len = sqlite3_column_bytes(stmt, a);
    return len == sqlite3_column_bytes(stmt, b) &&
           memcmp(sqlite3_column_blob(stmt, a), sqlite3_column_blob(stmt, b), (size_t)len) == 0;
  }
}

/* ---- an independent reader of status patterns ------------------------- */

/* Reads "ddd" (100..599) at s; returns the code or -1. */
static int ref_code3(const char *s, size_t len) {
  int code;
  if (len != 3) return -1;
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9') return -1;
  code = atoi((char[]){s[0], s[1], s[2], 0});
  return code >= 100 && code <= 599 ? code : -1;
}

/*
** Sets set[code - 100] for every code the pattern text[0..len-1] names.
** Returns 0 when an item is malformed. Written apart from status_pattern.c
** on purpose: items are split first, then each is classified.
*/
static int ref_pattern(const char *text, size_t len, unsigned char set[500]) {
  size_t start = 0;
  memset(set, 0, 500);
  for (;;) {
    size_t end = start, a, b;
    const char *dash;
    int first, last, code;
    while (end < len && text[end] != ',') end++;
    a = start;
    b = end;
    while (a < b && (text[a] == ' ' || text[a] == '\t')) a++;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t')) b--;
    dash = b > a ? memchr(text + a, '-', b - a) : NULL;
    if (b - a == 3 && text[a] >= '1' && text[a] <= '5' && (text[a + 1] | 0x20) == 'x' &&
        (text[a + 2] | 0x20) == 'x') {
      first = (text[a] - '0') * 100;
      last = first + 99;
    } else if (dash == NULL) {
      first = last = ref_code3(text + a, b - a);
    } else {
      size_t d = (size_t)(dash - text), left_end = d, right_start = d + 1;
      while (left_end > a && (text[left_end - 1] == ' ' || text[left_end - 1] == '\t')) left_end--;
      while (right_start < b && (text[right_start] == ' ' || text[right_start] == '\t'))
        right_start++;
      first = ref_code3(text + a, left_end - a);
      last = ref_code3(text + right_start, b - right_start);
      if (first > last) first = -1;
    }
    if (first < 0 || last < 0) return 0;
    for (code = first; code <= last; code++) set[code - 100] = 1;
    if (end >= len) return 1;
    start = end + 1;
  }
}

/* ref_match(code, pattern): the reader above as an SQL function. */
static void ref_match_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  unsigned char set[500];
  const char *text = (const char *)sqlite3_value_text(argv[1]);
  sqlite3_int64 code = sqlite3_value_int64(argv[0]);
  (void)argc;
  if (text == NULL || !ref_pattern(text, (size_t)sqlite3_value_bytes(argv[1]), set)) {
    sqlite3_result_error(ctx, "ref_match: bad pattern", -1);
    return;
  }
  sqlite3_result_int(ctx, code >= 100 && code <= 599 && set[code - 100]);
}

/*
** ref_key(text, prefix): text as reverse lookup compares names, written apart
** from status_lookup.c: ASCII letters in lower case, without ' ', '_', '-',
** apostrophes and U+2019. With a non-empty prefix, what follows it, or NULL
** when the key does not start with it or is nothing more. NULL for a text
** holding a NUL, which names nothing.
*/
static void ref_key_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const unsigned char *text = sqlite3_value_text(argv[0]);
  const char *prefix = (const char *)sqlite3_value_text(argv[1]);
  int len = sqlite3_value_bytes(argv[0]), i, n = 0, skip;
  char *key;
  (void)argc;
  if (text == NULL || prefix == NULL) return;
  key = sqlite3_malloc(len + 1);
  if (key == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  for (i = 0; i < len; i++) {
    if (text[i] == '\0') {
      sqlite3_free(key);
      return;
    }
    if (text[i] == ' ' || text[i] == '_' || text[i] == '-' || text[i] == '\'') continue;
    if (i + 2 < len && memcmp(text + i, "\xE2\x80\x99", 3) == 0) {
      i += 2;
      continue;
    }
    key[n++] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
  }
  skip = (int)strlen(prefix);
  if (skip == 0 || (n > skip && memcmp(key, prefix, (size_t)skip) == 0))
    sqlite3_result_text(ctx, key + skip, n - skip, SQLITE_TRANSIENT);
  sqlite3_free(key);
}

/* ---- operation 1: one function call ----------------------------------- */

/*
** Each check selects the call, then the answer it must give. error_when,
** if set, is an SQL condition under which the call must fail instead, with
** a message starting "httpstatus: ".
*/
struct call_check {
  int args;
  const char *call;
  const char *expected;
  const char *error_when;
};

/* A code argument is read like a comparison with an INTEGER column: the
** ref_* tables' code columns and ref_codes.c are such columns. A BLOB source
** or pattern names nothing (NULL), as a BLOB never equals TEXT; any other
** source is read as text, and an unknown one is an error. */
#define TEXT_ARG(arg) arg " IS NOT NULL AND typeof(" arg ") <> 'blob'"
#define KNOWN_SOURCE "CAST(?2 AS TEXT) IN (SELECT source FROM ref_http_status_sources)"
#define BY_SOURCE                                                                                  \
  "FROM ref_http_status_meanings WHERE " TEXT_ARG("?2") " AND code = ?1 AND source = CAST(?2 AS "  \
                                                        "TEXT)"
/* The first code, in rid order, of a name in table whose ref_key is key. */
#define NAME_IS(table, extra, key)                                                                 \
  "(SELECT code FROM " table " WHERE " extra " ref_key(name, '') = " key " ORDER BY rid LIMIT 1)"
#define NAME_IN_ANY(key)                                                                           \
  "coalesce(" NAME_IS("ref_http_status", , key) ", " NAME_IS(                                      \
      "ref_http_status_aliases", , key) ", " NAME_IS("ref_http_status_meanings",                   \
                                                     "preferred = 0 AND", key) ")"

static const struct call_check call_checks[] = {
    {1, "http_status_name(?1)", "(SELECT name FROM ref_http_status WHERE code = ?1)", NULL},
    {1, "http_status_meaning(?1)", "(SELECT meaning FROM ref_http_status WHERE code = ?1)", NULL},
    {1, "http_status_line(?1)", "(SELECT code || ' ' || name FROM ref_http_status WHERE code = ?1)",
     NULL},
    {2, "http_status_name(?1, ?2)", "(SELECT name " BY_SOURCE ")",
     TEXT_ARG("?2") " AND NOT " KNOWN_SOURCE},
    {2, "http_status_meaning(?1, ?2)", "(SELECT meaning " BY_SOURCE ")",
     TEXT_ARG("?2") " AND NOT " KNOWN_SOURCE},
    {2, "http_status_line(?1, ?2)", "(SELECT code || ' ' || name " BY_SOURCE ")",
     TEXT_ARG("?2") " AND NOT " KNOWN_SOURCE},
    {1, "http_status_class(?1)",
     "(SELECT class FROM ref_http_status_classes, ref_codes WHERE ref_codes.c = ?1 AND "
     "ref_codes.c BETWEEN first_code AND last_code)",
     NULL},
    {1, "http_status_code(?1)",
     "CASE WHEN typeof(?1) = 'text' THEN coalesce(" NAME_IN_ANY("ref_key(?1, '')") ", " NAME_IN_ANY(
         "ref_key(?1, 'status')") ", " NAME_IN_ANY("ref_key(?1, 'http')") ") END",
     NULL},
    {2, "http_status_match(?1, ?2)",
     "CASE WHEN " TEXT_ARG("?2") " THEN (SELECT ref_match(c, ?2) FROM ref_codes WHERE c = ?1) END",
     TEXT_ARG("?2") " AND NOT ref_valid_pattern(?2)"},
    {0, "length(httpstatus_version()) > 0", "1", NULL},
};
#define CALL_CHECKS ((int)(sizeof(call_checks) / sizeof(call_checks[0])))

static sqlite3_stmt *call_stmts[CALL_CHECKS];
static sqlite3_stmt *error_stmts[CALL_CHECKS];

/* ref_valid_pattern(pattern): 1 when the reader above accepts it. */
static void ref_valid_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  unsigned char set[500];
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  (void)argc;
  sqlite3_result_int(ctx,
                     text && ref_pattern(text, (size_t)sqlite3_value_bytes(argv[0]), set) ? 1 : 0);
}

static void check_call(struct input *in) {
  int which = (int)(next_byte(in) % CALL_CHECKS);
  const struct call_check *check = &call_checks[which];
  sqlite3_stmt *stmt = call_stmts[which];
  struct value values[2];
  int must_fail = 0, rc, k;
  for (k = 0; k < 2; k++) make_value(in, &values[k]);
  if (error_stmts[which]) {
    sqlite3_stmt *cond = error_stmts[which];
    for (k = 0; k < 2; k++) bind_value(cond, k + 1, &values[k]);
    if (sqlite3_step(cond) != SQLITE_ROW) fail("cannot compute", check->error_when, NULL);
    must_fail = sqlite3_column_int(cond, 0);
    sqlite3_reset(cond);
  }
  for (k = 0; k < check->args; k++) bind_value(stmt, k + 1, &values[k]);
  rc = sqlite3_step(stmt);
  if (must_fail) {
    const char *message = sqlite3_errmsg(db);
    if (rc != SQLITE_ERROR) fail("the call should have failed", check->call, NULL);
    if (strncmp(message, "httpstatus: ", 12) != 0)
      fail("the error does not name the extension", check->call, message);
  } else if (rc != SQLITE_ROW) {
    fail("the call failed", check->call, sqlite3_errmsg(db));
  } else if (!same_column(stmt, 0, 1)) {
    sqlite3_str *detail = sqlite3_str_new(NULL);
    char *text;
    sqlite3_str_appendall(detail, "got ");
    append_column(detail, stmt, 0);
    sqlite3_str_appendall(detail, " expected ");
    append_column(detail, stmt, 1);
    text = sqlite3_str_finish(detail);
    fail("wrong answer", check->call, text);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (k = 0; k < 2; k++) free(values[k].owned);
}

/* ---- operation 2: one query, on the virtual table and on its copy ----- */

struct table_desc {
  const char *name;
  const char *const *columns; /* columns[0] is the rowid */
  int column_count;
  int has_code; /* has a "code" column, for joins */
};

static const char *const status_columns[] = {"rowid",     "code",       "name",      "class",
                                             "meaning",   "source",     "reference", "registry",
                                             "cacheable", "no_content", "retryable", "redirect"};
static const char *const meanings_columns[] = {
    "rowid",    "code",      "name",       "class",     "meaning",  "source",   "reference",
    "registry", "cacheable", "no_content", "retryable", "redirect", "preferred"};
static const char *const aliases_columns[] = {"rowid", "code", "name", "kind", "reference"};
static const char *const classes_columns[] = {"rowid",      "class",     "family",
                                              "first_code", "last_code", "description"};
static const char *const notes_columns[] = {"rowid", "title", "first_code", "second_code", "note"};
static const char *const sources_columns[] = {"rowid", "source", "description"};

#define TABLE(name, columns, has_code)                                                             \
  { name, columns, (int)(sizeof(columns) / sizeof(columns[0])), has_code }
static const struct table_desc tables[] = {
    TABLE("http_status", status_columns, 1),
    TABLE("http_status", status_columns, 1),
    TABLE("http_status", status_columns, 1),
    TABLE("http_status_meanings", meanings_columns, 1),
    TABLE("http_status_aliases", aliases_columns, 1),
    TABLE("http_status_classes", classes_columns, 0),
    TABLE("http_status_notes", notes_columns, 0),
    TABLE("http_status_sources", sources_columns, 0),
};
#define TABLE_COUNT ((int)(sizeof(tables) / sizeof(tables[0])))
#define QUERY_VALUES 6

/* The same query written twice: once for the virtual table, once for its
** plain copy, where the rowid is the column rid. */
struct query_pair {
  sqlite3_str *vtab, *ref;
};

static void add_both(struct query_pair *q, const char *text) {
  sqlite3_str_appendall(q->vtab, text);
  sqlite3_str_appendall(q->ref, text);
}

static void add_column(struct query_pair *q, const char *alias, const struct table_desc *t,
                       int column) {
  const char *name = t->columns[column];
  sqlite3_str_appendf(q->vtab, "%s.%s", alias, name);
  sqlite3_str_appendf(q->ref, "%s.%s", alias, column == 0 ? "rid" : name);
}

static void add_param(struct query_pair *q, struct input *in) {
  char text[8];
  snprintf(text, sizeof(text), "?%u", 1 + next_byte(in) % QUERY_VALUES);
  add_both(q, text);
}

/* A column of t, mostly the rowid, the code or the class, which the
** virtual table's xBestIndex looks at. */
static int pick_column(struct input *in, const struct table_desc *t) {
  unsigned b = next_byte(in);
  if (b < 160 && t->has_code) return (b & 3) == 0 ? 0 : (b & 3) == 3 && t->column_count > 3 ? 3 : 1;
  return (int)(b % (unsigned)t->column_count);
}

static void add_term(struct query_pair *q, struct input *in, const struct table_desc *t) {
  static const char *const ops[] = {"=", "==", "IS", "IS NOT", "<", "<=", ">", ">=", "!=", "<>"};
  static const char *const collations[] = {"", " COLLATE NOCASE", " COLLATE RTRIM",
                                           " COLLATE BINARY"};
  int column = pick_column(in, t), k, count;
  switch (next_byte(in) % 10) {
  case 0:
  case 1:
  case 2:
    add_column(q, "t", t, column);
    add_both(q, " ");
    add_both(q, ops[next_byte(in) % 10]);
    add_both(q, " ");
    break;
  case 3:
    add_param(q, in);
    add_both(q, (const char *[]){" = ", " > ", " <= ", " IS "}[next_byte(in) % 4]);
    add_column(q, "t", t, column);
    return;
  case 4:
  case 5:
    add_column(q, "t", t, column);
    add_both(q, next_byte(in) & 1 ? " NOT IN (" : " IN (");
    count = 1 + (int)(next_byte(in) % 4);
    for (k = 0; k < count; k++) {
      if (k) add_both(q, ", ");
      add_param(q, in);
    }
    add_both(q, ")");
    return;
  case 6:
    add_column(q, "t", t, column);
    add_both(q, " BETWEEN ");
    add_param(q, in);
    add_both(q, " AND ");
    add_param(q, in);
    return;
  case 7:
    add_column(q, "t", t, column);
    add_both(q, " = ");
    add_param(q, in);
    add_both(q, collations[next_byte(in) % 4]);
    return;
  case 8:
    add_column(q, "t", t, column);
    add_both(q, " IN (SELECT c FROM ref_codes WHERE c BETWEEN ");
    add_param(q, in);
    add_both(q, " AND ");
    add_param(q, in);
    add_both(q, ")");
    return;
  default:
    add_both(q, next_byte(in) & 1 ? "http_status_match(" : "NOT http_status_match(");
    add_column(q, "t", t, column);
    add_both(q, ", ");
    add_param(q, in);
    add_both(q, ")");
    return;
  }
  add_param(q, in);
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t hash_bytes(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  while (n-- > 0) h = (h ^ *p++) * 1099511628211u;
  return h;
}

/* A hash of the current row of stmt: each column's type and value. */
static uint64_t hash_row(sqlite3_stmt *stmt) {
  uint64_t h = 14695981039346656037u;
  int k;
  for (k = 0; k < sqlite3_column_count(stmt); k++) {
    int type = sqlite3_column_type(stmt, k), len;
    sqlite3_int64 i;
    double d;
    h = hash_bytes(h, &type, sizeof(type));
    switch (type) {
    case SQLITE_INTEGER:
      i = sqlite3_column_int64(stmt, k);
      h = hash_bytes(h, &i, sizeof(i));
      break;
    case SQLITE_FLOAT:
      d = sqlite3_column_double(stmt, k);
      h = hash_bytes(h, &d, sizeof(d));
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      len = sqlite3_column_bytes(stmt, k);
      h = hash_bytes(h, &len, sizeof(len));
      h = hash_bytes(h, sqlite3_column_blob(stmt, k), (size_t)len);
      break;
    default: break;
    }
  }
  return h;
}

/* Runs stmt to the end; a hash of each row goes to *rows (release it with
** free()). Returns the statement's final code. */
static int collect_rows(sqlite3_stmt *stmt, uint64_t **rows, int *count) {
  int rc, capacity = 0;
  *rows = NULL;
  *count = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (*count == capacity) {
      capacity = capacity ? capacity * 2 : 128;
      *rows = realloc(*rows, sizeof(uint64_t) * (size_t)capacity);
      if (*rows == NULL) abort();
    }
    (*rows)[(*count)++] = hash_row(stmt);
  }
  return rc;
}

static int compare_hashes(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void check_query(struct input *in) {
  const struct table_desc *t = &tables[next_byte(in) % TABLE_COUNT];
  struct query_pair q = {sqlite3_str_new(NULL), sqlite3_str_new(NULL)};
  struct value values[QUERY_VALUES];
  unsigned shape = next_byte(in);
  int join = t->has_code && (shape & 7) == 0, ordered = 0, terms, k;
  char *vtab_sql, *ref_sql;
  sqlite3_stmt *vtab_stmt, *ref_stmt;
  uint64_t *vtab_rows, *ref_rows;
  int vtab_count, ref_count, vtab_rc, ref_rc;
  char *vtab_error;

  sqlite3_str_appendf(q.vtab, "SELECT %st.rowid, t.* FROM ", join ? "a.c, " : "");
  sqlite3_str_appendf(q.ref, "SELECT %st.* FROM ", join ? "a.c, " : "");
  if (join) add_both(&q, "ref_codes AS a, ");
  sqlite3_str_appendf(q.vtab, "%s AS t WHERE 1", t->name);
  sqlite3_str_appendf(q.ref, "ref_%s AS t WHERE 1", t->name);
  if (join) {
    /* A few codes of ref_codes, each joined to the table by code. */
    char range[48];
    unsigned param = 1 + next_byte(in) % QUERY_VALUES;
    snprintf(range, sizeof(range), " AND a.c BETWEEN ?%u AND 4 + ?%u", param, param);
    add_both(&q, range);
    add_both(&q,
             (const char *[]){" AND t.code = a.c", " AND t.code > a.c", " AND t.code <= a.c + 2",
                              " AND t.code IS a.c"}[(shape >> 3) & 3]);
  }
  terms = (int)(next_byte(in) % 4);
  for (k = 0; k < terms; k++) {
    add_both(&q, k && (next_byte(in) & 15) == 0 ? " OR " : " AND ");
    add_term(&q, in, t);
  }
  if (shape & 0x20) {
    int order_terms = 1 + (int)(next_byte(in) % 2);
    ordered = 1;
    add_both(&q, " ORDER BY ");
    if (join) add_both(&q, "a.c, ");
    for (k = 0; k < order_terms; k++) {
      add_column(&q, "t", t, pick_column(in, t));
      add_both(&q, (const char *[]){"", " ASC", " DESC", " DESC NULLS FIRST"}[next_byte(in) % 4]);
      add_both(&q, ", ");
    }
    /* The rowid is unique in every table, so the order is total. */
    add_column(&q, "t", t, 0);
    if (shape & 0x40) {
      add_both(&q, " LIMIT ");
      if (shape & 0x80)
        add_param(&q, in);
      else {
        char limit[8];
        snprintf(limit, sizeof(limit), "%d", (int)(next_byte(in) % 120) - 2);
        add_both(&q, limit);
      }
      if (next_byte(in) & 1) {
        add_both(&q, " OFFSET ");
        add_param(&q, in);
      }
    }
  }
  vtab_sql = sqlite3_str_finish(q.vtab);
  ref_sql = sqlite3_str_finish(q.ref);
  if (vtab_sql == NULL || ref_sql == NULL) abort();
  for (k = 0; k < QUERY_VALUES; k++) make_value(in, &values[k]);

  vtab_stmt = prepare_or_die(vtab_sql);
  ref_stmt = prepare_or_die(ref_sql);
  for (k = 0; k < QUERY_VALUES; k++) {
    bind_value(vtab_stmt, k + 1, &values[k]);
    bind_value(ref_stmt, k + 1, &values[k]);
  }
  vtab_rc = collect_rows(vtab_stmt, &vtab_rows, &vtab_count);
  if (vtab_rc != SQLITE_DONE && strncmp(sqlite3_errmsg(db), "httpstatus: ", 12) != 0 &&
      strstr(sqlite3_errmsg(db), "mismatch") == NULL)
    fail("unexpected error", vtab_sql, sqlite3_errmsg(db));
  vtab_error = sqlite3_mprintf("%s", sqlite3_errmsg(db));
  if (vtab_error == NULL) abort();
  ref_rc = collect_rows(ref_stmt, &ref_rows, &ref_count);
  if (vtab_rc != ref_rc) {
    /* A bad pattern fails only when a row reaches http_status_match, and
    ** the two plans may test different rows: the other side may succeed. */
    const char *error = vtab_rc != SQLITE_DONE ? vtab_error : sqlite3_errmsg(db);
    if (strncmp(error, "httpstatus: bad item", 20) != 0)
      fail("the virtual table and its copy differ in error", vtab_sql, ref_sql);
    vtab_rc = SQLITE_ERROR;
  } else if (vtab_rc != SQLITE_DONE && strcmp(vtab_error, sqlite3_errmsg(db)) != 0 &&
             !(strncmp(vtab_error, "httpstatus: bad item", 20) == 0 &&
               strncmp(sqlite3_errmsg(db), "httpstatus: bad item", 20) == 0)) {
    /* With two bad patterns, each plan may meet a different one first. */
    fail("the virtual table and its copy give different errors", vtab_sql, vtab_error);
  }
  if (!ordered && vtab_count > 1)
    qsort(vtab_rows, (size_t)vtab_count, sizeof(uint64_t), compare_hashes);
  if (!ordered && ref_count > 1)
    qsort(ref_rows, (size_t)ref_count, sizeof(uint64_t), compare_hashes);
  if (vtab_rc == SQLITE_DONE) {
    if (vtab_count != ref_count)
      fail("the virtual table and its copy differ in rows", vtab_sql, ref_sql);
    for (k = 0; k < vtab_count; k++)
      if (vtab_rows[k] != ref_rows[k]) fail("rows differ", vtab_sql, ref_sql);
  }
  free(vtab_rows);
  free(ref_rows);
  sqlite3_finalize(vtab_stmt);
  sqlite3_finalize(ref_stmt);
  sqlite3_free(vtab_sql);
  sqlite3_free(ref_sql);
  sqlite3_free(vtab_error);
  for (k = 0; k < QUERY_VALUES; k++) free(values[k].owned);
}

/* ---- setup ------------------------------------------------------------ */

static void setup(void) {
  char *error = NULL;
  int k;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
  if (sqlite3_httpstatus_init(db, &error, NULL) != SQLITE_OK) fail("init failed", "", error);
  sqlite3_create_function(db, "ref_match", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                          ref_match_func, NULL, NULL);
  sqlite3_create_function(db, "ref_valid_pattern", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                          ref_valid_func, NULL, NULL);
  sqlite3_create_function(db, "ref_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, ref_key_func,
                          NULL, NULL);
  /* Plain copies: same column affinities, the rowid kept as rid. */
  for (k = 0; k < TABLE_COUNT; k++) {
    char *sql = sqlite3_mprintf(
        "CREATE TABLE IF NOT EXISTS ref_%s AS SELECT rowid AS rid, * FROM %s ORDER BY rowid",
        tables[k].name, tables[k].name);
    exec_or_die(sql);
    sqlite3_free(sql);
  }
  exec_or_die("CREATE TABLE ref_codes(c INTEGER);"
              "WITH RECURSIVE n(c) AS (SELECT 100 UNION ALL SELECT c + 1 FROM n WHERE c < 599)"
              " INSERT INTO ref_codes SELECT c FROM n;");
  for (k = 0; k < CALL_CHECKS; k++) {
    char *sql = sqlite3_mprintf("SELECT %s, %s", call_checks[k].call, call_checks[k].expected);
    call_stmts[k] = prepare_or_die(sql);
    sqlite3_free(sql);
    if (call_checks[k].error_when) {
      sql = sqlite3_mprintf("SELECT coalesce(%s, 0)", call_checks[k].error_when);
      error_stmts[k] = prepare_or_die(sql);
      sqlite3_free(sql);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct input in = {data, size};
  int operations = 0;
  if (db == NULL) setup();
  while (in.n > 0 && operations++ < 16) {
    if (next_byte(&in) & 1)
      check_query(&in);
    else
      check_call(&in);
  }
  return 0;
}
