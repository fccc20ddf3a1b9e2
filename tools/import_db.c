/* import_db.c: the importer's tables, and one row written per line. */
#define _XOPEN_SOURCE 700
#include "import_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import_schema.h"
#include "log_time.h"

#define ME "httpstatus-import"

static const char *const kind_table[KINDS] = {"user_agents", "referrers", "formats"};
static const char *const kind_column[KINDS] = {"user_agent", "referrer", "format"};

static const char source_columns[] =
    "id, name, format, lines, end_offset, last_hash, open_end, rows, rejected, length(head) AS n";

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

static int flush_rows(import_db *d);

/* The largest id in log_rows, into d->max_id. */
static int load_max_id(import_db *d) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(d->db, "SELECT max(id) FROM log_rows", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  d->max_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st) {
  return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
}

/* ---- the shape of an existing database ---------------------------------- */

/* The columns of the table or view name, space-separated, into buf ("" when
 * there is no such object); *type gets "table", "view", ... */
static int object_shape(sqlite3 *db, const char *name, char *type, size_t type_size, char *buf,
                        size_t size) {
  sqlite3_stmt *st;
  size_t len = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
                              -1, &st, NULL);
  buf[0] = type[0] = '\0';
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
    snprintf(type, type_size, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_OK : rc;
  rc = sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)", -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *column = (const char *)sqlite3_column_text(st, 0);
    int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", column ? column : "");
    rc = SQLITE_OK;
    if (n < 0 || (size_t)n >= size - len) break; /* too long: it differs anyway */
    len += (size_t)n;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || rc == SQLITE_OK ? SQLITE_OK : rc;
}

/* Refuses a database whose tables or views of the importer's names have
 * other columns: rows written there would not read back through the views,
 * or would break what someone else keeps under those names. */
static int check_shapes(sqlite3 *db, const char *path) {
  size_t i;
  for (i = 0; i < sizeof import_schema_shapes / sizeof import_schema_shapes[0]; i++) {
    const char *name = import_schema_shapes[i][0], *want = import_schema_shapes[i][1];
    const char *want_type =
        strcmp(name, "log") == 0 || strcmp(name, "rejects") == 0 ? "view" : "table";
    char type[16], have[1024];
    int rc = object_shape(db, name, type, sizeof type, have, sizeof have);
    if (rc != SQLITE_OK) return rc;
    if (type[0] == '\0' || (strcmp(type, want_type) == 0 && strcmp(have, want) == 0)) continue;
    if (strcmp(name, "sources") == 0 && strcmp(have, "id name file format lines rows rejected "
                                                     "imported_at") == 0)
      fprintf(stderr,
              ME ": %s was written by an earlier httpstatus-import, which knew files by name "
                 "and not by content; import into a new database\n",
              path);
    else if (strcmp(name, "log") == 0 && strcmp(type, "table") == 0)
      fprintf(stderr,
              ME ": %s has a table log (written by an older importer, or by something "
                 "else): the importer writes a view log; import into another database\n",
              path);
    else
      fprintf(stderr,
              ME ": %s has a %s %s with the columns (%s), not the importer's %s %s (%s); "
                 "import into another database\n",
              path, type, name, have, want_type, name, want);
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

/* ---- opening -------------------------------------------------------------- */

/* Puts the database in WAL mode. Another connection switching it at the
 * same moment makes SQLite answer "database is locked" at once, without
 * its busy handler (each holds the lock the other waits for): tried again
 * every 10 ms, for as long as --timeout allows. */
static int set_wal(sqlite3 *db, int timeout_s) {
  long waited_ms = 0;
  for (;;) {
    int rc = exec(db, "PRAGMA journal_mode = WAL");
    struct timespec pause = {0, 10 * 1000 * 1000};
    if ((rc & 0xff) != SQLITE_BUSY || waited_ms >= (long)timeout_s * 1000) return rc;
    nanosleep(&pause, NULL);
    waited_ms += 10;
  }
}

/* Sets the page size of a database that has no page yet (new). */
static int new_database_page_size(sqlite3 *db) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL), empty;
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  empty = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return rc;
  return empty ? exec(db, "PRAGMA page_size = 16384") : SQLITE_OK;
}

int import_db_open(import_db *d, const char *path, int timeout_s) {
  static const char row_sql[] =
      "INSERT INTO log_rows (id, t, tz, frac, client, remote_user, method, path, query, protocol,"
      " status, bytes, referrer, user_agent, host, port, duration, extra, format)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
      " ?19)";
  char sql[512];
  int rc, k;
  memset(d, 0, sizeof *d);
  /* One thread uses the connection (a pipe's thread only reads): no mutex. */
  rc = sqlite3_open_v2(path, &d->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_extended_result_codes(d->db, 1);
  if (rc == SQLITE_OK) rc = sqlite3_busy_timeout(d->db, timeout_s * 1000);
  /* A new database gets 16 KiB pages: a fifth less CPU for an import than
   * with 4 KiB ones, mostly fewer and larger writes to the WAL and back. */
  if (rc == SQLITE_OK) rc = new_database_page_size(d->db);
  if (rc == SQLITE_OK) rc = set_wal(d->db, timeout_s);
  if (rc == SQLITE_OK) rc = exec(d->db, "PRAGMA cache_size = -65536");
  /* The shapes checked and the tables created in one write transaction,
   * taken at once: two importers starting on a new database would each read
   * the schema, then neither could write it (SQLite answers such a deadlock
   * with "database is locked" without waiting). */
  if (rc == SQLITE_OK) rc = exec(d->db, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK) {
    rc = check_shapes(d->db, path);
    if (rc == SQLITE_ERROR && sqlite3_errcode(d->db) == SQLITE_OK) {
      exec(d->db, "ROLLBACK");
      return rc; /* said why */
    }
  }
  if (rc == SQLITE_OK) rc = exec(d->db, import_schema_sql);
  if (rc == SQLITE_OK) rc = exec(d->db, "COMMIT");
  if (rc != SQLITE_OK && !sqlite3_get_autocommit(d->db)) {
    int failed = rc;
    sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    rc = failed;
  }
  for (k = 0; k < KINDS && rc == SQLITE_OK; k++) {
    snprintf(sql, sizeof sql, "SELECT id, %s FROM %s WHERE id > ?1", kind_column[k], kind_table[k]);
    rc = prepare(d->db, sql, &d->dict_load[k]);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, %s) VALUES (?1, ?2)", kind_table[k],
             kind_column[k]);
    if (rc == SQLITE_OK) rc = prepare(d->db, sql, &d->dict_insert[k]);
  }
  if (rc == SQLITE_OK) rc = prepare(d->db, row_sql, &d->row_insert);
  if (rc == SQLITE_OK) {
    /* the same with ROWS_PER_INSERT rows of parameters */
    char *sql_rows = sqlite3_mprintf("INSERT INTO log_rows (id, t, tz, frac, client, remote_user,"
                                     " method, path, query, protocol, status, bytes, referrer,"
                                     " user_agent, host, port, duration, extra, format) VALUES");
    int row, c;
    for (row = 0; row < ROWS_PER_INSERT && sql_rows; row++) {
      char *more = sql_rows;
      for (c = 0; c < ROW_COLUMNS && more; c++)
        more = sqlite3_mprintf("%z%s?", more, c == 0 ? (row == 0 ? " (" : ", (") : ", ");
      sql_rows = more ? sqlite3_mprintf("%z)", more) : NULL;
    }
    rc = sql_rows ? prepare(d->db, sql_rows, &d->rows_insert) : SQLITE_NOMEM;
    sqlite3_free(sql_rows);
    memset(d->row_null, 1, sizeof d->row_null);
    memset(d->rows_null, 1, sizeof d->rows_null);
  }
  if (rc == SQLITE_OK)
    rc = prepare(d->db, "INSERT INTO reject_rows (id, reason, raw) VALUES (?1, ?2, ?3)",
                 &d->reject_insert);
  if (rc == SQLITE_OK) rc = prepare(d->db, "DELETE FROM log_rows WHERE id = ?1", &d->row_delete);
  if (rc == SQLITE_OK)
    rc = prepare(d->db, "DELETE FROM reject_rows WHERE id = ?1", &d->reject_delete);
  /* Heads of 64 bytes or more through the index on their first 64; the
   * shorter ones (a file of less than one line) through their own. */
  if (rc == SQLITE_OK) {
    snprintf(sql, sizeof sql,
             "SELECT %s FROM sources WHERE length(head) >= 64"
             " AND substr(head, 1, 64) = substr(?1, 1, 64) AND head = substr(?1, 1, length(head))"
             " UNION ALL SELECT %s FROM sources WHERE length(head) < 64"
             " AND head = substr(?1, 1, length(head)) ORDER BY n DESC, id DESC",
             source_columns, source_columns);
    rc = prepare(d->db, sql, &d->source_find);
  }
  if (rc == SQLITE_OK)
    rc = prepare(d->db,
                 "INSERT INTO sources (name, file, head, format, lines, end_offset, last_hash,"
                 " open_end, rows, rejected, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                 " ?9, ?10, datetime('now'))",
                 &d->source_insert);
  if (rc == SQLITE_OK)
    rc = prepare(d->db,
                 "UPDATE sources SET name = ?1, file = ?2, head = ?3, format = ?4, lines = ?5,"
                 " end_offset = ?6, last_hash = ?7, open_end = ?8, rows = ?9, rejected = ?10,"
                 " imported_at = datetime('now') WHERE id = ?11",
                 &d->source_update);
  if (rc != SQLITE_OK)
    fprintf(stderr, ME ": %s: %s\n", path, d->db ? sqlite3_errmsg(d->db) : sqlite3_errstr(rc));
  return rc;
}

void import_db_close(import_db *d) {
  int k;
  for (k = 0; k < KINDS; k++) {
    sqlite3_finalize(d->dict_load[k]);
    sqlite3_finalize(d->dict_insert[k]);
    intern_free(&d->dict[k]);
  }
  sqlite3_finalize(d->row_insert);
  sqlite3_finalize(d->rows_insert);
  free(d->arena);
  sqlite3_finalize(d->reject_insert);
  sqlite3_finalize(d->row_delete);
  sqlite3_finalize(d->reject_delete);
  sqlite3_finalize(d->source_find);
  sqlite3_finalize(d->source_insert);
  sqlite3_finalize(d->source_update);
  sqlite3_close(d->db);
  memset(d, 0, sizeof *d);
}

/* ---- transactions ----------------------------------------------------------- */

/* Brings the dictionaries up to date with their tables: another importer
 * may have added to them since our last transaction. */
static int dict_reload(import_db *d) {
  int k, rc = SQLITE_OK;
  for (k = 0; k < KINDS && rc == SQLITE_OK; k++) {
    sqlite3_stmt *st = d->dict_load[k];
    rc = sqlite3_bind_int64(st, 1, d->dict[k].max_id);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      rc = SQLITE_OK;
      if (intern_add(&d->dict[k], (const char *)sqlite3_column_text(st, 1),
                     (size_t)sqlite3_column_bytes(st, 1), sqlite3_column_int64(st, 0)) != 0)
        rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    sqlite3_reset(st);
    intern_commit(&d->dict[k]); /* what the tables hold is committed */
  }
  return rc;
}

int import_db_begin(import_db *d) {
  int rc = exec(d->db, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK) rc = dict_reload(d);
  if (rc == SQLITE_OK) rc = load_max_id(d);
  d->format_seen = NULL;
  return rc;
}

int import_db_commit(import_db *d) {
  int k, rc = flush_rows(d);
  if (rc == SQLITE_OK) rc = exec(d->db, "COMMIT");
  if (rc == SQLITE_OK)
    for (k = 0; k < KINDS; k++) intern_commit(&d->dict[k]);
  return rc;
}

int import_db_rollback(import_db *d) {
  int k, status = 0;
  d->queued = 0;
  d->arena_len = 0;
  if (!sqlite3_get_autocommit(d->db)) exec(d->db, "ROLLBACK");
  for (k = 0; k < KINDS; k++)
    if (intern_rollback(&d->dict[k]) != 0) status = -1;
  d->format_seen = NULL;
  return status;
}

/* ---- sources ------------------------------------------------------------------ */

void import_source_free(import_source *src) {
  free(src->name);
  free(src->file);
  src->name = src->file = NULL;
}

int import_db_candidates(import_db *d, const unsigned char *head, size_t head_n, import_source *out,
                         int max, int *found) {
  sqlite3_stmt *st = d->source_find;
  int rc = sqlite3_bind_blob(st, 1, head, (int)head_n, SQLITE_STATIC);
  *found = 0;
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    import_source *s = &out[*found];
    const char *format = (const char *)sqlite3_column_text(st, 2);
    const char *name = (const char *)sqlite3_column_text(st, 1);
    rc = SQLITE_OK;
    if (*found == max) continue; /* more contents alike than max: the oldest are not tried */
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->name = name ? strdup(name) : NULL;
    if (name && !s->name) rc = SQLITE_NOMEM;
    snprintf(s->format, sizeof s->format, "%s", format ? format : "");
    s->lines = sqlite3_column_int64(st, 3);
    s->end_offset = sqlite3_column_int64(st, 4);
    s->last_hash = (uint64_t)sqlite3_column_int64(st, 5);
    s->open_end = sqlite3_column_int64(st, 6);
    s->rows = sqlite3_column_int64(st, 7);
    s->rejected = sqlite3_column_int64(st, 8);
    s->head_n = (size_t)sqlite3_column_int64(st, 9); /* the head itself is a prefix of head */
    ++*found;
  }
  if (rc == SQLITE_DONE) rc = SQLITE_OK;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc;
}

int import_db_save_source(import_db *d, import_source *src) {
  sqlite3_stmt *st = src->id ? d->source_update : d->source_insert;
  int rc = sqlite3_bind_text(st, 1, src->name, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, src->file, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_blob(st, 3, src->head, (int)src->head_n, SQLITE_STATIC);
  if (rc == SQLITE_OK)
    rc = src->format[0] ? sqlite3_bind_text(st, 4, src->format, -1, SQLITE_STATIC)
                        : sqlite3_bind_null(st, 4);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 5, src->lines);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 6, src->end_offset);
  if (rc == SQLITE_OK)
    rc = src->lines ? sqlite3_bind_int64(st, 7, (sqlite3_int64)src->last_hash)
                    : sqlite3_bind_null(st, 7);
  if (rc == SQLITE_OK)
    rc = src->open_end ? sqlite3_bind_int64(st, 8, src->open_end) : sqlite3_bind_null(st, 8);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 9, src->rows);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 10, src->rejected);
  if (rc == SQLITE_OK && src->id) rc = sqlite3_bind_int64(st, 11, src->id);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return rc;
  if (!src->id) src->id = sqlite3_last_insert_rowid(d->db);
  return SQLITE_OK;
}

int import_db_clear_source(import_db *d, import_source *src) {
  char sql[160];
  int rc = flush_rows(d);
  const char *table[2] = {"log_rows", "reject_rows"};
  int i;
  for (i = 0; i < 2 && rc == SQLITE_OK; i++) {
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id > %lld AND id < %lld", table[i],
             (long long)(src->id << LINE_BITS), (long long)((src->id + 1) << LINE_BITS));
    rc = exec(d->db, sql);
  }
  if (rc == SQLITE_OK) rc = load_max_id(d);
  src->lines = src->end_offset = src->open_end = src->rows = src->rejected = 0;
  src->last_hash = 0;
  return rc;
}

/* ---- rows ------------------------------------------------------------------------ */

/* The id of text[0..n) in the dictionary of kind, adding it (and its row)
 * when new. */
static int intern(import_db *d, int kind, const char *text, size_t n, sqlite3_int64 *id) {
  sqlite3_stmt *ins;
  int rc;
  *id = intern_find(&d->dict[kind], text, n);
  if (*id) return SQLITE_OK;
  ins = d->dict_insert[kind];
  *id = d->dict[kind].max_id + 1;
  rc = sqlite3_bind_int64(ins, 1, *id);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(ins, 2, text, (int)n, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  if (rc != SQLITE_DONE) return rc;
  return intern_add(&d->dict[kind], text, n, *id) == 0 ? SQLITE_OK : SQLITE_NOMEM;
}

/* ---- parsed rows, written ROWS_PER_INSERT at a time ------------------------
 *
 * A statement inserting one row costs a search of the table's b-tree from
 * its root for each row; one inserting many keeps its cursor at the end of
 * the table, where the next id goes. So parsed rows are queued (their text
 * copied into the arena, since the reader's buffers change at the next row)
 * and written ROWS_PER_INSERT at a time by one statement, or one by one
 * when fewer are left at a flush. A parameter NULL already is not bound
 * again (most rows leave the same columns NULL). */

static int text_value(import_db *d, row_value *v, const char *p, size_t n) {
  if (!p) {
    v->type = SQLITE_NULL;
    return SQLITE_OK;
  }
  if (d->arena_len + n > d->arena_cap) {
    size_t cap = d->arena_cap ? d->arena_cap : 16384;
    char *a;
    while (cap < d->arena_len + n) cap *= 2;
    if ((a = realloc(d->arena, cap)) == NULL) return SQLITE_NOMEM;
    d->arena = a;
    d->arena_cap = cap;
  }
  memcpy(d->arena + d->arena_len, p, n);
  v->type = SQLITE_TEXT;
  v->v.offset = d->arena_len;
  v->n = (int)n;
  d->arena_len += n;
  return SQLITE_OK;
}

static void int_value(row_value *v, int present, sqlite3_int64 i) {
  v->type = present ? SQLITE_INTEGER : SQLITE_NULL;
  v->v.i = i;
}

static int bind_value(import_db *d, sqlite3_stmt *st, int i, const row_value *v,
                      unsigned char *is_null) {
  if (v->type == SQLITE_NULL) {
    if (*is_null) return SQLITE_OK;
    *is_null = 1;
    return sqlite3_bind_null(st, i);
  }
  *is_null = 0;
  if (v->type == SQLITE_INTEGER) return sqlite3_bind_int64(st, i, v->v.i);
  if (v->type == SQLITE_FLOAT) return sqlite3_bind_double(st, i, v->v.d);
  return sqlite3_bind_text(st, i, d->arena + v->v.offset, v->n, SQLITE_STATIC);
}

/* Writes the queued rows. */
static int flush_rows(import_db *d) {
  int k, c, rc = SQLITE_OK;
  if (d->queued == ROWS_PER_INSERT) {
    for (k = 0; k < ROWS_PER_INSERT && rc == SQLITE_OK; k++)
      for (c = 0; c < ROW_COLUMNS && rc == SQLITE_OK; c++)
        rc = bind_value(d, d->rows_insert, k * ROW_COLUMNS + c + 1, &d->queue[k][c],
                        &d->rows_null[k * ROW_COLUMNS + c]);
    if (rc == SQLITE_OK) rc = sqlite3_step(d->rows_insert);
    sqlite3_reset(d->rows_insert);
  } else {
    for (k = 0; k < d->queued && (rc == SQLITE_OK || rc == SQLITE_DONE); k++) {
      for (c = 0, rc = SQLITE_OK; c < ROW_COLUMNS && rc == SQLITE_OK; c++)
        rc = bind_value(d, d->row_insert, c + 1, &d->queue[k][c], &d->row_null[c]);
      if (rc == SQLITE_OK) rc = sqlite3_step(d->row_insert);
      sqlite3_reset(d->row_insert);
    }
  }
  d->queued = 0;
  d->arena_len = 0;
  return rc == SQLITE_DONE || (rc == SQLITE_OK && k == 0) ? SQLITE_OK : rc;
}

/* The time as three columns (import_schema.h), from the record's numbers:
 * t the UTC seconds (the local ones when the log gives no offset), tz the
 * offset in minutes, 'Z' or NULL, frac the fraction as the log wrote it. */
static int time_values(import_db *d, row_value *v, const log_time *t) {
  sqlite3_int64 seconds;
  char frac[10];
  uint32_t nanos = t->nanos;
  int i;
  if (!t->present) {
    v[0].type = v[1].type = v[2].type = SQLITE_NULL;
    return SQLITE_OK;
  }
  seconds = log_days_from_civil(t->year, t->month, t->day) * 86400 + t->hour * 3600 +
            t->minute * 60 + t->second;
  int_value(&v[0], 1, t->has_offset ? seconds - (sqlite3_int64)t->offset_minutes * 60 : seconds);
  int_value(&v[1], t->has_offset, t->offset_minutes);
  if (!t->has_offset && !t->local && text_value(d, &v[1], "Z", 1) != SQLITE_OK) return SQLITE_NOMEM;
  if (t->frac_digits <= 0 || t->frac_digits > 9) {
    v[2].type = SQLITE_NULL;
    return SQLITE_OK;
  }
  frac[0] = '.';
  for (i = 9; i >= 1; i--, nanos /= 10) frac[i] = (char)('0' + nanos % 10);
  return text_value(d, &v[2], frac, 1 + (size_t)t->frac_digits);
}

static int interned_value(import_db *d, row_value *v, int kind, log_text t) {
  sqlite3_int64 id = 0;
  int rc = t.p ? intern(d, kind, t.p, t.n, &id) : SQLITE_OK;
  int_value(v, t.p != NULL, id);
  return rc;
}

static int store_parsed(import_db *d, sqlite3_int64 id, log_reader *r, const log_record *rec) {
  row_value *v = d->queue[d->queued];
  log_text extra;
  int rc;
  /* The next id after the largest: SQLite's own (NULL), which it appends
   * without searching the table for the place. */
  int_value(&v[0], id != d->max_id + 1, id);
  if (id > d->max_id) d->max_id = id;
  rc = time_values(d, &v[1], &rec->time);
  if (rc == SQLITE_OK) rc = text_value(d, &v[4], rec->client.p, rec->client.n);
  if (rc == SQLITE_OK) rc = text_value(d, &v[5], rec->remote_user.p, rec->remote_user.n);
  if (rc == SQLITE_OK) rc = text_value(d, &v[6], rec->method.p, rec->method.n);
  if (rc == SQLITE_OK) rc = text_value(d, &v[7], rec->path.p, rec->path.n);
  if (rc == SQLITE_OK) rc = text_value(d, &v[8], rec->query.p, rec->query.n);
  if (rc == SQLITE_OK) rc = text_value(d, &v[9], rec->protocol.p, rec->protocol.n);
  int_value(&v[10], rec->has_status, rec->status);
  int_value(&v[11], rec->has_bytes, rec->bytes);
  if (rc == SQLITE_OK) rc = interned_value(d, &v[12], KIND_REFERRER, rec->referrer);
  if (rc == SQLITE_OK) rc = interned_value(d, &v[13], KIND_AGENT, rec->user_agent);
  if (rc == SQLITE_OK) rc = text_value(d, &v[14], rec->host.p, rec->host.n);
  int_value(&v[15], rec->has_port, rec->port);
  v[16].type = rec->has_duration ? SQLITE_FLOAT : SQLITE_NULL;
  v[16].v.d = rec->duration;
  if (rc == SQLITE_OK) {
    memset(&extra, 0, sizeof extra);
    rc = log_reader_extra(r, &extra) == 0 ? text_value(d, &v[17], extra.p, extra.n) : SQLITE_NOMEM;
  }
  if (rc == SQLITE_OK && rec->format && rec->format != d->format_seen) {
    rc = intern(d, KIND_FORMAT, rec->format, strlen(rec->format), &d->format_seen_id);
    d->format_seen = rc == SQLITE_OK ? rec->format : NULL;
  }
  int_value(&v[18], rec->format != NULL, d->format_seen_id);
  if (rc != SQLITE_OK) return rc;
  return ++d->queued == ROWS_PER_INSERT ? flush_rows(d) : SQLITE_OK;
}

static int store_error(import_db *d, sqlite3_int64 id, const log_row *row) {
  sqlite3_stmt *st = d->reject_insert;
  const log_text *why = &row->rec->error;
  int rc = sqlite3_bind_int64(st, 1, id);
  if (rc == SQLITE_OK)
    rc = why->p ? sqlite3_bind_text(st, 2, why->p, (int)why->n, SQLITE_STATIC)
                : sqlite3_bind_text(st, 2, "unknown error", -1, SQLITE_STATIC);
  if (rc == SQLITE_OK)
    rc = row->raw ? sqlite3_bind_blob(st, 3, row->raw, (int)row->raw_n, SQLITE_STATIC)
                  : sqlite3_bind_null(st, 3);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Deletes line id from st's table; *gone is 1 when it was there. */
static int delete_line(import_db *d, sqlite3_stmt *st, sqlite3_int64 id, int *gone) {
  int rc = sqlite3_bind_int64(st, 1, id);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  sqlite3_reset(st);
  *gone = rc == SQLITE_DONE && sqlite3_changes(d->db) > 0;
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int import_db_store_row(import_db *d, import_source *src, log_reader *r, const log_row *row,
                        int replace) {
  sqlite3_int64 id = ((sqlite3_int64)src->id << LINE_BITS) + row->line;
  int rc = SQLITE_OK, gone;
  if (replace) {
    rc = flush_rows(d);
    gone = 0;
    if (rc == SQLITE_OK) rc = delete_line(d, d->row_delete, id, &gone);
    src->rows -= gone;
    if (rc == SQLITE_OK) rc = delete_line(d, d->reject_delete, id, &gone);
    src->rejected -= gone;
    if (rc == SQLITE_OK) rc = load_max_id(d);
    if (rc != SQLITE_OK) return rc;
  }
  if (row->kind == LOG_ROW_PARSED) {
    rc = store_parsed(d, id, r, row->rec);
    if (rc == SQLITE_OK) src->rows++;
  } else {
    rc = store_error(d, id, row);
    if (rc == SQLITE_OK) src->rejected++;
  }
  return rc;
}
