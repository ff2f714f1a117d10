/* A child that faults gets a "Signal 11" report on its connection; the daemon is not
 * affected and the next child runs normally. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zvm.h>

int main(void)
{
  char in[16] = {0};
  zvm_fork();
  zvm_pread(ZVM_STDIN, in, sizeof in - 1, 0);
  if (strcmp(in, "fault") == 0) {
    volatile int *guard = (volatile int *)(uintptr_t)0x100;  /* the unmapped first 64 KiB */
    *guard = 1;
  }
  printf("no fault\n");
  return 3;
}
