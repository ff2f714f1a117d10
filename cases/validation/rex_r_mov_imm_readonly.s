/*
 * MOV m, imm (C7 /0) with REX.R into read-only data: the store faults at the instruction
 * (SIGSEGV), like the same store without REX.R.  The instruction is bytes (see rex_r_mov_imm.s).
 */
	.bundle_align_mode 5
	.text
	.globl _start
	.p2align 5
_start:
	/* movl $1, datum(%rip): REX.R, at 0x20000 */
	.bundle_lock
	.byte	0x44, 0xc7, 0x05
	.long	datum - . - 8
	.long	1
	.bundle_unlock
	hlt

	.section .rodata
datum:
	.long 0
	.data
	.long 0
