#include <stdio.h>
#include <zvm.h>

/* /dev/null both ways: a read finds EOF at once (a counted 0-byte get), then sticky EOF; writes count. */
int main(void)
{
  char buf[8], line[64];
  int in = zvm_find_channel("/dev/nin"), out = zvm_find_channel("/dev/nout");
  int a = zvm_pread(in, buf, 8, 0), b = zvm_pread(in, buf, 8, 0);
  int w = zvm_pwrite(out, "abcd", 4, 0), x = zvm_pwrite(out, "ef", 2, 0);
  int n = snprintf(line, sizeof line, "%d %d %d %d\n", a, b, w, x);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
