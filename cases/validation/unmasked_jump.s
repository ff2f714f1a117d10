/* an indirect jump without the and/add mask: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl $0x20000, %eax
	jmp *%rax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
