/*
 * libgcc_bits.c - the bit-counting helpers gcc calls on x86-64 without -mpopcnt:
 * __builtin_popcount/l/ll become __popcountdi2, and __builtin_clrsb/ll (at -Os)
 * __clrsbdi2.  clz/ctz/ffs/parity are always inlined.  The count below is
 * written so that gcc does not recognise it as a popcount (which would call
 * this function again).
 */
#include <stdint.h>

int __popcountdi2(uint64_t x);
int __clrsbdi2(int64_t x);

int __popcountdi2(uint64_t x)
{
  int n = 0;
  while (x) {
    n += (int)(x & 1);
    x >>= 1;
  }
  return n;
}

/* Leading bits equal to the sign bit, not counting the sign bit itself. */
int __clrsbdi2(int64_t x)
{
  uint64_t u = (uint64_t)x;
  if (x < 0)
    u = ~u;
  if (u == 0)
    return 63;
  return __builtin_clzll(u) - 1;
}
