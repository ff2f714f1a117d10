#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int d = zvm_find_channel("/dev/out");
  int a = zvm_pwrite(d, "ABCDEF", 6, 0), b = zvm_pwrite(d, "GHIJKL", 6, 0), c = zvm_pwrite(d, "M", 1, 0);
  printf("%d %d %d\n", a, b, c);
  return 0;
}
