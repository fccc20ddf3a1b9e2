/* log_formats.c: the named formats, each declared once, with real lines.
 *
 * Detection (log_reader.c) tries them in this order and keeps the earliest
 * among those that parse the most lines, so a format that is another one
 * with more fields comes before it. Adding a format is adding an entry:
 * its family, the spec that family reads, the prefix a collector writes,
 * a description and at least one real sample line with where it comes from
 * (docs/formats.md, "Adding a format"). tests/httplog_formats_table.t reads
 * every sample back and checks that detection names its own format.
 */
#include "log_formats.h"

#include <stdio.h>
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
    {.name = "vhost_combined",
     .family = &log_family_text,
     .spec = "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"",
     .description = "Apache combined after the virtual host and port (Debian's "
                    "other_vhosts_access.log)",
     .sample_source = "data/logs/beats-nginx/test-with-host.log",
     .sample = "example.com:80 81.2.69.143 - - [07/Dec/2016:11:05:07 +0100] \"GET /ocelot "
               "HTTP/1.1\" 200 571 \"-\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_0) "
               "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36\"\n"},
    {.name = "nginx_upstream",
     .family = &log_family_text,
     .spec =
         "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
         "\"$http_referer\" \"$http_user_agent\" rt=$request_time uct=\"$upstream_connect_time\" "
         "uht=\"$upstream_header_time\" urt=\"$upstream_response_time\"",
     .description = "NGINX combined with request and upstream times as rt= uct= uht= urt="},
    {.name = "nginx_timed",
     .family = &log_family_text,
     .spec = NGINX_MAIN " $request_time $upstream_response_time",
     .description = "nginx_main followed by $request_time and $upstream_response_time"},
    {.name = "nginx_main",
     .family = &log_family_text,
     .spec = NGINX_MAIN,
     .description =
         "combined followed by \"$http_x_forwarded_for\" (the main format of nginx.conf)",
     .sample_source = "data/logs/lnav-shop-nginx/logfile_shop_access_log.0.gz",
     .sample =
         "31.56.96.51 - - [22/Jan/2019:03:56:16 +0330] \"GET /image/60844/productModel/200x200 "
         "HTTP/1.1\" 200 5667 \"https://www.zanbil.ir/m/filter/b113\" \"Mozilla/5.0 (Linux; "
         "Android 6.0; ALE-L21 Build/HuaweiALE-L21) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/66.0.3359.158 Mobile Safari/537.36\" \"-\"\n"},
    {.name = "combined_usec",
     .family = &log_family_text,
     .spec = COMBINED " %D",
     .description = "combined followed by the time taken in microseconds (%D)"},
    {.name = "combined",
     .family = &log_family_text,
     .spec = COMBINED,
     .description = "NCSA combined: common, referrer and user agent",
     .sample_source = "data/logs/elastic-apache/apache_logs.gz",
     .sample = "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET "
               "/presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 "
               "203023 \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" "
               "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like "
               "Gecko) Chrome/32.0.1700.77 Safari/537.36\"\n"},
    {.name = "vhost_common",
     .family = &log_family_text,
     .spec = "%v %h %l %u %t \"%r\" %>s %b",
     .description = "common after the virtual host"},
    {.name = "common",
     .family = &log_family_text,
     .spec = "%h %l %u %t \"%r\" %>s %b",
     .description = "NCSA common log format",
     .sample_source = "data/logs/beats-apache/darwin-2.4.23.log",
     .sample = "::1 - - [26/Dec/2016:16:16:28 +0200] \"GET / HTTP/1.1\" 200 45\n"},
    {.name = "syslog_nginx_main",
     .family = &log_family_text,
     .spec = NGINX_MAIN,
     .prefix = LOG_PREFIX_SYSLOG,
     .description = "nginx_main sent through syslog (Oct 10 13:55:36 web1 nginx: ...)"},
    {.name = "syslog_combined",
     .family = &log_family_text,
     .spec = COMBINED,
     .prefix = LOG_PREFIX_SYSLOG,
     .description = "combined sent through syslog (Oct 10 13:55:36 web1 nginx: ...)"},
    {.name = "kubectl_nginx_main",
     .family = &log_family_text,
     .spec = NGINX_MAIN,
     .prefix = LOG_PREFIX_KUBECTL,
     .description = "nginx_main as kubectl logs --timestamps prints it"},
    {.name = "kubectl_combined",
     .family = &log_family_text,
     .spec = COMBINED,
     .prefix = LOG_PREFIX_KUBECTL,
     .description = "combined as kubectl logs --timestamps prints it"},
    {.name = "w3c",
     .family = &log_family_w3c,
     .spec = "",
     .description = "W3C extended log read by its #Fields: lines (IIS, CloudFront)",
     .sample_source = "data/logs/lnav-iis-w3c/logfile_w3c_big.0",
     .sample = "#Software: Microsoft Internet Information Services 8.5\n"
               "#Version: 1.0\n"
               "#Date: 2015-01-13 00:32:17\n"
               "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
               "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes "
               "cs-bytes time-taken\n"
               "2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 "
               "Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm) - 404 0 2 "
               "1405 242 283\n"},
    {.name = "alb",
     .family = &log_family_alb,
     .spec = "alb",
     .description = "AWS Application Load Balancer access log",
     .sample_source = "data/logs/crowdsec-alb/aws-alb-logs.log",
     .sample =
         "http 2023-04-26T12:22:55.463821Z app/546213e5-apiexamplecom-api-94aa/490d68edf04676fe "
         "192.168.1.10:44740 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET "
         "http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
         "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/"
         "73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 "
         "2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" "
         "\"-\"\n"},
    {.name = "elb",
     .family = &log_family_alb,
     .spec = "elb",
     .description = "AWS Classic Load Balancer access log",
     .sample_source = "data/logs/awsdocs-elb/access-log-collection-examples.log",
     .sample = "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 "
               "0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ "
               "HTTP/1.1\" \"curl/7.38.0\" - -\n"},
    {.name = "haproxy",
     .family = &log_family_haproxy,
     .spec = "",
     .prefix = LOG_PREFIX_SYSLOG_OPTIONAL,
     .description = "HAProxy HTTP log (option httplog), with or without a syslog prefix",
     .sample_source = "data/logs/lnav-haproxy/logfile_haproxy.0",
     .sample = "Feb 25 16:19:49 192.168.4.2 haproxy[7]: 92.193.212.151:59841 "
               "[25/Feb/2019:16:19:49.851] prod_http_in~ bk_ktest_kt/nginx_sonst 0/0/0/62/62 200 "
               "306 - - ---- 3/2/0/0/0 0/0 {Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) "
               "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.109 Safari/537.36} {} "
               "\"POST /portal/?Script=934&onlinetest=speichereKorrektur&anm=10347 HTTP/1.1\"\n"},
    /* JSON mappings (log_format_json.c): each requires a key the others
     * lack, so detection tells them apart; nginx_json, which needs only
     * "status", comes last. */
    {.name = "caddy",
     .family = &log_family_json,
     .spec = "require=request.method,time=ts,client=request.client_ip|request.remote_ip,"
             "remote_user=user_id,method=request.method,uri=request.uri,protocol=request.proto,"
             "host=request.host,user_agent=request.headers.User-Agent,"
             "referrer=request.headers.Referer,status=status,bytes=size,duration=duration",
     .description = "Caddy access log (JSON lines)",
     .sample_source = "data/logs/lnav-caddy/logfile_caddy_log.1",
     .sample = "{\"level\":\"info\",\"ts\":1716723772.6014807,\"logger\":\"http.log.access.log17\","
               "\"msg\":\"handled "
               "request\",\"request\":{\"remote_ip\":\"10.5.1.1\",\"remote_port\":\"38574\","
               "\"client_ip\":\"10.10.10.117\",\"proto\":\"HTTP/"
               "2.0\",\"method\":\"GET\",\"host\":\"mirrors.tnonline.net:400\",\"uri\":\"/gentoo/"
               "gentoo-distfiles/distfiles/9b/"
               "tl-hrlatex.source-2021.tar.xz\",\"headers\":{\"Accept\":[\"*/"
               "*\"],\"User-Agent\":[\"facebookexternalhit/1.1 "
               "(+http://www.facebook.com/"
               "externalhit_uatext.php)\"],\"X-Forwarded-For\":[\"10.10.10.117\"],\"X-Forwarded-"
               "Proto\":[\"https\"],\"X-Forwarded-Host\":[\"mirrors.tnonline.net\"],\"Accept-"
               "Encoding\":[\"gzip\"]}},\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.017557019,"
               "\"size\":3768,\"status\":200,\"resp_headers\":{\"X-Content-Type-Options\":["
               "\"nosniff\"],\"X-Frame-Options\":[\"DENY\"],\"Vary\":[\"Accept-Encoding\"],"
               "\"Content-Length\":[\"3768\"],\"Strict-Transport-Security\":[\"max-age=31968001; "
               "preload\"],\"Content-Security-Policy\":[\"default-src "
               "'self'\"],\"Last-Modified\":[\"Thu, 01 Apr 2021 22:01:15 "
               "GMT\"],\"Permissions-Policy\":[\"none\"],\"Cache-Control\":[\"max-age=2592000, "
               "public\"],\"Content-Type\":[\"application/"
               "x-xz\"],\"Accept-Ranges\":[\"bytes\"],\"Server\":[\"Caddy\"],\"Referrer-Policy\":["
               "\"same-origin\"],\"Etag\":[\"\\\"cacq4sswpg5c2wo\\\"\"]}}\n"},
    {.name = "traefik_json",
     .family = &log_family_json,
     .spec = "require=RequestMethod,time=StartUTC|StartLocal|time,client=ClientHost|ClientAddr,"
             "remote_user=ClientUsername,method=RequestMethod,uri=RequestPath,"
             "protocol=RequestProtocol,host=RequestHost,port=RequestPort,"
             "status=DownstreamStatus,bytes=DownstreamContentSize,referrer=request_Referer,"
             "user_agent=request_User-Agent,duration=Duration/ns",
     .description = "Traefik access log in JSON",
     .sample_source = "data/logs/crowdsec-traefik/traefik_json.log",
     .sample =
         "{\"ClientAddr\":\"172.17.0.1:39496\",\"ClientHost\":\"172.17.0.1\",\"ClientPort\":"
         "\"39496\",\"ClientUsername\":\"-\",\"DownstreamContentSize\":357,\"DownstreamStatus\":"
         "200,\"Duration\":357313,\"OriginContentSize\":357,\"OriginDuration\":324669,"
         "\"OriginStatus\":200,\"Overhead\":32644,\"RequestAddr\":\"test.docker.localhost\","
         "\"RequestContentSize\":0,\"RequestCount\":190,\"RequestHost\":\"test.docker.localhost\","
         "\"RequestMethod\":\"GET\",\"RequestPath\":\"/"
         "594VAEoi.save\",\"RequestPort\":\"-\",\"RequestProtocol\":\"HTTP/"
         "1.1\",\"RequestScheme\":\"http\",\"RetryAttempts\":0,\"RouterName\":\"test@docker\","
         "\"ServiceAddr\":\"172.17.0.3:80\",\"ServiceName\":\"test@docker\",\"ServiceURL\":{"
         "\"Scheme\":\"http\",\"Opaque\":\"\",\"User\":null,\"Host\":\"172.17.0.3:80\",\"Path\":"
         "\"\",\"RawPath\":\"\",\"ForceQuery\":false,\"RawQuery\":\"\",\"Fragment\":\"\","
         "\"RawFragment\":\"\"},\"StartLocal\":\"2021-12-08T14:02:43.587782192Z\",\"StartUTC\":"
         "\"2021-12-08T14:02:43.587782192Z\",\"downstream_Content-Length\":\"357\",\"downstream_"
         "Content-Type\":\"text/plain; charset=utf-8\",\"downstream_Date\":\"Wed, 08 Dec 2021 "
         "14:02:43 "
         "GMT\",\"entryPointName\":\"http\",\"level\":\"info\",\"msg\":\"\",\"origin_Content-"
         "Length\":\"357\",\"origin_Content-Type\":\"text/plain; "
         "charset=utf-8\",\"origin_Date\":\"Wed, 08 Dec 2021 14:02:43 "
         "GMT\",\"request_Connection\":\"Keep-Alive\",\"request_User-Agent\":\"Nikto\",\"request_X-"
         "Forwarded-Host\":\"test.docker.localhost\",\"request_X-Forwarded-Port\":\"80\",\"request_"
         "X-Forwarded-Proto\":\"http\",\"request_X-Forwarded-Server\":\"8f4adf27f2ad\",\"request_X-"
         "Real-Ip\":\"172.17.0.1\",\"time\":\"2021-12-08T14:02:43Z\"}\n"},
    {.name = "cloudflare",
     .family = &log_family_json,
     .spec = "require=ClientRequestMethod,time=EdgeStartTimestamp,client=ClientIP,"
             "method=ClientRequestMethod,uri=ClientRequestURI,protocol=ClientRequestProtocol,"
             "host=ClientRequestHost,status=EdgeResponseStatus,bytes=EdgeResponseBytes,"
             "referrer=ClientRequestReferer,user_agent=ClientRequestUserAgent",
     .description = "Cloudflare Logpush HTTP requests",
     .sample_source = "data/logs/lnav-cloudflare/logfile_cloudflare.json",
     .sample =
         "{\"ClientIP\":\"87.226.160.250\",\"ClientRequestHost\":\"www.ripe.net\","
         "\"ClientRequestMethod\":\"HEAD\",\"ClientRequestURI\":\"/"
         "\",\"EdgeEndTimestamp\":\"2022-10-30T00:00:02Z\",\"EdgeResponseBytes\":570,"
         "\"EdgeResponseStatus\":301,\"EdgeStartTimestamp\":\"2022-10-30T00:00:02Z\",\"RayID\":"
         "\"761fde4e984e5ab2\",\"CacheCacheStatus\":\"unknown\",\"CacheTieredFill\":false,"
         "\"CacheResponseBytes\":0,\"CacheResponseStatus\":0,\"FirewallMatchesActions\":[],"
         "\"FirewallMatchesRuleIDs\":[],\"FirewallMatchesSources\":[],\"OriginResponseBytes\":0,"
         "\"OriginResponseDurationMs\":0,\"OriginResponseHTTPExpires\":\"\","
         "\"OriginResponseHTTPLastModified\":\"\",\"OriginResponseHeaderReceiveDurationMs\":0,"
         "\"OriginResponseStatus\":0,\"OriginResponseTime\":0,\"OriginDNSResponseTimeMs\":0,"
         "\"OriginIP\":\"\",\"OriginRequestHeaderSendDurationMs\":0,\"OriginSSLProtocol\":"
         "\"unknown\",\"OriginTCPHandshakeDurationMs\":0,\"OriginTLSHandshakeDurationMs\":0,"
         "\"WAFAction\":\"unknown\",\"WAFFlags\":\"0\",\"WAFMatchedVar\":\"\",\"WAFProfile\":"
         "\"unknown\",\"WAFRuleID\":\"\",\"WAFRuleMessage\":\"\",\"ClientASN\":12389,"
         "\"ClientCountry\":\"ru\",\"ClientDeviceType\":\"desktop\",\"ClientIPClass\":\"noRecord\","
         "\"ClientRequestBytes\":567,\"ClientRequestPath\":\"/\",\"ClientRequestProtocol\":\"HTTP/"
         "1.1\",\"ClientRequestUserAgent\":\"\",\"ClientRequestReferer\":\"\","
         "\"ClientRequestScheme\":\"http\",\"ClientRequestSource\":\"eyeball\"}\n"},
    {.name = "nginx_json",
     .family = &log_family_json,
     .spec = "time=time_iso8601|time_local|msec,client=remote_addr,remote_user=remote_user,"
             "request=request,method=request_method,uri=request_uri,protocol=server_protocol,"
             "status=status,bytes=body_bytes_sent|bytes_sent,referrer=http_referer,"
             "user_agent=http_user_agent,host=host|http_host|server_name,port=server_port,"
             "duration=request_time",
     .description = "NGINX escape=json, NGINX names",
     .sample_source = "data/logs/stanza-nginx-json/nginx-observiq.log",
     .sample = "{\"remote_addr\":\"10.33.104.40\",\"remote_user\":\"-\",\"time_local\":\"25/Feb/"
               "2021:16:20:01 -0500\",\"request\":\"GET /about-us?app=prod&user=james&app=stage "
               "HTTP/"
               "1.1\",\"status\":\"404\",\"body_bytes_sent\":\"178\",\"http_referer\":\"-\",\"http_"
               "user_agent\":\"curl/"
               "7.58.0\",\"request_length\":\"114\",\"request_time\":\"0.000\",\"upstream_addr\":"
               "\"-\",\"upstream_response_length\":\"-\",\"upstream_response_time\":\"-\","
               "\"upstream_status\":\"-\",\"proxy_add_x_forwarded_for\":\"10.33.104.40\",\"bytes_"
               "sent\":\"342\",\"time_iso8601\":\"2021-02-25T16:20:01-05:00\",\"upstream_connect_"
               "time\":\"-\",\"upstream_header_time\":\"-\",\"http_x_forwarded_for\":\"-\"}\n"},
};

const int log_named_format_count = (int)(sizeof log_named_formats / sizeof log_named_formats[0]);

int log_format_find(const char *name) {
  int i;
  for (i = 0; i < log_named_format_count; i++)
    if (strcmp(log_named_formats[i].name, name) == 0) return i;
  return -1;
}

/* The prefixes a format argument may start with. */
static const struct {
  const char *text;
  enum log_prefix prefix;
} argument_prefixes[] = {{"syslog:", LOG_PREFIX_SYSLOG}, {"kubectl:", LOG_PREFIX_KUBECTL}};

int log_format_resolve(const char *arg, log_format_choice *choice, char *err, size_t errsz) {
  const char *given = arg;
  size_t i;
  int named;
  memset(choice, 0, sizeof *choice);
  choice->named = -1;
  if (!arg || !*arg || strcmp(arg, "auto") == 0) {
    choice->detect = 1;
    return 0;
  }
  for (i = 0; i < sizeof argument_prefixes / sizeof argument_prefixes[0]; i++) {
    size_t n = strlen(argument_prefixes[i].text);
    if (strncmp(arg, argument_prefixes[i].text, n) == 0) {
      choice->prefix = argument_prefixes[i].prefix;
      arg += n;
      break;
    }
  }
  if ((named = log_format_find(arg)) >= 0) {
    const log_named_format *f = &log_named_formats[named];
    if (choice->prefix != LOG_PREFIX_NONE && f->prefix != LOG_PREFIX_NONE &&
        f->prefix != LOG_PREFIX_SYSLOG_OPTIONAL) {
      snprintf(err, errsz, "format '%s' has a prefix of its own", f->name);
      return -1;
    }
    if (choice->prefix == LOG_PREFIX_NONE) {
      choice->named = named;
      choice->prefix = f->prefix;
    }
    choice->family = f->family;
    choice->spec = f->spec;
    return 0;
  }
  if (strncmp(arg, LOG_FORMAT_JSON_PREFIX, strlen(LOG_FORMAT_JSON_PREFIX)) == 0) {
    choice->family = &log_family_json;
    choice->spec = arg + strlen(LOG_FORMAT_JSON_PREFIX);
    return 0;
  }
  if (log_format_text_is_spec(arg)) {
    choice->family = &log_family_text;
    choice->spec = arg;
    return 0;
  }
  {
    size_t used = 0;
    int k, n = snprintf(err, errsz,
                        "unknown format '%.100s%s': give a format string (Apache %%h ... or NGINX "
                        "$remote_addr ...), json: and a mapping, or one of: ",
                        given, strlen(given) > 100 ? "..." : "");
    if (n > 0) used = (size_t)n;
    for (k = 0; k < log_named_format_count && used < errsz; k++) {
      n = snprintf(err + used, errsz - used, "%s%s", k ? ", " : "", log_named_formats[k].name);
      if (n > 0) used += (size_t)n;
    }
  }
  return -1;
}
