/* import_pipe.c: the rows of a pipe, handed over by a thread (see
 * import_pipe.h). One row at a time: the thread reads a row, publishes
 * it, and waits until the caller asks for the next one before reading on,
 * since the row points into the reader's buffers. */
#define _XOPEN_SOURCE 700
#include "import_pipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct import_pipe {
  log_reader *r;
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int ready;   /* the thread published a result */
  int taken;   /* the caller has it and uses the row */
  int done;    /* the thread returned */
  int stopped; /* the caller is gone: the thread stops at its next row */
  enum log_reader_result res;
  log_row row;
};

static void *run(void *arg) {
  import_pipe *p = arg;
  for (;;) {
    log_row row;
    enum log_reader_result res = log_reader_next(p->r, &row);
    pthread_mutex_lock(&p->mu);
    while ((p->ready || p->taken) && !p->stopped) pthread_cond_wait(&p->cv, &p->mu);
    if (p->stopped || res == LOG_READER_END || res == LOG_READER_FAIL) {
      if (!p->stopped) {
        p->res = res;
        p->ready = 1;
      }
      p->done = 1;
      pthread_cond_broadcast(&p->cv);
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
    p->res = res;
    p->row = row;
    p->ready = 1;
    pthread_cond_broadcast(&p->cv);
    /* the row is the caller's until it asks for the next one */
    while ((p->ready || p->taken) && !p->stopped) pthread_cond_wait(&p->cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
}

import_pipe *import_pipe_start(log_reader *r) {
  import_pipe *p = calloc(1, sizeof *p);
  if (p == NULL) return NULL;
  p->r = r;
  if (pthread_mutex_init(&p->mu, NULL) != 0) {
    free(p);
    return NULL;
  }
  if (pthread_cond_init(&p->cv, NULL) != 0 || pthread_create(&p->thread, NULL, run, p) != 0) {
    pthread_mutex_destroy(&p->mu);
    free(p);
    return NULL;
  }
  return p;
}

enum log_reader_result import_pipe_next(import_pipe *p, log_row *row, int wait_ms) {
  struct timespec until;
  enum log_reader_result res = LOG_READER_WAIT;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += wait_ms / 1000;
  until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&p->mu);
  if (p->taken) { /* done with the last row: the thread may read on */
    p->taken = 0;
    pthread_cond_broadcast(&p->cv);
  }
  while (!p->ready && !p->done)
    if (pthread_cond_timedwait(&p->cv, &p->mu, &until) == ETIMEDOUT) break;
  if (p->ready) {
    res = p->res;
    *row = p->row;
    p->ready = 0;
    p->taken = res == LOG_READER_ROW;
  } else if (p->done) {
    res = LOG_READER_END;
  }
  pthread_mutex_unlock(&p->mu);
  return res;
}

int import_pipe_stop(import_pipe *p) {
  int done;
  pthread_mutex_lock(&p->mu);
  p->stopped = 1;
  p->taken = 0;
  pthread_cond_broadcast(&p->cv);
  done = p->done;
  pthread_mutex_unlock(&p->mu);
  if (done) {
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return 1;
  }
  /* Blocked in read(): it keeps p and the reader until the process exits. */
  pthread_detach(p->thread);
  return 0;
}
