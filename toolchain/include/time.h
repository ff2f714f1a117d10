/*
 * time.h - ZeroVM gives a program no clock (a session must be deterministic):
 * time() and clock() fail, returning (time_t)-1 / (clock_t)-1 with errno
 * ENOSYS; time() leaves *t untouched.
 */
#ifndef ZRT_TIME_H
#define ZRT_TIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef ZRT_TIME_T_DEFINED
#define ZRT_TIME_T_DEFINED
typedef long long time_t;
#endif /* 64-bit, as on x32 Linux */
#ifndef ZRT_CLOCK_T_DEFINED
#define ZRT_CLOCK_T_DEFINED
typedef long clock_t;
#endif

#define CLOCKS_PER_SEC 1000000L

time_t time(time_t *t);
clock_t clock(void);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_TIME_H */
