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
