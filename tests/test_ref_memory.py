"""The reference executor's memory model: zerovm's mem_map, as its traps see it."""

from __future__ import annotations

import hashlib

import pytest

from harness.loader import NexeLayout
from harness.targets.ref.memory import (
    PROT_READ,
    PROT_WRITE,
    R15,
    STACK_START,
    ChannelRecord,
    MemBlock,
    build_layout,
    check_ram_access,
    image_digest,
    loaded_mem_map,
)

MIB = 1 << 20
CHANNELS = (ChannelRecord("/dev/stdin", (1, 1, 0, 0), 0, 0), ChannelRecord("/dev/stdout", (0, 0, 1, 1), 0, 0))


def _layout(data: bool) -> NexeLayout:
    # text 0x20000-0x20100; with data: RW at 0x30000-0x30008, the heap right after it;
    # without: the heap starts at ROUNDUP_64K(text end) = 0x30000
    if data:
        return NexeLayout(0x20000, 0x20100, 0, 0, 0x30000, 0x30008, ())
    return NexeLayout(0x20000, 0x20100, 0, 0, 0, 0x30000, ())


@pytest.mark.parametrize("prot", [PROT_READ, PROT_WRITE])
def test_heap_buffers_pass_the_trap_check_only_with_a_data_segment(prot: int) -> None:
    # zerovm sets the Heap mem_map entry only for a PT_LOAD RW segment (sel_addrspace.c:244);
    # without one the entry keeps protection 0 and CheckRAMAccess rejects heap buffers,
    # although the heap itself is mapped RW (measured: pwrite from heap_ptr gives -EINVAL).
    with_data = build_layout(_layout(True), b"", 256 * MIB, CHANNELS)
    without = build_layout(_layout(False), b"", 256 * MIB, CHANNELS)
    assert check_ram_access(with_data.mem_map, with_data.break_addr, 16, prot)
    assert not check_ram_access(without.mem_map, without.break_addr, 16, prot)
    assert any(r.start <= without.break_addr < r.end and r.prot & PROT_WRITE for r in without.regions)
    # the stack is checked against its own entry either way
    assert check_ram_access(without.mem_map, STACK_START + 0x100, 16, prot)


def test_the_heap_entry_without_data_still_bounds_jail() -> None:
    # JAIL_CHECK compares the address with the entry's start and end only: start 0, end the heap end
    without = build_layout(_layout(False), b"", 256 * MIB, CHANNELS)
    assert without.heap_block.sys_start == 0
    assert without.heap_block.sys_end == R15 + without.heap_end


def test_image_digest_hashes_readable_blocks_of_the_image_over_zeros() -> None:
    blocks = (MemBlock("a", R15 + 0x100, R15 + 0x200, PROT_READ), MemBlock("b", R15 + 0x200, R15 + 0x300, 0),
              MemBlock("c", R15 + 0x300, R15 + 0x100300, PROT_READ | PROT_WRITE))
    image = [(0x1F0, b"x" * 0x20), (0x80, b"y" * 0x90), (0x2FF, b"z" * 3)]  # two cross a block edge
    memory = bytearray(0x100300)
    for addr, data in image:
        memory[addr:addr + len(data)] = data
    expected = hashlib.sha1(bytes(memory[0x100:0x200]) + bytes(memory[0x300:])).hexdigest()
    assert image_digest(blocks, image) == expected


def test_loaded_mem_map_is_memory_protections() -> None:
    # Before the heap and user manifest: data ends at its 64K page, Hole and UserManifest are empty.
    blocks = loaded_mem_map(_layout(data=True))
    assert [(b.sys_start - R15, b.sys_end - R15) for b in blocks[1:7]] == [
        (0x10000, 0x30000), (-R15, -R15), (0x30000, 0x40000), (-R15, -R15), (-R15, -R15), (STACK_START, 1 << 32)]
    assert loaded_mem_map(_layout(data=False))[3].prot == 0  # no data segment: no Heap entry yet
