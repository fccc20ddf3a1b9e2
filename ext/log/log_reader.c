/* log_reader.c: from a path to rows (see log_reader.h).
 *
 * Per file: open it (log_input.c), keep its first bytes, choose its format
 * (the one given, or detection on the first lines, peeked at and then read
 * again from the start), then per line: check it (empty, NUL, too long),
 * run the prefix stage and the family's parser (log_prefix.c), and hand
 * over the row. Data flows one way; the caller only asks for the next row.
 */
#include "log_reader.h"

#include <stdio.h>
#include <string.h>

#include "log_alloc.h"
#include "log_detect.h"
#include "log_formats.h"
#include "log_input.h"
#include "log_prefix.h"
#include "log_text.h"

/* The file's format: a named one (>= 0), the one given, or none found. */
#define FORMAT_GIVEN (-1)
#define FORMAT_NONE (-2)

/* What detection peeks at first; more (up to LOG_PEEK_MAX) only when that
 * holds fewer than LOG_DETECT_LINES lines. */
#define DETECT_PEEK (64 * 1024)

#define ERR_MAX 1024

struct log_reader {
  log_input *in;
  log_format_choice choice;
  void *given;      /* the state of the format given */
  char *given_name; /* the format argument as valid UTF-8: the format column */
  void **named;     /* detection: the named formats' states, opened on first use */
  int follow, directives;
  size_t scratch_limit;
  /* the current file */
  int file_open;
  int current; /* FORMAT_GIVEN, FORMAT_NONE or a named format */
  char *file_name;
  size_t file_name_cap;
  char head[LOG_READER_HEAD_MAX];
  size_t head_n;
  int64_t line_no;
  int64_t to_skip; /* lines of the first file not to return */
  /* the row */
  log_record rec;
  log_scratch scratch, extra;
  char err[ERR_MAX];
};

const char *log_reader_error(const log_reader *r) { return r->err; }

static void close_states(log_reader *r) {
  int i;
  if (r->given) r->choice.family->close(r->given);
  r->given = NULL;
  for (i = 0; r->named && i < log_named_format_count; i++)
    if (r->named[i]) log_named_formats[i].family->close(r->named[i]);
  log_free(r->named);
  r->named = NULL;
}

void log_reader_close(log_reader *r) {
  if (!r) return;
  log_input_close(r->in);
  close_states(r);
  log_free(r->given_name);
  log_free(r->file_name);
  log_scratch_free(&r->scratch);
  log_scratch_free(&r->extra);
  log_free(r);
}

/* A copy of text[0..n) as valid UTF-8 (invalid bytes as \xNN) into *buf,
 * grown as needed. Returns 0 or -1. */
static int valid_copy(log_reader *r, const char *text, size_t n, char **buf, size_t *cap) {
  log_text t;
  if (log_scratch_begin(&r->scratch, n) != 0 || log_scratch_put_text(&r->scratch, text, n, &t) != 0)
    return -1;
  if (!*buf || *cap < t.n + 1) {
    char *p = log_realloc(*buf, t.n + 1);
    if (!p) return -1;
    *buf = p;
    *cap = t.n + 1;
  }
  memcpy(*buf, t.p, t.n);
  (*buf)[t.n] = 0;
  return 0;
}

log_reader *log_reader_open(const log_reader_options *o, size_t path_len, char *err, size_t errsz) {
  log_reader *r;
  size_t nul_at = strlen(o->path);
  if (nul_at != path_len) {
    snprintf(err, errsz, "the path holds a NUL byte (at byte %zu)", nul_at);
    return NULL;
  }
  if (!(r = log_malloc_zero(sizeof *r))) {
    snprintf(err, errsz, "out of memory");
    return NULL;
  }
  r->follow = o->follow;
  r->directives = o->directives;
  r->scratch_limit = o->scratch_limit;
  r->to_skip = o->skip_lines;
  r->rec.wanted = (o->wanted & LOG_WANT_GIVEN) ? o->wanted : LOG_WANT_ALL;
  if (log_format_resolve(o->format, &r->choice, err, errsz) != 0) goto fail;
  if (!r->choice.detect) {
    size_t cap = 0;
    if (r->choice.family->open(r->choice.spec, &r->given, err, errsz) != 0) goto fail;
    if (valid_copy(r, o->format, strlen(o->format), &r->given_name, &cap) != 0) goto oom;
  }
  if (!(r->in = log_input_open(o->path, o->path_mode, err, errsz))) goto fail;
  log_input_follow(r->in, o->follow);
  log_input_stop_hook(r->in, o->stop, o->stop_arg);
  return r;
oom:
  snprintf(err, errsz, "out of memory");
fail:
  log_reader_close(r);
  return NULL;
}

/* Opens every named format for detection, once per reader. */
static int open_named(log_reader *r) {
  int i;
  if (r->named) return 0;
  if (!(r->named = log_malloc_zero(sizeof *r->named * (size_t)log_named_format_count))) {
    snprintf(r->err, sizeof r->err, "out of memory");
    return -1;
  }
  for (i = 0; i < log_named_format_count; i++)
    if (log_named_formats[i].family->open(log_named_formats[i].spec, &r->named[i], r->err,
                                          sizeof r->err) != 0)
      return -1;
  return 0;
}

/* Collects up to LOG_DETECT_LINES lines of data[0..n) that detection can
 * use: complete (a LF after them, or the end of the file), not empty, no
 * NUL, not over-long; a CR before the LF is dropped. Returns how many. */
static int detect_lines(const char *data, size_t n, int complete_at_end, const char **lines,
                        size_t *lens) {
  const char *p = data, *end = data + n;
  int count = 0;
  while (p < end && count < LOG_DETECT_LINES) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len;
    if (!nl && !complete_at_end) break;
    len = (size_t)((nl ? nl : end) - p);
    if (len > 0 && p[len - 1] == '\r') len--;
    if (len > 0 && len <= LOG_LINE_MAX && !memchr(p, 0, len)) {
      lines[count] = p;
      lens[count++] = len;
    }
    p = nl ? nl + 1 : end;
  }
  return count;
}

/* Chooses the current file's format from its first lines. */
static int detect_format(log_reader *r) {
  const char *lines[LOG_DETECT_LINES], *data;
  size_t lens[LOG_DETECT_LINES], n, want = DETECT_PEEK;
  int count, i;
  if (open_named(r) != 0) return -1;
  for (;;) {
    log_input_peek(r->in, want, &data, &n);
    count = detect_lines(data, n, n < want, lines, lens);
    if (count == LOG_DETECT_LINES || n < want || want == LOG_PEEK_MAX) break;
    want = LOG_PEEK_MAX;
  }
  for (i = 0; i < log_named_format_count; i++) log_named_formats[i].family->start_file(r->named[i]);
  r->current = log_detect(r->named, lines, lens, count, &r->rec, &r->scratch);
  if (r->current < 0) {
    r->current = FORMAT_NONE;
  } else {
    log_named_formats[r->current].family->start_file(r->named[r->current]);
  }
  return 0;
}

/* Opens the next file. Returns 1 when one is open, 0 when none is left, -1
 * on a failure (r->err). */
static int open_next_file(log_reader *r) {
  const char *data;
  size_t n;
  int k = log_input_next_file(r->in, r->err, sizeof r->err);
  if (k <= 0) return k;
  r->file_open = 1;
  r->line_no = 0;
  if (valid_copy(r, log_input_file_name(r->in), strlen(log_input_file_name(r->in)), &r->file_name,
                 &r->file_name_cap) != 0) {
    snprintf(r->err, sizeof r->err, "out of memory");
    return -1;
  }
  log_input_peek(r->in, LOG_READER_HEAD_MAX, &data, &n);
  r->head_n = n < LOG_READER_HEAD_MAX ? n : LOG_READER_HEAD_MAX;
  memcpy(r->head, data, r->head_n);
  if (r->choice.detect) return detect_format(r) == 0 ? 1 : -1;
  r->current = FORMAT_GIVEN;
  r->choice.family->start_file(r->given);
  return 1;
}

static const char *format_name(const log_reader *r) {
  return r->current == FORMAT_GIVEN
             ? (r->choice.named >= 0 ? log_named_formats[r->choice.named].name : r->given_name)
         : r->current >= 0 ? log_named_formats[r->current].name
                           : NULL;
}

/* Starts a row of this line: a cleared record and room in scratch. */
static int begin_row(log_reader *r, size_t n) {
  log_record_clear(&r->rec);
  r->rec.format = format_name(r);
  if (log_scratch_begin(&r->scratch, n) != 0) {
    r->rec.error.p = "out of memory";
    r->rec.error.n = strlen(r->rec.error.p);
    return -1;
  }
  if (r->scratch_limit && r->scratch.cap - r->scratch.len > r->scratch_limit)
    r->scratch.cap = r->scratch.len + r->scratch_limit;
  return 0;
}

/* Parses a line as named format i; 1 when it is a row. */
static enum log_parse_result parse_named(log_reader *r, int i, const char *line, size_t n) {
  const log_named_format *f = &log_named_formats[i];
  int valid = r->rec.line_valid;
  log_record_clear(&r->rec);
  r->rec.line_valid = valid;
  r->rec.format = f->name;
  r->scratch.len = 0;
  return log_prefix_parse(f->prefix, f->family, r->named[i], line, n, &r->rec, &r->scratch);
}

/* A line of a file whose format was detected: read as that format, or,
 * when it is not, as another named format of the same family and prefix
 * (a combined log with common lines, or whose configuration changed during
 * the day), in the table's order, as detection would take it (trailing
 * fields only after a quote). When none reads it, the detected format's
 * reason is the error. Lines that read as the detected format pay nothing
 * for this. */
static enum log_parse_result parse_detected(log_reader *r, const char *line, size_t n) {
  const log_named_format *f = &log_named_formats[r->current];
  enum log_parse_result result =
      log_prefix_parse(f->prefix, f->family, r->named[r->current], line, n, &r->rec, &r->scratch);
  int i;
  if (result != LOG_REJECTED) return result;
  for (i = 0; i < log_named_format_count; i++) {
    const log_named_format *g = &log_named_formats[i];
    if (i == r->current || g->family != f->family || g->prefix != f->prefix) continue;
    if (parse_named(r, i, line, n) == LOG_PARSED && r->rec.trailing != LOG_TRAILING_AFTER_FIELD)
      return LOG_PARSED;
  }
  return parse_named(r, r->current, line, n);
}

/* Parses the line into r->rec. The line is checked once: valid UTF-8
 * (the parsers then use its parts in place), or the NUL that makes it an
 * error row. */
static enum log_parse_result parse_line(log_reader *r, const char *line, size_t n) {
  const void *nul;
  if (begin_row(r, n) != 0) return LOG_REJECTED;
  r->rec.line_valid = log_utf8_valid(line, n);
  if (!r->rec.line_valid && (nul = memchr(line, 0, n)) != NULL)
    return (enum log_parse_result)log_record_fail(&r->rec, &r->scratch,
                                                  (long)((const char *)nul - line), "NUL byte");
  if (n == 0) return (enum log_parse_result)log_record_fail(&r->rec, &r->scratch, -1, "empty line");
  if (r->current == FORMAT_NONE)
    return (enum log_parse_result)log_record_fail(
        &r->rec, &r->scratch, -1,
        "format not detected: no named format parses any of the first %d lines of this file; "
        "give one as http_log(path, format)",
        LOG_DETECT_LINES);
  if (r->current == FORMAT_GIVEN)
    return log_prefix_parse(r->choice.prefix, r->choice.family, r->given, line, n, &r->rec,
                            &r->scratch);
  return parse_detected(r, line, n);
}

static const log_family *current_family(const log_reader *r) {
  return r->current == FORMAT_GIVEN ? r->choice.family
         : r->current >= 0          ? log_named_formats[r->current].family
                                    : NULL;
}

/* Fills row with an error row made by the reader itself. */
static enum log_reader_result reader_error_row(log_reader *r, log_row *row, const char *raw,
                                               size_t raw_n, const char *fmt, long value) {
  begin_row(r, 0);
  log_record_fail(&r->rec, &r->scratch, -1, fmt, value);
  row->kind = LOG_ROW_ERROR;
  row->raw = raw;
  row->raw_n = raw_n;
  return LOG_READER_ROW;
}

enum log_reader_result log_reader_next(log_reader *r, log_row *row) {
  for (;;) {
    const char *line;
    size_t n;
    enum log_input_result got;
    enum log_parse_result parsed;
    if (!r->file_open) {
      int k = open_next_file(r);
      if (k < 0) return LOG_READER_FAIL;
      if (k == 0) return LOG_READER_END;
    }
    got = log_input_read_line(r->in, &line, &n, &row->offset, &row->end_offset);
    row->rec = &r->rec;
    row->file = r->file_name;
    switch (got) {
    case LOG_INPUT_WAIT: return LOG_READER_WAIT;
    case LOG_INPUT_END:
      r->file_open = 0;
      r->to_skip = 0;
      continue;
    case LOG_INPUT_ERROR:
      /* a row says the file could not be read to its end */
      r->file_open = 0;
      r->to_skip = 0;
      row->line = ++r->line_no;
      begin_row(r, 0);
      r->rec.error.p = log_input_error(r->in);
      r->rec.error.n = strlen(r->rec.error.p);
      row->kind = LOG_ROW_ERROR;
      row->raw = NULL;
      row->raw_n = 0;
      return LOG_READER_ROW;
    case LOG_INPUT_LONG_MORE:
      row->line = r->line_no;
      if (r->line_no <= r->to_skip) continue;
      return reader_error_row(r, row, NULL, 0,
                              "the line goes on: %ld more bytes skipped (one row per such part)",
                              (long)LOG_LINE_MAX);
    case LOG_INPUT_LONG:
      row->line = ++r->line_no;
      if (r->line_no <= r->to_skip) continue;
      return reader_error_row(r, row, line, n,
                              "line longer than %ld bytes (raw holds the first ones)",
                              (long)LOG_LINE_MAX);
    case LOG_INPUT_LINE: break;
    }
    row->line = ++r->line_no;
    if (r->line_no <= r->to_skip) {
      /* going on where an import stopped: only directives are read */
      const log_family *f = current_family(r);
      if (!(f && f->has_directives && n > 0 && line[0] == '#')) continue;
      parse_line(r, line, n);
      continue;
    }
    parsed = parse_line(r, line, n);
    if (parsed == LOG_DIRECTIVE && !r->directives) continue;
    row->kind = parsed == LOG_PARSED     ? LOG_ROW_PARSED
                : parsed == LOG_REJECTED ? LOG_ROW_ERROR
                                         : LOG_ROW_DIRECTIVE;
    row->raw = line;
    row->raw_n = n;
    return LOG_READER_ROW;
  }
}

int log_reader_extra(log_reader *r, log_text *extra) {
  if (log_record_extra(&r->rec, &r->extra) != 0) return -1;
  *extra = r->rec.extra;
  return 0;
}

void log_reader_current_file(const log_reader *r, log_reader_file *file) {
  file->name = r->file_open ? r->file_name : NULL;
  file->fd = r->file_open ? log_input_fd(r->in) : -1;
  file->codec = r->file_open ? log_input_codec(r->in) : NULL;
  file->head = r->head;
  file->head_n = r->file_open ? r->head_n : 0;
}

void log_reader_stop_following(log_reader *r) { log_input_follow(r->in, 0); }
