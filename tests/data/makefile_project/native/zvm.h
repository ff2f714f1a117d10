/* The native stand-in for <zvm.h>: the test builds this project natively too, with the same Makefile
 * (make CC=gcc CPPFLAGS=-Inative ...), and compares the program's output with the nexe's.  The two
 * trap calls start.c makes become Linux system calls; `_start` gets the 16-byte stack alignment C
 * expects (the kernel enters it with an aligned %rsp, not after a call) and then runs start.c's. */
#ifndef NATIVE_ZVM_H
#define NATIVE_ZVM_H

#define _start zvm_native_start
__asm__(".text\n.globl _start\n_start:\n\txor %ebp, %ebp\n\tand $-16, %rsp\n\tcall zvm_native_start\n\thlt\n");

static inline int zvm_pwrite(int desc, const void *buf, int size, long long offset)
{
  long ret;
  (void)offset;
  __asm__ volatile("syscall" : "=a"(ret) : "0"(1L), "D"((long)desc), "S"(buf), "d"((long)size)
                   : "rcx", "r11", "memory");
  return (int)ret;
}

static inline __attribute__((noreturn)) void zvm_exit(int code)
{
  __asm__ volatile("syscall" : : "a"(231L), "D"((long)code) : "rcx", "r11", "memory");
  __builtin_unreachable();
}

#endif
