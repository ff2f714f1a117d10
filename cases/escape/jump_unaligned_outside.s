/* a direct jump to an unaligned address outside the text: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	jmp 0x30004
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
