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
            if user is not None:
                os.setgroups([])
                os.setgid(user.pw_gid)
                os.setuid(user.pw_uid)
            die_with_parent(parent)  # a SIGKILLed harness leaves no emulator running on
            try:
                message: tuple[str, object] = ("ok", work(*args))
            except BaseException as exc:
                message = ("raise", exc)
            try:
                data = pickle.dumps(message)
            except Exception:  # an unpicklable value or exception: send its text instead
                data = pickle.dumps(("raise", PrivilegeError(traceback.format_exc())))
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
    try:
        kind, value = pickle.loads(data)
    except Exception as exc:  # an exception type whose constructor pickle cannot replay
        raise PrivilegeError(f"the child's answer could not be read back: {exc}") from None
    if kind == "raise":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[no-any-return]


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
