"""The alignment of SSE operands in a translation block, known at the block's start.

An aligned-SSE instruction X faults when its effective address is not a multiple of 16 (unicorn
does not check: see hooks.c).  Only the address mod 16 matters, and for the instructions that
usually compute addresses it is a linear function of the registers' values at the block's start:
`block_forms` follows every general register through the block as such a form (coefficients mod
16 per register, plus a constant), so the block hook can decide every X of the block before the
block runs, with a few register reads instead of a code hook on every instruction.

A register some instruction writes in a way not modelled here (a load, a partial write, a
multiplication...) becomes unknown; an X whose address depends on it gets an unknown form (the
machine then checks it with a code hook).  Truncation to 32 bits keeps the low 4 bits, so 32-bit
writes (which zero-extend) are modelled like 64-bit ones; r15, the sandbox base, is 0 mod 16.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import capstone
from capstone import x86 as csx86
from unicorn import x86_const as x86

from harness.x86 import GPR8 as _NAMES8
from harness.x86 import GPR16 as _NAMES16
from harness.x86 import GPR32 as _NAMES32
from harness.x86 import GPR64 as _NAMES64

MAX_TERMS = 4  # hooks.c's struct form

# The general registers by capstone id: (index 0-15, width in bytes).  Index 15 is r15.
_HIGH8 = {"ah": 0, "ch": 1, "dh": 2, "bh": 3}
R15_INDEX, RSP_INDEX = 15, 4
_UC_REG = tuple(getattr(x86, f"UC_X86_REG_{name.upper()}") for name in _NAMES64)


def _gpr_table() -> dict[int, tuple[int, int]]:
    table: dict[int, tuple[int, int]] = {}
    for width, names in ((8, _NAMES64), (4, _NAMES32), (2, _NAMES16), (1, _NAMES8)):
        for index, name in enumerate(names):
            table[getattr(csx86, f"X86_REG_{name.upper()}")] = (index, width)
    for name, index in _HIGH8.items():
        table[getattr(csx86, f"X86_REG_{name.upper()}")] = (index, 1)
    return table


_GPR = _gpr_table()
# A form: 16 coefficients (one per register, r15's always 0) and a constant, all mod 16; None: unknown.
Lin = tuple[int, ...]
_ZERO: Lin = (0,) * 17


def _unit(index: int) -> Lin:
    if index == R15_INDEX:
        return _ZERO
    return (*(1 if k == index else 0 for k in range(16)), 0)


def _const(value: int) -> Lin:
    return (0,) * 16 + (value & 15,)


def _add(a: Lin | None, b: Lin | None, factor: int = 1) -> Lin | None:
    if a is None or b is None:
        return None
    return tuple((x + factor * y) & 15 for x, y in zip(a, b, strict=True))


def _scale(a: Lin | None, factor: int) -> Lin | None:
    return None if a is None else tuple((x * factor) & 15 for x in a)


@dataclass(frozen=True)
class Form:
    """Instruction `pc`'s effective address mod 16 = sum(coeff * register at the block's start) + const
    (unicorn register ids); terms None: not known at the block's start."""

    pc: int
    terms: tuple[tuple[int, int], ...] | None
    const: int = 0

    def misaligned(self, read: dict[int, int]) -> bool:
        """With the registers' values at the block's start (an unknown form counts as misaligned)."""
        if self.terms is None:
            return True
        return (self.const + sum(coeff * read[reg] for reg, coeff in self.terms)) & 15 != 0


# (base, index, scale, disp, rip after) of X: machine.py's _aligned_operand
Operand = tuple[int | None, int | None, int, int, int | None]


class _State:
    """The registers' forms while walking through a block."""

    def __init__(self) -> None:
        self.regs: list[Lin | None] = [_unit(k) for k in range(16)]

    def get(self, cs_reg: int) -> Lin | None:
        found = _GPR.get(cs_reg)
        if found is None or found[1] < 4:
            return None
        return self.regs[found[0]]

    def set(self, cs_reg: int, value: Lin | None) -> None:
        found = _GPR.get(cs_reg)
        if found is None:
            return
        index, width = found
        if index == R15_INDEX:
            return  # validated code cannot write r15 (and a write would not be modelled anyway)
        self.regs[index] = value if width >= 4 else None

    def clobber(self) -> None:
        self.regs = [r if k == R15_INDEX else None for k, r in enumerate(self.regs)]

    def address(self, mem: capstone.x86.X86OpMem, rip_next: int) -> Lin | None:
        if mem.base == csx86.X86_REG_RIP:
            base: Lin | None = _const(rip_next)
        elif mem.base == 0:
            base = _ZERO
        else:
            base = self._address_reg(mem.base)
        index = _ZERO if mem.index == 0 else self._address_reg(mem.index)
        return _add(_add(base, _scale(index, mem.scale)), _const(mem.disp))

    def _address_reg(self, cs_reg: int) -> Lin | None:
        found = _GPR.get(cs_reg)
        # 32-bit address registers (addr32) keep the low bits too
        return None if found is None or found[1] < 4 else self.regs[found[0]]


_REG, _IMM, _MEM = csx86.X86_OP_REG, csx86.X86_OP_IMM, csx86.X86_OP_MEM
# General registers written but missing from capstone 5's regs_access (found by trying; the
# written register operands are added as well).
_IMPLICIT_WRITES: dict[str, tuple[int, ...]] = {
    name: tuple(_NAMES64.index(reg) for reg in regs) for name, regs in (
        ("cmpxchg", ("rax",)), ("xlatb", ("rax",)), ("enter", ("rsp", "rbp")), ("rdpkru", ("rax", "rcx", "rdx")),
        ("xabort", ("rax",)), ("xbegin", ("rax",)), ("cmpxchg8b", ("rax", "rdx")), ("cmpxchg16b", ("rax", "rdx")))
}


def _step(state: _State, insn: capstone.CsInsn) -> None:
    """The forms after `insn`."""
    ops = insn.operands
    name = insn.mnemonic
    dest = ops[0] if ops else None
    if dest is not None and dest.type == _REG and dest.size >= 4 and len(ops) == 2:
        src = ops[1]
        cur = state.get(dest.reg)
        value: Lin | bool | None = False  # False: not modelled here
        if name in ("mov", "movabs"):
            value = state.get(src.reg) if src.type == _REG else _const(src.imm) if src.type == _IMM else None
        elif name == "lea" and src.type == _MEM:
            value = state.address(src.mem, insn.address + insn.size)
        elif name in ("add", "sub") and src.type in (_REG, _IMM):
            if name == "sub" and src.type == _REG and src.reg == dest.reg:
                value = _ZERO
            else:
                other = state.get(src.reg) if src.type == _REG else _const(src.imm)
                value = _add(cur, other, 1 if name == "add" else -1)
        elif name == "xor" and src.type == _REG and src.reg == dest.reg:
            value = _ZERO
        elif name in ("shl", "sal") and src.type == _IMM:
            value = _scale(cur, 1 << (src.imm & (63 if dest.size == 8 else 31)))
        elif name == "and" and src.type == _IMM and src.imm & 15 in (0, 15):
            value = _ZERO if src.imm & 15 == 0 else cur
        if value is not False:
            state.set(dest.reg, value)
            return
    if dest is not None and dest.type == _REG and dest.size >= 4 and len(ops) == 1 and name in ("inc", "dec", "neg"):
        cur = state.get(dest.reg)
        state.set(dest.reg, _add(cur, _const(1), 1 if name == "inc" else -1) if name != "neg" else _scale(cur, -1))
        return
    try:
        _, written = insn.regs_access()
    except capstone.CsError:
        state.clobber()
        return
    if name == "push" and len(written) == 1:  # only rsp: rsp - 8 (whatever is pushed)
        state.regs[RSP_INDEX] = _add(state.regs[RSP_INDEX], _const(-8))
        return
    if name == "pop" and dest is not None and dest.type == _REG and _GPR.get(dest.reg, (RSP_INDEX,))[0] != RSP_INDEX:
        state.regs[RSP_INDEX] = _add(state.regs[RSP_INDEX], _const(8))
        state.set(dest.reg, None)
        return
    indices = [_GPR[reg][0] for reg in written if reg in _GPR]
    indices += [_GPR[op.reg][0] for op in ops
                if op.type == _REG and op.access & capstone.CS_AC_WRITE and op.reg in _GPR]
    indices += _IMPLICIT_WRITES.get(name.split()[-1], ())  # "lock cmpxchg"
    for index in indices:
        if index != R15_INDEX:
            state.regs[index] = None


def block_forms(md: capstone.Cs, code: bytes, pc: int, checked: dict[int, Operand]) -> list[Form]:
    """The forms of the checked instructions (system address -> operand) in the block of `code` at `pc`,
    in order; `md` decodes with details.  Instructions past what capstone decodes get unknown forms."""
    state = _State()
    forms: list[Form] = []
    done = pc
    for insn in md.disasm(code, pc):
        done = insn.address + insn.size
        operand = checked.get(insn.address)
        if operand is not None:
            forms.append(_form(state, insn.address, operand))
        _step(state, insn)
    forms.extend(Form(addr, None) for addr in sorted(checked) if done <= addr < pc + len(code))
    return forms


def _form(state: _State, pc: int, operand: Operand) -> Form:
    base, index, scale, disp, rip_next = operand
    lin: Lin | None = _const(disp + (rip_next or 0))
    for reg, factor in ((base, 1), (index, scale)):
        if reg is not None:
            lin = _add(lin, _scale(_uc_form(state, reg), factor))
    if lin is None:
        return Form(pc, None)
    terms = tuple((_UC_REG[k], lin[k]) for k in range(16) if lin[k])
    return Form(pc, terms if len(terms) <= MAX_TERMS else None, lin[16])


def _uc_form(state: _State, uc_reg: int) -> Lin | None:
    """The form of a unicorn register id (an X's base or index: 64-bit registers in validated code)."""
    if uc_reg in _UC_REG:
        return state.regs[_UC_REG.index(uc_reg)]
    return None


def distinct(forms: list[Form]) -> list[Form]:
    """The same decision with fewer forms: one per linear part, none for a constant aligned address.
    Two X's with the same linear part and different constants cannot both be aligned: the block
    then always runs checked (an unknown form), which is exact too."""
    by_terms: dict[tuple[tuple[int, int], ...], Form] = {}
    for form in forms:
        if form.terms is None:
            return [form]
        if not form.terms and not form.const:
            continue
        seen = by_terms.setdefault(form.terms, form)
        if seen.const != form.const:
            return [Form(form.pc, None)]
    return list(by_terms.values())


def registers(forms: Iterable[Form]) -> set[int]:
    """The unicorn registers the forms read."""
    return {reg for form in forms if form.terms is not None for reg, _ in form.terms}
