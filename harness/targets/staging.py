"""Staging a session's files for zerovm (or the model of it) in a private directory.

The directory holds what the harness itself made for the session -- the nexe it built,
the input bytes of a case's channels, a case's `[files]` -- and becomes zerovm's
working directory.  A root harness then hands it to the user zerovm runs as
(privilege.hand_over).  A user's own manifest is never staged: zerovm opens its files
itself, with that user's rights (ZerovmTarget.run_manifest).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from harness.manifest import Channel, Manifest, parse_manifest
from harness.targets import ChannelSpec, Request, Session
from harness.userfiles import copy_sparse

JOB_SOCKET = "zvm-job.sock"  # a Job session's socket, in the session directory (the daemon names itself zvm.<it>)


def session_directory(prefix: str) -> Path:
    """A new private directory `/tmp/<prefix><pid>-XXXX` for one session.

    The owner's pid in the name lets a later harness remove the directories of one that
    was killed (SIGKILL runs no cleanup) instead of leaving them in /tmp for ever.
    """
    tmp = Path(tempfile.gettempdir())
    for stale in tmp.glob(f"{prefix}*-*"):
        pid = stale.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's: alive, and not ours to remove
        return True
    return True


def stage_session(session: Session, workdir: Path) -> tuple[str, dict[str, Path]]:
    """The manifest text for `session`, with its files staged in `workdir`, and alias -> file
    for the outputs to collect afterwards.

    The nexe is copied in as `program.nexe` (zerovm's user may not reach where the harness
    built it; a missing one stays missing, so the target reports zerovm's own "program
    open error").  A channel without a uri gets a file in `workdir` holding its data; a
    template's outputs are its channels on files in `workdir`.
    """
    program = program_path(workdir)
    if session.nexe is not None and session.nexe.is_file():
        with open(session.nexe, "rb") as src, open(program, "wb") as dst:
            copy_sparse(src.fileno(), dst.fileno())
    for name, data in session.files:
        (workdir / name).write_bytes(data)
    extra = (("Job", str(job_path(workdir))),) if session.job is not None else ()
    extra += session.keys
    if session.manifest is not None:
        return _template(session.manifest, workdir)
    channels, outputs = _stage_channels(session.channels, workdir, "channel")
    manifest = Manifest(program, channels, session.memory, session.memory_etag, session.timeout, extra=extra)
    return manifest.render(), outputs


def stage_request(session: Session, request: Request, index: int, workdir: Path) -> tuple[bytes, dict[str, Path]]:
    """The bytes a client sends for request `index` of the session's Job (length header and
    manifest, harness.targets.job.frame_request), with its files staged in `workdir`, and
    alias -> file for the child's outputs."""
    from harness.targets.job import frame_request  # job.py builds on this module

    if request.raw is not None:
        return request.raw, {}
    if request.manifest is not None:
        text, outputs = _template(request.manifest, workdir)
    else:
        channels, outputs = _stage_channels(request.channels, workdir, f"request{index}-channel")
        # zerovm's child takes only Timeout (and Job, NameServer, Node) from it, but a request must be a whole manifest.
        text = Manifest(program_path(workdir), channels, session.memory, session.memory_etag,
                        request.timeout).render()
    return frame_request(text.encode("utf-8", "surrogateescape")), outputs


def program_path(workdir: Path) -> str:
    return str(workdir / "program.nexe")


def job_path(workdir: Path) -> Path:
    return workdir / JOB_SOCKET


def _template(template: str, workdir: Path) -> tuple[str, dict[str, Path]]:
    """A manifest template filled in, and alias -> file for its channels on files in `workdir`."""
    text = (template.replace("{program}", program_path(workdir)).replace("{dir}", str(workdir))
            .replace("{job}", str(job_path(workdir))))
    outputs: dict[str, Path] = {}
    for entry in parse_manifest(text).channels:
        for source in entry.sources:
            if entry.alias_known and source.path is not None and source.path.startswith(f"{workdir}/"):
                outputs[entry.channel.alias] = Path(source.path)  # the last one wins
    return text, outputs


def _stage_channels(specs: tuple[ChannelSpec, ...], workdir: Path, prefix: str
                    ) -> tuple[tuple[Channel, ...], dict[str, Path]]:
    """The manifest's channels, a file in `workdir` staged for each one without a uri."""
    channels = []
    outputs: dict[str, Path] = {}
    for i, spec in enumerate(specs):
        uri = spec.uri
        if uri is None:
            path = workdir / f"{prefix}{i}"
            if spec.data is not None:
                path.write_bytes(spec.data)
            if spec.puts and spec.put_size:
                outputs[spec.alias] = path
            uri = str(path)
        channels.append(Channel(uri, spec.alias, spec.type, spec.etag, spec.gets, spec.get_size, spec.puts,
                                spec.put_size))
    return tuple(channels), outputs
