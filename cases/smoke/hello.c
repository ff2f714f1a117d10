#include <stdio.h>

int main(void)
{
  printf("hello, zerovm\n");
  return 0;
}
