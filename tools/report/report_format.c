/*
** report_format.c: numbers, sizes, durations and UTF-8 widths as the three
** writers show them.
*/
#include <stdio.h>
#include <string.h>

#include "report.h"

const char *fmt_count(sqlite3_int64 n, char *buf, size_t size) {
  char digits[32];
  int len, i, o = 0;
  unsigned long long v = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
  len = snprintf(digits, sizeof digits, "%llu", v);
  if (n < 0 && size > 1) buf[o++] = '-';
  for (i = 0; i < len && (size_t)o + 2 < size; i++) {
    if (i > 0 && (len - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
  return buf;
}

const char *fmt_bytes(sqlite3_int64 n, char *buf, size_t size) {
  static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  double v = (double)n;
  int u = 0;
  while (v >= 1000 && u < 5) v /= 1000, u++;
  if (u == 0)
    snprintf(buf, size, "%lld B", (long long)n);
  else
    snprintf(buf, size, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

const char *fmt_seconds(double s, char *buf, size_t size) {
  if (s < 0.001)
    snprintf(buf, size, "%.0f µs", s * 1e6);
  else if (s < 1)
    snprintf(buf, size, "%.0f ms", s * 1e3);
  else if (s < 10)
    snprintf(buf, size, "%.2f s", s);
  else
    snprintf(buf, size, "%.0f s", s);
  return buf;
}

const char *fmt_period(sqlite3_int64 s, char *buf, size_t size) {
  if (s < 60)
    snprintf(buf, size, "%lld s", (long long)s);
  else if (s < 3600)
    snprintf(buf, size, "%lld min %lld s", (long long)(s / 60), (long long)(s % 60));
  else if (s < 86400)
    snprintf(buf, size, "%lld h %lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
  else
    snprintf(buf, size, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
  return buf;
}

int utf8_width(const char *s) {
  int w = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) w++;
  return w;
}

const char *utf8_fit(const char *s, int width, const char *ellipsis, char *buf, size_t size) {
  size_t o = 0;
  int w = 0;
  if (utf8_width(s) <= width) {
    snprintf(buf, size, "%s", s);
    return buf;
  }
  /* Keep width - 1 code points, then the ellipsis. */
  while (*s && o + 8 < size) {
    if (((unsigned char)*s & 0xC0) != 0x80) {
      if (w == width - 1) break;
      w++;
    }
    buf[o++] = *s++;
  }
  snprintf(buf + o, size - o, "%s", ellipsis);
  return buf;
}

const char *class_name(int digit) {
  static const char *const names[] = {"Informational", "Success", "Redirection", "Client Error",
                                      "Server Error"};
  return digit >= 1 && digit <= 5 ? names[digit - 1] : "Other";
}
