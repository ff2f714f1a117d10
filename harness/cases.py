"""Conformance cases: a program and, beside it, what zerovm must do with it.

A case is `cases/<area>/<name>.toml` next to its source `<name>.c` (or the file named
by `source`).  Everything has a default, so a simple case is a few lines:

    description = "pread past a 3-byte quota returns -EDQUOT"
    [scan]
    valid = true
    [[channel]]
    alias = "/dev/input"
    gets = 3
    get_size = 3
    data = "abcdefgh"
    [run]
    user_code = 0
    stdout = "abc -122\\n"

`[run]` fields left out are not checked; `exit_code` defaults to 0 and `exit_state`
to "ok", because a case that does not say otherwise expects a clean session.
`exit_state_pattern` (a regular expression for the whole line) replaces
`exit_state` where the text holds a build-dependent address.

`[build]` turns the toolchain's safety nets off for hostile programs (`sandbox =
false` assembles a .s as written, `runtime = false` links no runtime, `truncate = N`
cuts the file) and `[[patch]]` entries edit ELF header fields after linking
(`field = "phdr[0].p_vaddr"`, `value = 0x400000`; see harness/elfpatch.py).

A case may give the manifest itself (a `manifest` string, with `{program}` for
its built nexe and `{dir}` for the session directory, where `[files]` are staged);
without a source file it is a manifest-only case.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.elfpatch import Patch, is_known_field
from harness.manifest import MIB
from harness.targets import BIG, ChannelSpec, standard_channels
from harness.toolchain import OPT_LEVELS


class CaseError(Exception):
    """The case's expectation file is broken: a harness error, not a test failure."""


@dataclass(frozen=True)
class ScanExpectation:
    loads: bool = True
    valid: bool | None = True  # None: not checked


@dataclass(frozen=True)
class RunExpectation:
    exit_code: int | None = 0
    validator_state: int | None = None
    user_code: int | None = None
    exit_state: str | None = "ok"
    exit_state_pattern: str | None = None  # a regular expression the whole exit state must match
    outputs: tuple[tuple[str, bytes], ...] = ()  # (alias, exact bytes)


@dataclass(frozen=True)
class BuildOptions:
    """How a case's program becomes its nexe; hostile cases turn the safety nets off."""

    sandbox: bool = True  # False: assembly exactly as written
    runtime: bool = True  # False: the source defines _start itself
    truncate: int | None = None  # cut the built file to this many bytes
    patches: tuple[Patch, ...] = ()  # header edits applied after linking


@dataclass(frozen=True)
class Case:
    name: str  # area/name
    path: Path  # the .toml
    source: Path | None  # None for a manifest-only case
    description: str
    opts: tuple[str, ...]
    scan: ScanExpectation
    run: RunExpectation | None
    channels: tuple[ChannelSpec, ...]
    memory: int = 256 * MIB
    timeout: int = 10
    xfail: dict[str, str] = field(default_factory=dict)  # target -> reason (strict)
    manifest: str | None = None  # a manifest template ({program}, {dir}) run instead of the generated one
    files: tuple[tuple[str, bytes], ...] = ()  # staged in the session directory
    build: BuildOptions = field(default_factory=lambda: BuildOptions())


def _bytes(value: Any, where: str) -> bytes:
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, dict) and set(value) == {"hex"}:
        return bytes.fromhex(value["hex"])
    raise CaseError(f"{where}: expected a string or {{hex = \"...\"}}, not {value!r}")


def _channel(entry: dict[str, Any], where: str) -> ChannelSpec:
    allowed = {"alias", "type", "etag", "gets", "get_size", "puts", "put_size", "data", "uri"}
    unknown = set(entry) - allowed
    if unknown:
        raise CaseError(f"{where}: unknown channel field(s) {', '.join(sorted(unknown))}")
    if "alias" not in entry:
        raise CaseError(f"{where}: a channel needs an alias")
    data = _bytes(entry["data"], f"{where}.data") if "data" in entry else None
    ints = {k: int(entry.get(k, 0)) for k in ("type", "etag", "gets", "get_size", "puts", "put_size")}
    return ChannelSpec(alias=str(entry["alias"]), data=data, uri=entry.get("uri"), **ints)


def load_case(path: Path, cases_root: Path) -> Case:
    try:
        doc = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: {exc}") from exc
    known = {"description", "source", "opt", "memory", "timeout", "scan", "run", "channel", "stdin", "xfail",
             "manifest", "files", "build", "patch"}
    unknown = set(doc) - known
    if unknown:
        raise CaseError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    source: Path | None = path.parent / doc.get("source", path.with_suffix(".c").name)
    assert source is not None
    if not source.is_file():
        if "source" in doc or "manifest" not in doc:
            raise CaseError(f"{path}: its source {source.name} does not exist")
        source = None  # a manifest-only case: the manifest names its own Program
    build_doc = doc.get("build", {})
    unknown_build = set(build_doc) - {"sandbox", "runtime", "truncate"}
    if unknown_build:
        raise CaseError(f"{path}: unknown build key(s) {', '.join(sorted(unknown_build))}")
    patches = []
    for i, entry in enumerate(doc.get("patch", [])):
        if set(entry) != {"field", "value"} or not isinstance(entry["value"], int):
            raise CaseError(f"{path}: patch[{i}] needs exactly a field name and an integer value")
        patches.append(Patch(str(entry["field"]), entry["value"]))
    build = BuildOptions(bool(build_doc.get("sandbox", True)), bool(build_doc.get("runtime", True)),
                         build_doc.get("truncate"), tuple(patches))
    for patch in build.patches:
        if not is_known_field(patch.field):
            raise CaseError(f"{path}: unknown ELF field {patch.field!r} in a patch")
    manifest = doc.get("manifest")
    if manifest is not None and not isinstance(manifest, str):
        raise CaseError(f"{path}: manifest must be a string (the manifest's text)")
    files = tuple((str(name), _bytes(data, f"{path}: files.{name}")) for name, data in doc.get("files", {}).items())
    opts = doc.get("opt", ["-O2"])
    opts = [opts] if isinstance(opts, str) else list(opts)
    bad = [o for o in opts if o not in OPT_LEVELS]
    if bad:
        raise CaseError(f"{path}: unknown optimisation level(s) {bad}")
    scan_doc = doc.get("scan", {})
    scan = ScanExpectation(loads=bool(scan_doc.get("loads", True)), valid=scan_doc.get("valid", True))
    run = None
    if "run" in doc:
        r = doc["run"]
        outputs = []
        for key, alias in (("stdout", "/dev/stdout"), ("stderr", "/dev/stderr")):
            if key in r:
                outputs.append((alias, _bytes(r[key], f"{path}: run.{key}")))
        for alias, value in r.get("outputs", {}).items():
            outputs.append((alias, _bytes(value, f"{path}: run.outputs.{alias}")))
        pattern = r.get("exit_state_pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise CaseError(f"{path}: run.exit_state_pattern: {exc}") from exc
        run = RunExpectation(exit_code=r.get("exit_code", 0), validator_state=r.get("validator_state"),
                             user_code=r.get("user_code"),
                             exit_state=None if pattern else r.get("exit_state", "ok"),
                             exit_state_pattern=pattern, outputs=tuple(outputs))
    stdin = _bytes(doc.get("stdin", ""), f"{path}: stdin")
    channels = standard_channels(stdin=stdin) + tuple(
        _channel(c, f"{path}: channel[{i}]") for i, c in enumerate(doc.get("channel", [])))
    name = path.relative_to(cases_root).with_suffix("").as_posix()
    return Case(name, path, source, str(doc.get("description", "")), tuple(opts), scan, run, channels,
                int(doc.get("memory", 256 * MIB)), int(doc.get("timeout", 10)), dict(doc.get("xfail", {})),
                manifest, files, build)


__all__ = ["BIG", "Case", "CaseError", "RunExpectation", "ScanExpectation", "load_case"]
