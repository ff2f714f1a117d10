/* Children of request manifests written by hand: the child says it came back from zvm_fork. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int r = zvm_fork();
  printf("fork %d\n", r);
  return 9;
}
