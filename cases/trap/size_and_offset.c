/* size 0 returns 0 (after the buffer check); size < 0 is -EFAULT; offset < 0 is -EINVAL. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[8];
  int d = zvm_find_channel("/dev/random-in");
  printf("zero=%d negative-size=%d negative-offset=%d\n", zvm_pread(d, buf, 0, 0), zvm_pread(d, buf, -1, 0),
         zvm_pread(d, buf, 1, -1));
  return 0;
}
