/*
** check_data.c: checks the compiled status data (ext/status_data.c) and its
** lookups (ext/status_lookup.c) on their own, without SQLite, and prints the
** results as TAP. tests/data.t runs it; `make tools/check_data` builds it.
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

/* Equal ignoring ASCII case. */
static int same_ignoring_case(const char *a, const char *b) {
  while (*a && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) a++, b++;
  return *a == '\0' && *b == '\0';
}

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

static int source_listed(const char *name) {
  int i;
  for (i = 0; i < http_status_source_count; i++)
    if (strcmp(http_status_sources[i].name, name) == 0) return 1;
  return 0;
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

static void alternates_sorted(void) {
  int i;
  for (i = 1; i < http_status_alternate_count; i++) {
    const struct http_status_row *a = &http_status_alternates[i - 1],
                                 *b = &http_status_alternates[i];
    if (a->code > b->code || (a->code == b->code && strcmp(a->source, b->source) >= 0))
      problem("alternates %d and %d: (%d, %s) then (%d, %s)", i - 1, i, a->code, a->source, b->code,
              b->source);
  }
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

static void code_source_unique(void) {
  int i, j;
  for (i = 0; i < all_count(); i++)
    for (j = i + 1; j < all_count(); j++)
      if (all_row(i)->code == all_row(j)->code && all_row(i)->source != NULL &&
          all_row(j)->source != NULL && strcmp(all_row(i)->source, all_row(j)->source) == 0)
        problem("(%d, %s) twice: %s %d and %s %d", all_row(i)->code, all_row(i)->source, kind_of(i),
                i, kind_of(j), j);
}

static void texts_nonempty(void) {
  int i;
  for (i = 0; i < all_count(); i++) {
    const struct http_status_row *row = all_row(i);
    if (row->line.ptr == NULL || row->line.len <= 4 || row->line.ptr[4] == '\0' ||
        row->line.ptr[4] == ' ')
      problem("%s %d (code %d): empty or blank-led name", kind_of(i), i, row->code);
    if (row->meaning.ptr == NULL || row->meaning.len <= 0 || !nonempty(row->meaning.ptr))
      problem("%s %d (code %d): empty meaning", kind_of(i), i, row->code);
    if (!nonempty(row->source)) problem("%s %d (code %d): empty source", kind_of(i), i, row->code);
    if (!nonempty(row->reference))
      problem("%s %d (code %d): empty reference", kind_of(i), i, row->code);
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

static void registry_states(void) {
  static const char *const states[] = {"permanent", "provisional", "unused", "obsoleted"};
  int i, k;
  for (i = 0; i < all_count(); i++) {
    const struct http_status_row *row = all_row(i);
    int iana = row->source != NULL && strcmp(row->source, "iana") == 0, known = 0;
    if (!iana) {
      if (row->registry != NULL)
        problem("%s %d (code %d, %s): registry \"%s\", expected NULL", kind_of(i), i, row->code,
                row->source, row->registry);
      continue;
    }
    for (k = 0; k < 4; k++)
      if (row->registry != NULL && strcmp(row->registry, states[k]) == 0) known = 1;
    if (!known)
      problem("%s %d (code %d): iana row with registry \"%s\"", kind_of(i), i, row->code,
              row->registry ? row->registry : "(NULL)");
  }
}

static void sources_sorted(void) {
  int i;
  if (http_status_source_count < 1) problem("http_status_sources is empty");
  for (i = 0; i < http_status_source_count; i++) {
    if (!nonempty(http_status_sources[i].name) || !nonempty(http_status_sources[i].description))
      problem("source %d: empty name or description", i);
    else if (i > 0 && strcmp(http_status_sources[i - 1].name, http_status_sources[i].name) >= 0)
      problem("sources %d and %d: \"%s\" then \"%s\"", i - 1, i, http_status_sources[i - 1].name,
              http_status_sources[i].name);
  }
}

static void used_sources_listed(void) {
  int i;
  for (i = 0; i < all_count(); i++)
    if (all_row(i)->source != NULL && !source_listed(all_row(i)->source))
      problem("%s %d (code %d): source \"%s\" is not in http_status_sources", kind_of(i), i,
              all_row(i)->code, all_row(i)->source);
}

static void listed_sources_used(void) {
  int i, k;
  for (k = 0; k < http_status_source_count; k++) {
    int used = 0;
    for (i = 0; i < all_count() && !used; i++)
      used = all_row(i)->source != NULL &&
             strcmp(all_row(i)->source, http_status_sources[k].name) == 0;
    if (!used) problem("source \"%s\" names no row", http_status_sources[k].name);
  }
}

static void aliases_sorted(void) {
  int i;
  for (i = 1; i < http_status_alias_count; i++) {
    const struct http_status_alias *a = &http_status_aliases[i - 1], *b = &http_status_aliases[i];
    if (a->code > b->code || (a->code == b->code && strcmp(a->name, b->name) >= 0))
      problem("aliases %d and %d: (%d, \"%s\") then (%d, \"%s\")", i - 1, i, a->code, a->name,
              b->code, b->name);
  }
}

static void aliases_valid(void) {
  static const char *const kinds[] = {"iana", "former", "common"};
  int i, k;
  for (i = 0; i < http_status_alias_count; i++) {
    const struct http_status_alias *alias = &http_status_aliases[i];
    int known = 0;
    if (row_index(alias->code) < 0) problem("alias %d: no row for code %d", i, alias->code);
    if (!nonempty(alias->name) || alias->name[0] == ' ' ||
        alias->name[strlen(alias->name) - 1] == ' ')
      problem("alias %d (code %d): empty or space-edged name", i, alias->code);
    if (!nonempty(alias->reference)) problem("alias %d (code %d): empty reference", i, alias->code);
    for (k = 0; k < 3; k++)
      if (alias->kind != NULL && strcmp(alias->kind, kinds[k]) == 0) known = 1;
    if (!known)
      problem("alias %d (code %d): kind \"%s\"", i, alias->code,
              alias->kind ? alias->kind : "(NULL)");
  }
}

/*
** No alias may read, ignoring ASCII case, like a row's name, of its own code
** (it would repeat it) or of another (reverse lookup would be ambiguous).
** The one allowed case: the registry's placeholder "(Unused)", which is the
** name of 306 and the registry's current name of 418 (whose row keeps the
** seed's "I'm a teapot"); it names no status, and reverse lookup gives 306.
*/
static void aliases_distinct_from_names(void) {
  int i, r;
  for (i = 0; i < http_status_alias_count; i++) {
    const struct http_status_alias *alias = &http_status_aliases[i];
    for (r = 0; r < row_count; r++) {
      const struct http_status_row *row = rows[r];
      if (!same_ignoring_case(alias->name, name_of(row))) continue;
      if (strcmp(alias->name, "(Unused)") == 0 && alias->code == 418 && row->code == 306) continue;
      problem("alias \"%s\" of %d reads like the name of %d", alias->name, alias->code, row->code);
    }
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

static void notes_valid(void) {
  int i;
  if (http_status_note_count < 1) problem("no notes");
  for (i = 0; i < http_status_note_count; i++) {
    const struct http_status_note *note = &http_status_notes[i];
    char title[32];
    if (row_index(note->first_code) < 0) problem("note %d: no row for %d", i, note->first_code);
    if (row_index(note->second_code) < 0) problem("note %d: no row for %d", i, note->second_code);
    snprintf(title, sizeof(title), "%d vs %d", note->first_code, note->second_code);
    if (note->title == NULL || strcmp(note->title, title) != 0)
      problem("note %d: title \"%s\", expected \"%s\"", i, note->title ? note->title : "", title);
    if (!nonempty(note->text)) problem("note %d: empty text", i);
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

/* What http_status_code_named must answer for text, by a linear search in
** the documented order: row names, then aliases, then alternates. */
static int expected_code_named(const char *text) {
  int i;
  for (i = 0; i < row_count; i++)
    if (same_ignoring_case(text, name_of(rows[i]))) return rows[i]->code;
  for (i = 0; i < http_status_alias_count; i++)
    if (same_ignoring_case(text, http_status_aliases[i].name)) return http_status_aliases[i].code;
  for (i = 0; i < http_status_alternate_count; i++)
    if (same_ignoring_case(text, name_of(&http_status_alternates[i])))
      return http_status_alternates[i].code;
  return 0;
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
  try_name("Content Too Large", 413);
  try_name("Request Entity Too Large", 413);
  try_name("Payload Too Large", 413);
  try_name("Unprocessable Entity", 422);
  try_name("Not Foun", 0);
  try_name("Not Found.", 0);
  try_name("NotFound", 0);
  try_name("404", 0);
  try_name("", 0);
  try_name("   ", 0);
  /* Only len bytes count: the rest of the buffer is not part of the name. */
  if (http_status_code_named("Not Found, really", 9) != 404) problem("code_named ignores len");
  if (http_status_code_named("Not Found", 8) != 0) problem("code_named reads past len");
  if (http_status_code_named("Not Found", 0) != 0) problem("code_named(\"\", 0) is not 0");
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
    {"alternates are sorted by code, then source", alternates_sorted},
    {"every alternate has a row of its code from another source", alternates_have_rows},
    {"(code, source) is unique across rows and alternates", code_source_unique},
    {"names, meanings, sources and references are non-empty", texts_nonempty},
    {"line is \"<code> <name>\", lengths equal strlen", lines_match_codes},
    {"registry is a known state for iana, NULL otherwise", registry_states},
    {"sources are sorted, unique, described", sources_sorted},
    {"every source used is listed", used_sources_listed},
    {"every source listed is used", listed_sources_used},
    {"aliases are sorted by code, then name", aliases_sorted},
    {"aliases name existing codes, with known kinds and references", aliases_valid},
    {"no alias reads like a row's name", aliases_distinct_from_names},
    {"classes are 1..5 with their exact names", classes_exact},
    {"notes name existing codes and match their titles", notes_valid},
    {"http_status_find on every code and on edges", find_boundaries},
    {"http_status_class_of by first digit, NULL outside 100..599", class_of_boundaries},
    {"http_status_code_named: case, spaces, aliases, length", code_named_answers},
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
