# tests/lib.sh: TAP helpers for the shell tests. Source it, call plan first.
#
# SQLITE3 is the sqlite3 shell to drive and EXTENSION the library to load
# (without its suffix); make test sets both.

SQLITE3=${SQLITE3:-sqlite3}
EXTENSION=${EXTENSION:-./httpstatus}
test_count=0

plan() { echo "1..$1"; }

# ok STATUS NAME: passes when STATUS (a command's exit status) is 0.
ok() {
  test_count=$((test_count + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $test_count - $2"
  else
    echo "not ok $test_count - $2"
    echo "#      got: exit status $1"
    echo "# expected: exit status 0"
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
  importer=${IMPORT_LOG:-.build/httpstatus-import}
  [ -x "$importer" ] || make -s "$importer" >&2
  name=${3:-$(basename "$2" .gz)}
  gzip -dc "$2" >"$(dirname "$1")/$name"
  "$importer" --name "$name" "$1" "$(dirname "$1")/$name" >/dev/null
}

# errors_of TEXT: the errors the shell printed in TEXT, one per line, without
# what the shell adds and its versions word differently: "Parse error near
# line N: ", "Runtime error near line N: ", "Error near line N: ",
# "Error: near line N: ", "Error: ", "Error: stepping, ", "Error: in
# prepare, ", a trailing result code " (19)", and the lines newer shells
# print under a parse error to point at it. The message itself is untouched.
errors_of() {
  printf '%s\n' "$1" | sed -n -E \
    -e '/^((Parse error|Runtime error|Error:?) near line [0-9]+: |Error: )/!d' \
    -e 's/^((Parse error|Runtime error|Error:?) near line [0-9]+: |Error: )//' \
    -e 's/^(stepping|in prepare), //' -e 's/ \([0-9]+\)$//' -e p
}

# error_of TEXT: the first of errors_of TEXT.
error_of() { errors_of "$1" | sed -n 1p; }

# The list the unknown-source error ends with: every source listed in
# data/sources.tsv (its first column), in byte order.
known_sources() {
  printf 'known sources: %s\n' "$(grep -v '^#' data/sources.tsv | sed 1d | cut -f1 | LC_ALL=C sort -u |
    sed ':a;N;$!ba;s/\n/, /g')"
}

# The help every bad-pattern error ends with.
pattern_help='expected a code (404), a class (5xx) or a range (400-499), from 100 to 599, separated by commas'
