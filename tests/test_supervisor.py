"""The supervisor process: what runs in it comes back, and nothing it started outlives it.

The work here starts processes that detach the way a zerovm daemon does (fork twice,
setsid) and ignore SIGTERM; whether the work returns, raises, or the harness is interrupted
while it waits, they are killed and reaped before supervise() returns, and the harness's
process is left with no child.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from harness.targets import TargetError
from harness.targets.supervisor import SupervisorError, processes, sigterm_raises, supervise


def my_children() -> set[int]:
    me = os.getpid()
    return {p.pid for p in processes().values() if p.ppid == me}


def alive(pid: int) -> bool:
    return pid in processes()


def detached_sleeper(pidfile: Path) -> int:
    """Start a process that double-forks, setsid()s and ignores SIGTERM, as a daemon does; its pid."""
    if os.fork() == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                pidfile.write_text(str(os.getpid()))
                time.sleep(300)
        finally:
            os._exit(0)
    end = time.monotonic() + 10
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < end
        time.sleep(0.01)
    return int(pidfile.read_text())


def start_and_return(pidfile: Path) -> int:
    return detached_sleeper(pidfile)


def start_and_raise(pidfile: Path) -> None:
    raise ValueError(f"left {detached_sleeper(pidfile)}")


def start_and_wait(pidfile: Path, then: str = "") -> None:
    detached_sleeper(pidfile)
    if then == "term-parent":
        os.kill(os.getppid(), signal.SIGTERM)
    time.sleep(60)


def test_the_value_comes_back_and_the_detached_process_is_gone(tmp_path: Path) -> None:
    before = my_children()
    pid = supervise(start_and_return, tmp_path / "pid")
    assert pid != os.getpid() and not alive(pid), "killed and reaped before supervise() returned"
    assert my_children() == before


def test_an_exception_comes_back_and_the_tree_still_goes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="left") as caught:
        supervise(start_and_raise, tmp_path / "pid")
    assert not alive(int(str(caught.value).split()[1]))
    with pytest.raises(SupervisorError, match=r"pickle|lambda|Can.t"):
        supervise(lambda: (lambda: None))  # an unpicklable value: its text comes back instead


def test_finish_runs_once_the_tree_is_gone(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"

    def finish() -> None:
        if alive(int(pidfile.read_text())):
            raise AssertionError("finish ran while the tree was still there")
        (tmp_path / "finished").touch()

    supervise(start_and_return, pidfile, finish=finish)
    assert (tmp_path / "finished").exists()


def test_an_interrupt_while_waiting_stops_the_supervisor_and_its_tree(tmp_path: Path) -> None:
    before = my_children()
    pidfile = tmp_path / "pid"

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            supervise(start_and_wait, pidfile)
        assert time.monotonic() - start < 10
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert pidfile.exists() and not alive(int(pidfile.read_text()))
    assert my_children() == before


def test_sigterm_is_redelivered_after_the_cleanup(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    seen: list[int] = []
    old = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with pytest.raises(TargetError, match="SIGTERM"), sigterm_raises():
            supervise(start_and_wait, pidfile, "term-parent")
    finally:
        signal.signal(signal.SIGTERM, old)
    assert seen == [signal.SIGTERM], "the harness's own handler got the signal, once"
    assert not alive(int(pidfile.read_text()))
