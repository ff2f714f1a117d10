/*
 * unistd.h - a minimal POSIX layer over ZeroVM channels (runtime/posix.c).
 *
 * A descriptor is a channel's index in zerovm's table: 0 /dev/stdin,
 * 1 /dev/stdout, 2 /dev/stderr, then the other channels in strcmp order of
 * alias.  Every descriptor is open from the start with what the channel's
 * limits allow (reading: gets and get_size > 0; writing: puts and put_size
 * > 0); open() (fcntl.h) finds a channel by alias and returns its index,
 * close() ends the descriptor until it is opened again.  Each descriptor has
 * one position, used on random-access channels; on sequential ones lseek,
 * pread and pwrite fail with ESPIPE, as on a pipe.  read/write make one
 * zerovm trap each and return what it moved (a short write is returned as
 * such); zerovm's errors come back as -1 with errno set (EDQUOT, 122, for a
 * quota; reading past the end of a random-access channel returns 0).
 * isatty is always 0 (ENOTTY).  No processes, so no getpid, fork or exec;
 * _exit ends the session without flushing stdio.
 */
#ifndef ZRT_UNISTD_H
#define ZRT_UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* access() modes */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
ssize_t pread(int fd, void *buf, size_t n, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset);
off_t lseek(int fd, off_t offset, int whence);
int close(int fd);
int isatty(int fd);
int access(const char *path, int mode);
__attribute__((noreturn)) void _exit(int status);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_UNISTD_H */
