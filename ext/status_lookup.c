/*
** status_lookup.c: lookups over the compiled tables in status_data.c.
** No SQLite types, no allocation.
*/
#include "status_data.h"

#include <string.h>

const struct http_status_row *http_status_find(long long code) {
  const struct http_status_row *row;
  if (code < HTTP_STATUS_MIN || code > HTTP_STATUS_MAX) return NULL;
  row = &http_status_rows[code - HTTP_STATUS_MIN];
  return row->code != 0 ? row : NULL;
}

const struct http_status_row *http_status_find_in_source(long long code, const char *source) {
  const struct http_status_row *row = http_status_find(code);
  int i;
  if (row == NULL) return NULL;
  if (strcmp(row->source, source) == 0) return row;
  for (i = 0; i < http_status_alternate_count; i++) {
    const struct http_status_row *alt = &http_status_alternates[i];
    if (alt->code == code && strcmp(alt->source, source) == 0) return alt;
  }
  return NULL;
}

const struct http_status_class *http_status_class_of(long long code) {
  if (code < HTTP_STATUS_MIN || code > HTTP_STATUS_MAX) return NULL;
  return &http_status_classes[code / 100 - 1];
}

const struct http_status_source *http_status_source_named(const char *name) {
  int i;
  for (i = 0; i < http_status_source_count; i++)
    if (strcmp(http_status_sources[i].name, name) == 0) return &http_status_sources[i];
  return NULL;
}

/* The key of name[0..len-1] into key (HTTP_STATUS_KEY_MAX + 1 bytes): ASCII
** letters folded to lower case (locale must not matter), spaces, '_', '-',
** ' and U+2019 dropped. Returns its length, or -1 when no key can match: it
** is longer than any key, or holds a NUL. */
static int name_key(const char *name, int len, char *key) {
  int i, n = 0;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c == ' ' || c == '_' || c == '-' || c == '\'') continue;
    if (c == 0xE2 && i + 2 < len && (unsigned char)name[i + 1] == 0x80 &&
        (unsigned char)name[i + 2] == 0x99) {
      i += 2;
      continue;
    }
    if (c == '\0' || n == HTTP_STATUS_KEY_MAX) return -1;
    key[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  key[n] = '\0';
  return n;
}

/* The code of key in http_status_keys by binary search, or 0. */
static int code_of_key(const char *key) {
  int low = 0, high = http_status_key_count - 1;
  while (low <= high) {
    int mid = low + (high - low) / 2;
    int cmp = strcmp(key, http_status_keys[mid].key);
    if (cmp == 0) return http_status_keys[mid].code;
    if (cmp < 0)
      high = mid - 1;
    else
      low = mid + 1;
  }
  return 0;
}

int http_status_code_named(const char *name, int len) {
  char key[HTTP_STATUS_KEY_MAX + 1];
  int code, n = name_key(name, len, key);
  if (n <= 0) return 0;
  code = code_of_key(key);
  if (code == 0 && n > 6 && memcmp(key, "status", 6) == 0) code = code_of_key(key + 6);
  if (code == 0 && n > 4 && memcmp(key, "http", 4) == 0) code = code_of_key(key + 4);
  return code;
}

/* The flags of code's row; 0 outside 100..599 and for codes without a row. */
static int flags_of(int code) {
  return code >= HTTP_STATUS_MIN && code <= HTTP_STATUS_MAX
             ? http_status_flags[code - HTTP_STATUS_MIN]
             : 0;
}

int http_status_is_cacheable(int code) {
  return (flags_of(code) & HTTP_STATUS_FLAG_CACHEABLE) != 0;
}
int http_status_is_no_content(int code) {
  return (flags_of(code) & HTTP_STATUS_FLAG_NO_CONTENT) != 0;
}
int http_status_is_retryable(int code) {
  return (flags_of(code) & HTTP_STATUS_FLAG_RETRYABLE) != 0;
}
int http_status_is_redirect(int code) { return (flags_of(code) & HTTP_STATUS_FLAG_REDIRECT) != 0; }
