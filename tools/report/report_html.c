/*
** report_html.c: the report as one self-contained HTML page.
**
** Nothing is fetched: the style is inline, there is no script, no font and
** no image but inline SVG, and no attribute names another document (links
** are fragments of the page). Each chart is an SVG with a title, a text
** label on every bar or line (so it reads without colour) and a table of
** its numbers. Horizontal positions are percentages of the page's width and
** text keeps its size, so the page reads at a phone's 390 px as at 1280 px;
** bars and lines are drawn in an inner SVG whose viewBox stretches to fit.
** Light and dark follow prefers-color-scheme.
*/
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "version.h"

static const char style[] =
    ":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--grid:#d1d9e0;"
    "--card:#f6f8fa;--k1:#8250df;--k2:#1a7f37;--k3:#0969da;--k4:#9a6700;--k5:#cf222e}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;"
    "--grid:#3d444d;--card:#151b23;--k1:#ab7df8;--k2:#3fb950;--k3:#4493f8;--k4:#d29922;"
    "--k5:#f85149}}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif}\n"
    "main{max-width:1080px;margin:0 auto;padding:16px}\n"
    "h1{font-size:1.45em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.8em 0 .4em}\n"
    "p{margin:.3em 0}.muted,figcaption{color:var(--muted)}figcaption{font-size:.85em;margin:.2em "
    "0}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;"
    "margin:1em 0}\n"
    ".card{background:var(--card);border-radius:6px;padding:8px 12px}\n"
    ".card b{display:block;font-size:1.3em;font-variant-numeric:tabular-nums}\n"
    ".card span{color:var(--muted);font-size:.85em}\n"
    ".notice{border-left:4px solid var(--k4);background:var(--card);padding:8px 12px}\n"
    "figure{margin:0 0 "
    ".8em}figure.bars{max-width:760px}svg{display:block;width:100%;overflow:visible}\n"
    "svg text{fill:var(--fg);font-size:12px}svg .axis{fill:var(--muted)}\n"
    ".grid{stroke:var(--grid);stroke-width:1}.line{fill:none;stroke:var(--fg);stroke-width:2}\n"
    ".k1{fill:var(--k1)}.k2{fill:var(--k2)}.k3{fill:var(--k3)}.k4{fill:var(--k4)}"
    ".k5{fill:var(--k5)}.k0{fill:var(--muted)}\n"
    ".wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.88em;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid var(--grid);text-align:left;"
    "vertical-align:top}\n"
    "tr:has(+tr.more) td{border-bottom:0}tr.more td{padding-top:0;font-size:.95em}\n"
    "th{font-weight:600}.n{text-align:right;white-space:nowrap}.brk{word-break:break-all}\n"
    "code{font-size:.95em}details{margin:.3em 0 1em}summary{cursor:pointer;color:var(--muted)}\n"
    "nav a{color:inherit;margin-right:.8em;white-space:nowrap}footer{margin-top:2.5em;"
    "font-size:.85em}\n";

/* ---- escaping and numbers ------------------------------------------------- */

static void esc(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(*s, out);
    }
  }
}

static const char *count(sqlite3_int64 n) {
  static char buf[8][32];
  static int next;
  next = (next + 1) % 8;
  return fmt_count(n, buf[next], sizeof buf[next]);
}

/* The class digit of a status code, 0 outside 100-599. */
static int digit_of(sqlite3_int64 code) {
  return code >= 100 && code < 600 ? (int)(code / 100) : 0;
}

/* A time label for an axis: "05-17 10:00" within a day's buckets, else the date. */
static const char *axis_time(const char *start, int daily, char *buf, size_t size) {
  if (strlen(start) < 16)
    snprintf(buf, size, "%s", start);
  else if (daily)
    snprintf(buf, size, "%.10s", start);
  else
    snprintf(buf, size, "%.5s %.5s", start + 5, start + 11);
  return buf;
}

/* ---- charts ------------------------------------------------------------------ */

/* A horizontal bar chart: one row per item, its label above its bar and the
** value's text at the right, bars as a share of the largest value. */
struct hbar {
  const char *label, *value;
  double v;
  int k; /* the colour class, k0 to k5 */
};

static void hbar_chart(FILE *out, const char *id, const char *title, const struct hbar *items,
                       int n) {
  double max = 0;
  int i, row_h = 34;
  for (i = 0; i < n; i++)
    if (items[i].v > max) max = items[i].v;
  fprintf(out, "<svg role=\"img\" aria-labelledby=\"%s-t\" height=\"%d\">\n<title id=\"%s-t\">", id,
          n * row_h + 4, id);
  esc(out, title);
  fputs("</title>\n", out);
  for (i = 0; i < n; i++) {
    int y = i * row_h;
    char label[256];
    double share = max > 0 ? 72.0 * items[i].v / max : 0;
    if (items[i].v > 0 && share < 0.2) share = 0.2; /* a count above 0 always shows */
    fprintf(out, "<text x=\"0\" y=\"%d\">", y + 13);
    esc(out, utf8_fit(items[i].label, 46, "\xE2\x80\xA6", label, sizeof label));
    fprintf(out, "</text>\n<rect class=\"k%d\" x=\"0\" y=\"%d\" height=\"10\" width=\"%.3f%%\"/>",
            items[i].k, y + 18, share);
    fprintf(out, "<text x=\"100%%\" y=\"%d\" text-anchor=\"end\">", y + 27);
    esc(out, items[i].value);
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
}

/* Requests per bucket, one small chart per class present, under a shared
** time axis. */
static void over_time_chart(FILE *out, const struct report *r) {
  const struct table *ot = &r->panel[PANEL_OVER_TIME];
  const char *bucket = report_bucket(r);
  int daily = strcmp(bucket, "day") == 0 || strcmp(bucket, "week") == 0, k, i;
  char a[32], b[32], c[32];
  for (k = 1; k <= 5; k++) {
    char name[16];
    sqlite3_int64 max = 0;
    snprintf(name, sizeof name, "%dxx", k);
    for (i = 0; i < ot->nrow; i++)
      if (table_int(ot, i, name) > max) max = table_int(ot, i, name);
    if (max == 0) continue;
    fprintf(
        out,
        "<svg role=\"img\" aria-labelledby=\"ot%d-t\" height=\"76\">\n<title id=\"ot%d-t\">%s %s: "
        "requests per %s, at most %s</title>\n",
        k, k, name, class_name(k), bucket, count(max));
    fprintf(out, "<text x=\"0\" y=\"12\">%s %s</text>", name, class_name(k));
    fprintf(out,
            "<text class=\"axis\" x=\"100%%\" y=\"12\" text-anchor=\"end\">max %s per %s</text>\n",
            count(max), bucket);
    fprintf(out, "<line class=\"grid\" x1=\"0\" x2=\"100%%\" y1=\"18.5\" y2=\"18.5\" "
                 "stroke-dasharray=\"2 3\"/>"
                 "<line class=\"grid\" x1=\"0\" x2=\"100%%\" y1=\"72.5\" y2=\"72.5\"/>\n");
    fprintf(out,
            "<svg x=\"0\" y=\"19\" width=\"100%%\" height=\"53\" viewBox=\"0 0 %d %lld\" "
            "preserveAspectRatio=\"none\">\n",
            ot->nrow, (long long)max);
    for (i = 0; i < ot->nrow; i++) {
      sqlite3_int64 v = table_int(ot, i, name);
      if (v > 0)
        fprintf(out, "<rect class=\"k%d\" x=\"%d.1\" width=\"0.8\" y=\"%lld\" height=\"%lld\"/>\n",
                k, i, (long long)(max - v), (long long)v);
    }
    fputs("</svg></svg>\n", out);
  }
  fputs("<svg aria-hidden=\"true\" height=\"18\">", out);
  fprintf(out, "<text class=\"axis\" x=\"0\" y=\"13\">%s</text>",
          axis_time(table_text(ot, 0, "start"), daily, a, sizeof a));
  if (ot->nrow > 2)
    fprintf(out, "<text class=\"axis\" x=\"50%%\" y=\"13\" text-anchor=\"middle\">%s</text>",
            axis_time(table_text(ot, ot->nrow / 2, "start"), daily, b, sizeof b));
  if (ot->nrow > 1)
    fprintf(out, "<text class=\"axis\" x=\"100%%\" y=\"13\" text-anchor=\"end\">%s</text>",
            axis_time(table_text(ot, ot->nrow - 1, "start"), daily, c, sizeof c));
  fputs("</svg>\n", out);
}

/* p50, p95 and p99 over time as three lines (solid, dashed, dotted), each
** labelled at its end. */
static void durations_chart(FILE *out, const struct report *r) {
  const struct table *d = &r->panel[PANEL_DURATIONS_OVER_TIME];
  static const char *const names[] = {"p50", "p95", "p99"};
  static const char *const dashes[] = {"", " stroke-dasharray=\"6 4\"",
                                       " stroke-dasharray=\"1 3\""};
  double max = 0;
  int i, k, daily = strcmp(report_bucket(r), "day") == 0 || strcmp(report_bucket(r), "week") == 0;
  char a[32], b[32];
  for (i = 0; i < d->nrow; i++)
    if (table_real(d, i, "p99") > max) max = table_real(d, i, "p99");
  if (d->nrow < 2 || max <= 0) return;
  fprintf(out,
          "<svg role=\"img\" aria-labelledby=\"dt-t\" height=\"196\">\n<title id=\"dt-t\">Response "
          "time per %s: p50 (solid line), p95 (dashed), p99 (dotted), up to %s</title>\n",
          report_bucket(r), fmt_seconds(max, a, sizeof a));
  fprintf(out,
          "<text class=\"axis\" x=\"0\" y=\"12\">%s</text><text class=\"axis\" x=\"0\" "
          "y=\"170\">0</text>"
          "<line class=\"grid\" x1=\"0\" x2=\"100%%\" y1=\"18.5\" y2=\"18.5\" stroke-dasharray=\"2 "
          "3\"/>"
          "<line class=\"grid\" x1=\"0\" x2=\"100%%\" y1=\"174.5\" y2=\"174.5\"/>\n",
          fmt_seconds(max, b, sizeof b));
  fprintf(out,
          "<svg x=\"0\" y=\"19\" width=\"100%%\" height=\"155\" viewBox=\"0 0 %d 1000\" "
          "preserveAspectRatio=\"none\">\n",
          d->nrow - 1);
  for (k = 0; k < 3; k++) {
    fprintf(out, "<polyline class=\"line\" vector-effect=\"non-scaling-stroke\"%s points=\"",
            dashes[k]);
    for (i = 0; i < d->nrow; i++)
      fprintf(out, "%s%d,%.1f", i ? " " : "", i,
              1000.0 - 1000.0 * table_real(d, i, names[k]) / max);
    fputs("\"/>\n", out);
  }
  fputs("</svg>\n", out);
  fputs("<text class=\"axis\" x=\"0\" y=\"190\">", out);
  esc(out, axis_time(table_text(d, 0, "start"), daily, a, sizeof a));
  fputs("</text><text class=\"axis\" x=\"100%\" y=\"190\" text-anchor=\"end\">", out);
  esc(out, axis_time(table_text(d, d->nrow - 1, "start"), daily, b, sizeof b));
  fputs("</text></svg>\n", out);
  /* The legend: a sample of each line beside its name. */
  fputs("<svg aria-hidden=\"true\" height=\"20\">", out);
  for (k = 0; k < 3; k++)
    fprintf(out,
            "<line class=\"line\" x1=\"%d\" x2=\"%d\" y1=\"10\" y2=\"10\"%s/><text x=\"%d\" "
            "y=\"14\">%s</text>",
            k * 90, k * 90 + 30, dashes[k], k * 90 + 36, names[k]);
  fputs("</svg>\n", out);
}

/* ---- tables ---------------------------------------------------------------------- */

static void table_start(FILE *out, const char *caption, const char *const *heads,
                        const char *nums) {
  int i;
  fputs("<div class=\"wrap\"><table>", out);
  if (caption) {
    fputs("<caption class=\"muted\" style=\"text-align:left\">", out);
    esc(out, caption);
    fputs("</caption>", out);
  }
  fputs("<thead><tr>", out);
  for (i = 0; heads[i]; i++)
    fprintf(out, "<th%s>%s</th>", nums[i] == 'n' ? " class=\"n\"" : "", heads[i]);
  fputs("</tr></thead><tbody>\n", out);
}

static void table_end(FILE *out) { fputs("</tbody></table></div>\n", out); }

static void td(FILE *out, const char *cls, const char *text) {
  if (cls)
    fprintf(out, "<td class=\"%s\">", cls);
  else
    fputs("<td>", out);
  esc(out, text);
  fputs("</td>", out);
}

/* Opens a panel's section; section_end() closes it, naming the query. */
static void section(FILE *out, const char *id, const char *title) {
  fprintf(out, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">", id, id, id);
  esc(out, title);
  fprintf(out, "</h2>\n");
}

static void section_end(FILE *out, const char *query) {
  fprintf(out,
          "<p class=\"muted\" style=\"font-size:.8em\">Query: <code>" REPORT_NAME
          " --sql %s</code></p>\n</section>\n",
          query);
}

/* ---- panels -------------------------------------------------------------------- */

static void card(FILE *out, const char *label, const char *value, const char *note) {
  fputs("<div class=\"card\"><span>", out);
  esc(out, label);
  fputs("</span><b>", out);
  esc(out, value);
  fputs("</b>", out);
  if (note) {
    fputs("<span>", out);
    esc(out, note);
    fputs("</span>", out);
  }
  fputs("</div>\n", out);
}

static void write_totals(FILE *out, const struct report *r) {
  const struct table *t = &r->panel[PANEL_TOTALS];
  char a[64], b[64], c[64];
  fputs("<div class=\"cards\" id=\"totals\">\n", out);
  card(out, "requests", count(r->requests), NULL);
  card(out, "clients", count(table_int(t, 0, "clients")), NULL);
  card(out, "bytes sent", fmt_bytes(table_int(t, 0, "bytes"), a, sizeof a), NULL);
  snprintf(b, sizeof b, "%.2f%% of requests", table_real(t, 0, "4xx_share"));
  card(out, "client errors (4xx)", count(table_int(t, 0, "4xx")), b);
  snprintf(c, sizeof c, "%.2f%% of requests", table_real(t, 0, "5xx_share"));
  card(out, "server errors (5xx)", count(table_int(t, 0, "5xx")), c);
  card(out, "rejected lines", count(r->rejected), "did not parse");
  fputs("</div>\n", out);
}

static void write_over_time(FILE *out, const struct report *r) {
  const struct table *ot = &r->panel[PANEL_OVER_TIME];
  static const char *const heads[] = {"start (UTC)", "1xx", "2xx",      "3xx",
                                      "4xx",         "5xx", "requests", NULL};
  char title[128];
  int i, k;
  if (ot->nrow == 0) return;
  snprintf(title, sizeof title, "Requests per %s by status class", report_bucket(r));
  section(out, "over-time", title);
  fprintf(out, "<figure>\n");
  over_time_chart(out, r);
  fprintf(out,
          "<figcaption>Each chart has its own scale, up to the maximum written at its right. "
          "Times are UTC; %d buckets of one %s.</figcaption>\n</figure>\n",
          ot->nrow, report_bucket(r));
  fputs("<details><summary>The numbers</summary>\n", out);
  table_start(out, NULL, heads, "-nnnnnn");
  for (i = 0; i < ot->nrow; i++) {
    fputs("<tr>", out);
    td(out, NULL, table_text(ot, i, "start"));
    for (k = 1; k < 7; k++) td(out, "n", count(table_int(ot, i, heads[k])));
    fputs("</tr>\n", out);
  }
  table_end(out);
  fputs("</details>\n", out);
  section_end(out, "over_time");
}

/* Returns 0, or 1 after saying that memory ran out. */
static int write_codes(FILE *out, const struct report *r) {
  const struct table *t = &r->panel[PANEL_CODES];
  static const char *const heads[] = {"code", "name", "requests", "share", NULL};
  struct hbar *bars = calloc((size_t)t->nrow + 1, sizeof *bars);
  char(*labels)[160] = calloc((size_t)t->nrow + 1, sizeof *labels);
  char(*values)[64] = calloc((size_t)t->nrow + 1, sizeof *values);
  int i;
  if (!bars || !labels || !values) {
    free(bars), free(labels), free(values);
    fprintf(stderr, REPORT_NAME ": out of memory\n");
    return 1;
  }
  section(out, "codes", "Status codes");
  for (i = 0; i < t->nrow; i++) {
    const char *name = table_text(t, i, "name");
    snprintf(labels[i], sizeof labels[i], "%lld %s", (long long)table_int(t, i, "code"),
             name[0] ? name : "(not a known code)");
    snprintf(values[i], sizeof values[i], "%s (%.2f%%)", count(table_int(t, i, "requests")),
             table_real(t, i, "share"));
    bars[i].label = labels[i], bars[i].value = values[i];
    bars[i].v = table_real(t, i, "requests");
    bars[i].k = digit_of(table_int(t, i, "code"));
  }
  fputs("<figure class=\"bars\">\n", out);
  hbar_chart(out, "codes-chart", "Requests by status code", bars, t->nrow);
  fputs("</figure>\n", out);
  table_start(out, "Under each code: what it means, and who defines it.", heads, "n-nn");
  for (i = 0; i < t->nrow; i++) {
    char share[32];
    const char *source = table_text(t, i, "source");
    fputs("<tr>", out);
    td(out, "n", count(table_int(t, i, "code")));
    td(out, NULL, table_text(t, i, "name"));
    td(out, "n", count(table_int(t, i, "requests")));
    snprintf(share, sizeof share, "%.2f%%", table_real(t, i, "share"));
    td(out, "n", share);
    fputs("</tr>\n<tr class=\"more\"><td></td><td colspan=\"3\">", out);
    esc(out, table_text(t, i, "meaning"));
    if (source[0]) {
      fputs(" <span class=\"muted\">Defined by <b>", out);
      esc(out, source);
      fputs("</b>: ", out);
      esc(out, table_text(t, i, "defined_by"));
      fputs("</span>", out);
    } else {
      fputs("<span class=\"muted\">Not in the IANA registry nor in a vendor's list known to "
            "httpstatus.</span>",
            out);
    }
    fputs("</td></tr>\n", out);
  }
  table_end(out);
  section_end(out, "codes");
  free(bars), free(labels), free(values);
  return 0;
}

/* Paths (4xx or 5xx) and clients: a bar per row, then the table. */
static void write_ranked(FILE *out, const struct report *r, enum panel p, const char *id,
                         const char *title, const char *label_col, const char *value_col,
                         const char *note_col, int k) {
  const struct table *t = &r->panel[p];
  struct hbar bars[64] = {{0}};
  char values[64][96];
  int i, n = t->nrow < 64 ? t->nrow : 64;
  section(out, id, title);
  if (n == 0) {
    fputs("<p>None.</p>\n", out);
    section_end(out, report_query_of(p)->name);
    return;
  }
  for (i = 0; i < n; i++) {
    bars[i].label = table_text(t, i, label_col);
    snprintf(values[i], sizeof values[i], "%s%s%s", count(table_int(t, i, value_col)),
             note_col ? " \xC2\xB7 " : "", note_col ? table_text(t, i, note_col) : "");
    bars[i].value = values[i];
    bars[i].v = table_real(t, i, value_col);
    bars[i].k = k;
  }
  fputs("<figure class=\"bars\">\n", out);
  hbar_chart(out, id, title, bars, n);
  fputs("</figure>\n", out);
  if (p == PANEL_CLIENTS) {
    static const char *const heads[] = {"client",   "errors",   "4xx", "5xx",
                                        "requests", "errors %", NULL};
    table_start(out, NULL, heads, "-nnnnn");
    for (i = 0; i < n; i++) {
      char share[32];
      fputs("<tr>", out);
      td(out, "brk", table_text(t, i, "client"));
      td(out, "n", count(table_int(t, i, "errors")));
      td(out, "n", count(table_int(t, i, "4xx")));
      td(out, "n", count(table_int(t, i, "5xx")));
      td(out, "n", count(table_int(t, i, "requests")));
      snprintf(share, sizeof share, "%.2f", table_real(t, i, "error_share"));
      td(out, "n", share);
      fputs("</tr>\n", out);
    }
  } else {
    static const char *const heads[] = {"path", "requests", "codes (code count)", NULL};
    table_start(out, NULL, heads, "-n-");
    for (i = 0; i < n; i++) {
      fputs("<tr>", out);
      td(out, "brk", table_text(t, i, "path"));
      td(out, "n", count(table_int(t, i, "requests")));
      td(out, NULL, table_text(t, i, "codes"));
      fputs("</tr>\n", out);
    }
  }
  table_end(out);
  section_end(out, report_query_of(p)->name);
}

static void write_durations(FILE *out, const struct report *r) {
  const struct table *d = &r->panel[PANEL_DURATIONS], *dt = &r->panel[PANEL_DURATIONS_OVER_TIME];
  static const char *const heads[] = {"class", "requests", "p50", "p95", "p99", "max", NULL};
  static const char *const over_heads[] = {"start (UTC)", "requests", "p50", "p95",
                                           "p99",         "max",      NULL};
  struct hbar bars[32] = {{0}};
  char labels[32][48], values[32][32];
  int i, k, n = 0;
  char a[32];
  section(out, "durations", "Response time");
  if (!r->ran[PANEL_DURATIONS]) {
    fputs("<p>The log's format has no duration, so there are no response times.</p>\n", out);
    fputs("</section>\n", out);
    return;
  }
  /* p50, p95 and p99 of each class as three labelled bars on one scale. */
  for (i = 0; i < d->nrow && n + 3 <= 30; i++) {
    const char *cls = table_text(d, i, "class");
    static const char *const p[] = {"p50", "p95", "p99"};
    for (k = 0; k < 3; k++, n++) {
      snprintf(labels[n], sizeof labels[n], "%s %s", cls, p[k]);
      bars[n].label = labels[n];
      bars[n].v = table_real(d, i, p[k]);
      bars[n].value = fmt_seconds(bars[n].v, values[n], sizeof values[n]);
      bars[n].k = cls[0] >= '1' && cls[0] <= '5' ? cls[0] - '0' : 0;
    }
  }
  fputs("<figure class=\"bars\">\n", out);
  hbar_chart(out, "durations-chart", "Response time percentiles by status class", bars, n);
  fputs("<figcaption>Nearest-rank percentiles over the requests that have a duration.</figcaption>"
        "</figure>\n",
        out);
  table_start(out, NULL, heads, "-nnnnn");
  for (i = 0; i < d->nrow; i++) {
    fputs("<tr>", out);
    td(out, NULL, table_text(d, i, "class"));
    td(out, "n", count(table_int(d, i, "requests")));
    for (k = 2; k < 6; k++) td(out, "n", fmt_seconds(table_real(d, i, heads[k]), a, sizeof a));
    fputs("</tr>\n", out);
  }
  table_end(out);
  section_end(out, "durations");
  if (!r->ran[PANEL_DURATIONS_OVER_TIME] || dt->nrow == 0) return;
  section(out, "durations-over-time", "Response time over time");
  fputs("<figure>\n", out);
  durations_chart(out, r);
  fputs("</figure>\n<details><summary>The numbers</summary>\n", out);
  table_start(out, NULL, over_heads, "-nnnnn");
  for (i = 0; i < dt->nrow; i++) {
    fputs("<tr>", out);
    td(out, NULL, table_text(dt, i, "start"));
    td(out, "n", count(table_int(dt, i, "requests")));
    for (k = 2; k < 6; k++)
      td(out, "n", fmt_seconds(table_real(dt, i, over_heads[k]), a, sizeof a));
    fputs("</tr>\n", out);
  }
  table_end(out);
  fputs("</details>\n", out);
  section_end(out, "durations_over_time");
}

static void write_bots(FILE *out, const struct report *r) {
  const struct table *t = &r->panel[PANEL_BOTS];
  static const char *const heads[] = {"agents", "requests", "share", "4xx",
                                      "5xx",    "errors %", NULL};
  struct hbar bars[8] = {{0}};
  char values[8][64];
  int i, n = t->nrow < 8 ? t->nrow : 8;
  if (!r->ran[PANEL_BOTS] || n == 0) return;
  section(out, "bots", "Bots and people");
  for (i = 0; i < n; i++) {
    bars[i].label = table_text(t, i, "agents");
    snprintf(values[i], sizeof values[i], "%s (%.2f%%)", count(table_int(t, i, "requests")),
             table_real(t, i, "share"));
    bars[i].value = values[i];
    bars[i].v = table_real(t, i, "requests");
    bars[i].k = 3;
  }
  fputs("<figure class=\"bars\">\n", out);
  hbar_chart(out, "bots-chart", "Requests by kind of user agent", bars, n);
  fputs("</figure>\n", out);
  table_start(out, NULL, heads, "-nnnnn");
  for (i = 0; i < n; i++) {
    char s1[32], s2[32];
    fputs("<tr>", out);
    td(out, NULL, table_text(t, i, "agents"));
    td(out, "n", count(table_int(t, i, "requests")));
    snprintf(s1, sizeof s1, "%.2f%%", table_real(t, i, "share"));
    td(out, "n", s1);
    td(out, "n", count(table_int(t, i, "4xx")));
    td(out, "n", count(table_int(t, i, "5xx")));
    snprintf(s2, sizeof s2, "%.2f", table_real(t, i, "error_share"));
    td(out, "n", s2);
    fputs("</tr>\n", out);
  }
  table_end(out);
  section_end(out, "bots");
}

static void write_rejects(FILE *out, const struct report *r) {
  const struct table *t = &r->panel[PANEL_REJECTS];
  static const char *const heads[] = {"file", "line", "reason", "the line", NULL};
  char title[64];
  int i;
  snprintf(title, sizeof title, "Rejected lines: %s", count(r->rejected));
  section(out, "rejects", title);
  if (r->rejected == 0) {
    fputs("<p>None: every line parsed.</p>\n", out);
    section_end(out, "rejects");
    return;
  }
  fprintf(out, "<p>%s line%s did not parse; %s first:</p>\n", count(r->rejected),
          r->rejected == 1 ? "" : "s", r->rejected == 1 ? "it comes" : "the");
  table_start(out, NULL, heads, "-n--");
  for (i = 0; i < t->nrow; i++) {
    if (table_cell(t, i, "line")->type == CELL_NULL) continue;
    fputs("<tr>", out);
    td(out, "brk", table_text(t, i, "source_file"));
    td(out, "n", count(table_int(t, i, "line")));
    td(out, NULL, table_text(t, i, "reason"));
    fputs("<td class=\"brk\"><code>", out);
    esc(out, table_text(t, i, "text"));
    fputs("</code></td></tr>\n", out);
  }
  table_end(out);
  section_end(out, "rejects");
}

static void write_head(FILE *out, const struct report *r) {
  int i;
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n<title>Access log report: ",
        out);
  if (r->opt.db) esc(out, r->opt.db);
  for (i = 0; i < r->opt.nlogs; i++) {
    if (i) fputs(", ", out);
    esc(out, r->opt.logs[i]);
  }
  fputs("</title>\n<style>\n", out);
  fputs(style, out);
  fputs("</style>\n</head>\n<body>\n<main>\n", out);
}

static void write_intro(FILE *out, const struct report *r) {
  const struct table *t = &r->panel[PANEL_TOTALS];
  char a[64], notice[512];
  int i;
  fputs("<header>\n<h1>Access log report</h1>\n<p class=\"muted brk\">", out);
  if (r->opt.db) {
    fputs("database ", out);
    esc(out, r->opt.db);
  }
  for (i = 0; i < r->opt.nlogs; i++) {
    if (i) fputs(", ", out);
    esc(out, r->opt.logs[i]);
  }
  fputs("</p>\n", out);
  if (r->requests > 0 && table_cell(t, 0, "first")->type == CELL_TEXT) {
    fputs("<p>", out);
    esc(out, table_text(t, 0, "first"));
    fputs(" to ", out);
    esc(out, table_text(t, 0, "last"));
    fprintf(out, " UTC (%s)</p>\n", fmt_period(table_int(t, 0, "seconds"), a, sizeof a));
  }
  if (r->filtered) {
    fputs("<p class=\"muted\">Filters:", out);
    if (r->opt.since) fprintf(out, " since %s UTC;", r->since);
    if (r->opt.until) fprintf(out, " until %s UTC;", r->until);
    if (r->opt.host) fputs(" host ", out), esc(out, r->opt.host), fputs(";", out);
    if (r->opt.path) fputs(" path ", out), esc(out, r->opt.path), fputs(";", out);
    if (r->opt.status) fputs(" status ", out), esc(out, r->opt.status), fputs(";", out);
    fprintf(out, " %s of %s parsed lines match.</p>\n", count(r->requests), count(r->parsed));
  }
  fputs("</header>\n", out);
  if (report_notice(r, notice, sizeof notice)) {
    fputs("<p class=\"notice\" role=\"status\">", out);
    esc(out, notice);
    fputs("</p>\n", out);
  }
  write_totals(out, r);
  if (r->requests > 0) {
    fputs("<nav aria-label=\"Panels\"><a href=\"#over-time\">over time</a> <a "
          "href=\"#codes\">codes</a> "
          "<a href=\"#paths-4xx\">4xx paths</a> <a href=\"#paths-5xx\">5xx paths</a> "
          "<a href=\"#clients\">clients</a> <a href=\"#durations\">response time</a> ",
          out);
    if (r->ran[PANEL_BOTS]) fputs("<a href=\"#bots\">bots</a> ", out);
    fputs("<a href=\"#rejects\">rejected</a></nav>\n", out);
  }
}

int report_write_html(const struct report *r, FILE *out) {
  write_head(out, r);
  write_intro(out, r);
  if (r->requests > 0) {
    write_over_time(out, r);
    if (write_codes(out, r)) return 1;
    write_ranked(out, r, PANEL_PATHS_4XX, "paths-4xx", "Paths with the most client errors (4xx)",
                 "path", "requests", "codes", 4);
    write_ranked(out, r, PANEL_PATHS_5XX, "paths-5xx", "Paths with the most server errors (5xx)",
                 "path", "requests", "codes", 5);
    write_ranked(out, r, PANEL_CLIENTS, "clients", "Clients with the most errors", "client",
                 "errors", NULL, 4);
    write_durations(out, r);
    write_bots(out, r);
  }
  write_rejects(out, r);
  fprintf(out,
          "<footer class=\"muted\">Written by " REPORT_NAME " %s. Each panel is one SQL query "
          "of examples/report/, which <code>" REPORT_NAME " --sql NAME</code> prints.</footer>\n",
          HTTPSTATUS_VERSION);
  fputs("</main>\n</body>\n</html>\n", out);
  return 0;
}
