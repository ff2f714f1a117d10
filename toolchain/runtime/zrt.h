/*
 * zrt.h - internal interface of the nexe libc runtime (not for programs).
 *
 * Everything that touches zerovm goes through the four functions below, which
 * live in io.c.  Building with -DZVM_HOST_TEST replaces them by host hooks so
 * the rest of the libc can be tested natively (see tests/libc/).
 */
#ifndef ZRT_INTERNAL_H
#define ZRT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Write/read n bytes on channel desc at offset (ignored by sequential
 * channels).  Return the byte count moved, or a negative error (-errno). */
int32_t __zrt_write(int desc, const void *buf, int32_t n, int64_t offset);
int32_t __zrt_read(int desc, void *buf, int32_t n, int64_t offset);

/* End the session with the given user return code. */
__attribute__((noreturn)) void __zrt_exit(int code);

/* The heap region zerovm gives the program: [*base, *base + *size). */
void __zrt_heap_region(char **base, size_t *size);

/* Flush stdout and every stream fopen opened (used by exit). */
void __zrt_flush_stdout(void);

/*
 * A stdio stream (FILE).  stdio.c holds the three standard ones; file.c makes
 * more with fopen.  One buffer serves both directions of an update stream:
 * `writing` says whether it holds output waiting to go out or input not yet
 * handed out.
 */
#define ZRT_F_READ 1   /* may read */
#define ZRT_F_WRITE 2  /* may write */
#define ZRT_F_APPEND 4 /* each write goes to the end ("a" modes, append-only channels) */
#define ZRT_F_SEEK 8   /* fseek/ftell work: random access in every direction used */

struct zrt_file {
  int fd;
  int mode;       /* _IOFBF, _IOLBF or _IONBF */
  int flags;      /* ZRT_F_* */
  int eof;
  int error;
  int ungot;      /* character pushed back by ungetc, or EOF */
  int writing;    /* buf holds output (else input, if any) */
  unsigned char *buf;
  size_t cap;
  size_t len;     /* output: bytes waiting; input: bytes in buf */
  size_t pos;     /* input: next byte of buf to hand out */
  int64_t offset; /* channel offset of the next transfer */
  int64_t end;    /* the channel's size as far as this stream knows (SEEK_END, appends) */
  struct zrt_file *next; /* the chain of streams fopen opened */
};

/* Streams fopen opened, newest first (flushed by exit and fflush(NULL)). */
extern struct zrt_file *__zrt_open_files;

/* Errors the channel layer passes on: the quota error zerovm returns, which
 * errno.h has no name for. */
#define ZRT_EDQUOT 122

/*
 * The channel table (chan.c).  A descriptor is a channel's index: 0, 1, 2 are
 * /dev/stdin, /dev/stdout, /dev/stderr, then the others in strcmp order of
 * alias, as zerovm numbers them.
 */
struct zvm_channel;
int __zrt_channel_count(void);
const struct zvm_channel *__zrt_channel(int desc); /* NULL when out of range */
int __zrt_find_channel(const char *alias);         /* -1 when no channel has it */
/* ZRT_F_READ / ZRT_F_WRITE: what the manifest's limits allow on the channel. */
int __zrt_channel_access(int desc);
/* Whether positioned access works for a user reading (rd) and/or writing (wr)
 * the channel: random access in each direction used, where an append-only
 * write side (type 1, read-write) does not stop reads from being positioned. */
int __zrt_channel_seekable(int desc, int rd, int wr);
/* The channel's size at session start (0 for sequential and write-only ones). */
int64_t __zrt_channel_size(int desc);

/*
 * Output sink of the printf engine (printf.c).  Bytes go into buf[0..cap);
 * when it is full, flush() is called to empty it (it must reset len to 0),
 * or, if flush is NULL (snprintf), further bytes are only counted.
 */
struct zrt_sink {
  char *buf;
  size_t cap;
  size_t len;   /* bytes now in buf */
  size_t total; /* bytes produced so far, stored or not */
  void (*flush)(struct zrt_sink *s);
  void *ctx;    /* for flush */
  int error;    /* set by flush on a write error, or on a malformed format */
};

/* Format into s; the count is in s->total. */
void __zrt_format(struct zrt_sink *s, const char *fmt, va_list ap);

#endif /* ZRT_INTERNAL_H */
