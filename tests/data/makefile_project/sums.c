#include "sums.h"

int sum_of_squares(int n)
{
  int i, total = 0;
  for (i = 1; i <= n; i++)
    total += square(i);
  return total;
}

/* Decimal digits of a non-negative value into buf; returns their count. */
int put_number(char *buf, int value)
{
  char digits[12];
  int n = 0, i;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (i = 0; i < n; i++)
    buf[i] = digits[n - 1 - i];
  return n;
}
