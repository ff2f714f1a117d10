/*
 * stdlib_ext.c - errno from the strto* family, aligned allocation, calloc and
 * realloc edge cases, printf's %a/%A, getenv and atexit.  Built natively (glibc)
 * and as a nexe; tests/test_libc_glibc.py compares the outputs.  Only what LP64
 * and x32 share is printed: where a long or a size_t's width shows (strtol's
 * clamped value, posix_memalign's sizeof(void *) rule) the line says "max",
 * "min" or leaves the case out.
 */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ints[] = {
  "0", "42", "-42", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
  "-4294967295", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
  "99999999999999999999999999", "-99999999999999999999999999", "0x7fffffffffffffff", "0x10000000000000000",
  "  +17", "abc", "", "-", "0x", "  -0x8000000000000000", "1e5",
};

static const char *clamp(long v)
{
  return v == LONG_MAX ? "max" : v == LONG_MIN ? "min" : NULL;
}

static void test_strto(void)
{
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    const char *s = ints[i];
    char *end;
    errno = 0;
    long long ll = strtoll(s, &end, 0);
    int e1 = errno;
    long n1 = (long)(end - s);
    errno = 0;
    unsigned long long ull = strtoull(s, &end, 0);
    int e2 = errno;
    printf("strtoll \"%s\": %lld %ld errno %d | strtoull %llu %ld errno %d", s, ll, n1, e1, ull,
           (long)(end - s), e2);
    /* strtol: the errno and the clamp where both widths overflow, the value where both fit. */
    errno = 0;
    long l = strtol(s, &end, 0);
    int e3 = errno;
    if (ll >= INT_MIN && ll <= INT_MAX && e1 == 0)
      printf(" | strtol %ld errno %d", l, e3);
    else if (e1 == ERANGE)
      printf(" | strtol %s errno %d", clamp(l) ? clamp(l) : "?", e3);
    errno = 0;
    unsigned long ul = strtoul(s, &end, 0);
    int e4 = errno;
    /* A '-' with a magnitude past 32 bits wraps on LP64 but overflows on x32: left out. */
    const char *digits = s + strspn(s, " ");
    int neg = *digits == '-';
    unsigned long long mag = strtoull(digits + (neg || *digits == '+'), NULL, 0);
    if (e2 == ERANGE)
      printf(" | strtoul %s errno %d", ul == ULONG_MAX ? "max" : "?", e4);
    else if (ull <= UINT_MAX && !(neg && mag > UINT_MAX))
      printf(" | strtoul %lu errno %d", ul, e4);
    errno = 0;
    (void)atoi(s);
    int e5 = errno;
    errno = 0;
    (void)atol(s);
    int e6 = errno;
    errno = 0;
    (void)atoll(s);
    printf(" | atoll errno %d", errno);
    if (e1 == 0 && ll >= INT_MIN && ll <= INT_MAX)
      printf(" | atoi %d errno %d %d", atoi(s), e5, e6);
    else if (e1 == ERANGE)
      printf(" | atoi errno %d %d", e5, e6);
    printf("\n");
  }
  for (int base = -2; base <= 40; base += 1) {
    if (base == 0 || (base >= 2 && base <= 36))
      continue;
    errno = 0;
    long long v = strtoll("123", NULL, base);
    int e1 = errno;
    errno = 0;
    unsigned long u = strtoul("123", NULL, base);
    printf("base %d: %lld errno %d | %lu errno %d\n", base, v, e1, u, errno);
  }
}

static void test_alloc(void)
{
  static const size_t aligns[] = { 0, 1, 2, 8, 16, 24, 32, 48, 64, 100, 256, 4096, 65536 };
  unsigned char *keep[64];
  size_t keep_len[64];
  int keep_byte[64], nkeep = 0;
  for (size_t i = 0; i < sizeof aligns / sizeof aligns[0]; i++) {
    size_t al = aligns[i];
    for (size_t n = 0; n < 300; n += 37) {
      errno = 0;
      unsigned char *p = aligned_alloc(al, n);
      int e = errno;
      size_t real_al = 1;
      while (real_al < al)
        real_al <<= 1; /* glibc rounds a non-power of two up */
      printf("aligned_alloc(%zu, %zu): %s errno %d", al, n, p == NULL ? "NULL" : ((uintptr_t)p % real_al) ? "misaligned" : "ok", e);
      if (p) {
        memset(p, (int)(i + n), n);
        if (nkeep < 64 && n % 2) {
          keep_len[nkeep] = n;
          keep_byte[nkeep] = (int)((i + n) & 0xff);
          keep[nkeep++] = p;
        } else
          free(p);
      }
      if (al != 4) { /* posix_memalign(4): valid on x32, EINVAL on LP64 */
        void *q = (void *)&keep;
        errno = 0;
        int r = posix_memalign(&q, al, n);
        printf(" | posix_memalign %d %s errno %d", r,
               r ? (q == (void *)&keep ? "untouched" : "changed") : ((uintptr_t)q % al) ? "misaligned" : "ok", errno);
        if (r == 0)
          free(q);
      }
      errno = 0;
      void *m = memalign(al, n);
      printf(" | memalign %s errno %d\n", m == NULL ? "NULL" : ((uintptr_t)m % real_al) ? "misaligned" : "ok", errno);
      free(m);
    }
  }
  /* The kept blocks still hold their bytes after all the splitting and freeing around them. */
  int intact = 1;
  for (int k = 0; k < nkeep; k++) {
    for (size_t j = 0; j < keep_len[k]; j++)
      intact &= keep[k][j] == keep_byte[k];
    free(keep[k]);
  }
  printf("kept %d intact %d\n", nkeep, intact);

  errno = 0;
  void *p = calloc(SIZE_MAX / 2, 4);
  printf("calloc overflow: %s errno %d\n", p ? "ptr" : "NULL", errno);
  errno = 0;
  p = calloc(SIZE_MAX, SIZE_MAX);
  printf("calloc overflow 2: %s errno %d\n", p ? "ptr" : "NULL", errno);
  errno = 0;
  p = malloc(SIZE_MAX);
  printf("malloc(SIZE_MAX): %s errno %d\n", p ? "ptr" : "NULL", errno);
  errno = 0;
  char *r = realloc(NULL, 10);
  printf("realloc(NULL, 10): %s errno %d\n", r ? "ptr" : "NULL", errno);
  strcpy(r, "kept");
  errno = 0;
  p = realloc(r, SIZE_MAX - 64);
  printf("realloc huge: %s errno %d old %s\n", p ? "ptr" : "NULL", errno, r);
  free(r);
  errno = 0;
  p = aligned_alloc(64, SIZE_MAX / 2);
  printf("aligned_alloc huge: %s errno %d\n", p ? "ptr" : "NULL", errno);
  void *q = NULL;
  errno = 0;
  int rc = posix_memalign(&q, 64, SIZE_MAX / 2);
  printf("posix_memalign huge: %d %s\n", rc, q ? "changed" : "untouched");
  errno = 0;
  p = calloc(0, 5);
  printf("calloc(0, 5): %s errno %d\n", p ? "ptr" : "NULL", errno);
  free(p);
}

/* Alignment stress: interleaved aligned and plain blocks, freed in a scrambled order,
 * with every block's bytes checked before it is freed. */
static void test_alloc_stress(void)
{
  enum { N = 200 };
  unsigned char *blk[N];
  size_t len[N];
  unsigned seed = 12345, bad = 0;
  for (int round = 0; round < 5; round++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 1103515245u + 12345u;
      len[i] = (seed >> 8) % 500;
      size_t al = (size_t)1 << ((seed >> 20) % 10);
      blk[i] = (seed >> 3) % 3 ? aligned_alloc(al, len[i]) : malloc(len[i]);
      if (blk[i] == NULL || ((uintptr_t)blk[i] % (al < 16 ? 1 : al) && (seed >> 3) % 3))
        bad++;
      else
        memset(blk[i], i & 0xff, len[i]);
    }
    for (int k = 0; k < N; k++) {
      int i = (k * 7 + round) % N;
      for (size_t j = 0; blk[i] && j < len[i]; j++)
        bad += blk[i][j] != (unsigned char)(i & 0xff);
      free(blk[i]);
    }
  }
  printf("alloc stress: bad %u\n", bad);
}

static void test_hex_float(void)
{
  static const double vals[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 3.0, 0.1, 1e300, -1e-300, 4.9e-324, 2.2250738585072009e-308,
                                 2.2250738585072014e-308, 1.7976931348623157e308, 0x1.fffffffffffffp0, 0x1.08p0,
                                 0x1.18p0, 0x1.28p0, 0x1.ffp-1, 1.0 / 3, 255.0 / 256 };
  static const char *const fmts[] = { "%a", "%A", "%.0a", "%.1a", "%.2a", "%.3A", "%.13a", "%.20a", "%#.0a", "%#a",
                                      "%+a", "% a", "%20a", "%-20a|", "%020a", "%-020a|", "%+020.3A", "%#020.0a" };
  for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
    printf("%%a of %.17g:", vals[i]);
    for (size_t j = 0; j < sizeof fmts / sizeof fmts[0]; j++) {
      printf(" [");
      printf(fmts[j], vals[i]);
      printf("]");
    }
    printf("\n");
  }
  double specials[] = { __builtin_inf(), -__builtin_inf(), __builtin_nan(""), -__builtin_nan("") };
  for (size_t i = 0; i < 4; i++)
    printf("special %zu: [%a] [%A] [%010a] [%-8A] [%+a] [% .3a]\n", i, specials[i], specials[i], specials[i],
           specials[i], specials[i], specials[i]);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%a", 0.1);
  printf("snprintf %d %s\n", n, buf);
}

static int counter;

static void late(void)
{
  printf("atexit: registered during exit, runs next (counter %d)\n", counter++);
}

static void first(void)
{
  printf("atexit: first registered, runs last (counter %d)\n", counter++);
}

static void second(void)
{
  printf("atexit: second registered (counter %d)\n", counter++);
  atexit(late);
}

static void many(void)
{
  counter++;
}

static void third(void)
{
  printf("atexit: third registered, runs after the 40 others (counter %d)\n", counter++);
}

int main(void)
{
  test_strto();
  test_alloc();
  test_alloc_stress();
  test_hex_float();
  printf("getenv PATH %s, HOME %s\n", getenv("PATH") ? "set" : "NULL", getenv("HOME") ? "set" : "NULL");
  printf("atexit %d", atexit(first));
  printf(" %d", atexit(second));
  printf(" %d", atexit(third));
  int ok = 0;
  for (int i = 0; i < 40; i++)
    ok += atexit(many) == 0;
  printf(" and %d more\n", ok);
  printf("main returns\n");
  return 0;
}
