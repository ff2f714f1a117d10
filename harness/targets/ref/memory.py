"""zerovm's user memory: where everything goes, with which protection (ZEROVM.md section 5).

Pure Python (no emulator): `build_layout` turns the loader's verdict, the ELF bytes,
the manifest's Memory and the channel table into the list of regions to map, the
sysdata page with the user manifest, and zerovm's `mem_map` -- the eight-entry table
its traps check buffers against (CheckRAMAccess, JAIL_CHECK).  The mem_map is kept
with zerovm's own quirks (it is computed once and never follows jail/unjail; with no
data segment its Heap entry starts at system address 0), because the trap semantics
depend on them.

Addresses are user addresses unless named `sys_*`; system address = R15 + user.
Sources: src/loader/sel.c, sel_addrspace.c, sel_ldr.c (trampoline), src/main/setup.c
(heap, SetSystemData), src/loader/sel_rt.c and src/syscalls/to_app.S (registers).
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import struct
from collections.abc import Callable
from dataclasses import dataclass

from harness.loader import PAGE_64K, NexeLayout, roundup_64k
from harness.manifest import user_heap_size

R15 = 0x440A00000000  # zerovm maps the 4 GiB sandbox here (config.h R15_CONST + 40 GiB guard)
FOURGIG = 1 << 32
GUARD = 10 * FOURGIG  # 40 GiB PROT_NONE on each side
PAGE_4K = 0x1000
TRAMPOLINE_START = 0x10000
TRAMPOLINE_END = 0x20000
SLOT = 32
SLOTS = (TRAMPOLINE_END - TRAMPOLINE_START) // SLOT - 1  # 2047 patched slots; the last one stays HLT
THUNK = 0x5AFECA110000  # the dispatch thunk's fixed host address, baked into every slot
HLT = 0xF4
HALT_SLED = 32
STACK_SIZE = 16 << 20
STACK_START = FOURGIG - STACK_SIZE  # 0xFF000000
STACK_USER_DATA = 56
INITIAL_RSP = FOURGIG - STACK_USER_DATA  # 0xFFFFFFC8
MANIFEST_POINTER = STACK_START - 4  # 0xFEFFFFFC
CHANNEL_RECORD = 48  # int64 limits[4]; int64 size; uint32 type; uint32 name
USER_MANIFEST = 20  # uint32 heap_ptr, heap_size, stack_size, channels_count, channels

PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC = 0, 1, 2, 4
RW = PROT_READ | PROT_WRITE
RX = PROT_READ | PROT_EXEC

# zerovm's trampoline slot: movabs $THUNK,%rax; call *%rax; hlt (src/syscalls/tramp.S)
SLOT_CODE = b"\x48\xb8" + THUNK.to_bytes(8, "little") + b"\xff\xd0" + bytes([HLT])


def rounddown_64k(value: int) -> int:
    return value & ~(PAGE_64K - 1)


def roundup_4k(value: int) -> int:
    return (value + PAGE_4K - 1) & ~(PAGE_4K - 1)


@dataclass(frozen=True)
class MemBlock:
    """One mem_map entry, in system addresses, exactly as zerovm records it."""

    name: str
    sys_start: int
    sys_end: int
    prot: int

    @property
    def size(self) -> int:
        return self.sys_end - self.sys_start


@dataclass(frozen=True)
class Region:
    """A range of user memory that is accessible (mapped in the emulator)."""

    start: int
    end: int
    prot: int
    name: str


@dataclass(frozen=True)
class ChannelRecord:
    """What the user manifest says about one channel (in descriptor order)."""

    alias: str
    limits: tuple[int, int, int, int]
    size: int  # the channel size after opening (serialised as 0 for type 0)
    type: int


@dataclass(frozen=True)
class Layout:
    entry: int
    text_end: int  # static text end after the halt-sled padding (64K aligned)
    break_addr: int  # data_end: heap_ptr in the user manifest
    heap_end: int  # end of the heap as the user manifest reports it
    sysdata_start: int  # 64K page holding the alias strings
    user_manifest: int
    regions: tuple[Region, ...]  # accessible user memory, ascending
    mem_map: tuple[MemBlock, ...]  # zerovm's 8-entry table (index order)
    image: tuple[tuple[int, bytes], ...]  # (user address, bytes) to write after mapping

    @property
    def heap_block(self) -> MemBlock:
        return self.mem_map[HEAP_IDX]


LEFT_BUMPER_IDX, TEXT_IDX, RODATA_IDX, HEAP_IDX, HOLE_IDX, SYSDATA_IDX, STACK_IDX, RIGHT_BUMPER_IDX = range(8)
_NAMES = ("LeftBumper", "Text", "ROData", "Heap", "Hole", "UserManifest", "Stack", "RightBumper")


@functools.cache
def trampoline_bytes() -> bytes:
    region = bytearray([HLT]) * (TRAMPOLINE_END - TRAMPOLINE_START)
    for i in range(SLOTS):
        region[i * SLOT:i * SLOT + len(SLOT_CODE)] = SLOT_CODE
    return bytes(region)


def sysdata(channels: tuple[ChannelRecord, ...], heap_end: int, break_addr: int) -> tuple[int, int, int, bytes]:
    """SetSystemData: (user_manifest, lowest alias address, heap end, bytes of [page, 0xFF000000)).

    The channel array ends right below the manifest pointer at 0xFEFFFFFC, the
    UserManifest sits right below the array, and the alias strings are copied
    downwards from there, one below the other, in descriptor order.
    """
    n = len(channels)
    user_manifest = STACK_START - (n * CHANNEL_RECORD + USER_MANIFEST + 4)
    array = user_manifest + USER_MANIFEST
    ptr = user_manifest
    names = []
    for ch in channels:
        encoded = ch.alias.encode() + b"\0"
        ptr -= len(encoded)
        names.append((ptr, encoded))
    lowest = ptr
    size = min(heap_end, rounddown_64k(lowest))
    page = rounddown_64k(lowest)
    blob = bytearray(STACK_START - page)
    for addr, encoded in names:
        blob[addr - page:addr - page + len(encoded)] = encoded
    for i, (ch, (name_addr, _)) in enumerate(zip(channels, names, strict=True)):
        size_field = 0 if ch.type == 0 else ch.size
        record = struct.pack("<4qqII", *ch.limits, size_field, ch.type & 0xFFFFFFFF, name_addr)
        off = array + i * CHANNEL_RECORD - page
        blob[off:off + CHANNEL_RECORD] = record
    header = struct.pack("<IIIiI", break_addr & 0xFFFFFFFF, (size - break_addr) & 0xFFFFFFFF, STACK_SIZE, n, array)
    blob[user_manifest - page:user_manifest - page + USER_MANIFEST] = header
    blob[MANIFEST_POINTER - page:MANIFEST_POINTER - page + 4] = struct.pack("<I", user_manifest)
    return user_manifest, lowest, size, bytes(blob)


def heap_end_for(memory: int, break_addr: int) -> int:
    """PreallocateUserMemory (setup.c:128): the heap runs to ROUNDUP_64K(Memory - 16 MiB).

    Memory must already have passed harness.manifest.memory_problems (zerovm's checks)."""
    return roundup_64k(break_addr) + user_heap_size(memory, break_addr)


def build_layout(layout: NexeLayout, elf: bytes, memory: int, channels: tuple[ChannelRecord, ...]) -> Layout:
    """Place the nexe, heap, user manifest and stack as zerovm does (after its checks passed:
    harness.manifest.memory_problems found nothing)."""
    break_addr = layout.data_end
    heap_end = heap_end_for(memory, break_addr)
    static_text_end = layout.static_text_end
    text_end = roundup_64k(static_text_end + HALT_SLED)  # FillEndOfTextRegion
    rodata_start = layout.rodata_start
    data_start = layout.data_start

    # Everything from the trampoline to ROUNDUP_64K(data_end) was made RW for loading;
    # MemoryProtection then re-protects text, rodata and data, so gaps between them stay RW.
    image_end = roundup_64k(break_addr)
    text_size = roundup_4k(text_end - TRAMPOLINE_START)
    text_block = MemBlock("Text", R15 + TRAMPOLINE_START, R15 + TRAMPOLINE_START + text_size, RX)
    rodata_block = MemBlock("ROData", 0, 0, PROT_NONE)
    if rodata_start:
        rodata_limit = data_start if data_start else break_addr
        rsize = roundup_4k(roundup_64k(rodata_limit) - rodata_start)
        rodata_block = MemBlock("ROData", R15 + rodata_start, R15 + rodata_start + rsize, PROT_READ)
    user_manifest, lowest, final_heap_end, blob = sysdata(channels, heap_end, break_addr)
    sysdata_start = rounddown_64k(lowest)
    if data_start:
        heap_block = MemBlock("Heap", R15 + data_start, R15 + final_heap_end, RW)
    else:
        # No PT_LOAD RW: zerovm never sets the Heap entry (sel_addrspace.c:244); setup.c only moves
        # its end, so it starts at system address 0 with protection 0: pread/pwrite reject heap
        # buffers (-EINVAL) although the heap is mapped RW.
        heap_block = MemBlock("Heap", 0, R15 + final_heap_end, PROT_NONE)
    mem_map = (
        MemBlock("LeftBumper", R15 - GUARD, R15 + TRAMPOLINE_START, PROT_NONE),
        text_block,
        rodata_block,
        heap_block,
        MemBlock("Hole", heap_block.sys_end, R15 + sysdata_start, PROT_NONE),
        MemBlock("UserManifest", R15 + sysdata_start, R15 + STACK_START, PROT_READ),
        MemBlock("Stack", R15 + STACK_START, R15 + FOURGIG, RW),
        MemBlock("RightBumper", R15 + FOURGIG, R15 + FOURGIG + GUARD, PROT_NONE),
    )

    regions: list[Region] = [Region(TRAMPOLINE_START, text_end, RX, "text")]
    cursor = text_end
    if rodata_start:
        if rodata_start > cursor:
            regions.append(Region(cursor, rodata_start, RW, "gap"))
        rodata_end = rodata_block.sys_end - R15
        regions.append(Region(rodata_start, rodata_end, PROT_READ, "rodata"))
        cursor = rodata_end
    if data_start:
        if data_start > cursor:
            regions.append(Region(cursor, data_start, RW, "gap"))
        cursor = data_start
    elif image_end > cursor:
        regions.append(Region(cursor, image_end, RW, "gap"))
        cursor = image_end
    # data, bss and heap are one RW range up to the heap end the user manifest reports
    if final_heap_end > cursor:
        regions.append(Region(cursor, final_heap_end, RW, "heap"))
    regions.append(Region(sysdata_start, STACK_START, PROT_READ, "sysdata"))
    regions.append(Region(STACK_START, FOURGIG, RW, "stack"))

    image = [*nexe_image(layout, elf), (sysdata_start, blob)]
    stack = bytearray(STACK_USER_DATA)
    struct.pack_into("<II", stack, 16, 1, 0xFFFFFFF0)
    image.append((INITIAL_RSP, bytes(stack)))
    return Layout(layout.entry, text_end, break_addr, final_heap_end, sysdata_start, user_manifest, tuple(regions),
                  mem_map, tuple(image))


def nexe_image(layout: NexeLayout, elf: bytes | mmap.mmap) -> list[tuple[int, bytes]]:
    """What AppLoadFile writes (sel.c): the trampoline, the segments' file bytes and the halt fill
    after the text, as (user address, bytes); everything else of the sandbox reads as zeros."""
    text_end = roundup_64k(layout.static_text_end + HALT_SLED)
    image: list[tuple[int, bytes]] = [(TRAMPOLINE_START, trampoline_bytes())]
    for seg in layout.segments:
        if seg.role in ("text", "rodata", "data", "check") and seg.filesz:
            image.append((seg.vaddr, elf[seg.offset:seg.offset + seg.filesz]))
    image.append((layout.static_text_end, bytes([HLT]) * (text_end - layout.static_text_end)))
    return image


def loaded_mem_map(layout: NexeLayout) -> tuple[MemBlock, ...]:
    """The mem_map as MemoryProtection (sel_addrspace.c) leaves it, before PreallocateUserMemory
    and SetSystemData: the data block still ends at ROUNDUP_4K(ROUNDUP_64K(data_end)), and the
    Hole and UserManifest entries are still all zero (the NaClApp starts zeroed)."""
    text_end = roundup_64k(layout.static_text_end + HALT_SLED)
    text_size = roundup_4k(text_end - TRAMPOLINE_START)
    text = MemBlock("Text", R15 + TRAMPOLINE_START, R15 + TRAMPOLINE_START + text_size, RX)
    empty = MemBlock("", 0, 0, PROT_NONE)
    rodata = heap = empty
    if layout.rodata_start:
        limit = layout.data_start if layout.data_start else layout.data_end
        rodata = MemBlock("ROData", R15 + layout.rodata_start,
                          R15 + layout.rodata_start + roundup_4k(roundup_64k(limit) - layout.rodata_start), PROT_READ)
    if layout.data_start:
        heap = MemBlock("Heap", R15 + layout.data_start,
                        R15 + layout.data_start + roundup_4k(roundup_64k(layout.data_end) - layout.data_start), RW)
    return (MemBlock("LeftBumper", R15 - GUARD, R15 + TRAMPOLINE_START, PROT_NONE), text, rodata, heap, empty, empty,
            MemBlock("Stack", R15 + STACK_START, R15 + FOURGIG, RW),
            MemBlock("RightBumper", R15 + FOURGIG, R15 + FOURGIG + GUARD, PROT_NONE))


_ZEROS = bytes(1 << 20)


def image_digest(mem_map: tuple[MemBlock, ...], image: tuple[tuple[int, bytes], ...] | list[tuple[int, bytes]],
                 ) -> str:
    """GetMemoryDigest (report.c) over memory that holds only `image` (zeros elsewhere): SHA-1 of
    every readable mem_map block in index order.  For sessions that end before the user code runs."""
    digest = hashlib.sha1()
    pieces = sorted(image)
    for block in mem_map:
        if not block.prot & PROT_READ:
            continue
        pos, end = block.sys_start - R15, block.sys_end - R15
        for addr, data in pieces:
            if addr + len(data) <= pos or addr >= end:
                continue
            _zeros(digest.update, addr - pos)
            skip = max(pos - addr, 0)
            chunk = data[skip:end - addr]
            digest.update(chunk)
            pos = addr + skip + len(chunk)
        _zeros(digest.update, end - pos)
    return digest.hexdigest()


def _zeros(update: Callable[[bytes], None], count: int) -> None:
    while count > 0:
        n = min(count, len(_ZEROS))
        update(_ZEROS[:n] if n < len(_ZEROS) else _ZEROS)
        count -= n


def check_ram_access(mem_map: tuple[MemBlock, ...], start: int, size: int, prot: int) -> bool:
    """zerovm's CheckRAMAccess (trap.c:32-52), quirks included.

    It walks the mem_map from the left bumper, skips blocks that end at or before the
    (system) address, and requires the protection of each block the range touches.  A
    size <= 0 still needs the first block to have the protection.
    """
    sys = (start + R15) & 0xFFFFFFFFFFFFFFFF
    for block in mem_map:
        if sys >= block.sys_end:
            continue
        if prot & block.prot == 0:
            return False
        size -= block.sys_end - sys
        if size <= 0:
            return True
        sys = block.sys_end
    return False
