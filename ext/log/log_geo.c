/*
** log_geo.c: http_geo(ip, mmdb_path [, field]), an address looked up in a
** MaxMind DB file (GeoLite2, GeoIP2, DB-IP and others in that format)
** through libmaxminddb.
**
** The file is opened (memory-mapped) once per connection and path: the
** connection keeps up to GEO_OPEN_MAX of them, the least recently used
** closed first, and closes them all when it closes. A statement holds a
** reference to its file (SQLite's auxiliary data on the path argument), so a
** file is never closed under a running statement, and the field's parsed
** path is kept the same way: a row costs the address's parse, the tree
** walk and the field's lookup, and allocates nothing.
**
** Answers: the field's value as SQL (text, integer, real, a BLOB for bytes,
** JSON text for a map or an array; '' as the field gives the whole record);
** NULL when an argument is NULL, the address is not an IPv4 or IPv6 address,
** the database has no record for it, or the record has no such field. A
** file that cannot be opened, is not a MaxMind DB, or whose data is corrupt
** gives an error naming the file.
*/
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3

#include <arpa/inet.h>
#include <errno.h>
#include <float.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log_geo.h"

#define GEO_OPEN_MAX 16
#define GEO_FIELD_PARTS 32 /* parts in a field path */
#define GEO_FIELD_TEXT 256 /* bytes in a field path, with its NUL */
#define GEO_JSON_DEPTH 64  /* maps and arrays nested in a JSON answer */
#define GEO_DEFAULT_FIELD "country.iso_code"

/* One open database, shared by the connection's list and the statements
** that hold it. */
struct geo_db {
  int references;
  struct geo_db *next; /* in the connection's list, most recent first */
  MMDB_s mmdb;
  char path[1];
};

/* A field path, parsed: count parts, part i at text + offset[i]. A path of
** more parts, or longer, than any MaxMind record needs matches nothing. */
struct geo_field {
  int count;
  int matches_nothing;
  unsigned short offset[GEO_FIELD_PARTS];
  char text[GEO_FIELD_TEXT];
};

/* The connection's open databases, and the default field parsed. */
struct geo_cache {
  struct geo_db *first;
  struct geo_field default_field;
};

static void release_db(void *p) {
  struct geo_db *db = p;
  if (db == NULL || --db->references > 0) return;
  MMDB_close(&db->mmdb);
  sqlite3_free(db);
}

static void free_cache(void *p) {
  struct geo_cache *cache = p;
  struct geo_db *db, *next;
  for (db = cache->first; db; db = next) {
    next = db->next;
    release_db(db);
  }
  sqlite3_free(cache);
}

/* The database at path, from the connection's list or opened now (then the
** least recently used beyond GEO_OPEN_MAX is dropped from the list). NULL
** with the result set to an error when it cannot be opened. */
static struct geo_db *open_db(sqlite3_context *context, struct geo_cache *cache, const char *path) {
  struct geo_db **link, *db;
  int rc, n = 0;
  size_t length = strlen(path);
  for (link = &cache->first; (db = *link) != NULL; link = &db->next, n++) {
    if (strcmp(db->path, path) == 0) {
      *link = db->next;
      db->next = cache->first;
      cache->first = db;
      return db;
    }
  }
  db = sqlite3_malloc64(sizeof *db + length);
  if (db == NULL) {
    sqlite3_result_error_nomem(context);
    return NULL;
  }
  memcpy(db->path, path, length + 1);
  errno = 0;
  rc = MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb);
  if (rc != MMDB_SUCCESS) {
    char *message;
    if (rc == MMDB_FILE_OPEN_ERROR || rc == MMDB_IO_ERROR)
      message = sqlite3_mprintf("httplog: http_geo: cannot open '%s': %s%s%s", path,
                                MMDB_strerror(rc), errno ? ": " : "", errno ? strerror(errno) : "");
    else if (rc == MMDB_OUT_OF_MEMORY_ERROR)
      message = NULL;
    else
      message = sqlite3_mprintf("httplog: http_geo: '%s' is not a MaxMind DB file: %s", path,
                                MMDB_strerror(rc));
    if (message) {
      sqlite3_result_error(context, message, -1);
      sqlite3_free(message);
    } else {
      sqlite3_result_error_nomem(context);
    }
    sqlite3_free(db);
    return NULL;
  }
  db->references = 1; /* the list's */
  db->next = cache->first;
  cache->first = db;
  /* Keep at most GEO_OPEN_MAX in the list. */
  for (link = &cache->first, n = 0; *link && n < GEO_OPEN_MAX; link = &(*link)->next) n++;
  while (*link) {
    struct geo_db *old = *link;
    *link = old->next;
    release_db(old);
  }
  return db;
}

/* Parses the n bytes at text, split at dots ('' has no part: the whole
** record). */
static void parse_field(struct geo_field *field, const char *text, int n) {
  int i, start = 0;
  field->count = 0;
  field->matches_nothing = n >= GEO_FIELD_TEXT || memchr(text, 0, (size_t)n) != NULL;
  if (field->matches_nothing || n == 0) return;
  memcpy(field->text, text, (size_t)n);
  field->text[n] = 0;
  for (i = 0; i <= n; i++) {
    if (i < n && text[i] != '.') continue;
    if (field->count == GEO_FIELD_PARTS) {
      field->matches_nothing = 1;
      return;
    }
    field->text[i] = 0;
    field->offset[field->count++] = (unsigned short)start;
    start = i + 1;
  }
}

/* ---- answers ------------------------------------------------------------- */

static void uint128_text(char out[40], const uint8_t *bytes) {
  /* 16 big-endian bytes as a decimal number: repeated division by 10. */
  uint8_t n[16];
  char digits[40];
  int length = 0, i, zero;
  memcpy(n, bytes, 16);
  do {
    unsigned remainder = 0;
    zero = 1;
    for (i = 0; i < 16; i++) {
      unsigned value = remainder * 256 + n[i];
      n[i] = (uint8_t)(value / 10);
      remainder = value % 10;
      if (n[i]) zero = 0;
    }
    digits[length++] = (char)('0' + remainder);
  } while (!zero);
  for (i = 0; i < length; i++) out[i] = digits[length - 1 - i];
  out[length] = 0;
}

static void uint128_of(const MMDB_entry_data_s *data, uint8_t bytes[16]) {
#if MMDB_UINT128_IS_BYTE_ARRAY
  memcpy(bytes, data->uint128, 16);
#else
  int i;
  mmdb_uint128_t value = data->uint128;
  for (i = 15; i >= 0; i--) {
    bytes[i] = (uint8_t)(value & 0xFF);
    value >>= 8;
  }
#endif
}

static void json_text(sqlite3_str *out, const char *text, uint32_t n) {
  static const char hex[] = "0123456789abcdef";
  uint32_t i;
  sqlite3_str_appendchar(out, 1, '"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '"' || c == '\\') {
      sqlite3_str_appendchar(out, 1, '\\');
      sqlite3_str_appendchar(out, 1, (char)c);
    } else if (c < 0x20) {
      char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      sqlite3_str_append(out, escaped, 6);
    } else {
      sqlite3_str_appendchar(out, 1, (char)c);
    }
  }
  sqlite3_str_appendchar(out, 1, '"');
}

/* A double in the fewest digits (15, else 17) that read back as itself; the
** JSON for infinity and NaN, which have none, is null. */
static void json_double(sqlite3_str *out, double value) {
  char text[40];
  if (value != value || value > DBL_MAX || value < -DBL_MAX) {
    sqlite3_str_appendall(out, "null");
    return;
  }
  sqlite3_snprintf(sizeof text, text, "%!.15g", value);
  if (strtod(text, NULL) != value) sqlite3_snprintf(sizeof text, text, "%!.17g", value);
  sqlite3_str_appendall(out, text);
}

/* Writes one value that is not a map or an array; 0 for an unknown type. */
static int json_scalar(sqlite3_str *out, const MMDB_entry_data_s *data) {
  static const char hex[] = "0123456789abcdef";
  uint32_t i;
  switch (data->type) {
  case MMDB_DATA_TYPE_UTF8_STRING: json_text(out, data->utf8_string, data->data_size); return 1;
  case MMDB_DATA_TYPE_BYTES:
    /* as a string of hex digits */
    sqlite3_str_appendchar(out, 1, '"');
    for (i = 0; i < data->data_size; i++) {
      sqlite3_str_appendchar(out, 1, hex[data->bytes[i] >> 4]);
      sqlite3_str_appendchar(out, 1, hex[data->bytes[i] & 15]);
    }
    sqlite3_str_appendchar(out, 1, '"');
    return 1;
  case MMDB_DATA_TYPE_DOUBLE: json_double(out, data->double_value); return 1;
  case MMDB_DATA_TYPE_FLOAT: json_double(out, (double)data->float_value); return 1;
  case MMDB_DATA_TYPE_UINT16: sqlite3_str_appendf(out, "%u", (unsigned)data->uint16); return 1;
  case MMDB_DATA_TYPE_UINT32: sqlite3_str_appendf(out, "%u", (unsigned)data->uint32); return 1;
  case MMDB_DATA_TYPE_INT32: sqlite3_str_appendf(out, "%d", (int)data->int32); return 1;
  case MMDB_DATA_TYPE_UINT64:
    sqlite3_str_appendf(out, "%llu", (unsigned long long)data->uint64);
    return 1;
  case MMDB_DATA_TYPE_UINT128: {
    uint8_t bytes[16];
    char text[40];
    uint128_of(data, bytes);
    uint128_text(text, bytes);
    sqlite3_str_appendall(out, text);
    return 1;
  }
  case MMDB_DATA_TYPE_BOOLEAN:
    sqlite3_str_appendall(out, data->boolean ? "true" : "false");
    return 1;
  default: return 0;
  }
}

/* Writes the value the list starts with as JSON, walking the list (maps
** and arrays are a count followed by their items) with a stack of the
** containers open; 0 when the list does not hold a whole value (a corrupt
** file) or nests deeper than GEO_JSON_DEPTH. */
static int json_value(sqlite3_str *out, MMDB_entry_data_list_s *node) {
  struct {
    uint32_t left; /* items still to write */
    int is_map, first;
  } stack[GEO_JSON_DEPTH] = {{0, 0, 0}};
  int top = -1;
  do {
    const MMDB_entry_data_s *data;
    if (top >= 0) {
      if (!stack[top].first) sqlite3_str_appendchar(out, 1, ',');
      stack[top].first = 0;
      stack[top].left--;
      if (stack[top].is_map) {
        if (node == NULL || node->entry_data.type != MMDB_DATA_TYPE_UTF8_STRING) return 0;
        json_text(out, node->entry_data.utf8_string, node->entry_data.data_size);
        sqlite3_str_appendchar(out, 1, ':');
        node = node->next;
      }
    }
    if (node == NULL) return 0;
    data = &node->entry_data;
    node = node->next;
    if (data->type == MMDB_DATA_TYPE_MAP || data->type == MMDB_DATA_TYPE_ARRAY) {
      if (top + 1 == GEO_JSON_DEPTH) return 0;
      top++;
      stack[top].left = data->data_size;
      stack[top].is_map = data->type == MMDB_DATA_TYPE_MAP;
      stack[top].first = 1;
      sqlite3_str_appendchar(out, 1, stack[top].is_map ? '{' : '[');
    } else if (!json_scalar(out, data)) {
      return 0;
    }
    /* close the containers this value completed */
    while (top >= 0 && stack[top].left == 0) {
      sqlite3_str_appendchar(out, 1, stack[top].is_map ? '}' : ']');
      top--;
    }
  } while (top >= 0);
  return 1;
}

static void corrupt(sqlite3_context *context, const struct geo_db *db, const char *why) {
  char *message = sqlite3_mprintf("httplog: http_geo: '%s' is corrupt: %s", db->path, why);
  if (message) {
    sqlite3_result_error(context, message, -1);
    sqlite3_free(message);
  } else {
    sqlite3_result_error_nomem(context);
  }
}

/* A map or an array (or the whole record) as JSON text. */
static void result_json(sqlite3_context *context, const struct geo_db *db, MMDB_entry_s *entry) {
  MMDB_entry_data_list_s *list = NULL;
  sqlite3_str *out;
  int rc = MMDB_get_entry_data_list(entry, &list), complete;
  char *json;
  if (rc == MMDB_OUT_OF_MEMORY_ERROR) {
    MMDB_free_entry_data_list(list);
    sqlite3_result_error_nomem(context);
    return;
  }
  if (rc != MMDB_SUCCESS) {
    MMDB_free_entry_data_list(list);
    corrupt(context, db, MMDB_strerror(rc));
    return;
  }
  out = sqlite3_str_new(sqlite3_context_db_handle(context));
  complete = json_value(out, list);
  MMDB_free_entry_data_list(list);
  if (sqlite3_str_errcode(out) == SQLITE_NOMEM) {
    sqlite3_free(sqlite3_str_finish(out));
    sqlite3_result_error_nomem(context);
    return;
  }
  json = sqlite3_str_finish(out);
  if (!complete) {
    sqlite3_free(json);
    corrupt(context, db, "a record does not decode");
    return;
  }
  sqlite3_result_text(context, json, -1, sqlite3_free);
}

static void result_value(sqlite3_context *context, const struct geo_db *db, MMDB_entry_s *entry,
                         const MMDB_entry_data_s *data) {
  switch (data->type) {
  case MMDB_DATA_TYPE_UTF8_STRING:
    sqlite3_result_text(context, data->utf8_string, (int)data->data_size, SQLITE_TRANSIENT);
    break;
  case MMDB_DATA_TYPE_BYTES:
    sqlite3_result_blob(context, data->bytes, (int)data->data_size, SQLITE_TRANSIENT);
    break;
  case MMDB_DATA_TYPE_DOUBLE: sqlite3_result_double(context, data->double_value); break;
  case MMDB_DATA_TYPE_FLOAT: sqlite3_result_double(context, (double)data->float_value); break;
  case MMDB_DATA_TYPE_UINT16: sqlite3_result_int(context, data->uint16); break;
  case MMDB_DATA_TYPE_UINT32: sqlite3_result_int64(context, data->uint32); break;
  case MMDB_DATA_TYPE_INT32: sqlite3_result_int(context, data->int32); break;
  case MMDB_DATA_TYPE_BOOLEAN: sqlite3_result_int(context, data->boolean ? 1 : 0); break;
  case MMDB_DATA_TYPE_UINT64:
    if (data->uint64 <= (uint64_t)INT64_MAX) {
      sqlite3_result_int64(context, (sqlite3_int64)data->uint64);
    } else {
      char text[24];
      sqlite3_snprintf(sizeof text, text, "%llu", (unsigned long long)data->uint64);
      sqlite3_result_text(context, text, -1, SQLITE_TRANSIENT);
    }
    break;
  case MMDB_DATA_TYPE_UINT128: {
    uint8_t bytes[16];
    int i;
    uint128_of(data, bytes);
    /* an integer when it fits in 63 bits, as a uint64 */
    for (i = 0; i < 8 && bytes[i] == 0; i++) {
    }
    if (i == 8 && bytes[8] < 0x80) {
      sqlite3_int64 value = 0;
      for (i = 8; i < 16; i++) value = value * 256 + bytes[i];
      sqlite3_result_int64(context, value);
    } else {
      char text[40];
      uint128_text(text, bytes);
      sqlite3_result_text(context, text, -1, SQLITE_TRANSIENT);
    }
    break;
  }
  case MMDB_DATA_TYPE_MAP:
  case MMDB_DATA_TYPE_ARRAY: {
    /* the value's own entry: where aget_value found it */
    MMDB_entry_s at;
    at.mmdb = entry->mmdb;
    at.offset = data->offset;
    result_json(context, db, &at);
    break;
  }
  default: corrupt(context, db, "a value of an unknown type"); break;
  }
}

/* ---- the function ----------------------------------------------------- */

static void http_geo(sqlite3_context *context, int argc, sqlite3_value **argv) {
  struct geo_cache *cache = sqlite3_user_data(context);
  struct geo_db *db;
  struct geo_field *field, local;
  const char *ip, *parts[GEO_FIELD_PARTS + 1];
  struct sockaddr_in in4;
  struct sockaddr_in6 in6;
  const struct sockaddr *address;
  MMDB_lookup_result_s found;
  MMDB_entry_data_s data;
  char text[INET6_ADDRSTRLEN + 1];
  int n, rc, mmdb_error = MMDB_SUCCESS;

  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
      (argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL))
    return;

  /* The database, held by the statement while the path stays the same. */
  db = sqlite3_get_auxdata(context, 1);
  if (db == NULL) {
    const char *path = (const char *)sqlite3_value_text(argv[1]);
    if (path == NULL) {
      sqlite3_result_error_nomem(context);
      return;
    }
    db = open_db(context, cache, path);
    if (db == NULL) return;
    /* The list keeps db open for this call whatever SQLite does with it. */
    db->references++;
    sqlite3_set_auxdata(context, 1, db, release_db);
  }
  /* The field, parsed once per statement when it stays the same. */
  if (argc > 2) {
    field = sqlite3_get_auxdata(context, 2);
    if (field == NULL) {
      struct geo_field *copy;
      const char *field_text = (const char *)sqlite3_value_text(argv[2]);
      if (field_text == NULL) {
        sqlite3_result_error_nomem(context);
        return;
      }
      parse_field(&local, field_text, sqlite3_value_bytes(argv[2]));
      field = &local;
      copy = sqlite3_malloc(sizeof *copy);
      if (copy) {
        memcpy(copy, &local, sizeof local);
        sqlite3_set_auxdata(context, 2, copy, sqlite3_free);
      }
    }
  } else {
    field = &cache->default_field;
  }
  if (field->matches_nothing) return;
  for (n = 0; n < field->count; n++) parts[n] = field->text + field->offset[n];
  parts[n] = NULL;

  /* The address: IPv4 or IPv6 text, nothing else. */
  ip = (const char *)sqlite3_value_text(argv[0]);
  n = sqlite3_value_bytes(argv[0]);
  if (ip == NULL || n <= 0 || n >= INET6_ADDRSTRLEN || memchr(ip, 0, (size_t)n)) return;
  memcpy(text, ip, (size_t)n);
  text[n] = 0;
  memset(&in4, 0, sizeof in4);
  memset(&in6, 0, sizeof in6);
  if (inet_pton(AF_INET, text, &in4.sin_addr) == 1) {
    in4.sin_family = AF_INET;
    address = (const struct sockaddr *)&in4;
  } else if (inet_pton(AF_INET6, text, &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    address = (const struct sockaddr *)&in6;
  } else {
    return;
  }
  found = MMDB_lookup_sockaddr(&db->mmdb, address, &mmdb_error);
  /* An IPv6 address in an IPv4 database is not in it. */
  if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) return;
  if (mmdb_error != MMDB_SUCCESS) {
    corrupt(context, db, MMDB_strerror(mmdb_error));
    return;
  }
  if (!found.found_entry) return;
  if (field->count == 0) {
    result_json(context, db, &found.entry);
    return;
  }
  rc = MMDB_aget_value(&found.entry, &data, parts);
  /* No such field in this record: NULL. */
  if (rc == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR || rc == MMDB_INVALID_LOOKUP_PATH_ERROR)
    return;
  if (rc != MMDB_SUCCESS) {
    corrupt(context, db, MMDB_strerror(rc));
    return;
  }
  if (data.has_data) result_value(context, db, &found.entry, &data);
}

int log_geo_register(sqlite3 *db) {
  /* It opens files: never from a trigger, a view or a schema. */
  const int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  struct geo_cache *cache = sqlite3_malloc(sizeof *cache);
  int rc;
  if (cache == NULL) return SQLITE_NOMEM;
  cache->first = NULL;
  parse_field(&cache->default_field, GEO_DEFAULT_FIELD, (int)strlen(GEO_DEFAULT_FIELD));
  rc = sqlite3_create_function_v2(db, "http_geo", 2, flags, cache, http_geo, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "http_geo", 3, flags, cache, http_geo, NULL, NULL,
                                    free_cache);
  else
    free_cache(cache);
  return rc;
}
