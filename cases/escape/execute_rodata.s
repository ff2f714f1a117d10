/* Jump to rodata (an aligned address outside the text): it validates but is not executable. */
	.text
	.globl _start
	.p2align 5
_start:
	jmp 0x30000
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
