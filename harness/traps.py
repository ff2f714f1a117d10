"""The static trap surface of a nexe: every place its code can leave the sandbox, and which trap it passes.

A ZeroVM program reaches the outside only through the trampoline (ZEROVM.md sections 4 and 7): a call to slot 0
(0x10000) with %edi pointing at a ``uint64_t args[]`` whose ``args[0]`` is the function code.  A call to any other
slot ends the session with exit code 22; raw ``syscall``/``sysenter``/``int`` are rejected by the validator but are
still reported, since they are exactly what a reviewer asks about first.

`find_trap_sites` answers, for a text segment:

* **direct** ``call``/``jmp``/``jcc`` whose target lies in the trampoline region [0x10000, 0x20000): kind ``"call"``
  or ``"jump"`` with its slot.  For slot 0 the function code is recovered (see *Data flow*); a code that is none of
  the six is function ``"unknown"`` with its value; a code that cannot be shown is function None with a `reason`.
* ``syscall``, ``sysenter`` and the interrupt instructions (``int N``, ``int3``, ``int1``, ``into``): kinds
  ``"syscall"``, ``"sysenter"``, ``"int"``.
* **indirect** call/jmp (kind ``"indirect"``), by this policy:

  - *Returns are not listed.*  A return is the sandboxed ``ret`` of both our toolchain and NaCl's: ``pop %rX``, then
    (only NOPs between) ``and $-32,%eX; add %r15,%rX; jmp *%rX``.  Every function has one or more; reaching the
    trampoline through one needs a crafted return address on the stack (a pushed constant or stack corruption), which
    is a memory-safety question, not a property of the code's trap surface.
  - Every other register- or memory-indirect call/jmp (function pointers, jump tables, computed goto, unmasked
    branches) is listed, **unless** data flow shows its target register is a constant outside the trampoline.
    These sites are the ones where a target value chosen at run time *could* be 0x10000; the reviewer wants the
    count and the places, with ``reason`` saying why the target is not known (e.g. "loaded from memory").
  - An indirect branch whose target *is* a known constant in the trampoline is a disguised trap: it is listed with
    its slot and, for slot 0, its resolved function, so `allowed_by_zerovm` is meaningful for it too.

Decoding is a linear sweep with capstone in lite mode (undecodable bytes are skipped one at a time, capstone's
SKIPDATA), which is right for code our toolchains produce: the validator makes every instruction start reachable
by the sweep.  The sweep does almost nothing per instruction; data flow runs only on the functions that contain a
slot-0 site or an indirect branch, re-decoded with capstone's detail mode.

Data flow (the function code and indirect targets)
--------------------------------------------------
A forward constant/stack-slot analysis over the enclosing function's basic blocks (direct branches only), iterated
to a fixpoint; where paths meet, a value survives only if it is the same on every path.  It tracks the 16 general
registers and a small memory of constant stores: stack slots (relative to symbolic stack/frame anchors, so
``lea -0x40(%rbp),%edi`` and ``movq $code,-0x40(%rbp)`` meet whatever the frame size) and static addresses
(rip-relative, absolute, or ``(%r15,%r11)`` with r11 known).  It understands mov/movabs/lea, 32-bit zero-extension,
``xor r,r``, add/sub/and/or/xor with constants, push/pop, spills and reloads, 4-byte halves of a 64-bit slot, and
``add %r15,reg`` (the sandbox base: a value and its r15-based form name the same user address).

*Function boundaries.*  With ``symbols`` (address -> name of STT_FUNC symbols) a site's function runs from the
greatest symbol at or below it to the next symbol.  Without symbols (or before the first symbol) the region is
bounded by the nearest ``hlt`` on each side or the ends of the text: our toolchain pads between functions with
``hlt`` and only with NOPs inside them.  A region that turns out to span several functions stays sound, because...

*Soundness rules.*  A block with no known predecessor, or that is the target of a direct branch or call from outside
the region (gcc's ``.cold`` parts, other functions), starts with nothing known (fresh anchors for rsp and rbp).
A store through an unknown address forgets all memory; a store to one stack anchor forgets slots of every other
anchor (they may alias).  A call to anything forgets memory and the caller-saved registers; the trampoline call
also forgets rdi (zerovm's own clobbers, ZEROVM.md section 4).

*Assumptions and known gaps* (each can only matter for hand-written code):
- callees keep the SysV callee-saved registers (rbx, rbp, r12-r15, rsp), as zerovm itself does for the trap;
- stack slots and static addresses do not alias each other;
- indirect-branch targets inside a function (jump-table cases, computed-goto labels) are assumed reached only with
  the state of their direct predecessors, and are "nothing known" when they have none;
- a static ``args`` array whose code is not stored in the function is read through `memory` as it is in the file:
  for a writable segment that is the *initial* value (pass only read-only segments to be strict);
- instructions overlapping the sweep's (jumps into the middle of an instruction) are not seen; the validator
  rejects such jumps;
- returns to a crafted address are not reported (see above).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import capstone
from capstone import x86_const as X

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

# Reads `size` bytes of static memory at a user address, or None when not mapped there.
MemoryReader = Callable[[int, int], bytes | None]

_MASK64 = (1 << 64) - 1
_MASK32 = 0xFFFFFFFF


@dataclass(frozen=True)
class TrapSite:
    """One instruction that can leave the sandbox (or try to)."""

    address: int  # user address of the call/jmp/syscall/int/sysenter instruction
    kind: str  # "call" | "jump" | "indirect" | "syscall" | "sysenter" | "int"
    slot: int | None  # trampoline slot for a direct call/jump (and an indirect one with a known target)
    function: str | None  # one of FUNCTION_CODES' names, "unknown", or None (unresolved / not a slot-0 trap)
    code: int | None  # the resolved function code (also for "unknown")
    reason: str | None  # why `function` is None
    in_function: str | None  # enclosing symbol name when symbols are known

    @property
    def allowed_by_zerovm(self) -> bool:
        """Would zerovm serve this trap (slot 0 with one of its six functions)?"""
        return self.slot == 0 and self.function in ALLOWED_FUNCTIONS


# --------------------------------------------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------------------------------------------

_JCC = ("ja", "jae", "jb", "jbe", "je", "jne", "jg", "jge", "jl", "jle", "jo", "jno", "jp", "jnp", "js", "jns",
        "jrcxz", "jecxz", "loop", "loope", "loopne")
_PREFIXED = ("", "bnd ", "notrack ", "bnd notrack ", "notrack bnd ")
_CALLS = frozenset(p + "call" for p in _PREFIXED)
_JUMPS = frozenset([p + "jmp" for p in _PREFIXED] + [p + j for p in _PREFIXED for j in _JCC])
_FAR = frozenset(("lcall", "ljmp"))
_INTS = frozenset(("int", "int1", "int3", "into"))
# Everything the sweep looks at; membership is the only per-instruction work for all other instructions.
_INTERESTING = _CALLS | _JUMPS | _FAR | _INTS | {"syscall", "sysenter", "hlt", "pop"}

_GPR64 = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14",
          "r15")
_GPR32 = ("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d",
          "r14d", "r15d")


def _mask_bytes(n: int) -> bytes:
    """`and $-32,%eN; add %r15,%rN`: the sandbox mask before a `jmp *%rN`."""
    low = n & 7
    and_ = (b"\x41" if n >= 8 else b"") + bytes((0x83, 0xE0 + low, 0xE0))
    add = bytes((0x4D if n >= 8 else 0x4C, 0x01, 0xF8 + low))
    return and_ + add


_RETURN_MASKS = {name: _mask_bytes(n) for n, name in enumerate(_GPR64) if name not in ("rsp", "r15")}


@dataclass(frozen=True)
class _Raw:
    address: int
    size: int
    kind: str
    target: int | None  # direct target, or None
    register: str | None  # the target register of a register-indirect branch


@dataclass
class _Sweep:
    raws: list[_Raw]
    halts: list[int]  # addresses of every hlt (region boundaries without symbols)
    edges: list[tuple[int, int]]  # (target, source) of direct jumps and calls into the text, sorted


def _sweep(text: bytes, base: int) -> _Sweep:
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.skipdata = True  # an undecodable byte becomes a 1-byte ".byte" and the sweep goes on
    raws: list[_Raw] = []
    halts: list[int] = []
    edges: list[tuple[int, int]] = []
    end = base + len(text)
    last_pop: tuple[str, int] = ("", -1)  # (register, end address) of the latest pop
    interesting = _INTERESTING
    for addr, size, mnem, ops in md.disasm_lite(text, base):
        if mnem not in interesting:
            continue
        if mnem == "hlt":
            halts.append(addr)
        elif mnem == "pop":
            last_pop = (ops, addr + size)
        elif mnem in _CALLS or mnem in _JUMPS:
            kind = "call" if mnem in _CALLS else "jump"
            if ops.startswith("0x"):
                target = int(ops, 16)
                if TRAMPOLINE_START <= target < TRAMPOLINE_END:
                    raws.append(_Raw(addr, size, kind, target, None))
                elif base <= target < end:
                    edges.append((target, addr))
            elif "[" in ops:
                raws.append(_Raw(addr, size, "indirect", None, None))
            elif kind == "call" or not _is_return(text, base, addr, ops, last_pop):
                raws.append(_Raw(addr, size, "indirect", None, ops))
        elif mnem in _INTS:
            raws.append(_Raw(addr, size, "int", None, None))
        elif mnem in _FAR:
            raws.append(_Raw(addr, size, "indirect", None, None))
        else:  # syscall, sysenter
            raws.append(_Raw(addr, size, mnem, None, None))
    edges.sort()
    return _Sweep(raws, halts, edges)


def _is_return(text: bytes, base: int, addr: int, reg: str, last_pop: tuple[str, int]) -> bool:
    """Is `jmp *%reg` at addr the sandboxed return: pop %reg, NOPs only, and the mask, then this jmp?"""
    mask = _RETURN_MASKS.get(reg)
    if mask is None or last_pop[0] != reg:
        return False
    mask_start = addr - len(mask) - base
    if mask_start < 0 or text[mask_start:addr - base] != mask:
        return False
    gap = text[last_pop[1] - base:mask_start]
    if not gap:
        return True
    if last_pop[1] - base > mask_start or len(gap) > 64:
        return False
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    covered = 0
    for _, size, mnem, ops in md.disasm_lite(gap, 0):
        if mnem != "nop" and not (mnem == "xchg" and ops == "ax, ax"):
            return False
        covered += size
    return covered == len(gap)


# --------------------------------------------------------------------------------------------------------------
# Data flow
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """A stack address: the value of rsp (or rbp) at `anchor`'s block entry, plus `offset`."""

    anchor: tuple[str, int]
    offset: int


@dataclass(frozen=True)
class _Unknown:
    reason: str


_Value = int | _Frame | _Unknown
_Key = tuple[str, object, int]  # ("f", anchor, offset) | ("a", None, address)
_Mem = dict[_Key, tuple[int, _Value]]  # key -> (size, value)

_RSP, _RBP, _RDI, _R15 = 4, 5, 7, 15
_CALLER_SAVED = (0, 1, 2, 6, 7, 8, 9, 10, 11)  # rax rcx rdx rsi rdi r8-r11


def _reg_table() -> dict[int, tuple[int, int]]:
    """capstone register id -> (GPR number, width in bytes)."""
    names = [
        _GPR64, _GPR32,
        ("ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"),
        ("al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b",
         "r15b"),
    ]
    table: dict[int, tuple[int, int]] = {}
    for names_of_width, width in zip(names, (8, 4, 2, 1), strict=True):
        for n, name in enumerate(names_of_width):
            table[getattr(X, "X86_REG_" + name.upper())] = (n, width)
    for n, name in enumerate(("ah", "ch", "dh", "bh")):
        table[getattr(X, "X86_REG_" + name.upper())] = (n, 0)  # width 0: a high byte
    return table


_REGS = _reg_table()
_RIP = X.X86_REG_RIP
_OP_REG, _OP_IMM, _OP_MEM = X.X86_OP_REG, X.X86_OP_IMM, X.X86_OP_MEM
_AC_WRITE = capstone.CS_AC_WRITE
_NAMES = {v: k for k, v in vars(X).items() if k.startswith("X86_REG_")}


def _reg_name(reg_id: int) -> str:
    return "%" + _NAMES.get(reg_id, "X86_REG_?")[8:].lower()


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

    def __init__(self, regs: list[_Value], mem: _Mem) -> None:
        self.regs = regs
        self.mem = mem

    def copy(self) -> _State:
        return _State(list(self.regs), dict(self.mem))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _State) and self.regs == other.regs and self.mem == other.mem

    __hash__ = None  # type: ignore[assignment]


def _open_state(where: int, why: str) -> _State:
    """Nothing known at `where` except that rsp and rbp are some stack addresses."""
    unknown = _Unknown(why)
    regs: list[_Value] = [unknown] * 16
    regs[_RSP] = _Frame(("sp", where), 0)
    regs[_RBP] = _Frame(("bp", where), 0)
    return _State(regs, {})


def _join(states: list[_State], where: int) -> _State:
    merged = _Unknown(f"different values on the paths that meet at {where:#x}")
    first = states[0]
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
    base = "%rsp" if anchor[0] == "sp" else "%rbp"
    return f"{base}{key[2]:+#x} as of {anchor[1]:#x}"


class _Analysis:
    """Forward data flow over one region [lo, hi) of the text."""

    def __init__(self, text: bytes, base: int, lo: int, hi: int, sweep: _Sweep, memory: MemoryReader | None) -> None:
        self.memory = memory
        md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
        md.detail = True
        md.skipdata = True
        self.insns = list(md.disasm(text[lo - base:hi - base], lo))
        self.index = {insn.address: i for i, insn in enumerate(self.insns)}
        self._blocks(sweep, lo, hi)
        self._solve()

    # -- control flow ----------------------------------------------------------------------------------------

    def _blocks(self, sweep: _Sweep, lo: int, hi: int) -> None:
        insns = self.insns
        leaders = {0}
        succ: dict[int, list[int]] = {}  # instruction index of a block end -> successor leader indexes
        open_: set[int] = {0}
        for i, insn in enumerate(insns):
            m = insn.mnemonic
            ops = insn.operands
            direct = len(ops) == 1 and ops[0].type == _OP_IMM
            target = self.index.get(ops[0].imm & _MASK64) if direct else None
            if m in _JUMPS:
                if target is not None:
                    leaders.add(target)
                nexts = [] if m.endswith("jmp") else [i + 1]
                succ[i] = nexts + ([target] if target is not None else [])
                leaders.add(i + 1)
            elif m in ("hlt", "ud2", ".byte") or m in _FAR:
                succ[i] = []
                if m != "hlt" or i + 1 >= len(insns) or insns[i + 1].mnemonic != "hlt":
                    leaders.add(i + 1)  # (a run of hlt is one block)
            elif m in _CALLS and direct and target is not None:
                open_.add(target)  # a function entry: its state comes from every caller
                leaders.add(target)
        # Direct branches and calls from outside the region into it.
        edges = sweep.edges
        for k in range(bisect.bisect_left(edges, (lo, -1)), bisect.bisect_left(edges, (hi, -1))):
            target_addr, source = edges[k]
            t = self.index.get(target_addr)
            if t is not None and not lo <= source < hi:
                open_.add(t)
                leaders.add(t)
        starts = sorted(x for x in leaders if x < len(insns))
        self.starts = starts
        self.block_of = {s: b for b, s in enumerate(starts)}
        self.ends = [*starts[1:], len(insns)]
        self.preds: list[list[int]] = [[] for _ in starts]
        for b in range(len(starts)):
            last = self.ends[b] - 1
            nexts = succ.get(last, [last + 1])
            for n in nexts:
                if n in self.block_of:
                    self.preds[self.block_of[n]].append(b)
        # A block nothing is known to reach is an entry only if an indirect branch could land there: masked
        # branches reach 32-byte aligned addresses only.  Otherwise it is dead (padding after a jump).
        self.open = [s in open_ or (not self.preds[b] and insns[s].address % SLOT_SIZE == 0)
                     for b, s in enumerate(starts)]

    def _solve(self) -> None:
        n = len(self.starts)
        self.inputs: list[_State | None] = [None] * n
        outputs: list[_State | None] = [None] * n
        for b in range(n):
            if self.open[b]:
                addr = self.insns[self.starts[b]].address
                self.inputs[b] = _open_state(addr, f"not known on entry to the block at {addr:#x}")
        visits = [0] * n
        changed = True
        while changed:
            changed = False
            for b in range(n):
                if self.open[b]:
                    state = self.inputs[b]
                else:
                    ins = [outputs[p] for p in self.preds[b] if outputs[p] is not None]
                    if not ins:
                        continue
                    addr = self.insns[self.starts[b]].address
                    state = _join(ins, addr)  # type: ignore[arg-type]
                    visits[b] += 1
                    if visits[b] > 20:  # no fixpoint in sight: give up on this block, soundly
                        self.open[b] = True
                        state = _open_state(addr, f"not known at {addr:#x} (analysis gave up)")
                    if state == self.inputs[b] and outputs[b] is not None:
                        continue
                    self.inputs[b] = state
                assert state is not None
                out = state.copy()
                for i in range(self.starts[b], self.ends[b]):
                    self.step(self.insns[i], out)
                if out != outputs[b]:
                    outputs[b] = out
                    changed = True

    def state_before(self, address: int) -> _State:
        i = self.index[address]
        b = bisect.bisect_right(self.starts, i) - 1
        state = self.inputs[b]
        if state is None:  # unreachable from anything the analysis knows
            return _open_state(address, f"{address:#x} is not reached by a known path")
        state = state.copy()
        for k in range(self.starts[b], i):
            self.step(self.insns[k], state)
        return state

    # -- values ----------------------------------------------------------------------------------------------

    def read_reg(self, st: _State, reg_id: int) -> _Value:
        n, width = _REGS.get(reg_id, (-1, 0))
        if n < 0 or width == 0:
            return _Unknown(f"{_reg_name(reg_id)} is not tracked")
        return _truncate(st.regs[n], width)

    def write_reg(self, st: _State, reg_id: int, value: _Value, why: str) -> None:
        n, width = _REGS.get(reg_id, (-1, 0))
        if n < 0:
            return
        if n == _R15:
            return  # the sandbox base; code that writes it fails validation
        if width in (4, 8):
            st.regs[n] = _truncate(value, width)
            return
        old = st.regs[n]
        if width and isinstance(old, int) and isinstance(value, int):
            mask = (1 << (8 * width)) - 1
            st.regs[n] = (old & ~mask) | (value & mask)
        else:
            st.regs[n] = _Unknown(f"partly written by {why}")

    def address(self, insn: capstone.CsInsn, mem: object, st: _State) -> _Key | None:
        base_reg, index_reg = mem.base, mem.index  # type: ignore[attr-defined]
        total: _Value = mem.disp  # type: ignore[attr-defined]
        parts: list[_Value] = []
        if base_reg == _RIP:
            parts.append(insn.address + insn.size)
        elif base_reg and _REGS.get(base_reg, (-1, 0))[0] != _R15:
            parts.append(self.read_reg(st, base_reg))
        if index_reg:
            v = self.read_reg(st, index_reg)
            scale = mem.scale  # type: ignore[attr-defined]
            if scale != 1:
                v = v * scale if isinstance(v, int) else _Unknown("scaled")
            parts.append(v)
        frame: _Frame | None = None
        for p in parts:
            if isinstance(p, int):
                total += p
            elif isinstance(p, _Frame) and frame is None:
                frame = p
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
        if entry is not None and entry[0] == size:
            return entry[1]
        if entry is not None and entry[0] == 8 and size == 4:
            return _truncate(entry[1], 4)
        high = st.mem.get((space, anchor, off - 4))
        if entry is None and size == 4 and high is not None and high[0] == 8:
            return high[1] >> 32 if isinstance(high[1], int) else _Unknown("the high half of a non-constant")
        if entry is not None and entry[0] == 4 and size == 8:
            upper = st.mem.get((space, anchor, off + 4))
            if upper is not None and upper[0] == 4 and isinstance(entry[1], int) and isinstance(upper[1], int):
                return entry[1] | (upper[1] << 32)
        if entry is None and space == "a" and self.memory is not None and not self._stored(st, key, size):
            data = self.memory(off, size)
            if data is not None and len(data) == size:
                return int.from_bytes(data, "little")
        if entry is not None and isinstance(entry[1], _Unknown):
            return entry[1]
        return _Unknown(f"nothing known stored at {_describe_key(key)} on every path")

    @staticmethod
    def _stored(st: _State, key: _Key, size: int) -> bool:
        """Does any tracked entry overlap key/size (then the file's bytes are not what is there)?"""
        space, anchor, off = key
        return any(k[0] == space and k[1] == anchor and k[2] < off + size and off < k[2] + sz
                   for k, (sz, _) in st.mem.items())

    @staticmethod
    def store(st: _State, key: _Key | None, size: int, value: _Value) -> None:
        if key is None:
            st.mem.clear()  # the store could have hit anything
            return
        space, anchor, off = key
        for k in list(st.mem):
            if k[0] != space:
                continue
            if k[1] != anchor or (k[2] < off + size and off < k[2] + st.mem[k][0]):
                del st.mem[k]
        if size in (4, 8):
            st.mem[key] = (size, _truncate(value, size))

    def operand(self, insn: capstone.CsInsn, op: object, st: _State, size: int) -> _Value:
        kind = op.type  # type: ignore[attr-defined]
        if kind == _OP_IMM:
            return op.imm & ((1 << (8 * size)) - 1)  # type: ignore[attr-defined]
        if kind == _OP_REG:
            value = self.read_reg(st, op.reg)  # type: ignore[attr-defined]
            if isinstance(value, _Unknown):
                return _Unknown(f"from {_reg_name(op.reg)} at {insn.address:#x}, whose value is unknown "  # type: ignore[attr-defined]
                                f"({value.reason})")
            return value
        if kind == _OP_MEM:
            return self.load(st, self.address(insn, op.mem, st), size)  # type: ignore[attr-defined]
        return _Unknown("unsupported operand")

    # -- transfer --------------------------------------------------------------------------------------------

    def step(self, insn: capstone.CsInsn, st: _State) -> None:
        m = insn.mnemonic
        ops = insn.operands
        where = f"`{m}` at {insn.address:#x}"
        if m in ("mov", "movabs") and len(ops) == 2:
            dst, src = ops
            if dst.type == _OP_REG:
                self.write_reg(st, dst.reg, self.operand(insn, src, st, dst.size), where)
                return
            if dst.type == _OP_MEM:
                self.store(st, self.address(insn, dst.mem, st), dst.size, self.operand(insn, src, st, dst.size))
                return
        elif m == "lea" and len(ops) == 2 and ops[0].type == _OP_REG:
            key = self.address(insn, ops[1].mem, st)
            value: _Value
            if key is None:
                value = _Unknown(f"computed by {where}")
            elif key[0] == "f":
                assert isinstance(key[1], tuple)
                value = _Frame(key[1], key[2])
            else:
                value = key[2]
            self.write_reg(st, ops[0].reg, value, where)
            return
        elif m in ("xor", "sub") and len(ops) == 2 and ops[0].type == ops[1].type == _OP_REG \
                and ops[0].reg == ops[1].reg:
            self.write_reg(st, ops[0].reg, 0, where)
            return
        elif m in ("add", "sub", "and", "or", "xor") and len(ops) == 2 and ops[0].type == _OP_REG:
            dst, src = ops
            if m == "add" and src.type == _OP_REG and _REGS.get(src.reg, (-1, 0)) == (_R15, 8):
                return  # adding the sandbox base keeps the user address
            a = self.read_reg(st, dst.reg)
            b = self.operand(insn, src, st, dst.size)
            self.write_reg(st, dst.reg, _arith(m, a, b, dst.size, where), where)
            return
        elif m == "push" and len(ops) == 1:
            value = self.operand(insn, ops[0], st, 8)
            sp = st.regs[_RSP]
            st.regs[_RSP] = _Frame(sp.anchor, sp.offset - 8) if isinstance(sp, _Frame) else sp
            self.store(st, _sp_key(st), 8, value)
            return
        elif m == "pop" and len(ops) == 1:
            value = self.load(st, _sp_key(st), 8)
            sp = st.regs[_RSP]
            st.regs[_RSP] = _Frame(sp.anchor, sp.offset + 8) if isinstance(sp, _Frame) else sp
            if ops[0].type == _OP_REG:
                self.write_reg(st, ops[0].reg, value, where)
            else:
                self.store(st, self.address(insn, ops[0].mem, st), 8, value)
            return
        elif m in _CALLS:
            clobbered = _Unknown(f"clobbered by the call at {insn.address:#x}")
            for n in _CALLER_SAVED:
                st.regs[n] = clobbered
            st.mem.clear()
            return
        elif m in ("cdqe", "cltq") and isinstance(st.regs[0], int):
            v = st.regs[0] & _MASK32
            st.regs[0] = (v - (1 << 32) if v >> 31 else v) & _MASK64
            return
        self.generic(insn, st, where)

    def generic(self, insn: capstone.CsInsn, st: _State, where: str) -> None:
        """Anything else: forget what it writes."""
        if insn.id == 0:  # an undecodable byte: nothing is known after it
            fresh = _open_state(insn.address, f"after the undecodable byte at {insn.address:#x}")
            st.regs, st.mem = fresh.regs, fresh.mem
            return
        try:
            _, written = insn.regs_access()
        except capstone.CsError:
            written = [r for r in _REGS]
        unknown = _Unknown(f"set by {where}")
        for reg_id in written:
            self.write_reg(st, reg_id, unknown, where)
        for op in insn.operands:
            if op.type == _OP_MEM and op.access & _AC_WRITE:
                self.store(st, self.address(insn, op.mem, st), op.size, _Unknown(f"written by {where}"))
        if insn.mnemonic.startswith(("stos", "movs", "rep", "cmpxchg", "xsave", "fxsave", "fnsave", "fsave")) \
                or insn.id in (X.X86_INS_SYSCALL, X.X86_INS_SYSENTER, X.X86_INS_INT, X.X86_INS_INT3):
            st.mem.clear()


def _sp_key(st: _State) -> _Key | None:
    sp = st.regs[_RSP]
    return ("f", sp.anchor, sp.offset) if isinstance(sp, _Frame) else None


def _arith(m: str, a: _Value, b: _Value, size: int, where: str) -> _Value:
    mask = (1 << (8 * size)) - 1
    if isinstance(a, int) and isinstance(b, int):
        result = {"add": a + b, "sub": a - b, "and": a & b, "or": a | b, "xor": a ^ b}[m]
        return result & mask
    if isinstance(a, _Unknown):
        return a  # keep the first reason: `and $-32,%r11d` on a loaded pointer is still "loaded from ..."
    if isinstance(a, _Frame) and isinstance(b, int) and m in ("add", "sub") and size in (4, 8):
        # Sign-extended immediates arrive as large unsigned values: bring them back to a signed delta.
        delta = b if b < (1 << (8 * size - 1)) else b - (1 << (8 * size))
        return _Frame(a.anchor, a.offset + (delta if m == "add" else -delta))
    return _Unknown(f"computed by {where}")


# --------------------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------------------


def find_trap_sites(text: bytes, base: int, symbols: Mapping[int, str] | None = None,
                    memory: MemoryReader | None = None) -> tuple[TrapSite, ...]:
    """Every trap site in `text` (loaded at user address `base`), in address order.

    `symbols` maps function start addresses to names (STT_FUNC symbols); `memory(address, size)` reads static
    memory for an argument array that is not built in the function (see the module docstring).
    """
    sweep = _sweep(text, base)
    end = base + len(text)
    sym_addrs = sorted(a for a in (symbols or {}) if base <= a < end)

    def region(addr: int) -> tuple[int, int]:
        k = bisect.bisect_right(sym_addrs, addr) - 1
        h = bisect.bisect_left(sweep.halts, addr)
        if k >= 0:
            hi = sym_addrs[k + 1] if k + 1 < len(sym_addrs) else end
            return sym_addrs[k], hi
        lo = sweep.halts[h - 1] + 1 if h > 0 else base
        hi = sweep.halts[h] if h < len(sweep.halts) else end
        if sym_addrs:
            hi = min(hi, sym_addrs[0])
        return lo, hi

    def in_function(addr: int) -> str | None:
        k = bisect.bisect_right(sym_addrs, addr) - 1
        return symbols[sym_addrs[k]] if symbols and k >= 0 else None

    analyses: dict[tuple[int, int], _Analysis] = {}

    def state_at(addr: int) -> tuple[_Analysis, _State]:
        key = region(addr)
        if key not in analyses:
            analyses[key] = _Analysis(text, base, key[0], key[1], sweep, memory)
        return analyses[key], analyses[key].state_before(addr)

    sites: list[TrapSite] = []
    for raw in sweep.raws:
        name = in_function(raw.address)
        if raw.kind in ("syscall", "sysenter", "int"):
            sites.append(TrapSite(raw.address, raw.kind, None, None, None,
                                  f"a raw `{raw.kind}` instruction: not a ZeroVM trap (the validator rejects it)",
                                  name))
            continue
        if raw.kind == "indirect":
            site = _indirect_site(raw, name, state_at if raw.register else None)
            if site is not None:
                sites.append(site)
            continue
        assert raw.target is not None
        sites.append(_direct_site(raw.address, raw.kind, raw.target, name, state_at))
    return tuple(sites)


_StateAt = Callable[[int], tuple[_Analysis, _State]]


def _direct_site(address: int, kind: str, target: int, name: str | None,
                 state_at: _StateAt) -> TrapSite:
    slot = (target - TRAMPOLINE_START) // SLOT_SIZE
    if target % SLOT_SIZE:
        return TrapSite(address, kind, slot, None, None,
                        f"target {target:#x} is not the start of a trampoline slot", name)
    if slot != 0:
        return TrapSite(address, kind, slot, None, None,
                        f"slot {slot}, not slot 0: zerovm ends the session with exit code 22", name)
    function, code, reason = _resolve_code(*state_at(address))
    return TrapSite(address, kind, 0, function, code, reason, name)


def _indirect_site(raw: _Raw, name: str | None, state_at: _StateAt | None) -> TrapSite | None:
    if state_at is None:
        return TrapSite(raw.address, "indirect", None, None, None,
                        "target not statically known: a memory-indirect or far branch", name)
    analysis, st = state_at(raw.address)
    target = _truncate(st.regs[_GPR64.index(raw.register)], 4) if raw.register in _GPR64 else None
    if isinstance(target, int):
        if not TRAMPOLINE_START <= target < TRAMPOLINE_END:
            return None  # provably somewhere else
        slot = (target - TRAMPOLINE_START) // SLOT_SIZE
        if target % SLOT_SIZE == 0 and slot == 0:
            function, code, reason = _resolve_code(analysis, st)
            return TrapSite(raw.address, "indirect", 0, function, code, reason, name)
        why = (f"target {target:#x} is not the start of a trampoline slot" if target % SLOT_SIZE else
               f"slot {slot}, not slot 0: zerovm ends the session with exit code 22")
        return TrapSite(raw.address, "indirect", slot, None, None, why, name)
    detail = target.reason if isinstance(target, _Unknown) else "a stack address"
    return TrapSite(raw.address, "indirect", None, None, None,
                    f"target not statically known: %{raw.register} {detail}", name)


def _resolve_code(analysis: _Analysis, st: _State) -> tuple[str | None, int | None, str | None]:
    pointer = _truncate(st.regs[_RDI], 4)
    if isinstance(pointer, _Unknown):
        return None, None, f"the argument pointer %edi is not statically known: {pointer.reason}"
    key: _Key = ("f", pointer.anchor, pointer.offset) if isinstance(pointer, _Frame) else ("a", None, pointer)
    code = analysis.load(st, key, 8)
    if isinstance(code, int):
        return FUNCTION_CODES.get(code, "unknown"), code, None
    where = _describe_key(key)
    reason = code.reason if isinstance(code, _Unknown) else "it is a stack address"
    return None, None, f"args[0] (at {where}) is not statically known: {reason}"
