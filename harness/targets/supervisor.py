"""Running a session's work in a supervisor process, so that nothing it starts outlives it.

A Job session leaves processes that escape on purpose: zerovm's daemon forks, calls
setsid() and is reparented to init; its children outlive it; a child may make a
daemon of its own.  Killing zerovm's process group reaches none of them.  So the work
runs in a forked supervisor (`supervise`) that makes itself a child subreaper
(PR_SET_CHILD_SUBREAPER): every process of the tree it starts that loses its parent is
reparented to the supervisor instead of init, so none can get out of its sight.  When
the work ends -- returned, raised, or stopped -- the supervisor SIGKILLs its children
and their process groups, reaps them (their orphans come to it next) and repeats until
it has no child left; only then does it hand the result back, pickled as
privilege.as_user does, and exit.  The harness's own process is left with no zombie
and no stray child.

Stopping: the supervisor gets SIGTERM when the harness's thread dies (PR_SET_PDEATHSIG);
the harness sends it SIGTERM when it is interrupted while waiting (KeyboardInterrupt, or a
SIGTERM that the harness turns into an exception within `sigterm_raises` and delivers to
itself again afterwards).  In the supervisor either signal (and SIGINT, which a terminal sends to
the whole foreground group) raises `Stopped` in the work once, which unwinds through its
cleanups before the tree is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from harness.targets import TargetError

T = TypeVar("T")

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
STOP_WAIT_S = 30.0  # how long a stopped supervisor may take to clean up before it is killed outright
KILL_ROUNDS = 1000  # each round kills a generation of orphans; a tree is never this deep
KILL_LIMIT_S = 30.0


class Stopped(BaseException):
    """Raised in the supervisor's work when it is told to stop (SIGTERM or SIGINT)."""


class SupervisorError(TargetError):
    """The supervisor died without handing back a result."""


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    pgid: int
    state: str  # /proc's one-letter state; "Z": a zombie, finished but not reaped
    name: str

    @property
    def live(self) -> bool:
        return self.state not in ("Z", "X")


def processes() -> dict[int, Process]:
    """Every process on the system, from /proc (one that vanishes while read is left out)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                text = f.read().decode(errors="replace")
        except OSError:
            continue
        # The name is in parentheses and may itself hold spaces and parentheses.
        name = text[text.find("(") + 1:text.rfind(")")]
        fields = text[text.rfind(")") + 2:].split()
        if len(fields) < 3:
            continue
        found[int(entry.name)] = Process(int(entry.name), int(fields[1]), int(fields[2]), fields[0], name)
    return found


def process_tree(root: int) -> dict[int, Process]:
    """The descendants of `root` (not `root` itself), zombies included."""
    table = processes()
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    tree: dict[int, Process] = {}
    pending = list(children.get(root, ()))
    while pending:
        pid = pending.pop()
        if pid not in tree:
            tree[pid] = table[pid]
            pending += children.get(pid, ())
    return tree


def supervise(work: Callable[..., T], *args: object, finish: Callable[[], None] | None = None) -> T:
    """`work(*args)` in a supervisor process; its value (or exception) comes back pickled.

    Every process the work starts, and every process those start, however they detach,
    is killed and reaped before this returns.  `finish` then runs in the supervisor (also
    when the work was stopped), for cleanup that must come after the last process is gone.
    """
    parent = os.getpid()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the supervisor: never return into the caller's stack
        os.close(read_fd)
        _supervisor(parent, write_fd, work, args, finish)
    os.close(write_fd)
    try:
        data = _read_all(read_fd)
        _, status = os.waitpid(pid, 0)
    except BaseException:  # KeyboardInterrupt, or SIGTERM made an exception by `sigterm_raises`
        _stop(pid)
        raise
    finally:
        os.close(read_fd)
    if not data:
        raise SupervisorError(f"the session's supervisor process died ({_describe(status)})")
    kind, value = pickle.loads(data)
    if kind == "raise":
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[no-any-return]


# -- the harness's side --------------------------------------------------------------------------


class _Terminated(BaseException):
    """SIGTERM arrived while the harness waited for a supervisor."""


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """SIGTERM raises an exception for the time of the block, so that everything in it cleans up (a
    supervisor is stopped, a session directory removed); then the signal is delivered again with the
    harness's own disposition (by default: it ends the process)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the supervisor's PDEATHSIG still covers a harness that dies
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)
        raise TargetError("the run was stopped by SIGTERM") from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(pid: int) -> None:
    """Tell the supervisor to stop and wait until it has (it kills its tree first); kill it outright
    if it takes too long.  A second interrupt waits until this is done: the harness must not be left
    with the supervisor as a zombie, or its tree running."""
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        end = time.monotonic() + STOP_WAIT_S
        while time.monotonic() < end:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.01)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


# -- the supervisor's side ----------------------------------------------------------------------


class _Armed:
    """Whether a stop signal still raises `Stopped`: it does so once, and only while the work runs,
    so the cleanup after it is never cut short."""

    on = False


def _on_stop_signal(signum: int, frame: object) -> None:
    if _Armed.on:
        _Armed.on = False
        raise Stopped(signal.Signals(signum).name)


def _supervisor(parent: int, write_fd: int, work: Callable[..., object], args: tuple[object, ...],
                finish: Callable[[], None] | None) -> None:
    code = 1
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, _on_stop_signal)
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        message: tuple[str, object]
        try:
            _Armed.on = True
            if os.getppid() != parent:  # the harness died before PDEATHSIG was set
                raise Stopped("the harness is gone")
            message = _run(work, args)
            _Armed.on = False
        except Stopped as exc:  # it came between the work's end and disarming
            _Armed.on = False
            message = ("raise", exc)
        kill_tree()
        if finish is not None:
            try:
                finish()
            except Exception as exc:
                if message[0] == "ok":
                    message = ("raise", exc)
        try:
            data = pickle.dumps(message)
        except Exception:  # an unpicklable value or exception: send its text instead
            data = pickle.dumps(("raise", SupervisorError(traceback.format_exc())))
        with contextlib.suppress(BrokenPipeError), os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        with contextlib.suppress(BaseException):
            kill_tree()  # whatever went wrong above, the tree goes
        os._exit(code)


def _run(work: Callable[..., object], args: tuple[object, ...]) -> tuple[str, object]:
    try:
        return ("ok", work(*args))
    except BaseException as exc:
        return ("raise", exc)


def kill_tree(limit_s: float = KILL_LIMIT_S) -> None:
    """SIGKILL this process's children and their process groups, reap them, and repeat until none is
    left (a killed child's orphans are reparented here: this process is a subreaper).

    Only direct children are signalled, by pid and by their own group: neither id can have been
    reused while the child is unreaped, so nothing outside the tree is ever hit.
    """
    end = time.monotonic() + limit_s
    scan = False
    for _ in range(KILL_ROUNDS):
        if time.monotonic() > end:
            return
        children = _children(scan)
        if not children:
            # The kernel's word, not /proc's: ECHILD when no child is left at all.
            try:
                scan = os.waitpid(-1, os.WNOHANG)[0] == 0  # a child /proc did not list: scan every process
            except ChildProcessError:
                return
            continue
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                if os.getpgid(pid) == pid:
                    os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _children(scan: bool = False) -> list[int]:
    """This process's children, zombies included: from /proc/PID/task/*/children where the kernel has
    it (a reparented orphan may hang under any thread), else (or with `scan`) from every process's stat."""
    me = os.getpid()
    try:
        if scan:
            raise FileNotFoundError
        pids = []
        for task in os.listdir(f"/proc/{me}/task"):
            with open(f"/proc/{me}/task/{task}/children") as f:
                pids += [int(pid) for pid in f.read().split()]
        return pids
    except FileNotFoundError:
        return [p.pid for p in processes().values() if p.ppid == me]


_libc: ctypes.CDLL | None = None


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when the process `parent` dies, even by SIGKILL.

    Call it after any change of user: the kernel clears the setting on a credential change.
    """
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the setting took
        os._exit(1)


def _prctl(option: int, value: int) -> None:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    if _libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl({option}): {os.strerror(error)}")


__all__ = ["Process", "Stopped", "SupervisorError", "die_with_parent", "kill_tree", "process_tree", "processes",
           "sigterm_raises", "supervise"]
