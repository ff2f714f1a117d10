/* Deep and mutual recursion, plus a recursive quicksort. */
#include <stdio.h>

static int ackermann(int m, int n)
{
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static void quicksort(int *a, int lo, int hi)
{
  if (lo >= hi) return;
  int p = a[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (a[i] < p) i++;
    while (a[j] > p) j--;
    if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
  }
  quicksort(a, lo, j);
  quicksort(a, i, hi);
}

static int depth(int n) { volatile char pad[64]; pad[0] = (char)n; return n == 0 ? pad[0] : 1 + depth(n - 1); }

int main(void)
{
  int a[32];
  unsigned x = 12345;
  for (int i = 0; i < 32; i++) { x = x * 1103515245u + 12345u; a[i] = (int)(x >> 16) % 1000; }
  quicksort(a, 0, 31);
  printf("ack(2,3)=%d even(1001)=%d fib(24)=%ld depth=%d\n", ackermann(2, 3), is_even(1001), fib(24),
         depth(20000));
  for (int i = 0; i < 32; i++) printf("%d%c", a[i], i == 31 ? '\n' : ' ');
  return 0;
}
