# ---- exported symbols ---------------------------------------------------
#
# Every library is built with VISIBILITY, so that only what its sources mark
# EXTENSION_EXPORT (ext/export.h), the sqlite3_*_init entry point, is
# exported; tests/symbols.t checks `nm -D --defined-only` against ENTRY_POINTS.
# A second library adds its rule with $(VISIBILITY) and its pair below.
VISIBILITY ?= -fvisibility=hidden
# library:entry point, for each library built at the top of the tree.
ENTRY_POINTS ?= httpstatus:sqlite3_httpstatus_init httplog:sqlite3_httplog_init \
  httpagent:sqlite3_httpagent_init
export ENTRY_POINTS
