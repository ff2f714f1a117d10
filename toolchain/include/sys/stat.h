/*
 * sys/stat.h - stat/fstat on ZeroVM channels (runtime/posix.c).  A channel
 * reads as a regular file (S_IFREG) when positioned access works on it, else
 * as a FIFO (S_IFIFO); its permission bits are 0444 if it can be read and 0222
 * if it can be written; st_size is the channel's size at session start (0 for
 * sequential and write-only channels), or the end of what the descriptor
 * wrote; st_ino is the descriptor + 1; the other fields are 0 or 1.
 */
#ifndef ZRT_SYS_STAT_H
#define ZRT_SYS_STAT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct stat {
  unsigned long long st_dev;
  unsigned long long st_ino;
  mode_t st_mode;
  unsigned int st_nlink;
  uid_t st_uid;
  gid_t st_gid;
  unsigned long long st_rdev;
  off_t st_size;
  long st_blksize;
  long long st_blocks;
};

#define S_IFMT 0170000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXU 0700

int stat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_SYS_STAT_H */
