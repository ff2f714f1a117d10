/*
 * libgcc.c - the libgcc helpers gcc calls for x32/x86-64 code, on a sweep of
 * inputs (edge values and pseudo-random ones); every result printed as bits.
 * Built natively (the host's libgcc) and as a nexe (toolchain/runtime/libgcc_*.c);
 * tests/test_libgcc.py compares the outputs line by line.  Most helpers are
 * called by name so each sees every input; the operators that make gcc emit
 * the calls are used too, so the nexe link proves the names resolve.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

int __popcountdi2(uint64_t);
int __clrsbdi2(int64_t);
u128 __udivti3(u128, u128);
u128 __umodti3(u128, u128);
s128 __divti3(s128, s128);
s128 __modti3(s128, s128);
u128 __fixunsdfti(double);
s128 __fixdfti(double);
u128 __fixunssfti(float);
s128 __fixsfti(float);
u128 __fixunsxfti(long double);
s128 __fixxfti(long double);
double __floattidf(s128);
float __floattisf(s128);
long double __floattixf(s128);
double __floatuntidf(u128);
float __floatuntisf(u128);
long double __floatuntixf(u128);
_Complex float __mulsc3(float, float, float, float);
_Complex double __muldc3(double, double, double, double);
_Complex long double __mulxc3(long double, long double, long double, long double);
_Complex float __divsc3(float, float, float, float);
_Complex double __divdc3(double, double, double, double);
_Complex long double __divxc3(long double, long double, long double, long double);
float __powisf2(float, int);
double __powidf2(double, int);
long double __powixf2(long double, int);
int __addvsi3(int, int);
int __subvsi3(int, int);
int __mulvsi3(int, int);
int __negvsi2(int);
int64_t __addvdi3(int64_t, int64_t);
int64_t __subvdi3(int64_t, int64_t);
int64_t __mulvdi3(int64_t, int64_t);
int64_t __negvdi2(int64_t);

static uint64_t state = 0x9e3779b97f4a7c15u;
static int scale = 1; /* sweep length: argv[1] natively, 1 in the nexe */
/* -DNO_XF leaves the long double helpers out (the reference emulator crashes on this
 * program's x87 sequences, while the real zerovm runs them: see tests/test_libgcc.py). */
#ifdef NO_XF
#define XF(stmt) ((void)0)
#else
#define XF(stmt) stmt
#endif

static uint64_t next(void)
{
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

/* A 128-bit value of random bit length, so small and large magnitudes occur. */
static u128 rand128(void)
{
  u128 v = ((u128)next() << 64) | next();
  unsigned bits = (unsigned)(next() % 129);
  return bits == 128 ? v : v & (((u128)1 << bits) - 1);
}

static void hex128(const char *tag, u128 v)
{
  printf(" %s=%016llx%016llx", tag, (unsigned long long)(v >> 64), (unsigned long long)v);
}

static uint64_t dbits(double d)
{
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

static uint32_t fbits(float f)
{
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

/* The 80 meaningful bits of an x87 long double. */
static void ldhex(const char *tag, long double x)
{
  unsigned char b[sizeof x];
  uint64_t m;
  uint16_t e;
  memcpy(b, &x, sizeof x);
  memcpy(&m, b, 8);
  memcpy(&e, b + 8, 2);
  printf(" %s=%04x:%016llx", tag, e, (unsigned long long)m);
}

static double special_d[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e308, -1e308, 1e-308, 4.9e-324, -4.9e-324,
                              2.2250738585072014e-308, 1.7976931348623157e308, 1e154, 1e-154,
                              __builtin_inf(), -__builtin_inf(), __builtin_nan(""), -__builtin_nan("") };
#define NSPECIAL (sizeof special_d / sizeof special_d[0])

static double rand_double(void)
{
  uint64_t r = next();
  if (r % 4 == 0)
    return special_d[next() % NSPECIAL];
  /* Random sign and mantissa, exponent anywhere from subnormal to huge. */
  uint64_t bits = (next() & 0x800fffffffffffffu) | ((uint64_t)(next() % 2047) << 52);
  double d;
  memcpy(&d, &bits, 8);
  return d;
}

static double rand_moderate(void)
{
  uint64_t bits = (next() & 0x800fffffffffffffu) | ((uint64_t)(1023 - 40 + next() % 80) << 52);
  double d;
  memcpy(&d, &bits, 8);
  return next() % 8 == 0 ? special_d[next() % NSPECIAL] : d;
}

static void test_bits(void)
{
  for (int i = 0; i < 150 * scale; i++) {
    uint64_t x = i < 66 ? (i < 64 ? (uint64_t)1 << i : (uint64_t)(i - 65)) : next() >> (next() % 64);
    volatile unsigned ux = (unsigned)x;
    volatile unsigned long long ull = x;
    printf("bits %llx: %d %d %d %d", (unsigned long long)x, __popcountdi2(x), __clrsbdi2((int64_t)x),
           __builtin_popcount(ux), __builtin_popcountll(ull));
    printf(" %d %d %d\n", __builtin_clrsbll((long long)ull), __builtin_parityll(ull), __builtin_ffsll((long long)ull));
  }
}

static void test_div(void)
{
  static const s128 edge[] = { 1, -1, 2, -2, 3, 7, 10, -10, ((s128)1 << 64), -((s128)1 << 64), ((s128)1 << 64) - 1,
                               (s128)(((u128)1 << 127) - 1), (s128)((u128)1 << 127), ((s128)1 << 100) + 12345 };
  const int nedge = sizeof edge / sizeof edge[0];
  for (int i = 0; i < 600 * scale; i++) {
    s128 a, b;
    if (i < nedge * nedge) {
      a = edge[i / nedge];
      b = edge[i % nedge];
    } else {
      a = (s128)rand128();
      b = (s128)rand128();
      if (next() % 2)
        a = -a;
      if (next() % 2)
        b = -b;
      if (b == 0)
        b = 3;
    }
    volatile s128 va = a, vb = b;
    volatile u128 ua = (u128)a, ub = (u128)b;
    printf("div");
    hex128("a", (u128)a);
    hex128("b", (u128)b);
    hex128("q", (u128)__divti3(a, b));
    hex128("r", (u128)__modti3(a, b));
    hex128("uq", __udivti3((u128)a, (u128)b));
    hex128("ur", __umodti3((u128)a, (u128)b));
    printf(" %d\n", va / vb == __divti3(a, b) && va % vb == __modti3(a, b) && ua / ub == __udivti3(ua, ub) &&
                    ua % ub == __umodti3(ua, ub));
  }
}

static void test_conv(void)
{
  for (int i = 0; i < 600 * scale; i++) {
    u128 u = rand128();
    s128 s = next() % 2 ? -(s128)u : (s128)u;
    volatile s128 vs = s;
    volatile u128 vu = u;
    printf("i2f");
    hex128("v", u);
    hex128("s", (u128)s);
    printf(" %016llx %016llx %08x %08x", (unsigned long long)dbits(__floattidf(s)),
           (unsigned long long)dbits(__floatuntidf(u)), fbits(__floattisf(s)), fbits(__floatuntisf(u)));
    XF(ldhex("xs", __floattixf(s)));
    XF(ldhex("xu", __floatuntixf(u)));
    printf(" %d\n", (double)vs == __floattidf(s) && (float)vu == __floatuntisf(u));
  }
  for (int i = 0; i < 600 * scale; i++) {
    /* Magnitudes that fit (mostly), plus specials; only in-range results are defined. */
    uint64_t bits = (next() & 0x800fffffffffffffu) | ((uint64_t)(1023 - 4 + next() % 132) << 52);
    double d;
    memcpy(&d, &bits, 8);
    float f = (float)d;
    long double x = (long double)d * (1 + (long double)(next() % 1000) / 4096);
    volatile double vd = d;
    printf("f2i %016llx", (unsigned long long)bits);
    if (d >= 0x1p127 || d <= -0x1p127 || f >= 0x1p127f || f <= -0x1p127f || x >= 0x1p127L || x <= -0x1p127L) {
      printf(" out of range\n");
      continue;
    }
    hex128("d", (u128)__fixdfti(d));
    hex128("f", (u128)__fixsfti(f));
    XF(hex128("x", (u128)__fixxfti(x)));
    if (d >= 0) {
      hex128("ud", __fixunsdfti(d));
      hex128("uf", __fixunssfti(f));
      XF(hex128("ux", __fixunsxfti(x)));
    }
    printf(" %d\n", (s128)vd == __fixdfti(d));
  }
}

static void test_complex(void)
{
  for (int i = 0; i < 600 * scale; i++) {
    double a, b, c, d;
    if (i < (int)(NSPECIAL * NSPECIAL)) {
      a = special_d[i / NSPECIAL];
      b = special_d[(i * 7) % NSPECIAL];
      c = special_d[i % NSPECIAL];
      d = special_d[(i * 3) % NSPECIAL];
    } else if (i % 2) {
      a = rand_double(), b = rand_double(), c = rand_double(), d = rand_double();
    } else {
      a = rand_moderate(), b = rand_moderate(), c = rand_moderate(), d = rand_moderate();
    }
    _Complex double m = __muldc3(a, b, c, d), q = __divdc3(a, b, c, d);
    _Complex float mf = __mulsc3((float)a, (float)b, (float)c, (float)d);
    _Complex float qf = __divsc3((float)a, (float)b, (float)c, (float)d);
    _Complex long double mx = 0, qx = 0;
    XF(mx = __mulxc3(a, b, c, d));
    XF(qx = __divxc3(a, (long double)b / 3, c, d));
    volatile _Complex double z = a + b * 1i, w = c + d * 1i;
    _Complex double zq = z / w, zm = z * w;
    printf("cplx %016llx %016llx %016llx %016llx: %016llx %016llx %016llx %016llx", (unsigned long long)dbits(a),
           (unsigned long long)dbits(b), (unsigned long long)dbits(c), (unsigned long long)dbits(d),
           (unsigned long long)dbits(__real__ m), (unsigned long long)dbits(__imag__ m),
           (unsigned long long)dbits(__real__ q), (unsigned long long)dbits(__imag__ q));
    printf(" %08x %08x %08x %08x", fbits(__real__ mf), fbits(__imag__ mf), fbits(__real__ qf), fbits(__imag__ qf));
    XF(ldhex("mr", __real__ mx));
    XF(ldhex("mi", __imag__ mx));
    XF(ldhex("qr", __real__ qx));
    XF(ldhex("qi", __imag__ qx));
    printf(" %016llx %016llx %016llx %016llx\n", (unsigned long long)dbits(__real__ zq),
           (unsigned long long)dbits(__imag__ zq), (unsigned long long)dbits(__real__ zm),
           (unsigned long long)dbits(__imag__ zm));
  }
}

static void test_powi(void)
{
  static const int exps[] = { 0, 1, -1, 2, -2, 3, 31, -31, 1000, -1000, 2147483647, -2147483647 - 1 };
  for (int i = 0; i < 300 * scale; i++) {
    double x = i % 3 ? rand_moderate() : (double)(int)(next() % 21) / 4 - 2.5;
    int n = i % 5 == 0 ? exps[next() % (sizeof exps / sizeof exps[0])] : (int)(next() % 81) - 40;
    volatile double vx = x;
    volatile int vn = n;
    printf("powi %016llx %d: %016llx %08x", (unsigned long long)dbits(x), n, (unsigned long long)dbits(__powidf2(x, n)),
           fbits(__powisf2((float)x, n)));
    XF(ldhex("x", __powixf2(x, n)));
    printf(" %d\n", __builtin_powi(vx, vn) == __powidf2(vx, vn) || vx != vx);
  }
}

static void test_trapv(void)
{
  /* Only non-overflowing operands: overflow calls abort() on both sides. */
  for (int i = 0; i < 150 * scale; i++) {
    int a = (int)(next() >> 34) - (1 << 29), b = (int)(next() >> 34) - (1 << 29);
    int64_t c = (int64_t)(next() >> 2) - ((int64_t)1 << 61), d = (int64_t)(next() >> 34);
    int e = (int)(next() % 46341), f = (int)(next() % 46341) - 23170;
    printf("trapv %d %d %d %d %d %d %lld %lld %lld %lld\n", __addvsi3(a, b), __subvsi3(a, b), __mulvsi3(e, f),
           __negvsi2(a), a, b, (long long)__addvdi3(c, d), (long long)__subvdi3(c, d),
           (long long)__mulvdi3(d, f), (long long)__negvdi2(c));
  }
}

int main(int argc, char **argv)
{
  if (argc > 1)
    scale = atoi(argv[1]);
  /* GROUPS (a bit mask, all by default) picks the parts to run. */
#ifndef GROUPS
#define GROUPS 0x3f
#endif
  if (GROUPS & 1)
    test_bits();
  if (GROUPS & 2)
    test_div();
  if (GROUPS & 4)
    test_conv();
  if (GROUPS & 8)
    test_complex();
  if (GROUPS & 16)
    test_powi();
  if (GROUPS & 32)
    test_trapv();
  printf("done\n");
  return 0;
}
