/*
** tests/agent_unit.c: httpagent's patterns and cache, compiled in
** (-DSQLITE_CORE), under several threads at once.
**
**   .build/agent_unit [THREADS [ROUNDS]]
**
** 1. No pattern is compiled before the first parse.
** 2. THREADS threads (4) each open a connection, register the functions at
**    the same time, and parse the same user agents in different orders for
**    ROUNDS rounds (30), so that they race on the lazy compilation of the
**    same patterns; each answer must equal the one a connection of the main
**    thread gives afterwards.
** 3. Every pattern of the four tables compiles.
** 4. More distinct user agents than the cache holds: answers stay right
**    after the older ones are dropped, and a long user agent (over the cache
**    key limit) is answered alike on every call.
** 5. (run second, before any pattern is compiled) SQLite's allocator, which
**    PCRE2 allocates through, failing its Nth call, for N = 1, 2, ... until
**    a run meets no failure: registering, compiling and parsing either fail
**    cleanly (an error, SQLITE_NOMEM) or give the same answers as without
**    failures.
**
** Prints TAP; exits with 1 when a test fails. make tsan-agent builds it with
** -fsanitize=thread.
*/
#include <sqlite3.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_match.h"

int sqlite3_httpagent_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

static const char *const agents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Wget/1.21.3",
    "Opera/9.80 (Android; Opera Mini/7.5.33361/191.249; U; de) Presto/2.12.423 Version/12.16",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)",
    "Dalvik/2.1.0 (Linux; U; Android 9; SM-G960F Build/PPR1.180610.011)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "",
    "-",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
};
#define AGENTS ((int)(sizeof agents / sizeof agents[0]))
#define OOM_AGENTS 3

static int test_count, failures;

/* An allocator that fails its Nth call once armed (countdown > 0). */
static sqlite3_mem_methods default_methods;
static int countdown, allocation_failures;
static void *fail_malloc(int n) {
  if (countdown > 0 && --countdown == 0) {
    allocation_failures++;
    return NULL;
  }
  return default_methods.xMalloc(n);
}
static void *fail_realloc(void *p, int n) {
  if (countdown > 0 && --countdown == 0) {
    allocation_failures++;
    return NULL;
  }
  return default_methods.xRealloc(p, n);
}
static int rounds = 30;
static char *thread_answers[16][AGENTS];

static void ok(int pass, const char *name) {
  printf("%s %d - %s\n", pass ? "ok" : "not ok", ++test_count, name);
  if (!pass) failures++;
}

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  char *error = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return NULL;
  if (sqlite3_httpagent_init(db, &error, NULL) != SQLITE_OK) {
    if (countdown == 0 && allocation_failures == 0)
      printf("# httpagent_init: %s\n", error ? error : "?");
    sqlite3_free(error);
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

static char *copy_of(const char *text) {
  size_t n = strlen(text) + 1;
  char *copy = malloc(n);
  if (copy) memcpy(copy, text, n);
  return copy;
}

/* http_agent(ua) on db, malloc'd; NULL on error. */
static char *answer(sqlite3 *db, const char *ua, int n) {
  sqlite3_stmt *stmt;
  char *out = NULL;
  if (sqlite3_prepare_v2(db, "SELECT http_agent(?)", -1, &stmt, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_text(stmt, 1, ua, n, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
    out = copy_of((const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return out;
}

/* A user agent longer than the cache keeps, with a browser in it. */
static const char *long_agent_text(void) {
  static char text[AGENT_CACHE_KEY_MAX + 64];
  if (text[0] == 0) {
    memset(text, 'y', sizeof text - 1);
    memcpy(text, "Wget/1.21.3 ", 12);
  }
  return text;
}

static void *worker(void *arg) {
  int t = (int)(size_t)arg, r, i;
  sqlite3 *db = open_db();
  if (db == NULL) return NULL;
  for (r = 0; r < rounds; r++) {
    for (i = 0; i < AGENTS; i++) {
      /* each thread its own order */
      int k = (i * 7 + t * 5 + r) % AGENTS;
      char *got = answer(db, agents[k], -1);
      if (thread_answers[t][k] == NULL) {
        thread_answers[t][k] = got;
      } else {
        if (got == NULL || strcmp(got, thread_answers[t][k]) != 0) thread_answers[t][k][0] = '!';
        free(got);
      }
    }
  }
  sqlite3_close(db);
  return NULL;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 4, t, i, same = 1;
  pthread_t id[16];
  sqlite3 *db;
  char *error = NULL, *long_agent, *first, *again;
  if (argc > 2) rounds = atoi(argv[2]);
  if (threads < 1 || threads > 16) threads = 4;
  printf("1..7\n");
  {
    sqlite3_mem_methods methods;
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &default_methods);
    methods = default_methods;
    methods.xMalloc = fail_malloc;
    methods.xRealloc = fail_realloc;
    sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
  }
  sqlite3_initialize();

  ok(agent_compiled_count() == 0, "no pattern is compiled before the first parse");

  /* Allocation failures, before any pattern is compiled, so that compiling
  ** fails too: each answer is right or missing, never wrong. */
  {
    char *seen[AGENTS + 1], *expected;
    int n, clean = 0, wrong = 0;
    sqlite3 *reference;
    memset(seen, 0, sizeof seen);
    for (n = 1; n < 100000 && !clean; n++) {
      sqlite3 *oom = NULL;
      int before = allocation_failures;
      countdown = n;
      oom = open_db();
      /* A run stops at its failure: what follows would compile, without
      ** failing, what the next runs are to fail in. */
      for (i = 0; oom && i <= AGENTS && allocation_failures == before; i++) {
        const char *ua = i < AGENTS ? agents[i] : long_agent_text();
        /* a few agents: the threads below still find patterns to compile */
        if (i >= OOM_AGENTS && i < AGENTS) continue;
        char *got = answer(oom, ua, -1);
        if (got && seen[i] == NULL)
          seen[i] = got;
        else if (got && strcmp(got, seen[i]) != 0)
          wrong++;
        if (got != seen[i]) free(got);
      }
      /* a number's text is made by SQLite, which may fail too */
      if (oom && allocation_failures == before)
        sqlite3_exec(oom, "SELECT http_agent_os(12345)", NULL, NULL, NULL);
      countdown = 0;
      if (oom) sqlite3_close(oom);
      clean = allocation_failures == before;
    }
    reference = open_db();
    for (i = 0; i <= AGENTS; i++) {
      if (i >= OOM_AGENTS && i < AGENTS) continue;
      expected = answer(reference, i < AGENTS ? agents[i] : long_agent_text(), -1);
      if (expected == NULL || seen[i] == NULL || strcmp(expected, seen[i]) != 0) wrong++;
      free(expected);
      free(seen[i]);
    }
    sqlite3_close(reference);
    {
      char name[200];
      snprintf(name, sizeof name,
               "allocations failing one at a time, compiling too (%d runs, %d failures): every "
               "answer given is right",
               n - 1, allocation_failures);
      ok(clean && wrong == 0 && allocation_failures > 0, name);
    }
  }

  for (t = 0; t < threads; t++) pthread_create(&id[t], NULL, worker, (void *)(size_t)t);
  for (t = 0; t < threads; t++) pthread_join(id[t], NULL);
  db = open_db();
  for (i = 0; db && i < AGENTS; i++) {
    char *expected = answer(db, agents[i], -1);
    for (t = 0; t < threads; t++) {
      if (expected == NULL || thread_answers[t][i] == NULL ||
          strcmp(expected, thread_answers[t][i]) != 0) {
        if (same)
          printf("# thread %d, agent %d: %s\n#   expected %s\n", t, i,
                 thread_answers[t][i] ? thread_answers[t][i] : "(none)",
                 expected ? expected : "(none)");
        same = 0;
      }
      free(thread_answers[t][i]);
    }
    free(expected);
  }
  {
    char name[160];
    snprintf(name, sizeof name,
             "%d threads, %d rounds each over %d user agents, compiling the patterns as they "
             "race: every answer as a later connection's",
             threads, rounds, AGENTS);
    ok(db != NULL && same, name);
  }

  {
    int before = agent_compiled_count(), rc = agent_compile_all(&error);
    char name[120];
    snprintf(name, sizeof name, "all %d patterns compile (%d were compiled by the parses)",
             agent_rule_count(), before);
    if (rc != SQLITE_OK) printf("# %s\n", error ? error : "?");
    sqlite3_free(error);
    ok(rc == SQLITE_OK && agent_compiled_count() == agent_rule_count() && agent_rule_count() > 1000,
       name);
  }

  /* More distinct agents than the cache keeps. */
  first = answer(db, agents[0], -1);
  for (i = 0; i < 3 * AGENT_CACHE_ENTRIES; i++) {
    char ua[80];
    char *got;
    snprintf(ua, sizeof ua, "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0",
             i, i);
    got = answer(db, ua, -1);
    if (i == 2 * AGENT_CACHE_ENTRIES + 5 &&
        (got == NULL || strstr(got, "\"major\":\"8197\"") == NULL))
      same = 0;
    free(got);
  }
  again = answer(db, agents[0], -1);
  ok(first && again && strcmp(first, again) == 0 && same,
     "after three times as many distinct agents as the cache keeps, answers are unchanged");
  free(first);
  free(again);

  long_agent = malloc(AGENT_CACHE_KEY_MAX + 200);
  memset(long_agent, 'x', AGENT_CACHE_KEY_MAX + 199);
  memcpy(long_agent, agents[2], strlen(agents[2]));
  long_agent[AGENT_CACHE_KEY_MAX + 199] = 0;
  first = answer(db, long_agent, -1);
  again = answer(db, long_agent, -1);
  ok(first && again && strcmp(first, again) == 0 && strstr(first, "\"family\":\"Firefox\""),
     "a user agent longer than the cache key limit is parsed alike on every call");
  free(first);
  free(again);
  /* Two long ones in turn: the uncached answer is replaced, not kept. */
  first = answer(db, long_agent, AGENT_CACHE_KEY_MAX + 100);
  again = answer(db, long_agent, -1);
  ok(first && again && strcmp(first, again) == 0, "two long user agents in turn");
  free(first);
  free(again);
  free(long_agent);
  sqlite3_close(db);

  return failures ? 1 : 0;
}
