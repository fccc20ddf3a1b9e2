#!/bin/sh
# http_log(): what loading httplog adds, what it refuses, and why it is a
# library of its own.
. tests/lib.sh
. tests/httplog_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plan 19

combined_line >"$tmp/a.log"

is "$(nm -D --defined-only "$HTTPLOG.so" 2>/dev/null | awk '$2 == "T" && $3 != "mangle_path" {print $3}')" "sqlite3_httplog_init" \
  "httplog.so exports only its entry point"
before=$(sql "SELECT name FROM pragma_module_list ORDER BY 1")
after=$(hl "SELECT name FROM pragma_module_list ORDER BY 1")
is "$(printf '%s\n' "$after" | grep -vxF "$before")" "http_log
http_log_formats" "loading httplog adds the tables http_log and http_log_formats, nothing else"
before=$(sql "SELECT name || ' ' || narg FROM pragma_function_list ORDER BY 1")
after=$(hl "SELECT name || ' ' || narg FROM pragma_function_list ORDER BY 1")
is "$(printf '%s\n' "$after" | grep -vxF -e "$before")" "httplog_version 0" \
  "and the function httplog_version(), nothing else"
is "$(hl "SELECT httplog_version() = httpstatus_version()")" "1" \
  "httplog_version() is httpstatus_version()"
is "$(sql "SELECT count(*) FROM pragma_module_list WHERE name = 'http_log'")" "0" \
  "loading httpstatus alone gives no file access"
is "$(hl "SELECT count(*) FROM pragma_table_xinfo('http_log') WHERE hidden")" "6" \
  "six hidden columns: input, input_format, file, line, raw, error"
is "$(hl "SELECT group_concat(name, ' ') FROM pragma_table_info('http_log')")" \
  "time time_utc client remote_user method path query protocol status bytes referrer user_agent host port duration extra format" \
  "the visible columns, in order"
is "$(hl "SELECT input, name FROM http_log('$tmp/a.log') h JOIN http_status s ON s.code = h.status")" \
  "$tmp/a.log|OK" "a join with http_status names input without a qualifier"
is "$(hl "SELECT group_concat(name, ' ') FROM pragma_table_info('http_log_formats')")" \
  "name family prefix definition description sample sample_source" "http_log_formats: its columns"
is "$(hl "SELECT group_concat(name, ' ') FROM (SELECT name FROM http_log_formats WHERE family = 'text' LIMIT 3)")" \
  "vhost_combined nginx_upstream nginx_timed" "http_log_formats: in the order detection tries them"
is "$(error_of "$(printf "CREATE VIEW f AS SELECT name FROM http_log_formats;\nPRAGMA trusted_schema = OFF;\nSELECT count(*) > 0 FROM f;\n" | hl 2>&1)")" \
  "" "http_log_formats reads no file: a view may use it even with trusted_schema off"

# SQLITE_VTAB_DIRECTONLY: not from a view or a trigger of the schema.
is "$(error_of "$(printf "CREATE VIEW v AS SELECT status FROM http_log('%s');\nSELECT * FROM v;\n" "$tmp/a.log" | hl 2>&1)")" \
  'unsafe use of virtual table "http_log"' "not from a view"
is "$(error_of "$(printf "CREATE TABLE t(x); CREATE TABLE u(y);
CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO u SELECT status FROM http_log('%s'); END;
INSERT INTO t VALUES (1);\n" "$tmp/a.log" | hl 2>&1)")" \
  'unsafe use of virtual table "http_log"' "not from a trigger"
is "$(hl "SELECT status FROM http_log('$tmp/a.log')")" "200" "from a statement of its own"

# The arguments.
is "$(hl_err "SELECT * FROM http_log")" \
  "httplog: http_log() needs a path, e.g. SELECT * FROM http_log('access.log')" "no path"
is "$(hl_err "SELECT * FROM http_log(NULL)")" "httplog: the path is NULL" "a NULL path"
like "$(hl_err "SELECT * FROM http_log('$tmp/a.log', 'combind')")" \
  "httplog: unknown format 'combind': give a format string (Apache %h ... or NGINX \$remote_addr ...), json: and a mapping, or one of: vhost_combined," \
  "an unknown format name lists the known ones"
is "$(hl_err "SELECT * FROM http_log('$tmp/a.log', '%h %{Referer')")" \
  "httplog: format: '{' without '}' at byte 4" "a broken format string"
is "$(hl "SELECT format FROM http_log('$tmp/a.log', 'auto') UNION ALL
  SELECT input || ' ' || coalesce(input_format, 'NULL') FROM http_log('$tmp/a.log')")" \
  "combined
$tmp/a.log NULL" "'auto' detects; input and input_format echo the arguments"
