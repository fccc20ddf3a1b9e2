/* log_alloc_sqlite.c: the log reader's allocator is SQLite's (log_alloc.h).
 * Linked into httplog and into programs that build SQLite in. */
#include <sqlite3ext.h>
#include <string.h>

#include "log_alloc.h"

SQLITE_EXTENSION_INIT3

void *log_malloc(size_t n) { return sqlite3_malloc64(n); }
void *log_realloc(void *p, size_t n) { return sqlite3_realloc64(p, n); }
void log_free(void *p) { sqlite3_free(p); }

void *log_malloc_zero(size_t n) {
  void *p = sqlite3_malloc64(n);
  if (p) memset(p, 0, n);
  return p;
}
