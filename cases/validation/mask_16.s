/* a mask of -16 instead of -32: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	movl $0x20000, %eax
	andl $-16, %eax
	addq %r15, %rax
	jmp *%rax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
