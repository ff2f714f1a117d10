"""Every byte of zerovm's stdout and stderr is accounted for: the report, what came before it, and its command line.

The report is the last seven lines of stdout (harness.report.split_report); what precedes it is `stray_stdout`,
which a case checks (empty by default), as it checks zerovm's own stderr.  Stand-in zerovm scripts print an
extra line, glue a line to the report, break the -t3 length; the reference target models zerovm's command line
(ParseCommandLine) and its help for a bad one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cases import Case, load_case
from harness.compare import compare_run
from harness.report import ReportError, split_report
from harness.targets import EXITED, NO_REPORT, RunResult, Session
from harness.targets.ref import UNSUPPORTED, BadCommandLine, RefTarget, parse_options
from harness.targets.ref.errors import Unsupported, ZvmFail
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from tests.conftest import REPORT, USAGE

BODY = "0\n0\n3\ndisable\n0.00 0.00 0 0 1 6 0 0 0 0\nok\n\n"


def t3(body: str) -> str:
    return f"0x{len(body.encode()):06x}{body}"


# -- split_report --------------------------------------------------------------------------------


@pytest.mark.parametrize(("stdout", "stray"), [
    (BODY, ""),
    ("extra\n" + BODY, "extra\n"),
    ("a\nb\n" + BODY, "a\nb\n"),
    ("glued" + BODY, "glued"),  # a /dev/stdout channel's last line without a newline
    ("line\nglued" + BODY, "line\nglued"),
    (t3(BODY), ""),
    ("glued" + t3(BODY), "glued"),
    ("0x00002d" + t3(BODY), "0x00002d"),  # a length-looking channel output: the exact length decides
    (BODY.replace("0\n0\n3", "12\n0\n3", 1), "1"),  # a two-digit validator state is not a report's start
    ("0x00002e" + BODY, "0x00002e"),  # a wrong -t3 length is not a prefix: it is stray
])
def test_the_report_is_the_last_seven_lines_and_the_rest_is_stray(stdout: str, stray: str) -> None:
    split = split_report(stdout)
    before, report = split.stray, split.report
    assert before == stray
    assert split.prefix == (stdout[len(stray):len(stray) + 8] if stdout[len(stray):].startswith("0x") else "")
    assert (report.validator_state, report.user_code, report.exit_state) == (int(stdout[len(stray):][-len(BODY)]),
                                                                              3, "ok")


def test_a_debug_builds_labelled_report_is_split_at_its_label() -> None:
    labelled = ("validator state = 0\ndaemon = 0\nuser return code = 3\netag(s) = disable\n"
                "accounting = 0.00 0.00 0 0 0 0 0 0 0 0\nexit state = ok\ncommand = zerovm x\n")
    assert split_report("out" + labelled).stray == "out"


@pytest.mark.parametrize("stdout", [
    "", BODY + "after\n", BODY[:-1], BODY.replace("ok\n\n", "ok\nnot empty\n"), "0\n0\n0\n", "garbage\n" * 9,
])
def test_anything_after_the_report_or_a_broken_one_is_no_report(stdout: str) -> None:
    with pytest.raises(ReportError):
        split_report(stdout)


# -- the zerovm target with stand-ins ----------------------------------------------------------------


def standin(bindir: Path, body: str) -> ZerovmTarget:
    path = bindir / "zerovm"
    path.write_text(f"#!/bin/sh\n{USAGE}\n{body}\n")
    path.chmod(0o755)
    return ZerovmTarget(path, kill_margin_s=0.5)


def case(tmp_path: Path, run: str = "") -> Case:
    area = tmp_path / "cases" / "area"
    area.mkdir(parents=True, exist_ok=True)
    (area / "c.c").write_text("int main(void) { return 0; }\n")
    (area / "c.toml").write_text(f"[run]\nuser_code = 5\n{run}")
    return load_case(area / "c.toml", tmp_path / "cases")


GOOD = REPORT.replace("%s", "5")


@pytest.mark.parametrize(("body", "stray"), [
    ("echo extra", "extra\n"),
    ("printf glued", "glued"),
    ("printf '\\n'", "\n"),
])
def test_a_line_before_the_report_fails_a_case_that_says_nothing_of_it(tmp_path: Path, bindir: Path, nexe: Path,
                                                                        body: str, stray: str) -> None:
    result = standin(bindir, f"{body}\n{GOOD}").run(Session(nexe))
    assert (result.outcome, result.user_code, result.exit_state, result.stray_stdout) == (EXITED, 5, "ok", stray)
    assert compare_run(case(tmp_path), result) == [("run.stray_stdout", b"", stray.encode())]
    said = case(tmp_path, f"stray_stdout = {stray!r}\n".replace("'", '"'))
    assert compare_run(said, result) == []


def test_zerovms_own_stderr_fails_a_case_that_says_nothing_of_it(tmp_path: Path, bindir: Path, nexe: Path) -> None:
    result = standin(bindir, f"echo warning >&2\n{GOOD}").run(Session(nexe))
    assert compare_run(case(tmp_path), result) == [("run.stray_stderr", b"", b"warning\n")]
    assert compare_run(case(tmp_path, 'stray_stderr = "warning\\n"\n'), result) == []


def test_a_t3_report_must_have_its_exact_length(tmp_path: Path, bindir: Path, nexe: Path) -> None:
    size = len("0\n0\n5\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n")  # what GOOD prints
    exact = standin(bindir, f"printf '0x{size:06x}'; " + GOOD).run(Session(nexe))
    assert (exact.user_code, exact.stray_stdout) == (5, "")
    assert exact.report_prefix == f"0x{size:06x}"
    wrong = standin(bindir, f"printf '0x{size + 1:06x}'; " + GOOD).run(Session(nexe))
    assert (wrong.report_prefix, wrong.stray_stdout) == ("", f"0x{size + 1:06x}")
    assert [m[0] for m in compare_run(case(tmp_path), wrong)] == ["run.stray_stdout"]


@pytest.mark.parametrize(("options", "printf", "mismatch"), [
    ("['-t3']", "", "run.report (-t3 length prefix)"),  # asked for -t3, got a plain report
    ("['-t3', '-t0']", "0x{size:06x}", "run.report (-t3 length prefix)"),  # the last -t wins: no prefix
    ("['-t0', '-t', '3']", "", "run.report (-t3 length prefix)"),
    ("['-t3']", "0x{size:06x}", None),
    ("[]", "", None),
])
def test_the_report_form_follows_the_last_t(tmp_path: Path, bindir: Path, nexe: Path, options: str, printf: str,
                                            mismatch: str | None) -> None:
    size = len("0\n0\n5\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n")
    result = standin(bindir, f"printf '{printf.format(size=size)}'; " + GOOD).run(Session(nexe))
    area = tmp_path / "cases" / "area"
    case(tmp_path)
    (area / "c.toml").write_text(f"options = {options}\n[run]\nuser_code = 5\n")
    found = [m[0] for m in compare_run(load_case(area / "c.toml", tmp_path / "cases"), result)]
    assert found == ([mismatch] if mismatch else [])


def test_a_report_with_anything_after_it_is_no_report(tmp_path: Path, bindir: Path, nexe: Path) -> None:
    result = standin(bindir, f"{GOOD}\necho after").run(Session(nexe))
    assert (result.outcome, result.exit_state) == (NO_REPORT, None)
    assert result.stray_stdout == result.raw_stdout  # no report: everything on stdout is stray
    names = [m[0] for m in compare_run(case(tmp_path), result)]
    assert "run.report" in names and "run.stray_stdout" in names


def test_report_false_fails_when_a_report_is_printed(tmp_path: Path, bindir: Path, nexe: Path) -> None:
    case(tmp_path)
    quiet_doc = tmp_path / "cases" / "area" / "c.toml"
    quiet_doc.write_text("options = ['-t1']\n[run]\nreport = false\n")
    quiet = load_case(quiet_doc, tmp_path / "cases")
    printed = standin(bindir, GOOD).run(Session(nexe, options=("-t1",)))
    assert [m[0] for m in compare_run(quiet, printed)] == ["run.report"]
    silent = standin(bindir, "exit 0").run(Session(nexe, options=("-t1",)))
    assert silent.outcome == NO_REPORT and compare_run(quiet, silent) == []


def test_options_come_before_the_manifest_and_argv0_is_zerovm(bindir: Path, nexe: Path) -> None:
    # $0 of a script is its path (the kernel drops argv[0]); the arguments are what zerovm would get.
    result = standin(bindir, 'echo "$@" >&2; ' + GOOD).run(Session(nexe, options=("-t", "3", "-s")))
    assert result.raw_stderr == "-t 3 -s session.manifest\n"


# -- the reference target's command line ---------------------------------------------------------------


@pytest.mark.parametrize(("options", "message", "stderr"), [
    (("-x",), None, "zerovm: invalid option -- 'x'\n"),
    (("-s", "-Fx"), None, "zerovm: invalid option -- 'x'\n"),
    (("other",), "2nd manifest encountered", ""),
    (("-M", "other"), "2nd manifest encountered", ""),
    (("-Mother",), "2nd manifest encountered", ""),
    (("--",), None, ""),
])
def test_ref_bad_command_lines_print_the_help(options: tuple[str, ...], message: str | None, stderr: str) -> None:
    with pytest.raises(BadCommandLine) as excinfo:
        parse_options(options)
    assert excinfo.value.stderr == stderr
    assert excinfo.value.stdout.startswith(f"{message}\n\x1b[1m" if message else "\x1b[1m\x1b[37mZeroVM tag1")
    assert excinfo.value.stdout.endswith(" -T enable time/call tracing\n")


@pytest.mark.parametrize(("options", "state"), [
    (("-t", "abc"), "MANIFEST 0: invalid numeric value 'abc'"),
    (("-t3x",), "MANIFEST 0: invalid numeric value 'x'"),
    (("-v", "08"), "MANIFEST 0: invalid numeric value '8'"),
    (("-t", "0x"), "MANIFEST 0: invalid numeric value 'x'"),
    (("-t", "99999999999999999999"), "MANIFEST 0: invalid numeric value ''"),
    (("-t",), "MANIFEST 0: invalid numeric value 'session.manifest'"),  # getopt takes the manifest as the value
    (("-T", "rel"), "src/main/setup.c 39: ztrace path should be absolute: rel"),
    (("-T",), "src/main/setup.c 39: ztrace path should be absolute: session.manifest"),
])
def test_ref_bad_values_fail_as_zerovm_does(options: tuple[str, ...], state: str) -> None:
    failure = parse_options(options).failure
    assert isinstance(failure, ZvmFail) and (failure.code, failure.state) == (14, state)


@pytest.mark.parametrize(("options", "mode", "skip", "quit_"), [
    ((), 0, False, False),
    (("-t3",), 3, False, False),
    (("-t", " 0x3 "), 3, False, False),
    (("-t3", "-t0"), 0, False, False),
    (("-t", "4294967299"), 3, False, False),  # ReportMode takes an int
    (("-t", "-1"), -1, False, False),
    (("-sF", "-v", "9"), 0, True, True),
    (("-T", "/dev/null", "-T", "rel"), 0, False, False),  # a second -T reopens the first trace
    (("-M",), 0, False, False),  # -M takes the manifest as its value: the manifest
])
def test_ref_good_options(options: tuple[str, ...], mode: int, skip: bool, quit_: bool) -> None:
    parsed = parse_options(options)
    assert (parsed.failure, parsed.report_mode, parsed.skip_validation, parsed.quit_after_load) == (
        None, mode, skip, quit_)


def test_ref_a_real_trace_file_is_not_modelled() -> None:
    with pytest.raises(Unsupported):
        parse_options(("-T", "/tmp/trace"))


@pytest.fixture(scope="module")
def hello(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nexe")
    (out / "h.c").write_text('#include <stdio.h>\nint main(void) { fputs("hi", stdout); return 3; }\n')
    path = build([out / "h.c"], out / "h.nexe", opt="-O2").output
    out.chmod(0o755)
    path.chmod(0o644)
    return path


def test_ref_help_is_all_of_stdout_and_exit_22(hello: Path) -> None:
    result = RefTarget().run(Session(hello, options=("-x",)))
    assert (result.outcome, result.exit_code, result.exit_state) == (NO_REPORT, 22, None)
    assert result.stray_stdout == result.raw_stdout and "Usage: <manifest>" in result.raw_stdout
    assert result.raw_stderr == "zerovm: invalid option -- 'x'\n" and result.outputs == {}


def test_ref_a_failure_while_reading_options_keeps_the_mode_so_far(hello: Path) -> None:
    result = RefTarget().run(Session(hello, options=("-t3", "-t", "abc")))
    assert (result.exit_code, result.validator_state, result.stray_stdout) == (14, 2, "")
    assert result.raw_stdout.startswith("0x000051")


def test_ref_a_report_mode_without_a_report(hello: Path) -> None:
    for mode in ("1", "2", "7"):
        result = RefTarget().run(Session(hello, options=("-t", mode)))
        assert (result.outcome, result.exit_code, result.raw_stdout) == (NO_REPORT, 0, "")
        assert result.outputs["/dev/stdout"] == b"hi"
    assert RefTarget().run(Session(hello, options=("-T", "/tmp/x"))).outcome == UNSUPPORTED


def test_results_json_carries_stray_stdout() -> None:
    assert RunResult("zerovm", EXITED, 0, stray_stdout="x").to_json()["stray_stdout"] == "x"
