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

#endif
