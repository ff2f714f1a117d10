"""The real-zerovm target's process handling, with stand-in executables in place of zerovm."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from harness.targets import EXITED, KILLED_SIGNAL, KILLED_TIMEOUT, NO_REPORT, Session
from harness.targets.zerovm import ZerovmTarget
from tests.conftest import REPORT


def standin(bindir: Path, script: str) -> ZerovmTarget:
    path = bindir / "zerovm"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return ZerovmTarget(path, kill_margin_s=0.5)


@pytest.fixture(autouse=True)
def private_tmp(bindir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Session directories go here, so parallel tests do not see each other's."""
    monkeypatch.setattr(tempfile, "tempdir", str(bindir))
    monkeypatch.setenv("TMPDIR", str(bindir))
    return bindir


def session_dirs() -> set[str]:
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("zvm-session-")}


def test_report_and_outputs_are_collected(bindir: Path, nexe: Path) -> None:
    # The stand-in writes to the staged stdout channel named in the manifest.
    target = standin(bindir, 'out=$(grep /dev/stdout "$1" | cut -d, -f1 | cut -d= -f2 | tr -d " ")\n'
                             'printf hi > "$out"\n' + REPORT.replace("%s", "7"))
    before = session_dirs()
    result = target.run(Session(nexe))
    assert (result.outcome, result.exit_code, result.user_code, result.exit_state) == (EXITED, 0, 7, "ok")
    assert result.outputs["/dev/stdout"] == b"hi"
    assert session_dirs() == before, "the session directory is removed"


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root harness switches to an unprivileged user")
def test_root_runs_zerovm_unprivileged(bindir: Path, nexe: Path) -> None:
    result = standin(bindir, REPORT.replace("%s", "$(id -u)")).run(Session(nexe))
    assert result.user_code not in (None, 0)


def test_a_hang_is_killed_past_timeout_with_its_children(bindir: Path, nexe: Path) -> None:
    marker = f"zvm-standin-child-{os.getpid()}"
    target = standin(bindir, f"sh -c 'exec -a {marker} sleep 300' &\nsleep 300")
    start = time.monotonic()
    result = target.run(Session(nexe, timeout=1))
    assert time.monotonic() - start < 10
    assert (result.outcome, result.exit_code) == (KILLED_TIMEOUT, None)
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True, check=False).stdout
    assert left == "", "the whole process group is killed"


def test_a_crash_is_its_own_outcome(bindir: Path, nexe: Path) -> None:
    result = standin(bindir, "kill -SEGV $$").run(Session(nexe))
    assert (result.outcome, result.exit_code) == (KILLED_SIGNAL, None)


def test_garbage_output_is_no_report(bindir: Path, nexe: Path) -> None:
    result = standin(bindir, "echo 'this is not a report'; exit 3").run(Session(nexe))
    assert (result.outcome, result.exit_code, result.raw_stdout) == (NO_REPORT, 3, "this is not a report\n")


def test_interrupted_run_leaves_nothing_behind(bindir: Path, nexe: Path) -> None:
    """Ctrl-C while zerovm runs: the group is killed and the directory removed before the interrupt propagates."""
    marker = f"zvm-standin-int-{os.getpid()}"
    script = bindir / "interrupt.py"
    (bindir / "zerovm").write_text(f"#!/bin/sh\nsh -c 'exec -a {marker} sleep 300' &\nsleep 300\n")
    (bindir / "zerovm").chmod(0o755)
    script.write_text(f"""
import os, signal, sys, threading
from pathlib import Path
from harness.targets import Session
from harness.targets.zerovm import ZerovmTarget
threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    ZerovmTarget(Path({str(bindir / 'zerovm')!r})).run(Session(Path({str(nexe)!r}), timeout=60))
except KeyboardInterrupt:
    sys.exit(42)
""")
    before = session_dirs()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 42, proc.stderr
    time.sleep(0.2)
    assert subprocess.run(["pgrep", "-f", marker], capture_output=True, check=False).stdout == b""
    assert session_dirs() == before


def test_missing_zerovm_is_a_clear_error(tmp_path: Path) -> None:
    from harness.targets import TargetError
    from harness.targets.zerovm import find_zerovm

    with pytest.raises(TargetError, match="zerovm not found"):
        find_zerovm(tmp_path / "no-zerovm-here")
