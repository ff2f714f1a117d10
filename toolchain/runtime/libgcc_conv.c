/*
 * libgcc_conv.c - conversions between __int128 and float, double and long
 * double, with libgcc's algorithms (x86-64, 64-bit words), so results agree
 * bit for bit, rounding modes and out-of-range inputs included:
 *  - to an integer: the high and the low 64 bits are truncated separately
 *    (the signed versions negate around the unsigned ones);
 *  - to float/double: the value is shifted into 64 bits with a sticky bit for
 *    what was shifted out, converted once, and scaled by a power of two, so it
 *    is rounded once; long double (64-bit mantissa) is hi * 2^64 + lo.
 */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

#define TWO64 18446744073709551616.0 /* 2^64 */

u128 __fixunsdfti(double a);
s128 __fixdfti(double a);
u128 __fixunssfti(float a);
s128 __fixsfti(float a);
u128 __fixunsxfti(long double a);
s128 __fixxfti(long double a);
double __floattidf(s128 u);
float __floattisf(s128 u);
long double __floattixf(s128 u);
double __floatuntidf(u128 u);
float __floatuntisf(u128 u);
long double __floatuntixf(u128 u);

u128 __fixunsdfti(double a)
{
  /* The division only moves the binary point; each conversion truncates. */
  const uint64_t hi = (uint64_t)(a / TWO64);
  const uint64_t lo = (uint64_t)(a - (double)hi * TWO64);
  return ((u128)hi << 64) | lo;
}

s128 __fixdfti(double a)
{
  if (a < 0)
    return -(s128)__fixunsdfti(-a);
  return (s128)__fixunsdfti(a);
}

u128 __fixunssfti(float a)
{
  return __fixunsdfti((double)a); /* exact */
}

s128 __fixsfti(float a)
{
  if (a < 0)
    return -(s128)__fixunssfti(-a);
  return (s128)__fixunssfti(a);
}

u128 __fixunsxfti(long double a)
{
  u128 v;
  if (a < 0)
    return 0;
  v = (u128)(uint64_t)(a / TWO64) << 64;
  a -= (long double)(uint64_t)(v >> 64) * TWO64;
  /* The rest can come out negative: long double has more bits than a word. */
  if (a < 0)
    v -= (uint64_t)(-a);
  else
    v += (uint64_t)a;
  return v;
}

s128 __fixxfti(long double a)
{
  if (a < 0)
    return -(s128)__fixunsxfti(-a);
  return (s128)__fixunsxfti(a);
}

/* 2^shift for 1 <= shift <= 64, as libgcc forms it. */
#define SCALE(T, shift) ((shift) == 64 ? (T)TWO64 : (shift) == 63 ? (T)(TWO64 / 2) : (T)((int64_t)1 << (shift)))

/* The signed conversions: hi keeps its sign through the arithmetic shift. */
#define FLOAT_FROM_S128(T, u)                                                 \
  do {                                                                        \
    int64_t hi;                                                               \
    int count, shift;                                                         \
    if ((s128)(int64_t)(u) == (u))                                            \
      return (T)(int64_t)(u);                                                 \
    hi = (int64_t)((u) >> 64);                                                \
    if (hi < 0)                                                               \
      hi = (int64_t)(0 - (uint64_t)hi);                                       \
    count = hi == 0 ? 64 : __builtin_clzll((uint64_t)hi);                     \
    if (count == 0) /* u is -2^127 (plus the low word) */                    \
      return (T)TWO64 * (T)(hi | ((uint64_t)(u) != 0));                       \
    shift = 1 + 64 - count;                                                   \
    hi = (int64_t)((u) >> shift);                                             \
    if ((uint64_t)(u) << (64 - shift))                                        \
      hi |= 1; /* sticky: the bits shifted out */                             \
    return (T)hi * SCALE(T, shift);                                           \
  } while (0)

#define FLOAT_FROM_U128(T, u)                                                 \
  do {                                                                        \
    uint64_t hi;                                                              \
    int shift;                                                                \
    if ((u128)(uint64_t)(u) == (u))                                           \
      return (T)(uint64_t)(u);                                                \
    hi = (uint64_t)((u) >> 64);                                               \
    shift = 64 - __builtin_clzll(hi);                                         \
    hi = (uint64_t)((u) >> shift);                                            \
    if ((uint64_t)(u) << (64 - shift))                                        \
      hi |= 1;                                                                \
    return (T)hi * SCALE(T, shift);                                           \
  } while (0)

double __floattidf(s128 u)
{
  FLOAT_FROM_S128(double, u);
}

float __floattisf(s128 u)
{
  FLOAT_FROM_S128(float, u);
}

double __floatuntidf(u128 u)
{
  FLOAT_FROM_U128(double, u);
}

float __floatuntisf(u128 u)
{
  FLOAT_FROM_U128(float, u);
}

long double __floattixf(s128 u)
{
  long double d = (long double)(int64_t)(u >> 64);
  d *= TWO64;
  d += (long double)(uint64_t)u;
  return d;
}

long double __floatuntixf(u128 u)
{
  long double d = (long double)(uint64_t)(u >> 64);
  d *= TWO64;
  d += (long double)(uint64_t)u;
  return d;
}
