#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[12] = {0};
  int d = zvm_find_channel("/dev/rw");
  int far = zvm_pwrite(d, "x", 1, 100);
  int w = zvm_pwrite(d, "HELLO", 5, 3);
  int r = zvm_pread(d, buf, 10, 0);
  printf("far=%d write=%d read=%d\n", far, w, r);
  fflush(stdout);
  zvm_pwrite(ZVM_STDOUT, buf, r > 0 ? r : 0, 0);
  return 0;
}
