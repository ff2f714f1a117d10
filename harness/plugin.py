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
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pluggy
import pytest

from harness import results as run_results
from harness.cache import FileCache, digest
from harness.cases import Case, CaseError, RunExpectation, load_case
from harness.elfpatch import apply_patches
from harness.loader import TEXT_START, check_loader
from harness.report import ACCOUNTING_FIELDS
from harness.targets import STREAM_OUTPUT, RunResult, Session, Target, TargetError
from harness.targets.capture import STREAM_HEAD, TAIL
from harness.targets.ref import T3_MODE, UNSUPPORTED, BadCommandLine, RefTarget, parse_options
from harness.targets.ref.errors import Unsupported
from harness.targets.zerovm import ZerovmTarget, find_zerovm, preflight
from harness.toolchain import build
from harness.toolchain.builtin import BuiltinToolchain
from harness.validator import validate_code

TARGET_CHOICES = ("ref", "zerovm", "both")
SHOWN_BYTES = 4096  # longer outputs appear in mismatches by size, digest and start
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
        collector = run_results.ResultCollector(config.rootpath, config.getoption("--results"),
                                                config.invocation_params.args)
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
        run_results.attach(report, item, call.excinfo, item.run_result)
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
    if collector is not None and collector.written is not None:
        terminalreporter.write_line(f"results: {collector.written} (report.html, results.json, junit.xml, "
                                    "scan.sarif)")
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
        for opt in case.opts if case.source is not None else ("",):
            # The static checks need no target, so they run everywhere.
            if case.source is not None:
                yield CaseItem.from_parent(self, name=f"scan{opt}", case=case, target=None, opt=opt)
            if case.run is None:
                continue
            for target in _selected_targets(self.config):
                item = CaseItem.from_parent(self, name=f"{target}{opt}", case=case, target=target, opt=opt)
                if target in case.xfail:
                    # Only the case failing is the expected failure; a build or target error stays an ERROR.
                    item.add_marker(pytest.mark.xfail(reason=case.xfail[target], strict=True, raises=CaseFailure))
                yield item


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


class CaseFailure(Exception):
    def __init__(self, mismatches: list[tuple[str, object, object]], result: RunResult | None) -> None:
        super().__init__(mismatches)
        self.mismatches = mismatches
        self.result = result


class CaseItem(pytest.Item):
    """One case at one optimisation level: its static checks (target None) or its run on a target."""

    def __init__(self, *, case: Case, target: str | None, opt: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.target = target
        self.opt = opt
        self.nexe: Path | None = None
        self.run_result: RunResult | None = None  # kept for the results files, pass or fail
        self.add_marker("case")

    def setup(self) -> None:
        # Building and finding the target are the harness's set-up: C that does not compile or a target that
        # cannot run is an ERROR, not a FAIL of the target.
        if self.case.source is not None:
            self.nexe = _build_cached(self.case, self.opt)
        if self.target is not None:
            _target(self.config, self.target)

    def runtest(self) -> None:
        if self.target is None:
            mismatches = self._scan_mismatches()
            result = None
        else:
            result = self.run_result = _target(self.config, self.target).run(self._session())
            if result.outcome == UNSUPPORTED:
                # The reference executor says what it does not model instead of guessing.
                pytest.skip(f"the {self.target} target does not model this session: {result.exit_state}")
            mismatches = _compare_run(self.case, result)
        if mismatches:
            raise CaseFailure(mismatches, result)

    def _scan_mismatches(self) -> list[tuple[str, object, object]]:
        assert self.nexe is not None, "only cases with a program have scan items"
        mismatches: list[tuple[str, object, object]] = []
        loader = check_loader(self.nexe.read_bytes())
        scan = self.case.scan
        if loader.loads != scan.loads:
            mismatches.append(("scan.loads", scan.loads, f"{loader.loads} {[str(f) for f in loader.findings]}"))
        if loader.loads and scan.valid is not None:
            report = validate_code(loader.text, TEXT_START)
            if report.valid != scan.valid:
                mismatches.append(("scan.valid", scan.valid, f"{report.valid} {[str(f) for f in report.errors]}"))
        return mismatches

    def _session(self) -> Session:
        return Session(self.nexe, self.case.channels, self.case.memory, timeout=self.case.timeout,
                       manifest=self.case.manifest, files=self.case.files, options=self.case.options)

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


def _compare_run(case: Case, result: RunResult) -> list[tuple[str, object, object]]:
    expected = case.run
    assert expected is not None
    out: list[tuple[str, object, object]] = []
    for name in ("exit_code", "validator_state", "user_code", "exit_state"):
        want = getattr(expected, name)
        got = getattr(result, name)
        if want is not None and want != got:
            out.append((f"run.{name}", want, got))
    if expected.exit_state_pattern is not None and (
            result.exit_state is None or not re.fullmatch(expected.exit_state_pattern, result.exit_state)):
        out.append(("run.exit_state (pattern)", expected.exit_state_pattern, result.exit_state))
    out += _stray_mismatches(expected, result, case.options)
    if expected.etags is not None and sorted(expected.etags) != sorted(result.etags):
        out.append(("run.etags", dict(expected.etags), dict(result.etags)))
    counters = dict(zip(ACCOUNTING_FIELDS, result.accounting, strict=False))
    for counter, value in expected.accounting:
        if counters.get(counter) != value:
            out.append((f"run.accounting.{counter}", value, counters.get(counter)))
    for alias, data in expected.outputs:
        got_data = result.outputs.get(alias)
        cut = result.cut_of(STREAM_OUTPUT, alias)
        if cut is not None:
            # Only the head and tail were kept: the size and digest of everything decide.
            if (cut.size, cut.sha256) != (len(data), hashlib.sha256(data).hexdigest()):
                out.append((f"run.outputs[{alias}]", _describe(data), cut.describe()))
        elif got_data != data:
            out.append((f"run.outputs[{alias}]", _describe(data), _describe(got_data)))
    for cut in result.cut:
        if cut.stream != STREAM_OUTPUT:
            # zerovm prints a report of a few lines: megabytes on its own streams mean something broke.
            out.append((f"run.{cut.stream} (zerovm's own)", f"at most {STREAM_HEAD + TAIL} bytes", cut.describe()))
    return out


def _stray_mismatches(expected: RunExpectation, result: RunResult,
                      options: tuple[str, ...]) -> list[tuple[str, object, object]]:
    """zerovm's own stdout and stderr, every byte: a report or none, and nothing else unless the case says so."""
    out: list[tuple[str, object, object]] = []
    has_report = result.exit_state is not None
    if has_report != expected.report:
        out.append(("run.report", expected.report, f"{has_report} ({result.outcome})"))
    prefixed = _t3_expected(options)
    if has_report and prefixed is not None and bool(result.report_prefix) != prefixed:
        out.append(("run.report (-t3 length prefix)", "0x%06x" if prefixed else "none", result.report_prefix or "none"))
    for name, want, got in (("stray_stdout", expected.stray_stdout, result.stray_stdout),
                            ("stray_stderr", expected.stray_stderr, result.raw_stderr)):
        got_data = got.encode()
        if want is not None and got_data != want:
            out.append((f"run.{name}", _describe(want), _describe(got_data)))
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
    source = case.source
    chain = BuiltinToolchain()
    cache = FileCache()
    headers = sorted(source.parent.glob("*.h"))
    options = case.build
    key = digest([b"case-nexe", opt, source.name, source.read_bytes(), str(chain.runtime_archive()), repr(options),
                  *(h.name.encode() + h.read_bytes() for h in headers)])

    def make(out: Path) -> None:
        build([source], out, opt=opt, toolchain=chain, sandbox=options.sandbox, runtime=options.runtime)
        if options.patches or options.truncate is not None:
            out.write_bytes(apply_patches(out.read_bytes(), list(options.patches), options.truncate))

    return cache.get_or_create(key, ".nexe", make)
