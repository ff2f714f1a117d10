/* a %gs segment override: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl %gs:8, %eax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
