#include <zvm.h>

int main(void)
{
  zvm_exit(42);
}
