#!/bin/sh
# The sources compiled into an application with -DSQLITE_CORE and registered
# with sqlite3_auto_extension() (tests/static_link.c).
if [ ! -x tests/static_link ]; then
  make -s tests/static_link >&2 || { echo "Bail out! cannot build tests/static_link"; exit 1; }
fi
exec ./tests/static_link
