#include <zvm.h>

/* Write through two output channels, then fault (ud2): zerovm still closes the channels. */
int main(void)
{
  zvm_pwrite(zvm_find_channel("/dev/out"), "abc", 3, 0);
  zvm_pwrite(zvm_find_channel("/dev/rnd"), "xy", 2, 5);
  __builtin_trap();
  return 0;
}
