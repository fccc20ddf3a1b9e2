/* log_format_text.h: the family of text formats described by a format
 * string: an Apache LogFormat string (%h %l %u %t \"%r\" %>s %b ...) or an
 * NGINX log_format string ($remote_addr - $remote_user [$time_local] ...).
 *
 * The spec is the format string, read as Apache when it holds a %
 * directive, else as NGINX when it holds a $variable. What a collector
 * writes before the server's line (syslog, kubectl) is read by the prefix
 * stage (log_prefix.h) before this family sees the line.
 */
#ifndef LOG_FORMAT_TEXT_H
#define LOG_FORMAT_TEXT_H

#include "log_format.h"

extern const log_family log_family_text;

/* 1 when spec looks like a format string of this family (not a name). */
int log_format_text_is_spec(const char *spec);

#endif
