/* A call to trampoline slot 1 (0x10020) instead of slot 0: zerovm exits 22. */
int main(void)
{
  __asm__ volatile("call 0x10020" ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "memory");
  return 0;
}
