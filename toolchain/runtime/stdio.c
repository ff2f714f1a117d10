/*
 * stdio.c - the stream machinery, and the three standard streams.
 *
 * stdin = channel 0, stdout = channel 1, stderr = channel 2.
 *  - stdout is fully buffered in a BUFSIZ buffer that is written out when it
 *    is full, by fflush and by exit(), so its writes are BUFSIZ bytes except
 *    the last one.  setvbuf can make it line buffered or unbuffered.
 *  - stderr is unbuffered; a printf-family call formats into a 1 KiB local
 *    buffer first, so it makes one write per KiB of output, not one per byte.
 *  - stdin is read BUFSIZ bytes at a time.
 * Streams fopen opens (file.c) work the same way, fully buffered.
 * Each stream tracks its channel offset and passes it to the trap: sequential
 * channels ignore it, random-access channels then behave like a file.
 *
 * Errors: a short or negative result from a write is an error (no retry, so
 * the number of traps stays predictable); the pending bytes are dropped, the
 * stream's error flag is set, errno is zerovm's error (a short write: EDQUOT,
 * the quota that cut it) and the call returns EOF (or -1).  Reading a stream
 * not open for reading, or writing one not open for writing, sets EBADF.  A
 * read returning 0 sets the end-of-file flag, which is sticky until clearerr.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <limits.h>
#include "zrt.h"

static unsigned char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];

static struct zrt_file std_files[3] = {
  { 0, _IOFBF, ZRT_F_READ, 0, 0, EOF, 0, stdin_buf, sizeof stdin_buf, 0, 0, 0, 0, NULL },
  { 1, _IOFBF, ZRT_F_WRITE, 0, 0, EOF, 1, stdout_buf, sizeof stdout_buf, 0, 0, 0, 0, NULL },
  { 2, _IONBF, ZRT_F_WRITE, 0, 0, EOF, 1, NULL, 0, 0, 0, 0, 0, NULL },
};

FILE *stdin = &std_files[0];
FILE *stdout = &std_files[1];
FILE *stderr = &std_files[2];

struct zrt_file *__zrt_open_files;

/* ---------------------------------------------------------------- output */

/* Write n bytes straight to the channel; 0 or -1. */
static int raw_write(FILE *f, const void *p, size_t n)
{
  const char *c = p;
  while (n) {
    int32_t chunk = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    int32_t r;
    if (f->flags & ZRT_F_APPEND)
      f->offset = f->end;
    r = __zrt_write(f->fd, c, chunk, f->offset);
    if (r > 0) {
      f->offset += r;
      if (f->offset > f->end)
        f->end = f->offset;
    }
    if (r != chunk) {
      f->error = 1;
      errno = r < 0 ? -r : ZRT_EDQUOT;
      return -1;
    }
    c += chunk;
    n -= (size_t)chunk;
  }
  return 0;
}

/* Write out the buffered output; the bytes are dropped even on error. */
static int flush_out(FILE *f)
{
  size_t n = f->len;
  if (!f->writing || n == 0)
    return 0;
  f->len = 0;
  return raw_write(f, f->buf, n);
}

/* Append n bytes to the stream; 0 or -1. */
static int file_write(FILE *f, const void *p, size_t n)
{
  const unsigned char *c = p;
  int rc = 0;

  if (!(f->flags & ZRT_F_WRITE)) {
    f->error = 1;
    errno = EBADF;
    return -1;
  }
  if (!f->writing) {
    /* An update stream turns from reading to writing: unread input is
     * dropped and the write goes where the reader had got to. */
    if (f->flags & ZRT_F_SEEK)
      f->offset -= (int64_t)(f->len - f->pos) + (f->ungot != EOF);
    f->len = f->pos = 0;
    f->ungot = EOF;
    f->writing = 1;
  }
  if (f->mode == _IONBF)
    return raw_write(f, p, n);
  while (n) {
    size_t chunk = f->cap - f->len;
    if (chunk > n)
      chunk = n;
    memcpy(f->buf + f->len, c, chunk);
    f->len += chunk;
    c += chunk;
    n -= chunk;
    if (f->len == f->cap && flush_out(f))
      rc = -1;
  }
  if (f->mode == _IOLBF && memchr(p, '\n', (size_t)(c - (const unsigned char *)p)) &&
      flush_out(f))
    rc = -1;
  return rc;
}

/* Every output stream; stderr never holds data.  0 or -1. */
static int flush_all(void)
{
  int rc = flush_out(stdout);
  struct zrt_file *f;
  for (f = __zrt_open_files; f; f = f->next)
    if (flush_out(f))
      rc = -1;
  return rc;
}

void __zrt_flush_stdout(void)
{
  flush_all();
}

int fflush(FILE *f)
{
  if (f == NULL)
    return flush_all() ? EOF : 0;
  return flush_out(f) ? EOF : 0;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
  /* The stream keeps its own buffer; a caller's buffer is not used. */
  (void)buf;
  (void)size;
  if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
    return -1;
  if (!(f->flags & ZRT_F_WRITE))
    return 0;
  if (f->buf == NULL && mode != _IONBF)
    return -1; /* stderr has no buffer to use */
  if (flush_out(f))
    return -1;
  f->mode = mode;
  return 0;
}

int fputc(int c, FILE *f)
{
  unsigned char ch = (unsigned char)c;
  return file_write(f, &ch, 1) ? EOF : ch;
}

int putc(int c, FILE *f)
{
  return fputc(c, f);
}

int putchar(int c)
{
  return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
  return file_write(f, s, strlen(s)) ? EOF : 1;
}

int puts(const char *s)
{
  if (file_write(stdout, s, strlen(s)) || file_write(stdout, "\n", 1))
    return EOF;
  return 1;
}

size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f)
{
  if (size == 0 || nmemb == 0)
    return 0;
  if (nmemb > (size_t)-1 / size)
    return 0;
  return file_write(f, ptr, size * nmemb) ? 0 : nmemb;
}

/* printf-family sink: the staging buffer goes to the stream when full. */
static void stream_flush(struct zrt_sink *s)
{
  if (file_write((FILE *)s->ctx, s->buf, s->len))
    s->error = 1;
  s->len = 0;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
  char stage[1024];
  struct zrt_sink s;
  s.buf = stage;
  s.cap = sizeof stage;
  s.len = 0;
  s.total = 0;
  s.flush = stream_flush;
  s.ctx = f;
  s.error = 0;
  __zrt_format(&s, fmt, ap);
  if (s.len)
    stream_flush(&s);
  if (s.error || s.total > INT_MAX)
    return -1;
  return (int)s.total;
}

int fprintf(FILE *f, const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start(ap, fmt);
  r = vfprintf(f, fmt, ap);
  va_end(ap);
  return r;
}

int vprintf(const char *fmt, va_list ap)
{
  return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start(ap, fmt);
  r = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return r;
}

/* ----------------------------------------------------------------- input */

/* Refill the input buffer; returns the byte count, 0 at end of file, < 0 on
 * error. */
static int refill(FILE *f)
{
  int32_t r;
  if (f->eof)
    return 0;
  r = __zrt_read(f->fd, f->buf, (int32_t)f->cap, f->offset);
  /* zerovm's answer to a random read starting past the channel's end. */
  if (r == -EFAULT && (f->flags & ZRT_F_SEEK))
    r = 0;
  if (r > 0) {
    f->offset += r;
    f->len = (size_t)r;
    f->pos = 0;
  } else if (r == 0) {
    f->eof = 1;
  } else {
    f->error = 1;
    errno = -r;
  }
  return r;
}

/* Make f ready to hand out input: 0, or -1 (EOF) if it cannot be read. */
static int start_reading(FILE *f)
{
  if (!(f->flags & ZRT_F_READ)) {
    f->error = 1;
    errno = EBADF;
    return -1;
  }
  if (f->writing) {
    /* An update stream turns from writing to reading: output goes first. */
    if (flush_out(f))
      return -1;
    f->writing = 0;
    f->len = f->pos = 0;
  }
  return 0;
}

int fgetc(FILE *f)
{
  if (start_reading(f))
    return EOF;
  if (f->ungot != EOF) {
    int c = f->ungot;
    f->ungot = EOF;
    return c;
  }
  if (f->pos == f->len && refill(f) <= 0)
    return EOF;
  return f->buf[f->pos++];
}

int getc(FILE *f)
{
  return fgetc(f);
}

int getchar(void)
{
  return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
  if (c == EOF || !(f->flags & ZRT_F_READ) || f->ungot != EOF || start_reading(f))
    return EOF;
  f->ungot = (unsigned char)c;
  f->eof = 0;
  return f->ungot;
}

char *fgets(char *s, int size, FILE *f)
{
  int i = 0;
  if (size <= 0)
    return NULL;
  while (i < size - 1) {
    int c = fgetc(f);
    if (c == EOF)
      break;
    s[i++] = (char)c;
    if (c == '\n')
      break;
  }
  if (i == 0 && size > 1)
    return NULL; /* end of file (or error) before any character */
  s[i] = '\0';
  return s;
}

size_t fread(void *ptr, size_t size, size_t nmemb, FILE *f)
{
  unsigned char *out = ptr;
  size_t want, got = 0;

  if (size == 0 || nmemb == 0 || nmemb > (size_t)-1 / size)
    return 0;
  if (start_reading(f))
    return 0;
  want = size * nmemb;
  if (f->ungot != EOF) {
    out[got++] = (unsigned char)f->ungot;
    f->ungot = EOF;
  }
  while (got < want) {
    size_t chunk;
    if (f->pos == f->len && refill(f) <= 0)
      break;
    chunk = f->len - f->pos;
    if (chunk > want - got)
      chunk = want - got;
    memcpy(out + got, f->buf + f->pos, chunk);
    f->pos += chunk;
    got += chunk;
  }
  return got / size;
}

int feof(FILE *f)
{
  return f->eof;
}

int ferror(FILE *f)
{
  return f->error;
}

void clearerr(FILE *f)
{
  f->eof = 0;
  f->error = 0;
}

int fileno(FILE *f)
{
  return f->fd;
}
