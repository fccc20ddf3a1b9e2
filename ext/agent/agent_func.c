/*
** agent_func.c: http_agent(ua) and the http_agent_*(ua) functions.
**
** Every function reads one user agent and answers from the connection's
** cache (agent_match.h), so a log that repeats its agents is parsed once per
** distinct agent. NULL gives NULL; any other value is read as text (a BLOB's
** bytes, a number's decimal form), parsed as agent_match.h says.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <stddef.h>

#include "agent_func.h"
#include "agent_match.h"

/* The connection's cache, shared by the functions: each holds a reference,
** released by SQLite's destructor when the function goes. */
struct agent_state {
  int references;
  struct agent_cache *cache;
};

static void release(void *p) {
  struct agent_state *state = p;
  if (--state->references > 0) return;
  agent_cache_free(state->cache);
  sqlite3_free(state);
}

/* The answers for the argument, or NULL after setting the result (SQL NULL
** for a NULL argument, an error otherwise). */
static const struct agent_entry *answers(sqlite3_context *context, sqlite3_value *value) {
  struct agent_state *state = sqlite3_user_data(context);
  const struct agent_entry *entry = NULL;
  const char *ua;
  char *error = NULL;
  int rc;
  if (sqlite3_value_type(value) == SQLITE_NULL) return NULL;
  ua = (const char *)sqlite3_value_text(value);
  if (ua == NULL) {
    sqlite3_result_error_nomem(context);
    return NULL;
  }
  rc = agent_lookup(state->cache, ua, sqlite3_value_bytes(value), &entry, &error);
  if (rc == SQLITE_OK) return entry;
  if (rc == SQLITE_NOMEM) {
    sqlite3_result_error_nomem(context);
  } else {
    sqlite3_result_error(context, error ? error : "httpagent: cannot parse the user agent", -1);
    sqlite3_result_error_code(context, rc);
  }
  sqlite3_free(error);
  return NULL;
}

static void result_field(sqlite3_context *context, sqlite3_value *value, int field) {
  const struct agent_entry *entry = answers(context, value);
  if (entry == NULL || entry->length[field] < 0) return;
  sqlite3_result_text(context, entry->text + entry->offset[field], entry->length[field],
                      SQLITE_TRANSIENT);
}

static void browser(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_BROWSER);
}

static void browser_version(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_BROWSER_VERSION);
}

static void os(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_OS);
}

static void os_version(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_OS_VERSION);
}

static void device(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_DEVICE);
}

static void json(sqlite3_context *c, int argc, sqlite3_value **argv) {
  (void)argc;
  result_field(c, argv[0], AGENT_JSON);
}

static void is_bot(sqlite3_context *c, int argc, sqlite3_value **argv) {
  const struct agent_entry *entry = answers(c, argv[0]);
  (void)argc;
  if (entry) sqlite3_result_int(c, entry->is_bot);
}

int agent_func_register(sqlite3 *db) {
  static const struct {
    const char *name;
    void (*function)(sqlite3_context *, int, sqlite3_value **);
  } functions[] = {
      {"http_agent", json},
      {"http_agent_browser", browser},
      {"http_agent_browser_version", browser_version},
      {"http_agent_os", os},
      {"http_agent_os_version", os_version},
      {"http_agent_device", device},
      {"http_agent_is_bot", is_bot},
  };
  /* Reads nothing but its argument: safe where SQL is untrusted. */
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  struct agent_state *state = sqlite3_malloc(sizeof *state);
  int i, rc = SQLITE_OK;
  if (state == NULL) return SQLITE_NOMEM;
  state->references = 1; /* this function's, until the loop ends */
  state->cache = agent_cache_new();
  if (state->cache == NULL) {
    sqlite3_free(state);
    return SQLITE_NOMEM;
  }
  for (i = 0; rc == SQLITE_OK && i < (int)(sizeof functions / sizeof functions[0]); i++) {
    state->references++;
    /* On failure SQLite calls release itself. */
    rc = sqlite3_create_function_v2(db, functions[i].name, 1, flags, state, functions[i].function,
                                    NULL, NULL, release);
  }
  release(state);
  return rc;
}
