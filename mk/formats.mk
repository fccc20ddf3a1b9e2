# http_log()'s W3C, ALB/ELB, HAProxy and JSON formats: the line-by-line
# driver the tests use, and the benchmark. (They are fuzzed by
# fuzz/fuzz_httplog.c, make fuzz-httplog.)
#
#   make bench-formats   1M generated lines of each format, rows/s beside combined

LOG_PARSE = .build/log_parse
LOG_PARSE_SOURCES = $(LOG_READER_SOURCES) ext/log/log_alloc_libc.c

$(LOG_PARSE): tests/log_parse.c $(LOG_PARSE_SOURCES) $(wildcard ext/log/*.h)
	@mkdir -p .build
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext/log -o $@ tests/log_parse.c $(LOG_PARSE_SOURCES) \
	  $(LDFLAGS) $(HTTPLOG_LIBS)

.PHONY: bench-formats
bench-formats: $(LOG_PARSE) $(HTTPLOG)
	sh bench/formats.sh


# make bench runs the formats benchmark too.
bench: bench-formats

# Beside each instrumented build of httplog, a driver built the same way;
# tests/httplog_w3c_alb_haproxy_json.t uses the one next to $HTTPLOG, so
# coverage counts add up (same objects) and the sanitizers see the parsers.
LOG_PARSE_OBJECTS = $(patsubst ext/log/%.c,.build/coverage-httplog/%.o,$(LOG_PARSE_SOURCES))
.build/coverage-httplog/log_parse: tests/log_parse.c $(LOG_PARSE_OBJECTS)
	gcc -O0 -g --coverage $(WARNINGS) -Iext/log -o $@ tests/log_parse.c $(LOG_PARSE_OBJECTS) \
	  $(HTTPLOG_LIBS)
coverage-httplog: .build/coverage-httplog/log_parse

.build/asan-httplog/log_parse: tests/log_parse.c $(LOG_PARSE_SOURCES) $(HTTPLOG_HEADERS)
	mkdir -p $(@D)
	gcc -g -O1 $(SANITIZE) $(WARNINGS) -Iext/log -o $@ tests/log_parse.c $(LOG_PARSE_SOURCES) \
	  $(HTTPLOG_LIBS)
asan-httplog: .build/asan-httplog/log_parse

# The tests drive the parsers through it: built (and rebuilt) with the library.
test test-httplog: $(LOG_PARSE)
