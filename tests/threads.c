/*
** tests/threads.c: the extension under several threads at once.
**
**   tests/threads EXTENSION [THREADS [ROUNDS]]
**
** The main thread first reads every row of http_status, alone, into an
** oracle. Then THREADS threads each open a connection of their own, load
** EXTENSION into it (at the same time as the others), and run ROUNDS rounds
** of functions, lookups, range scans and joins against it and against one
** connection they all share (opened with SQLITE_OPEN_FULLMUTEX). Every answer
** must equal what the oracle predicts. Last, a long scan is stopped from
** another thread with sqlite3_interrupt(), and the connection must answer
** correctly afterwards.
**
** Prints TAP; exits with 1 when a test fails. Built by `make test` against the system SQLite; `make
*tsan`
** builds it and the extension with -fsanitize=thread.
*/
#include <sqlite3.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CODES 600 /* codes run from 100 to 599 */
#define LOG_ROWS 500  /* rows in each thread's log table */

/* What one code should give, read once from http_status before any thread
** starts; present is 0 for codes that are not in the table. */
struct expected {
  int present;
  char name[128];
  char class_name[64];
  char meaning[1024];
};
static struct expected oracle[MAX_CODES];
static int meaning_rows; /* rows in http_status_meanings */

static const char *extension;
static sqlite3 *shared_db;
static int shared_log_codes[LOG_ROWS]; /* the log table of shared_db */
static int rounds;

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int failures;

static void fail(int thread, const char *what, const char *detail) {
  pthread_mutex_lock(&report_lock);
  if (failures < 20) printf("# thread %d: %s: %s\n", thread, what, detail ? detail : "");
  failures++;
  pthread_mutex_unlock(&report_lock);
}

static int open_loaded(const char *path, int flags, sqlite3 **db, char **error) {
  int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    *error = sqlite3_mprintf("open: %s", sqlite3_errstr(rc));
    return rc;
  }
  sqlite3_enable_load_extension(*db, 1);
  return sqlite3_load_extension(*db, extension, NULL, error);
}

/* A small deterministic generator, one state per thread. */
static unsigned next_random(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return (*state >> 8) & 0xffffff;
}

static int same_text(const unsigned char *got, const char *expected) {
  if (got == NULL || expected == NULL) return got == NULL && expected == NULL;
  return strcmp((const char *)got, expected) == 0;
}

/* The functions on one code, bound as an integer or as text with spaces. */
static void check_functions(int thread, sqlite3 *db, sqlite3_stmt *stmt, int code, int as_text) {
  const struct expected *e = &oracle[code];
  char line[160], text[16];
  int rc;
  snprintf(line, sizeof(line), "%d %s", code, e->name);
  sqlite3_reset(stmt);
  if (as_text) {
    snprintf(text, sizeof(text), "  %d ", code);
    sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_int(stmt, 1, code);
  }
  rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    fail(thread, "functions", sqlite3_errmsg(db));
    return;
  }
  if (!same_text(sqlite3_column_text(stmt, 0), e->present ? e->name : NULL))
    fail(thread, "http_status_name", e->name);
  if (!same_text(sqlite3_column_text(stmt, 1), e->class_name))
    fail(thread, "http_status_class", e->class_name);
  if (!same_text(sqlite3_column_text(stmt, 2), e->present ? e->meaning : NULL))
    fail(thread, "http_status_meaning", e->name);
  if (!same_text(sqlite3_column_text(stmt, 3), e->present ? line : NULL))
    fail(thread, "http_status_line", line);
  if (sqlite3_column_int(stmt, 4) != (code >= 400))
    fail(thread, "http_status_match", e->class_name);
  if (e->present && sqlite3_column_type(stmt, 5) != SQLITE_INTEGER)
    fail(thread, "http_status_code", e->name);
  if (sqlite3_step(stmt) != SQLITE_DONE) fail(thread, "functions: more than one row", NULL);
}

/* A lookup by code in the table. */
static void check_lookup(int thread, sqlite3 *db, sqlite3_stmt *stmt, int code) {
  const struct expected *e = &oracle[code];
  int rc;
  sqlite3_reset(stmt);
  sqlite3_bind_int(stmt, 1, code);
  rc = sqlite3_step(stmt);
  if (!e->present) {
    if (rc != SQLITE_DONE) fail(thread, "lookup of an absent code", sqlite3_errmsg(db));
    return;
  }
  if (rc != SQLITE_ROW) {
    fail(thread, "lookup", sqlite3_errmsg(db));
    return;
  }
  if (!same_text(sqlite3_column_text(stmt, 0), e->name)) fail(thread, "lookup: name", e->name);
  if (!same_text(sqlite3_column_text(stmt, 1), e->class_name))
    fail(thread, "lookup: class", e->class_name);
  if (sqlite3_step(stmt) != SQLITE_DONE) fail(thread, "lookup: more than one row", NULL);
}

/* A range scan: how many codes lie in [low, high). */
static void check_range(int thread, sqlite3 *db, sqlite3_stmt *stmt, int low, int high) {
  int expected = 0, code;
  for (code = low; code < high && code < MAX_CODES; code++) expected += oracle[code].present;
  sqlite3_reset(stmt);
  sqlite3_bind_int(stmt, 1, low);
  sqlite3_bind_int(stmt, 2, high);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    fail(thread, "range", sqlite3_errmsg(db));
    return;
  }
  if (sqlite3_column_int(stmt, 0) != expected) fail(thread, "range: count", NULL);
}

/* The join of the log with http_status: rows, sum of codes, 5xx rows. */
static void check_join(int thread, sqlite3 *db, sqlite3_stmt *stmt, const int *log_codes) {
  sqlite3_int64 rows = 0, sum = 0, server_errors = 0;
  int i;
  for (i = 0; i < LOG_ROWS; i++) {
    if (!oracle[log_codes[i]].present) continue;
    rows++;
    sum += log_codes[i];
    server_errors += log_codes[i] >= 500;
  }
  sqlite3_reset(stmt);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    fail(thread, "join", sqlite3_errmsg(db));
    return;
  }
  if (sqlite3_column_int64(stmt, 0) != rows || sqlite3_column_int64(stmt, 1) != sum ||
      sqlite3_column_int64(stmt, 2) != server_errors)
    fail(thread, "join: totals", NULL);
}

static void check_count(int thread, sqlite3 *db, sqlite3_stmt *stmt, int expected) {
  sqlite3_reset(stmt);
  if (sqlite3_step(stmt) != SQLITE_ROW) {
    fail(thread, "count", sqlite3_errmsg(db));
    return;
  }
  if (sqlite3_column_int(stmt, 0) != expected) fail(thread, "count", sqlite3_sql(stmt));
}

enum { FUNCTIONS, LOOKUP, RANGE, JOIN, MEANINGS, STATEMENTS };
static const char *const statement_sql[STATEMENTS] = {
    ("SELECT http_status_name(?1), http_status_class(?1), http_status_meaning(?1),"
     " http_status_line(?1), http_status_match(?1, '4xx,5xx'),"
     " http_status_code(http_status_name(?1))"),
    "SELECT name, class FROM http_status WHERE code = ?1",
    "SELECT count(*) FROM http_status WHERE code >= ?1 AND code < ?2",
    ("SELECT count(*), total(s.code), sum(http_status_match(log.code, '5xx'))"
     " FROM log JOIN http_status AS s ON s.code = log.code"),
    "SELECT count(*) FROM http_status_meanings",
};

/* Creates db's log table from log_codes[0..LOG_ROWS-1]. */
static int fill_log(sqlite3 *db, const int *log_codes) {
  sqlite3_stmt *insert = NULL;
  int i, rc = sqlite3_exec(db, "CREATE TABLE log(code INTEGER)", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO log VALUES (?1)", -1, &insert, NULL);
  for (i = 0; i < LOG_ROWS && rc == SQLITE_OK; i++) {
    sqlite3_bind_int(insert, 1, log_codes[i]);
    rc = sqlite3_step(insert) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  return rc;
}

/* Prepares every statement on db; the log table must exist. */
static int prepare_all(int thread, sqlite3 *db, sqlite3_stmt **stmts) {
  int i;
  for (i = 0; i < STATEMENTS; i++) {
    if (sqlite3_prepare_v2(db, statement_sql[i], -1, &stmts[i], NULL) != SQLITE_OK) {
      fail(thread, "prepare", sqlite3_errmsg(db));
      return 0;
    }
  }
  return 1;
}

static void finalize_all(sqlite3_stmt **stmts) {
  int i;
  for (i = 0; i < STATEMENTS; i++) sqlite3_finalize(stmts[i]);
}

static void run_round(int thread, sqlite3 *db, sqlite3_stmt **stmts, unsigned *state,
                      const int *log_codes, int round) {
  int code = 100 + (int)(next_random(state) % 500);
  int low = 100 + (int)(next_random(state) % 500);
  check_functions(thread, db, stmts[FUNCTIONS], code, round & 1);
  check_lookup(thread, db, stmts[LOOKUP], code);
  check_range(thread, db, stmts[RANGE], low, low + (int)(next_random(state) % 120));
  if (round % 16 == 0) {
    check_join(thread, db, stmts[JOIN], log_codes);
    check_count(thread, db, stmts[MEANINGS], meaning_rows);
  }
}

static void *worker(void *arg) {
  int thread = (int)(size_t)arg;
  unsigned state = 2654435761u * (unsigned)(thread + 1);
  int log_codes[LOG_ROWS];
  sqlite3 *db = NULL;
  sqlite3_stmt *own[STATEMENTS] = {0}, *shared[STATEMENTS] = {0};
  char *error = NULL;
  int i, round;

  if (open_loaded(":memory:", SQLITE_OPEN_NOMUTEX, &db, &error) != SQLITE_OK) {
    fail(thread, "load", error);
    goto done;
  }
  /* The log: random codes, some of them not in the table. */
  for (i = 0; i < LOG_ROWS; i++) log_codes[i] = 100 + (int)(next_random(&state) % 500);
  if (fill_log(db, log_codes) != SQLITE_OK) {
    fail(thread, "log", sqlite3_errmsg(db));
    goto done;
  }
  if (!prepare_all(thread, db, own)) goto done;
  if (!prepare_all(thread, shared_db, shared)) goto done;
  for (round = 0; round < rounds; round++) {
    run_round(thread, db, own, &state, log_codes, round);
    run_round(thread, shared_db, shared, &state, shared_log_codes, round + 8);
  }
done:
  finalize_all(own);
  finalize_all(shared);
  sqlite3_free(error);
  sqlite3_close(db);
  return NULL;
}

/* Reads http_status into the oracle, and the count of meanings. */
static int read_oracle(sqlite3 *db) {
  sqlite3_stmt *stmt;
  int code, rc;
  if (sqlite3_prepare_v2(db, "SELECT code, name, class, meaning FROM http_status", -1, &stmt,
                         NULL) != SQLITE_OK)
    return 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    code = sqlite3_column_int(stmt, 0);
    if (code < 100 || code >= MAX_CODES) break;
    oracle[code].present = 1;
    snprintf(oracle[code].name, sizeof(oracle[code].name), "%s", sqlite3_column_text(stmt, 1));
    snprintf(oracle[code].meaning, sizeof(oracle[code].meaning), "%s",
             sqlite3_column_text(stmt, 3));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return 0;
  /* Classes by first digit, from http_status_classes, for codes in the
  ** table or not. */
  if (sqlite3_prepare_v2(db, "SELECT first_code, last_code, class FROM http_status_classes", -1,
                         &stmt, NULL) != SQLITE_OK)
    return 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    int first = sqlite3_column_int(stmt, 0), last = sqlite3_column_int(stmt, 1);
    for (code = first; code <= last && code < MAX_CODES; code++)
      snprintf(oracle[code].class_name, sizeof(oracle[code].class_name), "%s",
               sqlite3_column_text(stmt, 2));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return 0;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM http_status_meanings", -1, &stmt, NULL) !=
          SQLITE_OK ||
      sqlite3_step(stmt) != SQLITE_ROW) {
    sqlite3_finalize(stmt);
    return 0;
  }
  meaning_rows = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return 1;
}

/* ---- sqlite3_interrupt from another thread during a long scan ---------- */

struct long_scan {
  sqlite3 *db;
  pthread_mutex_t lock;
  pthread_cond_t started_cond;
  int started;
  int rc;
};

/* Tells the main thread that the scan is under way; never interrupts. */
static int scan_progress(void *arg) {
  struct long_scan *scan = arg;
  pthread_mutex_lock(&scan->lock);
  if (!scan->started) {
    scan->started = 1;
    pthread_cond_signal(&scan->started_cond);
  }
  pthread_mutex_unlock(&scan->lock);
  return 0;
}

static void *run_long_scan(void *arg) {
  struct long_scan *scan = arg;
  sqlite3_stmt *stmt;
  /* About 85 million rows: minutes of work unless interrupted. */
  int rc = sqlite3_prepare_v2(scan->db,
                              "SELECT count(*) FROM http_status AS a, http_status AS b,"
                              " http_status AS c, http_status AS d"
                              " WHERE http_status_class(a.code + b.code - c.code) IS NOT NULL",
                              -1, &stmt, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_progress_handler(scan->db, 1000, scan_progress, scan);
    rc = sqlite3_step(stmt);
    sqlite3_progress_handler(scan->db, 0, NULL, NULL);
    sqlite3_finalize(stmt);
  }
  pthread_mutex_lock(&scan->lock);
  scan->rc = rc;
  if (!scan->started) { /* failed before any progress: release the main thread */
    scan->started = 1;
    pthread_cond_signal(&scan->started_cond);
  }
  pthread_mutex_unlock(&scan->lock);
  return NULL;
}

/* Returns 1 when the scan stopped with SQLITE_INTERRUPT and db still answers. */
static int check_interrupt(void) {
  struct long_scan scan;
  pthread_t thread;
  sqlite3_stmt *stmt;
  char *error = NULL;
  int ok = 1;
  memset(&scan, 0, sizeof(scan));
  pthread_mutex_init(&scan.lock, NULL);
  pthread_cond_init(&scan.started_cond, NULL);
  if (open_loaded(":memory:", 0, &scan.db, &error) != SQLITE_OK) {
    printf("# interrupt: %s\n", error ? error : "cannot open");
    sqlite3_free(error);
    sqlite3_close(scan.db);
    return 0;
  }
  pthread_create(&thread, NULL, run_long_scan, &scan);
  pthread_mutex_lock(&scan.lock);
  while (!scan.started) pthread_cond_wait(&scan.started_cond, &scan.lock);
  pthread_mutex_unlock(&scan.lock);
  sqlite3_interrupt(scan.db);
  pthread_join(thread, NULL);
  if (scan.rc != SQLITE_INTERRUPT) {
    printf("# interrupt: the scan gave %s, not SQLITE_INTERRUPT\n", sqlite3_errstr(scan.rc));
    ok = 0;
  }
  /* The same connection afterwards: a lookup and a full scan. */
  if (sqlite3_prepare_v2(scan.db,
                         "SELECT http_status_line(404), (SELECT count(*) FROM http_status)", -1,
                         &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    char line[160];
    int rows = 0, code;
    for (code = 100; code < MAX_CODES; code++) rows += oracle[code].present;
    snprintf(line, sizeof(line), "404 %s", oracle[404].name);
    if (!same_text(sqlite3_column_text(stmt, 0), line) || sqlite3_column_int(stmt, 1) != rows) {
      const unsigned char *got = sqlite3_column_text(stmt, 0);
      printf("# interrupt: wrong answers afterwards\n#      got: %s|%d\n# expected: %s|%d\n",
             got ? (const char *)got : "NULL", sqlite3_column_int(stmt, 1), line, rows);
      ok = 0;
    }
  } else {
    printf("# interrupt: the connection fails afterwards: %s\n", sqlite3_errmsg(scan.db));
    ok = 0;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(scan.db);
  pthread_mutex_destroy(&scan.lock);
  pthread_cond_destroy(&scan.started_cond);
  return ok;
}

int main(int argc, char **argv) {
  int threads = argc > 2 ? atoi(argv[2]) : 4, i, known = 0, interrupted;
  pthread_t *ids;
  char *error = NULL;

  if (argc < 2 || threads < 1) {
    fprintf(stderr, "usage: %s EXTENSION [THREADS [ROUNDS]]\n", argv[0]);
    return 2;
  }
  extension = argv[1];
  rounds = argc > 3 ? atoi(argv[3]) : 200;
  printf("1..4\n");
  if (!sqlite3_threadsafe()) {
    printf("Bail out! this SQLite is built without thread support\n");
    return 1;
  }
  if (open_loaded(":memory:", SQLITE_OPEN_FULLMUTEX, &shared_db, &error) != SQLITE_OK) {
    printf("Bail out! cannot load %s: %s\n", extension, error ? error : "");
    return 1;
  }
  printf("%s 1 - the shared connection loads the extension\n", "ok");
  if (!read_oracle(shared_db)) {
    printf("Bail out! cannot read http_status: %s\n", sqlite3_errmsg(shared_db));
    return 1;
  }
  for (i = 100; i < MAX_CODES; i++) known += oracle[i].present;
  for (i = 0; i < LOG_ROWS; i++) shared_log_codes[i] = 100 + (i * 7919) % 500;
  if (fill_log(shared_db, shared_log_codes) != SQLITE_OK) {
    printf("Bail out! cannot fill the shared log: %s\n", sqlite3_errmsg(shared_db));
    return 1;
  }
  printf("%s 2 - http_status has rows (%d codes, %d meanings)\n",
         known > 0 && oracle[404].present ? "ok" : "not ok", known, meaning_rows);

  ids = calloc((size_t)threads, sizeof(*ids));
  if (ids == NULL) return 1;
  for (i = 0; i < threads; i++) pthread_create(&ids[i], NULL, worker, (void *)(size_t)i);
  for (i = 0; i < threads; i++) pthread_join(ids[i], NULL);
  free(ids);
  printf("%s 3 - %d threads x %d rounds, own and shared connections: %d wrong answers\n",
         failures ? "not ok" : "ok", threads, rounds, failures);

  interrupted = check_interrupt();
  printf("%s 4 - sqlite3_interrupt stops a long scan; the connection still answers\n",
         interrupted ? "ok" : "not ok");
  sqlite3_close(shared_db);
  return failures || !interrupted;
}
