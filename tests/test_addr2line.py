"""`addr2line -e X.nexe ADDR` names the right source line for the trap sites of corpus programs.

Cases of cases/ that call the traps straight from their C (zvm_pread, zvm_pwrite, zvm_exit,
zvm_jail, zvm_unjail) and hello world (whose traps are the runtime's, in io.c) are built as the
suite builds them.  The scanner finds their trap calls (the direct calls that reach 0x10000);
for each, the host's addr2line must name, innermost, zvm_trap's `call 0x10000` line in zvm.h
and, outermost (`-i`), the C statement that calls that very trap -- in the case's .c or in the
runtime's io.c -- and every trap call of the case's .c must be named by its own site.  (gcc gives a
call made in another call's arguments the line where that statement starts: pwrite_errors.c's five
zvm_pwrite calls in one printf, over three lines, are all at its first line, in gcc's DWARF as in
addr2line's answer.)
harness.lines must answer the same, and `objdump -dl` must put the same line over each site.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.lines import line_table
from harness.scan import scan_path
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32, host_tools_present
from harness.traps import TrapSite

pytestmark = pytest.mark.skipif(
    not (host_tools_present() and gcc_supports_x32() and shutil.which("addr2line") and shutil.which("objdump")),
    reason="needs the host gcc (with x32 support) and GNU binutils (addr2line, objdump)")

REPO = Path(__file__).resolve().parents[1]
# A C line that calls a trap function; group 1 is the trap's name as the scanner names it.
TRAP_CALL = re.compile(r"\bzvm_(pread|pwrite|exit|jail|unjail|fork)\s*\(")
BUILDS = [("smoke/hello", "-O0"), ("smoke/hello", "-O2"), ("smoke/exit_code", "-O2"), ("trap/exit_negative", "-O2"),
          ("jail/jail_and_call", "-O2"), ("channels/dev_null", "-O0"), ("channels/dev_null", "-O2"),
          ("trap/pwrite_errors", "-O2")]


@dataclass(frozen=True)
class Built:
    source: Path
    nexe: Path
    sites: tuple[TrapSite, ...]  # the direct calls to 0x10000, by address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    root = tmp_path_factory.mktemp("addr2line")
    out = {}
    for case, opt in BUILDS:
        source = REPO / "cases" / f"{case}.c"
        nexe = root / f"{case.replace('/', '-')}{opt}.nexe"
        build([source], nexe, opt=opt, toolchain="builtin")
        sites = tuple(s for s in scan_path(nexe).traps if s.kind == "call" and s.slot == 0)
        out[case, opt] = Built(source, nexe, sites)
    return out


def _clean(line: str) -> str:
    return re.sub(r" \(discriminator \d+\)$", "", line.strip())


def addr2line_chains(nexe: Path, addresses: list[int]) -> dict[int, list[str]]:
    """address -> addr2line -i's frames for it, innermost first (`-a` heads each address's answer)."""
    proc = subprocess.run(["addr2line", "-e", str(nexe), "-a", "-i", *map(hex, addresses)], capture_output=True,
                          text=True, timeout=60, check=True)
    assert "DWARF error" not in proc.stderr and proc.stderr == "", proc.stderr
    chains: dict[int, list[str]] = {}
    current: list[str] = []
    for line in proc.stdout.splitlines():
        if line.startswith("0x"):
            current = chains.setdefault(int(line, 16), [])
        else:
            current.append(_clean(line))
    return chains


def source_text(location: str) -> tuple[Path, str]:
    """The file a `path:line` names, read from this checkout, and the text of the statement starting on
    that line (to the line ending it).  The runtime archive is cached by content, so its paths may be
    another checkout's: its toolchain/ files are read here."""
    path, _, number = location.rpartition(":")
    file = Path(path)
    if "/toolchain/" in path:
        file = REPO / "toolchain" / path.rsplit("/toolchain/", 1)[1]
    assert file.is_file(), location
    lines = file.read_text().splitlines()
    n = int(number)
    assert 1 <= n <= len(lines), location
    end = n
    while end < len(lines) and not lines[end - 1].rstrip().endswith((";", "{", "}", ")")):
        end += 1
    return file, "\n".join(lines[n - 1:end])


@pytest.mark.parametrize(("case", "opt"), BUILDS, ids=[f"{c}{o}" for c, o in BUILDS])
def test_addr2line_names_the_trap_call_lines(corpus: dict[tuple[str, str], Built], case: str, opt: str) -> None:
    built = corpus[case, opt]
    assert built.sites, "the scanner found no trap call"
    chains = addr2line_chains(built.nexe, [s.address for s in built.sites])
    in_case: list[int] = []
    for site in built.sites:
        chain = chains[site.address]
        assert chain and not any(f.startswith("??") for f in chain), (hex(site.address), chain)
        # Innermost: the asm statement of zvm_trap, the only `call 0x10000` there is.
        file, text = source_text(chain[0])
        assert file == REPO / "toolchain/include/zvm.h" and "call 0x10000" in text, chain
        # Outermost: the C statement calling the very trap the scanner says this is.
        file, text = source_text(chain[-1])
        called = {m[1] for m in TRAP_CALL.finditer(text)}
        assert site.function in called, (hex(site.address), site.function, chain[-1], text)
        if file == built.source:
            in_case.append(int(chain[-1].rsplit(":", 1)[1]))
        else:
            assert file.parent == REPO / "toolchain/runtime", chain  # the runtime's io.c
    # One site per trap call written in the case (none merged, none missed), each at its statement's line.
    lines = built.source.read_text().splitlines()
    assert len(in_case) == sum(len(TRAP_CALL.findall(text)) for text in lines)
    assert set(in_case) == {statement_start(lines, n) for n, text in enumerate(lines, 1) if TRAP_CALL.search(text)}


def statement_start(lines: list[str], n: int) -> int:
    """The line (from 1) where the statement holding line n starts."""
    while n > 1 and lines[n - 2].strip() and not lines[n - 2].rstrip().endswith((";", "{", "}", "*/")):
        n -= 1
    return n


@pytest.mark.parametrize(("case", "opt"), BUILDS, ids=[f"{c}{o}" for c, o in BUILDS])
def test_lines_and_objdump_agree_with_addr2line(corpus: dict[tuple[str, str], Built], case: str, opt: str) -> None:
    built = corpus[case, opt]
    table = line_table(built.nexe)
    assert table is not None
    chains = addr2line_chains(built.nexe, [s.address for s in built.sites])
    for site in built.sites:
        chain = chains[site.address]
        assert str(table.line_of(site.address)) == chain[0]
        assert str(table.site_of(site.address)) == chain[-1]
    # objdump -dl heads each run of instructions with its file:line: the run holding each site has
    # addr2line's innermost line.
    proc = subprocess.run(["objdump", "-dl", str(built.nexe)], capture_output=True, text=True, timeout=120,
                          check=True)
    assert "DWARF error" not in proc.stderr, proc.stderr
    marker, at = None, {}
    wanted = {s.address for s in built.sites}
    for line in proc.stdout.splitlines():
        if line.startswith("/") and re.search(r":\d+( \(discriminator \d+\))?$", line):
            marker = _clean(line)
        else:
            m = re.match(r"\s+([0-9a-f]+):\t", line)
            if m and int(m[1], 16) in wanted:
                at[int(m[1], 16)] = marker
    assert at == {s.address: chains[s.address][0] for s in built.sites}
