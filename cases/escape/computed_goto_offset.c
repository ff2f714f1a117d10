/* A computed goto to a label's address plus 1: the sandbox masks it back to the bundle start. */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
  volatile uintptr_t target = (uintptr_t)&&landing + 1;
  int n = 0;
  goto *(void *)target;
  n = 100;
landing:
  n += 1;
  printf("n=%d\n", n);
  return 0;
}
