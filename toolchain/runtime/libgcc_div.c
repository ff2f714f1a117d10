/*
 * libgcc_div.c - 128-bit division (x86-64 multiplies __int128 inline, but
 * divides through __udivti3, __umodti3, __divti3, __modti3), with libgcc's
 * results: truncation toward zero, the remainder takes the dividend's sign,
 * INT128_MIN / -1 wraps to INT128_MIN, and a zero divisor executes a hardware
 * divide by zero (#DE: the nexe ends as libgcc's program gets SIGFPE).
 *
 * Only 128-bit shifts, multiplies and compares (inline) are used here, plus the
 * 128-by-64 divide instruction.
 */
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

u128 __udivmodti4(u128 n, u128 d, u128 *rem);
u128 __udivti3(u128 n, u128 d);
u128 __umodti3(u128 n, u128 d);
s128 __divti3(s128 a, s128 b);
s128 __modti3(s128 a, s128 b);

/* hi:lo / d with hi < d (or d == 0, which faults): the quotient fits 64 bits. */
static uint64_t div_128_64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *r)
{
  uint64_t q, rr;
  __asm__("divq %4" : "=a"(q), "=d"(rr) : "0"(lo), "1"(hi), "r"(d));
  *r = rr;
  return q;
}

u128 __udivmodti4(u128 n, u128 d, u128 *rem)
{
  uint64_t nhi = (uint64_t)(n >> 64), nlo = (uint64_t)n;
  uint64_t dhi = (uint64_t)(d >> 64), dlo = (uint64_t)d;
  u128 q;

  if (dhi == 0) {
    uint64_t qhi = 0, qlo, r;
    if (nhi >= dlo) { /* two digits; dlo == 0 faults here */
      qhi = div_128_64(0, nhi, dlo, &r);
      nhi = r;
    }
    qlo = div_128_64(nhi, nlo, dlo, &r);
    if (rem)
      *rem = r;
    return ((u128)qhi << 64) | qlo;
  }
  if (n < d) {
    if (rem)
      *rem = n;
    return 0;
  }
  /* The divisor has 65..128 bits, so the quotient fits 64 bits.  Estimate it
   * from the divisor's top 64 bits (normalised) and n / 2, which is at most
   * one too large after the correction below (Hacker's Delight, 9-5). */
  {
    int s = __builtin_clzll(dhi);
    uint64_t v1 = (uint64_t)((d << s) >> 64), r;
    u128 half = n >> 1;
    uint64_t q1 = div_128_64((uint64_t)(half >> 64), (uint64_t)half, v1, &r);
    u128 q0 = ((u128)q1 << s) >> 63;
    if (q0 != 0)
      q0--;
    if (n - q0 * d >= d)
      q0++;
    q = q0;
  }
  if (rem)
    *rem = n - q * d;
  return q;
}

u128 __udivti3(u128 n, u128 d)
{
  return __udivmodti4(n, d, 0);
}

u128 __umodti3(u128 n, u128 d)
{
  u128 r;
  __udivmodti4(n, d, &r);
  return r;
}

static u128 magnitude(s128 x)
{
  return x < 0 ? -(u128)x : (u128)x;
}

s128 __divti3(s128 a, s128 b)
{
  u128 q = __udivmodti4(magnitude(a), magnitude(b), 0);
  return (s128)((a < 0) != (b < 0) ? -q : q);
}

s128 __modti3(s128 a, s128 b)
{
  u128 r;
  __udivmodti4(magnitude(a), magnitude(b), &r);
  return (s128)(a < 0 ? -r : r);
}
