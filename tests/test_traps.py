"""harness.traps: the static trap surface of real nexes at every -O level, and of hand-assembled code.

Real nexes come from the built-in toolchain: the test programs (their traps are the runtime's), and small programs
calling each zvm.h trap function directly.  Hand-assembled snippets (GNU as and ld, as the toolchain itself needs)
cover what our compiler does not produce: other slots, jumps to the trampoline, codes in registers, unknown codes,
raw system instructions, disguised indirect traps.
"""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from harness import traps
from harness.loader import TEXT_START, check_loader
from harness.toolchain import OPT_LEVELS, build
from harness.traps import FUNCTION_CODES, REGION_LIMIT, TrapSite, find_trap_sites
from harness.validator import validate_code
from tests.conftest import PROGRAMS, Builds

PROGRAM_NAMES = sorted(p.stem for p in PROGRAMS.glob("*.c"))
# The runtime's trap wrappers (toolchain/runtime/io.c) and the one function each passes.
RUNTIME_TRAPS = {"__zrt_write": "pwrite", "__zrt_read": "pread", "__zrt_exit": "exit"}

# One program per trap function, each calling it from main through zvm.h (and returning, so that the runtime's
# exit() adds an exit trap of its own).
WRAPPERS = {
    "pread": "zvm_pread(0, buf, sizeof buf, 0)",
    "pwrite": "zvm_pwrite(1, \"hi\\n\", 3, 0)",
    "jail": "zvm_jail(buf, 65536)",
    "unjail": "zvm_unjail(buf, 65536)",
    "fork": "zvm_fork()",
    "exit": "(zvm_exit(7), 0)",
}
ONE_TRAP = """#include <zvm.h>
static char buf[64];
int main(void) {{
  int r = {call};
  return r < 0;
}}
"""
# All six, in loops and branches: -O3 unrolls, keeps args pointers in callee-saved registers, shares blocks.
ALL_TRAPS = """#include <zvm.h>
static char buf[64];
int main(int argc, char **argv) {
  int total = 0;
  for (int i = 0; i < 6; i++) {
    int r = zvm_pread(0, buf, 10, i);
    if (r <= 0) break;
    total += zvm_pwrite(1, buf, r, 0);
    if (i == argc) zvm_fork();
  }
  while (zvm_jail(buf, 65536) < 0) zvm_unjail(buf, 65536);
  if (argv[0][0] == 'x') zvm_exit(total);
  return total;
}
"""


@dataclass(frozen=True)
class Nexe:
    text: bytes
    symbols: dict[int, str]
    segments: tuple[tuple[int, bytes], ...]

    def memory(self, address: int, size: int) -> bytes | None:
        for start, data in self.segments:
            if start <= address and address + size <= start + len(data):
                return data[address - start:address - start + size]
        return None

    def sites(self, *, symbols: bool = True) -> tuple[TrapSite, ...]:
        return find_trap_sites(self.text, TEXT_START, self.symbols if symbols else None, self.memory)


def _nexe(path: Path) -> Nexe:
    data = path.read_bytes()
    elf = ELFFile(io.BytesIO(data))
    symtab = elf.get_section_by_name(".symtab")
    assert symtab is not None, "our toolchain keeps the symbol table"
    symbols = {s["st_value"]: s.name for s in symtab.iter_symbols() if s["st_info"]["type"] == "STT_FUNC"}
    segments = tuple((seg["p_vaddr"], seg.data()) for seg in elf.iter_segments() if seg["p_type"] == "PT_LOAD")
    return Nexe(check_loader(data).text, symbols, segments)


class TrapBuilds:
    """The nexes of this module, each built once per session."""

    def __init__(self, root: Path, builds: Builds) -> None:
        self.root = root
        self.builds = builds
        self._cache: dict[tuple[str, str], Nexe] = {}

    def program(self, name: str, opt: str) -> Nexe:
        key = (name, opt)
        if key not in self._cache:
            self._cache[key] = _nexe(self.builds.nexe(name, opt).output)
        return self._cache[key]

    def source(self, name: str, text: str, opt: str) -> Nexe:
        key = ("src:" + name, opt)
        if key not in self._cache:
            src = self.root / f"{name}.c"
            if not src.exists():
                src.write_text(text)
            out = self.root / f"{name}{opt}.nexe"
            build([src], out, opt=opt, toolchain="builtin")
            self._cache[key] = _nexe(out)
        return self._cache[key]


@pytest.fixture(scope="session")
def trap_builds(tmp_path_factory: pytest.TempPathFactory, builds: Builds) -> TrapBuilds:
    return TrapBuilds(tmp_path_factory.mktemp("traps"), builds)


def _slot0(sites: tuple[TrapSite, ...]) -> list[TrapSite]:
    return [s for s in sites if s.slot == 0]


def _check_runtime_sites(sites: list[TrapSite]) -> None:
    for site in sites:
        if site.in_function in RUNTIME_TRAPS:
            assert site.function == RUNTIME_TRAPS[site.in_function], site


def _check_clean(sites: tuple[TrapSite, ...]) -> None:
    """What our toolchain makes: no raw system instructions, every trap a direct call to slot 0."""
    assert not [s for s in sites if s.kind in ("syscall", "sysenter", "int", "jump")]
    assert all(s.slot == 0 and s.kind == "call" for s in sites if s.kind != "indirect")
    for s in sites:
        if s.kind == "indirect":
            assert s.function is None and s.reason and s.reason.startswith("target not statically known"), s


# -- real nexes ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("opt", OPT_LEVELS)
@pytest.mark.parametrize("program", PROGRAM_NAMES)
def test_test_programs_trap_only_through_the_runtime(trap_builds: TrapBuilds, program: str, opt: str) -> None:
    nexe = trap_builds.program(program, opt)
    sites = nexe.sites()
    _check_clean(sites)
    slot0 = _slot0(sites)
    assert {s.in_function for s in slot0} == set(RUNTIME_TRAPS), "only the runtime's wrappers trap"
    assert all(s.allowed_by_zerovm for s in slot0)
    _check_runtime_sites(slot0)
    # Without symbols the hlt-bounded regions must give the same answers.
    assert [(s.address, s.function) for s in _slot0(nexe.sites(symbols=False))] == \
        [(s.address, s.function) for s in slot0]


@pytest.mark.parametrize("opt", OPT_LEVELS)
@pytest.mark.parametrize("function", sorted(WRAPPERS))
def test_each_trap_function_is_named(trap_builds: TrapBuilds, function: str, opt: str) -> None:
    nexe = trap_builds.source(f"trap_{function}", ONE_TRAP.format(call=WRAPPERS[function]), opt)
    sites = nexe.sites()
    _check_clean(sites)
    in_main = [s for s in sites if s.in_function == "main"]
    assert [(s.kind, s.function, s.code) for s in in_main] == \
        [("call", function, {v: k for k, v in FUNCTION_CODES.items()}[function])]
    assert in_main[0].allowed_by_zerovm and in_main[0].reason is None
    _check_runtime_sites(_slot0(sites))
    # main calls no function pointer and returns through the sandboxed ret, which is not a trap site.
    assert not [s for s in sites if s.kind == "indirect" and s.in_function == "main"]
    assert [s.function for s in _slot0(nexe.sites(symbols=False))] == [s.function for s in _slot0(sites)]


@pytest.mark.parametrize("opt", OPT_LEVELS)
def test_all_six_in_loops(trap_builds: TrapBuilds, opt: str) -> None:
    nexe = trap_builds.source("all_traps", ALL_TRAPS, opt)
    sites = nexe.sites()
    _check_clean(sites)
    in_main = Counter(s.function for s in sites if s.in_function == "main")
    assert set(in_main) == set(WRAPPERS), in_main  # every site resolved, and to one of these six
    _check_runtime_sites(_slot0(sites))
    assert Counter(s.function for s in _slot0(nexe.sites(symbols=False)) if s.address < min(
        a for a, n in nexe.symbols.items() if n == "_start")) == in_main


@pytest.mark.parametrize("opt", OPT_LEVELS)
@pytest.mark.parametrize("program", PROGRAM_NAMES)
def test_validator_starts_give_the_same_sites(trap_builds: TrapBuilds, program: str, opt: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """What `scan` does (the validator's instruction starts, no second decode) finds exactly what a sweep finds."""
    nexe = trap_builds.program(program, opt)
    report = validate_code(nexe.text, TEXT_START)
    assert report.valid
    swept = nexe.sites(), nexe.sites(symbols=False)

    def no_sweep(text: bytes) -> bytes:
        raise AssertionError("the text was swept although the validator's starts were given")

    monkeypatch.setattr(traps, "_sweep_starts", no_sweep)
    given = (find_trap_sites(nexe.text, TEXT_START, nexe.symbols, nexe.memory, validation=report),
             find_trap_sites(nexe.text, TEXT_START, None, nexe.memory, validation=report))
    assert given == swept


def test_starts_capstone_disagrees_with_fall_back_to_a_sweep(trap_builds: TrapBuilds) -> None:
    # A start missing inside a function that is analysed: its decoding has other boundaries, so the scan
    # sweeps the text itself rather than trust the map.
    nexe = trap_builds.program("loops", "-O2")
    report = validate_code(nexe.text, TEXT_START)
    site = next(s for s in nexe.sites() if s.slot == 0)
    starts = bytearray(report.instruction_starts)
    before = report.instruction_starts.rfind(b"\x01", 0, site.address - TEXT_START)
    starts[before] = 0
    bent = replace(report, instruction_starts=bytes(starts))
    assert find_trap_sites(nexe.text, TEXT_START, nexe.symbols, nexe.memory, validation=bent) == nexe.sites()


# -- hand-assembled code -------------------------------------------------------------------------------------------


def _assemble(tmp_path: Path, source: str) -> bytes:
    """GNU as + ld: the bytes of `source` placed at TEXT_START."""
    asm = tmp_path / "t.s"
    obj = tmp_path / "t.o"
    out = tmp_path / "t.bin"
    asm.write_text(".text\n" + source + "\n")
    subprocess.run(["as", "--64", "-o", str(obj), str(asm)], check=True, capture_output=True)
    subprocess.run(["ld", "-m", "elf_x86_64", f"-Ttext={TEXT_START:#x}", "-e", f"{TEXT_START:#x}",
                    "--oformat=binary", "-o", str(out), str(obj)], check=True, capture_output=True)
    return out.read_bytes()


def _sites(tmp_path: Path, source: str, **kwargs: object) -> tuple[TrapSite, ...]:
    return find_trap_sites(_assemble(tmp_path, source), TEXT_START, **kwargs)  # type: ignore[arg-type]


FRAME = "push %rbp\nmov %rsp,%rbp\nsub $0x40,%esp\nadd %r15,%rsp\n"


def test_other_slots_and_unaligned_targets(tmp_path: Path) -> None:
    sites = _sites(tmp_path, "call 0x10020\ncall 0x10000+32*100\njmp 0x10005")
    assert [(s.kind, s.slot, s.function) for s in sites] == [("call", 1, None), ("call", 100, None),
                                                            ("jump", 0, None)]
    assert "exit code 22" in (sites[0].reason or "")
    assert "not the start" in (sites[2].reason or "")
    assert not any(s.allowed_by_zerovm for s in sites)


def test_jump_to_the_trampoline(tmp_path: Path) -> None:
    sites = _sites(tmp_path, FRAME + "movq $0x74697257,-0x40(%rbp)\nlea -0x40(%rbp),%edi\njmp 0x10000")
    assert [(s.kind, s.slot, s.function, s.code) for s in sites] == [("jump", 0, "pwrite", 0x74697257)]
    assert sites[0].allowed_by_zerovm


@pytest.mark.parametrize(("body", "function"), [
    ("mov $0x64616552,%eax\nmov %rax,-0x30(%rbp)\nlea -0x30(%rbp),%edi", "pread"),
    ("movabs $0x6c6a6e55,%rcx\nmov %rcx,8(%rsp)\nlea 8(%rsp),%rdi", "unjail"),
    ("movl $0x74697845,-0x30(%rbp)\nmovl $0,-0x2c(%rbp)\nlea -0x30(%rbp),%eax\nmov %eax,%ebx\nmov %ebx,%edi",
     "exit"),
    ("mov $0x6c69614a,%edx\nlea -0x38(%rbp),%r11d\nmov %rdx,(%r15,%r11)\nlea -0x38(%rbp),%esi\n"
     "mov %esi,-0x10(%rbp)\nmov -0x10(%rbp),%edi", "jail"),
    ("push $0x6b726f46\nmov %esp,%edi", "fork"),
    ("movq $0x12345678,-0x30(%rbp)\nlea -0x30(%rbp),%edi", "unknown"),
])
def test_codes_through_registers_and_slots(tmp_path: Path, body: str, function: str) -> None:
    (site,) = _sites(tmp_path, FRAME + body + "\ncall 0x10000")
    assert (site.kind, site.slot, site.function, site.reason) == ("call", 0, function, None)
    if function == "unknown":
        assert site.code == 0x12345678 and not site.allowed_by_zerovm
    else:
        assert FUNCTION_CODES[site.code or 0] == function and site.allowed_by_zerovm


@pytest.mark.parametrize(("body", "why"), [
    ("mov %rbx,-0x30(%rbp)\nlea -0x30(%rbp),%edi", "%rbx"),
    ("movq $0x64616552,-0x30(%rbp)\nmov %eax,%edi", "argument pointer"),
    ("movq $0x64616552,-0x30(%rbp)\nlea -0x30(%rbp),%edi\nmov %rax,(%r15,%rsi)", "args[0]"),
    ("movq $0x64616552,-0x30(%rbp)\nlea -0x30(%rbp),%edi\ncall 0x20000", "clobbered by the call"),
    ("movl $0x64616552,-0x30(%rbp)\nlea -0x30(%rbp),%edi", "args[0]"),  # the high half is never stored
])
def test_unresolved_codes_say_why(tmp_path: Path, body: str, why: str) -> None:
    site = _sites(tmp_path, FRAME + body + "\ncall 0x10000")[-1]
    assert (site.kind, site.slot, site.function, site.code) == ("call", 0, None, None)
    assert why in (site.reason or ""), site.reason


def test_paths_that_disagree(tmp_path: Path) -> None:
    source = FRAME + """
    test %eax,%eax
    je 1f
    movq $0x64616552,-0x30(%rbp)
    jmp 2f
1:  movq ${code},-0x30(%rbp)
2:  lea -0x30(%rbp),%edi
    call 0x10000"""
    (same,) = _sites(tmp_path, source.format(code="0x64616552"))
    assert same.function == "pread"
    (differ,) = _sites(tmp_path, source.format(code="0x74697257"))
    assert differ.function is None and "different values" in (differ.reason or "")


def test_static_args_read_through_memory(tmp_path: Path) -> None:
    text = _assemble(tmp_path, "mov $0x30010,%edi\ncall 0x10000")
    rodata = {0x30010: (0x6B726F46).to_bytes(8, "little")}

    def memory(address: int, size: int) -> bytes | None:
        data = rodata.get(address)
        return data[:size] if data is not None else None

    (site,) = find_trap_sites(text, TEXT_START, memory=memory)
    assert site.function == "fork"
    (blind,) = find_trap_sites(text, TEXT_START)
    assert blind.function is None and "0x30010" in (blind.reason or "")


def test_raw_system_instructions(tmp_path: Path) -> None:
    sites = _sites(tmp_path, "syscall\nnop\nint $0x80\n.byte 0x06\nsysenter\nint3")
    assert [s.kind for s in sites] == ["syscall", "int", "sysenter", "int"]
    assert all(s.slot is None and s.function is None and s.reason for s in sites)


def test_indirect_branches(tmp_path: Path) -> None:
    mask = "and $-32,%r11d\nadd %r15,%r11\n"
    sites = _sites(tmp_path, f"""
f:  push %rbp
    mov %rsp,%rbp
    movq $0x74697257,-0x30(%rbp)
    lea -0x30(%rbp),%edi
    mov $0x10000,%r11d
    {mask}call *%r11
    mov $0x20000,%r11d
    {mask}call *%r11
    mov (%rbp),%r11d
    {mask}jmp *%r11
    pop %r11
    nop
    {mask}jmp *%r11
    call *(%rax)
    """, symbols={TEXT_START: "f"})
    disguised, loaded, memory_indirect = sites
    assert (disguised.kind, disguised.slot, disguised.function) == ("indirect", 0, "pwrite")
    assert disguised.allowed_by_zerovm and disguised.in_function == "f"
    # The call to 0x20000 is provably not a trap and the return (pop, NOPs, mask, jmp) is not listed.
    assert (loaded.kind, loaded.slot, loaded.function) == ("indirect", None, None)
    assert (loaded.reason or "").startswith("target not statically known")
    assert memory_indirect.kind == "indirect" and "memory-indirect" in (memory_indirect.reason or "")


def test_symbols_and_function_boundaries(tmp_path: Path) -> None:
    # Without symbols the hlt between the functions bounds the first one's stores.
    source = """
    movq $0x64616552,-0x30(%rbp)
    lea -0x30(%rbp),%edi
    hlt
    .p2align 5, 0xf4
g:  lea -0x30(%rbp),%edi
    call 0x10000"""
    text = _assemble(tmp_path, source)
    (site,) = find_trap_sites(text, TEXT_START)
    assert site.function is None and site.in_function is None
    (named,) = find_trap_sites(text, TEXT_START, {TEXT_START: "f", TEXT_START + 32: "g"})
    assert named.in_function == "g" and named.function is None


def test_undecodable_bytes_are_skipped(tmp_path: Path) -> None:
    text = b"\x06\x07" + _assemble(tmp_path, "syscall")
    (site,) = find_trap_sites(text, TEXT_START)
    assert (site.address, site.kind) == (TEXT_START + 2, "syscall")


def test_invalid_report_is_not_used(tmp_path: Path) -> None:
    text = _assemble(tmp_path, "syscall\nnop\ncall 0x10020\nint3")
    report = validate_code(text, TEXT_START)
    assert not report.valid
    assert find_trap_sites(text, TEXT_START, validation=report) == find_trap_sites(text, TEXT_START)


def test_prefixed_branches_and_system_instructions(tmp_path: Path) -> None:
    """Found by their opcode after any prefixes, as capstone decodes them."""
    source = """
    bnd call 0x10000+32
    .byte 0x2e
    je 0x10000+64
    rex.W call 0x10000+96
    notrack jmp *%rax
    .byte 0x66
    syscall
    jne 0x10000+128
    lcall *(%rax)
    int $3"""
    text = _assemble(tmp_path, source)
    sites = find_trap_sites(text, TEXT_START)
    assert [(s.kind, s.slot) for s in sites] == [("call", 1), ("jump", 2), ("call", 3), ("indirect", None),
                                                  ("syscall", None), ("jump", 4), ("indirect", None),
                                                  ("int", None)]


@pytest.mark.parametrize(("nops", "resolved"), [(REGION_LIMIT - 1024, True), (REGION_LIMIT + 1024, False)])
def test_big_functions_are_analysed_in_a_bounded_region(tmp_path: Path, nops: int, resolved: bool) -> None:
    """No hlt and no symbols: a function larger than REGION_LIMIT is looked at only that far back from a site.

    (Compilers make no such functions; the bound keeps a huge text without hlt from being one giant function.)
    """
    source = f"""
    movq $0x74697257,-0x30(%rbp)
    lea -0x30(%rbp),%edi
    .fill {nops}, 1, 0x90
    call 0x10000"""
    (site,) = find_trap_sites(_assemble(tmp_path, source), TEXT_START)
    assert site.function == ("pwrite" if resolved else None)
    if not resolved:
        assert "%edi is not statically known" in (site.reason or "")


# -- indirect branches: jump tables and the address-taken set (harness.indirect) ---------------------------------


def _surface(nexe: Nexe, *, data: bool = True) -> traps.TrapSurface:
    rest = [(start, blob) for start, blob in nexe.segments if start != TEXT_START] if data else None
    return traps.find_trap_surface(nexe.text, TEXT_START, nexe.symbols, nexe.memory, data=rest)


@pytest.mark.parametrize("opt", OPT_LEVELS)
@pytest.mark.parametrize("program", PROGRAM_NAMES)
def test_toolchain_indirect_branches_all_resolve(trap_builds: TrapBuilds, program: str, opt: str) -> None:
    nexe = trap_builds.program(program, opt)
    surface = _surface(nexe)
    taken = surface.address_taken
    assert taken is not None and taken.data_known
    # With the data image every indirect branch of our toolchain's code resolves, unless the program names a
    # trampoline address (div64.c's 65536 constants): then the function-pointer calls stay, saying so.
    unresolved = [s for s in surface.sites if s.kind == "indirect"]
    if taken.trampoline:
        assert unresolved and all("names the trampoline address" in (s.reason or "") for s in unresolved)
        assert traps.reachable_functions(surface.sites) == traps.ANY_FUNCTION
    else:
        assert not unresolved
        assert traps.reachable_functions(surface.sites) == {"pread", "pwrite", "exit"}
    if program in ("funcptr", "loops", "recursion", "structs"):
        assert not taken.trampoline, taken.trampoline
    # (without memory nor data nothing resolves: every indirect branch is listed)
    bare = find_trap_sites(nexe.text, TEXT_START, nexe.symbols)
    assert {s.address for s in surface.resolved} | {s.address for s in unresolved} == \
        {s.address for s in bare if s.kind == "indirect"}
    end = TEXT_START + len(nexe.text)
    for site in surface.resolved:
        assert site.targets and all(TEXT_START <= t < end and t % 32 == 0 for t in site.targets), site


SWITCH = """#include <stdio.h>
__attribute__((noinline)) static int a(int x) { return printf("a%d\\n", x); }
__attribute__((noinline)) static int b(int x) { return printf("b%d\\n", x + 1); }
__attribute__((noinline)) static int c(int x) { return puts("c") + x; }
int main(int argc, char **argv) {
  (void)argv;
  switch (argc * 3) {
  case 0: return a(1); case 1: return b(2); case 2: return c(3); case 3: return a(4); case 4: return b(5);
  case 5: return c(6); case 6: return a(7); case 7: return b(8); case 8: return c(9);
  default: return 0;
  }
}
"""


@pytest.mark.parametrize("opt", OPT_LEVELS)
def test_switch_tables_are_read_with_their_bound(trap_builds: TrapBuilds, opt: str) -> None:
    nexe = trap_builds.source("switch_table", SWITCH, opt)
    (site,) = [s for s in _surface(nexe).resolved if s.in_function == "main"]
    assert site.how == "jump-table", site.detail
    entries = int(site.detail.split(": ")[1].split(" entries")[0])
    assert entries == 9
    table = int(site.detail.split("jump table at ")[1].split(":")[0], 16)
    words = nexe.memory(table, 4 * entries)
    assert words is not None
    assert set(site.targets) == {int.from_bytes(words[4 * k:4 * k + 4], "little") & -32 for k in range(entries)}
    main = next(a for a, n in nexe.symbols.items() if n == "main")
    assert all(main < t < site.address + 0x400 for t in site.targets)  # gcc's case labels, in main


def test_function_pointers_resolve_to_the_address_taken_functions(trap_builds: TrapBuilds) -> None:
    nexe = trap_builds.program("funcptr", "-O2")
    surface = _surface(nexe)
    by_name = {name: addr for addr, name in nexe.symbols.items()}
    taken = surface.address_taken
    assert taken is not None
    named = {name for name in ("add", "sub", "mul", "maxi") if name in by_name}
    assert named and all(by_name[name] in taken.code for name in named)
    pointers = [s for s in surface.resolved if s.how == "address-taken"]
    assert pointers and all(set(s.targets) == taken.code for s in pointers)
    # Without the data image (raw code) the function-pointer calls cannot be resolved; jump tables still can.
    bare = _surface(nexe, data=False)
    unresolved = [s for s in bare.sites if s.kind == "indirect"]
    assert {s.address for s in unresolved} == {s.address for s in pointers}
    assert all("no data image is known" in (s.reason or "") for s in unresolved)
    assert traps.reachable_functions(bare.sites) == traps.ANY_FUNCTION


TABLE_JUMP = """
f:  push %rbp
    mov %rsp,%rbp
    {bound}
    movzbl %dl,%edx
    {before_lea}
    lea table(,%rdx,4),%r11d
    mov (%r15,%r11,1),%edx
    mov %edx,%r11d
    and $-32,%r11d
    add %r15,%r11
    jmp *%r11
    .p2align 5
case0: hlt
    .p2align 5
case1: hlt
    .p2align 5
case2: hlt
    .p2align 5
after:
    {after}
    .section .rodata
    .p2align 2
table: .long case0, case1, case2{extra}
"""


def _table_surface(tmp_path: Path, bound: str, after: str = "hlt", extra: str = "",
                   data: bool = True, before_lea: str = "") -> traps.TrapSurface:
    asm = tmp_path / "t.s"
    obj = tmp_path / "t.o"
    out = tmp_path / "t.elf"
    asm.write_text(".text\n" + TABLE_JUMP.format(bound=bound, after=after, extra=extra, before_lea=before_lea) + "\n")
    subprocess.run(["as", "--64", "-o", str(obj), str(asm)], check=True, capture_output=True)
    subprocess.run(["ld", "-m", "elf_x86_64", f"-Ttext={TEXT_START:#x}", "-Trodata=0x30000", "-e", "f", "-o",
                    str(out), str(obj)], check=True, capture_output=True)
    elf = ELFFile(io.BytesIO(out.read_bytes()))
    text = elf.get_section_by_name(".text").data()
    rodata = elf.get_section_by_name(".rodata").data()
    nexe = Nexe(text, {TEXT_START: "f"}, ((TEXT_START, text), (0x30000, rodata)))
    return _surface(nexe, data=data)


def test_jump_table_bound_by_cmp_ja(tmp_path: Path) -> None:
    surface = _table_surface(tmp_path, "cmp $2,%dl\n    ja after")
    (site,) = surface.resolved
    assert site.how == "jump-table" and site.kind == "jump" and len(site.targets) == 3
    assert "3 entries" in site.detail
    # jae: two entries only
    (site,) = _table_surface(tmp_path, "cmp $2,%dl\n    jae after").resolved
    assert "2 entries" in site.detail and len(site.targets) == 2
    # A bundle start the program names between the bound and the branch: an indirect branch could land there
    # with any index, so the bound does not hold (the lea's own bundle too).
    mid = ".p2align 5\nmid:"
    (site,) = _table_surface(tmp_path, "cmp $2,%dl\n    ja after", extra=", mid", before_lea=mid).resolved
    assert site.how == "address-taken"
    # Not named: the bound holds.
    (site,) = _table_surface(tmp_path, "cmp $2,%dl\n    ja after", before_lea=mid).resolved
    assert site.how == "jump-table"


def test_unbounded_table_falls_back_to_the_address_taken_set(tmp_path: Path) -> None:
    # No compare: the index could pick any word, so only the address-taken set bounds it.
    (site,) = _table_surface(tmp_path, "nop").resolved
    assert site.how == "address-taken"
    # A signed bound is no bound for an unsigned index either.
    (site,) = _table_surface(tmp_path, "cmp $2,%dl\n    jg after").resolved
    assert site.how == "address-taken"
    # Without the data image, an unbounded table leaves the branch unresolved; a bounded one still resolves.
    assert [s.kind for s in _table_surface(tmp_path, "nop", data=False).sites] == ["indirect"]
    assert _table_surface(tmp_path, "cmp $2,%dl\n    ja after", data=False).resolved


def test_trampoline_constant_in_a_table_or_code(tmp_path: Path) -> None:
    # A bounded table whose entry is the trampoline: a disguised trap, not ordinary code.
    (site,) = _table_surface(tmp_path, "cmp $3,%dl\n    ja after", extra=", 0x10000").sites
    assert (site.kind, site.slot) == ("indirect", 0)
    # An unbounded one with the trampoline named elsewhere in data: unresolved, saying where.
    (site,) = _table_surface(tmp_path, "nop", extra=", 0x10000").sites
    assert site.slot is None and "names the trampoline address 0x10000 (a data word at 0x3000c)" in site.reason
    # A constant made in code (mov to memory) counts; a compare with it does not.
    (site,) = _table_surface(tmp_path, "nop", after="movl $0x10020,(%rsp)").sites
    assert "0x10020 (an instruction at" in (site.reason or "")
    assert _table_surface(tmp_path, "nop", after="cmp $0x10020,%eax").resolved
