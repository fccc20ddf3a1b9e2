/* log_detect.c: format detection (see log_detect.h). */
#include "log_detect.h"

#include <string.h>

#include "log_formats.h"
#include "log_prefix.h"
#include "log_text.h"

int log_detect(void *const *states, const char *const *lines, const size_t *lens, int nlines,
               log_record *rec, log_scratch *scratch) {
  int best = -1, best_exact = 0, best_parsed = 0, best_directives = 0, i, k;
  int valid[LOG_DETECT_LINES];
  for (k = 0; k < nlines && k < LOG_DETECT_LINES; k++) valid[k] = log_utf8_valid(lines[k], lens[k]);
  for (i = 0; i < log_named_format_count; i++) {
    const log_named_format *f = &log_named_formats[i];
    int exact = 0, parsed = 0, directives = 0;
    for (k = 0; k < nlines && k < LOG_DETECT_LINES; k++) {
      enum log_parse_result r;
      if (log_scratch_begin(scratch, lens[k]) != 0) return best;
      log_record_clear(rec);
      rec->line_valid = valid[k];
      r = log_prefix_parse(f->prefix, f->family, states[i], lines[k], lens[k], rec, scratch);
      parsed += r == LOG_PARSED && rec->trailing != LOG_TRAILING_AFTER_FIELD;
      exact += r == LOG_PARSED && rec->trailing == LOG_TRAILING_NONE;
      directives += r == LOG_DIRECTIVE;
    }
    /* most lines read exactly (no trailing fields), then most lines read
     * (trailing fields only after a quote), then most directives; the
     * earliest on a tie */
    if (exact > best_exact || (exact == best_exact && parsed > best_parsed) ||
        (exact == best_exact && parsed == best_parsed && parsed > 0 &&
         directives > best_directives)) {
      best = i;
      best_exact = exact;
      best_parsed = parsed;
      best_directives = directives;
    }
  }
  return best;
}
