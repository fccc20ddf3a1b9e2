/*
** report_json.c: the report as one JSON object for machines.
**
**   {"report": "httpstatus-report", "version": ..., "input": [...] or {"db": ...},
**    "filters": {...}, "lines": {"parsed": N, "rejected": N, "requests": N},
**    "notice": null or a sentence, "bucket": "hour",
**    "panels": {"totals": [row], "over_time": [rows], ..., "bots": null}}
**
** Each panel is the rows of its query as objects keyed by column name (NULL
** is null); a panel that was not run (no durations in the format, no
** http_agent_is_bot()) is null.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "version.h"

static void json_string(FILE *out, const char *s) {
  fputc('"', out);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(out, "\\%c", c);
    else if (c < 0x20)
      fprintf(out, "\\u%04x", c);
    else
      fputc(c, out);
  }
  fputc('"', out);
}

/* The shortest of %.15g, %.16g and %.17g that reads back as the same double:
** 96.19, not 96.189999999999998. */
static void json_real(FILE *out, double r) {
  char buf[40];
  int digits;
  for (digits = 15; digits < 17; digits++) {
    snprintf(buf, sizeof buf, "%.*g", digits, r);
    if (strtod(buf, NULL) == r) break;
  }
  snprintf(buf, sizeof buf, "%.*g", digits, r);
  fputs(buf, out);
}

static void json_opt(FILE *out, const char *key, const char *value, int *first) {
  if (!value) return;
  fprintf(out, "%s", *first ? "" : ", ");
  json_string(out, key);
  fputs(": ", out);
  json_string(out, value);
  *first = 0;
}

static void json_table(FILE *out, const struct table *t) {
  int row, c;
  fputs("[", out);
  for (row = 0; row < t->nrow; row++) {
    fprintf(out, "%s\n      {", row ? "," : "");
    for (c = 0; c < t->ncol; c++) {
      const struct cell *v = &t->cells[row * t->ncol + c];
      if (c) fputs(", ", out);
      json_string(out, t->names[c]);
      fputs(": ", out);
      if (v->type == CELL_INT)
        fprintf(out, "%lld", (long long)v->i);
      else if (v->type == CELL_REAL && isfinite(v->r))
        json_real(out, v->r);
      else if (v->type == CELL_TEXT)
        json_string(out, v->text);
      else
        fputs("null", out);
    }
    fputs("}", out);
  }
  fputs(t->nrow ? "\n    ]" : "]", out);
}

int report_write_json(const struct report *r, FILE *out) {
  char notice[512];
  int i, p, first = 1;
  fprintf(out, "{\n  \"report\": \"" REPORT_NAME "\",\n  \"version\": ");
  json_string(out, HTTPSTATUS_VERSION);
  fputs(",\n  \"input\": ", out);
  if (r->opt.db) {
    fputs("{\"db\": ", out);
    json_string(out, r->opt.db);
    fputs("}", out);
  } else {
    fputs("[", out);
    for (i = 0; i < r->opt.nlogs; i++) {
      if (i) fputs(", ", out);
      json_string(out, r->opt.logs[i]);
    }
    fputs("]", out);
  }
  fputs(",\n  \"filters\": {", out);
  json_opt(out, "since", r->opt.since ? r->since : NULL, &first);
  json_opt(out, "until", r->opt.until ? r->until : NULL, &first);
  json_opt(out, "host", r->opt.host, &first);
  json_opt(out, "path", r->opt.path, &first);
  json_opt(out, "status", r->opt.status, &first);
  fprintf(out, "},\n  \"lines\": {\"parsed\": %lld, \"rejected\": %lld, \"requests\": %lld}",
          (long long)r->parsed, (long long)r->rejected, (long long)r->requests);
  fputs(",\n  \"notice\": ", out);
  if (report_notice(r, notice, sizeof notice))
    json_string(out, notice);
  else
    fputs("null", out);
  fputs(",\n  \"bucket\": ", out);
  json_string(out, report_bucket(r));
  fputs(",\n  \"panels\": {", out);
  for (p = 0; p < PANELS; p++) {
    fprintf(out, "%s\n    ", p ? "," : "");
    json_string(out, report_query_of((enum panel)p)->name);
    fputs(": ", out);
    if (r->ran[p])
      json_table(out, &r->panel[p]);
    else
      fputs("null", out);
  }
  fputs("\n  }\n}\n", out);
  return 0;
}
