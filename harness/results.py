"""What a run of the conformance suite found, kept on disk: `results/<run-id>/`.

Every `pytest cases/` run writes one directory (or `--results DIR`):

- `results.json`: a `RunRecord`: one `CaseResult` per case, target and optimisation
  level, with the expectation, what actually happened, the verdict and timings;
- `junit.xml`: the same verdicts for CI dashboards;
- `scan.sarif`: the static scan of every nexe in the corpus (SARIF 2.1.0);
- `report.html`: a security review a person reads (`harness/templates/report.html.j2`).

Verdicts follow LLVM lit: PASS, FAIL, XFAIL (failed as the case says it does on
this target), XPASS (passed although expected to fail: a failure), UNSUPPORTED
(not run, e.g. no such target) and ERROR (a broken case or a harness error).

`compare(a, b)` says what changed between two runs (say, two zerovm builds): the
`python -m harness compare` sub-command (`harness.results_cli`).

The pytest plugin (`harness.plugin`) only calls into this module: `attach()` on the
process that ran an item (an xdist worker, or the only process), `ResultCollector`
on the controller, which writes the files once at the end of the session.  An item
whose worker died under it, or that never ran because the session stopped, is an ERROR.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from harness import __version__
from harness.cases import Case

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

# The attributes a TestReport carries its CaseResult in (a JSON string), and for scan items the
# SARIF of that one nexe (merged into scan.sarif on the controller, so nothing is scanned twice).  pytest serialises a
# report's whole __dict__ for xdist (TestReport(**extra) restores it on the controller), so a
# plain string attribute travels from worker to controller without touching user_properties,
# which pytest's own junitxml would otherwise copy into every <testcase>.
REPORT_ATTR = "zerovm_case_result"
SARIF_ATTR = "zerovm_case_sarif"

# Run fields compared between runs and between targets; outputs are compared alias by alias.
RUN_FIELDS = ("exit_code", "validator_state", "user_code", "exit_state")
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

    @property
    def counts(self) -> dict[str, int]:
        return count_verdicts(self.results)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA, "run_id": self.run_id, "started": self.started, "finished": self.finished,
            "harness_version": self.harness_version, "targets": list(self.targets),
            "target_info": self.target_info, "exit_status": self.exit_status, "args": list(self.args),
            "counts": self.counts, "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> RunRecord:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema {d.get('schema')!r})")
        return cls(run_id=str(d["run_id"]), started=str(d.get("started", "")), finished=str(d.get("finished", "")),
                   harness_version=str(d.get("harness_version", "")), targets=tuple(d.get("targets", ())),
                   target_info=dict(d.get("target_info") or {}),
                   results=tuple(CaseResult.from_json(r) for r in d["results"]),
                   exit_status=d.get("exit_status"), args=tuple(d.get("args", ())))


def count_verdicts(results: Iterable[CaseResult]) -> dict[str, int]:
    counts = dict.fromkeys(VERDICTS, 0)
    for r in results:
        counts[r.verdict] += 1
    return counts


def new_run_id(now: datetime | None = None) -> str:
    """UTC time to the second plus a random suffix: sortable, and unique across concurrent runs."""
    now = now or datetime.now(UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


def _now() -> str:
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


def _cap(text: str) -> str:
    if len(text) <= TEXT_CAP:
        return text
    return text[:TEXT_CAP] + f"\n[... {len(text) - TEXT_CAP} more characters cut by the harness]"


def _cap_ends(text: str) -> str:
    """Like _cap, keeping the end too: zerovm's report is the end of its stdout."""
    if len(text) <= TEXT_CAP:
        return text
    head, tail = TEXT_CAP // 4, TEXT_CAP - TEXT_CAP // 4
    return text[:head] + f"\n[... {len(text) - head - tail} characters cut by the harness ...]\n" + text[-tail:]


def expectation_json(case: Case, target: str) -> dict[str, Any]:
    """What the case expects of this item, as JSON (None: not checked)."""
    if target == SCAN:
        return {"loads": case.scan.loads, "valid": case.scan.valid}
    run = case.run
    out: dict[str, Any] = {}
    if run is not None:
        out = _run_expected_json(run)
    if case.job is not None:
        out["job"] = [_run_expected_json(request.run) for request in case.job]
    if case.nodes is not None:
        out["nodes"] = {node.name: _run_expected_json(node.run) for node in case.nodes}
    if target in case.xfail:
        out["xfail"] = case.xfail[target]
    return out


def _run_expected_json(run: Any) -> dict[str, Any]:
    return {"exit_code": run.exit_code, "validator_state": run.validator_state, "daemon": run.daemon,
            "user_code": run.user_code, "exit_state": run.exit_state, "exit_state_pattern": run.exit_state_pattern,
            "outputs": {alias: jsonable(data) for alias, data in run.outputs}}


def run_actual_json(result: Any) -> dict[str, Any]:
    """A RunResult as JSON, plus the report text and stderr a reviewer of a failure needs.

    An output longer than TEXT_CAP is kept as {"head", "size", "sha256"} (of all of it, when
    the target cut it), so runs still compare by content without carrying megabytes each.
    """
    out = dict(result.to_json())
    cuts = {c["alias"]: c for c in out.get("cut", ()) if c.get("stream") == "output"}
    for alias, data in result.outputs.items():
        if alias in cuts or len(data) > TEXT_CAP:
            whole = cuts.get(alias) or {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            out["outputs"][alias] = {"head": jsonable(data[:TEXT_CAP]), "size": whole["size"],
                                     "sha256": whole["sha256"]}
    out["report"] = _cap_ends(str(result.raw_stdout))
    out["stderr"] = _cap_ends(str(result.raw_stderr))
    if result.children:
        out["children"] = [run_actual_json(child) for child in result.children]
    return out


def scan_actual_json(nexe: Path, label: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The static scan of a nexe as JSON, and its SARIF log (None without the SARIF writer).

    Scanning costs about as much as the scan item's own checks, so the outcome is cached
    by the nexe's bytes and the harness's sources (any change to a checker rescans).
    """
    from harness.cache import FileCache, digest

    key = digest([b"results-scan/1", nexe.read_bytes(), _harness_digest()])

    def make(out: Path) -> None:
        actual, sarif = _scan_nexe(nexe)
        out.write_text(json.dumps({"actual": actual, "sarif": sarif}))

    try:
        entry = json.loads(FileCache().get_or_create(key, ".scan.json", make).read_text())
    except (OSError, ValueError):  # an unwritable or damaged cache only costs time
        actual, sarif = _scan_nexe(nexe)
    else:
        actual, sarif = entry["actual"], entry["sarif"]
    if sarif is not None:
        for artifact in sarif["runs"][0].get("artifacts", []):
            artifact["description"] = {"text": label}
    return actual, sarif


@functools.cache
def _harness_digest() -> str:
    from harness.cache import digest

    # The static checkers are the package's top-level modules (targets/ and toolchain/ do not scan).
    package = Path(__file__).parent
    return digest(part for path in sorted(package.glob("*.py")) for part in (path.name, path.read_bytes()))


def _scan_nexe(nexe: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """`harness.scan` and `harness.sarif` on one nexe; loader + validator alone when they fail.

    The scanner is developed alongside this module; any failure to import or run it falls
    back to the two checks the scan items themselves make, so a scanner bug never costs
    the results file.
    """
    try:
        from harness.scan import scan_path

        report = scan_path(nexe)
        out = report.to_json()
        out["scanner"] = "harness.scan"
    except Exception as exc:  # see the docstring
        fallback = _loader_validator_json(nexe)
        fallback["scanner_error"] = f"{type(exc).__name__}: {exc}"
        return fallback, None
    try:
        from harness.sarif import to_sarif

        log = to_sarif([report])
    except Exception as exc:  # scan.sarif falls back to the findings recorded in results.json
        out["sarif_error"] = f"{type(exc).__name__}: {exc}"
        return out, None
    return out, log


def _loader_validator_json(nexe: Path) -> dict[str, Any]:
    from harness.loader import TEXT_START, check_loader
    from harness.validator import validate_code

    data = nexe.read_bytes()
    loader = check_loader(data)
    findings = [{"rule": f.rule, "severity": f.severity.value, "address": f.address, "message": f.message,
                 "source": "loader"} for f in loader.findings]
    valid = False
    if loader.loads:
        report = validate_code(loader.text, TEXT_START)
        valid = report.valid
        findings += [{"rule": f.rule, "severity": f.severity.value, "address": f.address, "message": f.message,
                      "source": "validator"} for f in report.findings]
    return {"path": str(nexe), "kind": "elf", "loads": loader.loads, "load_exit_code": loader.exit_code,
            "valid": valid, "findings": findings, "traps": None, "scanner": "loader+validator"}


# --- from pytest reports to results (on the process that ran the item) ------------------------


class CaseItemLike(Protocol):
    """What `attach` needs of a `harness.plugin.CaseItem` (kept structural to avoid an import cycle)."""

    case: Case
    target: str | None
    opt: str
    nexe: Path | None
    nodeid: str

    @property
    def stash(self) -> Any: ...


def verdict_of(report: Any, excinfo: Any) -> str | None:
    """The verdict a phase's report decides, or None when the phase decides nothing (a passing set-up).

    Failures of the case itself are `CaseFailure`s (recognised by their `mismatches`, since
    this module cannot import the plugin); any other exception is a broken case or a
    harness error.  pytest's skipping plugin has already turned xfail outcomes into
    `wasxfail` / "[XPASS(strict)]" by the time this runs (our hook wraps it).
    """
    exc = excinfo.value if excinfo is not None else None
    case_failure = exc is not None and hasattr(exc, "mismatches")
    xfailed = hasattr(report, "wasxfail")
    if report.when == "setup":
        if report.passed:
            return None
        if report.skipped:
            return XFAIL if xfailed else UNSUPPORTED
        return ERROR
    if report.when == "teardown":
        return ERROR if report.failed else None
    if report.passed:
        return XPASS if xfailed else PASS  # a non-strict xpass still passed unexpectedly
    if report.skipped:
        if not xfailed:
            return UNSUPPORTED
        # An expected failure must fail the way cases fail; a crash of the harness is still an error.
        return XFAIL if case_failure else ERROR
    if str(report.longrepr).startswith("[XPASS(strict)]"):
        return XPASS
    return FAIL if case_failure else ERROR


def attach(report: Any, item: CaseItemLike, excinfo: Any, run_result: Any) -> None:
    """Put the item's `CaseResult` on the report of the phase that decides its verdict.

    Runs where the item ran (an xdist worker or the only process); `ResultCollector.add_report`
    picks it up from the report on the controller.
    """
    verdict = verdict_of(report, excinfo)
    if report.when == "setup" and verdict is None:
        # Remember the build time for the call's result: setup and call are separate reports.
        item.stash[_setup_key()] = report.duration
        return
    if verdict is None:
        return
    case = item.case
    target = item.target or SCAN
    exc = excinfo.value if excinfo is not None else None
    mismatches = tuple((str(f), jsonable(e), jsonable(a)) for f, e, a in getattr(exc, "mismatches", ()))
    if run_result is None:
        run_result = getattr(exc, "result", None)
    actual: dict[str, Any] = {}
    sarif: dict[str, Any] | None = None
    if target == SCAN and item.nexe is not None and report.when == "call":
        actual, sarif = scan_actual_json(item.nexe, f"case {case.name} built with {item.opt}")
    elif isinstance(run_result, tuple):
        # A cluster: (node name, RunResult) per node, in node order.
        actual = {"nodes": [{"name": name, **run_actual_json(result)} for name, result in run_result]}
    elif run_result is not None:
        actual = run_actual_json(run_result)
    timings = {"setup": float(item.stash.get(_setup_key(), 0.0))}
    timings[report.when] = report.duration
    message = getattr(report, "wasxfail", "") if verdict == XFAIL else ""
    if verdict in (FAIL, XPASS, UNSUPPORTED):
        message = _skip_reason(report) if report.skipped else report.longreprtext
    elif verdict == ERROR:
        message = _error_text(report, excinfo)
    result = CaseResult(case=case.name, area=case.name.split("/", 1)[0], description=case.description,
                        target=target, opt=item.opt, verdict=verdict, duration_s=sum(timings.values()),
                        expectation=expectation_json(case, target), actual=actual, mismatches=mismatches,
                        message=_cap(message), nodeid=item.nodeid,
                        nexe=str(item.nexe) if item.nexe is not None else None, timings=timings)
    setattr(report, REPORT_ATTR, json.dumps(result.to_json()))
    if sarif is not None:
        setattr(report, SARIF_ATTR, json.dumps(sarif))


def attach_broken(report: Any, nodeid: str, path: Path, cases_root: Path, excinfo: Any) -> None:
    """The ERROR of a case whose .toml cannot be loaded (the plugin's BrokenCaseItem errors in set-up)."""
    if report.when != "setup" or report.passed:
        return
    result = _broken_result(nodeid, path, cases_root, report, _error_text(report, excinfo))
    setattr(report, REPORT_ATTR, json.dumps(result.to_json()))


def _error_text(report: Any, excinfo: Any) -> str:
    """What went wrong, for a person: the harness's own errors (a case that does not build, a
    broken .toml, no target) by their message; anything else, a harness bug, with its traceback.
    pytest formats set-up errors as full tracebacks, which bury a compiler's diagnostics."""
    exc = excinfo.value if excinfo is not None else None
    if exc is not None and type(exc).__module__.startswith("harness."):
        return f"{type(exc).__name__}: {exc}"
    return str(report.longreprtext)


def _broken_result(nodeid: str, path: Path, cases_root: Path, report: Any, message: str | None = None) -> CaseResult:
    name = path.relative_to(cases_root).with_suffix("").as_posix() if path.is_relative_to(cases_root) \
        else path.as_posix()
    return CaseResult(case=name, area=name.split("/", 1)[0], description="", target=BROKEN, opt="",
                      verdict=ERROR, duration_s=float(getattr(report, "duration", 0.0) or 0.0), expectation={},
                      actual={}, mismatches=(), nodeid=nodeid,
                      message=_cap(message if message is not None else str(report.longreprtext)))


def _setup_key() -> Any:
    # One StashKey per process, created lazily so importing this module has no pytest side effects.
    global _SETUP_STASH_KEY
    if _SETUP_STASH_KEY is None:
        import pytest

        _SETUP_STASH_KEY = pytest.StashKey[float]()
    return _SETUP_STASH_KEY


_SETUP_STASH_KEY: Any = None


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


# --- collecting and writing (on the controller) -----------------------------------------------


class ResultCollector:
    """The results of one session, gathered from reports; writes the run directory at the end."""

    def __init__(self, rootpath: Path, results_dir: str | None, args: Iterable[str] = ()) -> None:
        self.rootpath = rootpath
        self.run_id = new_run_id()
        self.started = _now()
        self.args = tuple(args)
        # --results DIR is the run directory itself; by default a fresh one under <rootdir>/results.
        self.explicit_dir = Path(results_dir).resolve() if results_dir else None
        self.by_node: dict[str, CaseResult] = {}
        self.sarif_by_node: dict[str, dict[str, Any]] = {}  # per-nexe SARIF logs, merged into scan.sarif
        self.written: Path | None = None
        self.problems: list[str] = []
        self.expected: dict[str, None] = {}  # nodeids of the case items collected to run, in order

    @property
    def run_dir(self) -> Path:
        return self.explicit_dir or self.rootpath / "results" / self.run_id

    # pytest hooks: the plugin registers the collector on the controller (see harness.plugin).

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.add_report(report)

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.add_collect_error(report, self.rootpath / "cases")

    def expect(self, nodeids: Iterable[str]) -> None:
        """Case items that will run: any left without a result at the end is an ERROR (not run)."""
        for nodeid in nodeids:
            if _item_of(nodeid) is not None:
                self.expected[nodeid] = None

    def add_report(self, report: Any) -> None:
        data = getattr(report, REPORT_ATTR, None)
        if not data:
            if report.failed and report.nodeid not in self.by_node and _item_of(report.nodeid) is not None:
                # No result attached: the item's worker died under it (xdist reports when="???").
                self.by_node[report.nodeid] = self._error_result(report.nodeid, str(report.longreprtext),
                                                                 float(getattr(report, "duration", 0.0) or 0.0))
            return
        result = CaseResult.from_json(json.loads(data))
        earlier = self.by_node.get(result.nodeid)
        if earlier is not None and report.when == "teardown":
            # A failing teardown turns the item into an ERROR but keeps what its call found.
            result = replace(earlier, verdict=ERROR, message=(earlier.message + "\n\nteardown:\n" + result.message),
                             timings={**earlier.timings, **result.timings},
                             duration_s=earlier.duration_s + result.timings.get("teardown", 0.0))
        self.by_node[result.nodeid] = result
        sarif = getattr(report, SARIF_ATTR, None)
        if sarif:
            self.sarif_by_node[result.nodeid] = json.loads(sarif)

    def add_collect_error(self, report: Any, cases_root: Path) -> None:
        """A case file whose collection failed outright: an ERROR without items."""
        path = self.rootpath / report.nodeid.split("::", 1)[0]
        if report.failed and path.suffix == ".toml" and path.is_relative_to(cases_root):
            self.by_node[report.nodeid] = _broken_result(report.nodeid, path, cases_root, report)

    def _error_result(self, nodeid: str, message: str, duration: float = 0.0) -> CaseResult:
        item = _item_of(nodeid)
        assert item is not None
        path, target, opt = item
        cases_root = self.rootpath / "cases"
        full = self.rootpath / path
        name = full.relative_to(cases_root).with_suffix("").as_posix() if full.is_relative_to(cases_root) \
            else path.removesuffix(".toml")
        return CaseResult(case=name, area=name.split("/", 1)[0], description="", target=target, opt=opt,
                          verdict=ERROR, duration_s=duration, expectation={}, actual={}, nodeid=nodeid,
                          message=_cap(message))

    def record(self, *, targets: Iterable[str], target_info: dict[str, Any], exit_status: int | None) -> RunRecord:
        for nodeid in self.expected:
            if nodeid not in self.by_node:
                self.by_node[nodeid] = self._error_result(
                    nodeid, f"not run: the session ended first (pytest exit status {exit_status}; a crashed "
                            "xdist worker, an interrupt or --maxfail)")
        results = tuple(sorted(self.by_node.values(), key=lambda r: (r.case, r.opt, _target_rank(r.target))))
        return RunRecord(run_id=self.run_id, started=self.started, finished=_now(), harness_version=__version__,
                         targets=tuple(targets), target_info=target_info, results=results,
                         exit_status=exit_status, args=self.args)

    def finish(self, *, targets: Iterable[str], zerovm: Path | None, exit_status: int | None) -> Path | None:
        """Write the run directory, if any case produced a result (`pytest tests/` writes nothing)."""
        if not self.by_node and not self.expected:
            return None
        targets = tuple(targets)
        info: dict[str, Any] = {}
        if "zerovm" in targets and zerovm is not None:
            info["zerovm"] = zerovm_info(zerovm)
        record = self.record(targets=targets, target_info=info, exit_status=exit_status)
        by_node = {r.nodeid: r for r in record.results}
        sarif = [(by_node[n], log) for n, log in self.sarif_by_node.items() if n in by_node]
        sarif.sort(key=lambda pair: (pair[0].case, pair[0].opt))
        self.problems = write_run(record, self.run_dir, sarif)
        if self.explicit_dir is None:
            update_latest(self.run_dir)
        self.written = self.run_dir
        return self.run_dir


_ITEM_NAME = re.compile(r"(scan|zerovm|ref|broken)(-O[0-3s])?")


def _item_of(nodeid: str) -> tuple[str, str, str] | None:
    """(case file, target, opt) of a case item's nodeid (`cases/area/x.toml::zerovm-O2`), else None."""
    path, sep, name = nodeid.partition("::")
    m = _ITEM_NAME.fullmatch(name)
    if not sep or not path.endswith(".toml") or m is None:
        return None
    return path, m.group(1), m.group(2) or ""


def _target_rank(target: str) -> int:
    order = (BROKEN, SCAN, "zerovm", "ref")
    return order.index(target) if target in order else len(order)


def zerovm_info(path: Path) -> dict[str, Any]:
    from harness.targets.zerovm import ZerovmTarget

    info: dict[str, Any] = {"path": str(path)}
    try:
        info["banner"] = ZerovmTarget(path).banner()
    except Exception as exc:  # the run already happened; a banner we cannot read is not worth losing it
        info["banner"] = None
        info["banner_error"] = f"{type(exc).__name__}: {exc}"
    return info


def write_run(record: RunRecord, run_dir: Path,
              sarif_logs: list[tuple[CaseResult, dict[str, Any]]] | None = None) -> list[str]:
    """Write every file of a run; returns the problems with the optional ones (SARIF, HTML).

    results.json and junit.xml are the record and must exist, so their errors propagate;
    the SARIF and the HTML depend on other modules (the scanner, jinja2), and a problem
    there is reported rather than losing the record.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(run_dir / RESULTS_JSON, json.dumps(record.to_json(), indent=1) + "\n")
    atomic_write(run_dir / JUNIT_XML, junit_xml(record))
    problems: list[str] = []
    try:
        log = merge_sarif(record, sarif_logs) if sarif_logs else scan_sarif(record)
        atomic_write(run_dir / SCAN_SARIF, json.dumps(log, indent=1) + "\n")
    except Exception as exc:  # see the docstring
        problems.append(f"{SCAN_SARIF} not written: {type(exc).__name__}: {exc}")
    try:
        atomic_write(run_dir / REPORT_HTML, render_html(record))
    except Exception as exc:  # see the docstring
        problems.append(f"{REPORT_HTML} not written: {type(exc).__name__}: {exc}")
    return problems


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and os.replace: readers never see half a file."""
    # Not tempfile.mkstemp: its files are 0600, and a run directory is meant to be shared and read.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def update_latest(run_dir: Path) -> None:
    """Point `results/latest` at this run: a symlink, or a text file naming it where links fail."""
    latest = run_dir.parent / LATEST
    tmp = run_dir.parent / f".{LATEST}.{os.getpid()}"
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(run_dir.name, target_is_directory=True)
        os.replace(tmp, latest)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if latest.is_symlink():
            latest.unlink()
        atomic_write(latest, run_dir.name + "\n")


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


# --- junit.xml --------------------------------------------------------------------------------


def junit_xml(record: RunRecord) -> str:
    """JUnit XML of the case results only (pytest's --junitxml would also hold other tests).

    XFAIL and UNSUPPORTED are <skipped> (nothing to fix), XPASS and FAIL are <failure>,
    ERROR is <error>: what CI dashboards understand.
    """
    counts = record.counts
    suite = ET.Element("testsuite", {
        "name": "zerovm-conformance", "tests": str(len(record.results)),
        "failures": str(counts[FAIL] + counts[XPASS]), "errors": str(counts[ERROR]),
        "skipped": str(counts[XFAIL] + counts[UNSUPPORTED]),
        "time": f"{sum(r.duration_s for r in record.results):.3f}", "timestamp": record.started,
    })
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "run_id", "value": record.run_id})
    for name, info in record.target_info.items():
        ET.SubElement(props, "property", {"name": f"{name}.banner", "value": str(info.get("banner"))})
    for r in record.results:
        tc = ET.SubElement(suite, "testcase", {
            "classname": "cases." + r.case.replace("/", "."), "name": f"{r.target}{r.opt}",
            "time": f"{r.duration_s:.3f}",
        })
        props_tc = ET.SubElement(tc, "properties")
        props_tc.append(ET.Element("property", {"name": "verdict", "value": r.verdict}))
        for node in (r.actual or {}).get("nodes", ()):
            # A cluster: each node's result, so a dashboard shows which node did what.
            props_tc.append(ET.Element("property", {
                "name": f"node.{node.get('name')}",
                "value": _xml_text(f"exit code {node.get('exit_code')}, exit state {node.get('exit_state')!r} "
                                   f"({node.get('outcome')})")}))
        text = _xml_text(r.message)
        if r.verdict in (FAIL, XPASS):
            el = ET.SubElement(tc, "failure", {"message": _xml_text(_first_line(r.message) or r.verdict)})
            el.text = text
        elif r.verdict == ERROR:
            el = ET.SubElement(tc, "error", {"message": _xml_text(_first_line(r.message) or r.verdict)})
            el.text = text
        elif r.verdict in (XFAIL, UNSUPPORTED):
            ET.SubElement(tc, "skipped", {"type": r.verdict.lower(), "message": _xml_text(r.message[:500])})
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters at all, even escaped; program output may.
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else ""


# --- scan.sarif -------------------------------------------------------------------------------


def merge_sarif(record: RunRecord, logs: list[tuple[CaseResult, dict[str, Any]]]) -> dict[str, Any]:
    """One SARIF run for the corpus from the per-nexe logs `harness.sarif.to_sarif` made on the workers.

    Rules are merged by id and artifacts appended, so every result's ruleIndex and
    artifactLocation.index are renumbered; each result also names its case and level.
    """
    first = logs[0][1]
    first_run = first["runs"][0]
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for case, log in logs:
        for run in log.get("runs", []):
            remap: dict[int, int] = {}
            for i, rule in enumerate(run.get("tool", {}).get("driver", {}).get("rules", [])):
                if rule["id"] not in rule_index:
                    rule_index[rule["id"]] = len(rules)
                    rules.append(rule)
                remap[i] = rule_index[rule["id"]]
            offset = len(artifacts)
            for artifact in run.get("artifacts", []):
                artifacts.append({**artifact, "properties": {**artifact.get("properties", {}),
                                                             "case": case.case, "opt": case.opt}})
            for res in run.get("results", []):
                res = json.loads(json.dumps(res))  # a deep copy: the renumbering must not touch the input
                if "ruleIndex" in res:
                    res["ruleIndex"] = remap.get(res["ruleIndex"], rule_index.get(res.get("ruleId", ""), -1))
                for loc in res.get("locations", []):
                    art = loc.get("physicalLocation", {}).get("artifactLocation", {})
                    if "index" in art:
                        art["index"] += offset
                res["properties"] = {**res.get("properties", {}), "case": case.case, "opt": case.opt}
                results.append(res)
            for inv in run.get("invocations", []):
                notifications += inv.get("toolExecutionNotifications", [])
    driver = {**first_run["tool"]["driver"], "rules": rules}
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run_out: dict[str, Any] = {"tool": {"driver": driver},
                               "automationDetails": {"id": f"zerovm-conformance/{record.run_id}"},
                               "invocations": [invocation], "artifacts": artifacts, "results": results}
    if "originalUriBaseIds" in first_run:
        run_out["originalUriBaseIds"] = first_run["originalUriBaseIds"]
    return {"$schema": first.get("$schema"), "version": first.get("version", "2.1.0"), "runs": [run_out]}


def scan_sarif(record: RunRecord) -> dict[str, Any]:
    """SARIF 2.1.0 for the corpus from the findings in results.json (without `harness.sarif`).

    One result per scan finding of each nexe.

    Built from the scan results' recorded findings, so it needs neither the nexes nor the
    scanner at write time.  Locations name the case's source (relative to the repository
    root) and, where the finding has one, the user address in the nexe.
    """
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for r in record.results:
        if r.target != SCAN or not r.actual:
            continue
        artifact_index = len(artifacts)
        uri = f"cases/{r.case}.c"
        artifacts.append({"location": {"uri": uri, "uriBaseId": "SRCROOT"},
                          "description": {"text": f"{r.case} built with {r.opt}"},
                          "properties": {"opt": r.opt, "nexe": r.nexe}})
        for f in r.actual.get("findings") or []:
            rule = str(f.get("rule"))
            if rule not in rules:
                rules[rule] = {"id": rule, "name": rule,
                               "properties": {"source": f.get("source")}}
            location: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT",
                                                             "index": artifact_index}}
            if f.get("address") is not None:
                location["address"] = {"absoluteAddress": int(f["address"])}
            results.append({
                "ruleId": rule,
                "level": "error" if f.get("severity") == "error" else "warning",
                "message": {"text": str(f.get("message"))},
                "locations": [{"physicalLocation": location,
                               "logicalLocations": [{"name": r.case, "kind": "module"}]}],
                "properties": {"case": r.case, "opt": r.opt, "source": f.get("source")},
            })
    rule_list = sorted(rules.values(), key=lambda d: d["id"])
    index = {d["id"]: i for i, d in enumerate(rule_list)}
    for res in results:
        res["ruleIndex"] = index[res["ruleId"]]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "zerovm-harness scan", "version": record.harness_version,
                                "informationUri": "https://github.com/zerovm/zerovm", "rules": rule_list}},
            "automationDetails": {"id": f"zerovm-conformance/{record.run_id}"},
            "originalUriBaseIds": {"SRCROOT": {"description": {"text": "the harness repository"}}},
            "artifacts": artifacts,
            "results": results,
        }],
    }


# --- differential and comparison ----------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """Where the reference executor and a real zerovm did different things with one case."""

    case: str
    opt: str
    description: str
    verdicts: tuple[str, str]  # (ref, zerovm)
    fields: tuple[tuple[str, Any, Any], ...]  # (field, ref, zerovm)


# Every session runs in a fresh temporary directory whose name can appear in an exit state
# ("cannot open /tmp/zvm-session-k2j4/absent"); it says nothing about zerovm, so comparisons ignore it.
_SESSION_DIR = re.compile(r"/tmp/zvm-session-[^/\s]+")


def _normalise(value: Any) -> Any:
    return _SESSION_DIR.sub("{dir}", value) if isinstance(value, str) else value


def run_fields(actual: Mapping[str, Any]) -> dict[str, Any]:
    """The observable outcome of a run, field by field (outputs alias by alias), as compared."""
    if "nodes" in actual:
        # A cluster's nodes, each as a run of its own: node[a].exit_code, node[a].outputs[/dev/stdout], ...
        return {f"node[{node.get('name')}].{name}": value for node in actual["nodes"]
                for name, value in run_fields(node).items()}
    out = {name: _normalise(actual.get(name)) for name in RUN_FIELDS}
    for alias, data in sorted((actual.get("outputs") or {}).items()):
        out[f"outputs[{alias}]"] = _normalise(data)
    return out


def disagreements(record: RunRecord) -> list[Disagreement]:
    """Cases that both ref and zerovm ran, where what they did differs."""
    by_key = {(r.case, r.target, r.opt): r for r in record.results}
    out: list[Disagreement] = []
    for (case, target, opt), ref in sorted(by_key.items()):
        zvm = by_key.get((case, "zerovm", opt))
        if target != "ref" or zvm is None or not ref.actual or not zvm.actual:
            continue
        a, b = run_fields(ref.actual), run_fields(zvm.actual)
        fields = tuple((k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=_field_order)
                       if a.get(k) != b.get(k))
        if fields:
            out.append(Disagreement(case, opt, ref.description, (ref.verdict, zvm.verdict), fields))
    return out


def _field_order(name: str) -> tuple[int, str]:
    return (RUN_FIELDS.index(name), "") if name in RUN_FIELDS else (len(RUN_FIELDS), name)


@dataclass(frozen=True)
class VerdictChange:
    case: str
    target: str
    opt: str
    before: str | None  # None: not in run A
    after: str | None  # None: not in run B
    message: str = ""  # run B's message for a new failure


@dataclass(frozen=True)
class FieldChange:
    case: str
    target: str
    opt: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Comparison:
    run_a: str
    run_b: str
    new_failures: tuple[VerdictChange, ...]  # failing in B, not failing (or absent) in A
    fixes: tuple[VerdictChange, ...]  # failing in A, passing (PASS / XFAIL) in B
    verdict_changes: tuple[VerdictChange, ...]  # every other change of verdict, e.g. PASS -> UNSUPPORTED
    field_changes: tuple[FieldChange, ...]  # exit code, user code, exit state, ... of runs in both
    added: tuple[tuple[str, str, str], ...]
    removed: tuple[tuple[str, str, str], ...]
    target_changes: tuple[tuple[str, Any, Any], ...] = ()  # (what, A, B): e.g. the zerovm banner

    @property
    def has_new_failures(self) -> bool:
        return bool(self.new_failures)


def compare(a: RunRecord, b: RunRecord) -> Comparison:
    """What changed from run A to run B, per case, target and optimisation level."""
    ra = {r.key: r for r in a.results}
    rb = {r.key: r for r in b.results}
    new_failures: list[VerdictChange] = []
    fixes: list[VerdictChange] = []
    others: list[VerdictChange] = []
    fields: list[FieldChange] = []
    for key in sorted(set(ra) | set(rb)):
        before, after = ra.get(key), rb.get(key)
        change = VerdictChange(*key, before.verdict if before else None, after.verdict if after else None,
                               after.message if after else "")
        if after is not None and after.failing and (before is None or not before.failing):
            new_failures.append(change)
        elif before is not None and after is not None and before.failing and after.verdict in (PASS, XFAIL):
            fixes.append(change)
        elif before is not None and after is not None and before.verdict != after.verdict:
            others.append(change)
        if before is not None and after is not None and before.target not in (SCAN, BROKEN) \
                and before.actual and after.actual:
            fa, fb = run_fields(before.actual), run_fields(after.actual)
            fields += [FieldChange(*key, k, fa.get(k), fb.get(k))
                       for k in sorted(set(fa) | set(fb), key=_field_order) if fa.get(k) != fb.get(k)]
    targets: list[tuple[str, Any, Any]] = []
    for name in sorted(set(a.target_info) | set(b.target_info)):
        ia, ib = a.target_info.get(name) or {}, b.target_info.get(name) or {}
        for k in ("path", "banner"):
            if ia.get(k) != ib.get(k):
                targets.append((f"{name}.{k}", ia.get(k), ib.get(k)))
    return Comparison(a.run_id, b.run_id, tuple(new_failures), tuple(fixes), tuple(others), tuple(fields),
                      tuple(sorted(set(rb) - set(ra))), tuple(sorted(set(ra) - set(rb))), tuple(targets))


def _label(case: str, target: str, opt: str) -> str:
    return f"{case} [{target}{opt}]"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _by_case(keys: Iterable[tuple[str, str, str]]) -> list[str]:
    """One line per case with all its items: a new area adds dozens of items."""
    items: dict[str, list[str]] = {}
    for case, target, opt in keys:
        items.setdefault(case, []).append(f"{target}{opt}")
    return [f"{case} [{', '.join(names)}]" for case, names in items.items()]


def render_comparison(c: Comparison) -> str:
    """The comparison as text for a terminal: one section per kind of change, empty ones left out."""
    lines = [f"compare {c.run_a} -> {c.run_b}"]
    for what, before, after in c.target_changes:
        lines.append(f"  {what}: {_short(before)} -> {_short(after)}")

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            lines.extend(f"  {row}" for row in rows)

    section("new failures", [f"{_label(v.case, v.target, v.opt)}: {v.before or 'absent'} -> {v.after}"
                             + (f"  ({_first_line(v.message)})" if v.message else "") for v in c.new_failures])
    section("fixes", [f"{_label(v.case, v.target, v.opt)}: {v.before} -> {v.after}" for v in c.fixes])
    section("other verdict changes", [f"{_label(v.case, v.target, v.opt)}: {v.before} -> {v.after}"
                                      for v in c.verdict_changes])
    section("changed run results", [f"{_label(f.case, f.target, f.opt)}: {f.field} {_short(f.before)} -> "
                                    f"{_short(f.after)}" for f in c.field_changes])
    section("added", _by_case(c.added))
    section("removed", _by_case(c.removed))
    if len(lines) == 1 + len(c.target_changes):
        lines.append("no changes")
    lines.append("")
    lines.append(f"{len(c.new_failures)} new failure(s), {len(c.fixes)} fix(es), "
                 f"{len(c.verdict_changes)} other verdict change(s), {len(c.field_changes)} changed field(s), "
                 f"{len(c.added)} item(s) added, {len(c.removed)} removed")
    return "\n".join(lines) + "\n"


# --- report.html ------------------------------------------------------------------------------

TEMPLATES = Path(__file__).parent / "templates"  # beside the module, so an installed package finds it


def render_html(record: RunRecord) -> str:
    import jinja2  # only the HTML needs it; results.json and junit.xml are written without it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["hexaddr"] = lambda v: f"{v:#x}" if isinstance(v, int) else ("" if v is None else str(v))
    env.filters["show"] = _show
    return env.get_template("report.html.j2").render(**report_context(record))


def _show(value: Any) -> str:
    """A value as a reviewer reads it: strings as they are (quoted when empty), the rest as JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if value else '""'
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class AreaRow:
    area: str
    cases: int
    items: int
    counts: dict[str, int]


@dataclass(frozen=True)
class TrapSurface:
    case: str
    opt: str
    description: str
    loads: Any
    valid: Any
    functions: tuple[str, ...]  # trap functions resolved at slot-0 sites, in zerovm's order
    sites: tuple[dict[str, Any], ...]
    violations: int
    findings: tuple[dict[str, Any], ...]
    scanner: str
    scan_verdict: str


def area_rows(results: Iterable[CaseResult]) -> list[AreaRow]:
    by_area: dict[str, list[CaseResult]] = {}
    for r in results:
        by_area.setdefault(r.area, []).append(r)
    return [AreaRow(area, len({r.case for r in rs}), len(rs), count_verdicts(rs))
            for area, rs in sorted(by_area.items())]


_TRAP_ORDER = ("pread", "pwrite", "jail", "unjail", "fork", "exit")


def trap_surfaces(record: RunRecord) -> list[TrapSurface]:
    out: list[TrapSurface] = []
    for r in record.results:
        if r.target != SCAN or not r.actual:
            continue
        sites = tuple(r.actual.get("traps") or ())
        names = {s.get("function") for s in sites if s.get("slot") == 0 and s.get("function")}
        functions = tuple([f for f in _TRAP_ORDER if f in names] + sorted(n for n in names if n not in _TRAP_ORDER))
        violations = sum(1 for s in sites if s.get("within_policy") is False)
        out.append(TrapSurface(r.case, r.opt, r.description, r.actual.get("loads"), r.actual.get("valid"),
                               functions, sites, violations, tuple(r.actual.get("findings") or ()),
                               str(r.actual.get("scanner", "")), r.verdict))
    return out


def report_context(record: RunRecord) -> dict[str, Any]:
    """Everything the template shows, computed here so the template stays presentation only."""
    failures = [r for r in record.results if r.failing]
    surfaces = trap_surfaces(record)
    ran = sorted({r.target for r in record.results if r.target not in (SCAN, BROKEN) and r.verdict != UNSUPPORTED})
    return {
        "record": record,
        "counts": record.counts,
        "verdicts": VERDICTS,
        "total": len(record.results),
        "cases": len({r.case for r in record.results}),
        "areas": area_rows(record.results),
        "area_total": count_verdicts(record.results),
        "failures": failures,
        "xfails": [r for r in record.results if r.verdict == XFAIL],
        "unsupported": [r for r in record.results if r.verdict == UNSUPPORTED],
        "disagreements": disagreements(record),
        "both_targets": {"ref", "zerovm"} <= set(ran),
        "targets_ran": ran,
        "surfaces": surfaces,
        "scanner_used": any(s.scanner == "harness.scan" for s in surfaces),
        "corpus_functions": [(f, sum(1 for s in surfaces if f in s.functions)) for f in _TRAP_ORDER],
        "results": record.results,
        "failing": FAILING,
    }


__all__ = [
    "ERROR", "FAIL", "FAILING", "PASS", "UNSUPPORTED", "VERDICTS", "XFAIL", "XPASS",
    "CaseResult", "Comparison", "Disagreement", "FieldChange", "ResultCollector", "RunRecord", "VerdictChange",
    "attach", "compare", "disagreements", "junit_xml", "load_run", "render_comparison", "render_html",
    "scan_sarif", "verdict_of", "write_run",
]
