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

/* Flush stdout (used by exit). */
void __zrt_flush_stdout(void);

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
