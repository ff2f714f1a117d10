#include <stdio.h>
#include <zvm.h>

/* Sequential reads of a 7-byte channel in chunks of 4, then past EOF; one write reports them. */
int main(void)
{
  char buf[8] = {0}, line[64];
  int d = zvm_find_channel("/dev/in");
  int a = zvm_pread(d, buf, 4, 0), b = zvm_pread(d, buf + 4, 4, 0);
  int c = zvm_pread(d, buf, 4, 0), e = zvm_pread(d, buf, 4, 0);
  int n = snprintf(line, sizeof line, "%d %d %d %d\n", a, b, c, e);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
