"""The static trap surface of a nexe: every place its code can leave the sandbox, and which trap it passes.

A ZeroVM program reaches the outside only through the trampoline (ZEROVM.md sections 4 and 7): a call to slot 0
(0x10000) with %edi pointing at a ``uint64_t args[]`` whose ``args[0]`` is the function code.  A call to any other
slot ends the session with exit code 22.  Raw ``syscall``/``sysenter``/``int`` are rejected by the validator but
are still reported: they are the first thing a reviewer asks about.

`find_trap_sites` lists, in address order:

* **direct** ``call``/``jmp``/``jcc`` whose target is in the trampoline region [0x10000, 0x20000): kind ``"call"``
  or ``"jump"`` with its slot.  For slot 0 the function code is recovered (see *Data flow*): one of the six codes
  gives its name, any other constant gives function ``"unknown"`` with the code, and a code that cannot be shown
  gives function None with a `reason`.  Other slots (and unaligned targets) have function None and a reason.
* ``syscall``, ``sysenter`` and the interrupt instructions (``int N``, ``int3``, ``int1``, ``into``): kinds
  ``"syscall"``, ``"sysenter"``, ``"int"``.
* **indirect** branches (kind ``"indirect"``), by this policy:

  - *Returns are not listed.*  A return is the sandboxed ``ret`` of our toolchain and of NaCl's: ``pop %rX``, only
    NOPs, then ``and $-32,%eX; add %r15,%rX; jmp *%rX``.  Every function has one or more.  Reaching the trampoline
    through one needs a crafted return address on the stack (a pushed constant or a stack overwrite): that is a
    memory-safety question, not part of the code's trap surface, and listing every return would bury the rest.
  - Every other indirect call/jmp (function pointers, jump tables, computed goto; memory-indirect, far and unmasked
    branches too) is listed with function None and reason "target not statically known: ..." (saying what sets the
    register), **unless** its target register provably holds a constant outside the trampoline (e.g. gcc's
    ``mov $func,%r11d`` before a masked call; found by a short backward walk, see `_Scanner.branch_target`).
    These are the places where a target chosen at run time *could* be 0x10000; a reviewer wants their number and
    where they are, and can check each one.
  - An indirect branch whose target *is* a known constant in the trampoline is a disguised trap: it is listed with
    its slot and, for slot 0, the resolved function, so `allowed_by_zerovm` means the same as for direct sites.

Decoding is one linear sweep with capstone in lite mode (an undecodable byte is skipped, capstone's SKIPDATA).  That
is right for validated code, where no instruction crosses a 32-byte bundle and every branch target is an instruction
the sweep sees.  The sweep keeps capstone's (address, size, mnemonic, operands) tuples and looks only at mnemonics;
data flow runs afterwards, only near trap sites, on those same tuples (operand strings parsed once and cached).

Data flow (function codes and indirect targets)
-----------------------------------------------
A forward constant and stack-slot analysis over basic blocks (direct branches), iterated to a fixpoint; where paths
meet, a value survives only if it is the same on all of them.  It tracks the 16 general registers and the constants
stored to memory: stack slots relative to symbolic stack/frame anchors (so ``lea -0x40(%rbp),%edi`` and
``movq $code,-0x40(%rbp)`` meet whatever the frame size) and static addresses (rip-relative, absolute, or
``(%r15,%r11)`` with r11 known).  It understands mov/movabs/lea, 32-bit zero extension, ``xor r,r``, add/sub/and/
or/xor with constants, push/pop, spills and reloads, 4-byte halves of a 64-bit slot and ``add %r15,reg`` (a value
and its r15-based form name the same user address).  A static ``args`` array whose code is not stored in the
analysed code is read through `memory` (see *Assumptions*).

*Which code is analysed.*  First a window of the 48 non-NOP instructions before the site, cut at the function
start; if the code is still unresolved, the whole enclosing function (up to 4000 instructions), so that e.g. an
argument pointer kept in a callee-saved register across a loop is found.  The function runs from the greatest
symbol at or below the site to the next symbol when ``symbols`` (address -> name of STT_FUNC symbols) are given;
otherwise (and before the first symbol) it is bounded by the nearest ``hlt`` on each side or the ends of the text:
our toolchain pads between functions with ``hlt`` and only with NOPs inside them.  Regions that start mid-function
or span several functions are still sound, by these rules:

*Soundness rules.*  The region's first block, a block that a direct branch or call from outside the region
targets, and an unreached block at a 32-byte aligned address (masked branches land only there: a possible function
entry, jump-table case or computed-goto label) start with nothing known.  An unreached unaligned block is dead
(padding after a jump).  A store through an unknown address forgets all memory; a store to one stack anchor forgets
the slots of every other anchor.  A call forgets memory and the caller-saved registers; a trampoline call also
forgets rdi.  Instructions with implicit register or memory writes are listed in `_IMPLICIT`; system instructions
forget everything.

*Assumptions and known gaps* (each matters only for hand-written code):
- callees keep the SysV callee-saved registers (rbx, rbp, r12-r15, rsp), as zerovm itself does for the trap;
- stack slots and static addresses do not alias each other;
- an indirect-branch target that also has direct predecessors is assumed reached only from those;
- `memory` is trusted to hold what is there at the trap: pass only read-only segments to be strict; with writable
  segments a static ``args`` array is read with its *initial* value;
- a return to a crafted address is not reported (see above), nor is code reached by jumping into the middle of an
  instruction (the validator rejects such jumps).
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import capstone

TRAMPOLINE_START = 0x10000
TRAMPOLINE_END = 0x20000
SLOT_SIZE = 32

FUNCTION_CODES: dict[int, str] = {
    0x64616552: "pread",
    0x74697257: "pwrite",
    0x6C69614A: "jail",
    0x6C6A6E55: "unjail",
    0x74697845: "exit",
    0x6B726F46: "fork",
}
ALLOWED_FUNCTIONS = frozenset(FUNCTION_CODES.values())

# Reads `size` bytes of static memory at a user address, or returns None when nothing is known there.
MemoryReader = Callable[[int, int], bytes | None]

WINDOW = 48  # non-NOP instructions before a slot-0 site analysed first
INDIRECT_WINDOW = 12  # non-NOP instructions walked back from an indirect branch (gcc sets the target just before)
MAX_FUNCTION = 4000  # instructions: larger functions get the window only

_MASK32 = 0xFFFFFFFF
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class TrapSite:
    """One instruction that can leave the sandbox, or tries to."""

    address: int  # user address of the call/jmp/syscall/int/sysenter instruction
    kind: str  # "call" | "jump" | "indirect" | "syscall" | "sysenter" | "int"
    slot: int | None  # trampoline slot of a direct call/jump (or of an indirect one with a known target)
    function: str | None  # a FUNCTION_CODES name, "unknown", or None (unresolved, or not a slot-0 trap)
    code: int | None  # the resolved function code (also for "unknown")
    reason: str | None  # why `function` is None
    in_function: str | None  # enclosing symbol name when symbols are known

    @property
    def allowed_by_zerovm(self) -> bool:
        """Would zerovm serve this trap: slot 0 with one of its six functions?"""
        return self.slot == 0 and self.function in ALLOWED_FUNCTIONS


# --------------------------------------------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------------------------------------------

_Insn = tuple[int, int, str, str]  # capstone lite: address, size, mnemonic, operands

_JCC = ("ja", "jae", "jb", "jbe", "je", "jne", "jg", "jge", "jl", "jle", "jo", "jno", "jp", "jnp", "js", "jns",
        "jrcxz", "jecxz", "loop", "loope", "loopne")
_PREFIXES = ("", "bnd ", "notrack ", "notrack bnd ")
_CALLS = frozenset(p + "call" for p in _PREFIXES)
_JMPS = frozenset(p + "jmp" for p in _PREFIXES)
_BRANCHES = _JMPS | frozenset(p + j for p in _PREFIXES for j in _JCC)  # jumps with a fall-through or not
_FAR = frozenset(("lcall", "ljmp"))
_INTS = frozenset(("int", "int1", "int3", "into"))
# The only per-instruction work of the sweep is this membership test.
_INTERESTING = _CALLS | _BRANCHES | _FAR | _INTS | {"syscall", "sysenter", "hlt", "pop"}

_GPR64 = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
          "r15")
_GPR32 = ("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d",
          "r14d", "r15d")
_GPR16 = ("ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w",
          "r15w")
_GPR8 = ("al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b",
         "r15b")
# register name -> (number, width in bytes; 0 for ah..bh)
_REGS: dict[str, tuple[int, int]] = {
    **{name: (n, 8) for n, name in enumerate(_GPR64)}, **{name: (n, 4) for n, name in enumerate(_GPR32)},
    **{name: (n, 2) for n, name in enumerate(_GPR16)}, **{name: (n, 1) for n, name in enumerate(_GPR8)},
    **{name: (n, 0) for n, name in enumerate(("ah", "ch", "dh", "bh"))},
}


def _mask_bytes(n: int) -> bytes:
    """The encoding of `and $-32,%eN; add %r15,%rN`, the sandbox mask before `jmp *%rN`."""
    low = n & 7
    return (b"\x41" if n >= 8 else b"") + bytes((0x83, 0xE0 + low, 0xE0, 0x4D if n >= 8 else 0x4C, 0x01, 0xF8 + low))


_RETURN_MASKS = {name: _mask_bytes(n) for n, name in enumerate(_GPR64) if name not in ("rsp", "r15")}


@dataclass(frozen=True)
class _Raw:
    index: int  # into _Sweep.insns
    kind: str
    target: int | None  # a direct target
    register: str | None  # the target register of a register-indirect branch


@dataclass
class _Sweep:
    insns: list[_Insn]
    raws: list[_Raw]
    halts: list[int]  # addresses of every hlt: region bounds without symbols
    edges: list[tuple[int, int]]  # (target, source) of every direct jump and call into the text, sorted
    _addrs: list[int] | None = field(default=None, repr=False)

    @property
    def addrs(self) -> list[int]:
        if self._addrs is None:
            self._addrs = [insn[0] for insn in self.insns]
        return self._addrs

    def index_of(self, address: int) -> int | None:
        i = bisect.bisect_left(self.addrs, address)
        return i if i < len(self.insns) and self.insns[i][0] == address else None


def _sweep(text: bytes, base: int) -> _Sweep:
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.skipdata = True  # an undecodable byte becomes a 1-byte ".byte" and the sweep goes on
    insns: list[_Insn] = list(md.disasm_lite(text, base))
    raws: list[_Raw] = []
    halts: list[int] = []
    edges: list[tuple[int, int]] = []
    end = base + len(text)
    last_pop = -1  # index of the latest pop
    interesting = _INTERESTING
    # A comprehension is the cheapest way through every instruction; the rest runs on the few it finds.
    for i in [i for i, insn in enumerate(insns) if insn[2] in interesting]:
        addr, _, mnem, ops = insns[i]
        if mnem == "hlt":
            halts.append(addr)
        elif mnem == "pop":
            last_pop = i
        elif mnem in _CALLS or mnem in _BRANCHES:
            kind = "call" if mnem in _CALLS else "jump"
            if ops.startswith("0x"):
                target = int(ops, 16)
                if TRAMPOLINE_START <= target < TRAMPOLINE_END:
                    raws.append(_Raw(i, kind, target, None))
                elif base <= target < end:
                    edges.append((target, addr))
            elif ops in _REGS:
                if kind == "call" or not _is_return(insns, i, text, base, ops, last_pop):
                    raws.append(_Raw(i, "indirect", None, ops))
            else:
                raws.append(_Raw(i, "indirect", None, None))  # memory-indirect
        elif mnem in _INTS:
            raws.append(_Raw(i, "int", None, None))
        elif mnem in _FAR:
            raws.append(_Raw(i, "indirect", None, None))
        else:
            raws.append(_Raw(i, mnem, None, None))  # syscall, sysenter
    edges.sort()
    return _Sweep(insns, raws, halts, edges)


def _is_return(insns: list[_Insn], i: int, text: bytes, base: int, reg: str, pop_index: int) -> bool:
    """Is `jmp *%reg` at insns[i] a sandboxed return: pop %reg, NOPs only, the mask, then this jmp?"""
    mask = _RETURN_MASKS.get(reg)
    if mask is None or pop_index < 0 or insns[pop_index][3] != reg or i - pop_index > 40:
        return False
    addr = insns[i][0]
    mask_start = addr - len(mask)
    if insns[i - 2][0] != mask_start or text[mask_start - base:addr - base] != mask:
        return False
    return all(insn[2] == "nop" for insn in insns[pop_index + 1:i - 2])


# --------------------------------------------------------------------------------------------------------------
# Operands (capstone's Intel syntax strings, parsed once per distinct string)
# --------------------------------------------------------------------------------------------------------------

_RIP = 16
_NOREG = -1


@dataclass(frozen=True)
class _Reg:
    n: int
    width: int  # bytes; 0 for a high byte register


@dataclass(frozen=True)
class _Imm:
    value: int


@dataclass(frozen=True)
class _Mem:
    size: int  # bytes; 0 when the syntax does not say (lea)
    base: int  # a register number, _RIP or _NOREG; r15 (the sandbox base) is left out
    index: int
    scale: int
    disp: int
    plain: bool  # no segment override and a parsable expression


@dataclass(frozen=True)
class _Other:
    text: str  # an xmm/x87/segment register or anything else not tracked


_Operand = _Reg | _Imm | _Mem | _Other
_SIZES = {"byte": 1, "word": 2, "dword": 4, "qword": 8, "tbyte": 10, "xmmword": 16, "ymmword": 32, "zmmword": 64}
_PARSED: dict[str, tuple[_Operand, ...]] = {}


def _operands(ops: str) -> tuple[_Operand, ...]:
    got = _PARSED.get(ops)
    if got is None:
        if len(_PARSED) > 200_000:
            _PARSED.clear()
        got = _PARSED[ops] = tuple(_parse_operand(part) for part in ops.split(", ")) if ops else ()
    return got


def _parse_operand(part: str) -> _Operand:
    reg = _REGS.get(part)
    if reg is not None:
        return _Reg(*reg)
    if "[" not in part:
        try:
            return _Imm(int(part, 0))
        except ValueError:
            return _Other(part)
    prefix, _, expr = part.partition("[")
    words = prefix.split()
    size = _SIZES.get(words[0], 0) if len(words) >= 2 and words[1].startswith("ptr") else 0
    base = index = _NOREG
    scale, disp, sign, plain = 1, 0, 1, ":" not in prefix
    for tok in expr.rstrip("]").split():
        if tok in ("+", "-"):
            sign = 1 if tok == "+" else -1
            continue
        name, star, factor = tok.partition("*")
        if name == "rip":
            base = _RIP
        elif name in _REGS:
            n = _REGS[name][0]
            if n == 15 and not star:
                continue  # the sandbox base: user addresses are the rest
            if star or base != _NOREG:
                index, scale = n, int(factor) if star else 1
            else:
                base = n
        else:
            try:
                disp += sign * int(tok, 0)
            except ValueError:
                plain = False
    return _Mem(size, base, index, scale, disp, plain)


# --------------------------------------------------------------------------------------------------------------
# Data flow
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """A stack address: the value of rsp (or rbp) on entry to block `anchor`, plus `offset`."""

    anchor: tuple[str, int]
    offset: int


@dataclass(frozen=True)
class _Unknown:
    reason: str


_Value = int | _Frame | _Unknown
_Key = tuple[str, object, int]  # ("f", anchor, offset) | ("a", None, address)
_MemMap = dict[_Key, tuple[int, _Value]]  # key -> (size, value)

_RAX, _RCX, _RDX, _RBX, _RSP, _RBP, _RSI, _RDI, _R11, _R15 = 0, 1, 2, 3, 4, 5, 6, 7, 11, 15
_CALLER_SAVED = (0, 1, 2, 6, 7, 8, 9, 10, 11)  # rax rcx rdx rsi rdi r8-r11
_ALL = tuple(range(16))

# Mnemonics that write nothing tracked (no register, no memory): only flags or nothing.
_NO_WRITE = frozenset(("nop", "cmp", "test", "bt", "ucomiss", "ucomisd", "comiss", "comisd", "ptest", "endbr64",
                       "pause", "lfence", "mfence", "sfence", "clflush", "prefetch", "prefetchnta", "prefetcht0",
                       "prefetcht1", "prefetcht2", "prefetchw", "cld", "std", "clc", "stc", "cmc", "fnop",
                       "vzeroupper", "emms", "hlt", "ud2", ".byte")) | _BRANCHES
# Implicit writes: registers (besides the explicit first operand), and whether memory may be written.
_IMPLICIT: dict[str, tuple[tuple[int, ...], bool]] = {
    "cbw": ((_RAX,), False), "cwde": ((_RAX,), False), "cdqe": ((_RAX,), False), "cwd": ((_RDX,), False),
    "cdq": ((_RDX,), False), "cqo": ((_RDX,), False), "mul": ((_RAX, _RDX), False), "div": ((_RAX, _RDX), False),
    "idiv": ((_RAX, _RDX), False), "cpuid": ((_RAX, _RBX, _RCX, _RDX), False), "rdtsc": ((_RAX, _RDX), False),
    "rdtscp": ((_RAX, _RCX, _RDX), False), "rdpmc": ((_RAX, _RDX), False), "rdmsr": ((_RAX, _RDX), False),
    "rdpkru": ((_RAX, _RDX), False), "xgetbv": ((_RAX, _RDX), False), "lahf": ((_RAX,), False),
    "xlatb": ((_RAX,), False), "in": ((_RAX,), False), "loop": ((_RCX,), False), "loope": ((_RCX,), False),
    "loopne": ((_RCX,), False), "enter": ((_RSP, _RBP), True), "leave": ((_RSP, _RBP), False),
    "pushfq": ((_RSP,), True), "popfq": ((_RSP,), False), "pushf": ((_RSP,), True), "popf": ((_RSP,), False),
    "cmpxchg": ((_RAX,), True), "cmpxchg8b": ((_RAX, _RDX), True), "cmpxchg16b": ((_RAX, _RDX), True),
    "pcmpistri": ((_RCX,), False), "pcmpestri": ((_RCX,), False), "maskmovq": ((), True),
    "maskmovdqu": ((), True), "clzero": ((), True), "ret": ((_RSP,), False), "retf": ((_RSP,), False),
    "iretq": (_ALL, True), "syscall": (_ALL, True), "sysenter": (_ALL, True), "int": (_ALL, True),
    "int1": (_ALL, True), "int3": (_ALL, True), "into": (_ALL, True), "lcall": (_ALL, True),
    "ljmp": (_ALL, True), "xsave": ((), True), "xsaveopt": ((), True), "fxsave": ((), True),
    "fxsave64": ((), True), "xsave64": ((), True), "fnsave": ((), True), "fsave": ((), True),
}
_STRING = {"movs": (_RDI, _RSI), "stos": (_RDI,), "lods": (_RAX, _RSI), "scas": (_RDI,), "cmps": (_RDI, _RSI),
           "ins": (_RDI,), "outs": (_RSI,)}
_BOTH_WRITTEN = frozenset(("xchg", "xadd", "mulx"))  # the first two operands are written


def _truncate(value: _Value, width: int) -> _Value:
    """The value as read or written through a register or memory of `width` bytes (zero-extended)."""
    if width == 8 or isinstance(value, _Unknown):
        return value
    if isinstance(value, int):
        return value & ((1 << (8 * width)) - 1)
    # A stack address is a 32-bit user address; with the sandbox base added it names the same place.
    return value if width == 4 else _Unknown("part of a stack address")


class _State:
    __slots__ = ("mem", "regs")

    def __init__(self, regs: list[_Value], mem: _MemMap) -> None:
        self.regs = regs
        self.mem = mem

    def copy(self) -> _State:
        return _State(list(self.regs), dict(self.mem))

    def same(self, other: _State | None) -> bool:
        return other is not None and self.regs == other.regs and self.mem == other.mem


def _open_state(where: int, why: str) -> _State:
    """Nothing known at `where` except that rsp and rbp are some stack addresses."""
    unknown = _Unknown(why)
    regs: list[_Value] = [unknown] * 16
    regs[_RSP] = _Frame(("sp", where), 0)
    regs[_RBP] = _Frame(("bp", where), 0)
    return _State(regs, {})


def _join(states: list[_State], where: int) -> _State:
    first = states[0]
    if len(states) == 1:
        return first.copy()
    merged = _Unknown(f"different values on the paths that meet at {where:#x}")
    regs = list(first.regs)
    mem = dict(first.mem)
    for st in states[1:]:
        for i, v in enumerate(st.regs):
            if regs[i] != v:
                regs[i] = merged
        for key in list(mem):
            other = st.mem.get(key)
            if other is None or other[0] != mem[key][0]:
                del mem[key]
            elif other[1] != mem[key][1]:
                mem[key] = (other[0], merged)
    return _State(regs, mem)


def _describe_key(key: _Key) -> str:
    if key[0] == "a":
        return f"{key[2]:#x}"
    anchor = key[1]
    assert isinstance(anchor, tuple)
    return f"{'%rsp' if anchor[0] == 'sp' else '%rbp'}{key[2]:+#x} as of {anchor[1]:#x}"


def _reg_name(n: int, width: int) -> str:
    names = {8: _GPR64, 4: _GPR32, 2: _GPR16, 1: _GPR8}.get(width)
    return "%" + (names[n] if names else ("ah", "ch", "dh", "bh")[n])


def _direct_target(mnem: str, ops: str) -> int | None:
    return int(ops, 16) if ops.startswith("0x") and (mnem in _BRANCHES or mnem in _CALLS) else None


class _Analysis:
    """Forward data flow over the instructions insns[lo:hi] of the sweep."""

    def __init__(self, sweep: _Sweep, lo: int, hi: int, memory: MemoryReader | None) -> None:
        self.sweep = sweep
        self.memory = memory
        self.lo = lo
        self.insns = sweep.insns[lo:hi]
        self._blocks()
        self._entries()
        self._solve()

    # -- control flow ----------------------------------------------------------------------------------------

    def _local(self, address: int) -> int | None:
        i = self.sweep.index_of(address)
        return i - self.lo if i is not None and 0 <= i - self.lo < len(self.insns) else None

    def _blocks(self) -> None:
        insns = self.insns
        n = len(insns)
        leaders = {0}
        succ: dict[int, list[int]] = {}  # index of a block's last instruction -> successor instruction indexes
        opened: set[int] = {0}
        for i, (addr, _, m, ops) in enumerate(insns):
            if addr % SLOT_SIZE == 0:
                leaders.add(i)  # a possible indirect-branch target: see _entries
            if m in _NO_WRITE or m in _CALLS:
                target = _direct_target(m, ops)
                t = self._local(target) if target is not None else None
                if m in _BRANCHES:
                    if t is not None:
                        leaders.add(t)
                    nexts = [] if m in _JMPS else [i + 1]
                    succ[i] = nexts + ([t] if t is not None else [])
                    leaders.add(i + 1)
                elif m in ("hlt", "ud2", ".byte"):
                    succ[i] = []
                    if m != "hlt" or i + 1 >= n or insns[i + 1][2] != "hlt":
                        leaders.add(i + 1)  # (a run of hlt is one block)
                elif m in _CALLS and t is not None:
                    opened.add(t)  # a function entry: its state comes from every caller
                    leaders.add(t)
            elif m in _FAR:
                succ[i] = []
                leaders.add(i + 1)
        # Direct jumps and calls from outside the region into it.
        edges = self.sweep.edges
        lo_addr = insns[0][0]
        hi_addr = insns[-1][0] + insns[-1][1]
        for k in range(bisect.bisect_left(edges, (lo_addr, -1)), bisect.bisect_left(edges, (hi_addr, -1))):
            target, source = edges[k]
            t = self._local(target)
            if t is not None and not lo_addr <= source < hi_addr:
                opened.add(t)
                leaders.add(t)
        starts = sorted(x for x in leaders if x < n)
        self.starts = starts
        block_of = {s: b for b, s in enumerate(starts)}
        self.ends = [*starts[1:], n]
        self.preds: list[list[int]] = [[] for _ in starts]
        for b in range(len(starts)):
            last = self.ends[b] - 1
            for nxt in succ.get(last, [last + 1]):
                if nxt in block_of:
                    self.preds[block_of[nxt]].append(b)
        self.open = [s in opened for s in starts]

    def _entries(self) -> None:
        """Open the unreached blocks at 32-byte aligned addresses, lowest address first.

        Masked indirect branches land only on aligned addresses, so an unreached aligned block is a possible entry
        (function, jump-table case, computed-goto label); an unreached unaligned one is dead (padding after a jump).
        Lowest first, so that what one entry reaches (the rest of a jump-table case) is not an entry of its own.
        """
        n = len(self.starts)
        succs: list[list[int]] = [[] for _ in range(n)]
        for b, preds in enumerate(self.preds):
            for p in preds:
                succs[p].append(b)
        reached = [False] * n
        todo = [b for b in range(n) if self.open[b]]
        while True:
            while todo:
                b = todo.pop()
                if not reached[b]:
                    reached[b] = True
                    todo.extend(succs[b])
            first = next((b for b in range(n)
                          if not reached[b] and self.insns[self.starts[b]][0] % SLOT_SIZE == 0), None)
            if first is None:
                return
            self.open[first] = True
            todo = [first]

    def _solve(self) -> None:
        n = len(self.starts)
        self.inputs: list[_State | None] = [None] * n
        outputs: list[_State | None] = [None] * n
        for b in range(n):
            if self.open[b]:
                addr = self.insns[self.starts[b]][0]
                self.inputs[b] = _open_state(addr, f"not known on entry to {addr:#x}")
        visits = [0] * n
        changed = True
        while changed:
            changed = False
            for b in range(n):
                if self.open[b]:
                    if outputs[b] is not None:
                        continue  # its input never changes
                    state = self.inputs[b]
                else:
                    ins = [out for p in self.preds[b] if (out := outputs[p]) is not None]
                    if not ins:
                        continue
                    addr = self.insns[self.starts[b]][0]
                    state = _join(ins, addr)
                    visits[b] += 1
                    if visits[b] > 20:  # no fixpoint in sight: give up on this block, soundly
                        self.open[b] = True
                        state = _open_state(addr, f"not known at {addr:#x} (the analysis gave up)")
                    elif state.same(self.inputs[b]) and outputs[b] is not None:
                        continue
                    self.inputs[b] = state
                assert state is not None
                out = state.copy()
                for i in range(self.starts[b], self.ends[b]):
                    self.step(self.insns[i], out)
                if not out.same(outputs[b]):
                    outputs[b] = out
                    changed = True

    def state_before(self, index: int) -> _State:
        """The state just before sweep instruction `index` (which must be in the region)."""
        i = index - self.lo
        b = bisect.bisect_right(self.starts, i) - 1
        state = self.inputs[b]
        if state is None:
            addr = self.insns[i][0]
            return _open_state(addr, f"{addr:#x} is not reached by a known path")
        state = state.copy()
        for k in range(self.starts[b], i):
            self.step(self.insns[k], state)
        return state

    # -- values ----------------------------------------------------------------------------------------------

    @staticmethod
    def read_reg(st: _State, reg: _Reg) -> _Value:
        if reg.width == 0:
            v = st.regs[reg.n]
            return (v >> 8) & 0xFF if isinstance(v, int) else _Unknown("a high byte register")
        return _truncate(st.regs[reg.n], reg.width)

    @staticmethod
    def write_reg(st: _State, reg: _Reg, value: _Value, why: str) -> None:
        n, width = reg.n, reg.width
        if n == _R15:
            return  # the sandbox base; code that writes it fails validation
        if width >= 4:
            st.regs[n] = _truncate(value, width)
            return
        old = st.regs[n]
        if width and isinstance(old, int) and isinstance(value, int):
            mask = (1 << (8 * width)) - 1
            st.regs[n] = (old & ~mask) | (value & mask)
        else:
            st.regs[n] = _Unknown(f"partly written by {why}")

    @staticmethod
    def address(insn: _Insn, mem: _Mem, st: _State) -> _Key | None:
        if not mem.plain:
            return None
        total = mem.disp
        frame: _Frame | None = None
        for reg, scale in ((mem.base, 1), (mem.index, mem.scale)):
            if reg == _NOREG:
                continue
            v: _Value = insn[0] + insn[1] if reg == _RIP else st.regs[reg]
            if isinstance(v, int):
                total += v * scale
            elif isinstance(v, _Frame) and frame is None and scale == 1:
                frame = v
            else:
                return None
        if frame is not None:
            return ("f", frame.anchor, frame.offset + total)
        return ("a", None, total & _MASK32)

    def load(self, st: _State, key: _Key | None, size: int) -> _Value:
        if key is None:
            return _Unknown("loaded from memory at an unknown address")
        space, anchor, off = key
        entry = st.mem.get(key)
        if entry is not None:
            if entry[0] == size:
                return entry[1]
            if entry[0] == 8 and size == 4:
                return _truncate(entry[1], 4)
            if entry[0] == 4 and size == 8:
                upper = st.mem.get((space, anchor, off + 4))
                if upper is not None and upper[0] == 4 and isinstance(entry[1], int) and isinstance(upper[1], int):
                    return entry[1] | (upper[1] << 32)
        elif size == 4:
            whole = st.mem.get((space, anchor, off - 4))
            if whole is not None and whole[0] == 8:
                return whole[1] >> 32 if isinstance(whole[1], int) else _Unknown("the high half of an unknown")
        if space == "a" and self.memory is not None and not _overlaps(st, key, size):
            data = self.memory(off, size)
            if data is not None and len(data) == size:
                return int.from_bytes(data, "little")
        if entry is not None and isinstance(entry[1], _Unknown):
            return entry[1]
        return _Unknown(f"no constant is stored at {_describe_key(key)} on every path")

    @staticmethod
    def store(st: _State, key: _Key | None, size: int, value: _Value) -> None:
        if key is None:
            st.mem.clear()  # the store could have hit anything
            return
        space, anchor, off = key
        mem = st.mem
        # Entries the store overlaps go; so do the slots of other stack anchors, which it may alias.
        for k in [k for k, (sz, _) in mem.items()
                  if k[0] == space and (k[1] != anchor or (k[2] < off + size and off < k[2] + sz))]:
            del mem[k]
        if size in (4, 8):
            mem[key] = (size, _truncate(value, size))

    def operand(self, insn: _Insn, op: _Operand, st: _State, size: int) -> _Value:
        if isinstance(op, _Imm):
            return op.value & ((1 << (8 * size)) - 1) if size else op.value & _MASK64
        if isinstance(op, _Reg):
            value = self.read_reg(st, op)
            if isinstance(value, _Unknown):
                return _Unknown(f"from {_reg_name(op.n, op.width)} at {insn[0]:#x}, whose value is unknown "
                                f"({value.reason})")
            return value
        if isinstance(op, _Mem):
            return self.load(st, self.address(insn, op, st), op.size or size)
        return _Unknown(f"from {op.text}, which is not tracked")

    # -- transfer --------------------------------------------------------------------------------------------

    def step(self, insn: _Insn, st: _State) -> None:
        m = insn[2]
        if m == "nop" or m in _NO_WRITE:
            return
        ops = _operands(insn[3])
        if m in ("mov", "movabs") and len(ops) == 2:
            dst, src = ops
            if isinstance(dst, _Reg):
                self.write_reg(st, dst, self.operand(insn, src, st, dst.width or 1), m)
                return
            if isinstance(dst, _Mem):
                size = dst.size
                self.store(st, self.address(insn, dst, st), size, self.operand(insn, src, st, size))
                return
        elif m == "lea" and len(ops) == 2 and isinstance(ops[0], _Reg) and isinstance(ops[1], _Mem):
            key = self.address(insn, ops[1], st)
            value: _Value
            if key is None:
                value = _Unknown(f"computed by `lea` at {insn[0]:#x}")
            elif key[0] == "f":
                assert isinstance(key[1], tuple)
                value = _Frame(key[1], key[2])
            else:
                value = key[2]
            self.write_reg(st, ops[0], value, m)
            return
        elif m in ("add", "sub", "and", "or", "xor") and len(ops) == 2 and isinstance(ops[0], _Reg):
            dst, src = ops
            if isinstance(src, _Reg) and src.n == dst.n and m in ("xor", "sub"):
                self.write_reg(st, dst, 0, m)
                return
            if m == "add" and isinstance(src, _Reg) and src.n == _R15 and src.width == 8:
                return  # adding the sandbox base keeps the user address
            width = dst.width or 1
            value = _arith(m, self.read_reg(st, dst), self.operand(insn, src, st, width), width, insn[0])
            self.write_reg(st, dst, value, m)
            return
        elif m == "push" and len(ops) == 1:
            value = self.operand(insn, ops[0], st, 8)
            _move_sp(st, -8)
            self.store(st, _sp_key(st), 8, value)
            return
        elif m == "pop" and len(ops) == 1:
            value = self.load(st, _sp_key(st), 8)
            _move_sp(st, 8)
            if isinstance(ops[0], _Reg):
                self.write_reg(st, ops[0], value, m)
            else:
                self.store(st, self.address(insn, ops[0], st) if isinstance(ops[0], _Mem) else None, 8, value)
            return
        elif m in _CALLS:
            clobbered = _Unknown(f"clobbered by the call at {insn[0]:#x}")
            for n in _CALLER_SAVED:
                st.regs[n] = clobbered
            st.mem.clear()
            return
        elif m in ("cdqe", "cltq") and isinstance(st.regs[_RAX], int):
            v = st.regs[_RAX] & _MASK32
            st.regs[_RAX] = (v - (1 << 32) if v >> 31 else v) & _MASK64
            return
        self.generic(insn, ops, st)

    def generic(self, insn: _Insn, ops: tuple[_Operand, ...], st: _State) -> None:
        """Anything else: forget what it writes, explicitly (its first operand) or implicitly."""
        m = insn[2]
        why = f"`{m}` at {insn[0]:#x}"
        unknown = _Unknown(f"set by {why}")
        words = m.split()
        base = words[-1]
        regs, writes_memory = _IMPLICIT.get(base, ((), False))
        stem = base.rstrip("bwdq") if base[-1:] in "bwdq" else base
        if stem in _STRING and not any(isinstance(op, _Other) for op in ops):
            regs = _STRING[stem] + ((_RCX,) if words[0].startswith("rep") else ()) + ((_RAX,) if stem == "lods"
                                                                                       else ())
            writes_memory = stem in ("movs", "stos", "ins")
        elif base == "imul" and len(ops) == 1:
            regs = (_RAX, _RDX)
        for n in regs:
            st.regs[n] = unknown
        if writes_memory or regs is _ALL:
            st.mem.clear()
        if regs is _ALL:
            fresh = _open_state(insn[0], f"after {why}")
            st.regs = fresh.regs
            return
        written = ops[:2] if base in _BOTH_WRITTEN else ops[:1]
        if base == "imul" and len(ops) == 1:
            written = ()
        for op in written:
            if isinstance(op, _Reg):
                self.write_reg(st, op, unknown, why)
            elif isinstance(op, _Mem):
                self.store(st, self.address(insn, op, st), op.size, _Unknown(f"written by {why}"))


def _overlaps(st: _State, key: _Key, size: int) -> bool:
    """Is any tracked entry over key/size (so the file's bytes are not what is there)?"""
    space, anchor, off = key
    return any(k[0] == space and k[1] == anchor and k[2] < off + size and off < k[2] + sz
               for k, (sz, _) in st.mem.items())


def _sp_key(st: _State) -> _Key | None:
    sp = st.regs[_RSP]
    return ("f", sp.anchor, sp.offset) if isinstance(sp, _Frame) else None


def _move_sp(st: _State, delta: int) -> None:
    sp = st.regs[_RSP]
    if isinstance(sp, _Frame):
        st.regs[_RSP] = _Frame(sp.anchor, sp.offset + delta)


def _arith(m: str, a: _Value, b: _Value, width: int, where: int) -> _Value:
    if isinstance(a, _Unknown):
        return a  # keep the first reason: `and $-32,%r11d` of a loaded pointer is still "loaded from ..."
    mask = (1 << (8 * width)) - 1
    if isinstance(a, int) and isinstance(b, int):
        result = {"add": a + b, "sub": a - b, "and": a & b, "or": a | b, "xor": a ^ b}[m]
        return result & mask
    if isinstance(a, _Frame) and isinstance(b, int) and m in ("add", "sub") and width >= 4:
        delta = b if b < (1 << (8 * width - 1)) else b - (1 << (8 * width))  # a sign-extended immediate
        return _Frame(a.anchor, a.offset + (delta if m == "add" else -delta))
    if isinstance(b, _Unknown):
        return b
    return _Unknown(f"computed by `{m}` at {where:#x}")


# --------------------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------------------


def find_trap_sites(text: bytes, base: int, symbols: Mapping[int, str] | None = None,
                    memory: MemoryReader | None = None) -> tuple[TrapSite, ...]:
    """Every trap site of `text` (loaded at user address `base`), in address order.

    `symbols` maps function start addresses to names (STT_FUNC symbols); `memory(address, size)` reads static
    memory, for an argument array the code does not build itself (see the module docstring).
    """
    # The sweep keeps ~1 tuple per 3 bytes of text alive: the cyclic GC would re-scan them over and over, for
    # nothing (none of this is cyclic).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Scanner(text, base, symbols, memory).sites()
    finally:
        if was_enabled:
            gc.enable()


class _Scanner:
    def __init__(self, text: bytes, base: int, symbols: Mapping[int, str] | None,
                 memory: MemoryReader | None) -> None:
        self.sweep = _sweep(text, base)
        self.base = base
        self.end = base + len(text)
        self.symbols = dict(symbols or {})
        self.sym_addrs = sorted(a for a in self.symbols if base <= a < self.end)
        self.memory = memory
        self.analyses: dict[tuple[int, int], _Analysis] = {}

    def sites(self) -> tuple[TrapSite, ...]:
        out: list[TrapSite] = []
        for raw in self.sweep.raws:
            site = self.site(raw)
            if site is not None:
                out.append(site)
        return tuple(out)

    def in_function(self, addr: int) -> str | None:
        k = bisect.bisect_right(self.sym_addrs, addr) - 1
        return self.symbols[self.sym_addrs[k]] if k >= 0 else None

    def function_range(self, index: int) -> tuple[int, int]:
        """The sweep indexes [lo, hi) of the function around sweep instruction `index`."""
        sweep, addr = self.sweep, self.sweep.insns[index][0]
        k = bisect.bisect_right(self.sym_addrs, addr) - 1
        halts = sweep.halts
        h = bisect.bisect_left(halts, addr)
        if k >= 0:
            lo_addr = self.sym_addrs[k]
            hi_addr = self.sym_addrs[k + 1] if k + 1 < len(self.sym_addrs) else self.end
        else:
            lo_addr = halts[h - 1] + 1 if h > 0 else self.base
            hi_addr = halts[h] if h < len(halts) else self.end
            if self.sym_addrs:
                hi_addr = min(hi_addr, self.sym_addrs[0])
        addrs = sweep.addrs
        return bisect.bisect_left(addrs, lo_addr), bisect.bisect_left(addrs, hi_addr)

    def state(self, index: int, lo: int, hi: int) -> tuple[_Analysis, _State]:
        key = (lo, hi)
        analysis = self.analyses.get(key)
        if analysis is None:
            analysis = self.analyses[key] = _Analysis(self.sweep, lo, hi, self.memory)
        return analysis, analysis.state_before(index)

    def site(self, raw: _Raw) -> TrapSite | None:
        addr = self.sweep.insns[raw.index][0]
        name = self.in_function(addr)
        if raw.kind in ("syscall", "sysenter", "int"):
            return TrapSite(addr, raw.kind, None, None, None,
                            f"a raw `{raw.kind}` instruction, not a ZeroVM trap (the validator rejects it)", name)
        if raw.kind == "indirect":
            return self.indirect(raw, addr, name)
        assert raw.target is not None
        target = raw.target
        slot = (target - TRAMPOLINE_START) // SLOT_SIZE
        if target % SLOT_SIZE or slot:
            return TrapSite(addr, raw.kind, slot, None, None, _not_slot0(target), name)
        function, code, reason = self.resolve(raw.index)
        return TrapSite(addr, raw.kind, 0, function, code, reason, name)

    def resolve(self, index: int) -> tuple[str | None, int | None, str | None]:
        """The function code at the trap call sweep.insns[index]: the window first, then the whole function."""
        lo, hi = self.function_range(index)
        result = _resolve_code(*self.state(index, self.window(index, lo, WINDOW), index + 1))
        if result[1] is None and hi - lo <= MAX_FUNCTION:
            # The window ends at the site, so a loop around it was cut open: the whole function may know more.
            result = _resolve_code(*self.state(index, lo, hi))
        return result

    def window(self, index: int, lo: int, count: int) -> int:
        """The start of the `count` non-NOP instructions before sweep.insns[index], not before `lo`."""
        insns = self.sweep.insns
        i = index
        while i > lo and count > 0:
            i -= 1
            if insns[i][2] != "nop":
                count -= 1
        return i

    def indirect(self, raw: _Raw, addr: int, name: str | None) -> TrapSite | None:
        if raw.register is None:
            return TrapSite(addr, "indirect", None, None, None,
                            "target not statically known: a memory-indirect or far branch", name)
        target = self.branch_target(raw.index, _REGS[raw.register][0])
        if isinstance(target, int):
            if not TRAMPOLINE_START <= target < TRAMPOLINE_END:
                return None  # provably somewhere else
            slot = (target - TRAMPOLINE_START) // SLOT_SIZE
            if target % SLOT_SIZE or slot:
                return TrapSite(addr, "indirect", slot, None, None, _not_slot0(target), name)
            function, code, reason = self.resolve(raw.index)
            return TrapSite(addr, "indirect", 0, function, code, reason, name)
        return TrapSite(addr, "indirect", None, None, None,
                        f"target not statically known: %{raw.register} {target}", name)

    def branch_target(self, index: int, n: int) -> int | str:
        """The low 32 bits of register `n` at sweep.insns[index] (masked branches use no more), or why not known.

        Indirect branches are many and their targets almost never constant, so this is a short backward walk
        rather than the data flow: through the mask and NOPs, along register-to-register moves, to a `mov $imm`.
        It stops, unknown, at anything else that writes the register, at a branch, and at a direct-branch target
        (a join); it goes back at most INDIRECT_WINDOW non-NOP instructions within the function.
        """
        insns = self.sweep.insns
        lo = self.window(index, self.function_range(index)[0], INDIRECT_WINDOW)
        edges = self.sweep.edges
        mask = _MASK32
        i = index
        while i > lo:
            addr = insns[i][0]
            k = bisect.bisect_left(edges, (addr, -1))
            if i != index and k < len(edges) and edges[k][0] == addr:
                return f"is set on more than one path (a branch targets {addr:#x})"
            i -= 1
            _, _, m, ops_text = insns[i]
            if m == "nop":
                continue
            if m in _BRANCHES or m in _CALLS or m in _FAR or m in ("hlt", "ud2", ".byte"):
                return f"is set before the instruction at {insns[i][0]:#x}"
            if m in _NO_WRITE:
                continue
            ops = _operands(ops_text)
            first = ops[0] if ops else None
            if isinstance(first, _Reg) and first.n == n and len(ops) == 2:
                src = ops[1]
                if m == "add" and src == _Reg(_R15, 8):
                    continue  # the sandbox base
                if m == "and" and first.width == 4 and isinstance(src, _Imm):
                    mask &= src.value
                    continue  # the mask
                if m in ("mov", "movabs") and first.width >= 4:
                    if isinstance(src, _Imm):
                        return src.value & mask
                    if isinstance(src, _Reg) and src.width >= 4 and src.n not in (_RSP, _RBP, _R15):
                        n = src.n  # follow the copy
                        continue
            if (isinstance(first, _Reg) and first.n == n) or n in _IMPLICIT.get(m.split()[-1], ((), False))[0] \
                    or (m.split()[-1] in _BOTH_WRITTEN and len(ops) > 1 and isinstance(ops[1], _Reg)
                        and ops[1].n == n):
                return f"is set by `{m} {ops_text}` at {insns[i][0]:#x}"
        return "is set before the instructions examined"


def _not_slot0(target: int) -> str:
    if target % SLOT_SIZE:
        return f"target {target:#x} is not the start of a trampoline slot"
    slot = (target - TRAMPOLINE_START) // SLOT_SIZE
    return f"slot {slot}, not slot 0: zerovm ends the session with exit code 22"


def _resolve_code(analysis: _Analysis, st: _State) -> tuple[str | None, int | None, str | None]:
    pointer = _truncate(st.regs[_RDI], 4)  # zerovm takes the argument pointer from %edi
    if isinstance(pointer, _Unknown):
        return None, None, f"the argument pointer %edi is not statically known: {pointer.reason}"
    key: _Key = ("f", pointer.anchor, pointer.offset) if isinstance(pointer, _Frame) else ("a", None, pointer)
    code = analysis.load(st, key, 8)
    if isinstance(code, int):
        return FUNCTION_CODES.get(code, "unknown"), code, None
    reason = code.reason if isinstance(code, _Unknown) else "it holds a stack address"
    return None, None, f"args[0] (at {_describe_key(key)}) is not statically known: {reason}"
