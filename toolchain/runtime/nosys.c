/*
 * nosys.c - what ZeroVM cannot offer: no clock, no signals, no environment,
 * one locale.  Each call fails the documented way (see time.h, signal.h,
 * locale.h, stdlib.h) instead of being left undefined at link time.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

time_t time(time_t *t)
{
  (void)t;
  errno = ENOSYS;
  return (time_t)-1;
}

clock_t clock(void)
{
  errno = ENOSYS;
  return (clock_t)-1;
}

sighandler_t signal(int signum, sighandler_t handler)
{
  (void)signum;
  (void)handler;
  errno = ENOSYS;
  return SIG_ERR;
}

int raise(int sig)
{
  (void)sig;
  errno = ENOSYS;
  return -1;
}

char *setlocale(int category, const char *locale)
{
  static char c_locale[] = "C";
  if (category < LC_CTYPE || category > LC_ALL)
    return NULL;
  if (locale == NULL || locale[0] == 0 || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
    return c_locale;
  return NULL;
}

/* start.c passes main an empty environment: there is nothing to find. */
char *getenv(const char *name)
{
  (void)name;
  return NULL;
}
