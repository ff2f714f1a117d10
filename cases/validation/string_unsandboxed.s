/* rep movsb without the rdi/rsi sequence: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	rep movsb
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
