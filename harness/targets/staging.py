"""Staging a user's manifest for a zerovm that runs as another user.

zerovm refuses root, so a root harness runs it as an unprivileged user that may not
reach the user's files.  The Program and every regular-file channel source are
copied into (or, for outputs, created in) a private directory, and the manifest's
values are rewritten to point there.  Nothing else changes: the lines stay where
they were, so zerovm's `MANIFEST <line>:` messages still name the user's lines.
Character devices, FIFOs, directories and network sources are left as written:
they are not files to copy, and zerovm's verdict on them must not change.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from harness.manifest import Channel, Manifest, parse_manifest
from harness.targets import Session

# Latin-1 maps every byte to one character and back, so any manifest survives the rewrite.
_ENCODING = "latin-1"


@dataclass(frozen=True)
class StagedManifest:
    text: bytes
    outputs: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # alias -> (staged file, user's file)
    renames: tuple[tuple[str, str], ...] = ()  # (staged path, path as the user wrote it)


def _names_own_stream(path: str) -> bool:
    """Paths that zerovm resolves to its own stdin/stdout/stderr (and other descriptors), not to files.

    Stat'ing them here would describe the harness's streams, not zerovm's.
    """
    return path in ("/dev/stdin", "/dev/stdout", "/dev/stderr") or path.startswith(("/dev/fd/", "/proc/self/fd/"))


def _is_regular_or_absent(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return True  # zerovm treats a missing source as a regular file
    except OSError:
        return False
    return stat.S_ISREG(mode)


def _rewrite_value(line: str, new_value: str) -> str:
    key, _, _ = line.partition("=")
    ending = "\r" if line.endswith("\r") else ""
    return f"{key}= {new_value}{ending}"


def stage_manifest(data: bytes, cwd: Path, workdir: Path) -> StagedManifest:
    parsed = parse_manifest(data)
    lines = data.decode(_ENCODING).split("\n")
    renames: list[tuple[str, str]] = []
    outputs: dict[str, tuple[Path, Path]] = {}

    if parsed.program:
        program = Path(parsed.program)
        source = program if program.is_absolute() else cwd / program
        if source.is_file():
            staged = workdir / "program.nexe"
            shutil.copyfile(source, staged)
            renames.append((str(staged), parsed.program))
            for i, line in enumerate(lines):
                key, eq, _ = line.partition("=")
                if eq and line.count("=") == 1 and key.strip() == "Program":
                    lines[i] = _rewrite_value(line, str(staged))

    for n, chan in enumerate(parsed.channels):
        index = chan.line - 1
        if not 0 <= index < len(lines) or lines[index].count("=") != 1:
            continue
        uri_parts: list[str] = []
        changed = False
        for k, src in enumerate(chan.sources):
            path = src.path
            if path is None or not path.startswith("/") or _names_own_stream(path) \
                    or not _is_regular_or_absent(Path(path)) or not Path(path).parent.is_dir():
                # Not a file zerovm could create either: leave it, so zerovm fails on it as it would.
                uri_parts.append(src.text)
                continue
            staged = workdir / f"channel{n}.{k}"
            original = Path(path)
            if chan.channel.readable and original.is_file():
                shutil.copyfile(original, staged)
            if chan.channel.writable:
                outputs.setdefault(chan.channel.alias, (staged, original))
            renames.append((str(staged), path))
            uri_parts.append(str(staged))
            changed = True
        if changed:
            key, _, value = lines[index].partition("=")
            fields = value.rstrip("\r").split(",")
            fields[0] = " " + ";".join(uri_parts)
            lines[index] = _rewrite_value(lines[index], ",".join(fields).lstrip())
    # Longer staged paths first, so no replacement cuts into another.
    renames.sort(key=lambda r: len(r[0]), reverse=True)
    return StagedManifest("\n".join(lines).encode(_ENCODING), outputs, tuple(renames))


def stage_session(session: Session, workdir: Path, program: str) -> tuple[str, dict[str, Path]]:
    """The manifest text for `session` (Program = `program`), with its files staged in `workdir`,
    and alias -> file for the outputs to collect afterwards.

    A channel without a uri gets a file in `workdir` holding its data; a template's
    outputs are its channels on files in `workdir`.
    """
    for name, data in session.files:
        (workdir / name).write_bytes(data)
    outputs: dict[str, Path] = {}
    if session.manifest is not None:
        text = session.manifest.replace("{program}", program).replace("{dir}", str(workdir))
        for entry in parse_manifest(text).channels:
            for source in entry.sources:
                if entry.alias_known and source.path is not None and source.path.startswith(f"{workdir}/"):
                    outputs[entry.channel.alias] = Path(source.path)  # the last one wins
        return text, outputs
    channels = []
    for i, spec in enumerate(session.channels):
        uri = spec.uri
        if uri is None:
            path = workdir / f"channel{i}"
            if spec.data is not None:
                path.write_bytes(spec.data)
            if spec.puts and spec.put_size:
                outputs[spec.alias] = path
            uri = str(path)
        channels.append(Channel(uri, spec.alias, spec.type, spec.etag, spec.gets, spec.get_size, spec.puts,
                                spec.put_size))
    manifest = Manifest(program, tuple(channels), session.memory, session.memory_etag, session.timeout)
    return manifest.render(), outputs
