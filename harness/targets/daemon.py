"""Driving a real Job session's daemon: each request sent in order, each child's answer read back.

Once the session's report says daemon 1, its daemon listens on the Job socket (it may
take a moment to bind and listen: connecting is retried for DAEMON_WAIT_S).  Each
request goes out in one send; the answer is read until the child closes its end,
bounded in size and by the request's Timeout plus the target's margin, since a child
may never answer (an idle one blocks for ever).  A request the daemon never takes
gives NO_DAEMON.

This runs inside the session's supervisor (harness.targets.supervisor), which is what
makes the request's child processes findable: they are the new children of processes
that were already there (the daemon), and the daemon's orphans are the supervisor's.
A child that outlives its deadline, or that a hung-up client leaves running, is killed
before the next request goes out; the supervisor kills everything else at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from harness.targets import KILLED_TIMEOUT, NO_DAEMON, RunResult
from harness.targets.capture import STREAM_HEAD, TAIL, Capture, Captured
from harness.targets.job import HEADER_SIZE, answer_result
from harness.targets.supervisor import Process, process_tree

DAEMON_WAIT_S = 5.0  # how long the daemon may take to listen once the session has ended
RETRY_S = 0.01
TICK_S = 0.01  # how often a complete answer whose connection stays open looks whether its child has ended
CHUNK = 1 << 16


@dataclass(frozen=True)
class Outgoing:
    """A request as it goes out: the bytes sent and how long its child may take."""

    data: bytes
    timeout_s: float  # its manifest's Timeout; the harness adds its kill margin
    hangup: bool = False


@dataclass(frozen=True)
class _Answer:
    data: bytes
    wall_s: float
    timed_out: bool


def drive(target: str, socket_path: Path | None, daemon: int | None, count: int, send: Callable[[int], Outgoing],
          outputs: Callable[[int], Mapping[str, bytes | Captured | None]], margin_s: float
          ) -> tuple[RunResult, ...]:
    """The results of `count` requests, in order: `send(i)` stages request i and gives its bytes
    (called right before it goes out), `outputs(i)` reads back its child's output files.
    Without a socket or a daemon (the session never became one) every request gives NO_DAEMON."""
    if socket_path is None or daemon != 1:
        return tuple(RunResult(target, NO_DAEMON, None) for _ in range(count))
    results = []
    wait_until = time.monotonic() + DAEMON_WAIT_S
    for index in range(count):
        outgoing = send(index)
        # Every process there now, zombies too: an earlier child the daemon has not reaped yet (it reaps
        # at its next accept) must not pass for this request's child, finished before it began.
        before = set(process_tree(os.getpid()))
        connection = _connect(socket_path, wait_until)
        if connection is None:
            results.append(RunResult(target, NO_DAEMON, None))
            continue
        wait_until = time.monotonic()  # it listened once: later requests are not waited for
        answer = _exchange(connection, outgoing, margin_s, before)
        if outgoing.hangup or answer.timed_out:
            # Nobody will read this child's report (or it never gave one): its outputs are
            # read once it is gone, and it goes before the next request at the latest.
            timed_out = not _wait_for_child(before, time.monotonic() + max(outgoing.timeout_s + margin_s
                                                                             - answer.wall_s, 0.0))
            answer = replace(answer, timed_out=answer.timed_out or timed_out)
        result = answer_result(target, answer.data, outputs(index), answer.wall_s)
        results.append(replace(result, outcome=KILLED_TIMEOUT) if answer.timed_out else result)
    return tuple(results)


def socket_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the socket at `path`; None when there is none (run as zerovm's user)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISSOCK(info.st_mode) else None


def remove_new_socket(path: Path, before: tuple[int, int] | None) -> None:
    """Remove the socket a daemon left at `path` (it never removes it itself): only a socket, and
    not the one that was there before the session.  Run as zerovm's user, who made it."""
    now = socket_identity(path)
    if now is not None and now != before:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _connect(path: Path, wait_until: float) -> socket.socket | None:
    """A connection to the daemon, retried until `wait_until` (it binds, then listens); None if it never takes one."""
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(path))
            return connection
        except OSError:
            connection.close()
            if time.monotonic() >= wait_until:
                return None
            time.sleep(RETRY_S)


def _exchange(connection: socket.socket, outgoing: Outgoing, margin_s: float, before: set[int]) -> _Answer:
    """Send the request in one go (the child reads it with one read()) and read the answer until EOF.

    A daemon that the child started itself (zvm_fork with a Job of its own) keeps the connection
    open for ever: once as many bytes came as the answer's length header announced, the child
    having ended is as good as EOF.
    """
    start = time.monotonic()
    end = start + outgoing.timeout_s + margin_s
    answer = Capture(STREAM_HEAD, TAIL)  # a report is a few lines; anything else around it is kept bounded
    with connection:
        connection.settimeout(outgoing.timeout_s + margin_s)  # a child that never reads must not hold the send
        with contextlib.suppress(OSError):  # the child may close before taking it all
            connection.sendall(outgoing.data)
        if outgoing.hangup:
            return _Answer(b"", time.monotonic() - start, False)
        complete = False
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return _Answer(answer.result().data, time.monotonic() - start, True)
            connection.settimeout(min(left, TICK_S) if complete else left)
            try:
                chunk = connection.recv(CHUNK)
            except TimeoutError:
                if complete and _child_done(before):
                    connection.setblocking(False)
                    with contextlib.suppress(OSError):
                        while chunk := connection.recv(CHUNK):  # what came before it ended
                            answer.write(chunk)
                    return _Answer(answer.result().data, time.monotonic() - start, False)
                continue
            except OSError:
                chunk = b""
            if not chunk:
                return _Answer(answer.result().data, time.monotonic() - start, False)
            answer.write(chunk)
            complete = complete or _announced_complete(answer.result())


def _announced_complete(answer: Captured) -> bool:
    """Whether the answer holds as many bytes as its length header (`0x%06x`) announced."""
    try:
        return answer.size >= HEADER_SIZE + int(answer.head[:HEADER_SIZE], 0)
    except ValueError:
        return False


def _new_children(before: set[int]) -> list[Process]:
    """The request's child session: new processes whose parent was already there (the daemon).  A daemon
    the child started is not one of them: its parents exit and it is reparented to the supervisor."""
    return [p for pid, p in process_tree(os.getpid()).items() if pid not in before and p.ppid in before]


def _child_done(before: set[int]) -> bool:
    new = _new_children(before)
    return bool(new) and not any(p.live for p in new)


def _wait_for_child(before: set[int], end: float) -> bool:
    """Wait for the child session (a new process whose parent was already there: the daemon) to
    appear and finish; past `end`, kill it.  False when it had to be killed."""
    seen = False
    while True:
        new = _new_children(before)
        seen = seen or bool(new)
        running = [p for p in new if p.live]
        if seen and not running:
            return True
        if time.monotonic() >= end:
            for proc in running:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGKILL)
            return not running
        time.sleep(RETRY_S)


__all__ = ["DAEMON_WAIT_S", "Outgoing", "drive", "remove_new_socket", "socket_identity"]
