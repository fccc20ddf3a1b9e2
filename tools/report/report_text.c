/*
** report_text.c: the terminal report. Aligned tables within the width
** (80 columns unless the terminal or --width says otherwise), bars and
** sparklines drawn with characters (block elements where the locale is
** UTF-8, ASCII elsewhere), colour only when it is on (report_options.c).
*/
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "report.h"

struct term {
  FILE *out;
  int width, color, utf8;
  const char *ellipsis;
};

/* SGR sequences, or "" without colour. */
static const char *sgr(const struct term *t, const char *code) { return t->color ? code : ""; }
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"
/* The classes' colours: 1xx blue, 2xx green, 3xx cyan, 4xx yellow, 5xx red. */
static const char *const class_sgr[6] = {"",         "\033[34m", "\033[32m",
                                         "\033[36m", "\033[33m", "\033[31m"};

static int locale_is_utf8(void) {
  const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
  int i;
  for (i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v)
      return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") || strstr(v, "utf-8");
  }
  return 0;
}

static void term_init(struct term *t, const struct report *r, FILE *out) {
  struct winsize ws;
  const char *columns = getenv("COLUMNS"), *no_color = getenv("NO_COLOR");
  int tty = isatty(fileno(out));
  t->out = out;
  t->width = 80;
  if (r->opt.width)
    t->width = r->opt.width;
  else if (tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 60)
    t->width = ws.ws_col;
  else if (columns && atoi(columns) >= 60)
    t->width = atoi(columns);
  if (t->width > 1000) t->width = 1000;
  t->color = r->opt.color == 1 || (r->opt.color == -1 && tty && !(no_color && *no_color));
  t->utf8 = locale_is_utf8();
  t->ellipsis = t->utf8 ? "\xE2\x80\xA6" : "~";
}

/* Writes s in width columns, padded on the left (right > 0) or the right,
** and cut to fit. */
/* right < 0: the line's last cell, not padded. */
static void cell(const struct term *t, const char *s, int width, int right) {
  char buf[4096];
  int pad;
  utf8_fit(s, width, t->ellipsis, buf, sizeof buf);
  pad = width - utf8_width(buf);
  if (right > 0) fprintf(t->out, "%*s", pad, "");
  fputs(buf, t->out);
  if (right == 0) fprintf(t->out, "%*s", pad, "");
}

/* Writes text in lines of at most the width, breaking between words. */
static void wrap(const struct term *t, const char *text) {
  int col = 0;
  while (*text) {
    size_t word = strcspn(text, " ");
    int w;
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)(word < sizeof buf ? word : sizeof buf - 1), text);
    w = utf8_width(buf);
    if (col > 0 && col + 1 + w > t->width) {
      fputc('\n', t->out);
      col = 0;
    } else if (col > 0) {
      fputc(' ', t->out);
      col++;
    }
    fputs(buf, t->out);
    col += w;
    text += word;
    while (*text == ' ') text++;
  }
  fputc('\n', t->out);
}

static void heading(const struct term *t, const char *title) {
  fprintf(t->out, "\n%s%s%s\n", sgr(t, BOLD), title, sgr(t, RESET));
}

/* A bar of value / max in width columns: eighths with UTF-8, '#' without. */
static void bar(const struct term *t, double value, double max, int width) {
  int eighths = max > 0 ? (int)(value / max * width * 8 + 0.5) : 0, i;
  static const char *const parts[] = {"",
                                      "\xE2\x96\x8F",
                                      "\xE2\x96\x8E",
                                      "\xE2\x96\x8D",
                                      "\xE2\x96\x8C",
                                      "\xE2\x96\x8B",
                                      "\xE2\x96\x8A",
                                      "\xE2\x96\x89"};
  if (value > 0 && eighths == 0) eighths = 1; /* a count above 0 always shows */
  if (!t->utf8) {
    int n = (eighths + 7) / 8;
    for (i = 0; i < n; i++) fputc('#', t->out);
    fprintf(t->out, "%*s", width - n, "");
    return;
  }
  for (i = 0; i < eighths / 8; i++) fputs("\xE2\x96\x88", t->out);
  fputs(parts[eighths % 8], t->out);
  fprintf(t->out, "%*s", width - eighths / 8 - (eighths % 8 ? 1 : 0), "");
}

/* ---- panels ---------------------------------------------------------------- */

static void write_header(const struct term *t, const struct report *r) {
  const struct table *tot = &r->panel[PANEL_TOTALS];
  char a[64], b[64], c[64], line[512];
  int i;
  fprintf(t->out, "%s" REPORT_NAME "%s ", sgr(t, BOLD), sgr(t, RESET));
  if (r->opt.db) {
    fprintf(t->out, "%s", r->opt.db);
  } else {
    for (i = 0; i < r->opt.nlogs; i++) fprintf(t->out, "%s%s", i ? ", " : "", r->opt.logs[i]);
  }
  fputc('\n', t->out);
  if (r->filtered) {
    size_t n = (size_t)snprintf(line, sizeof line, "filters:");
    if (r->opt.since && n < sizeof line)
      n += (size_t)snprintf(line + n, sizeof line - n, " since %s UTC", r->since);
    if (r->opt.until && n < sizeof line)
      n += (size_t)snprintf(line + n, sizeof line - n, " until %s UTC", r->until);
    if (r->opt.host && n < sizeof line)
      n += (size_t)snprintf(line + n, sizeof line - n, " host %s", r->opt.host);
    if (r->opt.path && n < sizeof line)
      n += (size_t)snprintf(line + n, sizeof line - n, " path %s", r->opt.path);
    if (r->opt.status && n < sizeof line)
      snprintf(line + n, sizeof line - n, " status %s", r->opt.status);
    fputs(sgr(t, DIM), t->out);
    wrap(t, line);
    fputs(sgr(t, RESET), t->out);
  }
  if (r->requests > 0 && table_cell(tot, 0, "first")->type == CELL_TEXT) {
    fprintf(t->out, "%s to %s UTC (%s)\n", table_text(tot, 0, "first"), table_text(tot, 0, "last"),
            fmt_period(table_int(tot, 0, "seconds"), a, sizeof a));
  }
  fputc('\n', t->out);
  snprintf(line, sizeof line, "%s", fmt_count(r->requests, a, sizeof a));
  fprintf(t->out, "  %-10s%-14s", "requests", line);
  fprintf(t->out, "%-9s%-14s", "clients", fmt_count(table_int(tot, 0, "clients"), a, sizeof a));
  fprintf(t->out, "%-9s%s\n", "bytes", fmt_bytes(table_int(tot, 0, "bytes"), a, sizeof a));
  snprintf(line, sizeof line, "%s (%.2f%%)", fmt_count(table_int(tot, 0, "4xx"), a, sizeof a),
           table_real(tot, 0, "4xx_share"));
  fprintf(t->out, "  %-10s%-14s", "4xx", line);
  snprintf(line, sizeof line, "%s (%.2f%%)", fmt_count(table_int(tot, 0, "5xx"), b, sizeof b),
           table_real(tot, 0, "5xx_share"));
  fprintf(t->out, "%-9s%-14s", "5xx", line);
  fprintf(t->out, "%-9s%s\n", "rejected", fmt_count(r->rejected, c, sizeof c));
  if (report_notice(r, line, sizeof line)) {
    fprintf(t->out, "\n%s", sgr(t, BOLD));
    wrap(t, line);
    fputs(sgr(t, RESET), t->out);
  }
}

/* One sparkline per class present: each column sums `per` buckets. */
static void write_over_time(const struct term *t, const struct report *r) {
  const struct table *ot = &r->panel[PANEL_OVER_TIME];
  static const char *const levels_utf8[] = {" ",
                                            "\xE2\x96\x81",
                                            "\xE2\x96\x82",
                                            "\xE2\x96\x83",
                                            "\xE2\x96\x84",
                                            "\xE2\x96\x85",
                                            "\xE2\x96\x86",
                                            "\xE2\x96\x87",
                                            "\xE2\x96\x88"};
  static const char levels_ascii[] = " .:-=+*#%@";
  int cols_max = t->width - 20, per, ncols, k, c, i;
  char title[160], a[32];
  if (ot->nrow == 0) return;
  per = (ot->nrow + cols_max - 1) / cols_max;
  ncols = (ot->nrow + per - 1) / per;
  if (per == 1)
    snprintf(title, sizeof title, "Requests per %s by status class (UTC)", report_bucket(r));
  else
    snprintf(title, sizeof title, "Requests per %s by status class (UTC; a column sums %d of them)",
             report_bucket(r), per);
  heading(t, title);
  for (k = 1; k <= 5; k++) {
    char name[16];
    double max = 0, sum;
    snprintf(name, sizeof name, "%dxx", k);
    for (c = 0; c < ncols; c++) {
      for (sum = 0, i = c * per; i < ot->nrow && i < (c + 1) * per; i++)
        sum += (double)table_int(ot, i, name);
      if (sum > max) max = sum;
    }
    if (max == 0) continue;
    fprintf(t->out, "  %s%s%s ", sgr(t, class_sgr[k]), name, sgr(t, RESET));
    fputs(sgr(t, class_sgr[k]), t->out);
    for (c = 0; c < ncols; c++) {
      int level;
      for (sum = 0, i = c * per; i < ot->nrow && i < (c + 1) * per; i++)
        sum += (double)table_int(ot, i, name);
      level = sum > 0 ? 1 + (int)(sum / max * 7.999) : 0;
      if (t->utf8)
        fputs(levels_utf8[level], t->out);
      else
        fputc(levels_ascii[sum > 0 ? 1 + (int)(sum / max * 8.999) : 0], t->out);
    }
    fputs(sgr(t, RESET), t->out);
    fprintf(t->out, " max %s\n", fmt_count((sqlite3_int64)max, a, sizeof a));
  }
  fprintf(t->out, "      %.16s", table_text(ot, 0, "start"));
  i = ncols - 16 - 16;
  if (i > 0) fprintf(t->out, "%*s%.16s", i, "", table_text(ot, (ncols - 1) * per, "start"));
  fputc('\n', t->out);
}

static void write_codes(const struct term *t, const struct report *r) {
  const struct table *codes = &r->panel[PANEL_CODES];
  int name_w = 24, bar_w = t->width - 2 - 4 - 1 - name_w - 1 - 10 - 8 - 2 - 14, i;
  double max = codes->nrow ? table_real(codes, 0, "requests") : 0;
  char a[32], share[32];
  if (codes->nrow == 0) return;
  heading(t, "Status codes");
  fprintf(t->out, "%s  code %-*s %10s %7s  %-*s defined by%s\n", sgr(t, DIM), name_w, "name",
          "requests", "share", bar_w, "", sgr(t, RESET));
  for (i = 0; i < codes->nrow; i++) {
    const char *source = table_text(codes, i, "source");
    sqlite3_int64 code = table_int(codes, i, "code");
    const char *name = table_text(codes, i, "name");
    fprintf(t->out, "  %s%4lld%s ", sgr(t, class_sgr[code >= 100 && code < 600 ? code / 100 : 0]),
            (long long)code, sgr(t, RESET));
    cell(t, name[0] ? name : "(not a known code)", name_w, 0);
    snprintf(share, sizeof share, "%.2f%%", table_real(codes, i, "share"));
    fprintf(t->out, " %10s %7s  ", fmt_count(table_int(codes, i, "requests"), a, sizeof a), share);
    bar(t, table_real(codes, i, "requests"), max, bar_w);
    fputc(' ', t->out);
    cell(t, source[0] ? source : "-", 13, -1);
    fputc('\n', t->out);
    /* A code outside the registry is explained where it is listed. */
    if (source[0] && strcmp(source, "iana") != 0) {
      fprintf(t->out, "%s", sgr(t, DIM));
      fputs("       ", t->out);
      cell(t, table_text(codes, i, "meaning"), t->width - 7, -1);
      fprintf(t->out, "%s\n", sgr(t, RESET));
    }
  }
}

static void write_paths(const struct term *t, const struct report *r, enum panel p,
                        const char *title) {
  const struct table *paths = &r->panel[p];
  int codes_w = 18, path_w = t->width - 2 - 9 - 2 - codes_w - 2, i;
  char a[32];
  heading(t, title);
  if (paths->nrow == 0) {
    fprintf(t->out, "  none\n");
    return;
  }
  fprintf(t->out, "%s  %9s  %-*s  %s%s\n", sgr(t, DIM), "requests", path_w, "path", "codes",
          sgr(t, RESET));
  for (i = 0; i < paths->nrow; i++) {
    fprintf(t->out, "  %9s  ", fmt_count(table_int(paths, i, "requests"), a, sizeof a));
    cell(t, table_text(paths, i, "path"), path_w, 0);
    fputs("  ", t->out);
    cell(t, table_text(paths, i, "codes"), codes_w, -1);
    fputc('\n', t->out);
  }
}

static void write_clients(const struct term *t, const struct report *r) {
  const struct table *cl = &r->panel[PANEL_CLIENTS];
  int client_w = t->width - 2 - 8 - 8 - 8 - 10 - 9, i;
  char a[32], b[32], c[32], d[32], e[32];
  heading(t, "Clients with the most errors");
  if (cl->nrow == 0) {
    fprintf(t->out, "  none\n");
    return;
  }
  fprintf(t->out, "%s  %-*s%8s%8s%8s%10s%9s%s\n", sgr(t, DIM), client_w, "client", "errors", "4xx",
          "5xx", "requests", "errors %", sgr(t, RESET));
  for (i = 0; i < cl->nrow; i++) {
    fputs("  ", t->out);
    cell(t, table_text(cl, i, "client"), client_w, 0);
    snprintf(e, sizeof e, "%.2f", table_real(cl, i, "error_share"));
    fprintf(t->out, "%8s%8s%8s%10s%9s\n", fmt_count(table_int(cl, i, "errors"), a, sizeof a),
            fmt_count(table_int(cl, i, "4xx"), b, sizeof b),
            fmt_count(table_int(cl, i, "5xx"), c, sizeof c),
            fmt_count(table_int(cl, i, "requests"), d, sizeof d), e);
  }
}

static void write_durations(const struct term *t, const struct report *r) {
  const struct table *d = &r->panel[PANEL_DURATIONS];
  const char *cols[] = {"p50", "p95", "p99", "max"};
  int i, k;
  char a[32];
  heading(t, "Response time");
  if (!r->ran[PANEL_DURATIONS]) {
    fprintf(t->out, "  the log's format has no duration\n");
    return;
  }
  fprintf(t->out, "%s  %-8s%10s%10s%10s%10s%10s%s\n", sgr(t, DIM), "class", "requests", "p50",
          "p95", "p99", "max", sgr(t, RESET));
  for (i = 0; i < d->nrow; i++) {
    const char *cls = table_text(d, i, "class");
    int digit = cls[0] >= '1' && cls[0] <= '5' ? cls[0] - '0' : 0;
    fprintf(t->out, "  %s%-8s%s%10s", sgr(t, class_sgr[digit]), cls, sgr(t, RESET),
            fmt_count(table_int(d, i, "requests"), a, sizeof a));
    for (k = 0; k < 4; k++)
      fprintf(t->out, "%10s", fmt_seconds(table_real(d, i, cols[k]), a, sizeof a));
    fputc('\n', t->out);
  }
}

static void write_bots(const struct term *t, const struct report *r) {
  const struct table *b = &r->panel[PANEL_BOTS];
  int i;
  char a[32];
  if (!r->ran[PANEL_BOTS] || b->nrow == 0) return;
  heading(t, "Bots and people (by user agent)");
  fprintf(t->out, "%s  %-10s%10s%9s%8s%8s%10s%s\n", sgr(t, DIM), "agents", "requests", "share",
          "4xx", "5xx", "errors %", sgr(t, RESET));
  for (i = 0; i < b->nrow; i++) {
    char s1[32], s2[32], c4[32], c5[32];
    snprintf(s1, sizeof s1, "%.2f%%", table_real(b, i, "share"));
    snprintf(s2, sizeof s2, "%.2f", table_real(b, i, "error_share"));
    fprintf(t->out, "  %-10s%10s%9s%8s%8s%10s\n", table_text(b, i, "agents"),
            fmt_count(table_int(b, i, "requests"), a, sizeof a), s1,
            fmt_count(table_int(b, i, "4xx"), c4, sizeof c4),
            fmt_count(table_int(b, i, "5xx"), c5, sizeof c5), s2);
  }
}

static void write_rejects(const struct term *t, const struct report *r) {
  const struct table *rj = &r->panel[PANEL_REJECTS];
  char a[64], where[600];
  int i;
  snprintf(where, sizeof where, "Rejected lines: %s", fmt_count(r->rejected, a, sizeof a));
  heading(t, where);
  if (r->rejected == 0) {
    fprintf(t->out, "  none: every line parsed\n");
    return;
  }
  for (i = 0; i < rj->nrow; i++) {
    if (table_cell(rj, i, "line")->type == CELL_NULL) continue;
    snprintf(where, sizeof where, "%s:%lld", table_text(rj, i, "source_file"),
             (long long)table_int(rj, i, "line"));
    fputs("  ", t->out);
    cell(t, where, t->width - 2, -1);
    fputs("\n    ", t->out);
    cell(t, table_text(rj, i, "reason"), t->width - 4, -1);
    fputc('\n', t->out);
  }
  if (r->rejected > rj->nrow)
    fprintf(t->out, "  ... and %lld more\n", (long long)(r->rejected - rj->nrow));
}

int report_write_text(const struct report *r, FILE *out) {
  struct term t;
  term_init(&t, r, out);
  write_header(&t, r);
  if (r->requests > 0) {
    write_over_time(&t, r);
    write_codes(&t, r);
    write_paths(&t, r, PANEL_PATHS_4XX, "Paths with the most client errors (4xx)");
    write_paths(&t, r, PANEL_PATHS_5XX, "Paths with the most server errors (5xx)");
    write_clients(&t, r);
    write_durations(&t, r);
    write_bots(&t, r);
  }
  write_rejects(&t, r);
  return 0;
}
