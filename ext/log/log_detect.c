/* log_detect.c: format detection (see log_detect.h). */
#include "log_detect.h"

#include <string.h>

#include "log_formats.h"
#include "log_prefix.h"
#include "log_text.h"

int log_detect(void *const *states, const char *const *lines, const size_t *lens, int nlines,
               log_record *rec, log_scratch *scratch) {
  int best = -1, best_parsed = 0, best_directives = 0, i, k;
  for (i = 0; i < log_named_format_count; i++) {
    const log_named_format *f = &log_named_formats[i];
    int parsed = 0, directives = 0;
    for (k = 0; k < nlines; k++) {
      enum log_parse_result r;
      if (log_scratch_begin(scratch, lens[k]) != 0) return best;
      memset(rec, 0, sizeof *rec);
      r = log_prefix_parse(f->prefix, f->family, states[i], lines[k], lens[k], rec, scratch);
      parsed += r == LOG_PARSED;
      directives += r == LOG_DIRECTIVE;
    }
    if (parsed > best_parsed ||
        (parsed == best_parsed && parsed > 0 && directives > best_directives)) {
      best = i;
      best_parsed = parsed;
      best_directives = directives;
    }
  }
  return best;
}
