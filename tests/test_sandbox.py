"""The sandboxing pass, rule by rule, on small pieces of gcc-style assembly."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.toolchain.sandbox import SandboxError, _nops, sandbox

needs_as = pytest.mark.skipif(shutil.which("as") is None, reason="GNU as (binutils) is not installed")


def body(asm: str) -> list[str]:
    """The instructions and locks the pass emitted (directives other than bundle locks dropped)."""
    kept = (".bundle_lock", ".bundle_unlock", ".p2align 5")
    lines = [line.strip() for line in sandbox(f"\t.text\n{asm}\n").splitlines()]
    return [line for line in lines
            if line and (line.endswith(":") or not line.startswith(".") or line.startswith(kept))]


def test_ret_becomes_pop_and_masked_jump() -> None:
    assert body("\tret") == ["popq %r11", ".bundle_lock", "andl $-32, %r11d", "addq %r15, %r11", "jmp *%r11",
                             ".bundle_unlock"]


def test_unsafe_memory_operand_goes_through_r11_in_one_bundle() -> None:
    assert body("\tmovl 8(%rax,%rbx,4), %ecx") == [
        ".bundle_lock", "leal 8(%rax,%rbx,4), %r11d", "movl (%r15,%r11), %ecx", ".bundle_unlock"]


def test_addr32_registers_are_widened_in_the_lea() -> None:
    # gcc's x32 output uses (%esi,%edi); the 67 prefix is forbidden, and the low 32 bits agree.
    assert body("\taddl (%esi,%edi), %eax")[1] == "leal (%rsi,%rdi), %r11d"


def test_stack_and_rip_operands_stay() -> None:
    assert body("\tmovl -8(%rbp), %eax\n\tmovl 4(%rsp), %eax\n\tmovl x(%rip), %eax") == [
        "movl -8(%rbp), %eax", "movl 4(%rsp), %eax", "movl x(%rip), %eax"]


def test_stack_operand_with_index_is_sandboxed() -> None:
    assert body("\tmovl -32(%rbp,%rax,4), %eax")[1] == "leal -32(%rbp,%rax,4), %r11d"


def test_absolute_address_is_loaded_with_mov() -> None:
    assert body("\tmovl 0xFEFFFFFC, %eax")[1:3] == ["movl $0xFEFFFFFC, %r11d", "movl (%r15,%r11), %eax"]


def test_pointer_taken_from_frame_is_32_bits() -> None:
    assert body("\tleaq -160(%rbp), %rbx") == ["leal -160(%rbp), %ebx"]
    assert body("\tleaq 3(%rsp), %r8") == ["leal 3(%rsp), %r8d"]
    assert body("\tleaq sym(%rip), %rax") == ["leal sym(%rip), %eax"]
    assert body("\tmovq %rsp, %rax") == ["movl %esp, %eax"]


def test_integer_lea_stays_64_bit() -> None:
    assert body("\tleaq (%rax,%rax,2), %rdx") == ["leaq (%rax,%rax,2), %rdx"]


def test_rsp_arithmetic_is_32_bit_then_rebased() -> None:
    assert body("\tsubq $152, %rsp") == [".bundle_lock", "subl $152, %esp", "addq %r15, %rsp", ".bundle_unlock"]
    assert body("\tsubq %rax, %rsp")[1] == "subl %eax, %esp"
    assert body("\tleaq -8(%rbp), %rsp\n\tret")[:4] == [".bundle_lock", "leal -8(%rbp), %esp", "addq %r15, %rsp",
                                                       ".bundle_unlock"]


def test_allowed_rsp_and_rbp_writes_are_kept() -> None:
    assert body("\tmovq %rbp, %rsp\n\tmovq %rsp, %rbp\n\tandq $-16, %rsp\n\tpushq %rbp") == [
        "movq %rbp, %rsp", "movq %rsp, %rbp", "andq $-16, %rsp", "pushq %rbp"]


def test_large_rsp_mask_is_rebased() -> None:
    assert body("\tandq $-256, %rsp")[1:3] == ["andl $-256, %esp", "addq %r15, %rsp"]


def test_pop_rbp_and_leave_restore_a_sandboxed_rbp() -> None:
    rebased = ["popq %r11", ".bundle_lock", "movl %r11d, %ebp", "addq %r15, %rbp", ".bundle_unlock"]
    assert body("\tpopq %rbp\n\tret")[:5] == rebased
    assert body("\tleave\n\tret")[:6] == ["movq %rbp, %rsp", *rebased]


@pytest.mark.parametrize("after", ["\tsbbl %eax, %eax", "\tjb .L3", "\tsetne %al", "\tcmovel %ecx, %eax",
                                   ".L7:\n\t.loc 1 5 3\n\tadcl $0, %eax", "\tjmp .L4", "\tmovl %eax, %ecx"])
def test_a_rebase_keeps_the_flags_the_code_after_it_reads(after: str) -> None:
    """gcc does not expect a leave, pop or mov to touch the flags: where they are read next, the
    rebase is the validator's lea form (fputs returned -1 for 1 when it was an add)."""
    keeps = ["popq %r11", ".bundle_lock", "movl %r11d, %ebp", "leaq (%rbp,%r15,1), %rbp", ".bundle_unlock"]
    assert body(f"\tcmpl $1, %eax\n\tleave\n{after}")[1:7] == ["movq %rbp, %rsp", *keeps]
    assert body(f"\tmovq %rax, %rsp\n{after}")[:4] == [".bundle_lock", "movl %eax, %esp",
                                                         "leaq (%rsp,%r15,1), %rsp", ".bundle_unlock"]


@pytest.mark.parametrize("after", ["\tret", "\tcall foo", "\tjmp foo", "\ttestl %eax, %eax\n\tjne .L2",
                                   "\txorl %eax, %eax\n\tsbbl %eax, %eax"])
def test_a_rebase_is_an_add_where_no_flags_are_read(after: str) -> None:
    assert body(f"\tpopq %rbp\n{after}")[3] == "addq %r15, %rbp"


def test_rsp_arithmetic_keeps_its_add_rebase() -> None:
    """gcc knows its own arithmetic on rsp sets the flags: no byte is spent there."""
    assert body("\tsubq $16, %rsp\n\tjb .L1")[2] == "addq %r15, %rsp"


def test_direct_call_fills_a_whole_bundle() -> None:
    out = body("\tcall foo")
    assert out[0] == ".bundle_lock" and out[-2:] == ["call foo", ".bundle_unlock"]


def test_indirect_call_is_masked_through_r11() -> None:
    out = body("\tcall *%rax")
    assert out[0] == "movl %eax, %r11d"
    assert out[-4:] == ["andl $-32, %r11d", "addq %r15, %r11", "call *%r11", ".bundle_unlock"]


def test_indirect_jump_through_memory_loads_a_32_bit_pointer() -> None:
    assert body("\tjmp *.L4(,%rax,4)") == [
        ".bundle_lock", "leal .L4(,%rax,4), %r11d", "movl (%r15,%r11), %r11d", ".bundle_unlock",
        ".bundle_lock", "andl $-32, %r11d", "addq %r15, %r11", "jmp *%r11", ".bundle_unlock"]


def test_string_instruction_gets_rdi_rsi_sequence() -> None:
    assert body("\trep movsq") == [
        ".bundle_lock", "movl %esi, %esi", "leaq (%r15,%rsi), %rsi", "movl %edi, %edi", "leaq (%r15,%rdi), %rdi",
        "rep movsq", ".bundle_unlock", "movl %esi, %esi", "movl %edi, %edi"]
    assert body("\trep stosl")[1:4] == ["movl %edi, %edi", "leaq (%r15,%rdi), %rdi", "rep stosl"]


def test_function_entries_and_address_taken_labels_are_aligned() -> None:
    asm = """\t.type f, @function
f:
\tmovl $.L3, %eax
\tjmp .L4
.L3:
\tnop
.L4:
\tnop
\t.section .rodata
\t.long .L5
\t.text
.L5:
\tnop
"""
    out = body(asm)
    aligned = {out[i + 1] for i, line in enumerate(out) if line == ".p2align 5"}
    assert aligned == {"f:", ".L3:", ".L5:"}  # .L4 is only a direct branch target


def test_debug_references_do_not_align_labels() -> None:
    out = body(".Ltext0:\n\tnop\n\t.section .debug_info\n\t.quad .Ltext0\n\t.text")
    assert ".p2align 5" not in out


@pytest.mark.parametrize(("asm", "message"), [
    ("\tmovl %fs:x@tpoff, %eax", "thread-local storage"),
    ("\tsyscall", "system call"),
    ("\tint $0x80", "software interrupt"),
    ("\trdtsc", "rdtsc"),
    ("\tvaddps %ymm0, %ymm1, %ymm2", "AVX"),
    ("\tmovl %es:(%rdi), %eax", "segment override"),
    ("\tmovq %rax, %r15", "%r15"),
    ("\tpushfq", "pushf"),
])
def test_what_cannot_be_sandboxed_is_an_error(asm: str, message: str) -> None:
    with pytest.raises(SandboxError, match=re.escape(message)):
        sandbox(f"\t.text\n{asm}\n")


def test_errors_name_the_c_source_line() -> None:
    asm = '\t.file 1 "prog.c"\n\t.text\n\t.loc 1 42 7\n\trdtsc\n'
    with pytest.raises(SandboxError) as info:
        sandbox(asm, default_file="prog.c")
    assert info.value.location == "prog.c:42"
    assert str(info.value).startswith("prog.c:42: error:")


def test_inline_asm_errors_name_the_asm_statement() -> None:
    asm = '\t.text\n#APP\n# 17 "trap.c" 1\n\tmovq $1, %r15\n# 0 "" 2\n#NO_APP\n'
    with pytest.raises(SandboxError) as info:
        sandbox(asm)
    assert info.value.location == "trap.c:17"


def test_inline_asm_may_not_use_the_scratch_register_for_addresses() -> None:
    with pytest.raises(SandboxError, match="reserves"):
        sandbox('\t.text\n#APP\n# 3 "x.c" 1\n\tmovl (%r11), %eax\n#NO_APP\n')


def test_data_sections_are_left_alone() -> None:
    out = sandbox('\t.section .rodata\nmsg:\n\t.string "a#b;c"\n\t.long 5\n')
    assert '.string "a#b;c"' in out


@needs_as
@pytest.mark.parametrize("size", range(1, 32))
def test_padding_nops_have_exactly_the_requested_size(tmp_path: Path, size: int) -> None:
    # GNU as drops zero displacements unless told not to; a short nop misaligns a call.
    src = tmp_path / "n.s"
    src.write_text("\t.text\n" + "".join(f"\t{line}\n" for line in _nops(size)))
    obj = tmp_path / "n.o"
    subprocess.run(["as", "--64", "-o", str(obj), str(src)], check=True)
    out = subprocess.run(["size", "-A", str(obj)], capture_output=True, text=True, check=True).stdout
    text_size = int(next(line.split()[1] for line in out.splitlines() if line.startswith(".text")))
    assert text_size == size


def test_fputs_returns_what_it_should_on_the_reference_target(tmp_path: Path) -> None:
    """The bug the flag-keeping rebase fixed, end to end: gcc compiled `? EOF : 1` as cmp; leave; sbb."""
    from harness.targets import Session
    from harness.targets.ref import RefTarget
    from harness.toolchain import build

    src = tmp_path / "fputs.c"
    src.write_text('#include <stdio.h>\nint main(void) { int r = fputs("hi\\n", stdout); '
                   'printf("fputs=%d\\n", r); return 0; }\n')
    build([src], tmp_path / "fputs.nexe", opt="-O2", toolchain="builtin")
    result = RefTarget().run(Session(tmp_path / "fputs.nexe"))
    assert result.exit_code == 0 and result.outputs["/dev/stdout"] == b"hi\nfputs=1\n"


@pytest.mark.parametrize("opt", ["-O0", "-O2", "-Os"])
def test_bit_test_code_validates_and_runs(tmp_path: Path, opt: str) -> None:
    """gcc writes bt/bts (illegal in a nexe) for sparse switches and `x | (1u << n)` unless told not to."""
    from harness.scan import scan_path
    from harness.targets import Session
    from harness.targets.ref import RefTarget
    from harness.toolchain import build

    src = tmp_path / "bits.c"
    src.write_text("#include <stdio.h>\n"
                   "unsigned set(unsigned x, int n) { return x | (1u << n); }\n"
                   "int test(unsigned x, int n) { return (x >> n) & 1; }\n"
                   "int sparse(int c) { switch (c) { case 1: case 5: case 9: case 17: case 33: case 40: return 1; "
                   "default: return 0; } }\n"
                   "int main(int argc, char **argv) { (void)argv; printf(\"%u %d %d %d\\n\", set(1, argc + 2), "
                   "test(10, argc), sparse(argc + 4), sparse(argc + 5)); return 0; }\n")
    nexe = tmp_path / "bits.nexe"
    build([src], nexe, opt=opt, toolchain="builtin")
    report = scan_path(nexe)
    assert report.valid, [f.message for f in report.findings]
    result = RefTarget().run(Session(nexe))
    assert result.outputs["/dev/stdout"] == b"9 1 1 0\n"
