/* an r15-based access whose index was not just written as 32 bits: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl %edi, %edi
	nop
	movl (%r15,%rdi,1), %eax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
