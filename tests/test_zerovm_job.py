"""A Job session on the zerovm target: requests go to its daemon, and nothing outlives the run.

Everywhere: a stand-in zerovm (tests/standin_daemon.py) plays daemon mode -- a daemon that
double-forks and setsid()s (and ignores SIGTERM), a child per request, children that hang
or start daemons of their own -- and writes the pid of every process it makes; after a
normal run, a hanging child, a hung-up client, and SIGINT, SIGTERM or SIGKILL delivered to
the harness in the middle of a job, none of them may be left, nor the socket nor the
session directory.  With the real zerovm (ZEROVM set): a program that forks, and the same
checks on its daemon.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.targets import (
    BIG,
    EXITED,
    KILLED_TIMEOUT,
    NO_DAEMON,
    NO_REPORT,
    Job,
    Request,
    Session,
    staging,
    standard_channels,
)
from harness.targets import daemon as daemon_module
from harness.targets.job import frame_request
from harness.targets.supervisor import processes
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build

STANDIN = Path(__file__).parent / "standin_daemon.py"
REPO = Path(__file__).parent.parent
GONE_WAIT_S = 10.0  # after the harness itself was killed: how long the supervisor may take


class Standin:
    """The stand-in zerovm, and the pids its processes wrote (role -> pids)."""

    def __init__(self, bindir: Path) -> None:
        self.path = bindir / "zerovm"
        shutil.copyfile(STANDIN, self.path)
        self.path.chmod(0o755)
        self.pids = Path(tempfile.mkdtemp(prefix="zvm-standin-pids-"))
        self.pids.chmod(0o777)  # zerovm's user writes there

    def roles(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for entry in self.pids.iterdir():
            role, _, pid = entry.name.rpartition("-")
            found.setdefault(role, []).append(int(pid))
        return found

    def alive(self) -> list[str]:
        """Those of its processes that still exist (a zombie counts: nobody reaped it)."""
        table = processes()
        return [f"{role} {pid} ({table[pid].state})" for role, pids in self.roles().items() for pid in pids
                if pid in table]

    def wait_until_gone(self, limit_s: float = GONE_WAIT_S) -> list[str]:
        end = time.monotonic() + limit_s
        while (left := self.alive()) and time.monotonic() < end:
            time.sleep(0.05)
        return left


@pytest.fixture
def standin(bindir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Standin]:
    made = Standin(bindir)
    monkeypatch.setenv("STANDIN_PIDS", str(made.pids))
    yield made
    for line in made.alive():  # never leave one behind, even when the test failed
        os.kill(int(line.split()[1]), signal.SIGKILL)
    shutil.rmtree(made.pids, ignore_errors=True)


@pytest.fixture
def session_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private temporary directory for the target's session directories, to see that they go."""
    d = Path(tempfile.mkdtemp(prefix="zvm-job-tmp-"))
    d.chmod(0o755)  # zerovm's user must reach the session directories in it
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def my_children() -> set[int]:
    me = os.getpid()
    return {p.pid for p in processes().values() if p.ppid == me}


def request(stdin: bytes, timeout: int = 5, hangup: bool = False) -> Request:
    return Request(standard_channels(stdin), timeout=timeout, hangup=hangup)


# -- with the stand-in: everywhere --------------------------------------------------------------


def test_requests_are_answered_in_order_and_nothing_is_left(standin: Standin, nexe: Path,
                                                            session_tmp: Path) -> None:
    before = my_children()
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    result = target.run(Session(nexe, job=Job((request(b"one"), request(b"second"), request(b"spawn")))))
    assert (result.outcome, result.exit_code, result.daemon, result.outputs["/dev/stdout"]) == (EXITED, 0, 1,
                                                                                                 b"parent\n")
    assert [(c.outcome, c.exit_code, c.daemon, c.user_code, c.exit_state) for c in result.children] == [
        (EXITED, None, 0, 3, "ok"), (EXITED, None, 0, 6, "ok"), (EXITED, None, 0, 5, "ok")]
    assert [c.outputs["/dev/stdout"] for c in result.children] == [b"child got: one\n", b"child got: second\n",
                                                                   b"child got: spawn\n"]
    assert result.children[0].report_prefix == "0x00002c"
    roles = standin.roles()
    assert (len(roles["daemon"]), len(roles["child"]), len(roles["daemon2"])) == (1, 3, 1)
    # Gone by the time run() returns: killed and reaped by the supervisor, not left to init.
    assert standin.alive() == []
    assert list(session_tmp.iterdir()) == [], "the session directory (and the socket in it) is removed"
    assert my_children() == before, "the harness is left with no zombie and no stray child"


def test_a_hanging_child_is_killed_at_its_deadline_and_the_job_goes_on(standin: Standin, nexe: Path,
                                                                       session_tmp: Path) -> None:
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    start = time.monotonic()
    result = target.run(Session(nexe, job=Job((request(b"hang", timeout=1), request(b"after")))))
    took = time.monotonic() - start
    assert took < 5, f"the hanging child held the harness for {took:.1f} s"
    hung, after = result.children
    assert (hung.outcome, hung.user_code, hung.wall_s >= 1.5) == (KILLED_TIMEOUT, None, True)
    assert (after.outcome, after.user_code, after.outputs["/dev/stdout"]) == (EXITED, 5, b"child got: after\n")
    assert len(standin.roles()["hang"]) == 1 and standin.alive() == []
    assert list(session_tmp.iterdir()) == []


def test_a_hung_up_request_has_no_report_but_its_outputs(standin: Standin, nexe: Path, session_tmp: Path) -> None:
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    result = target.run(Session(nexe, job=Job((request(b"bye", hangup=True), request(b"next")))))
    bye, nxt = result.children
    assert (bye.outcome, bye.raw_stdout, bye.outputs["/dev/stdout"]) == (NO_REPORT, "", b"child got: bye\n")
    assert (nxt.outcome, nxt.user_code) == (EXITED, 4)
    assert standin.alive() == []


def test_no_daemon_means_no_daemon_results(standin: Standin, nexe: Path, session_tmp: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    session = Session(nexe, standard_channels(b"nodaemon"), job=Job((request(b"a"), request(b"b"))))
    result = target.run(session)
    assert result.daemon == 0 and [c.outcome for c in result.children] == [NO_DAEMON, NO_DAEMON]
    # A daemon reported but never listening: each request waits a bounded time, then NO_DAEMON.
    monkeypatch.setattr(daemon_module, "DAEMON_WAIT_S", 0.3)
    monkeypatch.setattr(staging, "JOB_SOCKET", "elsewhere/zvm-job.sock")  # the daemon cannot bind there
    start = time.monotonic()
    result = target.run(Session(nexe, job=Job((request(b"a"),))))
    assert result.daemon == 1 and [c.outcome for c in result.children] == [NO_DAEMON]
    assert time.monotonic() - start < 3
    assert standin.alive() == [] and list(session_tmp.iterdir()) == []


def test_run_manifest_drives_the_manifests_own_job_and_removes_its_socket(standin: Standin, user_dir: Path,
                                                                         user_dirs: object) -> None:
    sock = user_dir / "mine.sock"
    channels = (f"Channel = {user_dir}/in, /dev/stdin, 0, 0, 99, 99, 0, 0\n"
                f"Channel = {user_dir}/out, /dev/stdout, 0, 0, 0, 0, 99, 99\n")
    (user_dir / "in").write_bytes(b"")
    (user_dir / "job.manifest").write_text(f"Version = 20130611\nProgram = {user_dir}/p.nexe\nTimeout = 5\n"
                                          f"Memory = 1000000, 0\nJob = {sock}\n{channels}")
    (user_dir / "c-in").write_bytes(b"child input")
    child = (f"Version = 20130611\nProgram = {user_dir}/p.nexe\nTimeout = 5\nMemory = 1000000, 0\n"
             + channels.replace("/in,", "/c-in,").replace("/out,", "/c-out,"))
    user_dirs.give(user_dir)  # type: ignore[attr-defined]
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    result = target.run_manifest(user_dir / "job.manifest", user_dir,
                                 requests=(frame_request(child.encode()), frame_request(child.encode())))
    assert result.daemon == 1 and result.outputs == {"/dev/stdout": b"parent\n"}
    assert [(c.outcome, c.user_code) for c in result.children] == [(EXITED, 11), (EXITED, 11)]
    assert (user_dir / "c-out").read_bytes() == b"child got: child input\n"
    assert not sock.exists(), "the socket the daemon left is removed"
    assert standin.alive() == []
    # A socket that was there before, and that no daemon replaced, is not the harness's to remove.
    listener = __import__("socket").socket(__import__("socket").AF_UNIX)
    listener.bind(str(sock))
    (user_dir / "in").write_bytes(b"nodaemon")
    user_dirs.give(user_dir)  # type: ignore[attr-defined]
    result = target.run_manifest(user_dir / "job.manifest", user_dir, requests=(frame_request(child.encode()),))
    listener.close()
    assert result.daemon == 0 and [c.outcome for c in result.children] == [NO_DAEMON]
    assert sock.is_socket()


# -- the harness interrupted in the middle of a job (in a subprocess) ------------------------------

DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from harness.targets import Job, Request, Session, standard_channels
    from harness.targets.zerovm import ZerovmTarget

    target = ZerovmTarget(Path(sys.argv[1]), kill_margin_s=0.5)
    requests = [Request(standard_channels(data.encode()), timeout=60) for data in sys.argv[3:]]
    result = target.run(Session(Path(sys.argv[2]), job=Job(tuple(requests))))
    print("finished", [c.outcome for c in result.children])
""")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_harness_leaves_nothing(standin: Standin, nexe: Path, tmp_path: Path,
                                               signum: signal.Signals) -> None:
    private_tmp = Path(tempfile.mkdtemp(prefix="zvm-job-driver-"))
    private_tmp.chmod(0o755)
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    env = {**os.environ, "TMPDIR": str(private_tmp), "PYTHONPATH": str(REPO)}
    driver = subprocess.Popen([sys.executable, str(script), str(standin.path), str(nexe), "one", "spawn", "hang",
                               "never"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 30
        while "hang" not in standin.roles() and driver.poll() is None and time.monotonic() < end:
            time.sleep(0.02)
        assert "hang" in standin.roles(), driver.communicate(timeout=30)
        running = {line.split()[0] for line in standin.alive()}
        assert {"daemon", "daemon2", "hang"} <= running, running
        driver.send_signal(signum)
        out, err = driver.communicate(timeout=30)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    assert b"finished" not in out
    if signum == signal.SIGTERM:
        assert driver.returncode == -signal.SIGTERM, "SIGTERM still ends the harness, after the cleanup"
    if signum == signal.SIGINT:
        assert b"KeyboardInterrupt" in err
    # With SIGKILL the supervisor learns of it by PR_SET_PDEATHSIG and cleans up on its own.
    assert standin.wait_until_gone() == []
    # With SIGKILL the supervisor removes the directory once the processes are gone: give it a moment.
    end = time.monotonic() + 10
    while list(private_tmp.iterdir()) and time.monotonic() < end:
        time.sleep(0.05)
    assert list(private_tmp.iterdir()) == [], "the session directory and its socket are removed"
    shutil.rmtree(private_tmp, ignore_errors=True)


# -- with the real zerovm ------------------------------------------------------------------------

FORKER = r"""
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[256];
  int n;
  printf("parent\n");
  fflush(stdout);
  zvm_fork();
  n = zvm_pread(ZVM_STDIN, buf, sizeof buf - 1, 0);
  if (n < 0) n = 0;
  buf[n] = 0;
  if (buf[0] == 'f')
    zvm_fork(); /* with a Job in the request: a daemon of the child's own */
  printf("child got: %s\n", buf);
  return n;
}
"""


@pytest.fixture(scope="module")
def forker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("forker")
    (d / "forker.c").write_text(FORKER)
    return build([d / "forker.c"], d / "forker.nexe", toolchain="builtin").output


@pytest.fixture
def real_job(monkeypatch: pytest.MonkeyPatch, session_tmp: Path) -> Iterator[str]:
    """A socket name only this test uses: the daemon and its children name themselves after it
    (`zvm.<name>`, cut to 15 bytes), so the test can see that none of them is left."""
    name = f"zj{os.getpid() % 100000}.sock"
    monkeypatch.setattr(staging, "JOB_SOCKET", name)
    yield name
    names = {f"zvm.{name}"[:15], f"zvm.2{name}"[:15]}  # a child's own daemon: see test_real_second_daemon
    left = [p for p in processes().values() if p.name in names]
    for proc in left:
        os.kill(proc.pid, signal.SIGKILL)
    assert left == [], "no daemon or child session of the run is left"
    assert list(session_tmp.iterdir()) == [], "no session directory or socket is left"


def test_real_job_session(zerovm: ZerovmTarget, forker: Path, real_job: str) -> None:
    before = my_children()
    mismatched = Request(standard_channels(b"x")[:2], timeout=5)  # no /dev/stderr: the child aborts
    result = zerovm.run(Session(forker, timeout=5, job=Job((request(b"first"), request(b"second!"), mismatched,
                                                            request(b"bye", hangup=True)))))
    assert (result.outcome, result.exit_code, result.daemon, result.user_code, result.exit_state) == (
        EXITED, 0, 1, 0, "ok")
    assert result.outputs["/dev/stdout"] == b"parent\n"
    first, second, bad, bye = result.children
    for child, data in ((first, b"first"), (second, b"second!")):
        assert (child.outcome, child.exit_code, child.daemon, child.user_code, child.exit_state) == (
            EXITED, None, 0, len(data), "ok")
        # A new stdout file: the child's position goes on from the parent's 7 bytes (a NUL gap).
        assert child.outputs["/dev/stdout"] == b"\0" * 7 + b"child got: " + data + b"\n"
        assert child.report_prefix.startswith("0x") and child.validator_state == 0
    assert (bad.outcome, bad.raw_stdout, bad.outputs) == (NO_REPORT, "", {})
    assert (bye.outcome, bye.outputs["/dev/stdout"]) == (NO_REPORT, b"\0" * 7 + b"child got: bye\n")
    assert my_children() == before


def test_real_run_manifest_with_requests(zerovm: ZerovmTarget, forker: Path, real_job: str, user_dir: Path,
                                         user_dirs: object) -> None:
    sock = user_dir / real_job
    shutil.copyfile(forker, user_dir / "p.nexe")
    (user_dir / "in").write_bytes(b"")

    def manifest(stdin: str, stdout: str, job: bool) -> str:
        return (f"Version = 20130611\nProgram = {user_dir}/p.nexe\nTimeout = 5\nMemory = 33554432, 0\n"
                + (f"Job = {sock}\n" if job else "")
                + f"Channel = {user_dir}/{stdin}, /dev/stdin, 0, 0, 999, 999, 0, 0\n"
                f"Channel = {user_dir}/{stdout}, /dev/stdout, 0, 0, 0, 0, 999, 999\n"
                f"Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 999, 999\n")

    (user_dir / "job.manifest").write_text(manifest("in", "out", True))
    (user_dir / "c-in").write_bytes(b"hello")
    user_dirs.give(user_dir)  # type: ignore[attr-defined]
    requests = (frame_request(manifest("c-in", "c-out", False).encode()), b"0x000003abc")
    result = zerovm.run_manifest(user_dir / "job.manifest", user_dir, requests=requests)
    assert (result.daemon, result.outputs) == (1, {"/dev/stdout": b"parent\n"})
    good, broken = result.children
    assert (good.outcome, good.user_code, good.exit_state) == (EXITED, 5, "ok")
    assert (user_dir / "c-out").read_bytes() == b"\0" * 7 + b"child got: hello\n"
    assert broken.outcome == NO_REPORT
    assert not sock.exists(), "the socket the daemon left is removed"


def test_real_second_daemon(zerovm: ZerovmTarget, forker: Path, real_job: str) -> None:
    """A child that calls zvm_fork with a Job of its own becomes a daemon, which keeps the client's
    connection open: the answer is complete by its length header once the child has ended."""
    template = ("Version = 20130611\nProgram = {program}\nTimeout = 5\nMemory = 268435456, 0\n"
                f"Job = {{dir}}/2{real_job}\n"
                f"Channel = {{dir}}/c-in, /dev/stdin, 0, 0, {BIG}, {BIG}, 0, 0\n"
                f"Channel = {{dir}}/c-out, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n"
                f"Channel = {{dir}}/c-err, /dev/stderr, 0, 0, 0, 0, {BIG}, {BIG}\n")
    session = Session(forker, timeout=5, files=(("c-in", b"fork"),),
                      job=Job((Request(manifest=template), request(b"after"))))
    start = time.monotonic()
    result = zerovm.run(session)
    assert time.monotonic() - start < 4, "the open connection is not waited on until the deadline"
    forked, after = result.children
    assert (forked.outcome, forked.daemon, forked.user_code, forked.exit_state) == (EXITED, 1, 0, "ok")
    assert (after.outcome, after.daemon, after.user_code) == (EXITED, 0, 5)


def test_a_hung_up_request_waits_for_its_own_child_not_an_earlier_zombie(standin: Standin, nexe: Path) -> None:
    """The first child has ended but is not reaped yet (the daemon reaps at its next accept): the
    second request's outputs are read when its own child is done, not when that zombie is seen."""
    target = ZerovmTarget(standin.path, kill_margin_s=0.5)
    result = target.run(Session(nexe, job=Job((request(b"first"), request(b"slow", hangup=True)))))
    first, slow = result.children
    assert first.outputs["/dev/stdout"] == b"child got: first\n"
    assert (slow.outcome, slow.outputs["/dev/stdout"]) == (NO_REPORT, b"child got: slow\n")
