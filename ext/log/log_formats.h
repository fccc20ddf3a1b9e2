/* log_formats.h: the named formats users pass to http_log(path, format),
 * in the order detection tries them (most specific first), and how a
 * format argument is resolved. */
#ifndef LOG_FORMATS_H
#define LOG_FORMATS_H

#include <stddef.h>

#include "log_format.h"

extern const log_named_format log_named_formats[];
extern const int log_named_format_count;

/* The index of the named format called name, or -1. */
int log_format_find(const char *name);

/* What a format argument stands for. */
typedef struct log_format_choice {
  int detect;               /* detect the format of each file */
  int named;                /* the named format given, or -1 */
  const log_family *family; /* otherwise: the family, */
  const char *spec;         /* the spec it reads (a pointer into the argument), */
  enum log_prefix prefix;   /* and the prefix before each line */
} log_format_choice;

/* Resolves a format argument: NULL, "" or "auto" (detect); a named format;
 * "json:" and a mapping; an Apache or NGINX format string; any of these but
 * "auto" after "syslog:" or "kubectl:". Returns 0, or -1 with the reason in
 * err (an unknown name, listing the known ones). */
int log_format_resolve(const char *arg, log_format_choice *choice, char *err, size_t errsz);

#endif
