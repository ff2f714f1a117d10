"""Stamp a linked nexe with Native Client's identification bytes.

zerovm does not check them (ZEROVM.md section 5), but NaCl tools and real nexes
carry EI_OSABI = 123 (ELFOSABI_NACL) and EI_ABIVERSION = 7; scanners and people
recognise a nexe by them.
"""

from __future__ import annotations

from pathlib import Path

EI_OSABI = 7
EI_ABIVERSION = 8
ELFOSABI_NACL = 0x7B
NACL_ABI_VERSION = 7


def mark_as_nacl(path: Path) -> None:
    with open(path, "r+b") as f:
        ident = bytearray(f.read(16))
        if ident[:4] != b"\x7fELF":
            raise ValueError(f"{path}: not an ELF file")
        ident[EI_OSABI] = ELFOSABI_NACL
        ident[EI_ABIVERSION] = NACL_ABI_VERSION
        f.seek(0)
        f.write(ident)
