# tests/lib.sh: TAP helpers for the shell tests. Source it, call plan first.
#
# SQLITE3 is the sqlite3 shell to drive and EXTENSION the library to load
# (without its suffix); make test sets both.

SQLITE3=${SQLITE3:-sqlite3}
EXTENSION=${EXTENSION:-./httpstatus}
test_count=0

plan() { echo "1..$1"; }

# ok STATUS NAME: passes when STATUS is 0.
ok() {
  test_count=$((test_count + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $test_count - $2"
  else
    echo "not ok $test_count - $2"
  fi
}

# is GOT EXPECTED NAME: passes when the two strings are equal.
is() {
  test_count=$((test_count + 1))
  if [ "$1" = "$2" ]; then
    echo "ok $test_count - $3"
  else
    echo "not ok $test_count - $3"
    printf '%s\n' "$1" | sed 's/^/#      got: /'
    printf '%s\n' "$2" | sed 's/^/# expected: /'
  fi
}

# like GOT PATTERN NAME: passes when GOT contains the fixed string PATTERN.
like() {
  case "$1" in
  *"$2"*) is "$2" "$2" "$3" ;;
  *) is "$1" "(text containing) $2" "$3" ;;
  esac
}

# sql [ARGS...]: the shell on a fresh in-memory database with the extension
# loaded; SQL comes from the arguments or standard input.
sql() { "$SQLITE3" -batch :memory: -cmd ".load $EXTENSION" "$@"; }

# import_log DB LOG.gz [NAME]: decompresses a shipped log next to DB (as
# DB's folder/NAME, the log's file name by default) and imports it into DB
# with the project's importer, building it when needed.
import_log() {
  importer=${IMPORT_LOG:-.build/import_log}
  [ -x "$importer" ] || make -s "$importer" >&2
  name=${3:-$(basename "$2" .gz)}
  gzip -dc "$2" >"$(dirname "$1")/$name"
  "$importer" --name "$name" "$1" "$(dirname "$1")/$name" >/dev/null
}
