/*
** tests/static_link.c: the extension compiled into an application.
**
** Built with -DSQLITE_CORE together with the sources in ext/ and linked
** against SQLite (the Makefile's tests/static_link target). The application
** registers sqlite3_httpstatus_init with sqlite3_auto_extension(), so every
** connection it opens has the functions and tables without loading
** anything. Prints TAP.
*/
#include <sqlite3.h>

#include <stdio.h>
#include <string.h>

int sqlite3_httpstatus_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

static int test_count;

static void ok(int pass, const char *name) {
  printf("%s %d - %s\n", pass ? "ok" : "not ok", ++test_count, name);
}

/* The text in the first column of the first row of sql, or NULL. */
static const char *query_text(sqlite3 *db, const char *sql, char *buf, size_t size) {
  sqlite3_stmt *stmt;
  const char *result = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    printf("# %s: %s\n", sql, sqlite3_errmsg(db));
    return NULL;
  }
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != NULL) {
    snprintf(buf, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
    result = buf;
  } else {
    printf("# %s: %s\n", sql, sqlite3_errmsg(db));
  }
  sqlite3_finalize(stmt);
  return result;
}

static int same(const char *got, const char *expected) {
  if (got == NULL) return 0;
  if (strcmp(got, expected) == 0) return 1;
  printf("#      got: %s\n# expected: %s\n", got, expected);
  return 0;
}

int main(void) {
  sqlite3 *db = NULL, *second = NULL;
  char buf[256];
  int rc;

  printf("1..7\n");
  rc = sqlite3_auto_extension((void (*)(void))sqlite3_httpstatus_init);
  ok(rc == SQLITE_OK, "sqlite3_auto_extension registers the init function");
  rc = sqlite3_open(":memory:", &db);
  ok(rc == SQLITE_OK, "a connection opens with the extension registered");

  /* RFC 9110, Section 15.5.5: 404 Not Found. */
  ok(same(query_text(db, "SELECT http_status_line(404)", buf, sizeof(buf)), "404 Not Found"),
     "http_status_line(404) without loading anything");
  ok(same(query_text(db, "SELECT name FROM http_status WHERE code = 503", buf, sizeof(buf)),
          "Service Unavailable"),
     "the http_status table answers a lookup");
  /* One http_status row per distinct code among all the meanings. */
  ok(same(query_text(db,
                     "SELECT (SELECT count(*) FROM http_status) ="
                     " (SELECT count(DISTINCT code) FROM http_status_meanings)",
                     buf, sizeof(buf)),
          "1"),
     "http_status has one row per code of http_status_meanings");
  /* Loading from a file stays off: the extension came from auto_extension. */
  ok(query_text(db, "SELECT load_extension('./httpstatus')", buf, sizeof(buf)) == NULL &&
         same(sqlite3_errmsg(db), "not authorized"),
     "load_extension() stays disabled: not authorized");

  rc = sqlite3_open(":memory:", &second);
  ok(rc == SQLITE_OK &&
         same(query_text(second, "SELECT http_status_code('i''m a teapot')", buf, sizeof(buf)),
              "418"),
     "a second connection gets the extension too");
  sqlite3_close(second);
  sqlite3_close(db);
  sqlite3_reset_auto_extension();
  return 0;
}
