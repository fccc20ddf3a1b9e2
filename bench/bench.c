/*
** bench/bench.c: the httpstatus benchmark (make bench, make bench-smoke).
**
** One process, one generated log, every query variant run in turn (round
** robin, so that drift of the machine hits every variant alike), medians of
** --runs runs. Each group of variants answers one question in several ways
** (plain arithmetic, CASE, a plain lookup table, the http_status table, the
** scalar functions); the benchmark checks that the ways give the same answer
** and exits with status 1 when they do not, before it reports any time.
**
** It also measures what loading the extension costs, the allocations and
** the peak memory of each lookup path on a tenth of the log and on all of it
** (they must not grow with the log), and, with --logs, the same ratios on
** real access logs. With --callgrind it runs every variant exactly once
** through measured_query(), for bench/callgrind.sh to count instructions.
*/
#define _POSIX_C_SOURCE 200809L

#include <sqlite3.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

/* ---- options ------------------------------------------------------------- */

static struct {
  long long rows;           /* rows in the generated log */
  int runs;                 /* timed runs of each variant */
  int load_runs;            /* timed loads of the extension */
  const char *extension;    /* path given to sqlite3_load_extension */
  const char *logs;         /* directory searched for access logs, or NULL */
  const char *csv;          /* where the table is written, or NULL */
  const char *instructions; /* CSV from bench/callgrind.sh, or NULL */
  int smoke;                /* quick run that only checks agreement */
  int callgrind;            /* run each variant once, for callgrind */
} opt = {1000000, 5, 200, "./httpstatus", NULL, NULL, NULL, 0, 0};

static void usage(void) {
  fprintf(stderr,
          "usage: bench [--rows N] [--runs N] [--load-runs N] [--extension PATH] [--logs DIR]\n"
          "             [--csv FILE] [--instructions FILE] [--smoke] [--callgrind]\n");
  exit(2);
}

static void parse_options(int argc, char **argv) {
  int i;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--smoke") == 0) {
      opt.smoke = 1;
      continue;
    }
    if (strcmp(a, "--callgrind") == 0) {
      opt.callgrind = 1;
      continue;
    }
    if (value == NULL) usage();
    i++;
    if (strcmp(a, "--rows") == 0)
      opt.rows = atoll(value);
    else if (strcmp(a, "--runs") == 0)
      opt.runs = atoi(value);
    else if (strcmp(a, "--load-runs") == 0)
      opt.load_runs = atoi(value);
    else if (strcmp(a, "--extension") == 0)
      opt.extension = value;
    else if (strcmp(a, "--logs") == 0)
      opt.logs = value;
    else if (strcmp(a, "--csv") == 0)
      opt.csv = value;
    else if (strcmp(a, "--instructions") == 0)
      opt.instructions = value;
    else
      usage();
  }
  if (opt.smoke) {
    if (opt.rows > 20000) opt.rows = 20000;
    opt.runs = 1;
    opt.load_runs = 5;
  }
  if (opt.rows < 100 || opt.runs < 1 || opt.load_runs < 1) usage();
}

static void die(const char *what, sqlite3 *db) {
  fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
  exit(1);
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *values, int n) {
  qsort(values, (size_t)n, sizeof(*values), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* ---- counting allocations ------------------------------------------------ */

/* Every allocation SQLite or the extension makes goes through these two, so
** malloc_calls counts them all (sqlite3_status only gives the number
** outstanding, not the number made). */
static sqlite3_mem_methods system_mem;
static sqlite3_int64 malloc_calls;

static void *counting_malloc(int n) {
  malloc_calls++;
  return system_mem.xMalloc(n);
}

static void *counting_realloc(void *p, int n) {
  malloc_calls++;
  return system_mem.xRealloc(p, n);
}

static void count_allocations(void) {
  static sqlite3_mem_methods counting;
  if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &system_mem) != SQLITE_OK) die("GETMALLOC", NULL);
  counting = system_mem;
  counting.xMalloc = counting_malloc;
  counting.xRealloc = counting_realloc;
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &counting) != SQLITE_OK) die("CONFIG_MALLOC", NULL);
}

/* ---- databases ----------------------------------------------------------- */

static void exec(sqlite3 *db, const char *sql) {
  char *error = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "bench: %s\n  in: %s\n", error ? error : "error", sql);
    exit(1);
  }
}

static void load_extension(sqlite3 *db) {
  char *error = NULL;
  if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 1, NULL) != SQLITE_OK)
    die("enable load_extension", db);
  if (sqlite3_load_extension(db, opt.extension, NULL, &error) != SQLITE_OK) {
    fprintf(stderr, "bench: cannot load %s: %s\n", opt.extension, error ? error : "?");
    exit(1);
  }
}

/* An in-memory database with the extension, an empty log(status) with no
** column affinity (so text such as '200' stays text, as an import would
** leave it), and codes, the lookup table a user would write, filled from
** http_status. */
static sqlite3 *open_database(void) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) die("open", db);
  load_extension(db);
  exec(db, "CREATE TABLE log(status);"
           "CREATE TABLE codes(code INTEGER PRIMARY KEY, name TEXT, class TEXT);"
           "INSERT INTO codes SELECT code, name, class FROM http_status;");
  return db;
}

/* ---- the generated log --------------------------------------------------- */

/* A status as the log stores it: an integer, a text, or NULL (text NULL and
** code 0). */
struct status_weight {
  int code;
  const char *text;
  int weight; /* per 10,000 rows */
};

/* Mostly 200, then 304, 404, redirects, nginx's 499, gateway errors, a few
** rare codes, and some values an import leaves as text or NULL. Every
** integer code here is in http_status, so that inner joins drop only the
** NULL and text '-' rows. */
static const struct status_weight status_mix[] = {
    {200, NULL, 7200}, {304, NULL, 900}, {404, NULL, 450}, {301, NULL, 220}, {302, NULL, 200},
    {499, NULL, 150},  {500, NULL, 90},  {502, NULL, 80},  {503, NULL, 70},  {206, NULL, 60},
    {403, NULL, 60},   {401, NULL, 50},  {201, NULL, 40},  {204, NULL, 40},  {400, NULL, 40},
    {429, NULL, 25},   {504, NULL, 20},  {307, NULL, 15},  {405, NULL, 10},  {408, NULL, 10},
    {410, NULL, 5},    {413, NULL, 5},   {422, NULL, 5},   {444, NULL, 5},   {101, NULL, 3},
    {418, NULL, 2},    {451, NULL, 2},   {520, NULL, 3},   {0, "200", 100},  {0, "404", 20},
    {0, "-", 50},      {0, NULL, 60},
};

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;

/* xorshift64*: deterministic, so every run sees the same log. */
static unsigned long long next_random(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

static void bind_status(sqlite3_stmt *insert, const struct status_weight *s) {
  if (s->code != 0)
    sqlite3_bind_int(insert, 1, s->code);
  else if (s->text != NULL)
    sqlite3_bind_text(insert, 1, s->text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(insert, 1);
}

static void generate_log(sqlite3 *db, long long rows) {
  int n = (int)(sizeof(status_mix) / sizeof(status_mix[0])), total = 0, i;
  sqlite3_stmt *insert;
  long long r;
  for (i = 0; i < n; i++) total += status_mix[i].weight;
  exec(db, "BEGIN");
  if (sqlite3_prepare_v2(db, "INSERT INTO log(status) VALUES (?)", -1, &insert, NULL))
    die("prepare insert", db);
  for (r = 0; r < rows; r++) {
    int pick = (int)(next_random() % (unsigned long long)total);
    for (i = 0; pick >= status_mix[i].weight; i++) pick -= status_mix[i].weight;
    bind_status(insert, &status_mix[i]);
    if (sqlite3_step(insert) != SQLITE_DONE) die("insert", db);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  exec(db, "COMMIT");
}

/* ---- real access logs ---------------------------------------------------- */

/* The status field of a common or combined log line: the token after the
** closing quote of the request. Returns its length and sets *start, or -1
** when the line does not have that shape. */
static int status_field(const char *line, const char **start) {
  const char *p = strchr(line, '"'), *s;
  if (p == NULL || strchr(line, '[') == NULL || strchr(line, '[') > p) return -1;
  for (p++; *p && *p != '"'; p++)
    if (*p == '\\' && p[1]) p++;
  if (*p != '"' || p[1] != ' ') return -1;
  s = p + 2;
  for (p = s; *p && *p != ' ' && *p != '\n' && *p != '\r'; p++) {
  }
  if (p == s) return -1;
  *start = s;
  return (int)(p - s);
}

static int is_three_digits(const char *s, int len) {
  return len == 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
         s[2] <= '9';
}

/* An access log is a file whose first lines (up to 20) nearly all have a
** three-digit status where a common or combined log line has it. */
static int looks_like_access_log(const char *path) {
  FILE *f = fopen(path, "r");
  char line[8192];
  int lines = 0, good = 0;
  if (f == NULL) return 0;
  while (lines < 20 && fgets(line, sizeof(line), f)) {
    const char *s;
    int len = status_field(line, &s);
    lines++;
    if (len > 0 && is_three_digits(s, len)) good++;
  }
  fclose(f);
  return lines > 0 && good * 10 >= lines * 9;
}

struct real_logs {
  int files;
  long long lines, skipped;
};

/* Appends the status of every line of path to log: an integer when it is
** three digits, else the text as found ('-'); lines without the shape are
** counted as skipped. */
static void import_log(sqlite3 *db, sqlite3_stmt *insert, const char *path,
                       struct real_logs *found) {
  FILE *f = fopen(path, "r");
  char *line = NULL;
  size_t cap = 0;
  if (f == NULL) return;
  found->files++;
  printf("  real log: %s\n", path);
  while (getline(&line, &cap, f) > 0) {
    const char *s;
    int len = status_field(line, &s);
    if (len < 0) {
      found->skipped++;
      continue;
    }
    if (is_three_digits(s, len))
      sqlite3_bind_int(insert, 1, atoi(s));
    else
      sqlite3_bind_text(insert, 1, s, len, SQLITE_TRANSIENT);
    if (sqlite3_step(insert) != SQLITE_DONE) die("insert", db);
    sqlite3_reset(insert);
    found->lines++;
  }
  free(line);
  fclose(f);
}

/* Walks dir (three levels deep) and imports every access log in it. */
static void import_logs(sqlite3 *db, sqlite3_stmt *insert, const char *dir, int depth,
                        struct real_logs *found) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  int n = 0, i;
  if (d == NULL) return;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    names = realloc(names, sizeof(*names) * (size_t)(n + 1));
    if (names == NULL) die("out of memory", NULL);
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  /* Sorted, so that the import order (and so the table) never depends on
  ** the file system. */
  for (i = 1; i < n; i++) {
    char *name = names[i];
    int j = i;
    for (; j > 0 && strcmp(names[j - 1], name) > 0; j--) names[j] = names[j - 1];
    names[j] = name;
  }
  for (i = 0; i < n; i++) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    if (stat(path, &st) == 0) {
      if (S_ISDIR(st.st_mode) && depth < 3)
        import_logs(db, insert, path, depth + 1, found);
      else if (S_ISREG(st.st_mode) && looks_like_access_log(path))
        import_log(db, insert, path, found);
    }
    free(names[i]);
  }
  free(names);
}

/* Fills log with the statuses of the real logs under dir, repeated until it
** has at least rows rows (the logs at hand are small). Returns 0 when there
** is no access log under dir. */
static int load_real_logs(sqlite3 *db, const char *dir, long long rows) {
  struct real_logs found = {0, 0, 0};
  sqlite3_stmt *insert;
  long long have;
  exec(db, "BEGIN");
  if (sqlite3_prepare_v2(db, "INSERT INTO log(status) VALUES (?)", -1, &insert, NULL))
    die("prepare insert", db);
  import_logs(db, insert, dir, 0, &found);
  sqlite3_finalize(insert);
  exec(db, "COMMIT");
  if (found.lines == 0) return 0;
  printf("  %d file(s), %lld lines with a status, %lld lines skipped\n", found.files, found.lines,
         found.skipped);
  for (have = found.lines; have < rows; have += found.lines) {
    char sql[200];
    long long take = rows - have < found.lines ? rows - have : found.lines;
    snprintf(sql, sizeof(sql),
             "INSERT INTO log(status) SELECT status FROM log WHERE rowid <= %lld ORDER BY rowid",
             take);
    exec(db, sql);
  }
  if (have > found.lines) printf("  repeated to %lld rows\n", have < rows ? have : rows);
  return 1;
}

/* ---- variants ------------------------------------------------------------ */

/* How a variant's answer is compared with the group's reference answer. */
enum shape {
  SAME,      /* identical rows */
  INNER,     /* identical once the reference's NULL key is dropped (inner join) */
  DIGIT_MAP, /* keys are status/100; 1..5 become class names, others NULL */
};

struct variant {
  const char *name;
  const char *group;
  const char *plain; /* the variant a user would write instead: ratio "vs plain" */
  const char *floor; /* the same work without any lookup: ratio "vs floor" */
  enum shape shape;  /* compared with the first variant of the group marked reference */
  int reference;
  const char *sql;
};

#define CLASS_CASE                                                                                 \
  "CASE status/100 WHEN 1 THEN 'Informational' WHEN 2 THEN 'Success' WHEN 3 THEN 'Redirection'"    \
  " WHEN 4 THEN 'Client Error' WHEN 5 THEN 'Server Error' END"

static const struct variant variants[] = {
    {"floor", "class", "table_class", "floor", DIGIT_MAP, 0,
     "SELECT status/100, count(*) FROM log GROUP BY 1"},
    {"case", "class", "table_class", "floor", SAME, 1,
     "SELECT " CLASS_CASE ", count(*) FROM log GROUP BY 1"},
    {"table_class", "class", "table_class", "floor", INNER, 0,
     "SELECT c.class, count(*) FROM log JOIN codes c ON c.code = log.status GROUP BY 1"},
    {"vtab_class", "class", "table_class", "floor", INNER, 0,
     "SELECT s.class, count(*) FROM log JOIN http_status s ON s.code = log.status GROUP BY 1"},
    {"func_class", "class", "table_class", "floor", SAME, 0,
     "SELECT http_status_class(status), count(*) FROM log GROUP BY 1"},

    {"table_left", "name", "table_left", "floor", SAME, 1,
     "SELECT c.name, count(*) FROM log LEFT JOIN codes c ON c.code = log.status GROUP BY 1"},
    {"vtab_left", "name", "table_left", "floor", SAME, 0,
     "SELECT s.name, count(*) FROM log LEFT JOIN http_status s ON s.code = log.status GROUP BY 1"},
    {"table_name", "name", "table_name", "floor", INNER, 0,
     "SELECT c.name, count(*) FROM log JOIN codes c ON c.code = log.status GROUP BY 1"},
    {"vtab_name", "name", "table_name", "floor", INNER, 0,
     "SELECT s.name, count(*) FROM log JOIN http_status s ON s.code = log.status GROUP BY 1"},
    {"func_name", "name", "table_name", "floor", SAME, 0,
     "SELECT http_status_name(status), count(*) FROM log GROUP BY 1"},
    /* The report as the cookbook writes it: group on the integer status,
    ** then name the few groups. Equal names (200 and '200') merge when the
    ** answers are compared. */
    {"name_after", "name", "table_name", "floor", SAME, 0,
     "SELECT http_status_name(status), n"
     " FROM (SELECT status, count(*) AS n FROM log GROUP BY status)"},

    /* The same lookups without GROUP BY, whose sort dominates the queries
    ** above: count() of the looked-up value over the whole log. */
    {"scan_floor", "scan", "scan_tclass", "scan_floor", SAME, 1,
     "SELECT count(nullif(status/100, 0)) FROM log"},
    {"scan_case", "scan", "scan_tclass", "scan_floor", SAME, 0,
     "SELECT count(" CLASS_CASE ") FROM log"},
    {"scan_tclass", "scan", "scan_tclass", "scan_floor", SAME, 0,
     "SELECT count(c.class) FROM log JOIN codes c ON c.code = log.status"},
    {"scan_vclass", "scan", "scan_tclass", "scan_floor", SAME, 0,
     "SELECT count(s.class) FROM log JOIN http_status s ON s.code = log.status"},
    {"scan_fclass", "scan", "scan_tclass", "scan_floor", SAME, 0,
     "SELECT count(http_status_class(status)) FROM log"},
    {"scan_tname", "scan", "scan_tname", "scan_floor", SAME, 0,
     "SELECT count(c.name) FROM log JOIN codes c ON c.code = log.status"},
    {"scan_vname", "scan", "scan_tname", "scan_floor", SAME, 0,
     "SELECT count(s.name) FROM log JOIN http_status s ON s.code = log.status"},
    {"scan_fname", "scan", "scan_tname", "scan_floor", SAME, 0,
     "SELECT count(http_status_name(status)) FROM log"},
    {"scan_tleft", "scan", "scan_tleft", "scan_floor", SAME, 0,
     "SELECT count(c.name) FROM log LEFT JOIN codes c ON c.code = log.status"},
    {"scan_vleft", "scan", "scan_tleft", "scan_floor", SAME, 0,
     "SELECT count(s.name) FROM log LEFT JOIN http_status s ON s.code = log.status"},

    {"sel_hand", "select", "sel_table", "sel_hand", SAME, 1,
     "SELECT status, count(*) FROM log WHERE status/100 = 5 GROUP BY 1"},
    {"sel_table", "select", "sel_table", "sel_hand", SAME, 0,
     "SELECT log.status, count(*) FROM log JOIN codes c ON c.code = log.status"
     " WHERE c.class = 'Server Error' GROUP BY 1"},
    {"sel_vtab", "select", "sel_table", "sel_hand", SAME, 0,
     "SELECT log.status, count(*) FROM log JOIN http_status s ON s.code = log.status"
     " WHERE s.class = 'Server Error' GROUP BY 1"},
    {"sel_func", "select", "sel_table", "sel_hand", SAME, 0,
     "SELECT status, count(*) FROM log WHERE http_status_class(status) = 'Server Error'"
     " GROUP BY 1"},

    {"match_hand", "match", "match_hand", "match_hand", SAME, 1,
     "SELECT count(*) FROM log WHERE status/100 = 5 OR status IN (401, 403)"},
    {"match_func", "match", "match_hand", "match_hand", SAME, 0,
     "SELECT count(*) FROM log WHERE http_status_match(status, '5xx,401,403')"},
};
enum { VARIANT_COUNT = (int)(sizeof(variants) / sizeof(variants[0])) };

static int variant_index(const char *name) {
  int i;
  for (i = 0; i < VARIANT_COUNT; i++)
    if (strcmp(variants[i].name, name) == 0) return i;
  return -1;
}

/* ---- answers ------------------------------------------------------------- */

enum { MAX_ANSWER_ROWS = 256 };

/* An answer: rows of (key, count). */
struct answer_row {
  int has_key; /* 0 for a NULL key */
  char key[48];
  long long count;
};
struct answer {
  int rows;
  struct answer_row row[MAX_ANSWER_ROWS];
};

static struct answer answers[VARIANT_COUNT];

/* By key, the NULL key first. */
static int compare_rows(const void *a, const void *b) {
  const struct answer_row *x = a, *y = b;
  if (x->has_key != y->has_key) return x->has_key - y->has_key;
  return strcmp(x->key, y->key);
}

/* Puts an answer in the form the group's reference has: keys mapped, equal
** keys merged, sorted, and the NULL key dropped when asked. */
static void normalize(struct answer *a, enum shape shape, int drop_null) {
  static const char *const classes[] = {"Informational", "Success", "Redirection", "Client Error",
                                        "Server Error"};
  int i, j, n = 0;
  if (shape == DIGIT_MAP) {
    for (i = 0; i < a->rows; i++) {
      int digit = a->row[i].has_key ? atoi(a->row[i].key) : 0;
      if (digit >= 1 && digit <= 5)
        snprintf(a->row[i].key, sizeof(a->row[i].key), "%s", classes[digit - 1]);
      else
        a->row[i].has_key = 0, a->row[i].key[0] = '\0';
    }
  }
  if (drop_null) {
    for (i = 0; i < a->rows; i++)
      if (a->row[i].has_key) a->row[n++] = a->row[i];
    a->rows = n;
  }
  qsort(a->row, (size_t)a->rows, sizeof(a->row[0]), compare_rows);
  for (i = 0, n = 0; i < a->rows; i = j) {
    a->row[n] = a->row[i];
    for (j = i + 1; j < a->rows && compare_rows(&a->row[i], &a->row[j]) == 0; j++)
      a->row[n].count += a->row[j].count;
    n++;
  }
  a->rows = n;
}

static int same_answer(const struct answer *a, const struct answer *b) {
  int i;
  if (a->rows != b->rows) return 0;
  for (i = 0; i < a->rows; i++)
    if (compare_rows(&a->row[i], &b->row[i]) != 0 || a->row[i].count != b->row[i].count) return 0;
  return 1;
}

static void print_answer(const char *name, const struct answer *a) {
  int i;
  fprintf(stderr, "  %s:\n", name);
  for (i = 0; i < a->rows; i++)
    fprintf(stderr, "    %-28s %lld\n", a->row[i].has_key ? a->row[i].key : "NULL",
            a->row[i].count);
}

/* Compares every variant's answer with its group's reference; returns the
** number that differ, after printing them. */
static int check_agreement(const char *log_name) {
  int i, bad = 0;
  for (i = 0; i < VARIANT_COUNT; i++) {
    const struct variant *v = &variants[i];
    struct answer mine = answers[i], expected;
    int r;
    for (r = 0; r < VARIANT_COUNT; r++)
      if (variants[r].reference && strcmp(variants[r].group, v->group) == 0) break;
    if (r == VARIANT_COUNT || r == i) continue;
    expected = answers[r];
    normalize(&expected, SAME, v->shape == INNER);
    normalize(&mine, v->shape, 0);
    if (!same_answer(&mine, &expected)) {
      fprintf(stderr, "bench: %s log: %s and %s disagree\n", log_name, v->name, variants[r].name);
      print_answer(v->name, &mine);
      print_answer(variants[r].name, &expected);
      bad++;
    }
  }
  if (answers[variant_index("match_hand")].row[0].count == 0 ||
      answers[variant_index("sel_hand")].rows == 0) {
    fprintf(stderr, "bench: %s log: the selective queries matched nothing\n", log_name);
    bad++;
  }
  return bad;
}

/* ---- running queries ----------------------------------------------------- */

/* Prepares, runs and finalizes one query, keeping its answer. Kept out of
** line: bench/callgrind.sh counts the instructions spent inside it. */
__attribute__((noinline)) void measured_query(sqlite3 *db, const char *sql, struct answer *out) {
  sqlite3_stmt *stmt;
  int rc;
  out->rows = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) die(sql, db);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (out->rows < MAX_ANSWER_ROWS) {
      const unsigned char *key = sqlite3_column_text(stmt, 0);
      int cols = sqlite3_column_count(stmt);
      out->row[out->rows].has_key = cols > 1 && key != NULL;
      snprintf(out->row[out->rows].key, sizeof(out->row[0].key), "%s",
               cols > 1 && key ? (const char *)key : "");
      out->row[out->rows].count = sqlite3_column_int64(stmt, cols - 1);
      out->rows++;
    }
  }
  if (rc != SQLITE_DONE) die(sql, db);
  sqlite3_finalize(stmt);
}

struct timing {
  double median_ms, min_ms;
};

/* Runs every variant runs times, round robin after one warm-up round, and
** keeps the medians. */
static void time_variants(sqlite3 *db, int runs, struct timing *out) {
  static double ms[VARIANT_COUNT][64];
  int run, i;
  if (runs > 64) runs = 64;
  for (i = 0; i < VARIANT_COUNT; i++) measured_query(db, variants[i].sql, &answers[i]);
  for (run = 0; run < runs; run++) {
    for (i = 0; i < VARIANT_COUNT; i++) {
      struct answer scratch;
      double t0 = now_ms();
      measured_query(db, variants[i].sql, &scratch);
      ms[i][run] = now_ms() - t0;
    }
  }
  for (i = 0; i < VARIANT_COUNT; i++) {
    out[i].median_ms = median(ms[i], runs); /* sorts ms[i] */
    out[i].min_ms = ms[i][0];
  }
}

/* ---- instructions per row (from bench/callgrind.sh) ---------------------- */

static double ir_per_row[VARIANT_COUNT];

static void read_instructions(const char *path) {
  FILE *f = fopen(path, "r");
  char line[256];
  int i;
  for (i = 0; i < VARIANT_COUNT; i++) ir_per_row[i] = -1;
  if (f == NULL) {
    printf("(no %s: instructions per row not shown; run bench/callgrind.sh)\n", path);
    return;
  }
  while (fgets(line, sizeof(line), f)) {
    char *comma = strchr(line, ',');
    if (comma == NULL) continue;
    *comma = '\0';
    i = variant_index(line);
    if (i >= 0) ir_per_row[i] = atof(comma + 1);
  }
  fclose(f);
}

/* ---- reports ------------------------------------------------------------- */

static void print_table(const char *log_name, const struct timing *t, FILE *csv, int with_ir) {
  int i;
  printf("\n%-11s %-7s %10s %9s %9s", "variant", "group", "median ms", "vs plain", "vs floor");
  if (with_ir) printf(" %9s %11s", "Ir/row", "Ir-floor");
  printf("\n");
  for (i = 0; i < VARIANT_COUNT; i++) {
    const struct variant *v = &variants[i];
    double plain = t[variant_index(v->plain)].median_ms;
    double floor = t[variant_index(v->floor)].median_ms;
    int f = variant_index(v->floor);
    printf("%-11s %-7s %10.1f %9.2f %9.2f", v->name, v->group, t[i].median_ms,
           t[i].median_ms / plain, t[i].median_ms / floor);
    if (with_ir && ir_per_row[i] >= 0 && ir_per_row[f] >= 0)
      printf(" %9.0f %11.0f", ir_per_row[i], ir_per_row[i] - ir_per_row[f]);
    else if (with_ir)
      printf(" %9s %11s", "-", "-");
    printf("\n");
    if (csv) {
      fprintf(csv, "%s,%s,%s,%lld,%.3f,%.3f,%.4f,%.4f,%s,%s,", log_name, v->name, v->group,
              opt.rows, t[i].median_ms, t[i].min_ms, t[i].median_ms / plain, t[i].median_ms / floor,
              v->plain, v->floor);
      if (with_ir && ir_per_row[i] >= 0 && ir_per_row[f] >= 0)
        fprintf(csv, "%.1f,%.1f\n", ir_per_row[i], ir_per_row[i] - ir_per_row[f]);
      else
        fprintf(csv, ",\n");
    }
  }
}

/* The cookbook's report shape against the two a user would write first:
** the plain-table join and GROUP BY http_status_name(status). */
static void print_name_after(const char *log_name, const struct timing *t) {
  double after = t[variant_index("name_after")].median_ms;
  printf("\n%s log: group on status, name after (name_after): %.1f ms,"
         " %.2fx the plain-table join (table_name), %.2fx GROUP BY http_status_name (func_name)\n",
         log_name, after, after / t[variant_index("table_name")].median_ms,
         after / t[variant_index("func_name")].median_ms);
}

/* Load time: a fresh connection each time, from sqlite3_load_extension
** (dlopen and the init function) to the first row of a query using it. */
static void measure_load(void) {
  double *ms = malloc(sizeof(*ms) * (size_t)opt.load_runs), first = 0;
  int i;
  if (ms == NULL) die("out of memory", NULL);
  for (i = 0; i < opt.load_runs; i++) {
    sqlite3 *db;
    sqlite3_stmt *stmt;
    double t0;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) die("open", db);
    t0 = now_ms();
    load_extension(db);
    if (sqlite3_prepare_v2(db, "SELECT http_status_name(404)", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW)
      die("first query", db);
    sqlite3_finalize(stmt);
    ms[i] = now_ms() - t0;
    if (i == 0) first = ms[i];
    sqlite3_close(db);
  }
  printf("\nload time (.load to first row), %d loads: median %.3f ms, first %.3f ms\n",
         opt.load_runs, median(ms, opt.load_runs), first);
  free(ms);
}

/* The lookup paths without GROUP BY (whose sort needs memory in proportion
** to the rows, whatever the lookup): allocations made and peak memory above
** what was in use, on the first tenth of the log and on all of it. */
static const struct {
  const char *name, *sql;
} paths[] = {
    {"floor", "SELECT count(*), sum(status/100) FROM log WHERE rowid <= ?"},
    {"table_name",
     "SELECT count(c.name) FROM log JOIN codes c ON c.code = log.status WHERE log.rowid <= ?"},
    {"vtab_name", "SELECT count(s.name) FROM log JOIN http_status s ON s.code = log.status"
                  " WHERE log.rowid <= ?"},
    {"vtab_left", "SELECT count(s.name) FROM log LEFT JOIN http_status s ON s.code = log.status"
                  " WHERE log.rowid <= ?"},
    {"func_name", "SELECT count(http_status_name(status)) FROM log WHERE rowid <= ?"},
    {"func_class", "SELECT count(http_status_class(status)) FROM log WHERE rowid <= ?"},
    {"match_func", "SELECT count(*) FROM log WHERE rowid <= ?"
                   " AND http_status_match(status, '5xx,401,403')"},
};

static int measure_allocations(sqlite3 *db) {
  int i, k, grows = 0;
  long long sizes[2] = {opt.rows / 10, opt.rows};
  printf("\nallocations and peak memory per query (no GROUP BY), %lld rows vs %lld rows:\n",
         sizes[0], sizes[1]);
  printf("%-11s %10s %10s %12s %12s\n", "path", "mallocs", "mallocs", "peak bytes", "peak bytes");
  for (i = 0; i < (int)(sizeof(paths) / sizeof(paths[0])); i++) {
    sqlite3_int64 calls[2], peak[2];
    for (k = 0; k < 2; k++) {
      sqlite3_stmt *stmt;
      sqlite3_int64 used, high;
      sqlite3_int64 before = malloc_calls;
      sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &high, 1);
      if (sqlite3_prepare_v2(db, paths[i].sql, -1, &stmt, NULL) != SQLITE_OK) die(paths[i].sql, db);
      sqlite3_bind_int64(stmt, 1, sizes[k]);
      while (sqlite3_step(stmt) == SQLITE_ROW) {
      }
      if (sqlite3_finalize(stmt) != SQLITE_OK) die(paths[i].sql, db);
      calls[k] = malloc_calls - before;
      sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &high, 0);
      peak[k] = high - used;
    }
    printf("%-11s %10lld %10lld %12lld %12lld%s\n", paths[i].name, (long long)calls[0],
           (long long)calls[1], (long long)peak[0], (long long)peak[1],
           calls[1] > calls[0] + 2 ? "  GROWS" : "");
    if (calls[1] > calls[0] + 2) grows++;
  }
  return grows;
}

static void print_memory(sqlite3 *db) {
  struct rusage usage;
  sqlite3_int64 used, high, count, count_high;
  int page_count = 0, page_size = 0;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT page_count * 1, page_size FROM pragma_page_count,"
                         " pragma_page_size",
                         -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    page_count = sqlite3_column_int(stmt, 0);
    page_size = sqlite3_column_int(stmt, 1);
  }
  sqlite3_finalize(stmt);
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &high, 0);
  sqlite3_status64(SQLITE_STATUS_MALLOC_COUNT, &count, &count_high, 0);
  getrusage(RUSAGE_SELF, &usage);
  printf("\nmemory: log database %.1f MiB; SQLite in use %.1f MiB (highwater %.1f MiB),"
         " %lld allocations outstanding (highwater %lld); process max RSS %.1f MiB\n",
         (double)page_count * page_size / 1048576.0, used / 1048576.0, high / 1048576.0,
         (long long)count, (long long)count_high, usage.ru_maxrss / 1024.0);
}

/* ---- main ---------------------------------------------------------------- */

int main(int argc, char **argv) {
  struct timing generated[VARIANT_COUNT], real[VARIANT_COUNT];
  sqlite3 *db, *real_db = NULL;
  FILE *csv = NULL;
  int bad = 0, i, have_real = 0;
  double t0;

  parse_options(argc, argv);
  count_allocations();
  if (sqlite3_initialize() != SQLITE_OK) die("initialize", NULL);

  db = open_database();
  t0 = now_ms();
  generate_log(db, opt.rows);
  if (opt.callgrind) {
    for (i = 0; i < VARIANT_COUNT; i++) {
      measured_query(db, variants[i].sql, &answers[i]);
      printf("%s\n", variants[i].name);
    }
    sqlite3_close(db);
    return check_agreement("generated") ? 1 : 0;
  }

  printf("httpstatus benchmark: SQLite %s, %lld generated rows, %d run(s), medians\n",
         sqlite3_libversion(), opt.rows, opt.runs);
  printf("  generated the log in %.0f ms\n", now_ms() - t0);
  if (opt.logs) {
    real_db = open_database();
    have_real = load_real_logs(real_db, opt.logs, opt.rows);
    if (!have_real) {
      printf("  no access log under %s: real-log ratios skipped\n", opt.logs);
      sqlite3_close(real_db);
      real_db = NULL;
    }
  }

  time_variants(db, opt.runs, generated);
  bad += check_agreement("generated");
  if (have_real) {
    struct answer kept[VARIANT_COUNT];
    memcpy(kept, answers, sizeof(kept));
    time_variants(real_db, opt.runs, real);
    bad += check_agreement("real");
    memcpy(answers, kept, sizeof(kept));
  }
  if (bad) {
    fprintf(stderr, "bench: FAILED: %d variant(s) disagree with their reference\n", bad);
    return 1;
  }
  printf("  every variant agrees with its group's reference answer\n");

  read_instructions(opt.instructions ? opt.instructions : "bench/instructions.csv");
  if (opt.csv) {
    csv = fopen(opt.csv, "w");
    if (csv == NULL) {
      perror(opt.csv);
      return 1;
    }
    fprintf(csv, "log,variant,group,rows,median_ms,min_ms,vs_plain,vs_floor,plain,floor,"
                 "ir_per_row,ir_over_floor\n");
  }
  printf("\ngenerated log, %lld rows:", opt.rows);
  print_table("generated", generated, csv, 1);
  if (have_real) {
    printf("\nreal logs, repeated to %lld rows:", opt.rows);
    print_table("real", real, csv, 0);
  }
  print_name_after("generated", generated);
  if (have_real) print_name_after("real", real);
  if (csv) {
    fclose(csv);
    printf("\nwritten to %s\n", opt.csv);
  }
  measure_load();
  if (measure_allocations(db) && !opt.smoke) printf("  (GROWS: more allocations on more rows)\n");
  print_memory(db);
  if (real_db) sqlite3_close(real_db);
  sqlite3_close(db);
  return 0;
}
