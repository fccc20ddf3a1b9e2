/* log_fields.h: small readers shared by the JSON, W3C, ALB and HAProxy
 * families: numbers, seconds, address:port pairs and request lines. They
 * read a byte range and never allocate; text results point into it. */
#ifndef LOG_FIELDS_H
#define LOG_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "log_record.h"

/* Exactly n decimal digits at p (not past end): their value, or -1. */
int log_field_digits(const char *p, const char *end, int n);

/* The value of a hexadecimal digit, or -1. */
int log_field_hex(char c);

/* 1 when p[0..n) is exactly "-". */
int log_field_is_dash(const char *p, size_t n);

/* An optional '-' and 1-18 decimal digits, nothing else. Returns 1 and sets
 * *v, or 0. */
int log_field_int(const char *p, size_t n, int64_t *v);

/* mantissa / 10^frac_digits / scale, rounded once when mantissa < 2^53 and
 * scale is a power of ten (frac_digits 0..22). */
double log_field_decimal(uint64_t mantissa, int frac_digits, double scale);

/* A non-negative decimal number (digits, optional .digits), in units of
 * 1/scale second (scale 1: seconds, 1000: ms, 1e6: us, 1e9: ns). Returns
 * 1 and sets *seconds, or 0. */
int log_field_seconds(const char *p, size_t n, double scale, double *seconds);
/* The same number as its digits: *mantissa and *frac_digits (those after
 * the point), for sums made exactly before the one rounding of
 * log_field_decimal(). Returns 1, or 0 when p[0..n) is not such a number. */
int log_field_decimal_parse(const char *p, size_t n, uint64_t *mantissa, int *frac_digits);

/* host:port, [v6]:port, or a bare v6 address with a last :port (ALB and
 * HAProxy write "::1:80" unbracketed never; they bracket). Returns 1 with
 * *addr (brackets removed) and *port set, or 0 when there is no numeric
 * port after the last colon. */
int log_field_addr_port(const char *p, size_t n, log_text *addr, int64_t *port);

/* Splits METHOD SP TARGET [SP HTTP/x.y] into rec's method, path, query and
 * protocol; 0 (rec untouched) when the text is not such a line. With
 * split_url, an absolute target (http://host:port/path) also fills host
 * and port. */
int log_field_request(const char *p, size_t n, int split_url, log_record *rec);

/* Splits a request target at '?' into rec->path and rec->query. */
void log_field_uri(const char *p, size_t n, log_record *rec);

/* out = p[0..n) in place when line_valid (the whole line is valid UTF-8
 * without NUL, so every part of it is), else log_text_set(). 0 or -1. */
int log_field_text(log_scratch *s, const char *p, size_t n, log_text *out, int line_valid);

/* Makes every text column of rec valid UTF-8 (log_text_set), in place when
 * it already is. Returns 0, or -1 when scratch is full. */
int log_fields_sanitize(log_record *rec, log_scratch *s);

#endif
