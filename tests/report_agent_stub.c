/*
** report_agent_stub.c: a stand-in http_agent_is_bot(user_agent) for
** tests/report_bots.t, linked into a copy of httpstatus-report with
** -Wl,--wrap=sqlite3_httpstatus_init: the wrapper registers the extension,
** then the function (1 when the agent names "bot", "crawl" or "spider", in
** any case; NULL for NULL), so that the report's bots panel is run the way
** it will be once the extension has such a function.
*/
#include <ctype.h>
#include <string.h>

#include <sqlite3.h>

int __real_sqlite3_httpstatus_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);
int __wrap_sqlite3_httpstatus_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

static int contains(const char *s, const char *word) {
  size_t n = strlen(word), i, k;
  for (i = 0; s[i]; i++) {
    for (k = 0; k < n && s[i + k] && tolower((unsigned char)s[i + k]) == word[k]; k++) {
    }
    if (k == n) return 1;
  }
  return 0;
}

static void is_bot(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  const char *agent = (const char *)sqlite3_value_text(argv[0]);
  (void)argc;
  if (agent == NULL) return;
  sqlite3_result_int(ctx, contains(agent, "bot") || contains(agent, "crawl") ||
                              contains(agent, "spider"));
}

int __wrap_sqlite3_httpstatus_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api) {
  int rc = __real_sqlite3_httpstatus_init(db, errmsg, api);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "http_agent_is_bot", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                 NULL, is_bot, NULL, NULL);
  return rc;
}
