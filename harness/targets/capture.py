"""Bounded capture of what a target prints or writes: a head, a tail, the size and a digest.

A broken zerovm (or a nexe under it) may print gigabytes on its stdout or fill an
output channel up to its 1 GiB quota; the harness must neither hold that in memory
nor lose the end of zerovm's stdout, where the report is.  A `Capture` keeps the
first `head` bytes, the last `tail` bytes, the total size and a SHA-256 of every
byte (up to `MAX_HASHED`: hashing a sparse terabyte would take the rest of the day);
`Captured` is what it kept.  Pipes and output files go through the same class.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

HEAD = 1 << 20
TAIL = 64 << 10
# zerovm's own stdout and stderr carry a report of a few lines: a smaller head, since pytest keeps
# every failure's text (with the report) for the whole session.
STREAM_HEAD = 64 << 10
MAX_HASHED = 4 << 30  # beyond this the digest is not computed (None)
CHUNK = 1 << 20


@dataclass(frozen=True)
class Captured:
    """What a `Capture` kept: all of it when `size <= len(head) + len(tail)`, else head and tail."""

    head: bytes
    tail: bytes
    size: int  # every byte seen
    sha256: str | None  # of every byte seen; None past MAX_HASHED

    @property
    def cut(self) -> bool:
        return self.size > len(self.head) + len(self.tail)

    @property
    def data(self) -> bytes:
        """The bytes kept: everything, or the head followed directly by the tail."""
        return self.head + self.tail

    def text(self) -> str:
        """The bytes as text; a cut says where the bytes are missing and how many there were."""
        if not self.cut:
            return self.data.decode(errors="replace")
        missing = self.size - len(self.head) - len(self.tail)
        return (self.head.decode(errors="replace") + f"\n[harness: {missing} bytes cut here; {self.size} in all, "
                f"sha256 {self.sha256 or 'not computed'}]\n" + self.tail.decode(errors="replace"))


class Capture:
    """A sink that keeps a bounded head and tail of everything written to it."""

    def __init__(self, head: int = HEAD, tail: int = TAIL) -> None:
        self.head_limit = head
        self.tail_limit = tail
        self._head = bytearray()
        self._tail = bytearray()
        self._sha: hashlib._Hash | None = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        self.size += len(view)
        if self._sha is not None:
            if self.size > MAX_HASHED:
                self._sha = None
            else:
                self._sha.update(view)
        room = self.head_limit - len(self._head)
        if room > 0:
            self._head += view[:room]
            view = view[room:]
        if len(view) >= self.tail_limit:
            self._tail = bytearray(view[len(view) - self.tail_limit:])
        elif len(view):
            self._tail += view
            excess = len(self._tail) - self.tail_limit
            if excess > 0:
                del self._tail[:excess]

    def result(self) -> Captured:
        return Captured(bytes(self._head), bytes(self._tail), self.size,
                        self._sha.hexdigest() if self._sha is not None else None)


def captured(data: bytes | memoryview, head: int = HEAD, tail: int = TAIL) -> Captured:
    """Bytes already in memory, kept as a `Capture` keeps them (what leaves a session is bounded)."""
    capture = Capture(head, tail)
    capture.write(data)
    return capture.result()


def read_output(path: Path, head: int = HEAD, tail: int = TAIL) -> Captured | None:
    """An output file read the bounded way; None when it is absent or not a regular file.

    The file belongs to zerovm's user, who may have replaced it by a symlink (to
    /dev/zero, or to a file only root may read) or a FIFO: neither is followed nor
    opened for reading, and no more than the size it had when opened is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb", buffering=0) as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        capture = Capture(head, tail)
        remaining = info.st_size
        if remaining > MAX_HASHED:
            # Too big to hash in reasonable time: read just the head and the tail.
            capture.write(f.read(head))
            f.seek(remaining - tail)
            return Captured(capture.result().head, f.read(tail), remaining, None)
        while remaining > 0:
            chunk = f.read(min(CHUNK, remaining))
            if not chunk:
                break
            capture.write(chunk)
            remaining -= len(chunk)
        return capture.result()

