/* a write to a segment register: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movw %ax, %ds
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
