/*
 * file.c - fopen and friends: a channel alias opens as a FILE (ZRT-style:
 * fopen("/dev/input", "r") reads the channel the manifest calls /dev/input).
 *
 * A channel cannot be created, truncated or removed from inside a session, so:
 *  - an alias the manifest does not name fails with ENOENT, whatever the mode;
 *  - the mode must be one the channel's limits allow: reading needs gets and
 *    get_size, writing puts and put_size (zerovm's access class); otherwise
 *    EACCES, as glibc gives for a file without that permission;
 *  - "w" does not truncate (a write-only channel starts empty anyway: zerovm
 *    creates its file), "x" always fails with EEXIST, a bad mode with EINVAL;
 *  - "a" writes at the end: the channel's size at session start, or the end of
 *    what this stream wrote.
 * fseek/ftell/fgetpos/fsetpos/rewind work on random-access channels (type 1 or
 * 3 for reading, 2 or 3 for writing; a read-write type-1 channel appends its
 * writes and its reads are positioned); on a sequential channel they fail with
 * ESPIPE, as on a pipe.  SEEK_END counts from the size fopen found (see "a").
 * Reading past the end of a random-access channel is end of file.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <zvm.h>
#include "zrt.h"

/* The open flags a mode string asks for, or -1 (EINVAL). */
static int mode_flags(const char *mode)
{
  int flags;
  const char *m;
  switch (mode[0]) {
  case 'r': flags = ZRT_F_READ; break;
  case 'w': flags = ZRT_F_WRITE; break;
  case 'a': flags = ZRT_F_WRITE | ZRT_F_APPEND; break;
  default: return -1;
  }
  /* glibc's letters after the first: '+', 'b' (no effect), 'x', 'e', 'm', 'c'. */
  for (m = mode + 1; *m; m++) {
    if (*m == '+')
      flags |= ZRT_F_READ | ZRT_F_WRITE;
    else if (*m == 'x' && mode[0] != 'r')
      return -2;
  }
  return flags;
}

static FILE *open_stream(int fd, int flags)
{
  FILE *f;
  int64_t size = __zrt_channel_size(fd);
  int rd = (flags & ZRT_F_READ) != 0, wr = (flags & ZRT_F_WRITE) != 0;

  if (__zrt_channel_seekable(fd, rd, wr)) {
    flags |= ZRT_F_SEEK;
    /* Writes on a sequential-write channel go to its end whatever we ask. */
    if (wr && !__zrt_channel_seekable(fd, 0, 1))
      flags |= ZRT_F_APPEND;
  }
  f = malloc(sizeof *f + BUFSIZ);
  if (f == NULL) {
    errno = ENOMEM;
    return NULL;
  }
  f->fd = fd;
  f->mode = _IOFBF;
  f->flags = flags;
  f->eof = 0;
  f->error = 0;
  f->ungot = EOF;
  f->writing = !rd;
  f->buf = (unsigned char *)(f + 1);
  f->cap = BUFSIZ;
  f->len = 0;
  f->pos = 0;
  f->end = size;
  f->offset = (flags & ZRT_F_APPEND) ? size : 0;
  f->next = __zrt_open_files;
  __zrt_open_files = f;
  return f;
}

/* 0, or -1 with errno set: the channel does not allow what flags ask. */
static int check_access(int fd, int flags, int err)
{
  int access = __zrt_channel_access(fd);
  if (((flags & ZRT_F_READ) && !(access & ZRT_F_READ)) ||
      ((flags & ZRT_F_WRITE) && !(access & ZRT_F_WRITE))) {
    errno = err;
    return -1;
  }
  return 0;
}

FILE *fopen(const char *path, const char *mode)
{
  int flags = mode_flags(mode);
  int fd;
  if (flags == -1) {
    errno = EINVAL;
    return NULL;
  }
  fd = __zrt_find_channel(path);
  if (fd < 0) {
    errno = ENOENT;
    return NULL;
  }
  if (flags == -2) { /* "x": the channel exists */
    errno = EEXIST;
    return NULL;
  }
  if (check_access(fd, flags, EACCES))
    return NULL;
  return open_stream(fd, flags);
}

FILE *fdopen(int fd, const char *mode)
{
  int flags = mode_flags(mode);
  if (flags < 0) {
    errno = EINVAL;
    return NULL;
  }
  if (__zrt_channel(fd) == NULL) {
    errno = EBADF;
    return NULL;
  }
  /* glibc: a mode the descriptor was not opened for is EINVAL. */
  if (check_access(fd, flags, EINVAL))
    return NULL;
  return open_stream(fd, flags);
}

int fclose(FILE *f)
{
  int rc = fflush(f);
  struct zrt_file **p;
  for (p = &__zrt_open_files; *p; p = &(*p)->next) {
    if (*p == f) {
      *p = f->next;
      free(f);
      break;
    }
  }
  /* A standard stream stays usable: its buffer is static and its channel
   * cannot be closed. */
  return rc;
}

/* The position the user sees: the offset less what is buffered ahead. */
static int64_t position(FILE *f)
{
  if (f->writing)
    return ((f->flags & ZRT_F_APPEND) ? f->end : f->offset) + (int64_t)f->len;
  return f->offset - (int64_t)(f->len - f->pos) - (f->ungot != EOF);
}

long long ftello(FILE *f)
{
  if (!(f->flags & ZRT_F_SEEK)) {
    errno = ESPIPE;
    return -1;
  }
  return position(f);
}

long ftell(FILE *f)
{
  long long pos = ftello(f);
  if (pos > LONG_MAX) {
    errno = EOVERFLOW;
    return -1;
  }
  return (long)pos;
}

int fseeko(FILE *f, long long off, int whence)
{
  long long base;
  if (!(f->flags & ZRT_F_SEEK)) {
    errno = ESPIPE;
    return -1;
  }
  if (f->writing && fflush(f))
    return -1;
  switch (whence) {
  case SEEK_SET: base = 0; break;
  case SEEK_CUR: base = position(f); break;
  case SEEK_END: base = f->end; break;
  default: errno = EINVAL; return -1;
  }
  if (off < -base) {
    errno = EINVAL;
    return -1;
  }
  f->offset = base + off;
  f->len = f->pos = 0;
  f->ungot = EOF;
  f->eof = 0;
  return 0;
}

int fseek(FILE *f, long off, int whence)
{
  return fseeko(f, off, whence);
}

void rewind(FILE *f)
{
  fseeko(f, 0, SEEK_SET);
  f->error = 0;
}

int fgetpos(FILE *f, fpos_t *pos)
{
  long long p = ftello(f);
  if (p < 0)
    return -1;
  pos->__pos = p;
  return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
  return fseeko(f, pos->__pos, SEEK_SET);
}
