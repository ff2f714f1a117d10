/* Allocate until malloc says no: the heap ends where the manifest's Memory says. */
#include <stdio.h>
#include <stdlib.h>
#include <zvm.h>

int main(void)
{
  unsigned long total = 0;
  while (malloc(1 << 20) != NULL) total += 1 << 20;
  const struct zvm_manifest *m = zvm_manifest();
  printf("exhausted within the heap: %d\n", total > 0 && total <= m->heap_size);
  return 0;
}
