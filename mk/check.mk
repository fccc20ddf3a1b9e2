# mk/check.mk: the heavier checks, one recipe each for all three libraries.
#
# asan and coverage build httpstatus, httplog and httpagent, and the programs
# that compile their sources in (the importer, the unit checks, the log
# driver), under .build/asan/ or .build/coverage/, then run `make test`
# once with those builds; valgrind runs it with the shell under valgrind.
# TESTS narrows the scripts any of them runs (make asan TESTS=tests/api.t).
# A sanitizer or valgrind report fails the target even when no test noticed
# it: reports go to log files, and any log left after the suite is printed
# and counted as a failure.

.PHONY: asan valgrind coverage fuzz fuzz-smoke

# ---- the builds ---------------------------------------------------------

# $(call check_builds,DIR,COMPILE): every library and program the suite
# loads or runs, compiled with COMPILE into .build/DIR/.
define check_builds
.build/$(1)/httpstatus.so: $(SOURCES) $(HEADERS) mk/check.mk
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) $(VISIBILITY) -shared -fPIC -o $$@ $(SOURCES)
.build/$(1)/httplog.so: $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS) mk/check.mk
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) $(VISIBILITY) -shared -fPIC -o $$@ $(HTTPLOG_SOURCES) $(HTTPLOG_LIBS)
.build/$(1)/httpagent.so: $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS) mk/check.mk
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) $(VISIBILITY) -shared -fPIC -o $$@ $(HTTPAGENT_SOURCES) $(HTTPAGENT_LIBS)
.build/$(1)/httplog_unit: tests/httplog_unit.c $(HTTPLOG_UNIT_SOURCES) $(HTTPLOG_HEADERS)
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) -Iext/log -o $$@ tests/httplog_unit.c $(HTTPLOG_UNIT_SOURCES) \
	  $(LOG_READER_LIBS)
.build/$(1)/log_parse: tests/log_parse.c $(LOG_PARSE_SOURCES) $(HTTPLOG_HEADERS)
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) -Iext/log -o $$@ tests/log_parse.c $(LOG_PARSE_SOURCES) $(LOG_READER_LIBS)
.build/$(1)/log_parse_bytewise: tests/log_parse.c $(LOG_PARSE_SOURCES) $(HTTPLOG_HEADERS)
	@mkdir -p $$(@D)
	$(2) -U__SSE2__ $(WARNINGS) -Iext/log -o $$@ tests/log_parse.c $(LOG_PARSE_SOURCES) \
	  $(LOG_READER_LIBS)
.build/$(1)/agent_unit: tests/agent_unit.c $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o $$@ tests/agent_unit.c $(HTTPAGENT_SOURCES) \
	  -lsqlite3 $(HTTPAGENT_LIBS) -lpthread
.build/$(1)/httpstatus-import: $(IMPORT_SOURCES) $(IMPORT_HEADERS) $(HTTPLOG_SOURCES) \
  $(HTTPLOG_HEADERS) ext/version.h
	@mkdir -p $$(@D)
	$(2) $(WARNINGS) -pthread -DSQLITE_CORE -Iext/log -Iext -o $$@ $(IMPORT_SOURCES) \
	  $(HTTPLOG_SOURCES) -lsqlite3 $(HTTPLOG_LIBS)
endef

# The scripts asan and coverage run: all but those that load none of their
# builds (the report and the demo run programs built the plain way, the
# notebook and sqlite-utils the installed Python), unless TESTS is given.
CHECK_TESTS = $(if $(filter command line,$(origin TESTS)),$(TESTS),$(filter-out \
  tests/report%.t tests/notebook.t tests/sqlite_utils.t tests/demo.t tests/install.t, \
  $(wildcard tests/*.t)))

CHECK_PROGRAMS = httpstatus.so httplog.so httpagent.so httplog_unit log_parse log_parse_bytewise \
  agent_unit httpstatus-import
# The make test arguments that point the suite at the builds of .build/DIR/.
# httplog_unit replaces malloc to make it fail, which a sanitizer must not
# see: under ASan the plain one runs.
check_test = $(MAKE) test TEST_EXTENSION=.build/$(1)/httpstatus \
  HTTPLOG_TEST_EXTENSION=.build/$(1)/httplog HTTPAGENT_TEST_EXTENSION=.build/$(1)/httpagent \
  TEST_HTTPLOG_UNIT=$(if $(filter asan,$(1)),$(HTTPLOG_UNIT),.build/$(1)/httplog_unit) \
  TEST_LOG_PARSE=.build/$(1)/log_parse \
  TEST_HTTPAGENT_UNIT=.build/$(1)/agent_unit TEST_IMPORT_LOG=.build/$(1)/httpstatus-import \
  TESTS='$(CHECK_TESTS)'

# ---- sanitizers ---------------------------------------------------------

# gcc by default; ASAN_CC=clang builds with clang and its runtime.
ASAN_CC ?= gcc
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# clang links the ASan runtime into executables only; -shared-libasan makes
# the libraries use the runtime's shared library, preloaded below.
ASAN_SHARED = $(if $(filter clang%,$(notdir $(ASAN_CC))),-shared-libasan)
ASAN_RUNTIME = $$($(ASAN_CC) -print-file-name=$(if $(ASAN_SHARED),libclang_rt.asan-$$(uname -m).so,libasan.so))
$(eval $(call check_builds,asan,$(ASAN_CC) -g -O1 $(SANITIZE) $(ASAN_SHARED)))

# The shell, Python and the other programs of the suite are not
# instrumented, so the runtime is preloaded into every process; their own
# leaks at exit are not ours, hence detect_leaks=0, and neither are the
# malloc/delete[] mismatches of C++ programs such as groff's troff (the
# libraries are C), hence alloc_dealloc_mismatch=0.
ASAN_RUN_OPTIONS = detect_leaks=0:alloc_dealloc_mismatch=0:halt_on_error=1:log_path=$(CURDIR)/.build/asan/report
UBSAN_RUN_OPTIONS = halt_on_error=1:print_stacktrace=1:log_path=$(CURDIR)/.build/asan/report

asan: $(addprefix .build/asan/,$(filter-out httplog_unit,$(CHECK_PROGRAMS))) $(HTTPLOG_UNIT) ## the suite against -fsanitize=address,undefined builds
	rm -f .build/asan/report.*
	LD_PRELOAD="$(ASAN_RUNTIME)" ASAN_OPTIONS='$(ASAN_RUN_OPTIONS)' \
	  UBSAN_OPTIONS='$(UBSAN_RUN_OPTIONS)' $(call check_test,asan); status=$$?; \
	  if ls .build/asan/report.* >/dev/null 2>&1; then cat .build/asan/report.*; exit 1; fi; \
	  exit $$status

# ---- valgrind -----------------------------------------------------------

# The scripts whose answers depend on the SQLite that runs them: SQL
# semantics, query plans, the API of each library and the documents'
# transcripts (the parsers' own answers do not; they run in make test).
# make compat and the tarball's make test run these.
SQL_TESTS ?= $(addprefix tests/,api.t bad_use.t data.t differential.t errors.t names.t plans.t \
  readme.t sql.t agent_functions.t agent_generated.t httplog_api.t httplog_formats_table.t \
  httplog_geo.t httplog_input.t httplog_json_mapping.t httplog_plans.t)
# Under valgrind a script takes ten to thirty times as long: valgrind runs
# the scripts that call every entry point of each library with good and bad
# input (the whole suite would take most of an hour); make asan runs them all.
VALGRIND_TESTS ?= tests/api.t tests/errors.t tests/bad_use.t tests/sql.t tests/httplog_api.t \
  tests/httplog_input.t tests/httplog_geo.t tests/agent_functions.t
# Only definite leaks are reported: a shell that exits on an SQL error leaves
# SQLite's own page cache "possibly lost", which is not the libraries'.
VALGRIND_FLAGS = -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite

valgrind: all ## the API and bad-input scripts with the sqlite3 shell under valgrind
	mkdir -p .build/valgrind
	rm -f .build/valgrind/log.*
	printf '#!/bin/sh\nexec valgrind %s --log-file=%s/log.%%p %s "$$@"\n' \
	  '$(VALGRIND_FLAGS)' '$(CURDIR)/.build/valgrind' "$$(command -v $(SQLITE3))" \
	  >.build/valgrind/sqlite3
	chmod +x .build/valgrind/sqlite3
	$(MAKE) test SQLITE3=$(CURDIR)/.build/valgrind/sqlite3 TESTS='$(VALGRIND_TESTS)'; status=$$?; \
	  find .build/valgrind -name 'log.*' -size +0 -exec cat {} + | grep . && exit 1; \
	  exit $$status

# ---- coverage -----------------------------------------------------------

# gcov counts of ext/, ext/log/ and ext/agent/ over the suite, read by gcovr
# (Debian: gcovr); each part fails below the thresholds on its own. Threads
# and parallel shells update the counters at once: atomic updates.
COVERAGE_LINES ?= 95
COVERAGE_BRANCHES ?= 90
$(eval $(call check_builds,coverage,gcc -O0 -g --coverage -fprofile-update=atomic))
# ext/log/'s branches are held at 88%, below the others' 90%: it stands at
# 89.2% (4,128 of 4,630, with the SSE2-less driver taking the byte loops),
# the rest mostly paths that need a full scratch buffer, field-table flags
# no built-in format uses and allocation failures of the decompressors
# (docs/testing.md).
COVERAGE_LOG_BRANCHES ?= 88
# gcovr's filter, exclusions and thresholds for each part; agent_regexes.c
# is generated.
COVERAGE_PARTS = httpstatus httplog httpagent
COVERAGE_httpstatus = --filter 'ext/[^/]*$$' --fail-under-branch $(COVERAGE_BRANCHES)
COVERAGE_httplog = --filter 'ext/log/' --fail-under-branch $(COVERAGE_LOG_BRANCHES)
COVERAGE_httpagent = --filter 'ext/agent/' --exclude 'ext/agent/agent_regexes.c' \
  --fail-under-branch $(COVERAGE_BRANCHES)

coverage: $(addprefix .build/coverage/,$(CHECK_PROGRAMS)) ## line and branch coverage of each library by the suite
	find .build/coverage -name '*.gcda' -delete
	$(call check_test,coverage); status=$$?; \
	  for part in $(COVERAGE_PARTS); do \
	    case $$part in httpstatus) filter="$(COVERAGE_httpstatus)";; \
	      httplog) filter="$(COVERAGE_httplog)";; httpagent) filter="$(COVERAGE_httpagent)";; esac; \
	    eval gcovr --root . $$filter --object-directory .build/coverage \
	      --exclude-unreachable-branches --txt .build/coverage/$$part.txt --print-summary \
	      --fail-under-line $(COVERAGE_LINES) .build/coverage >.build/coverage/$$part.summary || status=1; \
	    cat .build/coverage/$$part.txt; echo "$$part:"; cat .build/coverage/$$part.summary; \
	  done; exit $$status

# ---- fuzzing ------------------------------------------------------------
#
# One libFuzzer harness per library, and one for http_geo on corrupt MaxMind
# DBs: fuzz/fuzz_NAME.c, seeded from fuzz/NAME-corpus (fuzz/corpus for
# httpstatus); new inputs go to .build/fuzz-NAME/corpus, findings to
# .build/fuzz-NAME/. Only the libraries' sources get libFuzzer's coverage
# instrumentation, so that the harnesses' own loops do not steer it.
FUZZERS = httpstatus httplog httpagent geo
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_FLAGS ?=
# libFuzzer's timeout is wall-clock time, and CI fuzzes beside other checks
# on a loaded machine: a unit of 4 s of CPU took 13 s there.
FUZZ_TIMEOUT ?= 30
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
# FUZZ_HTTPLOG_FAMILY narrows the httplog harness to one parser family:
# text, w3c, fields (ALB, ELB, HAProxy) or json.
FUZZ_HTTPLOG_FAMILY ?=
FUZZ_HTTPLOG_FAMILIES = text w3c fields json

# What each harness compiles in and links, and its own options.
FUZZ_SOURCES_httpstatus = -DSQLITE_CORE -Iext $(SOURCES) -lsqlite3
FUZZ_SOURCES_httplog = -Iext/log $(LOG_READER_SOURCES) ext/log/log_alloc_libc.c $(LOG_READER_LIBS)
FUZZ_SOURCES_httpagent = -DSQLITE_CORE -Iext/agent $(HTTPAGENT_SOURCES) -lsqlite3 $(HTTPAGENT_LIBS)
FUZZ_SOURCES_geo = -DSQLITE_CORE -Iext/log $(HTTPLOG_SOURCES) -lsqlite3 $(HTTPLOG_LIBS)
FUZZ_DEPS_httpstatus = $(SOURCES) $(HEADERS)
FUZZ_DEPS_httplog = $(LOG_READER_SOURCES) $(HTTPLOG_HEADERS)
FUZZ_DEPS_httpagent = $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
FUZZ_DEPS_geo = $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS)
FUZZ_SEEDS_httpstatus = fuzz/corpus
FUZZ_SEEDS_httplog = fuzz/httplog-corpus
FUZZ_SEEDS_httpagent = fuzz/agent-corpus
FUZZ_SEEDS_geo = fuzz/geo-corpus
# A long run's leak check at exit needs more than libFuzzer's default 2 GB
# of RSS (ASan keeps freed chunks). fuzz/geo.lsan: a leak of libmaxminddb
# itself on some corrupt files.
FUZZ_OPTIONS_httpstatus = -dict=fuzz/httpstatus.dict
FUZZ_OPTIONS_httplog = -dict=fuzz/httplog.dict -max_len=65536
FUZZ_OPTIONS_httpagent = -max_len=4096
FUZZ_OPTIONS_geo = -max_len=65536
FUZZ_ENV_httplog = FUZZ_HTTPLOG_FAMILY='$(FUZZ_HTTPLOG_FAMILY)'
FUZZ_ENV_geo = LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/geo.lsan

define fuzz_harness
.build/fuzz-$(1)/fuzz: fuzz/fuzz_$(1).c $(FUZZ_DEPS_$(1))
	@mkdir -p $$(@D)/corpus
	clang -g -O1 $(FUZZ_SANITIZE) $(WARNINGS) -Iext/log -c -o $$@.o fuzz/fuzz_$(1).c
	clang -g -O1 -fsanitize=fuzzer $(FUZZ_SANITIZE) $(WARNINGS) -o $$@ $$@.o $(FUZZ_SOURCES_$(1))
.PHONY: fuzz-$(1)
fuzz-$(1): .build/fuzz-$(1)/fuzz
	$(FUZZ_ENV_$(1)) $$< -max_total_time=$$(FUZZ_SECONDS) -timeout=$$(FUZZ_TIMEOUT) -rss_limit_mb=4096 \
	  $(FUZZ_OPTIONS_$(1)) -artifact_prefix=.build/fuzz-$(1)/ -print_final_stats=1 \
	  $$(FUZZ_FLAGS) .build/fuzz-$(1)/corpus $(FUZZ_SEEDS_$(1))
endef
$(foreach f,$(FUZZERS),$(eval $(call fuzz_harness,$(f))))

fuzz: $(addprefix fuzz-,$(FUZZERS)) ## every fuzzing harness for FUZZ_SECONDS (fuzz-NAME: one)

fuzz-smoke: ## every fuzzing harness for FUZZ_SMOKE_SECONDS
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

.PHONY: fuzz-httplog-families
fuzz-httplog-families: .build/fuzz-httplog/fuzz ## the httplog harness once per parser family
	for family in $(FUZZ_HTTPLOG_FAMILIES); do \
	  $(MAKE) fuzz-httplog FUZZ_HTTPLOG_FAMILY=$$family || exit 1; done
