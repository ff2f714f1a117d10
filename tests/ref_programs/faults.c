#include <zvm.h>
#include <stdint.h>
int main(void) {
#if defined(NULL_STORE)
  *(volatile int *)(uintptr_t)0 = 1;
#elif defined(DIV0)
  volatile int z = 0, n = 7; return n / z;
#elif defined(UD2)
  __builtin_trap();
#elif defined(HLT)
  __asm__ volatile("hlt");
#elif defined(SPIN)
  for (;;) __asm__ volatile("");
#elif defined(SLOT1)
  __asm__ volatile("call 0x10020");
#elif defined(LASTSLOT)
  __asm__ volatile("call 0x1ffe0");
#elif defined(EXIT42)
  zvm_exit(42);
#elif defined(EXITNEG)
  zvm_exit(-5);
#endif
  return 3;
}
