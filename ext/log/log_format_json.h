/* log_format_json.h: JSON lines access logs (NGINX escape=json, Caddy,
 * Traefik, Cloudflare Logpush, or any JSON log given a mapping). */
#ifndef LOG_FORMAT_JSON_H
#define LOG_FORMAT_JSON_H

#include "log_format.h"

extern const log_family log_family_json;

/* The prefix of a user's own mapping given as http_log()'s format:
 * 'json:status=resp.code,path=req.uri,...'; the family's spec is the text
 * after it. */
#define LOG_FORMAT_JSON_PREFIX "json:"

/* The mappings of the named JSON formats (log_formats.c). Each requires a
 * key the others lack, so detection tells them apart; nginx_json, which
 * needs only "status", comes last. */
#define LOG_JSON_CADDY                                                                             \
  "require=request.method,time=ts,client=request.client_ip|request.remote_ip,"                     \
  "remote_user=user_id,method=request.method,uri=request.uri,protocol=request.proto,"              \
  "host=request.host,user_agent=request.headers.User-Agent,referrer=request.headers.Referer,"      \
  "status=status,bytes=size,duration=duration"
#define LOG_JSON_TRAEFIK                                                                           \
  "require=RequestMethod,time=StartUTC|StartLocal|time,client=ClientHost|ClientAddr,"              \
  "remote_user=ClientUsername,method=RequestMethod,uri=RequestPath,protocol=RequestProtocol,"      \
  "host=RequestHost,port=RequestPort,status=DownstreamStatus,bytes=DownstreamContentSize,"         \
  "referrer=request_Referer,user_agent=request_User-Agent,duration=Duration/ns"
#define LOG_JSON_CLOUDFLARE                                                                        \
  "require=ClientRequestMethod,time=EdgeStartTimestamp,client=ClientIP,"                           \
  "method=ClientRequestMethod,uri=ClientRequestURI,protocol=ClientRequestProtocol,"                \
  "host=ClientRequestHost,status=EdgeResponseStatus,bytes=EdgeResponseBytes,"                      \
  "referrer=ClientRequestReferer,user_agent=ClientRequestUserAgent"
#define LOG_JSON_NGINX                                                                             \
  "time=time_iso8601|time_local|msec,client=remote_addr,remote_user=remote_user,"                  \
  "request=request,method=request_method,uri=request_uri,protocol=server_protocol,"                \
  "status=status,bytes=body_bytes_sent|bytes_sent,referrer=http_referer,"                          \
  "user_agent=http_user_agent,host=host|http_host|server_name,port=server_port,"                   \
  "duration=request_time"

/* 1 when format is a user's JSON mapping (starts with "json:"). */
int log_format_json_is_spec(const char *format);

#endif
