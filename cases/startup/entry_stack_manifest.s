/*
 * What a nexe finds around its stack and in its system data at entry, written to stdout:
 * the 56 bytes at rsp, then everything from the lowest channel alias string up to the
 * stack at 0xFF000000: the aliases, the user manifest, the channel records and, last, the
 * pointer to the user manifest at 0xFEFFFFFC.  Raw validator-legal code: memory access
 * through rsp or r15 plus a register the previous instruction set, the trap at 0x10000.
 */
	.bundle_align_mode 5

	/* args[0..5] on the stack (well below rsp: the trap's call uses the bytes just under it) */
	.macro TRAP code, a2, a3, a4
	movq	$\code, -0x200(%rsp)
	movq	$0, -0x1f8(%rsp)
	movq	\a2, -0x1f0(%rsp)
	movq	\a3, -0x1e8(%rsp)
	movq	\a4, -0x1e0(%rsp)
	movq	$0, -0x1d8(%rsp)
	lea	-0x200(%rsp), %edi
	.p2align 5
	.skip 27, 0x90		/* the call ends on a bundle boundary: the trap returns to it */
	call	0x10000
	.endm

	.text
	.globl _start
	.p2align 5
_start:
	mov	%esp, %eax
	TRAP	0x74697257, $1, %rax, $56		/* pwrite(1, rsp, 56, 0) */
	/* each load is one bundle-locked pair: the index set by the instruction just before */
	.bundle_lock
	mov	$0xfefffffc, %eax
	mov	(%r15,%rax), %ebx			/* the user manifest */
	.bundle_unlock
	.bundle_lock
	lea	12(%rbx), %eax
	mov	(%r15,%rax), %ecx			/* channels_count */
	.bundle_unlock
	.bundle_lock
	lea	16(%rbx), %eax
	mov	(%r15,%rax), %edx			/* channels */
	.bundle_unlock
	imul	$48, %ecx, %ecx
	.bundle_lock
	lea	-4(%rdx,%rcx), %eax			/* the last record's name: the lowest alias */
	mov	(%r15,%rax), %eax
	.bundle_unlock
	mov	$0xff000000, %edx
	sub	%eax, %edx
	TRAP	0x74697257, $1, %rax, %rdx		/* pwrite(1, lowest alias, up to the stack, 0) */
	TRAP	0x74697845, $0, $0, $0			/* exit(0) */
	hlt

	.section .rodata
	.long 0
	.data
	.long 0
