#include <stdio.h>
#include <zvm.h>

/* Reads up to 64 bytes of stdin and says how many, then the bytes (NULs shown as '.'). */
int main(void)
{
  char buf[64], line[96];
  int got = zvm_pread(0, buf, sizeof buf, 0), i, n;
  n = snprintf(line, sizeof line, "read %d:", got);
  zvm_pwrite(1, line, n, 0);
  for (i = 0; i < got; i++) buf[i] = buf[i] ? buf[i] : '.';
  if (got > 0) zvm_pwrite(1, buf, got, 0);
  return 0;
}
