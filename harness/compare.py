"""A case's expectations against what happened: the list of fields that differ.

The static expectations (`[scan]`) are checked against zerovm's loader rules and
validator, the run's (`[run]`) against a target's `RunResult`.  A mismatch is
(field as the case names it, expected, actual); the plugin turns a non-empty list
into a FAIL.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from harness.cases import Case, RunExpectation
from harness.loader import TEXT_START, check_loader
from harness.report import ACCOUNTING_FIELDS
from harness.targets import NO_DAEMON, STREAM_OUTPUT, RunResult
from harness.targets.capture import STREAM_HEAD, TAIL
from harness.targets.ref import T3_MODE, BadCommandLine, parse_options
from harness.targets.ref.errors import Unsupported
from harness.validator import validate_code

SHOWN_BYTES = 4096  # longer outputs appear in mismatches by size, digest and start

Mismatch = tuple[str, object, object]  # (field, expected, actual)


def compare_scan(case: Case, nexe: Path) -> list[Mismatch]:
    """The static expectations: would zerovm load the nexe, would its validator accept the code."""
    mismatches: list[Mismatch] = []
    loader = check_loader(nexe.read_bytes())
    scan = case.scan
    if loader.loads != scan.loads:
        mismatches.append(("scan.loads", scan.loads, f"{loader.loads} {[str(f) for f in loader.findings]}"))
    if loader.loads and scan.valid is not None:
        report = validate_code(loader.validated_text, TEXT_START)
        if report.valid != scan.valid:
            mismatches.append(("scan.valid", scan.valid, f"{report.valid} {[str(f) for f in report.errors]}"))
    return mismatches


def compare_run(case: Case, result: RunResult) -> list[Mismatch]:
    """Every field of the run that differs from what the case expects: for a Job case, the original
    session's and then each request's child session (`job.request[N].run.FIELD`)."""
    expected = case.run
    assert expected is not None
    out = _compare(expected, result, "run", _t3_expected(case.options))
    if case.job is None:
        return out
    if len(result.children) != len(case.job):
        out.append(("job.request (children)", len(case.job), len(result.children)))
    for i, (request, child) in enumerate(zip(case.job, result.children, strict=False)):
        where = f"job.request[{i}].run"
        if child.outcome == NO_DAEMON:
            # A request that no daemon answered checks nothing: never a pass.
            out.append((where, "a child session's answer", "no daemon listened on the Job socket"))
            continue
        # A child answers in -t3 form (daemon.c UpdateSession: ReportMode(3)), unless the client hung up.
        out += _compare(request.run, child, where, None if request.request.hangup else True)
    return out


def compare_cluster(case: Case, results: tuple[RunResult, ...]) -> list[Mismatch]:
    """Every field of every node's run that differs from its `[node.run]` (`node[NAME].run.FIELD`)."""
    assert case.nodes is not None
    out: list[Mismatch] = []
    if len(results) != len(case.nodes):
        out.append(("node (results)", len(case.nodes), len(results)))
    for node, result in zip(case.nodes, results, strict=False):
        out += _compare(node.run, result, f"node[{node.name}].run", _t3_expected(node.options))
    return out


def _compare(expected: RunExpectation, result: RunResult, where: str, prefixed: bool | None) -> list[Mismatch]:
    out: list[Mismatch] = []
    for name in ("exit_code", "validator_state", "daemon", "user_code", "exit_state"):
        want = getattr(expected, name)
        got = getattr(result, name)
        if want is not None and want != got:
            out.append((f"{where}.{name}", want, got))
    if expected.exit_state_pattern is not None and (
            result.exit_state is None or not re.fullmatch(expected.exit_state_pattern, result.exit_state)):
        out.append((f"{where}.exit_state (pattern)", expected.exit_state_pattern, result.exit_state))
    out += _stray_mismatches(expected, result, where, prefixed)
    if expected.etags is not None:
        if expected.etags_ordered and list(expected.etags) != list(result.etags):
            out.append((f"{where}.etags", [list(p) for p in expected.etags], [list(p) for p in result.etags]))
        elif not expected.etags_ordered and sorted(expected.etags) != sorted(result.etags):
            out.append((f"{where}.etags", dict(expected.etags), dict(result.etags)))
    counters = dict(zip(ACCOUNTING_FIELDS, result.accounting, strict=False))
    for counter, value in expected.accounting:
        if counters.get(counter) != value:
            out.append((f"{where}.accounting.{counter}", value, counters.get(counter)))
    for alias, data in expected.outputs:
        got_data = result.outputs.get(alias)
        cut = result.cut_of(STREAM_OUTPUT, alias)
        if cut is not None:
            # Only the head and tail were kept: the size and digest of everything decide.
            if (cut.size, cut.sha256) != (len(data), hashlib.sha256(data).hexdigest()):
                out.append((f"{where}.outputs[{alias}]", _describe(data), cut.describe()))
        elif got_data != data:
            out.append((f"{where}.outputs[{alias}]", _describe(data), _describe(got_data)))
    for cut in result.cut:
        if cut.stream != STREAM_OUTPUT:
            # zerovm prints a report of a few lines: megabytes on its own streams mean something broke.
            out.append((f"{where}.{cut.stream} (zerovm's own)", f"at most {STREAM_HEAD + TAIL} bytes",
                        cut.describe()))
    return out


def _stray_mismatches(expected: RunExpectation, result: RunResult, where: str,
                      prefixed: bool | None) -> list[Mismatch]:
    """zerovm's own stdout and stderr, every byte: a report or none, and nothing else unless the case says so."""
    out: list[Mismatch] = []
    has_report = result.exit_state is not None
    if has_report != expected.report:
        out.append((f"{where}.report", expected.report, f"{has_report} ({result.outcome})"))
    if has_report and prefixed is not None and bool(result.report_prefix) != prefixed:
        out.append((f"{where}.report (-t3 length prefix)", "0x%06x" if prefixed else "none",
                    result.report_prefix or "none"))
    for name, want, got in (("stray_stdout", expected.stray_stdout, result.stray_stdout),
                            ("stray_stderr", expected.stray_stderr, result.raw_stderr)):
        got_data = got.encode()
        if want is not None and got_data != want:
            out.append((f"{where}.{name}", _describe(want), _describe(got_data)))
    return out


def _t3_expected(options: tuple[str, ...]) -> bool | None:
    """Whether the report must carry -t3's length prefix: the report mode the options leave (the last -t
    that zerovm read, as the reference executor models getopt), or None when that is not known."""
    try:
        return parse_options(options).report_mode == T3_MODE
    except (BadCommandLine, Unsupported):
        return None


def _describe(data: bytes | None) -> bytes | str | None:
    """Bytes as they are, or when long their size, digest and start: a failure's text stays readable."""
    if data is None or len(data) <= SHOWN_BYTES:
        return data
    return f"{len(data)} bytes (sha256 {hashlib.sha256(data).hexdigest()}), starting {data[:200]!r}"


__all__ = ["Mismatch", "compare_cluster", "compare_run", "compare_scan"]
