/* Double arithmetic and conversions (SSE2), printed with %f/%e/%g. */
#include <stdio.h>

static double horner(const double *c, int n, double x) { double r = 0; for (int i = n - 1; i >= 0; i--) r = r * x + c[i]; return r; }
static double sqrt_newton(double x) { double g = x / 2; for (int i = 0; i < 30; i++) g = (g + x / g) / 2; return g; }

int main(void)
{
  const double c[] = {1.0, -0.5, 0.25, -0.125};
  double pi = 0;
  for (int k = 0; k < 1000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
  float f = 1.0f / 3.0f;
  long long big = (long long)1e15 + 7;
  double back = (double)big;
  unsigned long long u = 18446744073709551615ULL;
  printf("%f %.10f %e %g\n", horner(c, 4, 0.75), sqrt_newton(2.0), pi, 1e-5);
  printf("%.3f %lld %.1f %g %g\n", (double)f, (long long)(back * 3), (double)u, -0.0, 1.0 / 3);
  printf("%d %d %.17g\n", (int)-2.9, (int)2.9, 0.1 + 0.2);
  return 0;
}
