/* log_input.c: files of a path or glob, decompressed by content, read line
 * by line with bounded memory (see log_input.h). */
#define _POSIX_C_SOURCE 200809L
#include "log_input.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <lzma.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "log_text.h"

#define RAW_CHUNK (128 * 1024)
#define LINE_CHUNK (128 * 1024)

enum codec { CODEC_PLAIN, CODEC_GZIP, CODEC_BZIP2, CODEC_XZ, CODEC_ZSTD };
static const char *const codec_names[] = {"plain", "gzip", "bzip2", "xz", "zstd"};

struct log_input {
  char **files;
  size_t nfiles, next;
  const char *name; /* the current file, one of files[] */
  int fd;
  enum codec codec;
  int codec_live;   /* the decoder below is initialised */
  int member_ended; /* the decoder finished a member/frame/stream */
  z_stream z;
  bz_stream bz;
  lzma_stream xz;
  ZSTD_DStream *zs;
  /* compressed (or, for plain files, sniffed) input */
  unsigned char *raw;
  size_t raw_pos, raw_len;
  int raw_eof;
  /* decompressed bytes: [start, end) not yet returned; scan: where the
   * search for LF resumes */
  char *buf;
  size_t cap, start, end, scan;
  int eof, skipping;
  uint64_t consumed; /* decompressed bytes before buf[0] */
  char err[512];
};

static char *format_message(const char *fmt, ...) {
  va_list ap;
  char *m = malloc(1024);
  if (!m) return NULL;
  va_start(ap, fmt);
  vsnprintf(m, 1024, fmt, ap);
  va_end(ap);
  return m;
}

/* ---- the order of rotated files ---- */

typedef struct rotation_key {
  const char *name;
  size_t stem_len; /* the name without rotation and compression suffixes */
  int rank;        /* 0 dated copy, 1 numbered copy, 2 live file */
  unsigned long number;
  const char *date; /* rank 0: the digits after '-' */
  size_t date_len;
} rotation_key;

static size_t strip_compression(const char *s, size_t n) {
  static const char *const ext[] = {".gz", ".bz2", ".xz", ".zst", ".zstd"};
  size_t i;
  for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
    size_t k = strlen(ext[i]);
    if (n > k && memcmp(s + n - k, ext[i], k) == 0) return n - k;
  }
  return n;
}

static void rotation_key_of(const char *name, rotation_key *k) {
  size_t n = strip_compression(name, strlen(name)), d = n;
  memset(k, 0, sizeof *k);
  k->name = name;
  k->stem_len = n;
  k->rank = 2;
  while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9') d--;
  if (d == n || d < 2) return;
  if (name[d - 1] == '.' && n - d <= 9) {
    k->rank = 1;
    k->number = strtoul(name + d, NULL, 10);
    k->stem_len = d - 1;
  } else if (name[d - 1] == '-' && n - d >= 6) {
    k->rank = 0;
    k->date = name + d;
    k->date_len = n - d;
    k->stem_len = d - 1;
  }
}

static int rotation_compare(const void *a, const void *b) {
  rotation_key ka, kb;
  size_t n;
  int c;
  rotation_key_of(*(char *const *)a, &ka);
  rotation_key_of(*(char *const *)b, &kb);
  n = ka.stem_len < kb.stem_len ? ka.stem_len : kb.stem_len;
  c = memcmp(ka.name, kb.name, n);
  if (c) return c;
  if (ka.stem_len != kb.stem_len) return ka.stem_len < kb.stem_len ? -1 : 1;
  if (ka.rank != kb.rank) return ka.rank - kb.rank;
  if (ka.rank == 1 && ka.number != kb.number) return ka.number > kb.number ? -1 : 1;
  if (ka.rank == 0) {
    n = ka.date_len < kb.date_len ? ka.date_len : kb.date_len;
    c = memcmp(ka.date, kb.date, n);
    if (c) return c;
  }
  return strcmp(ka.name, kb.name);
}

log_input *log_input_open(const char *pattern, char **errmsg) {
  log_input *in = calloc(1, sizeof *in);
  glob_t g;
  size_t i;
  *errmsg = NULL;
  if (!in) goto oom;
  in->fd = -1;
  memset(&g, 0, sizeof g);
  if (strpbrk(pattern, "*?[") && glob(pattern, GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0) {
    in->files = calloc(g.gl_pathc, sizeof *in->files);
    if (!in->files) {
      globfree(&g);
      goto oom;
    }
    for (i = 0; i < g.gl_pathc; i++) {
      if (!(in->files[i] = strdup(g.gl_pathv[i]))) {
        in->nfiles = i;
        globfree(&g);
        goto oom;
      }
    }
    in->nfiles = g.gl_pathc;
    globfree(&g);
    qsort(in->files, in->nfiles, sizeof *in->files, rotation_compare);
  } else {
    struct stat st;
    if (strpbrk(pattern, "*?[") && stat(pattern, &st) != 0) {
      *errmsg = format_message("no file matches '%s'", pattern);
      log_input_close(in);
      return NULL;
    }
    if (!(in->files = calloc(1, sizeof *in->files))) goto oom;
    if (!(in->files[0] = strdup(pattern))) goto oom;
    in->nfiles = 1;
  }
  return in;
oom:
  log_input_close(in);
  *errmsg = format_message("out of memory");
  return NULL;
}

static void end_codec(log_input *in) {
  if (!in->codec_live) return;
  switch (in->codec) {
  case CODEC_GZIP: inflateEnd(&in->z); break;
  case CODEC_BZIP2: BZ2_bzDecompressEnd(&in->bz); break;
  case CODEC_XZ: lzma_end(&in->xz); break;
  case CODEC_ZSTD:
    ZSTD_freeDStream(in->zs);
    in->zs = NULL;
    break;
  case CODEC_PLAIN: break;
  }
  in->codec_live = 0;
}

static void close_file(log_input *in) {
  end_codec(in);
  if (in->fd >= 0) close(in->fd);
  in->fd = -1;
}

void log_input_close(log_input *in) {
  size_t i;
  if (!in) return;
  close_file(in);
  for (i = 0; i < in->nfiles; i++) free(in->files[i]);
  free(in->files);
  free(in->raw);
  free(in->buf);
  free(in);
}

const char *log_input_file_name(const log_input *in) { return in->name; }
const char *log_input_codec(const log_input *in) { return codec_names[in->codec]; }
const char *log_input_error(const log_input *in) { return in->err; }

static int fail(log_input *in, const char *what) {
  snprintf(in->err, sizeof in->err, "%s: %s after %llu bytes of data", in->name, what,
           (unsigned long long)(in->consumed + in->end));
  return -1;
}

/* More raw bytes into raw[] when it is empty. -1 on a read error. */
static int fill_raw(log_input *in) {
  ssize_t got;
  if (in->raw_pos < in->raw_len || in->raw_eof) return 0;
  do {
    got = read(in->fd, in->raw, RAW_CHUNK);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return fail(in, strerror(errno));
  in->raw_pos = 0;
  in->raw_len = (size_t)got;
  if (got == 0) in->raw_eof = 1;
  return 0;
}

static int start_codec(log_input *in) {
  int ok = 0;
  switch (in->codec) {
  case CODEC_GZIP:
    memset(&in->z, 0, sizeof in->z);
    ok = inflateInit2(&in->z, 15 + 16) == Z_OK;
    break;
  case CODEC_BZIP2:
    memset(&in->bz, 0, sizeof in->bz);
    ok = BZ2_bzDecompressInit(&in->bz, 0, 0) == BZ_OK;
    break;
  case CODEC_XZ: {
    lzma_stream init = LZMA_STREAM_INIT;
    in->xz = init;
    ok = lzma_stream_decoder(&in->xz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
    break;
  }
  case CODEC_ZSTD:
    in->zs = ZSTD_createDStream();
    ok = in->zs && !ZSTD_isError(ZSTD_initDStream(in->zs));
    break;
  case CODEC_PLAIN: ok = 1; break;
  }
  if (!ok) return fail(in, "cannot start the decompressor");
  in->codec_live = 1;
  in->member_ended = 0;
  return 0;
}

/* Up to room decompressed bytes into dst. Returns the count, 0 at the end
 * of the data, -1 on an error (in->err says which). */
static long produce(log_input *in, char *dst, size_t room) {
  for (;;) {
    size_t avail, made = 0;
    if (fill_raw(in) < 0) return -1;
    avail = in->raw_len - in->raw_pos;
    if (in->codec == CODEC_PLAIN) {
      if (avail > room) avail = room;
      memcpy(dst, in->raw + in->raw_pos, avail);
      in->raw_pos += avail;
      return (long)avail;
    }
    if (avail == 0 && in->raw_eof) {
      if (in->codec == CODEC_XZ && !in->member_ended) {
        lzma_ret r;
        in->xz.next_in = NULL;
        in->xz.avail_in = 0;
        in->xz.next_out = (uint8_t *)dst;
        in->xz.avail_out = room;
        r = lzma_code(&in->xz, LZMA_FINISH);
        made = room - in->xz.avail_out;
        if (r == LZMA_STREAM_END) in->member_ended = 1;
        if (made) return (long)made;
        if (r == LZMA_OK || r == LZMA_BUF_ERROR)
          return fail(in, "xz data ends early (truncated file?)");
        if (r != LZMA_STREAM_END) return fail(in, "xz data is corrupt");
      }
      if (!in->member_ended) {
        static const char *const what[] = {"", "gzip data ends early (truncated file?)",
                                           "bzip2 data ends early (truncated file?)", "",
                                           "zstd data ends early (truncated file?)"};
        return fail(in, what[in->codec]);
      }
      return 0;
    }
    if (in->member_ended && (in->codec == CODEC_GZIP || in->codec == CODEC_BZIP2)) {
      /* another member follows */
      end_codec(in);
      if (start_codec(in) < 0) return -1;
    }
    switch (in->codec) {
    case CODEC_GZIP: {
      int r;
      in->z.next_in = in->raw + in->raw_pos;
      in->z.avail_in = (uInt)avail;
      in->z.next_out = (Bytef *)dst;
      in->z.avail_out = (uInt)room;
      r = inflate(&in->z, Z_NO_FLUSH);
      in->raw_pos = in->raw_len - in->z.avail_in;
      made = room - in->z.avail_out;
      if (r != Z_OK && r != Z_BUF_ERROR && r != Z_STREAM_END)
        return fail(in, "gzip data is corrupt");
      in->member_ended = r == Z_STREAM_END;
      break;
    }
    case CODEC_BZIP2: {
      int r;
      in->bz.next_in = (char *)in->raw + in->raw_pos;
      in->bz.avail_in = (unsigned)avail;
      in->bz.next_out = dst;
      in->bz.avail_out = (unsigned)room;
      r = BZ2_bzDecompress(&in->bz);
      in->raw_pos = in->raw_len - in->bz.avail_in;
      made = room - in->bz.avail_out;
      if (r != BZ_OK && r != BZ_STREAM_END) return fail(in, "bzip2 data is corrupt");
      in->member_ended = r == BZ_STREAM_END;
      break;
    }
    case CODEC_XZ: {
      lzma_ret r;
      in->xz.next_in = in->raw + in->raw_pos;
      in->xz.avail_in = avail;
      in->xz.next_out = (uint8_t *)dst;
      in->xz.avail_out = room;
      r = lzma_code(&in->xz, LZMA_RUN);
      in->raw_pos = in->raw_len - in->xz.avail_in;
      made = room - in->xz.avail_out;
      if (r == LZMA_STREAM_END) {
        in->member_ended = 1;
        if (!made) return 0;
      } else if (r != LZMA_OK && r != LZMA_BUF_ERROR) {
        return fail(in, "xz data is corrupt");
      }
      break;
    }
    case CODEC_ZSTD: {
      ZSTD_inBuffer zin;
      ZSTD_outBuffer zout;
      size_t r;
      zin.src = in->raw + in->raw_pos;
      zin.size = avail;
      zin.pos = 0;
      zout.dst = dst;
      zout.size = room;
      zout.pos = 0;
      r = ZSTD_decompressStream(in->zs, &zout, &zin);
      in->raw_pos += zin.pos;
      made = zout.pos;
      if (ZSTD_isError(r)) return fail(in, "zstd data is corrupt");
      /* 0: a frame is complete; the same stream reads the next one */
      in->member_ended = r == 0;
      break;
    }
    case CODEC_PLAIN: break;
    }
    if (made) return (long)made;
  }
}

static enum codec sniff(const unsigned char *p, size_t n) {
  if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return CODEC_GZIP;
  if (n >= 4 && memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9') return CODEC_BZIP2;
  if (n >= 6 && memcmp(p,
                       "\xFD"
                       "7zXZ\0",
                       6) == 0)
    return CODEC_XZ;
  if (n >= 4 && memcmp(p, "\x28\xB5\x2F\xFD", 4) == 0) return CODEC_ZSTD;
  return CODEC_PLAIN;
}

int log_input_next_file(log_input *in, char **errmsg) {
  struct stat st;
  *errmsg = NULL;
  close_file(in);
  if (in->next >= in->nfiles) return 0;
  in->name = in->files[in->next++];
  in->err[0] = 0;
  if (!in->raw && !(in->raw = malloc(RAW_CHUNK))) {
    *errmsg = format_message("out of memory");
    return -1;
  }
  if (!in->buf) {
    if (!(in->buf = malloc(LINE_CHUNK))) {
      *errmsg = format_message("out of memory");
      return -1;
    }
    in->cap = LINE_CHUNK;
  }
  in->start = in->end = in->scan = 0;
  in->eof = in->skipping = 0;
  in->consumed = 0;
  in->raw_pos = in->raw_len = 0;
  in->raw_eof = 0;
  in->codec = CODEC_PLAIN;
  in->fd = open(in->name, O_RDONLY);
  if (in->fd < 0) {
    *errmsg = format_message("cannot open '%s': %s", in->name, strerror(errno));
    return -1;
  }
  if (fstat(in->fd, &st) != 0 || S_ISDIR(st.st_mode) ||
      !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
    *errmsg = format_message(S_ISDIR(st.st_mode) ? "'%s' is a directory, not a log file"
                                                 : "'%s' is not a file, FIFO or device",
                             in->name);
    close_file(in);
    return -1;
  }
  /* Sniff the first bytes (a pipe may deliver them a few at a time). */
  while (in->raw_len < 6 && !in->raw_eof) {
    ssize_t got = read(in->fd, in->raw + in->raw_len, RAW_CHUNK - in->raw_len);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      *errmsg = format_message("cannot read '%s': %s", in->name, strerror(errno));
      close_file(in);
      return -1;
    }
    if (got == 0) in->raw_eof = 1;
    in->raw_len += (size_t)got;
  }
  in->codec = sniff(in->raw, in->raw_len);
  if (start_codec(in) < 0) {
    *errmsg = format_message("%s", in->err);
    close_file(in);
    return -1;
  }
  return 1;
}

enum log_read_result log_input_read_line(log_input *in, const char **line, size_t *n,
                                         int *too_long) {
  *too_long = 0;
  for (;;) {
    char *nl = in->scan < in->end ? memchr(in->buf + in->scan, '\n', in->end - in->scan) : NULL;
    size_t len;
    if (nl) {
      size_t at = (size_t)(nl - in->buf);
      len = at - in->start;
      *line = in->buf + in->start;
      in->start = in->scan = at + 1;
      if (in->skipping) {
        in->skipping = 0;
        continue;
      }
      if (len > 0 && (*line)[len - 1] == '\r') len--;
      *n = len;
      return LOG_READ_LINE;
    }
    in->scan = in->end;
    if (in->skipping) {
      in->start = in->scan = in->end;
    } else if (in->end - in->start >= LOG_LINE_MAX) {
      *line = in->buf + in->start;
      *n = LOG_LINE_MAX;
      *too_long = 1;
      in->start += LOG_LINE_MAX;
      in->skipping = 1;
      return LOG_READ_LINE;
    }
    if (in->eof || in->fd < 0) {
      if (in->start < in->end && !in->skipping) {
        *line = in->buf + in->start;
        len = in->end - in->start;
        in->start = in->scan = in->end;
        if ((*line)[len - 1] == '\r') len--; /* len > 0: start < end */
        *n = len;
        return LOG_READ_LINE;
      }
      return in->err[0] ? LOG_READ_ERROR : LOG_READ_END;
    }
    /* Keep the unfinished line at the front, make room, read more. */
    if (in->start > 0) {
      memmove(in->buf, in->buf + in->start, in->end - in->start);
      in->consumed += in->start;
      in->end -= in->start;
      in->scan -= in->start;
      in->start = 0;
    }
    if (in->cap - in->end < LINE_CHUNK / 2 && in->cap < LOG_LINE_MAX + LINE_CHUNK) {
      size_t cap = in->cap * 2;
      char *p;
      if (cap > LOG_LINE_MAX + LINE_CHUNK) cap = LOG_LINE_MAX + LINE_CHUNK;
      if (!(p = realloc(in->buf, cap))) {
        snprintf(in->err, sizeof in->err, "%s: out of memory", in->name);
        in->eof = 1;
        continue;
      }
      in->buf = p;
      in->cap = cap;
    }
    {
      long got = produce(in, in->buf + in->end, in->cap - in->end);
      if (got < 0) {
        in->eof = 1; /* the error row comes after what was read */
      } else if (got == 0) {
        in->eof = 1;
      } else {
        in->end += (size_t)got;
      }
    }
  }
}
