# ---- mutation testing (tools/mutants.sh) --------------------------------
#
#   make mutants   builds deliberately broken copies of ext/ under
#                  .build/mutants/ and runs the suite on each; fails when a
#                  mutant passes. MUTANTS="name ..." runs some only.
#   make mutants-check
#                  only applies and builds every mutant: an edit that no
#                  longer matches the code it breaks is found without
#                  running the suite 37 times.
.PHONY: mutants mutants-check
mutants: $(EXTENSION) .build/check_data ## broken copies of the code the suite must catch (MUTANTS)
	SQLITE3='$(SQLITE3)' MUTANTS='$(MUTANTS)' sh tools/mutants.sh

mutants-check: ## every mutant's edit still matches the code and builds (no tests run)
	SQLITE3='$(SQLITE3)' MUTANT_CHECK=1 sh tools/mutants.sh
