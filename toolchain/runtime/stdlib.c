/*
 * stdlib.c - process control, number parsing and small utilities.
 * (malloc and friends are in malloc.c.)
 *
 * strtol and friends set errno as glibc does: ERANGE with the clamped value on
 * overflow, EINVAL (and 0) for a base outside 0 and 2..36;
 * no error for a string without digits.
 */
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
#include "zrt.h"

/* atexit.c, linked only into programs that call atexit. */
extern void __zrt_run_atexit(void) __attribute__((weak));

void exit(int status)
{
  if (__zrt_run_atexit)
    __zrt_run_atexit();
  __zrt_flush_stdout();
  __zrt_exit(status);
}

void _Exit(int status)
{
  __zrt_exit(status);
}

/* Like glibc's abort: no stdio flush; 134 = 128 + SIGABRT, the status a
 * shell would report for an aborted process. */
void abort(void)
{
  __zrt_exit(134);
}

static int is_space(int c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static int digit_value(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return 99;
}

/*
 * The common part of the strto* functions: parses [space][sign][prefix]digits
 * and returns the magnitude, saturated at ULLONG_MAX (*overflow set).  *neg
 * tells whether a '-' was seen.  *endptr (if not NULL) is set as the standard
 * requires: after the last digit used, or to s if there was no number.
 */
static unsigned long long parse_magnitude(const char *s, char **endptr, int base,
                                          int *neg, int *overflow)
{
  const char *p = s;
  unsigned long long v = 0;
  int any = 0;

  *neg = 0;
  *overflow = 0;
  if (base < 0 || base == 1 || base > 36) {
    /* glibc leaves *endptr unset here; pointing it at s is safer for a caller who reads it. */
    if (endptr)
      *endptr = (char *)s;
    errno = EINVAL;
    return 0;
  }
  while (is_space((unsigned char)*p))
    p++;
  if (*p == '+' || *p == '-')
    *neg = *p++ == '-';
  /* "0x" is a prefix only if a hex digit follows; otherwise the 0 is the number. */
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
      digit_value((unsigned char)p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = p[0] == '0' ? 8 : 10;
  }
  for (;; p++) {
    int d = digit_value((unsigned char)*p);
    if (d >= base)
      break;
    any = 1;
    if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base) {
      *overflow = 1;
      v = ULLONG_MAX;
    } else if (!*overflow) {
      v = v * (unsigned)base + (unsigned)d;
    }
  }
  if (endptr)
    *endptr = (char *)(any ? p : s);
  return v;
}

/* Signed conversion clamped to [-max-1, max]. */
static long long to_signed(const char *s, char **endptr, int base, unsigned long long max)
{
  int neg, overflow;
  unsigned long long v = parse_magnitude(s, endptr, base, &neg, &overflow);
  if (neg) {
    if (overflow || v > max + 1) {
      errno = ERANGE;
      return -(long long)max - 1;
    }
    return (long long)(0 - v);
  }
  if (overflow || v > max) {
    errno = ERANGE;
    return (long long)max;
  }
  return (long long)v;
}

/* Unsigned conversion clamped to max; a '-' negates in the unsigned type. */
static unsigned long long to_unsigned(const char *s, char **endptr, int base,
                                      unsigned long long max)
{
  int neg, overflow;
  unsigned long long v = parse_magnitude(s, endptr, base, &neg, &overflow);
  if (overflow || v > max) {
    errno = ERANGE;
    return max;
  }
  return neg ? (0 - v) & max : v;
}

long strtol(const char *s, char **endptr, int base)
{
  return (long)to_signed(s, endptr, base, LONG_MAX);
}

unsigned long strtoul(const char *s, char **endptr, int base)
{
  return (unsigned long)to_unsigned(s, endptr, base, ULONG_MAX);
}

long long strtoll(const char *s, char **endptr, int base)
{
  return to_signed(s, endptr, base, LLONG_MAX);
}

unsigned long long strtoull(const char *s, char **endptr, int base)
{
  return to_unsigned(s, endptr, base, ULLONG_MAX);
}

int atoi(const char *s)
{
  return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
  return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
  return strtoll(s, NULL, 10);
}

int abs(int x)
{
  return x < 0 ? -x : x;
}

long labs(long x)
{
  return x < 0 ? -x : x;
}

long long llabs(long long x)
{
  return x < 0 ? -x : x;
}

div_t div(int num, int den)
{
  div_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

ldiv_t ldiv(long num, long den)
{
  ldiv_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

lldiv_t lldiv(long long num, long long den)
{
  lldiv_t r;
  r.quot = num / den;
  r.rem = num % den;
  return r;
}

/* A 64-bit linear congruential generator (Knuth's MMIX constants); the top
 * 31 bits are returned.  Deterministic: srand(1) is the initial state. */
static uint64_t rand_state = 1;

void srand(unsigned seed)
{
  rand_state = seed;
}

int rand(void)
{
  rand_state = rand_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
  return (int)(rand_state >> 33);
}

/* Swap two elements of `size` bytes. */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
  while (size--) {
    unsigned char t = *a;
    *a++ = *b;
    *b++ = t;
  }
}

/* Restore the max-heap property below `root` in a heap of n elements. */
static void sift_down(unsigned char *base, size_t root, size_t n, size_t size,
                      int (*compar)(const void *, const void *))
{
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= n)
      return;
    if (child + 1 < n && compar(base + child * size, base + (child + 1) * size) < 0)
      child++;
    if (compar(base + root * size, base + child * size) >= 0)
      return;
    swap_bytes(base + root * size, base + child * size, size);
    root = child;
  }
}

/* Heapsort: O(n log n), no recursion, no extra memory (not stable, which the
 * standard allows). */
void qsort(void *base, size_t nmemb, size_t size,
           int (*compar)(const void *, const void *))
{
  unsigned char *b = base;
  size_t i;
  if (nmemb < 2 || size == 0)
    return;
  for (i = nmemb / 2; i-- > 0;)
    sift_down(b, i, nmemb, size, compar);
  for (i = nmemb - 1; i > 0; i--) {
    swap_bytes(b, b + i * size, size);
    sift_down(b, 0, i, size, compar);
  }
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *))
{
  const unsigned char *b = base;
  size_t lo = 0, hi = nmemb;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = compar(key, b + mid * size);
    if (c == 0)
      return (void *)(b + mid * size);
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}
