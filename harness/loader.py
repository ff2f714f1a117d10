"""zerovm's loader rules: would it load this ELF file, and where would everything go?

The checks run in zerovm's own order (ZEROVM.md section 5), so the first finding is
the one zerovm reports, with the exit code it gives: 5 (EIO) when the headers
cannot be read, 8 (ENOEXEC) for header and segment rules, 14 (EFAULT) for a missing
halt-sled gap or a break that rounds up past the stack.  `LoaderReport.exit_state` is
the line zerovm prints for it (source file and line of zerovm 54a57b1, measured on the
real binary).

The headers are read as raw little-endian ELF64 structs, as zerovm reads them,
rather than through a general ELF library: zerovm applies its rules to whatever
bytes are there (an ELFCLASS32 file is still read with 64-bit layouts), and a
library would refuse such files before the rule zerovm reports could be named.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from harness.findings import Finding
from harness.manifest import STACK_SIZE

TRAMPOLINE_START = 0x10000
TEXT_START = 0x20000  # NACL_TRAMPOLINE_END: the text segment must start here
BUNDLE = 32
HALT_SLED = 32
HLT = 0xF4
PAGE_64K = 0x10000
MAX_PROGRAM_HEADERS = 128
PHDR_SIZE = 56
EHDR_SIZE = 64
ADDRESS_LIMIT = 1 << 32

EIO = 5
ENOEXEC = 8
EFAULT = 14

PT_NULL, PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_PHDR, PT_TLS = 0, 1, 2, 3, 4, 6, 7
PT_GNU_EH_FRAME, PT_GNU_STACK, PT_GNU_RELRO = 0x6474E550, 0x6474E551, 0x6474E552
PF_X, PF_W, PF_R = 1, 2, 4


@dataclass(frozen=True)
class _Allowed:
    ptype: int
    flags: int
    role: str  # "text" | "rodata" | "data" | "check" (range-checked, not loaded) | "ignore"


# The only (type, flags) pairs zerovm accepts for a non-empty segment, each at most once.
ALLOWED_SEGMENTS = (
    _Allowed(PT_PHDR, PF_R, "ignore"),
    _Allowed(PT_LOAD, PF_R | PF_X, "text"),
    _Allowed(PT_LOAD, PF_R, "rodata"),
    _Allowed(PT_LOAD, PF_R | PF_W, "data"),
    _Allowed(PT_TLS, PF_R, "ignore"),
    _Allowed(PT_GNU_STACK, PF_R | PF_W, "check"),
    _Allowed(PT_DYNAMIC, PF_R, "ignore"),
    _Allowed(PT_INTERP, PF_R, "ignore"),
    _Allowed(PT_NOTE, PF_R, "ignore"),
    _Allowed(PT_GNU_EH_FRAME, PF_R, "ignore"),
    _Allowed(PT_GNU_RELRO, PF_R, "ignore"),
    _Allowed(PT_NULL, PF_R, "ignore"),
)


def roundup_64k(value: int) -> int:
    return (value + PAGE_64K - 1) & ~(PAGE_64K - 1)


@dataclass(frozen=True)
class Segment:
    index: int
    ptype: int
    flags: int
    offset: int
    vaddr: int
    filesz: int
    memsz: int
    role: str  # as in ALLOWED_SEGMENTS, or "empty"


@dataclass(frozen=True)
class NexeLayout:
    """Where zerovm puts a nexe it accepts (user addresses)."""

    entry: int
    static_text_end: int  # TEXT_START + the text segment's file size: what the validator checks
    rodata_start: int  # 0 when there is no rodata segment
    rodata_end: int
    data_start: int  # 0 when there is no data segment
    data_end: int  # the initial break: the heap starts here
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class LoaderReport:
    findings: tuple[Finding, ...]
    exit_code: int  # what zerovm exits with for the first finding, 0 if it loads
    exit_state: str = "ok"  # zerovm's report line for that finding
    layout: NexeLayout | None = None
    text: bytes = field(default=b"", repr=False)  # [TEXT_START, static_text_end), as loaded

    @property
    def loads(self) -> bool:
        return self.exit_code == 0

    @property
    def validated_text(self) -> bytes:
        """The bytes zerovm's validator judges: the text, then the HLTs FillEndOfTextRegion writes
        up to the 64 KiB page past the halt sled (sel.c 57-66), which ValidateProgram includes
        (zerovm.c 131-139).  A text cut mid-instruction is decoded on into those HLTs."""
        if self.layout is None:
            return b""
        end = self.layout.static_text_end
        return self.text + bytes([HLT]) * (roundup_64k(end + HALT_SLED) - end)


# Elf64_Ehdr after e_ident, and Elf64_Phdr.
_EHDR = struct.Struct("<HHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
ELF_UTIL = "src/loader/elf_util.c"
SEL = "src/loader/sel.c"
SEL_ADDRSPACE = "src/loader/sel_addrspace.c"
CHECK_FAILED = "check failed"


def _x32(value: int) -> str:
    """zerovm prints addresses with %08x, which shows the low 32 bits."""
    return f"0x{value & 0xFFFFFFFF:08x}"


class _Stop(Exception):
    """zerovm stops at its first failed check; so does the report, after recording it."""


class _Checker:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.findings: list[Finding] = []
        self.exit_code = 0
        self.exit_state = "ok"

    def fail(self, rule: str, message: str, code: int, address: int | None = None, *,
             where: str, zerovm_message: str = CHECK_FAILED) -> None:
        errno = {EIO: "EIO", ENOEXEC: "ENOEXEC", EFAULT: "EFAULT"}[code]
        self.findings.append(Finding(rule, f"{message} (zerovm exits {code}, {errno})", address))
        self.exit_code = code
        self.exit_state = f"{where}: {zerovm_message}"
        raise _Stop

    def run(self) -> LoaderReport:
        try:
            layout, text = self._check()
        except _Stop:
            return LoaderReport(tuple(self.findings), self.exit_code, self.exit_state)
        return LoaderReport((), 0, "ok", layout, text)

    def _check(self) -> tuple[NexeLayout, bytes]:
        data = self.data
        if len(data) < EHDR_SIZE:
            self.fail("elf-header-unreadable", f"the ELF header cannot be read: the file has {len(data)} bytes",
                      EIO, where=f"{ELF_UTIL} 268")
        ident = data[:16]
        (e_type, e_machine, e_version, e_entry, e_phoff, _shoff, _flags, _ehsize, phentsize, phnum, _shentsize,
         _shnum, _shstrndx) = _EHDR.unpack_from(data, 16)
        if phnum > MAX_PROGRAM_HEADERS:
            self.fail("too-many-program-headers", f"e_phnum is {phnum}, more than {MAX_PROGRAM_HEADERS}", ENOEXEC,
                      where=f"{ELF_UTIL} 274")
        if phentsize < PHDR_SIZE:
            self.fail("program-header-size", f"e_phentsize is {phentsize}, less than {PHDR_SIZE}", ENOEXEC,
                      where=f"{ELF_UTIL} 277", zerovm_message=f"bad prog headers size. image.ehdr.e_phentsize = "
                      f"{phentsize:#x}, sizeof image.phdrs[0] = {PHDR_SIZE:#x}")
        # zerovm holds the nexe in memory: seeking past its end fails, and it then reads
        # e_phnum entries of 56 bytes each, whatever e_phentsize says.
        if e_phoff > len(data):
            self.fail("program-headers-unreadable", f"the program headers at {e_phoff:#x} start past the end of "
                      f"the file ({len(data)} bytes)", EIO, where=f"{ELF_UTIL} 286")
        if e_phoff + phnum * PHDR_SIZE > len(data):
            self.fail("program-headers-unreadable", f"the program headers at {e_phoff:#x} run past the end of the "
                      f"file ({len(data)} bytes)", EIO, where=f"{ELF_UTIL} 290")
        if ident[:4] != b"\x7fELF":
            self.fail("elf-magic", "not an ELF file (bad magic)", ENOEXEC, where=f"{ELF_UTIL} 123",
                      zerovm_message="bad elf magic")
        if ident[4] != 2:
            self.fail("elf-class", f"ELF class {ident[4]} is not ELFCLASS64", ENOEXEC, where=f"{ELF_UTIL} 124",
                      zerovm_message="bad elf class")
        if e_type != 2:
            self.fail("elf-type", f"e_type {e_type} is not ET_EXEC", ENOEXEC, where=f"{ELF_UTIL} 125",
                      zerovm_message="non executable")
        if e_machine != 62:
            self.fail("elf-machine", f"e_machine {e_machine:#x} is not EM_X86_64", ENOEXEC, where=f"{ELF_UTIL} 126",
                      zerovm_message=f"bad machine: {e_machine:x}")
        if e_version != 1:
            self.fail("elf-version", f"e_version {e_version} is not 1", ENOEXEC, where=f"{ELF_UTIL} 128",
                      zerovm_message=f"bad elf version: {e_version:x}")
        segments = self._program_headers(e_phoff, phnum)
        return self._layout(e_entry, segments)

    def _program_headers(self, phoff: int, phnum: int) -> list[Segment]:
        seen: set[int] = set()
        segments: list[Segment] = []
        for i in range(phnum):
            ptype, flags, p_offset, p_vaddr, _paddr, p_filesz, p_memsz, _align = _PHDR.unpack_from(
                self.data, phoff + i * PHDR_SIZE)
            if p_memsz == 0:
                segments.append(Segment(i, ptype, flags, p_offset, p_vaddr, p_filesz, 0, "empty"))
                continue
            match = next((j for j, a in enumerate(ALLOWED_SEGMENTS) if a.ptype == ptype and a.flags == flags), None)
            if match is None:
                self.fail("segment-type", f"segment {i} is of unexpected type {ptype:#x}, flags {flags:#x}"
                          f"{_segment_hint(ptype, flags)}", ENOEXEC, where=f"{ELF_UTIL} 178",
                          zerovm_message=f"Segment {i} is of unexpected type {ptype:#x}, flag {flags:#x}")
            if match in seen:
                self.fail("segment-duplicate", f"segment {i} is a type that has been seen "
                          f"({ptype:#x}, flags {flags:#x})", ENOEXEC, where=f"{ELF_UTIL} 182",
                          zerovm_message=f"Segment {i} is a type that has been seen")
            seen.add(match)
            role = ALLOWED_SEGMENTS[match].role
            seg = Segment(i, ptype, flags, p_offset, p_vaddr, p_filesz, p_memsz, role)
            segments.append(seg)
            if role == "ignore":
                continue
            if role == "text" and seg.vaddr != TEXT_START:
                self.fail("text-address", f"segment {i}: bad virtual address {seg.vaddr:#x}, expected "
                          f"{TEXT_START:#x}", ENOEXEC, seg.vaddr, where=f"{ELF_UTIL} 192",
                          zerovm_message=f"Segment {i}: bad virtual address: {_x32(seg.vaddr)}, expected "
                          f"{_x32(TEXT_START)}")
            if seg.vaddr < TEXT_START:
                self.fail("segment-too-low", f"segment {i}: virtual address {seg.vaddr:#x} too low", ENOEXEC,
                          seg.vaddr, where=f"{ELF_UTIL} 196",
                          zerovm_message=f"Segment {i}: virtual address {_x32(seg.vaddr)} too low")
            end = seg.vaddr + seg.memsz
            if end >= 1 << 64:
                self.fail("segment-overflow", f"segment {i}: p_memsz caused integer overflow", ENOEXEC,
                          where=f"{ELF_UTIL} 203", zerovm_message=f"Segment {i}: p_memsz caused integer overflow")
            if end >= ADDRESS_LIMIT:
                self.fail("segment-too-large", f"segment {i}: too large, ends at {end:#x}", ENOEXEC, seg.vaddr,
                          where=f"{ELF_UTIL} 206", zerovm_message=f"Segment {i}: too large, ends at {_x32(end)}")
            if seg.filesz > seg.memsz:
                self.fail("segment-file-size", f"segment {i}: file size {seg.filesz:#x} larger than memory size "
                          f"{seg.memsz:#x}", ENOEXEC, seg.vaddr, where=f"{ELF_UTIL} 209",
                          zerovm_message=f"Segment {i}: file size {_x32(seg.filesz)} larger than memory size "
                          f"{_x32(seg.memsz)}")
        if not any(s.role == "text" for s in segments):
            self.fail("text-missing", "no text segment (PT_LOAD R+X)", ENOEXEC, where=f"{ELF_UTIL} 245")
        return segments

    def _layout(self, entry: int, segments: list[Segment]) -> tuple[NexeLayout, bytes]:
        text = next(s for s in segments if s.role == "text")
        static_text_end = TEXT_START + text.filesz
        rodata = next((s for s in segments if s.role == "rodata"), None)
        data = next((s for s in segments if s.role == "data"), None)
        loaded = [s for s in segments if s.role in ("text", "rodata", "data", "check")]
        max_vaddr = max([TEXT_START] + [s.vaddr + s.memsz for s in loaded])
        rodata_start, rodata_end = (rodata.vaddr, rodata.vaddr + rodata.memsz) if rodata else (0, 0)
        data_start, data_end = (data.vaddr, data.vaddr + data.memsz) if data else (0, 0)
        if not data:
            if not rodata and roundup_64k(max_vaddr) - max_vaddr < HALT_SLED:
                max_vaddr += PAGE_64K
            max_vaddr = roundup_64k(max_vaddr)
        # AddrIsValidEntryPt (sel.c) has no lower bound: an entry in the trampoline, or at 0, loads.
        if entry % BUNDLE or entry >= static_text_end:
            self.fail("entry-point", f"bad entry point {entry:#x}: it must be 32-byte aligned and below the "
                      f"text's end {static_text_end:#x}", ENOEXEC, entry, where=f"{SEL} 193")
        if data and data_end != max_vaddr:
            self.fail("data-not-last", "the data segment is not the last segment", ENOEXEC, data_start,
                      where=f"{SEL} 75")
        if not data and rodata and roundup_64k(rodata_end) != max_vaddr:
            self.fail("rodata-not-last", "without data, the rodata segment must be the last", ENOEXEC, rodata_start,
                      where=f"{SEL} 91")
        if rodata and data and rodata_end > data_start:
            self.fail("rodata-overlaps-data", "the rodata segment overlaps the data segment", ENOEXEC, data_start,
                      where=f"{SEL} 95")
        text_end_64k = roundup_64k(static_text_end)
        if rodata and text_end_64k > rodata_start:
            self.fail("text-overlaps-rodata", f"the text (ending {static_text_end:#x}) and rodata at "
                      f"{rodata_start:#x} share a 64 KiB page", ENOEXEC, rodata_start, where=f"{SEL} 99")
        if not rodata and data and text_end_64k > data_start:
            self.fail("text-overlaps-data", f"the text (ending {static_text_end:#x}) and data at {data_start:#x} "
                      "share a 64 KiB page", ENOEXEC, data_start, where=f"{SEL} 103")
        if rodata and rodata_start % PAGE_64K:
            self.fail("rodata-alignment", f"rodata starts at {rodata_start:#x}, not on a 64 KiB boundary", ENOEXEC,
                      rodata_start, where=f"{SEL} 107")
        if data and data_start % PAGE_64K:
            self.fail("data-alignment", f"data starts at {data_start:#x}, not on a 64 KiB boundary", ENOEXEC,
                      data_start, where=f"{SEL} 111")
        # AllocAddrSpace (sel_addrspace.c) comes next, before any segment is read: the break,
        # rounded up, may not pass the stack's start (the stack size is fixed, ROUNDUP_64K'd).
        stack_start = ADDRESS_LIMIT - roundup_64k(STACK_SIZE)
        if roundup_64k(max_vaddr) > stack_start:
            self.fail("break-above-stack", f"the break {max_vaddr:#x} (the end of the last segment) rounds up past "
                      f"the stack's start {stack_start:#x}", EFAULT, max_vaddr, where=f"{SEL_ADDRSPACE} 131",
                      zerovm_message="Memory 'hole' between end of BSS and start of stack is negative in size")
        for seg in segments:
            if seg.role not in ("text", "rodata", "data", "check") or not seg.filesz:
                continue
            if seg.offset > len(self.data):
                self.fail("segment-unreadable", f"segment {seg.index}: file offset {seg.offset:#x} is past the end "
                          f"of the file ({len(self.data)} bytes)", ENOEXEC, seg.vaddr, where=f"{ELF_UTIL} 350",
                          zerovm_message=f"seek failure segment {seg.index}")
            if seg.offset + seg.filesz > len(self.data):
                self.fail("segment-unreadable", f"segment {seg.index}: {seg.filesz:#x} bytes at file offset "
                          f"{seg.offset:#x} run past the end of the file", ENOEXEC, seg.vaddr,
                          where=f"{ELF_UTIL} 356", zerovm_message=f"load failure segment {seg.index}")
        for start, name, line in ((data_start, "data", 48), (rodata_start, "rodata", 52)):
            if start and static_text_end + HALT_SLED > start:
                self.fail("halt-sled", f"missing gap between text and {name} for the {HALT_SLED}-byte halt sled",
                          EFAULT, start, where=f"{SEL} {line}",
                          zerovm_message=f"Missing gap between text and {name} for halt_sled")
        text_bytes = self.data[text.offset:text.offset + text.filesz]
        layout = NexeLayout(entry, static_text_end, rodata_start, rodata_end, data_start, max_vaddr,
                            tuple(segments))
        return layout, text_bytes


def _segment_hint(ptype: int, flags: int) -> str:
    if ptype == PT_PHDR:
        return " (a PT_PHDR must be R only; older ld makes it R+X)"
    if ptype == 0x6474E553:
        return " (PT_GNU_PROPERTY, as modern ld emits: not allowed)"
    if ptype == PT_GNU_STACK:
        return " (PT_GNU_STACK must be R+W)"
    if ptype == PT_LOAD and flags == PF_R | PF_W | PF_X:
        return " (a writable and executable segment)"
    return ""


def check_loader(data: bytes) -> LoaderReport:
    """Apply zerovm's loader checks to the bytes of an ELF file."""
    return _Checker(data).run()
