/*
 * posix.c - read/write/lseek/open/close/stat over channel descriptors (see
 * unistd.h, fcntl.h and sys/stat.h for what each call promises).
 *
 * A descriptor is a channel index.  Its state (open or closed, the access it
 * was opened for, its position and the end it knows) lives in a table made on
 * first use, one entry per channel, so programs that never call these pay
 * nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zrt.h"

#define D_OPEN 16 /* beside ZRT_F_READ / ZRT_F_WRITE / ZRT_F_APPEND / ZRT_F_SEEK */

struct desc {
  int flags;
  int64_t pos;
  int64_t end;
};

static struct desc *descs;

static void reset(int fd, int access)
{
  struct desc *d = &descs[fd];
  d->flags = D_OPEN | access;
  if (__zrt_channel_seekable(fd, (access & ZRT_F_READ) != 0, (access & ZRT_F_WRITE) != 0))
    d->flags |= ZRT_F_SEEK;
  /* Writes on a sequential-write channel go to its end whatever we ask. */
  if ((access & ZRT_F_WRITE) && !__zrt_channel_seekable(fd, 0, 1))
    d->flags |= ZRT_F_APPEND;
  d->end = __zrt_channel_size(fd);
  d->pos = 0;
}

/* The table, made on first use; NULL (ENOMEM) if there is no memory for it. */
static struct desc *table(void)
{
  int i, n;
  if (descs)
    return descs;
  n = __zrt_channel_count();
  descs = malloc(sizeof *descs * (size_t)(n ? n : 1));
  if (descs == NULL) {
    errno = ENOMEM;
    return NULL;
  }
  for (i = 0; i < n; i++)
    reset(i, __zrt_channel_access(i));
  return descs;
}

/* The open descriptor fd allowing `need` (ZRT_F_READ/WRITE), or NULL (EBADF). */
static struct desc *lookup(int fd, int need)
{
  if (table() == NULL)
    return NULL;
  if (fd < 0 || fd >= __zrt_channel_count() || !(descs[fd].flags & D_OPEN) ||
      (descs[fd].flags & need) != need) {
    errno = EBADF;
    return NULL;
  }
  return &descs[fd];
}

static int32_t clip(size_t n)
{
  return n > INT32_MAX ? INT32_MAX : (int32_t)n;
}

/* A trap's result as a POSIX return: -1 with errno for zerovm's -errno. */
static ssize_t result(int32_t r, int seek_read)
{
  if (r == -EFAULT && seek_read) /* a random read starting past the end */
    return 0;
  if (r < 0) {
    errno = -r;
    return -1;
  }
  return r;
}

int open(const char *path, int flags, ...)
{
  int fd, want, access;
  if (table() == NULL)
    return -1;
  switch (flags & O_ACCMODE) {
  case O_RDONLY: want = ZRT_F_READ; break;
  case O_WRONLY: want = ZRT_F_WRITE; break;
  case O_RDWR: want = ZRT_F_READ | ZRT_F_WRITE; break;
  default: errno = EINVAL; return -1;
  }
  fd = __zrt_find_channel(path);
  if (fd < 0) {
    errno = ENOENT;
    return -1;
  }
  if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
    errno = EEXIST;
    return -1;
  }
  access = __zrt_channel_access(fd);
  if ((access & want) != want) {
    errno = EACCES;
    return -1;
  }
  reset(fd, want);
  if (flags & O_APPEND) {
    descs[fd].flags |= ZRT_F_APPEND;
    descs[fd].pos = descs[fd].end;
  }
  return fd;
}

int creat(const char *path, mode_t mode)
{
  (void)mode;
  return open(path, O_WRONLY | O_CREAT | O_TRUNC);
}

int close(int fd)
{
  struct desc *d = lookup(fd, 0);
  if (d == NULL)
    return -1;
  d->flags &= ~D_OPEN;
  return 0;
}

ssize_t read(int fd, void *buf, size_t n)
{
  struct desc *d = lookup(fd, ZRT_F_READ);
  ssize_t r;
  if (d == NULL)
    return -1;
  if (n == 0)
    return 0;
  r = result(__zrt_read(fd, buf, clip(n), d->pos), d->flags & ZRT_F_SEEK);
  if (r > 0)
    d->pos += r;
  return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
  struct desc *d = lookup(fd, ZRT_F_WRITE);
  ssize_t r;
  if (d == NULL)
    return -1;
  if (n == 0)
    return 0;
  if (d->flags & ZRT_F_APPEND)
    d->pos = d->end;
  r = result(__zrt_write(fd, buf, clip(n), d->pos), 0);
  if (r > 0) {
    d->pos += r;
    if (d->pos > d->end)
      d->end = d->pos;
  }
  return r;
}

/* The open, seekable descriptor fd allowing `need`, or NULL (EBADF, ESPIPE). */
static struct desc *seekable(int fd, int need)
{
  struct desc *d = lookup(fd, need);
  if (d && !(d->flags & ZRT_F_SEEK)) {
    errno = ESPIPE;
    return NULL;
  }
  return d;
}

ssize_t pread(int fd, void *buf, size_t n, off_t offset)
{
  if (seekable(fd, ZRT_F_READ) == NULL)
    return -1;
  if (offset < 0) {
    errno = EINVAL;
    return -1;
  }
  if (n == 0)
    return 0;
  return result(__zrt_read(fd, buf, clip(n), offset), 1);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
{
  struct desc *d = seekable(fd, ZRT_F_WRITE);
  ssize_t r;
  if (d == NULL)
    return -1;
  if (offset < 0) {
    errno = EINVAL;
    return -1;
  }
  if (n == 0)
    return 0;
  r = result(__zrt_write(fd, buf, clip(n), offset), 0);
  if (r > 0 && offset + r > d->end)
    d->end = offset + r;
  return r;
}

off_t lseek(int fd, off_t offset, int whence)
{
  struct desc *d = seekable(fd, 0);
  off_t base;
  if (d == NULL)
    return -1;
  switch (whence) {
  case SEEK_SET: base = 0; break;
  case SEEK_CUR: base = d->pos; break;
  case SEEK_END: base = d->end; break;
  default: errno = EINVAL; return -1;
  }
  if (offset < -base) {
    errno = EINVAL;
    return -1;
  }
  d->pos = base + offset;
  return d->pos;
}

int isatty(int fd)
{
  if (lookup(fd, 0) != NULL)
    errno = ENOTTY;
  return 0;
}

int access(const char *path, int mode)
{
  int fd = __zrt_find_channel(path), have;
  if (fd < 0) {
    errno = ENOENT;
    return -1;
  }
  have = __zrt_channel_access(fd);
  if (((mode & R_OK) && !(have & ZRT_F_READ)) || ((mode & W_OK) && !(have & ZRT_F_WRITE)) ||
      (mode & X_OK)) {
    errno = EACCES;
    return -1;
  }
  return 0;
}

void _exit(int status)
{
  __zrt_exit(status);
}

static void fill_stat(int fd, int flags, int64_t end, struct stat *st)
{
  int access = __zrt_channel_access(fd);
  st->st_dev = 0;
  st->st_ino = (unsigned long long)fd + 1;
  st->st_mode = (flags & ZRT_F_SEEK) ? S_IFREG : S_IFIFO;
  if (access & ZRT_F_READ)
    st->st_mode |= 0444;
  if (access & ZRT_F_WRITE)
    st->st_mode |= 0222;
  st->st_nlink = 1;
  st->st_uid = 0;
  st->st_gid = 0;
  st->st_rdev = 0;
  st->st_size = end;
  st->st_blksize = 4096;
  st->st_blocks = (end + 511) / 512;
}

int fstat(int fd, struct stat *st)
{
  struct desc *d = lookup(fd, 0);
  if (d == NULL)
    return -1;
  fill_stat(fd, d->flags, d->end, st);
  return 0;
}

int stat(const char *path, struct stat *st)
{
  int fd = __zrt_find_channel(path);
  if (fd < 0) {
    errno = ENOENT;
    return -1;
  }
  if (table() == NULL)
    return -1;
  fill_stat(fd, descs[fd].flags, descs[fd].end, st);
  return 0;
}
