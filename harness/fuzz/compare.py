"""Two targets' results of one trial, field by field: the `Difference`s a campaign reports.

The fields are the ones the run-to-run comparison uses (harness.results.compare.run_fields, with
etags, counters and Job children), plus the report's daemon state and zerovm's own streams, which
a case checks byte for byte.  A field only one target defines is not compared: the reference
target's trap calls, wall times, and counters when one side has none.  Outputs are compared as
bytes, and a difference names the first offset where they part.

`scan_differences` adds the static scanner (zerovm's loader rules and validator, as the `scan`
items of a case check them) against each target's validator state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.fuzz.model import Difference
from harness.results.compare import run_fields
from harness.targets import RunResult

# A PIE zerovm halts "from trusted code" at an address of its own that changes from run to run.
_TRUSTED = re.compile(r"(from trusted code: Halting at 0x)[0-9A-Fa-f]+")
_STAGING = re.compile(r"/tmp/zvm-session-[^/\s]+")
SHOWN = 24  # bytes shown on each side of the first differing offset
VALIDATOR_VERDICT = {0: True, 1: False}  # the report's validator state: 0 passed, 1 failed (2: not run)


def normalise_state(text: str | None) -> str | None:
    """An exit state without what varies from run to run and says nothing about zerovm."""
    if text is None:
        return None
    return _STAGING.sub("{dir}", _TRUSTED.sub(r"\1<host>", text))


def compare_results(a: RunResult, b: RunResult) -> tuple[Difference, ...]:
    """Every field on which `a` and `b` differ, in a stable order (the run fields first)."""
    fa, fb = _fields(a), _fields(b)
    out = []
    for name in sorted(set(fa) | set(fb), key=_order):
        va, vb = fa.get(name, _ABSENT), fb.get(name, _ABSENT)
        if va == vb or (_ABSENT in (va, vb) and name.startswith("accounting.")):
            continue  # counters only one side defines say nothing
        va, vb = (None if va is _ABSENT else va), (None if vb is _ABSENT else vb)
        if isinstance(va, bytes) or isinstance(vb, bytes):
            out.append(_byte_difference(name, va, vb))
        else:
            out.append(Difference(name, va, vb))
    return tuple(out)


class _Absent:
    def __repr__(self) -> str:
        return "absent"


_ABSENT: Any = _Absent()


def _fields(result: RunResult) -> dict[str, Any]:
    """The result as compared: run_fields' view, outputs as bytes, exit states normalised."""
    out = run_fields(_comparable_json(result), detailed=True)
    for name in list(out):
        if name.startswith("outputs["):
            del out[name]  # compared below as bytes, not as their JSON text
    out["exit_state"] = normalise_state(result.exit_state)
    out["daemon"] = result.daemon
    out["report"] = result.exit_state is not None
    out["outcome"] = result.outcome
    out["stray_stdout"] = result.stray_stdout.encode("utf-8", "surrogateescape")
    out["stray_stderr"] = result.raw_stderr.encode("utf-8", "surrogateescape")
    for alias, data in result.outputs.items():
        out[f"outputs[{alias}]"] = data
    for i, child in enumerate(result.children):
        for alias, data in child.outputs.items():
            out.pop(f"child[{i}].outputs[{alias}]", None)
            out[f"child[{i}].outputs[{alias}]"] = data
        out[f"child[{i}].exit_state"] = normalise_state(child.exit_state)
    if not result.accounting:
        out = {k: v for k, v in out.items() if not k.startswith("accounting.")}
    return out


def _comparable_json(result: RunResult) -> Mapping[str, Any]:
    data = result.to_json()
    data.pop("trap_calls", None)
    data.pop("wall_s", None)
    return data


_FIRST = ("outcome", "exit_code", "validator_state", "user_code", "daemon", "exit_state", "report")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name), "") if name in _FIRST else (len(_FIRST), name)


def first_difference(a: bytes, b: bytes) -> int:
    """The first offset where `a` and `b` differ (the shorter one's length when one is a prefix)."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


@dataclass(frozen=True)
class ByteView:
    """One side of an output difference, small enough for a terminal and summary.json."""

    size: int
    offset: int  # the first differing offset
    around: bytes  # the bytes from max(0, offset - SHOWN) to offset + SHOWN

    def __str__(self) -> str:
        return f"{self.size} bytes, at offset {self.offset}: {self.around!r}"


def _byte_difference(name: str, a: bytes | None, b: bytes | None) -> Difference:
    if a is None or b is None:
        return Difference(name, a if a is None else _view(a, 0), b if b is None else _view(b, 0))
    offset = first_difference(a, b)
    return Difference(name, _view(a, offset), _view(b, offset))


def _view(data: bytes, offset: int) -> ByteView:
    start = max(0, offset - SHOWN)
    return ByteView(len(data), offset, data[start:offset + SHOWN])


@dataclass(frozen=True)
class ScanVerdict:
    """What the harness's static model says of a nexe: zerovm's loader rules, then its validator."""

    loads: bool
    valid: bool | None  # None: not checked (it does not load)
    why: str = ""  # the first finding, for a report


def scan_verdict(nexe: Path) -> ScanVerdict:
    """The verdict a case's scan item checks (harness.compare.compare_scan), for one nexe."""
    from harness.loader import TEXT_START, check_loader
    from harness.validator import validate_code

    loader = check_loader(nexe.read_bytes())
    if not loader.loads:
        return ScanVerdict(False, None, str(loader.findings[0]) if loader.findings else "")
    report = validate_code(loader.validated_text, TEXT_START)
    return ScanVerdict(True, report.valid, str(report.errors[0]) if report.errors else "")


def needs_scan(a: RunResult, b: RunResult) -> bool:
    """Whether a trial's nexe did not validate or load on a target (a validator state other than 0)."""
    return any(r.validator_state not in (0, None) for r in (a, b))


def scan_differences(verdict: ScanVerdict, a: RunResult, b: RunResult,
                     options: tuple[str, ...] = ()) -> tuple[Difference, ...]:
    """The scanner's verdict against each target's validator state: "scan.valid" when one target's
    validator says otherwise than the static model (each side's value is its verdict, with the
    scanner's in the field name), "scan.loads" when the model says the nexe does not load but a
    target validated it.  Nothing when zerovm was told to skip validation (-s)."""
    if "-s" in options:
        return ()
    sides = [VALIDATOR_VERDICT.get(r.validator_state) if r.validator_state is not None else None for r in (a, b)]
    if not verdict.loads:
        # A nexe that does not load is never validated: a target that validated it loaded it.
        if any(s is not None for s in sides):
            return (Difference("scan.loads (scanner: False)", _loaded(sides[0]), _loaded(sides[1])),)
        return ()
    if any(s is not None and s != verdict.valid for s in sides):
        return (Difference(f"scan.valid (scanner: {verdict.valid})", sides[0], sides[1]),)
    return ()


def _loaded(valid: bool | None) -> bool | None:
    return None if valid is None else True


def field_names(differences: tuple[Difference, ...]) -> tuple[str, ...]:
    return tuple(d.field for d in differences)


def describe(value: object) -> object:
    """A difference's value as JSON can hold it."""
    if isinstance(value, ByteView):
        return {"size": value.size, "offset": value.offset, "around": _text(value.around)}
    if isinstance(value, bytes):
        return _text(value)
    if isinstance(value, list | tuple):
        return [describe(v) for v in value]
    return value


def _text(data: bytes) -> str:
    try:
        return data.decode()
    except UnicodeDecodeError:
        return repr(data)


__all__ = ["ByteView", "ScanVerdict", "compare_results", "describe", "field_names", "first_difference",
           "needs_scan", "normalise_state", "scan_differences", "scan_verdict"]
