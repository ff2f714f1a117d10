/* A child's request manifest names no Job, so a second zvm_fork in the child does nothing
 * and returns 0: the child goes on and ends normally. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int first = zvm_fork();
  int second = zvm_fork();
  printf("first %d, second %d\n", first, second);
  return 5;
}
