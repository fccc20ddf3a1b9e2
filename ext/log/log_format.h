/* log_format.h: how http_log() reads a line in a given format.
 *
 * Formats are data where they can be: a named format ("combined",
 * "vhost_combined", "w3c", "alb", ...) is an entry of the table in
 * log_formats.c that names its family and, for text formats, the format
 * string it stands for. A family is one parser (log_format_text.c for
 * Apache LogFormat / NGINX log_format strings, log_format_json.c,
 * log_format_w3c.c, ...) behind the vtable below.
 *
 * Lifecycle: open() once per http_log() scan with the format's spec;
 * start_file() at the start of every input file (W3C forgets its #Fields);
 * parse() once per line; close() at the end.
 */
#ifndef LOG_FORMAT_H
#define LOG_FORMAT_H

#include "log_record.h"

/* What parse() made of a line. */
enum log_parse_result {
  LOG_PARSED,   /* rec holds a row */
  LOG_REJECTED, /* rec->error says why; the line is an error row */
  LOG_DIRECTIVE /* not a row at all (a W3C #Fields: or #Version: line) */
};

typedef struct log_family {
  const char *name;
  /* Compiles spec (a format string, or the family's own option text) into
   * *state. On failure returns nonzero and sets *errmsg to a sqlite3_malloc'd
   * message naming what in spec is wrong. */
  int (*open)(const char *spec, void **state, char **errmsg);
  void (*start_file)(void *state);
  /* Parses line[0..n) (no newline; may hold NUL bytes) into rec, with
   * decoded text in scratch. Never allocates per line beyond growing scratch. */
  enum log_parse_result (*parse)(void *state, const char *line, size_t n, log_record *rec,
                                 log_scratch *scratch);
  void (*close)(void *state);
} log_family;

/* A named format: the name users pass to http_log(path, format), its family
 * and the spec given to the family's open(). */
typedef struct log_named_format {
  const char *name;
  const log_family *family;
  const char *spec;
  const char *description; /* one line, for docs and error messages */
} log_named_format;

#endif
