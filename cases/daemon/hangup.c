/* A child whose client hung up before reading the report: it dies writing the report
 * (SIGPIPE); the daemon is not affected and serves the next request, whose child still
 * starts from the fork snapshot. */
#include <stdio.h>
#include <zvm.h>

static int served;

int main(void)
{
  char in[16] = {0};
  zvm_fork();
  served++;
  zvm_pread(ZVM_STDIN, in, sizeof in - 1, 0);
  printf("%s: served %d\n", in, served);
  return served;
}
