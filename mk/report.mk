# httpstatus-report (tools/report/): a report over access logs, in the
# terminal, as one HTML page (-o) or as JSON (--json).
#
#   make                  builds .build/httpstatus-report too
#   make report LOG=access.log [DB=logs.db] [OUT=report.html]
#                         the report on LOG (a file or a glob); with DB,
#                         LOG is first imported into DB (when given) and the
#                         report reads DB; with OUT, the HTML page goes there
#   make bench-report     the HTML report against GoAccess's on the 1M-line
#                         log of bench/httplog.sh: CPU time and peak memory
#                         (bench/report.sh; results in bench/report.csv)
#   make report-screenshots  the reference screenshots of tests/report_html.t
#                         and those of docs/report.md, taken again (Chromium)
#
# httpstatus and httplog are compiled in (-DSQLITE_CORE): nothing to load.
# The panels' queries, examples/report/*.sql, are compiled in as text.
REPORT = .build/httpstatus-report
REPORT_SOURCES = $(wildcard tools/report/*.c)
REPORT_SQL = $(sort $(wildcard examples/report/*.sql))
REPORT_SQL_ORDER = $(shell ls examples/report/*.sql | sort -t/ -k3 -n)

.PHONY: report bench-report report-screenshots
all: $(REPORT)

.build/report_sql.h: $(REPORT_SQL) tools/report/sql_header.sh
	mkdir -p $(@D)
	sh tools/report/sql_header.sh $(REPORT_SQL_ORDER) >$@.tmp && mv $@.tmp $@

$(REPORT): $(REPORT_SOURCES) tools/report/report.h .build/report_sql.h $(SOURCES) $(HEADERS) \
  $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS)
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -DSQLITE_CORE -Iext -Iext/log -I.build -o $@ \
	  $(REPORT_SOURCES) $(SOURCES) $(HTTPLOG_SOURCES) $(LDFLAGS) -lsqlite3 $(HTTPLOG_LIBS) -lm

# LOG, DB and OUT reach the commands through the environment, so that any
# file name passes unchanged.
report: deps $(REPORT) $(IMPORT_LOG) ## LOG=... [DB=...] [OUT=...]: the report
	@if [ -z "$$LOG" ] && [ -z "$$DB" ]; then \
	  echo 'usage: make report LOG=access.log [DB=logs.db] [OUT=report.html]' >&2; exit 2; fi
	@if [ -n "$$LOG" ] && [ -n "$$DB" ]; then $(IMPORT_LOG) -- "$$DB" "$$LOG" || exit 1; fi
	@if [ -n "$$DB" ]; then set -- --db "$$DB"; else set -- -- "$$LOG"; fi; \
	  $(REPORT) $${OUT:+-o "$$OUT"} "$$@" && if [ -n "$$OUT" ]; then echo "report: $$OUT"; fi

test: $(REPORT)
packaged-programs: $(REPORT)

.PHONY: install-report
install-report: $(REPORT)
	install -d '$(DESTDIR)$(BINDIR)'
	install -m 0755 $(REPORT) '$(DESTDIR)$(BINDIR)/httpstatus-report'

# The man page is generated from --help and committed (tests/report_cli.t
# checks that it is today's).
man/httpstatus-report.1: $(REPORT) tools/report/man.sh
	sh tools/report/man.sh $(REPORT) >$@.tmp && mv $@.tmp $@

BENCH_REPORT_ROWS ?= 1000000
BENCH_REPORT_RUNS ?= 3
bench-report: $(REPORT) ## the HTML report against GoAccess
	REPORT=$(REPORT) sh bench/report.sh $(BENCH_REPORT_ROWS) $(BENCH_REPORT_RUNS) bench/report.csv

report-screenshots: $(REPORT) ## retake the report's reference screenshots
	REPORT=$(REPORT) UPDATE_SCREENSHOTS=1 prove tests/report_html.t
	REPORT=$(REPORT) sh tools/report/docs_screenshots.sh

lint: lint-report
.PHONY: lint-report
lint-report:
	clang-format --dry-run --Werror tools/report/*.c tools/report/*.h

# A copy of the report with a stand-in http_agent_is_bot() (tests/report_bots.t).
REPORT_BOTS = .build/report-bots/httpstatus-report
$(REPORT_BOTS): $(REPORT_SOURCES) tools/report/report.h .build/report_sql.h $(SOURCES) $(HEADERS) \
  $(HTTPLOG_SOURCES) $(HTTPLOG_HEADERS) tests/report_agent_stub.c
	mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARNINGS) -DSQLITE_CORE -Iext -Iext/log -I.build -o $@ \
	  -Wl,--wrap=sqlite3_httpstatus_init tests/report_agent_stub.c $(REPORT_SOURCES) $(SOURCES) \
	  $(HTTPLOG_SOURCES) $(LDFLAGS) -lsqlite3 $(HTTPLOG_LIBS) -lm
test: $(REPORT_BOTS)
