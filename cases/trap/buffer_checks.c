/* pread/pwrite check the buffer before anything else but the descriptor (ZEROVM.md section 4). */
#include <stdio.h>
#include <zvm.h>

static const char rodata[16] = "read-only";

int main(void)
{
  char buf[8];
  printf("null=%d low=%d rodata=%d manifest=%d huge=%d\n",
         zvm_pread(ZVM_STDIN, (void *)0, 1, 0),
         zvm_pread(ZVM_STDIN, (void *)0xFFFF, 1, 0),
         zvm_pread(ZVM_STDIN, (void *)rodata, 1, 0),
         zvm_pread(ZVM_STDIN, (void *)(uintptr_t)0xFEFFFFFC, 4, 0),
         zvm_pread(ZVM_STDIN, buf, 0x7FFFFFFF, 0));
  printf("from-text=%d from-trampoline=%d from-manifest=%d\n",
         zvm_pwrite(ZVM_STDERR, (const void *)0x20000, 1, 0),
         zvm_pwrite(ZVM_STDERR, (const void *)0x10000, 1, 0),
         zvm_pwrite(ZVM_STDERR, (const void *)(uintptr_t)0xFEFFFFFC, 1, 0));
  return 0;
}
