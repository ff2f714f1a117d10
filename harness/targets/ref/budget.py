"""The hooks that run while user code runs: the instruction budget, the SSE alignment checks and
the page protections (unicorn's virtual-TLB mode: see hooks.c zb_tlb_fill).

One interface, two implementations with the same semantics: `NativeHooks` (hooks.c, called by
unicorn straight from translated code) and `PythonHooks` (the fallback without a C compiler,
and a reference the tests compare the native one with).  See hooks.c for what they do.

A block's instruction count: the instruction starts in [pc, pc+size) of the validated code's
map (`add_region`), else what capstone decodes there (`count`), cached by (pc, size), with the
alignment forms of the block's SSE instructions marked by `mark_block_check` (`forms`: see
alignment.py; a block one of them may fault in is stopped before it runs and noted in `recheck`).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Protocol

from unicorn import (
    UC_CTL_TLB_FLUSH,
    UC_HOOK_BLOCK,
    UC_HOOK_CODE,
    UC_HOOK_TLB_FILL,
    UC_MEM_FETCH,
    UC_MEM_WRITE,
    UC_PROT_ALL,
    UC_PROT_EXEC,
    UC_PROT_READ,
    UC_PROT_WRITE,
    UC_TLB_VIRTUAL,
    Uc,
)
from unicorn.unicorn_py3.unicorn import uc_hook_h, uclib

from harness.targets.ref import native
from harness.targets.ref.alignment import Form, registers

FormsFn = Callable[[int, int], list[Form]]

MISALIGNED, APPROXIMATE = 1, 2  # kinds of check: fault when misaligned / stop always


def _flush_tlb(uc: Uc) -> None:
    """UC_CTL_TLB_FLUSH (the binding has no method for it): refill pages with the new protections."""
    uc._Uc__ctl_w(UC_CTL_TLB_FLUSH)  # type: ignore[attr-defined]


class Hooks(Protocol):
    executed: int
    stopped: bool
    fault: tuple[int, int] | None  # (pc, kind) of the check that stopped the emulation
    unmapped: int | None  # the last page filled outside user memory
    denied: int | None  # the last page an access was refused on
    recheck: tuple[int, int] | None  # (pc, size) of the block the alignment check stopped before

    def set_prots(self, regions: list[tuple[int, int, int]]) -> None: ...
    def add_region(self, start: int, starts: bytes) -> None: ...
    def remove_regions(self, start: int, end: int) -> None: ...
    def clear_blocks(self) -> None: ...
    def set_limit(self, limit: int) -> None: ...
    def set_forms(self, forms: FormsFn) -> None: ...
    def mark_block_check(self, pc: int, on: bool) -> None: ...
    def clear_recheck(self) -> None: ...
    def add_check(self, pc: int, base: int | None, index: int | None, scale: int, disp: int, kind: int) -> None: ...
    def remove_checks(self, start: int, end: int) -> None: ...
    def hook_cluster(self, first: int, last: int) -> int: ...
    def unhook(self, handle: int) -> None: ...
    def close(self) -> None: ...


class NativeHooks:
    """hooks.c's budget and checks on one emulator."""

    def __init__(self, lib: ctypes.CDLL, uc: Uc, limit: int, count: Callable[[int, int], int],
                 block: bool = True, virtual_tlb: bool = True) -> None:
        self.lib = lib
        self.uc = uc
        self._miss = native.MISS(count)  # kept: C holds the pointer
        self._forms: FormsFn | None = None
        self._forms_c = native.FORMS(self._on_forms)
        self.state = lib.zb_new(limit, self._miss)
        if not self.state:
            raise MemoryError("hooks.c: zb_new")
        if block:
            self._add(UC_HOOK_BLOCK, lib.zb_block_hook, 1, 0)
        if virtual_tlb:
            uc.ctl_set_tlb_mode(UC_TLB_VIRTUAL)
            self._add(UC_HOOK_TLB_FILL, lib.zb_tlb_fill, 1, 0)

    def _add(self, kind: int, func: ctypes._CFuncPtr, begin: int, end: int) -> int:
        handle = uc_hook_h()
        status = uclib.uc_hook_add(self.uc._uch, ctypes.byref(handle), kind, ctypes.cast(func, ctypes.c_void_p),
                                   ctypes.cast(self.state, ctypes.c_void_p), ctypes.c_uint64(begin),
                                   ctypes.c_uint64(end))
        if status != 0:
            raise RuntimeError(f"uc_hook_add: error {status}")
        return handle.value

    @property
    def executed(self) -> int:
        return int(self.state.contents.executed)

    @property
    def stopped(self) -> bool:
        return bool(self.state.contents.stopped)

    @property
    def fault(self) -> tuple[int, int] | None:
        head = self.state.contents
        return (int(head.fault_pc), int(head.fault_kind)) if head.fault_kind else None

    @property
    def recheck(self) -> tuple[int, int] | None:
        head = self.state.contents
        return (int(head.recheck_pc), int(head.recheck_size)) if head.recheck_pc else None

    def clear_recheck(self) -> None:
        self.state.contents.recheck_pc = 0

    @property
    def unmapped(self) -> int | None:
        page = int(self.state.contents.unmapped)
        return page - 1 if page else None

    @property
    def denied(self) -> int | None:
        page = int(self.state.contents.denied)
        return page - 1 if page else None

    def set_prots(self, regions: list[tuple[int, int, int]]) -> None:
        """(system start, end, UC_PROT_*) of every mapped range, ascending."""
        n = len(regions)
        starts = (ctypes.c_uint64 * n)(*(r[0] for r in regions))
        ends = (ctypes.c_uint64 * n)(*(r[1] for r in regions))
        perms = (ctypes.c_uint32 * n)(*(r[2] for r in regions))
        if self.lib.zb_set_prots(self.state, n, starts, ends, perms) != 0:
            raise MemoryError("hooks.c: too many memory regions")
        _flush_tlb(self.uc)

    def add_region(self, start: int, starts: bytes) -> None:
        if self.lib.zb_add_region(self.state, start, start + len(starts), starts) != 0:
            raise MemoryError("hooks.c: zb_add_region")

    def remove_regions(self, start: int, end: int) -> None:
        self.lib.zb_remove_regions(self.state, start, end)

    def clear_blocks(self) -> None:
        self.lib.zb_clear_blocks(self.state)

    def set_limit(self, limit: int) -> None:
        self.lib.zb_set_limit(self.state, limit)

    def set_forms(self, forms: FormsFn) -> None:
        self._forms = forms
        self.lib.zb_set_forms(self.state, self._forms_c)

    def _on_forms(self, pc: int, size: int) -> None:
        """Called by zb_block_hook: never raise into it (an unknown form makes the block run checked)."""
        try:
            assert self._forms is not None
            forms = self._forms(pc, size)
        except Exception:
            forms = [Form(pc, None)]
        for form in forms:
            terms = form.terms if form.terms is not None else ()
            regs = (ctypes.c_int32 * 4)(*(reg for reg, _ in terms))
            coeffs = (ctypes.c_uint32 * 4)(*(coeff for _, coeff in terms))
            nterms = -1 if form.terms is None or len(terms) > 4 else len(terms)
            # a failure is noted in C: the block then runs checked
            self.lib.zb_push_form(self.state, form.pc, nterms, regs, coeffs, form.const)

    def mark_block_check(self, pc: int, on: bool) -> None:
        if self.lib.zb_mark_block_check(self.state, pc, int(on)) != 0:
            raise ValueError(f"hooks.c: no instruction map at {pc:#x}")

    def add_check(self, pc: int, base: int | None, index: int | None, scale: int, disp: int, kind: int) -> None:
        if self.lib.zb_add_check(self.state, pc, -1 if base is None else base, -1 if index is None else index,
                                 scale, disp, kind) != 0:
            raise MemoryError("hooks.c: too many SSE checks")

    def remove_checks(self, start: int, end: int) -> None:
        self.lib.zb_remove_checks(self.state, start, end)

    def hook_cluster(self, first: int, last: int) -> int:
        return self._add(UC_HOOK_CODE, self.lib.zb_code_hook, first, last)

    def unhook(self, handle: int) -> None:
        uclib.uc_hook_del(self.uc._uch, uc_hook_h(handle))

    def close(self) -> None:
        """After the emulator is closed (its hooks point at the state)."""
        if self.state:
            self.lib.zb_free(self.state)
            self.state = None


class PythonHooks:
    """The same hooks as Python callbacks."""

    def __init__(self, uc: Uc, limit: int, count: Callable[[int, int], int], block: bool = True,
                 virtual_tlb: bool = True) -> None:
        self.uc = uc
        self.limit = limit
        self.count = count
        self.executed = 0
        self.stopped = False
        self.fault: tuple[int, int] | None = None
        self.unmapped: int | None = None
        self.denied: int | None = None
        self.prots: list[tuple[int, int, int]] = []
        self.regions: list[tuple[int, int, bytes]] = []
        self.blocks: dict[tuple[int, int], tuple[int, list[Form]]] = {}
        self.marked: set[int] = set()
        self.forms: FormsFn | None = None
        self.recheck: tuple[int, int] | None = None
        self.checks: dict[int, tuple[int | None, int | None, int, int, int]] = {}
        if block:
            uc.hook_add(UC_HOOK_BLOCK, self._on_block)
        if virtual_tlb:
            uc.ctl_set_tlb_mode(UC_TLB_VIRTUAL)
            uc.hook_add(UC_HOOK_TLB_FILL, self._on_tlb_fill)

    def set_prots(self, regions: list[tuple[int, int, int]]) -> None:
        self.prots = list(regions)
        _flush_tlb(self.uc)

    def _on_tlb_fill(self, uc: Uc, page: int, access: int, entry: object, _: object) -> bool:
        entry.paddr = page  # type: ignore[attr-defined]
        for start, end, perms in self.prots:
            if start <= page < end:
                entry.perms = perms  # type: ignore[attr-defined]
                need = UC_PROT_WRITE if access == UC_MEM_WRITE else UC_PROT_EXEC if access == UC_MEM_FETCH \
                    else UC_PROT_READ
                if not perms & need:
                    self.denied = page
                return True
        self.unmapped = page
        entry.perms = UC_PROT_ALL  # type: ignore[attr-defined]
        return True

    def add_region(self, start: int, starts: bytes) -> None:
        end = start + len(starts)
        self.remove_regions(start, end)
        self.regions.append((start, end, starts))

    def remove_regions(self, start: int, end: int) -> None:
        self.regions = [r for r in self.regions if r[1] <= start or r[0] >= end]

    def clear_blocks(self) -> None:
        self.blocks.clear()

    def set_limit(self, limit: int) -> None:
        self.executed, self.limit = 0, limit

    def set_forms(self, forms: FormsFn) -> None:
        self.forms = forms

    def mark_block_check(self, pc: int, on: bool) -> None:
        if on:
            self.marked.add(pc)
        else:
            self.marked.discard(pc)

    def clear_recheck(self) -> None:
        self.recheck = None

    def add_check(self, pc: int, base: int | None, index: int | None, scale: int, disp: int, kind: int) -> None:
        self.checks[pc] = (base, index, scale, disp, kind)

    def remove_checks(self, start: int, end: int) -> None:
        self.checks = {pc: c for pc, c in self.checks.items() if not start <= pc < end}

    def hook_cluster(self, first: int, last: int) -> int:
        return self.uc.hook_add(UC_HOOK_CODE, self._on_code, begin=first, end=last)

    def unhook(self, handle: int) -> None:
        self.uc.hook_del(handle)

    def close(self) -> None:
        pass

    def _block_count(self, pc: int, size: int) -> int:
        for start, end, starts in self.regions:
            if start <= pc and pc + size <= end:
                return starts.count(1, pc - start, pc - start + size)
        return self.count(pc, size)

    def _block_forms(self, pc: int, size: int) -> list[Form]:
        if self.forms is None or not any(pc <= x < pc + size for x in self.marked):
            return []
        try:
            return self.forms(pc, size)  # [] too: every X aligned whatever the registers
        except Exception:
            return [Form(pc, None)]

    def _on_block(self, uc: Uc, pc: int, size: int, _: object) -> None:
        block = self.blocks.get((pc, size))
        if block is None:
            block = self.blocks[(pc, size)] = (self._block_count(pc, size), self._block_forms(pc, size))
        n, forms = block
        if self.executed + n > self.limit:
            self.stopped = True
            uc.emu_stop()
            return
        if forms:
            values = {reg: uc.reg_read(reg) for reg in registers(forms)}
            if any(form.misaligned(values) for form in forms):
                self.recheck = (pc, size)
                uc.emu_stop()
                return
        self.executed += n

    def _on_code(self, uc: Uc, pc: int, size: int, _: object) -> None:
        check = self.checks.get(pc)
        if check is None:
            return
        base, index, scale, disp, kind = check
        if kind == MISALIGNED:
            ea = disp
            if base is not None:
                ea += uc.reg_read(base)
            if index is not None:
                ea += uc.reg_read(index) * scale
            if not ea & 15:
                return
        self.fault = (pc, kind)
        uc.emu_stop()


def make_hooks(uc: Uc, limit: int, count: Callable[[int, int], int], python: bool = False,
               block: bool = True, virtual_tlb: bool = True) -> Hooks:
    """The native hooks, or the Python ones when asked or when they cannot be built; `block`:
    with the budget's block hook (without it only the checks run)."""
    lib = None if python else native.hooks()
    if lib is None:
        return PythonHooks(uc, limit, count, block, virtual_tlb)
    return NativeHooks(lib, uc, limit, count, block, virtual_tlb)
