# httpagent: the third library, user agents parsed with uap-core's rules
# (ext/agent/; docs/agents.md).
#
#   make httpagent.so     build it (part of make all); links PCRE2
#   make agent-regexes    regenerate ext/agent/agent_regexes.c from the
#                         installed uap-core and data/bots.tsv
#   make test-agent       only the tests/agent_*.t scripts
#   make asan-agent       those tests against an -fsanitize=address,undefined build
#   make valgrind-agent   those tests with the shell under valgrind
#   make fuzz-agent       libFuzzer on fuzz/fuzz_httpagent.c for FUZZ_SECONDS
#   make fuzz-geo         libFuzzer on fuzz/fuzz_geo.c: http_geo on corrupt
#                         MaxMind DBs, for FUZZ_SECONDS
#   make coverage-agent   line and branch coverage of ext/agent/ by those tests,
#                         failing below COVERAGE_LINES/BRANCHES
#   make bench-agent      bench/agent.sh: the cost of the functions on the
#                         benchmark log, parses and geo lookups a second
#   make test-agent-reference  tests/agent_reference.t over every user agent
#                         of uap-core's test files (make test takes 1 in 8)
#   make tsan-agent       the threads check under ThreadSanitizer
#
# Only sqlite3_httpagent_init is exported ($(VISIBILITY)).

HTTPAGENT = httpagent.$(SHLIB_EXT)
HTTPAGENT_SOURCES = $(wildcard ext/agent/*.c)
HTTPAGENT_HEADERS = $(wildcard ext/agent/*.h) ext/export.h
HTTPAGENT_LIBS = -lpcre2-8
HTTPAGENT_TESTS = $(wildcard tests/agent_*.t)
HTTPAGENT_TEST_EXTENSION ?= ./httpagent
UAP_CORE_YAML ?= /usr/share/uap-core/regexes.yaml

.PHONY: agent-regexes test-agent asan-agent valgrind-agent fuzz-agent fuzz-agent-smoke fuzz-geo \
  fuzz-geo-smoke \
  coverage-agent lint-agent bench-agent clean-agent

all: $(HTTPAGENT)

$(HTTPAGENT): $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(VISIBILITY) $(SHLIB_FLAGS) -o $@ \
	  $(HTTPAGENT_SOURCES) $(LDFLAGS) $(HTTPAGENT_LIBS)

# The generated rules are committed: building needs PCRE2, not uap-core.
agent-regexes:
	/usr/bin/python3 tools/gen_agents.py --yaml $(UAP_CORE_YAML) --bots data/bots.tsv \
	  -o ext/agent/agent_regexes.c

# Every pattern compiled, without SQLite's shell (tests/agent_unit.t).
HTTPAGENT_UNIT ?= .build/agent_unit
.build/agent_unit: tests/agent_unit.c $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o $@ tests/agent_unit.c \
	  $(HTTPAGENT_SOURCES) $(LDFLAGS) -lsqlite3 $(HTTPAGENT_LIBS) -lpthread

test-agent: deps $(HTTPAGENT) $(HTTPAGENT_UNIT)
	SQLITE3='$(SQLITE3)' HTTPAGENT='$(HTTPAGENT_TEST_EXTENSION)' HTTPAGENT_UNIT='$(HTTPAGENT_UNIT)' \
	  prove $(PROVE_FLAGS) $(HTTPAGENT_TESTS)

# make test runs the agent tests too (tests/ holds them).
test: $(HTTPAGENT) .build/agent_unit

clean: clean-agent
clean-agent:
	rm -f httpagent.so httpagent.dylib httpagent.dll

# ---- sanitizers, valgrind, fuzzing, coverage of ext/agent/ ---------------
# As for httplog (mk/httplog.mk): reports go to log files and any report
# fails the target even when no test noticed it.

.build/asan-agent/httpagent.so: $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS) mk/agent.mk
	mkdir -p $(@D)
	gcc -g -O1 $(SANITIZE) $(WARNINGS) $(VISIBILITY) -shared -fPIC -o $@ $(HTTPAGENT_SOURCES) \
	  $(HTTPAGENT_LIBS)

asan-agent: .build/asan-agent/httpagent.so $(HTTPAGENT_UNIT)
	rm -f .build/$@/report.*
	LD_PRELOAD="$$(gcc -print-file-name=libasan.so)" ASAN_OPTIONS='$(ASAN_RUN_OPTIONS)' \
	  UBSAN_OPTIONS='$(UBSAN_RUN_OPTIONS)' $(MAKE) test-agent \
	  HTTPAGENT_TEST_EXTENSION=.build/asan-agent/httpagent; status=$$?; \
	  if ls .build/$@/report.* >/dev/null 2>&1; then cat .build/$@/report.*; exit 1; fi; \
	  exit $$status

# Only definite leaks are shown, as for httplog.
valgrind-agent: $(HTTPAGENT) $(HTTPAGENT_UNIT)
	mkdir -p .build/valgrind-agent
	rm -f .build/valgrind-agent/log.*
	printf '#!/bin/sh\nexec valgrind %s --log-file=%s/log.%%p %s "$$@"\n' \
	  '$(VALGRIND_FLAGS)' '$(CURDIR)/.build/valgrind-agent' "$$(command -v $(SQLITE3))" \
	  >.build/valgrind-agent/sqlite3
	chmod +x .build/valgrind-agent/sqlite3
	$(MAKE) test-agent SQLITE3=$(CURDIR)/.build/valgrind-agent/sqlite3; \
	  status=$$?; \
	  find .build/valgrind-agent -name 'log.*' -size +0 -exec cat {} + | grep . && exit 1; \
	  exit $$status

# fuzz/agent-corpus is the seed; new inputs go to .build/fuzz-agent/corpus.
.build/fuzz-agent/fuzz_httpagent: fuzz/fuzz_httpagent.c $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	mkdir -p $(@D)/corpus
	clang -g -O1 $(FUZZ_SANITIZE) $(WARNINGS) -c -o $@.o fuzz/fuzz_httpagent.c
	clang -g -O1 -fsanitize=fuzzer $(FUZZ_SANITIZE) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o $@ \
	  $@.o $(HTTPAGENT_SOURCES) -lsqlite3 $(HTTPAGENT_LIBS)

fuzz-agent: .build/fuzz-agent/fuzz_httpagent
	$< -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -max_len=4096 \
	  -artifact_prefix=.build/fuzz-agent/ -print_final_stats=1 $(FUZZ_FLAGS) \
	  .build/fuzz-agent/corpus fuzz/agent-corpus

fuzz-agent-smoke:
	$(MAKE) fuzz-agent FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

# http_geo (ext/log/log_geo.c) on corrupt MaxMind DBs: fuzz/fuzz_geo.c with
# the httplog sources; fuzz/geo-corpus is the seed.
.build/fuzz-geo/fuzz_geo: fuzz/fuzz_geo.c $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS)
	mkdir -p $(@D)/corpus
	clang -g -O1 $(FUZZ_SANITIZE) $(WARNINGS) -c -o $@.o fuzz/fuzz_geo.c
	clang -g -O1 -fsanitize=fuzzer $(FUZZ_SANITIZE) $(WARNINGS) -DSQLITE_CORE -Iext/log -o $@ \
	  $@.o $(HTTPLOG_SOURCES) -lsqlite3 $(HTTPLOG_LIBS)

# fuzz/geo.lsan: a leak of libmaxminddb itself on some corrupt files.
fuzz-geo: .build/fuzz-geo/fuzz_geo
	LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/geo.lsan $< -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
	  -artifact_prefix=.build/fuzz-geo/ -print_final_stats=1 $(FUZZ_FLAGS) \
	  .build/fuzz-geo/corpus fuzz/geo-corpus

fuzz-geo-smoke:
	$(MAKE) fuzz-geo FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

HTTPAGENT_COVERAGE_OBJECTS = $(patsubst ext/agent/%.c,.build/coverage-agent/%.o,$(HTTPAGENT_SOURCES))
.build/coverage-agent/%.o: ext/agent/%.c $(HTTPAGENT_HEADERS) mk/agent.mk
	mkdir -p $(@D)
	gcc -O0 -g --coverage -fprofile-update=atomic $(WARNINGS) $(VISIBILITY) -fPIC -c -o $@ $<
.build/coverage-agent/httpagent.so: $(HTTPAGENT_COVERAGE_OBJECTS)
	gcc --coverage -shared -o $@ $(HTTPAGENT_COVERAGE_OBJECTS) $(HTTPAGENT_LIBS)

# The unit checks (compiled in, -DSQLITE_CORE) count too: their own objects,
# from the same sources, whose counts gcovr adds up.
.build/coverage-agent/unit/%.o: ext/agent/%.c $(HTTPAGENT_HEADERS) mk/agent.mk
	mkdir -p $(@D)
	gcc -O0 -g --coverage -fprofile-update=atomic $(WARNINGS) -DSQLITE_CORE -c -o $@ $<
.build/coverage-agent/unit/agent_unit: tests/agent_unit.c \
  $(patsubst ext/agent/%.c,.build/coverage-agent/unit/%.o,$(HTTPAGENT_SOURCES))
	gcc -O0 -g --coverage $(WARNINGS) -DSQLITE_CORE -Iext/agent -o $@ tests/agent_unit.c \
	  $(patsubst ext/agent/%.c,.build/coverage-agent/unit/%.o,$(HTTPAGENT_SOURCES)) -lsqlite3 \
	  $(HTTPAGENT_LIBS) -lpthread

coverage-agent: .build/coverage-agent/httpagent.so .build/coverage-agent/unit/agent_unit
	rm -f .build/coverage-agent/*.gcda .build/coverage-agent/unit/*.gcda
	$(MAKE) test-agent HTTPAGENT_TEST_EXTENSION=.build/coverage-agent/httpagent \
	  HTTPAGENT_UNIT=.build/coverage-agent/unit/agent_unit; status=$$?; \
	  gcovr --root . --filter 'ext/agent/' --exclude 'ext/agent/agent_regexes.c' \
	    --object-directory .build/coverage-agent \
	    --exclude-unreachable-branches --txt .build/coverage-agent/report.txt --print-summary \
	    --fail-under-line $(COVERAGE_LINES) --fail-under-branch $(COVERAGE_BRANCHES) \
	    .build/coverage-agent >.build/coverage-agent/summary.txt; gcovr_status=$$?; \
	  cat .build/coverage-agent/report.txt .build/coverage-agent/summary.txt; \
	  [ $$gcovr_status = 0 ] && exit $$status; exit 1

# Formatting of ext/agent/ but the generated table (make lint checks tests/*.c and fuzz/*.c).
lint: lint-agent
lint-agent:
	clang-format --dry-run --Werror $(filter-out ext/agent/agent_regexes.c,$(wildcard ext/agent/*.c)) \
	  ext/agent/*.h

# ---- benchmark (bench/agent.sh, docs/performance.md) ----------------------
BENCH_AGENT_ROWS ?= 1000000
BENCH_AGENT_RUNS ?= 5
bench-agent: $(HTTPAGENT) $(HTTPLOG)
	SQLITE3='$(SQLITE3)' HTTPLOG=./httplog HTTPAGENT=./httpagent sh bench/agent.sh \
	  $(BENCH_AGENT_ROWS) $(BENCH_AGENT_RUNS) bench/agent.csv

# The reference comparison over every user agent of uap-core's test files
# (make test compares one in eight; tests/agent_reference.t).
.PHONY: test-agent-reference
test-agent-reference: $(HTTPAGENT) $(HTTPLOG)
	AGENT_REFERENCE_SAMPLE=1 HTTPAGENT='$(HTTPAGENT_TEST_EXTENSION)' prove $(PROVE_FLAGS) \
	  tests/agent_reference.t

# The threads check (tests/agent_unit.c) with the sources built under
# ThreadSanitizer (TSAN_CC, TSAN_FLAGS and TSAN_OPTIONS as make tsan's).
.PHONY: tsan-agent
tsan-agent:
	mkdir -p .build/tsan-agent
	$(TSAN_CC) $(TSAN_FLAGS) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o .build/tsan-agent/agent_unit \
	  tests/agent_unit.c $(HTTPAGENT_SOURCES) -lsqlite3 $(HTTPAGENT_LIBS) -lpthread
	TSAN_OPTIONS='$(TSAN_OPTIONS)' .build/tsan-agent/agent_unit 8 20
