"""Tests for harness.validator: one accepted and one rejected variant per rule.

Every byte string is hand-assembled; the assembly is in the comment next to it.
Verdicts were cross-checked against the real validator (valz / libvalidator
built from zerovm/validator a7a1695); see `CASES` for the full list.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.findings import Severity
from harness.validator import ValidationReport, validate_code

BASE = 0x20000
NOP = b"\x90"


def code(hexstr: str, fill: bytes = NOP) -> bytes:
    """Hex (spaces allowed) padded to whole 32-byte bundles."""
    b = bytes.fromhex(hexstr.replace(" ", ""))
    return b + fill * (-len(b) % 32)


def check(hexstr: str, fill: bytes = NOP) -> ValidationReport:
    return validate_code(code(hexstr, fill), BASE)


def rules(r: ValidationReport) -> set[str]:
    return {f.rule for f in r.findings if f.severity is Severity.ERROR}


# (name, hex, accepted?, rule expected when rejected)
CASES: list[tuple[str, str, bool, str | None]] = [
    # --- forbidden instructions -------------------------------------------------------
    ("ret", "c3", False, "ret"),                                  # ret
    ("ret imm", "c20800", False, "ret"),                          # ret $8
    ("syscall", "0f05", False, "syscall"),                        # syscall
    ("sysenter", "0f34", False, "syscall"),                       # sysenter
    ("int 0x80", "cd80", False, "forbidden-instruction"),         # int $0x80
    ("int3", "cc", False, "forbidden-instruction"),               # int3
    ("in", "ec", False, "forbidden-instruction"),                 # in (%dx),%al
    ("out", "ee", False, "forbidden-instruction"),                # out %al,(%dx)
    ("iret", "48cf", False, "forbidden-instruction"),             # iretq
    ("lret", "cb", False, "forbidden-instruction"),               # lret
    ("far jmp", "ff28", False, "forbidden-instruction"),          # ljmp *(%rax)
    ("pushf", "9c", False, "forbidden-instruction"),              # pushfq
    ("popf", "9d", False, "forbidden-instruction"),               # popfq
    ("sahf", "9e", False, "forbidden-instruction"),               # sahf
    ("lahf", "9f", False, "forbidden-instruction"),               # lahf
    ("enter", "c8100000", False, "forbidden-instruction"),        # enter $16,$0
    ("leave", "c9", False, "forbidden-instruction"),              # leave
    ("xlat", "d7", False, "forbidden-instruction"),               # xlat
    ("mov to cr0", "0f22c0", False, "forbidden-instruction"),     # mov %rax,%cr0
    ("mov from dr0", "0f21c0", False, "forbidden-instruction"),   # mov %db0,%rax
    ("rdtsc", "0f31", False, "rdtsc"),                            # rdtsc
    ("rdtscp", "0f01f9", False, "rdtsc"),                         # rdtscp
    ("mov to ds", "8ed8", False, "forbidden-instruction"),        # mov %eax,%ds
    ("bt reg,reg", "0fa3c0", False, "forbidden-instruction"),     # bt %eax,%eax (not in NaCl)
    ("vzeroupper", "c5f877", False, "avx"),                       # vzeroupper (VEX)
    ("vmovaps", "c5f828c1", False, "avx"),                        # vmovaps %xmm1,%xmm0
    ("vaddps ymm", "c5fc58c1", False, "avx"),                     # vaddps %ymm1,%ymm0,%ymm0
    ("hlt", "f4", True, None),                                    # hlt
    ("ud2", "0f0b", True, None),                                  # ud2
    ("cpuid", "0fa2", True, None),                                # cpuid
    ("lfence", "0faee8", True, None),                             # lfence
    ("clflush", "410f ae3f", True, None),                         # clflush (%r15)
    ("sse", "f30f10c1 660fefc0", True, None),                     # movss %xmm1,%xmm0; pxor
    ("x87", "d9c0 d9e8", True, None),                             # fld %st0; fld1
    ("mmx", "0f6fc1", True, None),                                # movq %mm1,%mm0
    ("nop", "90", True, None),                                    # nop
    ("nopw", "660f1f440000", True, None),                         # nopw 0(%rax,%rax,1)
    ("nopl 8", "0f1f840000000000", True, None),                   # nopl 0(%rax,%rax,1)
    ("long nop", "66662e0f1f840000000000", True, None),           # data16 data16 cs nopw
    ("pause", "f390", True, None),                                # pause
    ("0f1f /1", "0f1fc8", False, "forbidden-instruction"),        # nop with reg=1 (not NaCl)
    # --- prefixes -----------------------------------------------------------------------
    ("segment fs", "648b042500000000", False, "segment-override"),  # mov %fs:0,%eax
    ("segment gs", "65488b07", False, "segment-override"),          # mov %gs:(%rdi),%rax
    ("addr16 67", "67418b07", False, "addr16-prefix"),              # mov (%r15d),%eax
    ("two prefixes", "66f3a5", False, "prefix-rules"),              # rep movsw (66+f3)
    ("rex not last", "4866 01c0", False, None),                     # rex.w data16 add
    ("data16 lock", "66f0 41 0107", True, None),                    # lock addw %ax,(%r15)
    ("lock reg", "f001c0", False, "undecodable"),                   # lock add %eax,%eax
    ("rep on add", "f301c0", False, "prefix-rules"),                # rep add %eax,%eax
    ("branch hint", "3e7400", True, None),                          # ds je .+2 (hint)
    ("jmp with cs", "2eeb00", False, "segment-override"),           # cs jmp .+2
    # --- memory sandboxing ----------------------------------------------------------------
    ("r15 base", "418b07", True, None),                             # mov (%r15),%eax
    ("rsp base", "8b442408", True, None),                           # mov 8(%rsp),%eax
    ("rbp base", "8b45f8", True, None),                             # mov -8(%rbp),%eax
    ("rip base", "8b0500000000", True, None),                       # mov 0(%rip),%eax
    ("rax base", "8b00", False, "unsafe-memory-base"),              # mov (%rax),%eax
    ("store rax", "8900", False, "unsafe-memory-base"),             # mov %eax,(%rax)
    ("abs32", "8b042500000000", False, "unsafe-memory-base"),       # mov 0x0,%eax
    ("moffs", "a10000000000000000", False, "unsafe-memory-base"),   # movabs 0x0,%eax
    ("index ok", "89ff 418b043f", True, None),                      # mov %edi,%edi; mov (%r15,%rdi),%eax
    ("index lea", "448d5801 438b041f", True, None),                 # lea 1(%rax),%r11d; mov (%r15,%r11),%eax
    ("index imm", "b805000000 418b0487", True, None),               # mov $5,%eax; mov (%r15,%rax,4),%eax
    ("index rsp base", "89c0 8b0404", True, None),                  # mov %eax,%eax; mov (%rsp,%rax),%eax
    ("index gap", "89ff 90 418b043f", False, "unsafe-memory-index"),  # ... nop in between
    ("index none", "418b043f", False, "unsafe-memory-index"),       # mov (%r15,%rdi),%eax
    ("index 64bit mov", "4889ff 418b043f", False, "unsafe-memory-index"),  # mov %rdi,%rdi first
    ("index other reg", "89f6 418b043f", False, "unsafe-memory-index"),    # mov %esi,%esi first
    ("index sign-ext", "98 418b0407", False, "unsafe-memory-index"),      # cwtl; mov (%r15,%rax)
    ("lea no access", "488d0418", True, None),                      # lea (%rax,%rbx),%rax
    ("prefetch", "0f1800", True, None),                             # prefetchnta (%rax)
    # --- string instructions ------------------------------------------------------------
    ("stos ok", "89ff 498d3c3f f3ab", True, None),                  # mov %edi,%edi; lea (%r15,%rdi),%rdi; rep stos
    ("stos bare", "f3ab", False, "unsafe-memory-base"),             # rep stos %eax,%es:(%rdi)
    ("movs ok", "89f6 498d3437 89ff 498d3c3f f3a4", True, None),    # rsi then rdi set-up; rep movsb
    ("movs rdi only", "89ff 498d3c3f a4", False, "unsafe-memory-base"),  # movsb without rsi set-up
    ("lods ok", "89f6 498d3437 ac", True, None),                    # ...; lods %ds:(%rsi),%al
    # --- r15 / rsp / rbp ---------------------------------------------------------------
    ("r15 xor", "4d31ff", False, "r15-write"),                      # xor %r15,%r15
    ("r15d", "4589ff", False, "r15-write"),                         # mov %r15d,%r15d
    ("pop r15", "415f", False, "r15-write"),                        # pop %r15
    ("push r15", "4157", True, None),                               # push %r15
    ("push pop", "50 58", True, None),                              # push %rax; pop %rax
    ("add rsp", "4883c408", False, "rsp-write"),                    # add $8,%rsp
    ("sub esp fix", "83ec08 4c01fc", True, None),                   # sub $8,%esp; add %r15,%rsp
    ("or fix", "89c4 4c09fc", True, None),                          # mov %eax,%esp; or %r15,%rsp
    ("lea fix", "89c4 4a8d243c", True, None),                       # mov %eax,%esp; lea (%rsp,%r15,1),%rsp
    ("esp no fix", "83ec08", False, "rsp-write"),                   # sub $8,%esp
    ("esp fix gap", "83ec08 90 4c01fc", False, "rsp-write"),        # sub; nop; add %r15,%rsp
    ("and rsp", "4883e4f0", True, None),                            # and $-16,%rsp
    ("and rsp pos", "4883e40f", False, "rsp-write"),                # and $15,%rsp
    ("mov rbp rsp", "4889ec", True, None),                          # mov %rbp,%rsp
    ("mov rax rsp", "4889c4", False, "rsp-write"),                  # mov %rax,%rsp
    ("xchg rsp", "4887e0", False, "rsp-write"),                     # xchg %rsp,%rax
    ("pop rsp", "5c", False, "rsp-write"),                          # pop %rsp
    ("sp16", "6689c4", False, "rsp-write"),                         # mov %ax,%sp
    ("mov rsp rbp", "4889e5", True, None),                          # mov %rsp,%rbp
    ("pop rbp", "5d", False, "rbp-write"),                          # pop %rbp
    ("ebp fix", "89c5 4c01fd", True, None),                         # mov %eax,%ebp; add %r15,%rbp
    ("ebp or", "89c5 4c09fd", False, "rbp-write"),                  # or is not accepted for rbp
    ("ebp no fix", "89c5", False, "rbp-write"),                     # mov %eax,%ebp
    ("push rbp", "55", True, None),                                 # push %rbp
    # --- indirect branches -------------------------------------------------------------
    ("masked jmp", "83e0e0 4c01f8 ffe0", True, None),               # and $-32,%eax; add %r15,%rax; jmp *%rax
    ("masked call r11", "4183e3e0 4d01fb 41ffd3", True, None),      # and/add/call *%r11 (ends bundle? no)
    ("mask -16", "83e0f0 4c01f8 ffe0", False, "unmasked-indirect-branch"),  # and $-16
    ("unmasked", "ffe0", False, "unmasked-indirect-branch"),        # jmp *%rax
    ("mask other reg", "83e1e0 4c01f8 ffe0", False, "unmasked-indirect-branch"),  # and ecx, jmp rax
    ("no add", "83e0e0 ffe0", False, "unmasked-indirect-branch"),   # and; jmp *%rax
    ("jmp mem", "ff20", False, "unmasked-indirect-branch"),         # jmp *(%rax)
    ("call via rsp mem", "ff1424", False, "unmasked-indirect-branch"),  # call *(%rsp)
    # --- direct branches -------------------------------------------------------------------
    ("jmp fwd", "eb00 90", True, None),                             # jmp .+2
    ("jmp into insn", "eb01 b800000000", False, "bad-branch-target"),  # jmp into mov's imm
    ("jmp outside ok", "e9dbfffeff", True, None),                   # jmp 0x10000
    ("jmp outside bad", "e9dcfffeff", False, "bad-branch-target"),  # jmp 0x10001
    ("loop", "e2fe", True, None),                                   # loop .
    ("jrcxz", "e3fe", True, None),                                  # jrcxz .
]


@pytest.mark.parametrize(("name", "hexstr", "ok", "rule"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, hexstr: str, ok: bool, rule: str | None) -> None:
    r = check(hexstr)
    assert r.valid is ok, [str(f) for f in r.findings]
    if ok:
        assert not r.errors
    else:
        assert r.errors
        if rule is not None:
            assert rule in rules(r), [str(f) for f in r.findings]


def test_finding_addresses_are_user_addresses() -> None:
    r = check("90 90 c3")  # nop; nop; ret
    assert not r.valid
    assert [f.address for f in r.errors if f.rule == "ret"] == [BASE + 2]
    assert "marked illegal" in r.errors[0].message


def test_syscall_message_reads_like_valz() -> None:
    r = check("0f05")
    assert any(f.message == "System instructions are not allowed by Native Client"
               for f in r.errors)


def test_bundle_crossing() -> None:
    # 30 nops then mov $0,%eax (5 bytes) straddles 0x20020.
    r = validate_code(b"\x90" * 30 + bytes.fromhex("b800000000") + b"\x90" * 29, BASE)
    assert not r.valid
    [f] = [f for f in r.errors]
    assert f.rule == "bundle-crossing" and f.address == BASE + 30
    assert f.message == "Instruction crosses basic block alignment"
    # The same instruction bundle-aligned is fine.
    assert validate_code(bytes.fromhex("b800000000") + b"\x90" * 27, BASE).valid


def test_pseudo_instruction_split_by_bundle() -> None:
    # mov %edi,%edi at the end of bundle 0, the indexed load starts bundle 1.
    body = b"\x90" * 30 + bytes.fromhex("89ff") + bytes.fromhex("418b043f") + b"\x90" * 28
    r = validate_code(body, BASE)
    assert not r.valid
    assert "pseudo-instruction-split" in rules(r)
    # masked-jump triple split across a bundle boundary
    body = b"\x90" * 29 + bytes.fromhex("83e0e0") + bytes.fromhex("4c01f8ffe0") + b"\x90" * 27
    assert "pseudo-instruction-split" in rules(validate_code(body, BASE))


def test_jump_into_pseudo_instruction() -> None:
    # jmp to the load of "mov %edi,%edi; mov (%r15,%rdi),%eax" is rejected ...
    r = check("eb02 89ff 418b043f")
    assert not r.valid and "pseudo-instruction-split" in rules(r)
    # ... a jump to its first instruction is fine.
    assert check("eb00 89ff 418b043f").valid


def test_call_trampoline_and_alignment_warning() -> None:
    # 27 nops; call 0x10000 ending exactly on the bundle boundary: no finding at all.
    body = b"\x90" * 27 + b"\xe8" + (0x10000 - (BASE + 32)).to_bytes(4, "little", signed=True)
    r = validate_code(body, BASE)
    assert r.valid and not r.findings
    # The same call at the bundle start: accepted, but a call-alignment warning.
    r = check("e8" + (0x10000 - (BASE + 5)).to_bytes(4, "little", signed=True).hex())
    assert r.valid
    [w] = r.warnings
    assert w.rule == "call-alignment" and w.severity is Severity.WARNING
    assert w.message == f"Bad call alignment, return pc = {BASE + 5:x}".replace(
        f"{BASE + 5:x}", f"{BASE + 5:#x}")


def test_masked_call_must_end_bundle_for_no_warning() -> None:
    body = b"\x90" * 24 + bytes.fromhex("83e0e0 4c01f8 ffd0")
    r = validate_code(body, BASE)
    assert r.valid and not r.findings


def test_trailing_hlt_trimmed() -> None:
    # A jump just past the real code into the HLT sled is outside the trimmed segment.
    body = bytes.fromhex("eb30") + b"\x90" * 30 + b"\xf4" * 64
    r = validate_code(body, BASE)
    assert r.valid  # 16 halts are kept, then a bundle's rest: 0x20032 is still an instruction start
    assert r.size == 64
    # Unaligned jump far into the trimmed tail is outside the segment and rejected.
    body = bytes.fromhex("e9" + (0x61 - 5).to_bytes(4, "little").hex()) + b"\x90" * 27 \
        + b"\xf4" * 96
    assert not validate_code(body, BASE).valid


@pytest.mark.parametrize(("code_bytes", "target", "valid"), [
    (16, 0x30, False),  # 16 + 16 kept HLTs is a whole bundle: nothing past 0x20020 is judged
    (16, 0x1E, True),
    (17, 0x30, True),  # 17 + 16 rounds up to 64
    (15, 0x1F, True),
])
def test_trim_keeps_16_halts(code_bytes: int, target: int, valid: bool) -> None:
    # Measured with valz --hex_text (zerovm 54a57b1's validator): halt_trim.c keeps
    # kMinHaltKeepLength = MAX_INST_LENGTH + 1 = 16 HLTs, then rounds up to 32 bytes.
    body = bytes([0xEB, target - 2]) + b"\x90" * (code_bytes - 2) + b"\xf4" * 48
    assert validate_code(body, BASE).valid is valid


def test_truncated_instruction_at_end() -> None:
    # mov $imm32,%eax cut by the segment end is undecodable for the validator.
    r = validate_code(b"\x90" * 32 + bytes.fromhex("b801"), BASE)
    assert not r.valid and "undecodable" in rules(r)


def test_instruction_starts() -> None:
    r = check("b800000000 90 eb00")
    assert r.is_instruction_start(BASE) and r.is_instruction_start(BASE + 5)
    assert not r.is_instruction_start(BASE + 1)
    assert r.is_instruction_start(BASE + 6) and r.is_instruction_start(BASE + 8)
    assert not r.is_instruction_start(BASE + 1000)


def test_empty_and_misaligned_base() -> None:
    assert not validate_code(b"", BASE).valid
    assert not validate_code(b"\x90" * 32, BASE + 4).valid


def test_larger_valid_program() -> None:
    prog = (
        "55"                  # push %rbp
        "4889e5"              # mov %rsp,%rbp
        "83ec10 4c01fc"       # sub $16,%esp; add %r15,%rsp
        "89f8"                # mov %edi,%eax
        "418b0407"            # mov (%r15,%rax,1),%eax
        "894424 08"           # mov %eax,8(%rsp)
        "4889ec"              # mov %rbp,%rsp
    )
    assert check(prog).valid


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([BASE, BASE + 32, 0, BASE + 3]))
def test_fuzz_never_raises(data: bytes, base: int) -> None:
    r = validate_code(data, base)
    assert isinstance(r, ValidationReport)
    assert r.valid == (not r.errors)
    assert len(r.instruction_starts) == len(data)
    for f in r.findings:
        assert f.address is not None and f.rule


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "90", "50", "58", "4889e5", "89ff418b043f", "83e0e04c01f8ffe0", "eb00", "7400",
    "b801000000", "0f1f440000", "c3", "0f05", "4883c408", "418b07", "8b00", "f4",
]), max_size=40))
def test_fuzz_instruction_mixes(parts: list[str]) -> None:
    r = validate_code(bytes.fromhex("".join(parts)), BASE)
    assert r.valid == (not r.errors)
