/* log_text.h: the helpers every parser uses to fill a log_record.
 *
 * Scratch discipline: log_scratch_begin() is called once per line, before
 * parse(), and reserves room for everything one line can produce (every byte
 * written as \xNN in a column, decoded copies, plus a fixed slack; extra is
 * written later, into a buffer of its own, by log_record_extra()). The
 * helpers below never move the buffer, so a log_text pointing into scratch
 * stays valid until the next log_scratch_begin(). A helper that would
 * overflow the reservation returns -1 and writes nothing; the parser then
 * rejects the line.
 */
#ifndef LOG_TEXT_H
#define LOG_TEXT_H

#include <stdarg.h>

#include "log_record.h"

/* Longest line read as a line; the rest of a longer one is skipped and the
 * line becomes an error row (log_input.c). */
#define LOG_LINE_MAX (1024 * 1024)
/* Scratch reserved per byte of line, and the fixed part. */
#define LOG_SCRATCH_PER_BYTE 12
#define LOG_SCRATCH_SLACK 65536

/* Reserves room for a line of line_len bytes and empties the buffer.
 * Returns 0, or -1 when out of memory. */
int log_scratch_begin(log_scratch *s, size_t line_len);
void log_scratch_free(log_scratch *s);
/* n bytes of room at the end of the buffer, or NULL. */
char *log_scratch_alloc(log_scratch *s, size_t n);
/* Empties s and makes room for n bytes, growing it when a longer need than
 * any before comes. Returns 0, or -1 when out of memory. */
int log_scratch_reserve(log_scratch *s, size_t n);

/* Copies p[0..n) into scratch as valid UTF-8: a byte that does not start a
 * well-formed sequence (and a NUL) is written as the four characters \xNN.
 * Returns 0 or -1. */
int log_scratch_put_text(log_scratch *s, const char *p, size_t n, log_text *out);
/* 1 when p[0..n) is valid UTF-8 without NUL bytes (then it can be used
 * in place). */
int log_utf8_valid(const char *p, size_t n);
/* Uses p[0..n) in place when it is valid UTF-8, else a sanitised copy. */
int log_text_set(log_scratch *s, const char *p, size_t n, log_text *out);

/* Appends "text" to s as a JSON string (text is valid UTF-8): at most
 * n * 6 + 2 bytes. Returns 0, or -1 when s has no room. */
int log_json_string(log_scratch *s, const char *p, size_t n);

/* Appends the n texts (n >= 1, valid UTF-8) to s as a JSON array of
 * strings, and points *out at it. Returns 0, or -1 when s has no room. */
int log_json_string_array(log_scratch *s, const log_text *items, int n, log_text *out);

/* Appends ,"key":"value" to s for each field with a value (absent ones are
 * left out; no comma before the first when *any is 0; sets *any when one
 * is written). Returns 0, or -1 when s has no room. */
int log_json_members(log_scratch *s, const log_json_field *fields, int n, int *any);
/* The most bytes log_json_members() writes for these fields. */
size_t log_json_members_size(const log_json_field *fields, int n);

/* Hands the fields to rec as its extra, to be written on demand (see
 * log_record.h). fields must stay as they are until the next line. */
void log_record_defer_extra(log_record *rec, const log_json_field *fields, int n);
/* Writes rec->extra (the prefix's fields, then the parser's) into out,
 * emptied first; rec->extra then points into out until out is used again,
 * and is absent when there is no field. A second call for the same line
 * does nothing. Returns 0, or -1 when out of memory. */
int log_record_extra(log_record *rec, log_scratch *out);

/* Clears every field of rec but format and error_base and sets rec->error
 * to "<message> at byte <offset + error_base>" (offset < 0: no position). Never fails: a
 * message that does not fit is cut. Returns LOG_REJECTED's value (1) so a
 * parser can `return log_record_fail(...)`. */
int log_record_fail(log_record *rec, log_scratch *s, long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
