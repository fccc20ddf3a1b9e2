/* import_paths.c: LOG arguments to files (see import_paths.h). */
#define _XOPEN_SOURCE 700
#include "import_paths.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log_reader.h"

static const char *const compression_suffixes[] = {".gz", ".bz2", ".xz", ".zst", NULL};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Where path's rotation suffix starts (n when it has none), after the
 * compression suffix was cut at n; *kind is 0 for a date, 1 for a number,
 * 2 for none. */
static size_t rotation_suffix(const char *path, size_t n, int *kind) {
  size_t i = n, digits = 0;
  const char *slash = strrchr(path, '/');
  size_t name = slash ? (size_t)(slash - path) + 1 : 0;
  *kind = 2;
  while (i > name && (is_digit(path[i - 1]) || path[i - 1] == '-' || path[i - 1] == '_')) {
    digits += is_digit(path[i - 1]);
    i--;
  }
  if (digits == 0 || i == n) return n;
  /* The run starts at a separator of its own (-20240101) or after a dot. */
  if (path[i] != '-' && path[i] != '_') {
    if (i == name || path[i - 1] != '.') return n;
    i--;
  }
  if (i == name) return n; /* the whole name: not a suffix */
  if (path[i] == '.' && digits == n - i - 1) {
    *kind = 1; /* .N */
    return i;
  }
  if (digits < 8) return n;
  *kind = 0;
  return i;
}

static size_t without_compression(const char *path) {
  size_t n = strlen(path), k;
  for (k = 0; compression_suffixes[k]; k++) {
    size_t m = strlen(compression_suffixes[k]);
    if (n > m && strcmp(path + n - m, compression_suffixes[k]) == 0) return n - m;
  }
  return n;
}

size_t import_paths_stem(const char *path) {
  int kind;
  return rotation_suffix(path, without_compression(path), &kind);
}

/* Rotation order: by stem, then dated copies (oldest first), numbered ones
 * (highest first), the live file. */
static int rotation_cmp(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  size_t xn = without_compression(x), yn = without_compression(y);
  int xk, yk, c;
  size_t xs = rotation_suffix(x, xn, &xk), ys = rotation_suffix(y, yn, &yk);
  c = strncmp(x, y, xs < ys ? xs : ys);
  if (c != 0 || xs != ys) return c != 0 ? c : (xs < ys ? -1 : 1);
  if (xk != yk) return xk - yk;
  if (xk == 1) {
    unsigned long long xv = strtoull(x + xs + 1, NULL, 10), yv = strtoull(y + ys + 1, NULL, 10);
    if (xv != yv) return xv > yv ? -1 : 1;
  }
  return strcmp(x, y);
}

static int add(import_paths *p, const char *path) {
  char **v = realloc(p->v, (p->n + 1) * sizeof *v);
  if (v == NULL) return -1;
  p->v = v;
  if ((v[p->n] = strdup(path)) == NULL) return -1;
  p->n++;
  return 0;
}

int import_paths_expand(const char *arg, import_paths *out, char *err, size_t errsz) {
  struct stat st;
  glob_t g;
  size_t i, depth = 0;
  int rc;
  memset(out, 0, sizeof *out);
  if (strcmp(arg, "-") == 0 || stat(arg, &st) == 0 || !strpbrk(arg, "*?[")) {
    if (add(out, arg) == 0) return 0;
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  for (i = 0; arg[i]; i++) depth += arg[i] == '/';
  if (i > LOG_GLOB_MAX_BYTES || depth > LOG_GLOB_MAX_DEPTH) {
    snprintf(err, errsz,
             "names no file, and as a glob it is longer than %d bytes or deeper than %d "
             "directories",
             LOG_GLOB_MAX_BYTES, LOG_GLOB_MAX_DEPTH);
    return -1;
  }
  rc = glob(arg, GLOB_MARK, NULL, &g);
  if (rc == GLOB_NOSPACE) {
    snprintf(err, errsz, "out of memory");
    return -1;
  }
  for (i = 0; rc == 0 && i < g.gl_pathc; i++) {
    size_t n = strlen(g.gl_pathv[i]);
    if (n > 0 && g.gl_pathv[i][n - 1] == '/') continue; /* a directory */
    if (add(out, g.gl_pathv[i]) != 0) {
      globfree(&g);
      import_paths_free(out);
      snprintf(err, errsz, "out of memory");
      return -1;
    }
  }
  if (rc == 0) globfree(&g);
  if (out->n == 0) {
    snprintf(err, errsz, "no file has this name, and as a glob it matches no file");
    return -1;
  }
  qsort(out->v, out->n, sizeof *out->v, rotation_cmp);
  return 0;
}

void import_paths_free(import_paths *p) {
  size_t i;
  for (i = 0; i < p->n; i++) free(p->v[i]);
  free(p->v);
  memset(p, 0, sizeof *p);
}
