#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[6] = {0};
  int d = zvm_find_channel("/dev/in");
  int a = zvm_pread(d, buf, 5, 0), b = zvm_pread(d, buf, 5, 0), c = zvm_pread(d, buf, 5, 0);
  printf("%d %d %d %s\n", a, b, c, buf);
  return 0;
}
