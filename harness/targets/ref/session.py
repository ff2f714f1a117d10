"""zerovm's manifest parsing and channel construction, in its order (ZEROVM.md sections 1-2).

`parse_manifest` is ManifestTextCtor (src/main/manifest.c): the same lexical rules
(one `=` per line, strip, strtoll base 0, `MANIFEST <line>:` errors) and the same
presence/duplicate check order.  `open_channels` is ChannelsCtor + PreloadChannelCtor
(src/channels/channel.c, preload.c): mounting order (read-only channels first), alias
duplicates, type, source type, the r/w class rules, then descriptor numbering
(stdin, stdout, stderr, then strcmp order of alias) and the standard-channel check.

Descriptor numbering is harness.manifest.channel_descriptors().  TODO(manifest):
harness.manifest now also has zerovm's manifest parser and checks (parse_manifest,
manifest_problems); `parse_manifest`/`open_channels` here predate it and are verified
against the real zerovm (tests/test_ref_differential.py).  Switching to it once it has
settled would leave one parser; this one must keep returning the channel table.
"""

from __future__ import annotations

import ipaddress
import os
import stat
from dataclasses import dataclass, field

from harness.manifest import Channel as ManifestChannel
from harness.manifest import channel_descriptors
from harness.targets.ref.channels import CHARACTER, REGULAR, Channel
from harness.targets.ref.errors import (
    EBADF,
    EFAULT,
    EINVAL,
    ENFILE,
    ENOENT,
    EPROTONOSUPPORT,
    Unsupported,
    ZvmFail,
    fail,
    manifest_fail,
)

VERSION = "20130611"
SIZE_LIMIT = 0x80000
LINES_LIMIT = 0x2000
KEYWORDS = ("Channel", "Version", "Program", "Memory", "Timeout", "NameServer", "Node", "Job", "Etag")
OBLIGATORY = {"Channel", "Version", "Program", "Memory", "Timeout"}
SINGLETON = {"Version", "Program", "Memory", "Timeout", "NameServer", "Node", "Job", "Etag"}
PROTOCOLS = ("TCP", "UDP", "IPC", "INPROC", "PGM", "EPGM", "Regular", "Directory", "Character", "Block", "FIFO",
             "Link", "Socket")
MIN_CHANNELS, MAX_CHANNELS = 3, 10915
STDIN, STDOUT, STDERR = "/dev/stdin", "/dev/stdout", "/dev/stderr"
_SPACE = " \t\n\v\f\r"
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _strip(text: str) -> str:
    return text.strip(_SPACE)


def _int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def strtoll(text: str) -> tuple[int, str, bool]:
    """g_ascii_strtoll(text, &rest, 0): (value, rest, overflowed)."""
    i, n = 0, len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    sign = 1
    if i < n and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    base, digits = 10, "0123456789"
    if text[i:i + 2].lower() == "0x" and i + 2 < n and text[i + 2] in "0123456789abcdefABCDEF":
        base, digits, i = 16, "0123456789abcdefABCDEF", i + 2
    elif text[i:i + 1] == "0":
        base, digits = 8, "01234567"
    start = i
    while i < n and text[i] in digits:
        i += 1
    if i == start:
        return 0, text, False  # no conversion: rest is the whole string
    value = sign * int(text[start:i], base)
    if value > _INT64_MAX:
        return _INT64_MAX, text[i:], True
    if value < _INT64_MIN:
        return _INT64_MIN, text[i:], True
    return value, text[i:], False


def to_int(text: str | None, line: int) -> int:
    """ToInt (manifest.c:132-141)."""
    if text is None:  # only reachable for a network source without a port; zerovm then says:
        raise manifest_fail(line, "invalid channel url")
    value, rest, overflow = strtoll(_strip(text))
    if rest or overflow:
        raise manifest_fail(line, f"invalid numeric value '{rest}'")
    return value


def _split(text: str, sep: str, max_tokens: int) -> list[str]:
    """g_strsplit: at most max_tokens pieces, the last holding the rest."""
    return text.split(sep, max_tokens - 1)


@dataclass(frozen=True)
class Source:
    path: str | None  # a local path, or None for a network source
    protocol: str | None = None


@dataclass(frozen=True)
class ChannelDecl:
    line: int
    alias: str
    sources: tuple[Source, ...]
    type: int  # as zerovm stores it: an unsigned 32-bit enum
    etag: bool
    limits: tuple[int, int, int, int]


@dataclass(frozen=True)
class ParsedManifest:
    program: str | None
    memory: int
    memory_etag: bool
    timeout: int  # int32, as zerovm stores it
    channels: tuple[ChannelDecl, ...]
    job: str | None = None
    name_server: bool = False
    node: int = 0
    counters: dict[str, int] = field(default_factory=dict)


def _parse_name(name: str, line: int) -> Source:
    """ParseName (manifest.c:206-240)."""
    name = _strip(name)
    tokens = _split(name, ":", 3)
    proto = next((p for p in PROTOCOLS if p.lower() == _strip(tokens[0]).lower()), None)
    if proto is None:
        if len(tokens) > 1:
            raise manifest_fail(line, "invalid channel name")
        if not name.startswith("/"):
            raise manifest_fail(line, "only absolute path channels are allowed")
        return Source(name)
    if len(tokens) < 2:
        raise manifest_fail(line, "invalid channel url")
    host = tokens[1]
    if "." in host:
        try:
            ipaddress.IPv4Address(_strip(host))
        except ValueError:
            raise manifest_fail(line, "malformed ip token") from None
    else:
        to_int(host, line)
    to_int(tokens[2] if len(tokens) > 2 else None, line)
    return Source(None, proto)


def parse_manifest(text: str) -> ParsedManifest:
    """ManifestTextCtor: parse every line, then check presence/duplicates (raises ZvmFail)."""
    text = text[:SIZE_LIMIT].split("\0", 1)[0]
    counters = dict.fromkeys(KEYWORDS, 0)
    program: str | None = None
    memory, memory_etag, timeout, node = 0, False, 0, 0
    job: str | None = None
    name_server = False
    channels: list[ChannelDecl] = []
    for i, line_text in enumerate(_split(text, "\n", LINES_LIMIT)):
        line = i + 1
        tokens = _split(line_text, "=", 16)
        if not line_text or len(tokens) != 2:
            continue
        key, value = _strip(tokens[0]), tokens[1]
        if key not in counters:
            continue
        counters[key] += 1
        if key == "Version":
            if _strip(value) != VERSION:
                raise manifest_fail(line, "invalid manifest version")
        elif key == "Program":
            program = _strip(value)
        elif key == "Memory":
            parts = _split(value, ",", 2)
            if len(parts) < 2:
                raise manifest_fail(line, "invalid memory token")
            memory = to_int(parts[0], line)
            tag = to_int(parts[1], line)
            if tag not in (0, 1):
                raise manifest_fail(line, "invalid memory etag token")
            memory_etag = tag == 1
        elif key == "Timeout":
            timeout = _int32(to_int(value, line))
        elif key == "Node":
            node = _int32(to_int(value, line))
        elif key == "Job":
            if len(value) > 108:
                raise manifest_fail(line, "too long Job name")
            job = _strip(value)
        elif key == "NameServer":
            _parse_name(value, line)
            name_server = True
        elif key == "Channel":
            channels.append(_parse_channel(value, line))
    for key in reversed(KEYWORDS[1:]):  # while(--n): never reaches Channel (index 0)
        if counters[key] == 0 and key in OBLIGATORY:
            raise fail("src/main/manifest.c", 345, EFAULT, f"{key} not specified")
        if counters[key] > 1 and key in SINGLETON:
            raise fail("src/main/manifest.c", 347, EFAULT, f"duplicate {key} keyword")
    return ParsedManifest(program, memory, memory_etag, timeout, tuple(channels), job, name_server, node, counters)


def _parse_channel(value: str, line: int) -> ChannelDecl:
    """Channel (manifest.c:256-296)."""
    tokens = _split(value, ",", 8)
    if len(tokens) < 8:
        raise manifest_fail(line, "invalid channel tokens number")
    alias = _strip(tokens[1])
    sources = tuple(_parse_name(name, line) for name in _split(tokens[0], ";", 16))
    ctype = to_int(tokens[2], line) & 0xFFFFFFFF
    tag = to_int(tokens[3], line)
    if tag not in (0, 1):
        raise manifest_fail(line, "invalid channel numeric token")
    limits = []
    for token in tokens[4:8]:
        limit = to_int(token, line)
        if limit < 0:
            raise manifest_fail(line, f"negative limits for {alias}")
        limits.append(limit)
    return ChannelDecl(line, alias, sources, ctype, tag == 1, (limits[0], limits[1], limits[2], limits[3]))


# -- channel construction ---------------------------------------------------------------------


@dataclass(frozen=True)
class StagedFile:
    """A file the target stages for a channel (in memory): None when it does not exist."""

    data: bytes | None


class HostFiles:
    """The file system as zerovm would see it: staged files in memory, the rest stat()ed.

    The model never writes host files: a writable channel on a real path is modelled
    in memory too (its bytes are reported, the file is left alone).
    """

    def __init__(self, staged: dict[str, StagedFile], virtual_dir: str | None = None, preallocate: bool = True) \
            -> None:
        self.staged = staged
        self.virtual_dir = virtual_dir  # files in here exist only if staged
        self.preallocate = preallocate  # False with -P

    def can_create(self, path: str) -> bool:
        """Could zerovm open(O_CREAT) this path: does its directory exist?"""
        if path in self.staged:
            return True
        parent = os.path.dirname(path)
        if self.virtual_dir is not None and self._virtual(path):
            return parent == self.virtual_dir or any(os.path.dirname(p) == parent for p in self.staged)
        return os.path.isdir(parent)

    def is_virtual(self, path: str) -> bool:
        return self._virtual(path)

    def _virtual(self, path: str) -> bool:
        return path in self.staged or (self.virtual_dir is not None and path.startswith(f"{self.virtual_dir}/"))

    def kind(self, path: str) -> str:
        """"regular" (also: does not exist), "null", or zerovm's other source type names."""
        if self._virtual(path):
            return REGULAR
        if path == "/dev/null":
            return "null"
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return REGULAR  # zerovm treats a source it cannot stat as a regular file
        if stat.S_ISREG(mode):
            return REGULAR
        if stat.S_ISCHR(mode):
            return "character"
        if stat.S_ISFIFO(mode):
            return "fifo"
        return "other"  # directory, block device, socket

    def read(self, path: str) -> bytes | None:
        if self._virtual(path):
            return self.staged[path].data if path in self.staged else None
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError:
            return None


def _rw_class(limits: tuple[int, int, int, int]) -> int:
    g, gs, p, ps = limits
    return (1 if g and gs else 0) | (2 if p and ps else 0)


def _mount(decl: ChannelDecl, host: HostFiles) -> Channel:
    """ChannelCtor's per-channel part after the alias check: type, then each source."""
    if decl.type > 3:
        raise fail("src/channels/channel.c", 375, EFAULT, f"{decl.alias} has invalid type {_int32(decl.type)}")
    if len(decl.sources) != 1:
        raise Unsupported(f"channel {decl.alias}: {len(decl.sources)} sources (replicas are not modelled)")
    source = decl.sources[0]
    if source.path is None:
        raise Unsupported(f"channel {decl.alias}: network source {source.protocol} is not modelled")
    path = source.path
    rw = _rw_class(decl.limits)
    channel = Channel(decl.alias, decl.type, decl.limits, tagged=decl.etag)
    kind = host.kind(path)
    if kind in ("null", "character", "fifo"):
        if rw not in (1, 2):
            raise fail("src/channels/preload.c", 102, EINVAL, f"{decl.alias} has invalid i/o type")
        if kind != "null":
            raise Unsupported(f"channel {decl.alias}: {kind} device {path} is not modelled (only /dev/null)")
        channel.kind = CHARACTER
        return channel
    if kind == "other":
        raise fail("src/channels/preload.c", 190, EPROTONOSUPPORT,
                   f"invalid {decl.alias} source type {_int32(decl.type)}")
    if rw == 1:
        data = host.read(path)
        if data is None:
            raise fail("src/channels/preload.c", 127, EFAULT, f"cannot open {path}")
        channel.content = bytearray(data)
        channel.size = len(data)
    elif rw == 2:
        channel.size = 0  # opened O_TRUNC
        if not host.can_create(path):
            # open() failed; the preallocation's ftruncate(-1) reports EBADF (-P: the open check)
            if host.preallocate and path != "/dev/null":
                raise fail("src/channels/preload.c", 91, EBADF, f"cannot preallocate {decl.alias}")
            raise fail("src/channels/preload.c", 165, ENOENT, f"{path} open error")
    elif rw == 3:
        if decl.type == 0:
            raise fail("src/channels/preload.c", 139, EFAULT, "sequential channels cannot have r/w access")
        if decl.type == 2:
            raise fail("src/channels/preload.c", 141, EFAULT,
                       "sequential read / random write channels not supported")
        if not host.can_create(path):
            raise fail("src/channels/preload.c", 148, EFAULT, f"cannot open {path}")
        data = host.read(path) or b""  # opened O_RDWR|O_CREAT
        channel.content = bytearray(data)
        channel.size = len(data)
        if data:
            channel.putpos = len(data) if decl.type == 1 else 0
    else:
        raise fail("src/channels/preload.c", 161, EINVAL, f"{decl.alias} has invalid i/o type")
    return channel


def descriptor_order(aliases: list[str]) -> list[int]:
    """SortChannels: indexes of `aliases` in descriptor order (harness.manifest's numbering)."""
    tagged = [ManifestChannel(str(i), alias) for i, alias in enumerate(aliases)]
    return [int(channel.uri) for channel in channel_descriptors(tagged)]


def open_channels(decls: tuple[ChannelDecl, ...], host: HostFiles, opened: list[tuple[ChannelDecl, Channel]]) -> \
        list[Channel]:
    """ChannelsCtor (channel.c:425-488). `opened` collects what was mounted before a failure."""
    if len(decls) >= MAX_CHANNELS:
        raise fail("src/channels/channel.c", 437, ENFILE, "channels number reached maximum")
    if len(decls) < MIN_CHANNELS:
        raise fail("src/channels/channel.c", 439, EFAULT, f"not enough channels: {len(decls)}")
    if any(s.path is None for d in decls for s in d.sources):
        raise Unsupported("network channels are not modelled")
    seen: set[str] = set()
    order = list(range(len(decls)))
    # mount the leading read-only channels first, then the rest (all local: manifest order)
    for i in order:
        decl = decls[i]
        if decl.alias in seen:
            raise fail("src/channels/channel.c", 41, EFAULT, f"{decl.alias} is already allocated")
        seen.add(decl.alias)
        opened.append((decl, _mount(decl, host)))
    channels = [opened[i][1] for i in descriptor_order([d.alias for d in decls])]
    if len(channels) <= 2 or channels[2].alias != STDERR:
        raise fail("src/channels/channel.c", 472, EFAULT, "missing standard channels in manifest")
    return channels


def program_size(program: str | None) -> int:
    """GetFileSize of Program: -1 when it cannot be stat()ed (zerovm.c:115-116)."""
    if program is None:
        raise fail("src/main/zerovm.c", 114, EFAULT, "program not specified")
    try:
        return os.stat(program).st_size
    except OSError:
        raise fail("src/main/zerovm.c", 116, ENOENT, "program open error") from None


__all__ = ["ChannelDecl", "HostFiles", "ParsedManifest", "StagedFile", "ZvmFail", "descriptor_order",
           "open_channels", "parse_manifest", "program_size"]
