/*
** report.h: httpstatus-report, a report over access logs in the terminal, as
** one HTML page or as JSON.
**
** The flow is one way: options (report_options.c) -> one pass over the input
** into the temp tables log and rejects, then one query per panel into a
** table of cells (report_query.c) -> one writer (report_text.c,
** report_html.c, report_json.c). The queries are the files of
** examples/report/, compiled in as text (report_sql.h, generated).
*/
#ifndef REPORT_H
#define REPORT_H

#include <sqlite3.h>
#include <stdio.h>

#define REPORT_NAME "httpstatus-report"

/* ---- options ------------------------------------------------------------ */

struct report_options {
  const char *output; /* -o FILE: the HTML page (- for standard output) */
  int json;           /* --json */
  const char *db;     /* --db FILE: a database written by httpstatus-import */
  const char *format; /* --format F, given to http_log() */
  const char *since, *until, *now, *host, *path, *status;
  int color;       /* --color: -1 auto (a terminal, NO_COLOR unset), 0 never, 1 always */
  int width;       /* terminal columns: --width, else COLUMNS or the terminal's, else 80 */
  const char *sql; /* --sql NAME: print that panel's query and exit */
  char **logs;     /* the LOG arguments */
  int nlogs;
};

/* Parses argv into opt. Returns 0, or 1 after --help or --version was printed,
** or 2 after a usage error was printed. */
int report_parse_options(int argc, char **argv, struct report_options *opt);
/* The text --help prints (also the man page's source, tools/report/man.sh). */
extern const char report_help[];

/* ---- the panels and their results -------------------------------------- */

enum panel {
  PANEL_TOTALS,
  PANEL_OVER_TIME,
  PANEL_CODES,
  PANEL_PATHS_4XX,
  PANEL_PATHS_5XX,
  PANEL_CLIENTS,
  PANEL_DURATIONS,
  PANEL_DURATIONS_OVER_TIME,
  PANEL_REJECTS,
  PANEL_BOTS,
  PANELS
};

/* The query of each panel: its name (the file's name without the number and
** .sql), the file it comes from and its text. */
struct report_query {
  const char *name, *file, *sql;
};
const struct report_query *report_query_of(enum panel p);
const struct report_query *report_query_named(const char *name);
/* Every query, for --sql list; *n gets the count. */
const struct report_query *report_queries(int *n);

enum cell_type { CELL_NULL, CELL_INT, CELL_REAL, CELL_TEXT };
struct cell {
  enum cell_type type;
  sqlite3_int64 i;
  double r;
  char *text; /* valid UTF-8 without control characters (report_query.c cleans it) */
};

/* A query's result: ncol names, nrow rows, cells[row * ncol + col]. */
struct table {
  int ncol, nrow;
  char **names;
  struct cell *cells;
};

/* The column named name, or -1. */
int table_col(const struct table *t, const char *name);
/* The cell of row and the column named name (a NULL cell when there is none). */
const struct cell *table_cell(const struct table *t, int row, const char *name);
sqlite3_int64 table_int(const struct table *t, int row, const char *name);
double table_real(const struct table *t, int row, const char *name);
/* The text of a cell, or "" for NULL (numbers are not converted). */
const char *table_text(const struct table *t, int row, const char *name);

/* ---- the report ----------------------------------------------------------- */

struct report {
  struct report_options opt;
  sqlite3 *db;
  char since[32], until[32]; /* the filters' bounds as UTC 'YYYY-MM-DD HH:MM:SS' */
  int filtered;              /* any filter given */
  int has_bots;              /* http_agent_is_bot() exists */
  sqlite3_int64 parsed;      /* lines parsed, before the filters */
  sqlite3_int64 rejected;    /* lines that did not parse */
  sqlite3_int64 requests;    /* parsed lines that pass the filters */
  int ran[PANELS];           /* the panel's query was run */
  struct table panel[PANELS];
  /* progress on standard error while the input is read */
  double started;
  int progress_shown; /* the last whole second shown, 0 for none */
  const char *reading;
};

/* Opens the connection and reads the input once. Returns 0, or 1 after
** printing why. */
int report_load(struct report *r);
/* Runs every panel's query on what report_load() read. 0, or 1 after printing why. */
int report_run(struct report *r);
void report_close(struct report *r);

/* A sentence to show above the panels when the input or the filters leave
** little to show (no line, nothing parsed, nothing matched), or NULL. */
const char *report_notice(const struct report *r, char *buf, size_t size);
/* "hour", "15 minutes"...: the over-time bucket, or "" without one. */
const char *report_bucket(const struct report *r);

/* ---- writers: each returns 0, or 1 after printing why -------------------- */

int report_write_text(const struct report *r, FILE *out);
int report_write_html(const struct report *r, FILE *out);
int report_write_json(const struct report *r, FILE *out);

/* ---- shared formatting (report_format.c) ---------------------------------- */

/* 1234567 as "1,234,567". */
const char *fmt_count(sqlite3_int64 n, char *buf, size_t size);
/* Bytes as "2.1 GB" (powers of 1000). */
const char *fmt_bytes(sqlite3_int64 n, char *buf, size_t size);
/* Seconds as "350 ms", "2.41 s". */
const char *fmt_seconds(double s, char *buf, size_t size);
/* A period in seconds as "3 d 11 h", "12 min", "1 s". */
const char *fmt_period(sqlite3_int64 s, char *buf, size_t size);
/* The columns a UTF-8 string takes (one per code point). */
int utf8_width(const char *s);
/* Copies at most width columns of s into buf, ending with ellipsis (one
** column: "…", or "~" where UTF-8 cannot be shown) when cut. */
const char *utf8_fit(const char *s, int width, const char *ellipsis, char *buf, size_t size);
/* The meaning of a status class digit: "Success" for 2. */
const char *class_name(int digit);

#endif
