/*
** fuzz_httpagent.c: a libFuzzer harness for the httpagent functions.
**
** The httpagent sources are compiled in (-DSQLITE_CORE). The input is a user
** agent, bound as text (its bytes as they are: invalid UTF-8 and NUL bytes
** included) and, when its first byte is odd, as a BLOB, then given to every
** function on one connection, so that the cache sees it twice:
**   SELECT http_agent(?1), http_agent_browser(?1), ..., http_agent_is_bot(?1)
** http_agent() must be valid JSON whose parts equal the other functions'
** answers (compared when the input has no NUL byte: SQLite's ->> stops a
** string at an escaped NUL), and is_bot 0 or 1; otherwise the harness aborts
** so that libFuzzer keeps the input. Every 1000th input gets a fresh connection.
*/
#include <sqlite3.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sqlite3_httpagent_init(sqlite3 *db, char **pzErrMsg, const void *pApi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *stmt;
static unsigned long runs;

static const char query[] =
    "SELECT http_agent(?1), json_valid(http_agent(?1)),"
    " http_agent(?1) ->> '$.browser.family' IS http_agent_browser(?1),"
    " http_agent(?1) ->> '$.browser.version' IS http_agent_browser_version(?1),"
    " http_agent(?1) ->> '$.os.family' IS http_agent_os(?1),"
    " http_agent(?1) ->> '$.os.version' IS http_agent_os_version(?1),"
    " http_agent(?1) ->> '$.device.family' IS http_agent_device(?1),"
    " http_agent(?1) ->> '$.is_bot' IS http_agent_is_bot(?1), http_agent_is_bot(?1)";

static void open_db(void) {
  char *error = NULL;
  if (stmt) sqlite3_finalize(stmt);
  if (db) sqlite3_close(db);
  if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_httpagent_init(db, &error, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, query, -1, &stmt, NULL) != SQLITE_OK) {
    fprintf(stderr, "fuzz_httpagent: setup: %s\n", error ? error : sqlite3_errmsg(db));
    abort();
  }
}

static void check(const uint8_t *data, size_t size, int as_blob) {
  int rc, i, parts = memchr(data, 0, size) == NULL;
  if (as_blob)
    sqlite3_bind_blob(stmt, 1, data, (int)size, SQLITE_STATIC);
  else
    sqlite3_bind_text(stmt, 1, (const char *)data, (int)size, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    /* Only running out of memory may fail a parse. */
    if (rc == SQLITE_NOMEM) {
      sqlite3_reset(stmt);
      return;
    }
    fprintf(stderr, "fuzz_httpagent: %s\n", sqlite3_errmsg(db));
    abort();
  }
  for (i = 1; i <= (parts ? 7 : 1); i++) {
    if (sqlite3_column_int(stmt, i) != 1) {
      fprintf(stderr, "fuzz_httpagent: check %d failed: %s\n", i,
              (const char *)sqlite3_column_text(stmt, 0));
      abort();
    }
  }
  if (sqlite3_column_int(stmt, 8) != 0 && sqlite3_column_int(stmt, 8) != 1) abort();
  sqlite3_reset(stmt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1 << 20) return 0;
  if (db == NULL || ++runs % 1000 == 0) open_db();
  check(data, size, 0);
  if (size > 0 && (data[0] & 1)) check(data, size, 1);
  check(data, size, 0);
  return 0;
}
