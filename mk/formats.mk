# http_log()'s W3C, ALB/ELB, HAProxy and JSON formats: the line-by-line
# driver the tests use, the benchmark and the fuzzer.
#
#   make bench-formats   1M generated lines of each format, rows/s beside combined
#   make fuzz-formats    the formats fuzzer (clang, libFuzzer); FUZZ_TIME seconds

LOG_PARSE = .build/log_parse
LOG_PARSE_SOURCES = ext/log/log_text.c ext/log/log_time.c ext/log/log_fields.c \
  ext/log/log_formats.c $(wildcard ext/log/log_format_*.c)

$(LOG_PARSE): tests/log_parse.c $(LOG_PARSE_SOURCES) $(wildcard ext/log/*.h)
	@mkdir -p .build
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -Iext/log -o $@ tests/log_parse.c $(LOG_PARSE_SOURCES) \
	  $(LDFLAGS) -lsqlite3

.PHONY: bench-formats fuzz-formats
bench-formats: $(LOG_PARSE)
	sh bench/formats.sh

FUZZ_TIME ?= 60
FUZZ_CC ?= clang
fuzz-formats:
	@mkdir -p .build/fuzz-formats-corpus
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=c99 -Iext/log \
	  -o .build/fuzz_httplog_formats fuzz/fuzz_httplog_formats.c $(LOG_PARSE_SOURCES) -lsqlite3
	.build/fuzz_httplog_formats -max_total_time=$(FUZZ_TIME) -max_len=4096 \
	  .build/fuzz-formats-corpus fuzz/corpus-formats
