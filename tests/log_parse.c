/* log_parse: reads log files with one http_log() format, without SQLite's
 * table, and prints one tab-separated line per input line:
 *
 *   line kind status time time_utc client remote_user method path query
 *   protocol bytes referrer user_agent host port duration extra error
 *
 * kind is ROW, ERR or DIR (a directive, not a row); an absent field is
 * empty; tabs, newlines and backslashes inside values are written \t \n \\.
 * Usage: log_parse [--count] [--scratch N] FORMAT [FILE...] (standard
 * input without FILE), where FORMAT is a name of log_formats.c or
 * "json:<mapping>". With --count it prints only "rows N errors N
 * directives N seconds S", S the time spent parsing (the benchmark's
 * measure). --scratch N lets each line use at most N bytes of the scratch
 * buffer, so the tests reach the parsers' "does not fit" paths. The tests
 * use it to check the parsers line by line. */
#define _POSIX_C_SOURCE 200809L
#define SQLITE_CORE 1
#include <sqlite3ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log_format_json.h"
#include "log_formats.h"
#include "log_text.h"
#include "log_time.h"

/* The parsers reach SQLite only for error messages, through sqlite3_api. */
static sqlite3_api_routines api;
const sqlite3_api_routines *sqlite3_api;

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
static log_scratch extra;       /* the extra column, written as http_log() writes it when read */
static long scratch_limit = -1; /* --scratch N: at most N bytes of scratch per line */
static long counts[3];
static double parse_seconds;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_file(const log_family *f, void *state, FILE *in, log_scratch *sc) {
  char *line = NULL, buf[LOG_TIME_TEXT_MAX];
  size_t cap = 0;
  ssize_t len;
  long no = 0;
  log_record rec;
  f->start_file(state);
  while ((len = getline(&line, &cap, in)) >= 0) {
    enum log_parse_result r;
    log_text t;
    no++;
    if (len > 0 && line[len - 1] == '\n') len--;
    if (log_scratch_begin(sc, (size_t)len) != 0) return 1;
    if (scratch_limit >= 0 && sc->cap - sc->len > (size_t)scratch_limit)
      sc->cap = sc->len + (size_t)scratch_limit; /* to test the parsers' full-scratch paths */
    memset(&rec, 0, sizeof rec);
    if (count_only) {
      double t0 = now();
      r = f->parse(state, line, (size_t)len, &rec, sc);
      parse_seconds += now() - t0;
      counts[r]++;
      continue;
    }
    r = f->parse(state, line, (size_t)len, &rec, sc);
    printf("%ld\t%s", no, r == LOG_PARSED ? "ROW" : r == LOG_REJECTED ? "ERR" : "DIR");
    put_int(rec.has_status, rec.status);
    t.p = buf;
    t.n = rec.time.present ? log_time_format_local(&rec.time, buf) : 0;
    put(t);
    t.n = rec.time.present ? log_time_format_utc(&rec.time, buf) : 0;
    put(t);
    put(rec.client), put(rec.remote_user), put(rec.method), put(rec.path), put(rec.query);
    put(rec.protocol);
    put_int(rec.has_bytes, rec.bytes);
    put(rec.referrer), put(rec.user_agent), put(rec.host);
    put_int(rec.has_port, rec.port);
    if (rec.has_duration)
      printf("\t%.6f", rec.duration);
    else
      putchar('\t');
    if (log_record_extra(&rec, &extra) != 0) return 1;
    put(rec.extra), put(rec.error);
    putchar('\n');
  }
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  const log_family *f;
  const char *spec;
  void *state = NULL;
  char *err = NULL;
  log_scratch sc = {NULL, 0, 0};
  int i, rc = 0;
  api.mprintf = sqlite3_mprintf;
  api.free = sqlite3_free;
  api.malloc = sqlite3_malloc;
  api.malloc64 = sqlite3_malloc64;
  api.realloc = sqlite3_realloc;
  api.realloc64 = sqlite3_realloc64;
  sqlite3_api = &api;
  if (argc > 1 && strcmp(argv[1], "--count") == 0) {
    count_only = 1;
    argv++;
    argc--;
  }
  if (argc > 2 && strcmp(argv[1], "--scratch") == 0) {
    scratch_limit = atol(argv[2]);
    argv += 2;
    argc -= 2;
  }
  if (argc < 2) {
    fprintf(stderr, "usage: log_parse [--count] FORMAT [FILE...]\n");
    return 2;
  }
  if (log_format_json_is_spec(argv[1])) {
    f = &log_family_json;
    spec = argv[1] + strlen(LOG_FORMAT_JSON_PREFIX);
  } else if ((i = log_format_find(argv[1])) >= 0) {
    f = log_named_formats[i].family;
    spec = log_named_formats[i].spec;
  } else {
    fprintf(stderr, "log_parse: no format %s\n", argv[1]);
    return 2;
  }
  if (f->open(spec, &state, &err)) {
    fprintf(stderr, "log_parse: %s\n", err ? err : "out of memory");
    sqlite3_free(err);
    f->close(state);
    return 1;
  }
  if (argc == 2) rc = read_file(f, state, stdin, &sc);
  for (i = 2; i < argc && !rc; i++) {
    FILE *in = fopen(argv[i], "rb");
    if (!in) {
      perror(argv[i]);
      rc = 1;
      break;
    }
    rc = read_file(f, state, in, &sc);
    fclose(in);
  }
  if (count_only)
    printf("rows %ld errors %ld directives %ld seconds %.6f\n", counts[LOG_PARSED],
           counts[LOG_REJECTED], counts[LOG_DIRECTIVE], parse_seconds);
  f->close(state);
  log_scratch_free(&sc);
  log_scratch_free(&extra);
  return rc;
}
