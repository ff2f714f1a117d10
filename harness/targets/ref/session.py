"""The manifest's part of a modelled zerovm session: its verdicts, the program file and the channels.

zerovm's manifest rules live in one place, harness.manifest; this module applies them at
the points where zerovm's main() does (parse_manifest -> program file -> [loader,
validator] -> mount_channels -> memory -> timeout) and turns their first problem into the
model's `ZvmFail` (or `Unsupported` where zerovm's behaviour is undefined).  What it adds
is the model's state: the program's bytes and, for every channel zerovm opened, a
`channels.Channel` holding the file's bytes (read from the host at mount, written back
by `write_outputs` at the end, as zerovm leaves them).

zerovm's own stdin, stdout and stderr are pipes in both targets, so a channel whose
source is `/dev/stdin`, `/dev/stdout` or `/dev/stderr` is a FIFO to zerovm: the model
reads the session's stdin bytes from the first and collects what is written to the others
(`streams`).  Any other character device than /dev/null and /dev/zero and FIFOs are not
modelled (`Unsupported`), nor is a regular file under two channels when one of them writes it
(zerovm's channels share the file: a write-only mount truncates and preallocates what the other reads).
Channels with network sources or several sources are netchannel.py's; their binds, connects and the
name service live on the cluster's fabric (fabric.py).
"""

from __future__ import annotations

import errno
import mmap
import os
import socket
import stat
from collections.abc import Iterable
from pathlib import Path

from harness.manifest import (
    ManifestProblem,
    ParsedChannel,
    ParsedManifest,
    Source,
    channel_descriptors,
    first_problem,
    mount_channels,
    mount_order,
    program_problem,
)
from harness.targets.network import Registration
from harness.targets.ref import netchannel
from harness.targets.ref.channels import CHARACTER, REGULAR, STREAM, ZERO, Channel
from harness.targets.ref.errors import Unsupported, ZvmFail, fail
from harness.targets.ref.fabric import Fabric
from harness.userfiles import map_file

NAME_SERVICE_C = "src/channels/nservice.c"
EAGAIN = errno.EAGAIN  # 11: the name server did not answer
STANDARD_CHANNELS_CHECK = "src/channels/channel.c 472"  # after SortChannels (channel.c ChannelsCtor)

STDIN, STDOUT, STDERR = "/dev/stdin", "/dev/stdout", "/dev/stderr"
STREAMS = (STDIN, STDOUT, STDERR)
DEV_NULL = "/dev/null"
DEV_ZERO = "/dev/zero"

# What stat() of a pipe gives zerovm: a FIFO (so a channel on it is a "character" one).
_PIPE_STAT = os.stat_result((stat.S_IFIFO | 0o600, 0, 0, 1, 0, 0, 0, 0, 0, 0))

Opened = list[tuple[ParsedChannel, Channel]]


def session_stat(path: str) -> os.stat_result:
    """stat() as zerovm sees it in a session: its standard streams are pipes (both
    targets give it pipes), anything else is the host's file."""
    return _PIPE_STAT if path in STREAMS else os.stat(path)


def session_access(path: str, mode: int) -> bool:
    """access() as zerovm sees it: it can always reopen its own pipes."""
    return True if path in STREAMS else os.access(path, mode)


def stop_at(problems: Iterable[ManifestProblem]) -> None:
    """zerovm stops at its first problem: raise it as the model's ZvmFail.

    Where zerovm reads past an array (`undefined`), harness.manifest gives the outcome seen
    most, but the real one varies from run to run (a crash without a report, another
    message): the model says it does not reproduce that rather than guess.
    """
    problem = first_problem(problems)
    if problem is None:
        return
    if problem.undefined:
        raise Unsupported(f"zerovm's behaviour is undefined here (it reads past an array; "
                          f"most often: {problem.exit_state})")
    raise ZvmFail(problem.exit_code, problem.exit_state)


def read_program(program: str, cwd: Path) -> bytes | mmap.mmap:
    """The bytes zerovm snapshots of the Program: st_size of them (so /dev/zero is empty).

    A regular file is mapped read-only rather than read: the loader touches only its
    headers and segments, so a 2 GiB sparse Program costs no more memory than a small one.
    A slice of the map is `bytes`, as a slice of the file's bytes would be."""
    stop_at([problem] if (problem := program_problem(program, cwd)) is not None else [])
    path = cwd / program
    mode = os.stat(path)
    if stat.S_ISFIFO(mode.st_mode) or stat.S_ISSOCK(mode.st_mode):
        raise Unsupported(f"Program {program} is a FIFO or socket (zerovm would block reading it)")
    try:
        if stat.S_ISREG(mode.st_mode):
            return map_file(path)
        with open(path, "rb") as handle:
            return handle.read(mode.st_size)  # a device's st_size is 0: nothing is read
    except OSError as exc:  # readable a moment ago: not a case zerovm's checks describe
        raise Unsupported(f"Program {program} could not be read: {exc.strerror}") from None


def open_channels(parsed: ParsedManifest, stdin: bytes, preallocate: bool, opened: Opened,
                  sorted_out: list[Channel] | None = None, fabric: Fabric | None = None,
                  node: int = 0) -> list[Channel]:
    """ChannelsCtor: mount what zerovm mounts, stop where it stops; the channels in descriptor order.

    `opened` collects every channel zerovm had opened when it stopped (their files are
    written back even when the session fails later, as zerovm closes them).  When it stops
    at the standard-channel check, zerovm has already sorted its channels: `sorted_out`
    gets them in that order (the order of the report's etags).  Network sources live on
    `fabric` as session `node`: the read-only channels at the front are mounted (bound)
    first, then the name service is asked, then the rest is mounted (connects).
    """
    fabric = fabric if fabric is not None else Fabric(1)
    mount = mount_channels(parsed, preallocate=preallocate, stat=session_stat, access=session_access)
    streams: set[str] = set()
    # regular files mounted so far: real path -> (mounted by a writable channel, the first channel's alias)
    files: dict[str, tuple[bool, str]] = {}
    targets: dict[tuple[int, int], tuple[str, int]] = {}
    entries = list(mount.opened)  # in zerovm's mount order: an unmodelled channel stops the model there
    # zerovm stops at a problem before the program runs: a file a reader shares with a writer is never read
    shared = first_problem(mount.problems) is not None
    index = 0
    while index < len(entries) and entries[index].channel.access_class == 1:
        opened.append((entries[index], _mount(entries[index], stdin, streams, files, fabric, node, targets, shared,
                                              preallocate)))
        index += 1
    if mount.before_name_service:
        stop_at(mount.problems)
    _name_service(parsed, opened, fabric, node, targets)
    for entry in entries[index:]:
        opened.append((entry, _mount(entry, stdin, streams, files, fabric, node, targets, shared, preallocate)))
    first = first_problem(mount.problems)
    ordered: list[Channel] = []
    if first is None or first.where == STANDARD_CHANNELS_CHECK:
        by_alias = {entry.channel.alias: channel for entry, channel in opened}
        ordered = [by_alias[c.alias] for c in channel_descriptors(entry.channel for entry, _ in opened)]
        if first is not None and sorted_out is not None:
            sorted_out.extend(ordered)
    stop_at(mount.problems)
    return ordered


def _name_service(parsed: ParsedManifest, opened: Opened, fabric: Fabric, node: int,
                  targets: dict[tuple[int, int], tuple[str, int]]) -> None:
    """NameServiceCtor (nservice.c): the request, then the answer's addresses for the connects."""
    server = parsed.name_server
    if server is None:
        return
    order = mount_order(parsed.channels)
    binds = sum(sum(1 for s in e.sources if s.network) for e in order if e.channel.access_class != 2)
    connects = sum(sum(1 for s in e.sources if s.network) for e in order if e.channel.access_class == 2)
    if binds + connects < 1:
        return
    mounted = {id(entry): channel for entry, channel in opened}
    records: list[tuple[ParsedChannel, Source, int, int]] = []  # (channel, source, its index, port to send)
    for entry in order:
        channel = mounted.get(id(entry))
        if channel is not None and channel.net is not None:
            sources = [(entry.sources[s.index], s.index, s.port) for s in channel.net.sources]
        else:
            sources = [(s, i, s.port) for i, s in enumerate(entry.sources)]
        # nservice.c NEXT_SRC skips the sources that are not tcp and have a dotted host
        records += [(entry, s, i, port) for s, i, port in sources if s.protocol == "TCP" or not s.ip_host]
    records = records[:binds + connects]
    if any(not source.network for _, source, _, _ in records):
        raise Unsupported("the name service's records would take a file source (a channel mixing files and network)")
    request = Registration(parsed.node or 0, tuple((s.host, port) for _, s, _, port in records[:binds]),
                           tuple((s.host, port) for _, s, _, port in records[binds:]))
    address = (socket.inet_ntoa(server.host.to_bytes(4, "little")), server.port)
    reply = fabric.name_service(node, address, request)
    if reply is None:
        raise fail(NAME_SERVICE_C, 165, EAGAIN, "name service failed")
    for (entry, _, i, _), (host, port) in zip(records[binds:], reply.connects, strict=True):
        targets[(entry.line, i)] = (socket.inet_ntoa(host.to_bytes(4, "big")), port)


def _mount(entry: ParsedChannel, stdin: bytes, streams: set[str], files: dict[str, tuple[bool, str]], fabric: Fabric,
           node: int, targets: dict[tuple[int, int], tuple[str, int]], shared: bool = False,
           preallocate: bool = True) -> Channel:
    """The model's state for a channel harness.manifest found zerovm opens (preload.c);
    `shared`: a reader may share a file with a writer (the session stops before it runs);
    `preallocate`: zerovm runs without -P (a write-only file starts at put_size bytes)."""
    spec = entry.channel
    if len(entry.sources) != 1 or entry.sources[0].network:
        mounted = netchannel.mount(entry, fabric, node, targets, preallocate)  # its file replicas are regular files
        # Each replica shares its file with other channels as a single source does; one file twice in this channel
        # is one replica (zerovm writes the same bytes at the same offsets through both).
        replicas: dict[str, str] = {}
        for s in entry.sources:
            if not s.network and s.path is not None:
                replicas.setdefault(os.path.realpath(s.path), s.path)
        for path in replicas.values():
            _share(files, path, spec.alias, spec.writable, shared)
        return mounted
    source = entry.sources[0]
    if source.path is None:
        raise Unsupported(f"channel {spec.alias}: source {source.text} is not modelled")
    path = source.path
    channel = Channel(spec.alias, spec.type, (spec.gets, spec.get_size, spec.puts, spec.put_size),
                      tagged=spec.etag == 1)
    try:
        mode = session_stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG  # zerovm treats a source it cannot stat as a regular file
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _character(channel, path, spec.access_class, stdin, streams)
        return channel
    # A regular file (what else harness.manifest let through): RO and RW read it at open.
    _share(files, path, spec.alias, spec.writable, shared)
    if spec.access_class in (1, 3) and os.path.exists(path):
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise Unsupported(f"channel {spec.alias}: {path} could not be read: {exc.strerror}") from None
        channel.content = bytearray(data)
        channel.size = len(data)
        if data and spec.access_class == 3:
            channel.putpos = len(data) if channel.type == 1 else 0  # RGetSPut appends
    return channel


def _share(files: dict[str, tuple[bool, str]], path: str, alias: str, writable: bool, shared: bool) -> None:
    """Mount channel `alias` on the regular file `path`, or refuse what the model cannot give.

    Two writers write back in turn at close, a reader reads what is there: the model gives each channel
    its own bytes, so a file has one writer at most, and a reader beside it only when the program never runs
    (`shared`).  `files`: the real paths mounted so far -> (a writable channel has it, the first one's alias).
    """
    real = os.path.realpath(path)
    written, first = files.get(real, (False, alias))
    if real in files and ((written and writable) or ((written or writable) and not shared)):
        # The file by its name and the first channel by its alias: the path is in the session's own temporary
        # directory, and the reason (a skip message in junit.xml) must read the same on every run.
        raise Unsupported(f"channel {alias}: a second channel on the file of {first} "
                          f"({os.path.basename(path)}) where one of them writes it "
                          f"(zerovm's channels share the file; the model gives each its own bytes)")
    files[real] = (written or writable, first)


def _character(channel: Channel, path: str, access_class: int, stdin: bytes, streams: set[str]) -> None:
    """/dev/null, /dev/zero and zerovm's own streams; other devices are not modelled."""
    if path in (DEV_NULL, DEV_ZERO):
        channel.kind = CHARACTER if path == DEV_NULL else ZERO
        return
    if path in streams:
        # Two stdio FILEs on one pipe: what each reads (or when each flushes) depends on buffering.
        raise Unsupported(f"channel {channel.alias}: a second channel on {path}")
    if (path == STDIN and access_class == 1) or (path in (STDOUT, STDERR) and access_class == 2):
        streams.add(path)
        channel.kind = STREAM
        if path == STDIN:
            channel.content = bytearray(stdin)
        return
    raise Unsupported(f"channel {channel.alias}: {path} is not modelled for this access "
                      f"(only /dev/null, /dev/zero, a read-only /dev/stdin and write-only /dev/stdout, /dev/stderr)")


def stream_output(opened: Opened, path: str) -> bytes:
    """What the session wrote to zerovm's stdout or stderr (`path`) through a channel."""
    return b"".join(bytes(ch.content) for entry, ch in opened
                    if ch.kind == STREAM and ch.net is None and entry.sources[0].path == path
                    and entry.channel.writable)


def write_outputs(opened: Opened) -> tuple[dict[str, bytes], list[str]]:
    """Write every writable regular-file channel as zerovm leaves it when it closes the
    channel: the bytes written, truncated to the channel's size (preload.c:58-63).

    Returns (alias -> the file's bytes, problems writing them as harness messages).
    """
    outputs: dict[str, bytes] = {}
    problems: list[str] = []
    for entry, channel in opened:
        if channel.net is not None:
            for path, data, length in netchannel.file_outputs(channel):
                outputs.setdefault(entry.channel.alias, data)
                try:
                    Path(path).write_bytes(data)
                    os.truncate(path, length)  # a replica zerovm never closed keeps its preallocation (sparse)
                except OSError as exc:
                    problems.append(f"harness: could not write {entry.channel.alias} to {path}: {exc.strerror}\n")
            continue
        if channel.kind != REGULAR or not entry.channel.writable:
            continue
        path = entry.sources[0].path
        assert path is not None  # _mount refuses sources without a path
        data = channel.final_content()
        outputs.setdefault(entry.channel.alias, data)
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            problems.append(f"harness: could not write {entry.channel.alias} to {path}: {exc.strerror}\n")
    return outputs, problems


__all__ = ["STREAMS", "Opened", "open_channels", "read_program", "session_access", "session_stat", "stop_at",
           "stream_output", "write_outputs"]
