"""Give GNU as's line table the x32 address size of gcc's other DWARF sections.

gcc compiles for x32, so every DWARF unit it writes (.debug_info, .debug_aranges,
.debug_rnglists) says addresses are 4 bytes.  The line table is not gcc's: `as --64`
builds it from the `.loc` directives, and for an ELF64 object it writes every
DW_LNE_set_address with an 8-byte operand (and, in DWARF 5, an address size of 8 in
the header).  Consumers read the line program with the address size of the unit that
owns it (bfd, so addr2line, objdump -dl and ld's diagnostics; pyelftools), take 4 of
the 8 bytes, decode the remaining zeros as opcodes and give up: "DWARF error: mangled
line number section".  `as --x32` would write 4 bytes but makes ELF32 objects, which
the nexe's ELF64 link cannot take.

So each object is fixed right after `as`, in place and without changing any size:
`00 09 02 <8-byte address>` (extended opcode of length 9: set_address) becomes
`00 85 80 80 80 00 02 <4-byte address>` -- the same length 5 written as a padded
5-byte ULEB128, which every LEB128 reader accepts -- and its R_X86_64_64 relocation
becomes an R_X86_64_32 four bytes further on.  Section offsets, sizes and every other
section stay as they were, so the linked nexe's loadable content does not change.
"""

from __future__ import annotations

import struct
from pathlib import Path

_SHT_RELA = 4
_R_X86_64_64 = 1
_R_X86_64_32 = 10
_SET_ADDRESS_64 = b"\x00\x09\x02"
_SET_ADDRESS_32 = b"\x00\x85\x80\x80\x80\x00\x02"


class DwarfLineError(Exception):
    """The object's line table is not laid out as GNU as writes it."""


def narrow_line_addresses(obj: Path) -> int:
    """Rewrite `obj`'s .debug_line for 4-byte addresses; returns the set_address ops rewritten.

    An object without a line table, or one whose table already uses 4-byte addresses,
    is left alone (returns 0).
    """
    original = obj.read_bytes()
    data = bytearray(original)
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return 0  # only little-endian ELF64 objects come out of `as --64`
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab_off = sections[shstrndx][4]

    def name(sec: tuple[int, ...]) -> bytes:
        start = strtab_off + sec[0]
        return bytes(data[start:data.index(0, start)])

    line_index = next((i for i, s in enumerate(sections) if name(s) == b".debug_line"), None)
    info = next((s for s in sections if name(s) == b".debug_info"), None)
    if line_index is None or info is None or _unit_address_size(data, info[4], info[5]) != 4:
        return 0  # no line table, or no x32 unit owning it (hand-written assembly): nothing disagrees
    line_off, line_size = sections[line_index][4], sections[line_index][5]
    rela = next((s for s in sections if s[1] == _SHT_RELA and s[7] == line_index), None)
    count = 0
    if rela is not None:
        rela_off, rela_size, rela_entsize = rela[4], rela[5], rela[9] or 24
        for pos in range(rela_off, rela_off + rela_size, rela_entsize):
            r_offset, r_info = struct.unpack_from("<QQ", data, pos)
            if r_info & 0xFFFFFFFF != _R_X86_64_64:
                continue
            op = line_off + r_offset - len(_SET_ADDRESS_64)
            if r_offset < 3 or r_offset + 8 > line_size or data[op:op + 3] != _SET_ADDRESS_64:
                raise DwarfLineError(f"{obj}: a 64-bit relocation in .debug_line at {r_offset:#x} "
                                     "is not the operand of a DW_LNE_set_address")
            data[op:op + 11] = _SET_ADDRESS_32 + bytes(4)
            struct.pack_into("<QQ", data, pos, r_offset + 4, (r_info & ~0xFFFFFFFF) | _R_X86_64_32)
            count += 1
    _narrow_headers(data, line_off, line_size, obj)
    if data != original:
        obj.write_bytes(bytes(data))
    return count


def _unit_address_size(data: bytearray, start: int, size: int) -> int | None:
    """The address size of the first unit in .debug_info (gcc writes one per object)."""
    if size < 12:
        return None
    length, = struct.unpack_from("<I", data, start)
    pos = start + (12 if length == 0xFFFFFFFF else 4)
    offset_size = 8 if length == 0xFFFFFFFF else 4
    if pos + 4 + offset_size > start + size:
        return None
    version, = struct.unpack_from("<H", data, pos)
    # DWARF 5: version, unit_type, address_size; DWARF 2-4: version, abbrev offset, address_size.
    return data[pos + 3] if version >= 5 else data[pos + 2 + offset_size]


def _narrow_headers(data: bytearray, start: int, size: int, obj: Path) -> None:
    """Set the address size of every DWARF 5 line program header in the section to 4."""
    pos = start
    end = start + size
    while pos + 7 <= end:
        length, = struct.unpack_from("<I", data, pos)
        offset_size = 4
        if length == 0xFFFFFFFF:
            length, = struct.unpack_from("<Q", data, pos + 4)
            offset_size = 12
        version, = struct.unpack_from("<H", data, pos + offset_size)
        if version >= 5:
            size_at = pos + offset_size + 2
            if data[size_at] not in (4, 8):
                raise DwarfLineError(f"{obj}: unexpected line table address size {data[size_at]}")
            data[size_at] = 4
        pos += offset_size + length
