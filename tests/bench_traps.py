"""Timing note for harness.traps: find_trap_sites vs a bare capstone lite decode of the same text (and
find_trap_surface, which also resolves indirect branches: jump tables and the address-taken set).

    python tests/bench_traps.py [NEXE]

Without an argument it builds tests/programs/libc_use.c at -O2 with the built-in toolchain.  The nexe's text is
repeated to about 100 KB (the copies decode the same way; only direct targets shift), and each figure is the best
of several runs.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import capstone
from elftools.elf.elffile import ELFFile

from harness.loader import TEXT_START, check_loader
from harness.traps import find_trap_sites, find_trap_surface
from harness.validator import validate_code

PROGRAM = Path(__file__).parent / "programs" / "libc_use.c"
TARGET_SIZE = 100 * 1024


def _best(fns: list[Callable[[], object]], runs: int = 15) -> list[float]:
    """The least CPU time of each function over `runs` interleaved runs (CPU time: CI machines are shared)."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for k, fn in enumerate(fns):
            start = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - start)
    return best


def main() -> None:
    if len(sys.argv) > 1:
        data = Path(sys.argv[1]).read_bytes()
    else:
        from harness.toolchain import build

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bench.nexe"
            build([PROGRAM], out, opt="-O2", toolchain="builtin")
            data = out.read_bytes()
    text = check_loader(data).text
    symtab = ELFFile(io.BytesIO(data)).get_section_by_name(".symtab")
    symbols = {s["st_value"]: s.name for s in symtab.iter_symbols()
               if s["st_info"]["type"] == "STT_FUNC"} if symtab else {}
    copies = max(1, TARGET_SIZE // len(text))
    big = text * copies
    size = len(text)
    big_symbols = {a + k * size: f"{n}#{k}" for k in range(copies) for a, n in symbols.items()}
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)

    def lite_loop() -> None:
        for _ in md.disasm_lite(big, TEXT_START):
            pass

    report = validate_code(big, TEXT_START)  # as `scan` passes it: the text is then not decoded again
    elf = ELFFile(io.BytesIO(data))
    segments = [(seg["p_vaddr"], seg.data()) for seg in elf.iter_segments()
                if seg["p_type"] == "PT_LOAD" and seg["p_vaddr"] != TEXT_START]

    def memory(address: int, size: int) -> bytes | None:
        for start, blob in segments:
            if start <= address and address + size <= start + len(blob):
                return blob[address - start:address - start + size]
        return None

    lite, lite_list, with_symbols, without, given, surface = _best([
        lite_loop,
        lambda: list(md.disasm_lite(big, TEXT_START)),
        lambda: find_trap_sites(big, TEXT_START, big_symbols),
        lambda: find_trap_sites(big, TEXT_START),
        lambda: find_trap_sites(big, TEXT_START, big_symbols, validation=report),
        lambda: find_trap_surface(big, TEXT_START, big_symbols, memory, validation=report, data=segments),
    ])
    resolved = find_trap_surface(big, TEXT_START, big_symbols, memory, validation=report, data=segments).resolved
    sites = find_trap_sites(big, TEXT_START, big_symbols)
    kinds: dict[str, int] = {}
    for site in sites:
        kinds[site.kind] = kinds.get(site.kind, 0) + 1
    print(f"text: {len(big)} bytes ({copies} x {size}), {len(sites)} trap sites {kinds}")
    print(f"capstone lite decode, for loop:    {lite * 1000:7.1f} ms")
    print(f"capstone lite decode, list():      {lite_list * 1000:7.1f} ms")
    print(f"find_trap_sites, with symbols:     {with_symbols * 1000:7.1f} ms  ({with_symbols / lite:.2f}x the loop)")
    print(f"find_trap_sites, without symbols:  {without * 1000:7.1f} ms  ({without / lite:.2f}x the loop)")
    print(f"find_trap_sites, validator report: {given * 1000:7.1f} ms  ({given / lite:.2f}x the loop; "
          f"report valid={report.valid})")
    print(f"find_trap_surface, report + data:  {surface * 1000:7.1f} ms  ({surface / lite:.2f}x the loop; "
          f"{len(resolved)} indirect branches resolved)")


if __name__ == "__main__":
    main()
