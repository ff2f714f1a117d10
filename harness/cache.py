"""A content-addressed file cache shared by concurrent processes (pytest-xdist workers).

An entry is one file named by the hash of everything that determines it. Writers
build into a temporary file and `os.replace` it into place under a file lock, so a
reader sees either no entry or a whole one, and two workers never build it twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from filelock import FileLock


def default_cache_dir() -> Path:
    env = os.environ.get("ZVM_HARNESS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "zerovm-harness"


def digest(parts: Iterable[bytes | str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


class FileCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_cache_dir()

    def path(self, key: str, suffix: str = "") -> Path:
        return self.root / key[:2] / f"{key}{suffix}"

    def get_or_create(self, key: str, suffix: str, build: Callable[[Path], None]) -> Path:
        """The entry for `key`, calling `build(tmp_path)` to write it if it is missing."""
        final = self.path(key, suffix)
        if final.exists():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(final) + ".lock"):
            if final.exists():
                return final
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=".tmp-", suffix=suffix)
            os.close(fd)
            try:
                build(Path(tmp))
                os.replace(tmp, final)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        return final
