/*
 * string.c - memory and string functions.
 *
 * gcc may emit calls to memcpy/memmove/memset/memcmp on its own (structure
 * copies, large initialisers), so these must be real functions.  Their loops
 * must not be recognised as "this is a memset" and turned into a call to
 * themselves: the optimize attribute below forbids that even when the file is
 * compiled without -fno-tree-loop-distribute-patterns.
 */
#include <string.h>
#include <stdint.h>

#define NO_LOOP_TO_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* Word type for the aligned fast paths; same size as a pointer. */
typedef uintptr_t word;
/* A word that may alias any object (the fast paths read char data as words). */
typedef word __attribute__((may_alias)) aword;

NO_LOOP_TO_CALL void *memcpy(void *dest, const void *src, size_t n)
{
  unsigned char *d = dest;
  const unsigned char *s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(word) - 1)) == 0) {
    for (; n >= sizeof(word); n -= sizeof(word), d += sizeof(word), s += sizeof(word))
      *(aword *)d = *(const aword *)s;
  }
  while (n--)
    *d++ = *s++;
  return dest;
}

NO_LOOP_TO_CALL void *memmove(void *dest, const void *src, size_t n)
{
  unsigned char *d = dest;
  const unsigned char *s = src;
  if (d == s || n == 0)
    return dest;
  if ((uintptr_t)d - (uintptr_t)s >= n) {
    /* dest is below src, or the regions do not overlap: copy forwards. */
    while (n--)
      *d++ = *s++;
  } else {
    /* dest overlaps the tail of src: copy backwards. */
    d += n;
    s += n;
    while (n--)
      *--d = *--s;
  }
  return dest;
}

NO_LOOP_TO_CALL void *memset(void *s, int c, size_t n)
{
  unsigned char *p = s;
  unsigned char b = (unsigned char)c;
  while (n && ((uintptr_t)p & (sizeof(word) - 1))) {
    *p++ = b;
    n--;
  }
  if (n >= sizeof(word)) {
    word w = (word)-1 / 255 * b; /* b replicated into every byte */
    for (; n >= sizeof(word); n -= sizeof(word), p += sizeof(word))
      *(aword *)p = w;
  }
  while (n--)
    *p++ = b;
  return s;
}

NO_LOOP_TO_CALL int memcmp(const void *a, const void *b, size_t n)
{
  const unsigned char *p = a, *q = b;
  for (; n; n--, p++, q++) {
    if (*p != *q)
      return *p < *q ? -1 : 1;
  }
  return 0;
}

void *memchr(const void *s, int c, size_t n)
{
  const unsigned char *p = s;
  for (; n; n--, p++) {
    if (*p == (unsigned char)c)
      return (void *)p;
  }
  return NULL;
}

NO_LOOP_TO_CALL size_t strlen(const char *s)
{
  const char *p = s;
  while (*p)
    p++;
  return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
  size_t i = 0;
  while (i < maxlen && s[i])
    i++;
  return i;
}

int strcmp(const char *a, const char *b)
{
  const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
  while (*p && *p == *q) {
    p++;
    q++;
  }
  return (*p > *q) - (*p < *q);
}

int strncmp(const char *a, const char *b, size_t n)
{
  const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
  for (; n; n--, p++, q++) {
    if (*p != *q)
      return *p < *q ? -1 : 1;
    if (!*p)
      break;
  }
  return 0;
}

char *strchr(const char *s, int c)
{
  char ch = (char)c;
  for (;; s++) {
    if (*s == ch)
      return (char *)s;
    if (!*s)
      return NULL;
  }
}

char *strrchr(const char *s, int c)
{
  char ch = (char)c;
  const char *last = NULL;
  for (;; s++) {
    if (*s == ch)
      last = s;
    if (!*s)
      return (char *)last;
  }
}

char *strstr(const char *haystack, const char *needle)
{
  size_t n = strlen(needle);
  if (n == 0)
    return (char *)haystack;
  for (; *haystack; haystack++) {
    if (*haystack == *needle && strncmp(haystack, needle, n) == 0)
      return (char *)haystack;
  }
  return NULL;
}

NO_LOOP_TO_CALL char *strcpy(char *dest, const char *src)
{
  char *d = dest;
  while ((*d++ = *src++) != '\0')
    ;
  return dest;
}

NO_LOOP_TO_CALL char *strncpy(char *dest, const char *src, size_t n)
{
  size_t i = 0;
  for (; i < n && src[i]; i++)
    dest[i] = src[i];
  for (; i < n; i++)
    dest[i] = '\0';
  return dest;
}

char *strcat(char *dest, const char *src)
{
  char *d = dest + strlen(dest);
  while ((*d++ = *src++) != '\0')
    ;
  return dest;
}

char *strncat(char *dest, const char *src, size_t n)
{
  char *d = dest + strlen(dest);
  while (n-- && *src)
    *d++ = *src++;
  *d = '\0';
  return dest;
}

size_t strspn(const char *s, const char *accept)
{
  size_t i = 0;
  while (s[i] && strchr(accept, s[i]))
    i++;
  return i;
}

size_t strcspn(const char *s, const char *reject)
{
  size_t i = 0;
  while (s[i] && !strchr(reject, s[i]))
    i++;
  return i;
}
