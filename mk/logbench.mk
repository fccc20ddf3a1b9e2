# make bench-httplog: http_log() and the importer on a generated combined log
# of BENCH_HTTPLOG_ROWS lines against lnav, goaccess, gzip -dc and SQLite's own
# INSERT ... SELECT, plus peak memory at that size and at
# BENCH_HTTPLOG_BIG_ROWS lines (bench/httplog.sh; needs Debian's lnav goaccess
# time). Medians of BENCH_HTTPLOG_RUNS runs; results in bench/httplog.csv.
# make bench runs it too.
.PHONY: bench-httplog
BENCH_HTTPLOG_ROWS ?= 1000000
BENCH_HTTPLOG_BIG_ROWS ?= 10000000
BENCH_HTTPLOG_RUNS ?= 3

bench-httplog: $(HTTPLOG) $(IMPORT_LOG) ## http_log against mawk, lnav and GoAccess
	SQLITE3='$(SQLITE3)' HTTPLOG=./httplog IMPORT_LOG=$(IMPORT_LOG) sh bench/httplog.sh \
	  $(BENCH_HTTPLOG_ROWS) $(BENCH_HTTPLOG_RUNS) bench/httplog.csv $(BENCH_HTTPLOG_BIG_ROWS)

bench: bench-httplog
