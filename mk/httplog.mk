# httplog: the second library, http_log() over access logs (ext/log/).
#
#   make httplog.so        build it (part of make all)
#   make test-httplog      only the tests/httplog_*.t scripts
#   make stress-httplog    inputs too big for make test (a 1 GiB line, 1M lines)
#
# make asan, valgrind, coverage and fuzz-httplog (mk/check.mk) check it
# with the other libraries.
#
# Only sqlite3_httplog_init is exported ($(VISIBILITY)).

HTTPLOG = httplog.$(SHLIB_EXT)
# The reader (ext/log/log_reader.h) knows no SQLite; the library adds the
# SQL side to it. log_alloc_libc.c is the reader's allocator in programs
# without SQLite, log_alloc_sqlite.c in the library (log_alloc.h).
HTTPLOG_SQL_SOURCES = ext/log/httplog.c ext/log/log_vtab.c ext/log/log_formats_vtab.c \
  ext/log/log_geo.c ext/log/log_alloc_sqlite.c
LOG_READER_SOURCES = $(filter-out $(HTTPLOG_SQL_SOURCES) ext/log/log_alloc_libc.c, \
  $(wildcard ext/log/*.c))
HTTPLOG_SOURCES = $(LOG_READER_SOURCES) $(HTTPLOG_SQL_SOURCES)
HTTPLOG_HEADERS = $(wildcard ext/log/*.h)
# The reader's decompressors; the library adds libmaxminddb (http_geo).
LOG_READER_LIBS = -lz -lbz2 -llzma -lzstd
HTTPLOG_LIBS = $(LOG_READER_LIBS) -lmaxminddb
HTTPLOG_TESTS = $(wildcard tests/httplog_*.t)

.PHONY: test-httplog

all: $(HTTPLOG)

$(HTTPLOG): $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(VISIBILITY) $(SHLIB_FLAGS) -o $@ \
	  $(HTTPLOG_SOURCES) $(LDFLAGS) $(HTTPLOG_LIBS)

# The parts without SQLite, checked on their own (tests/httplog_unit.t).
HTTPLOG_UNIT ?= .build/httplog_unit
HTTPLOG_UNIT_SOURCES = $(LOG_READER_SOURCES) ext/log/log_alloc_libc.c
.build/httplog_unit: tests/httplog_unit.c $(HTTPLOG_UNIT_SOURCES) $(HTTPLOG_HEADERS)
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext/log -o $@ tests/httplog_unit.c \
	  $(HTTPLOG_UNIT_SOURCES) $(LDFLAGS) $(LOG_READER_LIBS)

# http_log() with SQLite's allocator failing (tests/httplog_oom.t).
HTTPLOG_OOM = .build/httplog_oom
$(HTTPLOG_OOM): tests/httplog_oom.c
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -o $@ tests/httplog_oom.c $(LDFLAGS) -lsqlite3

test-httplog: ## only the tests/httplog_*.t scripts
	$(MAKE) test TESTS='$(HTTPLOG_TESTS)'

# make test runs the httplog tests too (tests/ holds them).
test: $(HTTPLOG) .build/httplog_unit .build/httplog_oom

clean: clean-httplog
.PHONY: clean-httplog
clean-httplog:
	rm -f httplog.so httplog.dylib httplog.dll

# Formatting of ext/log/ (make lint already checks tests/*.c and fuzz/*.c).
.PHONY: lint-httplog
lint: lint-httplog
lint-httplog:
	clang-format --dry-run --Werror ext/log/*.c ext/log/*.h

# Inputs too big for make test: a 1 GiB line, 1M-line logs (tools/httplog_stress.sh).
.PHONY: stress-httplog
stress-httplog: $(HTTPLOG) ## inputs too big for make test
	SQLITE3='$(SQLITE3)' HTTPLOG='$(HTTPLOG_TEST_EXTENSION)' sh tools/httplog_stress.sh
