/* log_formats.c: the table of named formats, one line each. Detection
 * (log_detect.c) tries them in this order and keeps the earliest among
 * those that parse the most lines, so a format that is another one with
 * more fields comes before it. A new format is a new line here (and, for a
 * new family, a log_format_<family>.c). */
#include "log_formats.h"

#include <string.h>

#include "log_format_alb.h"
#include "log_format_haproxy.h"
#include "log_format_json.h"
#include "log_format_text.h"
#include "log_format_w3c.h"

#define COMBINED "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""
#define NGINX_MAIN                                                                                 \
  "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "               \
  "\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\""

const log_named_format log_named_formats[] = {
    {"vhost_combined", &log_family_text,
     "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"",
     "Apache combined after the virtual host and port (Debian's other_vhosts_access.log)"},
    {"nginx_upstream", &log_family_text,
     "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
     "\"$http_referer\" \"$http_user_agent\" rt=$request_time uct=\"$upstream_connect_time\" "
     "uht=\"$upstream_header_time\" urt=\"$upstream_response_time\"",
     "NGINX combined with request and upstream times as rt= uct= uht= urt="},
    {"nginx_timed", &log_family_text, NGINX_MAIN " $request_time $upstream_response_time",
     "nginx_main followed by $request_time and $upstream_response_time"},
    {"nginx_main", &log_family_text, NGINX_MAIN,
     "combined followed by \"$http_x_forwarded_for\" (the main format of nginx.conf)"},
    {"combined_usec", &log_family_text, COMBINED " %D",
     "combined followed by the time taken in microseconds (%D)"},
    {"combined", &log_family_text, COMBINED, "NCSA combined: common, referrer and user agent"},
    {"vhost_common", &log_family_text, "%v %h %l %u %t \"%r\" %>s %b",
     "common after the virtual host"},
    {"common", &log_family_text, "%h %l %u %t \"%r\" %>s %b", "NCSA common log format"},
    {"syslog_nginx_main", &log_family_text, "syslog:" NGINX_MAIN,
     "nginx_main sent through syslog (Oct 10 13:55:36 web1 nginx: ...)"},
    {"syslog_combined", &log_family_text, "syslog:" COMBINED,
     "combined sent through syslog (Oct 10 13:55:36 web1 nginx: ...)"},
    {"kubectl_nginx_main", &log_family_text, "kubectl:" NGINX_MAIN,
     "nginx_main as kubectl logs --timestamps prints it"},
    {"kubectl_combined", &log_family_text, "kubectl:" COMBINED,
     "combined as kubectl logs --timestamps prints it"},
    {"w3c", &log_family_w3c, "", "W3C extended log read by its #Fields: lines (IIS, CloudFront)"},
    {"alb", &log_family_alb, "alb", "AWS Application Load Balancer access log"},
    {"elb", &log_family_alb, "elb", "AWS Classic Load Balancer access log"},
    {"haproxy", &log_family_haproxy, "", "HAProxy HTTP log (option httplog)"},
    {"caddy", &log_family_json, LOG_JSON_CADDY, "Caddy access log (JSON lines)"},
    {"traefik_json", &log_family_json, LOG_JSON_TRAEFIK, "Traefik access log in JSON"},
    {"cloudflare", &log_family_json, LOG_JSON_CLOUDFLARE, "Cloudflare Logpush HTTP requests"},
    {"nginx_json", &log_family_json, LOG_JSON_NGINX, "NGINX escape=json, NGINX names"},
};

const int log_named_format_count = (int)(sizeof log_named_formats / sizeof log_named_formats[0]);

int log_format_find(const char *name) {
  int i;
  for (i = 0; i < log_named_format_count; i++)
    if (strcmp(log_named_formats[i].name, name) == 0) return i;
  return -1;
}
