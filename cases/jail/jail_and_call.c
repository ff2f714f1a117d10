/* Write a sandboxed function into the heap, jail it, call it, unjail it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

/* mov $42,%eax; pop %r11; and $-32,%r11d; add %r15,%r11; jmp *%r11; then hlt */
static const unsigned char code[] = {0xb8, 0x2a, 0x00, 0x00, 0x00, 0x41, 0x5b, 0x41, 0x83, 0xe3, 0xe0,
                                     0x4d, 0x01, 0xfb, 0x41, 0xff, 0xe3};

int main(void)
{
  char *heap = malloc(4 << 16);
  char *page = (char *)(((uintptr_t)heap + 0xFFFF) & ~(uintptr_t)0xFFFF);
  memset(page, 0xf4, 0x10000);
  memcpy(page, code, sizeof code);
  int j = zvm_jail(page, 0x10000);
  int (*fn)(void) = (int (*)(void))page;
  int r = j == 0 ? fn() : -1000;
  int u = zvm_unjail(page, 0x10000);
  page[0] = 0x90;
  printf("jail=%d call=%d unjail=%d\n", j, r, u);
  return 0;
}
