/* unjail's argument checks mirror jail's. */
#include <stdio.h>
#include <stdlib.h>
#include <zvm.h>

int main(void)
{
  char *heap = malloc(4 << 16);
  char *page = (char *)(((uintptr_t)heap + 0xFFFF) & ~(uintptr_t)0xFFFF);
  printf("unaligned=%d size0=%d text=%d stack=%d ok=%d\n", zvm_unjail(page + 32, 0x10000), zvm_unjail(page, 0),
         zvm_unjail((void *)0x20000, 0x10000), zvm_unjail((void *)(uintptr_t)0xFF000000u, 0x10000),
         zvm_unjail(page, 0x10000));
  return 0;
}
