/*
** fuzz_httplog.c: a libFuzzer harness for the log reader (ext/log/log_reader.h),
** the code under http_log(), without SQLite.
**
** The first byte of an input picks the format argument: detection, one of
** the named formats, or (the last choice) a format string read from the
** input up to its first newline. The rest of the input becomes a file read
** through the reader, so the decompressors (chosen by the content), the
** line splitter, detection, the prefix stage and the parsers all see
** arbitrary bytes. FUZZ_HTTPLOG_FAMILY (text, w3c, alb, haproxy or json)
** narrows the choice to detection and that family's formats, so that each
** parser can be given a run of its own.
**
** Every row must either parse or carry an error, never both; every text
** field and extra must be valid UTF-8 without NUL (what the columns promise);
** otherwise the harness aborts so that libFuzzer keeps the input.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log_reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
static int valid_utf8(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    size_t k, j;
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

static void check_text(log_text t) {
  if (t.p && !valid_utf8((const unsigned char *)t.p, t.n)) abort();
}

/* Before any input: the formats in play. A bad setting is an exit with a
 * message, not a crash that libFuzzer would keep as an artifact. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *family = getenv("FUZZ_HTTPLOG_FAMILY");
  size_t i;
  int from_input_seen = 0;
  snprintf(path, sizeof path, "/tmp/fuzz_httplog.%ld.log", (long)getpid());
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
    fprintf(stderr,
            "fuzz_httplog: FUZZ_HTTPLOG_FAMILY=%s names no family (text, w3c, alb, haproxy, "
            "json)\n",
            family);
    exit(2);
  }
  (void)argc;
  (void)argv;
  return 0;
}

static void check_row(log_reader *reader, const log_row *row) {
  const log_record *r = row->rec;
  log_text extra;
  check_text(r->client), check_text(r->remote_user), check_text(r->method);
  check_text(r->path), check_text(r->query), check_text(r->protocol);
  check_text(r->referrer), check_text(r->user_agent), check_text(r->host);
  check_text(r->error);
  if (log_reader_extra(reader, &extra) != 0) abort();
  check_text(extra);
  if (extra.p && (extra.n < 2 || extra.p[0] != '{' || extra.p[extra.n - 1] != '}')) abort();
  if (!valid_utf8((const unsigned char *)row->file, strlen(row->file))) abort();
  /* an error row has no field; a parsed row has no error */
  if (row->kind == LOG_ROW_ERROR &&
      (!r->error.p || r->has_status || r->time.present || r->client.p || r->path.p || extra.p))
    abort();
  if (row->kind == LOG_ROW_PARSED && r->error.p) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  log_reader_options options;
  log_reader *reader;
  log_row row;
  FILE *f;
  char *format = NULL, err[1024];
  size_t choice;
  if (size == 0) return 0;
  choice = data[0] % format_count;
  data++;
  size--;
  if (formats[choice]->format && !*formats[choice]->format) {
    /* the format string is the input's first line */
    const uint8_t *nl = memchr(data, '\n', size);
    size_t n = nl ? (size_t)(nl - data) : size;
    if (!(format = malloc(n + 1))) return 0;
    memcpy(format, data, n);
    format[n] = 0;
    data += nl ? n + 1 : n;
    size -= nl ? n + 1 : n;
  }
  if (!(f = fopen(path, "wb"))) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  memset(&options, 0, sizeof options);
  options.path = path;
  options.path_mode = LOG_PATH_LITERAL;
  options.format = format ? format : formats[choice]->format;
  /* a format string cut at a NUL is still a string the reader must judge */
  reader = log_reader_open(&options, strlen(path), err, sizeof err);
  if (reader) {
    while (log_reader_next(reader, &row) == LOG_READER_ROW) check_row(reader, &row);
    log_reader_close(reader);
  }
  free(format);
  return 0;
}
