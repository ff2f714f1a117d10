/* Jump to the data segment: it validates but is not executable. */
	.text
	.globl _start
	.p2align 5
_start:
	jmp 0x40000
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
