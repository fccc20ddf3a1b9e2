/*
** report_scan.c: the one pass over the input, summing as it goes.
**
** A GROUP BY in SQLite sorts its rows, so a report of several panels over a
** million lines would sort a million rows several times. Instead the rows of
** the input are read once, by one statement, and summed here in hash tables
** keyed by the panels' groups; what is left is small and goes into the temp
** tables the panels' queries read (their shapes are in report_query.c):
**   log_minutes      minute (UTC), status -> requests, bytes, first, last
**   log_clients      client -> requests, client_errors, server_errors
**   log_error_paths  path, status (400-599) -> requests
**   log_agents       agents (bots, people, unknown), status -> requests
** log_durations gets one row per request that has a duration (requests 1),
** as percentiles need every value; rejects one row per line that did not
** parse.
**
** A row allocates nothing unless one of its keys is new: keys are copied
** into 64 KB blocks, and the tables double when 70% full.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_scan.h"

/* ---- a hash table of counters, keyed by bytes ------------------------------ */

struct entry {
  const char *key;   /* in the arena; NULL: an empty slot */
  size_t len, split; /* the key is part one (split bytes), then part two */
  uint64_t hash;
  sqlite3_int64 status, requests, bytes, client_errors, server_errors;
  char first[40], last[40];
};

struct arena_block {
  struct arena_block *next;
  size_t used, size;
  char data[];
};

struct counts {
  struct entry *slots;
  size_t cap, n;
  struct arena_block *arena;
};

static uint64_t hash_bytes(const char *s, size_t n, sqlite3_int64 status) {
  uint64_t h = 1469598103934665603ULL ^ (uint64_t)status;
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h ^ (h >> 29);
}

static const char *arena_copy(struct counts *c, const char *s, size_t n) {
  struct arena_block *b = c->arena;
  char *p;
  if (b == NULL || b->size - b->used < n + 1) {
    size_t size = n + 1 > 65536 ? n + 1 : 65536;
    b = malloc(sizeof *b + size);
    if (b == NULL) return NULL;
    b->next = c->arena, b->used = 0, b->size = size;
    c->arena = b;
  }
  p = b->data + b->used;
  memcpy(p, s, n);
  p[n] = '\0';
  b->used += n + 1;
  return p;
}

static int grow(struct counts *c) {
  size_t cap = c->cap ? c->cap * 2 : 1024, i;
  struct entry *slots = calloc(cap, sizeof *slots);
  if (slots == NULL) return SQLITE_NOMEM;
  for (i = 0; i < c->cap; i++) {
    size_t at;
    if (c->slots[i].key == NULL) continue;
    for (at = c->slots[i].hash & (cap - 1); slots[at].key; at = (at + 1) & (cap - 1)) {
    }
    slots[at] = c->slots[i];
  }
  free(c->slots);
  c->slots = slots, c->cap = cap;
  return SQLITE_OK;
}

/* The entry of (key, status), made when new; NULL when out of memory. */
static struct entry *counts_get(struct counts *c, const char *key, size_t len, size_t split,
                                sqlite3_int64 status) {
  uint64_t h = hash_bytes(key, len, status);
  size_t at;
  struct entry *e;
  if ((c->n + 1) * 10 > c->cap * 7 && grow(c) != SQLITE_OK) return NULL;
  for (at = h & (c->cap - 1); c->slots[at].key; at = (at + 1) & (c->cap - 1)) {
    e = &c->slots[at];
    if (e->hash == h && e->len == len && e->status == status && e->split == split &&
        memcmp(e->key, key, len) == 0)
      return e;
  }
  e = &c->slots[at];
  e->key = arena_copy(c, key, len);
  if (e->key == NULL) return NULL;
  e->len = len, e->split = split, e->hash = h, e->status = status;
  c->n++;
  return e;
}

static void counts_free(struct counts *c) {
  while (c->arena) {
    struct arena_block *next = c->arena->next;
    free(c->arena);
    c->arena = next;
  }
  free(c->slots);
  memset(c, 0, sizeof *c);
}

/* ---- the pass ----------------------------------------------------------------- */

enum { MINUTES, CLIENTS, ERROR_PATHS, AGENTS, TABLES };

struct scan {
  struct counts t[TABLES];
  sqlite3_stmt *duration_insert, *reject_insert;
};

/* Adds one parsed row. at: the UTC time text or NULL. */
static int add_row(struct scan *s, sqlite3_stmt *row) {
  const char *at = (const char *)sqlite3_column_text(row, COL_AT);
  size_t at_len = at ? (size_t)sqlite3_column_bytes(row, COL_AT) : 0;
  size_t minute_len = at_len < 16 ? at_len : 16;
  sqlite3_int64 status = sqlite3_column_int64(row, COL_STATUS);
  int has_status = sqlite3_column_type(row, COL_STATUS) != SQLITE_NULL;
  int c4 = status >= 400 && status <= 499, c5 = status >= 500 && status <= 599;
  struct entry *e;
  if (!has_status) status = -1;
  /* minute, status */
  e = counts_get(&s->t[MINUTES], at ? at : "", minute_len, at ? minute_len : (size_t)-1, status);
  if (e == NULL) return SQLITE_NOMEM;
  e->requests++;
  e->bytes += sqlite3_column_int64(row, COL_BYTES);
  if (at && at_len < sizeof e->first) {
    if (e->first[0] == '\0' || strcmp(at, e->first) < 0) memcpy(e->first, at, at_len + 1);
    if (strcmp(at, e->last) > 0) memcpy(e->last, at, at_len + 1);
  }
  /* client */
  {
    const char *client = (const char *)sqlite3_column_text(row, COL_CLIENT);
    size_t len = client ? (size_t)sqlite3_column_bytes(row, COL_CLIENT) : 0;
    e = counts_get(&s->t[CLIENTS], client ? client : "", len, client ? len : (size_t)-1, 0);
    if (e == NULL) return SQLITE_NOMEM;
    e->requests++, e->client_errors += c4, e->server_errors += c5;
  }
  /* path, for errors */
  if (c4 || c5) {
    const char *path = (const char *)sqlite3_column_text(row, COL_PATH);
    size_t len = path ? (size_t)sqlite3_column_bytes(row, COL_PATH) : 0;
    e = counts_get(&s->t[ERROR_PATHS], path ? path : "", len, path ? len : (size_t)-1, status);
    if (e == NULL) return SQLITE_NOMEM;
    e->requests++;
  }
  /* bots and people, when the function exists (the column is then text) */
  if (sqlite3_column_type(row, COL_AGENTS) != SQLITE_NULL) {
    const char *agents = (const char *)sqlite3_column_text(row, COL_AGENTS);
    size_t len = (size_t)sqlite3_column_bytes(row, COL_AGENTS);
    e = counts_get(&s->t[AGENTS], agents ? agents : "", len, len, status);
    if (e == NULL) return SQLITE_NOMEM;
    e->requests++;
  }
  /* every duration, for the percentiles */
  if (sqlite3_column_type(row, COL_DURATION) != SQLITE_NULL) {
    sqlite3_stmt *ins = s->duration_insert;
    int rc = at ? sqlite3_bind_text(ins, 1, at, (int)minute_len, SQLITE_STATIC)
                : sqlite3_bind_null(ins, 1);
    if (rc == SQLITE_OK)
      rc = has_status ? sqlite3_bind_int64(ins, 2, status) : sqlite3_bind_null(ins, 2);
    if (rc == SQLITE_OK) rc = sqlite3_bind_value(ins, 3, sqlite3_column_value(row, COL_DURATION));
    if (rc == SQLITE_OK) rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc != SQLITE_DONE) return rc;
  }
  return SQLITE_OK;
}

static int add_reject(struct scan *s, sqlite3_stmt *row) {
  sqlite3_stmt *ins = s->reject_insert;
  int rc = SQLITE_OK, i;
  for (i = 0; i < 4 && rc == SQLITE_OK; i++)
    rc = sqlite3_bind_value(ins, i + 1, sqlite3_column_value(row, COL_FILE + i));
  if (rc == SQLITE_OK) rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Binds part one of e's key (NULL when the key stood for NULL) to ins's ?at. */
static int bind_part(sqlite3_stmt *ins, int at, const struct entry *e) {
  if (e->split == (size_t)-1) return sqlite3_bind_null(ins, at);
  return sqlite3_bind_text(ins, at, e->key, (int)e->split, SQLITE_STATIC);
}

static int flush(sqlite3 *db, struct scan *s) {
  static const char *const sql[TABLES] = {
      "INSERT INTO temp.log_minutes VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      "INSERT INTO temp.log_clients VALUES (?1, ?3, ?4, ?5)",
      "INSERT INTO temp.log_error_paths VALUES (?1, ?2, ?3)",
      "INSERT INTO temp.log_agents VALUES (?1, ?2, ?3)"};
  int k, rc = SQLITE_OK;
  for (k = 0; k < TABLES && rc == SQLITE_OK; k++) {
    sqlite3_stmt *ins;
    size_t i;
    rc = sqlite3_prepare_v2(db, sql[k], -1, &ins, NULL);
    for (i = 0; rc == SQLITE_OK && i < s->t[k].cap; i++) {
      const struct entry *e = &s->t[k].slots[i];
      if (e->key == NULL) continue;
      rc = bind_part(ins, 1, e);
      if (rc == SQLITE_OK && sqlite3_bind_parameter_index(ins, "?2") > 0)
        rc = e->status < 0 ? sqlite3_bind_null(ins, 2) : sqlite3_bind_int64(ins, 2, e->status);
      if (rc == SQLITE_OK) rc = sqlite3_bind_int64(ins, 3, e->requests);
      if (rc == SQLITE_OK && k == MINUTES) {
        rc = sqlite3_bind_int64(ins, 4, e->bytes);
        if (rc == SQLITE_OK)
          rc = e->first[0] ? sqlite3_bind_text(ins, 5, e->first, -1, SQLITE_STATIC)
                           : sqlite3_bind_null(ins, 5);
        if (rc == SQLITE_OK)
          rc = e->last[0] ? sqlite3_bind_text(ins, 6, e->last, -1, SQLITE_STATIC)
                          : sqlite3_bind_null(ins, 6);
      } else if (rc == SQLITE_OK && k == CLIENTS) {
        rc = sqlite3_bind_int64(ins, 4, e->client_errors);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int64(ins, 5, e->server_errors);
      }
      if (rc == SQLITE_OK) rc = sqlite3_step(ins);
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
  }
  return rc;
}

struct scan *report_scan_open(sqlite3 *db) {
  struct scan *s = calloc(1, sizeof *s);
  if (s == NULL) return NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO temp.log_durations VALUES (?1, ?2, ?3, 1)", -1,
                         &s->duration_insert, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO temp.rejects VALUES (?1, ?2, ?3, ?4)", -1,
                         &s->reject_insert, NULL) != SQLITE_OK) {
    report_scan_close(NULL, s);
    return NULL;
  }
  return s;
}

int report_scan_rows(struct scan *s, sqlite3_stmt *row, sqlite3_int64 *requests,
                     sqlite3_int64 *rejected) {
  int rc;
  while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
    if (sqlite3_column_type(row, COL_ERROR) != SQLITE_NULL) {
      rc = add_reject(s, row);
      ++*rejected;
    } else {
      rc = add_row(s, row);
      ++*requests;
    }
    if (rc != SQLITE_OK) return rc;
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int report_scan_close(sqlite3 *db, struct scan *s) {
  int rc = SQLITE_OK, i;
  if (s == NULL) return SQLITE_NOMEM;
  if (db) rc = flush(db, s);
  for (i = 0; i < TABLES; i++) counts_free(&s->t[i]);
  sqlite3_finalize(s->duration_insert);
  sqlite3_finalize(s->reject_insert);
  free(s);
  return rc;
}
