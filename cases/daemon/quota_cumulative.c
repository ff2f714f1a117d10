/* Quota counters are not reset for a child: the 2 gets and 4 bytes the original session
 * used before zvm_fork count against every child's quota (3 gets on /dev/input, 5 bytes on
 * /dev/bytes), although each child's report counts only its own I/O. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int in = zvm_find_channel("/dev/input"), by = zvm_find_channel("/dev/bytes");
  char buf[16] = {0}, big[16] = {0};
  zvm_pread(in, buf, 1, 0);
  zvm_pread(in, buf, 1, 1);
  zvm_pread(by, big, 4, 0);
  int r = zvm_fork();
  int a = zvm_pread(in, buf, 1, 0), b = zvm_pread(in, buf + 1, 1, 1), c = zvm_pread(in, buf + 2, 1, 2);
  int d = zvm_pread(by, big, 4, 0), e = zvm_pread(by, big, 4, 0);
  printf("fork %d: /dev/input %d %d %d '%s', /dev/bytes %d %d '%s'\n", r, a, b, c, buf, d, e, big);
  return 0;
}
