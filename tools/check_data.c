/*
** check_data.c: checks the compiled status data (ext/status_data.c) and its
** lookups (ext/status_lookup.c) on their own, without SQLite, and prints the
** results as TAP. tests/data.t runs it; `make .build/check_data` builds it.
**
** Every check is one TAP test. A failing check prints what was wrong as TAP
** comments ("# ...") before its "not ok" line.
*/
#include "status_data.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Problems found by the check that is running. */
static int problems;

/* Reports one problem of the running check; only the first few are printed. */
static void problem(const char *format, ...) {
  va_list args;
  if (++problems > 10) return;
  fputs("# ", stdout);
  va_start(args, format);
  vprintf(format, args);
  va_end(args);
  fputc('\n', stdout);
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* The name of a row as a NUL-terminated string (it ends the status line). */
static const char *name_of(const struct http_status_row *row) {
  return http_status_name_of(row).ptr;
}

/* The used slots of http_status_rows, in slot order; filled by main(). */
static const struct http_status_row *rows[HTTP_STATUS_SLOTS];
static int row_count;

static void collect_rows(void) {
  int i;
  for (i = 0; i < HTTP_STATUS_SLOTS; i++)
    if (http_status_rows[i].code != 0) rows[row_count++] = &http_status_rows[i];
}

/* Rows and alternates, seen as one list: index i < row_count is a row. */
static int all_count(void) { return row_count + http_status_alternate_count; }
static const struct http_status_row *all_row(int i) {
  return i < row_count ? rows[i] : &http_status_alternates[i - row_count];
}
static const char *kind_of(int i) { return i < row_count ? "row" : "alternate"; }

/* The row index of code by a linear search, or -1. */
static int row_index(long long code) {
  int i;
  for (i = 0; i < row_count; i++)
    if (rows[i]->code == code) return i;
  return -1;
}

static int nonempty(const char *s) { return s != NULL && s[0] != '\0'; }

/* ---- the arrays ------------------------------------------------------- */

static void rows_sorted(void) {
  int i;
  if (row_count < 1) problem("http_status_rows is empty");
  for (i = 0; i < HTTP_STATUS_SLOTS; i++)
    if (http_status_rows[i].code != 0 && http_status_rows[i].code != HTTP_STATUS_MIN + i)
      problem("slot %d holds code %d", i, http_status_rows[i].code);
  for (i = 1; i < row_count; i++)
    if (rows[i - 1]->code >= rows[i]->code)
      problem("rows %d and %d: codes %d then %d", i - 1, i, rows[i - 1]->code, rows[i]->code);
}

static void rows_in_range(void) {
  int i;
  for (i = 0; i < row_count; i++)
    if (rows[i]->code < 100 || rows[i]->code > 599)
      problem("row %d: code %d is outside 100..599", i, rows[i]->code);
}

static void alternates_have_rows(void) {
  int i;
  for (i = 0; i < http_status_alternate_count; i++) {
    const struct http_status_row *alt = &http_status_alternates[i];
    int r = row_index(alt->code);
    if (r < 0)
      problem("alternate %d (%s): no row for the code", alt->code, alt->source);
    else if (strcmp(rows[r]->source, alt->source) == 0)
      problem("alternate %d (%s): same source as the row", alt->code, alt->source);
  }
}

static void lines_match_codes(void) {
  int i;
  for (i = 0; i < all_count(); i++) {
    const struct http_status_row *row = all_row(i);
    char prefix[16];
    snprintf(prefix, sizeof(prefix), "%d ", row->code);
    if (row->line.ptr == NULL || strncmp(row->line.ptr, prefix, strlen(prefix)) != 0 ||
        strlen(prefix) != 4)
      problem("%s %d: line does not start with \"%s\"", kind_of(i), i, prefix);
    else if ((size_t)row->line.len != strlen(row->line.ptr))
      problem("%s %d (code %d): line.len %d, strlen %zu", kind_of(i), i, row->code, row->line.len,
              strlen(row->line.ptr));
    if (row->meaning.ptr != NULL && (size_t)row->meaning.len != strlen(row->meaning.ptr))
      problem("%s %d (code %d): meaning.len %d, strlen %zu", kind_of(i), i, row->code,
              row->meaning.len, strlen(row->meaning.ptr));
    if (row->line.ptr != NULL && row->line.len > 4 &&
        http_status_name_of(row).len != (int)strlen(name_of(row)))
      problem("%s %d (code %d): name length is wrong", kind_of(i), i, row->code);
  }
}

static void classes_exact(void) {
  static const char *const names[] = {"Informational", "Success", "Redirection", "Client Error",
                                      "Server Error"};
  int i;
  if (http_status_class_count != 5) problem("%d classes, expected 5", http_status_class_count);
  for (i = 0; i < http_status_class_count && i < 5; i++) {
    const struct http_status_class *cls = &http_status_classes[i];
    if (cls->digit != i + 1) problem("class %d has digit %d", i, cls->digit);
    if (cls->name.ptr == NULL || strcmp(cls->name.ptr, names[i]) != 0 ||
        (size_t)cls->name.len != strlen(names[i]))
      problem("class %d is \"%s\" (len %d), expected \"%s\"", i, cls->name.ptr ? cls->name.ptr : "",
              cls->name.len, names[i]);
    if (!nonempty(cls->description)) problem("class %d has no description", i);
  }
}

/* ---- the lookups ------------------------------------------------------ */

/* Values outside 100..599 that a careless lookup could take for a code: the
** edges, negatives, and numbers whose low 32 bits are a code. */
static const long long non_codes[] = {
    LLONG_MIN,          -4294966892LL,          -404,      -1, 0, 1, 99, 600, 601, 999, 1000,
    4294967296LL + 404, 4294967296LL * 2 + 100, LLONG_MAX,
};
#define NON_CODE_COUNT ((int)(sizeof(non_codes) / sizeof(non_codes[0])))

static void find_boundaries(void) {
  long long code;
  int i;
  for (i = 0; i < NON_CODE_COUNT; i++)
    if (http_status_find(non_codes[i]) != NULL) problem("find(%lld) is not NULL", non_codes[i]);
  for (code = 100; code <= 599; code++) {
    int r = row_index(code);
    const struct http_status_row *found = http_status_find(code);
    if (r < 0 && found != NULL) problem("find(%lld) found code %d", code, found->code);
    if (r >= 0 && found != rows[r]) problem("find(%lld) missed row %d", code, r);
  }
  /* The edges themselves, as this table has them. */
  if ((http_status_find(100) != NULL) != (row_index(100) >= 0)) problem("find(100)");
  if ((http_status_find(599) != NULL) != (row_index(599) >= 0)) problem("find(599)");
}

/* The first index whose code is >= code, by a linear search. */
static void class_of_boundaries(void) {
  long long code;
  int i;
  for (i = 0; i < NON_CODE_COUNT; i++)
    if (http_status_class_of(non_codes[i]) != NULL)
      problem("class_of(%lld) is not NULL", non_codes[i]);
  for (code = 100; code <= 599; code++) {
    const struct http_status_class *cls = http_status_class_of(code);
    if (cls == NULL || cls->digit != code / 100)
      problem("class_of(%lld) has digit %d", code, cls ? cls->digit : -1);
  }
}

/* Whether a and b are one name for reverse lookup, compared character by
** character: ASCII case folded, and space, '_', '-', apostrophe and U+2019
** skipped. */
static int is_ignored(const char *s) {
  return *s == ' ' || *s == '_' || *s == '-' || *s == '\'' || strncmp(s, "\xE2\x80\x99", 3) == 0;
}
static const char *skip_ignored(const char *s) {
  while (is_ignored(s)) s += (unsigned char)*s == 0xE2 ? 3 : 1;
  return s;
}
static int same_name(const char *a, const char *b) {
  for (;;) {
    a = skip_ignored(a);
    b = skip_ignored(b);
    if (*a == '\0' || *b == '\0') return *a == *b;
    if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b)) return 0;
    a++, b++;
  }
}

/* What http_status_code_named must answer for text, by a linear search in
** the documented order (row names, then aliases, then alternates). */
static int code_named_linearly(const char *text) {
  int i;
  for (i = 0; i < row_count; i++)
    if (same_name(text, name_of(rows[i]))) return rows[i]->code;
  for (i = 0; i < http_status_alias_count; i++)
    if (same_name(text, http_status_aliases[i].name)) return http_status_aliases[i].code;
  for (i = 0; i < http_status_alternate_count; i++)
    if (same_name(text, name_of(&http_status_alternates[i]))) return http_status_alternates[i].code;
  return 0;
}

/* The same, trying text without a "status" or "http" prefix when text
** itself names nothing. */
static int expected_code_named(const char *text) {
  static const char *const prefixes[] = {"status", "http"};
  int code = code_named_linearly(text), p;
  for (p = 0; p < 2 && code == 0; p++) {
    const char *rest = skip_ignored(text);
    const char *prefix = prefixes[p];
    while (*prefix && ascii_lower((unsigned char)*rest) == *prefix)
      rest = skip_ignored(rest + 1), prefix++;
    if (*prefix == '\0' && *rest != '\0') code = code_named_linearly(rest);
  }
  return code;
}

/* Asks code_named for name as written, upper-cased, and padded with spaces. */
static void try_name(const char *name, int expected) {
  char buffer[256];
  int len = (int)strlen(name), i, got;
  got = http_status_code_named(name, len);
  if (got != expected) problem("code_named(\"%s\") is %d, expected %d", name, got, expected);
  if (len + 5 > (int)sizeof(buffer)) return;
  for (i = 0; i <= len; i++)
    buffer[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - ('a' - 'A') : name[i]);
  got = http_status_code_named(buffer, len);
  if (got != expected) problem("code_named(\"%s\") is %d, expected %d", buffer, got, expected);
  snprintf(buffer, sizeof(buffer), "  %s ", name);
  got = http_status_code_named(buffer, len + 3);
  if (got != expected) problem("code_named(\"%s\") is %d, expected %d", buffer, got, expected);
}

static void code_named_answers(void) {
  int i;
  /* A name reaches its own code unless an earlier name reads the same. */
  for (i = 0; i < row_count; i++) {
    const char *name = name_of(rows[i]);
    try_name(name, expected_code_named(name));
    if (expected_code_named(name) == 0) problem("row name \"%s\" is not found", name);
  }
  for (i = 0; i < http_status_alias_count; i++) {
    try_name(http_status_aliases[i].name, expected_code_named(http_status_aliases[i].name));
    if (expected_code_named(http_status_aliases[i].name) == 0) problem("alias not found");
  }
  for (i = 0; i < http_status_alternate_count; i++)
    try_name(name_of(&http_status_alternates[i]),
             expected_code_named(name_of(&http_status_alternates[i])));
  /* Facts that do not depend on the search order above. */
  try_name("Not Found", 404);
  try_name("not found", 404);
  try_name("NOT_FOUND", 404);
  try_name("NotFound", 404);
  try_name("not-found", 404);
  try_name("Not  Found", 404);
  try_name("StatusNotFound", 404);
  try_name("HTTP_NOT_FOUND", 404);
  try_name("I\xE2\x80\x99m a teapot", 418);
  try_name("Content Too Large", 413);
  try_name("Request Entity Too Large", 413);
  try_name("Payload Too Large", 413);
  try_name("Unprocessable Entity", 422);
  try_name("Not Foun", 0);
  try_name("Not Found.", 0);
  try_name("Not\tFound", 0);
  try_name("StatusStatusNotFound", 0);
  try_name("Status", 0);
  try_name("HTTP", 0);
  try_name("404", 0);
  try_name("", 0);
  try_name("   ", 0);
  try_name("_-' ", 0);
  /* Only len bytes count: the rest of the buffer is not part of the name. */
  if (http_status_code_named("Not Found, really", 9) != 404) problem("code_named ignores len");
  if (http_status_code_named("Not Found", 8) != 0) problem("code_named reads past len");
  if (http_status_code_named("Not Found", 0) != 0) problem("code_named(\"\", 0) is not 0");
  /* A NUL inside the name is part of it, so nothing matches. */
  if (http_status_code_named("Not\0Found", 9) != 0) problem("code_named stops at a NUL");
}

/* The keys are sorted strictly (binary search needs it), fit the buffer,
** and each gives the code that a linear search over the names gives. */
static void keys_sorted(void) {
  int i;
  for (i = 0; i < http_status_key_count; i++) {
    const struct http_status_key *key = &http_status_keys[i];
    if (i > 0 && strcmp(http_status_keys[i - 1].key, key->key) >= 0)
      problem("key \"%s\" is not after \"%s\"", key->key, http_status_keys[i - 1].key);
    if (strlen(key->key) > HTTP_STATUS_KEY_MAX) problem("key \"%s\" is too long", key->key);
    if (code_named_linearly(key->key) != key->code)
      problem("key \"%s\" has code %d, the names give %d", key->key, key->code,
              code_named_linearly(key->key));
  }
}

/* Flags sit only in the slots of codes with a row, and use the four bits. */
static void flags_on_rows(void) {
  int i;
  for (i = 0; i < HTTP_STATUS_SLOTS; i++) {
    if (http_status_flags[i] & ~0x0F) problem("slot %d: unknown flag bits", i);
    if (http_status_flags[i] && http_status_rows[i].code == 0)
      problem("code %d has flags but no row", i + HTTP_STATUS_MIN);
  }
}

static void find_in_source_answers(void) {
  int i, k;
  for (i = 0; i < all_count(); i++) {
    const struct http_status_row *row = all_row(i);
    if (http_status_find_in_source(row->code, row->source) != row)
      problem("find_in_source(%d, %s) misses %s %d", row->code, row->source, kind_of(i), i);
  }
  /* Every other (code, source) pair, for every code 100..599, has no row. */
  for (k = 0; k < http_status_source_count; k++) {
    const char *source = http_status_sources[k].name;
    long long code;
    for (code = 100; code <= 599; code++) {
      int expected = 0;
      for (i = 0; i < all_count(); i++)
        if (all_row(i)->code == code && strcmp(all_row(i)->source, source) == 0) expected = 1;
      if ((http_status_find_in_source(code, source) != NULL) != expected)
        problem("find_in_source(%lld, %s) should be %s", code, source, expected ? "a row" : "NULL");
    }
    for (i = 0; i < NON_CODE_COUNT; i++)
      if (http_status_find_in_source(non_codes[i], source) != NULL)
        problem("find_in_source(%lld, %s) is not NULL", non_codes[i], source);
  }
  if (http_status_find_in_source(404, "IANA") != NULL) problem("source names are case-blind");
  if (http_status_find_in_source(404, "") != NULL) problem("find_in_source(404, \"\")");
  if (http_status_find_in_source(404, "no-such-source") != NULL) problem("unknown source found");
}

static void source_named_answers(void) {
  int k;
  for (k = 0; k < http_status_source_count; k++)
    if (http_status_source_named(http_status_sources[k].name) != &http_status_sources[k])
      problem("source_named(\"%s\") misses it", http_status_sources[k].name);
  if (http_status_source_named("IANA") != NULL) problem("source_named(\"IANA\") is not NULL");
  if (http_status_source_named("") != NULL) problem("source_named(\"\") is not NULL");
  if (http_status_source_named("iana ") != NULL) problem("source_named(\"iana \") is not NULL");
}

/* ---- the runner ------------------------------------------------------- */

static const struct {
  const char *name;
  void (*run)(void);
} checks[] = {
    {"each row sits in its code's slot; codes sorted and unique", rows_sorted},
    {"row codes are within 100..599", rows_in_range},
    {"every alternate has a row of its code from another source", alternates_have_rows},
    {"line is \"<code> <name>\", lengths equal strlen", lines_match_codes},
    {"classes are 1..5 with their exact names", classes_exact},
    {"http_status_find on every code and on edges", find_boundaries},
    {"http_status_class_of by first digit, NULL outside 100..599", class_of_boundaries},
    {"http_status_code_named: case, separators, prefixes, aliases, length", code_named_answers},
    {"reverse lookup keys are sorted and give the right codes", keys_sorted},
    {"flags only on codes with a row", flags_on_rows},
    {"http_status_find_in_source on every code and source", find_in_source_answers},
    {"http_status_source_named is exact", source_named_answers},
};

int main(void) {
  int count = (int)(sizeof(checks) / sizeof(checks[0])), i, failed = 0;
  collect_rows();
  printf("1..%d\n", count);
  for (i = 0; i < count; i++) {
    problems = 0;
    checks[i].run();
    if (problems > 10) printf("# ... and %d more\n", problems - 10);
    printf("%s %d - %s\n", problems ? "not ok" : "ok", i + 1, checks[i].name);
    if (problems) failed++;
  }
  return failed ? 1 : 0;
}
