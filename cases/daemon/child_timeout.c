/* A child that spins is stopped by its own request's Timeout (the daemon itself has none):
 * "session timeout"; the next child runs normally. */
#include <stdio.h>
#include <string.h>
#include <zvm.h>

int main(void)
{
  char in[16] = {0};
  zvm_fork();
  zvm_pread(ZVM_STDIN, in, sizeof in - 1, 0);
  if (strcmp(in, "spin") == 0) {
    printf("spinning\n");
    fflush(stdout);
    for (volatile int i = 0;; i++) {}
  }
  printf("no spin\n");
  return 4;
}
