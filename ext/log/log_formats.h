/* log_formats.h: the named formats users pass to http_log(path, format),
 * in the order detection tries them (most specific first). */
#ifndef LOG_FORMATS_H
#define LOG_FORMATS_H

#include "log_format.h"

extern const log_named_format log_named_formats[];
extern const int log_named_format_count;

/* The index of the named format called name, or -1. */
int log_format_find(const char *name);

#endif
