/*
 * signal.h - ZeroVM delivers no signals to a program and has no way to send
 * one: signal() returns SIG_ERR and raise() returns -1, both with errno
 * ENOSYS.  The types and constants are Linux's.
 */
#ifndef ZRT_SIGNAL_H
#define ZRT_SIGNAL_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15

sighandler_t signal(int signum, sighandler_t handler);
int raise(int sig);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_SIGNAL_H */
