/* pwrite's own error paths, in zerovm's order of checks. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int rw = zvm_find_channel("/dev/rw");
  printf("desc=%d null=%d negative-size=%d negative-offset=%d zero=%d\n", zvm_pwrite(99, "x", 1, 0),
         zvm_pwrite(rw, (const void *)0, 1, 0), zvm_pwrite(rw, "x", -1, 0), zvm_pwrite(rw, "x", 1, -1),
         zvm_pwrite(rw, "x", 0, 0));
  return 0;
}
