/* log_time.c: reading, checking and writing log times (see log_time.h). */
#include "log_time.h"

#include <stdio.h>
#include <string.h>

#include "log_fields.h"

static int leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

int log_time_valid(const log_time *t) {
  if (t->year < 0 || t->year > 9999 || t->month < 1 || t->month > 12) return 0;
  if (t->day < 1 || t->day > days_in_month(t->year, t->month)) return 0;
  if (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59) return 0;
  if (t->second < 0 || t->second > 60) return 0;
  if (t->nanos > 999999999u || t->frac_digits < 0 || t->frac_digits > 9) return 0;
  if (t->has_offset && (t->offset_minutes < -14 * 60 || t->offset_minutes > 14 * 60)) return 0;
  return 1;
}

/* Two digits at p (the caller checked there are two bytes), or -1. */
static int two_digits(const char *p) {
  unsigned a = (unsigned)(p[0] - '0'), b = (unsigned)(p[1] - '0');
  return a < 10 && b < 10 ? (int)(a * 10 + b) : -1;
}

int log_month_from_abbrev(const char *p) {
  /* by the first letter, then the two others: the hot path of every CLF time */
  switch (p[0]) {
  case 'J':
    if (p[1] == 'a' && p[2] == 'n') return 1;
    if (p[1] == 'u' && p[2] == 'n') return 6;
    if (p[1] == 'u' && p[2] == 'l') return 7;
    return 0;
  case 'F': return p[1] == 'e' && p[2] == 'b' ? 2 : 0;
  case 'M':
    if (p[1] != 'a') return 0;
    return p[2] == 'r' ? 3 : p[2] == 'y' ? 5 : 0;
  case 'A':
    if (p[1] == 'p' && p[2] == 'r') return 4;
    if (p[1] == 'u' && p[2] == 'g') return 8;
    return 0;
  case 'S': return p[1] == 'e' && p[2] == 'p' ? 9 : 0;
  case 'O': return p[1] == 'c' && p[2] == 't' ? 10 : 0;
  case 'N': return p[1] == 'o' && p[2] == 'v' ? 11 : 0;
  case 'D': return p[1] == 'e' && p[2] == 'c' ? 12 : 0;
  default: return 0;
  }
}

/* An optional .fraction of 1-9 digits (a tenth is refused: NULL). */
static const char *fraction(const char *p, const char *end, log_time *t) {
  static const uint32_t scale[10] = {0,     100000000, 10000000, 1000000, 100000,
                                     10000, 1000,      100,      10,      1}; /* n digits to ns */
  int n = 0;
  uint32_t v = 0;
  if (p >= end || (*p != '.' && *p != ',')) return p;
  p++;
  while (p < end && *p >= '0' && *p <= '9') {
    if (n < 9) {
      v = v * 10 + (uint32_t)(*p - '0');
      n++;
    } else {
      return NULL;
    }
    p++;
  }
  if (n == 0) return NULL;
  t->frac_digits = n;
  t->nanos = v * scale[n];
  return p;
}

const char *log_time_parse_offset(const char *p, const char *end, int colon, log_time *t) {
  int sign, h, m;
  if (end - p < 5 || (*p != '+' && *p != '-')) return NULL;
  sign = *p++ == '-' ? -1 : 1;
  if ((h = two_digits(p)) < 0) return NULL;
  p += 2;
  if (*p == ':' && colon) {
    p++;
  } else if (colon == 1) {
    return NULL;
  }
  if (end - p < 2 || (m = two_digits(p)) < 0 || m > 59) return NULL;
  t->has_offset = 1;
  t->offset_minutes = sign * (h * 60 + m);
  return p + 2;
}

/* The end of a time with the right syntax; present only when it is also
 * a real time. */
static const char *finish(const char *p, log_time *t) {
  if (p) t->present = log_time_valid(t);
  return p;
}

/* dd/Mmm/yyyy:hh:mm:ss[.fff] into a cleared t; returns its end. */
static const char *clf_clock(const char *p, const char *end, log_time *t) {
  int century;
  memset(t, 0, sizeof *t);
  if (end - p < 20) return NULL;
  /* dd/Mmm/yyyy:hh:mm:ss, every byte in place */
  if (p[2] != '/' || p[6] != '/' || p[11] != ':' || p[14] != ':' || p[17] != ':') return NULL;
  if ((t->day = two_digits(p)) < 0 || !(t->month = log_month_from_abbrev(p + 3))) return NULL;
  if ((century = two_digits(p + 7)) < 0 || (t->year = two_digits(p + 9)) < 0) return NULL;
  t->year += century * 100;
  if ((t->hour = two_digits(p + 12)) < 0 || (t->minute = two_digits(p + 15)) < 0 ||
      (t->second = two_digits(p + 18)) < 0)
    return NULL;
  return fraction(p + 20, end, t);
}

const char *log_time_parse_clf(const char *p, const char *end, log_time *t) {
  p = clf_clock(p, end, t);
  if (!p || p >= end || *p != ' ') return NULL;
  return finish(log_time_parse_offset(p + 1, end, 0, t), t);
}

const char *log_time_parse_clf_ms(const char *p, const char *end, log_time *t) {
  p = clf_clock(p, end, t);
  t->local = 1;
  return finish(p, t);
}

const char *log_time_parse_date(const char *p, const char *end, log_time *t) {
  memset(t, 0, sizeof *t);
  if (end - p < 10 || p[4] != '-' || p[7] != '-') return NULL;
  if ((t->year = log_field_digits(p, end, 4)) < 0 ||
      (t->month = log_field_digits(p + 5, end, 2)) < 0 ||
      (t->day = log_field_digits(p + 8, end, 2)) < 0)
    return NULL;
  return p + 10;
}

const char *log_time_parse_clock(const char *p, const char *end, log_time *t) {
  memset(t, 0, sizeof *t);
  if (end - p < 8 || p[2] != ':' || p[5] != ':') return NULL;
  if ((t->hour = log_field_digits(p, end, 2)) < 0 ||
      (t->minute = log_field_digits(p + 3, end, 2)) < 0 ||
      (t->second = log_field_digits(p + 6, end, 2)) < 0)
    return NULL;
  if (end - p > 8 && p[8] != '.') return p + 8; /* a comma is no fraction here */
  return fraction(p + 8, end, t);
}

const char *log_time_parse_iso8601(const char *p, const char *end, log_time *t) {
  int century;
  memset(t, 0, sizeof *t);
  /* yyyy-mm-ddThh:mm:ss, every byte in place */
  if (end - p < 19) return NULL;
  if (p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':')
    return NULL;
  if ((century = two_digits(p)) < 0 || (t->year = two_digits(p + 2)) < 0) return NULL;
  t->year += century * 100;
  if ((t->month = two_digits(p + 5)) < 0 || (t->day = two_digits(p + 8)) < 0 ||
      (t->hour = two_digits(p + 11)) < 0 || (t->minute = two_digits(p + 14)) < 0 ||
      (t->second = two_digits(p + 17)) < 0)
    return NULL;
  p = fraction(p + 19, end, t);
  if (!p) return NULL;
  if (p < end && *p == 'Z') return finish(p + 1, t);
  return finish(log_time_parse_offset(p, end, 2, t), t);
}

int64_t log_days_from_civil(int64_t y, int m, int d) {
  int64_t era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d) {
  int64_t era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

int log_time_from_epoch(log_time *t, int64_t seconds, uint32_t nanos, int frac_digits) {
  int64_t days, rem;
  /* 0000-01-01 .. 9999-12-31 */
  if (seconds < -62167219200LL || seconds > 253402300799LL) return -1;
  memset(t, 0, sizeof *t);
  days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  rem = seconds - days * 86400;
  civil_from_days(days, &t->year, &t->month, &t->day);
  t->hour = (int)(rem / 3600);
  t->minute = (int)(rem / 60 % 60);
  t->second = (int)(rem % 60);
  t->nanos = nanos;
  t->frac_digits = frac_digits;
  t->present = 1;
  return 0;
}

const char *log_time_parse_epoch(const char *p, const char *end, int64_t scale, log_time *t) {
  int64_t v = 0, sec;
  uint32_t nanos = 0;
  int n = 0, frac = 0;
  log_time tmp;
  while (p < end && *p >= '0' && *p <= '9') {
    if (++n > 18) return NULL;
    v = v * 10 + (*p++ - '0');
  }
  if (n == 0) return NULL;
  sec = v / scale;
  if (scale > 1) {
    int64_t part = v % scale;
    frac = scale == 1000 ? 3 : 6;
    nanos = (uint32_t)(part * (1000000000 / scale));
  } else if (p < end && *p == '.') {
    memset(&tmp, 0, sizeof tmp);
    if (!(p = fraction(p, end, &tmp))) return NULL;
    nanos = tmp.nanos;
    frac = tmp.frac_digits;
  }
  if (log_time_from_epoch(t, sec, nanos, frac) != 0) {
    t->present = 0;
    return NULL;
  }
  return p;
}

/* Writes v (0 <= v < 10^width) as width digits. */
static void put_digits(char *w, unsigned v, int width) {
  while (width-- > 0) {
    w[width] = (char)('0' + v % 10);
    v /= 10;
  }
}

/* YYYY-MM-DD?HH:MM:SS, as "%04d-%02d-%02d%c%02d:%02d:%02d" writes it. Digits
 * are written by hand (a row's time is written once per row read); a year
 * outside 0..9999 goes through snprintf. Returns the length (19 for years
 * 0..9999). */
static size_t put_date_time(char *buf, int y, int mo, int d, char sep, int h, int mi, int s) {
  if (y < 0 || y > 9999)
    return (size_t)snprintf(buf, LOG_TIME_TEXT_MAX, "%04d-%02d-%02d%c%02d:%02d:%02d", y, mo, d, sep,
                            h, mi, s);
  put_digits(buf, (unsigned)y, 4);
  buf[4] = '-';
  put_digits(buf + 5, (unsigned)mo, 2);
  buf[7] = '-';
  put_digits(buf + 8, (unsigned)d, 2);
  buf[10] = sep;
  put_digits(buf + 11, (unsigned)h, 2);
  buf[13] = ':';
  put_digits(buf + 14, (unsigned)mi, 2);
  buf[16] = ':';
  put_digits(buf + 17, (unsigned)s, 2);
  return 19;
}

static size_t put_fraction(const log_time *t, char *w) {
  char digits9[9];
  if (!t->frac_digits) return 0;
  put_digits(digits9, (unsigned)t->nanos, 9);
  w[0] = '.';
  memcpy(w + 1, digits9, (size_t)t->frac_digits);
  return 1 + (size_t)t->frac_digits;
}

size_t log_time_format_local(const log_time *t, char *buf) {
  size_t n = put_date_time(buf, t->year, t->month, t->day, 'T', t->hour, t->minute, t->second);
  n += put_fraction(t, buf + n);
  if (t->local) {
    buf[n] = 0;
    return n;
  }
  if (!t->has_offset) {
    buf[n++] = 'Z';
    buf[n] = 0;
    return n;
  }
  {
    int off = t->offset_minutes < 0 ? -t->offset_minutes : t->offset_minutes;
    buf[n] = t->offset_minutes < 0 ? '-' : '+';
    put_digits(buf + n + 1, (unsigned)(off / 60), 2);
    buf[n + 3] = ':';
    put_digits(buf + n + 4, (unsigned)(off % 60), 2);
    n += 6;
    buf[n] = 0;
  }
  return n;
}

size_t log_time_format_utc(const log_time *t, char *buf) {
  int64_t minutes;
  int y, m, d;
  size_t n;
  if (t->local) return 0;
  minutes = log_days_from_civil(t->year, t->month, t->day) * 1440 + t->hour * 60 + t->minute;
  if (t->has_offset) minutes -= t->offset_minutes;
  /* floor division: the day of a negative count of minutes */
  {
    int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    int64_t rem = minutes - days * 1440;
    civil_from_days(days, &y, &m, &d);
    n = put_date_time(buf, y, m, d, ' ', (int)(rem / 60), (int)(rem % 60), t->second);
  }
  n += put_fraction(t, buf + n);
  buf[n] = 0;
  return n;
}
