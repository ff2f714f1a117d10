#include <zvm.h>

int main(void)
{
  zvm_trap((volatile uint64_t *)0);
  return 0;
}
