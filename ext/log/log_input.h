/* log_input.h: the files behind a path, read line by line (the reader's
 * first stage; log_reader.h).
 *
 * A path or a glob expands to files read one after the other, rotated logs
 * in chronological order: for each log, the dated copies (access.log-20231010)
 * oldest first, then the numbered ones highest number first (access.log.2.gz,
 * access.log.1), then the live file (access.log). Every file is decompressed
 * by its content, not its name: gzip, bzip2, xz and zstd (several members or
 * frames in a row are read as one stream; zstd's skippable frames are
 * skipped), anything else is read as it is. Pipes, FIFOs and devices work
 * (no seeking); a FIFO is opened without blocking and its writer waited for,
 * as cat waits, in a wait that can be stopped (log_input_stop_hook). Memory does
 * not grow with the file: a buffer of a few hundred KB plus the longest line
 * (at most LOG_LINE_MAX bytes). No SQLite types; allocation through
 * log_alloc.h; messages are written into buffers, never allocated.
 */
#ifndef LOG_INPUT_H
#define LOG_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "log_reader.h"

typedef struct log_input log_input;

/* Expands path as mode says into the list of files. Returns NULL with the
 * reason in err (no file matches, a glob too long or too deep, out of
 * memory). */
log_input *log_input_open(const char *path, enum log_path_mode mode, char *err, size_t errsz);
void log_input_close(log_input *in);

/* Opens the next file. Returns 1 when one is open, 0 when none is left, -1
 * when it cannot be opened (a directory, a socket, no permission): the
 * reason is then in err. */
int log_input_next_file(log_input *in, char *err, size_t errsz);
const char *log_input_file_name(const log_input *in);
int log_input_fd(const log_input *in);
/* "gzip", "bzip2", "xz", "zstd" or "plain". */
const char *log_input_codec(const log_input *in);

/* At the end of a plain file, report LOG_INPUT_WAIT and keep an unfinished
 * last line back, instead of ending (log tailing). */
void log_input_follow(log_input *in, int follow);

/* While a FIFO, pipe or device has nothing to read (a FIFO whose writer has
 * not come yet), stop(arg) is called about every 100 ms and after each
 * signal; when it returns nonzero the read fails with "interrupted while
 * waiting for data". Without a hook the wait lasts until data or the end. */
void log_input_stop_hook(log_input *in, int (*stop)(void *), void *arg);

/* The data ahead of the next line, without consuming it: reads until at
 * least want bytes are buffered (at most LOG_PEEK_MAX), the file ends or it
 * cannot be read. *data stays valid until the next read_line call. The
 * buffer keeps its size until the file is closed. */
#define LOG_PEEK_MAX (4 * 1024 * 1024)
void log_input_peek(log_input *in, size_t want, const char **data, size_t *n);

enum log_input_result {
  LOG_INPUT_LINE,      /* a line, without its LF (and a CR before it) */
  LOG_INPUT_LONG,      /* the first LOG_LINE_MAX bytes of a longer line */
  LOG_INPUT_LONG_MORE, /* LOG_LINE_MAX more bytes of that line were skipped (no line) */
  LOG_INPUT_END,       /* the file is done */
  LOG_INPUT_WAIT,      /* follow: nothing more yet */
  LOG_INPUT_ERROR      /* the file cannot be read further: log_input_error() */
};

/* The next line of the current file, valid until the next call. *offset and
 * *end_offset: where it starts, and where the next one starts, in the
 * file's decompressed data. */
enum log_input_result log_input_read_line(log_input *in, const char **line, size_t *n,
                                          uint64_t *offset, uint64_t *end_offset);
/* Why the last read failed (a read error, corrupt or truncated compressed
 * data), naming the file and the decompressed byte offset. */
const char *log_input_error(const log_input *in);

/* Writes path into buf (size bytes) for a message: as it is when it fits in
 * LOG_PATH_SHOWN bytes, else its start and end around "...", so that the
 * reason after it is never cut. Returns buf. */
#define LOG_PATH_SHOWN 240
char *log_input_show_path(const char *path, char *buf, size_t size);

#endif
