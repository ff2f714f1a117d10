/* a %fs segment override: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl %fs:0, %eax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
