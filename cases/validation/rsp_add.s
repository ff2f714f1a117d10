/* add $8,%rsp (rsp must be rebased on r15): the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	addq $8, %rsp
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
