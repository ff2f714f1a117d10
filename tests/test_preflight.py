"""Pre-flight: a zerovm that cannot run at all is one usage error naming the fix, before any case runs.

`pytest cases/` exits 4 (pytest's usage error) with a one-line message; `python -m harness
run` exits 125 (the harness could not run it) with the same message.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cli import main as harness_main
from harness.targets import TargetError
from harness.targets import zerovm as zerovm_module
from harness.targets.privilege import ENV_USER
from harness.targets.zerovm import ENV_NO_SYSLOG, ENV_ZEROVM, looks_like_zerovm, preflight
from tests.conftest import REPORT, USAGE

ROOT = Path(__file__).resolve().parents[1]
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="only a root harness switches to an unprivileged user")


def script(bindir: Path, body: str, name: str = "zerovm", mode: int = 0o755) -> Path:
    path = bindir / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(mode)
    return path


@pytest.fixture
def good(bindir: Path) -> Path:
    """Answers the banner check as zerovm does and reports user code 0 for any manifest."""
    return script(bindir, USAGE + "\n" + REPORT.replace("%s", "0"))


@pytest.fixture(autouse=True)
def no_zerovm_around(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing the machine has configured (ZEROVM, a zerovm on PATH, ZEROVM_USER) decides these tests."""
    monkeypatch.delenv(ENV_ZEROVM, raising=False)
    monkeypatch.delenv(ENV_USER, raising=False)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")


@pytest.fixture
def syslog(bindir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A listening stand-in for /dev/log, and the pre-flight check looking at it."""
    path = bindir / "log"
    monkeypatch.delenv(ENV_NO_SYSLOG)
    monkeypatch.setattr(zerovm_module, "SYSLOG_SOCKET", path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(str(path))
        path.chmod(0o666)
        yield path


# -- the checks themselves -----------------------------------------------------------------------


def test_the_zerovm_signature() -> None:
    assert looks_like_zerovm(22, "ZeroVM tag2 lightweight VM manager, build 2013-12-17\nUsage: ...")
    assert not looks_like_zerovm(0, "ZeroVM ...")
    assert not looks_like_zerovm(22, "usage: frobnicate FILE")
    assert not looks_like_zerovm(22, "usage: a zerovm wrapper")
    assert not looks_like_zerovm(None, "zerovm")


def test_a_good_zerovm_passes_and_is_found_on_path(good: Path, syslog: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert preflight(good) == good
    monkeypatch.setenv("PATH", f"{good.parent}:/usr/bin:/bin")
    assert preflight(None) == good, "with neither --zerovm nor ZEROVM, zerovm on PATH"


def test_every_problem_is_named_in_one_line(bindir: Path) -> None:
    with pytest.raises(TargetError) as info:
        preflight(script(bindir, "echo hello; exit 3"))
    assert "is not a zerovm" in str(info.value) and "exited 3" in str(info.value) and "'hello'" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_hanging_binary_is_not_waited_for(bindir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zerovm_module, "BANNER_TIMEOUT_S", 0.5)
    with pytest.raises(TargetError, match="had not finished after"):
        preflight(script(bindir, "sleep 30"))


def test_syslog_must_listen(good: Path, syslog: Path) -> None:
    syslog.unlink()
    with pytest.raises(TargetError, match=f"no syslog socket at {syslog}: .*python3 -c .*{ENV_NO_SYSLOG}=1"):
        preflight(good)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as stale:
        stale.bind(str(syslog))
    with pytest.raises(TargetError, match="nothing listens"):
        preflight(good)


@as_root
def test_zerovm_user_must_be_an_unprivileged_user(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_USER, "no-such-user-here")
    with pytest.raises(TargetError, match="ZEROVM_USER=no-such-user-here: no such user"):
        preflight(good)
    monkeypatch.setenv(ENV_USER, "root")
    with pytest.raises(TargetError, match="ZEROVM_USER=root has uid 0"):
        preflight(good)


@as_root
def test_zerovm_must_be_runnable_by_that_user(bindir: Path) -> None:
    private = bindir / "private"
    private.mkdir(mode=0o700)
    with pytest.raises(TargetError, match=r"cannot run .* as \w+: Permission denied"):
        preflight(script(private, USAGE))


# -- pytest cases/: exit 4 ----------------------------------------------------------------------


def suite(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "demo"
    area.mkdir(parents=True)
    (area / "ok.c").write_text("int main(void) { return 0; }\n")
    (area / "ok.toml").write_text("[run]\n")


def usage_error(result: pytest.RunResult) -> str:
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.outlines[-10:]
    lines = [line for line in result.errlines if line.startswith("ERROR:")]
    assert len(lines) == 1, result.errlines
    assert not any("Traceback" in line for line in result.errlines)
    return lines[0]


def test_pytest_without_a_zerovm(pytester: pytest.Pytester) -> None:
    suite(pytester)
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "zerovm"))
    assert "no zerovm found: pass --zerovm PATH, set ZEROVM=PATH or put zerovm on PATH" in line
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", "--zerovm=/no/such/zerovm"))
    assert "zerovm not found: /no/such/zerovm" in line


def test_pytest_with_something_else(pytester: pytest.Pytester, bindir: Path) -> None:
    suite(pytester)
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", "--zerovm=/bin/true"))
    assert "/bin/true is not a zerovm" in line and "exited 0" in line
    unexecutable = script(bindir, USAGE, mode=0o644)
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", f"--zerovm={unexecutable}"))
    assert "is not executable" in line


def test_pytest_without_syslog(pytester: pytest.Pytester, good: Path, syslog: Path) -> None:
    suite(pytester)
    syslog.unlink()
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "both",
                                          f"--zerovm={good}"))
    assert f"no syslog socket at {syslog}" in line


@as_root
def test_pytest_with_root_as_zerovm_user(pytester: pytest.Pytester, good: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    suite(pytester)
    monkeypatch.setenv(ENV_USER, "root")
    line = usage_error(pytester.runpytest("cases", "-p", "no:cacheprovider", f"--zerovm={good}"))
    assert "ZEROVM_USER=root has uid 0" in line


def test_under_xdist_the_controller_checks_once(pytester: pytest.Pytester) -> None:
    suite(pytester)
    result = pytester.runpytest_subprocess("cases", "-p", "no:cacheprovider", "-n", "2", "--zerovm=/bin/true")
    assert "/bin/true is not a zerovm" in usage_error(result)
    assert not (pytester.path / "results").exists(), "nothing ran, nothing is written"


def test_a_good_zerovm_runs_the_suite(pytester: pytest.Pytester, good: Path, syslog: Path) -> None:
    suite(pytester)
    pytester.runpytest("cases", "-p", "no:cacheprovider", f"--zerovm={good}").assert_outcomes(passed=2)


def test_harness_tests_do_not_need_the_zerovm(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pytest tests/` with a ZEROVM set collects no case: no pre-flight."""
    suite(pytester)
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    monkeypatch.setenv(ENV_ZEROVM, "/bin/true")
    pytester.runpytest("test_x.py", "-p", "no:cacheprovider").assert_outcomes(passed=1)


# -- python -m harness run: exit 125 ------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", "run", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False, stdin=subprocess.DEVNULL)


def harness_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 125, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_run_with_something_else(nexe: Path) -> None:
    err = harness_error(run_cli("--zerovm", "/bin/true", str(nexe)))
    assert err.startswith("error: /bin/true is not a zerovm") and len(err.splitlines()) == 1


def test_run_without_a_zerovm(nexe: Path) -> None:
    assert "no zerovm found" in harness_error(run_cli("--target", "zerovm", str(nexe)))


def test_run_without_a_report(bindir: Path, nexe: Path) -> None:
    silent = script(bindir, USAGE + "\nexit 0")
    assert "exited 0 without printing a report" in harness_error(run_cli("--zerovm", str(silent), str(nexe)))
    assert "without printing a report" in harness_error(run_cli("--zerovm", str(silent), "--json", str(nexe)))


@as_root
def test_run_with_root_as_zerovm_user(good: Path, nexe: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_USER, "root")
    assert "ZEROVM_USER=root has uid 0" in harness_error(run_cli("--zerovm", str(good), str(nexe)))


def test_run_without_syslog(good: Path, nexe: Path, syslog: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    syslog.unlink()
    assert harness_main(["run", "--zerovm", str(good), str(nexe)]) == 125
    assert f"no syslog socket at {syslog}" in capsys.readouterr().err
