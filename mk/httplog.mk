# httplog: the second library, http_log() over access logs (ext/log/).
#
#   make httplog.so        build it (part of make all)
#   make test-httplog      only the tests/httplog_*.t scripts
#   make asan-httplog      those tests against an -fsanitize=address,undefined build
#   make valgrind-httplog  those tests with the shell under valgrind
#   make fuzz-httplog      libFuzzer on fuzz/fuzz_httplog.c for FUZZ_SECONDS
#   make coverage-httplog  line and branch coverage of ext/log/ by those tests,
#                          failing below COVERAGE_LINES/BRANCHES
#
# Only sqlite3_httplog_init is exported (-fvisibility=hidden).

HTTPLOG = httplog.$(SHLIB_EXT)
HTTPLOG_SOURCES = $(wildcard ext/log/*.c)
HTTPLOG_HEADERS = $(wildcard ext/log/*.h)
HTTPLOG_LIBS = -lz -lbz2 -llzma -lzstd
HTTPLOG_TESTS = $(wildcard tests/httplog_*.t)
HTTPLOG_TEST_EXTENSION ?= ./httplog

.PHONY: test-httplog asan-httplog valgrind-httplog fuzz-httplog fuzz-httplog-smoke coverage-httplog

all: $(HTTPLOG)

$(HTTPLOG): $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -fvisibility=hidden $(SHLIB_FLAGS) -o $@ \
	  $(HTTPLOG_SOURCES) $(LDFLAGS) $(HTTPLOG_LIBS)

test-httplog: deps $(EXTENSION) $(HTTPLOG)
	SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' HTTPLOG='$(HTTPLOG_TEST_EXTENSION)' \
	  prove $(PROVE_FLAGS) $(HTTPLOG_TESTS)

# make test runs the httplog tests too (tests/ holds them).
test: $(HTTPLOG)

clean: clean-httplog
.PHONY: clean-httplog
clean-httplog:
	rm -f httplog.so httplog.dylib httplog.dll
