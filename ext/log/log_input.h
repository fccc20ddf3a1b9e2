/* log_input.h: the files behind http_log(path), read line by line.
 *
 * A path or a glob expands to files read one after the other, rotated logs
 * in chronological order: for each log, the dated copies (access.log-20231010)
 * oldest first, then the numbered ones highest number first (access.log.2.gz,
 * access.log.1), then the live file (access.log). Every file is decompressed
 * by its content, not its name: gzip, bzip2, xz and zstd (several members or
 * frames in a row are read as one stream), anything else is read as it is.
 * Pipes and FIFOs work (no seeking). Memory does not grow with the file:
 * a buffer of a few hundred KB plus the longest line (at most LOG_LINE_MAX
 * bytes). No SQLite types.
 */
#ifndef LOG_INPUT_H
#define LOG_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct log_input log_input;

/* Expands pattern (a path, or a glob when it holds * ? or [) into the list
 * of files. Returns NULL on failure with *errmsg set to a malloc'd message
 * (no file matches, out of memory). */
log_input *log_input_open(const char *pattern, char **errmsg);
void log_input_close(log_input *in);

/* Opens the next file. Returns 1 when one is open, 0 when none is left, -1
 * when it cannot be opened (a directory, a socket, no permission): *errmsg
 * is then a malloc'd message. */
int log_input_next_file(log_input *in, char **errmsg);
const char *log_input_file_name(const log_input *in);
/* "gzip", "bzip2", "xz", "zstd" or "plain". */
const char *log_input_codec(const log_input *in);

enum log_read_result {
  LOG_READ_LINE, /* *line, *n: the line without its LF (and CR before it) */
  LOG_READ_END,  /* the file is done */
  LOG_READ_ERROR /* the file cannot be read further: log_input_error() */
};

/* The next line of the current file, valid until the next call. *too_long
 * is set when the line was longer than LOG_LINE_MAX: the line is then its
 * first LOG_LINE_MAX bytes and the rest was skipped. */
enum log_read_result log_input_read_line(log_input *in, const char **line, size_t *n,
                                         int *too_long);
/* Why the last read failed (a read error, corrupt or truncated compressed
 * data), naming the file and the decompressed byte offset. */
const char *log_input_error(const log_input *in);

#endif
