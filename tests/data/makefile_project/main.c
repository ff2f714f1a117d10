#include "sums.h"

int write_out(const char *buf, int len);

int main(void)
{
  char line[64] = "sum of squares 1..10 = ";
  int len = 23;
  len += put_number(line + len, sum_of_squares(10));
  line[len++] = '\n';
  return write_out(line, len) == len ? 0 : 1;
}
