/* A child reports how many bytes its stdin held; the requests of this case are sent raw. */
#include <zvm.h>

int main(void)
{
  char in[16];
  zvm_fork();
  return 40 + zvm_pread(ZVM_STDIN, in, sizeof in, 0);
}
