# A write trap whose call does not end on a bundle boundary: zerovm returns to the
# start of the bundle, so the call runs again (and again): "A" until the puts quota
# is used up, then -EDQUOT for ever, until the session times out.
        .text
        .globl _start
        .p2align 5
_start:
        pushq $0                 # args[5] offset
        pushq $1                 # args[4] size
        movl $msg, %eax
        pushq %rax               # args[3] buffer
        pushq $1                 # args[2] desc: stdout
        pushq $0                 # args[1]
        pushq $0x74697257        # args[0] "Writ"
        .p2align 5
again:
        movl %esp, %edi
        call 0x10000             # ends at byte 7 of the bundle
        nop
        jmp again

        .section .rodata
msg:    .ascii "A"
