#!/bin/sh
# The sources compiled into an application with -DSQLITE_CORE and registered
# with sqlite3_auto_extension() (tests/static_link.c).
if [ ! -x .build/static_link ]; then
  make -s .build/static_link >&2 || { echo "Bail out! cannot build .build/static_link"; exit 1; }
fi
exec ./.build/static_link
