/* 64-bit (and 32-bit) signed/unsigned division, modulo and shifts, including edge values. */
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static int64_t sdiv(int64_t a, int64_t b) { return a / b; }
__attribute__((noinline)) static int64_t smod(int64_t a, int64_t b) { return a % b; }
__attribute__((noinline)) static uint64_t udiv(uint64_t a, uint64_t b) { return a / b; }
__attribute__((noinline)) static uint64_t umod(uint64_t a, uint64_t b) { return a % b; }

int main(void)
{
  const int64_t s[] = {0, 1, -1, 7, -7, 1000000007LL, INT64_MAX, INT64_MIN + 1, -123456789012345LL};
  const int64_t d[] = {1, -1, 3, -3, 10, 65536, 1000000007LL, -4294967296LL};
  uint64_t h = 1469598103934665603ULL;
  for (unsigned i = 0; i < sizeof s / sizeof s[0]; i++)
    for (unsigned j = 0; j < sizeof d / sizeof d[0]; j++) {
      h = (h ^ (uint64_t)sdiv(s[i], d[j])) * 1099511628211ULL;
      h = (h ^ (uint64_t)smod(s[i], d[j])) * 1099511628211ULL;
      h = (h ^ udiv((uint64_t)s[i], (uint64_t)d[j])) * 1099511628211ULL;
      h = (h ^ umod((uint64_t)s[i], (uint64_t)d[j])) * 1099511628211ULL;
    }
  printf("hash=%llu\n", (unsigned long long)h);
  printf("%lld %lld %llu %llu\n", (long long)sdiv(INT64_MIN, 2), (long long)smod(-17, 5),
         (unsigned long long)udiv(UINT64_MAX, 3), (unsigned long long)umod(UINT64_MAX, 1000));
  printf("%d %u %lld\n", -17 / 5, 4000000000u / 7u, (long long)(((int64_t)1 << 62) >> 3));
  return 0;
}
