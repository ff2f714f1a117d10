/* A sequential read position survives zvm_fork too: the original session read 3 bytes of
 * its stdin, so a child reading its own new stdin file starts at offset 3. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char before[8] = {0}, after[8] = {0};
  int a = zvm_pread(ZVM_STDIN, before, 3, 0);
  int r = zvm_fork();
  int b = zvm_pread(ZVM_STDIN, after, 3, 0);
  printf("fork %d: read %d '%s' before, %d '%s' after\n", r, a, before, b, after);
  return 0;
}
