/* port input: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	inb $0x60, %al
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
