/* log_alloc.h: the one allocator of the log reader.
 *
 * Every allocation under ext/log/ goes through these three functions, the
 * decompressors' own included. Which allocator they reach is chosen when
 * the program is linked, not at run time: log_alloc_sqlite.c (SQLite's
 * sqlite3_malloc64, for the extension and for programs with SQLite built
 * in) or log_alloc_libc.c (malloc, for programs without SQLite). So the
 * reader knows no SQLite, and a library loaded into SQLite counts its
 * memory where SQLite does (sqlite3_memory_used, sqlite3_soft_heap_limit).
 *
 * Contract: log_malloc(0) may return NULL; log_realloc(NULL, n) is
 * log_malloc(n); log_free(NULL) does nothing.
 */
#ifndef LOG_ALLOC_H
#define LOG_ALLOC_H

#include <stddef.h>

void *log_malloc(size_t n);
void *log_realloc(void *p, size_t n);
void log_free(void *p);

/* log_malloc(n) with every byte zero. */
void *log_malloc_zero(size_t n);

#endif
