/* a store through a plain register: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl %ebx, 8(%rdi)
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
