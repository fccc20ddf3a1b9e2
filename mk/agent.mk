# httpagent: the third library, user agents parsed with uap-core's rules
# (ext/agent/; docs/agents.md).
#
#   make httpagent.so     build it (part of make all); links PCRE2
#   make agent-regexes    regenerate ext/agent/agent_regexes.c from the
#                         installed uap-core and data/bots.tsv
#   make test-agent       only the tests/agent_*.t scripts
#   make bench-agent      bench/agent.sh: the cost of the functions on the
#                         benchmark log, parses and geo lookups a second
#   make test-agent-reference  tests/agent_reference.t over every user agent
#                         of uap-core's test files (make test takes 1 in 8)
#   make tsan-agent       the threads check under ThreadSanitizer
#
# make asan, valgrind, coverage and fuzz-httpagent (mk/check.mk) check it
# with the other libraries; fuzz-geo fuzzes http_geo (in httplog) on
# corrupt MaxMind DBs.
#
# Only sqlite3_httpagent_init is exported ($(VISIBILITY)).

HTTPAGENT = httpagent.$(SHLIB_EXT)
HTTPAGENT_SOURCES = $(wildcard ext/agent/*.c)
HTTPAGENT_HEADERS = $(wildcard ext/agent/*.h) ext/export.h
HTTPAGENT_LIBS = -lpcre2-8
HTTPAGENT_TESTS = $(wildcard tests/agent_*.t)
UAP_CORE_YAML ?= /usr/share/uap-core/regexes.yaml

.PHONY: agent-regexes test-agent lint-agent bench-agent clean-agent

all: $(HTTPAGENT)

$(HTTPAGENT): $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) $(VISIBILITY) $(SHLIB_FLAGS) -o $@ \
	  $(HTTPAGENT_SOURCES) $(LDFLAGS) $(HTTPAGENT_LIBS)

# The generated rules are committed: building needs PCRE2, not uap-core.
agent-regexes: ## regenerate ext/agent/agent_regexes.c from uap-core
	/usr/bin/python3 tools/gen_agents.py --yaml $(UAP_CORE_YAML) --bots data/bots.tsv \
	  -o ext/agent/agent_regexes.c

# Every pattern compiled, without SQLite's shell (tests/agent_unit.t).
HTTPAGENT_UNIT ?= .build/agent_unit
.build/agent_unit: tests/agent_unit.c $(HTTPAGENT_SOURCES) $(HTTPAGENT_HEADERS)
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o $@ tests/agent_unit.c \
	  $(HTTPAGENT_SOURCES) $(LDFLAGS) -lsqlite3 $(HTTPAGENT_LIBS) -lpthread

test-agent: ## only the tests/agent_*.t scripts
	$(MAKE) test TESTS='$(HTTPAGENT_TESTS)'

# make test runs the agent tests too (tests/ holds them).
test: $(HTTPAGENT) .build/agent_unit

clean: clean-agent
clean-agent:
	rm -f httpagent.so httpagent.dylib httpagent.dll

# Formatting of ext/agent/ but the generated table (make lint checks tests/*.c and fuzz/*.c).
lint: lint-agent
lint-agent:
	clang-format --dry-run --Werror $(filter-out ext/agent/agent_regexes.c,$(wildcard ext/agent/*.c)) \
	  ext/agent/*.h

# ---- benchmark (bench/agent.sh, docs/performance.md) ----------------------
BENCH_AGENT_ROWS ?= 1000000
BENCH_AGENT_RUNS ?= 5
bench-agent: $(HTTPAGENT) $(HTTPLOG) ## what httpagent and http_geo cost (bench/agent.sh)
	SQLITE3='$(SQLITE3)' HTTPLOG=./httplog HTTPAGENT=./httpagent sh bench/agent.sh \
	  $(BENCH_AGENT_ROWS) $(BENCH_AGENT_RUNS) bench/agent.csv

# The reference comparison over every user agent of uap-core's test files
# (make test compares one in eight; tests/agent_reference.t).
.PHONY: test-agent-reference
test-agent-reference: $(HTTPAGENT) $(HTTPLOG) ## httpagent against python3-ua-parser on every uap-core test agent
	AGENT_REFERENCE_SAMPLE=1 HTTPAGENT='$(HTTPAGENT_TEST_EXTENSION)' prove $(PROVE_FLAGS) \
	  tests/agent_reference.t

# The threads check (tests/agent_unit.c) with the sources built under
# ThreadSanitizer (TSAN_CC, TSAN_FLAGS and TSAN_OPTIONS as make tsan's).
.PHONY: tsan-agent
tsan-agent: ## httpagent's threads check under ThreadSanitizer
	mkdir -p .build/tsan-agent
	$(TSAN_CC) $(TSAN_FLAGS) $(WARNINGS) -DSQLITE_CORE -Iext/agent -o .build/tsan-agent/agent_unit \
	  tests/agent_unit.c $(HTTPAGENT_SOURCES) -lsqlite3 $(HTTPAGENT_LIBS) -lpthread
	TSAN_OPTIONS='$(TSAN_OPTIONS)' .build/tsan-agent/agent_unit 8 20
