/*
 * misc.c - ctype over EOF and every unsigned char, the added string functions,
 * strerror, setlocale, inttypes macros and setjmp/longjmp.  Built natively
 * (glibc) and as a nexe; tests/test_libc_misc.py compares the outputs.  The
 * lines starting with "zvm " are printed by the nexe only (what ZeroVM cannot
 * offer: clock, signals, environment) and checked against fixed expectations.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __zerovm__
#include <signal.h>
#include <time.h>
#endif

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_ctype(void)
{
  for (int c = -1; c < 256; c++) {
    int m = 0;
    m |= !!isalnum(c) << 0;
    m |= !!isalpha(c) << 1;
    m |= !!isblank(c) << 2;
    m |= !!iscntrl(c) << 3;
    m |= !!isdigit(c) << 4;
    m |= !!isgraph(c) << 5;
    m |= !!islower(c) << 6;
    m |= !!isprint(c) << 7;
    m |= !!ispunct(c) << 8;
    m |= !!isspace(c) << 9;
    m |= !!isupper(c) << 10;
    m |= !!isxdigit(c) << 11;
    m |= !!isascii(c) << 12;
    printf("ctype %d: %04x lower %d upper %d ascii %d\n", c, m, tolower(c), toupper(c), toascii(c));
  }
}

static const char *const words[] = { "", "a", "A", "abc", "ABD", "abc\xff", "abC", "ab", "Hello, World", "hello, world!",
                                     "\x80", "zZ", "[", "_", "`" };
#define NWORDS (sizeof words / sizeof words[0])

static void test_strings(void)
{
  for (size_t i = 0; i < NWORDS; i++)
    for (size_t j = 0; j < NWORDS; j++) {
      printf("cmp %zu %zu: case %d", i, j, sign(strcasecmp(words[i], words[j])));
      for (size_t n = 0; n < 5; n++)
        printf(" %d", sign(strncasecmp(words[i], words[j], n)));
      const char *p = strpbrk(words[i], words[j]);
      const char *q = strcasestr(words[i], words[j]);
      printf(" pbrk %d casestr %d\n", p ? (int)(p - words[i]) : -1, q ? (int)(q - words[i]) : -1);
    }
  const char *const delims[] = { " ,", ",", "", "xyz", " " };
  const char *const inputs[] = { "a,b,,c", "  lead and trail  ", ",,,", "", "one", "x y,z  w" };
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
    for (size_t d = 0; d < sizeof delims / sizeof delims[0]; d++) {
      char buf[64], buf2[64], *save, *tok;
      strcpy(buf, inputs[i]);
      strcpy(buf2, inputs[i]);
      printf("strtok \"%s\" \"%s\":", inputs[i], delims[d]);
      for (tok = strtok(buf, delims[d]); tok; tok = strtok(NULL, delims[d]))
        printf(" [%s]", tok);
      printf(" |");
      for (tok = strtok_r(buf2, delims[d], &save); tok; tok = strtok_r(NULL, delims[d], &save))
        printf(" [%s]", tok);
      printf("\n");
    }
  for (size_t i = 0; i < NWORDS; i++) {
    char *d = strdup(words[i]);
    printf("strdup %d", strcmp(d, words[i]) == 0);
    free(d);
    for (size_t n = 0; n < 6; n++) {
      d = strndup(words[i], n);
      printf(" ndup%zu \"%s\"", n, d);
      free(d);
    }
    char buf[32];
    memset(buf, '#', sizeof buf);
    char *end = stpcpy(buf, words[i]);
    printf(" stpcpy %d", (int)(end - buf));
    memset(buf, '#', sizeof buf);
    end = stpncpy(buf, words[i], 4);
    printf(" stpncpy %d %d%d%d%d%d", (int)(end - buf), buf[0], buf[1], buf[2], buf[3], buf[4]);
    memset(buf, '#', sizeof buf);
    void *m = memccpy(buf, words[i], 'b', strlen(words[i]));
    printf(" memccpy %d", m ? (int)((char *)m - buf) : -1);
    m = memrchr(words[i], 'b', strlen(words[i]));
    printf(" memrchr %d\n", m ? (int)((char *)m - words[i]) : -1);
  }
  /* A loop with an `if` over a sparse set would make gcc emit `bt`, which NaCl forbids. */
  for (int e = -2; e <= 40; e++)
    printf("strerror %d: %s\n", e, strerror(e));
  static const int more[] = { 75, 84, 95, 110, 122, 134, 135, 1000 };
  for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
    printf("strerror %d: %s\n", more[i], strerror(more[i]));
}

static void test_locale(void)
{
  const char *names[] = { NULL, "C", "POSIX", "", "xx_YY.UTF-8" };
  for (int cat = LC_CTYPE; cat <= LC_ALL; cat++)
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
      if (cat == LC_ALL - 1 && i == 0)
        continue;
      const char *r = setlocale(cat, names[i]);
      printf("setlocale %d %s -> %s\n", cat, names[i] ? names[i] : "NULL", r ? r : "NULL");
    }
  setlocale(LC_ALL, "C");
}

static void test_inttypes(void)
{
  int8_t a = -5; int16_t b = -300; int32_t c = -70000; int64_t d = -5000000000LL;
  uint64_t u = 18446744073709551615ULL; intmax_t m = INTMAX_MIN; uintptr_t p = 0x1234;
  int_fast16_t f16 = -2; int_least64_t l64 = 1LL << 40;
  printf("PRI %" PRId8 " %" PRIi16 " %" PRId32 " %" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIX64 " %" PRIo64
         " %" PRIdMAX " %" PRIxPTR " %" PRIdFAST16 " %" PRIdLEAST64 "\n", a, b, c, d, u, u, u, u, m, p, f16, l64);
  int64_t sd = 0; uint32_t s32 = 0; uint8_t s8 = 0;
  int r = sscanf("-9000000000 4000000000 255", "%" SCNd64 " %" SCNu32 " %" SCNu8, &sd, &s32, &s8);
  printf("SCN %d %" PRId64 " %" PRIu32 " %u\n", r, sd, s32, s8);
  char *end;
  printf("strtoimax %" PRIdMAX " %" PRIuMAX "\n", strtoimax("-123x", &end, 10), strtoumax("0xffffffffffffffff", NULL, 0));
}

static jmp_buf outer, inner;
static int trace[64], ntrace;

static void deep(int n, int code)
{
  volatile char pad[64];
  pad[0] = (char)n;
  trace[ntrace++] = n;
  if (n == 0)
    longjmp(outer, code);
  deep(n - 1, code + pad[0] * 0);
}

static int nested(volatile int k)
{
  int r = setjmp(inner);
  if (r == 0) {
    k += 10;
    longjmp(inner, k);
  }
  return r + k; /* k is volatile: its value after the jump is the modified one */
}

static void test_setjmp(void)
{
  volatile int rounds = 0;
  int r = setjmp(outer);
  printf("setjmp -> %d rounds %d\n", r, rounds);
  if (rounds < 4) {
    rounds++;
    deep(rounds * 5, rounds == 2 ? 0 : rounds * 100);
  }
  printf("trace:");
  for (int i = 0; i < ntrace; i++)
    printf(" %d", trace[i]);
  printf("\nnested %d %d\n", nested(1), nested(-3));
  jmp_buf saved;
  memcpy(saved, outer, sizeof saved);
  if (setjmp(outer) == 0) {
    if (setjmp(inner) == 0)
      longjmp(outer, 2);
    printf("not reached\n");
  } else {
    printf("jumped out of an inner setjmp\n");
  }
}

int main(void)
{
  test_ctype();
  test_strings();
  test_locale();
  test_inttypes();
  test_setjmp();
#ifdef __zerovm__
  /* Each result is taken before errno is read: argument order is unspecified. */
  errno = 0;
  time_t t = 5;
  long long tv = time(&t);
  printf("zvm time %lld %lld errno %d\n", tv, (long long)t, errno);
  errno = 0;
  long cv = clock();
  printf("zvm clock %ld errno %d\n", cv, errno);
  errno = 0;
  int failed = signal(SIGINT, SIG_IGN) == SIG_ERR;
  printf("zvm signal %d errno %d\n", failed, errno);
  errno = 0;
  int rv = raise(SIGTERM);
  printf("zvm raise %d errno %d\n", rv, errno);
  printf("zvm getenv %d\n", getenv("PATH") == NULL);
  errno = ERANGE;
  perror("zvm perror");
#endif
  return 0;
}
