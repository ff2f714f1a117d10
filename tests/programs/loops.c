/* Nested loops, early exits and a sieve over a static array. */
#include <stdio.h>
#include <stdint.h>

static unsigned char composite[2000];

int main(void)
{
  unsigned long long sum = 0;
  for (int i = 0; i < 100; i++)
    for (int j = i; j < 100; j += 3)
      sum += (unsigned long long)(i * j) ^ (unsigned)j;
  int primes = 0;
  for (int i = 2; i < 2000; i++) {
    if (composite[i]) continue;
    primes++;
    for (int j = i * i; j < 2000; j += i) composite[j] = 1;
  }
  int n = 27, steps = 0;
  while (n != 1) { n = (n & 1) ? 3 * n + 1 : n / 2; steps++; if (steps > 1000) break; }
  int k = 0;
  do { k += 7; } while (k % 11 != 0);
  printf("sum=%llu primes=%d collatz=%d k=%d\n", sum, primes, steps, k);
  return 0;
}
