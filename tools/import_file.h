/* import_file.h: one LOG into the database, once per line.
 *
 * A cursor is a LOG being read (log_reader.h) together with what is stored
 * of its content (import_db.h). Opening it recognises the content by its
 * head among the stored ones and checks the place: the reader skips the
 * lines already stored but the last, which must end where the stored one
 * ended and hash alike; then only new lines come. import_file() imports a
 * whole LOG in one transaction; import_follow() (import_follow.c) keeps
 * cursors open and reads them in batches.
 */
#ifndef IMPORT_FILE_H
#define IMPORT_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "import_db.h"
#include "import_pipe.h"
#include "log_reader.h"

typedef struct import_options {
  const char *format; /* --format, or NULL: detected */
  const char *name;   /* --name, or NULL: the LOG's stem */
  int replace;
} import_options;

/* The bytes of a line kept to hash it later: all, or its first and last 64. */
#define IMPORT_LINE_SAMPLE 128

typedef struct import_cursor {
  const char *path;      /* the LOG as given (or as its glob expanded) */
  const char *open_path; /* what is opened: path, or a name of the same file */
  const import_options *opt;
  int follow;
  /* the content is known (standard input: once its first row came) */
  int identified;
  log_reader *r;
  import_pipe *pipe; /* following a pipe: r is read by a thread (import_pipe.h) */
  import_source src;
  int saved;         /* src has its row in sources (in this transaction or before) */
  int dirty;         /* src differs from its row */
  int64_t line_seen; /* the last line taken: an over-long line gives more rows */
  /* a row read and not stored yet (the first one, read while opening) */
  log_row row;
  int pending;
  /* the last line stored, to hash once the batch is read */
  char line_sample[IMPORT_LINE_SAMPLE];
  size_t line_n;
  int line_kept;
  /* this run's counts, and the first reason a line did not parse */
  int64_t imported, rejected, rejected_complete; /* the last: of lines with their newline */
  char first_error[256];
} import_cursor;

/* What reading a batch ended with. */
enum import_read {
  IMPORT_READ_END,  /* the LOG is done */
  IMPORT_READ_WAIT, /* follow: nothing more yet */
  IMPORT_READ_MORE, /* the batch is full; more rows are ready */
  IMPORT_READ_FAIL  /* printed why; roll back */
};

/* Opens path (through open_path, another name of the same file, unless
 * NULL; both must outlive c) and finds its content, inside the caller's
 * transaction. Returns 0 (c->r open, c->src what is stored, or id 0 for new
 * content), 1 when the file is empty (nothing to read yet; c->r is NULL),
 * or -1 after printing why. */
int import_cursor_open(import_db *db, const import_options *opt, const char *path,
                       const char *open_path, int follow, import_cursor *c);

/* Reads and stores rows in the caller's transaction, at most max_rows (0:
 * no limit), and saves the source. */
enum import_read import_cursor_read(import_db *db, import_cursor *c, int64_t max_rows);

/* Takes what another importer stored of c's content since (after BEGIN). */
int import_cursor_refresh(import_db *db, import_cursor *c);

/* 1 when the content has complete lines and none of them parsed (printed
 * why). */
int import_cursor_none_parsed(const import_cursor *c);

/* "LOG: N lines, K already stored, I imported, R rejected, format F". */
void import_cursor_print(const import_cursor *c);

void import_cursor_close(import_cursor *c);

/* Opens a reader on path at the content src: skips its lines but the last
 * and checks that one. Returns NULL when path does not hold src there (the
 * file is shorter, or other bytes are at that place). */
log_reader *import_reopen_at(const char *path, const char *format, const import_source *src,
                             int follow, int64_t *line_seen);

/* One LOG in one transaction. Returns 0, or 1 after printing why. */
int import_file(import_db *db, const import_options *opt, const char *path);

#endif
