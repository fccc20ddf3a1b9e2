/* log_format_text.h: the family of text formats described by a format
 * string: an Apache LogFormat string (%h %l %u %t \"%r\" %>s %b ...) or an
 * NGINX log_format string ($remote_addr - $remote_user [$time_local] ...).
 *
 * The spec is the format string, read as Apache when it holds a %
 * directive, else as NGINX when it holds a $variable. It may start with a
 * prefix naming what a collector wrote before the server's line:
 *   "syslog:"   Oct 10 13:55:36 web1 nginx: <line>
 *   "kubectl:"  2023-10-10T13:55:36.123456789Z <line>  (kubectl logs --timestamps)
 * whose fields go to extra (syslog_time, syslog_host, syslog_tag; stream_time).
 */
#ifndef LOG_FORMAT_TEXT_H
#define LOG_FORMAT_TEXT_H

#include "log_format.h"

extern const log_family log_family_text;

/* 1 when spec looks like a format string of this family (not a name). */
int log_format_text_is_spec(const char *spec);

#endif
