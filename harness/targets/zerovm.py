"""The real zerovm as a target.

Each session runs in a fresh temporary directory holding the manifest, a copy of the
nexe and a file per staged channel.  zerovm refuses to run as root, so a root harness
runs it as an unprivileged user (ZEROVM_USER, else `zvm`, else `nobody`) that owns
the directory.  Channels never use /dev/stdout: zerovm re-opens such uris by path,
which fails for pipes a root process created (ZEROVM.md, top notes), so zerovm's own
stdout is free to carry the report.  The whole process group is killed past Timeout
plus a margin, and the directory is removed whatever happens.  What zerovm prints and
writes is kept bounded (harness.targets.capture), and `preflight` checks, once before a
suite or a run, that the zerovm can run at all.  Several sessions started together (a
`Cluster`, or user manifests run at once) are driven by harness.targets.cluster with the
same staging and running (`_prepare`, `_prepare_manifest`, `_run_prepared`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from harness.manifest import parse_manifest
from harness.report import ReportError, split_report
from harness.targets import (
    EXITED,
    KILLED_SIGNAL,
    KILLED_TIMEOUT,
    NO_REPORT,
    STREAM_STDERR,
    STREAM_STDOUT,
    Cluster,
    Cut,
    RunResult,
    Session,
    TargetError,
)
from harness.targets.capture import STREAM_HEAD, Capture, Captured, captured
from harness.targets.daemon import Outgoing, drive, remove_new_socket, socket_identity
from harness.targets.job import HEADER_SIZE
from harness.targets.outputs import OutputSnapshot, changed_outputs, read_outputs, snapshot_outputs
from harness.targets.privilege import as_user, credentials, hand_over, session_user
from harness.targets.staging import job_path, stage_request, stage_session
from harness.targets.supervisor import sigterm_raises, supervise

ENV_ZEROVM = "ZEROVM"
ENV_NO_SYSLOG = "ZVM_HARNESS_NO_SYSLOG"  # run without a syslog on /dev/log (its cases then differ)
SYSLOG_SOCKET = Path("/dev/log")
ARGV0 = "zerovm"  # what zerovm is told its name is, wherever it lies
BANNER_EXIT = 22  # zerovm run with no arguments prints its usage and exits EINVAL
BANNER_TIMEOUT_S = 10.0
GRACE_S = 1.0  # how long the pipes are read after zerovm's group is gone: an escaped child may hold them
PIPE_CHUNK = 1 << 16
TICK_S = 0.1  # how often a wait on the pipes looks whether zerovm has exited
KILL_MARGIN_S = 5.0
MAX_DEADLINE_S = 30 * 86400  # beyond what the OS timers take; no session needs more
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def find_zerovm(explicit: str | os.PathLike[str] | None = None, search_path: bool = False) -> Path | None:
    """The zerovm the user pointed us at (--zerovm, else $ZEROVM; with `search_path`, else
    `zerovm` on PATH), or None."""
    candidate = explicit or os.environ.get(ENV_ZEROVM)
    if not candidate:
        found = shutil.which("zerovm") if search_path else None
        return Path(found) if found else None
    path = Path(candidate)
    if not path.is_file():
        found = shutil.which(str(candidate))
        if found is None:
            raise TargetError(f"zerovm not found: {candidate}")
        path = Path(found)
    if not os.access(path, os.X_OK):
        raise TargetError(f"zerovm is not executable: {path}")
    return path


def looks_like_zerovm(returncode: int | None, output: str) -> bool:
    """Whether a program run with no arguments answered as zerovm does: its banner and usage
    ("ZeroVM tag1 lightweight VM manager, ...", ANSI escapes removed) and exit 22 (EINVAL)."""
    return returncode == BANNER_EXIT and output.lstrip().startswith("ZeroVM")


def preflight(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The zerovm to run, checked before any case runs; TargetError names every problem and its fix.

    Checks: a zerovm is found (--zerovm, $ZEROVM or PATH); as root, an unprivileged user
    to run it as; run as that user with no arguments it answers as zerovm does
    (`looks_like_zerovm`); a syslog listens on /dev/log (zerovm reports there, and
    channels on /dev/log fail differently without it: ZEROVM.md section 9 item 10).
    """
    problems: list[str] = []
    path = find_zerovm(explicit, search_path=True)
    if path is None:
        problems.append(f"no zerovm found: pass --zerovm PATH, set {ENV_ZEROVM}=PATH or put zerovm on PATH")
    try:
        target = ZerovmTarget(path or Path("zerovm"), kill_margin_s=0.0)
    except TargetError as exc:
        problems.append(str(exc))
    else:
        if path is not None:
            problems += _banner_problems(target)
    problems += _syslog_problems()
    if problems:
        raise TargetError("; ".join(problems))
    assert path is not None
    return path


def _banner_problems(target: ZerovmTarget) -> list[str]:
    name = target.user.pw_name if target.user is not None else None
    user = f" as {name}" if name else ""
    try:
        run = target._execute([str(target.path)], Path("/"), b"", BANNER_TIMEOUT_S)
    except OSError as exc:
        return [f"cannot run {target.path}{user}: {exc.strerror or exc}; it must be a program readable and "
                f"executable by {name or 'you'} in directories {name or 'you'} can enter (e.g. 0755 ones)"]
    if run.outcome == KILLED_TIMEOUT:
        return [f"{target.path} is not a zerovm: run with no arguments{user}, it had not finished after "
                f"{BANNER_TIMEOUT_S:.0f} s (zerovm prints its usage and exits 22)"]
    output = _ANSI.sub("", run.stdout + run.stderr)
    if looks_like_zerovm(run.code, output):
        return []
    first = next((line.strip() for line in output.splitlines() if line.strip()), "nothing")
    ended = f"exited {run.code}" if run.code is not None else "died of a signal"
    return [f"{target.path} is not a zerovm: run with no arguments{user}, it {ended} and printed "
            f"{first[:80]!r} (zerovm prints its usage and exits 22)"]


def _syslog_problems() -> list[str]:
    if os.environ.get(ENV_NO_SYSLOG):
        return []
    listener = ("start one: python3 -c \"import os, socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); "
                f"s.bind('{SYSLOG_SOCKET}'); os.chmod('{SYSLOG_SOCKET}', 0o666); "
                "exec('while True: s.recv(65536)')\" &")
    why = "zerovm reports to syslog, and channels on /dev/log fail with 14 instead of 93 without one"
    fix = f"{listener}  (or set {ENV_NO_SYSLOG}=1 to run anyway)"
    try:
        info = os.stat(SYSLOG_SOCKET)
    except OSError:
        return [f"no syslog socket at {SYSLOG_SOCKET}: {why}; {fix}"]
    if not stat.S_ISSOCK(info.st_mode):
        return [f"{SYSLOG_SOCKET} is not a socket: {why}; {fix}"]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(str(SYSLOG_SOCKET))
        except OSError:
            return [f"nothing listens on {SYSLOG_SOCKET} (remove the stale socket): {why}; {fix}"]
    if os.geteuid() == 0 and not info.st_mode & 0o002:
        return [f"{SYSLOG_SOCKET} is not writable by zerovm's unprivileged user: chmod 666 {SYSLOG_SOCKET}"]
    return []


class ZerovmTarget:
    name = "zerovm"

    def __init__(self, path: Path, kill_margin_s: float = KILL_MARGIN_S) -> None:
        self.path = Path(path)
        self.kill_margin_s = kill_margin_s
        self.user = session_user()

    def banner(self) -> str:
        """The build's first banner line (zerovm prints its usage when given no manifest)."""
        run = self._execute([str(self.path)], Path("/"), b"", BANNER_TIMEOUT_S)
        lines = _ANSI.sub("", run.stdout).strip().splitlines()
        return lines[0] if lines else f"(no banner; exit {run.code})"

    def _credentials(self) -> dict[str, object]:
        return credentials(self.user)

    def run(self, session: Session) -> RunResult:
        with sigterm_raises():
            workdir = Path(tempfile.mkdtemp(prefix="zvm-session-"))
            try:
                # In a supervisor: whatever the session starts (a Job's daemon, its children, a process
                # that left zerovm's group) is gone when it returns, before the directory is removed --
                # by the supervisor too, so a harness killed outright (SIGKILL) leaves no directory either.
                remove = functools.partial(shutil.rmtree, workdir, ignore_errors=True)
                return supervise(self._run_staged, session, workdir, finish=remove)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)

    def _run_staged(self, session: Session, workdir: Path) -> RunResult:
        result = self._run_prepared(self._prepare(session, workdir))
        if session.job is None:
            return result
        job = session.job
        staged: dict[int, dict[str, Path]] = {}

        def send(index: int) -> Outgoing:
            request = job.requests[index]
            data, staged[index] = stage_request(session, request, index, workdir)
            hand_over(workdir, self.user)
            return Outgoing(data, _deadline(request.timeout, _request_manifest(data)), request.hangup)

        children = drive(self.name, job_path(workdir), result.daemon, len(job.requests), send,
                         lambda index: as_user(self.user, read_outputs, staged[index]), self.kill_margin_s)
        return replace(result, children=children)

    def _prepare(self, session: Session, workdir: Path) -> Prepared:
        """The session staged in `workdir` and handed to zerovm's user, ready to start."""
        # The session's files are the harness's own (a nexe it built, a case's inputs): it
        # writes them and hands them over; channels with a uri are zerovm's to open.
        manifest, outputs = stage_session(session, workdir)
        (workdir / "session.manifest").write_text(manifest)
        hand_over(workdir, self.user)
        argv = [str(self.path), *session.options, "session.manifest"]
        return Prepared(argv, workdir, _deadline(session.timeout, manifest), session.job is not None,
                        functools.partial(read_outputs, outputs))

    def _run_prepared(self, prepared: Prepared, extra_s: float = 0.0, stdin: bytes = b"") -> RunResult:
        """Run a prepared session (`extra_s` more than its Timeout before it is killed) and read its outputs."""
        run = self._execute(prepared.argv, prepared.cwd, stdin, prepared.deadline + extra_s, daemon=prepared.daemon)
        # zerovm's user owns the files now: read what it left with its rights, so a link it
        # planted there cannot make the harness read another user's file.
        return run.result(self.name, as_user(self.user, prepared.outputs))

    def run_cluster(self, cluster: Cluster) -> tuple[RunResult, ...]:
        """Every node of `cluster` run at once, each in its own session directory (harness.targets.cluster)."""
        from harness.targets.cluster import run_cluster

        return run_cluster(self, cluster)

    def run_manifests(self, manifest_paths: tuple[Path, ...], cwd: Path, name_server: bool = False
                      ) -> tuple[RunResult, ...]:
        """The user's manifests run together, each as `run_manifest` runs one (harness.targets.cluster)."""
        from harness.targets.cluster import run_manifests

        return run_manifests(self, manifest_paths, cwd, name_server)

    def _prepare_manifest(self, path: Path, cwd: Path, options: tuple[str, ...], before: OutputSnapshot,
                          daemon: bool = False) -> Prepared:
        """A user's manifest, ready to start: nothing is staged, the outputs are its changed file channels."""
        return Prepared([str(self.path), *options, str(path)], cwd, _deadline(10, before.manifest_text), daemon,
                        functools.partial(changed_outputs, before))

    def run_manifest(self, manifest_path: Path, cwd: Path, stdin: bytes = b"",
                     options: tuple[str, ...] = (), requests: tuple[bytes, ...] = ()) -> RunResult:
        """Run the user's manifest as zerovm does when its user runs it from `cwd`.

        zerovm gets the user's own paths and opens every file itself (the manifest, a
        relative Program, every channel), so a root harness gives the nexe exactly the
        rights of the user zerovm runs as: nothing is staged or copied back.  The outputs
        reported are the writable file channels the session created or changed, read
        with that user's rights.  When the manifest names a Job, `requests` (raw, length
        header included) go to its daemon in order; the result's children are theirs, with
        no outputs.  Nothing the session started outlives it, and the socket a daemon left
        is removed (as the user).
        """
        path = manifest_path if manifest_path.is_absolute() else cwd / manifest_path
        before = as_user(self.user, snapshot_outputs, path, cwd)
        job = parse_manifest(before.manifest_text).job
        # The daemon chdirs to / and aborts on a relative path: only an absolute one can be left behind.
        job_socket = Path(job) if job is not None and job.startswith("/") else None
        socket_before = as_user(self.user, socket_identity, job_socket) if job_socket is not None else None
        finish = None
        if job_socket is not None:
            finish = functools.partial(as_user, self.user, remove_new_socket, job_socket, socket_before)
        with sigterm_raises():
            return supervise(self._run_manifest_supervised, path, cwd, stdin, options, before, job_socket,
                             requests, finish=finish)

    def _run_manifest_supervised(self, path: Path, cwd: Path, stdin: bytes, options: tuple[str, ...],
                                 before: OutputSnapshot, job_socket: Path | None,
                                 requests: tuple[bytes, ...]) -> RunResult:
        result = self._run_prepared(self._prepare_manifest(path, cwd, options, before, job_socket is not None),
                                    stdin=stdin)
        if not requests:
            return result
        children = drive(self.name, job_socket, result.daemon, len(requests),
                         lambda index: Outgoing(requests[index], _deadline(10, _request_manifest(requests[index]))),
                         lambda index: {}, self.kill_margin_s)
        return replace(result, children=children)

    def _execute(self, argv: list[str], cwd: Path, stdin: bytes, deadline: float, daemon: bool = False
                 ) -> _Execution:
        """Run zerovm in its own process group; kill the group past the deadline plus a margin.

        What it prints is captured bounded (`Capture`): a head and the tail, where the report is.
        With `daemon` the group is not killed when zerovm exits: a Job session's daemon is
        still in it until it calls setsid() (the supervisor kills it at the end).
        """
        # Hand-made pipes, owned by zerovm's user: it re-opens /dev/stdin, /dev/stdout
        # and /dev/stderr by path, which fails on pipes that belong to root.
        pipes = [os.pipe() for _ in range(3)]
        if self.user is not None:
            for r, w in pipes:
                os.fchown(r, self.user.pw_uid, self.user.pw_gid)
                os.fchown(w, self.user.pw_uid, self.user.pw_gid)
        (in_r, in_w), (out_r, out_w), (err_r, err_w) = pipes
        ours = {in_w, out_r, err_r}  # our ends, closed by the pump as they finish or at the end
        theirs = {in_r, out_w, err_w}
        captures = {out_r: Capture(STREAM_HEAD), err_r: Capture(STREAM_HEAD)}
        proc: subprocess.Popen[bytes] | None = None
        try:
            start = time.monotonic()
            # argv[0] is always "zerovm": it is in getopt's messages on stderr, which a case asserts.
            proc = subprocess.Popen([ARGV0, *argv[1:]], executable=argv[0], cwd=cwd, stdin=in_r, stdout=out_w,
                                    stderr=err_w, start_new_session=True, **self._credentials())
            _close_all(theirs)
            outcome, wall = _pump(proc, captures, in_w, stdin, ours, start, start + deadline + self.kill_margin_s,
                                  kill_at_exit=not daemon)
        finally:
            if proc is not None and proc.poll() is None:
                _kill_group(proc)
                proc.wait()
            _close_all(theirs)
            _close_all(ours)
        code: int | None = proc.returncode
        if outcome == EXITED and code is not None and code < 0:
            outcome, code = KILLED_SIGNAL, None
        elif outcome == KILLED_TIMEOUT:
            code = None
        return _Execution.of(outcome, code, captures[out_r].result(), captures[err_r].result(), wall)


@dataclass(frozen=True)
class Prepared:
    """A session ready to start: zerovm's argv and directory, its Timeout, and how to read its outputs."""

    argv: list[str]
    cwd: Path
    deadline: float  # the Timeout zerovm reads, in seconds (the kill margin comes on top)
    daemon: bool  # a Job session: zerovm's group outlives zerovm
    outputs: Callable[[], Mapping[str, bytes | Captured | None]]  # run as zerovm's user after the session


@dataclass(frozen=True)
class _Execution:
    outcome: str
    code: int | None
    stdout: str
    stderr: str
    wall_s: float
    cut: tuple[Cut, ...] = ()  # of zerovm's own stdout and stderr

    @classmethod
    def of(cls, outcome: str, code: int | None, out: Captured, err: Captured, wall_s: float) -> _Execution:
        """From what was captured of zerovm's stdout and stderr, saying what was cut."""
        cuts = tuple(Cut.of(stream, None, c) for stream, c in ((STREAM_STDOUT, out), (STREAM_STDERR, err)) if c.cut)
        return cls(outcome, code, out.text(), err.text(), wall_s, cuts)

    def result(self, target: str, outputs: Mapping[str, bytes | Captured | None]) -> RunResult:
        # Every byte of stdout is accounted for: the report is its last lines, the rest is stray
        # (a /dev/stdout channel's output, or something zerovm should not have printed).
        try:
            split = split_report(self.stdout)
        except ReportError:
            result = RunResult(target, NO_REPORT if self.outcome == EXITED else self.outcome, self.code,
                               wall_s=self.wall_s, raw_stdout=self.stdout, raw_stderr=self.stderr, cut=self.cut,
                               stray_stdout=self.stdout)
            return _with_outputs(result, outputs)
        report = split.report
        result = RunResult(target, self.outcome, self.code, report.validator_state, report.daemon,
                           report.user_code, report.etags, report.accounting, report.exit_state, {},
                           self.wall_s, self.stdout, self.stderr, self.cut, split.stray, split.prefix)
        return _with_outputs(result, outputs)


def _with_outputs(result: RunResult, outputs: Mapping[str, bytes | Captured | None]) -> RunResult:
    return result.with_outputs({alias: captured(data) if isinstance(data, bytes) else data
                                for alias, data in outputs.items()})


def _pump(proc: subprocess.Popen[bytes], captures: dict[int, Capture], in_w: int, stdin: bytes, ours: set[int],
          start: float, kill_at: float, kill_at_exit: bool = True) -> tuple[str, float]:
    """Feed zerovm's stdin and drain its stdout and stderr until it is gone; (outcome, wall time).

    The group is killed at `kill_at`, and (`kill_at_exit`) as soon as zerovm exits (a child
    that outlived it must not keep the pipes open).  A process that left the group may hold the pipes for
    ever: they are read for GRACE_S more, then left.  Each of our ends is closed (and taken
    out of `ours`) when it is done.
    """
    poller = select.poll()
    for fd in captures:
        os.set_blocking(fd, False)
        poller.register(fd, select.POLLIN)
    pending = memoryview(stdin)
    if pending:
        os.set_blocking(in_w, False)
        poller.register(in_w, select.POLLOUT)
    else:
        _close(in_w, ours)

    def finish(fd: int) -> None:
        poller.unregister(fd)
        _close(fd, ours)

    outcome, ended = EXITED, None
    while True:
        now = time.monotonic()
        if ended is None:
            if proc.poll() is not None:
                ended = now
                if kill_at_exit:
                    _kill_group(proc)
            elif now >= kill_at:
                _kill_group(proc)
                proc.wait()
                outcome, ended = KILLED_TIMEOUT, now
        reading = [fd for fd in captures if fd in ours]
        if not reading or (ended is not None and now >= ended + GRACE_S):
            break
        wait = min(kill_at - now, TICK_S) if ended is None else ended + GRACE_S - now
        for fd, events in poller.poll(max(wait, 0.0) * 1000):
            if fd == in_w:
                try:
                    pending = pending[os.write(fd, pending[:PIPE_CHUNK]):]
                except BlockingIOError:
                    continue
                except OSError:  # zerovm may exit (or never read) before taking all of stdin
                    pending = pending[:0]
                if not pending or events & (select.POLLERR | select.POLLHUP):
                    finish(fd)
                continue
            try:
                chunk = os.read(fd, PIPE_CHUNK)
            except BlockingIOError:
                continue
            if chunk:
                captures[fd].write(chunk)
            else:
                finish(fd)
    if in_w in ours:
        poller.unregister(in_w)
        _close(in_w, ours)
    if ended is None:  # zerovm closed its streams but runs on
        try:
            proc.wait(timeout=max(kill_at - time.monotonic(), 0.0))
        except subprocess.TimeoutExpired:
            outcome = KILLED_TIMEOUT
        if kill_at_exit or outcome == KILLED_TIMEOUT:
            _kill_group(proc)
        proc.wait()
        ended = time.monotonic()
    return outcome, ended - start


def _close(fd: int, fds: set[int]) -> None:
    if fd in fds:
        fds.discard(fd)
        os.close(fd)


def _close_all(fds: set[int]) -> None:
    for fd in list(fds):
        _close(fd, fds)


def _deadline(default: int, manifest: str) -> float:
    """The session's Timeout in seconds, as the manifest zerovm reads says it (at least 1)."""
    timeout = default
    for line in manifest.splitlines():
        key, eq, value = line.partition("=")
        if eq and key.strip() == "Timeout":
            with contextlib.suppress(ValueError):
                timeout = int(value.strip(), 0)
    # zerovm keeps Timeout in an int32 (2147483648 wraps negative and is refused at once).
    timeout = (timeout + (1 << 31)) % (1 << 32) - (1 << 31)
    return float(min(max(timeout, 1), MAX_DEADLINE_S))


def _request_manifest(request: bytes) -> str:
    """The manifest in a request as the child reads it (for its Timeout): what follows the length header."""
    return request[HEADER_SIZE:].decode("latin-1")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
