#!/bin/sh
# The sources compiled into an application with -DSQLITE_CORE and registered
# with sqlite3_auto_extension() (tests/static_link.c). STATIC_LINK names
# another build of it (tools/mutants.sh sets it).
static_link=${STATIC_LINK:-./.build/static_link}
if [ ! -x "$static_link" ]; then
  make -s .build/static_link >&2 || { echo "Bail out! cannot build .build/static_link"; exit 1; }
fi
exec "$static_link"
