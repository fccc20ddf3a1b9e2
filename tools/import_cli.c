/* import_cli.c: httpstatus-import, the command (import_help.h says what it
 * does): arguments checked, LOGs expanded, then each imported
 * (import_file.c) or followed (import_follow.c).
 *
 * http_log()'s reader is compiled in (ext/log/): nothing to load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_db.h"
#include "import_file.h"
#include "import_follow.h"
#include "import_help.h"
#include "import_paths.h"
#include "version.h"

#define ME HELP_COMMAND
#define WIDTH 79

/* Writes text from column `indent` (the cursor being at column `at`),
 * wrapped at WIDTH. */
static void wrap(const char *text, int indent, int at) {
  const char *p = text;
  while (*p) {
    const char *word = p;
    int n;
    while (*p && *p != ' ') p++;
    n = (int)(p - word);
    if (at > indent && at + 1 + n > WIDTH) {
      printf("\n%*s", indent, "");
      at = indent;
    } else if (at > indent) {
      putchar(' ');
      at++;
    } else if (at < indent) {
      printf("%*s", indent - at, "");
      at = indent;
    }
    printf("%.*s", n, word);
    at += n;
    while (*p == ' ') p++;
  }
  putchar('\n');
}

static void print_items(const struct help_item *items, int indent) {
  for (; items->term; items++) {
    printf("  %s", items->term);
    if (2 + (int)strlen(items->term) + 2 > indent) {
      putchar('\n');
      wrap(items->text, indent, 0);
    } else {
      wrap(items->text, indent, 2 + (int)strlen(items->term));
    }
  }
}

static void print_help(void) {
  int i;
  printf("Usage: %s %s\n", ME, help_usage);
  printf("%c%s.\n", help_summary[0] - 'a' + 'A', help_summary + 1);
  for (i = 0; help_description[i]; i++) {
    putchar('\n');
    wrap(help_description[i], 0, 0);
  }
  printf("\nOptions:\n");
  print_items(help_options, 16);
  printf("\nOutput:\n");
  wrap(help_output, 2, 0);
  printf("\nExit status:\n");
  print_items(help_exit, 5);
  printf("\nSee man %s for the database it writes, and examples.\n", ME);
}

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, ME ": ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nUsage: %s %s\nTry '%s --help' for more.\n", ME, help_usage, ME);
  return 2;
}

/* --timeout: a whole number of seconds whose milliseconds fit in an int. */
static int parse_timeout(const char *s, int *out) {
  long v = 0;
  const char *p = s;
  if (*p == '\0') return -1;
  for (; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (*p - '0');
    if (v > 2147483) return -1;
  }
  *out = (int)v;
  return 0;
}

/* Checks --format before any file is read: an unknown name or a bad
 * format string is a usage error. */
static int check_format(const char *format) {
  log_reader_options o;
  char err[256];
  log_reader *r;
  memset(&o, 0, sizeof o);
  o.path = "/dev/null";
  o.path_mode = LOG_PATH_LITERAL;
  o.format = format;
  r = log_reader_open(&o, strlen(o.path), err, sizeof err);
  if (r == NULL) {
    fprintf(stderr, ME ": --format: %s\nTry '%s --help' for more.\n", err, ME);
    return 2;
  }
  log_reader_close(r);
  return 0;
}

/* The command line: options into opt, *follow and *timeout_s, the other
 * arguments (DB, then the LOGs) into positional. Returns -1 to go on, or
 * the exit status (0 after --help or --version, 2 on a usage error). */
static int parse_arguments(int argc, char **argv, import_options *opt, int *follow, int *timeout_s,
                           char **positional, size_t *n_positional) {
  int i, options_done = 0;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *value;
    size_t name_n;
    if (options_done || a[0] != '-' || a[1] == '\0') {
      positional[(*n_positional)++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      options_done = 1;
      continue;
    }
    if (a[1] != '-') return usage_error("unknown option '%s' (a LOG named so: give -- first)", a);
    value = strchr(a, '=');
    name_n = value ? (size_t)(value - a) : strlen(a);
    if (value) value++;
#define IS(name) (name_n == strlen(name) && strncmp(a, name, name_n) == 0)
    if (IS("--help") || IS("--version") || IS("--replace") || IS("--follow")) {
      if (value) return usage_error("option '%s' takes no value", a);
      if (IS("--help")) {
        print_help();
        return 0;
      }
      if (IS("--version")) {
        printf("%s %s\n", ME, HTTPSTATUS_VERSION);
        return 0;
      }
      if (IS("--replace")) opt->replace = 1;
      if (IS("--follow")) *follow = 1;
    } else if (IS("--format") || IS("--name") || IS("--timeout")) {
      if (!value) {
        if (i + 1 == argc) return usage_error("option '%s' needs a value", a);
        value = argv[++i];
      }
      if (IS("--format")) opt->format = value;
      if (IS("--name")) {
        if (value[0] == '\0') return usage_error("--name: %s", "the name is empty");
        opt->name = value;
      }
      if (IS("--timeout") && parse_timeout(value, timeout_s) != 0)
        return usage_error("--timeout: '%s' is not a whole number of seconds from 0 to 2147483",
                           value);
    } else {
      return usage_error("unknown option '%s'", a);
    }
#undef IS
  }
  if (*n_positional == 0) return usage_error("%s", "DB and LOG missing");
  if (*n_positional == 1) return usage_error("%s", "LOG missing: which log to import?");
  if (opt->format && check_format(opt->format) != 0) return 2;
  return -1;
}

int main(int argc, char **argv) {
  import_options opt;
  import_paths *expanded;
  import_db db;
  char **files = NULL, **positional;
  size_t n_positional = 0, n_files = 0, i, k;
  int follow = 0, timeout_s = 30, status;
  /* Before SQLite starts (the reader allocates through it): no memory
   * statistics, whose mutex would be taken at each allocation. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  memset(&opt, 0, sizeof opt);
  positional = calloc((size_t)argc + 1, sizeof *positional);
  if (positional == NULL) {
    fprintf(stderr, ME ": out of memory\n");
    return 1;
  }
  status = parse_arguments(argc, argv, &opt, &follow, &timeout_s, positional, &n_positional);
  if (status >= 0) {
    free(positional);
    return status;
  }
  status = 0;

  /* Every LOG's files, before the database is touched. */
  expanded = calloc(n_positional, sizeof *expanded);
  if (expanded == NULL) {
    fprintf(stderr, ME ": out of memory\n");
    return 1;
  }
  for (i = 1; i < n_positional; i++) {
    char err[256];
    if (import_paths_expand(positional[i], &expanded[i], err, sizeof err) != 0) {
      /* a hostile pattern may be long: its start, then the reason */
      int n = (int)strlen(positional[i]);
      fprintf(stderr, ME ": %.*s%s: %s\n", n > 200 ? 200 : n, positional[i], n > 200 ? "..." : "",
              err);
      status = 1;
    }
    n_files += expanded[i].n;
  }
  files = calloc(n_files + 1, sizeof *files);
  if (files == NULL) {
    fprintf(stderr, ME ": out of memory\n");
    return 1;
  }
  for (i = 1, n_files = 0; i < n_positional; i++)
    for (k = 0; k < expanded[i].n; k++) files[n_files++] = expanded[i].v[k];

  if (n_files > 0) {
    if (import_db_open(&db, positional[0], timeout_s) != SQLITE_OK) {
      status = 1;
    } else if (follow) {
      if (import_follow(&db, &opt, files, n_files) != 0) status = 1;
    } else {
      for (i = 0; i < n_files; i++)
        if (import_file(&db, &opt, files[i]) != 0) status = 1;
    }
    import_db_close(&db);
  }
  for (i = 1; i < n_positional; i++) import_paths_free(&expanded[i]);
  free(expanded);
  free(files);
  free(positional);
  return status;
}
