"""What a session left in its output files, read back for its `RunResult`.

Both functions that touch a user's files here are meant to run as the user zerovm runs
as (see harness.targets.privilege.as_user): they open what that user can open, follow
the links that user could follow, and never block on a FIFO or a device.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from harness.manifest import parse_manifest

MANIFEST_LIMIT = 0x80000  # zerovm reads at most 512 KiB of a manifest (manifest.c)

Signature = tuple[int, int, int, int] | None  # (device, inode, size, mtime_ns) of a file; None: absent


@dataclass(frozen=True)
class OutputSnapshot:
    """A manifest's writable file channels as they were before the session."""

    manifest_text: str  # what could be read of the manifest ("" when nothing)
    candidates: tuple[tuple[str, str, Signature], ...]  # (alias, path, signature before)


def _regular(path: str | Path) -> os.stat_result | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


def _signature(path: str) -> Signature:
    st = _regular(path)
    return None if st is None else (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_regular(path: str | Path) -> bytes | None:
    """The bytes of a regular file; None when it is absent, unreadable or not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read()


def read_outputs(paths: dict[str, Path]) -> dict[str, bytes]:
    """alias -> the bytes of its output file, for the files that exist."""
    found = {alias: read_regular(path) for alias, path in paths.items()}
    return {alias: data for alias, data in found.items() if data is not None}


def snapshot_outputs(manifest_path: Path, cwd: Path) -> OutputSnapshot:
    """The manifest's text (for the harness's deadline) and its writable file channels now."""
    try:
        with open(manifest_path, "rb", buffering=0) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return OutputSnapshot("", ())
            data = handle.read(MANIFEST_LIMIT)
    except OSError:
        return OutputSnapshot("", ())
    candidates = []
    for entry in parse_manifest(data).channels:
        if not entry.alias_known or not entry.channel.writable:
            continue
        for source in entry.sources:
            if source.path is not None and source.path.startswith("/"):
                candidates.append((entry.channel.alias, source.path, _signature(source.path)))
    return OutputSnapshot(data.decode("latin-1"), tuple(candidates))


def changed_outputs(before: OutputSnapshot) -> dict[str, bytes]:
    """alias -> the bytes of the first of its files the session created or changed."""
    outputs: dict[str, bytes] = {}
    for alias, path, signature in before.candidates:
        if alias in outputs or _signature(path) in (None, signature):
            continue
        data = read_regular(path)
        if data is not None:
            outputs[alias] = data
    return outputs


__all__ = ["OutputSnapshot", "changed_outputs", "read_outputs", "read_regular", "snapshot_outputs"]
