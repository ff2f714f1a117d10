/* Variadic functions of our own, with ints, long longs, doubles and pointers, and va_copy. */
#include <stdarg.h>
#include <stdio.h>

static long long sum_ints(int n, ...)
{
  va_list ap;
  va_start(ap, n);
  long long s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static double mixed(const char *fmt, ...)
{
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  double total = 0;
  for (const char *p = fmt; *p; p++) {
    switch (*p) {
    case 'i': total += va_arg(ap, int); break;
    case 'L': total += (double)va_arg(ap, long long); break;
    case 'd': total += va_arg(ap, double); break;
    case 's': total += (double)va_arg(ap, const char *)[0]; break;
    }
  }
  double first = *fmt == 'd' ? va_arg(again, double) : 0;
  va_end(again);
  va_end(ap);
  return total + first;
}

static int my_printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int main(void)
{
  printf("%lld\n", sum_ints(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  printf("%.3f\n", mixed("dLisd", 1.5, 10000000000LL, -3, "A", 0.125));
  int n = my_printf("%s-%d-%c-%5.2f|\n", "va", 42, 'z', 3.14159);
  printf("wrote %d\n", n);
  return 0;
}
