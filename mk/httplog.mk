# httplog: the second library, http_log() over access logs (ext/log/).
#
#   make httplog.so        build it (part of make all)
#   make test-httplog      only the tests/httplog_*.t scripts
#   make asan-httplog      those tests against an -fsanitize=address,undefined build
#   make valgrind-httplog  those tests with the shell under valgrind
#   make fuzz-httplog      libFuzzer on fuzz/fuzz_httplog.c for FUZZ_SECONDS,
#                          every format (FUZZ_HTTPLOG_FAMILY= narrows it to one
#                          parser: text, w3c, alb, haproxy or json)
#   make fuzz-httplog-families  one run of FUZZ_SECONDS per parser family, in turn
#   make coverage-httplog  line and branch coverage of ext/log/ by those tests,
#                          failing below COVERAGE_LINES/BRANCHES
#
# Only sqlite3_httplog_init is exported ($(VISIBILITY)).

HTTPLOG = httplog.$(SHLIB_EXT)
# The reader (ext/log/log_reader.h) knows no SQLite; the library adds the
# SQL side to it. log_alloc_libc.c is the reader's allocator in programs
# without SQLite, log_alloc_sqlite.c in the library (log_alloc.h).
HTTPLOG_SQL_SOURCES = ext/log/httplog.c ext/log/log_vtab.c ext/log/log_formats_vtab.c \
  ext/log/log_alloc_sqlite.c
LOG_READER_SOURCES = $(filter-out $(HTTPLOG_SQL_SOURCES) ext/log/log_alloc_libc.c, \
  $(wildcard ext/log/*.c))
HTTPLOG_SOURCES = $(LOG_READER_SOURCES) $(HTTPLOG_SQL_SOURCES)
HTTPLOG_HEADERS = $(wildcard ext/log/*.h)
HTTPLOG_LIBS = -lz -lbz2 -llzma -lzstd
HTTPLOG_TESTS = $(wildcard tests/httplog_*.t)
HTTPLOG_TEST_EXTENSION ?= ./httplog

.PHONY: test-httplog asan-httplog valgrind-httplog fuzz-httplog fuzz-httplog-smoke \
  fuzz-httplog-families coverage-httplog

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
	  $(HTTPLOG_UNIT_SOURCES) $(LDFLAGS) $(HTTPLOG_LIBS)

# http_log() with SQLite's allocator failing (tests/httplog_oom.t).
HTTPLOG_OOM = .build/httplog_oom
$(HTTPLOG_OOM): tests/httplog_oom.c
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -o $@ tests/httplog_oom.c $(LDFLAGS) -lsqlite3

test-httplog: deps $(EXTENSION) $(HTTPLOG) $(HTTPLOG_UNIT) $(HTTPLOG_OOM)
	SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' HTTPLOG='$(HTTPLOG_TEST_EXTENSION)' \
	  HTTPLOG_UNIT='$(HTTPLOG_UNIT)' HTTPLOG_OOM='$(HTTPLOG_OOM)' prove $(PROVE_FLAGS) $(HTTPLOG_TESTS)

# make test runs the httplog tests too (tests/ holds them).
test: $(HTTPLOG) .build/httplog_unit .build/httplog_oom

clean: clean-httplog
.PHONY: clean-httplog
clean-httplog:
	rm -f httplog.so httplog.dylib httplog.dll

# ---- sanitizers, valgrind, fuzzing, coverage of ext/log/ ----------------
# As for httpstatus (see the Makefile): reports go to log files and any
# report fails the target even when no test noticed it.

.build/asan-httplog/httplog.so: $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS) mk/httplog.mk
	mkdir -p $(@D)
	gcc -g -O1 $(SANITIZE) $(WARNINGS) $(VISIBILITY) -shared -fPIC -o $@ $(HTTPLOG_SOURCES) \
	  $(HTTPLOG_LIBS)

asan-httplog: .build/asan-httplog/httplog.so $(EXTENSION)
	rm -f .build/$@/report.*
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so)" ASAN_OPTIONS='$(ASAN_RUN_OPTIONS)' \
	  UBSAN_OPTIONS='$(UBSAN_RUN_OPTIONS)' $(MAKE) test-httplog \
	  HTTPLOG_TEST_EXTENSION=.build/asan-httplog/httplog; status=$$?; \
	  if ls .build/$@/report.* >/dev/null 2>&1; then cat .build/$@/report.*; exit 1; fi; \
	  exit $$status

# Only definite leaks are shown: a shell that exits on an SQL error leaves
# SQLite's own caches "possibly lost", which says nothing about httplog.
valgrind-httplog: $(HTTPLOG) $(EXTENSION)
	mkdir -p .build/valgrind-httplog
	rm -f .build/valgrind-httplog/log.*
	printf '#!/bin/sh\nexec valgrind %s --log-file=%s/log.%%p %s "$$@"\n' \
	  '$(VALGRIND_FLAGS)' '$(CURDIR)/.build/valgrind-httplog' "$$(command -v $(SQLITE3))" \
	  >.build/valgrind-httplog/sqlite3
	chmod +x .build/valgrind-httplog/sqlite3
	$(MAKE) test-httplog SQLITE3=$(CURDIR)/.build/valgrind-httplog/sqlite3; status=$$?; \
	  find .build/valgrind-httplog -name 'log.*' -size +0 -exec cat {} + | grep . && exit 1; \
	  exit $$status

# fuzz/httplog-corpus is the seed; new inputs go to .build/fuzz-httplog/corpus.
# The harness drives the reader without SQLite (libc's allocator).
.build/fuzz-httplog/fuzz_httplog: fuzz/fuzz_httplog.c $(LOG_READER_SOURCES) $(HTTPLOG_HEADERS)
	mkdir -p $(@D)/corpus
	clang -g -O1 $(FUZZ_SANITIZE) $(WARNINGS) -Iext/log -c -o $@.o fuzz/fuzz_httplog.c
	clang -g -O1 -fsanitize=fuzzer $(FUZZ_SANITIZE) $(WARNINGS) -Iext/log -o $@ \
	  $@.o $(LOG_READER_SOURCES) ext/log/log_alloc_libc.c $(HTTPLOG_LIBS)

FUZZ_HTTPLOG_FAMILY ?=
FUZZ_HTTPLOG_FAMILIES = text w3c alb haproxy json
fuzz-httplog: .build/fuzz-httplog/fuzz_httplog
	FUZZ_HTTPLOG_FAMILY='$(FUZZ_HTTPLOG_FAMILY)' $< -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/httplog.dict -timeout=10 -rss_limit_mb=4096 \
	  -max_len=65536 -artifact_prefix=.build/fuzz-httplog/ -print_final_stats=1 $(FUZZ_FLAGS) \
	  .build/fuzz-httplog/corpus fuzz/httplog-corpus

fuzz-httplog-smoke:
	$(MAKE) fuzz-httplog FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

fuzz-httplog-families: .build/fuzz-httplog/fuzz_httplog
	for family in $(FUZZ_HTTPLOG_FAMILIES); do \
	  $(MAKE) fuzz-httplog FUZZ_HTTPLOG_FAMILY=$$family || exit 1; done

HTTPLOG_COVERAGE_OBJECTS = $(patsubst ext/log/%.c,.build/coverage-httplog/%.o,$(HTTPLOG_SOURCES))
.build/coverage-httplog/%.o: ext/log/%.c $(HTTPLOG_HEADERS) mk/httplog.mk
	mkdir -p $(@D)
	gcc -O0 -g --coverage -fprofile-update=atomic $(WARNINGS) $(VISIBILITY) -fPIC -c -o $@ $<
.build/coverage-httplog/httplog.so: $(HTTPLOG_COVERAGE_OBJECTS)
	gcc --coverage -shared -o $@ $(HTTPLOG_COVERAGE_OBJECTS) $(HTTPLOG_LIBS)
# The unit checks link the same objects, so their counts add up.
.build/coverage-httplog/unit: tests/httplog_unit.c $(HTTPLOG_COVERAGE_OBJECTS)
	gcc -O0 -g --coverage $(WARNINGS) -Iext/log -o $@ tests/httplog_unit.c \
	  $(patsubst ext/log/%.c,.build/coverage-httplog/%.o,$(HTTPLOG_UNIT_SOURCES)) $(HTTPLOG_LIBS)

coverage-httplog: .build/coverage-httplog/httplog.so .build/coverage-httplog/unit $(EXTENSION)
	rm -f .build/coverage-httplog/*.gcda
	$(MAKE) test-httplog HTTPLOG_TEST_EXTENSION=.build/coverage-httplog/httplog \
	  HTTPLOG_UNIT=.build/coverage-httplog/unit; status=$$?; \
	  gcovr --root . --filter 'ext/log/' --object-directory .build/coverage-httplog \
	    --exclude-unreachable-branches --txt .build/coverage-httplog/report.txt --print-summary \
	    --fail-under-line $(COVERAGE_LINES) --fail-under-branch $(COVERAGE_BRANCHES) \
	    .build/coverage-httplog >.build/coverage-httplog/summary.txt; gcovr_status=$$?; \
	  cat .build/coverage-httplog/report.txt .build/coverage-httplog/summary.txt; \
	  [ $$gcovr_status = 0 ] && exit $$status; exit 1

# Formatting of ext/log/ (make lint already checks tests/*.c and fuzz/*.c).
.PHONY: lint-httplog
lint: lint-httplog
lint-httplog:
	clang-format --dry-run --Werror ext/log/*.c ext/log/*.h

# Inputs too big for make test: a 1 GiB line, 1M-line logs (tools/httplog_stress.sh).
.PHONY: stress-httplog
stress-httplog: $(HTTPLOG)
	SQLITE3='$(SQLITE3)' HTTPLOG='$(HTTPLOG_TEST_EXTENSION)' sh tools/httplog_stress.sh
