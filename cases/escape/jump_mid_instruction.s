/* a direct jump into the middle of an instruction (an overlapping-instruction escape): the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	jmp 1f+1
1:	movl $0x90050f90, %eax
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
