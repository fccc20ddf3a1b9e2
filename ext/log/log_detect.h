/* log_detect.h: which named format a file is in, from its first lines. */
#ifndef LOG_DETECT_H
#define LOG_DETECT_H

#include <stddef.h>

#include "log_format.h"

/* Lines looked at: up to this many non-empty ones, within the first
 * LOG_PEEK_MAX bytes of the file (log_input.h). */
#define LOG_DETECT_LINES 20

/* Tries every named format (states[i] opened from log_named_formats[i],
 * start_file() already called), prefix stage included, on the lines and
 * returns the index of the one that parses the most, the earliest on a tie
 * (the one with more directive lines first), or -1 when none parses any.
 * Never chooses by file name. rec and scratch are working space. */
int log_detect(void *const *states, const char *const *lines, const size_t *lens, int nlines,
               log_record *rec, log_scratch *scratch);

#endif
