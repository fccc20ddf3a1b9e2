/* import_pipe.h: a reader of a pipe that does not keep rows waiting.
 *
 * Following a regular file, log_reader_next() says LOG_READER_WAIT when it
 * has read everything there is, and the follower commits what it stored.
 * On a pipe (standard input, a FIFO) it blocks in read() until the writer
 * writes more, and the rows stored before would stay uncommitted. So a
 * thread of its own calls log_reader_next() on a pipe, and hands each row
 * over; import_pipe_next() says LOG_READER_WAIT when none came within
 * wait_ms. A workaround: the reader has no way (yet) to say WAIT on a pipe.
 *
 * A row handed over stays valid until the next import_pipe_next() call, as
 * with log_reader_next(); the reader must not be used otherwise meanwhile.
 */
#ifndef IMPORT_PIPE_H
#define IMPORT_PIPE_H

#include "log_reader.h"

typedef struct import_pipe import_pipe;

/* Starts reading r in a thread. NULL when no thread could be started. */
import_pipe *import_pipe_start(log_reader *r);

enum log_reader_result import_pipe_next(import_pipe *p, log_row *row, int wait_ms);

/* Ends the handing over. Returns 1 when the thread is done with the reader
 * (it reached the end), which may then be closed, and frees p; 0 when it
 * still waits for the writer: p and the reader are then the thread's until
 * the process exits, which it is about to. */
int import_pipe_stop(import_pipe *p);

#endif
