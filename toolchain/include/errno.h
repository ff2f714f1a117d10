/*
 * errno.h - error numbers of the nexe libc (Linux's values, so messages and
 * numbers match glibc's).  errno is one global int: a nexe has one thread.
 * Set as glibc sets it by strto* (ERANGE, EINVAL), the math functions (EDOM,
 * ERANGE), malloc & co. (ENOMEM), time/clock/signal/raise (ENOSYS), fopen,
 * open and the channel I/O functions (EDQUOT: zerovm refused a write past the
 * channel's quota).
 */
#ifndef ZRT_ERRNO_H
#define ZRT_ERRNO_H

extern int errno;
#define errno errno

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define ENOTBLK 15
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOLCK 37
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EWOULDBLOCK EAGAIN
#define EOVERFLOW 75
#define EILSEQ 84
#define ENOTSUP 95
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define EDQUOT 122

#endif /* ZRT_ERRNO_H */
