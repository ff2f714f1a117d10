/* zvm_fork with a Job: the original session never comes back from the trap (its report
 * says daemon 1 and user code 0, whatever main would return); a child comes back with 0. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int r = zvm_fork();
  printf("zvm_fork returned %d\n", r);
  return 7;
}
