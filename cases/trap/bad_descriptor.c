#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char c;
  printf("%d %d %d\n", zvm_pread(99, &c, 1, 0), zvm_pread(-1, &c, 1, 0), zvm_pwrite(3, "x", 1, 0));
  return 0;
}
