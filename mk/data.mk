# ---- the status data (data/, tools/gen_data.pl) -------------------------
#
#   make data     check data/ and regenerate ext/status_data.c from it
#   make export   check data/ and write every table as CSV and JSON under
#                 EXPORT_DIR (http_status.csv, http_status.json, ...)
#
# tests/generated.t fails when the committed ext/status_data.c differs from
# what the generator writes; data/README.md describes the files.
.PHONY: data export
PERL ?= perl
EXPORT_DIR ?= .build/export

data: ## regenerate ext/status_data.c from data/
	$(PERL) tools/gen_data.pl --output ext/status_data.c

export: ## the status tables as CSV and JSON
	mkdir -p $(EXPORT_DIR)
	$(PERL) tools/gen_data.pl --export $(EXPORT_DIR)
