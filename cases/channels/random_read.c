#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[4];
  int d = zvm_find_channel("/dev/in");
  printf("%d %d %d %d\n", zvm_pread(d, buf, 4, 8), zvm_pread(d, buf, 4, 10), zvm_pread(d, buf, 4, 11),
         zvm_pread(d, buf, 4, -1));
  return 0;
}
