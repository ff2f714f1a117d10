/*
 * libm.c - a deterministic sweep of math.h: every double and float function on
 * its special cases (+-0, +-inf, NaN, subnormals, the extremes, values near
 * multiples of pi/2, poles and domain edges) and on pseudo-random arguments, in
 * the function's working range and as random bit patterns over the whole range.
 * Built natively (glibc) and as a nexe; tests/test_libm_glibc.py compares.
 *
 * One line per call: NAME ARGS = RESULTS e<errno>.  A token is d<16 hex> (a
 * double's bits), f<8 hex> (a float's) or i<decimal> (an integer result).
 * Usage: libm [N]: N random arguments per function and range (default NRAND).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* glibc: sincos, lgamma_r */
#endif
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -DQUICK: a sample for slow targets (the reference emulator): every STRIDE-th special argument,
 * the first pairs, NRAND random arguments. */
#ifdef QUICK
#define STRIDE 12
#define PAIRS 3
#ifndef NRAND
#define NRAND 1
#endif
#else
#define STRIDE 1
#define PAIRS NPAIR
#ifndef NRAND
#define NRAND 40
#endif
#endif
static char line[512];
static size_t len;

static void put(const char *s) { while (*s) line[len++] = *s++; }

static void hex(char tag, uint64_t v, int digits)
{
  line[len++] = ' ';
  line[len++] = tag;
  for (int i = digits - 1; i >= 0; i--) line[len++] = "0123456789abcdef"[(v >> (4 * i)) & 15];
}

static void putd(double x) { uint64_t u; memcpy(&u, &x, 8); hex('d', u, 16); }
static void putf(float x) { uint32_t u; memcpy(&u, &x, 4); hex('f', u, 8); }

static void puti(long long v)
{
  char tmp[24];
  int n = 0;
  unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do tmp[n++] = (char)('0' + m % 10); while (m /= 10);
  line[len++] = ' ';
  line[len++] = 'i';
  if (v < 0) line[len++] = '-';
  while (n) line[len++] = tmp[--n];
}

static void begin(const char *name) { len = 0; put(name); errno = 0; }
static void eq(void) { put(" ="); }

static void end(int err)
{
  put(" e");
  puti(err);
  line[len++] = '\n';
  line[len] = 0;
  fputs(line, stdout);
}

/* xorshift64*: the same sequence on both sides. */
static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

static double asd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float asf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static double unit(void) { return (double)(rnd() >> 11) * 0x1p-53; }
static double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
/* Any finite or special double / float: a random bit pattern. */
static double anyd(void) { return asd(rnd()); }
static float anyf(void) { return asf((uint32_t)(rnd() >> 32)); }

static const double SPECIAL[] = {
  0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 10.0, -10.0, 0.1, -0.1, 1e-300, -1e-300,
  0x1p-1074, -0x1p-1074, 0x0.fffffffffffffp-1022, -0x0.fffffffffffffp-1022, 0x1p-1022, -0x1p-1022,
  0x1.fffffffffffffp1023, -0x1.fffffffffffffp1023, 1e300, -1e300, 1e22, -1e22, 0x1p52, 0x1p52 + 0.5,
  0x1p53 + 2, 4503599627370495.5, -4503599627370495.5, 2.5, -2.5, 1.5, 0.49999999999999994,
  1.5707963267948966, -1.5707963267948966, 3.141592653589793, 4.71238898038469, 6.283185307179586,
  7.853981633974483, 10.995574287564276, 1.5707963267948966e5, 3.141592653589793e10, 0x1.921fb54442d18p+1023,
  0.7853981633974483, 1 + 0x1p-52, 1 - 0x1p-53, 709.782712893384, 709.79, -708.39, -745.13, -745.14, 710.5,
  1024.0, -1074.0, -1075.5, 88.72, 89.5, -103.9, 171.62, 171.7, 1e-20, -1e-20, 0x1p-600, 27.0, 28.5,
  -171.5, -0.99999999, 0.9999999999999999, 1.0000000000000002, 1e15, -1e15,
};
#define NSPECIAL (sizeof SPECIAL / sizeof SPECIAL[0])

static double specials[NSPECIAL + 8];
static float specialsf[NSPECIAL + 8];
static size_t nspecial;

static void init_specials(void)
{
  for (size_t i = 0; i < NSPECIAL; i++) {
    specials[i] = SPECIAL[i];
    specialsf[i] = (float)SPECIAL[i];
  }
  /* Float-specific edges instead of the doubles' extremes (which round to 0 or inf). */
  specialsf[6] = 0x1p-149f;
  specialsf[7] = -0x1p-149f;
  specialsf[18] = 0x1p-126f;
  specialsf[19] = 0x1.fffffep127f;
  specialsf[26] = 0x1p23f + 0.5f;
  specialsf[27] = 1.5707964f;
  specialsf[28] = -1.5707964f;
  nspecial = 0;
  for (size_t i = 0; i < NSPECIAL; i += STRIDE) {
    specials[nspecial] = specials[i];
    specialsf[nspecial++] = specialsf[i];
  }
  static const double last[] = { INFINITY, -INFINITY, NAN, 0.0, -0.0, 0x1p-1074, 1.0, -1.0 };
  for (size_t i = 0; i < (STRIDE > 1 ? 8 : 3); i++) {
    specials[nspecial] = last[i];
    specialsf[nspecial++] = i == 5 ? 0x1p-149f : (float)last[i];
  }
}

/* A short list for the two-argument functions' cross product. */
static const double PAIR[] = { 0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e300, -1e-300, 0x1p-1074, 1e22, 7.0,
                               0x1.fffffffffffffp1023 };
#define NPAIR (sizeof PAIR / sizeof PAIR[0])
static double pairs[NPAIR + 3];
static size_t npair;

static int nrand = NRAND;

typedef double (*d1)(double);
typedef float (*f1)(float);
typedef double (*d2)(double, double);
typedef float (*f2)(float, float);

struct range { double lo, hi; };

static void call_d1(const char *name, d1 f, double x)
{
  begin(name); putd(x); eq();
  double r = f(x);
  int e = errno;
  putd(r); end(e);
}

static void call_f1(const char *name, f1 f, float x)
{
  begin(name); putf(x); eq();
  float r = f(x);
  int e = errno;
  putf(r); end(e);
}

/* Specials, then nrand uniform arguments in each range, then nrand bit patterns. */
static void sweep_d1(const char *name, d1 f, const struct range *r, int nr)
{
  for (size_t i = 0; i < nspecial; i++) call_d1(name, f, specials[i]);
  for (int k = 0; k < nr; k++)
    for (int i = 0; i < nrand; i++) call_d1(name, f, uniform(r[k].lo, r[k].hi));
  for (int i = 0; i < nrand; i++) call_d1(name, f, anyd());
}

static void sweep_f1(const char *name, f1 f, const struct range *r, int nr)
{
  for (size_t i = 0; i < nspecial; i++) call_f1(name, f, specialsf[i]);
  for (int k = 0; k < nr; k++)
    for (int i = 0; i < nrand; i++) call_f1(name, f, (float)uniform(r[k].lo, r[k].hi));
  for (int i = 0; i < nrand; i++) call_f1(name, f, anyf());
}

static void call_d2(const char *name, d2 f, double x, double y)
{
  begin(name); putd(x); putd(y); eq();
  double r = f(x, y);
  int e = errno;
  putd(r); end(e);
}

static void call_f2(const char *name, f2 f, float x, float y)
{
  begin(name); putf(x); putf(y); eq();
  float r = f(x, y);
  int e = errno;
  putf(r); end(e);
}

static void sweep_d2(const char *name, d2 f, struct range rx, struct range ry)
{
  for (size_t i = 0; i < npair; i++)
    for (size_t j = 0; j < npair; j++) call_d2(name, f, pairs[i], pairs[j]);
  for (int i = 0; i < 2 * nrand; i++) call_d2(name, f, uniform(rx.lo, rx.hi), uniform(ry.lo, ry.hi));
  for (int i = 0; i < nrand; i++) call_d2(name, f, anyd(), anyd());
}

static void sweep_f2(const char *name, f2 f, struct range rx, struct range ry)
{
  for (size_t i = 0; i < npair; i++)
    for (size_t j = 0; j < npair; j++) call_f2(name, f, (float)pairs[i], (float)pairs[j]);
  for (int i = 0; i < 2 * nrand; i++)
    call_f2(name, f, (float)uniform(rx.lo, rx.hi), (float)uniform(ry.lo, ry.hi));
  for (int i = 0; i < nrand; i++) call_f2(name, f, anyf(), anyf());
}

#define R(...) ((const struct range[]){__VA_ARGS__}), (int)(sizeof((const struct range[]){__VA_ARGS__}) / sizeof(struct range))
#define D1(fn, ...) sweep_d1(#fn, fn, R(__VA_ARGS__))
#define F1(fn, ...) sweep_f1(#fn, fn, R(__VA_ARGS__))

/* The range of each one-argument function: where its work is. */
static void one_argument(void)
{
  D1(fabs, {-10, 10});           F1(fabsf, {-10, 10});
  D1(floor, {-1e3, 1e3}, {-1e16, 1e16}); F1(floorf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(ceil, {-1e3, 1e3}, {-1e16, 1e16});  F1(ceilf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(trunc, {-1e3, 1e3}, {-1e16, 1e16}); F1(truncf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(round, {-1e3, 1e3}, {-1e16, 1e16}); F1(roundf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(rint, {-1e3, 1e3}, {-1e16, 1e16});  F1(rintf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(nearbyint, {-1e3, 1e3}, {-1e16, 1e16}); F1(nearbyintf, {-1e3, 1e3}, {-1e8, 1e8});
  D1(logb, {-1e3, 1e3});         F1(logbf, {-1e3, 1e3});
  D1(sqrt, {0, 10}, {0, 1e300}); F1(sqrtf, {0, 10}, {0, 1e30});
  D1(cbrt, {-10, 10}, {-1e300, 1e300}); F1(cbrtf, {-10, 10}, {-1e30, 1e30});
  D1(exp, {-1, 1}, {-750, 710}); F1(expf, {-1, 1}, {-104, 89});
  D1(exp2, {-1, 1}, {-1080, 1025}); F1(exp2f, {-1, 1}, {-150, 129});
  D1(expm1, {-1, 1}, {-40, 710}); F1(expm1f, {-1, 1}, {-20, 89});
  D1(log, {0, 2}, {0, 1e300});   F1(logf, {0, 2}, {0, 1e30});
  D1(log2, {0, 2}, {0, 1e300});  F1(log2f, {0, 2}, {0, 1e30});
  D1(log10, {0, 2}, {0, 1e300}); F1(log10f, {0, 2}, {0, 1e30});
  D1(log1p, {-1, 1}, {-1, 1e10}); F1(log1pf, {-1, 1}, {-1, 1e10});
  D1(sin, {-4, 4}, {-1e6, 1e6}); F1(sinf, {-4, 4}, {-1e6, 1e6});
  D1(cos, {-4, 4}, {-1e6, 1e6}); F1(cosf, {-4, 4}, {-1e6, 1e6});
  D1(tan, {-4, 4}, {-1e6, 1e6}); F1(tanf, {-4, 4}, {-1e6, 1e6});
  D1(asin, {-1, 1});             F1(asinf, {-1, 1});
  D1(acos, {-1, 1});             F1(acosf, {-1, 1});
  D1(atan, {-4, 4}, {-1e20, 1e20}); F1(atanf, {-4, 4}, {-1e20, 1e20});
  D1(sinh, {-3, 3}, {-720, 720}); F1(sinhf, {-3, 3}, {-95, 95});
  D1(cosh, {-3, 3}, {-720, 720}); F1(coshf, {-3, 3}, {-95, 95});
  D1(tanh, {-3, 3}, {-25, 25}); F1(tanhf, {-3, 3}, {-12, 12});
  D1(asinh, {-3, 3}, {-1e20, 1e20}); F1(asinhf, {-3, 3}, {-1e20, 1e20});
  D1(acosh, {1, 3}, {1, 1e20});  F1(acoshf, {1, 3}, {1, 1e20});
  D1(atanh, {-1, 1});            F1(atanhf, {-1, 1});
  D1(erf, {-3, 3}, {-7, 7});     F1(erff, {-3, 3}, {-5, 5});
  D1(erfc, {-3, 3}, {-7, 30});   F1(erfcf, {-3, 3}, {-5, 12});
  D1(tgamma, {0, 5}, {-180, 180}); F1(tgammaf, {0, 5}, {-40, 40});
  D1(lgamma, {0, 5}, {-50, 1e5}); F1(lgammaf, {0, 5}, {-30, 1e5});
}

static void two_arguments(void)
{
  struct range small = {-10, 10}, wide = {-1e10, 1e10};
  sweep_d2("copysign", copysign, small, small); sweep_f2("copysignf", copysignf, small, small);
  sweep_d2("fmin", fmin, small, small);         sweep_f2("fminf", fminf, small, small);
  sweep_d2("fmax", fmax, small, small);         sweep_f2("fmaxf", fmaxf, small, small);
  sweep_d2("fdim", fdim, small, small);         sweep_f2("fdimf", fdimf, small, small);
  sweep_d2("fmod", fmod, wide, small);          sweep_f2("fmodf", fmodf, wide, small);
  sweep_d2("remainder", remainder, wide, small); sweep_f2("remainderf", remainderf, wide, small);
  sweep_d2("nextafter", nextafter, small, small); sweep_f2("nextafterf", nextafterf, small, small);
  sweep_d2("hypot", hypot, wide, wide);         sweep_f2("hypotf", hypotf, wide, wide);
  sweep_d2("atan2", atan2, small, small);       sweep_f2("atan2f", atan2f, small, small);
  sweep_d2("pow", pow, (struct range){0, 10}, (struct range){-50, 50});
  sweep_f2("powf", powf, (struct range){0, 10}, (struct range){-20, 20});
}

/* The functions with int/long/pointer arguments or results. */
static void others(void)
{
  static const int exps[] = { 0, 1, -1, 52, -1022, -1074, 1023, 2000, -2000, 100000, -100000, -1040 };
  for (size_t i = 0; i < nspecial; i++) {
    double x = specials[i];
    float xf = specialsf[i];
    int e;
    double ip;
    float ipf;
    begin("frexp"); putd(x); eq(); putd(frexp(x, &e)); puti(e); end(errno);
    begin("frexpf"); putf(xf); eq(); putf(frexpf(xf, &e)); puti(e); end(errno);
    begin("modf"); putd(x); eq(); putd(modf(x, &ip)); putd(ip); end(errno);
    begin("modff"); putf(xf); eq(); putf(modff(xf, &ipf)); putf(ipf); end(errno);
    begin("ilogb"); putd(x); eq(); puti(ilogb(x)); end(errno);
    begin("ilogbf"); putf(xf); eq(); puti(ilogbf(xf)); end(errno);
    begin("lgamma_r"); putd(x); eq(); putd(lgamma_r(x, &e)); puti(e); end(errno);
    begin("lgammaf_r"); putf(xf); eq(); putf(lgammaf_r(xf, &e)); puti(e); end(errno);
    begin("sincos"); putd(x); eq(); { double s, c; sincos(x, &s, &c); putd(s); putd(c); } end(errno);
    begin("sincosf"); putf(xf); eq(); { float s, c; sincosf(xf, &s, &c); putf(s); putf(c); } end(errno);
    for (size_t k = 0; k < sizeof exps / sizeof exps[0]; k += STRIDE > 1 ? 3 : 1) {
      begin("ldexp"); putd(x); puti(exps[k]); eq(); putd(ldexp(x, exps[k])); end(errno);
      begin("scalbn"); putd(x); puti(exps[k]); eq(); putd(scalbn(x, exps[k])); end(errno);
      begin("ldexpf"); putf(xf); puti(exps[k]); eq(); putf(ldexpf(xf, exps[k])); end(errno);
      begin("scalbnf"); putf(xf); puti(exps[k]); eq(); putf(scalbnf(xf, exps[k])); end(errno);
    }
  }
  /* lround/lrint: a nexe's long has 32 bits (x32), so only arguments that fit. */
  for (int i = 0; i < 4 * nrand + (int)nspecial; i++) {
    double x = i < (int)nspecial ? specials[i] : i % 2 ? uniform(-2e9, 2e9) : uniform(-10, 10);
    if (!(fabs(x) < 2e9)) x = 0.25;
    float xf = (float)x;
    double y = i < (int)nspecial ? specials[i] : i % 2 ? uniform(-9e18, 9e18) : uniform(-1e3, 1e3);
    if (!(fabs(y) < 9e18)) y = -0.75;
    float yf = (float)y;
    begin("lround"); putd(x); eq(); puti(lround(x)); end(errno);
    begin("lroundf"); putf(xf); eq(); puti(lroundf(xf)); end(errno);
    begin("lrint"); putd(x); eq(); puti(lrint(x)); end(errno);
    begin("lrintf"); putf(xf); eq(); puti(lrintf(xf)); end(errno);
    begin("llround"); putd(y); eq(); puti(llround(y)); end(errno);
    begin("llroundf"); putf(yf); eq(); puti(llroundf(yf)); end(errno);
    begin("llrint"); putd(y); eq(); puti(llrint(y)); end(errno);
    begin("llrintf"); putf(yf); eq(); puti(llrintf(yf)); end(errno);
  }
  for (int i = 0; i < 4 * nrand + (int)(npair * npair); i++) {
    int pair = i < (int)(npair * npair);
    double x = pair ? pairs[i / npair] : i % 3 ? uniform(-1e6, 1e6) : anyd();
    double y = pair ? pairs[i % npair] : i % 2 ? uniform(-50, 50) : anyd();
    int q;
    /* The quotient: its sign and last 3 bits (all C asks), unless the result is NaN (then it is unset). */
    double r = remquo(x, y, &q);
    begin("remquo"); putd(x); putd(y); eq(); putd(r); if (!isnan(r)) puti(q % 8); end(errno);
    float rf = remquof((float)x, (float)y, &q);
    begin("remquof"); putf((float)x); putf((float)y); eq(); putf(rf); if (!isnan(rf)) puti(q % 8); end(errno);
    if (pair) continue;
    /* fma: random operands, then ones whose product nearly cancels the addend. */
    double a = i % 2 ? uniform(-10, 10) : anyd(), b = i % 2 ? uniform(-10, 10) : anyd();
    double c = i % 4 == 1 ? -(a * b) : i % 2 ? uniform(-100, 100) : anyd();
    begin("fma"); putd(a); putd(b); putd(c); eq(); putd(fma(a, b, c)); end(errno);
    float af = (float)a, bf = (float)b, cf = i % 4 == 1 ? -(af * bf) : (float)c;
    begin("fmaf"); putf(af); putf(bf); putf(cf); eq(); putf(fmaf(af, bf, cf)); end(errno);
  }
  for (size_t i = 0; i < npair; i++)
    for (size_t j = 0; j < npair; j++)
      for (size_t k = 0; k < npair; k += 3) {
        begin("fma"); putd(pairs[i]); putd(pairs[j]); putd(pairs[k]); eq();
        putd(fma(pairs[i], pairs[j], pairs[k])); end(errno);
      }
  static const char *const tags[] = { "", "0x1234", "1", "junk" };
  for (size_t i = 0; i < 4; i++) {
    /* Only whether it is a NaN: payloads are the implementation's. */
    begin("nan"); put(" "); put(tags[i]); eq(); puti(isnan(nan(tags[i])) != 0); end(errno);
    begin("nanf"); put(" "); put(tags[i]); eq(); puti(isnan(nanf(tags[i])) != 0); end(errno);
  }
}

/* The classification macros and constants. */
static void macros(void)
{
  for (size_t i = 0; i < nspecial; i++) {
    double x = specials[i];
    float xf = specialsf[i];
    begin("classify"); putd(x); eq();
    puti(fpclassify(x)); puti(isnan(x) != 0); puti(isinf(x)); puti(isfinite(x) != 0); puti(isnormal(x) != 0);
    puti(signbit(x) != 0); puti(fpclassify(xf)); puti(isinf(xf)); puti(signbit(xf) != 0);
    puti(isgreater(x, 1.0)); puti(isgreaterequal(x, 1.0)); puti(isless(x, 1.0)); puti(islessequal(x, 1.0));
    puti(islessgreater(x, 1.0)); puti(isunordered(x, 1.0));
    end(0);
  }
  begin("constants"); eq();
  putd(HUGE_VAL); putf(HUGE_VALF); putf(INFINITY); puti(isnan(NAN) != 0); puti(FP_ILOGB0); puti(FP_ILOGBNAN);
  puti(FP_NAN); puti(FP_INFINITE); puti(FP_ZERO); puti(FP_SUBNORMAL); puti(FP_NORMAL);
  puti((math_errhandling & MATH_ERRNO) != 0); puti(sizeof(float_t)); puti(sizeof(double_t));
  putd(M_E); putd(M_LOG2E); putd(M_LOG10E); putd(M_LN2); putd(M_LN10); putd(M_PI); putd(M_PI_2); putd(M_PI_4);
  putd(M_1_PI); putd(M_2_PI); putd(M_2_SQRTPI); putd(M_SQRT2); putd(M_SQRT1_2);
  end(0);
  lgamma(-2.5);
  begin("signgam"); eq(); puti(signgam); end(0);
  lgamma(-3.5);
  begin("signgam"); eq(); puti(signgam); end(0);
}

int main(int argc, char **argv)
{
  if (argc > 1) nrand = atoi(argv[1]);
  init_specials();
  for (size_t i = 0; i < PAIRS; i++) pairs[i] = PAIR[i];
  pairs[PAIRS] = INFINITY;
  pairs[PAIRS + 1] = -INFINITY;
  pairs[PAIRS + 2] = NAN;
  npair = PAIRS + 3;
  macros();
  one_argument();
  two_arguments();
  others();
  puts("done");
  return 0;
}
