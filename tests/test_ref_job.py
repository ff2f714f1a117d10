"""Daemon mode (a manifest's Job) on the reference executor, and against the real zerovm.

tests/ref_programs/job.c ends its parent session in zvm_fork; each child reads a command
from its own /dev/stdin.  The expectations in the model tests are what the real zerovm
answered (/opt/zvm-ref/bin/zerovm, driven by the zerovm target), so CI without a zerovm
still checks them; with ZEROVM set, `test_differential` runs every session on both.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from harness.targets import BIG, EXITED, NO_DAEMON, NO_REPORT, ChannelSpec, Job, Request, RunResult, Session
from harness.targets.job import frame_request
from harness.targets.ref import STAGING_DIR, UNSUPPORTED, RefTarget
from harness.targets.ref.daemon import ChildAbort, read_command
from harness.targets.ref.errors import Unsupported
from harness.targets.supervisor import process_tree, processes
from harness.targets.zerovm import ZerovmTarget, find_zerovm
from harness.toolchain import build

PROGRAMS = Path(__file__).parent / "ref_programs"
GAP = b"\0" * len(b"parent:parent data\n")  # the parent's stdout bytes: a child's new stdout starts after them


@pytest.fixture(scope="module")
def nexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("job-nexes")
    return {"job": build([PROGRAMS / "job.c"], out / "job.nexe", opt="-O2").output,
            "exit42": build([PROGRAMS / "faults.c"], out / "exit42.nexe", opt="-O2", defines=["EXIT42"]).output}


@pytest.fixture(scope="module")
def ref() -> RefTarget:
    return RefTarget()


def channels(stdin: bytes = b"", data: bytes = b"parent data", etag: int = 0, gets: int = 10,
             get_size: int = 100) -> tuple[ChannelSpec, ...]:
    """job.c's channels: its command on /dev/stdin, its lines on /dev/stdout, a marker on /dev/input."""
    return (ChannelSpec("/dev/stdin", gets=BIG, get_size=BIG, data=stdin, etag=etag),
            ChannelSpec("/dev/stdout", puts=BIG, put_size=BIG, etag=etag),
            ChannelSpec("/dev/stderr", puts=BIG, put_size=BIG),
            ChannelSpec("/dev/input", gets=gets, get_size=get_size, data=data, etag=etag))


def job_session(nexe: Path, *requests: Request, **keywords: object) -> Session:
    session = Session(nexe, channels(), timeout=5, job=Job(requests))
    return replace(session, **keywords)  # type: ignore[arg-type]


def sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# A request with its own manifest: it forks again with a Job of its own (a second daemon).
REFORK = ("Version = 20130611\nProgram = {program}\nMemory = 268435456, 1\nTimeout = 5\nJob = {dir}/second.sock\n"
          f"Channel = {{dir}}/h0, /dev/stdin, 0, 1, {BIG}, {BIG}, 0, 0\n"
          f"Channel = {{dir}}/h1, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n"
          f"Channel = {{dir}}/h2, /dev/stderr, 0, 0, 0, 0, {BIG}, {BIG}\n"
          "Channel = {dir}/h3, /dev/input, 0, 0, 10, 100, 0, 0\n")
# The session's own manifest with a relative Job: the daemon binds it from / and cannot.
RELATIVE = ("Version = 20130611\nProgram = {program}\nMemory = 268435456, 0\nTimeout = 5\nJob = rel.sock\n"
            f"Channel = {{dir}}/h0, /dev/stdin, 0, 0, {BIG}, {BIG}, 0, 0\n"
            f"Channel = {{dir}}/h1, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n"
            f"Channel = {{dir}}/h2, /dev/stderr, 0, 0, 0, 0, {BIG}, {BIG}\n")
NOT_A_MANIFEST = b"Version = 20130611\nProgram = /x\nMemory = 1, 0\nTimeout = 5\n"  # no channels


def sessions(nexes: dict[str, Path]) -> dict[str, Session]:
    """Every Job session the model tests check and the differential test runs on both targets."""
    nexe = nexes["job"]
    mismatch = (*channels(b"echo m")[:3], ChannelSpec("/dev/input", gets=11, get_size=100, data=b"x"))
    missing = (*channels(b"echo a")[:3], ChannelSpec("/dev/input", uri="/nonexistent/in", gets=10, get_size=100))

    def rw(data: bytes, stdin: bytes = b"") -> tuple[ChannelSpec, ...]:
        return (*channels(stdin)[:3], ChannelSpec("/dev/input", type=3, gets=10, get_size=100, puts=10,
                                                  put_size=100, data=data))

    return {
        "sequence": job_session(nexe, Request(channels(b"echo one", b"child one")),
                                Request(channels(b"echo two", b"child two")), Request(channels(b"exit 9"))),
        "etags": job_session(nexe, Request(channels(b"echo e", b"y" * 100, etag=1)), Request(channels(b"echo e2")),
                             channels=channels(data=b"x" * 100, etag=1), memory_etag=1),
        "quota": job_session(nexe, Request(channels(b"echo q", b"c" * 100, gets=3, get_size=66)),
                             channels=channels(data=b"p" * 100, gets=3, get_size=66)),
        "mismatch": job_session(nexe, Request(mismatch), Request(channels(b"echo ok"))),
        "extras": job_session(nexe, Request((*channels(b"echo f"), ChannelSpec("/dev/zzz", gets=1, get_size=1))),
                              Request((*channels(b"echo f"), ChannelSpec("/dev/aaa", gets=1, get_size=1)))),
        "missing_file": job_session(nexe, Request(missing), Request(channels(b"echo ok"))),
        "append_position": job_session(nexe, Request(rw(b"", b"echo b")), Request(rw(b"X" * 80, b"echo b3")),
                                       channels=rw(b"0123456789abcdef")),
        "fault_spin_fork": job_session(nexe, Request(channels(b"fault")), Request(channels(b"spin"), timeout=1),
                                       Request(channels(b"fork"))),
        "timeout_0": job_session(nexe, Request(channels(b"echo c"), timeout=0)),
        "malformed_hangup": job_session(nexe, Request(raw=b"garbage!"), Request(channels(b"echo h"), hangup=True),
                                        Request(channels(b"echo after"))),
        "headers": job_session(nexe, Request(raw=b"-0000001" + NOT_A_MANIFEST),
                               Request(raw=b"00000000" + NOT_A_MANIFEST), Request(raw=b" 0x0002 ab"),
                               Request(raw=b"0x1", hangup=True)),
        "refork_with_job": job_session(nexe, Request(manifest=REFORK), Request(channels(b"echo after")),
                                       files=(("h0", b"fork"), ("h3", b""))),
        "relative_job": job_session(nexe, Request(channels(b"echo x")[:3]), manifest=RELATIVE, files=(("h0", b""),)),
        "no_fork": job_session(nexes["exit42"], Request(channels(b"echo x"))),
        "dev_null_streams": job_session(nexe, Request((
            ChannelSpec("/dev/stdin", uri="/dev/stdin", gets=BIG, get_size=BIG),
            ChannelSpec("/dev/stdout", uri="/dev/stdout", puts=BIG, put_size=BIG), *channels()[2:]))),
    }


@pytest.fixture(scope="module")
def results(ref: RefTarget, nexes: dict[str, Path]) -> dict[str, RunResult]:
    return {name: ref.run(session) for name, session in sessions(nexes).items()}


def child_line(text: str) -> bytes:
    return GAP + text.encode()


# -- the model ------------------------------------------------------------------------------------


def test_parent_ends_in_zvm_fork(results: dict[str, RunResult]) -> None:
    parent = results["sequence"]
    assert (parent.outcome, parent.exit_code, parent.daemon, parent.user_code, parent.exit_state) == (
        EXITED, 0, 1, 0, "ok")
    assert parent.outputs["/dev/stdout"] == b"parent:parent data\n"
    assert parent.accounting[2:6] == (2, 11, 1, 19)


def test_children_in_sequence(results: dict[str, RunResult]) -> None:
    one, two, nine = results["sequence"].children
    for child, word in ((one, "one"), (two, "two")):
        # the parent's marker is in memory, zvm_fork gives 0, /dev/input met EOF in the parent and stays there
        assert child.outputs["/dev/stdout"] == child_line(f"child f=0 n=8 marker=parent data cmd=echo {word} "
                                                          "input=0:\n")
        assert (child.outcome, child.exit_code, child.daemon, child.user_code, child.exit_state) == (
            EXITED, None, 0, 3, "ok")
        assert child.report_prefix == "0x00002d"
        assert child.accounting[2:6] == (2, 8, 1, 55)  # the child's own accounting
        assert child.validator_state == 0
    assert (nine.user_code, nine.outputs["/dev/stdout"], nine.accounting[2:6]) == (9, b"", (2, 6, 0, 0))


def test_etags_are_cumulative(results: dict[str, RunResult]) -> None:
    parent = results["etags"]
    tagged, untagged = parent.children
    own = dict(parent.etags)
    assert [alias for alias, _ in parent.etags] == ["/dev/stdin", "/dev/stdout", "/dev/input", "/dev/memory"]
    assert own["/dev/input"] == sha1(b"x" * 64)
    line = b"child f=0 n=6 marker=" + b"x" * 64 + b" cmd=echo e input=4:yyyy\n"
    assert tagged.etags[:3] == parent.etags[:3]  # the daemon's, then the child's own
    assert tagged.etags[3:6] == (("/dev/stdin", sha1(b"echo e")), ("/dev/stdout", sha1(line)),
                                 ("/dev/input", sha1(b"yyyy")))
    assert tagged.etags[6][0] == "/dev/memory" and tagged.etags[6][1] != own["/dev/memory"]
    assert tagged.outputs["/dev/stdout"] == b"\0" * 72 + line
    # a request without etags: the daemon's digests and the session's Memory etag remain
    assert [alias for alias, _ in untagged.etags] == ["/dev/stdin", "/dev/stdout", "/dev/input", "/dev/memory"]
    assert untagged.etags[:3] == parent.etags[:3]


def test_quota_counts_the_parents_use(results: dict[str, RunResult]) -> None:
    (child,) = results["quota"].children
    # get_size 66: the parent read 64, so 2 are left, read from the parent's position in the new file
    assert child.outputs["/dev/stdout"].endswith(b"cmd=echo q input=2:cc\n")


def test_channel_mismatch_kills_the_child(results: dict[str, RunResult]) -> None:
    for name in ("mismatch", "extras"):
        bad = results[name].children[0 if name == "mismatch" else 1]
        assert (bad.outcome, bad.exit_state, bad.raw_stdout) == (NO_REPORT, None, "")
    good = results["mismatch"].children[1]
    assert (good.outcome, good.user_code) == (EXITED, 3)
    after = results["extras"].children[0]  # an extra channel sorting after the session's is ignored
    assert (after.outcome, after.user_code) == (EXITED, 3)


def test_channel_errors_kill_the_child(results: dict[str, RunResult]) -> None:
    missing, ok = results["missing_file"].children
    assert missing.outcome == NO_REPORT
    assert missing.outputs == {"/dev/stdout": b"", "/dev/stderr": b""}  # opened before /dev/input failed
    assert ok.user_code == 3
    short, long = results["append_position"].children
    assert short.outcome == NO_REPORT  # the parent's put position (16) is past the new file's end
    assert long.outputs["/dev/input"] == b"X" * 80 and long.outputs["/dev/stdout"].endswith(b"input=4:XXXX\n")
    (zero,) = results["timeout_0"].children
    assert zero.outcome == NO_REPORT


def test_fault_spin_and_fork_again(results: dict[str, RunResult]) -> None:
    fault, spin, fork = results["fault_spin_fork"].children
    assert fault.exit_state is not None and fault.exit_state.startswith("Signal 11 from untrusted code: Halting at 0x")
    assert (fault.user_code, fault.accounting[2:6]) == (0, (2, 5, 0, 0))
    assert spin.exit_state == "session timeout"  # the request's Timeout = 1, counted from the child's start
    assert (fork.user_code, fork.daemon, fork.outputs["/dev/stdout"]) == (5, 0, child_line("refork=0\n"))


def test_fork_again_with_a_job(results: dict[str, RunResult]) -> None:
    refork, after = results["refork_with_job"].children
    assert (refork.outcome, refork.daemon, refork.user_code, refork.exit_state) == (EXITED, 1, 0, "ok")
    assert refork.etags == (("/dev/stdin", sha1(b"fork")),)  # the request's etag flags
    assert after.user_code == 3


def test_malformed_requests_and_hangup(results: dict[str, RunResult]) -> None:
    garbage, hangup, after = results["malformed_hangup"].children
    assert (garbage.outcome, garbage.outputs) == (NO_REPORT, {})
    # a client that hung up gets no report, but the child ran and its outputs are there
    assert (hangup.outcome, hangup.raw_stdout) == (NO_REPORT, "")
    assert hangup.outputs["/dev/stdout"] == child_line("child f=0 n=6 marker=parent data cmd=echo h input=0:\n")
    assert after.user_code == 3
    assert [c.outcome for c in results["headers"].children] == [NO_REPORT] * 4


def test_no_daemon(results: dict[str, RunResult]) -> None:
    relative = results["relative_job"]
    assert (relative.daemon, relative.user_code, [c.outcome for c in relative.children]) == (1, 0, [NO_DAEMON])
    no_fork = results["no_fork"]
    assert (no_fork.daemon, no_fork.user_code, [c.outcome for c in no_fork.children]) == (0, 42, [NO_DAEMON])


def test_children_are_deterministic(ref: RefTarget, nexes: dict[str, Path], results: dict[str, RunResult]) -> None:
    again = ref.run(sessions(nexes)["etags"])
    assert [c.raw_stdout for c in again.children] == [c.raw_stdout for c in results["etags"].children]
    assert [c.outputs for c in again.children] == [c.outputs for c in results["etags"].children]


def test_a_user_manifest_names_its_own_job(ref: RefTarget, nexes: dict[str, Path], user_dir: Path,
                                           user_dirs: object) -> None:
    d = user_dir
    shutil.copyfile(nexes["job"], d / "job.nexe")
    (d / "in").write_bytes(b"mine")
    (d / "empty").write_bytes(b"")
    (d / "cmd").write_bytes(b"echo u")
    common = (f"Channel = {d}/in, /dev/input, 0, 0, 10, 100, 0, 0\n"
              f"Channel = {d}/err, /dev/stderr, 0, 0, 0, 0, {BIG}, {BIG}\n")
    (d / "m").write_text(f"Version = 20130611\nProgram = {d}/job.nexe\nMemory = 268435456, 0\nTimeout = 5\n"
                         f"Job = {d}/s.sock\nChannel = {d}/empty, /dev/stdin, 0, 0, {BIG}, {BIG}, 0, 0\n"
                         f"Channel = {d}/out, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n" + common)
    request = (f"Version = 20130611\nProgram = x\nMemory = 1, 0\nTimeout = 5\n"
               f"Channel = {d}/cmd, /dev/stdin, 0, 0, {BIG}, {BIG}, 0, 0\n"
               f"Channel = {d}/out2, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n" + common).encode()
    user_dirs.give(d)  # type: ignore[attr-defined]
    result = ref.run_manifest(d / "m", d, requests=(frame_request(request), b"garbage!"))
    assert (result.daemon, result.outputs["/dev/stdout"]) == (1, b"parent:mine\n")
    child, garbage = result.children
    assert child.user_code == 3 and garbage.outcome == NO_REPORT
    assert child.outputs["/dev/stdout"] == b"\0" * 12 + b"child f=0 n=6 marker=mine cmd=echo u input=0:\n"
    assert (d / "s.sock").is_socket()  # the daemon's socket stays behind, as zerovm leaves it


def test_fork_after_output_on_zerovms_stdout_is_unsupported(ref: RefTarget, nexes: dict[str, Path],
                                                             user_dir: Path, user_dirs: object) -> None:
    """The daemon fcloses its copy of the stdio buffer while the parent flushes its own: the line comes
    twice, before or after the parent's report (measured: both orders in five runs)."""
    d = user_dir
    shutil.copyfile(nexes["job"], d / "job.nexe")
    (d / "in").write_bytes(b"x")
    (d / "m").write_text(f"Version = 20130611\nProgram = {d}/job.nexe\nMemory = 268435456, 0\nTimeout = 5\n"
                         f"Job = {d}/s.sock\nChannel = /dev/null, /dev/stdin, 0, 0, {BIG}, {BIG}, 0, 0\n"
                         f"Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, {BIG}, {BIG}\n"
                         f"Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, {BIG}, {BIG}\n"
                         f"Channel = {d}/in, /dev/input, 0, 0, 10, 100, 0, 0\n")
    user_dirs.give(d)  # type: ignore[attr-defined]
    result = ref.run_manifest(d / "m", d)
    assert result.outcome == UNSUPPORTED and "flushes a copy" in (result.exit_state or "")


def test_child_streams_are_dev_null(results: dict[str, RunResult]) -> None:
    """The daemon's stdin, stdout and stderr are /dev/null: so are a request's channels on them."""
    (child,) = results["dev_null_streams"].children
    # no command read (exit 7), and nothing but the report on the socket
    assert (child.user_code, child.stray_stdout, child.accounting[2:6]) == (7, "", (1, 0, 0, 0))


def test_a_child_taking_the_daemons_socket_is_unsupported(ref: RefTarget, nexes: dict[str, Path]) -> None:
    session = job_session(nexes["job"], Request(manifest=REFORK.replace("{dir}/second.sock", "{job}")),
                          files=(("h0", b"fork"), ("h3", b"")))
    result = ref.run(session)
    assert result.outcome == UNSUPPORTED and "takes it over" in (result.exit_state or "")


@pytest.mark.parametrize(("raw", "hangup", "text"), [
    (b"0x000003abc", False, b"abc00003"),  # the read overwrites the header from the buffer's start
    (b"3\0\0\0\0\0\0\0abc", False, b"abc"),
    (b" 0x0002 ab", False, b"ab0002"),  # ToInt strips the header in place first
    (b"00000000Version", False, b"00000000"),  # a length of 0: the header is the text
    (b"0x000009abc" + b"v" * 6, False, b"abcvvvvvv"),  # what came in the one send, over the header
    (b"0x1", True, b"0x1"),  # nothing more before the client closed
    (b"", True, b""),
])
def test_read_command(raw: bytes, hangup: bool, text: bytes) -> None:
    assert read_command(raw, hangup) == text


@pytest.mark.parametrize(("raw", "hangup", "error"), [
    (b"garbage!", False, ChildAbort),
    (b"-0000001abc", False, ChildAbort),  # read() of (size_t)-1: EFAULT
    (b"0x1 2 3 4", False, ChildAbort),  # the header is the first 8 bytes, all of it a number
    (b"", False, Unsupported),  # the child waits for ever
    (b"0x000005", False, Unsupported),
    (b"0x100000" + b"x" * 0x10001, False, Unsupported),  # past the 64 KiB buffer
    (b"0x010000" + b"x" * 0x10000, False, Unsupported),  # fills it: no NUL ends the text
])
def test_read_command_failures(raw: bytes, hangup: bool, error: type[Exception]) -> None:
    with pytest.raises(error):
        read_command(raw, hangup)


def test_unsupported_child_makes_the_job_unsupported(ref: RefTarget, nexes: dict[str, Path]) -> None:
    session = job_session(nexes["job"], Request(channels(b"echo x")), Request(raw=b"0x000005"))
    result = ref.run(session)
    assert result.outcome == UNSUPPORTED and result.exit_state is not None
    assert result.exit_state.startswith("unsupported: request 2: ")
    assert [c.outcome for c in result.children] == [EXITED, UNSUPPORTED]


# -- against the real zerovm ----------------------------------------------------------------------


FIELDS = ("outcome", "exit_code", "validator_state", "daemon", "user_code", "etags", "exit_state", "outputs",
          "stray_stdout", "report_prefix")


def _fields(result: RunResult) -> dict[str, object]:
    fields = {name: getattr(result, name) for name in FIELDS}
    # zerovm's session directory, as the reference names its own in results
    fields["exit_state"] = re.sub(r"/tmp/zvm-session-[^/ ]+", STAGING_DIR, result.exit_state or "")
    return {**fields, "accounting": result.accounting[2:]}


@pytest.mark.parametrize("name", list(sessions({"job": Path("job"), "exit42": Path("exit42")})))
def test_differential(name: str, ref: RefTarget, nexes: dict[str, Path], results: dict[str, RunResult]) -> None:
    zerovm = find_zerovm()
    if zerovm is None:
        pytest.skip("no real zerovm configured: set ZEROVM=/path/to/zerovm to run this test")
    real = ZerovmTarget(zerovm).run(sessions(nexes)[name])
    model = results[name]
    assert len(real.children) == len(model.children)
    for who, want, got in [("session", real, model)] + [
            (f"request {i + 1}", a, b) for i, (a, b) in enumerate(zip(real.children, model.children, strict=True))]:
        assert _fields(got) == _fields(want), who


REF_DRIVER = """
import sys
from pathlib import Path
from harness.targets import BIG, ChannelSpec, Job, Request, Session, standard_channels
from harness.targets.ref import RefTarget

spin = Request(standard_channels(b"spin"), timeout=60)
session = Session(Path(sys.argv[1]), job=Job((spin,)), timeout=60)
print("finished", RefTarget().run(session).children)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_harness_leaves_no_model_process_or_directory(nexes: dict[str, Path], tmp_path: Path,
                                                                signum: signal.Signals) -> None:
    """A child spinning for its minute-long Timeout when the harness is stopped: its emulator, the
    modelled daemon and the session directory are all gone, not left to run out."""
    private_tmp = Path(tempfile.mkdtemp(prefix="zvm-ref-driver-"))
    private_tmp.chmod(0o755)
    env = {**os.environ, "TMPDIR": str(private_tmp), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    driver = subprocess.Popen([sys.executable, "-c", REF_DRIVER, str(nexes["job"])], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        end = time.monotonic() + 30
        # The parent, the modelled daemon and the spinning child: three processes below the driver.
        while len(_descendants(driver.pid)) < 3 and time.monotonic() < end:
            time.sleep(0.05)
        descendants = _descendants(driver.pid)
        assert len(descendants) >= 3, descendants
        driver.send_signal(signum)
        out, _ = driver.communicate(timeout=30)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    assert b"finished" not in out
    end = time.monotonic() + 10
    while [pid for pid in descendants if _alive(pid)] and time.monotonic() < end:
        time.sleep(0.05)
    assert [pid for pid in descendants if _alive(pid)] == []
    assert list(private_tmp.iterdir()) == [], "the session directory is removed"
    shutil.rmtree(private_tmp, ignore_errors=True)


def _descendants(root: int) -> list[int]:
    return list(process_tree(root))


def _alive(pid: int) -> bool:
    proc = processes().get(pid)
    return proc is not None and proc.live
