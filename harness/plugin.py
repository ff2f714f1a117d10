"""The pytest plugin that runs the conformance corpus: `pytest cases/`.

Every `cases/**/NAME.toml` is collected as a `CaseFile`, with one `CaseItem` per
optimisation level and target.  An item builds its program once (a content-hash
cache shared by xdist workers), checks the static expectations (zerovm's loader
rules and validator) and then runs it on the target and compares the run
expectations field by field.  A broken case (bad TOML, missing source, C that does
not compile) is an error, not a failure.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import pluggy
import pytest

from harness import results as run_results
from harness.cache import FileCache, digest
from harness.cases import BuildOptions, Case, CaseError, load_case
from harness.compare import Mismatch, compare_cluster, compare_run, compare_scan
from harness.elfpatch import apply_patches
from harness.expected_findings import compare_findings
from harness.targets import Cluster, Job, Node, RunResult, Session, Target, TargetError
from harness.targets.ref import UNSUPPORTED, RefTarget
from harness.targets.zerovm import ZerovmTarget, find_zerovm, preflight
from harness.toolchain import build
from harness.toolchain.builtin import BuiltinToolchain

TARGET_CHOICES = ("ref", "zerovm", "both")
_RESULTS = pytest.StashKey[run_results.ResultCollector]()  # the controller's results of this session


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("zerovm", "ZeroVM conformance suite")
    group.addoption("--target", choices=TARGET_CHOICES, default=None,
                    help="where cases run: ref (the reference executor), zerovm (a real build) or both; "
                         "default: zerovm when one is configured, else ref")
    group.addoption("--zerovm", metavar="PATH", default=None,
                    help="a real zerovm binary (default: $ZEROVM)")
    group.addoption("--results", metavar="DIR", default=None,
                    help="write this run's results.json, junit.xml, scan.sarif and report.html to DIR "
                         "(default: results/<run-id>/ under the rootdir, and results/latest)")
    group.addoption("--baseline", metavar="RUN|FILE", default=None,
                    help="lead the summary, report.html and results.json with what changed against an earlier "
                         "run (its directory or results.json) or a known-results file (.toml or .json; see "
                         "README); pytest's exit status does not change")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "case: a ZeroVM conformance case")
    # Results are gathered (its logreport hooks see every worker's reports) and written by the
    # controller only; xdist workers just attach them to their reports.
    if not hasattr(config, "workerinput"):
        if "zerovm" in _selected_targets(config) and _runs_cases(config):
            # A zerovm that cannot run at all is one usage error now, not a failure per case.
            try:
                preflight(config.getoption("--zerovm"))
            except TargetError as exc:
                raise pytest.UsageError(f"the zerovm target cannot run: {exc}") from None
        baseline = None
        if config.getoption("--baseline"):
            # A baseline that cannot be used is a usage error now, before any case runs.
            try:
                baseline = run_results.load_baseline(config.getoption("--baseline"), config.rootpath / "cases")
            except run_results.BaselineError as exc:
                raise pytest.UsageError(str(exc)) from None
        if config.option.collectonly:
            return  # nothing runs, so there are no results to write
        collector = run_results.ResultCollector(config.rootpath, config.getoption("--results"),
                                                config.invocation_params.args, run_results.narrowed_by(config),
                                                baseline)
        config.stash[_RESULTS] = collector
        config.pluginmanager.register(collector, "zerovm-results")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # tryfirst makes this the outermost wrapper: the skipping plugin has set wasxfail/XPASS by now.
    report = yield
    if isinstance(item, CaseItem | BrokenCaseItem) and report.when != "call" and report.failed and call.excinfo:
        # pytest formats set-up errors itself (a traceback through pluggy); ours are a few lines, like the call's.
        report.longrepr = item.repr_failure(call.excinfo)
    if isinstance(item, CaseItem):
        run_results.attach(report, item, call.excinfo,
                           item.node_results if item.node_results is not None else item.run_result)
    elif isinstance(item, BrokenCaseItem):
        run_results.attach_broken(report, item.nodeid, item.path, item.config.rootpath / "cases", call.excinfo)
    return report


def pytest_collection_finish(session: pytest.Session) -> None:
    collector = session.config.stash.get(_RESULTS, None)
    if collector is not None:
        collector.expect(item.nodeid for item in session.items)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    # Under xdist the controller collects nothing itself: the workers' collections say what will run.
    collector = node.config.stash.get(_RESULTS, None)
    if collector is not None:
        collector.expect(ids)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    collector = session.config.stash.get(_RESULTS, None)
    if collector is not None:
        targets = _selected_targets(session.config)
        zerovm = None
        if "zerovm" in targets:
            with contextlib.suppress(TargetError):  # no zerovm: its items say so, the results are still written
                zerovm = find_zerovm(session.config.getoption("--zerovm"), search_path=True)
        collector.finish(targets=targets, exit_status=int(exitstatus), zerovm=zerovm)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    collector = config.stash.get(_RESULTS, None)
    if collector is not None and collector.since is not None:
        # What changed against the baseline comes first: it is what a release manager acts on.
        lines = run_results.render_since(collector.since)
        terminalreporter.write_sep("=", "since the baseline", bold=True)
        for n, line in enumerate(lines):
            terminalreporter.write_line(line, red=n == 0 and bool(collector.since.new_failures),
                                        green=n == 0 and not collector.since.new_failures)
    if collector is not None and collector.written is not None:
        terminalreporter.write_line(f"results: {collector.written} (report.html, results.json, junit.xml, "
                                    "scan.sarif)")
        for note in collector.notes:
            terminalreporter.write_line(f"results: {note}")
        for problem in collector.problems:
            terminalreporter.write_line(f"results: {problem}", yellow=True)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    root = parent.config.rootpath / "cases"
    if file_path.suffix == ".toml" and file_path.is_relative_to(root):
        return CaseFile.from_parent(parent, path=file_path)
    return None


def _runs_cases(config: pytest.Config) -> bool:
    """Whether the session's paths reach the corpus (`pytest tests/` with $ZEROVM set needs no zerovm)."""
    cases = config.rootpath / "cases"
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::", 1)[0]).resolve()
        if path.is_relative_to(cases) or cases.is_relative_to(path):
            return True
    return False


def _selected_targets(config: pytest.Config) -> list[str]:
    choice = config.getoption("--target")
    if choice is None:
        choice = "zerovm" if (config.getoption("--zerovm") or os.environ.get("ZEROVM")) else "ref"
    return ["ref", "zerovm"] if choice == "both" else [choice]


class CaseFile(pytest.File):
    def collect(self) -> Any:
        try:
            case = load_case(self.path, self.config.rootpath / "cases")
        except CaseError as exc:
            # One broken case is an error of its own, not the end of the whole run.
            yield BrokenCaseItem.from_parent(self, name="broken", error=exc)
            return
        if case.nodes is not None:
            # A cluster has no program of its own to scan: one run item per opt level and target.
            for opt in case.opts:
                for target in _selected_targets(self.config):
                    yield self._run_item(case, target, opt)
            return
        for opt in case.opts if case.source is not None else ("",):
            # The static checks need no target, so they run everywhere.
            if case.source is not None:
                yield CaseItem.from_parent(self, name=f"scan{opt}", case=case, target=None, opt=opt)
            if case.run is None:
                continue
            for target in _selected_targets(self.config):
                yield self._run_item(case, target, opt)

    def _run_item(self, case: Case, target: str, opt: str) -> CaseItem:
        item = CaseItem.from_parent(self, name=f"{target}{opt}", case=case, target=target, opt=opt)
        if target in case.xfail:
            # Only the case failing is the expected failure; a build or target error stays an ERROR.
            item.add_marker(pytest.mark.xfail(reason=case.xfail[target], strict=True, raises=CaseFailure))
        return item


class BrokenCaseItem(pytest.Item):
    """Stands for a case whose expectation file cannot be read: it errors in set-up."""

    def __init__(self, *, error: CaseError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def setup(self) -> None:
        raise self.error

    def runtest(self) -> None:  # pragma: no cover - setup always raises
        raise self.error

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if _full_tracebacks(self.config) or not isinstance(excinfo.value, CaseError):
            return super().repr_failure(excinfo, style)  # pytest's TerminalRepr: the whole traceback
        problems = str(excinfo.value).splitlines()
        if len(problems) == 1:
            return f"broken case: {problems[0]}"
        return "\n".join([f"broken case, {len(problems)} problems:", *(f"  {p}" for p in problems)])

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"broken case {self.path.name}"


NodeResults = tuple[tuple[str, RunResult], ...]  # a cluster's results: (node name, its result), in node order


class CaseFailure(Exception):
    def __init__(self, mismatches: list[Mismatch], result: RunResult | None, nodes: NodeResults = ()) -> None:
        super().__init__(mismatches)
        self.mismatches = mismatches
        self.result = result
        self.nodes = nodes


class CaseItem(pytest.Item):
    """One case at one optimisation level: its static checks (target None) or its run on a target."""

    def __init__(self, *, case: Case, target: str | None, opt: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.target = target
        self.opt = opt
        self.nexe: Path | None = None
        self.run_result: RunResult | None = None  # kept for the results files, pass or fail
        self.node_nexes: dict[Path, Path] = {}  # a cluster's sources -> their nexes at this opt level
        self.node_results: NodeResults | None = None  # a cluster's results, by node name
        self.add_marker("case")

    def setup(self) -> None:
        # Building and finding the target are the harness's set-up: C that does not compile or a target that
        # cannot run is an ERROR, not a FAIL of the target.
        if self.case.source is not None:
            self.nexe = _build_cached(self.case, self.opt)
        for node in self.case.nodes or ():
            if node.source not in self.node_nexes:
                self.node_nexes[node.source] = _build_source(node.source, self.opt, self.case.build)
        if self.target is not None:
            _target(self.config, self.target)

    def runtest(self) -> None:
        if self.target is None:
            assert self.nexe is not None, "only cases with a program have scan items"
            mismatches = compare_scan(self.case, self.nexe) + self._compare_findings(self.nexe)
            result = None
        elif self.case.nodes is not None:
            self._run_cluster()
            return
        else:
            result = self.run_result = _target(self.config, self.target).run(self._session())
            if result.outcome == UNSUPPORTED:
                # The reference executor says what it does not model instead of guessing.
                pytest.skip(f"the {self.target} target does not model this session: {result.exit_state}")
            mismatches = compare_run(self.case, result)
        if mismatches:
            raise CaseFailure(mismatches, result)

    def _compare_findings(self, nexe: Path) -> list[Mismatch]:
        """The trap-policy findings against `[scan] findings` (harness.expected_findings)."""
        scan = self.case.scan
        # The full scan is cached by the nexe's bytes: the results file reuses this one (results.attach).
        actual, _sarif = run_results.scan_actual_json(nexe, f"case {self.case.name} built with {self.opt}")
        return compare_findings(scan.findings, scan.loads and scan.valid is True, actual)

    def _run_cluster(self) -> None:
        assert self.case.nodes is not None and self.target is not None
        cluster = Cluster(tuple(
            Node(node.name, Session(self.node_nexes[node.source], node.channels, node.memory, timeout=node.timeout,
                                    options=node.options, keys=node.keys))
            for node in self.case.nodes), name_server=self.case.name_server)
        results = _target(self.config, self.target).run_cluster(cluster)
        self.node_results = tuple((node.name, result) for node, result in zip(self.case.nodes, results,
                                                                                strict=False))
        unsupported = [(name, r) for name, r in self.node_results if r.outcome == UNSUPPORTED]
        if unsupported:
            name, result = unsupported[0]
            pytest.skip(f"the {self.target} target does not model this cluster (node {name}): {result.exit_state}")
        mismatches = compare_cluster(self.case, results)
        if mismatches:
            raise CaseFailure(mismatches, None, self.node_results)

    def _session(self) -> Session:
        job = None if self.case.job is None else Job(tuple(r.request for r in self.case.job))
        return Session(self.nexe, self.case.channels, self.case.memory, timeout=self.case.timeout,
                       manifest=self.case.manifest, files=self.case.files, options=self.case.options, job=job)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """A few lines a person reads: what, where, expected against actual; --tb=long adds the details."""
        exc = excinfo.value
        label = f"case {self.case.name} ({self.target or 'scan'}, {self.opt or 'no build'})"
        long = _full_tracebacks(self.config)
        if isinstance(exc, CaseFailure):
            lines = [f"{label} differs from its expectation:"]
            lines += [f"  {name}: expected {_short(want)}, got {_short(got)}" for name, want, got in exc.mismatches]
            result = exc.result
            if result is not None:
                lines.append(f"  {result.target}: exit code {result.exit_code}, exit state {_short(result.exit_state)}"
                             f" ({result.outcome})")
                if long:
                    lines += ["  report:", *(f"    | {line}" for line in result.raw_stdout.splitlines())]
                    lines += [f"  {alias}: {data!r}" for alias, data in result.outputs.items()]
            for name, node in exc.nodes:
                lines.append(f"  node {name} on {node.target}: exit code {node.exit_code}, exit state "
                             f"{_short(node.exit_state)} ({node.outcome}, {node.wall_s:.2f} s)")
                if long:
                    lines += [f"    | {line}" for line in node.raw_stdout.splitlines()]
            return "\n".join(lines)
        if long:
            return super().repr_failure(excinfo, style)
        if type(exc).__module__.startswith("harness."):
            # The harness's own errors (does not build, no target, bad patch) say what is wrong in their message.
            message = str(exc).splitlines() or [""]
            if len(message) > _MAX_MESSAGE_LINES:
                message = [*message[:_MAX_MESSAGE_LINES], f"... {len(message) - _MAX_MESSAGE_LINES} more lines "
                           "(--tb=long shows them all)"]
            return "\n".join([f"{label}: {type(exc).__name__}: {message[0]}", *message[1:]])
        # Anything else is a bug of the harness: where it happened, without pytest's and pluggy's frames.
        return excinfo.getrepr(style="short", tbfilter=_without_framework_frames)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case {self.case.name} [{self.name}]"


_MAX_MESSAGE_LINES = 10  # of an error's message in a failure report; --tb=long shows all
_SHORT_BYTES = 200  # of an expected or actual value


def _full_tracebacks(config: pytest.Config) -> bool:
    return config.getoption("tbstyle", "auto") == "long" or bool(config.getoption("fulltrace", False))


def _short(value: object) -> str:
    """A value for one line of a report: long bytes and strings cut, with their length."""
    if isinstance(value, bytes | str) and len(value) > _SHORT_BYTES:
        unit = "bytes" if isinstance(value, bytes) else "characters"
        return f"{value[:_SHORT_BYTES]!r}... ({len(value)} {unit})"
    return repr(value)


def _without_framework_frames(excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
    frameworks = (Path(pytest.__file__).parent.parent / "_pytest", Path(pluggy.__file__).parent)
    return excinfo.traceback.filter(lambda entry: not any(Path(entry.path).is_relative_to(f) for f in frameworks))


# The targets of one pytest session: kept on its config, not in a module global, so a
# session run in-process (pytester) cannot hand its targets to another.
_TARGETS_KEY = pytest.StashKey[dict[str, Target]]()


def _target(config: pytest.Config, name: str) -> Target:
    targets = config.stash.setdefault(_TARGETS_KEY, {})
    if name not in targets:
        if name == "ref":
            targets[name] = RefTarget()
        else:
            path = find_zerovm(config.getoption("--zerovm"), search_path=True)
            if path is None:
                raise TargetError("--target zerovm needs a zerovm: pass --zerovm PATH, set ZEROVM or put zerovm "
                                  "on PATH")
            targets[name] = ZerovmTarget(path)
    return targets[name]


def _build_cached(case: Case, opt: str) -> Path:
    """The case's nexe, from the content-hash cache when nothing it depends on changed."""
    assert case.source is not None
    return _build_source(case.source, opt, case.build)


def _build_source(source: Path, opt: str, options: BuildOptions) -> Path:
    """A program's nexe at one opt level (a cluster's nodes share one when they share a source)."""
    chain = BuiltinToolchain()
    cache = FileCache()
    headers = sorted(source.parent.glob("*.h"))
    key = digest([b"case-nexe", opt, source.name, source.read_bytes(), str(chain.runtime_archive()), repr(options),
                  *(h.name.encode() + h.read_bytes() for h in headers)])

    def make(out: Path) -> None:
        build([source], out, opt=opt, toolchain=chain, sandbox=options.sandbox, runtime=options.runtime)
        if options.patches or options.truncate is not None:
            out.write_bytes(apply_patches(out.read_bytes(), list(options.patches), options.truncate))

    return cache.get_or_create(key, ".nexe", make)
