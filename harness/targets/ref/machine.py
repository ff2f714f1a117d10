"""The CPU: zerovm's user session on the unicorn emulator.

Why it is fast enough: no Python runs per instruction, nor per block.  Python only runs

* at the trampoline (one code hook over 0x10000-0x1FFFF): this is where zerovm's
  `call 0x10000` lands, so the trap is served there and execution resumes at the
  bundle-rounded return address without leaving `emu_start`;
* on faults (unicorn stops with an error) and on cpuid (answers pinned);
* at each MOV r/m, imm with REX.R in validated code, which unicorn refuses (`_on_rex_r_mov`);
* once per new translation block outside validated code (its instruction count).

Two hooks run natively (hooks.c, built by native.py; the same in Python when no C
compiler is there):

* the instruction budget, a block hook: Timeout is an instruction budget, counted per
  translation block at its start.  A block that would take the count past the budget
  does not run: the session ends at its first instruction, the same one on every run
  (a block's instructions are those the validator decoded in it; unicorn's blocks depend
  only on the code and where execution enters it).  `INSTRUCTIONS_PER_SECOND` converts
  the manifest's Timeout into that budget.
* the alignment check of SSE instructions with a 16-byte memory operand (unicorn does not
  make it; the CPU raises #GP): found statically in validated code, decided statically for
  RIP-relative operands, and checked at run time for the rest: by the block hook at the start
  of each block, from the registers' values there (alignment.py), and by a code hook on the
  instructions it cannot decide or that fault (see `_recheck`).

HLT needs no hook: unicorn stops after it (zerovm dies of SIGSEGV there) and `run`
recognises the validated HLT before rip.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import hashlib
import importlib
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass

import capstone
from unicorn import (
    UC_ARCH_X86,
    UC_ERR_EXCEPTION,
    UC_ERR_FETCH_PROT,
    UC_ERR_FETCH_UNMAPPED,
    UC_ERR_INSN_INVALID,
    UC_ERR_READ_PROT,
    UC_ERR_READ_UNMAPPED,
    UC_ERR_WRITE_PROT,
    UC_ERR_WRITE_UNMAPPED,
    UC_HOOK_CODE,
    UC_HOOK_INSN,
    UC_HOOK_INTR,
    UC_MODE_64,
    UC_PROT_ALL,
    UC_PROT_EXEC,
    UC_PROT_NONE,
    UC_PROT_READ,
    UC_PROT_WRITE,
    Uc,
    UcError,
)
from unicorn import x86_const as x86
from unicorn.unicorn_py3.unicorn import uclib

from harness.manifest import int32
from harness.targets.ref.alignment import Form, block_forms, distinct
from harness.targets.ref.budget import APPROXIMATE, MISALIGNED, Hooks, make_hooks
from harness.targets.ref.channels import Channels
from harness.targets.ref.errors import (
    EACCES,
    EFAULT,
    EINVAL,
    EPERM,
    SIGFPE,
    SIGILL,
    SIGSEGV,
    TRUSTED_RIP_PLACEHOLDER,
    Deadlock,
    Signal,
    Unsupported,
    fail,
)
from harness.targets.ref.memory import (
    FOURGIG,
    GUARD,
    INITIAL_RSP,
    PROT_EXEC,
    PROT_NONE,
    PROT_READ,
    PROT_WRITE,
    R15,
    RX,
    SLOT,
    SLOTS,
    TRAMPOLINE_END,
    TRAMPOLINE_START,
    Layout,
    check_ram_access,
)
from harness.validator import ValidationReport, validate_code

# Unicorn imports its x86 module when the first emulator is made.  Sessions run in a child
# process that has dropped to zerovm's user, who may not be able to read site-packages:
# import it here, before any fork.
importlib.import_module("unicorn.unicorn_py3.arch.intel")

# The instruction budget per second of the manifest's Timeout.  A real zerovm runs
# roughly 1-3e9 instructions/s natively; the emulator runs ~1-3e8 with the block-hook
# budget (tests/bench_ref.py).  1e8 keeps a Timeout-bound run within ~1 s of wall time
# per Timeout second while leaving any program zerovm finishes in <50 ms well inside the budget.
INSTRUCTIONS_PER_SECOND = 100_000_000
# Traps are served in Python (~10 us each), so a program that traps in a tight loop
# would take far longer than its Timeout: traps have their own budget, 1e5 per second
# of Timeout (a real zerovm serves ~7e5/s, at about 1.4 us per trap).  Whichever budget
# runs out first ends the session with "session timeout", at the same place every run.
TRAPS_PER_SECOND = 100_000

TRAP_READ, TRAP_WRITE, TRAP_JAIL, TRAP_UNJAIL, TRAP_EXIT, TRAP_FORK = (
    0x64616552, 0x74697257, 0x6C69614A, 0x6C6A6E55, 0x74697845, 0x6B726F46)

MXCSR_DEFAULT = 0x1F80  # what the zerovm process has (the switcher never touches MXCSR)
FPCW_DEFAULT = 0x37F  # fninit, at entry and after every trap
RFLAGS_AFTER_SWITCH = 0x246  # IF, and ZF|PF from the switcher's `xorl %edx,%edx` (DF cleared by cld)

# cpuid answers are pinned (a real zerovm passes the host's through): a plain x86-64
# CPU with SSE..SSE4.2, no AVX (the validator rejects VEX anyway).
CPUID: dict[int, tuple[int, int, int, int]] = {
    0: (0x0000000D, 0x756E6547, 0x6C65746E, 0x49656E69),  # "GenuineIntel", max leaf 0xD
    1: (0x000306A9, 0x00000800, 0x00982203, 0x078BFBFF),  # SSE3 SSSE3 SSE4.1 SSE4.2 POPCNT CX16, no AVX/OSXSAVE
    0x80000000: (0x80000008, 0, 0, 0),
    0x80000001: (0, 0, 0x00000001, 0x28100800),  # LAHF, SYSCALL, NX, RDTSCP, LM
}

_UC_PROT = {PROT_NONE: UC_PROT_NONE, PROT_READ: UC_PROT_READ, PROT_READ | PROT_WRITE: UC_PROT_READ | UC_PROT_WRITE,
            RX: UC_PROT_READ | UC_PROT_EXEC}
_SEGV_ERRORS = {UC_ERR_READ_UNMAPPED, UC_ERR_WRITE_UNMAPPED, UC_ERR_FETCH_UNMAPPED, UC_ERR_READ_PROT,
                UC_ERR_WRITE_PROT, UC_ERR_FETCH_PROT}
_ZEROED_AFTER_TRAP = (x86.UC_X86_REG_RDX, x86.UC_X86_REG_RSI, x86.UC_X86_REG_R8, x86.UC_X86_REG_R9,
                      x86.UC_X86_REG_R10, x86.UC_X86_REG_R11)
_XMM = tuple(getattr(x86, f"UC_X86_REG_XMM{i}") for i in range(16))
_GPR = ("RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP", "R8", "R9", "R10", "R11", "R12", "R13", "R14")
# SSE memory operands of 16 bytes that do not need alignment (everything else legacy-encoded does).
_UNALIGNED_OK = frozenset(("movups", "movupd", "movdqu", "lddqu", "pcmpestri", "pcmpestrm", "pcmpistri",
                           "pcmpistrm",
                           # scalar: an m64 operand that capstone 5 sizes as an xmmword (libm's comparisons)
                           "comisd"))
_HLT_RUN = re.compile(rb"\xf4+")
_ONE = bytes([0] + [1] * 255)  # bytes.translate: any non-zero byte to 1
_TWO_BYTE = re.compile(rb"\x0f")
# MOV r/m, imm (C6 /0, C7 /0) behind a REX prefix with REX.R set.  The CPU ignores REX.R when the
# ModRM reg field is an opcode extension (Intel SDM vol. 2, 2.2.1.2) and the validator accepts the
# form, but unicorn 2.1.4 checks `reg | REX.R != 0` (its translate.c, case 0xc6/0xc7) and raises #UD:
# the machine carries these out itself (`_on_rex_r_mov`).  No other opcode valid code may hold
# differs in unicorn with REX.R (checked by decoding every opcode with and without it).
_REX_R_MOV = re.compile(rb"[\x44-\x47\x4c-\x4f][\xc6\xc7]")
_LEGACY_PREFIXES = frozenset([0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65])
# rcpps & co. give CPU-specific results (only their error bound is architectural): not guessed
_APPROXIMATE = frozenset(("rcpps", "rcpss", "rsqrtps", "rsqrtss"))
_APPROXIMATE_MARK: tuple[int | None, int | None, int, int, int | None] = (None, None, -1, 0, None)  # no scale is -1
# SSE checks closer than MachineOptions.cluster_gap share one code hook.  A hook makes every
# instruction in its range call hooks.c (~10 ns); each hook costs every hooked instruction a test
# in unicorn's dispatch (tests/bench_ref.py measures the trade-off).
_ALIGNED_ALWAYS = frozenset(("fxsave", "fxrstor", "fxsave64", "fxrstor64"))
# second opcode bytes (after 0F) that never take a 16-byte memory operand
_NOT_SSE = frozenset([*range(0x80, 0xA0), *range(0x40, 0x50), *range(0xC8, 0xD0), 0xB6, 0xB7, 0xBE, 0xBF, 0xAF,
                      0x1F, 0xA2, 0x0B, 0xA3, 0xAB, 0xB3, 0xBB, 0xBA, 0xBC, 0xBD, 0x05, 0x31, 0x18, 0xB0, 0xB1,
                      0xC0, 0xC1, 0xA4, 0xA5, 0xAC, 0xAD])


@functools.cache
def _disassemblers() -> tuple[capstone.Cs, capstone.Cs]:
    """Capstone with and without operand details, made once (sessions run one at a time)."""
    detailed = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    detailed.detail = True
    return detailed, capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)


class _Raw:
    """Direct libunicorn calls for the trap path: the Python binding's reg_write costs
    ~15 us a register, the C batch call ~1.5 us for all of them."""

    # registers the trap return writes, in this order
    AFTER_TRAP = (x86.UC_X86_REG_RAX, x86.UC_X86_REG_RSP, x86.UC_X86_REG_RDI, x86.UC_X86_REG_RCX,
                  x86.UC_X86_REG_R15, x86.UC_X86_REG_RDX, x86.UC_X86_REG_RSI, x86.UC_X86_REG_R8, x86.UC_X86_REG_R9,
                  x86.UC_X86_REG_R10, x86.UC_X86_REG_R11, x86.UC_X86_REG_FPCW, x86.UC_X86_REG_FPSW,
                  x86.UC_X86_REG_FPTAG, x86.UC_X86_REG_RFLAGS, *(getattr(x86, f"UC_X86_REG_XMM{i}") for i in range(16)))
    TRAP_READ = (x86.UC_X86_REG_RSP, x86.UC_X86_REG_RDI, x86.UC_X86_REG_RSI, x86.UC_X86_REG_RDX,
                 x86.UC_X86_REG_RCX, x86.UC_X86_REG_R8, x86.UC_X86_REG_R9)

    def __init__(self, uc: Uc) -> None:
        self.handle = uc._uch
        n = len(self.AFTER_TRAP)
        self.w_ids = (ctypes.c_int * n)(*self.AFTER_TRAP)
        self.w_vals = [ctypes.c_uint64(0) for _ in range(15)] + [(ctypes.c_uint8 * 16)() for _ in range(16)]
        self.pc = ctypes.c_uint64(0)
        self.w_ptrs = (ctypes.c_void_p * n)(*[ctypes.addressof(v) for v in self.w_vals])
        self.w_vals[11].value = FPCW_DEFAULT
        self.w_vals[13].value = 0xFFFF
        self.w_vals[14].value = RFLAGS_AFTER_SWITCH
        m = len(self.TRAP_READ)
        self.r_ids = (ctypes.c_int * m)(*self.TRAP_READ)
        self.r_vals = [ctypes.c_uint64(0) for _ in range(m)]
        self.r_ptrs = (ctypes.c_void_p * m)(*[ctypes.addressof(v) for v in self.r_vals])
        self.buf = ctypes.create_string_buffer(64)

    def read_trap_regs(self) -> list[int]:
        uclib.uc_reg_read_batch(self.handle, self.r_ids, self.r_ptrs, len(self.r_vals))
        return [v.value for v in self.r_vals]

    def write_after_trap(self, rax: int, rsp: int, rdi: int, pc: int) -> None:
        vals = self.w_vals
        vals[0].value, vals[1].value, vals[2].value, vals[3].value, vals[4].value = rax, rsp, rdi, pc, R15
        uclib.uc_reg_write_batch(self.handle, self.w_ids, self.w_ptrs, len(vals))
        # RIP on its own: only a single uc_reg_write of the PC redirects a running emulation
        self.pc.value = pc
        uclib.uc_reg_write(self.handle, x86.UC_X86_REG_RIP, ctypes.byref(self.pc))

    def mem_read(self, address: int, size: int) -> bytes:
        buf = self.buf if size <= 64 else ctypes.create_string_buffer(size)
        uclib.uc_mem_read(self.handle, ctypes.c_uint64(address), buf, ctypes.c_size_t(size))
        return buf.raw[:size]

    def mem_write(self, address: int, data: bytes) -> None:
        uclib.uc_mem_write(self.handle, ctypes.c_uint64(address), data, ctypes.c_size_t(len(data)))


@dataclass(frozen=True)
class Ending:
    """How the user session ended."""

    kind: str  # "exit" | "signal" | "fail" | "timeout"
    user_code: int = 0
    code: int = 0
    state: str = "ok"


class _Stop(Exception):
    """Raised inside a hook path to end the session (kept in Machine.pending)."""

    def __init__(self, ending: Ending | Exception) -> None:
        super().__init__(str(ending))
        self.ending = ending


# What `Machine.fork` (zvm_fork) returns: the trap's int32 result, or an Ending when the session
# ends inside the trap (a Job session's parent, daemon.c Daemon).
ForkHandler = Callable[[], "int | Ending"]
_RESTART = Ending("restart")  # Machine.pending: emulation goes on from rip with a new budget
# How the budget is counted: "block" (the hooks of budget.py, native when they can be built),
# "python-block" (the same hooks in Python), "instruction" (unicorn's emu_start count: a C hook on
# every instruction; stops at the exact instruction, ~25x slower), "none" (no budget: a bound for
# tests/bench_ref.py only).
BUDGET_MODES = ("block", "python-block", "instruction", "none")
# How aligned-SSE operands are checked: "block" (at the start of each translation block, from the
# registers there: alignment.py; needs a block-hook budget mode, else "code"), "code" (a code hook
# per cluster of them: every instruction in a cluster calls hooks.c).  Both are exact.
SSE_CHECKS = ("block", "code")


@dataclass(frozen=True)
class MachineOptions:
    """How the emulator is driven.  The defaults are the reference's; the others are there for
    tests/bench_ref.py, which measures them side by side (and for tests of determinism)."""

    budget_mode: str = "block"
    cluster_gap: int = 64  # SSE checks closer than this share one code hook; < 0: no checks (bench only)
    # "virtual": page protections through budget.py's TLB fill (data pages not executable: fast
    # stores); "cpu": unicorn's own TLB (every page executable: every store on the slow path;
    # protections then hold only with a memory hook: bench only)
    tlb: str = "virtual"
    sse_check: str = "block"

    def __post_init__(self) -> None:
        if self.sse_check not in SSE_CHECKS:
            raise ValueError(f"sse_check {self.sse_check!r}: one of {SSE_CHECKS}")
        if self.budget_mode not in BUDGET_MODES:
            raise ValueError(f"budget_mode {self.budget_mode!r}: one of {BUDGET_MODES}")
        if self.tlb not in ("virtual", "cpu"):
            raise ValueError(f"tlb {self.tlb!r}: 'virtual' or 'cpu'")


REFERENCE = MachineOptions()


def _trampoline_starts() -> bytes:
    """Instruction starts of the trampoline: each slot's movabs, call and HLTs, then the all-HLT slot."""
    slot = bytearray(SLOT)
    slot[0] = slot[10] = 1
    slot[12:] = b"\x01" * (SLOT - 12)
    return bytes(slot) * SLOTS + b"\x01" * (TRAMPOLINE_END - TRAMPOLINE_START - SLOT * SLOTS)


class ProtMap:
    """The real page protections of user memory (which zerovm's mem_map does not track)."""

    def __init__(self, regions: list[tuple[int, int, int]]) -> None:
        self.regions = sorted(regions)

    def lowest(self, start: int, end: int) -> int | None:
        """The common protection of [start, end), or None if part of it is not mapped."""
        prot = PROT_READ | PROT_WRITE | PROT_EXEC
        pos = start
        for r_start, r_end, r_prot in self.regions:
            if r_end <= pos:
                continue
            if r_start > pos:
                return None
            prot &= r_prot
            pos = r_end
            if pos >= end:
                return prot
        return None if pos < end else prot

    def allows(self, start: int, size: int, prot: int) -> bool:
        if size <= 0:
            return True
        have = self.lowest(start, start + size)
        return have is not None and have & prot == prot

    def set(self, start: int, end: int, prot: int) -> list[tuple[int, int, bool]]:
        """Change [start, end); returns the pieces as (start, end, was_mapped)."""
        pieces: list[tuple[int, int, bool]] = []
        kept: list[tuple[int, int, int]] = []
        pos = start
        for r_start, r_end, r_prot in self.regions:
            if r_end <= start or r_start >= end:
                kept.append((r_start, r_end, r_prot))
                continue
            if r_start < start:
                kept.append((r_start, start, r_prot))
            if r_end > end:
                kept.append((end, r_end, r_prot))
            lo, hi = max(r_start, start), min(r_end, end)
            if lo > pos:
                pieces.append((pos, lo, False))
            pieces.append((lo, hi, True))
            pos = hi
        if pos < end:
            pieces.append((pos, end, False))
        kept.append((start, end, prot))
        self.regions = sorted(kept)
        return pieces


class Machine:
    """One user session on unicorn: memory, registers, the trap, faults and the budget."""

    def __init__(self, layout: Layout, channels: Channels, text_report: ValidationReport | None,
                 budget: int, trap_budget: int,
                 validate: Callable[[bytes, int], ValidationReport] = validate_code,
                 options: MachineOptions = REFERENCE) -> None:
        self.options = options
        self.budget_mode = options.budget_mode
        self.cluster_gap = options.cluster_gap
        self.layout = layout
        self.channels = channels
        self.budget = budget
        self.trap_budget = trap_budget
        self.traps = 0
        # (site, function code) -> trap calls made there, in order of first use (see `trap_calls`)
        self.trap_log: dict[tuple[int | None, int], int] = {}
        self.validate = validate
        self.fork: ForkHandler | None = None  # zvm_fork; None: no Job, the trap returns 0
        self._restart = False
        self.pending: Ending | Exception | None = None
        self.special_hooks: dict[int, int] = {}  # user address -> hook handle (aligned-SSE clusters)
        self.rex_r_hooks: dict[int, int] = {}  # user address -> hook handle (see `_on_rex_r_mov`)
        self.hlts: set[int] = set()  # user addresses of HLT instructions in validated code
        self.hlt_runs: list[tuple[int, int]] = []  # ... and the trailing HLT fills, [start, end)
        self.aligned: dict[int, tuple[int | None, int | None, int, int, int | None]] = {}
        # system address -> operand of the SSE instructions the block hook checks (see `_recheck`)
        self.block_checked: dict[int, tuple[int | None, int | None, int, int, int | None]] = {}
        self._checked_order: list[int] | None = None  # block_checked's addresses, ascending (made when needed)
        self.block_check = options.sse_check == "block" and self.budget_mode in ("block", "python-block") \
            and options.cluster_gap >= 0
        self.md, self._md_lite = _disassemblers()
        uc = Uc(UC_ARCH_X86, UC_MODE_64)
        self.uc = uc
        self.raw = _Raw(uc)
        self.hooks: Hooks = make_hooks(uc, budget, self._count_block, python=self.budget_mode == "python-block",
                                       block=self.budget_mode in ("block", "python-block"),
                                       virtual_tlb=options.tlb == "virtual")
        self.hooks.add_region(R15 + TRAMPOLINE_START, _trampoline_starts())
        if self.block_check:
            self.hooks.set_forms(self._block_forms)
        for region in layout.regions:
            uc.mem_map(R15 + region.start, region.end - region.start, _UC_PROT[region.prot])
        self.prot = ProtMap([(r.start, r.end, r.prot) for r in layout.regions])
        self._sync_prots()
        for addr, data in layout.image:
            uc.mem_write(R15 + addr, data)
        self._set_entry_registers()
        uc.hook_add(UC_HOOK_CODE, self._on_trampoline, begin=R15 + TRAMPOLINE_START, end=R15 + TRAMPOLINE_END - 1)
        uc.hook_add(UC_HOOK_INTR, self._on_interrupt)
        uc.hook_add(UC_HOOK_INSN, self._on_cpuid, None, 1, 0, x86.UC_X86_INS_CPUID)
        uc.hook_add(UC_HOOK_INSN, self._on_syscall, None, 1, 0, x86.UC_X86_INS_SYSCALL)
        uc.hook_add(UC_HOOK_INSN, self._on_syscall, None, 1, 0, x86.UC_X86_INS_SYSENTER)
        # HLTs (the halt sled included: the report covers it) and aligned SSE, found statically
        if text_report is not None:
            text = bytes(uc.mem_read(R15 + text_report.base, len(text_report.instruction_starts)))
            self._hook_code(text_report, text)

    # -- set-up ---------------------------------------------------------------------------------

    def _set_entry_registers(self) -> None:
        """CreateSession + the switcher (sel_rt.c ThreadContextCtor, to_app.S)."""
        uc = self.uc
        for name in _GPR:
            uc.reg_write(getattr(x86, f"UC_X86_REG_{name}"), 0)
        uc.reg_write(x86.UC_X86_REG_R15, R15)
        uc.reg_write(x86.UC_X86_REG_RSP, R15 + INITIAL_RSP)
        uc.reg_write(x86.UC_X86_REG_RBP, R15 + INITIAL_RSP)
        uc.reg_write(x86.UC_X86_REG_RDI, (INITIAL_RSP + 8) & 0xFFFFFFFF)  # leal 8(%rsp),%edi
        uc.reg_write(x86.UC_X86_REG_RCX, R15 + self.layout.entry)  # the switcher jumps through rcx
        uc.reg_write(x86.UC_X86_REG_MXCSR, MXCSR_DEFAULT)
        self._switcher_state()

    def _switcher_state(self) -> None:
        """What the switch to user code leaves: fninit, zero vector registers, flags."""
        uc = self.uc
        uc.reg_write(x86.UC_X86_REG_FPCW, FPCW_DEFAULT)
        uc.reg_write(x86.UC_X86_REG_FPSW, 0)
        uc.reg_write(x86.UC_X86_REG_FPTAG, 0xFFFF)
        for reg in _XMM:
            uc.reg_write(reg, 0)
        uc.reg_write(x86.UC_X86_REG_RFLAGS, RFLAGS_AFTER_SWITCH)

    def _hook_code(self, report: ValidationReport, code: bytes) -> None:
        """Record HLT instructions, the instruction starts (the budget counts blocks with them) and
        the alignment-checked SSE instructions of validated code.

        HLTs get no hook -- unicorn stops after a HLT and `run` recognises it -- and the SSE
        instructions share one code hook per cluster.
        """
        found = analyse(report, code)
        if found.starts is not None:
            self.hooks.add_region(R15 + report.base, found.starts)
        self.hlt_runs.extend(found.hlt_runs)
        self.hlts.update(found.hlts)
        for addr in found.rex_r_movs:
            self.rex_r_hooks[addr] = self.uc.hook_add(UC_HOOK_CODE, self._on_rex_r_mov, begin=R15 + addr,
                                                      end=R15 + addr)
        cluster: list[int] = []
        for addr, info in found.aligned:
            self.aligned[addr] = info
            if info == _APPROXIMATE_MARK:  # compared by value: analyses come back pickled from sessions
                self.hooks.add_check(R15 + addr, None, None, 0, 0, APPROXIMATE)
            else:
                b, i, scale, disp, rip_next = info
                if rip_next is not None:
                    if (rip_next + disp) & 15 == 0:
                        continue  # RIP-relative: aligned (or not) on every run, decided here
                    disp += rip_next
                self.hooks.add_check(R15 + addr, b, i, scale, disp, MISALIGNED)
                if self.block_check:
                    self.block_checked[R15 + addr] = info
                    self._checked_order = None
                    self.hooks.mark_block_check(R15 + addr, True)
                    continue
            if self.cluster_gap < 0:
                continue
            if cluster and addr - cluster[-1] > self.cluster_gap:
                self._hook_cluster(cluster[0], cluster[-1])
                cluster = []
            cluster.append(addr)
        if cluster:
            self._hook_cluster(cluster[0], cluster[-1])

    def _hook_cluster(self, first: int, last: int) -> None:
        self.special_hooks[first] = self.hooks.hook_cluster(R15 + first, R15 + last)

    def _block_forms(self, pc: int, size: int) -> list[Form]:
        """The alignment forms of the block-checked instructions in the block at `pc` (hooks.c asks)."""
        if self._checked_order is None:
            self._checked_order = sorted(self.block_checked)
        order = self._checked_order
        checked = {addr: self.block_checked[addr]
                   for addr in order[bisect.bisect_left(order, pc):bisect.bisect_left(order, pc + size)]}
        if not checked:
            return []
        return distinct(block_forms(self.md, self.raw.mem_read(pc, size), pc, checked))

    def _recheck(self, pc: int, size: int) -> None:
        """The block hook found that an SSE instruction of the block at `pc` may fault (or could not
        tell): it stopped before the block.  From now on a code hook checks the block's SSE
        instructions, one at a time, so the block runs again with the fault (or an earlier one)
        at its exact instruction."""
        found = sorted(addr for addr in self.block_checked if pc <= addr < pc + size)
        if not found:
            raise Unsupported(f"the alignment check stopped before the block at {pc:#x} and has no check there")
        for addr in found:
            del self.block_checked[addr]
            self._checked_order = None
            self.hooks.mark_block_check(addr, False)
            self._hook_cluster(addr - R15, addr - R15)
        self.hooks.clear_blocks()  # the forms cached with blocks holding them
        self.uc.ctl_remove_cache(pc, pc + size)  # translated without the new code hooks

    def _count_block(self, pc: int, size: int) -> int:
        """A translation block's instructions outside validated code, as capstone decodes them
        (undecodable bytes count as one more)."""
        n = done = 0
        try:
            code = self.raw.mem_read(pc, size)
            for offset, length, _, _ in self._md_lite.disasm_lite(code, pc):
                n += 1
                done = offset - pc + length
        except Exception:  # never raise into unicorn's C caller: count what was decoded
            pass
        return n + (1 if done < size else 0)

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> Ending:
        begin = R15 + self.layout.entry
        while True:
            try:
                self.uc.emu_start(begin, 0, count=self.budget if self.budget_mode == "instruction" else 0)
            except UcError as exc:
                if self.pending is None:
                    self.pending = self._fault(exc)
            recheck = self.hooks.recheck
            if recheck is not None:
                self.hooks.clear_recheck()
                if self.pending is None:
                    self._recheck(*recheck)
                    begin = recheck[0]
                    continue
            if self.pending is not _RESTART:
                break
            # A Job's child session: zerovm's alarm starts anew, so does the budget (see `restart`).
            self.pending = None
            begin = self.uc.reg_read(x86.UC_X86_REG_RIP)
        ending = self.pending
        fault = self.hooks.fault
        if ending is None and fault is not None:
            pc, kind = fault
            if kind == APPROXIMATE:
                raise Unsupported(f"approximate instruction at {pc:#x}: its result differs between CPUs")
            return _signal(SIGSEGV, pc)  # a misaligned SSE operand: #GP
        if ending is None:
            if self.hooks.stopped:
                return Ending("timeout")
            # unicorn returns normally both when a count runs out and after a HLT (it
            # halts); a HLT is recognised by the validated HLT instruction right before rip.
            # HLT in user mode is a #GP: zerovm reports SIGSEGV at the hlt.
            rip = self.uc.reg_read(x86.UC_X86_REG_RIP)
            hlt = rip - 1 - R15
            if hlt in self.hlts or any(start <= hlt < end for start, end in self.hlt_runs):
                return _signal(SIGSEGV, rip - 1)
            return Ending("timeout")
        if isinstance(ending, Exception):
            raise ending
        return ending

    def restart(self, budget: int, trap_budget: int) -> None:
        """Give the session a new budget once the current trap returns: a Job's child session
        runs on from zvm_fork under its own request's Timeout (daemon.c UpdateSession)."""
        self.budget, self.trap_budget, self.traps = budget, trap_budget, 0
        if self.budget_mode == "instruction":
            self._restart = True
        else:
            self.hooks.set_limit(budget)  # counted from the next block on

    def close(self) -> None:
        """Release the emulator: its hooks hold this object, so without this the (up to 4 GiB
        of) guest memory would only go when the cycle collector runs."""
        uc = self.uc
        for handle in list(getattr(uc, "_callbacks", {})):
            uc.hook_del(handle)
        self.special_hooks.clear()
        self.rex_r_hooks.clear()
        finalizer = getattr(uc, "_Uc__finalizer", None)
        if callable(finalizer):
            finalizer()  # uc_close: unmaps the guest memory
        self.hooks.close()  # the emulator never runs again: no hook can use it
        del self.uc

    def _stop(self, ending: Ending | Exception) -> None:
        if self.pending is None:
            self.pending = ending
        self.uc.emu_stop()

    def _fault(self, exc: UcError) -> Ending | Exception:
        rip = self.uc.reg_read(x86.UC_X86_REG_RIP)
        if exc.errno in _SEGV_ERRORS:
            bad = self.hooks.unmapped
            if bad is not None and not R15 - GUARD <= bad < R15 + FOURGIG + GUARD:
                return Unsupported(f"access to {bad:#x}, outside the sandbox and its guards")
            return _signal(SIGSEGV, rip)
        if exc.errno == UC_ERR_EXCEPTION and self.hooks.denied is not None:
            return _signal(SIGSEGV, rip)  # refused by the page's protection (budget.py's TLB fill)
        if exc.errno == UC_ERR_INSN_INVALID:
            return _signal(SIGILL, rip)
        return Unsupported(f"emulator error {exc} at {rip:#x}")

    # -- hooks ------------------------------------------------------------------------------------

    def _on_interrupt(self, uc: Uc, intno: int, _: object) -> None:
        rip = uc.reg_read(x86.UC_X86_REG_RIP)
        if intno == 0:  # #DE: divide error -> SIGFPE at the instruction
            self._stop(_signal(SIGFPE, rip))
        elif intno == 6:
            self._stop(_signal(SIGILL, rip))
        elif intno in (13, 14):
            self._stop(_signal(SIGSEGV, rip))
        else:
            self._stop(Unsupported(f"interrupt {intno} at {rip:#x}"))

    def _on_cpuid(self, uc: Uc, _: object) -> int:
        leaf = uc.reg_read(x86.UC_X86_REG_EAX) & 0xFFFFFFFF
        values = CPUID.get(leaf, (0, 0, 0, 0))
        for reg, value in zip((x86.UC_X86_REG_RAX, x86.UC_X86_REG_RBX, x86.UC_X86_REG_RCX, x86.UC_X86_REG_RDX),
                              values, strict=True):
            uc.reg_write(reg, value)
        return 1  # skip unicorn's own cpuid

    def _on_rex_r_mov(self, uc: Uc, address: int, _size: int, _: object) -> None:
        """Carry out a MOV r/m, imm that has REX.R (see _REX_R_MOV) and go on after it.

        unicorn calls this before the #UD it translated the instruction to (`_size` is not set
        for such an instruction); the #UD also ends its block, so the next block starts after the
        MOV and the budget counts no instruction twice."""
        try:
            insn = next(self.md.disasm(self.raw.mem_read(address, 15), address, 1), None)
            if insn is None or insn.mnemonic != "mov" or len(insn.operands) != 2:
                raise Unsupported(f"REX.R MOV r/m, imm at {address:#x}: capstone decodes no MOV")
            dest, imm = insn.operands
            size = dest.size
            value = imm.imm & ((1 << (8 * size)) - 1)  # a 64-bit MOV's imm32 comes sign-extended
            if dest.type == capstone.x86.X86_OP_REG:
                name = self.md.reg_name(dest.reg)
                if size == 4:  # a 32-bit result zero-extends (unicorn's EAX..R15D keep the top half)
                    name = name[:-1] if name[-1] == "d" else "r" + name[1:]
                uc.reg_write(getattr(x86, f"UC_X86_REG_{name.upper()}"), value)
            else:
                mem = dest.mem
                if mem.segment:
                    raise Unsupported(f"REX.R MOV r/m, imm at {address:#x} with a segment override")
                ea = address + insn.size if mem.base == capstone.x86.X86_REG_RIP else \
                    uc.reg_read(_uc_reg(self.md, mem.base)) if mem.base else 0
                if mem.index:
                    ea += uc.reg_read(_uc_reg(self.md, mem.index)) * mem.scale
                ea = (ea + mem.disp) & 0xFFFFFFFFFFFFFFFF
                if not R15 - GUARD <= ea < R15 + FOURGIG + GUARD:
                    raise Unsupported(f"access to {ea:#x}, outside the sandbox and its guards")
                if not self.write(ea - R15, value.to_bytes(size, "little")):
                    self._stop(_signal(SIGSEGV, address))  # the store faults: nothing is written
                    return
            uc.reg_write(x86.UC_X86_REG_RIP, address + insn.size)
        except Exception as exc:  # Unsupported or a model bug: re-raised after emu_start
            self._stop(exc)

    def _on_syscall(self, uc: Uc, _: object) -> None:
        self._stop(Unsupported(f"syscall/sysenter at {uc.reg_read(x86.UC_X86_REG_RIP):#x} (only with -s)"))

    def _on_trampoline(self, uc: Uc, address: int, size: int, _: object) -> None:
        try:
            self._trap(address - R15)
        except _Stop as exc:
            self._stop(exc.ending)
        except Signal as sig:
            self._stop(Ending("signal", code=4, state=sig.state))
        except Deadlock:  # a pread or pwrite waits for a peer that never comes: zerovm's Timeout ends it
            self._stop(Ending("timeout"))
        except Exception as exc:  # ZvmFail, Unsupported, or a model bug: re-raised after emu_start
            self._stop(exc)

    # -- the trap (syscall_hook.c + trap.c) ---------------------------------------------------------

    def _trap(self, user: int) -> None:
        slot, offset = divmod(user - TRAMPOLINE_START, SLOT)
        if slot >= SLOTS or offset >= 12:  # the HLT part of a slot, or the last (all-HLT) slot
            raise Signal(SIGSEGV, R15 + user)
        if offset:
            raise Unsupported(f"jump into the middle of trampoline slot {slot} ({user:#x})")
        self.traps += 1
        if self.traps > self.trap_budget:
            raise _Stop(Ending("timeout"))
        raw = self.raw
        rsp, rdi, rsi, rdx, rcx, r8, r9 = raw.read_trap_regs()
        user_rsp = rsp - R15
        # The slot's `call *%rax` pushes its return address (untrusted code: a fault is at the
        # slot); SyscallSeg then stores edi, esi, edx, ecx, r8d, r9d below it, still on the
        # user stack (to_trap.S), and SyscallHook reads the user's return address at rsp.
        if not self.prot.allows(user_rsp - 8, 8, PROT_WRITE):
            raise Signal(SIGSEGV, R15 + user + 10)
        raw.mem_write(rsp - 8, struct.pack("<Q", R15 + user + 12))
        if not (self.prot.allows(user_rsp - 0x20, 0x18, PROT_WRITE) and self.prot.allows(user_rsp, 8, PROT_READ)):
            raise Signal(SIGSEGV, TRUSTED_RIP_PLACEHOLDER, untrusted=False)
        m = 0xFFFFFFFF
        raw.mem_write(rsp - 0x20, struct.pack("<6I", rdi & m, rsi & m, rdx & m, rcx & m, r8 & m, r9 & m))
        ret = struct.unpack("<Q", raw.mem_read(rsp, 8))[0]
        if slot != 0:
            raise fail("src/syscalls/syscall_hook.c", 66, EINVAL, f"nacl syscall #{slot} received")
        self._log_trap(ret & m, rdi & m)
        result = self._trap_handler(rdi & m)
        new_rsp = rsp + 8
        pc = R15 + (ret & ~31 & m)  # NaClSandboxCodeAddr: back to the start of the bundle
        # rax = the int32 result sign-extended; rdx, rsi, r8-r11, xmm zeroed; fninit; rcx = pc
        raw.write_after_trap(result & 0xFFFFFFFFFFFFFFFF, new_rsp, (new_rsp + 8) & m, pc)
        if self._restart:
            # emu_start's instruction count cannot be changed while it runs: stop, then start again at pc.
            self._restart = False
            self._stop(_RESTART)

    def _log_trap(self, ret: int, args: int) -> None:
        """Note one trap call: its site and the function code it passes (none if args[0] cannot be read:
        TrapHandler fails before it dispatches)."""
        if args == 0 or not self.prot.allows(args, 8, PROT_READ):
            return
        code = struct.unpack("<Q", self.raw.mem_read(R15 + args, 8))[0]
        key = (self._call_site(ret), code)
        self.trap_log[key] = self.trap_log.get(key, 0) + 1

    def _call_site(self, ret: int) -> int | None:
        """The user address of the call instruction that ends at return address `ret`, if one does: `call rel32`
        into the trampoline (5 bytes) or `call *%reg` (2 bytes, 3 with REX.B), as the validator allows them.

        After a jump into the trampoline the word at rsp is whatever the stack held, not a return address: a
        call-shaped pair of bytes before it would name a wrong site (the soundness check then fails loudly)."""
        if not self.prot.allows(ret - 5, 5, PROT_EXEC):
            return None
        before = bytes(self.raw.mem_read(R15 + ret - 5, 5))
        if before[0] == 0xE8 and TRAMPOLINE_START <= ret + struct.unpack("<i", before[1:])[0] < TRAMPOLINE_END:
            return ret - 5
        if before[3] == 0xFF and 0xD0 <= before[4] <= 0xD7:
            return ret - 3 if before[2] in (0x41, 0x49) else ret - 2
        return None

    def trap_calls(self) -> tuple[tuple[int | None, int, int], ...]:
        """(site, function code, count) of every trap call made, in order of first use."""
        return tuple((site, code, count) for (site, code), count in self.trap_log.items())

    def _read_args(self, args: int, first: int, count: int) -> list[int]:
        """Trusted reads of args[first:first+count]: a fault here is zerovm's own."""
        start = args + 8 * first
        if not self.prot.allows(start, 8 * count, PROT_READ):
            raise Signal(SIGSEGV, TRUSTED_RIP_PLACEHOLDER, untrusted=False)
        return list(struct.unpack(f"<{count}Q", self.raw.mem_read(R15 + start, 8 * count)))

    def _trap_handler(self, args: int) -> int:
        """TrapHandler (trap.c:253-307). Returns the int32 result; raises to end the session."""
        if args == 0:
            # zerovm's build compiles this header as "./src/...", so that is its __FILE__.
            raise fail("./src/loader/sel_ldr-inl.h", 61, EFAULT, f"uaddr 0x{args:08x}, addr space 32 bits")
        code = self._read_args(args, 0, 1)[0]
        if code == TRAP_EXIT:
            user_code = int32(self._read_args(args, 2, 1)[0])
            raise _Stop(Ending("exit", user_code=user_code))
        if code == TRAP_READ:
            desc, buf, size, offset = self._read_args(args, 2, 4)
            result = self.channels.pread(self, desc, buf, size, offset)
        elif code == TRAP_WRITE:
            desc, buf, size, offset = self._read_args(args, 2, 4)
            result = self.channels.pwrite(self, desc, buf, size, offset)
        elif code in (TRAP_JAIL, TRAP_UNJAIL):
            addr, size = self._read_args(args, 2, 2)
            result = self._jail(addr & 0xFFFFFFFF, int32(size), code == TRAP_JAIL)
        elif code == TRAP_FORK:
            # No Job: Daemon() returns -1 and the trap returns 0.  With one the handler (daemon.py)
            # ends the parent here, or gives a child session the trap's 0 (and it reads sargs below).
            forked = self.fork() if self.fork is not None else 0
            if isinstance(forked, Ending):
                raise _Stop(forked)
            result = forked
        else:
            result = -EPERM
        self._read_args(args, 2, 4)  # SyscallZTrace always reads sargs[2..5]
        return result

    def _jail(self, addr: int, size: int, jail: bool) -> int:
        """ZVMJailHandle / ZVMUnjailHandle (trap.c:168-212)."""
        heap = self.layout.heap_block
        sysaddr = R15 + addr
        if size <= 0 or not heap.sys_start <= sysaddr < heap.sys_end or addr & 0xFFFF:
            return -EINVAL
        end = addr + size
        if jail:
            if not self.prot.allows(addr, size, PROT_READ):
                raise Signal(SIGSEGV, TRUSTED_RIP_PLACEHOLDER, untrusted=False)  # the validator reads it
            code = bytes(self.uc.mem_read(sysaddr, size))
            report = self.validate(code, addr)
            if not report.valid:
                return -EPERM
        prot_end = (end + 0xFFF) & ~0xFFF
        if prot_end > FOURGIG + GUARD:
            return -EACCES
        self._protect(addr, prot_end, RX if jail else PROT_READ | PROT_WRITE)
        for hook_addr in [a for a in self.special_hooks if addr <= a < prot_end]:
            self.hooks.unhook(self.special_hooks.pop(hook_addr))
        for hook_addr in [a for a in self.rex_r_hooks if addr <= a < prot_end]:
            self.uc.hook_del(self.rex_r_hooks.pop(hook_addr))
        self.hlts.difference_update([a for a in self.hlts if addr <= a < prot_end])
        self.hlt_runs = [piece for start, end in self.hlt_runs
                         for piece in ((start, min(end, addr)), (max(start, prot_end), end)) if piece[0] < piece[1]]
        for stale in [a for a in self.aligned if addr <= a < prot_end]:
            del self.aligned[stale]
            self.block_checked.pop(R15 + stale, None)
            self._checked_order = None
        self.hooks.remove_checks(R15 + addr, R15 + prot_end)
        self.hooks.remove_regions(R15 + addr, R15 + prot_end)
        self.hooks.clear_blocks()  # the range's blocks are translated anew
        if jail:
            self._hook_code(report, code)
        # Drop translations of the old bytes/protection.  unicorn finds them through an instruction
        # fetch of each page: while it does, the range's pages take any access.
        self._sync_prots(open_range=(R15 + addr, R15 + prot_end))
        self.uc.ctl_remove_cache(R15 + addr, R15 + prot_end)
        self._sync_prots()
        return 0

    def _protect(self, start: int, end: int, prot: int) -> None:
        for lo, hi, mapped in self.prot.set(start, end, prot):
            if mapped:
                self.uc.mem_protect(R15 + lo, hi - lo, _UC_PROT[prot])
            else:  # zerovm's reserved (PROT_NONE) space becomes accessible, zero-filled
                self.uc.mem_map(R15 + lo, hi - lo, _UC_PROT[prot])
        self._sync_prots()

    def _sync_prots(self, open_range: tuple[int, int] | None = None) -> None:
        """The page protections the TLB gives (budget.py): those of the mapped regions (all rights
        in `open_range`)."""
        regions = [(R15 + start, R15 + end, _UC_PROT[prot]) for start, end, prot in self.prot.regions]
        if open_range is not None:
            lo, hi = open_range
            pieces: list[tuple[int, int, int]] = []
            for start, end, perms in regions:
                for a, b, p in ((start, min(end, lo), perms), (max(start, lo), min(end, hi), UC_PROT_ALL),
                                (max(start, hi), end, perms)):
                    if a < b:
                        pieces.append((a, b, p))
            regions = pieces
        self.hooks.set_prots(regions)

    # -- UserMemory for the channel model -------------------------------------------------------------

    def check_access(self, addr: int, size: int, prot: int) -> bool:
        return check_ram_access(self.layout.mem_map, addr, size, prot)

    def read(self, addr: int, size: int) -> bytes:
        if not self.prot.allows(addr, size, PROT_READ):
            raise Signal(SIGSEGV, TRUSTED_RIP_PLACEHOLDER, untrusted=False)
        return bytes(self.uc.mem_read(R15 + addr, size))

    def write(self, addr: int, data: bytes) -> bool:
        if not self.prot.allows(addr, len(data), PROT_WRITE):
            return False
        self.uc.mem_write(R15 + addr, data)
        return True

    def read_readable(self, start: int, size: int) -> bytes:
        return bytes(self.uc.mem_read(R15 + start, size))


@dataclass(frozen=True)
class CodeAnalysis:
    """What the machine needs to know statically about one piece of validated code (user addresses)."""

    starts: bytes | None  # 1 at every instruction start (None: not validated, the budget decodes it)
    hlts: frozenset[int]  # HLT instructions inside the code
    hlt_runs: tuple[tuple[int, int], ...]  # the trailing HLT fill, [start, end)
    aligned: tuple[tuple[int, tuple[int | None, int | None, int, int, int | None]], ...]  # SSE checks
    rex_r_movs: tuple[int, ...] = ()  # MOV r/m, imm with REX.R, which unicorn refuses (see _REX_R_MOV)


# Analyses by (base, SHA-256 of the code): a suite runs one nexe many times.  Sessions run in a
# child process: RefTarget brings the child's new analyses back (see ANALYSES_LIMIT).
ANALYSES: dict[tuple[int, bytes], CodeAnalysis] = {}
ANALYSES_LIMIT = 256


def analyse(report: ValidationReport, code: bytes) -> CodeAnalysis:
    key = (report.base, hashlib.sha256(code).digest())
    found = ANALYSES.get(key)
    if found is None:
        if len(ANALYSES) >= ANALYSES_LIMIT:
            ANALYSES.clear()
        found = ANALYSES[key] = _analyse(report, code)
    return found


def _analyse(report: ValidationReport, code: bytes) -> CodeAnalysis:
    base = report.base
    starts = report.instruction_starts
    size = report.size
    # the trimmed trailing HLTs are one-byte instructions too
    region = starts[:size].translate(_ONE) + b"\x01" * (len(starts) - size) if report.valid else None
    hlt_runs = ((base + size, base + len(code)),) if len(code) > size else ()
    hlts = frozenset(base + off for match in _HLT_RUN.finditer(code, 0, size)
                     for off in range(match.start(), match.end()) if starts[off] == 1)
    found: list[tuple[int, tuple[int | None, int | None, int, int, int | None]]] = []
    seen: set[int] = set()
    md = _disassemblers()[0]
    for match in _TWO_BYTE.finditer(code, 0, size):
        pos = match.start()
        if pos + 1 >= len(code) or code[pos + 1] in _NOT_SSE:
            continue
        start = pos
        while start > 0 and starts[start] != 1 and (code[start - 1] in (0x66, 0xF2, 0xF3)
                                                     or 0x40 <= code[start - 1] <= 0x4F):
            start -= 1
        if starts[start] == 1 and start not in seen:
            seen.add(start)
            info = _aligned_operand(md, base + start, code[start:start + 15])
            if info is not None:
                found.append((base + start, info))
    return CodeAnalysis(region, hlts, hlt_runs, tuple(found), _rex_r_movs(report, code) if report.valid else ())


def _rex_r_movs(report: ValidationReport, code: bytes) -> tuple[int, ...]:
    """The validated instructions unicorn would refuse for their REX.R (see _REX_R_MOV)."""
    starts = report.instruction_starts
    found: list[int] = []
    for match in _REX_R_MOV.finditer(code, 0, report.size):
        pos = match.start()
        if pos + 2 >= report.size or code[pos + 2] & 0x38:
            continue  # not /0: no MOV (the validator refuses the others)
        start = pos
        while start > 0 and starts[start] != 1 and code[start - 1] in _LEGACY_PREFIXES:
            start -= 1
        if starts[start] == 1:
            found.append(report.base + start)
    return tuple(found)


def _aligned_operand(md: capstone.Cs, addr: int, raw: bytes,
                     ) -> tuple[int | None, int | None, int, int, int | None] | None:
    """(base, index, scale, disp, rip after) of a 16-byte memory operand that must be aligned."""
    insn = next(md.disasm(raw, R15 + addr, 1), None)
    if insn is None:
        return None
    if insn.mnemonic in _APPROXIMATE:
        return _APPROXIMATE_MARK
    mem = [op for op in insn.operands if op.type == capstone.x86.X86_OP_MEM]
    if not mem:
        return None
    op = mem[0]
    if not (insn.mnemonic in _ALIGNED_ALWAYS or (op.size == 16 and insn.mnemonic not in _UNALIGNED_OK)):
        return None
    base = _uc_reg(md, op.mem.base)
    index = _uc_reg(md, op.mem.index)
    rip_next = R15 + addr + insn.size if op.mem.base == capstone.x86.X86_REG_RIP else None
    return (base, index, op.mem.scale, op.mem.disp, rip_next)

def _uc_reg(md: capstone.Cs, cs_reg: int) -> int | None:
    if cs_reg in (0, capstone.x86.X86_REG_RIP):
        return None
    return getattr(x86, f"UC_X86_REG_{md.reg_name(cs_reg).upper()}")


def _signal(signum: int, rip: int) -> Ending:
    return Ending("signal", code=4, state=Signal(signum, rip).state)
