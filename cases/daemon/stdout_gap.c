/* A sequential channel's write position survives zvm_fork: the original session wrote
 * 13 bytes to stdout, so a child's first write to its NEW stdout file lands at offset 13,
 * after a hole that reads as NUL bytes. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  zvm_pwrite(ZVM_STDOUT, "parent wrote\n", 13, 0);
  int r = zvm_fork();
  char line[32];
  int n = snprintf(line, sizeof line, "child %d\n", r);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
