/*
** agent_match.h: parsing a user agent with uap-core's rules, and the
** per-connection cache of the answers.
**
** What is parsed: the value's bytes, with every invalid UTF-8 sequence
** replaced by U+FFFD as Python's bytes.decode('utf-8', 'replace') does, and
** then only as many whole characters as fit in AGENT_PARSE_MAX bytes. NUL
** bytes are characters like any other. The answers are those of Debian's
** python3-ua-parser (the reference) on that text: tests/agent_reference.t
** compares them.
**
** The cache keeps the answers for the last user agents a connection parsed:
** at most AGENT_CACHE_ENTRIES of them, two per hash bucket, the older of the
** two replaced. User agents longer than AGENT_CACHE_KEY_MAX bytes are parsed
** on every call. An entry holds the key and its answers, so the cache stays
** under AGENT_CACHE_ENTRIES * (AGENT_CACHE_KEY_MAX + the answers, a few
** hundred bytes in practice).
*/
#ifndef HTTPAGENT_MATCH_H
#define HTTPAGENT_MATCH_H

#define AGENT_PARSE_MAX 2048
#define AGENT_CACHE_ENTRIES 4096
#define AGENT_CACHE_KEY_MAX 512

/* The answers of one parse, in the order of struct agent_entry's fields. */
enum agent_field {
  AGENT_BROWSER,
  AGENT_BROWSER_MAJOR,
  AGENT_BROWSER_MINOR,
  AGENT_BROWSER_PATCH,
  AGENT_OS,
  AGENT_OS_MAJOR,
  AGENT_OS_MINOR,
  AGENT_OS_PATCH,
  AGENT_OS_PATCH_MINOR,
  AGENT_DEVICE,
  AGENT_DEVICE_BRAND,
  AGENT_DEVICE_MODEL,
  AGENT_BOT,             /* the crawler's name; NULL when not a crawler */
  AGENT_BROWSER_VERSION, /* major[.minor[.patch]] */
  AGENT_OS_VERSION,      /* major[.minor[.patch[.patch_minor]]] */
  AGENT_JSON,            /* all of it, as http_agent() answers */
  AGENT_FIELD_COUNT
};

/* One parsed user agent. Field f is NULL when length[f] < 0, else the
** length[f] bytes at text + offset[f] (valid UTF-8, not NUL-terminated). */
struct agent_entry {
  unsigned hash;
  int key_length; /* the user agent's bytes, at text */
  int is_bot;
  int offset[AGENT_FIELD_COUNT];
  int length[AGENT_FIELD_COUNT];
  char text[1];
};

struct agent_cache;

/* A cache for one connection; NULL when out of memory. */
struct agent_cache *agent_cache_new(void);
void agent_cache_free(struct agent_cache *cache);

/* The answers for the n bytes at ua, from the cache or parsed now; *entry
** stays valid until the next call with this cache. Returns SQLITE_OK, or
** SQLITE_NOMEM, or SQLITE_ERROR with *error set (sqlite3_malloc'd) when a
** pattern does not compile. */
int agent_lookup(struct agent_cache *cache, const char *ua, int n, const struct agent_entry **entry,
                 char **error);

/* The patterns compiled so far and the number of rules, over all tables;
** agent_compile_all compiles every one (tests/agent_unit.c). */
int agent_compile_all(char **error);
int agent_compiled_count(void);
int agent_rule_count(void);

#endif
