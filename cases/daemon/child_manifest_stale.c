/* A child's user manifest is the original session's: the size of the random-read channel
 * /dev/input is the parent's file's (10), whatever the size of the child's own file; reads
 * are bounded by the child's real file. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int d = zvm_find_channel("/dev/input");
  char a[8] = {0}, b[8] = {0};
  int r = zvm_fork();
  int n = zvm_pread(d, a, 4, 0);
  int m = zvm_pread(d, b, 4, 5);
  printf("fork %d: size %lld, read %d '%s' at 0, %d '%s' at 5\n", r, (long long)zvm_channels()[d].size, n, a, m, b);
  return 0;
}
