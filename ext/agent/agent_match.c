/*
** agent_match.c: uap-core's rules matched with PCRE2, as ua-parser reads
** them, and the per-connection cache of the answers.
**
** Patterns are compiled on first use, once per process: the slot of each
** rule (agent_regexes.c) is filled with a compare-and-swap, so threads that
** race compile the same pattern twice and keep one. They are freed when the
** library is unloaded. Everything a parse writes (match data, the prefilter,
** the scratch strings) belongs to the connection's cache, which SQLite uses
** from one thread at a time.
**
** The prefilter: most rules come with hashes of three-byte windows that any
** match contains (tools/gen_agents.py works them out from the pattern, as
** alternatives when the pattern offers several). The user agent's windows,
** lowercased, are set in a bitmap; a rule none of whose alternatives has all
** its windows there cannot match and is skipped without running PCRE2.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_match.h"
#include "agent_regexes.h"

#define BITMAP_BYTES 8192 /* one bit for each 16-bit trigram hash */
#define BUCKETS (AGENT_CACHE_ENTRIES / 2)
/* Bounds on one match, so that a pathological subject costs a bounded
** time; a match that reaches them counts as no match. */
#define MATCH_LIMIT 1000000
#define JIT_STACK_START (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)

/* Growing text that one parse writes its answers into. */
struct scratch {
  char *data;
  int length;
  int capacity;
  int failed;
};

struct agent_cache {
  struct agent_entry *bucket[BUCKETS][2]; /* [0] the newer */
  struct agent_entry *uncached;           /* the last answer too long to keep */
  struct agent_entry *last;               /* the last answer given, when cached */
  pcre2_general_context *general;
  pcre2_compile_context *compile;
  pcre2_match_data *match;
  pcre2_match_context *context;
  pcre2_jit_stack *jit_stack;
  struct scratch scratch;
  int offset[AGENT_FIELD_COUNT];
  int length[AGENT_FIELD_COUNT];
  int is_bot;
  char subject[AGENT_PARSE_MAX + 4];
  unsigned char bitmap[BITMAP_BYTES];
};

/* The subject of one parse. */
struct subject {
  const char *text;
  int length;
  int non_ascii;
};

/* ---- the compiled patterns ------------------------------------------- */

struct table {
  const char *name;
  const struct agent_rule *rules;
  const int *count;
  void **code;
};

static const struct table tables[] = {
    {"user agent", agent_ua_rules, &agent_ua_rule_count, agent_ua_code},
    {"os", agent_os_rules, &agent_os_rule_count, agent_os_code},
    {"device", agent_device_rules, &agent_device_rule_count, agent_device_code},
    {"bot", agent_bot_rules, &agent_bot_rule_count, agent_bot_code},
};
#define TABLE_UA 0
#define TABLE_OS 1
#define TABLE_DEVICE 2
#define TABLE_BOT 3
#define TABLE_COUNT 4

/* PCRE2 allocates through SQLite, so that its memory failures are SQLite's
** (and the tests can provoke them). */
static void *pcre_malloc(PCRE2_SIZE size, void *data) {
  (void)data;
  return sqlite3_malloc64(size);
}

static void pcre_free(void *p, void *data) {
  (void)data;
  sqlite3_free(p);
}

/* Whether the process runs under valgrind, whose preloaded libraries name
** themselves in LD_PRELOAD. The JIT's vector code reads whole blocks past
** the end of a subject (inside the same page, on purpose), which valgrind
** reports; there the patterns run in PCRE2's interpreter instead, with the
** same answers. */
static int under_valgrind(void) {
  const char *preload = getenv("LD_PRELOAD");
  return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* Sets *out to the compiled pattern of rule i of table t, compiled now if
** no thread has yet. SQLITE_NOMEM, or SQLITE_ERROR with *error set when the
** pattern does not compile. */
static int rule_code(pcre2_compile_context *compile, int t, int i, pcre2_code **out, char **error) {
  void **slot = &tables[t].code[i];
  pcre2_code *code = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  void *expected = NULL;
  int status;
  PCRE2_SIZE at;
  unsigned options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;

  if (code == NULL) {
    if (tables[t].rules[i].caseless) options |= PCRE2_CASELESS;
    code = pcre2_compile((PCRE2_SPTR)tables[t].rules[i].pattern, PCRE2_ZERO_TERMINATED, options,
                         &status, &at, compile);
    /* Every generated pattern compiles (tests/agent_unit.c compiles them
    ** all): a NULL here is PCRE2 out of memory. */
    if (code == NULL) {
      PCRE2_UCHAR message[256];
      if (status == PCRE2_ERROR_HEAP_FAILED) return SQLITE_NOMEM; /* GCOVR_EXCL_BR_LINE */
      pcre2_get_error_message(status, message, sizeof message);
      *error = sqlite3_mprintf("httpagent: %s rule %d does not compile at offset %d: %s",
                               tables[t].name, i, (int)at, (const char *)message);
      return SQLITE_ERROR;
    }
    /* Without JIT (a platform PCRE2 has none for) the interpreter runs. */
    if (!under_valgrind()) (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    /* Losing the race is up to the scheduler. */
    if (!__atomic_compare_exchange_n(slot, &expected, code, 0,
                                     __ATOMIC_ACQ_REL, /* GCOVR_EXCL_BR_LINE */
                                     __ATOMIC_ACQUIRE)) {
      pcre2_code_free(code);
      code = expected;
    }
  }
  *out = code;
  return SQLITE_OK;
}

int agent_compile_all(char **error) {
  int t, i, rc = SQLITE_OK;
  pcre2_code *code;
  for (t = 0; t < TABLE_COUNT; t++)
    for (i = 0; rc == SQLITE_OK && i < *tables[t].count; i++)
      rc = rule_code(NULL, t, i, &code, error);
  return rc;
}

int agent_compiled_count(void) {
  int t, i, n = 0;
  for (t = 0; t < TABLE_COUNT; t++)
    for (i = 0; i < *tables[t].count; i++)
      if (__atomic_load_n(&tables[t].code[i], __ATOMIC_ACQUIRE)) n++;
  return n;
}

int agent_rule_count(void) {
  int t, n = 0;
  for (t = 0; t < TABLE_COUNT; t++) n += *tables[t].count;
  return n;
}

/* When the library is unloaded (or the program ends). */
__attribute__((destructor)) static void free_patterns(void) {
  int t, i;
  for (t = 0; t < TABLE_COUNT; t++)
    for (i = 0; i < *tables[t].count; i++) {
      pcre2_code_free(tables[t].code[i]);
      tables[t].code[i] = NULL;
    }
}

/* ---- the subject ------------------------------------------------------- */

/* The length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0
** when the bytes there are no character; *bad is then the length of the maximal subpart
** that Python replaces by one U+FFFD (at least 1). */
static int utf8_sequence(const unsigned char *s, int n, int *bad) {
  int need, k;
  unsigned char low = 0x80, high = 0xBF;
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    need = 2;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    need = 3;
    if (s[0] == 0xE0) low = 0xA0;
    if (s[0] == 0xED) high = 0x9F;
  } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    need = 4;
    if (s[0] == 0xF0) low = 0x90;
    if (s[0] == 0xF4) high = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  for (k = 1; k < need; k++) {
    if (k >= n || s[k] < low || s[k] > high) {
      *bad = k;
      return 0;
    }
    low = 0x80;
    high = 0xBF;
  }
  return need;
}

/* Sets *subject to what is parsed of the n bytes at ua: the bytes themselves
** when they are valid UTF-8 and short enough, else a cleaned copy in the
** cache's buffer. */
static void make_subject(struct agent_cache *cache, const char *ua, int n,
                         struct subject *subject) {
  static const unsigned char replacement[3] = {0xEF, 0xBF, 0xBD};
  const unsigned char *s = (const unsigned char *)ua;
  int i = 0, out = 0, non_ascii = 0, bad;
  if (n <= AGENT_PARSE_MAX) {
    while (i < n) {
      int length = s[i] < 0x80 ? 1 : utf8_sequence(s + i, n - i, &bad);
      if (length == 0) break;
      if (length > 1) non_ascii = 1;
      i += length;
    }
    if (i == n) {
      subject->text = ua;
      subject->length = n;
      subject->non_ascii = non_ascii;
      return;
    }
  }
  i = 0;
  non_ascii = 0;
  while (i < n) {
    int length = s[i] < 0x80 ? 1 : utf8_sequence(s + i, n - i, &bad);
    const unsigned char *bytes = length ? s + i : replacement;
    int size = length ? length : 3;
    if (out + size > AGENT_PARSE_MAX) break;
    if (size > 1) non_ascii = 1;
    memcpy(cache->subject + out, bytes, (size_t)size);
    out += size;
    i += length ? length : bad;
  }
  subject->text = cache->subject;
  subject->length = out;
  subject->non_ascii = non_ascii;
}

static unsigned char lower(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static void fill_bitmap(struct agent_cache *cache, const struct subject *subject) {
  const unsigned char *s = (const unsigned char *)subject->text;
  int i;
  memset(cache->bitmap, 0, sizeof cache->bitmap);
  for (i = 0; i + 2 < subject->length; i++) {
    unsigned h = AGENT_TRIGRAM(lower(s[i]), lower(s[i + 1]), lower(s[i + 2]));
    cache->bitmap[h >> 3] |= (unsigned char)(1u << (h & 7));
  }
}

/* Whether the prefilter lets rule r through. */
static int may_match(const struct agent_cache *cache, const struct subject *subject,
                     const struct agent_rule *r) {
  const unsigned short *f = r->filter;
  int a, k;
  /* Caseless matching folds some non-ASCII letters onto ASCII ones. */
  if (r->filter_alternatives == 0 || (r->caseless && subject->non_ascii)) return 1;
  for (a = 0; a < r->filter_alternatives; a++) {
    int n = *f++;
    for (k = 0; k < n; k++)
      if (!(cache->bitmap[f[k] >> 3] & (1u << (f[k] & 7)))) break;
    if (k == n) return 1;
    f += n;
  }
  return 0;
}

/* ---- one match ----------------------------------------------------------- */

struct match {
  const struct subject *subject;
  const struct agent_rule *rule;
  const PCRE2_SIZE *ovector;
  int lastindex; /* as Python's Match.lastindex; 0 for None */
};

/* Runs rule i of table t: 1 when it matches (m filled), 0 when not, or an
** SQLite error code (negated) with *error set. */
static int run_rule(struct agent_cache *cache, int t, int i, const struct subject *subject,
                    struct match *m, char **error) {
  const struct agent_rule *r = &tables[t].rules[i];
  pcre2_code *code;
  int rc, g, best = 0;
  if (!may_match(cache, subject, r)) return 0;
  rc = rule_code(cache->compile, t, i, &code, error);
  if (rc != SQLITE_OK) return -rc;
  rc = pcre2_match(code, (PCRE2_SPTR)subject->text, (PCRE2_SIZE)subject->length, 0,
                   PCRE2_NO_UTF_CHECK, cache->match, cache->context);
  if (rc < 0) return 0; /* no match, or a limit reached */
  m->subject = subject;
  m->rule = r;
  m->ovector = pcre2_get_ovector_pointer(cache->match);
  /* Python's lastindex: the group that closed last, that is the one ending
  ** furthest; of groups ending at the same place, the one whose closing
  ** parenthesis comes later. */
  for (g = 1; g <= r->groups; g++) {
    if (m->ovector[2 * g] == PCRE2_UNSET) continue;
    if (best == 0 || m->ovector[2 * g + 1] > m->ovector[2 * best + 1] ||
        (m->ovector[2 * g + 1] == m->ovector[2 * best + 1] &&
         (r->ranks ? r->ranks[g - 1] > r->ranks[best - 1] : g > best)))
      best = g;
  }
  m->lastindex = best;
  return 1;
}

/* ---- the answers --------------------------------------------------------- */

/* Makes room for n more bytes; on failure marks the scratch failed. */
static int reserve(struct scratch *s, int n) {
  int capacity = s->capacity ? s->capacity : 1024;
  char *data;
  if (s->failed) return 0;
  if (s->length + n <= s->capacity) return 1;
  while (capacity < s->length + n) capacity *= 2;
  data = sqlite3_realloc(s->data, capacity);
  if (data == NULL) {
    s->failed = 1;
    return 0;
  }
  s->data = data;
  s->capacity = capacity;
  return 1;
}

static void append(struct scratch *s, const char *text, int n) {
  if (n <= 0 || !reserve(s, n)) return;
  memcpy(s->data + s->length, text, (size_t)n);
  s->length += n;
}

/* Appends field f, which the scratch holds already (room is made first, so
** that the source cannot move while it is copied). */
static void append_field(struct scratch *s, int offset, int n) {
  if (!reserve(s, n)) return;
  memcpy(s->data + s->length, s->data + offset, (size_t)n);
  s->length += n;
}

static void set_null(struct agent_cache *cache, int field) {
  cache->offset[field] = 0;
  cache->length[field] = -1;
}

static void set_text(struct agent_cache *cache, int field, const char *text, int n) {
  cache->offset[field] = cache->scratch.length;
  cache->length[field] = n;
  append(&cache->scratch, text, n);
}

/* Group g of m as text (Python's match.group(g)); set_null when it did not
** take part. g is a group of the rule (the callers and the generator see to
** it). */
static void set_group(struct agent_cache *cache, int field, const struct match *m, int g) {
  if (m->ovector[2 * g] == PCRE2_UNSET) {
    set_null(cache, field);
    return;
  }
  set_text(cache, field, m->subject->text + m->ovector[2 * g],
           (int)(m->ovector[2 * g + 1] - m->ovector[2 * g]));
}

/* Whether code point c is whitespace to Python's str.isspace. */
static int is_space(unsigned c) {
  static const unsigned others[] = {0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  unsigned k;
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || (c >= 0x2000 && c <= 0x200A))
    return 1;
  for (k = 0; k < sizeof others / sizeof others[0]; k++)
    if (c == others[k]) return 1;
  return 0;
}

/* The code point of the valid UTF-8 character at s, of *length bytes. */
static unsigned code_point(const unsigned char *s, int *length) {
  static const unsigned char masks[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  int n = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4, k;
  unsigned c = s[0] & masks[n];
  for (k = 1; k < n; k++) c = (c << 6) | (s[k] & 0x3F);
  *length = n;
  return c;
}

/* ua-parser's MultiReplace: $1..$9 become the groups (empty when a group
** did not take part; the generator checks that each names one), then
** whitespace is trimmed at both ends and an empty answer is None. */
static void set_replaced(struct agent_cache *cache, int field, const char *replacement,
                         const struct match *m) {
  int start = cache->scratch.length, end, k;
  const char *p;
  for (p = replacement; *p; p++) {
    if (p[0] == '$') {
      int g = p[1] - '0';
      if (m->ovector[2 * g] != PCRE2_UNSET)
        append(&cache->scratch, m->subject->text + m->ovector[2 * g],
               (int)(m->ovector[2 * g + 1] - m->ovector[2 * g]));
      p++;
    } else {
      append(&cache->scratch, p, 1);
    }
  }
  if (cache->scratch.failed) return;
  end = cache->scratch.length;
  /* The answer is valid UTF-8: it comes from the subject and uap-core. */
  while (start < end && is_space(code_point((unsigned char *)cache->scratch.data + start, &k)))
    start += k;
  while (end > start) {
    int back = end - 1;
    while ((cache->scratch.data[back] & 0xC0) == 0x80) back--;
    if (!is_space(code_point((unsigned char *)cache->scratch.data + back, &k))) break;
    end = back;
  }
  if (start == end) {
    set_null(cache, field);
    return;
  }
  cache->offset[field] = start;
  cache->length[field] = end - start;
}

/* The generator writes NULL for no replacement and for an empty one. */
static int has(const char *replacement) { return replacement != NULL; }

static int truthy(const struct agent_cache *cache, int field) { return cache->length[field] > 0; }

static void set_literal(struct agent_cache *cache, int field, const char *text) {
  set_text(cache, field, text, (int)strlen(text));
}

/* ua-parser's UserAgentParser.Parse on rule m. */
static void browser_answers(struct agent_cache *cache, const struct match *m) {
  const struct agent_rule *r = m->rule;
  int field;
  if (has(r->replacement[0])) {
    /* family_replacement with "$1" replaced by group 1 */
    const char *p;
    cache->offset[AGENT_BROWSER] = cache->scratch.length;
    for (p = r->replacement[0]; *p; p++) {
      if (p[0] == '$') {
        if (m->ovector[2] != PCRE2_UNSET)
          append(&cache->scratch, m->subject->text + m->ovector[2],
                 (int)(m->ovector[3] - m->ovector[2]));
        p++;
      } else {
        append(&cache->scratch, p, 1);
      }
    }
    cache->length[AGENT_BROWSER] = cache->scratch.length - cache->offset[AGENT_BROWSER];
  } else {
    set_group(cache, AGENT_BROWSER, m, 1);
  }
  for (field = 1; field <= 3; field++) {
    int g = field + 1;
    if (field <= 2 && has(r->replacement[field]))
      set_literal(cache, AGENT_BROWSER + field, r->replacement[field]);
    else if (m->lastindex >= g)
      set_group(cache, AGENT_BROWSER + field, m, g);
    else
      set_null(cache, AGENT_BROWSER + field);
    /* `group(n) or None`: an empty version is None */
    if (cache->length[AGENT_BROWSER + field] == 0) set_null(cache, AGENT_BROWSER + field);
  }
}

/* OSParser.Parse: a replacement when there is one, else group n when
** lastindex reaches it (an empty group stays empty). */
static void os_answers(struct agent_cache *cache, const struct match *m) {
  const struct agent_rule *r = m->rule;
  int field;
  for (field = 0; field < 5; field++) {
    if (has(r->replacement[field]))
      set_replaced(cache, AGENT_OS + field, r->replacement[field], m);
    else if (m->lastindex >= field + 1)
      set_group(cache, AGENT_OS + field, m, field + 1);
    else
      set_null(cache, AGENT_OS + field);
  }
}

/* DeviceParser.Parse. */
static void device_answers(struct agent_cache *cache, const struct match *m) {
  const struct agent_rule *r = m->rule;
  if (has(r->replacement[0]))
    set_replaced(cache, AGENT_DEVICE, r->replacement[0], m);
  else
    set_group(cache, AGENT_DEVICE, m, 1);
  if (has(r->replacement[1]))
    set_replaced(cache, AGENT_DEVICE_BRAND, r->replacement[1], m);
  else
    set_null(cache, AGENT_DEVICE_BRAND);
  if (has(r->replacement[2]))
    set_replaced(cache, AGENT_DEVICE_MODEL, r->replacement[2], m);
  else if (r->groups > 0)
    set_group(cache, AGENT_DEVICE_MODEL, m, 1);
  else
    set_null(cache, AGENT_DEVICE_MODEL);
}

typedef void (*answers_fn)(struct agent_cache *, const struct match *);

/* ua-parser's loop over one table: the first rule whose family is not
** empty decides; when none does, the last rule's answers (all None unless
** it matched) stand. Fields first..first+count-1 are set. */
static int parse_table(struct agent_cache *cache, int t, const struct subject *subject,
                       answers_fn answers, int first, int count, char **error) {
  int i, f, n = *tables[t].count;
  struct match m;
  for (i = 0; i < n; i++) {
    int rc = run_rule(cache, t, i, subject, &m, error);
    if (rc < 0) return -rc;
    if (rc == 0) continue;
    answers(cache, &m);
    if (truthy(cache, first) || i == n - 1) return SQLITE_OK;
  }
  for (f = first; f < first + count; f++) set_null(cache, f);
  return SQLITE_OK;
}

/* ---- JSON ------------------------------------------------------------- */

/* name, then field f as a JSON string or null. */
static void json_member(struct agent_cache *cache, const char *name, int field) {
  static const char hex[] = "0123456789abcdef";
  struct scratch *s = &cache->scratch;
  int offset = cache->offset[field], n = cache->length[field], i;
  append(s, name, (int)strlen(name));
  if (n < 0) {
    append(s, "null", 4);
    return;
  }
  /* at most six bytes for each byte, and the quotes */
  if (!reserve(s, 6 * n + 2)) return;
  s->data[s->length++] = '"';
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s->data[offset + i];
    if (c == '"' || c == '\\') {
      s->data[s->length++] = '\\';
      s->data[s->length++] = (char)c;
    } else if (c < 0x20) {
      memcpy(s->data + s->length, "\\u00", 4);
      s->data[s->length + 4] = hex[c >> 4];
      s->data[s->length + 5] = hex[c & 15];
      s->length += 6;
    } else {
      s->data[s->length++] = (char)c;
    }
  }
  s->data[s->length++] = '"';
}

static void json_answer(struct agent_cache *cache, int is_bot) {
  struct scratch *s = &cache->scratch;
  int start = s->length;
  json_member(cache, "{\"browser\":{\"family\":", AGENT_BROWSER);
  json_member(cache, ",\"major\":", AGENT_BROWSER_MAJOR);
  json_member(cache, ",\"minor\":", AGENT_BROWSER_MINOR);
  json_member(cache, ",\"patch\":", AGENT_BROWSER_PATCH);
  json_member(cache, ",\"version\":", AGENT_BROWSER_VERSION);
  json_member(cache, "},\"os\":{\"family\":", AGENT_OS);
  json_member(cache, ",\"major\":", AGENT_OS_MAJOR);
  json_member(cache, ",\"minor\":", AGENT_OS_MINOR);
  json_member(cache, ",\"patch\":", AGENT_OS_PATCH);
  json_member(cache, ",\"patch_minor\":", AGENT_OS_PATCH_MINOR);
  json_member(cache, ",\"version\":", AGENT_OS_VERSION);
  json_member(cache, "},\"device\":{\"family\":", AGENT_DEVICE);
  json_member(cache, ",\"brand\":", AGENT_DEVICE_BRAND);
  json_member(cache, ",\"model\":", AGENT_DEVICE_MODEL);
  json_member(cache,
              is_bot ? "},\"is_bot\":true,\"bot\":" : "},\"is_bot\":false,\"bot\":", AGENT_BOT);
  append(s, "}", 1);
  cache->offset[AGENT_JSON] = start;
  cache->length[AGENT_JSON] = s->length - start;
}

/* major[.minor[.patch[.patch_minor]]] up to the first missing or empty part;
** a patch that does not start with a digit ("b4") follows without a dot, as
** ua-parser's PrettyUserAgent and PrettyOS write it. */
static void version_answer(struct agent_cache *cache, int field, int first, int count) {
  struct scratch *s = &cache->scratch;
  int start = s->length, k;
  if (s->failed) return;
  for (k = 0; k < count && cache->length[first + k] > 0; k++) {
    int offset = cache->offset[first + k];
    if (k == 1 || k == 3 || (k == 2 && s->data[offset] >= '0' && s->data[offset] <= '9'))
      append(s, ".", 1);
    append_field(s, offset, cache->length[first + k]);
  }
  if (k == 0) {
    set_null(cache, field);
  } else {
    cache->offset[field] = start;
    cache->length[field] = s->length - start;
  }
}

/* ---- one parse ---------------------------------------------------------- */

static const char other[] = "Other";

static int parse(struct agent_cache *cache, const char *ua, int n, char **error) {
  struct subject subject;
  struct match m;
  int rc, i, is_bot = 0, bot_rule = -1;

  cache->scratch.length = 0;
  cache->scratch.failed = 0;
  make_subject(cache, ua, n, &subject);
  fill_bitmap(cache, &subject);

  rc = parse_table(cache, TABLE_UA, &subject, browser_answers, AGENT_BROWSER, 4, error);
  if (rc != SQLITE_OK) return rc;
  if (!truthy(cache, AGENT_BROWSER)) set_literal(cache, AGENT_BROWSER, other);
  rc = parse_table(cache, TABLE_OS, &subject, os_answers, AGENT_OS, 5, error);
  if (rc != SQLITE_OK) return rc;
  if (!truthy(cache, AGENT_OS)) set_literal(cache, AGENT_OS, other);
  rc = parse_table(cache, TABLE_DEVICE, &subject, device_answers, AGENT_DEVICE, 3, error);
  if (rc != SQLITE_OK) return rc;
  /* ua-parser: only a device of None becomes "Other"; an empty one stays */
  if (cache->length[AGENT_DEVICE] < 0) set_literal(cache, AGENT_DEVICE, other);
  for (i = 0; i < agent_bot_rule_count && bot_rule < 0; i++) {
    int found = run_rule(cache, TABLE_BOT, i, &subject, &m, error);
    if (found < 0) return -found;
    if (found) bot_rule = i;
  }
  if (cache->scratch.failed) return SQLITE_NOMEM;
  if (bot_rule >= 0) {
    is_bot = 1;
    set_literal(cache, AGENT_BOT, agent_bot_rules[bot_rule].replacement[0]);
  } else if (cache->length[AGENT_DEVICE] == 6 &&
             memcmp(cache->scratch.data + cache->offset[AGENT_DEVICE], "Spider", 6) == 0) {
    is_bot = 1;
    cache->offset[AGENT_BOT] = cache->offset[AGENT_BROWSER];
    cache->length[AGENT_BOT] = cache->length[AGENT_BROWSER];
  } else {
    set_null(cache, AGENT_BOT);
  }
  version_answer(cache, AGENT_BROWSER_VERSION, AGENT_BROWSER_MAJOR, 3);
  version_answer(cache, AGENT_OS_VERSION, AGENT_OS_MAJOR, 4);
  json_answer(cache, is_bot);
  cache->is_bot = is_bot;
  return cache->scratch.failed ? SQLITE_NOMEM : SQLITE_OK;
}

/* ---- the cache ------------------------------------------------------------ */

struct agent_cache *agent_cache_new(void) {
  struct agent_cache *cache = sqlite3_malloc(sizeof *cache);
  if (cache == NULL) return NULL;
  memset(cache, 0, sizeof *cache);
  cache->general = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
  cache->compile = pcre2_compile_context_create(cache->general);
  cache->match = pcre2_match_data_create(AGENT_MAX_GROUPS + 1, cache->general);
  cache->context = pcre2_match_context_create(cache->general);
  cache->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, cache->general);
  /* Each is NULL when the one before it is (or memory ran out). */
  if (cache->jit_stack == NULL || cache->context == NULL || cache->match == NULL) {
    agent_cache_free(cache);
    return NULL;
  }
  pcre2_set_match_limit(cache->context, MATCH_LIMIT);
  pcre2_jit_stack_assign(cache->context, NULL, cache->jit_stack);
  return cache;
}

void agent_cache_free(struct agent_cache *cache) {
  int b;
  if (cache == NULL) return;
  for (b = 0; b < BUCKETS; b++) {
    sqlite3_free(cache->bucket[b][0]);
    sqlite3_free(cache->bucket[b][1]);
  }
  sqlite3_free(cache->uncached);
  sqlite3_free(cache->scratch.data);
  pcre2_match_data_free(cache->match);
  pcre2_match_context_free(cache->context);
  pcre2_jit_stack_free(cache->jit_stack);
  pcre2_compile_context_free(cache->compile);
  pcre2_general_context_free(cache->general);
  sqlite3_free(cache);
}

/* The key's hash, eight bytes at a time (a hit costs a hash and a compare). */
static unsigned hash_of(const char *s, int n) {
  uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n, word;
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&word, s + i, 8);
    h = (h ^ word) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 29;
  }
  if (i < n) {
    word = 0;
    memcpy(&word, s + i, (size_t)(n - i));
    h = (h ^ word) * 0xC4CEB9FE1A85EC53u;
  }
  h ^= h >> 32;
  return (unsigned)h;
}

int agent_lookup(struct agent_cache *cache, const char *ua, int n, const struct agent_entry **out,
                 char **error) {
  unsigned h;
  struct agent_entry **bucket, *entry = cache->last;
  int rc, f, key = n <= AGENT_CACHE_KEY_MAX ? n : 0;

  /* Logs often repeat an agent on consecutive lines: no hash needed then. */
  if (entry && entry->key_length == n && memcmp(entry->text, ua, (size_t)n) == 0) {
    *out = entry;
    return SQLITE_OK;
  }
  h = hash_of(ua, key);
  bucket = cache->bucket[h % BUCKETS];

  if (key || n == 0) {
    for (f = 0; f < 2; f++) {
      entry = bucket[f];
      if (entry && entry->hash == h && entry->key_length == n &&
          memcmp(entry->text, ua, (size_t)n) == 0) {
        if (f == 1) {
          bucket[1] = bucket[0];
          bucket[0] = entry;
        }
        *out = cache->last = entry;
        return SQLITE_OK;
      }
    }
  }
  rc = parse(cache, ua, n, error);
  if (rc != SQLITE_OK) return rc;
  entry = sqlite3_malloc64(sizeof *entry + (size_t)key + (size_t)cache->scratch.length);
  if (entry == NULL) return SQLITE_NOMEM;
  entry->hash = h;
  entry->key_length = key;
  entry->is_bot = cache->is_bot;
  memcpy(entry->text, ua, (size_t)key);
  memcpy(entry->text + key, cache->scratch.data, (size_t)cache->scratch.length);
  for (f = 0; f < AGENT_FIELD_COUNT; f++) {
    entry->offset[f] = cache->offset[f] + key;
    entry->length[f] = cache->length[f];
  }
  if (key || n == 0) {
    if (bucket[1] == cache->last) cache->last = NULL;
    sqlite3_free(bucket[1]);
    bucket[1] = bucket[0];
    bucket[0] = entry;
    cache->last = entry;
  } else {
    sqlite3_free(cache->uncached);
    cache->uncached = entry;
  }
  *out = entry;
  return SQLITE_OK;
}
