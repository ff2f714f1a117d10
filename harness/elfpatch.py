"""Named edits to an ELF file's headers, for cases that break zerovm's loader rules.

    phdr[0].p_vaddr = 0x400000      # text not at 0x20000
    phdr[3].p_type = 0x6474e551     # a fourth program header: the table moves to the end
    e_entry = 0x20004
    byte[1] = 0x46                  # any single byte of the file

Offsets are those of ELF64 little-endian, the only layout zerovm reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EHDR_FIELDS: dict[str, tuple[int, int]] = {  # name -> (offset, size)
    "ei_class": (4, 1), "ei_data": (5, 1), "ei_version": (6, 1), "ei_osabi": (7, 1), "ei_abiversion": (8, 1),
    "e_type": (16, 2), "e_machine": (18, 2), "e_version": (20, 4), "e_entry": (24, 8), "e_phoff": (32, 8),
    "e_shoff": (40, 8), "e_flags": (48, 4), "e_ehsize": (52, 2), "e_phentsize": (54, 2), "e_phnum": (56, 2),
    "e_shentsize": (58, 2), "e_shnum": (60, 2), "e_shstrndx": (62, 2),
}
PHDR_FIELDS: dict[str, tuple[int, int]] = {
    "p_type": (0, 4), "p_flags": (4, 4), "p_offset": (8, 8), "p_vaddr": (16, 8), "p_paddr": (24, 8),
    "p_filesz": (32, 8), "p_memsz": (40, 8), "p_align": (48, 8),
}
PHDR_SIZE = 56
_PHDR_FIELD = re.compile(r"^phdr\[(\d+)\]\.(p_\w+)$")
_BYTE_FIELD = re.compile(r"^byte\[(\d+)\]$")


class PatchError(ValueError):
    pass


@dataclass(frozen=True)
class Patch:
    field: str
    value: int


def _put(data: bytearray, offset: int, size: int, value: int) -> None:
    if offset + size > len(data):
        raise PatchError(f"offset {offset:#x} is past the end of the file ({len(data)} bytes)")
    data[offset:offset + size] = (value % (1 << (8 * size))).to_bytes(size, "little")


def _get(data: bytes | bytearray, offset: int, size: int) -> int:
    return int.from_bytes(data[offset:offset + size], "little")


def is_known_field(name: str) -> bool:
    m = _PHDR_FIELD.match(name)
    return name in EHDR_FIELDS or bool(_BYTE_FIELD.match(name)) or bool(m and m[2] in PHDR_FIELDS)


def apply_patches(data: bytes, patches: list[Patch], truncate: int | None = None) -> bytes:
    out = bytearray(data)
    for patch in patches:
        if patch.field in EHDR_FIELDS:
            _put(out, *EHDR_FIELDS[patch.field], patch.value)
            continue
        byte = _BYTE_FIELD.match(patch.field)
        if byte:
            _put(out, int(byte[1]), 1, patch.value)
            continue
        m = _PHDR_FIELD.match(patch.field)
        if not m or m[2] not in PHDR_FIELDS:
            raise PatchError(f"unknown ELF field {patch.field!r}")
        index = int(m[1])
        phoff, phnum = _get(out, 32, 8), _get(out, 56, 2)
        if index > phnum:
            raise PatchError(f"{patch.field}: there are {phnum} program headers; only phdr[{phnum}] may be added")
        if index == phnum:
            # Move the table to the end of the file with one zeroed entry more.
            table = out[phoff:phoff + phnum * PHDR_SIZE]
            phoff = len(out)
            out += table + bytes(PHDR_SIZE)
            _put(out, 32, 8, phoff)
            _put(out, 56, 2, phnum + 1)
        offset, size = PHDR_FIELDS[m[2]]
        _put(out, phoff + index * PHDR_SIZE + offset, size, patch.value)
    if truncate is not None:
        del out[truncate:]
    return bytes(out)
