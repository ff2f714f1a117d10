/* an AVX (VEX-encoded) instruction: the validator must reject it. */
	.text
	.globl _start
	.p2align 5
_start:
	vaddps %ymm0, %ymm1, %ymm2
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
