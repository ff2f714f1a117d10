"""Acting with exactly the rights of the unprivileged user zerovm runs as.

zerovm refuses to run as root, so a root harness runs it as ZEROVM_USER.  Everything the
harness does on behalf of a manifest -- open its Program, read its input channels,
create and write its outputs, read them back for the results -- must then have that
user's rights and no more; otherwise the harness is a confused deputy that hands a
nexe root's files and gives a verdict the real zerovm never would.  So such work runs
in a child process that has dropped to that user (`as_user`), and zerovm itself is
started with that user's credentials (`credentials`).  Files the harness itself makes
for a session (a case's staged inputs, the nexes it built) are not the user's
business: the harness writes them and hands them over (`hand_over`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import pwd
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from harness.targets import TargetError

ENV_USER = "ZEROVM_USER"
DEFAULT_USERS = ("zvm", "nobody")

T = TypeVar("T")


class PrivilegeError(TargetError):
    """No unprivileged user is usable, or the work done as that user died."""


def session_user() -> pwd.struct_passwd | None:
    """The user sessions run as: None when the harness is not root (sessions then run as the
    harness's own user), else ZEROVM_USER, else `zvm`, else `nobody`."""
    if os.geteuid() != 0:
        return None
    chosen = os.environ.get(ENV_USER)
    if chosen:
        try:
            entry = pwd.getpwnam(chosen)
        except KeyError:
            raise PrivilegeError(f"{ENV_USER}={chosen}: no such user; zerovm refuses to run as root, so name an "
                                 f"unprivileged user for it (e.g. {ENV_USER}=nobody)") from None
        if entry.pw_uid == 0:
            raise PrivilegeError(f"{ENV_USER}={chosen} has uid 0 and zerovm refuses to run as root: name an "
                                 f"unprivileged user (e.g. {ENV_USER}=nobody)")
        return entry
    for name in DEFAULT_USERS:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if entry.pw_uid != 0:
            return entry
    raise PrivilegeError(f"zerovm refuses to run as root and no unprivileged user is usable (tried "
                         f"{', '.join(DEFAULT_USERS)}; create one and set {ENV_USER}=NAME)")


def credentials(user: pwd.struct_passwd | None) -> dict[str, object]:
    """subprocess.Popen keywords that start a process as `user` (nothing when None)."""
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def hand_over(directory: Path, user: pwd.struct_passwd | None) -> None:
    """Give a directory the harness made (and what it holds) to `user`."""
    if user is None:
        return
    for path in [directory, *directory.rglob("*")]:
        os.lchown(path, user.pw_uid, user.pw_gid)


def as_user(user: pwd.struct_passwd | None, work: Callable[..., T], *args: object,
            deadline_s: float | None = None) -> T:
    """`work(*args)` in a child process running as `user` (as the harness's user when None).

    Its return value comes back pickled, and so does an exception it raises (re-raised
    here).  The child shares nothing writable with the harness but what `work` returns,
    so a crash in it (the emulator included) or the memory it used ends with it.  Past
    `deadline_s` the child is killed and PrivilegeError raised.
    """
    from harness.targets.supervisor import die_with_parent

    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller's stack
        code = 1
        try:
            os.close(read_fd)
            _become(user)
            die_with_parent(parent)  # a SIGKILLed harness leaves no emulator running on
            data = _message(work, *args)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, pid, deadline_s)
    except BaseException:  # interrupted (Ctrl-C, SIGTERM made an exception): the work stops with us
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(read_fd)
        _, status = os.waitpid(pid, 0)
    if not data:
        who = f"as {user.pw_name}" if user is not None else "in its child process"
        raise PrivilegeError(f"the work done {who} died ({_describe(status)})")
    kind, value = _answer(data)
    if kind == "raise":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[no-any-return]


class UserWorker:
    """`as_user` for one piece of work after another: a child process running as `user` does
    them in turn, so each after the first starts warm (no fork, its pages already its own).

    A zerovm session is a process of its own; the reference executor's sessions share this one
    only as the cases of a suite share the harness: what the work leaves in the process is the
    caches of pure functions (validations, code analyses).  Each call gets what `as_user` gives
    -- the user's rights, a deadline, an exception or a crash reported as such -- and a piece of
    work that raises or dies, or passes its deadline, ends the worker; so does every
    `MAX_CALLS`th call, which bounds what the caches hold.  The next call starts a new one.
    What is sent and returned must pickle.
    """

    MAX_CALLS = 200

    def __init__(self, user: pwd.struct_passwd | None) -> None:
        self.user = user
        self._pid: int | None = None
        self._owner = 0  # the process that started the worker: only it may talk to it
        self._to = self._from = -1
        self._calls = 0
        self._lock = threading.Lock()

    def call(self, work: Callable[..., T], *args: object, deadline_s: float | None = None) -> T:
        request = pickle.dumps((work, args))
        with self._lock:
            if self._pid is not None and self._owner != os.getpid():
                self._disown()  # a forked copy of the harness: the worker is its parent's
            if self._pid is not None and not self._send(request):
                self._end()  # it died idle (e.g. the thread that forked it ended: PR_SET_PDEATHSIG)
            if self._pid is None:
                self._start()
                if not self._send(request):
                    status = self._end()
                    raise PrivilegeError(f"the work done {self._who()} died before it began ({_describe(status)})")
            try:
                data = _read_frame(self._from, self._pid, deadline_s)  # type: ignore[arg-type]
            except BaseException:  # interrupted, or past the deadline: the work stops with us
                self._end(kill=True)
                raise
            self._calls += 1
            if data is None:
                status = self._end()
                raise PrivilegeError(f"the work done {self._who()} died ({_describe(status)})")
            kind, value = _answer(data)
            if kind == "raise" or self._calls >= self.MAX_CALLS:
                self._end()  # the worker has left its loop
        if kind == "raise":
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        with self._lock:
            if self._pid is not None:
                self._end(kill=True)

    def __del__(self) -> None:  # a target dropped without close() leaves no process behind
        try:
            if self._pid is not None:
                self._end(kill=True)
        except Exception:  # at interpreter exit: the worker dies with us (PR_SET_PDEATHSIG)
            pass

    def _who(self) -> str:
        return f"as {self.user.pw_name}" if self.user is not None else "in its child process"

    def _start(self) -> None:
        from harness.targets.supervisor import die_with_parent

        to_read, to_write = os.pipe()
        from_read, from_write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                # nothing of the harness's but these pipes: another worker's pipes held here would
                # keep its end-of-file from its parent
                keep = sorted({0, 1, 2, to_read, from_write})
                for low, high in zip(keep, [*keep[1:], os.sysconf("SC_OPEN_MAX")], strict=True):
                    os.closerange(low + 1, high)
                _become(self.user)
                die_with_parent(parent)
                _serve(to_read, from_write, self.MAX_CALLS)
            finally:
                os._exit(0)
        os.close(to_read)
        os.close(from_write)
        self._pid, self._to, self._from, self._calls = pid, to_write, from_read, 0
        self._owner = parent

    def _send(self, request: bytes) -> bool:
        try:
            _write_frame(self._to, request)
        except BrokenPipeError:
            return False
        return True

    def _disown(self) -> None:
        os.close(self._to)
        os.close(self._from)
        self._pid = None

    def _end(self, kill: bool = False) -> int:
        """Close the pipes and reap the worker; its wait status."""
        assert self._pid is not None
        if self._owner != os.getpid():
            self._disown()
            return 0
        os.close(self._to)
        os.close(self._from)
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return status


def _become(user: pwd.struct_passwd | None) -> None:
    if user is not None:
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)


def _serve(requests: int, answers: int, calls: int) -> None:
    """The worker's loop: a call in, its answer out, until the harness hangs up or a call raises."""
    for _ in range(calls):
        data = _read_frame(requests, None, None)
        if data is None:
            return
        message = _message(_unpickled_call, data)
        _write_frame(answers, message)
        if pickle.loads(message)[0] == "raise":
            return


def _unpickled_call(data: bytes) -> object:
    work, args = pickle.loads(data)
    return work(*args)


def _message(work: Callable[..., object], *args: object) -> bytes:
    """`work(*args)`'s value or exception, pickled (an unpicklable one as its text)."""
    try:
        message: tuple[str, object] = ("ok", work(*args))
    except BaseException as exc:
        message = ("raise", exc)
    try:
        return pickle.dumps(message)
    except Exception:  # an unpicklable value or exception: send its text instead
        return pickle.dumps(("raise", PrivilegeError(traceback.format_exc())))


def _answer(data: bytes) -> tuple[str, object]:
    try:
        kind, value = pickle.loads(data)
    except Exception as exc:  # an exception type whose constructor pickle cannot replay
        raise PrivilegeError(f"the child's answer could not be read back: {exc}") from None
    return kind, value


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_frame(fd: int, pid: int | None, deadline_s: float | None) -> bytes | None:
    """One length-prefixed message; None at end of file (the writer died or hung up)."""
    chunks: list[bytes] = []
    end = None if deadline_s is None else time.monotonic() + deadline_s
    need, size = 8, None
    while need:
        wait = None if end is None else max(0.0, end - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            raise PrivilegeError(f"the child process did not finish within {deadline_s:.0f} s and was killed")
        chunk = os.read(fd, min(need, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        need -= len(chunk)
        if not need and size is None:
            size = need = int.from_bytes(b"".join(chunks), "little")
            chunks = []
    return b"".join(chunks)


def copy_as_user(user: pwd.struct_passwd | None, source: Path, destination: Path) -> bool:
    """Copy the user's file `source` to a new file `destination` of the harness's, reading it
    with `user`'s rights; False (and no `destination`) when that user cannot read it."""
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        # The child inherits the descriptor: it reads as the user and writes into our file.
        copied = as_user(user, _copy_into, source, fd)
    finally:
        os.close(fd)
    if not copied:
        destination.unlink()
    return copied


def _copy_into(source: Path, fd: int) -> bool:
    from harness.userfiles import copy_sparse

    try:
        with open(source, "rb") as src:
            copy_sparse(src.fileno(), fd)
    except OSError:
        return False
    return True


def _read_all(fd: int, pid: int, deadline_s: float | None) -> bytes:
    chunks: list[bytes] = []
    end = None if deadline_s is None else time.monotonic() + deadline_s
    while True:
        wait = None if end is None else max(0.0, end - time.monotonic())
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            raise PrivilegeError(f"the child process did not finish within {deadline_s:.0f} s and was killed")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


__all__ = ["ENV_USER", "PrivilegeError", "as_user", "copy_as_user", "credentials", "hand_over", "session_user"]
