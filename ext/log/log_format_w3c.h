/* log_format_w3c.h: the W3C extended log family (IIS, CloudFront, and any
 * server writing "#Fields:" directives). See log_format_w3c.c. */
#ifndef LOG_FORMAT_W3C_H
#define LOG_FORMAT_W3C_H

#include "log_format.h"

extern const log_family log_family_w3c;

#endif
