/* log_prefix.h: what a collector writes before the server's line, read as
 * one stage in front of any format (log_format.h, enum log_prefix).
 *
 *   syslog   [<pri>[1 ]]Oct 10 13:55:36 host tag: <line>   (or an RFC 3339
 *            time instead of the BSD one), as rsyslog stores what NGINX's
 *            access_log syslog: or HAProxy sends; extra gets syslog_time,
 *            syslog_host and syslog_tag (the tag without its colon).
 *   kubectl  2023-10-10T13:55:36.123456789Z <line>, as kubectl logs
 *            --timestamps prints it; extra gets stream_time.
 *
 * Times are checked (a 31 February is no prefix) and kept as written: a
 * syslog time has no year, so it cannot become the row's time, which is the
 * server's own.
 */
#ifndef LOG_PREFIX_H
#define LOG_PREFIX_H

#include <stddef.h>

#include "log_format.h"

/* Parses one line of a format: the prefix stage, then the family on the
 * rest. A required prefix that is not there makes an error row; an
 * optional one that is not there leaves the whole line to the family.
 * Offsets in error reasons count from the start of the line. */
enum log_parse_result log_prefix_parse(enum log_prefix prefix, const log_family *family,
                                       void *state, const char *line, size_t n, log_record *rec,
                                       log_scratch *scratch);

#endif
