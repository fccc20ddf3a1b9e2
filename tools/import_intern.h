/* import_intern.h: a text <-> id dictionary the importer keeps in memory.
 *
 * A column whose values repeat (user agents, referrers, format names) is
 * stored once per distinct value, in a two-column table (id, text), and the
 * rows hold the id. The dictionary mirrors that table: intern_find() answers
 * from memory, and a value not seen before gets the next id and is written
 * to the table by the caller.
 *
 * The table's rows are written in the caller's transaction, so the
 * dictionary follows it: intern_commit() when it commits, intern_rollback()
 * when it rolls back, which forgets every value added since the last
 * commit (their ids do not exist in the database any more, and would
 * otherwise be reused by the next transaction for rows pointing nowhere).
 * No SQLite types here.
 */
#ifndef IMPORT_INTERN_H
#define IMPORT_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef struct intern_entry {
  char *text;
  size_t len;
  int64_t id; /* 0: empty slot */
} intern_entry;

typedef struct intern_table {
  intern_entry *slots;
  size_t cap, used;     /* cap is a power of two */
  int64_t max_id;       /* the largest id known, in memory or in the table */
  int64_t committed_id; /* max_id at the last intern_commit() */
} intern_table;

/* A 64-bit hash of s[0..n) (not cryptographic: tells texts apart). */
uint64_t intern_hash(const char *s, size_t n);

/* The id of text[0..len), or 0 when absent. */
int64_t intern_find(const intern_table *t, const char *text, size_t len);

/* Records text[0..len) under id (copying it); returns 0, or -1 when out of
 * memory. max_id follows the largest id added. */
int intern_add(intern_table *t, const char *text, size_t len, int64_t id);

/* The transaction that wrote the added values committed: they are kept. */
void intern_commit(intern_table *t);

/* It rolled back: the values with ids above the last commit's are removed
 * and max_id goes back to it. Returns 0, or -1 when out of memory (the
 * table is then unchanged and must not be used for another transaction). */
int intern_rollback(intern_table *t);

void intern_free(intern_table *t);

#endif
