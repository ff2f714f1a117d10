"""Conformance cases: a program and, beside it, what zerovm must do with it.

A case is `cases/<area>/<name>.toml` next to its source `<name>.c` (or the file named
by `source`); cases/README.md describes every table and key.  `load_case` checks the
file against harness.case_schema first, so a case the harness does not fully
understand is a `CaseError`, never a case that passes while checking nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from harness.case_schema import check_case, dotted
from harness.elfpatch import Patch
from harness.manifest import MIB
from harness.targets import BIG, ChannelSpec, Request, standard_channels


class CaseError(Exception):
    """The case's expectation file is broken: a harness error, not a test failure."""


@dataclass(frozen=True)
class ScanExpectation:
    loads: bool = True
    valid: bool | None = True  # None: not checked
    findings: tuple[str, ...] = ()  # the trap-policy rules the scan must report (harness.expected_findings)


@dataclass(frozen=True)
class RunExpectation:
    exit_code: int | None = 0
    validator_state: int | None = None
    user_code: int | None = None
    exit_state: str | None = "ok"
    exit_state_pattern: str | None = None  # a regular expression the whole exit state must match
    outputs: tuple[tuple[str, bytes], ...] = ()  # (alias, exact bytes)
    report: bool = True  # False: zerovm prints no report on stdout (-t1, -t2, a bad command line)
    daemon: int | None = None  # the report's daemon state
    stray_stdout: bytes | None = b""  # zerovm's stdout besides the report; None: not checked
    stray_stderr: bytes | None = b""  # zerovm's own stderr; None: not checked
    etags: tuple[tuple[str, str], ...] | None = None  # (alias, sha1 hex): exactly the report's etags
    etags_ordered: bool = False  # the case gave them as a list: in the report's order, repeats and all
    accounting: tuple[tuple[str, int], ...] = ()  # (counter, value): the report's counters named


@dataclass(frozen=True)
class RequestCase:
    """One request of a Job case: what the client sends, and what its child session must report."""

    request: Request
    run: RunExpectation  # exit_code is None: a child's exit status reaches nobody


@dataclass(frozen=True)
class NodeCase:
    """One node of a cluster case: its session (channels may name nodes, harness.targets.network)
    and what its run must report."""

    name: str
    source: Path
    channels: tuple[ChannelSpec, ...]
    memory: int
    timeout: int
    options: tuple[str, ...]
    keys: tuple[tuple[str, str], ...]
    run: RunExpectation


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
    options: tuple[str, ...] = ()  # zerovm's command-line options, before the manifest
    job: tuple[RequestCase, ...] | None = None  # a Job case's requests, in order; None: not a Job case
    nodes: tuple[NodeCase, ...] | None = None  # a cluster case's sessions, in order; None: not a cluster case
    name_server: bool = False  # the harness answers the cluster's name service


def load_case(path: Path, cases_root: Path) -> Case:
    """The case `path` describes; CaseError lists every problem of a case file, each naming `file: key`."""
    where = path.relative_to(cases_root.parent).as_posix() if path.is_relative_to(cases_root.parent) else str(path)
    try:
        doc = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CaseError(f"{where}: {exc}") from exc
    problems = check_case(doc, where)
    if "node" in doc:
        if problems:
            raise CaseError("\n".join(problems))
        return _cluster_case(path, cases_root, doc, where)
    source: Path | None = None
    source_name = doc.get("source", path.with_suffix(".c").name)
    if isinstance(source_name, str):  # else the schema has said what is wrong with it
        source = path.parent / source_name
        if source.is_file():
            pass
        elif "source" in doc or "manifest" not in doc:
            problems.append(f"{where}: source: {source.name} does not exist")
        else:
            source = None  # a manifest-only case: the manifest names its own Program
            problems += _manifest_only_problems(doc, where)
    if not problems and "job" in doc:
        problems += _job_problems(doc, where)
    if problems:
        raise CaseError("\n".join(problems))
    # From here on the document has the schema's shape: keys, types and values are checked.
    build_doc = doc.get("build", {})
    build = BuildOptions(build_doc.get("sandbox", True), build_doc.get("runtime", True), build_doc.get("truncate"),
                         tuple(Patch(entry["field"], entry["value"]) for entry in doc.get("patch", [])))
    files = tuple((name, _bytes(data)) for name, data in doc.get("files", {}).items())
    opts = doc.get("opt", ["-O2"])
    opts = [opts] if isinstance(opts, str) else opts
    scan_doc = doc.get("scan", {})
    scan = ScanExpectation(loads=scan_doc.get("loads", True), valid=scan_doc.get("valid", True),
                           findings=tuple(scan_doc.get("findings", ())))
    run = _run_expectation(doc["run"], _streams_on_channels(doc)) if "run" in doc else None
    channels = standard_channels(stdin=_bytes(doc.get("stdin", ""))) + tuple(
        _channel(c) for c in doc.get("channel", []))
    name = path.relative_to(cases_root).with_suffix("").as_posix()
    timeout = doc.get("timeout", 10)
    job = None
    if "job" in doc:
        job = tuple(_request(entry, channels, timeout) for entry in doc["job"].get("request", []))
    return Case(name, path, source, doc.get("description", ""), tuple(opts), scan, run, channels,
                doc.get("memory", 256 * MIB), timeout, dict(doc.get("xfail", {})),
                doc.get("manifest"), files, build, tuple(doc.get("options", ())), job)


def _cluster_case(path: Path, cases_root: Path, doc: dict[str, Any], where: str) -> Case:
    """A case of [[node]]s (its document has the schema's shape)."""
    problems = []
    nodes = []
    for i, entry in enumerate(doc["node"]):
        name = entry.get("source", doc.get("source", path.with_suffix(".c").name))
        source = path.parent / name
        if not source.is_file():
            key = f"node[{i}].source" if "source" in entry else "source"
            problems.append(f"{where}: {key}: {source.name} does not exist (node {entry['name']!r})")
        channels = standard_channels(stdin=_bytes(entry.get("stdin", ""))) + tuple(
            _channel(c) for c in entry.get("channel", []))
        run = _run_expectation(entry.get("run", {}), {c["uri"][len("/dev/"):] for c in entry.get("channel", [])
                                                      if c.get("uri") in ("/dev/stdout", "/dev/stderr")})
        nodes.append(NodeCase(entry["name"], source, channels, entry.get("memory", 256 * MIB),
                              entry.get("timeout", 10), tuple(entry.get("options", ())),
                              tuple(entry.get("keys", {}).items()), run))
    if problems:
        raise CaseError("\n".join(problems))
    build_doc = doc.get("build", {})
    build = BuildOptions(build_doc.get("sandbox", True), build_doc.get("runtime", True), build_doc.get("truncate"))
    opts = doc.get("opt", ["-O2"])
    opts = [opts] if isinstance(opts, str) else opts
    name = path.relative_to(cases_root).with_suffix("").as_posix()
    return Case(name, path, None, doc.get("description", ""), tuple(opts), ScanExpectation(), None, (),
                xfail=dict(doc.get("xfail", {})), build=build, nodes=tuple(nodes),
                name_server=doc.get("name_server", False))


def _job_problems(doc: dict[str, Any], where: str) -> list[str]:
    """What a Job case's requests say that cannot mean anything (the schema has checked their shape)."""
    problems = []
    staged = {c["alias"] for c in doc.get("channel", []) if "uri" not in c} | {"/dev/stdin", "/dev/stdout",
                                                                               "/dev/stderr"}
    for i, entry in enumerate(doc["job"].get("request", [])):
        at = f"{where}: job.request[{i}]"
        if "manifest" in doc and "manifest" not in entry and "raw" not in entry:
            problems.append(f"{at}: the case's manifest is a template, so its requests cannot be generated from "
                            "its channels: give this request a manifest (or raw bytes)")
        for alias in entry.get("data", {}):
            if alias not in staged:
                problems.append(f"{at}.{dotted('data', alias)}: no staged channel of the session has this alias "
                                f"(staged: {', '.join(sorted(staged))})")
    return problems


_CHANNEL_FIELDS = tuple(f.name for f in fields(ChannelSpec) if f.name not in ("alias", "data"))


def _request(entry: dict[str, Any], channels: tuple[ChannelSpec, ...], timeout: int) -> RequestCase:
    """A request: the session's channels with new files (its stdin and data), changed by its [[channel]]s."""
    expected = _run_expectation(entry.get("run", {}))
    run = replace(expected, exit_code=None)  # never observable
    if "raw" in entry or "manifest" in entry:
        request = Request(manifest=entry.get("manifest"), raw=_bytes(entry["raw"]) if "raw" in entry else None,
                          hangup=entry.get("hangup", False))
        return RequestCase(request, run)
    data = {alias: _bytes(value) for alias, value in entry.get("data", {}).items()}
    data["/dev/stdin"] = _bytes(entry.get("stdin", ""))
    specs = {c.alias: replace(c, data=data.get(c.alias) if c.uri is None else None) for c in channels}
    for change in entry.get("channel", []):
        old = specs.get(change["alias"])
        if old is None:
            specs[change["alias"]] = _channel(change)
        else:
            given = {k: change[k] for k in _CHANNEL_FIELDS if k in change}
            specs[old.alias] = replace(old, **given, data=_bytes(change["data"]) if "data" in change else old.data)
    request = Request(tuple(specs.values()), entry.get("timeout", timeout), hangup=entry.get("hangup", False))
    return RequestCase(request, run)


def _manifest_only_problems(doc: dict[str, Any], where: str) -> list[str]:
    # A case without a program has no scan items and no builds: keys about them would check nothing.
    problems = [f"{where}: {key}: a manifest-only case has no program to build or scan"
                for key in ("opt", "scan", "build", "patch") if key in doc]
    if "run" not in doc:
        problems.append(f"{where}: run: missing (a manifest-only case checks nothing without it)")
    return problems


_STREAM_CHANNEL = re.compile(r"^\s*Channel\s*=\s*/dev/(stdout|stderr)\s*,", re.MULTILINE)


def _streams_on_channels(doc: dict[str, Any]) -> set[str]:
    """Which of zerovm's own streams a channel writes to ("stdout", "stderr"): its output is not stray then."""
    found = set(_STREAM_CHANNEL.findall(doc.get("manifest", "")))
    found |= {c["uri"][len("/dev/"):] for c in doc.get("channel", []) if c.get("uri") in ("/dev/stdout", "/dev/stderr")}
    return found


def _run_expectation(r: dict[str, Any], streams_on_channels: Collection[str] = ()) -> RunExpectation:
    outputs = [(alias, _bytes(r[key])) for key, alias in (("stdout", "/dev/stdout"), ("stderr", "/dev/stderr"))
               if key in r]
    outputs += [(alias, _bytes(value)) for alias, value in r.get("outputs", {}).items()]
    pattern = r.get("exit_state_pattern")
    report = r.get("report", True)
    exit_state = None if pattern is not None or not report else r.get("exit_state", "ok")
    # Strict by default: zerovm's streams hold nothing but the report unless a channel writes there.
    stray = {name: _bytes(r[f"stray_{name}"]) if f"stray_{name}" in r else None if name in streams_on_channels
             else b"" for name in ("stdout", "stderr")}
    return RunExpectation(exit_code=r.get("exit_code", 0), validator_state=r.get("validator_state"),
                          user_code=r.get("user_code"), exit_state=exit_state, daemon=r.get("daemon"),
                          exit_state_pattern=pattern, outputs=tuple(outputs), report=report,
                          stray_stdout=stray["stdout"], stray_stderr=stray["stderr"],
                          etags=_etags(r["etags"]) if "etags" in r else None,
                          etags_ordered=isinstance(r.get("etags"), list),
                          accounting=tuple(r.get("accounting", {}).items()))


def _etags(value: dict[str, str] | list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple(value.items()) if isinstance(value, dict) else tuple((alias, digest) for alias, digest in value)


def _bytes(value: str | dict[str, str]) -> bytes:
    return value.encode() if isinstance(value, str) else bytes.fromhex(value["hex"])


def _channel(entry: dict[str, Any]) -> ChannelSpec:
    data = _bytes(entry["data"]) if "data" in entry else None
    ints = {k: entry.get(k, 0) for k in ("type", "etag", "gets", "get_size", "puts", "put_size")}
    return ChannelSpec(alias=entry["alias"], data=data, uri=entry.get("uri"), **ints)


__all__ = ["BIG", "Case", "CaseError", "NodeCase", "RequestCase", "RunExpectation", "ScanExpectation", "load_case"]
