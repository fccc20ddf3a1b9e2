/* import_file.c: a LOG's content recognised, and its new lines stored. */
#define _XOPEN_SOURCE 700
#include "import_file.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import_paths.h"
#include "log_text.h"

#define ME "httpstatus-import"

/* Contents with the same head tried in turn (a file that became shorter is
 * a new content with the same head as the old one). */
#define CANDIDATES_MAX 8

/* What identifies a line's bytes at its place (with where it ends): its
 * length, first and last 64 bytes. A row keeps those (keep_line(), a copy
 * of at most 128 bytes), and only the last stored one is hashed. */
static uint64_t sample_hash(const char *sample, size_t n) {
  if (n <= IMPORT_LINE_SAMPLE) return intern_hash(sample, n);
  return intern_hash(sample, 64) ^ (intern_hash(sample + 64, 64) * 31) ^ n;
}

static void keep_line(import_cursor *c, const char *raw, size_t n) {
  if (n <= IMPORT_LINE_SAMPLE) {
    memcpy(c->line_sample, raw, n);
  } else {
    memcpy(c->line_sample, raw, 64);
    memcpy(c->line_sample + 64, raw + n - 64, 64);
  }
  c->line_n = n;
}

static uint64_t line_hash(const char *raw, size_t n) {
  char sample[IMPORT_LINE_SAMPLE];
  if (n <= IMPORT_LINE_SAMPLE) return sample_hash(raw, n);
  memcpy(sample, raw, 64);
  memcpy(sample + 64, raw + n - 64, 64);
  return sample_hash(sample, n);
}

static log_reader *reader_open(const char *path, const char *format, int64_t skip, int follow,
                               char *err, size_t errsz) {
  log_reader_options o;
  memset(&o, 0, sizeof o);
  o.path = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
  o.path_mode = LOG_PATH_LITERAL;
  o.format = format;
  o.skip_lines = skip;
  o.follow = follow;
  return log_reader_open(&o, strlen(o.path), err, errsz);
}

/* Starts with head[0..n)? */
static int has_head(const log_reader *r, const unsigned char *head, size_t n) {
  log_reader_file f;
  log_reader_current_file(r, &f);
  return f.head_n >= n && memcmp(f.head, head, n) == 0;
}

log_reader *import_reopen_at(const char *path, const char *format, const import_source *src,
                             int follow, int64_t *line_seen) {
  char err[256];
  log_reader *r;
  log_row row;
  *line_seen = 0;
  if (src->lines == 0) {
    /* nothing to check but the head: start at the first line */
    r = reader_open(path, format, 0, follow, err, sizeof err);
    return r;
  }
  r = reader_open(path, format, src->lines - 1, follow, err, sizeof err);
  if (r == NULL) return NULL;
  /* An over-long line's first row ends where the reader had read to, which
   * depends on its buffer: its first bytes must be the same, not its end. */
  if (log_reader_next(r, &row) == LOG_READER_ROW && row.line == src->lines && row.raw &&
      (row.end_offset == (uint64_t)src->end_offset || row.raw_n >= LOG_LINE_MAX) &&
      line_hash(row.raw, row.raw_n) == src->last_hash && has_head(r, src->head, src->head_n)) {
    *line_seen = row.line;
    return r;
  }
  log_reader_close(r);
  return NULL;
}

/* Whether path can be opened a second time from its start (a regular
 * file); standard input and pipes cannot. */
static int rewindable(const char *path) {
  struct stat st;
  return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *default_name(const char *path) {
  size_t n = import_paths_stem(path);
  char *name = malloc(n + 1);
  if (name) {
    memcpy(name, path, n);
    name[n] = '\0';
  }
  return name;
}

static char *file_of(const char *path) {
  char *real;
  if (strcmp(path, "-") == 0) return strdup("-");
  real = realpath(path, NULL);
  return real ? real : strdup(path);
}

/* The format to read the file with again: --format, or the one r1
 * detected on its first lines (what detecting again would find), so that
 * the second reader does not detect. */
static const char *format_for(const import_options *opt, const log_row *first) {
  if (opt->format) return opt->format;
  return first && first->rec ? first->rec->format : NULL;
}

/* Recognises c's content among the stored ones, r1 having read its first
 * row (have_row: it is in c->row) or reached its end. Leaves c->r open
 * where reading goes on. */
static int identify(import_db *d, import_cursor *c, log_reader *r1, int can_rewind, int have_row) {
  const import_options *opt = c->opt;
  char *label = opt->name ? strdup(opt->name) : default_name(c->path);
  import_source cand[CANDIDATES_MAX];
  log_reader_file f;
  log_reader *r2 = NULL;
  int found = 0, chosen = -1, i, rc;
  char err[256];
  c->r = r1; /* from here on, c->r is whatever reader is open */
  log_reader_current_file(r1, &f);
  c->src.head_n = f.head_n < sizeof c->src.head ? f.head_n : sizeof c->src.head;
  memcpy(c->src.head, f.head, c->src.head_n);
  rc = import_db_candidates(d, c->src.head, c->src.head_n, cand, CANDIDATES_MAX, &found);
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s\n", c->path, sqlite3_errmsg(d->db));
    for (i = 0; i < found; i++) import_source_free(&cand[i]);
    free(label);
    return -1;
  }
  if (!label) {
    fprintf(stderr, ME ": %s: out of memory\n", c->path);
    for (i = 0; i < found; i++) import_source_free(&cand[i]);
    return -1;
  }
  for (i = 0; i < found && chosen < 0; i++) {
    /* A short head (a file of a few lines) is a weak fingerprint: two logs
     * may start with the same line (a monitoring probe). It only matches a
     * content stored under the same name. */
    if (cand[i].head_n < LOG_READER_HEAD_MAX && (!cand[i].name || strcmp(cand[i].name, label) != 0))
      continue;
    if (!can_rewind) {
      chosen = i; /* checked when its last stored line comes by */
    } else {
      memcpy(cand[i].head, c->src.head, c->src.head_n);
      cand[i].head_n = c->src.head_n;
      r2 = import_reopen_at(c->open_path, format_for(opt, have_row ? &c->row : NULL), &cand[i],
                            c->follow, &c->line_seen);
      if (r2) chosen = i;
    }
  }
  c->r = r1;
  c->pending = 1;
  c->identified = 1;
  if (chosen >= 0) {
    import_source *s = &cand[chosen];
    c->src.id = s->id;
    c->saved = 1;
    c->src.lines = s->lines;
    c->src.end_offset = s->end_offset;
    c->src.last_hash = s->last_hash;
    c->src.open_end = s->open_end;
    c->src.rows = s->rows;
    c->src.rejected = s->rejected;
    memcpy(c->src.format, s->format, sizeof c->src.format);
    c->src.name = s->name;
    s->name = NULL;
    if (opt->replace) {
      free(c->src.name);
      c->src.name = NULL;
      c->src.format[0] = '\0';
      rc = import_db_clear_source(d, &c->src);
      c->dirty = 1;
      if (rc != SQLITE_OK) {
        fprintf(stderr, ME ": %s: %s\n", c->path, sqlite3_errmsg(d->db));
        chosen = -2;
      }
      if (r2) log_reader_close(r2);
      r2 = NULL;
      c->line_seen = 0;
    } else if (r2) {
      log_reader_close(r1);
      c->r = r2;
      c->pending = 0;
    }
    if (!opt->replace && opt->name && c->src.name && strcmp(opt->name, c->src.name) != 0)
      fprintf(stderr,
              ME ": %s: stored before under the name '%s', which its new lines keep "
                 "(--replace stores it again as '%s')\n",
              c->path, c->src.name, opt->name);
  }
  for (i = 0; i < found; i++) import_source_free(&cand[i]);
  if (chosen == -2) {
    free(label);
    return -1;
  }
  if (c->src.name == NULL) {
    c->src.name = label;
    label = NULL;
  }
  free(label);
  c->src.file = file_of(c->open_path);
  if (!c->src.name || !c->src.file) {
    fprintf(stderr, ME ": %s: out of memory\n", c->path);
    return -1;
  }
  /* Following from the first line: a reader that follows, not r1. */
  if (c->r == r1 && c->follow && can_rewind) {
    r2 = reader_open(c->open_path, opt->format, 0, 1, err, sizeof err);
    if (r2 == NULL) {
      fprintf(stderr, ME ": %s: %s\n", c->path, err);
      return -1;
    }
    log_reader_close(r1);
    c->r = r2;
    c->pending = 0;
  }
  return 0;
}

int import_cursor_open(import_db *d, const import_options *opt, const char *path,
                       const char *open_path, int follow, import_cursor *c) {
  char err[256];
  int can_rewind;
  enum log_reader_result res;
  log_reader *r1;
  log_reader_file f;
  memset(c, 0, sizeof *c);
  c->path = path;
  c->open_path = open_path ? open_path : path;
  c->opt = opt;
  c->follow = follow;
  can_rewind = rewindable(c->open_path);
  /* r1 reads the head; a file that can be opened again is then reopened
   * where its new lines start. Standard input is read once. */
  r1 = reader_open(c->open_path, opt->format, 0, follow && !can_rewind, err, sizeof err);
  if (r1 == NULL) {
    fprintf(stderr, ME ": %s: %s\n", path, err);
    return -1;
  }
  res = log_reader_next(r1, &c->row);
  if (res == LOG_READER_FAIL) {
    fprintf(stderr, ME ": %s: %s\n", path, log_reader_error(r1));
    log_reader_close(r1);
    return -1;
  }
  log_reader_current_file(r1, &f);
  if (res == LOG_READER_WAIT || (res == LOG_READER_END && f.head_n == 0)) {
    if (can_rewind || res == LOG_READER_END) {
      log_reader_close(r1); /* empty: nothing to read yet */
      return 1;
    }
    c->r = r1; /* standard input, nothing yet: known once its first row comes */
    return 0;
  }
  if (identify(d, c, r1, can_rewind, res == LOG_READER_ROW) != 0) {
    import_cursor_close(c);
    return -1;
  }
  if (res != LOG_READER_ROW && c->r == r1) c->pending = 0;
  return 0;
}

int import_cursor_refresh(import_db *d, import_cursor *c) {
  import_source cand[CANDIDATES_MAX];
  int found = 0, i, rc;
  if (!c->saved) return SQLITE_OK;
  rc = import_db_candidates(d, c->src.head, c->src.head_n, cand, CANDIDATES_MAX, &found);
  for (i = 0; i < found; i++) {
    if (cand[i].id == c->src.id && cand[i].lines > c->src.lines) {
      c->src.lines = cand[i].lines;
      c->src.end_offset = cand[i].end_offset;
      c->src.last_hash = cand[i].last_hash;
      c->src.open_end = cand[i].open_end;
      c->src.rows = cand[i].rows;
      c->src.rejected = cand[i].rejected;
    }
    import_source_free(&cand[i]);
  }
  return rc;
}

static void note_error(import_cursor *c, const log_row *row) {
  const log_text *e = &row->rec->error;
  if (c->first_error[0] || !e->p) return;
  snprintf(c->first_error, sizeof c->first_error, "%.*s", (int)(e->n < 200 ? e->n : 200), e->p);
}

enum import_read import_cursor_read(import_db *d, import_cursor *c, int64_t max_rows) {
  log_row *row = &c->row;
  enum import_read result = IMPORT_READ_END;
  int64_t n = 0;
  int rc = SQLITE_OK;
  for (;;) {
    int unterminated, replace = 0;
    if (!c->pending) {
      enum log_reader_result res;
      if (max_rows && n >= max_rows) {
        result = IMPORT_READ_MORE;
        break;
      }
      res = c->pipe ? import_pipe_next(c->pipe, row, 250) : log_reader_next(c->r, row);
      if (res == LOG_READER_WAIT || res == LOG_READER_END) {
        result = res == LOG_READER_WAIT ? IMPORT_READ_WAIT : IMPORT_READ_END;
        break;
      }
      if (res == LOG_READER_FAIL) {
        fprintf(stderr, ME ": %s: %s\n", c->path, log_reader_error(c->r));
        return IMPORT_READ_FAIL;
      }
    }
    if (!c->identified && identify(d, c, c->r, 0, 1) != 0) return IMPORT_READ_FAIL;
    c->pending = 0;
    n++;
    if (row->line <= c->line_seen) continue; /* the rest of an over-long line */
    if (row->raw == NULL) {
      /* A row about the file: it cannot be read to its end. */
      fprintf(stderr, ME ": %s: %.*s\n", c->path, (int)row->rec->error.n, row->rec->error.p);
      return IMPORT_READ_FAIL;
    }
    c->line_seen = row->line;
    if (row->line <= c->src.lines) {
      /* Stored before (read from standard input, or stored meanwhile by
       * another importer): skipped; the last must be the same. */
      if (row->line == c->src.lines && (row->end_offset != (uint64_t)c->src.end_offset ||
                                        line_hash(row->raw, row->raw_n) != c->src.last_hash)) {
        fprintf(stderr,
                ME ": %s: starts like a content stored before, but differs at line %lld; "
                   "--replace stores it anew\n",
                c->path, (long long)row->line);
        return IMPORT_READ_FAIL;
      }
      continue;
    }
    unterminated = row->raw_n < LOG_LINE_MAX && row->end_offset == row->offset + row->raw_n;
    if (c->src.open_end && row->line == c->src.lines + 1) {
      if (unterminated && row->end_offset == (uint64_t)c->src.open_end) continue; /* as stored */
      replace = 1;
    }
    if (!c->saved) {
      rc = import_db_save_source(d, &c->src);
      if (rc != SQLITE_OK) break;
      c->saved = 1;
    }
    if (!c->src.format[0] && row->kind == LOG_ROW_PARSED && row->rec->format)
      snprintf(c->src.format, sizeof c->src.format, "%s", row->rec->format);
    rc = import_db_store_row(d, &c->src, c->r, row, replace);
    if (rc != SQLITE_OK) break;
    c->dirty = 1;
    if (row->kind == LOG_ROW_PARSED) {
      c->imported++;
    } else {
      c->rejected++;
      if (!unterminated) c->rejected_complete++;
      note_error(c, row);
    }
    if (unterminated) {
      c->src.open_end = (int64_t)row->end_offset;
    } else {
      c->src.lines = row->line;
      c->src.end_offset = (int64_t)row->end_offset;
      keep_line(c, row->raw, row->raw_n);
      c->line_kept = 1;
      c->src.open_end = 0;
    }
  }
  if (c->line_kept) c->src.last_hash = sample_hash(c->line_sample, c->line_n);
  c->line_kept = 0;
  if (rc == SQLITE_OK && c->saved) {
    log_reader_file f;
    /* A head that grew (the file was short when first read) is kept whole. */
    log_reader_current_file(c->r, &f);
    if (f.head_n > c->src.head_n && f.head_n <= sizeof c->src.head &&
        memcmp(f.head, c->src.head, c->src.head_n) == 0) {
      memcpy(c->src.head, f.head, f.head_n);
      c->src.head_n = f.head_n;
      c->dirty = 1;
    }
    /* Nothing new: nothing written, and the commit costs nothing. */
    if (c->dirty) rc = import_db_save_source(d, &c->src);
    c->dirty = 0;
  }
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s\n", c->path, sqlite3_errmsg(d->db));
    return IMPORT_READ_FAIL;
  }
  return result;
}

int import_cursor_none_parsed(const import_cursor *c) {
  /* A line still being written does not count: detection may not know it
   * yet, and it is replaced once complete. */
  if (c->src.rows > 0 || c->rejected_complete == 0) return 0;
  fprintf(stderr, ME ": %s: no line parsed; the first: %s%s\n", c->path,
          c->first_error[0] ? c->first_error : "(no reason given)",
          strncmp(c->first_error, "format not detected", 19) == 0 && !c->opt->format
              ? " (the importer's --format)"
              : "");
  return 1;
}

void import_cursor_print(const import_cursor *c) {
  long long total = (long long)(c->src.rows + c->src.rejected);
  printf("%s: %lld lines, %lld already stored, %lld imported, %lld rejected, format %s\n", c->path,
         total, total - (long long)(c->imported + c->rejected), (long long)c->imported,
         (long long)c->rejected, c->src.format[0] ? c->src.format : "not detected");
  fflush(stdout);
}

void import_cursor_close(import_cursor *c) {
  if (c->pipe && !import_pipe_stop(c->pipe)) c->r = NULL; /* still the thread's */
  c->pipe = NULL;
  if (c->r) log_reader_close(c->r);
  c->r = NULL;
  import_source_free(&c->src);
}

int import_file(import_db *d, const import_options *opt, const char *path) {
  import_cursor c;
  int rc = import_db_begin(d), opened;
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s; nothing of it was stored\n", path, sqlite3_errmsg(d->db));
    import_db_rollback(d);
    return 1;
  }
  opened = import_cursor_open(d, opt, path, NULL, 0, &c);
  if (opened != 0) {
    import_db_rollback(d);
    if (opened < 0) return 1;
    printf("%s: 0 lines, 0 already stored, 0 imported, 0 rejected, format not detected\n", path);
    return 0;
  }
  if (import_cursor_read(d, &c, 0) == IMPORT_READ_FAIL || import_cursor_none_parsed(&c)) {
    if (c.imported + c.rejected > 0 && c.src.rows == 0) import_cursor_print(&c);
    import_db_rollback(d);
    import_cursor_close(&c);
    return 1;
  }
  rc = import_db_commit(d);
  if (rc != SQLITE_OK) {
    fprintf(stderr, ME ": %s: %s; nothing of it was stored\n", path, sqlite3_errmsg(d->db));
    import_db_rollback(d);
    import_cursor_close(&c);
    return 1;
  }
  import_cursor_print(&c);
  import_cursor_close(&c);
  return 0;
}
