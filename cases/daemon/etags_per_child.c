/* Before zvm_fork the original session writes "abc" to /dev/out and "123" to /dev/log;
 * each child writes its stdin to /dev/log.  Which digests does each report list? */
#include <zvm.h>

int main(void)
{
  char in[8];
  int out = zvm_find_channel("/dev/out"), log = zvm_find_channel("/dev/log");
  zvm_pwrite(out, "abc", 3, 0);
  zvm_pwrite(log, "123", 3, 0);
  zvm_fork();
  int n = zvm_pread(ZVM_STDIN, in, 3, 0);
  zvm_pwrite(log, in, n, 0);
  return n;
}
