/*
 * string2.c - the string.h/strings.h functions added after string.c (kept apart
 * so programs that use only string.c's functions link exactly as before).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *strdup(const char *s)
{
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t n)
{
  n = strnlen(s, n);
  char *d = malloc(n + 1);
  if (!d)
    return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *strpbrk(const char *s, const char *accept)
{
  /* A loop, not `*s ? s : NULL` after strcspn: gcc schedules that test across
   * the epilogue, and the sandboxing pass's `add %r15, %rbp` there clobbers the
   * flags (a pass bug, reported). */
  for (; *s; s++)
    if (strchr(accept, *s))
      return (char *)s;
  return NULL;
}

char *strtok_r(char *s, const char *delim, char **save)
{
  if (!s)
    s = *save;
  s += strspn(s, delim);
  if (!*s) {
    *save = s;
    return NULL;
  }
  char *end = s + strcspn(s, delim);
  if (*end)
    *end++ = 0;
  *save = end;
  return s;
}

char *strtok(char *s, const char *delim)
{
  static char *save;
  return strtok_r(s, delim, &save);
}

char *stpcpy(char *dest, const char *src)
{
  size_t n = strlen(src);
  memcpy(dest, src, n + 1);
  return dest + n;
}

char *stpncpy(char *dest, const char *src, size_t n)
{
  size_t len = strnlen(src, n);
  memcpy(dest, src, len);
  memset(dest + len, 0, n - len);
  return dest + len;
}

void *memccpy(void *dest, const void *src, int c, size_t n)
{
  unsigned char *d = dest;
  const unsigned char *s = src;
  for (size_t i = 0; i < n; i++) {
    d[i] = s[i];
    if (s[i] == (unsigned char)c)
      return d + i + 1;
  }
  return NULL;
}

void *memrchr(const void *s, int c, size_t n)
{
  const unsigned char *p = s;
  while (n--)
    if (p[n] == (unsigned char)c)
      return (void *)(p + n);
  return NULL;
}

int strcasecmp(const char *a, const char *b)
{
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  int d;
  while ((d = tolower(*x) - tolower(*y)) == 0 && *x) {
    x++;
    y++;
  }
  return d;
}

int strncasecmp(const char *a, const char *b, size_t n)
{
  const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
  for (; n; n--, x++, y++) {
    int d = tolower(*x) - tolower(*y);
    if (d || !*x)
      return d;
  }
  return 0;
}

char *strcasestr(const char *haystack, const char *needle)
{
  size_t n = strlen(needle);
  for (; *haystack; haystack++)
    if (strncasecmp(haystack, needle, n) == 0)
      return (char *)haystack;
  return n == 0 ? (char *)haystack : NULL;
}
