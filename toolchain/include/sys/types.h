/*
 * sys/types.h - the POSIX types the nexe libc uses (x32 sizes).
 */
#ifndef ZRT_SYS_TYPES_H
#define ZRT_SYS_TYPES_H

#include <stddef.h>

typedef int ssize_t;
typedef long long off_t;
#ifndef ZRT_TIME_T_DEFINED
#define ZRT_TIME_T_DEFINED
typedef long long time_t;
#endif
#ifndef ZRT_CLOCK_T_DEFINED
#define ZRT_CLOCK_T_DEFINED
typedef long clock_t;
#endif
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;

#endif /* ZRT_SYS_TYPES_H */
