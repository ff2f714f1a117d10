/* int $0x80: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	int $0x80
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
