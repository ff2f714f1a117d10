"""zerovm's daemon mode (a manifest's `Job`): zvm_fork, the daemon and its child sessions.

src/syscalls/daemon.c, as the model runs it.  A session whose manifest names a Job ends
inside zvm_fork (Daemon): its report says daemon 1, user code 0, "ok", and zerovm exits
0.  A forked daemon closes the session's channels (their etags go into the report's
cumulative digests), binds the Job socket (after chdir("/"); a path it cannot bind: no
daemon) and answers each connection with a child session forked from the state at
zvm_fork -- registers, memory, heap, and the channels' positions, EOF flags and quota
counters (ChannelsDtor leaves them in the channel records; ChannelsCtor re-opens the
sources over them).  The child (UpdateSession):

  GetCommand: read() of 8 bytes, ToInt, read() of that many into a zeroed 64 KiB buffer
  -> ManifestTextCtor -> ResetAccounting, report mode 3 on the client socket -> Timeout
  (LastDefenseLine) -> channels sorted and compared with the session's (alias, type,
  limits; extras after them ignored) -> their new sources and etag flags -> ChannelsCtor
  -> zvm_fork returns 0 and the user code runs on under the request's Timeout.

Every failure before ChannelsCtor has finished kills the child without a report: the
daemon freed the channels' read buffers and the failure path frees them again (SIGABRT,
measured).  Files ChannelsCtor had opened are still closed (truncated to their size).
The child's streams are the daemon's /dev/null, so a request's /dev/stdin, /dev/stdout
and /dev/stderr are /dev/null to it.  Its report: the session's validator state, daemon
0 (1 when it forks again with a Job of its own), its own user code and exit state, the
session's etags followed by its own (and /dev/memory when the session's Memory asked
for it), and its own accounting.  A client that hung up never gets it; the outputs are
written all the same (ChannelsDtor comes before Report).

How the model does it: processes, as zerovm does.  At zvm_fork the session's process
(the parent) forks the daemon and ends its session; the daemon waits, inside the trap,
for the requests the target sends once the parent's results are read, and forks a
child per request from that untouched state, one at a time.  A child returns from the
trap and runs on in the emulator it inherited; at its end it sends its answer (the bytes
it wrote on the socket, its outputs) to the daemon instead of returning a RunResult.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from harness.manifest import (
    STANDARD_ALIASES,
    ParsedChannel,
    ParsedManifest,
    Source,
    first_problem,
    int32,
    parse_manifest,
    timeout_problems,
)
from harness.manifest import _strtoll as strtoll  # glibc strtoll, as ToInt calls it
from harness.targets.capture import Captured
from harness.targets.job import HEADER_SIZE, TASK_SIZE
from harness.targets.outputs import read_outputs
from harness.targets.ref.channels import REGULAR, STREAM, Accounting, Channel, Channels
from harness.targets.ref.errors import EFAULT, Unsupported, ZvmFail
from harness.targets.ref.machine import Ending, Machine
from harness.targets.ref.session import STREAMS, Opened, open_channels

QUEUE_SIZE = 16  # listen() backlog (daemon.c)
GLIB_SPACE = b" \t\n\f\r"  # g_ascii_isspace: g_strstrip's whitespace (not \v)
DEV_NULL = "/dev/null"  # what the daemon's (and so a child's) stdin, stdout and stderr are
PR_SET_PDEATHSIG = 1


class ChildAbort(Exception):
    """A child session dies before its report (daemon.c UpdateSession, see the module docstring)."""


@dataclass(frozen=True)
class Plan:
    """One request as the target's client sends it, and where its outputs are read afterwards."""

    raw: bytes  # length header and manifest: exactly what the client writes
    hangup: bool = False  # the client closes its end without reading the answer
    outputs: dict[str, Path] | None = None  # staged output files; None: what the child wrote


@dataclass(frozen=True)
class Served:
    """What came of one request: None fields for a request no daemon answered."""

    answer: bytes  # the bytes on the socket: the -t3 report, or nothing
    outputs: dict[str, bytes | Captured | None]
    unsupported: str | None  # the model does not reproduce this child
    wall_s: float


@dataclass
class JobState:
    """The daemon-mode part of a modelled zerovm process."""

    job: str | None = None  # the manifest's Job: where zvm_fork makes a daemon (a child: its request's)
    client_path: str | None = None  # where the target's client connects
    daemon: int = 0  # the report's daemon state
    # Digests the daemon's ChannelsDtor added to the cumulative etags before a child's own.
    etag_prefix: tuple[tuple[str, str], ...] = ()
    bound: str | None = None  # the socket the daemon listens on
    link: DaemonLink | None = None  # in the parent's process: its daemon
    child: ChildLink | None = None  # in a child session's process: where its answer goes
    aborted: bool = False  # the child died before its report
    report: str = ""  # the report the process printed (a child: what it writes on the socket)
    written: dict[str, bytes] = field(default_factory=dict)  # alias -> what its channels left in their files


class SessionState(Protocol):
    """What the daemon model reads and changes of a modelled zerovm process (ref/__init__.py _State)."""

    opened: Opened
    sorted_channels: list[Channel] | None
    accounting: Accounting
    machine: Machine | None
    job: JobState


@dataclass(frozen=True)
class DaemonLink:
    pid: int
    requests_fd: int  # the parent writes the plans here
    answers_fd: int  # ... and reads what was served here


@dataclass(frozen=True)
class ChildLink:
    answer_fd: int
    hangup: bool


@dataclass(frozen=True)
class Budget:
    rate: int  # instructions per second of Timeout
    trap_rate: int  # traps per second of Timeout
    preallocate: bool  # zerovm's -P: ChannelsCtor in a child runs with the session's options


def fork_handler(state: SessionState, budget: Budget) -> Callable[[], int | Ending]:
    """Machine.fork: TrapFork (trap.c) -> Daemon (daemon.c)."""

    def fork() -> int | Ending:
        job = state.job
        if job.job is None:
            return 0  # no Job: Daemon() returns -1, the trap 0
        # ZLOGFAIL(GetExitCode(), ...) cannot fire: only network channels set an exit code
        # without ending the session, and the model has none.
        job.daemon = 1
        if job.child is not None:
            _second_daemon(job)
            return Ending("exit", user_code=0)
        _no_buffered_streams(state)
        if _start_daemon(state):
            return Ending("exit", user_code=0)  # the parent: SyscallZTrace, ZVMExitHandle(0)
        # The daemon: it returns from here only in a child session's process.
        plan = _daemon(state)
        update_session(state, plan, budget)
        return 0

    return fork


def _no_buffered_streams(state: SessionState) -> None:
    for entry, channel in state.opened:
        if channel.kind == STREAM and entry.channel.writable and channel.content:
            # The daemon's ChannelsDtor fcloses its copy of the stdio buffer while the parent
            # flushes its own: the bytes come twice, in an order that depends on scheduling.
            raise Unsupported(f"zvm_fork with {channel.alias} output on zerovm's own "
                              f"{entry.sources[0].path}: the daemon flushes a copy of it")


# -- the processes ----------------------------------------------------------------------------


def _start_daemon(state: SessionState) -> bool:
    """fork(): True in the parent (state.job.link is its daemon), False in the daemon."""
    requests_r, requests_w = os.pipe()
    answers_r, answers_w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(requests_r)
        os.close(answers_w)
        state.job.link = DaemonLink(pid, requests_w, answers_r)
        return True
    _die_with(parent)
    os.close(requests_w)
    os.close(answers_r)
    state.job.link = DaemonLink(0, requests_r, answers_w)
    return False


def _daemon(state: SessionState) -> Plan:
    """The daemon's life (Daemonize, then its accept loop).  Ends with os._exit, except in a
    child session's process, which gets its request back."""
    job = state.job
    link = job.link
    assert link is not None
    try:
        # ChannelsDtor: the session's etags go into the cumulative digests every child inherits.
        job.etag_prefix = tuple((c.alias, c.digest.hexdigest()) for c in state.sorted_channels or () if c.tagged)
        job.link = None
        listening = _bind(job.job)
        job.bound = _socket_path(job.job) if listening is not None else None
        reachable = job.bound is not None and job.client_path is not None and _same(job.bound, job.client_path)
        plans: list[Plan] = pickle.loads(_read_fd(link.requests_fd))
        served: list[Served | None] = []
        for plan in plans:
            if not reachable:
                served.append(None)
                continue
            start = time.monotonic()
            answer_r, answer_w = os.pipe()
            daemon = os.getpid()
            pid = os.fork()
            if pid == 0:
                _die_with(daemon)
                os.close(answer_r)
                os.close(link.answers_fd)  # (the requests were read to their end: that one is closed)
                job.child = ChildLink(answer_w, plan.hangup)
                job.daemon = 0  # "forked sessions are not in daemon mode"
                return plan
            os.close(answer_w)
            data = _read_fd(answer_r)
            _, status = os.waitpid(pid, 0)
            answer = pickle.loads(data) if data else Served(
                b"", {}, f"the model's child session process died ({_describe(status)})", 0.0)
            # The target reads a request's outputs as soon as its answer is in.
            outputs = read_outputs(plan.outputs) if plan.outputs is not None else answer.outputs
            served.append(replace(answer, outputs=outputs, wall_s=time.monotonic() - start))
        if listening is not None:
            listening.close()
        _write_fd(link.answers_fd, pickle.dumps(served))
    finally:
        if job.child is None:
            os._exit(0)


def serve(link: DaemonLink, plans: Iterable[Plan]) -> list[Served | None]:
    """The parent's side: send the daemon its requests, get what each child session answered."""
    with contextlib.suppress(OSError):  # it died: said below
        _write_fd(link.requests_fd, pickle.dumps(list(plans)))
    data = _read_fd(link.answers_fd)
    _, status = os.waitpid(link.pid, 0)
    if not data:
        raise Unsupported(f"the model's daemon process died ({_describe(status)})")
    served: list[Served | None] = pickle.loads(data)
    return served


def end_child(state: SessionState, unsupported: str | None = None) -> None:
    """In a child session's process: send its answer to the daemon and exit (never returns).
    Nothing when this process is not a child session."""
    job = state.job
    child = job.child
    if child is None:
        return
    try:
        answer = b"" if job.aborted or child.hangup or unsupported else job.report.encode("utf-8", "surrogateescape")
        outputs: dict[str, bytes | Captured | None] = dict(job.written)
        _write_fd(child.answer_fd, pickle.dumps(Served(answer, outputs, unsupported, 0.0)))
    finally:
        os._exit(0)


def _die_with(parent: int) -> None:
    """A process of the model must not outlive the one that waits for it (whatever kills that)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: no such safety net
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _read_fd(fd: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _write_fd(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


# -- the socket ---------------------------------------------------------------------------------


def _socket_path(job: str | None) -> str:
    # Daemonize does chdir("/") before it binds: a relative Job is relative to /.
    return os.path.join("/", job or "")


def _bind(job: str | None) -> socket.socket | None:
    """Daemonize: unlink(Job), bind, listen, as zerovm does (the socket file stays behind);
    None where the daemon dies (ZLOGFAIL: a path it cannot bind) or cannot be reached."""
    if not job:
        return None  # an empty sun_path binds an abstract address nobody can name
    path = _socket_path(job)
    old = os.umask(0)  # Daemon() umask(0): the socket is 0777
    try:
        with contextlib.suppress(OSError):
            os.unlink(path)
        listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listening.bind(os.fsencode(path))
            listening.listen(QUEUE_SIZE)
        except (OSError, ValueError):
            listening.close()
            return None
        return listening
    finally:
        os.umask(old)


def _same(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _second_daemon(job: JobState) -> None:
    """A child that forks with a Job of its own: its report says daemon 1 and a second daemon
    binds that Job, which nobody drives (the model only leaves its socket file behind)."""
    assert job.job is not None
    if job.bound is not None and _same(_socket_path(job.job), job.bound):
        raise Unsupported("a child session's Job is the daemon's own socket: a second daemon takes it over")
    listening = _bind(job.job)
    if listening is not None:
        listening.close()


# -- the child session (UpdateSession) ---------------------------------------------------------


def read_command(raw: bytes, hangup: bool) -> bytes:
    """GetCommand: the manifest text a child parses from what its client sent (one send).

    The 64 KiB buffer is zeroed; read(8) takes the header, ToInt strips it in place
    (g_strstrip) and converts it; read(len) overwrites the buffer from its start; the text
    is the C string there.  Raises ChildAbort where zerovm fails, Unsupported where it
    would wait for ever or write past its buffer.
    """
    if not raw and not hangup:
        raise Unsupported("the child waits for its request for ever (the client sent nothing)")
    buffer = bytearray(TASK_SIZE + 1)  # one byte more: the NUL after a full buffer is not zerovm's
    first = raw[:HEADER_SIZE]
    buffer[:len(first)] = first
    _strip_in_place(buffer)
    header = _c_string(buffer)
    value, rest, overflow = strtoll(header.decode("latin-1"))
    if rest or overflow:
        raise ChildAbort(f"invalid numeric value '{rest}'")
    length = int32(value)  # `int len`
    if length < 0:
        raise ChildAbort("read of a negative length: EFAULT")  # (size_t)len fails access_ok
    body = raw[len(first):]
    if length > 0 and not body and not hangup:
        raise Unsupported("the child waits for the rest of its request for ever")
    got = body[:length]
    if len(got) > TASK_SIZE:
        raise Unsupported("the request overflows the child's 64 KiB buffer")
    buffer[:len(got)] = got
    if buffer.find(0) >= TASK_SIZE:
        raise Unsupported("the request fills the child's 64 KiB buffer: its text has no end")
    return _c_string(buffer)


def _c_string(buffer: bytearray) -> bytes:
    end = buffer.find(0)
    return bytes(buffer[:end if end >= 0 else len(buffer)])


def _strip_in_place(buffer: bytearray) -> None:
    """g_strstrip: g_strchug moves the text (and its NUL) left, g_strchomp NULs the trailing spaces;
    the bytes after the new end keep what was there."""
    text = _c_string(buffer)
    lead = len(text) - len(text.lstrip(GLIB_SPACE))
    buffer[:len(text) - lead + 1] = buffer[lead:len(text) + 1]
    text = _c_string(buffer)
    end = len(text.rstrip(GLIB_SPACE))
    buffer[end:len(text)] = bytes(len(text) - end)


def update_session(state: SessionState, plan: Plan, budget: Budget) -> None:
    """UpdateSession: the request's manifest over the session's; ChildAbort where the child dies."""
    job = state.job
    entries = {entry.channel.alias: entry for entry, _ in state.opened}
    state.opened = []  # the session's channels are the daemon's, closed: a child writes only its own
    text = read_command(plan.raw, plan.hangup)
    request = parse_manifest(text)
    problem = first_problem(request.problems)
    if problem is not None:
        if problem.undefined:
            raise Unsupported(f"zerovm's behaviour is undefined on this request (it reads past an array; "
                              f"most often: {problem.exit_state})")
        raise ChildAbort(problem.exit_state)
    job.job = request.job  # manifest->job, timeout, name_server, node: the request's
    if timeout_problems(request.timeout):
        raise ChildAbort(f"invalid timeout {request.timeout}")
    assert request.timeout is not None
    session = state.sorted_channels
    assert session is not None
    merged = _merged_channels(session, entries, request)
    opened: Opened = []
    try:
        channels = open_channels(replace(request, channels=tuple(merged)), b"", budget.preallocate, opened)
        _carry_over(session, channels, opened)
    except ZvmFail as exc:
        state.opened = opened
        raise ChildAbort(exc.state) from None
    state.opened = opened
    state.sorted_channels = channels
    state.accounting.gets = state.accounting.get_bytes = state.accounting.puts = state.accounting.put_bytes = 0
    machine = state.machine
    assert machine is not None
    machine.channels = Channels(channels, state.accounting)
    machine.restart(request.timeout * budget.rate, request.timeout * budget.trap_rate)


def _descriptor_order(entries: Iterable[ParsedChannel]) -> list[ParsedChannel]:
    """SortChannels (harness.manifest.channel_descriptors' order) of a manifest's channel lines."""
    def key(entry: ParsedChannel) -> tuple[int, bytes]:
        alias = entry.channel.alias
        rank = STANDARD_ALIASES.index(alias) if alias in STANDARD_ALIASES else 3
        return rank, os.fsencode(alias)

    return sorted(entries, key=key)


def _merged_channels(session: list[Channel], entries: dict[str, ParsedChannel],
                     request: ParsedManifest) -> list[ParsedChannel]:
    """The check after both SortChannels, and the session's channels with the request's sources and etag flags."""
    ordered = _descriptor_order(request.channels)
    merged = []
    for i, channel in enumerate(session):
        if i >= len(ordered):
            raise Unsupported("the request has fewer channels than the session: zerovm reads past its array")
        new = ordered[i]
        same = (new.channel.alias == channel.alias and int32(new.channel.type) == int32(channel.type)
                and (new.channel.gets, new.channel.get_size, new.channel.puts, new.channel.put_size)
                == channel.limits)
        if not same:
            raise ChildAbort(f"difference in {channel.alias}")
        old = entries[channel.alias]
        merged.append(replace(old, line=new.line, sources=tuple(_null_streams(s) for s in new.sources),
                              channel=replace(old.channel, uri=new.channel.uri, etag=new.channel.etag)))
    return merged


def _null_streams(source: Source) -> Source:
    return Source(DEV_NULL) if source.path in STREAMS else source


def _carry_over(session: list[Channel], channels: list[Channel], opened: Opened) -> None:
    """What ChannelsCtor leaves of the session's channel records: positions, EOF, counters.

    PreloadChannelCtor sets only the size (and a read-write file's append position): a new
    write-only file is written from the session's put position (a NUL gap), reads go on from
    its get position, and the quotas count what the session already used.
    """
    order = [channel for _, channel in opened]  # mount order: where ChannelsCtor would have stopped
    for old, new in zip(session, channels, strict=True):
        new.getpos, new.putpos, new.eof, new.counters = old.getpos, old.putpos, old.eof, list(old.counters)
        if new.kind == REGULAR and new.rw_class == 3:
            if old.putpos > new.size:
                # preload.c: the channel is open; the ones after it in mount order are not.
                del opened[order.index(new) + 1:]
                raise ZvmFail(EFAULT, f"src/channels/preload.c 151: {new.alias} size is less then specified "
                                  "append position")
            if new.size:
                new.putpos = new.size if new.type == 1 else 0


__all__ = ["Budget", "ChildAbort", "JobState", "Plan", "Served", "end_child", "fork_handler", "read_command",
           "serve", "update_session"]
