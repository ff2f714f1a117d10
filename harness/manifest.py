"""ZeroVM manifests (version 20130611): the model, how it is written, and how zerovm reads it.

    Version = 20130611
    Program = /path/prog.nexe
    Memory = 268435456, 0
    Timeout = 10
    Channel = /path/in, /dev/stdin, 0, 0, 999, 99999, 0, 0

Channel fields are `uri, alias, type, etag, gets, get_size, puts, put_size`.  A
channel is readable when gets and get_size are both non-zero and writable when puts
and put_size are (ZEROVM.md section 1).

Writing: `Channel` and `Manifest` (frozen) and their `render()`.

Reading, exactly as zerovm 54a57b1 does (sources: src/main/manifest.c, setup.c,
zerovm.c, src/channels/channel.c, preload.c, prefetch_zmq.c, nservice.c):

- `parse_manifest(data) -> ParsedManifest`: the lexical and keyword rules of
  `ManifestTextCtor` (a 0-byte file, the size limit, lines, `key = value`, integers,
  every keyword's value syntax, then the presence/duplicate check).  Never raises.
- `check_manifest(parsed, cwd) -> list[ManifestProblem]`: what zerovm checks later,
  using only the manifest and the file system, in zerovm's order: the program file
  (and, optionally, zerovm's ELF loader rules through `harness.loader`), the channel
  count, mounting each channel (aliases, type, every source's file type and access
  class), the name server, the standard channels, Memory and the heap, Timeout.
- `manifest_problems(data, cwd)`: both lists, in zerovm's order.  zerovm stops at the
  first problem (every check is a `ZLOGFAIL` that exits); the later ones are what it
  would reject next, so `first_problem(problems)` / `zerovm_verdict(problems)` give the
  exit code and the report's exit-state line zerovm prints.
- `channel_descriptors(channels)`: the channels in descriptor order (stdin, stdout,
  stderr, then the other aliases in `strcmp` order), as the user manifest lists them.
- The stages of `check_manifest`, for a model of zerovm that runs them between loading
  and validating the program as zerovm does (harness.targets.ref): `program_problem`,
  `mount_channels` (its problems and the channels zerovm had opened when it stopped;
  `mount_order`), `memory_problems` (`user_heap_size`), `timeout_problems`.

A `ManifestProblem` has the manifest `line` it is about (or None), the `message` in
zerovm's words, zerovm's `exit_code`, and `where`, zerovm's source location
(`"src/main/manifest.c 345"`).  `tagged` problems are the `MFTFAIL` ones whose exit
state is `MANIFEST <line>: <message>`; the others read `<where>: <message>`
(`exit_state`).  A problem with `where=None` has no exact exit-state text (the
loader's findings; a fault inside zerovm, whose host address is random).

Text: zerovm works on C strings of bytes.  Here bytes are decoded as UTF-8 with
`surrogateescape` so that any byte survives; lengths and `strcmp` orders are taken
on the re-encoded bytes.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import stat as stat_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

VERSION = "20130611"
MIB = 1 << 20

# Channel types (the third Channel field).
SGETSPUT, RGETSPUT, SGETRPUT, RGETRPUT = 0, 1, 2, 3

STANDARD_ALIASES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")

# errno values zerovm exits with (Linux x86-64).
EPERM, ENOENT, EINTR, EIO, ENOEXEC, EBADF, ENOMEM, EACCES, EFAULT = 1, 2, 4, 5, 8, 9, 12, 13, 14
EINVAL, ENFILE, EFBIG, EPROTONOSUPPORT = 22, 23, 27, 93
ERRNO_NAMES = {0: "OK", EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENOEXEC: "ENOEXEC",
               EBADF: "EBADF", ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EINVAL: "EINVAL",
               ENFILE: "ENFILE", EFBIG: "EFBIG", EPROTONOSUPPORT: "EPROTONOSUPPORT"}

# Limits of manifest.c, channel.c, nservice.h, setup.c and config.h.
SIZE_LIMIT = 0x80000  # MANIFEST_SIZE_LIMIT: bytes read
LINES_LIMIT = 0x2000  # MANIFEST_LINES_LIMIT: the last line keeps the rest of the text
TOKENS_LIMIT = 0x10  # MANIFEST_TOKENS_LIMIT: '=' pieces per line, ';' sources per channel
JOB_NAME_LIMIT = 108  # UNIX_PATH_MAX
MAX_CHANNELS = 10915  # MAX_CHANNELS_NUMBER: this many or more is ENFILE
MIN_CHANNELS = 3
FOURGIG = 1 << 32
STACK_SIZE = 16 * MIB  # NACL_DEFAULT_STACK_MAX, already 64 KiB aligned
LEAST_USER_HEAP = 8 * MIB
LOG_MSG_LIMIT = 0x1000  # zlog.c: the exit state is built in a buffer this big (with its NUL)
# ext4 with 4 KiB blocks (the reference host): ftruncate beyond this fails with EFBIG.
EXT4_MAX_FILE_SIZE = (1 << 44) - 4096

# manifest.c KEYWORDS, in order: index 0 (Channel) is never presence-checked.
KEYWORDS = ("Channel", "Version", "Program", "Memory", "Timeout", "NameServer", "Node", "Job", "Etag")
OBLIGATORY = frozenset({"Channel", "Version", "Program", "Memory", "Timeout"})
# manifest.h PROTOCOLS: the first six are network protocols (IS_NETWORK: protocol < Regular).
PROTOCOLS = ("TCP", "UDP", "IPC", "INPROC", "PGM", "EPGM",
             "Regular", "Directory", "Character", "Block", "FIFO", "Link", "Socket")
NETWORK_PROTOCOLS = frozenset(PROTOCOLS[:6])

# g_strstrip trims g_ascii_isspace characters: not \v (glib's table leaves VT out) [O].
_GLIB_SPACE = " \t\n\f\r"
# glibc's strtoll skips isspace() in the C locale before the number, \v included [O].
_C_SPACE = " \t\n\v\f\r"

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_MANIFEST_C = "src/main/manifest.c"
_CHANNEL_C = "src/channels/channel.c"
_PRELOAD_C = "src/channels/preload.c"
_SETUP_C = "src/main/setup.c"


@dataclass(frozen=True)
class Channel:
    uri: str
    alias: str
    type: int = SGETSPUT
    etag: int = 0
    gets: int = 0
    get_size: int = 0
    puts: int = 0
    put_size: int = 0

    @property
    def readable(self) -> bool:
        return self.gets != 0 and self.get_size != 0

    @property
    def writable(self) -> bool:
        return self.puts != 0 and self.put_size != 0

    @property
    def access_class(self) -> int:
        """CH_RW_TYPE (channel.h): 0 none, 1 read-only, 2 write-only, 3 read-write."""
        return int(self.readable) | int(self.writable) << 1

    def render(self) -> str:
        return (f"Channel = {self.uri}, {self.alias}, {self.type}, {self.etag}, "
                f"{self.gets}, {self.get_size}, {self.puts}, {self.put_size}")


@dataclass(frozen=True)
class Manifest:
    program: str
    channels: tuple[Channel, ...]
    memory: int = 256 * MIB
    memory_etag: int = 0
    timeout: int = 10
    version: str = VERSION
    extra: tuple[tuple[str, str], ...] = field(default=())  # Job, NameServer, Node, Etag

    def render(self) -> str:
        lines = [f"Version = {self.version}", f"Program = {self.program}",
                 f"Memory = {self.memory}, {self.memory_etag}", f"Timeout = {self.timeout}"]
        lines += [f"{key} = {value}" for key, value in self.extra]
        lines += [c.render() for c in self.channels]
        return "\n".join(lines) + "\n"


def channel_descriptors(channels: Iterable[Channel]) -> list[Channel]:
    """The channels in descriptor order: 0 stdin, 1 stdout, 2 stderr, then by alias.

    zerovm sorts by `g_strcmp0` of the aliases and then (a stable merge sort) moves the
    three standard channels to the front (channel.c SortChannels), whatever their
    order in the manifest.
    """
    def key(channel: Channel) -> tuple[int, bytes]:
        rank = STANDARD_ALIASES.index(channel.alias) if channel.alias in STANDARD_ALIASES else 3
        return rank, _bytes(channel.alias)

    return sorted(channels, key=key)


@dataclass(frozen=True)
class ManifestProblem:
    """One thing zerovm rejects, in zerovm's words.

    `line`: the manifest line it is about (None when it is about the whole manifest);
    `tagged`: zerovm itself names that line (`MANIFEST <line>: ...`, its MFTFAIL);
    `where`: the zerovm source location of the failing check, None when unknown;
    `undefined`: zerovm has undefined behaviour here (it reads past the end of a token
    array or of the channel array); the problem is what the reference build showed most.
    """

    line: int | None
    message: str
    exit_code: int
    where: str | None
    tagged: bool = False
    undefined: bool = False  # zerovm reads past an array here: the outcome seen most, not a certainty

    @property
    def errno_name(self) -> str:
        return ERRNO_NAMES.get(self.exit_code, str(self.exit_code))

    @property
    def exit_state(self) -> str:
        """The report's exit-state line (report line 6) zerovm writes for this problem."""
        if self.tagged:
            text = f"MANIFEST {self.line}: {self.message}"
        elif self.where is not None:
            text = f"{self.where}: {self.message}"
        else:
            text = self.message
        # zlog.c formats into a 4 KiB buffer: longer messages are cut.
        return _text(_bytes(text)[:LOG_MSG_LIMIT - 1])


@dataclass(frozen=True)
class Source:
    """One ';'-separated part of a channel uri (or the NameServer value)."""

    text: str  # as written, trimmed
    protocol: str | None = None  # a PROTOCOLS name for `proto:host:port`; None for a path
    host: int = 0  # uint32: an IPv4 address in network order, or a node id
    port: int = 0  # uint16
    ip_host: bool = False  # the host was a dotted address

    @property
    def network(self) -> bool:
        return self.protocol in NETWORK_PROTOCOLS

    @property
    def path(self) -> str | None:
        """The file name zerovm opens; None for `Regular:...`-style names, which zerovm
        stores as a network record and then treats as a file with a NULL name."""
        return self.text if self.protocol is None else None


@dataclass(frozen=True)
class ParsedChannel:
    """A Channel line: `channel` holds the values zerovm stored (0 for what it never got to)."""

    line: int
    channel: Channel
    sources: tuple[Source, ...]
    ok: bool  # False when the line has a problem (zerovm would have stopped there)
    alias_known: bool = True  # False when the line did not even have 8 fields


@dataclass(frozen=True)
class ParsedManifest:
    """What zerovm's parser stored, and the problems it found, in zerovm's order.

    Keyword values are the last ones given (zerovm overwrites); None when absent or
    when their line had a problem.  Integers are int64 as parsed; `timeout` and `node`
    are already cut to zerovm's int32 fields.
    """

    problems: tuple[ManifestProblem, ...]
    channels: tuple[ParsedChannel, ...] = ()
    program: str | None = None
    memory: int | None = None
    memory_etag: int | None = None
    timeout: int | None = None
    node: int | None = None
    name_server: Source | None = None
    job: str | None = None
    etag: str | None = None
    versions: tuple[str, ...] = ()  # the Version values, each already checked
    counts: tuple[tuple[str, int], ...] = ()  # keyword -> times it was used
    broken_keys: frozenset[str] = frozenset()  # keywords whose (last) line had a problem

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_manifest(self) -> Manifest | None:
        """The `Manifest` model, when parsing found no problem."""
        if not self.ok or self.program is None or self.memory is None or self.timeout is None:
            return None
        extra: list[tuple[str, str]] = []
        if self.name_server is not None:
            extra.append(("NameServer", self.name_server.text))
        if self.node is not None:
            extra.append(("Node", str(self.node)))
        if self.job is not None:
            extra.append(("Job", self.job))
        if self.etag is not None:
            extra.append(("Etag", self.etag))
        return Manifest(self.program, tuple(c.channel for c in self.channels), self.memory,
                        self.memory_etag or 0, self.timeout, VERSION, tuple(extra))


# ---------------------------------------------------------------------------------------------
# Helpers with C semantics


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _strip(text: str) -> str:
    return text.strip(_GLIB_SPACE)


def _split(text: str, delimiter: str, max_tokens: int) -> list[str]:
    """g_strsplit: at most max_tokens pieces, the last keeps the rest; "" gives none."""
    return text.split(delimiter, max_tokens - 1) if text else []


def int32(value: int) -> int:
    """A value as zerovm's int32 fields hold it (wrapped to 32 bits, signed)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def _strtoll(text: str) -> tuple[int, str, bool]:
    """glibc strtoll(text, &end, 0): (value, the text at end, overflowed)."""
    i, n = 0, len(text)
    while i < n and text[i] in _C_SPACE:
        i += 1
    negative = False
    if i < n and text[i] in "+-":
        negative = text[i] == "-"
        i += 1
    base = 10
    if i < n and text[i] == "0":
        if i + 1 < n and text[i + 1] in "xX":
            base, i = 16, i + 2
        else:
            base = 8
    digits = "0123456789abcdef"[:base]
    start = i
    while i < n and text[i].lower() in digits:
        i += 1
    if i == start:
        # No digits: glibc points end at the 'x' of a bare "0x", otherwise at the start.
        if base == 16:
            return 0, text[start - 1:], False
        return 0, text, False
    value = int(text[start:i], base)
    value = -value if negative else value
    if not _INT64_MIN <= value <= _INT64_MAX:
        return (_INT64_MIN if negative else _INT64_MAX), text[i:], True
    return value, text[i:], False


def _inet_pton4(text: str) -> int | None:
    """glibc inet_pton(AF_INET): strict dotted quad, no leading zeros; s_addr or None."""
    octets: list[int] = []
    digit_seen = False
    for ch in text:
        if "0" <= ch <= "9":
            if digit_seen and octets[-1] == 0:
                return None
            if not digit_seen:
                if len(octets) == 4:
                    return None
                octets.append(0)
                digit_seen = True
            octets[-1] = octets[-1] * 10 + int(ch)
            if octets[-1] > 255:
                return None
        elif ch == "." and digit_seen:
            if len(octets) == 4:
                return None
            digit_seen = False
        else:
            return None
    if len(octets) < 4 or not digit_seen:
        return None
    return int.from_bytes(bytes(octets), "little")  # s_addr is in network order


class _Fail(Exception):
    """A MFTFAIL/ZLOGFAIL inside the parser: the rest of that keyword's line is skipped."""


# ---------------------------------------------------------------------------------------------
# The parser (manifest.c ManifestTextCtor)


class _Parser:
    def __init__(self) -> None:
        self.problems: list[ManifestProblem] = []
        self.line = 0
        self.program: str | None = None
        self.memory: int | None = None
        self.memory_etag: int | None = None
        self.timeout: int | None = None
        self.node: int | None = None
        self.name_server: Source | None = None
        self.job: str | None = None
        self.etag: str | None = None
        self.versions: list[str] = []
        self.channels: list[ParsedChannel] = []
        self.counts = dict.fromkeys(KEYWORDS, 0)
        self.broken: set[str] = set()
        self.line_ok = True

    def fail(self, where_line: int, message: str, *, stop: bool = True, undefined: bool = False) -> None:
        """MFTFAIL: EFAULT, `MANIFEST <line>: message`."""
        self.problems.append(ManifestProblem(self.line, message, EFAULT, f"{_MANIFEST_C} {where_line}", True,
                                             undefined))
        self.line_ok = False
        if stop:
            raise _Fail

    def to_int(self, text: str) -> int:
        """ToInt (manifest.c:130): trimmed, strtoll base 0, nothing may follow."""
        value, rest, overflow = _strtoll(_strip(text))
        if rest or overflow:
            self.fail(137, f"invalid numeric value '{rest}'")
        return value

    def run(self, data: bytes) -> ParsedManifest:
        if not data:
            # GetManifestData: fread() < 1 (manifest.c:126).
            return ParsedManifest((ManifestProblem(None, "manifest read error", EIO, f"{_MANIFEST_C} 126"),))
        # The buffer is a C string of at most SIZE_LIMIT bytes (a file of exactly that size
        # or more is not NUL-terminated in zerovm: undefined; here it is cut).
        text = _text(data[:SIZE_LIMIT].split(b"\0", 1)[0])
        for index, line in enumerate(_split(text, "\n", LINES_LIMIT)):
            self.line = index + 1
            tokens = _split(line, "=", TOKENS_LIMIT)
            if not line or len(tokens) != 2:
                continue  # only `key = value` lines with exactly one '=' are used
            key = _strip(tokens[0])
            if key not in self.counts:
                continue  # unknown keys are ignored
            self.counts[key] += 1
            self.line_ok = True
            with contextlib.suppress(_Fail):
                getattr(self, f"_key_{key}")(tokens[1])
            if key != "Channel":
                if self.line_ok:
                    self.broken.discard(key)
                else:
                    # A value zerovm never finished storing: leave it to the problem reported.
                    self.broken.add(key)
                    attribute = {"Memory": "memory", "Timeout": "timeout", "Node": "node",
                                 "Job": "job", "NameServer": "name_server"}.get(key)
                    if attribute is not None:
                        setattr(self, attribute, None)
        self._check_counters()
        return ParsedManifest(
            tuple(self.problems), tuple(self.channels),
            program=self.program, memory=self.memory, memory_etag=self.memory_etag,
            timeout=self.timeout, node=self.node, name_server=self.name_server, job=self.job,
            etag=self.etag,
            versions=tuple(self.versions),
            counts=tuple(self.counts.items()),
            broken_keys=frozenset(self.broken))

    def _check_counters(self) -> None:
        """CheckCounters (manifest.c:341): `while(--n)` goes from Etag down to Version and
        never reaches Channel (index 0); for each, absence first, then duplication."""
        for key in reversed(KEYWORDS[1:]):
            if self.counts[key] == 0 and key in OBLIGATORY:
                self.problems.append(ManifestProblem(None, f"{key} not specified", EFAULT, f"{_MANIFEST_C} 345"))
            if self.counts[key] > 1:
                self.problems.append(ManifestProblem(None, f"duplicate {key} keyword", EFAULT, f"{_MANIFEST_C} 347"))

    # One method per keyword, named after it (the X-macro switch of manifest.c).

    def _key_Version(self, value: str) -> None:
        self.versions.append(_strip(value))
        if _strip(value) != VERSION:
            self.fail(160, "invalid manifest version")

    def _key_Program(self, value: str) -> None:
        self.program = _strip(value)

    def _key_Memory(self, value: str) -> None:
        tokens = _split(value, ",", 2)
        if len(tokens) != 2:
            # An empty value has no token at all: zerovm then reads past the array.
            self.fail(178, "invalid memory token", undefined=not tokens)
        size = self.to_int(tokens[0])
        tag = int32(self.to_int(tokens[1]))  # stored in an int
        if tag not in (0, 1):
            self.fail(185, "invalid memory etag token")
        self.memory, self.memory_etag = size, tag

    def _key_Timeout(self, value: str) -> None:
        self.timeout = int32(self.to_int(value))  # int32_t timeout

    def _key_Node(self, value: str) -> None:
        self.node = int32(self.to_int(value))  # int node

    def _key_Job(self, value: str) -> None:
        # The length is taken before trimming (manifest.c:203).
        if len(_bytes(value)) > JOB_NAME_LIMIT:
            self.fail(203, "too long Job name")
        self.job = _strip(value)

    def _key_Etag(self, value: str) -> None:
        self.etag = _strip(value)

    def _key_NameServer(self, value: str) -> None:
        self.name_server = self._parse_name(value)

    def _parse_name(self, name: str) -> Source:
        """ParseName (manifest.c:244): a path or `proto:host:port`."""
        name = _strip(name)
        if not name:
            # g_strsplit("") is empty; the protocol lookup then compares with NULL, which
            # glib answers as "equal" to TCP, and the url check reads past the array:
            # observed "invalid channel url".
            self.fail(270, "invalid channel url", undefined=True)
        tokens = _split(name, ":", 3)
        proto = next((p for p in PROTOCOLS if p.lower() == _strip(tokens[0]).lower()), None)
        if proto is None:
            if len(tokens) > 1:
                self.fail(256, "invalid channel name")
            if not name.startswith("/"):
                self.fail(257, "only absolute path channels are allowed")
            return Source(name)
        if len(tokens) != 3:
            # With two tokens the check reads tokens[3], past the array's NULL: stale heap
            # memory decides.  Observed: mostly "invalid channel url", but also "invalid
            # numeric value '<host>'" (ipc:abc, udp:/x) and a crash without a report
            # (tcp:5, NameServer = udp:1.2.3.4: rc 139).
            self.fail(270, "invalid channel url", undefined=len(tokens) == 2)
        host_text = tokens[1]
        if "." in host_text:
            address = _inet_pton4(_strip(host_text))
            if not address:  # 0.0.0.0 is refused too: the code tests the address for 0
                self.fail(224, "malformed ip token")
            host, ip_host = address or 0, True
        else:
            host, ip_host = self.to_int(host_text) & 0xFFFFFFFF, False
        port = self.to_int(tokens[2]) & 0xFFFF
        return Source(name, proto, host, port, ip_host)

    def _key_Channel(self, value: str) -> None:
        line = self.line
        tokens = _split(value, ",", 8)
        if len(tokens) != 8:
            self.channels.append(ParsedChannel(line, Channel("", ""), (), False, alias_known=False))
            # Fewer than 7 fields: the check reads past the array (observed: this message).
            self.fail(308, "invalid channel tokens number", undefined=len(tokens) < 7)
        alias = _strip(tokens[1])
        uri = _strip(tokens[0])
        sources: list[Source] = []
        # From here zerovm would stop at the first problem; go on to list the others too.
        for name in _split(tokens[0], ";", TOKENS_LIMIT):
            with contextlib.suppress(_Fail):
                sources.append(self._parse_name(name))
        numbers: list[int] = []
        for index, text in enumerate(tokens[2:]):
            try:
                number = self.to_int(text)
            except _Fail:
                numbers.append(0)
                continue
            if index == 1:
                number = int32(number)  # the etag is read into an int
                if number not in (0, 1):
                    self.fail(320, "invalid channel numeric token", stop=False)
            elif index >= 2 and number < 0:
                self.fail(327, f"negative limits for {alias}", stop=False)
            numbers.append(number)
        channel = Channel(uri, alias, *numbers)
        self.channels.append(ParsedChannel(line, channel, tuple(sources), self.line_ok))


def parse_manifest(data: bytes | str) -> ParsedManifest:
    """zerovm's manifest parser (ManifestCtor/ManifestTextCtor) on a file's bytes."""
    if isinstance(data, str):
        data = _bytes(data)
    return _Parser().run(data)


# ---------------------------------------------------------------------------------------------
# The later checks (zerovm.c main, channel.c ChannelsCtor, preload.c, setup.c)


StatFn = Callable[[str], os.stat_result]
AccessFn = Callable[[str, int], bool]


@dataclass
class _Checks:
    parsed: ParsedManifest
    cwd: Path
    preallocate: bool
    max_file_size: int
    stat: StatFn
    access: AccessFn
    fd_limit: int | None = None
    open_files: int = 0
    problems: list[ManifestProblem] = field(default_factory=list)
    opened: list[ParsedChannel] = field(default_factory=list)  # mounted before the first problem
    # Regular files the channels mounted so far made or truncated (normalised path -> size):
    # a later channel finds them so (a read-only channel reading what a writable one created).
    written: dict[str, int] = field(default_factory=dict)

    def made(self, path: str | None) -> bool:
        return path is not None and os.path.normpath(path) in self.written

    def can_open(self, path: str | None, mode: int) -> bool:
        """Would open() work: the file's access and a free descriptor (each mounted file
        source keeps one open until the session ends)."""
        if path is None or (self.fd_limit is not None and self.open_files >= self.fd_limit):
            return False
        if self.made(path):
            return True  # created by zerovm's user, 0600 (CHANNEL_RIGHTS) or already theirs to write
        return self.access(path, mode)

    def add(self, line: int | None, message: str, code: int, where: str | None) -> None:
        self.problems.append(ManifestProblem(line, message, code, where))

    def mount(self, entry: ParsedChannel, mounted: set[bytes]) -> None:
        """ChannelCtor (channel.c:366)."""
        channel = entry.channel
        alias = _bytes(channel.alias)
        if alias in mounted:  # g_tree_insert of a key already there (channel.c:41)
            self.add(entry.line, f"{channel.alias} is already allocated", EFAULT, f"{_CHANNEL_C} 41")
        mounted.add(alias)
        ctype = channel.type & 0xFFFFFFFF  # an unsigned enum
        if ctype > RGETRPUT:
            self.add(entry.line, f"{channel.alias} has invalid type {int32(ctype)}", EFAULT, f"{_CHANNEL_C} 375")
        for source in entry.sources:
            if source.network:
                if channel.access_class not in (1, 2):
                    self.add(entry.line, "invalid i/o type", EFAULT, "src/channels/prefetch_zmq.c 254")
            else:
                self.preload(entry, source, ctype)
        if not self.problems:  # zerovm is still running: this channel is open
            self.opened.append(entry)

    def preload(self, entry: ParsedChannel, source: Source, ctype: int) -> None:
        """PreloadChannelCtor (preload.c:169): the source's type, then its access class."""
        channel, line = entry.channel, entry.line
        path = source.path
        name = path if path is not None else "(null)"
        kind = "regular"  # stat() failing (a missing file, a NULL name) means regular
        if path is not None and not self.made(path):
            try:
                mode = self.stat(path).st_mode
            except (OSError, ValueError):
                mode = stat_module.S_IFREG
            if stat_module.S_ISCHR(mode) or stat_module.S_ISFIFO(mode):
                kind = "character"
            elif not stat_module.S_ISREG(mode):
                kind = "other"
        access = channel.access_class
        if kind == "other":  # a directory, block device or socket
            self.add(line, f"invalid {channel.alias} source type {int32(ctype)}", EPROTONOSUPPORT,
                     f"{_PRELOAD_C} 190")
        elif kind == "character":
            if access not in (1, 2):
                self.add(line, f"{channel.alias} has invalid i/o type", EINVAL, f"{_PRELOAD_C} 102")
            # RO opens O_RDONLY, WO opens O_RDWR; a failed open gives fdopen(-1): EBADF.
            elif not self.can_open(path, os.R_OK if access == 1 else os.R_OK | os.W_OK):
                self.add(line, f"cannot open {name}", EBADF, f"{_PRELOAD_C} 108")
            else:
                self.open_files += 1
        elif access == 1:
            if not self.can_open(path, os.R_OK):
                self.add(line, f"cannot open {name}", EFAULT, f"{_PRELOAD_C} 127")
            else:
                self.open_files += 1
        elif access == 2:
            self.write_only(entry, path)
        elif access == 3:
            self.read_write(entry, path, ctype)
        else:
            self.add(line, f"{channel.alias} has invalid i/o type", EINVAL, f"{_PRELOAD_C} 161")

    def creatable(self, path: str | None) -> bool:
        """Would open(path, O_WRONLY|O_CREAT) succeed?"""
        if path is None:
            return False
        if self.made(path) or os.path.lexists(path):
            return self.can_open(path, os.W_OK)
        parent = os.path.dirname(path) or "/"
        return os.path.isdir(parent) and self.can_open(parent, os.W_OK | os.X_OK)

    def preallocation_fails(self, entry: ParsedChannel) -> bool:
        return entry.channel.put_size > self.max_file_size

    def write_only(self, entry: ParsedChannel, path: str | None) -> None:
        channel, line = entry.channel, entry.line
        if not self.creatable(path):
            if self.preallocate:  # ftruncate(-1, ...): EBADF (preload.c:91)
                self.add(line, f"cannot preallocate {channel.alias}", EBADF, f"{_PRELOAD_C} 91")
            else:
                code = EFAULT if path is None else ENOENT if not os.path.isdir(os.path.dirname(path) or "/") \
                    else EACCES
                self.add(line, f"{path if path is not None else '(null)'} open error", code, f"{_PRELOAD_C} 165")
        else:
            self.open_files += 1
            if self.preallocate and path != "/dev/null" and self.preallocation_fails(entry):
                self.add(line, f"cannot preallocate {channel.alias}", EFBIG, f"{_PRELOAD_C} 91")
            elif path is not None and path != "/dev/null":  # O_TRUNC, then preallocated
                self.written[os.path.normpath(path)] = channel.put_size if self.preallocate else 0

    def read_write(self, entry: ParsedChannel, path: str | None, ctype: int) -> None:
        channel, line = entry.channel, entry.line
        if ctype == SGETSPUT:
            self.add(line, "sequential channels cannot have r/w access", EFAULT, f"{_PRELOAD_C} 139")
            return
        if ctype == SGETRPUT:
            self.add(line, "sequential read / random write channels not supported", EFAULT, f"{_PRELOAD_C} 141")
            return
        name = path if path is not None else "(null)"
        exists = path is not None and (self.made(path) or os.path.lexists(path))
        if not self.creatable(path) and not (exists and self.can_open(path, os.R_OK)):
            self.add(line, f"cannot open {name}", EFAULT, f"{_PRELOAD_C} 148")
            return
        self.open_files += 1
        size = self.size(path) if exists else 0
        if size == 0 and path != "/dev/null" and self.preallocate:
            if not self.creatable(path):
                self.add(line, f"cannot preallocate {channel.alias}", EBADF, f"{_PRELOAD_C} 91")
            elif self.preallocation_fails(entry):
                self.add(line, f"cannot preallocate {channel.alias}", EFBIG, f"{_PRELOAD_C} 91")
            elif path is not None:
                self.written[os.path.normpath(path)] = channel.put_size
        elif path is not None and not exists:
            self.written[os.path.normpath(path)] = 0
        elif not self.creatable(path):
            self.add(line, f"{name} open error", EACCES, f"{_PRELOAD_C} 165")

    def size(self, path: str | None) -> int:
        if path is not None and self.made(path):
            return self.written[os.path.normpath(path)]
        try:
            return self.stat(path).st_size if path is not None else 0
        except OSError:
            return 0


def check_manifest(parsed: ParsedManifest, cwd: Path | str = ".", *, preallocate: bool = True,
                   check_program: bool = True, data_end: int | None = None,
                   max_file_size: int = EXT4_MAX_FILE_SIZE, fd_limit: int | None = None, as_root: bool = False,
                   stat: StatFn = os.stat, access: AccessFn = os.access) -> list[ManifestProblem]:
    """The checks zerovm makes after parsing, in its order, from the manifest and the files.

    `cwd` is zerovm's working directory (a relative Program is relative to it).
    `preallocate=False` is zerovm's `-P`.  `check_program` applies zerovm's ELF loader
    rules (`harness.loader`) to the program, which also gives the end of its data
    (`data_end`, the start of the heap) for the heap-size rule; pass `data_end` to use
    another.  `max_file_size` is where the output file system refuses ftruncate (EFBIG).
    `fd_limit` is how many channel files zerovm can keep open: its RLIMIT_NOFILE less
    the 3 standard descriptors (1021 under `ulimit -n 1024` [O]; one less when syslog's
    /dev/log exists); None does not count them.  `as_root` adds zerovm's refusal to run
    as root.  `stat`/`access` look at the files
    (`/dev/stdin` and friends resolve in the calling process, not in zerovm).

    Not modelled: the validator, zeromq bind/connect failures, the name-service
    exchange, and files that only the checking user may (not) open.  Lines whose parse
    failed are left out of the checks that need their values.
    """
    problems: list[ManifestProblem] = []
    # ParseCommandLine (zerovm.c:114-116): the program must open for reading; then main
    # reads st_size bytes of it (gio_snapshot.c) and applies the ELF loader rules.
    if parsed.program is not None:
        checks = _Checks(parsed, Path(cwd), preallocate, max_file_size, stat, access, fd_limit)
        _, data_end = _check_program(checks, parsed.program, check_program, data_end)
        problems += checks.problems
    problems += mount_channels(parsed, preallocate=preallocate, max_file_size=max_file_size, fd_limit=fd_limit,
                               stat=stat, access=access).problems
    problems += memory_problems(parsed.memory, data_end)
    problems += timeout_problems(parsed.timeout)
    if as_root:
        problems.append(ManifestProblem(None, "zerovm is not permitted to run as root", EPERM, f"{_SETUP_C} 118"))
    return problems


# The stages of check_manifest, one by one, for a model of zerovm (harness.targets.ref) that
# interleaves them with loading and validating the program as zerovm's main() does:
# parse_manifest -> program_problem -> [ELF loader, validator] -> mount_channels ->
# memory_problems -> timeout_problems.  A problem from a stage after validation comes with
# validator state 0 in zerovm's report (2 with -s).


def program_problem(program: str, cwd: Path | str = ".", *, stat: StatFn = os.stat,
                    access: AccessFn = os.access) -> ManifestProblem | None:
    """zerovm's checks of the Program file before it reads it: ParseCommandLine's open
    check (zerovm.c:116) and main's snapshot read (zerovm.c:164); None when it can be read.
    A relative Program is relative to `cwd`."""
    path = str(Path(cwd) / program) if program else ""
    try:
        mode = stat(path)
    except (OSError, ValueError):
        mode = None
    if mode is None or not access(path, os.R_OK):
        return ManifestProblem(None, "program open error", ENOENT, "src/main/zerovm.c 116")
    if stat_module.S_ISDIR(mode.st_mode):
        # open() of a directory works, fread() of it does not, leaving errno 0 (zerovm.c:164) [O].
        return ManifestProblem(None, f"Cannot open '{program}'. Success", ENOENT, "src/main/zerovm.c 164")
    return None


@dataclass(frozen=True)
class ChannelMount:
    """ChannelsCtor's verdict: its problems in zerovm's order, and the channels zerovm had
    opened when it stopped at the first one (every channel when there is none), in mount order."""

    problems: tuple[ManifestProblem, ...]
    opened: tuple[ParsedChannel, ...]
    # How many of `problems` zerovm finds before it would ask the name service (the read-only
    # mounts and the name service's own checks): a model that runs the exchange does it only
    # when this is 0, and the problems after it only come after the exchange.
    before_name_service: int = 0


def mount_channels(parsed: ParsedManifest, *, preallocate: bool = True, max_file_size: int = EXT4_MAX_FILE_SIZE,
                   fd_limit: int | None = None, stat: StatFn = os.stat,
                   access: AccessFn = os.access) -> ChannelMount:
    """ChannelsCtor (channel.c:419): the channel count, mounting each channel in zerovm's
    order (aliases, type, every source's file type and access class), the name server and
    the standard channels.  Options as for `check_manifest`."""
    checks = _Checks(parsed, Path("."), preallocate, max_file_size, stat, access, fd_limit)
    add = checks.add
    entries = parsed.channels
    if len(entries) >= MAX_CHANNELS:
        add(None, "channels number reached maximum", ENFILE, f"{_CHANNEL_C} 437")
    if len(entries) < MIN_CHANNELS:
        add(None, f"not enough channels: {len(entries)}", EFAULT, f"{_CHANNEL_C} 439")
    order = mount_order(entries)
    mounted: set[bytes] = set()
    index = 0
    # Read-only channels at the front are mounted before the name service is asked.
    while index < len(order) and order[index].channel.access_class == 1:
        if order[index].ok:
            checks.mount(order[index], mounted)
        index += 1
    if order and index == len(order):
        # `while(IS_RO(CH_CH(manifest, i)))` runs off the end of the array when every
        # channel is read-only: zerovm faults ("Halting at" a random host address).
        checks.problems.append(ManifestProblem(None, "Signal 11 from trusted code", EINTR, None, undefined=True))
    _check_name_service(checks, order)
    before_name_service = len(checks.problems)
    for entry in order[index:]:
        if entry.ok:
            checks.mount(entry, mounted)
    aliases = {c.channel.alias for c in entries if c.alias_known}
    if all(c.alias_known for c in entries) and (
            len(entries) <= 2 or not set(STANDARD_ALIASES) <= aliases):
        add(None, "missing standard channels in manifest", EFAULT, f"{_CHANNEL_C} 472")
    return ChannelMount(tuple(checks.problems), tuple(checks.opened), before_name_service)


def memory_problems(memory: int | None, data_end: int | None) -> list[ManifestProblem]:
    """PreallocateUserMemory (setup.c:128): Memory within (0, 4 GiB] and, when the end of
    the program's data (`data_end`, where the heap starts) is known, a heap over 8 MiB."""
    if memory is None:
        return []
    if memory <= 0 or memory > FOURGIG:
        return [ManifestProblem(None, "invalid memory size", ENOMEM, f"{_SETUP_C} 138")]
    if data_end is not None and user_heap_size(memory, data_end) <= LEAST_USER_HEAP:
        return [ManifestProblem(None, "user heap size is too small", ENOMEM, f"{_SETUP_C} 145")]
    return []


def user_heap_size(memory: int, data_end: int) -> int:
    """The heap zerovm gives the program: from the 64 KiB page after its data to the stack."""
    return _roundup_64k(memory - STACK_SIZE) - _roundup_64k(data_end)


def timeout_problems(timeout: int | None) -> list[ManifestProblem]:
    """LastDefenseLine (setup.c:101): Timeout (an int32) must be at least 1."""
    if timeout is not None and timeout < 1:
        return [ManifestProblem(None, f"invalid timeout {timeout}", EFAULT, f"{_SETUP_C} 101")]
    return []


def _check_program(checks: _Checks, program: str, check_program: bool,
                   data_end: int | None) -> tuple[bytes | mmap.mmap | None, int | None]:
    problem = program_problem(program, checks.cwd, stat=checks.stat, access=checks.access)
    if problem is not None:
        checks.problems.append(problem)
        return None, data_end
    path = str(checks.cwd / program)
    mode = checks.stat(path)
    if not check_program or stat_module.S_ISFIFO(mode.st_mode):
        return None, data_end  # a FIFO would block zerovm: nothing to predict
    # zerovm reads st_size bytes: 0 for a character device such as /dev/zero.
    data: bytes | mmap.mmap = b""
    if stat_module.S_ISREG(mode.st_mode):
        from harness.userfiles import map_file

        # Mapped, not read: the loader touches only headers and segments, so a 2 GiB sparse
        # Program costs no memory to check.
        data = map_file(path)
    from harness.loader import check_loader  # the loader is only needed here

    try:
        report = check_loader(data)
    except Exception as exc:
        # The loader chokes on some garbage headers; zerovm's ELF header checks
        # (elf_util.c) refuse such a file with ENOEXEC.
        checks.add(None, f"not a loadable ELF file ({type(exc).__name__})", ENOEXEC, None)
        return data, data_end
    for finding in report.findings:
        checks.add(None, finding.message.split(" (zerovm exits")[0], report.exit_code, None)
    if report.layout is not None and data_end is None:
        data_end = report.layout.data_end
    return data, data_end


def _roundup_64k(value: int) -> int:
    return (value + 0xFFFF) & ~0xFFFF


def _net_counts(entry: ParsedChannel) -> tuple[int, int]:
    """CountNetSources: (binds, connects); a write-only channel connects, any other binds."""
    count = sum(1 for s in entry.sources if s.network)
    return (0, count) if entry.channel.access_class == 2 else (count, 0)


def mount_order(entries: Iterable[ParsedChannel]) -> list[ParsedChannel]:
    """OrderMount (channel.c:296) with glib's stable sort: channels with more "bind"
    sources first, then more "connect" sources, then the local ones in manifest order."""
    def key(entry: ParsedChannel) -> tuple[int, int]:
        binds, connects = _net_counts(entry)
        return -binds, -connects

    return sorted(entries, key=key)


def dismount_order(entries: Iterable[ParsedChannel]) -> list[ParsedChannel]:
    """OrderDismount (channel.c:318), the order zerovm closes channels in and lists their etags:
    OrderMount reversed, stably -- local channels first, then "connect" ones, then "bind" ones."""
    return sorted(entries, key=_net_counts)


def _check_name_service(checks: _Checks, order: list[ParsedChannel]) -> None:
    """NameServiceCtor (nservice.c:170): only with a NameServer and network sources."""
    parsed = checks.parsed
    if parsed.name_server is None:
        return
    if sum(sum(_net_counts(e)) for e in order) < 1:
        return
    if (parsed.node or 0) < 1:
        checks.add(None, f"invalid node: {parsed.node or 0}", EFAULT, "src/channels/nservice.c 186")
    if parsed.name_server.protocol != "UDP":
        checks.add(None, "name server only support udp protocol", EFAULT, "src/channels/nservice.c 187")


def manifest_problems(data: bytes | str, cwd: Path | str = ".", **options: object) -> list[ManifestProblem]:
    """Every problem zerovm would reject the manifest for, in zerovm's order (the first is
    the one it reports).  `options` are those of `check_manifest`."""
    parsed = parse_manifest(data)
    if parsed.problems and parsed.problems[0].exit_code == EIO:
        return list(parsed.problems)  # nothing was read
    return list(parsed.problems) + check_manifest(parsed, cwd, **options)  # type: ignore[arg-type]


def first_problem(problems: Iterable[ManifestProblem]) -> ManifestProblem | None:
    """zerovm stops at its first failed check: that one sets the exit code and state."""
    return next(iter(problems), None)


def zerovm_verdict(problems: Iterable[ManifestProblem]) -> tuple[int, str]:
    """(exit code, report exit-state line) zerovm gives; (0, "ok") when it accepts the
    manifest (the program's own run may still fail)."""
    first = first_problem(problems)
    return (0, "ok") if first is None else (first.exit_code, first.exit_state)
