"""The real zerovm as a target.

Each session runs in a fresh temporary directory holding the manifest, a copy of the
nexe and a file per staged channel.  zerovm refuses to run as root, so a root harness
runs it as an unprivileged user (ZEROVM_USER, else `zvm`, else `nobody`) that owns
the directory.  Channels never use /dev/stdout: zerovm re-opens such uris by path,
which fails for pipes a root process created (ZEROVM.md, top notes), so zerovm's own
stdout is free to carry the report.  The whole process group is killed past Timeout
plus a margin, and the directory is removed whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from harness.report import ReportError, parse_report
from harness.targets import (
    EXITED,
    KILLED_SIGNAL,
    KILLED_TIMEOUT,
    NO_REPORT,
    RunResult,
    Session,
    TargetError,
)
from harness.targets.outputs import changed_outputs, read_outputs, snapshot_outputs
from harness.targets.privilege import as_user, credentials, hand_over, session_user
from harness.targets.staging import stage_session

ENV_ZEROVM = "ZEROVM"
KILL_MARGIN_S = 5.0
MAX_DEADLINE_S = 30 * 86400  # beyond what the OS timers take; no session needs more
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def find_zerovm(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The zerovm the user pointed us at (--zerovm, else $ZEROVM), or None."""
    candidate = explicit or os.environ.get(ENV_ZEROVM)
    if not candidate:
        return None
    path = Path(candidate)
    if not path.is_file():
        found = shutil.which(str(candidate))
        if found is None:
            raise TargetError(f"zerovm not found: {candidate}")
        path = Path(found)
    if not os.access(path, os.X_OK):
        raise TargetError(f"zerovm is not executable: {path}")
    return path


class ZerovmTarget:
    name = "zerovm"

    def __init__(self, path: Path, kill_margin_s: float = KILL_MARGIN_S) -> None:
        self.path = Path(path)
        self.kill_margin_s = kill_margin_s
        self.user = session_user()

    def banner(self) -> str:
        """The build's first banner line (zerovm prints its usage when given no manifest)."""
        proc = subprocess.run([str(self.path)], capture_output=True, text=True, timeout=30, check=False,
                              **self._credentials())
        lines = _ANSI.sub("", proc.stdout).strip().splitlines()
        return lines[0] if lines else f"(no banner; exit {proc.returncode})"

    def _credentials(self) -> dict[str, object]:
        return credentials(self.user)

    def run(self, session: Session) -> RunResult:
        workdir = Path(tempfile.mkdtemp(prefix="zvm-session-"))
        try:
            # The session's files are the harness's own (a nexe it built, a case's inputs): it
            # writes them and hands them over; channels with a uri are zerovm's to open.
            manifest, outputs = stage_session(session, workdir)
            (workdir / "session.manifest").write_text(manifest)
            hand_over(workdir, self.user)
            argv = [str(self.path), *session.options, "session.manifest"]
            run = self._execute(argv, workdir, b"", _deadline(session.timeout, manifest))
            # zerovm's user owns the directory now: read what it left with its rights, so a
            # link it planted there cannot make the harness read another user's file.
            collected = as_user(self.user, read_outputs, outputs)
            return run.result(self.name, collected)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def run_manifest(self, manifest_path: Path, cwd: Path, stdin: bytes = b"",
                     options: tuple[str, ...] = ()) -> RunResult:
        """Run the user's manifest as zerovm does when its user runs it from `cwd`.

        zerovm gets the user's own paths and opens every file itself (the manifest, a
        relative Program, every channel), so a root harness gives the nexe exactly the
        rights of the user zerovm runs as: nothing is staged or copied back.  The outputs
        reported are the writable file channels the session created or changed, read
        with that user's rights.
        """
        path = manifest_path if manifest_path.is_absolute() else cwd / manifest_path
        before = as_user(self.user, snapshot_outputs, path, cwd)
        run = self._execute([str(self.path), *options, str(path)], cwd, stdin,
                            _deadline(10, before.manifest_text))
        return run.result(self.name, as_user(self.user, changed_outputs, before))

    def _execute(self, argv: list[str], cwd: Path, stdin: bytes, deadline: float) -> _Execution:
        """Run zerovm in its own process group; kill the group past the deadline plus a margin."""
        # Hand-made pipes, owned by zerovm's user: it re-opens /dev/stdin, /dev/stdout
        # and /dev/stderr by path, which fails on pipes that belong to root.
        pipes = [os.pipe() for _ in range(3)]
        if self.user is not None:
            for r, w in pipes:
                os.fchown(r, self.user.pw_uid, self.user.pw_gid)
                os.fchown(w, self.user.pw_uid, self.user.pw_gid)
        (in_r, in_w), (out_r, out_w), (err_r, err_w) = pipes
        proc: subprocess.Popen[bytes] | None = None
        chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
        threads = [threading.Thread(target=_drain, args=(fd, chunks[fd]), daemon=True) for fd in (out_r, err_r)]
        feeder = threading.Thread(target=_feed, args=(in_w, stdin), daemon=True)
        try:
            start = time.monotonic()
            proc = subprocess.Popen(argv, cwd=cwd, stdin=in_r, stdout=out_w, stderr=err_w,
                                    start_new_session=True, **self._credentials())
            for fd in (in_r, out_w, err_w):
                os.close(fd)
            in_r = out_w = err_w = -1
            for t in [*threads, feeder]:
                t.start()
            outcome = EXITED
            try:
                proc.wait(timeout=deadline + self.kill_margin_s)
            except subprocess.TimeoutExpired:
                _kill_group(proc)
                proc.wait()
                outcome = KILLED_TIMEOUT
            wall = time.monotonic() - start
            _kill_group(proc)  # a child that outlived zerovm must not keep the pipes open
            for t in threads:
                t.join(timeout=5)
        finally:
            if proc is not None and proc.poll() is None:
                _kill_group(proc)
                proc.wait()
            for fd in (in_r, out_w, err_w):
                if fd >= 0:
                    os.close(fd)
        code: int | None = proc.returncode
        if outcome == EXITED and code is not None and code < 0:
            outcome, code = KILLED_SIGNAL, None
        elif outcome == KILLED_TIMEOUT:
            code = None
        return _Execution(outcome, code, b"".join(chunks[out_r]).decode(errors="replace"),
                          b"".join(chunks[err_r]).decode(errors="replace"), wall)


@dataclass(frozen=True)
class _Execution:
    outcome: str
    code: int | None
    stdout: str
    stderr: str
    wall_s: float

    def result(self, target: str, outputs: dict[str, bytes]) -> RunResult:
        # A /dev/stdout channel shares zerovm's stdout, so the report is its tail.
        lines = self.stdout.split("\n")
        for candidate in ("\n".join(lines[-8:]), self.stdout):
            try:
                report = parse_report(candidate)
                break
            except ReportError:
                continue
        else:
            return RunResult(target, NO_REPORT if self.outcome == EXITED else self.outcome, self.code,
                             outputs=outputs, wall_s=self.wall_s, raw_stdout=self.stdout, raw_stderr=self.stderr)
        return RunResult(target, self.outcome, self.code, report.validator_state, report.daemon,
                         report.user_code, report.etags, report.accounting, report.exit_state, outputs,
                         self.wall_s, self.stdout, self.stderr)


def _drain(fd: int, into: list[bytes]) -> None:
    with os.fdopen(fd, "rb", buffering=0) as f:
        while chunk := f.read(65536):
            into.append(chunk)


def _feed(fd: int, data: bytes) -> None:
    # zerovm may exit (or never read) before taking all of stdin: that is not an error here.
    with contextlib.suppress(OSError), os.fdopen(fd, "wb") as f:
        f.write(data)


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


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
