"""What a session left in its output files, read back for its `RunResult`.

The functions here that touch a user's files are meant to run as the user zerovm runs as
(see harness.targets.privilege.as_user), so they open only what that user can open; files
are read the bounded way (harness.targets.capture.read_output: no links followed, no
FIFO or device opened).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from harness.manifest import parse_manifest
from harness.targets.capture import Captured, read_output

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


def read_outputs(paths: dict[str, Path]) -> dict[str, Captured | None]:
    """alias -> its output file read the bounded way (None: absent or not a regular file)."""
    return {alias: read_output(path) for alias, path in paths.items()}


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


def changed_outputs(before: OutputSnapshot) -> dict[str, Captured]:
    """alias -> the first of its files the session created or changed, read the bounded way."""
    outputs: dict[str, Captured] = {}
    for alias, path, signature in before.candidates:
        if alias in outputs or _signature(path) in (None, signature):
            continue
        captured = read_output(Path(path))
        if captured is not None:
            outputs[alias] = captured
    return outputs


__all__ = ["OutputSnapshot", "changed_outputs", "read_outputs", "snapshot_outputs"]
