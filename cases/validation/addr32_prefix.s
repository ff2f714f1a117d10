/* the 67 (address-size) prefix: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl (%eax), %ebx
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
