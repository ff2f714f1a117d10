"""The reference executor's channel model, row by row of ZEROVM.md section 4 (no emulator)."""

from __future__ import annotations

import hashlib

import pytest

from harness.targets.ref.channels import (
    CHARACTER,
    GET_SIZE,
    GETS,
    PUT_SIZE,
    PUTS,
    ZERO,
    Accounting,
    Channel,
    Channels,
)
from harness.targets.ref.errors import EDQUOT, EFAULT, EINVAL, ZvmFail

BIG = 1 << 30
BUF = 0x100000  # a writable/readable buffer in the fake memory


class FakeMemory:
    """User memory: [0x100000, 0x200000) is RW, [0x300000, 0x310000) is read-only, the rest is not mapped."""

    def __init__(self) -> None:
        self.bytes = bytearray(0x400000)

    def check_access(self, addr: int, size: int, prot: int) -> bool:
        if addr == 0 or addr >= 1 << 32:
            return False
        if addr >= 0x100000 and addr + max(size, 0) <= 0x200000:
            return True
        return prot == 1 and addr >= 0x300000 and addr + max(size, 0) <= 0x310000

    def read(self, addr: int, size: int) -> bytes:
        return bytes(self.bytes[addr:addr + size])

    def write(self, addr: int, data: bytes) -> bool:
        if not 0x100000 <= addr < 0x200000:
            return False
        self.bytes[addr:addr + len(data)] = data
        return True


def ro(data: bytes, ctype: int = 0, gets: int = BIG, get_size: int = BIG, tagged: bool = False) -> Channel:
    return Channel("/dev/in", ctype, (gets, get_size, 0, 0), content=bytearray(data), size=len(data), tagged=tagged)


def wo(ctype: int = 0, puts: int = BIG, put_size: int = BIG) -> Channel:
    return Channel("/dev/out", ctype, (0, 0, puts, put_size))


def table(*channels: Channel) -> tuple[Channels, FakeMemory]:
    return Channels(list(channels), Accounting()), FakeMemory()


def reads(t: Channels, mem: FakeMemory, desc: int, size: int, offset: int = 0) -> tuple[int, bytes]:
    n = t.pread(mem, desc, BUF, size, offset)
    return n, mem.read(BUF, max(n, 0))


def test_bad_descriptor_is_einval() -> None:
    t, mem = table(ro(b"abc"))
    assert t.pread(mem, 99, BUF, 3, 0) == -EINVAL
    assert t.pread(mem, -1, BUF, 3, 0) == -EINVAL
    assert t.pwrite(mem, 1, BUF, 3, 0) == -EINVAL


def test_buffer_check_comes_before_the_size_zero_shortcut() -> None:
    t, mem = table(ro(b"abc"), wo())
    assert t.pread(mem, 0, 0, 0, 0) == -EINVAL  # NULL, even for 0 bytes
    assert t.pread(mem, 0, 0x300000, 3, 0) == -EINVAL  # read-only memory for a read
    assert t.pwrite(mem, 1, 0x300000, 3, 0) == 3  # ... is fine for a write
    assert t.pread(mem, 0, BUF, 0, 0) == 0


def test_size_and_offset_sanity() -> None:
    t, mem = table(ro(b"abc", ctype=1), wo(ctype=2))
    assert t.pwrite(mem, 1, BUF, -1, 0) == -EFAULT
    assert t.pwrite(mem, 1, BUF, 3, -1) == -EINVAL
    assert t.pread(mem, 0, BUF, 2, -1) == -EINVAL


def test_sequential_read_in_chunks_then_sticky_eof() -> None:
    t, mem = table(ro(b"0123456789"))
    got = [reads(t, mem, 0, 3, 999 * i) for i in range(6)]  # the user offset is ignored
    assert got == [(3, b"012"), (3, b"345"), (3, b"678"), (1, b"9"), (0, b""), (0, b"")]
    # the short read (1 byte, then EOF in a second chunk) counts two gets; EOF reads after it count none
    assert (t.accounting.gets, t.accounting.get_bytes) == (5, 10)
    assert t.channels[0].counters[GETS] == 4


def test_gets_quota_first_hit() -> None:
    t, mem = table(ro(b"0123456789abc", gets=2))
    assert [reads(t, mem, 0, 5)[0] for _ in range(3)] == [5, 5, -EDQUOT]


def test_get_size_quota_partial_then_edquot() -> None:
    t, mem = table(ro(b"0123456789abc", get_size=7))
    assert [reads(t, mem, 0, 5) for _ in range(3)] == [(5, b"01234"), (2, b"56"), (-EDQUOT, b"")]


def test_put_size_quota_partial_then_einval_on_write_only() -> None:
    # ZEROVM.md says 6, 4, -EDQUOT; the real binary gives -EINVAL for the third write of a
    # write-only channel: putpos (10) >= put_size is checked before the bytes left (trap.c:142).
    t, mem = table(wo(put_size=10))
    mem.write(BUF, b"abcdef")
    assert [t.pwrite(mem, 0, BUF, 6, 0) for _ in range(3)] == [6, 4, -EINVAL]
    assert t.channels[0].final_content() == b"abcdefabcd"


def test_put_size_quota_edquot_on_read_write_channel() -> None:
    ch = Channel("/dev/rw", 3, (BIG, BIG, BIG, 10), content=bytearray(b"0123456789AB"), size=12)
    t, mem = table(ch)
    assert [t.pwrite(mem, 0, BUF, 6, 0) for _ in range(3)] == [6, 4, -EDQUOT]


def test_puts_quota() -> None:
    t, mem = table(wo(puts=2))
    assert [t.pwrite(mem, 0, BUF, 2, 0) for _ in range(3)] == [2, 2, -EDQUOT]


def test_write_to_read_only_and_read_from_write_only_are_edquot() -> None:
    t, mem = table(ro(b"abc"), wo())
    assert t.pwrite(mem, 0, BUF, 3, 0) == -EDQUOT
    assert t.pread(mem, 1, BUF, 3, 0) == -EDQUOT


def test_random_read_clipping() -> None:
    t, mem = table(ro(b"0123456789", ctype=1))
    assert reads(t, mem, 0, 4, 8) == (2, b"89")
    assert reads(t, mem, 0, 4, 10) == (0, b"")
    assert reads(t, mem, 0, 4, 11)[0] == -EFAULT  # the clipped size is negative
    assert reads(t, mem, 0, 4, -1)[0] == -EINVAL
    assert reads(t, mem, 0, 4, 3) == (4, b"3456")
    assert reads(t, mem, 0, 4, 0x10000000A)[0] == 0  # 10 - offset truncated to int32 is 0


def test_random_write_bounds() -> None:
    t, mem = table(wo(ctype=2, put_size=8))
    mem.write(BUF, b"abc")
    assert t.pwrite(mem, 0, BUF, 3, 100) == -EINVAL  # offset >= put_size on a write-only channel
    assert t.pwrite(mem, 0, BUF, 3, 5) == 3
    assert t.pwrite(mem, 0, BUF, 3, 0) == 3
    assert t.pwrite(mem, 0, BUF, 3, 8) == -EINVAL  # offset >= size + bytes left (8 + 2)... >= put_size first
    assert t.channels[0].final_content() == b"abc\0\0abc"


def test_random_bounds_wrap_in_int64() -> None:
    # trap.c:103 and :160 add the size to the put bytes left in int64: past INT64_MAX the bound is negative
    for put_size, expected in (((1 << 63) - 1 - 16, (4, 2)), ((1 << 63) - 1 - 15, (-EINVAL, -EINVAL))):
        ch = Channel("/dev/rw", 3, (BIG, BIG, BIG, put_size), content=bytearray(b"0123456789abcdef"), size=16)
        t, mem = table(ch)
        assert (t.pread(mem, 0, BUF, 4, 4), t.pwrite(mem, 0, BUF, 2, 2)) == expected


def test_type_is_an_unsigned_enum() -> None:
    assert Channel("/dev/in", (1 << 32) + 1, (BIG, BIG, 0, 0)).type == 1  # manifest.c:317 keeps 32 bits
    assert Channel("/dev/in", -1, (BIG, BIG, 0, 0)).type == 0xFFFFFFFF


def test_random_read_write_channel() -> None:
    ch = Channel("/dev/rw", 3, (BIG, BIG, BIG, BIG), content=bytearray(b""), size=0)
    t, mem = table(ch)
    mem.write(BUF, b"hello")
    assert t.pwrite(mem, 0, BUF, 5, 3) == 5
    assert reads(t, mem, 0, 10, 0) == (8, b"\0\0\0hello")
    assert ch.final_content() == b"\0\0\0hello"


def test_append_channel_writes_at_the_end() -> None:
    ch = Channel("/dev/cdr", 1, (BIG, BIG, BIG, BIG), content=bytearray(b"ABCDEFGHIJKL"), size=12, putpos=12)
    t, mem = table(ch)
    mem.write(BUF, b"hello")
    assert t.pwrite(mem, 0, BUF, 5, 3) == 5  # sequential write: the offset is ignored
    assert ch.final_content() == b"ABCDEFGHIJKLhello"


def test_read_of_70000_bytes_is_two_source_gets() -> None:
    data = bytes(range(256)) * 300
    t, mem = table(ro(data, tagged=True))
    assert reads(t, mem, 0, 70000) == (70000, data[:70000])
    assert (t.accounting.gets, t.accounting.get_bytes) == (2, 70000)
    assert t.channels[0].counters[GETS] == 1 and t.channels[0].counters[GET_SIZE] == 70000
    assert t.channels[0].digest.hexdigest() == hashlib.sha1(data[:70000]).hexdigest()


def test_etag_covers_reads_and_writes_in_order() -> None:
    ch = Channel("/dev/rw", 3, (BIG, BIG, BIG, BIG), content=bytearray(b"xyz"), size=3, tagged=True)
    t, mem = table(ch)
    reads(t, mem, 0, 3, 0)
    mem.write(BUF, b"AB")
    t.pwrite(mem, 0, BUF, 2, 0)
    assert ch.digest.hexdigest() == hashlib.sha1(b"xyzAB").hexdigest()


def test_dev_null() -> None:
    nin = Channel("/dev/nin", 0, (5, 5, 0, 0), kind=CHARACTER)
    nout = Channel("/dev/nout", 0, (0, 0, 5, 5), kind=CHARACTER)
    t, mem = table(nin, nout)
    assert reads(t, mem, 0, 10) == (0, b"")
    assert t.pwrite(mem, 1, BUF, 4, 0) == 4
    assert reads(t, mem, 0, 10) == (0, b"")  # EOF is sticky: not counted again
    assert (t.accounting.gets, t.accounting.puts, t.accounting.put_bytes) == (1, 1, 4)
    assert nout.counters[PUTS] == 1 and nout.counters[PUT_SIZE] == 4


def test_dev_zero() -> None:
    # fread fills every 64 KiB chunk with zeros and never meets EOF; a random-read channel's
    # size is 0, so it reads nothing (0) at offset 0 and -EFAULT past it; writes vanish
    zin = Channel("/dev/zin", 0, (5, BIG, 0, 0), kind=ZERO)
    zrnd = Channel("/dev/zrnd", 1, (5, BIG, 0, 0), kind=ZERO)
    zout = Channel("/dev/zout", 0, (0, 0, 5, 5), kind=ZERO)
    t, mem = table(zin, zrnd, zout)
    mem.bytes[BUF:BUF + 0x18000] = b"x" * 0x18000
    assert reads(t, mem, 0, 0x18000) == (0x18000, bytes(0x18000))
    assert reads(t, mem, 0, 7) == (7, bytes(7))
    assert (zin.getpos, zin.eof, t.accounting.gets) == (0x18007, False, 3)
    assert (t.pread(mem, 1, BUF, 10, 0), t.pread(mem, 1, BUF, 10, 5)) == (0, -EFAULT)
    assert t.pwrite(mem, 2, BUF, 4, 0) == 4 and zout.content == bytearray()


def test_read_into_memory_the_host_cannot_write_is_eio() -> None:
    t, mem = table(ro(b"abc"))
    mem.check_access = lambda addr, size, prot: True  # type: ignore[method-assign]
    with pytest.raises(ZvmFail) as info:
        t.pread(mem, 0, 0x300000, 3, 0)
    assert info.value.code == 5 and info.value.state == "src/channels/channel.c 195: /dev/in failed to read"
