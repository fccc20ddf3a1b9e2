/* import_paths.h: from a LOG argument to the files it names, and the name
 * their rows get by default.
 *
 * A LOG that names a file (or is -) is that file, whatever it holds: a file
 * called access[1].log or web* is never expanded. A LOG that names no file
 * and holds * ? or [ is a glob; its files come in rotation order, as
 * http_log() reads them: per log, the dated copies oldest first, then the
 * numbered ones highest first, then the live file. Directories are left
 * out. A pattern longer than LOG_GLOB_MAX_BYTES or with more than
 * LOG_GLOB_MAX_DEPTH slashes is refused (glibc's glob() recurses per level).
 */
#ifndef IMPORT_PATHS_H
#define IMPORT_PATHS_H

#include <stddef.h>

typedef struct import_paths {
  char **v;
  size_t n;
} import_paths;

/* Fills out with the files of arg. Returns 0, or -1 with the reason in err
 * (a pattern matching no file or too long, out of memory). */
int import_paths_expand(const char *arg, import_paths *out, char *err, size_t errsz);
void import_paths_free(import_paths *p);

/* The length of path without its compression suffix (.gz, .bz2, .xz, .zst)
 * and then its rotation suffix: a number (.1) or a date (-20240101,
 * -2024-01-01, .20240101-1700, any run of digits, - and _ holding at least
 * eight digits). access.log.2.gz and access.log-20240101 give access.log. */
size_t import_paths_stem(const char *path);

#endif
