# mk/import.mk: httpstatus-import, the log importer (tools/import_*.c), as
# .build/httpstatus-import (IMPORT_LOG, set in the Makefile).
#
#   make                 builds it too
#   make import LOG=access.log DB=logs.db [NAME=web1] [FORMAT=combined]
#                        imports a log (a file, or a glob when no file has
#                        that name) into DB; only lines not stored yet
#   make man/httpstatus-import.1
#                        writes the man page from tools/import_help.h, the
#                        text of --help (tests/import_cli.t checks they agree)
#   make test-import     the importer's tests only (tests/import*.t)
#   make test-import-long  tests/import_rotation.t with a month of hourly
#                        imports across every rotation style (IMPORT_DAYS
#                        days), each killed at a random moment and run again
#                        (which covers the runs that are not killed), for CI
#
# http_log()'s reader is compiled into the importer (-DSQLITE_CORE): there is
# nothing to load.
.PHONY: import test-import test-import-long lint-import

IMPORT_SOURCES = $(filter-out tools/import_man.c,$(wildcard tools/import_*.c))
IMPORT_HEADERS = $(wildcard tools/import_*.h)
IMPORT_TESTS = $(wildcard tests/import*.t)
IMPORT_MAN = .build/import_man
IMPORT_DAYS ?= 31

all: $(IMPORT_LOG)

$(IMPORT_LOG): $(IMPORT_SOURCES) $(IMPORT_HEADERS) $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS) \
  ext/version.h mk/import.mk
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -pthread -DSQLITE_CORE -Iext/log -Iext -o $@ \
	  $(IMPORT_SOURCES) $(HTTPLOG_SOURCES) $(LDFLAGS) -lsqlite3 $(HTTPLOG_LIBS)

$(IMPORT_MAN): tools/import_man.c tools/import_help.h ext/version.h
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext -o $@ tools/import_man.c

man/httpstatus-import.1: $(IMPORT_MAN)
	$(IMPORT_MAN) >$@

# LOG, DB, NAME and FORMAT reach the importer through the environment, so
# that any file name (quotes, spaces, $) passes unchanged.
import: deps $(IMPORT_LOG) ## LOG=... DB=...: import a log into a database
	@if [ -z "$$LOG" ] || [ -z "$$DB" ]; then \
	  echo 'usage: make import LOG=access.log DB=logs.db [NAME=name] [FORMAT=format]' >&2; exit 2; fi
	$(IMPORT_LOG) $${NAME:+--name "$$NAME"} $${FORMAT:+--format "$$FORMAT"} -- "$$DB" "$$LOG"

test: $(IMPORT_MAN)

test-import: ## only the importer's tests (tests/import*.t)
	$(MAKE) test TESTS='$(IMPORT_TESTS)'

test-import-long: deps $(IMPORT_LOG) $(HTTPLOG) ## a month of hourly imports across every rotation style
	SQLITE3='$(SQLITE3)' IMPORT_LOG='$(IMPORT_LOG)' IMPORT_DAYS='$(IMPORT_DAYS)' IMPORT_HOURS=24 \
	  IMPORT_MODES=kill prove $(PROVE_FLAGS) tests/import_rotation.t

lint: lint-import
lint-import:
	clang-format --dry-run --Werror $(IMPORT_HEADERS)
