# ---- mutation testing (tools/mutants.sh) --------------------------------
#
#   make mutants   builds deliberately broken copies of ext/ under
#                  .build/mutants/ and runs the suite on each; fails when a
#                  mutant passes. MUTANTS="name ..." runs some only.
.PHONY: mutants
mutants: $(EXTENSION) .build/check_data ## broken copies of the code the suite must catch (MUTANTS)
	SQLITE3='$(SQLITE3)' MUTANTS='$(MUTANTS)' sh tools/mutants.sh
