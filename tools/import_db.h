/* import_db.h: the importer's database (import_schema.h), written through
 * prepared statements.
 *
 * The caller works in transactions: import_db_begin(), rows and sources
 * written, then import_db_commit() or import_db_rollback(). The interning
 * dictionaries (import_intern.h) follow the transaction, so a rollback
 * leaves nothing of it in memory either. Every function returns a SQLite
 * result code; the message is sqlite3_errmsg(db->db), or was printed.
 */
#ifndef IMPORT_DB_H
#define IMPORT_DB_H

#include <sqlite3.h>
#include <stdint.h>

#include "import_intern.h"
#include "log_reader.h"

enum import_kind { KIND_AGENT, KIND_REFERRER, KIND_FORMAT, KINDS };

/* The columns of log_rows, and the rows one INSERT writes: 48 x 19 = 912
 * parameters, under the 999 of SQLite before 3.32. */
#define ROW_COLUMNS 19
#define ROWS_PER_INSERT 48

/* A parameter of a queued row: text is at offset in the arena. */
typedef struct row_value {
  int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
  int n;
  union {
    sqlite3_int64 i;
    double d;
    size_t offset;
  } v;
} row_value;

typedef struct import_db {
  sqlite3 *db;
  intern_table dict[KINDS];
  sqlite3_stmt *dict_load[KINDS], *dict_insert[KINDS];
  sqlite3_stmt *row_insert, *rows_insert, *reject_insert, *row_delete, *reject_delete;
  /* parsed rows not written yet (import_db.c) */
  row_value queue[ROWS_PER_INSERT][ROW_COLUMNS];
  int queued;
  char *arena;
  size_t arena_len, arena_cap;
  unsigned char row_null[ROW_COLUMNS], rows_null[ROWS_PER_INSERT * ROW_COLUMNS];
  sqlite3_int64 max_id; /* the largest id in log_rows, queued rows counted */
  sqlite3_stmt *source_find, *source_insert, *source_update;
  /* the last format name interned, by address (a row's format is a
   * constant string of the reader's) */
  const char *format_seen;
  sqlite3_int64 format_seen_id;
} import_db;

/* What is stored of one content: its row of sources. */
typedef struct import_source {
  int64_t id; /* 0: not stored yet */
  char *name; /* malloc'ed */
  char *file; /* malloc'ed */
  unsigned char head[LOG_READER_HEAD_MAX];
  size_t head_n;
  char format[256];   /* "" when not known */
  int64_t lines;      /* lines 1..lines are stored */
  int64_t end_offset; /* where line `lines` ends */
  uint64_t last_hash; /* intern_hash() of its bytes */
  int64_t open_end;   /* line lines + 1 is stored without its newline, up to here; 0: none */
  int64_t rows, rejected;
} import_source;

/* Opens (creating) the database at path, checks the shape of what it holds
 * and prepares the statements; prints why and returns an error otherwise. */
int import_db_open(import_db *db, const char *path, int timeout_s);
void import_db_close(import_db *db);

int import_db_begin(import_db *db);
int import_db_commit(import_db *db);
/* Never fails for the caller: a failed ROLLBACK (the transaction is gone
 * already) leaves the database as before it anyway. Returns -1 when the
 * dictionaries could not be put back (out of memory): stop using db. */
int import_db_rollback(import_db *db);

/* The stored contents whose head is a prefix of head[0..head_n), longest
 * head first, then newest: up to max of them in out (ids and counts; name
 * and file NULL). *found is how many. */
int import_db_candidates(import_db *db, const unsigned char *head, size_t head_n,
                         import_source *out, int max, int *found);

/* Writes src to sources: inserts it (setting src->id) or updates it. */
int import_db_save_source(import_db *db, import_source *src);

/* Deletes every row of src and sets it back to no line stored. */
int import_db_clear_source(import_db *db, import_source *src);

/* Stores row (of r, which read it) as line row->line of src: a parsed line
 * in log_rows, an error in reject_rows, replacing what that line held when
 * replace is set. Counts it in src->rows or src->rejected. Parsed rows are
 * written in groups: an error may come from a later call, or from
 * import_db_commit(). */
int import_db_store_row(import_db *db, import_source *src, log_reader *r, const log_row *row,
                        int replace);

void import_source_free(import_source *src);

#endif
