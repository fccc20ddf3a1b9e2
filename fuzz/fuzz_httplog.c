/*
** fuzz_httplog.c: a libFuzzer harness for http_log().
**
** The httplog sources are compiled in (-DSQLITE_CORE). The first byte of an
** input picks the format argument: detection, one of the named formats, or
** (the last choice) a format string read from the input up to its first
** newline. The rest of the input becomes a file, read by
**   SELECT every column, hidden ones too, FROM http_log(file, format)
** so the decompressors (chosen by the content), the line reader, detection
** and the parsers all see arbitrary bytes. FUZZ_HTTPLOG_FAMILY (text, w3c,
** alb, haproxy or json) narrows the choice to detection and that family's
** formats, so that each parser can be given a run of its own. Every row must either parse or
** carry an error; a row that has both, or a text column that is not valid
** UTF-8, aborts so that libFuzzer keeps the input.
*/
#include <sqlite3.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sqlite3_httplog_init(sqlite3 *db, char **pzErrMsg, const void *pApi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *stmt;
static char path[64];

/* A format argument and the parser family it drives; NULL detects. The
 * entry "" stands for a format string read from the input. */
struct fuzz_format {
  const char *family;
  const char *format;
};
static const struct fuzz_format all_formats[] = {
    {"", NULL},
    {"text", "common"},
    {"text", "combined"},
    {"text", "vhost_combined"},
    {"text", "vhost_common"},
    {"text", "combined_usec"},
    {"text", "nginx_main"},
    {"text", "nginx_timed"},
    {"text", "nginx_upstream"},
    {"text", "syslog_combined"},
    {"text", "kubectl_combined"},
    {"w3c", "w3c"},
    {"alb", "alb"},
    {"alb", "elb"},
    {"haproxy", "haproxy"},
    {"json", "caddy"},
    {"json", "traefik_json"},
    {"json", "cloudflare"},
    {"json", "nginx_json"},
    {"json",
     "json:status=resp.code,method=req.verb,uri=req.uri,client=req.peer,duration=took/ms,time=at"},
    {"text", "%h %l %u %{%d/%b/%Y:%H:%M:%S %z}t.%{msec_frac}t \"%r\" %>s %b %D %T %{ms}T"},
    {"text", "$remote_addr [$time_iso8601] \"$request_method $request_uri $server_protocol\" "
             "$status $bytes_sent $request_time $msec \"$http_x_forwarded_for\""},
    {"text", "%v:%p %a %{c}a %{remote}p \"%m %U%q %H\" %s %>s %B %O %I %{X-Id}i %{Set-Cookie}o "
             "%k %X"},
    {"text", ""},
    {"json", ""},
};
#define ALL_FORMAT_COUNT (sizeof all_formats / sizeof all_formats[0])

/* The formats in play: all of them, or detection and one family's. */
static const struct fuzz_format *formats[ALL_FORMAT_COUNT];
static size_t format_count;

/* Valid UTF-8 without NUL (what every text column promises). */
static int valid_utf8(const unsigned char *p, int n) {
  int i = 0;
  while (i < n) {
    unsigned c = p[i];
    int k, j;
    unsigned min;
    if (c == 0) return 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      k = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
      k = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
      k = 3, min = 0x10000;
    else
      return 0;
    {
      unsigned v = c & (0x3F >> k);
      for (j = 1; j <= k; j++) {
        if (i + j >= n || (p[i + j] & 0xC0) != 0x80) return 0;
        v = v << 6 | (p[i + j] & 0x3F);
      }
      if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    }
    i += k + 1;
  }
  return 1;
}

static void setup(void) {
  char *err = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) abort();
  if (sqlite3_httplog_init(db, &err, NULL) != SQLITE_OK) abort();
  if (sqlite3_prepare_v2(db,
                         "SELECT time, time_utc, client, remote_user, method, path, query, "
                         "protocol, status, bytes, referrer, user_agent, host, port, duration, "
                         "extra, format, file, line, raw, error FROM http_log(?1, ?2)",
                         -1, &stmt, NULL) != SQLITE_OK)
    abort();
  snprintf(path, sizeof path, "/tmp/fuzz_httplog.%ld.log", (long)getpid());
  {
    const char *family = getenv("FUZZ_HTTPLOG_FAMILY");
    size_t i;
    int from_input_seen = 0;
    for (i = 0; i < ALL_FORMAT_COUNT; i++) {
      const struct fuzz_format *f = &all_formats[i];
      if (family && *family) {
        if (f->format && strcmp(f->family, family) != 0) continue;
      } else if (f->format && !*f->format) {
        if (from_input_seen++) continue; /* one "from the input" choice */
      }
      formats[format_count++] = f;
    }
    if (format_count < 2) {
      fprintf(stderr, "fuzz_httplog: FUZZ_HTTPLOG_FAMILY=%s names no family\n", family);
      abort();
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *f;
  char *format = NULL;
  size_t choice;
  if (!db) setup();
  if (size == 0) return 0;
  choice = data[0] % format_count;
  data++;
  size--;
  if (formats[choice]->format && !*formats[choice]->format) {
    /* the format string is the input's first line */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t n = nl ? (size_t)(nl - data) : size;
    format = malloc(n + 1);
    if (!format) return 0;
    memcpy(format, data, n);
    format[n] = 0;
    data += nl ? n + 1 : n;
    size -= nl ? n + 1 : n;
  }
  if (!(f = fopen(path, "wb"))) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  sqlite3_bind_text(stmt, 1, path, -1, SQLITE_STATIC);
  if (format)
    sqlite3_bind_text(stmt, 2, format, -1, SQLITE_STATIC);
  else
    sqlite3_bind_text(stmt, 2, formats[choice]->format, -1, SQLITE_STATIC);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    int col, has_error = sqlite3_column_type(stmt, 20) != SQLITE_NULL;
    for (col = 0; col < 21; col++) {
      if (col == 19) {
        (void)sqlite3_column_blob(stmt, col);
        continue;
      }
      if (sqlite3_column_type(stmt, col) == SQLITE_TEXT) {
        const unsigned char *t = sqlite3_column_text(stmt, col);
        if (!valid_utf8(t, sqlite3_column_bytes(stmt, col))) abort();
      }
    }
    /* an error row has no status; a parsed row has no error */
    if (has_error && sqlite3_column_type(stmt, 8) != SQLITE_NULL) abort();
    if (has_error && sqlite3_column_type(stmt, 0) != SQLITE_NULL) abort();
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  free(format);
  return 0;
}
