"""Would ZeroVM's x86-64 NaCl validator accept this code?  A re-implementation.

zerovm validates the text segment ``[0x20000, static_text_end)`` with the
"reg_sfi" validator of zerovm/validator (all CPU features assumed, reads
sandboxed too).  This module applies the same rules and reports every broken
one as a `Finding` (rule id + user address + a valz-like message).

How it stays both exact and fast:

* `harness.x86.decode` decodes one instruction the way the validator's own
  decoder does (its opcode map, not a general x86 one): that decides legality
  and the length the validator walks with.  It is slow-ish Python, so
* the walk itself uses capstone in lite mode for lengths, and a process-wide
  cache (bounded; shared by every call, so validating many small programs
  stays fast) from the instruction's bytes to a position-independent
  `_Summary` of the rule-relevant facts; the validator decoder only runs on
  cache misses, and when it disagrees with capstone on a length the walk
  follows the validator.
* The rules that need context (zero-extending write right before an indexed
  access, the masked-jump triple, the esp/ebp fix-ups, string-op address
  set-up, jump targets, bundle starts) are checked in the walk using the
  summaries of the previous few instructions, exactly like the validator's
  look-back.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import capstone

from harness.findings import Finding, Severity
from harness.x86 import (
    F_SET,
    F_USE,
    F_ZX,
    MAX_INSN,
    P_ADDR16,
    P_CS,
    P_DATA16,
    P_DS,
    P_ES,
    P_FS,
    P_GS,
    P_LOCK,
    P_REP,
    P_REPNE,
    P_REX,
    P_SEG,
    P_SS,
    R15,
    RBP,
    RIP,
    RSP,
    TABLE,
    Decoded,
    decode,
)
from harness.x86 import (
    GPR8 as _REG8,
)
from harness.x86 import (
    GPR16 as _REG16,
)
from harness.x86 import (
    GPR32 as _REG32,
)
from harness.x86 import (
    GPR64 as _REG64,
)

BUNDLE = 32
_MASK = BUNDLE - 1
# The validator keeps this many trailing HLTs when it trims (halt_trim.c: kMinHaltKeepLength,
# MAX_INST_LENGTH + 1), then rounds the size up to a bundle.
_MIN_HALT_KEEP = 16
_HLT = 0xF4

# High-byte registers (ah..bh) never alias rsp/rbp/r15; numbered out of range.
_HIGH8 = 100

_FIXED: dict[str, tuple[int, int]] = {
    "al": (0, 8), "ax": (0, 16), "cl": (1, 8), "dx": (2, 16), "eax": (0, 32),
    "ebx": (3, 32), "ecx": (1, 32), "edx": (2, 32), "rax": (0, 64), "rcx": (1, 64),
    "rdx": (2, 64), "rsp": (RSP, 64), "rip": (RIP, 64),
}


@dataclass(frozen=True)
class ValidationReport:
    """The verdict on one text segment.

    `valid` is what zerovm decides (warnings do not count); `findings` hold
    every error and warning with its user address; `instruction_starts` has a
    1 at offset ``addr - base`` for every address the validator decoded an
    instruction at (cheap "is X an instruction start" for the scanner).
    """

    valid: bool
    findings: tuple[Finding, ...]
    instruction_starts: bytes
    base: int = 0
    size: int = 0  # bytes validated after trimming trailing HLTs

    def is_instruction_start(self, addr: int) -> bool:
        off = addr - self.base
        return 0 <= off < len(self.instruction_starts) and self.instruction_starts[off] == 1

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)


class _Mem:
    """A memory operand the validator sandboxes: its address registers."""

    __slots__ = ("asize", "base", "disp", "fsgs", "index", "scale")

    def __init__(self, base: int, index: int, scale: int, disp: int, asize: int,
                 fsgs: bool) -> None:
        self.base = base
        self.index = index
        self.scale = scale
        self.disp = disp
        self.asize = asize
        self.fsgs = fsgs


class _Summary:
    """Position-independent facts about one instruction that the rules use."""

    __slots__ = (
        "add_r15",
        "and_reg",
        "ebp32",
        "errors",
        "esp32",
        "ind_bad",
        "ind_reg",
        "index",
        "indexed",
        "is_call",
        "kind",
        "lea",
        "length",
        "mem",
        "mov32",
        "name",
        "op0",
        "op1",
        "raw",
        "rbp_set",
        "rel",
        "rel_len",
        "rsp_set",
        "seg",
        "simple",
        "zx",
    )

    def __init__(self, length: int) -> None:
        self.length = length
        self.errors: list[tuple[str, str]] = []
        self.simple = True
        self.zx = -1  # 32-bit register this instruction writes zero-extending
        self.mov32 = -1  # register R of "mov %eR,%eR"
        self.and_reg = -1  # R of "and $-32,%eR" (opcode 83)
        self.add_r15 = -1  # R of "add %r15,%rR"
        self.lea: tuple[int, _Mem] | None = None  # (dest reg64, address)
        self.mem: list[tuple[int, _Mem]] = []  # (use/set flags, address)
        self.seg: list[tuple[int, int, bool]] = []  # (addr reg, flags, ok-size)
        self.rsp_set = False  # writes rsp (64-bit) other than push/pop/call's own
        self.rbp_set = False
        self.esp32 = False
        self.ebp32 = False
        self.rel: int | None = None  # direct branch displacement
        self.ind_reg = -1  # indirect jmp/call through this 64-bit register
        self.ind_bad = ""  # non-compliant indirect branch message
        self.is_call = False
        self.op0: tuple[int, int, int] | None = None  # (reg, bits, flags) of operand 1
        self.op1: tuple[int, int, int] | None = None
        self.name = ""
        self.raw = b""
        self.indexed = False  # has an r15/rsp/rbp-based access with an index register
        self.rel_len = 0  # bytes of the branch displacement (the instruction's tail)
        self.kind = 0  # 1: only a direct branch, 2: only one indexed access, 0: other
        self.index = -1  # the index register when kind == 2

    def with_tail(self, raw: bytes) -> _Summary:
        """A copy for another instruction of the same shape (differing disp/imm)."""
        c = _Summary(self.length)
        for k in _Summary.__slots__:
            setattr(c, k, getattr(self, k))
        c.raw = raw
        if self.rel is not None:
            c.rel = int.from_bytes(raw[-self.rel_len:], "little", signed=True)
        return c


def _prefix_errors(d: Decoded, out: list[tuple[str, str]]) -> None:
    """The validator's prefix rules (nc_illegal.c), in its order."""
    f = d.form
    assert f is not None
    pm = d.pmask
    n = d.nprefix - (1 if d.rex else 0)
    if n > 1 and not (n == 2 and pm & P_DATA16 and pm & P_LOCK):
        out.append(("prefix-rules", "More than one (non-REX) prefix byte specified"))
    if pm & P_REP and not f.rep:
        out.append(("prefix-rules",
                    "Use of REP (F3) prefix for instruction not allowed by Native Client"))
    if pm & P_REPNE and not f.repne:
        out.append(("prefix-rules",
                    "Use of REPNE (F2) prefix for instruction not allowed by Native Client"))
    if pm & P_DATA16 and not f.data16:
        out.append(("prefix-rules",
                    "Use of DATA16 (66) prefix for instruction not allowed by Native Client"))
    if d.nrex > 1:
        out.append(("prefix-rules", "Multiple use of REX prefix not allowed"))
    if pm & P_ADDR16:
        out.append(("addr16-prefix", "Use of 67 (ADDR16) prefix not allowed by Native Client"))
    if pm & P_SEG:
        bad = True
        if f.jump or f.cjump:
            bad = bool(pm & (P_ES | P_FS | P_GS | P_SS)) or (
                not f.hint and bool(pm & (P_CS | P_DS)))
        if bad:
            out.append(("segment-override",
                        "Uses a segment prefix byte not allowed by Native Client"))
        if d.ambig:
            out.append(("segment-override", "Specifying different segment registers using "
                        "prefix bytes is not allowed by Native Client"))
    if d.dup and d.nrex <= 1:
        out.append(("prefix-rules", "Duplicating a prefix byte is not allowed by Native Client"))
    if pm & P_REX:
        last = -1
        for i, b in enumerate(d.prefix_bytes):
            if 0x40 <= b <= 0x4F:
                last = i
        if last + 1 != d.nprefix:
            out.append(("prefix-rules", "REX prefix byte must appear last"))


def _illegal_rule(d: Decoded) -> tuple[str, str]:
    """Rule id and valz message for an instruction the validator marks illegal."""
    f = d.form
    assert f is not None
    op = d.opcode
    first = op[0] if op else -1
    if f.illegal == "sys":
        return "syscall", "System instructions are not allowed by Native Client"
    if first in (0xC4, 0xC5, 0x62) or (first == 0x8F and d.length > 2):
        return "avx", "This instruction has been marked illegal by Native Client"
    if f.tsc:
        return "rdtsc", "This instruction has been marked illegal by Native Client"
    if first in (0xC3, 0xC2):
        return "ret", "This instruction has been marked illegal by Native Client"
    if f.illegal == "inv" or f.name == "bad":
        return "forbidden-instruction", "Opcode sequence doesn't define a valid x86 instruction"
    return "forbidden-instruction", "This instruction has been marked illegal by Native Client"


def _summarize(d: Decoded) -> _Summary:
    """Everything about one decoded instruction that does not depend on where it is."""
    s = _Summary(d.length)
    f = d.form
    if f is None:
        s.errors.append(("undecodable", "Opcode sequence doesn't define a valid x86 instruction"))
        s.simple = False
        return s
    if not d.hard_nop:
        _prefix_errors(d, s.errors)
    if f.illegal:
        s.errors.append(_illegal_rule(d))
        s.simple = not s.errors
        return s
    s.name = f.name
    rex = d.rex
    rex_r = (rex >> 2) & 1
    rex_x = (rex >> 1) & 1
    rex_b = rex & 1
    modrm = d.modrm
    mod = modrm >> 6 if modrm >= 0 else -1
    fsgs = bool(d.pmask & (P_FS | P_GS))
    opsize_bits = d.opsize * 8
    mem_addr: _Mem | None = None
    if mod >= 0 and mod != 3:
        rm = modrm & 7
        index = -1
        scale = 1
        if rm == 4:
            sib = d.sib
            sb = sib & 7
            base = -1 if (sb == 5 and mod == 0) else sb | (rex_b << 3)
            si = (sib >> 3) & 7
            if si != 4 or rex_x:
                index = si | (rex_x << 3)
                scale = 1 << (sib >> 6)
        elif rm == 5 and mod == 0:
            base = RIP
        else:
            base = rm | (rex_b << 3)
        mem_addr = _Mem(base, index, scale, d.disp, d.asize, fsgs)
    regs: list[tuple[int, int, int, bool]] = []  # (reg, bits, flags, implicit)
    jump = f.jump or f.cjump
    for k, o in enumerate(f.ops):
        kind = o.kind
        fl = o.flags
        reg = -1
        bits = 0
        if kind == "E" or kind == "x" or kind == "M":
            if mod == 3 and kind != "M":
                if kind == "x":
                    continue
                reg = (modrm & 7) | (rex_b << 3)
                bits = _size_bits(o.size, opsize_bits)
                if bits == 8 and not rex and 4 <= reg <= 7:
                    reg = _HIGH8
                if jump:
                    if bits == 64:
                        s.ind_reg = reg
                    else:
                        s.ind_bad = "Invalid indirect jump"
            else:
                assert mem_addr is not None
                if jump:
                    s.ind_bad = "Jump not native client compliant"
                if fl & (F_USE | F_SET):  # lea's address operand is neither
                    s.mem.append((fl, mem_addr))
                if k == 1 and f.name == "lea" and s.op0 is not None:
                    s.lea = (s.op0[0], mem_addr)
                continue
        elif kind == "G":
            reg = ((modrm >> 3) & 7) | (rex_r << 3)
            bits = _size_bits(o.size, opsize_bits)
            if bits == 8 and not rex and 4 <= reg <= 7:
                reg = _HIGH8
        elif kind == "P":
            reg = (d.opcode[-1] & 7) | (rex_b << 3)
            bits = _size_bits(o.size, opsize_bits)
            if bits == 8 and not rex and 4 <= reg <= 7:
                reg = _HIGH8
        elif kind == "@":
            name = o.fixed
            if name in ("rAX", "rCX", "rDX"):
                reg = {"rAX": 0, "rCX": 1, "rDX": 2}[name]
                bits = opsize_bits
            else:
                reg, bits = _FIXED[name]
            if name == "rsp" and f.name in ("push", "pop", "call"):
                regs.append((reg, bits, fl, True))
                continue
        elif kind == "J":
            s.rel = d.imm
            continue
        elif kind == "O":
            if fl & (F_USE | F_SET):
                s.mem.append((fl, _Mem(-1, -1, 1, d.imm, d.asize, fsgs)))
            continue
        elif kind in "XYZ":
            if fl & (F_USE | F_SET):
                areg = 6 if kind == "X" else 7
                seg_ok = not fsgs
                s.seg.append((areg, fl, seg_ok))
            continue
        else:  # immediates, MMX/XMM register operands
            continue
        if k == 0:
            s.op0 = (reg, bits, fl)
        elif k == 1:
            s.op1 = (reg, bits, fl)
        regs.append((reg, bits, fl, False))
    # Operand 1 a register written with a zero-extending 32-bit result?
    if s.op0 is not None and s.op0[2] & F_SET and s.op0[2] & F_ZX and d.opsize == 4 \
            and s.op0[1] == 32:
        s.zx = s.op0[0]
    nops = len(f.ops)
    if f.name == "mov" and nops == 2 and s.op0 and s.op1 and s.op0[1] == 32 \
            and s.op0[0] == s.op1[0] and (s.op0[2] & (F_SET | F_USE)) == F_SET \
            and (s.op1[2] & (F_SET | F_USE)) == F_USE:
        s.mov32 = s.op0[0]
    if f.name == "and" and d.opcode[:1] == b"\x83" and s.op0 and s.op0[1] == 32 \
            and d.imm & 0xFF == 0xE0:
        s.and_reg = s.op0[0]
    if f.name == "add" and s.op0 and s.op1 and s.op0[1] == 64 and s.op1[0] == R15 \
            and s.op1[1] == 64:
        s.add_r15 = s.op0[0]
    s.is_call = f.name == "call"
    for reg, bits, fl, implicit in regs:
        if not fl & F_SET or implicit:
            continue
        if reg == R15:
            if bits == 64:
                s.errors.append(("r15-write", "Illegal to change the value of register r15"))
            else:
                s.errors.append(("r15-write", f"Changing {_reg_name(reg, bits)} changes the "
                                 "value of r15"))
        elif reg == RSP:
            if bits == 64:
                s.rsp_set = True
            elif bits == 32:
                s.esp32 = True
            else:
                s.errors.append(("rsp-write", f"Changing {_reg_name(reg, bits)} changes the "
                                 "value of rsp"))
        elif reg == RBP:
            if bits == 64:
                s.rbp_set = True
            elif bits == 32:
                s.ebp32 = True
            else:
                s.errors.append(("rbp-write", f"Changing {_reg_name(reg, bits)} changes the "
                                 "value of rbp"))
    # Memory operands whose validity does not depend on context.
    for _fl, m in s.mem:
        if m.asize != 64:
            s.errors.append(("addr16-prefix", "Assignment to non-64 bit memory address"))
        elif m.fsgs:
            s.errors.append(("segment-override", "Segment memory reference not allowed"))
        elif m.base not in (R15, RSP, RBP, RIP):
            if m.base < 0:
                s.errors.append(("unsafe-memory-base",
                                 "No base register specified in memory offset"))
            else:
                s.errors.append(("unsafe-memory-base", "Invalid base register in memory offset"))
        elif m.index >= 0 and m.base == RIP:
            s.errors.append(("unsafe-memory-index", "Invalid index register in memory offset"))
    for _areg, _fl, seg_ok in s.seg:
        if d.asize != 64:
            s.errors.append(("addr16-prefix", "Assignment to non-64 bit segment address"))
        elif not seg_ok:
            s.errors.append(("segment-override", "Segment memory reference not allowed"))
    if s.ind_bad:
        s.errors.append(("unmasked-indirect-branch", s.ind_bad))
    # Only an indexed access needs the previous instruction; with no index the
    # reference is judged here, including "more than one memory reference".
    good = [m for _fl, m in s.mem if m.asize == 64 and not m.fsgs
            and m.base in (R15, RSP, RBP, RIP)]
    s.indexed = any(m.index >= 0 and m.base != RIP for m in good)
    if not s.indexed and not s.seg and len(good) > 1:
        s.errors.append(("unsafe-memory-base",
                         "Multiple memory references not allowed in this context"))
    if s.rel is not None:
        s.rel_len = d.imm_len
    s.simple = not (s.errors or s.indexed or s.seg or s.rsp_set or s.rbp_set or s.esp32
                    or s.ebp32 or s.rel is not None or s.ind_reg >= 0 or s.is_call)
    # Two frequent non-simple cases get a fast path in the walk.
    rest = (s.errors or s.seg or s.rsp_set or s.rbp_set or s.esp32 or s.ebp32
            or s.ind_reg >= 0 or s.is_call)
    if not rest and s.rel is not None and not s.indexed:
        s.kind = 1  # a plain direct jump / conditional branch
    elif not rest and s.rel is None and s.indexed and len(good) == 1:
        s.kind = 2  # one r15/rsp/rbp+index access
        s.index = good[0].index
    return s


def _size_bits(letter: str, opsize_bits: int) -> int:
    return {"b": 8, "w": 16, "d": 32, "q": 64}.get(letter, opsize_bits)


def _reg_name(reg: int, bits: int) -> str:
    table = {8: _REG8, 16: _REG16, 32: _REG32, 64: _REG64}[bits]
    return table[reg]


def _trimmed_size(code: bytes) -> int:
    """Size after dropping trailing HLTs the way the validator does (halt_trim.c)."""
    size = len(code)
    if size == 0:
        return 0
    i = size - 1
    while i > 0 and code[i] == _HLT:
        i -= 1
    halts = size - (i + 1)
    if halts > _MIN_HALT_KEEP:
        new = (size - halts) + _MIN_HALT_KEEP
        if new % BUNDLE:
            new += BUNDLE - new % BUNDLE
        if new < size:
            return new
    return size


def _is_lea_pair(s: _Summary, dest: int) -> bool:
    """``lea (%rD,%r15,1),%rD`` — the second half of the esp/ebp fix-up."""
    if s.name != "lea" or s.lea is None or s.op0 is None:
        return False
    reg, m = s.lea
    return (reg == dest and s.op0[1] == 64 and m.asize == 64 and not m.fsgs
            and m.base == dest and m.index == R15 and m.scale == 1 and m.disp == 0)


def _is_binary_r15(s: _Summary, dest: int) -> bool:
    """``add|or %r15,%rD`` with the validator's exact operand-flag requirements."""
    return (s.op0 is not None and s.op1 is not None and s.op0[0] == dest and s.op0[1] == 64
            and (s.op0[2] & (F_SET | F_USE)) == (F_SET | F_USE) and s.op1[0] == R15
            and s.op1[1] == 64 and (s.op1[2] & (F_SET | F_USE)) == F_USE)


def _is_mov(s: _Summary, dest: int, src: int) -> bool:
    return (s.name == "mov" and s.op0 is not None and s.op1 is not None
            and s.op0[0] == dest and s.op0[1] == 64 and s.op1[0] == src and s.op1[1] == 64
            and (s.op0[2] & (F_SET | F_USE)) == F_SET and (s.op1[2] & (F_SET | F_USE)) == F_USE)


def _modrm_map(maps: tuple[int, ...]) -> bytes:
    """Per opcode byte: 1 if any form in these maps has a ModRM byte."""
    out = bytearray(256)
    for (m, op), forms in TABLE.items():
        if m in maps and any(f.modrm for f in forms):
            out[op] = 1
    return bytes(out)


_MODRM_1 = _modrm_map((0,))
_MODRM_0F = _modrm_map((1, 2, 3, 4))
_PREFIX_SET = frozenset((0xF0, 0xF2, 0xF3, 0x66, 0x67, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65,
                         *range(0x40, 0x50)))


def _shape_key(raw: bytes) -> bytes | None:
    """The bytes that decide everything but displacement/immediate values, or None.

    Prefixes, opcode, ModRM and SIB plus the length.  Including a byte too many
    is harmless (fewer hits); so when unsure whether a ModRM follows we keep it.
    Opcodes whose validity depends on the tail (hard-coded NOPs, 3DNow!) and
    x87 escapes get no shape.
    """
    n = len(raw)
    i = 0
    while i < n and raw[i] in _PREFIX_SET:
        i += 1
    if i >= n:
        return None
    b = raw[i]
    i += 1
    if b == 0x0F:
        if i >= n:
            return None
        b1 = raw[i]
        i += 1
        if b1 == 0x38 or b1 == 0x3A:
            i += 1
            modrm = 1
        elif b1 == 0x1F or b1 == 0x0B or b1 == 0x0F:
            return None
        else:
            modrm = _MODRM_0F[b1]
    elif b == 0x90 or 0xD8 <= b <= 0xDF:
        return None
    else:
        modrm = _MODRM_1[b]
    if modrm and i < n:
        m = raw[i]
        i += 1
        if m < 0xC0 and m & 7 == 4:
            i += 1
    return raw[:i] + bytes((n,))


# capstone's Python wrapper decodes every instruction's text even in lite mode;
# the walk needs only lengths, so it calls cs_disasm itself and slices the size
# field out of the returned instruction array (falling back to disasm_lite).
_CS = getattr(capstone, "_cs", None)
_CS_INSN = getattr(capstone, "_cs_insn", None)
_INSN_SIZE = ctypes.sizeof(_CS_INSN) if _CS_INSN is not None else 0
_SIZE_OFF = _CS_INSN.size.offset if _CS_INSN is not None else 0


def _cs_lengths(md: capstone.Cs, buf: bytes, start: int) -> Iterable[int]:
    """The lengths capstone decodes `buf` into, up to its first undecodable byte."""
    if _CS is None or _CS_INSN is None or _INSN_SIZE == 0:
        return [length for _a, length, _m, _o in md.disasm_lite(buf, start)]
    insn = ctypes.POINTER(_CS_INSN)()
    n = _CS.cs_disasm(md.csh, buf, len(buf), start, 0, ctypes.byref(insn))
    if n <= 0:
        return b""
    try:
        arr = ctypes.string_at(insn, n * _INSN_SIZE)
    finally:
        _CS.cs_free(insn, n)
    return arr[_SIZE_OFF::_INSN_SIZE]  # the low byte of the uint16 size (<= 15)


# Process-wide caches shared by every validate_code call: exact instruction
# bytes -> summary, and "shape" (bytes up to ModRM/SIB + length) -> summary,
# which serves instructions that differ only in displacement/immediate.
# Summaries are position-independent and never modified once cached.  Each
# dict is capped: past its cap the older half (insertion order) is dropped.
_EXACT_MAX = 1 << 16
_SHAPES_MAX = 1 << 14
_EXACT: dict[bytes, _Summary] = {}
_SHAPES: dict[bytes, _Summary] = {}


def _evict(cache: dict[bytes, _Summary], cap: int) -> None:
    if len(cache) > cap:
        for k in list(islice(cache, len(cache) - cap // 2)):
            del cache[k]


def clear_cache() -> None:
    """Forget every cached instruction summary (tests, memory pressure)."""
    _EXACT.clear()
    _SHAPES.clear()


class _Walker:
    """Walks one segment in validator order, applying the contextual rules."""

    def __init__(self, code: bytes, base: int, size: int) -> None:
        self.code = code
        self.base = base
        self.size = size
        self.findings: list[Finding] = []
        self.starts = bytearray(size)
        self.removed = bytearray(size)  # instruction starts that may not be jump targets
        self.targets: list[tuple[int, int]] = []  # (target offset, jumping instruction)
        self.crossing: set[int] = set()  # bundles whose start an instruction straddles
        self.cache: dict[bytes, _Summary] = {}
        self.odd: dict[int, _Summary] = {}  # summaries not in the cache (length disputes)

    def err(self, off: int, rule: str, msg: str) -> None:
        self.findings.append(Finding(rule, msg, self.base + off))

    def run(self) -> None:
        code = self.code
        size = self.size
        starts = self.starts
        # The process-wide caches (see _EXACT).  An instruction within MAX_INSN
        # bytes of the segment end was decoded with the end in sight (a longer
        # form may have been cut off), so its summary stays private to this run.
        cache = _EXACT
        shapes = _SHAPES
        tail = size - MAX_INSN
        md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
        md.detail = False
        self.cache = cache
        # Only the previous instruction is tracked in the loop; deeper look-back
        # (rare) is rebuilt from `starts` and the caches by `history`.
        prev_off = -1
        prev_s: _Summary | None = None
        step = self.step
        step_branch = self.bad_branch
        add_target = self.targets.append
        removed = self.removed
        pos = 0
        window = 1 << 16
        pending = False  # previous instruction wrote esp/ebp
        while pos < size:
            _evict(cache, _EXACT_MAX)
            _evict(shapes, _SHAPES_MAX)
            begin = pos
            broke = False
            off = -1
            length = 0
            nxt = pos
            for length in _cs_lengths(md, code[pos:min(size, pos + window)], pos):
                off = nxt
                nxt += length
                raw = code[off:nxt]
                s = cache.get(raw)
                if s is None:
                    key = _shape_key(raw)
                    t = shapes.get(key) if key is not None else None
                    if t is not None:
                        s = t if t.rel is None else t.with_tail(raw)
                        cache[raw] = s
                    else:
                        d = decode(code, off, size)
                        s = _summarize(d)
                        s.raw = code[off:off + d.length]
                        if d.length != length:
                            # The validator sees another instruction here: follow it
                            # and restart capstone after it.
                            self.odd[off] = s
                            step(off, s, prev_off, prev_s)
                            prev_off = off
                            prev_s = s
                            pending = s.esp32 or s.ebp32
                            pos = off + d.length
                            broke = True
                            break
                        if off > tail:
                            self.odd[off] = s
                        else:
                            if key is not None and s.name not in ("and", "lea"):
                                shapes[key] = s
                            cache[raw] = s
                if pending:
                    step(off, s, prev_off, prev_s)
                    pending = s.esp32 or s.ebp32
                elif s.simple:
                    # The common case: nothing here depends on context.
                    starts[off] = 1
                    if (off & _MASK) + length > BUNDLE:
                        self.cross(off)
                elif s.kind == 1:
                    starts[off] = 1
                    if (off & _MASK) + length > BUNDLE:
                        self.cross(off)
                    target = off + length + s.rel  # type: ignore[operator]
                    if 0 <= target < size:
                        add_target((target, off))
                    elif target & _MASK:
                        step_branch(off, target)
                elif s.kind == 2 and prev_s is not None and prev_s.zx == s.index:
                    starts[off] = 1
                    removed[off] = 1
                    if (off & _MASK) + length > BUNDLE:
                        self.cross(off)
                else:
                    step(off, s, prev_off, prev_s)
                    pending = s.esp32 or s.ebp32
                prev_off = off
                prev_s = s
            if not broke and off >= begin:
                pos = off + length
            if pos == begin:
                # capstone cannot decode here; the validator decoder takes one step.
                d = decode(code, pos, size)
                s = _summarize(d)
                s.raw = code[pos:pos + d.length]
                self.odd[pos] = s
                step(pos, s, prev_off, prev_s)
                prev_off = pos
                prev_s = s
                pending = s.esp32 or s.ebp32
                pos += max(1, d.length)
                window = 256  # garbage ahead is likely: keep the windows small
            elif broke:
                # capstone decodes its whole window up front, so after a restart
                # keep the next window small until the code looks regular again.
                window = 256
            elif window < (1 << 16):
                window *= 4
        self.finish([(prev_off, prev_s)] if prev_s is not None else [])

    def history(self, off: int, depth: int, prev_off: int,
                prev_s: _Summary | None) -> list[tuple[int, _Summary]]:
        """The `depth` instructions before `off` as (offset, summary), oldest first."""
        if prev_s is None:
            return []
        out = [(prev_off, prev_s)]
        starts = self.starts
        code = self.code
        o = prev_off
        while len(out) < depth:
            p = o - 1
            while p >= 0 and not starts[p]:
                p -= 1
            if p < 0:
                break
            s = self.odd.get(p) or self.cache.get(code[p:o])
            if s is None:  # not reachable in practice; decode again to be safe
                s = _summarize(decode(code, p, self.size))
            out.append((p, s))
            o = p
        out.reverse()
        return out

    def bad_branch(self, off: int, target: int) -> None:
        self.err(off, "bad-branch-target", f"Instruction jumps to bad address "
                 f"{self.base + target:#x} (outside the segment and not 32-byte aligned)")

    def cross(self, off: int) -> None:
        self.err(off, "bundle-crossing", "Instruction crosses basic block alignment")
        self.crossing.add((off | _MASK) + 1)

    def step(self, off: int, s: _Summary, prev_off: int, prev_s: _Summary | None) -> None:
        # String instructions look back up to 5 instructions, masked jumps 2.
        depth = 5 if s.seg else 2 if s.ind_reg >= 0 else 1
        hist = self.history(off, depth, prev_off, prev_s)
        length = s.length
        self.starts[off] = 1
        if (off & _MASK) + length > BUNDLE:
            self.cross(off)
        prev = hist[-1][1] if hist else None
        for rule, msg in s.errors:
            self.err(off, rule, msg)
        pattern = 0
        nrefs = 0
        nseg = 0
        for _fl, m in (s.mem if (s.indexed or s.seg) else ()):
            if m.asize != 64 or m.fsgs or m.base not in (R15, RSP, RBP, RIP):
                continue
            if m.index >= 0:
                if m.base != RIP and prev is not None and prev.zx == m.index:
                    pattern += 1
                else:
                    if m.base != RIP:
                        self.err(off, "unsafe-memory-index",
                                 "Invalid index register in memory offset")
                    continue
            nrefs += 1
        first_seg = -1
        for areg, _fl, seg_ok in s.seg:
            if not seg_ok:
                continue
            if first_seg < 0:
                first_seg = areg
            elif areg == first_seg:
                continue
            if self.lea_safe(hist, pattern + 1, areg):
                nrefs += 1
                nseg += 1
                pattern += 2
            else:
                self.err(off, "unsafe-memory-base", "Segment memory reference not allowed "
                         f"(string instruction needs 'mov %e{_REG64[areg][1:]},"
                         f"%e{_REG64[areg][1:]}; lea (%r15,%{_REG64[areg]}),%{_REG64[areg]}'"
                         " right before it)")
        if nrefs > 1 and nseg != nrefs:
            self.err(off, "unsafe-memory-base",
                     "Multiple memory references not allowed in this context")
        if pattern:
            self.removed[off] = 1
            for k in range(1, pattern):
                if k <= len(hist):
                    self.removed[hist[-k][0]] = 1
        # rsp / rbp writes (nc_protect_base.c).
        if s.rsp_set:
            self.check_rsp(off, s, hist)
        if s.rbp_set:
            self.check_rbp(off, s, hist)
        if prev is not None and (prev.esp32 or prev.ebp32):
            self.pending_base(hist)
        # Branches (nc_jumps.c).
        if s.rel is not None:
            target = off + length + s.rel
            if 0 <= target < self.size:
                self.targets.append((target, off))
            elif target & _MASK:
                self.bad_branch(off, target)
        if s.ind_reg >= 0:
            r = s.ind_reg
            if len(hist) >= 2 and hist[-2][1].and_reg == r and hist[-1][1].add_r15 == r:
                self.removed[hist[-1][0]] = 1
                self.removed[off] = 1
            else:
                self.err(off, "unmasked-indirect-branch", "Invalid indirect jump (needs "
                         f"'and $-32,%{_REG32[r]}; add %r15,%{_REG64[r]}' right before it)")
        if s.is_call and (off + length) & _MASK:
            self.findings.append(Finding(
                "call-alignment",
                f"Bad call alignment, return pc = {self.base + off + length:#x}",
                self.base + off, Severity.WARNING))

    def lea_safe(self, hist: list[tuple[int, _Summary]], distance: int, reg: int) -> bool:
        """Is the instruction `distance` back ``lea disp(%base,%rI,s),%rREG`` set up right?"""
        if distance > len(hist):
            return False
        ls = hist[-distance][1]
        if ls.name != "lea" or ls.lea is None or ls.op0 is None:
            return False
        dest, m = ls.lea
        if dest != reg or ls.op0[1] != 64 or m.asize != 64 or m.fsgs:
            return False
        if m.base not in (R15, RSP, RBP, RIP):
            return False
        if m.index >= 0:
            if m.base == RIP or distance + 1 > len(hist):
                return False
            return hist[-distance - 1][1].mov32 == m.index
        return True

    def check_rsp(self, off: int, s: _Summary, hist: list[tuple[int, _Summary]]) -> None:
        prev = hist[-1][1] if hist else None
        name = s.name
        if name in ("add", "or"):
            if _is_binary_r15(s, RSP) and prev is not None and prev.zx == RSP:
                self.removed[off] = 1
                self.fixed_esp = hist[-1][0]
                return
        elif name == "lea":
            if _is_lea_pair(s, RSP) and prev is not None and prev.zx == RSP:
                self.removed[off] = 1
                self.fixed_esp = hist[-1][0]
                return
        else:
            if name == "and" and s.raw[:3] == b"\x48\x83\xe4" and len(s.raw) == 4 \
                    and s.raw[3] & 0x80:
                return
            if _is_mov(s, RSP, RBP):
                return
        self.err(off, "rsp-write", "Illegal assignment to RSP")

    def check_rbp(self, off: int, s: _Summary, hist: list[tuple[int, _Summary]]) -> None:
        prev = hist[-1][1] if hist else None
        name = s.name
        if name == "add":
            if _is_binary_r15(s, RBP) and prev is not None and prev.zx == RBP:
                self.removed[off] = 1
                self.fixed_ebp = hist[-1][0]
                return
        elif name == "lea":
            if _is_lea_pair(s, RBP) and prev is not None and prev.zx == RBP:
                self.removed[off] = 1
                self.fixed_ebp = hist[-1][0]
                return
        elif _is_mov(s, RBP, RSP):
            return
        self.err(off, "rbp-write", "Illegal change to register RBP")

    # Offset of the last esp/ebp write that the following instruction completed.
    fixed_esp = -1
    fixed_ebp = -1

    def pending_base(self, hist: list[tuple[int, _Summary]]) -> None:
        """The previous instruction wrote esp/ebp: did this one complete the pair?"""
        poff, prev = hist[-1]
        if prev.esp32 and self.fixed_esp != poff:
            self.err(poff, "rsp-write", "Illegal assignment to ESP (a 32-bit write to %esp "
                     "must be followed by 'add %r15,%rsp')")
        if prev.ebp32 and self.fixed_ebp != poff:
            self.err(poff, "rbp-write", "Illegal assignment to EBP (a 32-bit write to %ebp "
                     "must be followed by 'add %r15,%rbp')")

    def finish(self, hist: list[tuple[int, _Summary]]) -> None:
        if hist and (hist[-1][1].esp32 or hist[-1][1].ebp32):
            self.pending_base(hist)
        starts = self.starts
        removed = self.removed
        # Reported at the jumping instruction, with valz's (detailed mode) wording.
        for target, src in self.targets:
            if not starts[target]:
                self.err(src, "bad-branch-target", "Doesn't jump to instruction address "
                         f"({self.base + target:#x})")
            elif removed[target]:
                self.err(src, "pseudo-instruction-split", "Jumps into middle of nacl pattern "
                         f"({self.base + target:#x})")
        for b in range(0, self.size, BUNDLE):
            if starts[b] and not removed[b]:
                continue
            if b in self.crossing:
                continue  # already reported as bundle-crossing
            if removed[b]:
                self.err(b, "pseudo-instruction-split",
                         "Instruction begins basic block, but in middle of nacl pattern")
            else:
                self.err(b, "bundle-crossing", "Bad basic block alignment.")


def validate_code(code: bytes, base: int) -> ValidationReport:
    """Validate the text bytes loaded at `base` as zerovm would.

    Trailing HLT padding is trimmed first (as the validator does), so pass the
    whole ``[0x20000, static_text_end)`` range.
    """
    code = bytes(code)
    if base & _MASK:
        f = Finding("bundle-crossing", f"Code segment starts at {base:#x}, which isn't "
                    "aligned properly.", base)
        return ValidationReport(False, (f,), bytes(len(code)), base, len(code))
    size = _trimmed_size(code)
    if size == 0:
        f = Finding("undecodable", "Bad text segment (zero size)", base)
        return ValidationReport(False, (f,), b"", base, 0)
    w = _Walker(code, base, size)
    w.run()
    findings = tuple(sorted(w.findings, key=lambda f: (f.address or 0)))
    valid = not any(f.severity is Severity.ERROR for f in findings)
    starts = bytes(w.starts) + bytes(len(code) - size)
    return ValidationReport(valid, findings, starts, base, size)
