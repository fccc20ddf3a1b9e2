/*
** report_main.c: httpstatus-report's entry point (see report.h for the flow
** and report_options.c for the command line).
*/
#include <stdio.h>
#include <string.h>

#include "report.h"

/* --sql NAME: the panel's query as compiled in; "list": every name and file. */
static int print_sql(const char *name) {
  int i, n;
  const struct report_query *q = report_queries(&n);
  if (strcmp(name, "list") == 0) {
    for (i = 0; i < n; i++) printf("%-20s %s\n", q[i].name, q[i].file);
    return 0;
  }
  for (i = 0; i < n; i++)
    if (strcmp(q[i].name, name) == 0) {
      fputs(q[i].sql, stdout);
      return 0;
    }
  fprintf(stderr, REPORT_NAME ": no panel named '%s'; --sql list names them\n", name);
  return 2;
}

/* Writes the chosen output; 0, or 1 after printing why. */
static int write_output(const struct report *r) {
  FILE *out = stdout;
  int status;
  if (r->opt.output && strcmp(r->opt.output, "-") != 0) {
    out = fopen(r->opt.output, "w");
    if (out == NULL) {
      perror(REPORT_NAME ": cannot write the report");
      return 1;
    }
  }
  status = r->opt.output ? report_write_html(r, out)
           : r->opt.json ? report_write_json(r, out)
                         : report_write_text(r, out);
  if (fflush(out) != 0 || ferror(out)) {
    fprintf(stderr, REPORT_NAME ": cannot write the report to %s\n",
            r->opt.output ? r->opt.output : "standard output");
    status = 1;
  }
  if (out != stdout && fclose(out) != 0) status = 1;
  return status;
}

int main(int argc, char **argv) {
  struct report r;
  int status;
  memset(&r, 0, sizeof r);
  status = report_parse_options(argc, argv, &r.opt);
  if (status == 0 && r.opt.sql) {
    status = print_sql(r.opt.sql);
  } else if (status == 0) {
    status = report_load(&r) || report_run(&r) || write_output(&r);
  } else if (status == 1) {
    status = 0; /* --help, --version */
  }
  report_close(&r);
  return status;
}
