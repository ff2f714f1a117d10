#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[4];
  int d = zvm_find_channel("/dev/in");
  for (int i = 0; i < 6; i++) printf("%d ", zvm_pread(d, buf, 3, 999));
  printf("\n");
  return 0;
}
