#include <stdio.h>
#include <zvm.h>

int main(void)
{
  volatile uint64_t args[3] = {0x12345678, 0, 0};
  int r = zvm_trap(args);
  printf("unknown=%d fork=%d\n", r, zvm_fork());
  return 0;
}
