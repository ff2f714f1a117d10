"""Benchmark: full validator check vs capstone's raw lite-mode decode.

Not a pytest test.  Run ``python tests/bench_validator.py [FILE ...]``: it
prints MB/s for capstone ``disasm_lite`` alone and for `validate_code` on the
same bytes, and their ratio (the product requirement is ratio <= 2).

Inputs: a deterministic ~2 MB stream of valid NaCl code shaped like compiler
output (register moves, arithmetic, stack frames, sandboxed loads/stores,
masked indirect jumps, direct calls/branches, bundle padding), plus the
.text of any ELF files named on the command line (those are usually not
NaCl-valid, but the instruction mix is realistic and every rule still runs).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import capstone

from harness.validator import validate_code

BASE = 0x20000


def _mov32(r: int) -> bytes:
    return (b"\x45" if r >= 8 else b"") + bytes([0x89, 0xC0 | ((r & 7) << 3) | (r & 7)])


def _load(r: int, dst: int, disp: int) -> bytes:
    """mov disp8(%r15,%rR,1),%eDST (after a zero-extending write of %eR)."""
    rex = 0x41 | ((r >> 3) << 1) | ((dst >> 3) << 2)
    return bytes([rex, 0x8B, 0x44 | ((dst & 7) << 3), ((r & 7) << 3) | 7, disp & 0xFF])


def _store_rsp(src: int, disp: int) -> bytes:
    """mov %rSRC,disp8(%rsp)."""
    return bytes([0x48 | ((src >> 3) << 2), 0x89, 0x44 | ((src & 7) << 3), 0x24, disp & 0xFF])


def _alu(op: int, a: int, b: int, wide: bool) -> bytes:
    rex = (0x48 if wide else 0x40) | ((b >> 3) << 2) | (a >> 3)
    body = bytes([op, 0xC0 | ((b & 7) << 3) | (a & 7)])
    return (bytes([rex]) if rex != 0x40 else b"") + body


# Registers a compiler may freely clobber (never rsp, rbp, r15).
_FREE = (0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14)


def synthetic_code(size: int, seed: int = 7) -> bytes:
    """A stream of `size` bytes of valid NaCl code, packed into 32-byte bundles."""
    rnd = random.Random(seed)
    out = bytearray()
    bundle = bytearray()

    def emit(chunk: bytes) -> None:
        nonlocal bundle
        if len(bundle) + len(chunk) > 32:
            out.extend(bundle + b"\x90" * (32 - len(bundle)))
            bundle = bytearray()
        bundle.extend(chunk)

    while len(out) < size:
        c = rnd.random()
        r = rnd.choice(_FREE)
        s = rnd.choice(_FREE)
        low = rnd.choice((0, 1, 2, 3, 6, 7))  # for encodings without REX bits
        if c < 0.25:
            emit(_alu(rnd.choice((0x89, 0x01, 0x29, 0x31, 0x21, 0x09)), r, s, rnd.random() < 0.6))
        elif c < 0.40:
            emit(_mov32(r) + _load(r, s, rnd.randrange(256)))
        elif c < 0.50:
            emit(_store_rsp(r, rnd.randrange(0, 128, 8)))
        elif c < 0.58:
            emit(bytes([0xB8 | low]) + rnd.randrange(1 << 32).to_bytes(4, "little"))
        elif c < 0.64:
            emit(bytes([0x48, 0x83, 0xC0 | low, rnd.randrange(128)]))
        elif c < 0.70:
            emit(bytes([0x70 | rnd.randrange(16), 0x00]))
        elif c < 0.74:
            # direct call to the trampoline, ending the bundle.
            if len(bundle) > 27:
                out.extend(bundle + b"\x90" * (32 - len(bundle)))
                bundle = bytearray()
            pad = 32 - len(bundle) - 5
            here = BASE + len(out) + len(bundle) + pad + 5
            emit(b"\x90" * pad + b"\xe8" + (0x10000 - here).to_bytes(4, "little", signed=True))
        elif c < 0.77:
            ra = rnd.choice((0, 1, 2, 3, 6, 7))
            emit(bytes([0x83, 0xE0 | ra, 0xE0, 0x4C, 0x01, 0xF8 | ra, 0xFF, 0xE0 | ra]))
        elif c < 0.83:
            emit(rnd.choice((b"\x55", b"\x53", b"\x41\x54", b"\x5b", b"\x41\x5c")))
        elif c < 0.86:
            emit(b"\x48\x89\xe5")
        elif c < 0.90:
            emit(bytes([0x48, 0x8D, 0x44 | (low << 3), 0x24, rnd.randrange(128)]))
        elif c < 0.94:
            emit(b"\x0f\x1f\x44\x00\x00")
        else:
            emit(bytes([0x0F, 0xB6 | rnd.randrange(2), 0xC0 | (low << 3) | (s & 7)]))
    out.extend(bundle + b"\x90" * (32 - len(bundle)))
    return bytes(out)


def elf_text(path: str) -> bytes:
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as fh:
        sec = ELFFile(fh).get_section_by_name(".text")
        return sec.data() if sec is not None else b""


def bench(name: str, code: bytes, repeat: int = 3) -> None:
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    md.detail = False
    lite = float("inf")
    count = 0
    for _ in range(repeat):
        t = time.perf_counter()
        count = sum(1 for _ in md.disasm_lite(code, BASE))
        lite = min(lite, time.perf_counter() - t)
    full = float("inf")
    report = None
    for _ in range(repeat):
        t = time.perf_counter()
        report = validate_code(code, BASE)
        full = min(full, time.perf_counter() - t)
    assert report is not None
    mb = len(code) / 1e6
    print(f"{name}: {mb:.2f} MB, {count} instructions, valid={report.valid}, "
          f"{len(report.findings)} findings")
    print(f"  capstone lite decode : {mb / lite:7.2f} MB/s  ({lite * 1e3:.0f} ms)")
    print(f"  full validator check : {mb / full:7.2f} MB/s  ({full * 1e3:.0f} ms)")
    print(f"  ratio full/lite      : {full / lite:.2f}x")


def main(argv: list[str]) -> None:
    bench("synthetic NaCl code", synthetic_code(2_000_000))
    for path in argv:
        bench(path, elf_text(path)[:4_000_000])


if __name__ == "__main__":
    main(sys.argv[1:])
