/* log_format_alb.h: AWS Elastic Load Balancing access logs: Application
 * Load Balancer (spec "alb") and Classic Load Balancer (spec "elb"). */
#ifndef LOG_FORMAT_ALB_H
#define LOG_FORMAT_ALB_H

#include "log_format.h"

extern const log_family log_family_alb;

#endif
