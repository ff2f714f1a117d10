"""Channels with network sources or several sources: zerovm's ChannelRead/ChannelWrite over sources.

src/channels/channel.c (ChannelRead, ChannelWrite, GetDataChunk) and prefetch_zmq.c
(FetchMessage, SyncSource, SendData, PrefetchChannelCtor/Dtor), step by step, on the virtual
network of fabric.py; docs/measured/network-channels.md has the measurements they reproduce:
a pwrite goes out as 64 KiB messages; a pread takes min(wanted, 64 KiB, rest of the message)
per chunk until it has `size` bytes or meets the writer's EOF; every source operation is
counted (network or local counters); the close of a write-only source sends EOF, digest and a
dummy message, the close of a read-only one drains to EOF (counting the current message again).
All the sources of a channel share one message buffer (`NetState.msg`), which is why network
read replicas fail as they do on zerovm; file replicas are compared chunk by chunk.
ChannelDtor closes only every other source after a file replica (`closed_sources`): a write-only
file replica it skips keeps its preallocated length, and a network source it would skip is not modelled.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from harness.manifest import ParsedChannel
from harness.targets.ref.channels import (
    BUFFER_SIZE,
    GET_SIZE,
    GETS,
    PUT_SIZE,
    Accounting,
    Channel,
    Channels,
    UserMemory,
)
from harness.targets.ref.errors import EFAULT, EIO, Unsupported, fail
from harness.targets.ref.fabric import DATA, DIGEST, DUMMY, EOF, Fabric, Link, Socket

EPIPE = 32
TAG_DIGEST_SIZE = 40
PREFETCH_C = "src/channels/prefetch_zmq.c"
CHANNEL_C = "src/channels/channel.c"
ZMQ_UNKNOWN_ERROR = "Unknown error 156384764"  # strerror of zeromq's EPROTONOSUPPORT for udp/pgm binds [O]


@dataclass
class Source:
    """One source of a channel (zerovm's Connection)."""

    index: int  # its place in the manifest's uri (bind failures name it)
    network: bool
    protocol: str | None
    host: int = 0
    port: int = 0
    ip_host: bool = False
    path: str | None = None
    pos: int = 0
    valid: bool = True
    socket: Socket | None = None
    link: Link | None = None
    content: bytearray = field(default_factory=bytearray)  # a file source's bytes
    length: int = 0  # a write-only file's length after its mount: put_size, unless zerovm runs with -P


@dataclass
class NetState:
    """What a multi-source or network channel adds to `Channel`."""

    fabric: Fabric
    node: int
    sources: list[Source]
    msg: bytes = b""  # the one message buffer all sources share (channel->msg, bufpos, bufend)
    bufpos: int = 0
    bufend: int = 0
    buffers: dict[int, bytearray] = field(default_factory=dict)  # read buffers of sources after the first


def loopback_address(host: int) -> str:
    """inet_ntoa of a source's s_addr; only 127/8 is modelled (elsewhere, the host's network decides)."""
    ip = socket.inet_ntoa(host.to_bytes(4, "little"))
    if not ip.startswith("127."):
        raise Unsupported(f"a connection to {ip}: outside loopback, the machine's network decides what happens")
    return ip


def mount(entry: ParsedChannel, fabric: Fabric, node: int,
          targets: dict[tuple[int, int], tuple[str, int]], preallocate: bool = True) -> Channel:
    """ChannelCtor for a channel with a network source or several sources: binds, connects, files.

    `targets`: (line, source index) -> (ip, port) for write-only sources the name service answered;
    `preallocate`: zerovm runs without -P."""
    spec = entry.channel
    limits = (spec.gets, spec.get_size, spec.puts, spec.put_size)
    channel = Channel(spec.alias, spec.type, limits, tagged=spec.etag == 1)
    count = sum(1 for s in entry.sources if s.network)
    if spec.access_class == 2:
        channel.connects = count
    else:
        channel.binds = count
    files = [s for s in entry.sources if not s.network]
    if files and (channel.type != 0 or spec.access_class not in (1, 2)):
        raise Unsupported(f"channel {spec.alias}: file replicas of type {channel.type} (only sequential read-only or "
                          f"write-only ones are modelled)")
    sources: list[Source] = []
    for i, parsed in enumerate(entry.sources):
        src = Source(i, parsed.network, parsed.protocol, parsed.host, parsed.port, parsed.ip_host, parsed.path)
        if parsed.network:
            _mount_network(channel, src, entry, fabric, node, targets)
        else:
            _mount_file(channel, src, spec.access_class, preallocate)
        sources.append(src)
    if spec.access_class == 1:
        sources.sort(key=lambda s: not s.network)  # OrderSources (a stable sort): network sources first
    closed = closed_sources(sources)
    skipped = [s for n, s in enumerate(sources) if n not in closed and s.network]
    if skipped:
        raise Unsupported(f"channel {spec.alias}: zerovm's close skips its network source {skipped[0].index} "
                          f"(it follows a file replica), so its EOF is never sent")
    channel.net = NetState(fabric, node, sources)
    return channel


def closed_sources(sources: list[Source]) -> set[int]:
    """The sources ChannelDtor's loop (channel.c:406) closes: PreloadChannelDtor removes a file source from
    the array the loop walks, so the source after each file is skipped (a write-only replica stays preallocated)."""
    left = list(range(len(sources)))
    closed = set()
    i = 0
    while i < len(left):
        closed.add(left[i])
        if not sources[left[i]].network:
            del left[i]
        i += 1
    return closed


def _mount_network(channel: Channel, src: Source, entry: ParsedChannel, fabric: Fabric, node: int,
                   targets: dict[tuple[int, int], tuple[str, int]]) -> None:
    alias, protocol = channel.alias, src.protocol
    if entry.channel.access_class == 1:
        if protocol in ("UDP", "PGM"):
            raise fail(PREFETCH_C, 70, EFAULT, f"cannot bind {alias};{src.index}: {ZMQ_UNKNOWN_ERROR}")
        if protocol == "INPROC":
            # zerovm binds inproc://: no other process can ever connect to it.
            src.socket = Socket(node, alias, (f"inproc:{src.host}", src.port))
            return
        if protocol != "TCP":
            raise Unsupported(f"channel {alias}: a read-only {protocol} source is not modelled")
        ip = socket.inet_ntoa(src.host.to_bytes(4, "little")) if src.ip_host else "0.0.0.0"
        if ip != "0.0.0.0" and not ip.startswith("127."):
            raise Unsupported(f"channel {alias}: a bind to {ip} (outside loopback, the machine's addresses decide)")
        bound = fabric.bind(node, alias, ip, src.port)
        if bound is None:
            raise fail(PREFETCH_C, 70, EFAULT, f"cannot bind {alias};{src.index}: Address already in use")
        src.socket = bound
        src.port = bound.address[1]
        return
    if protocol == "UDP":
        # zeromq connects it (nothing listens), pwrite fails in ChannelWrite, the close's EOF hangs.
        src.link = fabric.connect(node, alias, ("udp", src.port))
        return
    if protocol != "TCP":
        raise Unsupported(f"channel {alias}: a write-only {protocol} source is not modelled")
    target = targets.get((entry.line, src.index))
    if target is None:
        target = (loopback_address(src.host), src.port)
    elif not target[0].startswith("127."):
        raise Unsupported(f"a connection to {target[0]}: outside loopback, the machine's network decides")
    src.link = fabric.connect(node, alias, target)


def _mount_file(channel: Channel, src: Source, access_class: int, preallocate: bool) -> None:
    path = src.path
    if path is None or path.startswith("/dev/"):
        raise Unsupported(f"channel {channel.alias}: a replica on {path} (only regular files are modelled)")
    if access_class == 1:
        try:
            with open(path, "rb") as handle:
                src.content = bytearray(handle.read())
        except OSError as exc:
            raise Unsupported(f"channel {channel.alias}: {path} could not be read: {exc.strerror}") from None
        channel.size = len(src.content)  # PreloadChannelCtor: every file source sets the channel's size
    elif preallocate:
        src.length = channel.limits[PUT_SIZE]  # PreallocateChannel (preload.c:90): ftruncate to put_size


# -- reads (channel.c ChannelRead) ------------------------------------------------------------------


def channel_read(table: Channels, mem: UserMemory, ch: Channel, buf: int, size: int, offset: int) -> int:
    st = ch.net
    assert st is not None
    sources = st.sources
    readrest = size
    result = -1
    while readrest > 0 and not ch.eof:
        first = _first_valid(st)
        if first < 0:
            raise fail(CHANNEL_C, 158, EIO, f"all {ch.alias} sources failed")
        toread = min(readrest, BUFFER_SIZE)
        good = -1
        n = first
        while n < len(sources) and good < 0 and not ch.eof:
            src = sources[n]
            if not src.valid:
                n += 1
                continue
            _sync_source(ch, n)
            result, data = _get_data_chunk(ch, n, toread, offset)
            if n == first:
                if data and not mem.write(buf, data):
                    if src.network:
                        raise Unsupported(f"{ch.alias}: zerovm copies a message into a read-only page")
                    result = -EFAULT
            else:
                buffer = st.buffers.setdefault(n, bytearray(BUFFER_SIZE))
                buffer[:len(data)] = data
            if result < 0:
                src.valid = False
                n += 1
                continue
            for j in range(first, n):
                if not src.valid:  # zerovm tests source n here, not j
                    continue
                if _buffer(st, mem, first, j, buf, result) == _buffer(st, mem, first, n, buf, result):
                    good = j
                    break
            table.accounting.count_get(src.network, result)
            n += 1
        if not ch.eof and good < 0 and len(sources) > 1:
            raise fail(CHANNEL_C, 193, EIO, f"{ch.alias} failed to read")
        if result < 0 and len(sources) == 1:
            raise fail(CHANNEL_C, 195, EIO, f"{ch.alias} failed to read")
        if good > first:
            mem.write(buf, bytes(st.buffers[good][:result]))
        buf += result
        offset += result
        readrest -= result
        ch.read_to(offset)
    result = size - readrest
    if ch.tagged and result:
        ch.digest.update(mem.read(buf - result, result))
    first = _first_valid(st)
    if ch.eof and first >= 0 and sources[first].network:
        _test_eof_digest(table, ch, first)
    ch.counters[GETS] += 1
    if result > 0:
        ch.counters[GET_SIZE] += result
    return result


def _buffer(st: NetState, mem: UserMemory, first: int, n: int, buf: int, size: int) -> bytes:
    """buffers->pdata[n]'s first `size` bytes: the user's buffer for the first source."""
    if size <= 0:
        return b""
    if n == first:
        return mem.read(buf, size)
    return bytes(st.buffers.setdefault(n, bytearray(BUFFER_SIZE))[:size])


def _first_valid(st: NetState) -> int:
    return next((n for n, src in enumerate(st.sources) if src.valid), -1)


def _get_data_chunk(ch: Channel, n: int, size: int, offset: int) -> tuple[int, bytes]:
    st = ch.net
    assert st is not None
    src = st.sources[n]
    if src.network:
        if src.protocol != "TCP":
            raise Unsupported(f"{ch.alias}: reading a {src.protocol} source is not modelled")
        if st.bufend - st.bufpos == 0:
            st.bufpos = size  # "workaround for udt"
            _fetch_message(ch, n)
        data = b""
        if not ch.eof:
            data = st.msg[st.bufpos:st.bufpos + min(size, st.bufend - st.bufpos)]
            st.bufpos += len(data)
    else:
        data = bytes(src.content[offset:offset + size]) if offset >= 0 else b""
    if data:
        src.pos += len(data)
    elif ch.seq_readable:
        ch.eof = True
    return len(data), data


def _sync_source(ch: Channel, n: int) -> None:
    """SyncSource: a network source catches up with the channel's position message by message."""
    if not ch.seq_readable:
        return
    st = ch.net
    assert st is not None
    src = st.sources[n]
    if src.network:
        while src.pos < ch.getpos and not ch.eof:
            _fetch_message(ch, n)
            src.pos += st.bufend
    else:
        src.pos = ch.getpos
    if src.pos != ch.getpos:
        raise fail(PREFETCH_C, 236, EPIPE, f"{ch.alias};{n} is out of sync")


def _get_message(ch: Channel, n: int) -> None:
    st = ch.net
    assert st is not None
    sock = st.sources[n].socket
    assert sock is not None
    st.msg = st.fabric.receive(sock)
    st.bufend = len(st.msg)
    st.bufpos = 0


def _fetch_message(ch: Channel, n: int) -> None:
    """FetchMessage: the next message; an empty one is EOF, and the one after it the digest."""
    if ch.eof:
        return
    _get_message(ch, n)
    st = ch.net
    assert st is not None
    if st.bufend > 0:
        return
    _get_message(ch, n)
    ch.eof = True
    if st.bufend > 0 and st.bufend != TAG_DIGEST_SIZE:
        raise fail(PREFETCH_C, 161, EFAULT, f"invalid EOF size = {st.bufend}")


def _test_eof_digest(table: Channels, ch: Channel, n: int) -> None:
    st = ch.net
    assert st is not None
    # SetExitCode: only the first error counts
    if ch.tagged and st.bufend > 0 and st.msg[:TAG_DIGEST_SIZE] != ch.digest.hexdigest().encode() \
            and table.recorded is None:
        table.recorded = (EPIPE, f"{ch.alias};{n} corrupted upon eof")


# -- writes (channel.c ChannelWrite, prefetch_zmq.c SendData) ------------------------------------------


def channel_write(table: Channels, ch: Channel, data: bytes, offset: int) -> int:
    st = ch.net
    assert st is not None
    size = len(data)
    result = -1
    for n, src in enumerate(st.sources):
        if not src.network:
            if len(src.content) < offset:
                src.content.extend(bytes(offset - len(src.content)))
            src.content[offset:offset + size] = data
            result = size
        elif src.protocol == "TCP":
            assert src.link is not None
            for start in range(0, size, BUFFER_SIZE):
                st.fabric.send(src.link, DATA, data[start:start + BUFFER_SIZE])
            result = size
        else:
            raise fail(CHANNEL_C, 248, EFAULT, f"invalid channel source {ch.alias};{n}")
        table.accounting.count_put(src.network, result)
    return ch.count_put(offset, data, result)


# -- the close (prefetch_zmq.c PrefetchChannelDtor), only while no error is recorded ------------------


def close(accounting: Accounting, ch: Channel) -> None:
    st = ch.net
    assert st is not None
    for n, src in enumerate(st.sources):
        if not src.network:
            continue
        if ch.rw_class == 2:
            ch.eof = True
            assert src.link is not None
            st.fabric.send(src.link, EOF)
            st.fabric.send(src.link, DIGEST, ch.digest.hexdigest().encode() if ch.tagged else b"")
            st.fabric.send(src.link, DUMMY)
            accounting.count_put(True, 0)
            continue
        if src.pos < ch.getpos:
            ch.eof = False
        while not ch.eof:  # the drain: "to avoid hanging the sending session"
            if n == 0:
                ch.getpos += st.bufend
            src.pos += st.bufend
            accounting.count_get(True, st.bufend)
            _fetch_message(ch, n)
        ch.eof = False
        _get_message(ch, n)  # the dummy message (#197)
        ch.eof = True
        if src.socket is not None:
            st.fabric.socket_closed(src.socket)


def file_outputs(ch: Channel) -> list[tuple[str, bytes, int]]:
    """What a write-only channel's file sources hold when zerovm exits: (path, bytes, the file's length).

    A replica ChannelDtor closes is truncated to the channel's size; one it skips keeps what was written
    over its preallocation (the length, past the bytes, is zeros)."""
    st = ch.net
    assert st is not None
    if ch.rw_class != 2:
        return []
    out = []
    closed = closed_sources(st.sources)
    for n, src in enumerate(st.sources):
        if src.network or src.path is None:
            continue
        if n in closed:
            data = bytes(src.content[:ch.size])
            out.append((src.path, data + bytes(ch.size - len(data)), ch.size))
        else:
            out.append((src.path, bytes(src.content), max(len(src.content), src.length)))
    return out


__all__ = ["NetState", "Source", "channel_read", "channel_write", "close", "closed_sources", "file_outputs", "mount"]
