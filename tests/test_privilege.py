"""Least privilege: as root, a nexe gets exactly the file access of the user zerovm runs as.

The verdicts below were measured with a real zerovm run directly as that user (`su zvm -c
'zerovm M'`); both targets, run by a root harness, must give the same, and must leave the
root-only files alone.
"""

from __future__ import annotations

import faulthandler
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cli import main as cli_main
from harness.targets import ChannelSpec, RunResult, Session, standard_channels
from harness.targets.privilege import PrivilegeError, UserWorker, as_user, copy_as_user, session_user
from harness.targets.ref import RefTarget
from harness.targets.staging import session_directory
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from tests.conftest import UserDirs

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="least privilege is about a harness running as root")

CAT_C = r"""
#include <stdio.h>
int main(void) {
  char buf[64];
  size_t n = fread(buf, 1, sizeof buf - 1, stdin);
  buf[n] = 0;
  printf("got:%s\n", buf);
  return 0;
}
"""

MANIFEST = """Version = 20130611
Program = {program}
Memory = 268435456, 0
Timeout = 10
Channel = {stdin}, /dev/stdin, 0, 0, 999999, 999999, 0, 0
Channel = {stdout}, /dev/stdout, 0, 0, 0, 0, 999999, 999999
Channel = {dir}/err, /dev/stderr, 0, 0, 0, 0, 999999, 999999
"""

# name -> (stdin uri, stdout uri, zerovm's exit code and exit state as its user).  {dir} is the
# user's directory, {root} a root-only (0700) directory holding `secret` (0644), and {secret}
# a 0600 root file beside the user's directory.
SCENARIOS = {
    "own files": ("/dev/null", "{dir}/out", 0, "ok"),
    "stdin is a root-only file": ("{secret}", "{dir}/out", 14, "src/channels/preload.c 127: cannot open {secret}"),
    "stdin in a root-only directory": ("{root}/secret", "{dir}/out", 14,
                                       "src/channels/preload.c 127: cannot open {root}/secret"),
    "stdin through the user's link to a root file": ("{dir}/link", "{dir}/out", 14,
                                                    "src/channels/preload.c 127: cannot open {dir}/link"),
    "output in a root-only directory": ("/dev/null", "{root}/out", 9,
                                        "src/channels/preload.c 91: cannot preallocate /dev/stdout"),
    "output through the user's link to a root file": ("/dev/null", "{dir}/link", 9,
                                                     "src/channels/preload.c 91: cannot preallocate /dev/stdout"),
}


@pytest.fixture(scope="module")
def cat_nexe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("cat") / "cat.c"
    src.write_text(CAT_C)
    return build([src], src.with_suffix(".nexe")).output


class Layout:
    """A user's directory (with the nexe and a link planted to a root file) and root's files."""

    def __init__(self, user_dirs: UserDirs, root_dir: Path, nexe: Path) -> None:
        self.dir = user_dirs.make()
        self.root = root_dir / "private"
        self.root.mkdir(mode=0o700)
        (self.root / "secret").write_text("ROOT-ONLY\n")
        self.secret = user_dirs.make("zvm-beside-") / "secret"
        self.secret.write_text("SECRET\n")
        self.secret.chmod(0o600)
        (self.dir / "prog.nexe").write_bytes(nexe.read_bytes())
        (self.dir / "link").symlink_to(self.secret)
        self.user_dirs = user_dirs

    def fill(self, text: str) -> str:
        return text.format(dir=self.dir, root=self.root, secret=self.secret, program=self.dir / "prog.nexe")

    def manifest(self, scenario: str) -> Path:
        stdin, stdout, _, _ = SCENARIOS[scenario]
        path = self.dir / "m.manifest"
        path.write_text(self.fill(MANIFEST.replace("{stdin}", stdin).replace("{stdout}", stdout)))
        self.user_dirs.give(self.dir)
        return path

    def untouched(self) -> None:
        assert self.secret.read_text() == "SECRET\n"
        assert (self.root / "secret").read_text() == "ROOT-ONLY\n"
        assert sorted(p.name for p in self.root.iterdir()) == ["secret"], "nothing created as root"


@pytest.fixture
def layout(user_dirs: UserDirs, tmp_path: Path, cat_nexe: Path) -> Layout:
    return Layout(user_dirs, tmp_path, cat_nexe)


def check(layout: Layout, scenario: str, result: RunResult) -> None:
    _, _, code, state = SCENARIOS[scenario]
    assert (result.exit_code, result.exit_state) == (code, layout.fill(state))
    everything = result.raw_stdout + result.raw_stderr + repr(result.outputs)
    assert "SECRET" not in everything and "ROOT-ONLY" not in everything
    layout.untouched()


@as_root
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_ref_manifest_gets_the_users_rights(layout: Layout, scenario: str) -> None:
    check(layout, scenario, RefTarget().run_manifest(layout.manifest(scenario), layout.dir))


@as_root
@pytest.mark.zerovm
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_zerovm_manifest_gets_the_users_rights(zerovm: ZerovmTarget, layout: Layout, scenario: str) -> None:
    check(layout, scenario, zerovm.run_manifest(layout.manifest(scenario), layout.dir))


@as_root
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_ref_session_uris_get_the_users_rights(layout: Layout, scenario: str) -> None:
    # A case's own channels with a uri, not a user's manifest: the same rule.
    stdin, stdout, code, _ = SCENARIOS[scenario]
    layout.user_dirs.give(layout.dir)
    channels = (ChannelSpec("/dev/stdin", gets=99, get_size=99, uri=layout.fill(stdin)),
                ChannelSpec("/dev/stdout", puts=99, put_size=99, uri=layout.fill(stdout)),
                standard_channels()[2])
    result = RefTarget().run(Session(layout.dir / "prog.nexe", channels))
    assert result.exit_code == code
    layout.untouched()


@as_root
def test_harness_run_as_root_gets_the_users_rights(layout: Layout, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("ZEROVM", raising=False)
    monkeypatch.chdir(layout.dir)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert cli_main(["run", "--target", "ref", str(layout.manifest("stdin is a root-only file"))]) == 14
    out, _ = capsys.readouterr()
    assert f"cannot open {layout.secret}" in out and "SECRET" not in out


@as_root
def test_manifest_check_as_root_judges_with_the_users_rights(layout: Layout,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["manifest", "check", "--cwd", str(layout.dir),
                     str(layout.manifest("stdin is a root-only file"))]) == 1
    out, _ = capsys.readouterr()
    assert f"cannot open {layout.secret}" in out and "zerovm would exit 14" in out
    assert cli_main(["manifest", "check", "--cwd", str(layout.dir), str(layout.manifest("own files"))]) == 0


@as_root
def test_harness_run_reads_a_nexe_with_the_users_rights(layout: Layout, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("ZEROVM", raising=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    private = layout.root / "prog.nexe"
    private.write_bytes((layout.dir / "prog.nexe").read_bytes())
    assert cli_main(["run", "--target", "ref", str(private)]) == 2
    assert "program open error" in capsys.readouterr().out
    assert cli_main(["run", "--target", "ref", str(layout.dir / "prog.nexe")]) == 0
    assert "got:" in capsys.readouterr().out


def _whoami() -> tuple[int, int, list[int]]:
    return os.getuid(), os.getgid(), os.getgroups()


def _fails() -> None:
    raise ValueError("in the child")


def _crashes() -> None:
    faulthandler.disable()  # pytest's handler would print the child's stack into the run's output
    os.kill(os.getpid(), signal.SIGSEGV)


def _sleeps() -> None:
    time.sleep(60)


@as_root
def test_as_user_drops_every_right() -> None:
    user = session_user()
    assert user is not None
    assert as_user(user, _whoami) == (user.pw_uid, user.pw_gid, [])


def test_as_user_brings_back_values_and_exceptions() -> None:
    assert as_user(None, sum, [1, 2, 3]) == 6
    with pytest.raises(ValueError, match="in the child"):
        as_user(None, _fails)


def test_a_child_that_dies_is_a_harness_error() -> None:
    with pytest.raises(PrivilegeError, match="SIGSEGV"):
        as_user(None, _crashes)


def test_a_child_past_its_deadline_is_killed() -> None:
    start = time.monotonic()
    with pytest.raises(PrivilegeError, match="did not finish"):
        as_user(None, _sleeps, deadline_s=0.5)
    assert time.monotonic() - start < 10



def _pid_and_fds() -> tuple[int, set[int]]:
    return os.getpid(), {int(fd) for fd in os.listdir("/proc/self/fd")}


@pytest.fixture
def worker() -> Iterator[UserWorker]:
    made = UserWorker(session_user())
    yield made
    made.close()


@as_root
def test_a_worker_drops_every_right(worker: UserWorker) -> None:
    user = worker.user
    assert user is not None
    assert worker.call(_whoami) == worker.call(_whoami) == (user.pw_uid, user.pw_gid, [])


def test_a_worker_does_one_call_after_another_in_one_process(worker: UserWorker) -> None:
    first, _ = worker.call(_pid_and_fds)
    assert first != os.getpid()
    assert [worker.call(_pid_and_fds)[0] for _ in range(3)] == [first] * 3


def test_a_worker_holds_none_of_the_harness_files(worker: UserWorker) -> None:
    # Another pipe's write end held in the worker would keep its reader from ever seeing end-of-file.
    read_fd, write_fd = os.pipe()
    try:
        _, fds = worker.call(_pid_and_fds)
    finally:
        os.close(read_fd)
        os.close(write_fd)
    assert read_fd not in fds and write_fd not in fds
    assert len(fds) <= 6, fds  # 0, 1, 2, its two pipe ends, and the listing's own descriptor


def test_a_call_that_raises_ends_the_worker(worker: UserWorker) -> None:
    before, _ = worker.call(_pid_and_fds)
    with pytest.raises(ValueError, match="in the child"):
        worker.call(_fails)
    assert worker.call(_pid_and_fds)[0] != before
    assert worker.call(sum, [1, 2, 3]) == 6


def test_a_worker_that_dies_is_a_harness_error_and_the_next_call_works(worker: UserWorker) -> None:
    with pytest.raises(PrivilegeError, match=r"died \(killed by SIGSEGV"):
        worker.call(_crashes)
    assert worker.call(sum, [4, 5]) == 9


def test_a_worker_past_its_deadline_is_killed(worker: UserWorker) -> None:
    pid, _ = worker.call(_pid_and_fds)
    start = time.monotonic()
    with pytest.raises(PrivilegeError, match="did not finish"):
        worker.call(_sleeps, deadline_s=0.5)
    assert time.monotonic() - start < 10
    assert not _running(pid)
    assert worker.call(sum, [1]) == 1


def test_a_worker_killed_while_idle_is_replaced(worker: UserWorker) -> None:
    pid, _ = worker.call(_pid_and_fds)
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    again, _ = worker.call(_pid_and_fds)
    assert again != pid


def test_a_dropped_worker_leaves_no_process() -> None:
    dropped = UserWorker(session_user())
    pid, _ = dropped.call(_pid_and_fds)
    del dropped
    assert not _running(pid)


def test_a_forked_harness_gets_a_worker_of_its_own(worker: UserWorker) -> None:
    # A target made before a fork (a campaign's workers) must not share its worker with the parent.
    parent_worker, _ = worker.call(_pid_and_fds)
    child = os.fork()
    if child == 0:
        code = 1
        try:
            theirs, _ = worker.call(_pid_and_fds)
            worker.close()
            code = 0 if theirs != parent_worker else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert worker.call(_pid_and_fds)[0] == parent_worker  # the child neither used nor ended the parent's


def test_a_worker_is_replaced_after_its_quota_of_calls(monkeypatch: pytest.MonkeyPatch, worker: UserWorker) -> None:
    monkeypatch.setattr(UserWorker, "MAX_CALLS", 2)
    pids = [worker.call(_pid_and_fds)[0] for _ in range(5)]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_ref_sessions_share_a_worker_and_stay_independent(tmp_path: Path) -> None:
    # The second session runs in the first one's process: what the first did (a fault, a
    # timeout, output) must not show in it.
    (tmp_path / "spin.c").write_text("int main(void)\n{\n  for (volatile int i = 0;; i++) {\n  }\n}\n")
    (tmp_path / "hello.c").write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 3; }\n')
    spin = build([tmp_path / "spin.c"], tmp_path / "spin.nexe").output
    hello = build([tmp_path / "hello.c"], tmp_path / "hello.nexe").output
    target = RefTarget()
    try:
        alone = target.run(Session(hello))
        assert target.run(Session(spin, timeout=1)).exit_state == "session timeout"
        after = target.run(Session(hello))
        pid = target._worker._pid
        assert pid is not None and target.run(Session(hello)) is not None and target._worker._pid == pid
    finally:
        target.close()
    assert (after.user_code, after.exit_state, after.outputs) == (alone.user_code, alone.exit_state, alone.outputs)
    assert alone.user_code == 3 and alone.outputs["/dev/stdout"] == b"hi\n"


def test_copy_as_user_keeps_holes(tmp_path: Path) -> None:
    # A 2 GiB sparse nexe used to be copied byte by byte, twice per run (15 s and 2 GiB of disk each).
    source = tmp_path / "sparse.nexe"
    with open(source, "wb") as f:
        f.write(b"head")
        f.seek(1 << 30)
        f.write(b"middle")
        f.truncate(2 << 30)
    copy = tmp_path / "copy.nexe"
    assert copy_as_user(None, source, copy)
    assert copy.stat().st_size == 2 << 30
    assert copy.stat().st_blocks * 512 < 1 << 20, "the holes were written out"
    with open(copy, "rb") as f:
        assert f.read(4) == b"head"
        f.seek(1 << 30)
        assert f.read(6) == b"middle"
        f.seek((1 << 30) - 4)
        assert f.read(4) == bytes(4)


ORPHAN = """
import os, sys, time
from harness.targets.privilege import as_user

def work(path):
    with open(path, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(60)

as_user(None, work, sys.argv[1])
"""


def test_a_killed_harness_leaves_no_child_running(tmp_path: Path) -> None:
    # SIGKILL runs no cleanup: the kernel must take the child (the emulator) down with the harness.
    marker = tmp_path / "child.pid"
    harness = subprocess.Popen([sys.executable, "-c", ORPHAN, str(marker)])
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline, "the child never started"
            time.sleep(0.05)
        child = int(marker.read_text())
    finally:
        harness.kill()
        harness.wait()
    deadline = time.monotonic() + 5
    while _running(child):
        assert time.monotonic() < deadline, f"child {child} outlived its killed parent"
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_session_directories_of_dead_harnesses_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp_path / f"zvm-session-ref-{int(dead.stdout)}-abcd1234"
    live = tmp_path / f"zvm-session-ref-{os.getpid()}-efgh5678"
    other = tmp_path / "zvm-session-ref-notapid"
    for directory in (stale, live, other):
        directory.mkdir()
    made = session_directory("zvm-session-ref-")
    assert made.name.startswith(f"zvm-session-ref-{os.getpid()}-")
    assert not stale.exists()
    assert live.exists() and other.exists() and made.is_dir()
