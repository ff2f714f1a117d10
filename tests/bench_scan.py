"""Benchmark: the scan's full code check vs capstone's raw lite-mode decode, on the same bytes, in one run.

Not a pytest test.  Run ``python tests/bench_scan.py [--mb 12] [--repeat 3] [--profile]``.

The text is realistic: the text segments of tests/programs/*.c built at -O2 by the built-in
toolchain, laid end to end (each is a whole number of 32-byte bundles, so alignment holds)
and repeated to about --mb megabytes, then checked as one segment at 0x20000.  Each copy's
trampoline calls are re-pointed at 0x10000 from their new place and its function symbols
moved with it, so the trap surface is the real one, not a pile of calls to nowhere.

"Full check" is what `scan` does with the text of a loaded nexe: the validator, the trap
surface (with symbols, given the validator's report so the text is decoded once) and the
policy.  The requirement is full <= 2x lite.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import capstone

from harness.loader import TEXT_START, check_loader
from harness.scan import ALL_SIX, elf_function_symbols, policy_violations
from harness.toolchain import build
from harness.traps import find_trap_sites
from harness.validator import validate_code

PROGRAMS = Path(__file__).resolve().parent / "programs"


class Piece:
    """One nexe's text with what moves with it: rel32 trap calls and function symbols."""

    def __init__(self, name: str, text: bytes, trap_rel32: list[int], symbols: dict[int, str]) -> None:
        self.name = name
        self.text = text + b"\xf4" * (-len(text) % 32)  # keep every copy bundle-aligned
        self.trap_rel32 = trap_rel32  # offsets of the rel32 field of `call/jmp 0x10000+...`
        self.symbols = symbols  # offset in text -> name

    def placed_at(self, offset: int) -> bytes:
        """The text as it reads at `offset` from the original text start."""
        if not offset:
            return self.text
        out = bytearray(self.text)
        for field in self.trap_rel32:
            rel = int.from_bytes(out[field:field + 4], "little", signed=True) - offset
            out[field:field + 4] = rel.to_bytes(4, "little", signed=True)
        return bytes(out)


def build_pieces(opt: str) -> list[Piece]:
    pieces = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in sorted(PROGRAMS.glob("*.c")):
            out = Path(tmp) / f"{src.stem}.nexe"
            build([src], out, opt=opt, toolchain="builtin")
            data = out.read_bytes()
            loader = check_loader(data)
            if not loader.loads:
                print(f"  skipped {src.name}: zerovm would not load it", file=sys.stderr)
                continue
            text = loader.text
            fields = []
            for site in find_trap_sites(text, TEXT_START):
                op = site.address - TEXT_START
                if site.kind in ("call", "jump") and text[op] in (0xE8, 0xE9):
                    fields.append(op + 1)
            symbols = {a - TEXT_START: n for a, n in elf_function_symbols(data).items()
                       if TEXT_START <= a < TEXT_START + len(text)}
            pieces.append(Piece(src.stem, text, fields, symbols))
    return pieces


def big_text(pieces: list[Piece], size: int) -> tuple[bytes, dict[int, str]]:
    chunks: list[bytes] = []
    symbols: dict[int, str] = {}
    offset = 0
    copy = 0
    while offset < size:
        for p in pieces:
            chunks.append(p.placed_at(offset))
            for off, name in p.symbols.items():
                symbols[TEXT_START + offset + off] = f"{name}.{copy}"
            offset += len(p.text)
        copy += 1
    return b"".join(chunks), symbols


def lite_decode(code: bytes) -> int:
    """capstone lite decode of the whole buffer; resumes a byte later where capstone stops."""
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.detail = False
    count = 0
    pos = 0
    view = memoryview(code)
    while pos < len(code):
        end = pos
        for addr, size, _m, _o in md.disasm_lite(view[pos:], TEXT_START + pos):
            count += 1
            end = addr - TEXT_START + size
        pos = end if end > pos else pos + 1
    return count


def full_check(code: bytes, symbols: dict[int, str]) -> tuple[bool, int, int]:
    report = validate_code(code, TEXT_START)
    # As `scan` does: the trap scan takes the validator's instruction starts instead of decoding again.
    traps = find_trap_sites(code, TEXT_START, symbols, validation=report)
    violations = policy_violations(traps, ALL_SIX)
    return report.valid, len(traps), len(violations)


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=12.0, help="size of the text to check, MB (default 12)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each; the best counts (default 3)")
    ap.add_argument("--opt", default="-O2", help="optimisation level of the programs (default -O2)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of one full check")
    args = ap.parse_args(argv)

    pieces = build_pieces(args.opt)
    code, symbols = big_text(pieces, int(args.mb * 1e6))
    mb = len(code) / 1e6
    print(f"text: {mb:.2f} MB at {TEXT_START:#x}: {len(pieces)} nexes ({args.opt}) x "
          f"{len(code) // sum(len(p.text) for p in pieces)}, {len(symbols)} function symbols")

    lite, count = best_of(args.repeat, lambda: lite_decode(code))
    print(f"  capstone lite decode : {mb / lite:7.2f} MB/s  ({lite * 1e3:6.0f} ms, {count} instructions)")
    t_val, rep = best_of(args.repeat, lambda: validate_code(code, TEXT_START))
    t_trap, traps = best_of(args.repeat, lambda: find_trap_sites(code, TEXT_START, symbols))
    t_given, given = best_of(args.repeat, lambda: find_trap_sites(code, TEXT_START, symbols, validation=rep))
    assert given == traps, "the trap surface differs with the validator's instruction starts"
    full, (valid, n_traps, n_viol) = best_of(args.repeat, lambda: full_check(code, symbols))  # type: ignore[misc]
    print(f"    validator alone    : {mb / t_val:7.2f} MB/s  ({t_val * 1e3:6.0f} ms, valid={rep.valid}, "  # type: ignore[attr-defined]
          f"{len(rep.findings)} findings)")  # type: ignore[attr-defined]
    print(f"    trap surface alone : {mb / t_trap:7.2f} MB/s  ({t_trap * 1e3:6.0f} ms, "
          f"{len(traps)} sites; decoding the text itself)")  # type: ignore[arg-type]
    print(f"    trap surface given : {mb / t_given:7.2f} MB/s  ({t_given * 1e3:6.0f} ms, "
          f"the validator's instruction starts)")
    print(f"  full check           : {mb / full:7.2f} MB/s  ({full * 1e3:6.0f} ms, valid={valid}, "
          f"{n_traps} trap sites, {n_viol} policy violations)")
    print(f"  ratio full/lite      : {full / lite:.2f}x  (target <= 2x)")

    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(full_check, code, symbols)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main(sys.argv[1:])
