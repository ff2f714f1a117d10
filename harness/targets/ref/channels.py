"""The channel model: zerovm's pread/pwrite semantics, quotas, EOF, random access.

This is "the trap model" for I/O (ZEROVM.md section 4; src/syscalls/trap.c
ZVMReadHandle/ZVMWriteHandle and src/channels/channel.c ChannelRead/ChannelWrite),
in pure Python so it can be unit-tested without an emulator.  The rules live in
`Channels.pread` / `Channels.pwrite` in zerovm's order; the first check that fails
decides the result:

  1. desc outside [0, channels)                      -> -EINVAL
  2. buffer not in mem_map with the needed protection -> -EINVAL   (before size==0!)
  3. sequential channel: the user offset is replaced by getpos/putpos;
     random-read channel: size = min(size - offset, size) (clipped, int32)
  4. size == 0 -> 0;  size < 0 -> -EFAULT;  offset < 0 -> -EINVAL
  5. pread: sticky EOF -> 0 (not counted)
  6. quota "first one hit": gets/puts count reached -> -EDQUOT;
     random-write bounds -> -EINVAL;
     size clipped to the bytes left; nothing left -> -EDQUOT
  7. the transfer: counts 1 call + bytes moved; accounting counts every source
     operation (a read is done in 64 KiB chunks, and the read that meets EOF adds a
     0-byte get).

Regular-file channels are held in memory (the target reads the file at mount and writes
it back at the end); `/dev/null` and `/dev/zero` are character devices (fread gives 0 bytes,
or as many zeros as asked; fwrite takes everything; size 0); zerovm's own stdin, stdout and
stderr (pipes: ProtoFIFO, read with fread and written with fwrite, size 0) are streams: reads consume the stdin bytes in
order, writes are appended whatever the offset.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from harness.manifest import int32
from harness.targets.ref.errors import EDQUOT, EFAULT, EINVAL, EIO, fail

if TYPE_CHECKING:
    from harness.targets.ref.netchannel import NetState

GETS, GET_SIZE, PUTS, PUT_SIZE = range(4)
SGETSPUT, RGETSPUT, SGETRPUT, RGETRPUT = range(4)
BUFFER_SIZE = 0x10000  # zerovm reads in chunks of this size (channel.h)

REGULAR = "regular"
CHARACTER = "character"  # /dev/null: reads meet EOF, writes vanish
ZERO = "zero"  # /dev/zero: a character device whose reads give zeros, writes vanish
STREAM = "stream"  # zerovm's stdin/stdout/stderr pipes: `content` is what was (to be) read or written

PROT_READ, PROT_WRITE = 1, 2


def int64(value: int) -> int:
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value & (1 << 63) else value


class UserMemory(Protocol):
    """What the channel model needs from the sandbox memory."""

    def check_access(self, addr: int, size: int, prot: int) -> bool:
        """zerovm's CheckRAMAccess on its mem_map."""
        ...

    def read(self, addr: int, size: int) -> bytes: ...

    def write(self, addr: int, data: bytes) -> bool:
        """Store into user memory; False if the host write would fail (page not writable)."""
        ...


@dataclass
class Accounting:
    """Report line 5, local part: every source operation counts (accounting.c CountBytes)."""

    gets: int = 0
    get_bytes: int = 0
    puts: int = 0
    put_bytes: int = 0
    net_gets: int = 0  # network sources (docs/measured/network-channels.md section 4)
    net_get_bytes: int = 0
    net_puts: int = 0
    net_put_bytes: int = 0

    def line(self) -> str:
        return (f"0.00 0.00 {self.gets} {self.get_bytes} {self.puts} {self.put_bytes} "
                f"{self.net_gets} {self.net_get_bytes} {self.net_puts} {self.net_put_bytes}")

    def fields(self) -> tuple[float, float, int, int, int, int, int, int, int, int]:
        return (0.0, 0.0, self.gets, self.get_bytes, self.puts, self.put_bytes, self.net_gets, self.net_get_bytes,
                self.net_puts, self.net_put_bytes)

    def count_get(self, network: bool, size: int) -> None:
        """accounting.c CountGet: one source operation, on the network or local counters."""
        if network:
            self.net_gets += 1
            self.net_get_bytes += size
        else:
            self.gets += 1
            self.get_bytes += size

    def count_put(self, network: bool, size: int) -> None:
        if network:
            self.net_puts += 1
            self.net_put_bytes += size
        else:
            self.puts += 1
            self.put_bytes += size


@dataclass
class Channel:
    """One open channel (zerovm's ChannelDesc with a single local source). Mutable state."""

    alias: str
    type: int  # 0..3 (the enum's value): bit 0 random read, bit 1 random write
    limits: tuple[int, int, int, int]
    kind: str = REGULAR
    tagged: bool = False
    content: bytearray = field(default_factory=bytearray)  # a regular file's bytes
    size: int = 0
    getpos: int = 0
    putpos: int = 0
    eof: bool = False
    counters: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    digest: hashlib._Hash = field(default_factory=hashlib.sha1)
    # A channel with a network source or several sources (netchannel.py): its sources, in
    # zerovm's order; None for the single local source above.
    net: NetState | None = None
    binds: int = 0  # network sources of a channel that is not write-only (channel.c CountNetSources)
    connects: int = 0  # network sources of a write-only channel

    def __post_init__(self) -> None:
        # zerovm keeps the manifest's int64 type in an unsigned enum (manifest.c:317): 2^32 is type 0
        self.type &= 0xFFFFFFFF

    @property
    def seq_readable(self) -> bool:
        return self.type & 1 == 0

    @property
    def seq_writable(self) -> bool:
        return self.type & 2 == 0

    @property
    def rw_class(self) -> int:
        """CH_RW_TYPE: 1 readable, 2 writable, 3 both -- from the limits, not the type."""
        g, gs, p, ps = self.limits
        return (1 if g and gs else 0) | (2 if p and ps else 0)

    # The cursor and counter updates every ChannelRead/ChannelWrite ends with, whatever its sources.

    def read_to(self, offset: int) -> None:
        """After a chunk read up to `offset`: a random-write channel's put cursor follows."""
        if self.type & 2:
            self.putpos = offset
        self.getpos = offset

    def count_get(self, mem: UserMemory, start: int, result: int) -> int:
        if self.tagged and result:
            self.digest.update(mem.read(start, result))
        self.counters[GETS] += 1
        if result > 0:
            self.counters[GET_SIZE] += result
        return result

    def count_put(self, offset: int, data: bytes, result: int) -> int:
        self.putpos = offset + result
        self.size = max(self.size, self.putpos) if self.type in (SGETRPUT, RGETRPUT) else self.putpos
        self.getpos = self.putpos
        if self.tagged:
            self.digest.update(data)
        self.counters[PUTS] += 1
        if result > 0:
            self.counters[PUT_SIZE] += result
        return result

    def final_content(self) -> bytes:
        """The file at close: truncated (or extended) to the channel size when writable."""
        if self.limits[PUT_SIZE] and self.limits[PUTS] and self.kind == REGULAR:
            data = bytes(self.content[:self.size])
            return data + bytes(self.size - len(data))
        return bytes(self.content)


class Channels:
    """The session's channels in descriptor order, with the pread/pwrite traps."""

    def __init__(self, channels: list[Channel], accounting: Accounting | None = None) -> None:
        self.channels = channels
        self.accounting = accounting if accounting is not None else Accounting()
        # An error zerovm records while the session goes on (32: a network EOF digest that
        # differs): its code and exit state.
        self.recorded: tuple[int, str] | None = None

    def __len__(self) -> int:
        return len(self.channels)

    # -- the traps -------------------------------------------------------------------------

    def pread(self, mem: UserMemory, desc: int, buf: int, size: int, offset: int) -> int:
        """ZVMReadHandle (trap.c:58-113). desc/size are int32, buf uint64, offset int64."""
        desc, size, offset = int32(desc), int32(size), int64(offset)
        if desc < 0 or desc >= len(self.channels):
            return -EINVAL
        ch = self.channels[desc]
        if not mem.check_access(buf, size, PROT_WRITE):
            return -EINVAL
        if ch.seq_readable:
            offset = ch.getpos
        else:
            # MIN(int64, int32) stored back into the int32 size; channel->size - offset wraps in int64
            size = int32(min(int64(ch.size - offset), size))
        if size == 0:
            return 0
        if size < 0:
            return -EFAULT
        if offset < 0:
            return -EINVAL
        if ch.eof:
            return 0
        if ch.counters[GETS] >= ch.limits[GETS]:
            return -EDQUOT
        # int64 sums that wrap: a put_size near INT64_MAX makes the bound negative, so every read is -EINVAL
        if not ch.seq_readable and offset >= int64(ch.limits[PUT_SIZE] - ch.counters[PUT_SIZE] + ch.size):
            return -EINVAL
        tail = int64(ch.limits[GET_SIZE] - ch.counters[GET_SIZE])
        size = min(size, tail)
        if size < 1:
            return -EDQUOT
        return self._read(mem, ch, buf, size, offset)

    def pwrite(self, mem: UserMemory, desc: int, buf: int, size: int, offset: int) -> int:
        """ZVMWriteHandle (trap.c:119-166)."""
        desc, size, offset = int32(desc), int32(size), int64(offset)
        if desc < 0 or desc >= len(self.channels):
            return -EINVAL
        ch = self.channels[desc]
        if not mem.check_access(buf, size, PROT_READ):
            return -EINVAL
        if ch.seq_writable:
            offset = ch.putpos
        if size == 0:
            return 0
        if size < 0:
            return -EFAULT
        if offset < 0:
            return -EINVAL
        if ch.counters[PUTS] >= ch.limits[PUTS]:
            return -EDQUOT
        tail = int64(ch.limits[PUT_SIZE] - ch.counters[PUT_SIZE])
        if offset >= ch.limits[PUT_SIZE] and ch.rw_class & 1 != 1:
            return -EINVAL
        if offset >= int64(ch.size + tail):  # wraps as pread's bound does (trap.c:160)
            return -EINVAL
        size = min(size, tail)
        if size < 1:
            return -EDQUOT
        return self._write(mem, ch, buf, size, offset)

    # -- the transfers (channel.c) -----------------------------------------------------------

    def _read(self, mem: UserMemory, ch: Channel, buf: int, size: int, offset: int) -> int:
        """ChannelRead: 64 KiB chunks until size bytes or EOF; every chunk is a counted get."""
        if ch.net is not None:
            from harness.targets.ref.netchannel import channel_read

            return channel_read(self, mem, ch, buf, size, offset)
        readrest = size
        start = buf
        while readrest > 0 and not ch.eof:
            toread = min(readrest, BUFFER_SIZE)
            # A stream is only read sequentially (random reads are clipped to its size 0), so
            # the offset is its read position, exactly as for a regular file.
            if ch.kind == ZERO:
                chunk = bytes(toread)  # fread on /dev/zero fills the whole request
            else:
                chunk = bytes(ch.content[offset:offset + toread]) if ch.kind != CHARACTER and offset >= 0 else b""
            if chunk and not mem.write(buf, chunk):
                # the host pread() fails with EFAULT: the only source is marked bad (channel.c:195)
                raise fail("src/channels/channel.c", 195, EIO, f"{ch.alias} failed to read")
            result = len(chunk)
            if result == 0:
                if ch.seq_readable:
                    ch.eof = True
                else:  # pragma: no cover - zerovm would spin here until its alarm
                    raise fail("src/channels/channel.c", 195, EIO, f"{ch.alias} failed to read")
            self.accounting.gets += 1
            self.accounting.get_bytes += result
            buf += result
            offset += result
            readrest -= result
            ch.read_to(offset)
        return ch.count_get(mem, start, size - readrest)

    def _write(self, mem: UserMemory, ch: Channel, buf: int, size: int, offset: int) -> int:
        """ChannelWrite: one source operation, then cursors, size and counters."""
        data = mem.read(buf, size)
        if ch.net is not None:
            from harness.targets.ref.netchannel import channel_write

            return channel_write(self, ch, data, offset)
        if ch.kind == REGULAR:
            end = offset + size
            if len(ch.content) < offset:
                ch.content.extend(bytes(offset - len(ch.content)))
            ch.content[offset:end] = data
        elif ch.kind == STREAM:
            ch.content.extend(data)  # fwrite to a pipe appends, whatever the offset
        self.accounting.puts += 1
        self.accounting.put_bytes += size
        return ch.count_put(offset, data, size)
