"""The result model of a suite run and its file, results.json: verdicts, `CaseResult`, `RunRecord`.

Verdicts follow LLVM lit: PASS, FAIL, XFAIL (failed as the case says it does on this
target), XPASS (passed although expected to fail: a failure), UNSUPPORTED (not run, e.g.
no such target) and ERROR (a broken case or a harness error).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = "zerovm-harness-results/1"

PASS = "PASS"
FAIL = "FAIL"
XFAIL = "XFAIL"
XPASS = "XPASS"
UNSUPPORTED = "UNSUPPORTED"
ERROR = "ERROR"
VERDICTS = (PASS, FAIL, XFAIL, XPASS, UNSUPPORTED, ERROR)
# What makes a run red: an unexpected pass is as much a failure as a wrong exit code.
FAILING = frozenset((FAIL, XPASS, ERROR))

SCAN = "scan"
BROKEN = "broken"  # the target of a case whose .toml could not be loaded: it has no scan or run items

RESULTS_JSON = "results.json"
JUNIT_XML = "junit.xml"
SCAN_SARIF = "scan.sarif"
REPORT_HTML = "report.html"
LATEST = "latest"

# A headline (junit's failure@message, compare's inline reason) names this many mismatching fields, in this
# many characters at most: dashboards show it in one row.
HEADLINE_FIELDS = 3
HEADLINE_CHARS = 300
VALUE_CHARS = 60  # of one expected or actual value in a headline

# Characters of report text, stderr and message kept per result: a runaway program must not bloat
# results.json (control characters take six bytes each in JSON) nor the controller that holds every result.
TEXT_CAP = 16 * 1024


# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseResult:
    """One case on one target at one optimisation level (or its static scan)."""

    case: str  # area/name
    area: str
    description: str
    target: str  # "scan" | "zerovm" | "ref" ("broken" for a case whose .toml could not be loaded)
    opt: str
    verdict: str
    duration_s: float
    expectation: dict[str, Any]
    actual: dict[str, Any]  # RunResult.to_json() (+ report text) for runs; the scanner's summary for scans
    mismatches: tuple[tuple[str, Any, Any], ...] = ()  # (field, expected, actual)
    message: str = ""  # pytest's failure text, the skip or xfail reason, or the error
    nodeid: str = ""
    nexe: str | None = None  # the built program (scan items), for scan.sarif
    timings: dict[str, float] = field(default_factory=dict)  # seconds per pytest phase (setup = build)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.case, self.target, self.opt)

    @property
    def failing(self) -> bool:
        return self.verdict in FAILING

    def headline(self, fields: int = HEADLINE_FIELDS, limit: int = HEADLINE_CHARS) -> str:
        """Why this verdict, on one line: the first mismatching fields of a FAIL, the reason of an XPASS,
        the first line of an ERROR's message ("" for a PASS)."""
        if self.verdict == FAIL and self.mismatches:
            parts = [describe_mismatch(m) for m in self.mismatches[:fields]]
            if len(self.mismatches) > fields:
                parts.append(f"{len(self.mismatches) - fields} more")
            text = "; ".join(parts)
        elif self.verdict == XPASS:
            reason = self.expectation.get("xfail")
            text = "passed, but the case expects it to fail here" + (f": {reason}" if reason else "")
        elif self.verdict == PASS:
            return ""
        else:
            text = first_line(self.message) or self.verdict
        return one_line(text, limit)

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case, "area": self.area, "description": self.description, "target": self.target,
            "opt": self.opt, "verdict": self.verdict, "duration_s": round(self.duration_s, 6),
            "timings": {k: round(v, 6) for k, v in self.timings.items()},
            "expectation": self.expectation, "actual": self.actual,
            "mismatches": [list(m) for m in self.mismatches], "message": self.message,
            "nodeid": self.nodeid, "nexe": self.nexe,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> CaseResult:
        verdict = str(d["verdict"])
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        return cls(case=str(d["case"]), area=str(d.get("area", "")), description=str(d.get("description", "")),
                   target=str(d["target"]), opt=str(d.get("opt", "")), verdict=verdict,
                   duration_s=float(d.get("duration_s", 0.0)), expectation=dict(d.get("expectation") or {}),
                   actual=dict(d.get("actual") or {}),
                   mismatches=tuple((str(m[0]), m[1], m[2]) for m in d.get("mismatches", [])),
                   message=str(d.get("message", "")), nodeid=str(d.get("nodeid", "")), nexe=d.get("nexe"),
                   timings={str(k): float(v) for k, v in (d.get("timings") or {}).items()})


@dataclass(frozen=True)
class RunRecord:
    """A whole run: what ran where, and every result."""

    run_id: str
    started: str  # ISO 8601, UTC
    finished: str
    harness_version: str
    targets: tuple[str, ...]  # the targets selected for run items
    target_info: dict[str, Any]  # e.g. {"zerovm": {"path": ..., "banner": ...}}
    results: tuple[CaseResult, ...]
    exit_status: int | None = None  # pytest's exit status
    args: tuple[str, ...] = ()  # pytest's command-line arguments
    # Why this run is not a full run of the corpus (a selection, items left unrun, an interrupt); () when it is.
    partial: tuple[str, ...] = ()
    baseline: dict[str, Any] | None = None  # --baseline: what it named and what changed against it (SinceBaseline)

    @property
    def counts(self) -> dict[str, int]:
        return count_verdicts(self.results)

    @property
    def full(self) -> bool:
        return not self.partial

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA, "run_id": self.run_id, "started": self.started, "finished": self.finished,
            "harness_version": self.harness_version, "targets": list(self.targets),
            "target_info": self.target_info, "exit_status": self.exit_status, "args": list(self.args),
            "full": self.full, "partial": list(self.partial), "counts": self.counts,
            **({"baseline": self.baseline} if self.baseline is not None else {}),
            "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> RunRecord:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema {d.get('schema')!r})")
        return cls(run_id=str(d["run_id"]), started=str(d.get("started", "")), finished=str(d.get("finished", "")),
                   harness_version=str(d.get("harness_version", "")), targets=tuple(d.get("targets", ())),
                   target_info=dict(d.get("target_info") or {}),
                   results=tuple(CaseResult.from_json(r) for r in d["results"]),
                   exit_status=d.get("exit_status"), args=tuple(d.get("args", ())),
                   partial=tuple(str(p) for p in d.get("partial", ())),
                   baseline=dict(d["baseline"]) if isinstance(d.get("baseline"), Mapping) else None)


def count_verdicts(results: Iterable[CaseResult]) -> dict[str, int]:
    counts = dict.fromkeys(VERDICTS, 0)
    for r in results:
        counts[r.verdict] += 1
    return counts


def new_run_id(now: datetime | None = None) -> str:
    """UTC time to the second plus a random suffix: sortable, and unique across concurrent runs."""
    now = now or datetime.now(UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- JSON helpers -----------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: bytes as text when UTF-8 else {"base64": ...}, like RunResult.to_json()."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return repr(value)


def cap(text: str) -> str:
    if len(text) <= TEXT_CAP:
        return text
    return text[:TEXT_CAP] + f"\n[... {len(text) - TEXT_CAP} more characters cut by the harness]"


def cap_ends(text: str) -> str:
    """Like _cap, keeping the end too: zerovm's report is the end of its stdout."""
    if len(text) <= TEXT_CAP:
        return text
    head, tail = TEXT_CAP // 4, TEXT_CAP - TEXT_CAP // 4
    return text[:head] + f"\n[... {len(text) - head - tail} characters cut by the harness ...]\n" + text[-tail:]


def short_value(value: Any, limit: int = VALUE_CHARS) -> str:
    """A value on one line: JSON (strings quoted, newlines escaped), cut to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + "..."


# Characters a page or a terminal would swallow or act on: C0 controls, DEL, C1 controls.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str, keep: str = "") -> str:
    """`text` with its control characters written as JSON writes them (NUL as \\u0000, a newline as \\n), so a
    zero-filled gap in an output shows instead of vanishing; those in `keep` stay (a <pre> shows line breaks).

    The escapes are `short_value`'s, the ones every mismatch headline (junit, compare, the terminal) uses."""
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else json.dumps(m.group()).strip('"'), text)


def describe_mismatch(mismatch: tuple[str, Any, Any] | list[Any]) -> str:
    """`field: expected X, got Y`; of two mappings, only the keys that differ (`run.etags[/dev/memory]: ...`)."""
    name, expected, actual = mismatch
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        keys = [k for k in (*expected, *(k for k in actual if k not in expected)) if expected.get(k) != actual.get(k)]
        if keys:
            return "; ".join(_expected_got(f"{name}[{k}]", expected.get(k), actual.get(k)) for k in keys)
    return _expected_got(name, expected, actual)


def _expected_got(name: str, expected: Any, actual: Any) -> str:
    # Two long texts that share a head would be cut before they differ: show where they do.
    if isinstance(expected, str) and isinstance(actual, str) and \
            max(len(short_value(expected, 1 << 30)), len(short_value(actual, 1 << 30))) > VALUE_CHARS:
        at = next((i for i, (x, y) in enumerate(zip(expected, actual)) if x != y), min(len(expected), len(actual)))
        if at < VALUE_CHARS // 3:  # the plain form shows the difference
            return f"{name}: expected {short_value(expected)}, got {short_value(actual)}"
        start = max(0, at - 12)

        def window(text: str) -> str:
            part = short_value(text[start:start + 40], VALUE_CHARS)
            return ("..." if start else "") + part + ("..." if start + 40 < len(text) else "")

        return (f"{name}: differs at character {at} of {len(expected)} expected, {len(actual)} got: "
                f"expected {window(expected)}, got {window(actual)}")
    return f"{name}: expected {short_value(expected)}, got {short_value(actual)}"


_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


def one_line(text: str, limit: int = HEADLINE_CHARS) -> str:
    """`text` with its line breaks and tabs as spaces, cut to `limit` characters."""
    text = _LINE_BREAKS.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else ""


# The largest results.json `load_run` reads (a run of the whole corpus is a few MB).
RESULTS_LIMIT = 256 << 20


def load_run(path: str | Path) -> RunRecord:
    """A run from its directory, its results.json, or a `latest` file; raises OSError / ValueError."""
    from harness.userfiles import describe, read_file

    p = Path(path)
    try:
        is_dir, is_file = p.is_dir(), p.is_file()  # these raise on an untraversable directory
    except OSError as exc:
        raise describe(exc, p) from None
    if is_dir:
        p = p / RESULTS_JSON
    elif is_file and p.name == LATEST:
        name = read_file(p, 4096, what="a run name").decode("utf-8", "replace").strip()
        p = p.parent / name / RESULTS_JSON
    try:
        # Only a regular file of bounded size: a FIFO or /dev/zero given as a run must not hang.
        doc = json.loads(read_file(p, RESULTS_LIMIT, what="a results document").decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: not JSON: byte {exc.start} is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p}: not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise ValueError(f"{p}: not a results document")
    try:
        return RunRecord.from_json(doc)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"{p}: {exc}") from exc
