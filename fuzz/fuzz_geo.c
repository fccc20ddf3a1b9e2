/*
** fuzz_geo.c: a libFuzzer harness for http_geo() on corrupt MaxMind DBs.
**
** The httplog sources are compiled in (-DSQLITE_CORE). The input is written
** to a file that a fresh connection then reads (http_geo keeps a file open
** per connection and path, so a new connection sees the new bytes):
**   SELECT http_geo(ip, file, field) for addresses in and out of the seed
**   databases' networks, IPv4 and IPv6, and fields from the default to ''
**   (the whole record as JSON) and paths into maps and arrays
** Every call must answer a value, NULL, or an error that names the file;
** anything else aborts so that libFuzzer keeps the input. Seeds:
** fuzz/geo-corpus (data/geo/example.mmdb and the databases of
** tests/geo_write.pl).
*/
#include <sqlite3.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sqlite3_httplog_init(sqlite3 *db, char **pzErrMsg, const void *pApi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static const char *const addresses[] = {
    "192.0.2.7", "192.0.2.200", "198.51.100.1",  "203.0.113.9", "2001:db8::1", "::ffff:10.0.5.1",
    "10.0.1.1",  "10.0.7.1",    "2001:db8:1::1", "0.0.0.0",     "::",          "255.255.255.255",
};
static const char *const fields[] = {
    NULL,
    "",
    "country",
    "city.names.en",
    "subdivisions.0.iso_code",
    "location.latitude",
    "nested.inner.1.name",
    "list.2",
    "u128",
    "bytes",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *error = NULL;
  FILE *file;
  size_t a, f;
  if (path[0] == 0) snprintf(path, sizeof path, "/tmp/fuzz_geo.%ld.mmdb", (long)getpid());
  file = fopen(path, "wb");
  if (file == NULL || fwrite(data, 1, size, file) != size || fclose(file) != 0) abort();
  if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_httplog_init(db, &error, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT http_geo(?1, ?2, coalesce(?3, 'country.iso_code'))", -1, &stmt,
                         NULL) != SQLITE_OK) {
    fprintf(stderr, "fuzz_geo: setup: %s\n", error ? error : sqlite3_errmsg(db));
    abort();
  }
  sqlite3_bind_text(stmt, 2, path, -1, SQLITE_STATIC);
  for (a = 0; a < sizeof addresses / sizeof addresses[0]; a++) {
    for (f = 0; f < sizeof fields / sizeof fields[0]; f++) {
      int rc;
      sqlite3_bind_text(stmt, 1, addresses[a], -1, SQLITE_STATIC);
      sqlite3_bind_text(stmt, 3, fields[f], -1, SQLITE_STATIC);
      rc = sqlite3_step(stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_NOMEM && strstr(sqlite3_errmsg(db), path) == NULL) {
        fprintf(stderr, "fuzz_geo: an error without the file's name: %s\n", sqlite3_errmsg(db));
        abort();
      }
      sqlite3_reset(stmt);
      /* A file that does not open fails every call alike. */
      if (rc != SQLITE_ROW && strstr(sqlite3_errmsg(db), "not a MaxMind DB")) goto done;
    }
  }
done:
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return 0;
}
