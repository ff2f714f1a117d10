/* an indirect call through memory: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	call *8(%rsp)
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
