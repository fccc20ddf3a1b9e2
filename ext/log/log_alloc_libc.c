/* log_alloc_libc.c: the log reader's allocator is the C library's
 * (log_alloc.h). Linked into the programs that use the reader without
 * SQLite: the test driver, the benchmark. */
#include <stdlib.h>

#include "log_alloc.h"

void *log_malloc(size_t n) { return malloc(n); }
void *log_realloc(void *p, size_t n) { return realloc(p, n); }
void log_free(void *p) { free(p); }
void *log_malloc_zero(size_t n) { return calloc(1, n); }
