/* import_intern.c: open addressing with linear probing, grown to keep the
 * table at most half full. A rollback rebuilds the table without the
 * entries it drops (linear probing cannot simply empty a slot); it is rare
 * and costs one pass. */
#include "import_intern.h"

#include <stdlib.h>
#include <string.h>

/* Eight bytes at a time (a user agent is ~100 bytes, hashed once a row). */
uint64_t intern_hash(const char *s, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15u ^ n, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdu;
    h ^= h >> 32;
  }
  w = 0;
  memcpy(&w, s + i, n - i);
  h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
  return h ^ (h >> 29);
}

static size_t slot_of(const intern_entry *slots, size_t cap, const char *s, size_t n) {
  size_t i = (size_t)intern_hash(s, n) & (cap - 1);
  while (slots[i].id != 0 && (slots[i].len != n || memcmp(slots[i].text, s, n) != 0))
    i = (i + 1) & (cap - 1);
  return i;
}

int64_t intern_find(const intern_table *t, const char *text, size_t len) {
  if (t->cap == 0) return 0;
  return t->slots[slot_of(t->slots, t->cap, text, len)].id;
}

static int grow(intern_table *t) {
  size_t cap = t->cap ? t->cap * 2 : 1024, i;
  intern_entry *slots = calloc(cap, sizeof *slots);
  if (slots == NULL) return -1;
  for (i = 0; i < t->cap; i++)
    if (t->slots[i].id != 0)
      slots[slot_of(slots, cap, t->slots[i].text, t->slots[i].len)] = t->slots[i];
  free(t->slots);
  t->slots = slots;
  t->cap = cap;
  return 0;
}

int intern_add(intern_table *t, const char *text, size_t len, int64_t id) {
  size_t i;
  if ((t->used + 1) * 2 > t->cap && grow(t) != 0) return -1;
  i = slot_of(t->slots, t->cap, text, len);
  if (t->slots[i].id == 0) {
    char *copy = malloc(len + 1);
    if (copy == NULL) return -1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    t->slots[i].text = copy;
    t->slots[i].len = len;
    t->used++;
  }
  t->slots[i].id = id;
  if (id > t->max_id) t->max_id = id;
  return 0;
}

void intern_commit(intern_table *t) { t->committed_id = t->max_id; }

int intern_rollback(intern_table *t) {
  intern_entry *slots;
  size_t i;
  if (t->max_id == t->committed_id) return 0;
  slots = calloc(t->cap, sizeof *slots);
  if (slots == NULL) return -1;
  for (i = 0; i < t->cap; i++) {
    if (t->slots[i].id == 0) continue;
    if (t->slots[i].id > t->committed_id) {
      free(t->slots[i].text);
      t->used--;
    } else {
      slots[slot_of(slots, t->cap, t->slots[i].text, t->slots[i].len)] = t->slots[i];
    }
  }
  free(t->slots);
  t->slots = slots;
  t->max_id = t->committed_id;
  return 0;
}

void intern_free(intern_table *t) {
  size_t i;
  for (i = 0; i < t->cap; i++) free(t->slots[i].text);
  free(t->slots);
  memset(t, 0, sizeof *t);
}
