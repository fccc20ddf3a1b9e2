/* log_format_fields.h: logs of fixed fields in a fixed order, each format a
 * table of fields (AWS Application and Classic Load Balancers, HAProxy's
 * HTTP log), read by one splitter. The spec of a named format is the name
 * of its table: "alb", "elb" or "haproxy". See log_format_fields.c. */
#ifndef LOG_FORMAT_FIELDS_H
#define LOG_FORMAT_FIELDS_H

#include "log_format.h"

extern const log_family log_family_fields;

#endif
