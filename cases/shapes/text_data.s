/*
 * A nexe with text and data: it rewrites the first byte of its data and writes the data
 * out, then reports its heap (from the user manifest) and whether the pwrite trap accepts
 * a heap buffer.  Cases drop its rodata segment.
 */
	.bundle_align_mode 5

	/* the trap: args[0..5] well below rsp (the call uses the bytes just under it) */
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

	/* pwrite(1, the user manifest, 8): heap_ptr and heap_size; then store "H" at heap_ptr
	   (the heap is mapped RW) and pwrite(1, heap_ptr, 1), followed by its int32 result */
	.macro HEAP_PROBE
	.bundle_lock
	mov	$0xfefffffc, %eax
	mov	(%r15,%rax), %ebx
	.bundle_unlock
	TRAP	0x74697257, $1, %rbx, $8
	.bundle_lock
	mov	%ebx, %eax
	mov	(%r15,%rax), %ebx		/* heap_ptr */
	.bundle_unlock
	.bundle_lock
	mov	%ebx, %eax
	movb	$0x48, (%r15,%rax)
	.bundle_unlock
	TRAP	0x74697257, $1, %rbx, $1
	mov	%eax, -0x300(%rsp)
	lea	-0x300(%rsp), %eax
	TRAP	0x74697257, $1, %rax, $4
	.endm

	.text
	.globl _start
	.p2align 5
_start:
	.bundle_lock
	mov	$value, %eax
	movb	$0x44, (%r15,%rax)		/* "data" -> "Data" */
	.bundle_unlock
	TRAP	0x74697257, $1, $value, $5	/* pwrite(1, "Data\n", 5) */
	HEAP_PROBE
	TRAP	0x74697845, $0, $0, $0		/* exit(0) */
	hlt

	.section .rodata
	.long 0
	.data
value:
	.ascii "data\n"
