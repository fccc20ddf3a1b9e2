# httpstatus: HTTP status codes for SQLite, as a loadable extension.
#
#   make            build httpstatus.so (the extension) at the top of the tree
#   make test       build, then run every test in tests/ with prove
#   make install    copy httpstatus.so to $(DESTDIR)$(LIBDIR)
#   make lint       check formatting against .clang-format
#
# Variables: CC, CFLAGS, PREFIX (/usr), LIBDIR, DESTDIR, SQLITE3 (the shell
# the tests drive), PROVE_FLAGS.
#
#   make compat     run the tests against SQLite 3.31.1, 3.52.0, the newest
#                   amalgamation and the system's; 3.15.0 must refuse to load
#   make tsan       the threads test under -fsanitize=thread
#   make windows    cross-compile httpstatus.dll and check its export
#   make analyze    cppcheck, clang-tidy (.clang-tidy) and scan-build on ext/
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
PROVE_FLAGS ?=

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

.PHONY: all test install uninstall lint clean deps
.PHONY: tsan windows analyze compat

all: $(EXTENSION)

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
tsan:
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
windows:
	mkdir -p .build/mingw-include
	cp $(SQLITE_INCLUDE)/sqlite3.h $(SQLITE_INCLUDE)/sqlite3ext.h .build/mingw-include/
	$(MAKE) -B httpstatus.dll CC=$(MINGW)-gcc SHLIB_EXT=dll SHLIB_FLAGS=-shared \
	  CFLAGS='-O2 -Werror' CPPFLAGS=-I.build/mingw-include LDFLAGS=
	$(MINGW)-objdump -p httpstatus.dll | sed -n '/Ordinal\/Name Pointer/,/^$$/p' | tee .build/exports
	test "$$(awk '/^\t\[/ { print $$NF }' .build/exports)" = sqlite3_httpstatus_init

# Static analysis of ext/: every finding fails the target.
analyze:
	cppcheck --error-exitcode=1 --enable=warning,style,performance,portability --std=c99 \
	  --quiet --inline-suppr -Iext ext/
	@echo clang-tidy $(SOURCES)
	@out=$$(clang-tidy --quiet $(SOURCES) -- -std=c99 -Iext 2>&1); status=$$?; \
	  printf '%s\n' "$$out" | grep -v '^[0-9]* warnings* generated\.$$' || true; exit $$status
	mkdir -p .build/scan-build
	scan-build --status-bugs -o .build/scan-build clang $(WARNINGS) -shared -fPIC \
	  -o .build/scan-build/httpstatus.so $(SOURCES)

# The suite against several SQLite releases built from source (needs npm).
compat:
	sh tools/compat.sh

# ---- sanitizers, valgrind, fuzzing, coverage ----------------------------
#
#   make asan        the suite against the extension built with
#                    -fsanitize=address,undefined, by gcc then by clang
#   make valgrind    the suite with the sqlite3 shell run under valgrind
#   make fuzz        the libFuzzer harness on fuzz/corpus for FUZZ_SECONDS
#   make fuzz-smoke  the same for FUZZ_SMOKE_SECONDS
#   make coverage    the suite against a gcov build; prints line and branch
#                    coverage of ext/ and fails below COVERAGE_LINES/BRANCHES
#
# Each runs `make test` with another TEST_EXTENSION or SQLITE3, and writes
# under .build/. A sanitizer or valgrind report fails the target even when
# no test noticed it: reports go to log files, and any log left after the
# suite is printed and counted as a failure.
.PHONY: asan asan-gcc asan-clang valgrind fuzz fuzz-smoke coverage

# The library the tests load, without its suffix.
TEST_EXTENSION ?= ./httpstatus
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The shell and the other test programs are not instrumented, so the ASan
# runtime is preloaded into every process of the suite; their own leaks at
# exit are not the extension's, hence detect_leaks=0.
ASAN_RUN_OPTIONS = detect_leaks=0:halt_on_error=1:log_path=$(CURDIR)/.build/$@/report
UBSAN_RUN_OPTIONS = halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/.build/$@/report

asan: asan-gcc asan-clang

.build/asan-gcc/httpstatus.so: $(SOURCES) $(HEADERS)
	mkdir -p $(@D)
	gcc -g -O1 $(SANITIZE) $(WARNINGS) -shared -fPIC -o $@ $(SOURCES)

# clang links the ASan runtime into executables only; -shared-libasan makes
# the extension use the runtime's shared library, preloaded below.
.build/asan-clang/httpstatus.so: $(SOURCES) $(HEADERS)
	mkdir -p $(@D)
	clang -g -O1 $(SANITIZE) -shared-libasan $(WARNINGS) -shared -fPIC -o $@ $(SOURCES)

asan-gcc: ASAN_RUNTIME = $$(gcc -print-file-name=libasan.so)
asan-clang: ASAN_RUNTIME = $$(clang -print-file-name=libclang_rt.asan-$$(uname -m).so)
asan-gcc asan-clang: %: .build/%/httpstatus.so
	rm -f .build/$@/report.*
	LD_PRELOAD="$(ASAN_RUNTIME)" ASAN_OPTIONS='$(ASAN_RUN_OPTIONS)' \
	  UBSAN_OPTIONS='$(UBSAN_RUN_OPTIONS)' $(MAKE) test TEST_EXTENSION=.build/$@/httpstatus; \
	  status=$$?; \
	  if ls .build/$@/report.* >/dev/null 2>&1; then cat .build/$@/report.*; exit 1; fi; \
	  exit $$status

# The shell runs under valgrind through a wrapper given to the tests as SQLITE3.
# Only definite leaks are reported: a shell that exits on an SQL error leaves
# SQLite's own page cache "possibly lost", which is not the extensions'.
VALGRIND_FLAGS = -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite
valgrind: $(EXTENSION)
	mkdir -p .build/valgrind
	rm -f .build/valgrind/log.*
	printf '#!/bin/sh\nexec valgrind %s --log-file=%s/log.%%p %s "$$@"\n' \
	  '$(VALGRIND_FLAGS)' '$(CURDIR)/.build/valgrind' "$$(command -v $(SQLITE3))" \
	  >.build/valgrind/sqlite3
	chmod +x .build/valgrind/sqlite3
	$(MAKE) test SQLITE3=$(CURDIR)/.build/valgrind/sqlite3; status=$$?; \
	  find .build/valgrind -name 'log.*' -size +0 -exec cat {} + | grep . && exit 1; \
	  exit $$status

# The harness (fuzz/fuzz_httpstatus.c) compiles the extension in. New inputs
# go to .build/fuzz/corpus, crashes to .build/fuzz/; fuzz/corpus is the seed.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_FLAGS ?=
# Only ext/ gets libFuzzer's coverage instrumentation, so that cov: counts
# the extension's edges and the harness's own loops do not steer the fuzzer.
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
.build/fuzz/fuzz_httpstatus: fuzz/fuzz_httpstatus.c $(SOURCES) $(HEADERS)
	mkdir -p $(@D)/corpus
	clang -g -O1 $(FUZZ_SANITIZE) $(WARNINGS) -c -o $@.o fuzz/fuzz_httpstatus.c
	clang -g -O1 -fsanitize=fuzzer $(FUZZ_SANITIZE) $(WARNINGS) -DSQLITE_CORE -Iext -o $@ $@.o \
	  $(SOURCES) -lsqlite3

# A long run's leak check at exit needs more than libFuzzer's default 2 GB of RSS
# (ASan keeps freed chunks); the live heap stays near 25 MB.
fuzz: .build/fuzz/fuzz_httpstatus
	$< -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/httpstatus.dict -timeout=10 -rss_limit_mb=4096 \
	  -artifact_prefix=.build/fuzz/ -print_final_stats=1 $(FUZZ_FLAGS) .build/fuzz/corpus fuzz/corpus

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# gcov counts for ext/ over the whole suite, read by gcovr (Debian: gcovr).
COVERAGE_LINES ?= 95
COVERAGE_BRANCHES ?= 90
COVERAGE_OBJECTS = $(patsubst ext/%.c,.build/coverage/%.o,$(SOURCES))
# Threads and parallel shells update the counters at once: atomic updates.
.build/coverage/%.o: ext/%.c $(HEADERS)
	mkdir -p $(@D)
	gcc -O0 -g --coverage -fprofile-update=atomic $(WARNINGS) -fPIC -c -o $@ $<
.build/coverage/httpstatus.so: $(COVERAGE_OBJECTS)
	gcc --coverage -shared -o $@ $(COVERAGE_OBJECTS)

coverage: .build/coverage/httpstatus.so
	rm -f .build/coverage/*.gcda
	$(MAKE) test TEST_EXTENSION=.build/coverage/httpstatus; status=$$?; \
	  gcovr --root . --filter 'ext/' --object-directory .build/coverage \
	    --exclude-unreachable-branches --txt .build/coverage/report.txt --print-summary \
	    --fail-under-line $(COVERAGE_LINES) --fail-under-branch $(COVERAGE_BRANCHES) \
	    .build/coverage >.build/coverage/summary.txt; gcovr_status=$$?; \
	  cat .build/coverage/report.txt .build/coverage/summary.txt; \
	  [ $$gcovr_status = 0 ] && exit $$status; exit 1

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

bench: $(EXTENSION) bench/bench .build/bench-logs $(IMPORT_LOG)
	sh bench/callgrind.sh bench/bench $(BENCH_CALLGRIND_ROWS) bench/instructions.csv
	bench/bench --rows $(BENCH_ROWS) --runs $(BENCH_RUNS) --logs '$(BENCH_LOGS)' \
	  --csv '$(BENCH_CSV)' --instructions bench/instructions.csv
	sh bench/import.sh $(IMPORT_LOG) data/logs/elastic-apache/apache_logs.gz

bench-smoke: $(EXTENSION) bench/bench .build/bench-logs
	bench/bench --smoke --logs '$(BENCH_LOGS)'

clean: clean-bench
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
demo: deps $(EXTENSION) $(DEMO_DB)
	@mode=-box; '$(SQLITE3)' -box :memory: 'SELECT 1' >/dev/null 2>&1 || mode='-column -header'; \
	for f in examples/*.sql; do \
	  sed -n '1s/^-- /== /p' $$f; \
	  '$(SQLITE3)' $$mode $(DEMO_DB) -cmd '.load ./httpstatus' <$$f || exit 1; \
	done

# Installs what a fresh Debian machine lacks (as root), or names the command.
deps:
	@sh tools/deps.sh

test: deps $(EXTENSION) .build/check_data .build/threads .build/static_link $(IMPORT_LOG) $(DEMO_DB)
	SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' DEMO_DB='$(DEMO_DB)' prove $(PROVE_FLAGS) tests/

install: $(EXTENSION)
	install -d '$(DESTDIR)$(LIBDIR)'
	install -m 0644 $(EXTENSION) '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

uninstall:
	rm -f '$(DESTDIR)$(LIBDIR)/$(EXTENSION)'

lint:
	clang-format --dry-run --Werror ext/*.c ext/*.h tools/*.c tests/*.c fuzz/*.c bench/*.c

clean:
	rm -f httpstatus.so httpstatus.dylib httpstatus.dll
	rm -rf .build

include mk/clickhouse.mk
include mk/mutants.mk
include mk/package.mk
include mk/report.mk
