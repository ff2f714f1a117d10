/* jail/unjail argument checks and a zero-filled page (ZEROVM.md section 4). */
#include <stdio.h>
#include <stdlib.h>
#include <zvm.h>

int main(void)
{
  char *heap = malloc(4 << 16);
  char *page = (char *)(((uintptr_t)heap + 0xFFFF) & ~(uintptr_t)0xFFFF);
  for (int i = 0; i < 0x10000; i++) page[i] = 0;
  printf("zeros=%d unaligned=%d size0=%d text=%d low=%d unjail=%d\n", zvm_jail(page, 0x10000),
         zvm_jail(page + 32, 0x10000), zvm_jail(page, 0), zvm_jail((void *)0x20000, 0x10000),
         zvm_jail((void *)0x30000, 0x10000), zvm_unjail(page, 0x10000));
  return 0;
}
