"""Staging a session's files for zerovm (or the model of it) in a private directory.

The directory holds what the harness itself made for the session -- the nexe it built,
the input bytes of a case's channels, a case's `[files]` -- and becomes zerovm's
working directory.  A root harness then hands it to the user zerovm runs as
(privilege.hand_over).  A user's own manifest is never staged: zerovm opens its files
itself, with that user's rights (ZerovmTarget.run_manifest).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.manifest import Channel, Manifest, parse_manifest
from harness.targets import Session


def stage_session(session: Session, workdir: Path) -> tuple[str, dict[str, Path]]:
    """The manifest text for `session`, with its files staged in `workdir`, and alias -> file
    for the outputs to collect afterwards.

    The nexe is copied in as `program.nexe` (zerovm's user may not reach where the harness
    built it; a missing one stays missing, so the target reports zerovm's own "program
    open error").  A channel without a uri gets a file in `workdir` holding its data; a
    template's outputs are its channels on files in `workdir`.
    """
    program = str(workdir / "program.nexe")
    if session.nexe is not None and session.nexe.is_file():
        shutil.copyfile(session.nexe, program)
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
