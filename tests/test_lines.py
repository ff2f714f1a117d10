"""Line tables that work: a nexe's DWARF names the C source line of its code.

The built-in toolchain used to emit a line table no reader could decode (gcc's x32 units
say addresses are 4 bytes, `as --64` wrote 8: "DWARF error: mangled line number
section").  These tests build a program whose trap calls sit on known lines and check
that the host's binutils (addr2line, objdump -dl, ld's diagnostics), pyelftools and
harness.lines all agree on those lines, and that scan's outputs carry them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elftools.elf.elffile import ELFFile

from harness.cache import FileCache
from harness.lines import SourceLine, read_line_table
from harness.sarif import to_sarif
from harness.scan import scan_path
from harness.toolchain import BuildError, build, dwarfline
from harness.toolchain.base import BuildRequest
from harness.toolchain.builtin import BuiltinToolchain
from tests.test_scan import check_sarif, run_scan

needs_binutils = pytest.mark.skipif(not all(shutil.which(t) for t in ("gcc", "as", "ld", "addr2line", "objdump")),
                                    reason="gcc and GNU binutils (addr2line, objdump) are needed")
pytestmark = needs_binutils

# Each trap call is marked `@NAME` on its line: the tests find the line numbers in the text.
PROGRAM = """\
#include <zvm.h>

static char buf[64];

__attribute__((noinline)) static int echo(int n)
{
    int done = zvm_pwrite(1, buf, n, 0); /* @pwrite */
    return done;
}

int main(void)
{
    int n = zvm_pread(0, buf, sizeof buf, 0); /* @pread */
    if (n > 0)
        echo(n);
    zvm_exit(n > 0 ? 0 : 3); /* @exit */
    return 0;
}
"""
MARKED = {m[1]: n for n, line in enumerate(PROGRAM.splitlines(), 1) for m in re.finditer(r"@(\w+)", line)}
OPTS = ("-O0", "-O2", "-Os")


@pytest.fixture(scope="module")
def built() -> Iterator[dict[str, tuple[Path, Path]]]:
    """(source, nexe) per -O level, in a directory the test owns."""
    root = Path(tempfile.mkdtemp(prefix="zvm-lines-"))
    src = root / "prog.c"
    src.write_text(PROGRAM)
    out = {}
    for opt in OPTS:
        nexe = root / f"prog{opt}.nexe"
        build([src], nexe, opt=opt, toolchain="builtin")
        out[opt] = (src, nexe)
    yield out
    shutil.rmtree(root, ignore_errors=True)


def _ours(function: str | None) -> bool:
    """A function of the test program (gcc may name a clone of echo `echo.constprop.0`)."""
    return function is not None and function.split(".")[0] in ("echo", "main")


def _trap_calls(nexe: Path) -> dict[str, int]:
    """function -> address of the program's own trap call sites (those in echo and main)."""
    report = scan_path(nexe)
    sites = {s.function: s.address for s in report.traps if s.kind == "call" and _ours(s.in_function)}
    assert set(sites) == set(MARKED), sites
    return {fn: addr for fn, addr in sites.items() if fn is not None}


def _addr2line(nexe: Path, *args: str) -> tuple[str, str]:
    """addr2line's answer, without the `(discriminator N)` notes (not part of file:line)."""
    proc = subprocess.run(["addr2line", "-e", str(nexe), *args], capture_output=True, text=True, check=True)
    return re.sub(r" \(discriminator \d+\)", "", proc.stdout), proc.stderr


@pytest.mark.parametrize("opt", OPTS)
def test_addr2line_and_lines_name_the_trap_call_lines(built: dict[str, tuple[Path, Path]], opt: str) -> None:
    src, nexe = built[opt]
    table = read_line_table(nexe.read_bytes())
    assert table is not None and len(table) > 0
    for fn, address in _trap_calls(nexe).items():
        expected = SourceLine(str(src), MARKED[fn])
        inline_chain, err = _addr2line(nexe, "-i", hex(address))
        assert "DWARF error" not in err and "??" not in inline_chain
        # addr2line -i: the inlined frames (zvm_trap, zvm_pwrite in zvm.h), then the caller's line.
        assert inline_chain.splitlines()[-1] == str(expected), (fn, inline_chain)
        assert table.site_of(address) == expected
        # Without -i, the innermost row: zvm_trap's asm in zvm.h, the same for both readers.
        innermost, _ = _addr2line(nexe, hex(address))
        assert str(table.line_of(address)) == innermost.strip()
        assert innermost.strip().endswith(".h:" + innermost.strip().rsplit(":", 1)[1])


@pytest.mark.parametrize("dwarf", ["-gdwarf-5", "-gdwarf-4"])
def test_lines_agree_with_addr2line_on_every_instruction(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                         dwarf: str) -> None:
    """Every instruction: the row (addr2line) and the outermost call site (addr2line -i).

    DWARF 4 (a Makefile's -gdwarf-4) keeps inline ranges in .debug_ranges, DWARF 5 in
    .debug_rnglists; the runtime stays DWARF 5, so the first nexe mixes both."""
    src, _ = built["-O2"]
    nexe = tmp_path / "prog.nexe"
    BuiltinToolchain().build(BuildRequest((src,), nexe, "-O2", extra_cflags=(dwarf,)))
    table = read_line_table(nexe.read_bytes())
    assert table is not None
    dis = subprocess.run(["objdump", "-d", str(nexe)], capture_output=True, text=True, check=True).stdout
    addresses = [int(a, 16) for a in re.findall(r"^\s+([0-9a-f]+):", dis, re.M)]
    assert len(addresses) > 1000  # the program and the runtime
    plain, err = _addr2line(nexe, *map(hex, addresses))
    assert not err
    # `prog.c:?`: inside a unit's range but in no row (padding between functions): no line.
    answers = [None if line.endswith(":?") else line for line in plain.splitlines()]
    mine = [str(table.line_of(a)) if table.line_of(a) else None for a in addresses]
    assert mine == answers
    assert sum(a is not None for a in answers) > 0.9 * len(answers)
    chains, err = _addr2line(nexe, "-i", "-a", *map(hex, addresses))
    assert not err
    outermost = [None if g.splitlines()[-1].endswith(":?") else g.splitlines()[-1]
                 for g in re.split(r"^0x[0-9a-f]+\n", chains, flags=re.M)[1:]]
    sites = [str(table.site_of(a)) if table.site_of(a) else None for a in addresses]
    assert sites == outermost
    assert sum(s is not None and s.startswith(str(src)) for s in sites) > sum(
        a is not None and a.startswith(str(src)) for a in answers), "inlined trap code names the caller's line"


@pytest.mark.parametrize("opt", OPTS)
def test_objdump_dl_reads_the_line_table(built: dict[str, tuple[Path, Path]], opt: str) -> None:
    src, nexe = built[opt]
    proc = subprocess.run(["objdump", "-dl", str(nexe)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "DWARF" not in proc.stderr and "DWARF" not in proc.stdout
    # objdump prints the line-program rows (not inline call sites): the same lines of prog.c as ours.
    shown = {int(n) for n in re.findall(rf"^{re.escape(str(src))}:(\d+)", proc.stdout, re.M)}
    table = read_line_table(nexe.read_bytes())
    assert table is not None
    assert shown and shown == {line.line for _, _, line in table.rows if line.file == str(src)}
    assert MARKED["pread"] in shown or opt != "-O0"


def test_pyelftools_reads_a_consistent_line_program(built: dict[str, tuple[Path, Path]]) -> None:
    src, nexe = built["-O2"]
    with nexe.open("rb") as f:
        dwarf = ELFFile(f).get_dwarf_info()
        rows = set()
        for cu in dwarf.iter_CUs():
            program = dwarf.line_program_for_CU(cu)
            assert cu.header["address_size"] == 4  # x32
            assert program.header["address_size"] == 4, "the line program agrees with its unit"
            ours = {i for i, e in enumerate(program.header["file_entry"]) if e.name == b"prog.c"}  # DWARF 5: from 0
            rows |= {e.state.line for e in program.get_entries() if e.state is not None and e.state.file in ours}
    table = read_line_table(nexe.read_bytes())
    assert table is not None
    assert rows and rows == {line.line for _, _, line in table.rows if line.file == str(src)}


def test_link_errors_name_the_source_line(tmp_path: Path) -> None:
    src = tmp_path / "undef.c"
    src.write_text("extern int missing(int);\n\nint main(void)\n{\n    return missing(3);\n}\n")
    with pytest.raises(BuildError) as err:
        build([src], tmp_path / "undef.nexe", opt="-O2", toolchain="builtin")
    message = str(err.value)
    assert "DWARF error" not in message
    assert f"{src}:5: undefined reference to `missing'" in message


def test_narrowing_changes_no_loadable_byte(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The fix touches .debug_line only: a nexe built without it loads the same bytes."""
    src, nexe = built["-O2"]
    monkeypatch.setattr(dwarfline, "narrow_line_addresses", lambda obj: 0)
    old = tmp_path / "old.nexe"
    BuiltinToolchain(cache=FileCache(tmp_path / "cache")).build(BuildRequest((src,), old, "-O2"))

    def loaded(path: Path) -> list[tuple[int, int, bytes]]:
        with path.open("rb") as f:
            return [(s["p_vaddr"], s["p_memsz"], s.data()) for s in ELFFile(f).iter_segments()]

    assert loaded(old) == loaded(nexe)
    # ... and the old line table is the broken one the fix is for.
    proc = subprocess.run(["addr2line", "-e", str(old), "0x20000"], capture_output=True, text=True, check=False)
    assert "mangled line number section" in proc.stderr


def test_narrow_line_addresses_on_an_object(tmp_path: Path) -> None:
    src = tmp_path / "one.c"
    src.write_text(PROGRAM)
    steps: list[str] = []
    tc = BuiltinToolchain()
    obj = tmp_path / "one.o"
    tc.compile_to_object(src, obj, tc.cflags("-O2"), steps)
    relocs = subprocess.run(["readelf", "-rW", str(obj)], capture_output=True, text=True, check=True).stdout
    section = relocs[relocs.index(".rela.debug_line"):].split("\n\n")[0]
    assert "R_X86_64_64" not in section and "R_X86_64_32" in section
    assert dwarfline.narrow_line_addresses(obj) == 0, "already narrowed: a second pass changes nothing"
    proc = subprocess.run(["objdump", "-dl", str(obj)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "DWARF" not in proc.stderr and f"{src}:" in proc.stdout


def test_scan_outputs_carry_file_and_line(built: dict[str, tuple[Path, Path]],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    src, nexe = built["-O2"]
    expected = {fn: f"{src}:{line}" for fn, line in MARKED.items()}
    code, out, _ = run_scan(["--format", "json", str(nexe)], capsys)
    (doc,) = json.loads(out)["files"]
    assert code == 0
    got = {t["function"]: t["source_line"] for t in doc["traps"] if _ours(t["in_function"])}
    assert got == expected
    # The runtime's trap sites name the runtime's sources.
    runtime = [t["source_line"] for t in doc["traps"] if not _ours(t["in_function"])]
    assert runtime and all(s and "toolchain/runtime/" in s for s in runtime)
    assert all(f["source_line"] for f in doc["findings"] if f["address"] is not None)

    code, out, _ = run_scan([str(nexe)], capsys)
    assert code == 0
    table = out[out.index("  trap sites ("):]
    assert "SOURCE" in table.splitlines()[1]
    for fn, where in expected.items():
        assert re.search(rf"\b{fn}\b.*{re.escape(where)}$", table, re.M), (fn, table)

    log = to_sarif([scan_path(nexe)])
    check_sarif(log)
    notes = [r for r in log["runs"][0]["results"] if r["ruleId"] == "trap-site"]
    # The source is outside SRCROOT (the directory the scan ran in): the result stays at the nexe and
    # names its source line in its properties (scan.sarif maps it to the repository's file).
    related: dict[str, Any] = {}
    for r in notes:
        if _ours(r["properties"]["inFunction"]):
            related[r["properties"]["function"]] = r["properties"]["sourceLine"]
    assert {fn: int(where.rpartition(":")[2]) for fn, where in related.items()} == MARKED
    assert all(where.rpartition(":")[0].endswith("prog.c") for where in related.values())


def test_no_debug_information_means_no_lines(built: dict[str, tuple[Path, Path]], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, nexe = built["-O2"]
    stripped = tmp_path / "stripped.nexe"
    subprocess.run(["objcopy", "--strip-debug", str(nexe), str(stripped)], check=True)
    assert read_line_table(stripped.read_bytes()) is None
    code, out, _ = run_scan(["--format", "json", str(stripped)], capsys)
    (doc,) = json.loads(out)["files"]
    assert code == 0 and doc["traps"] and all(t["source_line"] is None for t in doc["traps"])
    assert read_line_table(b"not an ELF file") is None
    # A line table cut short is no line table, never an exception.
    data = bytearray(nexe.read_bytes())
    with nexe.open("rb") as f:
        sec = ELFFile(f).get_section_by_name(".debug_line")
        start, size = sec["sh_offset"], sec["sh_size"]
    data[start:start + size] = b"\xff" * size
    assert read_line_table(bytes(data)) is None


def test_a_source_named_relative_to_the_build_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build sub/prog.c` from a directory: the line table names it relative to where gcc ran;
    lines, like addr2line, give the absolute path."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "prog.c").write_text(PROGRAM)
    monkeypatch.chdir(tmp_path)
    build([Path("sub/prog.c")], Path("prog.nexe"), opt="-O2", toolchain="builtin")
    address = _trap_calls(tmp_path / "prog.nexe")["pread"]
    chain, _ = _addr2line(tmp_path / "prog.nexe", "-i", hex(address))
    expected = f"{tmp_path / 'sub' / 'prog.c'}:{MARKED['pread']}"
    assert chain.splitlines()[-1] == expected
    assert str(scan_path(tmp_path / "prog.nexe").source_line(address)) == expected
