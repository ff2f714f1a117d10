"""Source lines of a nexe's code: address -> `file:line` from its DWARF.

Two answers per address, both from the program's own debug information:

- `line_of`: the row of the DWARF line program that covers it (what `addr2line`
  prints).  For code inlined from a header (every trap call comes from `zvm_trap`
  in zvm.h) that is the header's line.
- `site_of`: the source line a reader wants for a finding -- where the outermost
  inlined function was called (what the last line of `addr2line -i` prints), or
  the line-program row when the code is not inlined.

A nexe without debug information (or with a line table that cannot be read) has no
lines: lookups return None and a scan reports no `file:line`, never an error.
"""

from __future__ import annotations

import bisect
import functools
import io
import mmap
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from elftools.common.exceptions import DWARFError, ELFError
from elftools.construct import ConstructError
from elftools.dwarf.die import DIE
from elftools.dwarf.lineprogram import LineProgram
from elftools.elf.elffile import ELFFile


@dataclass(frozen=True, order=True)
class SourceLine:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class _Inlined:
    low: int
    high: int
    call: SourceLine


class LineTable:
    """The line rows and the outermost inlined call sites of one ELF file."""

    def __init__(self, rows: list[tuple[int, int, SourceLine]], inlined: list[_Inlined]) -> None:
        # rows: (start, end, line), sorted, non-overlapping: an address is in at most one.
        self._rows = sorted(rows, key=lambda r: r[0])
        self._starts = [r[0] for r in self._rows]
        self._inlined = sorted(inlined, key=lambda i: i.low)
        self._inlined_starts = [i.low for i in self._inlined]

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def rows(self) -> list[tuple[int, int, SourceLine]]:
        """(start, end, line) of every row, by address: [start, end) has `line`."""
        return list(self._rows)

    def line_of(self, address: int) -> SourceLine | None:
        i = bisect.bisect_right(self._starts, address) - 1
        if i >= 0:
            start, end, line = self._rows[i]
            if start <= address < end:
                return line
        return None

    def site_of(self, address: int) -> SourceLine | None:
        # The outermost inlined ranges never overlap (two calls cannot share an instruction):
        # only the last one starting at or before the address can hold it.
        i = bisect.bisect_right(self._inlined_starts, address) - 1
        if i >= 0 and address < self._inlined[i].high:
            return self._inlined[i].call
        return self.line_of(address)


def read_line_table(data: bytes | mmap.mmap | BinaryIO) -> LineTable | None:
    """The line table of an ELF image (bytes, a mapping or an open binary file), or None
    when it has none that can be read.  Only the headers and debug sections are read."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        elf = ELFFile(stream)
        if elf.get_section_by_name(".debug_line") is None or not elf.has_dwarf_info():
            return None
        dwarf = elf.get_dwarf_info()
        line_section = elf.get_section_by_name(".debug_line").data()
        rnglists = _RangeSections(*(sec.data() if sec is not None else b""
                                    for sec in map(elf.get_section_by_name, (".debug_ranges", ".debug_rnglists"))))
        rows: list[tuple[int, int, SourceLine]] = []
        inlined: list[_Inlined] = []
        for cu in dwarf.iter_CUs():
            program = dwarf.line_program_for_CU(cu)
            if program is None:
                continue
            top = cu.get_top_DIE()
            comp_dir = top.attributes.get("DW_AT_comp_dir")
            names = _file_names(program, cu.header["version"], _text(comp_dir.value) if comp_dir else "")
            rows.extend(_rows(program, names, line_section))
            inlined.extend(_outermost_inlined(top, names, rnglists))
    except (ELFError, DWARFError, ConstructError, ValueError, KeyError, IndexError, AttributeError, TypeError,
            ArithmeticError, RecursionError, AssertionError, OSError):
        # Malformed DWARF (a hostile nexe's, say) makes pyelftools, or the decoding here
        # (a line_range of 0), fail in many ways: such a nexe simply has no lines.
        return None
    return LineTable(rows, inlined)


@functools.lru_cache(maxsize=64)
def _cached(path: str, mtime_ns: int, size: int) -> LineTable | None:
    with open(path, "rb") as f:
        return read_line_table(f)


def line_table(path: str | Path) -> LineTable | None:
    """`read_line_table` of a file, cached per file content (path, mtime and size)."""
    st = os.stat(path)
    return _cached(str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


def _file_names(program: LineProgram, version: int, comp_dir: str) -> dict[int, str]:
    """File number -> path, made absolute against the compilation directory as addr2line does
    (gcc names a source given as `dir/x.c` relative to where it ran)."""
    header = program.header
    dirs = [_text(d.DW_LNCT_path) if hasattr(d, "DW_LNCT_path") else _text(d)
            for d in header.get("include_directory", [])]
    if version >= 5 and dirs:
        comp_dir = dirs[0]
    names: dict[int, str] = {}
    for n, entry in enumerate(header.get("file_entry", [])):
        name = _text(entry.get("DW_LNCT_path", entry.get("name")))
        dir_index = entry.get("DW_LNCT_directory_index", entry.get("dir_index", 0))
        if version < 5:
            # DWARF 2-4: files count from 1, directory 0 is the compilation directory.
            directory = dirs[dir_index - 1] if 0 < dir_index <= len(dirs) else comp_dir
            index = n + 1
        else:
            directory = dirs[dir_index] if 0 <= dir_index < len(dirs) else comp_dir
            index = n
        names[index] = os.path.join(comp_dir, directory, name)  # join drops what precedes an absolute part
    return names


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class _Cursor:
    """A read position in a DWARF section: LEB128 numbers and little-endian addresses."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos

    def _leb128(self) -> tuple[int, int, int]:
        """The bits of a LEB128 number, how many, and its last byte (whose bit 6 is an SLEB's sign)."""
        value = shift = 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, shift, byte

    def uleb(self) -> int:
        return self._leb128()[0]

    def sleb(self) -> int:
        value, shift, last = self._leb128()
        return value - (1 << shift) if last & 0x40 else value

    def address(self, size: int) -> int:
        value = int.from_bytes(self.data[self.pos:self.pos + size], "little")
        self.pos += size
        return value


def _rows(program: LineProgram, names: dict[int, str], section: bytes) -> list[tuple[int, int, SourceLine]]:
    """The address ranges of the line program's rows.

    Decoded here rather than with `LineProgram.get_entries()`, which builds an object per
    opcode and costs more than the whole scan of a nexe; the state machine is DWARF's
    (section 6.2.5), only the address, file, line and end_sequence registers are kept.
    """
    h = program.header
    min_inst = h["minimum_instruction_length"]
    line_base, line_range, opcode_base = h["line_base"], h["line_range"], h["opcode_base"]
    lengths = list(h["standard_opcode_lengths"])
    data = section
    at = _Cursor(data, program.program_start_offset)
    end = program.program_end_offset
    uleb, sleb = at.uleb, at.sleb

    out: list[tuple[int, int, SourceLine]] = []
    address, file, line = 0, 1, 1
    row: tuple[int, int, int] | None = None  # the previous row: address, file, line

    def emit(end_sequence: bool) -> None:
        nonlocal row
        if row is not None and address > row[0]:
            out.append((row[0], address, SourceLine(names.get(row[1], "??"), row[2])))
        row = None if end_sequence else (address, file, line)

    while at.pos < end:
        op = data[at.pos]
        at.pos += 1
        if op >= opcode_base:
            adjusted = op - opcode_base
            address += (adjusted // line_range) * min_inst
            line += line_base + adjusted % line_range
            emit(False)
        elif op == 0:  # extended
            length = uleb()
            after = at.pos + length
            sub = data[at.pos] if length else 0
            if sub == 1:  # DW_LNE_end_sequence
                emit(True)
                address, file, line = 0, 1, 1
            elif sub == 2:  # DW_LNE_set_address: as wide as the operand the table gives
                address = int.from_bytes(data[at.pos + 1:after], "little")
            at.pos = after
        elif op == 1:  # DW_LNS_copy
            emit(False)
        elif op == 2:  # DW_LNS_advance_pc
            address += uleb() * min_inst
        elif op == 3:  # DW_LNS_advance_line
            line += sleb()
        elif op == 4:  # DW_LNS_set_file
            file = uleb()
        elif op == 8:  # DW_LNS_const_add_pc
            address += ((255 - opcode_base) // line_range) * min_inst
        elif op == 9:  # DW_LNS_fixed_advance_pc
            address += at.address(2)
        else:  # the other standard opcodes: skip their ULEB128 operands
            for _ in range(lengths[op - 1]):
                uleb()
    return out


@dataclass(frozen=True)
class _RangeSections:
    v4: bytes  # .debug_ranges
    v5: bytes  # .debug_rnglists


def _outermost_inlined(top: DIE, names: dict[int, str], rnglists: _RangeSections) -> list[_Inlined]:
    low = top.attributes.get("DW_AT_low_pc")
    base = low.value if low is not None else 0
    out: list[_Inlined] = []
    stack = [top]
    while stack:
        die = stack.pop()
        if die.tag == "DW_TAG_inlined_subroutine":
            call_file = die.attributes.get("DW_AT_call_file")
            call_line = die.attributes.get("DW_AT_call_line")
            if call_file is not None and call_line is not None:
                call = SourceLine(names.get(call_file.value, "??"), call_line.value)
                out.extend(_Inlined(lo, hi, call) for lo, hi in _ranges(die, rnglists, base) if hi > lo)
            continue  # inner inlines lie inside this one: the outermost call site is the answer
        stack.extend(die.iter_children())
    return out


def _ranges(die: DIE, rnglists: _RangeSections, base: int) -> list[tuple[int, int]]:
    attrs = die.attributes
    if "DW_AT_low_pc" in attrs and "DW_AT_high_pc" in attrs:
        low = attrs["DW_AT_low_pc"].value
        high = attrs["DW_AT_high_pc"]
        # DWARF 4+: a high_pc of a constant class is a length.
        return [(low, low + high.value if high.form.startswith("DW_FORM_data") else high.value)]
    ranges = attrs.get("DW_AT_ranges")
    if ranges is None or ranges.form not in ("DW_FORM_sec_offset", "DW_FORM_data4", "DW_FORM_data8"):
        return []  # DW_FORM_rnglistx needs .debug_addr bases, which gcc writes only for split DWARF
    if die.cu.header["version"] >= 5:
        return _rnglist(rnglists.v5, ranges.value, die.cu.header["address_size"], base)
    return _v4_ranges(rnglists.v4, ranges.value, die.cu.header["address_size"], base)


def _v4_ranges(data: bytes, offset: int, address_size: int, base: int) -> list[tuple[int, int]]:
    """One DWARF 2-4 .debug_ranges list: address pairs, (max, b) selecting base b, (0, 0) ending it."""
    out: list[tuple[int, int]] = []
    top = (1 << (8 * address_size)) - 1
    pos = offset
    while pos + 2 * address_size <= len(data):
        begin = int.from_bytes(data[pos:pos + address_size], "little")
        end = int.from_bytes(data[pos + address_size:pos + 2 * address_size], "little")
        pos += 2 * address_size
        if begin == 0 and end == 0:
            break
        if begin == top:
            base = end
        else:
            out.append((base + begin, base + end))
    return out


def _rnglist(data: bytes, offset: int, address_size: int, base: int) -> list[tuple[int, int]]:
    """One DWARF 5 range list, read with the unit's address size (pyelftools reads
    .debug_rnglists with the ELF class's 8-byte addresses, wrong for x32 units)."""
    at = _Cursor(data, offset)
    uleb = at.uleb

    def address() -> int:
        return at.address(address_size)

    out: list[tuple[int, int]] = []
    while at.pos < len(data):
        kind = data[at.pos]
        at.pos += 1
        if kind == 0:  # DW_RLE_end_of_list
            break
        if kind == 4:  # DW_RLE_offset_pair
            begin, end = uleb(), uleb()
            out.append((base + begin, base + end))
        elif kind == 5:  # DW_RLE_base_address
            base = address()
        elif kind == 6:  # DW_RLE_start_end
            begin = address()
            out.append((begin, address()))
        elif kind == 7:  # DW_RLE_start_length
            begin = address()
            out.append((begin, begin + uleb()))
        else:  # the indexed forms need .debug_addr, which gcc writes only for split DWARF
            break
    return out
