/* log_format_haproxy.h: HAProxy's HTTP log format (option httplog). */
#ifndef LOG_FORMAT_HAPROXY_H
#define LOG_FORMAT_HAPROXY_H

#include "log_format.h"

extern const log_family log_family_haproxy;

#endif
