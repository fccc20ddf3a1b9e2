/*
** report_options.c: the command line of httpstatus-report, and its --help.
**
** The help text is also the source of the man page (tools/report/man.sh turns
** it into man/httpstatus-report.1; tests/report_cli.t checks that they agree).
** Its layout is part of that contract: a usage block, paragraphs, then
** "Options:" with one "  -x, --long ARG  text" item per option, continued
** by lines indented further.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "version.h"

const char report_help[] =
    "Usage: httpstatus-report [OPTION]... LOG...\n"
    "       httpstatus-report [OPTION]... --db FILE\n"
    "\n"
    "A report over web server access logs: totals, requests per status class over\n"
    "time, the codes seen with their meaning and who defines them, the paths and\n"
    "clients with the most errors, response time percentiles when the format has\n"
    "durations, and the lines that did not parse. In the terminal by default, as one\n"
    "self-contained HTML page with -o, or as JSON with --json.\n"
    "\n"
    "Each LOG is a file or a glob read by http_log() in any format it reads, plain\n"
    "or compressed, - for standard input. The input is read once; every panel is one\n"
    "query of examples/report/, which --sql prints.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  write the report as one HTML page to FILE (- for standard\n"
    "                     output); it opens from disk and makes no network request\n"
    "      --json         write the report as JSON to standard output\n"
    "      --db FILE      read the views log and rejects of FILE, a database written\n"
    "                     by httpstatus-import, instead of LOG files\n"
    "      --format F     the format of the LOG files, as http_log() takes it (a\n"
    "                     name such as combined, or a format string); by default it\n"
    "                     is detected for each file\n"
    "      --since TIME   only requests at or after TIME: a date and time such as\n"
    "                     2015-05-17, '2015-05-17 10:00' or 2015-05-17T10:00:00+02:00\n"
    "                     (UTC when no offset is given), or a span back from now:\n"
    "                     90s, 30m, 24h, 7d, 2w\n"
    "      --until TIME   only requests before TIME, written as for --since\n"
    "      --now TIME     the time that spans count back from (default: the clock)\n"
    "      --host HOST    only requests to HOST (a glob when it holds * ? or [);\n"
    "                     case is ignored\n"
    "      --path PATH    only paths that start with PATH, or match it as a glob\n"
    "                     when it holds * ? or [\n"
    "      --status LIST  only statuses that match LIST, as http_status_match()\n"
    "                     takes it: codes, classes and ranges such as 404,5xx,400-403\n"
    "      --color WHEN   colour the terminal report: auto (on a terminal, unless\n"
    "                     NO_COLOR is set), always or never\n"
    "      --width N      the terminal report's width in columns (default: the\n"
    "                     terminal's, else COLUMNS, else 80)\n"
    "      --sql NAME     print the query of the panel NAME and exit; list names\n"
    "                     them all\n"
    "  -h, --help         print this help and exit\n"
    "      --version      print the version and exit\n"
    "\n"
    "Filters combine: a request is reported when it passes every one given. Rejected\n"
    "lines have no fields to filter on and are always counted.\n"
    "\n"
    "Exit status: 0 when the report was written (also when it says that nothing\n"
    "matched), 1 when the input could not be read, 2 on a usage error.\n"
    "\n"
    "Examples:\n"
    "  httpstatus-report /var/log/nginx/access.log*\n"
    "  httpstatus-report --since 7d --status 5xx -o report.html access.log.gz\n"
    "  httpstatus-report --db logs.db --json\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, REPORT_NAME ": ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nTry '" REPORT_NAME " --help' for more information.\n");
  return 2;
}

/* The long options that take a value, and where it goes. */
struct valued {
  const char *name;
  const char **slot;
};

int report_parse_options(int argc, char **argv, struct report_options *opt) {
  const char *color = "auto", *width = NULL;
  struct valued valued[] = {
      {"--output", &opt->output}, {"--db", &opt->db},       {"--format", &opt->format},
      {"--since", &opt->since},   {"--until", &opt->until}, {"--now", &opt->now},
      {"--host", &opt->host},     {"--path", &opt->path},   {"--status", &opt->status},
      {"--color", &color},        {"--width", &width},      {"--sql", &opt->sql}};
  int i, k, only_args = 0;
  memset(opt, 0, sizeof *opt);
  opt->logs = calloc((size_t)argc, sizeof *opt->logs);
  if (opt->logs == NULL) {
    fprintf(stderr, REPORT_NAME ": out of memory\n");
    return 2;
  }
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *value = NULL;
    size_t len;
    if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
      opt->logs[opt->nlogs++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_args = 1;
      continue;
    }
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(report_help, stdout);
      return 1;
    }
    if (strcmp(a, "--version") == 0) {
      printf(REPORT_NAME " %s (SQLite %s)\n", HTTPSTATUS_VERSION, sqlite3_libversion());
      return 1;
    }
    if (strcmp(a, "--json") == 0) {
      opt->json = 1;
      continue;
    }
    if (strcmp(a, "-o") == 0) a = "--output";
    len = strcspn(a, "=");
    for (k = 0; k < (int)(sizeof valued / sizeof *valued); k++)
      if (strlen(valued[k].name) == len && strncmp(a, valued[k].name, len) == 0) break;
    if (k == (int)(sizeof valued / sizeof *valued))
      return usage_error("unknown option '%s'", argv[i]);
    if (a[len] == '=')
      value = a + len + 1;
    else if (i + 1 < argc)
      value = argv[++i];
    else
      return usage_error("option '%s' needs a value", argv[i]);
    *valued[k].slot = value;
  }
  if (strcmp(color, "auto") == 0)
    opt->color = -1;
  else if (strcmp(color, "always") == 0)
    opt->color = 1;
  else if (strcmp(color, "never") == 0)
    opt->color = 0;
  else
    return usage_error("--color takes auto, always or never, not '%s'", color);
  if (width) {
    char *end;
    long w = strtol(width, &end, 10);
    if (*end || w < 60 || w > 1000)
      return usage_error("--width takes a number of columns from 60 to 1000, not '%s'", width);
    opt->width = (int)w;
  }
  if (opt->sql) return 0;
  if (opt->json && opt->output)
    return usage_error("%s", "--json and --output each choose the output; give one");
  if (opt->db && opt->nlogs > 0)
    return usage_error("--db reads a database; give it or LOG files, not both (%s)", opt->logs[0]);
  if (opt->db && opt->format)
    return usage_error("%s", "--format is for LOG files; a database's rows are already read");
  if (!opt->db && opt->nlogs == 0) return usage_error("%s", "no LOG given (or --db FILE)");
  return 0;
}
