/* Variable-length arrays and alloca, whose stack adjustments must stay sandboxed. */
#include <stdio.h>
#include <string.h>

static int vla_sum(int n)
{
  int a[n];
  for (int i = 0; i < n; i++) a[i] = i * i;
  int s = 0;
  for (int i = 0; i < n; i++) s += a[i];
  return s;
}

static int matrix(int rows, int cols)
{
  double m[rows][cols];
  for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r][c] = r * cols + c;
  double t = 0;
  for (int r = 0; r < rows; r++) t += m[r][cols - 1 - r % cols];
  return (int)t;
}

static int with_alloca(int n)
{
  char *p = __builtin_alloca(n);
  memset(p, 'x', n);
  p[n - 1] = 0;
  return (int)strlen(p);
}

int main(void)
{
  int total = 0;
  for (int n = 1; n < 50; n += 7) total += vla_sum(n) + with_alloca(n * 10) + matrix(n, n + 1);
  printf("total=%d vla=%d alloca=%d\n", total, vla_sum(100), with_alloca(4000));
  return 0;
}
