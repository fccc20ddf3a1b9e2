# httpstatus: HTTP status codes for SQLite, as a loadable extension.
#
#   make            build the libraries httpstatus.so, httplog.so and
#                   httpagent.so at the top of the tree, the importer and the report
#   make test       build, then run every test in tests/ with prove
#   make help       every target, with what it does
#
# Variables: CC, CFLAGS, PREFIX (/usr), LIBDIR, DESTDIR, SQLITE3 (the shell
# the tests drive), TESTS (the scripts make test runs), JOBS, PROVE_FLAGS.
#
# On macOS the extension is a .dylib: make SHLIB_EXT=dylib SHLIB_FLAGS=-dynamiclib
# (.load ./httpstatus then finds httpstatus.dylib). No -undefined dynamic_lookup
# is needed: the extension reaches SQLite only through the sqlite3_api table.
# Apple's own sqlite3 cannot load extensions; use e.g. Homebrew's, with
# CPPFLAGS=-I$$(brew --prefix sqlite)/include.
# For Windows, cross-compile: make CC=x86_64-w64-mingw32-gcc SHLIB_EXT=dll (or make windows)

PREFIX ?= /usr
LIBDIR ?= $(PREFIX)/lib
SQLITE3 ?= sqlite3
# prove runs as many scripts at once as there are processors.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PROVE_FLAGS ?= -j$(JOBS)
# make test builds what the suite runs JOBS at a time, as prove runs it.
ifneq ($(filter test,$(MAKECMDGOALS)),)
MAKEFLAGS += -j$(JOBS)
endif

# DWARF 4, which the valgrind of Debian 12 can read, whichever compiler builds.
CFLAGS ?= -O2 -g -gdwarf-4
WARNINGS = -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
SHLIB_EXT ?= so
SHLIB_FLAGS ?= -shared -fPIC

EXTENSION = httpstatus.$(SHLIB_EXT)
# The log importer (mk/import.mk), the shipped logs and the database make demo builds.
IMPORT_LOG = .build/httpstatus-import
DEMO_DB ?= .build/demo.db
DEMO_LOGS = data/logs/elastic-apache/apache_logs.gz \
  data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz
SOURCES = $(wildcard ext/*.c)
HEADERS = $(wildcard ext/*.h)

.PHONY: all test install uninstall lint clean deps help
.PHONY: tsan windows analyze compat

all: $(EXTENSION) ## build the three libraries, the importer and the report

# Every target with a ## comment, and what it does.
help: ## this list
	@awk -F':.*## ' '/^[a-zA-Z0-9_.%-]+:.*## / { printf "  make %-22s %s\n", $$1, $$2 }' \
	  $(MAKEFILE_LIST)

include mk/httplog.mk
include mk/logbench.mk
include mk/formats.mk
include mk/callgrind_formats.mk
include mk/agent.mk
include mk/import.mk

$(EXTENSION): $(SOURCES) $(HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(SHLIB_FLAGS) $(VISIBILITY) -o $@ $(SOURCES) $(LDFLAGS)

# Checks the compiled data on its own, without SQLite.
.build/check_data: tools/check_data.c ext/status_data.c ext/status_lookup.c ext/status_data.h
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext -o $@ tools/check_data.c ext/status_data.c ext/status_lookup.c

include mk/data.mk
include mk/symbols.mk

# ---- threads, static linking, other SQLite versions, other platforms ----

# Threads against the system SQLite, loading the extension per connection.
.build/threads: tests/threads.c
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -o $@ tests/threads.c $(LDFLAGS) -lsqlite3 -lpthread

# The sources compiled into an application (-DSQLITE_CORE), no loading.
.build/static_link: tests/static_link.c $(SOURCES) $(HEADERS)
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -DSQLITE_CORE -Iext -o $@ tests/static_link.c $(SOURCES) $(LDFLAGS) -lsqlite3

# A longer threads run, the extension and the test built with ThreadSanitizer.
TSAN_CC ?= clang
TSAN_FLAGS = -fsanitize=thread -g -O1
TSAN_OPTIONS ?= halt_on_error=1 exitcode=66
# SQLite itself stays uninstrumented unless built in too, e.g. with
# TSAN_SQLITE='-I.compat/src/X .compat/src/X/sqlite3.c' after make compat.
TSAN_SQLITE ?= -lsqlite3
tsan: ## the threads test under ThreadSanitizer
	mkdir -p .build/tsan
	$(TSAN_CC) $(TSAN_FLAGS) $(WARNINGS) -shared -fPIC -o .build/tsan/httpstatus.so $(SOURCES)
	$(TSAN_CC) $(TSAN_FLAGS) $(WARNINGS) -o .build/tsan/threads tests/threads.c $(TSAN_SQLITE) \
	  -ldl -lpthread -lm
	TSAN_OPTIONS='$(TSAN_OPTIONS)' .build/tsan/threads .build/tsan/httpstatus 8 4000

# httpstatus.dll for 64-bit Windows (Debian: gcc-mingw-w64-x86-64), with
# sqlite3_httpstatus_init alone in its export table. MinGW does not search
# /usr/include, so SQLite's two headers are copied beside the build.
MINGW = x86_64-w64-mingw32
SQLITE_INCLUDE ?= /usr/include
windows: ## cross-compile httpstatus.dll and check its export
	mkdir -p .build/mingw-include
	cp $(SQLITE_INCLUDE)/sqlite3.h $(SQLITE_INCLUDE)/sqlite3ext.h .build/mingw-include/
	$(MAKE) -B httpstatus.dll CC=$(MINGW)-gcc SHLIB_EXT=dll SHLIB_FLAGS=-shared \
	  CFLAGS='-O2 -Werror' CPPFLAGS=-I.build/mingw-include LDFLAGS=
	$(MINGW)-objdump -p httpstatus.dll | sed -n '/Ordinal\/Name Pointer/,/^$$/p' | tee .build/exports
	test "$$(awk '/^\t\[/ { print $$NF }' .build/exports)" = sqlite3_httpstatus_init

# Static analysis of ext/: every finding fails the target.
analyze: ## cppcheck, clang-tidy and scan-build on ext/
	cppcheck --error-exitcode=1 --enable=warning,style,performance,portability --std=c99 \
	  --quiet --inline-suppr -Iext ext/
	@echo clang-tidy $(SOURCES)
	@out=$$(clang-tidy --quiet $(SOURCES) -- -std=c99 -Iext 2>&1); status=$$?; \
	  printf '%s\n' "$$out" | grep -v '^[0-9]* warnings* generated\.$$' || true; exit $$status
	mkdir -p .build/scan-build
	scan-build --status-bugs -o .build/scan-build clang $(WARNINGS) -shared -fPIC \
	  -o .build/scan-build/httpstatus.so $(SOURCES)

# The suite against several SQLite releases built from source (needs npm).
compat: ## SQL_TESTS against other SQLite releases
	COMPAT_TESTS='$(SQL_TESTS)' sh tools/compat.sh

# ---- benchmark (bench/) -------------------------------------------------
#
#   make bench        timings (medians of BENCH_RUNS) on a generated log of
#                     BENCH_ROWS rows and on the access logs under BENCH_LOGS,
#                     instructions per row under callgrind; prints the table
#                     and writes BENCH_CSV
#   make bench-smoke  a tiny log, one run: the bench still builds, runs, and
#                     all variants give the same answers (no timing checked)
.PHONY: bench bench-smoke clean-bench
BENCH_ROWS ?= 1000000
BENCH_RUNS ?= 5
# The shipped logs, decompressed for the bench (it reads plain files).
BENCH_LOGS ?= .build/bench-logs
BENCH_CSV ?= bench/results.csv
BENCH_CALLGRIND_ROWS ?= 200000

bench/bench: bench/bench.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -o $@ bench/bench.c $(LDFLAGS) -lsqlite3

.build/bench-logs: $(DEMO_LOGS)
	mkdir -p $@
	for log in $(DEMO_LOGS); do gzip -dc $$log >$@/$$(basename $$log .gz); done

bench: $(EXTENSION) bench/bench .build/bench-logs $(IMPORT_LOG) ## every benchmark, full size
	sh bench/callgrind.sh bench/bench $(BENCH_CALLGRIND_ROWS) bench/instructions.csv
	bench/bench --rows $(BENCH_ROWS) --runs $(BENCH_RUNS) --logs '$(BENCH_LOGS)' \
	  --csv '$(BENCH_CSV)' --instructions bench/instructions.csv
	sh bench/import.sh $(IMPORT_LOG) data/logs/elastic-apache/apache_logs.gz

bench-smoke: $(EXTENSION) bench/bench .build/bench-logs ## the benchmark on a tiny log, answers only
	bench/bench --smoke --logs '$(BENCH_LOGS)'

clean: clean-bench ## remove what the build wrote
clean-bench:
	rm -f bench/bench bench/instructions.csv bench/results.csv

# ---- real logs: the demo (data/logs/, examples/) -----------------------
#
#   make demo     build, import the shipped logs into DEMO_DB, print the
#                 report (the queries in examples/*.sql)
# (make import, the importer's own target, is in mk/import.mk.)
.PHONY: demo

$(DEMO_DB): $(IMPORT_LOG) $(DEMO_LOGS)
	rm -f $@
	for log in $(DEMO_LOGS); do \
	  $(IMPORT_LOG) --name "$$(basename $$log .gz)" $@ $$log || { rm -f $@; exit 1; }; done

# Box mode came with the 3.33 shell; older ones print columns.
demo: deps $(EXTENSION) $(DEMO_DB) ## import the shipped logs and print the example report
	@mode=-box; '$(SQLITE3)' -box :memory: 'SELECT 1' >/dev/null 2>&1 || mode='-column -header'; \
	for f in examples/*.sql; do \
	  sed -n '1s/^-- /== /p' $$f; \
	  '$(SQLITE3)' $$mode $(DEMO_DB) -cmd '.load ./httpstatus' <$$f || exit 1; \
	done

# Installs what a fresh Debian machine lacks (as root), or names the command.
deps: ## install what building and testing need (as root on Debian)
	@sh tools/deps.sh

# The scripts make test runs (every one in tests/ by default), and what they
# load and run; the checks of mk/check.mk point these at their own builds.
TESTS ?= tests/
TEST_EXTENSION ?= ./httpstatus
HTTPLOG_TEST_EXTENSION ?= ./httplog
HTTPAGENT_TEST_EXTENSION ?= ./httpagent
TEST_HTTPLOG_UNIT ?= $(HTTPLOG_UNIT)
TEST_LOG_PARSE ?= $(LOG_PARSE)
TEST_HTTPAGENT_UNIT ?= $(HTTPAGENT_UNIT)
TEST_IMPORT_LOG ?= $(IMPORT_LOG)
TEST_ENV = SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' HTTPLOG='$(HTTPLOG_TEST_EXTENSION)' \
  HTTPAGENT='$(HTTPAGENT_TEST_EXTENSION)' HTTPLOG_UNIT='$(TEST_HTTPLOG_UNIT)' \
  LOG_PARSE='$(TEST_LOG_PARSE)' HTTPAGENT_UNIT='$(TEST_HTTPAGENT_UNIT)' \
  IMPORT_LOG='$(TEST_IMPORT_LOG)' HTTPLOG_OOM='$(HTTPLOG_OOM)' IMPORT_MAN='$(IMPORT_MAN)' \
  DEMO_DB='$(DEMO_DB)'

test: deps $(EXTENSION) .build/check_data .build/threads .build/static_link $(IMPORT_LOG) $(DEMO_DB) ## build, then run the suite (TESTS) with prove
	$(TEST_ENV) prove $(PROVE_FLAGS) $(TESTS)

install: $(EXTENSION) ## copy httpstatus.so to $(DESTDIR)$(LIBDIR)
	install -d '$(DESTDIR)$(LIBDIR)'
	install -m 0644 $(EXTENSION) '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

uninstall: ## remove it again
	rm -f '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

lint: ## clang-format check of every C file
	clang-format --dry-run --Werror ext/*.c ext/*.h tools/*.c tests/*.c fuzz/*.c bench/*.c

clean:
	rm -f httpstatus.so httpstatus.dylib httpstatus.dll
	rm -rf .build

include mk/clickhouse.mk
include mk/mutants.mk
include mk/package.mk
include mk/report.mk
include mk/check.mk
