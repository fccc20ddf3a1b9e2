/* log_format.h: how a line is read in a given format.
 *
 * A format is data where it can be: a named format ("combined", "w3c",
 * "alb", ...) is one entry of the table in log_formats.c that names its
 * family, the spec the family compiles (a format string, a field list, a
 * JSON mapping), the prefix a collector writes before each line, and real
 * sample lines. A family is one parser (log_format_text.c for Apache
 * LogFormat / NGINX log_format strings, log_format_json.c,
 * log_format_w3c.c, log_format_fields.c for logs of fixed fields) behind
 * the vtable below.
 *
 * Lifecycle: open() once per reader with the format's spec; start_file()
 * at the start of every input file (W3C forgets its #Fields); parse() once
 * per line, after the prefix stage (log_prefix.h); close() at the end.
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
  /* Compiles spec into *state. On failure returns -1 and writes into err
   * (errsz bytes) what in spec is wrong; *state is then NULL. */
  int (*open)(const char *spec, void **state, char *err, size_t errsz);
  void (*start_file)(void *state);
  /* Parses line[0..n) (no line end; no NUL byte) into rec, with decoded text
   * in scratch. Never allocates. */
  enum log_parse_result (*parse)(void *state, const char *line, size_t n, log_record *rec,
                                 log_scratch *scratch);
  void (*close)(void *state);
  /* 1 when a line starting with '#' may be a directive that later lines
   * depend on: skipping lines (an import that goes on) still parses those. */
  int has_directives;
} log_family;

/* What a collector writes before the server's line (log_prefix.c). */
enum log_prefix {
  LOG_PREFIX_NONE,
  LOG_PREFIX_SYSLOG,          /* [<pri>]Oct 10 13:55:36 web1 nginx: (or an RFC 3339 time) */
  LOG_PREFIX_SYSLOG_OPTIONAL, /* the same, when there is one */
  LOG_PREFIX_KUBECTL          /* 2023-10-10T13:55:36.123456789Z (kubectl logs --timestamps) */
};

/* A named format: the name users pass to http_log(path, format). */
typedef struct log_named_format {
  const char *name;
  const log_family *family;
  const char *spec;
  enum log_prefix prefix;
  const char *description; /* one line, for docs and http_log_formats */
  /* Real lines in this format, LF after each, that detection must read as
   * this format (tests/httplog_formats_table.t), and where they come from
   * (a file of data/logs/). */
  const char *sample;
  const char *sample_source;
} log_named_format;

#endif
