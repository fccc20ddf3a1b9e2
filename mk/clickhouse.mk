# ---- ClickHouse: the status data as dictionaries (tools/clickhouse/) -------
#
#   make clickhouse       write the dictionaries, their data and the functions
#                         as ClickHouse expressions into CLICKHOUSE_DIR
#   make test-clickhouse  start a two-shard ClickHouse on loopback ports, load
#                         the shipped logs, and check the cookbook's answers
#                         against SQLite's (needs clickhouse-server and
#                         clickhouse-client; skips without them unless CI=true)
#   make bench-scale      the measurements of docs/scale.md (long; SCALE_ROWS)
.PHONY: clickhouse test-clickhouse bench-scale

CLICKHOUSE_DIR ?= .build/clickhouse
SCALE_ROWS ?= 1000000 10000000

clickhouse: $(EXTENSION)
	sh tools/clickhouse/gen_clickhouse.sh $(CLICKHOUSE_DIR) $(TEST_EXTENSION)

test-clickhouse: clickhouse $(IMPORT_LOG) ## the ClickHouse dictionaries against SQLite on a two-shard cluster
	SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' CH_DICTS='$(CLICKHOUSE_DIR)' \
	  prove $(PROVE_FLAGS) -e sh tests/clickhouse.sh

bench-scale: clickhouse ## 1M to 100M rows against ClickHouse
	SQLITE3='$(SQLITE3)' EXTENSION='$(TEST_EXTENSION)' CH_DICTS='$(CLICKHOUSE_DIR)' \
	  sh bench/scale.sh $(SCALE_ROWS)
