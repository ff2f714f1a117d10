#include <stdio.h>
#include <zvm.h>

/* Reads and writes past count quotas (gets = 2, puts = 1): the refused calls move nothing. */
int main(void)
{
  char buf[16] = {0}, line[64];
  int in = zvm_find_channel("/dev/in"), out = zvm_find_channel("/dev/out");
  int a = zvm_pread(in, buf, 3, 0), b = zvm_pread(in, buf + 3, 3, 0), c = zvm_pread(in, buf + 6, 3, 0);
  int w = zvm_pwrite(out, "ab", 2, 0), x = zvm_pwrite(out, "cd", 2, 0);
  int n = snprintf(line, sizeof line, "%d %d %d %d %d %s\n", a, b, c, w, x, buf);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
