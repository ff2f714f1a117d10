#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int w = zvm_pwrite(ZVM_STDIN, "x", 1, 0);
  char c;
  int r = zvm_pread(ZVM_STDOUT, &c, 1, 0);
  printf("write-to-stdin=%d read-from-stdout=%d\n", w, r);
  return 0;
}
