"""ZeroVM manifests (version 20130611): the model and how it is written.

    Version = 20130611
    Program = /path/prog.nexe
    Memory = 268435456, 0
    Timeout = 10
    Channel = /path/in, /dev/stdin, 0, 0, 999, 99999, 0, 0

Channel fields are `uri, alias, type, etag, gets, get_size, puts, put_size`.  A
channel is readable when gets and get_size are both non-zero and writable when puts
and put_size are (ZEROVM.md section 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERSION = "20130611"
MIB = 1 << 20

# Channel types (the third Channel field).
SGETSPUT, RGETSPUT, SGETRPUT, RGETRPUT = 0, 1, 2, 3

STANDARD_ALIASES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")


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
