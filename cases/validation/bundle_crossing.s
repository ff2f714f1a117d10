/* A 5-byte instruction that starts 2 bytes before a bundle boundary. */
	.text
	.globl _start
	.p2align 5
_start:
	.fill 30, 1, 0x90
	movl $1, %eax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
