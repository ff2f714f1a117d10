"""The loader's verdict as zerovm words it: harness.loader's first finding -> ZLOGFAIL.

harness.loader applies zerovm's ELF and layout rules in zerovm's order and names the
first broken rule; this module gives that rule the exit code and the exact exit-state
text zerovm prints ("src/loader/elf_util.c 178: Segment 0 is of unexpected type
0x6, flag 0x5", ...), reading the numbers the messages need from the ELF bytes.
"""

from __future__ import annotations

import re
import struct

from harness.loader import LoaderReport
from harness.targets.ref.errors import EFAULT, EIO, ENOEXEC, ZvmFail, fail

ELF_UTIL = "src/loader/elf_util.c"
SEL = "src/loader/sel.c"
_CHECK = "check failed"
_SEGMENT = re.compile(r"segment (\d+)", re.IGNORECASE)

# rule -> (file, line, errno, message); messages with numbers are built in `loader_failure`
_SIMPLE = {
    "elf-header-unreadable": (ELF_UTIL, 268, EIO, _CHECK),
    "too-many-program-headers": (ELF_UTIL, 274, ENOEXEC, _CHECK),
    "elf-magic": (ELF_UTIL, 123, ENOEXEC, "bad elf magic"),
    "elf-class": (ELF_UTIL, 124, ENOEXEC, "bad elf class"),
    "elf-type": (ELF_UTIL, 125, ENOEXEC, "non executable"),
    "text-missing": (ELF_UTIL, 245, ENOEXEC, _CHECK),
    "entry-point": (SEL, 193, ENOEXEC, _CHECK),
    "data-not-last": (SEL, 75, ENOEXEC, _CHECK),
    "rodata-not-last": (SEL, 91, ENOEXEC, _CHECK),
    "rodata-overlaps-data": (SEL, 95, ENOEXEC, _CHECK),
    "text-overlaps-rodata": (SEL, 99, ENOEXEC, _CHECK),
    "text-overlaps-data": (SEL, 103, ENOEXEC, _CHECK),
    "rodata-alignment": (SEL, 107, ENOEXEC, _CHECK),
    "data-alignment": (SEL, 111, ENOEXEC, _CHECK),
}


def _u16(data: bytes, off: int) -> int:
    return int.from_bytes(data[off:off + 2], "little")


def _phdr(elf: bytes, index: int) -> tuple[int, int, int, int, int, int]:
    """(type, flags, offset, vaddr, filesz, memsz) of program header `index`."""
    phoff = int.from_bytes(elf[32:40], "little")
    start = phoff + 56 * index
    p_type, p_flags, p_offset, p_vaddr, _paddr, p_filesz, p_memsz = struct.unpack_from("<IIQQQQQ", elf, start)
    return p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz


def loader_failure(report: LoaderReport, elf: bytes) -> ZvmFail:
    """The ZLOGFAIL zerovm gives for the loader's first finding."""
    finding = report.findings[0]
    rule = finding.rule
    if rule in _SIMPLE:
        source, line, code, message = _SIMPLE[rule]
        return fail(source, line, code, message)
    if rule == "program-header-size":
        return fail(ELF_UTIL, 277, ENOEXEC, f"bad prog headers size. image.ehdr.e_phentsize = 0x{_u16(elf, 58):x}, "
                    "sizeof image.phdrs[0] = 0x38")
    if rule == "program-headers-unreadable":
        phoff = int.from_bytes(elf[32:40], "little")
        return fail(ELF_UTIL, 286 if phoff > len(elf) else 290, EIO, _CHECK)
    if rule == "elf-machine":
        return fail(ELF_UTIL, 126, ENOEXEC, f"bad machine: {_u16(elf, 18):x}")
    if rule == "elf-version":
        return fail(ELF_UTIL, 128, ENOEXEC, f"bad elf version: {int.from_bytes(elf[20:24], 'little'):x}")
    if rule == "halt-sled":
        what = "data" if "data" in finding.message.split("between text and ")[-1][:5] else "rodata"
        return fail(SEL, 48 if what == "data" else 52, EFAULT, f"Missing gap between text and {what} for halt_sled")
    match = _SEGMENT.search(finding.message)
    if match is None:  # pragma: no cover - every segment rule names its segment
        raise ValueError(f"unexpected loader finding {finding}")
    i = int(match.group(1))
    p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz = _phdr(elf, i)
    lo = 0xFFFFFFFF  # "%08x" of a 64-bit value prints its low 32 bits
    if rule == "segment-type":
        return fail(ELF_UTIL, 178, ENOEXEC, f"Segment {i} is of unexpected type 0x{p_type:x}, flag 0x{p_flags:x}")
    if rule == "segment-duplicate":
        return fail(ELF_UTIL, 182, ENOEXEC, f"Segment {i} is a type that has been seen")
    if rule == "text-address":
        return fail(ELF_UTIL, 192, ENOEXEC,
                    f"Segment {i}: bad virtual address: 0x{p_vaddr & lo:08x}, expected 0x00020000")
    if rule == "segment-too-low":
        return fail(ELF_UTIL, 196, ENOEXEC, f"Segment {i}: virtual address 0x{p_vaddr & lo:08x} too low")
    if rule == "segment-overflow":
        return fail(ELF_UTIL, 203, ENOEXEC, f"Segment {i}: p_memsz caused integer overflow")
    if rule == "segment-too-large":
        return fail(ELF_UTIL, 206, ENOEXEC, f"Segment {i}: too large, ends at 0x{(p_vaddr + p_memsz) & lo:08x}")
    if rule == "segment-file-size":
        return fail(ELF_UTIL, 209, ENOEXEC, f"Segment {i}: file size 0x{p_filesz & lo:08x} larger than memory size "
                    f"0x{p_memsz & lo:08x}")
    if rule == "segment-unreadable":
        if p_offset > len(elf):
            return fail(ELF_UTIL, 350, ENOEXEC, f"seek failure segment {i}")
        return fail(ELF_UTIL, 356, ENOEXEC, f"load failure segment {i}")
    raise ValueError(f"unexpected loader finding {finding}")  # pragma: no cover
