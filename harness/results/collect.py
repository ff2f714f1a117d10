"""From pytest's reports to `CaseResult`s, and the controller's `ResultCollector`.

The pytest plugin (`harness.plugin`) only calls into this module: `attach()` on the
process that ran an item (an xdist worker, or the only process), `ResultCollector`
on the controller, which writes the run directory once at the end of the session.  An item
whose worker died under it, or that never ran because the session stopped, is an ERROR.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from harness import __version__
from harness.cases import Case
from harness.results.actual import (
    case_files_json,
    expectation_json,
    given_json,
    node_scans_json,
    run_actual_json,
    scan_actual_json,
)
from harness.results.baseline import Baseline, SinceBaseline, since_baseline
from harness.results.model import (
    BROKEN,
    ERROR,
    FAIL,
    LATEST,
    PASS,
    SCAN,
    UNSUPPORTED,
    XFAIL,
    XPASS,
    CaseResult,
    RunRecord,
    cap,
    jsonable,
    new_run_id,
    utc_now,
)
from harness.results.rundir import KEEP_RUNS, prune_runs, update_latest, write_run

# The attributes a TestReport carries its CaseResult in (a JSON string), and for scan items the
# SARIF of that one nexe (merged into scan.sarif on the controller, so nothing is scanned twice).  pytest serialises a
# report's whole __dict__ for xdist (TestReport(**extra) restores it on the controller), so a
# plain string attribute travels from worker to controller without touching user_properties,
# which pytest's own junitxml would otherwise copy into every <testcase>.
REPORT_ATTR = "zerovm_case_result"
SARIF_ATTR = "zerovm_case_sarif"


# --- from pytest reports to results (on the process that ran the item) ------------------------


class CaseItemLike(Protocol):
    """What `attach` needs of a `harness.plugin.CaseItem` (kept structural to avoid an import cycle)."""

    case: Case
    target: str | None
    opt: str
    nexe: Path | None
    node_nexes: dict[Path, Path]  # a cluster's sources -> their nexes
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
        actual = {"nodes": [{"name": name, **run_actual_json(result)} for name, result in run_result],
                  "node_scans": node_scans_json(case, item.node_nexes, item.opt)}
    elif run_result is not None:
        actual = run_actual_json(run_result)
    if actual:
        # Only beside an outcome: an empty `actual` means "nothing ran" to compare and the differential.
        if target != SCAN:
            actual["given"] = given_json(case)
        actual["case_files"] = case_files_json(case)
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
                        message=cap(message), nodeid=item.nodeid,
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
                      message=cap(message if message is not None else str(report.longreprtext)))


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

    def __init__(self, rootpath: Path, results_dir: str | None, args: Iterable[str] = (),
                 narrowed: Iterable[str] = (), baseline: Baseline | None = None) -> None:
        self.rootpath = rootpath
        self.baseline = baseline  # --baseline: compared with the record in finish(), shown first
        self.since: SinceBaseline | None = None
        self.run_id = new_run_id()
        self.started = utc_now()
        self.args = tuple(args)
        # --results DIR is the run directory itself; by default a fresh one under <rootdir>/results.
        self.explicit_dir = Path(results_dir).resolve() if results_dir else None
        self.by_node: dict[str, CaseResult] = {}
        self.sarif_by_node: dict[str, dict[str, Any]] = {}  # per-nexe SARIF logs, merged into scan.sarif
        self.written: Path | None = None
        self.problems: list[str] = []
        self.expected: dict[str, None] = {}  # nodeids of the case items collected to run, in order
        self.narrowed = tuple(narrowed)  # why the session's options and paths do not select the whole corpus
        self.deselected = 0  # case items deselected on this process (-k, -m, a plugin); xdist workers deselect unseen
        self.notes: list[str] = []  # what the terminal summary says besides the run directory

    @property
    def run_dir(self) -> Path:
        return self.explicit_dir or self.rootpath / "results" / self.run_id

    # pytest hooks: the plugin registers the collector on the controller (see harness.plugin).

    def pytest_runtest_logreport(self, report: Any) -> None:
        self.add_report(report)

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.add_collect_error(report, self.rootpath / "cases")

    def pytest_deselected(self, items: Any) -> None:
        self.deselected += sum(1 for item in items if _item_of(item.nodeid) is not None)

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
                          message=cap(message))

    def record(self, *, targets: Iterable[str], target_info: dict[str, Any], exit_status: int | None) -> RunRecord:
        unrun = [nodeid for nodeid in self.expected if nodeid not in self.by_node]
        for nodeid in unrun:
            self.by_node[nodeid] = self._error_result(
                nodeid, f"not run: the session ended first (pytest exit status {exit_status}; a crashed "
                        "xdist worker, an interrupt or --maxfail)")
        partial = list(self.narrowed)
        if self.deselected:
            partial.append(f"{self.deselected} case item(s) deselected")
        if unrun:
            partial.append(f"{len(unrun)} case item(s) not run (the session stopped early)")
        if exit_status in (EXIT_INTERRUPTED, EXIT_INTERNAL_ERROR):
            partial.append(f"pytest exit status {exit_status} (interrupted or an internal error)")
        results = tuple(sorted(self.by_node.values(), key=lambda r: (r.case, r.opt, _target_rank(r.target))))
        return RunRecord(run_id=self.run_id, started=self.started, finished=utc_now(), harness_version=__version__,
                         targets=tuple(targets), target_info=target_info, results=results,
                         exit_status=exit_status, args=self.args, partial=tuple(partial))

    def finish(self, *, targets: Iterable[str], zerovm: Path | None, exit_status: int | None) -> Path | None:
        """Write the run directory, if any case produced a result (`pytest tests/` writes nothing)."""
        if not self.by_node and not self.expected:
            return None
        targets = tuple(targets)
        info: dict[str, Any] = {}
        if "zerovm" in targets and zerovm is not None:
            info["zerovm"] = zerovm_info(zerovm)
        record = self.record(targets=targets, target_info=info, exit_status=exit_status)
        if self.baseline is not None:
            self.since = since_baseline(self.baseline, record)
            record = replace(record, baseline=self.since.to_json())
        by_node = {r.nodeid: r for r in record.results}
        sarif = [(by_node[n], log) for n, log in self.sarif_by_node.items() if n in by_node]
        sarif.sort(key=lambda pair: (pair[0].case, pair[0].opt))
        self.problems = write_run(record, self.run_dir, sarif)
        if self.explicit_dir is None:
            # `latest` names the last full run: a -k or --lf session must not replace it with a handful of items.
            if record.full:
                update_latest(self.run_dir)
            else:
                self.notes.append(f"{LATEST} not moved: a partial run ({'; '.join(record.partial)})")
            removed, problems = prune_runs(self.run_dir.parent)
            if removed:
                self.notes.append(f"removed {len(removed)} old run(s), keeping the newest {KEEP_RUNS} and pinned ones")
            self.problems += problems
        self.written = self.run_dir
        return self.run_dir


# pytest's exit statuses (pytest.ExitCode) for a session that did not finish its items.
EXIT_INTERRUPTED = 2
EXIT_INTERNAL_ERROR = 3


def narrowed_by(config: Any) -> list[str]:
    """Why a session's options and paths select less than the whole corpus ([] for a full run).

    A full run is every case of `cases/` (on the selected targets): a path argument that is
    `cases/` or a directory above it, and no -k, -m, --deselect, --ignore, --lf or --sw.
    Whether every selected item then ran (-x, --maxfail, an interrupt) is known only at the end.
    """
    option = config.option
    reasons = []
    for flag, name in (("-k", "keyword"), ("-m", "markexpr")):
        if getattr(option, name, ""):
            reasons.append(f"{flag} {getattr(option, name)}")
    for flag, name in (("--deselect", "deselect"), ("--ignore", "ignore"), ("--ignore-glob", "ignore_glob"),
                       ("--lf", "lf"), ("--sw", "stepwise"), ("--sw-skip", "stepwise_skip")):
        if getattr(option, name, None):
            reasons.append(flag)
    cases = (Path(config.rootpath) / "cases").resolve()
    whole = False
    for arg in config.args:
        path, sep, _ = str(arg).partition("::")
        full = (Path(config.invocation_params.dir) / path).resolve()
        if not sep and (full == cases or cases.is_relative_to(full)):
            whole = True
    if not whole:
        reasons.append("only " + " ".join(str(a) for a in config.args))
    return reasons


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
