/* log_reader.h: access logs from file to rows, without SQLite.
 *
 * One reader serves every consumer of the parsers: the http_log() table
 * (log_vtab.c), the importer, the test driver, the fuzzer and the
 * benchmarks. It owns the whole way from a path to a row:
 *
 *   path or glob -> files (log_input.c: bounded globbing, rotation order,
 *   decompression by content) -> lines (split, CR dropped, checked: empty,
 *   NUL, too long) -> the file's format (given, or detected on the first
 *   lines, which are then read again) -> prefix stage (syslog, kubectl) ->
 *   the format's parser -> a row.
 *
 * A row is a parsed record, or an error row that says why, always with the
 * file, the line number and the raw bytes. Every line of the input is one
 * row (a directive line of a W3C log is none, unless asked for), with one
 * exception that keeps reading interruptible: a line longer than
 * LOG_LINE_MAX gives one error row per LOG_LINE_MAX bytes read, all with
 * that line's number (the first holds its first LOG_LINE_MAX bytes as raw,
 * the others none). So a caller gets control back at least every MiB read,
 * even on /dev/zero or a decompression bomb.
 *
 * Memory: a few hundred KB plus the longest line, whatever the size of the
 * input; nothing is allocated per row. Errors are written into a buffer of
 * the reader's (log_reader_error()), never allocated.
 */
#ifndef LOG_READER_H
#define LOG_READER_H

#include <stddef.h>
#include <stdint.h>

#include "log_record.h"

/* How the path is taken. */
enum log_path_mode {
  LOG_PATH_AUTO,    /* a glob when it holds * ? or [ and matches a file, else the name
                       itself (http_log()'s rule) */
  LOG_PATH_LITERAL, /* the name itself, whatever it holds */
  LOG_PATH_GLOB     /* a glob; matching nothing is an error */
};

/* Longest glob pattern, and most '/' in one, that is expanded: glibc's glob()
 * recurses per directory level, so a hostile pattern could exhaust the stack. */
#define LOG_GLOB_MAX_BYTES 4096
#define LOG_GLOB_MAX_DEPTH 64

typedef struct log_reader_options {
  const char *path; /* a file, a glob, /dev/stdin, a FIFO */
  enum log_path_mode path_mode;
  /* A named format (log_formats.c), a format string (Apache or NGINX), "json:"
   * and a mapping, any of them after "syslog:" or "kubectl:"; NULL, "" or
   * "auto" detect the format of each file. */
  const char *format;
  /* Rows for the first skip_lines lines of the first file are not returned:
   * the lines are split but not parsed (a W3C file's directives still are),
   * so that an import can go on where it stopped. */
  int64_t skip_lines;
  /* At the end of a plain file, log_reader_next() says LOG_READER_WAIT
   * instead of ending, and a last line without its LF is held back until
   * more comes or log_reader_stop_following() (log tailing). */
  int follow;
  /* Directive lines (W3C #Fields: ...) are returned as rows of kind
   * LOG_ROW_DIRECTIVE instead of being read silently. */
  int directives;
  /* For tests: the most scratch bytes one line may use (0: no limit), so that
   * the parsers' "does not fit" paths can be reached. */
  size_t scratch_limit;
  /* Asked while a FIFO or pipe has nothing to read yet (log_input_stop_hook):
   * nonzero ends the wait with an error. NULL: wait as cat waits. */
  int (*stop)(void *arg);
  void *stop_arg;
  /* The columns the caller reads (log_record.wanted's bits) with
   * LOG_WANT_GIVEN; without it (0), all of them. */
  unsigned wanted;
} log_reader_options;

#define LOG_WANT_GIVEN (1u << 31)

enum log_row_kind {
  LOG_ROW_PARSED,   /* rec holds the line's fields */
  LOG_ROW_ERROR,    /* rec->error says why; every field of rec is absent */
  LOG_ROW_DIRECTIVE /* only with options.directives */
};

typedef struct log_row {
  enum log_row_kind kind;
  const log_record *rec;
  const char *file; /* the file's name as valid UTF-8 (invalid bytes as \xNN) */
  int64_t line;     /* from 1 in each file */
  /* The line's bytes without its line end; NULL (not merely empty) for a row
   * that is about the file and not a line (it could not be read further),
   * and for the second and later rows of an over-long line. */
  const char *raw;
  size_t raw_n;
  /* Where the line starts and ends in the file's decompressed data (after
   * the LF): how far the file has been read once this row is taken. */
  uint64_t offset, end_offset;
} log_row;

typedef struct log_reader log_reader;

/* What log_reader_next() returned. */
enum log_reader_result {
  LOG_READER_ROW,  /* *row is filled, valid until the next call */
  LOG_READER_END,  /* no more rows */
  LOG_READER_WAIT, /* follow: nothing more yet; call again later */
  LOG_READER_FAIL  /* cannot go on (a file cannot be opened, out of memory):
                      log_reader_error() */
};

/* Opens the input and checks the format. Returns NULL with the reason in err
 * (a message of at most errsz bytes, without the library's name) on a bad
 * format, a glob matching nothing, a path too long or with a NUL byte
 * (path_len is the path's length as the caller got it; pass strlen(path)
 * when it cannot hold one), or out of memory. */
log_reader *log_reader_open(const log_reader_options *options, size_t path_len, char *err,
                            size_t errsz);
enum log_reader_result log_reader_next(log_reader *r, log_row *row);
/* Why the last call failed. */
const char *log_reader_error(const log_reader *r);
void log_reader_close(log_reader *r);

/* The extra column of the last row as a JSON object (rec->extra), written
 * on demand into a buffer of the reader's. Returns 0, or -1 when out of
 * memory. */
int log_reader_extra(log_reader *r, log_text *extra);

/* The file being read: its descriptor (for fstat: the importer tells a
 * rotated file from the one it opened), the codec ("plain", "gzip", "bzip2",
 * "xz", "zstd"), and its first bytes after decompression (up to
 * LOG_READER_HEAD_MAX, fewer when the file is shorter), which identify its
 * content whatever its name. fd is -1 when no file is open. */
#define LOG_READER_HEAD_MAX 4096
typedef struct log_reader_file {
  const char *name;
  int fd;
  const char *codec;
  const char *head;
  size_t head_n;
} log_reader_file;
void log_reader_current_file(const log_reader *r, log_reader_file *file);

/* follow: reads the held-back last line (if any) and then ends. */
void log_reader_stop_following(log_reader *r);

#endif
