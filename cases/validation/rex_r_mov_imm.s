/*
 * MOV r/m, imm (C6 /0, C7 /0) with REX.R set: the CPU ignores REX.R there (the ModRM reg field
 * is an opcode extension, not a register) and the validator accepts it.  Each operand form the
 * validator allows: registers of each size, stores through rsp, rbp, r15 + index and rip.
 * stdout: 11 little-endian quadwords -- rax, rbx, r11, rdx, rsi after the register forms (each
 * all ones before, but rdx), then what the stores left in quadwords that held all ones.
 * The assembler sets no REX.R of its own accord: the instructions are bytes, each kept inside a
 * bundle.
 */
	.bundle_align_mode 5
	.text
	.globl _start
	.p2align 5
_start:
	mov	$-1, %rax
	mov	$-1, %rbx
	mov	$-1, %r11
	mov	$-1, %rsi
	movq	$-1, -0x100(%rsp)
	movq	$-1, -0xf8(%rsp)
	movq	$-1, -0xf0(%rsp)
	movq	$-1, -0xe8(%rsp)
	movq	$-1, -0xe0(%rsp)
	/* mov $0x5a, %al: REX.R */
	.bundle_lock
	.byte	0x44, 0xc6, 0xc0, 0x5a
	.bundle_unlock
	/* mov $0x1234, %bx: 66, REX.R */
	.bundle_lock
	.byte	0x66, 0x44, 0xc7, 0xc3, 0x34, 0x12
	.bundle_unlock
	/* mov $0x21f80, %r11d: REX.RB, the instruction of fuzz finding nexe:219700519564511 */
	.bundle_lock
	.byte	0x45, 0xc7, 0xc3, 0x80, 0x1f, 0x02, 0x00
	.bundle_unlock
	/* mov $-16, %rdx: REX.WR, the imm32 sign-extended */
	.bundle_lock
	.byte	0x4c, 0xc7, 0xc2, 0xf0, 0xff, 0xff, 0xff
	.bundle_unlock
	/* mov $0x7f, %sil: with a REX prefix byte register 6 is sil, not dh */
	.bundle_lock
	.byte	0x44, 0xc6, 0xc6, 0x7f
	.bundle_unlock
	/* movl $0x12345678, -0x100(%rsp) */
	.bundle_lock
	.byte	0x44, 0xc7, 0x84, 0x24, 0x00, 0xff, 0xff, 0xff, 0x78, 0x56, 0x34, 0x12
	.bundle_unlock
	/* movb $0xab, -0xf8(%rsp) */
	.bundle_lock
	.byte	0x44, 0xc6, 0x84, 0x24, 0x08, 0xff, 0xff, 0xff, 0xab
	.bundle_unlock
	/* movq $0x80000000 (sign-extended), -0xf0(%rsp): REX.WR */
	.bundle_lock
	.byte	0x4c, 0xc7, 0x84, 0x24, 0x10, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x80
	.bundle_unlock
	/* movw $0xbeef, -0xe8(%rbp): 66, REX.R (rbp = rsp at the entry point) */
	.bundle_lock
	.byte	0x66, 0x44, 0xc7, 0x85, 0x18, 0xff, 0xff, 0xff, 0xef, 0xbe
	.bundle_unlock
	/* movl $0xcafef00d, (%r15,%rdi) with rdi = -0xe0(%rsp) - r15: REX.RB */
	lea	-0xe0(%rsp), %edi
	.bundle_lock
	mov	%edi, %edi
	.byte	0x45, 0xc7, 0x04, 0x3f, 0x0d, 0xf0, 0xfe, 0xca
	.bundle_unlock
	/* movl $0x600df00d, datum(%rip): REX.R */
	.bundle_lock
	.byte	0x44, 0xc7, 0x05
	.long	datum - . - 8
	.long	0x600df00d
	.bundle_unlock
	mov	datum(%rip), %rcx
	mov	%rcx, -0xd8(%rsp)
	mov	%rax, -0x128(%rsp)
	mov	%rbx, -0x120(%rsp)
	mov	%r11, -0x118(%rsp)
	mov	%rdx, -0x110(%rsp)
	mov	%rsi, -0x108(%rsp)
	/* pwrite(1, esp - 0x128, 88, 0) */
	lea	-0x128(%rsp), %eax
	movq	$0x74697257, -0x200(%rsp)
	movq	$0, -0x1f8(%rsp)
	movq	$1, -0x1f0(%rsp)
	mov	%rax, -0x1e8(%rsp)
	movq	$88, -0x1e0(%rsp)
	movq	$0, -0x1d8(%rsp)
	lea	-0x200(%rsp), %edi
	.p2align 5
	.skip 27, 0x90
	call	0x10000
	/* exit(0) */
	movq	$0x74697845, -0x200(%rsp)
	movq	$0, -0x1f8(%rsp)
	movq	$0, -0x1f0(%rsp)
	lea	-0x200(%rsp), %edi
	.p2align 5
	.skip 27, 0x90
	call	0x10000
	hlt

	.section .rodata
	.long 0
	.data
	.p2align 3
datum:
	.quad -1
