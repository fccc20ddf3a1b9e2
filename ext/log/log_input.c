/* log_input.c: files of a path or glob, decompressed by content, read line
 * by line with bounded memory (see log_input.h). */
#define _POSIX_C_SOURCE 200809L
#define ZSTD_STATIC_LINKING_ONLY /* ZSTD_createDStream_advanced: SQLite's allocator */
#include "log_input.h"

#include <bzlib.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <lzma.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "log_alloc.h"
#include "log_text.h"

#define RAW_CHUNK (128 * 1024)
#define LINE_CHUNK (128 * 1024)
/* A line of LOG_LINE_MAX bytes, its CR and LF, and room to read on. */
#define BUF_MAX (LOG_LINE_MAX + LINE_CHUNK)

enum codec { CODEC_PLAIN, CODEC_GZIP, CODEC_BZIP2, CODEC_XZ, CODEC_ZSTD };
static const char *const codec_names[] = {"plain", "gzip", "bzip2", "xz", "zstd"};

struct log_input {
  char **files;
  size_t nfiles, next;
  const char *name; /* the current file, one of files[] */
  int fd;
  int follow;
  int regular;         /* a regular file: following it can find more at its end */
  int (*stop)(void *); /* asked while a pipe has nothing to read */
  void *stop_arg;
  enum codec codec;
  int codec_live;   /* the decoder below is initialised */
  int member_ended; /* the decoder finished a member/frame/stream */
  z_stream z;
  bz_stream bz;
  lzma_stream xz;
  lzma_allocator xz_alloc;
  ZSTD_DStream *zs;
  /* compressed (or, for plain files, sniffed) input */
  unsigned char *raw;
  size_t raw_pos, raw_len;
  int raw_eof;
  /* decompressed bytes: [start, end) not yet returned; scan: where the
   * search for LF resumes */
  char *buf;
  size_t cap, start, end, scan;
  int eof;
  int skipping;      /* the rest of an over-long line is being skipped */
  size_t skipped;    /* bytes of it not yet counted in a LOG_INPUT_LONG_MORE */
  size_t more_rows;  /* LOG_INPUT_LONG_MORE still owed for a line already read */
  uint64_t consumed; /* decompressed bytes before buf[0] */
  char err[LOG_PATH_SHOWN + 256];
};

/* ---- the decompressors allocate through log_alloc.h ---- */

static void *z_alloc(void *opaque, uInt items, uInt size) {
  (void)opaque;
  return log_malloc((size_t)items * size);
}
static void z_free(void *opaque, void *p) {
  (void)opaque;
  log_free(p);
}
static void *bz_alloc(void *opaque, int items, int size) {
  (void)opaque;
  return items < 0 || size < 0 ? NULL : log_malloc((size_t)items * (size_t)size);
}
static void *xz_alloc(void *opaque, size_t items, size_t size) {
  (void)opaque;
  return log_malloc(items * size);
}
static void *zs_alloc(void *opaque, size_t size) {
  (void)opaque;
  return log_malloc(size);
}

static void message(char *err, size_t errsz, const char *fmt, ...) {
  va_list ap;
  if (!errsz) return;
  va_start(ap, fmt);
  vsnprintf(err, errsz, fmt, ap);
  va_end(ap);
}

char *log_input_show_path(const char *path, char *buf, size_t size) {
  size_t n = strlen(path), half = LOG_PATH_SHOWN / 2 - 2;
  if (n <= LOG_PATH_SHOWN || size < LOG_PATH_SHOWN + 1)
    snprintf(buf, size, "%s", path);
  else
    snprintf(buf, size, "%.*s...%s", (int)half, path, path + n - half);
  return buf;
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

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = log_malloc(n);
  if (p) memcpy(p, s, n);
  return p;
}

/* glob() into in->files, sorted in rotation order. Returns 1 when it matched,
 * 0 when it did not, -1 when out of memory. */
static int expand_glob(log_input *in, const char *pattern) {
  glob_t g;
  size_t i;
  memset(&g, 0, sizeof g);
  if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0 || g.gl_pathc == 0) {
    globfree(&g);
    return 0;
  }
  if (!(in->files = log_malloc_zero(g.gl_pathc * sizeof *in->files))) {
    globfree(&g);
    return -1;
  }
  for (i = 0; i < g.gl_pathc; i++) {
    if (!(in->files[i] = copy_string(g.gl_pathv[i]))) {
      in->nfiles = i;
      globfree(&g);
      return -1;
    }
  }
  in->nfiles = g.gl_pathc;
  globfree(&g);
  qsort(in->files, in->nfiles, sizeof *in->files, rotation_compare);
  return 1;
}

log_input *log_input_open(const char *path, enum log_path_mode mode, char *err, size_t errsz) {
  log_input *in = log_malloc_zero(sizeof *in);
  char shown[LOG_PATH_SHOWN + 1];
  int wild = strpbrk(path, "*?[") != NULL, matched = 0;
  if (!in) goto oom;
  in->fd = -1;
  if (mode == LOG_PATH_GLOB || (mode == LOG_PATH_AUTO && wild)) {
    size_t depth = 0;
    const char *p;
    for (p = path; *p; p++) depth += *p == '/';
    if (strlen(path) > LOG_GLOB_MAX_BYTES || depth > LOG_GLOB_MAX_DEPTH) {
      message(err, errsz, "the glob '%s' is longer than %d bytes or deeper than %d directories",
              log_input_show_path(path, shown, sizeof shown), LOG_GLOB_MAX_BYTES,
              LOG_GLOB_MAX_DEPTH);
      log_input_close(in);
      return NULL;
    }
    matched = expand_glob(in, path);
    if (matched < 0) goto oom;
    if (!matched) {
      struct stat st;
      /* AUTO: a name holding * ? or [ may be a file of that name */
      if (mode == LOG_PATH_GLOB || stat(path, &st) != 0) {
        message(err, errsz, "no file matches '%s'", log_input_show_path(path, shown, sizeof shown));
        log_input_close(in);
        return NULL;
      }
    }
  }
  if (!matched) {
    if (!(in->files = log_malloc_zero(sizeof *in->files))) goto oom;
    if (!(in->files[0] = copy_string(path))) goto oom;
    in->nfiles = 1;
  }
  return in;
oom:
  log_input_close(in);
  message(err, errsz, "out of memory");
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
  for (i = 0; i < in->nfiles; i++) log_free(in->files[i]);
  log_free(in->files);
  log_free(in->raw);
  log_free(in->buf);
  log_free(in);
}

const char *log_input_file_name(const log_input *in) { return in->name; }
int log_input_fd(const log_input *in) { return in->fd; }
const char *log_input_codec(const log_input *in) { return codec_names[in->codec]; }
const char *log_input_error(const log_input *in) { return in->err; }
void log_input_follow(log_input *in, int follow) { in->follow = follow; }
void log_input_stop_hook(log_input *in, int (*stop)(void *), void *arg) {
  in->stop = stop;
  in->stop_arg = arg;
}

static int fail(log_input *in, const char *what) {
  char shown[LOG_PATH_SHOWN + 1];
  snprintf(in->err, sizeof in->err, "%s: %s after %llu bytes of data",
           log_input_show_path(in->name, shown, sizeof shown), what,
           (unsigned long long)(in->consumed + in->end));
  return -1;
}

/* read(2) that can be stopped: a FIFO, pipe or device is polled first and,
 * with a stop hook, in->stop asked after each LOG_WAIT_SLICE_MS and after
 * each signal. A regular file is read at once. -1 with in->err set on
 * a read error or when in->stop says to stop. */
#define LOG_WAIT_SLICE_MS 100
static ssize_t read_some(log_input *in, void *dst, size_t room) {
  ssize_t got;
  while (!in->regular) {
    struct pollfd p;
    int ready;
    p.fd = in->fd;
    p.events = POLLIN;
    p.revents = 0;
    ready = poll(&p, 1, in->stop ? LOG_WAIT_SLICE_MS : -1);
    if (ready > 0) break;
    if (ready < 0 && errno != EINTR) return fail(in, strerror(errno));
    if (in->stop && in->stop(in->stop_arg)) return fail(in, "interrupted while waiting for data");
  }
  do {
    got = read(in->fd, dst, room);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return fail(in, strerror(errno));
  return got;
}

/* More raw bytes into raw[] when it is empty. -1 on a read error. */
static int fill_raw(log_input *in) {
  ssize_t got;
  if (in->raw_pos < in->raw_len || in->raw_eof) return 0;
  if ((got = read_some(in, in->raw, RAW_CHUNK)) < 0) return -1;
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
    in->z.zalloc = z_alloc;
    in->z.zfree = z_free;
    ok = inflateInit2(&in->z, 15 + 16) == Z_OK;
    break;
  case CODEC_BZIP2:
    memset(&in->bz, 0, sizeof in->bz);
    in->bz.bzalloc = bz_alloc;
    in->bz.bzfree = z_free;
    ok = BZ2_bzDecompressInit(&in->bz, 0, 0) == BZ_OK;
    break;
  case CODEC_XZ: {
    lzma_stream init = LZMA_STREAM_INIT;
    in->xz = init;
    in->xz_alloc.alloc = xz_alloc;
    in->xz_alloc.free = z_free;
    in->xz_alloc.opaque = NULL;
    in->xz.allocator = &in->xz_alloc;
    ok = lzma_stream_decoder(&in->xz, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK;
    break;
  }
  case CODEC_ZSTD: {
    ZSTD_customMem mem = {zs_alloc, z_free, NULL};
    in->zs = ZSTD_createDStream_advanced(mem);
    ok = in->zs && !ZSTD_isError(ZSTD_initDStream(in->zs));
    break;
  }
  case CODEC_PLAIN: ok = 1; break;
  }
  if (!ok) return fail(in, "cannot start the decompressor (out of memory?)");
  in->codec_live = 1;
  in->member_ended = 0;
  return 0;
}

/* Up to room decompressed bytes into dst. Returns the count, 0 at the end
 * of the data, -1 on an error (in->err says which). */
static long produce(log_input *in, char *dst, size_t room) {
  if (in->codec == CODEC_PLAIN && in->raw_pos == in->raw_len && !in->raw_eof) {
    /* a plain file is read straight into the line buffer, not copied */
    ssize_t got = read_some(in, dst, room);
    if (got < 0) return -1;
    if (got == 0) in->raw_eof = 1;
    return (long)got;
  }
  for (;;) {
    size_t avail, made = 0;
    if (fill_raw(in) < 0) return -1;
    avail = in->raw_len - in->raw_pos;
    if (in->codec == CODEC_PLAIN) { /* the bytes read to sniff the codec */
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
      if (r == Z_MEM_ERROR) return fail(in, "out of memory");
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
      if (r == BZ_MEM_ERROR) return fail(in, "out of memory");
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
      } else if (r == LZMA_MEM_ERROR) {
        return fail(in, "out of memory");
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
      if (ZSTD_isError(r))
        return fail(in, ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation
                            ? "out of memory"
                            : "zstd data is corrupt");
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
  /* a skippable frame (0x184D2A50-5F, little-endian), as pzstd writes first */
  if (n >= 4 && (p[0] & 0xF0) == 0x50 && p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18)
    return CODEC_ZSTD;
  return CODEC_PLAIN;
}

/* Opens in->name for reading and checks that it can hold lines. The open
 * does not block: a FIFO without a writer is opened at once, then switched
 * to blocking reads, and read_some() waits for its writer's first bytes
 * (poll reports nothing on a FIFO that never had a writer, and the end of
 * the data once a writer has come and gone), so a writer that comes a
 * moment later is read from its first line and the wait can be stopped. */
static int open_for_reading(log_input *in, char *err, size_t errsz) {
  char shown[LOG_PATH_SHOWN + 1];
  struct stat st;
  int flags;
  log_input_show_path(in->name, shown, sizeof shown);
  in->fd = open(in->name, O_RDONLY | O_NONBLOCK);
  if (in->fd < 0) {
    message(err, errsz, "cannot open '%s': %s", shown, strerror(errno));
    return -1;
  }
  if (fstat(in->fd, &st) != 0 || S_ISDIR(st.st_mode) ||
      !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
    message(err, errsz,
            S_ISDIR(st.st_mode) ? "'%s' is a directory, not a log file"
                                : "'%s' is not a file, FIFO or device",
            shown);
    return -1;
  }
  in->regular = S_ISREG(st.st_mode);
  if ((flags = fcntl(in->fd, F_GETFL)) < 0 || fcntl(in->fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    message(err, errsz, "cannot read '%s': %s", shown, strerror(errno));
    return -1;
  }
  return 0;
}

int log_input_next_file(log_input *in, char *err, size_t errsz) {
  close_file(in);
  if (in->next >= in->nfiles) return 0;
  in->name = in->files[in->next++];
  in->err[0] = 0;
  if (!in->raw && !(in->raw = log_malloc(RAW_CHUNK))) {
    message(err, errsz, "out of memory");
    return -1;
  }
  if (!in->buf) {
    if (!(in->buf = log_malloc(LINE_CHUNK))) {
      message(err, errsz, "out of memory");
      return -1;
    }
    in->cap = LINE_CHUNK;
  }
  in->start = in->end = in->scan = 0;
  in->eof = in->skipping = 0;
  in->skipped = in->more_rows = 0;
  in->consumed = 0;
  in->raw_pos = in->raw_len = 0;
  in->raw_eof = 0;
  in->codec = CODEC_PLAIN;
  if (open_for_reading(in, err, errsz) != 0) {
    close_file(in);
    return -1;
  }
  /* Sniff the first bytes (a pipe may deliver them a few at a time). */
  while (in->raw_len < 6 && !in->raw_eof) {
    ssize_t got = read_some(in, in->raw + in->raw_len, RAW_CHUNK - in->raw_len);
    if (got < 0) {
      message(err, errsz, "%s", in->err);
      close_file(in);
      return -1;
    }
    if (got == 0) in->raw_eof = 1;
    in->raw_len += (size_t)got;
  }
  in->codec = sniff(in->raw, in->raw_len);
  if (start_codec(in) < 0) {
    message(err, errsz, "%s", in->err);
    close_file(in);
    return -1;
  }
  return 1;
}

/* Reads more decompressed data into buf, keeping [start, end), growing buf
 * up to limit bytes. Returns 1 when bytes came, 0 at the end for now
 * (in->eof, or raw_eof when following a plain file), -1 on an error
 * (in->err; in->eof set). */
static int read_more(log_input *in, size_t limit) {
  long got;
  if (in->eof || in->fd < 0) return 0;
  if (in->start > 0) { /* keep the unfinished line at the front */
    memmove(in->buf, in->buf + in->start, in->end - in->start);
    in->consumed += in->start;
    in->end -= in->start;
    in->scan -= in->start;
    in->start = 0;
  }
  if (in->cap - in->end < LINE_CHUNK / 2 && in->cap < limit) {
    size_t cap = in->cap * 2 > limit ? limit : in->cap * 2;
    char *p = log_realloc(in->buf, cap);
    if (!p) {
      fail(in, "out of memory");
      in->eof = 1;
      return -1;
    }
    in->buf = p;
    in->cap = cap;
  }
  if (in->follow && in->regular && in->codec == CODEC_PLAIN) in->raw_eof = 0; /* try again */
  got = produce(in, in->buf + in->end, in->cap - in->end);
  if (got < 0) {
    in->eof = 1;
    return -1;
  }
  if (got == 0) {
    if (!(in->follow && in->regular && in->codec == CODEC_PLAIN)) in->eof = 1;
    return 0;
  }
  in->end += (size_t)got;
  return 1;
}

void log_input_peek(log_input *in, size_t want, const char **data, size_t *n) {
  if (want > LOG_PEEK_MAX) want = LOG_PEEK_MAX;
  while (in->end - in->start < want && read_more(in, want + LINE_CHUNK) > 0) {
  }
  *data = in->buf ? in->buf + in->start : "";
  *n = in->buf ? in->end - in->start : 0;
}

/* The line of n bytes at in->buf + in->start (CR included) ends; the next
 * starts at next. A line over LOG_LINE_MAX owes its LOG_INPUT_LONG_MORE
 * rows as if it had been skipped. */
static enum log_input_result take_line(log_input *in, size_t n, size_t next, const char **line,
                                       size_t *len, uint64_t *offset, uint64_t *end_offset) {
  *line = in->buf + in->start;
  *offset = in->consumed + in->start;
  *end_offset = in->consumed + next;
  in->start = in->scan = next;
  if (n > LOG_LINE_MAX) in->more_rows = (n - LOG_LINE_MAX) / LOG_LINE_MAX;
  if (n > 0 && (*line)[n - 1] == '\r') n--;
  if (n > LOG_LINE_MAX) {
    *len = LOG_LINE_MAX;
    return LOG_INPUT_LONG;
  }
  in->more_rows = 0;
  *len = n;
  return LOG_INPUT_LINE;
}

enum log_input_result log_input_read_line(log_input *in, const char **line, size_t *n,
                                          uint64_t *offset, uint64_t *end_offset) {
  *offset = *end_offset = in->consumed + in->start; /* when no line comes */
  for (;;) {
    char *nl;
    int more;
    if (in->more_rows > 0) {
      /* control goes back to the caller once per LOG_LINE_MAX bytes of a line,
       * however long it is, and the count depends on its length alone */
      in->more_rows--;
      *line = NULL;
      *n = 0;
      return LOG_INPUT_LONG_MORE;
    }
    nl = in->scan < in->end ? memchr(in->buf + in->scan, '\n', in->end - in->scan) : NULL;
    if (nl) {
      size_t at = (size_t)(nl - in->buf);
      if (in->skipping) { /* the end of an over-long line */
        in->skipping = 0;
        in->more_rows = (in->skipped + (at - in->start)) / LOG_LINE_MAX;
        in->skipped = 0;
        in->start = in->scan = at + 1;
        continue;
      }
      return take_line(in, at - in->start, at + 1, line, n, offset, end_offset);
    }
    in->scan = in->end;
    if (in->skipping) {
      in->skipped += in->end - in->start;
      in->start = in->scan = in->end;
      if (in->skipped >= LOG_LINE_MAX) {
        in->skipped -= LOG_LINE_MAX;
        in->more_rows = 1;
        continue;
      }
    } else if (in->end - in->start > LOG_LINE_MAX + 1) {
      /* longer than LOG_LINE_MAX even without a CR before its LF */
      *line = in->buf + in->start;
      *n = LOG_LINE_MAX;
      *offset = in->consumed + in->start;
      *end_offset = *offset + LOG_LINE_MAX;
      in->skipped = in->end - in->start - LOG_LINE_MAX;
      in->start = in->scan = in->end;
      in->skipping = 1;
      return LOG_INPUT_LONG;
    }
    more = read_more(in, BUF_MAX);
    if (more > 0) continue;
    if (more == 0 && !in->eof) return LOG_INPUT_WAIT; /* following: the line may go on */
    if (in->start < in->end && !in->skipping)         /* a last line without LF */
      return take_line(in, in->end - in->start, in->end, line, n, offset, end_offset);
    if (in->skipping) { /* the file ends inside an over-long line */
      in->skipping = 0;
      in->more_rows = in->skipped / LOG_LINE_MAX;
      in->skipped = 0;
      continue;
    }
    in->start = in->scan = in->end;
    return in->err[0] ? LOG_INPUT_ERROR : LOG_INPUT_END;
  }
}
