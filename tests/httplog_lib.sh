# tests/httplog_lib.sh: helpers for the http_log() tests. Source it after
# tests/lib.sh. HTTPLOG is the library to load (without its suffix); make
# test leaves it at ./httplog, the sanitizer targets set it.

HTTPLOG=${HTTPLOG:-./httplog}
# The Python that has Debian's sqlite3 module (not a pyenv one).
PYTHON=${PYTHON:-/usr/bin/python3}

# hl [ARGS...]: the shell on a fresh in-memory database with both libraries
# loaded; SQL from the arguments or standard input.
hl() { "$SQLITE3" -batch :memory: -cmd ".load $EXTENSION" -cmd ".load $HTTPLOG" "$@"; }

# hl_err SQL: the first error message the shell prints for SQL, without
# the prefix the shell's version puts before it (error_of, tests/lib.sh).
hl_err() { error_of "$(hl "$1" 2>&1 >/dev/null)"; }

# A combined line; $1 replaces the request path.
combined_line() {
  printf '1.2.3.4 - - [10/Oct/2023:13:55:36 +0000] "GET %s HTTP/1.1" 200 5 "-" "ua"\n' "${1:-/}"
}

# use_log_parse: sets LOG_PARSE, when unset, to the line-by-line driver
# (tests/log_parse.c) next to HTTPLOG, else the plain one, and builds it when
# missing (make asan and make coverage set it to their own build). Then:
# parse FORMAT FILE...: the driver's tab-separated lines, columns
#  1 line 2 kind 3 status 4 time 5 time_utc 6 client 7 remote_user 8 method
#  9 path 10 query 11 protocol 12 bytes 13 referrer 14 user_agent 15 host
# 16 port 17 duration 18 extra 19 error
# kinds FORMAT FILE: "DIR n ERR n ROW n" (a kind absent counts 0)
# statuses FORMAT FILE: "status count" per status of the rows, by status
# col N LINE FORMAT FILE: column N of input line LINE
use_log_parse() {
  if [ -z "${LOG_PARSE:-}" ] && [ -x "$(dirname "$HTTPLOG")/log_parse" ]; then
    LOG_PARSE=$(dirname "$HTTPLOG")/log_parse
  fi
  LOG_PARSE=${LOG_PARSE:-.build/log_parse}
  [ -x "$LOG_PARSE" ] || make -s "$LOG_PARSE" >&2
}
parse() { "$LOG_PARSE" "$@"; }
kinds() {
  parse "$@" | awk -F'\t' '{ n[$2]++ } END { printf "DIR %d ERR %d ROW %d\n", n["DIR"], n["ERR"], n["ROW"] }'
}
statuses() { parse "$@" | awk -F'\t' '$2 == "ROW" { print $3 }' | sort -n | uniq -c | awk '{ print $2, $1 }'; }
col() { n=$1 l=$2; shift 2; parse "$@" | awk -F'\t' -v n="$n" -v l="$l" '$1 == l { print $n }'; }
