/* Each report counts only its own session's I/O: the original session's report what it did
 * before zvm_fork, each child's report what the child did after it (zerovm resets the
 * counters for a child, while its quotas stay cumulative). */
#include <zvm.h>

int main(void)
{
  char in[8];
  int out = zvm_find_channel("/dev/out");
  zvm_pread(ZVM_STDIN, in, 4, 0);
  zvm_pwrite(out, "12345", 5, 0);
  zvm_pwrite(out, "678", 3, 0);
  zvm_fork();
  int n = zvm_pread(ZVM_STDIN, in, 2, 0);
  zvm_pwrite(out, in, n, 0);
  return n;
}
