# http_log()'s W3C, ALB/ELB, HAProxy and JSON formats: the line-by-line
# driver the tests use, and the benchmark. (They are fuzzed by
# fuzz/fuzz_httplog.c, make fuzz-httplog: mk/check.mk.)
#
#   make bench-formats   1M generated lines of each format, rows/s beside combined

LOG_PARSE = .build/log_parse
LOG_PARSE_SOURCES = $(LOG_READER_SOURCES) ext/log/log_alloc_libc.c

$(LOG_PARSE): tests/log_parse.c $(LOG_PARSE_SOURCES) $(wildcard ext/log/*.h)
	@mkdir -p .build
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext/log -o $@ tests/log_parse.c $(LOG_PARSE_SOURCES) \
	  $(LDFLAGS) $(LOG_READER_LIBS)

# The same driver built without SSE2 (-U__SSE2__), so that every scan that
# reads 16 bytes at a time falls back to its byte-at-a-time loop:
# tests/httplog_simd.t compares the rows the two builds make.
LOG_PARSE_BYTEWISE = .build/log_parse_bytewise

$(LOG_PARSE_BYTEWISE): tests/log_parse.c $(LOG_PARSE_SOURCES) $(wildcard ext/log/*.h)
	@mkdir -p .build
	$(CC) $(CPPFLAGS) -U__SSE2__ $(CFLAGS) $(WARNINGS) -Iext/log -o $@ tests/log_parse.c \
	  $(LOG_PARSE_SOURCES) $(LDFLAGS) $(LOG_READER_LIBS)

.PHONY: bench-formats
bench-formats: $(LOG_PARSE) $(HTTPLOG) ## each log format against combined and DuckDB
	sh bench/formats.sh


# make bench runs the formats benchmark too.
bench: bench-formats

# The tests drive the parsers through it: built (and rebuilt) with the library.
test: $(LOG_PARSE) $(LOG_PARSE_BYTEWISE)
