/* writing r15, the sandbox base: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movq $0, %r15
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
