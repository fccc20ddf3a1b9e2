/*
** status_pattern.c: compiling status patterns into a bit set.
*/
#include "status_pattern.h"

#include "status_value.h"

#include <sqlite3ext.h>
#include <string.h>

SQLITE_EXTENSION_INIT3

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Reads exactly three digits at s[0..2] as a code from 100 to 599. */
static int parse_code(const char *s, int len, int *code) {
  if (len != 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2])) return 0;
  *code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  return *code >= HTTP_STATUS_MIN && *code <= HTTP_STATUS_MAX;
}

/* Reads one item, already trimmed, as the inclusive range [*first, *last]. */
static int parse_item(const char *s, int len, int *first, int *last) {
  const char *dash;
  if (len <= 0) return 0;
  dash = memchr(s, '-', (size_t)len);
  if (len == 3 && s[0] >= '1' && s[0] <= '5' && (s[1] == 'x' || s[1] == 'X') &&
      (s[2] == 'x' || s[2] == 'X')) {
    *first = (s[0] - '0') * 100;
    *last = *first + 99;
    return 1;
  }
  if (dash == NULL) {
    if (!parse_code(s, len, first)) return 0;
    *last = *first;
    return 1;
  }
  {
    int left = (int)(dash - s), right = len - left - 1;
    const char *after = dash + 1;
    while (left > 0 && is_space(s[left - 1])) left--;
    while (right > 0 && is_space(*after)) after++, right--;
    return parse_code(s, left, first) && parse_code(after, right, last) && *first <= *last;
  }
}

struct http_status_pattern *http_status_pattern_compile(const char *text, int len, char **error) {
  struct http_status_pattern *pattern = sqlite3_malloc(sizeof(*pattern));
  int start = 0;
  *error = NULL;
  if (pattern == NULL) return NULL;
  memset(pattern, 0, sizeof(*pattern));
  for (;;) {
    int end = start, first, last, code;
    const char *item;
    int item_len;
    while (end < len && text[end] != ',') end++;
    item = text + start;
    item_len = end - start;
    while (item_len > 0 && is_space(item[0])) item++, item_len--;
    while (item_len > 0 && is_space(item[item_len - 1])) item_len--;
    if (!parse_item(item, item_len, &first, &last)) {
      int item_quoted = http_status_quote_length(item, item_len, 40);
      int text_quoted = http_status_quote_length(text, len, 80);
      *error = sqlite3_mprintf("httpstatus: bad item '%.*s%s' in status pattern '%.*s%s': "
                               "expected a code (404), a class (5xx) or a range (400-499), from "
                               "100 to 599, separated by commas",
                               item_quoted, item, item_quoted < item_len ? "..." : "", text_quoted,
                               text, text_quoted < len ? "..." : "");
      sqlite3_free(pattern);
      return NULL;
    }
    for (code = first; code <= last; code++) {
      int bit = code - HTTP_STATUS_MIN;
      pattern->bits[bit / 8] |= (unsigned char)(1u << (bit % 8));
    }
    if (end >= len) break;
    start = end + 1;
  }
  return pattern;
}
