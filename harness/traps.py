"""The static trap surface of a nexe: every place its code can leave the sandbox, and which trap it passes.

A ZeroVM program reaches the outside only through the trampoline (ZEROVM.md sections 4 and 7): a call to slot 0
(0x10000) with %edi pointing at a ``uint64_t args[]`` whose ``args[0]`` is the function code.  A call to any other
slot ends the session with exit code 22.  Raw ``syscall``/``sysenter``/``int`` are rejected by the validator but
are still reported: they are the first thing a reviewer asks about.

`find_trap_sites` lists, in address order (`find_trap_surface` also returns the indirect branches resolved to
ordinary code, and `reachable_functions` / `site_functions` say which trap functions sites can pass):

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
    branches too) gets a target set (`harness.indirect`, whose docstring says how and where that is unsound): a
    constant target register (e.g. gcc's ``mov $func,%r11d`` before a masked call; found by a short backward
    walk, see `_Scanner.branch_target`), a bounded jump table (`_Scanner.jump_table`), or the program's
    address-taken set.  A branch whose every target is ordinary code is *not* a trap site: it is returned apart
    (`find_trap_surface`, `TrapSurface.resolved`), and what its targets call is listed at their own sites.  The
    rest stay trap sites with function None and reason "target not statically known: ..." saying what sets the
    register and why the target set may hold a trampoline address: memory-indirect, far or unmasked branches
    (the validator rejects them), raw code with no data image, or a program that names a trampoline address.
  - An indirect branch whose target *is* a known constant in the trampoline is a disguised trap: it is listed with
    its slot and, for slot 0, the resolved function, so `allowed_by_zerovm` means the same as for direct sites.

Decoding
--------
The instruction boundaries are those of one linear sweep with capstone in lite mode (an undecodable byte is skipped,
capstone's SKIPDATA).  That is right for validated code, where no instruction crosses a 32-byte bundle and every
branch target is an instruction the sweep sees.  The text is not decoded as a whole, though, only its *starts map*
(a byte per text byte, 1 where an instruction starts) is needed:

* ``validation``, the validator's valid report on the same text, gives the map for free (`scan` passes it): the
  validator walks with capstone's lengths, so its starts are the sweep's (checked on every toolchain nexe; where the
  two decoders could disagree on a length the validator's boundaries are the ones zerovm enforces).  An invalid
  report is not used.  Without one, a sweep builds the map (in windows, keeping nothing else).
* Candidate sites are found by their bytes at instruction starts (one regular-expression pass over the map and the
  text interleaved): the direct branches ``e8``/``e9``/``eb``/``7x``/``e0``-``e3``/``0f 8x``, whose targets are
  computed from the bytes (they also give the direct-branch edges), and everything capstone could decode as an
  indirect or far branch, interrupt or system call (``ff``, ``9a``, ``ea``, ``cd``, ``cc``, ``f1``, ``ce``,
  ``0f 05``, ``0f 34``, any of these after prefixes), which capstone decodes.
* Walks over a few instructions (is a ``jmp`` a return, what sets an indirect branch's register) go back through
  the map, each instruction decoded by capstone once per distinct byte string (process-wide memo): the toolchain's
  masked branches and NOP padding are a handful of byte strings.  Runs of one-byte NOPs are stepped over at once.
* Only the code the data flow runs on (the functions around slot-0 sites) is decoded with capstone, as capstone's
  (address, size, mnemonic, operands) tuples; operand strings are parsed once and cached.

If capstone reads a stretch the scan examines with other boundaries than the map's, the scan drops the map and
sweeps the text itself.

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
our toolchain pads between functions with ``hlt`` and only with NOPs inside them.

*Big functions.*  A function larger than REGION_LIMIT (64 KiB) is looked at only REGION_LIMIT bytes back from
each site: the window and the indirect-target walk stop there (they skip NOPs without counting them, so in a text
with no ``hlt`` they could otherwise run to its start).  Such a function has more than 4000 instructions, so it
never got the whole-function analysis anyway; the bound changes an answer only where the 48 (or 12) instructions
before a site are spread over more than 64 KiB of NOPs, which no compiler makes.

Regions that start mid-function or span several functions are still sound, by these rules:

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
import re
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import capstone

from harness.indirect import AddressTaken, IndirectSite, address_taken, jump_table
from harness.x86 import GPR8 as _GPR8
from harness.x86 import GPR16 as _GPR16
from harness.x86 import GPR32 as _GPR32
from harness.x86 import GPR64 as _GPR64

if TYPE_CHECKING:
    from harness.validator import ValidationReport

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
# Bytes: a larger function is analysed in a bounded region around each site.  Above 15 * MAX_FUNCTION, so such a
# function always has more than MAX_FUNCTION instructions and got the window only anyway.
REGION_LIMIT = 1 << 16

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
# The text: instruction starts, decoding on demand, and the candidate sites
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
# `pop %rN` (and its starts map) right before the mask: the common return, recognised without decoding.
_RETURN_POPS = {name: ((b"\x41" if n >= 8 else b"") + bytes((0x58 + (n & 7),)), b"\x01" + bytes(n >= 8))
                for n, name in enumerate(_GPR64)}

# Candidate sites are found by their opcode bytes at instruction starts, in a buffer interleaving the starts map
# with the text (flag, byte, flag, byte, ...): a match must begin at a flag 1, and the bytes of one instruction
# are those up to the next flag 1.  Odd positions cannot match (a flag is never an opcode or prefix byte).
_PREFIX = rb"[\x26\x2e\x36\x3e\x64\x65\x66\x67\xf0\xf2\xf3\x40-\x4f]"  # legacy prefixes and REX
# Every opcode capstone can decode as one of the mnemonics above (besides hlt and pop, looked at on demand):
# e8/e9/eb/7x/e0-e3/0f 8x direct branches, ff /2-/5 indirect and far ones, 9a/ea far (.byte in 64-bit mode, but
# decoded to be sure), cd/cc/f1/ce interrupts, 0f 05 syscall, 0f 34 sysenter.
_ANY_OPCODE = rb"(?:[\xe8\xe9\x70-\x7f\xeb\xe0-\xe3\xff\xcd\xcc\xf1\xce\x9a\xea]|\x0f\x00[\x80-\x8f\x05\x34])"
# The direct branches without prefixes are nearly all of the matches: their targets are computed from the bytes.
_REL8 = re.compile(rb"\x01[\x70-\x7f\xeb\xe0-\xe3]")
_REL32 = re.compile(rb"\x01[\xe8\xe9]")
_JCC32 = re.compile(rb"\x01\x0f\x00[\x80-\x8f]")
# Everything else (prefixed forms, indirect and far branches, interrupts, system calls) goes through capstone,
# memoised by the instruction's bytes; the toolchain's `call *%r11` and `jmp *%r11` are a handful of byte strings.
# (Two patterns: one with an alternation at every start costs more than both.)
_PREFIXED = re.compile(rb"\x01" + _PREFIX + rb"\x00(?:" + _PREFIX + rb"\x00)*" + _ANY_OPCODE)
_PLAIN = re.compile(rb"\x01(?:[\xff\xcd\xcc\xf1\xce\x9a\xea]|\x0f\x00[\x05\x34])")
# The ModRM byte after ff of `call *%reg` (/2, mod 11): tells an indirect call from a jump without decoding.
_CALL_MODRM = frozenset(bytes((b,)) for b in range(0xD0, 0xD8))
_PREFIX_BYTES = frozenset(b"\x26\x2e\x36\x3e\x64\x65\x66\x67\xf0\xf2\xf3" + bytes(range(0x40, 0x50)))
_REL32_FIELD = struct.Struct("<i").unpack_from


class _Desync(Exception):
    """capstone reads the text with other instruction boundaries than the ones given: decode it ourselves."""


# Position-independent decodings by instruction bytes (None: the operands name an absolute address, as direct
# branch targets do, so the instruction is decoded again wherever it is).  Shared by every scan.
_DECODED: dict[bytes, tuple[int, str, str] | None] = {}
_DECODED_MAX = 200_000


def _capstone() -> capstone.Cs:
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.skipdata = True  # an undecodable byte becomes a 1-byte ".byte" and the decoding goes on
    return md


_MD = _capstone()
_SWEEP_WINDOW = 1 << 20  # bytes decoded per capstone call
_START_PIECES = [b"" if size == 0 else b"\x01" + bytes(size - 1) for size in range(16)]


def _sweep_starts(text: bytes) -> bytes:
    """The instruction starts of one linear capstone sweep over `text` (1 at each start's offset).

    In windows (capstone builds its whole answer before the first item): an instruction is taken only with 15
    bytes (the longest instruction) of the window after its start, so it decodes as in one sweep.
    """
    n = len(text)
    out: list[bytes] = []
    view = memoryview(text)
    pieces = _START_PIECES
    pos = 0
    while pos < n:
        stop = min(n, pos + _SWEEP_WINDOW)
        insns = list(_MD.disasm_lite(view[pos:stop], pos))
        if stop < n:
            while insns and insns[-1][0] > stop - 15:
                insns.pop()
        # The map of a window, joined from per-size pieces: no Python-level work per byte.
        chunk = b"".join([pieces[insn[1]] for insn in insns])
        out.append(chunk)
        pos += len(chunk)
    return b"".join(out)


def _report_starts(text: bytes, base: int, validation: ValidationReport | None) -> bytes | None:
    """The validator's instruction starts for `text`, when they can stand in for a capstone sweep.

    Only a valid report's: there every byte up to the trimmed size belongs to an instruction the validator decoded
    (and capstone agreed on its length, see `_Code`).  The trimmed tail is all HLT, one instruction per byte.
    """
    if validation is None or not validation.valid or validation.base != base:
        return None
    starts = validation.instruction_starts
    size = validation.size
    if len(starts) != len(text) or not 0 < size <= len(text) or not starts[0]:
        return None
    if size < len(text):
        if text[size:].strip(b"\xf4"):
            return None
        starts = starts[:size] + b"\x01" * (len(text) - size)
    return starts


@dataclass(frozen=True)
class _Raw:
    address: int
    kind: str
    target: int | None  # a direct target
    register: str | None  # the target register of a register-indirect branch


class _Chunk:
    """Consecutive decoded instructions (a function, or a bounded region of a big one)."""

    __slots__ = ("addrs", "capped", "insns")

    def __init__(self, insns: list[_Insn], capped: bool) -> None:
        self.insns = insns
        self.addrs = [insn[0] for insn in insns]
        self.capped = capped  # only the window before a site in a function larger than REGION_LIMIT

    def index_of(self, address: int) -> int | None:
        i = bisect.bisect_left(self.addrs, address)
        return i if i < len(self.insns) and self.insns[i][0] == address else None


class _Edges:
    """(target, source) of every direct jump and call into the text, as sorted ints target << 40 | source."""

    __slots__ = ("keys", "ordered", "targets")

    def __init__(self, keys: list[int]) -> None:
        keys.sort()
        self.keys = keys
        self.ordered = list(dict.fromkeys(k >> 40 for k in keys))  # the distinct targets, ascending
        self.targets = set(self.ordered)

    def highest(self, lo: int, hi: int) -> int | None:
        """The highest target in [lo, hi), if any."""
        k = bisect.bisect_left(self.ordered, hi) - 1
        return self.ordered[k] if k >= 0 and self.ordered[k] >= lo else None

    def between(self, lo: int, hi: int) -> list[tuple[int, int]]:
        keys = self.keys
        got = keys[bisect.bisect_left(keys, lo << 40):bisect.bisect_left(keys, hi << 40)]
        return [(k >> 40, k & ((1 << 40) - 1)) for k in got]


class _Code:
    """The text and its instruction starts: instructions decoded only where they are looked at."""

    def __init__(self, text: bytes, base: int, starts: bytes) -> None:
        self.text = text
        self.base = base
        self.starts = starts
        self.n = len(text)

    def prev(self, off: int) -> int:
        """The start of the instruction before the one at `off` (-1 at the first)."""
        return self.starts.rfind(b"\x01", 0, off)

    def next_start(self, off: int) -> int:
        """The first instruction start at or after `off` (the text size past the last)."""
        k = self.starts.find(b"\x01", off)
        return self.n if k < 0 else k

    def insn(self, off: int) -> _Insn:
        """The instruction at start `off`, as the capstone sweep decodes it."""
        return self.decode(off, self.next_start(off + 1))

    def nop_run(self, off: int, floor: int) -> int:
        """The start of the run of one-byte NOPs (90) that ends at instruction start `off`, not below `floor`.

        Padding in front of calls and returns is such runs; walks step over one in a single move.
        """
        if off <= floor or self.text[off - 1] != 0x90:
            return off
        lo = max(floor, off - 64)
        seg = self.text[lo:off]
        run = off - (len(seg) - len(seg.rstrip(b"\x90")))
        if run == off:
            return off
        # Only where each byte is an instruction start is it a NOP (else the 90 ends something longer).
        gap = self.starts.rfind(b"\x00", run, off)
        return off if gap == off - 1 else max(run, gap + 1) if gap >= 0 else run

    def before(self, off: int) -> tuple[int, _Insn]:
        """The instruction before the one at `off` (which must not be the first), and its start."""
        start = self.starts.rfind(b"\x01", 0, off)
        return start, self.decode(start, off)

    def decode(self, off: int, end: int) -> _Insn:
        """The instruction text[off:end] (from one instruction start to the next)."""
        raw = self.text[off:end]
        got = _DECODED.get(raw, False)
        if got is False:
            if len(_DECODED) > _DECODED_MAX:
                _DECODED.clear()
            # Decoded at two addresses: if the operand text differs, it holds an absolute address.
            first = next(_MD.disasm_lite(raw, 0, 1))
            second = next(_MD.disasm_lite(raw, 1 << 32, 1))
            if first[1] != len(raw):
                raise _Desync(f"capstone decodes {raw.hex()} at {self.base + off:#x} as {first[1]} bytes")
            got = _DECODED[raw] = (first[1], first[2], first[3]) if first[3] == second[3] else None
        if got is None:
            return next(_MD.disasm_lite(raw, self.base + off, 1))
        assert isinstance(got, tuple)
        return (self.base + off, *got)

    def chunk(self, lo: int, hi: int, capped: bool) -> _Chunk:
        """The instructions starting in [lo, hi) (offsets; both instruction starts or the text end)."""
        insns: list[_Insn] = list(_MD.disasm_lite(self.text[lo:hi], self.base + lo)) if hi > lo else []
        if len(insns) != self.starts.count(b"\x01", lo, hi) or (insns and insns[-1][0] + insns[-1][1]
                                                                != self.base + hi):
            raise _Desync(f"capstone decodes [{self.base + lo:#x}, {self.base + hi:#x}) with other boundaries")
        return _Chunk(insns, capped)

    def hlt_at(self, q: int) -> int | None:
        """The offset of the `hlt` whose f4 byte is at `q`, or None when that byte is part of something else."""
        starts = self.starts
        if starts[q]:
            return q
        s = starts.rfind(b"\x01", 0, q)
        if s < 0 or any(b not in _PREFIX_BYTES for b in self.text[s:q]):
            return None
        insn = self.insn(s)  # a prefixed hlt (capstone decodes e.g. `66 f4` as one)
        return s if insn[2] == "hlt" and insn[1] == q + 1 - s else None

    def hlt_before(self, off: int, limit: int) -> int | None:
        """The offset of the last `hlt` before `off`, looking back to `limit`."""
        q = off
        while True:
            q = self.text.rfind(b"\xf4", limit, q)
            if q < 0:
                return None
            s = self.hlt_at(q)
            if s is not None:
                return s

    def hlt_from(self, off: int, limit: int) -> int | None:
        """The offset of the first `hlt` at or after `off`, looking up to `limit`."""
        q = off - 1
        while True:
            q = self.text.find(b"\xf4", q + 1, limit)
            if q < 0:
                return None
            s = self.hlt_at(q)
            if s is not None:
                return s


def _classify(code: _Code, insn: _Insn, raws: list[_Raw], edges: list[int], end: int) -> None:
    """What the sweep makes of one decoded candidate: a site, an edge, or nothing."""
    addr, _, mnem, ops = insn
    if mnem in _CALLS or mnem in _BRANCHES:
        kind = "call" if mnem in _CALLS else "jump"
        if ops.startswith("0x"):
            target = int(ops, 16)
            if TRAMPOLINE_START <= target < TRAMPOLINE_END:
                raws.append(_Raw(addr, kind, target, None))
            elif code.base <= target < end:
                edges.append(target << 40 | addr)
        elif ops in _REGS:
            if kind == "call" or not _is_return(code, addr - code.base, ops):
                raws.append(_Raw(addr, "indirect", None, ops))
        else:
            # Memory-indirect; also a direct target below 10, which capstone prints in decimal.
            raws.append(_Raw(addr, "indirect", None, None))
    elif mnem in _INTS:
        raws.append(_Raw(addr, "int", None, None))
    elif mnem in _FAR:
        raws.append(_Raw(addr, "indirect", None, None))
    elif mnem in ("syscall", "sysenter"):
        raws.append(_Raw(addr, mnem, None, None))


def _candidates(code: _Code) -> tuple[list[_Raw], _Edges]:
    """Every would-be trap site (in address order) and every direct edge into the text."""
    text, base, n = code.text, code.base, code.n
    end = base + n
    mixed = bytearray(2 * n)
    mixed[0::2] = code.starts
    mixed[1::2] = text
    raws: list[_Raw] = []
    edges: list[int] = []
    odd: list[int] = []  # direct branches the bytes do not settle: decoded by capstone
    tramp_lo, tramp_hi = TRAMPOLINE_START, TRAMPOLINE_END
    for pattern, length, field in ((_REL8, 2, 1), (_REL32, 5, 1), (_JCC32, 6, 2)):
        for j in [m.start() for m in pattern.finditer(mixed)]:
            p = j >> 1
            if p + length > n:
                odd.append(p)  # cut off by the end of the text
                continue
            rel = (text[p + 1] ^ 0x80) - 0x80 if length == 2 else _REL32_FIELD(text, p + field)[0]
            addr = base + p
            target = addr + length + rel
            if base <= target < end and target >= 10 and not tramp_lo <= target < tramp_hi:
                edges.append(target << 40 | addr)
            elif tramp_lo <= target < tramp_hi:
                raws.append(_Raw(addr, "call" if text[p] == 0xE8 else "jump", target, None))
            elif 0 <= target < 10:
                odd.append(p)  # capstone prints it in decimal: see _classify
    odd.extend(m.start() >> 1 for m in _PREFIXED.finditer(mixed))
    odd.extend(m.start() >> 1 for m in _PLAIN.finditer(mixed))
    for p in odd:
        _classify(code, code.insn(p), raws, edges, end)
    raws.sort(key=lambda r: r.address)
    return raws, _Edges(edges)


def _is_return(code: _Code, off: int, reg: str) -> bool:
    """Is `jmp *%reg` at offset `off` a sandboxed return: pop %reg, NOPs only, the mask, then this jmp?

    (Within 40 instructions of the pop, as the sweep always required.)
    """
    mask = _RETURN_MASKS.get(reg)
    if mask is None:
        return False
    mask_start = off - len(mask)
    if mask_start < 0:
        return False
    second = code.prev(off)
    first = code.prev(second) if second > 0 else -1
    if first != mask_start or code.text[mask_start:off] != mask:
        return False
    pop, pop_starts = _RETURN_POPS[reg]
    at = mask_start - len(pop)
    if at >= 0 and code.text[at:mask_start] == pop and code.starts[at:mask_start] == pop_starts:
        return True
    i, distance = first, 2
    while distance < 40:
        if i <= 0:
            return False
        run = code.nop_run(i, 0)
        if run < i - 1:
            distance += i - run  # as many NOP instructions
            i = run
            continue
        i, (_, _, m, ops) = code.before(i)
        distance += 1
        if m != "nop":
            return m == "pop" and ops == reg
    return False


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
    """Forward data flow over the instructions insns[lo:hi] of a chunk."""

    def __init__(self, chunk: _Chunk, lo: int, hi: int, edges: _Edges, memory: MemoryReader | None) -> None:
        self.chunk = chunk
        self.edges = edges
        self.memory = memory
        self.lo = lo
        self.insns = chunk.insns[lo:hi]
        self._blocks()
        self._entries()
        self._solve()

    # -- control flow ----------------------------------------------------------------------------------------

    def _local(self, address: int) -> int | None:
        i = self.chunk.index_of(address)
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
        lo_addr = insns[0][0]
        hi_addr = insns[-1][0] + insns[-1][1]
        for target, source in self.edges.between(lo_addr, hi_addr):
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
        """The state just before chunk instruction `index` (which must be in the region)."""
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


@dataclass(frozen=True)
class TrapSurface:
    """What `find_trap_surface` finds: the trap sites, and the indirect branches resolved to ordinary code."""

    sites: tuple[TrapSite, ...]  # every trap site, in address order (unresolved indirect branches included)
    resolved: tuple[IndirectSite, ...]  # indirect branches that cannot enter the trampoline, in address order
    address_taken: AddressTaken | None  # the program's address-taken set (None: no indirect branch needed it)


def find_trap_sites(text: bytes, base: int, symbols: Mapping[int, str] | None = None,
                    memory: MemoryReader | None = None, *,
                    validation: ValidationReport | None = None,
                    data: Iterable[tuple[int, bytes]] | None = None) -> tuple[TrapSite, ...]:
    """Every trap site of `text` (loaded at user address `base`), in address order.

    `symbols` maps function start addresses to names (STT_FUNC symbols); `memory(address, size)` reads static
    memory, for an argument array the code does not build itself (see the module docstring).  `validation` is the
    validator's report on this same text and base, if there is one: a valid report's instruction starts spare
    the capstone sweep (see *Decoding*); an invalid report is not used.  `data` is the rest of the loaded image
    (see `find_trap_surface`); without it, function-pointer branches stay unresolved.
    """
    return find_trap_surface(text, base, symbols, memory, validation=validation, data=data).sites


def find_trap_surface(text: bytes, base: int, symbols: Mapping[int, str] | None = None,
                      memory: MemoryReader | None = None, *,
                      validation: ValidationReport | None = None,
                      data: Iterable[tuple[int, bytes]] | None = None) -> TrapSurface:
    """The trap sites of `text` and its indirect branches resolved to ordinary code (`harness.indirect`).

    `data` is the loaded image besides the text, as (user address, initial bytes) per segment: the constants in
    it are part of the address-taken set.  None means it is not known (raw code): then only jump tables and
    constant targets resolve.  Other arguments as for `find_trap_sites`.
    """
    text = bytes(text)
    data = None if data is None else [(address, bytes(blob)) for address, blob in data]
    # The analyses build many small tuples and dicts, none of them cyclic: the cyclic GC would only re-scan them.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        starts = _report_starts(text, base, validation)
        if starts is not None:
            try:
                return _Scanner(text, base, starts, symbols, memory, data).surface()
            except _Desync:
                pass  # capstone disagrees with the validator somewhere we looked: use its own boundaries
        return _Scanner(text, base, _sweep_starts(text), symbols, memory, data).surface()
    finally:
        if was_enabled:
            gc.enable()


def reachable_functions(sites: Iterable[TrapSite]) -> frozenset[str]:
    """The trap functions the sites can call: a resolved one names its function, a site whose function code (or
    target) is not known could pass any of the six (or another code: "unknown")."""
    out: set[str] = set()
    for site in sites:
        out |= site_functions(site)
    return frozenset(out)


ANY_FUNCTION = frozenset((*FUNCTION_CODES.values(), "unknown"))


def site_functions(site: TrapSite) -> frozenset[str]:
    """What one site can pass to zerovm's TrapHandler (empty: it cannot reach the handler, e.g. slot 1)."""
    if site.kind in ("syscall", "sysenter", "int"):
        return frozenset()
    if site.slot is None:
        return ANY_FUNCTION  # an unresolved indirect branch
    if site.slot != 0 or (site.reason and "not the start of a trampoline slot" in site.reason):
        return frozenset()
    return frozenset((site.function,)) if site.function is not None else ANY_FUNCTION


class _Scanner:
    def __init__(self, text: bytes, base: int, starts: bytes, symbols: Mapping[int, str] | None,
                 memory: MemoryReader | None, data: list[tuple[int, bytes]] | None = None) -> None:
        self.code = _Code(text, base, starts)
        self.data = data
        self.resolved: list[IndirectSite] = []
        self._taken: AddressTaken | None = None
        self.raws, self.edges = _candidates(self.code)
        self.base = base
        self.end = base + len(text)
        self.symbols = dict(symbols or {})
        self.sym_addrs = sorted(a for a in self.symbols if base <= a < self.end)
        self.memory = memory
        self.chunks: dict[tuple[int, int], _Chunk] = {}
        self.analyses: dict[tuple[int, int], _Analysis] = {}

    def surface(self) -> TrapSurface:
        out: list[TrapSite] = []
        for raw in self.raws:
            site = self.site(raw)
            if site is not None:
                out.append(site)
        return TrapSurface(tuple(out), tuple(self.resolved), self._taken)

    def taken(self) -> AddressTaken:
        """The program's address-taken set, computed when the first function-pointer site needs it."""
        if self._taken is None:
            code = self.code

            def decode(off: int) -> tuple[str, str] | None:
                try:
                    insn = code.insn(off)
                except (_Desync, StopIteration):
                    return None
                return insn[2], insn[3]

            self._taken = address_taken(code.text, self.base, code.starts, decode, self.data)
        return self._taken

    def in_function(self, addr: int) -> str | None:
        k = bisect.bisect_right(self.sym_addrs, addr) - 1
        return self.symbols[self.sym_addrs[k]] if k >= 0 else None

    def function_bounds(self, addr: int) -> tuple[int, int]:
        """[lo, hi) user addresses of the function around the instruction at `addr`.

        Without symbols, a bound (a `hlt`) more than REGION_LIMIT bytes away is not looked for: it is given as -1
        or past the end, which caps the function all the same (see `first`).
        """
        k = bisect.bisect_right(self.sym_addrs, addr) - 1
        if k >= 0:
            return self.sym_addrs[k], self.sym_addrs[k + 1] if k + 1 < len(self.sym_addrs) else self.end
        code, base, off = self.code, self.base, addr - self.base
        reach = REGION_LIMIT + 1
        h = code.hlt_before(off, max(0, off - reach))
        lo = base + h + 1 if h is not None else base if off <= reach else -1
        h = code.hlt_from(off, min(code.n, off + reach))
        hi = base + h if h is not None else self.end if off + reach >= code.n else self.end + 1
        if self.sym_addrs:
            hi = min(hi, self.sym_addrs[0])
        return lo, hi

    def first(self, addr: int) -> tuple[int, int, bool]:
        """Where the backward walks from `addr` stop, where its function ends (offsets), and whether it is capped.

        A function larger than REGION_LIMIT bytes is looked at only REGION_LIMIT bytes back from `addr` (see the
        module docstring); in one that size or smaller, from its start.
        """
        lo, hi = self.function_bounds(addr)
        capped = hi - lo > REGION_LIMIT
        if capped:
            lo = max(lo, addr - REGION_LIMIT)
        code = self.code
        return code.next_start(min(max(lo - self.base, 0), code.n)), \
            code.next_start(min(max(hi - self.base, 0), code.n)), capped

    def step_back(self, i: int, first: int) -> tuple[int, _Insn | None, int | None]:
        """One step of a backward walk from instruction start `i` (offsets), not below `first`: (where it lands,
        the instruction stepped over or None, a direct-branch target inside the NOPs stepped over or None).

        A run of one-byte NOPs is one step (no instruction: the walks skip padding without counting it), so is
        a single NOP; a branch landing inside such a run is a join the caller must see.
        """
        code = self.code
        run = code.nop_run(i, first)
        if run < i - 1:
            return run, None, self.edges.highest(self.base + run + 1, self.base + i)
        i, insn = code.before(i)
        return i, None if insn[2] == "nop" else insn, None

    def region(self, addr: int) -> _Chunk:
        """The decoded function around `addr`; in a capped one, just the WINDOW instructions up to `addr`."""
        code = self.code
        start, stop, capped = self.first(addr)
        if capped:
            # Only the window analysis runs in a capped function: decode just that (walked with the memoised
            # decodings, as `_window` walks a decoded function), not the function, which may be the whole text.
            floor, off, count = start, addr - self.base, WINDOW
            start = off
            while start > floor and count > 0:
                start, insn = code.before(start)
                if insn[2] != "nop":
                    count -= 1
            stop = code.next_start(off + 1)
        chunk = self.chunks.get((start, stop))
        if chunk is None:
            chunk = self.chunks[(start, stop)] = code.chunk(start, stop, capped)
        return chunk

    def state(self, chunk: _Chunk, index: int, lo: int, hi: int) -> tuple[_Analysis, _State]:
        key = (chunk.insns[lo][0], chunk.insns[hi - 1][0])
        analysis = self.analyses.get(key)
        if analysis is None:
            analysis = self.analyses[key] = _Analysis(chunk, lo, hi, self.edges, self.memory)
        return analysis, analysis.state_before(index)

    def site(self, raw: _Raw) -> TrapSite | None:
        addr = raw.address
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
        function, code, reason = self.resolve(addr)
        return TrapSite(addr, raw.kind, 0, function, code, reason, name)

    def resolve(self, addr: int) -> tuple[str | None, int | None, str | None]:
        """The function code at the trap call at `addr`: the window first, then the whole function."""
        chunk = self.region(addr)
        index = chunk.index_of(addr)
        assert index is not None
        result = _resolve_code(*self.state(chunk, index, _window(chunk.insns, index, 0, WINDOW), index + 1))
        if result[1] is None and not chunk.capped and len(chunk.insns) <= MAX_FUNCTION:
            # The window ends at the site, so a loop around it was cut open: the whole function may know more.
            result = _resolve_code(*self.state(chunk, index, 0, len(chunk.insns)))
        return result

    def indirect(self, raw: _Raw, addr: int, name: str | None) -> TrapSite | None:
        """An indirect branch: a trap site, or (resolved to ordinary code) an entry of `self.resolved`."""
        kind = "call" if self.code.text[addr - self.base:addr - self.base + 4].lstrip(bytes(range(0x40, 0x50))
                                                                                     )[1:2] in _CALL_MODRM else "jump"
        if raw.register is None:
            return TrapSite(addr, "indirect", None, None, None,
                            "target not statically known: a memory-indirect or far branch (the validator rejects "
                            "it)", name)
        n = _REGS[raw.register][0]
        target = self.branch_target(addr, n)
        if isinstance(target, int):
            if not TRAMPOLINE_START <= target < TRAMPOLINE_END:
                return None  # provably somewhere else
            return self.into_trampoline(addr, target & -SLOT_SIZE if self.masked(addr, raw.register) else target,
                                        name)
        if not self.masked(addr, raw.register):
            return TrapSite(addr, "indirect", None, None, None,
                            f"target not statically known: %{raw.register} {target}; the branch is not masked "
                            "(the validator rejects it)", name)
        table = self.jump_table(addr, n)
        if isinstance(table, tuple):
            start, count, targets, bound = table
            into = sorted({t for t in targets if TRAMPOLINE_START <= t < TRAMPOLINE_END})
            if into:
                return self.into_trampoline(addr, into[0], name)
            self.resolved.append(IndirectSite(
                addr, kind, "jump-table", tuple(sorted(set(targets))),
                f"jump table at {start:#x}: {count} entries, index bounded at {bound:#x}", name))
            return None
        taken = self.taken()
        why = taken.why_unresolved()
        if why is None:
            self.resolved.append(IndirectSite(
                addr, kind, "address-taken", tuple(sorted(taken.code)),
                f"%{raw.register} {target}; no constant of the program names the trampoline, so it reaches one of "
                f"the {len(taken.code)} code addresses the program names", name))
            return None
        return TrapSite(addr, "indirect", None, None, None,
                        f"target not statically known: %{raw.register} {target}; {why}", name)

    def into_trampoline(self, addr: int, target: int, name: str | None) -> TrapSite:
        slot = (target - TRAMPOLINE_START) // SLOT_SIZE
        if target % SLOT_SIZE or slot:
            return TrapSite(addr, "indirect", slot, None, None, _not_slot0(target), name)
        function, code, reason = self.resolve(addr)
        return TrapSite(addr, "indirect", 0, function, code, reason, name)

    def masked(self, addr: int, register: str) -> bool:
        """Is the branch at `addr` preceded by NaCl's mask of its register (`and $-32`, `add %r15`)?"""
        mask = _RETURN_MASKS.get(register)
        off = addr - self.base
        return mask is not None and off >= len(mask) and self.code.text[off - len(mask):off] == mask

    def jump_table(self, addr: int, n: int) -> tuple[int, int, tuple[int, ...], int] | str:
        """The table behind the masked branch at `addr` on register `n`: (table, entries, targets, where the index
        is bounded), or why the code before it is not gcc's bounded jump table (see `harness.indirect`).

        Walked back as `branch_target` walks: the mask, copies into the branch register, the load
        `mov %eX,(%r15,%r11)`, `lea TABLE(,%rI,4),%r11d`, zero-extending copies of the index, then the jcc and the
        `cmp $N` that bound it.  No direct branch may target the instructions after the compare, and no code
        address the program names may be a bundle start among them (an indirect branch could land there).
        """
        base = self.base
        off = addr - base
        first = self.first(addr)[0]
        targets = self.edges.targets
        i, count = off, 2 * INDIRECT_WINDOW
        stage = "branch"  # the mask and copies, then (after the load) the lea
        index = n
        while i > first and count > 0:
            if i != off and base + i in targets:
                return f"a branch targets {base + i:#x}"
            i, insn, join = self.step_back(i, first)
            if join is not None:
                return "a branch targets the padding before it"
            if insn is None:
                continue
            at, _, m, ops_text = insn
            count -= 1
            ops = _operands(ops_text)
            dst = ops[0] if ops else None
            writes = isinstance(dst, _Reg) and dst.n == index
            if stage == "branch":
                if writes and m == "add" and ops[1] == _Reg(_R15, 8):
                    continue
                if writes and m == "and" and isinstance(ops[1], _Imm) and ops[1].value & _MASK32 == 0xFFFFFFE0:
                    continue  # the mask (another `and` could turn a text address into a trampoline one)
                if writes and m == "mov" and isinstance(ops[1], _Reg) and ops[1].width == 4 and dst.width == 4:
                    index = ops[1].n
                    continue
                if writes and m == "mov" and dst.width == 4 and isinstance(ops[1], _Mem) and ops[1].size == 4 \
                        and ops[1].base == _R11 and ops[1].index == _NOREG and ops[1].disp == 0 and ops[1].plain:
                    stage, index = "lea", _R11
                    continue
                return f"is set by `{m} {ops_text}` at {at:#x}"
            if writes and m == "lea" and dst.width == 4 and isinstance(ops[1], _Mem) and ops[1].base == _NOREG \
                    and ops[1].index not in (_NOREG, _RSP) and ops[1].scale == 4 and ops[1].plain:
                return self.with_bound(addr, ops[1].disp & _MASK32, i, ops[1].index)
            if m in _NO_WRITE and m not in _BRANCHES:
                continue
            return f"the table address is set by `{m} {ops_text}` at {at:#x}"
        return "not a bounded jump table within the instructions examined"

    def with_bound(self, addr: int, table: int, lea: int, index: int) -> tuple[int, int, tuple[int, ...], int] | str:
        """`jump_table`'s answer once the `lea` at offset `lea` is found: the bound on `index` there, the table."""
        got = self.index_bound(lea, index, 4, [], 2)
        if isinstance(got, str):
            return got
        entries, found = got
        # From the lea on, a landing at any bundle start (the lea's own included) would skip the bound.
        spans = (*found, (self.base + lea - 1, addr))
        named = self.taken().code
        for lo, hi in spans:
            for bundle in range((lo & -SLOT_SIZE) + SLOT_SIZE, hi + 1, SLOT_SIZE):
                if bundle in named:
                    return f"the program names {bundle:#x}, between the bound and the branch"
        targets = jump_table(self.memory, table, entries, self.base, self.end)
        if isinstance(targets, str):
            return targets
        return table, entries, targets, min(lo for lo, _ in found)

    def index_bound(self, off: int, index: int, width: int, spans: list[tuple[int, int]], joins: int
                    ) -> tuple[int, tuple[tuple[int, int], ...]] | str:
        """How many table entries the index can select at the instruction at offset `off`, on every path there.

        `index` holds the index in its low `width` bytes (zero-extended).  Walked back through zero-extending
        copies and instructions that leave it alone, to `cmp $N,%idx` followed by `ja` (N+1 entries) or `jae`
        (N).  At a join, every direct branch into it must be a `jbe`/`jb` right after such a compare, and the
        fall-through path (if any) is walked on; at most `joins` joins.  Also returns the (compare, end) address
        spans the paths run through, where an indirect branch must not land.
        """
        code, base = self.code, self.base
        first = self.first(base + off)[0]
        end = base + off
        best = 0
        i, count = off, 2 * INDIRECT_WINDOW
        pending: str | None = None  # the jcc seen, waiting for its compare
        joined = False
        while i > first and count > 0:
            if base + i in self.edges.targets:
                if pending is not None:
                    return f"a branch targets {base + i:#x}, between the bound's compare and its jump"
                if joins <= 0:
                    return f"too many paths join at {base + i:#x}"
                joins -= 1
                for _, source in self.edges.between(base + i, base + i + 1):
                    got = self.edge_bound(source, index, width)
                    if isinstance(got, str):
                        return got
                    best = max(best, got[0])
                    spans.append((got[1], source))
                joined = True
                prev = code.prev(i)
                if prev < 0 or code.insn(prev)[2] in _JMPS:
                    spans.append((base + i - 1, end))  # the join itself included
                    return best, tuple(spans)  # no fall-through path
            i, insn, join = self.step_back(i, first)
            if join is not None:
                return "a branch targets the padding before the table's load"
            if insn is None:
                continue
            at, _, m, ops_text = insn
            count -= 1
            ops = _operands(ops_text)
            dst = ops[0] if ops else None
            if pending is not None:
                if m == "cmp" and dst == _Reg(index, width) and isinstance(ops[1], _Imm):
                    bound = ops[1].value & ((1 << (8 * width)) - 1)
                    spans.append((at, end))
                    return max(best, bound + 1 if pending == "ja" else bound), tuple(spans)
                return f"the index is not compared before `{pending}` (`{m} {ops_text}` at {at:#x})"
            if isinstance(dst, _Reg) and dst.n == index and m in ("movzx", "mov") and len(ops) == 2 \
                    and isinstance(ops[1], _Reg) and dst.width == 4 and ops[1].width in (1, 2, 4) \
                    and ops[1].n not in (_RSP, _R15) and width == 4:
                index, width = ops[1].n, ops[1].width
                continue
            if m in ("ja", "jae"):
                pending = m
                continue
            if m in _JMPS and joined:
                spans.append((at, end))
                return best, tuple(spans)  # the code after this jump is reached only by the joining branches
            if m not in _BRANCHES and m not in _CALLS and m not in _FAR and not _writes_register(m, ops, index):
                continue
            return f"the index is not bounded before `{m} {ops_text}` at {at:#x}"
        return "no bound on the index within the instructions examined"

    def edge_bound(self, source: int, index: int, width: int) -> tuple[int, int] | str:
        """The entries a direct branch at `source` allows: a `jbe`/`jb` right after `cmp $N` of the index."""
        code, base = self.code, self.base
        off = source - base
        m = code.insn(off)[2]
        if m not in ("jbe", "jb"):
            return f"the branch at {source:#x} into the table's code is `{m}`, not a bound"
        i = off
        while i > 0:
            run = code.nop_run(i, 0)
            if run < i - 1:
                i = run
                continue
            i, (at, _, pm, pops_text) = code.before(i)
            if pm == "nop":
                continue
            ops = _operands(pops_text)
            if pm == "cmp" and ops and ops[0] == _Reg(index, width) and isinstance(ops[1], _Imm):
                bound = ops[1].value & ((1 << (8 * width)) - 1)
                return (bound + 1 if m == "jbe" else bound), at
            return f"the branch at {source:#x} into the table's code does not follow a compare of the index"
        return f"the branch at {source:#x} into the table's code does not follow a compare of the index"

    def branch_target(self, addr: int, n: int) -> int | str:
        """The low 32 bits of register `n` at the branch at `addr` (masked branches use no more), or why not known.

        Indirect branches are many and their targets almost never constant, so this is a short backward walk
        rather than the data flow: through the mask and NOPs, along register-to-register moves, to a `mov $imm`.
        It stops, unknown, at anything else that writes the register, at a branch, and at a direct-branch target
        (a join); it goes back at most INDIRECT_WINDOW non-NOP instructions within the function.  It reads the
        instructions one by one from the starts map (decodings memoised by their bytes), decoding no function.
        """
        base = self.base
        off = addr - base
        first = self.first(addr)[0]
        targets = self.edges.targets
        mask = _MASK32
        i, count = off, INDIRECT_WINDOW
        # Back over at most `count` non-NOP instructions, the last of them included, and not before `first`.
        while i > first and count > 0:
            if i != off and base + i in targets:
                return f"is set on more than one path (a branch targets {base + i:#x})"
            i, insn, join = self.step_back(i, first)
            if join is not None:
                return f"is set on more than one path (a branch targets {join:#x})"
            if insn is None:
                continue
            at, _, m, ops_text = insn
            count -= 1
            if m in _BRANCHES or m in _CALLS or m in _FAR or m in ("hlt", "ud2", ".byte"):
                return f"is set before the instruction at {at:#x}"
            if m in _NO_WRITE:
                continue
            ops = _operands(ops_text)
            first_op = ops[0] if ops else None
            if isinstance(first_op, _Reg) and first_op.n == n and len(ops) == 2:
                src = ops[1]
                if m == "add" and src == _Reg(_R15, 8):
                    continue  # the sandbox base
                if m == "and" and first_op.width == 4 and isinstance(src, _Imm):
                    mask &= src.value
                    continue  # the mask
                if m in ("mov", "movabs") and first_op.width >= 4:
                    if isinstance(src, _Imm):
                        return src.value & mask
                    if isinstance(src, _Reg) and src.width >= 4 and src.n not in (_RSP, _RBP, _R15):
                        n = src.n  # follow the copy
                        continue
            if (isinstance(first_op, _Reg) and first_op.n == n) or n in _IMPLICIT.get(m.split()[-1], ((), False))[0] \
                    or (m.split()[-1] in _BOTH_WRITTEN and len(ops) > 1 and isinstance(ops[1], _Reg)
                        and ops[1].n == n):
                return f"is set by `{m} {ops_text}` at {at:#x}"
        return "is set before the instructions examined"


def _writes_register(m: str, ops: tuple[_Operand, ...], n: int) -> bool:
    """Can `m ops` write register `n` (explicitly, implicitly, or as an instruction the walks do not model)?"""
    stem = m.split()[-1]
    if m in _NO_WRITE:
        return False
    if (stem in _IMPLICIT and n in _IMPLICIT[stem][0]) or stem.rstrip("bwdq") in _STRING or m in _FAR:
        return True
    if stem in _BOTH_WRITTEN and len(ops) > 1 and isinstance(ops[1], _Reg) and ops[1].n == n:
        return True
    return bool(ops) and (not isinstance(ops[0], _Reg | _Mem) or (isinstance(ops[0], _Reg) and ops[0].n == n))


def _window(insns: list[_Insn], index: int, lo: int, count: int) -> int:
    """The start of the `count` non-NOP instructions before insns[index], not before `lo`."""
    i = index
    while i > lo and count > 0:
        i -= 1
        if insns[i][2] != "nop":
            count -= 1
    return i


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
