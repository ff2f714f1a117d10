/* A store just past the heap's end lands in the unmapped hole below the stack. */
#include <zvm.h>

int main(void)
{
  const struct zvm_manifest *m = zvm_manifest();
  volatile char *end = (volatile char *)(uintptr_t)(m->heap_ptr + m->heap_size);
  end[0x10000] = 1;
  return 0;
}
