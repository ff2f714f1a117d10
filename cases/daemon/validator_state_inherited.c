/* Run with -s (no validation): the original session's report says validator state 2, and
 * so does every child's, whose state is the original session's. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  printf("fork %d\n", zvm_fork());
  return 1;
}
