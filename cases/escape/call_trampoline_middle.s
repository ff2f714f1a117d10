/* a call into the middle of a trampoline slot: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	call 0x10001
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
