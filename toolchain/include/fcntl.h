/*
 * fcntl.h - open() on ZeroVM channels (runtime/posix.c; see unistd.h for the
 * descriptor model).  open(alias, flags) returns the channel's index:
 *  - no channel has the alias: -1, ENOENT (O_CREAT cannot make a channel);
 *  - O_RDONLY/O_WRONLY/O_RDWR the channel's limits do not allow: EACCES;
 *    O_CREAT|O_EXCL: EEXIST (the channel exists);
 *  - the position starts at 0, or at the channel's end with O_APPEND (every
 *    write then goes to the end); O_TRUNC does nothing (a write-only channel
 *    starts empty anyway).  The other flags are accepted and change nothing.
 * Linux's values, so code that prints or compares them matches.
 */
#ifndef ZRT_FCNTL_H
#define ZRT_FCNTL_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define O_ACCMODE 0003
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_SYNC 04010000
#define O_CLOEXEC 02000000

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_FCNTL_H */
