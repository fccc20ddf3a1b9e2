#!/bin/sh
# Each library at the top of the tree exports its entry point and nothing
# else: internal names (http_status_find, sqlite3_api, ...) stay hidden, so
# they cannot clash with the loading program's or another extension's.
# ENTRY_POINTS (mk/symbols.mk) lists library:entry pairs.
. tests/lib.sh

pairs=${ENTRY_POINTS:-httpstatus:sqlite3_httpstatus_init}
suffix=${SHLIB_EXT:-so}
if ! command -v nm >/dev/null 2>&1 || [ "$(uname -s)" != Linux ]; then
  echo "1..0 # SKIP needs nm and an ELF build"
  exit 0
fi

plan $(($(echo $pairs | wc -w) * 2))
for pair in $pairs; do
  library=./${pair%%:*}.$suffix
  entry=${pair#*:}
  got=$(nm -D --defined-only "$library" 2>&1 | awk '{ print $NF }' | sort)
  is "$got" "$entry" "$library exports exactly $entry"
  # The entry point still loads the library.
  got=$("$SQLITE3" -batch :memory: ".load ./${pair%%:*} $entry" "SELECT 'loaded'" 2>&1)
  is "$got" "loaded" "$library loads through $entry"
done
