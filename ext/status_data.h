/*
** status_data.h: the compiled table of HTTP status codes and its lookups.
**
** Nothing here depends on SQLite, so the data can be built and checked on
** its own (see tools/check_data.c). status_data.c is generated from data/ by
** tools/gen_data.pl, which checks that every array is ordered as its comment
** says.
*/
#ifndef HTTPSTATUS_STATUS_DATA_H
#define HTTPSTATUS_STATUS_DATA_H

#include <stddef.h>

/* A string together with its length in bytes, so that no caller needs
** strlen() on the per-row path. */
struct http_text {
  const char *ptr;
  int len;
};

/* One meaning of one status code. */
struct http_status_row {
  int code;
  /* The status line, e.g. "404 Not Found"; the name starts at line.ptr + 4. */
  struct http_text line;
  struct http_text meaning;
  const char *source;    /* "iana", "nginx", "cloudflare", ... */
  const char *reference; /* the defining document, e.g. "RFC 9110, Section 15.5.5" */
  /* The IANA registration state: "permanent", "provisional", "unused" or
  ** "obsoleted"; NULL when the code is not registered for this meaning. */
  const char *registry;
};

/* A name a code has had, or is also known by, other than its row's name. */
struct http_status_alias {
  int code;
  const char *name;
  /* "iana" (the registry's current name), "former", "common" or "library"
  ** (a constant of a programming library, e.g. Go's StatusTeapot) */
  const char *kind;
  const char *reference; /* where the name is used or was defined */
};

/* One of the five classes, 1xx to 5xx. */
struct http_status_class {
  int digit;               /* first digit of the codes in the class, 1 to 5 */
  struct http_text name;   /* "Informational", ..., "Server Error" */
  const char *description; /* the sentence under the class heading */
};

/* A note comparing two codes that are often confused. */
struct http_status_note {
  const char *title; /* e.g. "301 vs 308" */
  int first_code;
  int second_code;
  const char *text;
};

/* A vendor or registry that defines codes, with a sentence about it. */
struct http_status_source {
  const char *name; /* as in http_status_row.source */
  const char *description;
};

/* Codes run from 100 to 599; those of class N from 100*N to 100*N + 99. */
#define HTTP_STATUS_MIN 100
#define HTTP_STATUS_MAX 599
#define HTTP_STATUS_SLOTS (HTTP_STATUS_MAX - HTTP_STATUS_MIN + 1)

/* The preferred meaning of every code, at index code - HTTP_STATUS_MIN, so a
** lookup is one array access; the slot of a code without a row has code 0.
** IANA's meaning is preferred; among vendors, the one most seen in logs. */
extern const struct http_status_row http_status_rows[HTTP_STATUS_SLOTS];

/* The other meanings vendors give to codes already in http_status_rows,
** sorted by code, then source. */
extern const struct http_status_row http_status_alternates[];
extern const int http_status_alternate_count;

/* Other names, sorted by code, then name. */
extern const struct http_status_alias http_status_aliases[];
extern const int http_status_alias_count;

/* The five classes, sorted by digit (index 0 is 1xx). */
extern const struct http_status_class http_status_classes[];
extern const int http_status_class_count;

extern const struct http_status_note http_status_notes[];
extern const int http_status_note_count;

/* Every source named by a row, sorted by name. */
extern const struct http_status_source http_status_sources[];
extern const int http_status_source_count;

/* The preferred row for code, or NULL when the table has no such code. O(1). */
const struct http_status_row *http_status_find(long long code);

/* The row for code as the given source defines it, or NULL. */
const struct http_status_row *http_status_find_in_source(long long code, const char *source);

/* The class of any code from 100 to 599 by its first digit (RFC 9110,
** Section 15), or NULL outside that range. */
const struct http_status_class *http_status_class_of(long long code);

/* The source named name (exact match), or NULL. */
const struct http_status_source *http_status_source_named(const char *name);

/* The flag columns, one bit each in http_status_flags. */
#define HTTP_STATUS_FLAG_CACHEABLE 1  /* RFC 9110 15.1, RFC 7725 3 */
#define HTTP_STATUS_FLAG_NO_CONTENT 2 /* RFC 9110 6.4.1 */
#define HTTP_STATUS_FLAG_RETRYABLE 4  /* 408 429 502 503 504 */
#define HTTP_STATUS_FLAG_REDIRECT 8   /* RFC 9110 15.4: sends Location */

/* The flags of every code with a row, at index code - HTTP_STATUS_MIN. */
extern const unsigned char http_status_flags[HTTP_STATUS_SLOTS];

/* A name's lookup key (see http_status_code_named) and its code. */
struct http_status_key {
  const char *key;
  int code;
};

/* The longest key; keys are at most this many bytes. */
#define HTTP_STATUS_KEY_MAX 64

/* The key of every row name, alias and alternate name, sorted by key (byte
** order). When two names share a key, rows come first, then aliases, then
** alternates, and codes in increasing order. */
extern const struct http_status_key http_status_keys[];
extern const int http_status_key_count;

/* The code named name[0..len-1], or 0. The name is compared by its key:
** ASCII letters folded to lower case, and spaces, '_', '-' and apostrophes
** (' and U+2019) dropped, so 'Not Found', 'NOT_FOUND' and 'not-found' are
** one name. When the key names nothing and starts with "status" or "http",
** the rest is tried ('StatusNotFound', 'HTTP_NOT_FOUND'). O(log n), no
** allocation. */
int http_status_code_named(const char *name, int len);

/* The flag sets, as 1 or 0, for a code with a row (0 for others). */
int http_status_is_cacheable(int code);
int http_status_is_no_content(int code);
int http_status_is_retryable(int code);
int http_status_is_redirect(int code);

/* The name of a row: its status line without the code and the space. */
static inline struct http_text http_status_name_of(const struct http_status_row *row) {
  struct http_text name = {row->line.ptr + 4, row->line.len - 4};
  return name;
}

#endif
