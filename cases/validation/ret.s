/* a plain ret: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	ret
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
