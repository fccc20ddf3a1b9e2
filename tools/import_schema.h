/* import_schema.h: the tables the importer writes, and the views read.
 *
 * Nothing is stored twice. The views log and rejects give the columns of
 * http_log() (plus source_file and line) and derive the rest:
 * - a row's id is its source's id times 2^40 plus its line number, so
 *   neither the source nor the line takes a column of its own;
 * - the time is stored once, as UTC seconds (t), the log's UTC offset in
 *   minutes (tz; 'Z' for a format whose times are UTC, NULL when the log
 *   gives no offset and t then holds the local time) and the fraction as
 *   the log wrote it (frac, '.123', NULL without one); time and time_utc
 *   are both computed from them;
 * - user agents, referrers and format names are stored once each, in a
 *   table of their own, and the rows hold their ids.
 * A leap second (:60) reads back as :00 of the next minute.
 *
 * A source is one content, not one file name: the lines a server wrote into
 * access.log before it was rotated to access.log.1 and compressed to
 * access.log.2.gz. It is known by its head, its first bytes after
 * decompression (up to LOG_READER_HEAD_MAX), and sources says how much of it
 * is stored: its lines 1..lines, the last of them ending at end_offset with
 * the hash last_hash, which is checked before going on from there. A last
 * line stored without its newline (the server was writing it) is line
 * lines + 1, ending at open_end; it is replaced once complete.
 */
#ifndef IMPORT_SCHEMA_H
#define IMPORT_SCHEMA_H

/* 2^40: a source's rows have ids from source * LINE_SPAN + 1. */
#define LINE_SPAN "1099511627776"
#define LINE_BITS 40

/* Compared with a database's own tables and views before anything is
 * written: the names and, in order, the columns (see import_db.c). */
static const char *const import_schema_shapes[][2] = {
    {"sources", "id name file head format lines end_offset last_hash open_end rows rejected "
                "imported_at"},
    {"user_agents", "id user_agent"},
    {"referrers", "id referrer"},
    {"formats", "id format"},
    {"log_rows", "id t tz frac client remote_user method path query protocol status bytes "
                 "referrer user_agent host port duration extra format"},
    {"reject_rows", "id reason raw"},
    {"log", "source_file line time time_utc client remote_user method path query protocol "
            "status bytes referrer user_agent host port duration extra format"},
    {"rejects", "source_file line reason raw"}};

static const char import_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS sources (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,           -- --name, or the file's name without rotation suffixes\n"
    "  file TEXT NOT NULL,           -- where it was last read (absolute path, - for stdin)\n"
    "  head BLOB NOT NULL,           -- its first bytes after decompression: what it is\n"
    "  format TEXT,                  -- the format it is read as\n"
    "  lines INTEGER NOT NULL,       -- its lines 1..lines are stored\n"
    "  end_offset INTEGER NOT NULL,  -- where line `lines` ends (after its newline)\n"
    "  last_hash INTEGER,            -- a hash of line `lines`'s bytes\n"
    "  open_end INTEGER,             -- line lines + 1 is stored without its newline, up to here\n"
    "  rows INTEGER NOT NULL, rejected INTEGER NOT NULL,\n"
    "  imported_at TEXT              -- UTC, when lines last came in\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS sources_by_head ON sources (substr(head, 1, 64));\n"
    "CREATE INDEX IF NOT EXISTS sources_short_head ON sources (id) WHERE length(head) < 64;\n"
    "CREATE TABLE IF NOT EXISTS user_agents (id INTEGER PRIMARY KEY, user_agent TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS referrers (id INTEGER PRIMARY KEY, referrer TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS formats (id INTEGER PRIMARY KEY, format TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS log_rows (\n"
    "  id INTEGER PRIMARY KEY,      -- source * 2^40 + line\n"
    "  t INTEGER, tz, frac TEXT,    -- the time: see import_schema.h\n"
    "  client TEXT, remote_user TEXT, method TEXT, path TEXT, query TEXT, protocol TEXT,\n"
    "  status INTEGER, bytes INTEGER,\n"
    "  referrer INTEGER REFERENCES referrers, user_agent INTEGER REFERENCES user_agents,\n"
    "  host TEXT, port INTEGER, duration REAL, extra TEXT,\n"
    "  format INTEGER REFERENCES formats\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS reject_rows (\n"
    "  id INTEGER PRIMARY KEY,      -- source * 2^40 + line\n"
    "  reason TEXT NOT NULL,        -- http_log()'s error: the field and the byte offset\n"
    "  raw BLOB                     -- the line's bytes, NULs and invalid UTF-8 kept\n"
    ");\n"
    "CREATE VIEW IF NOT EXISTS log AS SELECT\n"
    "  (SELECT name FROM sources WHERE sources.id = r.id / " LINE_SPAN ") AS source_file,\n"
    "  r.id % " LINE_SPAN " AS line,\n"
    "  strftime('%Y-%m-%dT%H:%M:%S', r.t + 60 * (CASE WHEN typeof(r.tz) = 'integer' THEN r.tz ELSE "
    "0 END),\n"
    "           'unixepoch') || coalesce(r.frac, '') ||\n"
    "    CASE WHEN r.tz IS NULL THEN '' WHEN r.tz = 'Z' THEN 'Z'\n"
    "         ELSE (CASE WHEN r.tz < 0 THEN '-' ELSE '+' END) ||\n"
    "              printf('%02d:%02d', abs(r.tz) / 60, abs(r.tz) % 60) END AS time,\n"
    "  CASE WHEN r.tz IS NOT NULL THEN datetime(r.t, 'unixepoch') || coalesce(r.frac, '') END\n"
    "    AS time_utc,\n"
    "  r.client, r.remote_user, r.method, r.path, r.query, r.protocol, r.status, r.bytes,\n"
    "  (SELECT referrer FROM referrers WHERE referrers.id = r.referrer) AS referrer,\n"
    "  (SELECT user_agent FROM user_agents WHERE user_agents.id = r.user_agent) AS user_agent,\n"
    "  r.host, r.port, r.duration, r.extra,\n"
    "  (SELECT format FROM formats WHERE formats.id = r.format) AS format\n"
    "FROM log_rows AS r;\n"
    "CREATE VIEW IF NOT EXISTS rejects AS SELECT\n"
    "  (SELECT name FROM sources WHERE sources.id = j.id / " LINE_SPAN ") AS source_file,\n"
    "  j.id % " LINE_SPAN " AS line, j.reason, j.raw\n"
    "FROM reject_rows AS j;\n";

#endif
