/*
 * strtod_sweep.c - runtime/strtod.c compiled natively (its symbols renamed
 * my_*, its errno my_errno) against glibc's strtod/strtof on many inputs:
 * exact midpoints between adjacent doubles and floats printed with 17-76 (9-48)
 * significant digits, shortest-ish renderings of random doubles, and random
 * digit strings over the whole exponent range.  Results and errno must agree.
 * Usage: strtod_sweep [count]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>
int my_errno;
double my_strtod(const char *, char **);
float my_strtof(const char *, char **);
static unsigned long long r = 0x9E3779B97F4A7C15ULL;
static unsigned long long nx(void){ r ^= r << 13; r ^= r >> 7; r ^= r << 17; return r; }
int main(int argc, char **argv){
  long count = argc > 1 ? atol(argv[1]) : 1000000;
  char buf[1200]; long bad = 0, n = 0;
  for (long k = 0; k < count; k++) {
    int mode = k % 4;
    if (mode == 0) { /* exact midpoint between two adjacent doubles, printed exactly, maybe perturbed */
      double d; unsigned long long u = nx() & 0x7fefffffffffffffULL; memcpy(&d, &u, 8);
      double e = nextafter(d, INFINITY);
      long double mid = ((long double)d + (long double)e) / 2; /* exact: 64-bit significand */
      snprintf(buf, sizeof buf, "%.*Le", (int)(nx() % 60) + 17, mid);
    } else if (mode == 1) {
      double d; unsigned long long u = nx() & 0x7fffffffffffffffULL; memcpy(&d, &u, 8);
      if (isnan(d) || isinf(d)) continue;
      snprintf(buf, sizeof buf, "%.*g", (int)(nx() % 25) + 1, d);
    } else if (mode == 2) { /* float midpoints */
      float f; unsigned u = (unsigned)nx() & 0x7f7fffffu; memcpy(&f, &u, 4);
      float g = nextafterf(f, INFINITY);
      double mid = ((double)f + (double)g) / 2;
      snprintf(buf, sizeof buf, "%.*e", (int)(nx() % 40) + 9, mid);
    } else {
      int nd = 1 + (int)(nx() % 40), len = 0;
      for (int i = 0; i < nd; i++) buf[len++] = '0' + nx() % 10;
      snprintf(buf + len, sizeof buf - len, "e%d", (int)(nx() % 660) - 340 - nd);
    }
    n++;
    errno = 0; double a = strtod(buf, NULL); int ea = errno;
    my_errno = 0; double b = my_strtod(buf, NULL); int eb = my_errno;
    errno = 0; float fa = strtof(buf, NULL); int efa = errno;
    my_errno = 0; float fb = my_strtof(buf, NULL); int efb = my_errno;
    if (memcmp(&a, &b, 8) || ea != eb || memcmp(&fa, &fb, 4) || efa != efb) { if (bad++ < 5) printf("BAD %s %a %a %d %d | %a %a %d %d\n", buf, a, b, ea, eb, fa, fb, efa, efb); }
  }
  printf("inputs %ld mismatches %ld\n", n, bad);
  return bad != 0;
}
