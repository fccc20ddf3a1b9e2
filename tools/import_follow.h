/* import_follow.h: --follow (see import_follow.c). */
#ifndef IMPORT_FOLLOW_H
#define IMPORT_FOLLOW_H

#include <stddef.h>

#include "import_db.h"
#include "import_file.h"

/* Imports paths[0..n) and then what is written to them, until SIGINT or
 * SIGTERM (or until every one is done: compressed files, standard input).
 * Returns the exit status: 0, or 1 when a file failed. */
int import_follow(import_db *db, const import_options *opt, char *const *paths, size_t n);

#endif
