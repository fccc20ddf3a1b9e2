/* log_parse: reads logs through the reader (ext/log/log_reader.h), without
 * SQLite, and prints one tab-separated line per row:
 *
 *   line kind status time time_utc client remote_user method path query
 *   protocol bytes referrer user_agent host port duration extra error format
 *
 * kind is ROW, ERR or DIR (a directive, not a row of http_log()); an absent
 * field is empty; tabs, newlines and backslashes inside values are written
 * \t \n \\.
 *
 * Usage: log_parse [--count] [--scratch N] FORMAT [FILE...] (standard input
 * without FILE), FORMAT as http_log() takes it ("auto" detects). Each FILE
 * is read by a reader of its own, so line numbers start at 1 in each.
 * --count prints only "rows N errors N directives N seconds S", S the CPU
 * time spent reading (the benchmarks' measure). --scratch N lets each line
 * use at most N bytes of the scratch buffer, so the tests reach the parsers'
 * "does not fit" paths. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log_reader.h"
#include "log_time.h"

static void put(log_text t) {
  size_t i;
  putchar('\t');
  for (i = 0; t.p && i < t.n; i++) {
    char c = t.p[i];
    if (c == '\t')
      fputs("\\t", stdout);
    else if (c == '\n')
      fputs("\\n", stdout);
    else if (c == '\\')
      fputs("\\\\", stdout);
    else
      putchar(c);
  }
}

static void put_int(int has, long long v) {
  if (has)
    printf("\t%lld", v);
  else
    putchar('\t');
}

static int count_only;
static size_t scratch_limit;
static long counts[3];
static double seconds;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int print_row(log_reader *reader, const log_row *row) {
  static const char *const kinds[] = {"ROW", "ERR", "DIR"};
  const log_record *rec = row->rec;
  char buf[LOG_TIME_TEXT_MAX];
  log_text t, extra;
  printf("%lld\t%s", (long long)row->line, kinds[row->kind]);
  put_int(rec->has_status, rec->status);
  t.p = buf;
  t.n = rec->time.present ? log_time_format_local(&rec->time, buf) : 0;
  put(t);
  t.n = rec->time.present ? log_time_format_utc(&rec->time, buf) : 0;
  put(t);
  put(rec->client), put(rec->remote_user), put(rec->method), put(rec->path), put(rec->query);
  put(rec->protocol);
  put_int(rec->has_bytes, rec->bytes);
  put(rec->referrer), put(rec->user_agent), put(rec->host);
  put_int(rec->has_port, rec->port);
  if (rec->has_duration)
    printf("\t%.6f", rec->duration);
  else
    putchar('\t');
  if (log_reader_extra(reader, &extra) != 0) return 1;
  put(extra), put(rec->error);
  t.p = rec->format;
  t.n = rec->format ? strlen(rec->format) : 0;
  put(t);
  putchar('\n');
  return 0;
}

static int read_path(const char *format, const char *path) {
  log_reader_options options;
  log_reader *reader;
  log_row row;
  char err[1024];
  enum log_reader_result r;
  int rc = 0;
  double t0 = cpu_now();
  memset(&options, 0, sizeof options);
  options.path = path;
  options.path_mode = LOG_PATH_LITERAL;
  options.format = format;
  options.directives = 1;
  options.scratch_limit = scratch_limit;
  if (!(reader = log_reader_open(&options, strlen(path), err, sizeof err))) {
    fprintf(stderr, "log_parse: %s\n", err);
    return 1;
  }
  while ((r = log_reader_next(reader, &row)) == LOG_READER_ROW) {
    if (count_only)
      counts[row.kind]++;
    else if (print_row(reader, &row) != 0)
      r = LOG_READER_FAIL;
  }
  if (r == LOG_READER_FAIL) {
    fprintf(stderr, "log_parse: %s\n", log_reader_error(reader));
    rc = 1;
  }
  log_reader_close(reader);
  seconds += cpu_now() - t0;
  return rc;
}

int main(int argc, char **argv) {
  int i, rc = 0;
  if (argc > 1 && strcmp(argv[1], "--count") == 0) {
    count_only = 1;
    argv++;
    argc--;
  }
  if (argc > 2 && strcmp(argv[1], "--scratch") == 0) {
    scratch_limit = (size_t)atol(argv[2]);
    argv += 2;
    argc -= 2;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: log_parse [--count] [--scratch N] FORMAT [FILE...]\n");
    return 2;
  }
  if (argc == 2) rc = read_path(argv[1], "/dev/stdin");
  for (i = 2; i < argc && !rc; i++) rc = read_path(argv[1], argv[i]);
  if (count_only)
    printf("rows %ld errors %ld directives %ld seconds %.6f\n", counts[LOG_ROW_PARSED],
           counts[LOG_ROW_ERROR], counts[LOG_ROW_DIRECTIVE], seconds);
  return rc;
}
