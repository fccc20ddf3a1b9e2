/*
** httplog_oom.c: http_log() when SQLite's allocator fails. Loads the
** library named on the command line into a process whose SQLite allocator
** fails its Nth call, for N = 1, 2, ... until a run meets no failure, and
** runs queries that detect, take a named format, compile a format string,
** reject an unknown name and read a glob. Every run must end without a
** crash, each statement with a result or an error. Prints TAP.
*/
#include <sqlite3.h>

#include <stdio.h>
#include <string.h>

static sqlite3_mem_methods real;
static int countdown, failures;

static void *fail_malloc(int n) {
  if (countdown > 0 && --countdown == 0) {
    failures++;
    return NULL;
  }
  return real.xMalloc(n);
}

static void *fail_realloc(void *p, int n) {
  if (countdown > 0 && --countdown == 0) {
    failures++;
    return NULL;
  }
  return real.xRealloc(p, n);
}

int main(int argc, char **argv) {
  sqlite3_mem_methods methods;
  const char *formats[] = {NULL, "combined", "%h %l %u %t \"%r\" %>s %b %{X-Id}i", "unknown",
                           "$remote_addr $remote_user [$time_local] \"$request\" $status "
                           "$body_bytes_sent \"$http_referer\" \"$http_user_agent\""};
  int n, bad = 0;
  if (argc < 3) {
    fprintf(stderr, "usage: %s LIBRARY LOG-GLOB\n", argv[0]);
    return 2;
  }
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real);
  methods = real;
  methods.xMalloc = fail_malloc;
  methods.xRealloc = fail_realloc;
  sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
  for (n = 1; n < 100000; n++) {
    sqlite3 *db = NULL;
    size_t i;
    countdown = 0;
    failures = 0;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 1;
    sqlite3_enable_load_extension(db, 1);
    countdown = n;
    if (sqlite3_load_extension(db, argv[1], NULL, NULL) == SQLITE_OK) {
      for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(db,
                                    "SELECT count(*), count(error), max(extra), max(file), "
                                    "max(time_utc) FROM http_log(?1, ?2)",
                                    -1, &stmt, NULL);
        if (rc == SQLITE_OK) {
          sqlite3_bind_text(stmt, 1, argv[2], -1, SQLITE_STATIC);
          sqlite3_bind_text(stmt, 2, formats[i], -1, SQLITE_STATIC);
          while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
          }
          if (rc != SQLITE_DONE && rc != SQLITE_ERROR && rc != SQLITE_NOMEM) bad++;
        }
        sqlite3_finalize(stmt);
      }
    }
    countdown = 0;
    sqlite3_close(db);
    if (!failures) break;
  }
  printf("1..1\n%s 1 - %d allocation failures in turn: no crash, every statement ended\n",
         bad ? "not ok" : "ok", n - 1);
  return 0;
}
