"""The alignment check at the block's start (MachineOptions(sse_check="block"), the reference) decides
exactly what the check on every SSE instruction (sse_check="code") decides: same ending, same
faulting instruction, same outputs, and the same instruction budget used -- a block stopped before
it runs (a predicted misalignment) is counted once, when it runs again.

The programs are assembly written here (the sandboxing pass would rewrite their address arithmetic
into its own pattern), each a family over offsets: misaligned movaps/movapd/mulpd reached through
the register arithmetic the block hook models (alignment.py), through loads it cannot, after an
earlier faulting load in the same block, rsp-relative, and in loops.  The budget sweep finds the
last instruction each program runs and compares both checks at budgets around it: a block counted
wrongly shows as a timeout on one side only.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from unicorn import x86_const as x86

from harness.targets import RunResult, Session
from harness.targets.ref import RefTarget
from harness.targets.ref.alignment import Form, block_forms, distinct
from harness.targets.ref.machine import MachineOptions, _disassemblers
from harness.toolchain import build

CODE = MachineOptions(sse_check="code")
BLOCK = MachineOptions()  # the reference
PYTHON_BLOCK = MachineOptions("python-block")

# A prologue: rbx = buf (64-byte aligned, 32-bit user address), xmm0 = something; and the exit trap
# with the user code in eax (it never returns: nothing after it needs a bundle boundary).
HEAD = """
        .bundle_align_mode 5
        .text
        .globl _start
        .p2align 5
_start:
        movl $buf, %ebx
        pxor %xmm0, %xmm0
        xorl %eax, %eax
"""
TAIL = """
done:
        pushq $0
        pushq $0
        pushq $0
        pushq %rax                 # args[2]: the exit code
        pushq $0
        pushq $0x74697845          # args[0]: "Exit"
        movl %esp, %edi
        call 0x10000
        hlt

        .data
        .p2align 6
buf:    .fill 512, 1, 1
"""


def _lock(*lines: str) -> str:
    """Instructions kept in one bundle (a sandboxed access and the 32-bit write before it)."""
    return "        .bundle_lock\n" + "".join(f"        {line}\n" for line in lines) + "        .bundle_unlock\n"


def _programs() -> dict[str, str]:
    progs: dict[str, str] = {}
    for off in (0, 1, 4, 8, 12, 16, 24, 48):
        # add imm, then the sandboxing mov: the modelled path
        progs[f"add_imm_{off}"] = (
            f"        movl %ebx, %ecx\n        addl ${off}, %ecx\n"
            + _lock("movl %ecx, %ecx", "movaps (%r15,%rcx,1), %xmm1") + "        movl $7, %eax\n")
        # lea with an index and a scale, movapd
        scale = 4 if off % 4 == 0 else 1
        progs[f"lea_{off}"] = (
            f"        movl ${off // scale}, %edx\n"
            + _lock(f"leal (%rbx,%rdx,{scale}), %esi", "movapd (%r15,%rsi,1), %xmm2") + "        movl $8, %eax\n")
        # sub, inc, dec, shl, neg, and $-16: a chain of them
        progs[f"chain_{off}"] = (
            f"        movl ${off}, %edx\n        shll $4, %edx\n        addl ${off}, %edx\n        incl %edx\n"
            f"        decl %edx\n        negl %edx\n        negl %edx\n        subl $4, %edx\n        addl $4, %edx\n"
            f"        subl ${16 * off}, %edx\n"
            "        movl %ebx, %ecx\n        addl %edx, %ecx\n        subl %edx, %ecx\n        addl %edx, %ecx\n"
            + _lock("movl %ecx, %ecx", "mulpd (%r15,%rcx,1), %xmm0") + "        movl $9, %eax\n")
        # a load (unknown register) before an access that does not depend on it, in the same block
        progs[f"load_then_{off}"] = (
            f"        leal {off}(%rbx), %ecx\n"
            + _lock("movl %ebx, %edx", "movl (%r15,%rdx,1), %esi")
            + _lock("movl %ecx, %ecx", "movaps (%r15,%rcx,1), %xmm1") + "        movl %esi, %eax\n")
        # the address itself comes from a load: unknown at the block's start (the code-hook fallback)
        progs[f"loaded_ptr_{off}"] = (
            f"        leal {off}(%rbx), %ecx\n"
            + _lock("movl %ebx, %edx", "movl %ecx, (%r15,%rdx,1)")
            + _lock("movl %ebx, %edx", "movl (%r15,%rdx,1), %esi")
            + _lock("movl %esi, %esi", "movaps (%r15,%rsi,1), %xmm1") + "        movl $10, %eax\n")
        # an earlier faulting load (user address 0x100: the NULL guard) in the same block
        progs[f"fault_first_{off}"] = (
            f"        leal {off}(%rbx), %ecx\n        movl $0x100, %edx\n"
            + _lock("movl %edx, %edx", "movl (%r15,%rdx,1), %esi")
            + _lock("movl %ecx, %ecx", "movaps (%r15,%rcx,1), %xmm1") + "        movl $11, %eax\n")
        # rsp-relative: align the stack, push (rsp - 8), access at an offset
        progs[f"rsp_{off}"] = (
            "        andl $-16, %esp\n        addq %r15, %rsp\n        subl $64, %esp\n        addq %r15, %rsp\n"
            "        movaps %xmm0, (%rsp)\n        movaps %xmm0, 16(%rsp)\n        pushq %rax\n"
            f"        movaps {off + 8}(%rsp), %xmm1\n        pushq %rax\n        movl $12, %eax\n")
        # a loop stepping by 16, then a second loop stepping by `off`: faults at its second iteration
        # when off % 16 != 0, after many blocks
        progs[f"loop_{off}"] = (
            "        movl %ebx, %ecx\n        movl $20, %edi\n1:\n"
            + _lock("movl %ecx, %ecx", "movaps %xmm0, (%r15,%rcx,1)")
            + "        addl $16, %ecx\n        decl %edi\n        jnz 1b\n"
            "        movl %ebx, %ecx\n        movl $8, %edi\n2:\n"
            + _lock("movl %ecx, %ecx", "movapd (%r15,%rcx,1), %xmm1")
            + _lock("leal 32(%rcx), %edx", "movaps %xmm1, (%r15,%rdx,1)")
            + f"        addl ${off}, %ecx\n        decl %edi\n        jnz 2b\n        movl $13, %eax\n")
        # an implicit write capstone does not report: cmpxchg loads eax (the pointer) when it differs
        progs[f"cmpxchg_{off}"] = (
            f"        leal {off}(%rbx), %ecx\n"
            + _lock("movl %ebx, %edx", "movl %ecx, 256(%r15,%rdx,1)")
            + "        movl %ebx, %eax\n        movl $64, %esi\n"
            + _lock("movl %ebx, %edx", "lock cmpxchgl %esi, 256(%r15,%rdx,1)")
            + _lock("movl %eax, %eax", "movaps (%r15,%rax,1), %xmm1") + "        movl $16, %eax\n")
        # constants: xor r,r and mov $imm
        progs[f"xor_const_{off}"] = (
            f"        xorl %ecx, %ecx\n        movl $buf+{off}, %edx\n        addl %ecx, %edx\n"
            + _lock("movl %edx, %edx", "movdqa (%r15,%rdx,1), %xmm3") + "        movl $14, %eax\n")
    # The block hook stops before the block, not in it: the block starts at 1: with ecx = buf + 14;
    # a stop after `incl` had run would rerun the block from ecx = buf + 15 and find it aligned.
    progs["stop_before_block"] = (
        "        leal 14(%rbx), %ecx\n        jmp 1f\n1:\n        incl %ecx\n"
        + _lock("movl %ecx, %ecx", "movaps (%r15,%rcx,1), %xmm1") + "        movl $15, %eax\n")
    return progs


PROGRAMS = _programs()
# the programs the budget sweep runs (each costs a search): every kind, aligned and not
SWEPT = ("stop_before_block", "add_imm_8", "add_imm_16", "load_then_4", "loaded_ptr_8", "loaded_ptr_16",
         "fault_first_8", "rsp_8", "rsp_0", "loop_8", "loop_16", "loop_48", "chain_12", "lea_4")


@pytest.fixture(scope="module")
def nexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("sse-blocks")
    built = {}
    for name, body in PROGRAMS.items():
        source = out / f"{name}.s"
        source.write_text(HEAD + body + "        jmp done\n" + TAIL)
        built[name] = build([source], out / f"{name}.nexe", sandbox=False, runtime=False).output
    return built


def _run(nexe: Path, options: MachineOptions, rate: int = 100_000_000) -> RunResult:
    return RefTarget(rate=rate, machine=options).run(Session(nexe, timeout=1))


def _fields(result: RunResult) -> RunResult:
    return dataclasses.replace(result, wall_s=0.0)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_block_check_is_the_code_check(nexes: dict[str, Path], name: str) -> None:
    code, block = _run(nexes[name], CODE), _run(nexes[name], BLOCK)
    assert code.outcome != "unsupported", code.exit_state
    assert _fields(block) == _fields(code)


def test_the_programs_fault_where_they_should(nexes: dict[str, Path]) -> None:
    """The families are what they claim: misaligned offsets fault, aligned ones exit (else the
    comparison above would compare nothing)."""
    for off in (1, 4, 8, 12, 24):
        for family in ("add_imm", "lea", "chain", "load_then", "loaded_ptr", "rsp", "loop", "xor_const", "cmpxchg"):
            result = _run(nexes[f"{family}_{off}"], BLOCK)
            assert result.exit_state is not None and result.exit_state.startswith("Signal 11"), (family, off)
    for off in (0, 16, 48):
        for family, code in (("add_imm", 7), ("lea", 8), ("chain", 9), ("loaded_ptr", 10), ("rsp", 12),
                             ("loop", 13), ("xor_const", 14), ("cmpxchg", 16)):
            result = _run(nexes[f"{family}_{off}"], BLOCK)
            assert (result.exit_state, result.user_code) == ("ok", code), (family, off)
    # the faulting load comes first, whatever the alignment (offsets 8 and 16: the same code bytes' lengths)
    first = _run(nexes["fault_first_16"], CODE).exit_state
    assert first is not None and first.startswith("Signal 11")
    assert _run(nexes["fault_first_8"], BLOCK).exit_state == first


def _last_budget(nexe: Path) -> int:
    """The smallest budget the program ends with no timeout (the code check)."""
    lo, hi = 1, 1 << 16
    assert _run(nexe, CODE, hi).exit_state != "session timeout"
    while lo < hi:
        mid = (lo + hi) // 2
        if _run(nexe, CODE, mid).exit_state == "session timeout":
            lo = mid + 1
        else:
            hi = mid
    return lo


@pytest.mark.parametrize("name", SWEPT)
def test_budget_is_counted_alike(nexes: dict[str, Path], name: str) -> None:
    last = _last_budget(nexes[name])
    for rate in (last - 2, last - 1, last, last + 1):
        code, block = _run(nexes[name], CODE, rate), _run(nexes[name], BLOCK, rate)
        assert _fields(block) == _fields(code), rate
    assert _run(nexes[name], BLOCK, last - 1).exit_state == "session timeout"


@pytest.mark.parametrize("name", ["add_imm_8", "loaded_ptr_8", "fault_first_8", "rsp_8", "loop_8", "loop_16"])
def test_python_hooks_agree(nexes: dict[str, Path], name: str) -> None:
    assert _fields(_run(nexes[name], PYTHON_BLOCK)) == _fields(_run(nexes[name], CODE))


def test_forms_of_a_block() -> None:
    """What the block hook evaluates: mov ecx,ebx; add ecx,8; [shl edx,4; add ecx,edx;] mov ecx,ecx;
    movaps xmm1,[r15+rcx] -> rbx + 8 (+ 0 * rdx); a load into ecx first -> unknown."""
    md = _disassemblers()[0]
    movaps = bytes.fromhex("89c9" "410f280c0f")
    operand = {0: (x86.UC_X86_REG_R15, x86.UC_X86_REG_RCX, 1, 0, None)}

    def forms(prefix: str) -> list[Form]:
        code = bytes.fromhex(prefix) + movaps
        return block_forms(md, code, 0, {len(code) - 5: operand[0]})

    assert forms("89d9" "83c108") == [Form(7, ((x86.UC_X86_REG_RBX, 1),), 8)]
    assert forms("89d9" "83c108" "c1e204" "01d1") == [Form(12, ((x86.UC_X86_REG_RBX, 1),), 8)]
    assert forms("8b0b" "83c108") == [Form(7, None)]
    push = block_forms(md, bytes.fromhex("55" "0f290424"), 0, {1: (x86.UC_X86_REG_RSP, None, 1, 0, None)})
    assert push == [Form(1, ((x86.UC_X86_REG_RSP, 1),), 8)]
    # two X's on the same register 8 apart cannot both be aligned: the block always runs checked
    assert distinct([Form(1, ((x86.UC_X86_REG_RSP, 1),), 8), Form(2, ((x86.UC_X86_REG_RSP, 1),), 0)]) \
        == [Form(2, None)]
    assert distinct([Form(1, (), 0), Form(2, (), 0)]) == []  # constant and aligned: nothing left to check
    assert distinct([Form(1, (), 0), Form(2, (), 8)]) == [Form(2, (), 8)]
