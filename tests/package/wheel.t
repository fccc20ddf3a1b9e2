#!/bin/sh
# The wheel as a user gets it (make test-wheel): a fresh venv of Debian's
# python3 (with its site packages, for python3-pandas), pip install
# --no-index of .build/wheel/*.whl, then from another directory the package
# loads the extension and pandas queries it.
. tests/lib.sh

PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "1..0 # SKIP $PYTHON has no venv/ensurepip (apt-get install python3-venv)"
  exit 0
fi
names=${LIBRARY_NAMES:-httpstatus}
set -- $names
plan $((9 + $#))

top=$(pwd)
wheel=$(ls .build/wheel/*.whl 2>/dev/null | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "$wheel" in
*/sqlite_httpstatus-"$(cat VERSION)"-py3-none-linux_x86_64.whl) status=0 ;;
*) status=1 ;;
esac
ok $status "the wheel is tagged py3-none-linux_x86_64 with VERSION (got ${wheel:-no wheel})"

"$PYTHON" -m venv --system-site-packages "$tmp/venv" >"$tmp/venv.log" 2>&1
ok $? "python3 -m venv --system-site-packages"

"$tmp/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$top/$wheel" \
  >"$tmp/pip.log" 2>&1
status=$?
ok $status "pip install --no-index the wheel"
[ $status = 0 ] || sed 's/^/# /' "$tmp/pip.log"

mkdir "$tmp/elsewhere"
py() { (cd "$tmp/elsewhere" && "$tmp/venv/bin/python" -c "$1" 2>&1); }

got=$(py 'import sqlite_httpstatus, sys
p = sqlite_httpstatus.loadable_path()
print(p.startswith(sys.prefix), p.endswith("/sqlite_httpstatus/httpstatus.so"))')
is "$got" "True True" "loadable_path() is the library inside the venv"

got=$(py 'import sqlite3, sqlite_httpstatus
conn = sqlite3.connect(":memory:")
sqlite_httpstatus.load(conn)
print(conn.execute("SELECT http_status_name(404), httpstatus_version()").fetchone())')
is "$got" "('Not Found', '$(cat VERSION)')" "load(conn) loads it; httpstatus_version() is VERSION"

got=$(py 'import sqlite_httpstatus; print(sqlite_httpstatus.__version__, *sqlite_httpstatus.libraries())')
is "$got" "$(cat VERSION) $(printf '%s\n' $names | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" \
  "__version__, and libraries() names every library"

for name in $names; do
  got=$(py "import sqlite3, sqlite_httpstatus
conn = sqlite3.connect(':memory:')
sqlite_httpstatus.load(conn, '$name')
print('loaded')")
  is "$got" "loaded" "load(conn, '$name')"
done

got=$(py 'import sqlite_httpstatus
try:
    sqlite_httpstatus.loadable_path("nosuch")
except FileNotFoundError as e:
    print(e)')
like "$got" "sqlite_httpstatus: no library 'nosuch'" "an unknown library name is a clear error"

got=$(py 'import os, sqlite_httpstatus
print(os.path.exists(os.path.join(os.path.dirname(sqlite_httpstatus.__file__), "py.typed")))')
is "$got" "True" "py.typed is installed (type hints)"

if py 'import pandas' >/dev/null 2>&1; then
  got=$(py 'import sqlite3
import pandas as pd
import sqlite_httpstatus
conn = sqlite3.connect(":memory:")
sqlite_httpstatus.load(conn)
df = pd.read_sql("SELECT code, name FROM http_status WHERE code BETWEEN 400 AND 404", conn)
print(list(df.code), "|".join(df.name))')
  is "$got" "[400, 401, 402, 403, 404] Bad Request|Unauthorized|Payment Required|Forbidden|Not Found" \
    "pandas: pd.read_sql on the http_status table"
else
  test_count=$((test_count + 1))
  echo "ok $test_count # SKIP no pandas in $PYTHON (apt-get install python3-pandas)"
fi
