/*
 * setjmp.c - setjmp and longjmp, as top-level assembly so that the sandboxing
 * pass rewrites it like compiled code: the stores through %rdi are sandboxed,
 * the writes to %rbp and %rsp become 32-bit moves rebased on %r15, `ret` and
 * the final `jmp *%rdx` become masked jumps.  The saved return address follows
 * a call, and the pass ends every call on a bundle boundary, so the masked jump
 * lands exactly there.
 *
 * jmp_buf: [0] rbx, [1] rbp, [2] r12, [3] r13, [4] r14, [5] rsp after the
 * return, [6] return address.
 */

__asm__(
  ".text\n"
  ".globl setjmp\n"
  ".type setjmp, @function\n"
  ".globl _setjmp\n"
  ".type _setjmp, @function\n"
  "setjmp:\n"
  "_setjmp:\n"
  "  movq %rbx, 0(%rdi)\n"
  "  movq %rbp, 8(%rdi)\n"
  "  movq %r12, 16(%rdi)\n"
  "  movq %r13, 24(%rdi)\n"
  "  movq %r14, 32(%rdi)\n"
  "  leal 8(%rsp), %edx\n"
  "  movq %rdx, 40(%rdi)\n"
  "  movq (%rsp), %rdx\n"
  "  movq %rdx, 48(%rdi)\n"
  "  xorl %eax, %eax\n"
  "  ret\n"
  ".size setjmp, .-setjmp\n"
  ".size _setjmp, .-_setjmp\n"
  ".globl longjmp\n"
  ".type longjmp, @function\n"
  ".globl _longjmp\n"
  ".type _longjmp, @function\n"
  "longjmp:\n"
  "_longjmp:\n"
  "  movl %esi, %eax\n"
  "  testl %eax, %eax\n"
  "  jne 1f\n"
  "  movl $1, %eax\n"
  "1:\n"
  "  movq 0(%rdi), %rbx\n"
  "  movq 8(%rdi), %rbp\n"
  "  movq 16(%rdi), %r12\n"
  "  movq 24(%rdi), %r13\n"
  "  movq 32(%rdi), %r14\n"
  "  movq 48(%rdi), %rdx\n"
  "  movq 40(%rdi), %rsp\n"
  "  jmp *%rdx\n"
  ".size longjmp, .-longjmp\n"
  ".size _longjmp, .-_longjmp\n"
);
