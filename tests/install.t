#!/bin/sh
# make install honours DESTDIR and LIBDIR, and the installed library loads by
# its bare name once it is on the loader's search path.
. tests/lib.sh
plan 4

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

make -s install DESTDIR="$dest" >/dev/null 2>&1
ok $? "make install DESTDIR=... succeeds"
[ -f "$dest/usr/lib/httpstatus.so" ]
ok $? "the library lands in \$DESTDIR/usr/lib by default"

got=$(LD_LIBRARY_PATH="$dest/usr/lib" "$SQLITE3" -batch :memory: -cmd '.load httpstatus' \
  "SELECT http_status_name(404);" 2>&1)
is "$got" "Not Found" ".load httpstatus finds the installed library by name"

make -s uninstall DESTDIR="$dest" >/dev/null 2>&1
[ ! -e "$dest/usr/lib/httpstatus.so" ]
ok $? "make uninstall removes it"
