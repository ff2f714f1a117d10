/*
 * The registers a nexe starts with, written to stdout before anything changes them.
 * 16 quadwords: rax, rbx, rcx - r15, rdx, rsi, rdi, rbp - r15, rsp - r15, r8..r14, r15;
 * then the flags (one byte each: CF PF ZF SF OF, then DF as the step of a stosb),
 * then MXCSR (4 bytes), the x87 control word and status word (2 bytes each).
 * Only validator-legal code: rsp-based stores, the trap at 0x10000 with its call ending
 * on a bundle boundary, the rdi sandboxing sequence before the string instruction.
 */
	.bundle_align_mode 5
	.text
	.globl _start
	.p2align 5
_start:
	/* flags first: nothing below may run before them that changes a flag */
	setc	-0x380(%rsp)
	setp	-0x37f(%rsp)
	setz	-0x37e(%rsp)
	sets	-0x37d(%rsp)
	seto	-0x37c(%rsp)
	movb	$0, -0x37a(%rsp)
	movb	$0, -0x379(%rsp)
	stmxcsr	-0x378(%rsp)
	fnstcw	-0x374(%rsp)
	fnstsw	-0x372(%rsp)
	mov	%rax, -0x400(%rsp)
	mov	%rbx, -0x3f8(%rsp)
	mov	%rdx, -0x3e8(%rsp)
	mov	%rsi, -0x3e0(%rsp)
	mov	%rdi, -0x3d8(%rsp)
	mov	%r8, -0x3c0(%rsp)
	mov	%r9, -0x3b8(%rsp)
	mov	%r10, -0x3b0(%rsp)
	mov	%r11, -0x3a8(%rsp)
	mov	%r12, -0x3a0(%rsp)
	mov	%r13, -0x398(%rsp)
	mov	%r14, -0x390(%rsp)
	mov	%r15, -0x388(%rsp)
	mov	%rcx, %rax
	sub	%r15, %rax
	mov	%rax, -0x3f0(%rsp)
	mov	%rbp, %rax
	sub	%r15, %rax
	mov	%rax, -0x3d0(%rsp)
	mov	%rsp, %rax
	sub	%r15, %rax
	mov	%rax, -0x3c8(%rsp)
	/* DF: where a stosb moves rdi (+1 forward, -1 backward) */
	lea	-0x300(%rsp), %edx
	add	%r15, %rdx
	lea	-0x300(%rsp), %edi
	.bundle_lock
	mov	%edi, %edi
	lea	(%r15,%rdi), %rdi
	stosb
	.bundle_unlock
	sub	%rdx, %rdi
	mov	%dil, -0x37b(%rsp)
	/* pwrite(1, esp - 0x400, 144, 0) */
	lea	-0x400(%rsp), %eax
	movq	$0x74697257, -0x200(%rsp)
	movq	$0, -0x1f8(%rsp)
	movq	$1, -0x1f0(%rsp)
	mov	%rax, -0x1e8(%rsp)
	movq	$144, -0x1e0(%rsp)
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
	.long 0
