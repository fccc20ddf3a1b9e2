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

/* ASCII-only case folding: names are ASCII, and locale must not matter. */
static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

static int same_name(const char *a, int a_len, const char *b) {
  int i;
  for (i = 0; i < a_len; i++)
    if (b[i] == '\0' || ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
      return 0;
  return b[a_len] == '\0';
}

int http_status_code_named(const char *name, int len) {
  int i;
  while (len > 0 && name[0] == ' ') name++, len--;
  while (len > 0 && name[len - 1] == ' ') len--;
  if (len == 0) return 0;
  for (i = 0; i < HTTP_STATUS_SLOTS; i++)
    if (http_status_rows[i].code != 0 &&
        same_name(name, len, http_status_name_of(&http_status_rows[i]).ptr))
      return http_status_rows[i].code;
  for (i = 0; i < http_status_alias_count; i++)
    if (same_name(name, len, http_status_aliases[i].name)) return http_status_aliases[i].code;
  for (i = 0; i < http_status_alternate_count; i++)
    if (same_name(name, len, http_status_name_of(&http_status_alternates[i]).ptr))
      return http_status_alternates[i].code;
  return 0;
}

/* RFC 9110, Section 15.1 lists the codes that are heuristically cacheable;
** RFC 7725, Section 3 adds 451. */
int http_status_is_cacheable(int code) {
  static const short cacheable[] = {200, 203, 204, 206, 300, 301, 308,
                                    404, 405, 410, 414, 451, 501};
  int i;
  for (i = 0; i < (int)(sizeof(cacheable) / sizeof(cacheable[0])); i++)
    if (cacheable[i] == code) return 1;
  return 0;
}

/* Responses that never include content: every 1xx, 204 and 304 (RFC 9110,
** Section 6.4.1). */
int http_status_is_no_content(int code) {
  return (code >= 100 && code <= 199) || code == 204 || code == 304;
}

/* Worth repeating the same request later: 408 (RFC 9110, 15.5.9: the client
** MAY repeat it), 429 (RFC 6585, 4: Retry-After), and the transient gateway and
** availability errors 502, 503, 504 (npm statuses' retry set). */
int http_status_is_retryable(int code) {
  return code == 408 || code == 429 || code == 502 || code == 503 || code == 504;
}

/* Redirects whose target the server sends in Location for the client to
** follow (RFC 9110, Sections 15.4.2-15.4.4, 15.4.8, 15.4.9). 300 only MAY
** carry one, 304 is a cache answer, 305 and 306 are no longer used. */
int http_status_is_redirect(int code) {
  return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}
