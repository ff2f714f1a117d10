/* The text segment's p_filesz is patched to 16, cutting lea 8(%r13),%r11d after its ModRM byte:
   zerovm fills the rest of the 64 KiB page with HLTs (sel.c FillEndOfTextRegion) and validates
   them too, so the lea decodes with an HLT (0xf4) as its displacement.  The jump goes
   past the 16 HLTs the validator keeps after the last non-HLT byte (halt_trim.c), so outside the judged text. */
	.text
	.globl _start
	.p2align 5
_start:
	jmp _start+0x30
	.fill 11, 1, 0x90
	lea 8(%r13), %r11d
	hlt
	.section .rodata
	.long 0
	.data
	.long 0
