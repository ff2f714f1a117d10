#include <stdio.h>
#include <zvm.h>

/* Random reads of a 10-byte channel: across its end, at its end, past it, and from 0. */
int main(void)
{
  char buf[8] = {0}, line[64];
  int d = zvm_find_channel("/dev/in");
  int a = zvm_pread(d, buf, 4, 8), b = zvm_pread(d, buf, 4, 10), c = zvm_pread(d, buf, 4, 11);
  int e = zvm_pread(d, buf, 4, 0);
  int n = snprintf(line, sizeof line, "%d %d %d %d\n", a, b, c, e);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
