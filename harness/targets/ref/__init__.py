"""The reference executor: a model of zerovm on the unicorn CPU emulator (target "ref").

`RefTarget.run(session)` and `RefTarget.run_manifest(manifest, cwd)` follow zerovm's
main() step by step, so the first error wins as it does in zerovm:

  options -> manifest (harness.manifest.parse_manifest) -> program file
  (harness.manifest.program_problem) -> ELF loader rules (harness.loader, worded by
  loading.py) -> validation (harness.validator; failure: exit 8, validator state 1) ->
  channels (harness.manifest.mount_channels, through session.open_channels) -> Memory
  (harness.manifest.memory_problems) and the user manifest (memory.build_layout) ->
  Timeout (harness.manifest.timeout_problems) -> [-F stops here] -> the user session on
  the emulator (machine.Machine, traps in channels.py) -> report.

With a Job in the manifest, zvm_fork ends the session there (daemon 1) and makes a
daemon; each of the session's requests then gets a child session forked from the state
at zvm_fork, whose answer on the socket becomes one of the result's `children`
(daemon.py: the processes, the request's checks, what the channels carry over).

Every manifest rule is harness.manifest's; this package holds no manifest parser.  It
returns the same `RunResult` as the real-zerovm target.  A session runs on real files:
`run` stages the session's files in a private directory as the zerovm target does (its
path reads STAGING_DIR in the results); regular-file channels are read from the host at
mount and the writable ones written back at the end, exactly as zerovm leaves them.
zerovm's stdin, stdout and stderr are pipes: channels on them read the given stdin bytes
and put what they write into raw_stdout (before the report) and raw_stderr.  Anything
else ends with outcome "unsupported" -- never a guess -- and leaves the files alone.

Network channels, replicas and the name service are modelled for clusters
(`run_cluster`, `run_manifests`): every session of a cluster runs in one process, one at a
time, on a virtual network (fabric.py: who runs when, endpoints, the name service;
netchannel.py: zerovm's reads, writes and closes over several sources), so a cluster's
result is the same on every run; a session run alone is a cluster of one, whose peers never
come.  What zerovm leaves to chance there is reported as unsupported for the sessions it
touches: two writers on one reader's port, a writer whose reader ended before taking all it
was sent (the secondary writer of read replicas included) -- unless the reader had received
the EOF of a link that writer closes later, which shows the writer's close was over
(fabric.py) -- a writer far enough ahead of its reader that zeromq would block it, addresses
outside 127/8, and the transports zerovm was not measured on (ipc, epgm; pgm and inproc
writers; reading an inproc source), and a Job session with network channels.  Time: a
session's Timeout is its instruction budget (counted per translation block: machine.py) and
waiting costs none of it, so a waiting
session ends at its Timeout only once no session of the cluster can go on; that a slow peer
could outlast a short Timeout is not modelled.

What is not modelled (reported as unsupported): character devices other than /dev/null,
/dev/zero and the standard streams (also as replicas), file replicas other than sequential
read-only or write-only ones, FIFOs,
manifests on which zerovm's behaviour is undefined, `-T`, zerovm's help screen for
bad command lines, syscall/int instructions (reachable only with -s), memory accesses
outside the sandbox and its guards, and executing an approximate instruction (rcpps,
rcpss, rsqrtps, rsqrtss: their results are CPU-specific).  In daemon mode: zvm_fork after
output on a channel on zerovm's own stdout or stderr (the daemon flushes a copy of the
stdio buffer while the parent flushes its own), a request the child would wait for (or
read past its 64 KiB buffer) for ever, a request with fewer channels than the session
(zerovm reads past its array), and a child whose Job is the daemon's own socket (a second
daemon takes it over); a Job with one unsupported child is unsupported as a whole.
"""

from __future__ import annotations

import hashlib
import mmap
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from harness.loader import TEXT_START, NexeLayout, check_loader
from harness.manifest import (
    ParsedChannel,
    ParsedManifest,
    dismount_order,
    memory_problems,
    parse_manifest,
    timeout_problems,
)
from harness.targets import EXITED, NO_DAEMON, Cluster, RunResult, Session, TargetError, TrapCall
from harness.targets.capture import STREAM_HEAD, Capture
from harness.targets.job import answer_result
from harness.targets.network import LOOPBACK, PORT_RANGE, ClusterError, resolve
from harness.targets.outputs import read_outputs
from harness.targets.privilege import UserWorker, as_user, hand_over, session_user
from harness.targets.ref import machine as machine_module
from harness.targets.ref import native, netchannel
from harness.targets.ref.channels import Accounting, Channel, Channels
from harness.targets.ref.daemon import Budget, ChildAbort, JobState, Plan, end_child, fork_handler, serve
from harness.targets.ref.errors import (
    EFAULT,
    EINTR,
    EINVAL,
    ENOENT,
    ENOEXEC,
    OK_STATE,
    TIMEOUT_STATE,
    UNKNOWN_STATE,
    Deadlock,
    Unsupported,
    ZvmFail,
    fail,
    manifest_fail,
)
from harness.targets.ref.fabric import ENDED_ERROR, ENDED_OK, ENDED_TIMEOUT, Fabric
from harness.targets.ref.machine import (
    INSTRUCTIONS_PER_SECOND,
    REFERENCE,
    TRAPS_PER_SECOND,
    CodeAnalysis,
    Ending,
    Machine,
    MachineOptions,
)
from harness.targets.ref.memory import (
    INITIAL_RSP,
    PROT_READ,
    R15,
    ChannelRecord,
    Layout,
    build_layout,
    image_digest,
    loaded_mem_map,
    nexe_image,
)
from harness.targets.ref.report import ReportData, render
from harness.targets.ref.session import STREAMS, open_channels, read_program, stop_at, stream_output, write_outputs
from harness.targets.staging import job_path, session_directory, stage_request, stage_session
from harness.targets.supervisor import sigterm_raises

# How a report is read back from zerovm's stdout (its tail, after any /dev/stdout channel
# output): the one the zerovm target uses, so both targets read their output alike.
from harness.targets.zerovm import _Execution
from harness.traps import FUNCTION_CODES
from harness.validator import ValidationReport, validate_code

UNSUPPORTED = "unsupported"  # RunResult.outcome when the model cannot reproduce zerovm faithfully
UNSUPPORTED_PREFIX = "unsupported: "  # ... and its exit_state starts with this
STAGING_DIR = "/tmp/zvm-session-ref"  # how the session directory of `run` is named in results
SHA1_EMPTY = hashlib.sha1().hexdigest()
CHILD_DEADLINE_S = 600  # + 2 s per second of Timeout: the instruction budget ends a session well before

T = TypeVar("T")

__all__ = ["INSTRUCTIONS_PER_SECOND", "TRAPS_PER_SECOND", "UNSUPPORTED", "UNSUPPORTED_PREFIX", "RefTarget"]


@dataclass(frozen=True)
class Options:
    skip_validation: bool = False
    quit_after_load: bool = False
    report_mode: int = 0
    preallocate: bool = True
    failure: ZvmFail | None = None  # a ZLOGFAIL while parsing them: zerovm reports it (in report_mode) and exits


class BadCommandLine(Exception):
    """zerovm's BADCMDLINE: its help on stdout (after `message`), getopt's complaint on stderr, exit 22."""

    def __init__(self, message: str | None, stderr: str = "") -> None:
        super().__init__(message or stderr.strip() or "no manifest")
        self.stdout = (f"{message}\n" if message else "") + HELP_SCREEN
        self.stderr = stderr


# setup.h HELP_SCREEN, with TAG_ENCRYPTION 1 (G_CHECKSUM_SHA1, the etags this model computes).
HELP_SCREEN = ("\033[1m\033[37mZeroVM tag1\033[0m lightweight VM manager, build 2013-12-02\n"
               "Usage: <manifest> [-v#] [-T#] [-stFPQ]\n\n"
               " -s skip validation\n"
               " -t <0..2> report to stdout/log/fast (default 0)\n"
               " -v <0..3> log verbosity (default 0)\n"
               " -F quit right before starting user session\n"
               " -P disable channels space preallocation\n"
               " -Q disable platform qualification\n"
               " -T enable time/call tracing\n")
ARGV0 = "zerovm"  # the name both targets give zerovm (getopt's messages carry it)
GETOPT = "PFQst:v:M:T:"
T3_MODE = 3  # -t3: the report on stdout after its length, "0x%06x"
SESSION_MANIFEST = "session.manifest"  # how `run` names the manifest on zerovm's command line


def parse_options(options: tuple[str, ...], manifest: str = SESSION_MANIFEST) -> Options:
    """zerovm's ParseCommandLine over `options` then `manifest`: getopt "-PFQst:v:M:T:", in order.

    Raises BadCommandLine where zerovm prints its help, and Unsupported where it would open
    a file the model does not (a -T trace other than /dev/null, a manifest other than the last).
    """
    skip = quit_ = False
    preallocate = True
    mode = 0
    manifest_name: str | None = None
    trace: str | None = None
    args = [*options, manifest]
    while args:
        arg = args.pop(0)
        if arg == "--":
            break  # getopt's end of options: anything after it is not read
        if not arg.startswith("-") or arg == "-":
            if manifest_name is not None:
                raise BadCommandLine("2nd manifest encountered")
            manifest_name = arg
            continue
        letters = arg[1:]
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter not in GETOPT or letter == ":":
                raise BadCommandLine(None, f"{ARGV0}: invalid option -- '{letter}'\n")
            if letter in "PFQs":
                skip, quit_ = skip or letter == "s", quit_ or letter == "F"
                preallocate = preallocate and letter != "P"
                continue
            value = letters or (args.pop(0) if args else None)
            letters = ""
            if value is None:
                raise BadCommandLine(None, f"{ARGV0}: option requires an argument -- '{letter}'\n")
            if letter == "M":
                if manifest_name is not None:
                    raise BadCommandLine("2nd manifest encountered")
                manifest_name = value
            elif letter == "T":
                if trace is None and not value.startswith("/"):
                    return Options(skip, quit_, mode, preallocate, fail(
                        "src/main/setup.c", 39, EFAULT, f"ztrace path should be absolute: {value}"))
                trace = trace or value
                if trace != "/dev/null":
                    raise Unsupported(f"-T {trace}: a time/call trace file")
            else:
                number = _to_int(value)
                if isinstance(number, ZvmFail):
                    return Options(skip, quit_, mode, preallocate, number)
                if letter == "t":
                    mode = (number + (1 << 31)) % (1 << 32) - (1 << 31)  # ReportMode takes an int
    if manifest_name is None:
        raise BadCommandLine(None)
    if manifest_name != manifest:
        raise Unsupported(f"manifest {manifest_name!r} from the options instead of the session's")
    return Options(skip, quit_, mode, preallocate)


def _to_int(text: str) -> int | ZvmFail:
    """manifest.c ToInt: g_strstrip, then g_ascii_strtoll(, , 0) must take every byte and not overflow."""
    text = text.strip(" \t\n\v\f\r")
    i = 1 if text[:1] in ("+", "-") and text else 0
    base, j = (16, i + 2) if text[i:i + 2] in ("0x", "0X") else (8, i) if text[i:i + 1] == "0" else (10, i)
    allowed = "0123456789abcdefABCDEF"[:22] if base == 16 else "0123456789"[:base]
    k = j
    while k < len(text) and text[k] in allowed:
        k += 1
    if k == j:
        # No digits: "0x" alone converts its "0" and stops at the "x"; anything else converts nothing.
        end, value = (i + 1, 0) if base == 16 else (0, 0)
    else:
        end, value = k, int(text[j:k], base) * (-1 if text[:1] == "-" else 1)
    if text[end:] or not -(1 << 63) <= value < (1 << 63):
        return manifest_fail(0, f"invalid numeric value '{text[end:]}'")
    return value


@dataclass
class _State:
    """What zerovm's report module has recorded so far."""

    validator_state: int = 2
    user_code: int = 0
    code: int = 0
    exit_state: str | None = None
    manifest: ParsedManifest | None = None
    sorted_channels: list[Channel] | None = None
    opened: list[tuple[ParsedChannel, Channel]] = field(default_factory=list)
    accounting: Accounting = field(default_factory=Accounting)
    machine: Machine | None = None
    # How far zerovm got with the user memory its /dev/memory etag hashes: "none" (no mem_map yet),
    # "loaded" (AppLoadFile done), "full" (heap and user manifest set up), "running" (CreateSession
    # wrote the stack frame and the user code ran).
    memory_stage: str = "none"
    nexe: NexeLayout | None = None
    elf: bytes | mmap.mmap = b""
    layout: Layout | None = None
    job: JobState = field(default_factory=JobState)  # daemon mode (daemon.py)
    fabric: Fabric = field(default_factory=lambda: Fabric(1))  # the cluster's network (a session alone: its own)
    node: int = 0  # this session's place in the cluster
    # The etags ChannelsDtor had reported when the session's Timeout caught it closing a network
    # channel: the report lists them, then all of them again (docs/measured/network-channels.md §4).
    close_tags: tuple[tuple[str, str], ...] = ()


_VALIDATED: dict[bytes, ValidationReport] = {}


def _validated(text: bytes) -> ValidationReport:
    """validate_code for the text at 0x20000, cached by content: suites run one nexe many times."""
    key = hashlib.sha256(text).digest()
    report = _VALIDATED.get(key)
    if report is None:
        if len(_VALIDATED) > 256:
            _VALIDATED.clear()
        report = _VALIDATED[key] = validate_code(text, TEXT_START)
    return report


class RefTarget:
    name = "ref"

    def __init__(self, rate: int = INSTRUCTIONS_PER_SECOND, trap_rate: int = TRAPS_PER_SECOND,
                 machine: MachineOptions = REFERENCE) -> None:
        self.rate = rate  # instructions per second of Timeout
        self.trap_rate = trap_rate  # traps per second of Timeout
        self.machine = machine  # how the emulator is driven (tests/bench_ref.py compares the alternatives)
        self.user = session_user()  # a root harness models zerovm as the user it runs as
        native.hooks()  # built and loaded here: the session's process may not read the cache
        # plain sessions run one after another in one process of that user's (start-up: a fork
        # and a cold process cost more than the session); a Job's, a cluster's and a user
        # manifest's each get a process of their own (they fork, chdir, bind, use threads)
        self._worker = UserWorker(self.user)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        del state["_worker"]  # the harness's, not the session process's
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._worker = UserWorker(self.user)

    def close(self) -> None:
        """End the process sessions run in (the next session starts another)."""
        self._worker.close()

    def run(self, session: Session) -> RunResult:
        """The session as the zerovm target runs it: its files staged in a private directory
        (zerovm's cwd), the manifest written there, outputs read back from their files.
        With a Job, each request is staged there too and sent to the daemon, if there is one."""
        with sigterm_raises():  # a harness stopped by SIGTERM still removes the directory
            return self._run_session(session)

    def _run_session(self, session: Session) -> RunResult:
        start = time.monotonic()
        workdir = session_directory("zvm-session-ref-")
        try:
            text, outputs = stage_session(session, workdir)
            requests = session.job.requests if session.job is not None else ()
            plans = []
            for i, request in enumerate(requests):
                raw, request_outputs = stage_request(session, request, i, workdir)
                plans.append(Plan(raw, request.hangup, request_outputs))
            hand_over(workdir, self.user)
            timeout = session.timeout + sum(r.timeout for r in requests)
            return self._isolated(self._run_staged, text.encode("utf-8", "surrogateescape"), workdir,
                                  session.options, start, outputs, tuple(plans), timeout=timeout,
                                  warm=session.job is None)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def run_manifest(self, manifest_path: Path, cwd: Path, stdin: bytes = b"",
                     options: tuple[str, ...] = (), requests: tuple[bytes, ...] = ()) -> RunResult:
        """Run the user's manifest as zerovm would from `cwd` (relative Program paths included).

        The Program and the readable regular-file channels are read from the host; writable
        regular-file channels are written to their files at the end, as zerovm leaves them
        (outputs: alias -> those bytes); channels on /dev/stdin read `stdin`, and what
        channels on /dev/stdout and /dev/stderr write comes first in raw_stdout (then the
        report) and raw_stderr.  An unsupported session leaves every file alone.  As root,
        all of it happens with the rights of the user zerovm would run as.

        `requests` are sent, in order, to the daemon a manifest with a Job line makes (each
        exactly as given, length header included: harness.targets.job.frame_request); a
        child's outputs are the writable file channels it wrote.
        """
        plans = tuple(Plan(raw) for raw in requests)
        return self._isolated(self._run_user_manifest, manifest_path, cwd, stdin, options, time.monotonic(), plans,
                              timeout=10 * (1 + len(plans)))

    def run_cluster(self, cluster: Cluster) -> tuple[RunResult, ...]:
        """The cluster's sessions together, in one process, one at a time (fabric.py): each staged
        in a directory of its own as `run` stages a session; links on virtual ports."""
        with sigterm_raises():
            start = time.monotonic()
            ports = VirtualPorts()
            name_server = f"udp:{LOOPBACK}:{ports('name-server')}" if cluster.name_server else None
            try:
                sessions = resolve(cluster, ports, name_server)
            except ClusterError as exc:
                raise TargetError(str(exc)) from None
            workdirs: list[Path] = []
            try:
                nodes = []
                for session in sessions:
                    workdir = session_directory("zvm-session-ref-")
                    workdirs.append(workdir)
                    text, outputs = stage_session(session, workdir)
                    hand_over(workdir, self.user)
                    nodes.append(_NodeRun(text.encode("utf-8", "surrogateescape"), workdir, session.options,
                                          outputs, ((str(workdir), STAGING_DIR),), SESSION_MANIFEST,
                                          None if session.job is None else "a Job session in a cluster"))
                address = (LOOPBACK, ports("name-server")) if name_server is not None else None
                return self._isolated(self._run_nodes, tuple(nodes), address, start,
                                      timeout=sum(s.timeout for s in sessions))
            finally:
                for workdir in workdirs:
                    shutil.rmtree(workdir, ignore_errors=True)

    def run_manifests(self, manifest_paths: tuple[Path, ...], cwd: Path,
                      name_server: bool = False) -> tuple[RunResult, ...]:
        """User manifests run together from `cwd` (as `run_manifest` runs one).  With `name_server`
        the harness answers the name service at the address their NameServer names (the same
        udp:127.0.0.1:PORT in all); otherwise nobody does (zerovm's: rc 11)."""
        datas: list[bytes | None] = []
        for path in manifest_paths:
            try:
                datas.append(b"" if path.is_dir() else path.read_bytes())
            except OSError:
                datas.append(None)
        address = _name_server_address(datas) if name_server else None
        nodes = tuple(_NodeRun(data, cwd, (), None, (), str(path if path.is_absolute() else cwd / path), None)
                      for data, path in zip(datas, manifest_paths, strict=True))
        return self._isolated(self._run_nodes, nodes, address, time.monotonic(), timeout=10 * len(nodes))

    def _run_nodes(self, nodes: tuple[_NodeRun, ...], name_server: tuple[str, int] | None,
                   start: float, fabric: Fabric | None = None) -> tuple[RunResult, ...]:
        """In the isolated process: every session on one fabric, one thread each, one at a time.
        (`fabric`: one with endpoints already on it, for tests that play a peer zerovm is not.)"""
        fabric = fabric if fabric is not None else Fabric(len(nodes), name_server)
        results: list[RunResult | None] = [None] * len(nodes)

        def node_main(index: int) -> None:
            fabric.scheduler.begin(index)
            node = nodes[index]
            how = ENDED_ERROR
            try:
                if node.unsupported is not None:
                    result = RunResult(self.name, UNSUPPORTED, None,
                                       exit_state=f"{UNSUPPORTED_PREFIX}{node.unsupported}")
                else:
                    result = self._run(node.data, node.cwd, b"", node.options, start, renames=node.renames,
                                       manifest_arg=node.manifest_arg, outputs=node.outputs, fabric=fabric,
                                       node=index)
                if result.outcome == UNSUPPORTED:
                    fabric.mark(index, (result.exit_state or "").removeprefix(UNSUPPORTED_PREFIX))
                elif result.exit_code == 0:
                    how = ENDED_OK
                elif result.exit_state == TIMEOUT_STATE:
                    how = ENDED_TIMEOUT
            except BaseException as exc:  # a model bug: this session's result says so, the others go on
                result = RunResult(self.name, UNSUPPORTED, None,
                                   exit_state=f"{UNSUPPORTED_PREFIX}the model failed: {exc!r}")
                fabric.mark(index, f"the model failed: {exc!r}")
            results[index] = result
            fabric.node_ended(index, how)

        if len(nodes) == 1:
            node_main(0)
        else:
            threads = [threading.Thread(target=node_main, args=(i,), name=f"node{i + 1}") for i in range(len(nodes))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        done = [r for r in results if r is not None]
        assert len(done) == len(nodes)
        for index, why in fabric.not_reproduced().items():
            if done[index].outcome != UNSUPPORTED:
                done[index] = RunResult(self.name, UNSUPPORTED, None, exit_state=f"{UNSUPPORTED_PREFIX}{why}",
                                        wall_s=done[index].wall_s)
        return tuple(done)

    def _isolated(self, work: Callable[..., T], *args: object, timeout: int = 0, warm: bool = False) -> T:
        """`work` in a child process with the rights of zerovm's user (see privilege.as_user);
        `warm`: in the worker process plain sessions share (privilege.UserWorker).

        The child's validations come back with its result, so the cache here still spares
        a suite re-validating the same nexe.
        """
        deadline = CHILD_DEADLINE_S + 2 * timeout
        if warm:
            result, validated, analysed = self._worker.call(_with_new_validations, work, *args, deadline_s=deadline)
        else:
            result, validated, analysed = as_user(self.user, _with_new_validations, work, *args,
                                                  deadline_s=deadline)
        _VALIDATED.update(validated)
        if len(machine_module.ANALYSES) + len(analysed) > machine_module.ANALYSES_LIMIT:
            machine_module.ANALYSES.clear()
        machine_module.ANALYSES.update(analysed)
        return result

    def _run_staged(self, data: bytes, workdir: Path, options: tuple[str, ...], start: float,
                    outputs: dict[str, Path], plans: tuple[Plan, ...]) -> RunResult:
        return self._run(data, workdir, b"", options, start, renames=((str(workdir), STAGING_DIR),),
                         outputs=outputs, plans=plans, client=str(job_path(workdir)))

    def _run_user_manifest(self, manifest_path: Path, cwd: Path, stdin: bytes, options: tuple[str, ...],
                           start: float, plans: tuple[Plan, ...]) -> RunResult:
        try:
            # fopen(, "r") of a directory works and its fread() fails: "manifest read error".
            data = b"" if manifest_path.is_dir() else manifest_path.read_bytes()
        except OSError:
            data = None
        # zerovm gets the manifest's path as the zerovm target gives it: absolute.
        named = manifest_path if manifest_path.is_absolute() else cwd / manifest_path
        # The client connects where the manifest's Job says (a relative one from `cwd`).
        job = parse_manifest(data).job if data is not None else None
        client = str(cwd / job) if job else None
        return self._run(data, cwd, stdin, options, start, manifest_arg=str(named), plans=plans, client=client)

    def _run(self, data: bytes | None, cwd: Path, stdin: bytes, options: tuple[str, ...], start: float,
             renames: tuple[tuple[str, str], ...] = (), manifest_arg: str = SESSION_MANIFEST,
             outputs: dict[str, Path] | None = None, plans: tuple[Plan, ...] = (),
             client: str | None = None, fabric: Fabric | None = None, node: int = 0) -> RunResult:
        """One zerovm process: the manifest's bytes (None: it cannot be opened) run from `cwd`;
        `outputs`: staged files to read back; `plans`: requests for the daemon, if it makes one;
        `fabric`: the network it shares with the other sessions of its cluster, as session `node`."""
        state = _State()
        state.job.client_path = client
        if fabric is not None:
            state.fabric, state.node = fabric, node
        try:
            result = self._run_process(state, data, cwd, stdin, options, start, renames, manifest_arg)
        except BaseException as exc:
            end_child(state, f"the model failed: {exc!r}")  # in a Job's child session: never returns
            raise
        end_child(state, result.exit_state if result.outcome == UNSUPPORTED else None)
        if outputs is not None and result.outcome != UNSUPPORTED:
            result = result.with_outputs(read_outputs(outputs))
        return self._with_children(result, state.job, plans, renames, start)

    def _with_children(self, result: RunResult, job: JobState, plans: tuple[Plan, ...],
                       renames: tuple[tuple[str, str], ...], start: float) -> RunResult:
        """The requests sent to the daemon the session made (none: no daemon answers them)."""
        if job.link is None:
            if not plans:
                return result
            return replace(result, children=tuple(RunResult(self.name, NO_DAEMON, None) for _ in plans))
        try:
            served = serve(job.link, plans if result.outcome != UNSUPPORTED else ())
        except Unsupported as exc:
            return self._unsupported(_State(), exc, start)
        if result.outcome == UNSUPPORTED:
            return result
        children = []
        for answer in served:
            if answer is None:
                children.append(RunResult(self.name, NO_DAEMON, None))
            elif answer.unsupported is not None:
                why = answer.unsupported.removeprefix(UNSUPPORTED_PREFIX)
                children.append(RunResult(self.name, UNSUPPORTED, None, exit_state=f"{UNSUPPORTED_PREFIX}{why}",
                                          wall_s=answer.wall_s))
            else:
                children.append(answer_result(self.name, answer.answer, answer.outputs, answer.wall_s)
                                .renamed(renames))
        result = replace(result, children=tuple(children))
        unmodelled = next((i for i, child in enumerate(children) if child.outcome == UNSUPPORTED), None)
        if unmodelled is None:
            return result
        # The suite skips what the model does not reproduce: a Job is one case, its children included.
        why = (children[unmodelled].exit_state or "").removeprefix(UNSUPPORTED_PREFIX)
        return replace(result, outcome=UNSUPPORTED, exit_code=None,
                       exit_state=f"{UNSUPPORTED_PREFIX}request {unmodelled + 1}: {why}")

    def _run_process(self, state: _State, data: bytes | None, cwd: Path, stdin: bytes, options: tuple[str, ...],
                     start: float, renames: tuple[tuple[str, str], ...], manifest_arg: str) -> RunResult:
        mode = 0
        try:
            parsed_options = parse_options(options, manifest_arg)
            mode = parsed_options.report_mode
            if parsed_options.failure is not None:
                raise parsed_options.failure
            if data is None:
                raise fail("src/main/manifest.c", 125, ENOENT, "manifest open error")
            self._session(state, parsed_options, data, cwd, stdin)
        except BadCommandLine as exc:
            return self._help(exc, start)
        except Unsupported as exc:
            return self._unsupported(state, exc, start)
        except ChildAbort:
            # A Job's child session dies before its report; the files it opened are closed.
            state.job.aborted = True
            state.job.written = write_outputs(state.opened)[0]
            return RunResult(self.name, EXITED, None)  # its answer is state.job's (daemon.end_child)
        except ZvmFail as exc:
            if state.code == 0:
                state.code = exc.code
            state.exit_state = exc.state
        try:
            etags = self._etags(state)
        except Unsupported as exc:
            return self._unsupported(state, exc, start)
        finally:
            if state.machine is not None:
                state.machine.close()  # give the emulator's memory back now, not at the next GC
        exit_state = state.exit_state if state.exit_state is not None else UNKNOWN_STATE
        child = state.job.child is not None
        if child:
            # A child's report goes to the socket with -t3's prefix; paths are renamed with the
            # rest of its answer (as the zerovm target's are), after the prefix counted them.
            state.job.report = render(ReportData(state.validator_state, state.job.daemon, state.user_code, etags,
                                                 state.accounting, exit_state), 3)
        for staged, shown in renames:
            exit_state = exit_state.replace(staged, shown)
        report = render(ReportData(state.validator_state, state.job.daemon, state.user_code, etags, state.accounting,
                                   exit_state), mode)
        # zerovm closes its channels (files truncated to what was written, stdio streams
        # flushed) before it prints the report.
        outputs, problems = write_outputs(state.opened)
        state.job.written = outputs
        # What went to zerovm's stdout and stderr is kept as the zerovm target keeps it: bounded.
        stdout, stderr = Capture(STREAM_HEAD), Capture(STREAM_HEAD)
        stdout.write(stream_output(state.opened, STREAMS[1]))
        stdout.write(report.encode())
        stderr.write(stream_output(state.opened, STREAMS[2]))
        stderr.write("".join(problems).encode())
        execution = _Execution.of(EXITED, state.code, stdout.result(), stderr.result(), time.monotonic() - start)
        result = execution.result(self.name, outputs)
        if state.machine is not None and state.machine.trap_log:
            result = replace(result, trap_calls=tuple(
                TrapCall(site, FUNCTION_CODES.get(code, "unknown"), count)
                for site, code, count in state.machine.trap_calls()))
        return result

    def _help(self, exc: BadCommandLine, start: float) -> RunResult:
        """zerovm's answer to a bad command line: its help, no report, no session, exit 22."""
        stdout, stderr = Capture(STREAM_HEAD), Capture(STREAM_HEAD)
        stdout.write(exc.stdout.encode())
        stderr.write(exc.stderr.encode())
        execution = _Execution.of(EXITED, EINVAL, stdout.result(), stderr.result(), time.monotonic() - start)
        return execution.result(self.name, {})

    def _unsupported(self, state: _State, exc: Unsupported, start: float) -> RunResult:
        if state.machine is not None:
            state.machine.close()
        return RunResult(self.name, UNSUPPORTED, None, exit_state=f"{UNSUPPORTED_PREFIX}{exc}",
                         wall_s=time.monotonic() - start)

    # -- zerovm's main() ---------------------------------------------------------------------------

    def _session(self, state: _State, options: Options, data: bytes, cwd: Path, stdin: bytes) -> None:
        manifest = parse_manifest(data)
        stop_at(manifest.problems)
        state.manifest = manifest
        # A manifest without problems has every obligatory value (harness.manifest's presence check).
        assert manifest.program is not None and manifest.memory is not None and manifest.timeout is not None
        elf = read_program(manifest.program, cwd)
        state.job.job = manifest.job
        loader = check_loader(elf)
        if not loader.loads or loader.layout is None:
            # harness.loader already words the first failure as zerovm prints it.
            raise ZvmFail(loader.exit_code, loader.exit_state)
        nexe = loader.layout
        state.memory_stage, state.nexe, state.elf = "loaded", nexe, elf
        report = _validated(loader.validated_text)
        if not options.skip_validation:
            state.validator_state = 1
            if not report.valid:
                raise fail("src/main/zerovm.c", 145, ENOEXEC, "validation failed")
            state.validator_state = 0
        sorted_out: list[Channel] = []
        if manifest.job is not None and any(source.network for entry in manifest.channels for source in entry.sources):
            raise Unsupported("a Job session with network channels (its daemon's children would share them)")
        try:
            channels = open_channels(manifest, stdin, options.preallocate, state.opened, sorted_out, state.fabric,
                                     state.node)
        except ZvmFail:
            state.sorted_channels = sorted_out or None
            raise
        state.sorted_channels = channels
        stop_at(memory_problems(manifest.memory, nexe.data_end))
        records = tuple(ChannelRecord(c.alias, c.limits, c.size, c.type) for c in channels)
        layout = build_layout(nexe, elf, manifest.memory, records)
        state.memory_stage, state.layout = "full", layout
        stop_at(timeout_problems(manifest.timeout))
        table = Channels(channels, state.accounting)
        machine = Machine(layout, table, report, budget=manifest.timeout * self.rate,
                          trap_budget=manifest.timeout * self.trap_rate, options=self.machine)
        machine.fork = fork_handler(state, Budget(self.rate, self.trap_rate, options.preallocate))
        state.machine = machine
        if options.quit_after_load:
            if any(channel.binds or channel.connects for channel in channels):
                raise Unsupported("-F with network channels (zerovm's close of them was not measured)")
            state.exit_state = OK_STATE
            return
        if nexe.entry == 0:
            # CreateSession's NaClUserToSys refuses user address 0 (the loader has no lower bound on the entry).
            raise fail("./src/loader/sel_ldr-inl.h", 61, EFAULT, "uaddr 0x00000000, addr space 32 bits")
        state.memory_stage = "running"
        try:
            ending = machine.run()
        finally:
            if table.recorded is not None and state.code == 0:
                state.code, state.exit_state = table.recorded  # 32: recorded, and the session went on
        self._end(state, ending)
        if state.code == 0:
            self._close_network(state, channels)

    def _close_network(self, state: _State, channels: list[Channel]) -> None:
        """ChannelsDtor while no error is recorded: the tags, and each network channel's close (EOF
        out, drain in), in dismount order; a close that waits for ever ends at the Timeout."""
        if all(channel.net is None for channel in channels):
            return
        tags: list[tuple[str, str]] = []
        try:
            for channel in dismount(channels):
                if channel.tagged:
                    tags.append((channel.alias, channel.digest.hexdigest()))
                if channel.net is not None:
                    netchannel.close(state.accounting, channel)
        except Deadlock:
            state.code, state.exit_state = EINTR, TIMEOUT_STATE
            state.close_tags = tuple(tags)
        except ZvmFail as exc:
            raise Unsupported(f"zerovm fails inside a network channel's close ({exc.state})") from None

    def _end(self, state: _State, ending: Ending) -> None:
        if ending.kind == "exit":
            state.user_code = ending.user_code
            if state.code == 0:
                state.exit_state = OK_STATE
        elif ending.kind == "timeout":
            state.code = state.code or EINTR
            state.exit_state = TIMEOUT_STATE
        else:
            state.code = state.code or ending.code
            state.exit_state = ending.state

    # -- the report's etags -------------------------------------------------------------------------

    def _etags(self, state: _State) -> tuple[tuple[str, str], ...]:
        manifest = state.manifest
        if manifest is None:  # the manifest never got parsed: zerovm has no channels to report
            return ()
        etags: list[tuple[str, str]] = []
        if state.sorted_channels is not None:
            etags = [*state.close_tags,
                     *((c.alias, c.digest.hexdigest()) for c in dismount(state.sorted_channels) if c.tagged)]
        else:
            # Before the channels are sorted zerovm lists them in manifest order as OrderDismount
            # leaves it; nothing has been read or written yet, so every digest is the empty one.
            etags = [(entry.channel.alias, SHA1_EMPTY) for entry in dismount_order(manifest.channels)
                     if entry.channel.etag == 1]
        if manifest.memory_etag:
            etags.append(("/dev/memory", self._memory_digest(state)))
        # Report's digests are cumulative: a Job's child session comes after what its daemon added.
        return state.job.etag_prefix + tuple(etags)

    def _memory_digest(self, state: _State) -> str:
        """GetMemoryDigest: SHA-1 over the readable mem_map blocks, in mem_map order."""
        if state.memory_stage == "none":
            return SHA1_EMPTY
        if state.memory_stage == "loaded":
            assert state.nexe is not None
            return image_digest(loaded_mem_map(state.nexe), nexe_image(state.nexe, state.elf))
        if state.memory_stage == "full":
            # Before CreateSession: the stack frame it writes at INITIAL_RSP is still zeros.
            assert state.layout is not None
            return image_digest(state.layout.mem_map,
                                [(addr, data) for addr, data in state.layout.image if addr != INITIAL_RSP])
        machine = state.machine
        assert machine is not None
        digest = hashlib.sha1()
        for block in machine.layout.mem_map:
            if not block.prot & PROT_READ:
                continue
            if block.sys_start < R15:
                raise Unsupported("the /dev/memory etag without a data segment (zerovm hashes from address 0)")
            pos = block.sys_start
            while pos < block.sys_end:
                n = min(block.sys_end - pos, 1 << 24)
                digest.update(machine.read_readable(pos - R15, n))
                pos += n
        return digest.hexdigest()


@dataclass(frozen=True)
class _NodeRun:
    """One session of a cluster, ready to run: its manifest's bytes and where zerovm would run it."""

    data: bytes | None
    cwd: Path
    options: tuple[str, ...]
    outputs: dict[str, Path] | None  # staged files to read back
    renames: tuple[tuple[str, str], ...]
    manifest_arg: str
    unsupported: str | None  # why the model cannot run it at all


class VirtualPorts:
    """`network.resolve`'s ports for a cluster on the ref target: no real socket is bound, so a
    counter will do (the same labels, the same ports, on every run)."""

    def __init__(self, first: int = PORT_RANGE[0]) -> None:
        self.ports: dict[str, int] = {}
        self.first = first

    def __call__(self, label: str) -> int:
        return self.ports.setdefault(label, self.first + len(self.ports))


def _name_server_address(datas: list[bytes | None]) -> tuple[str, int]:
    """The one udp:127.0.0.1:PORT all the manifests name as NameServer (TargetError otherwise)."""
    found = set()
    for data in datas:
        server = parse_manifest(data).name_server if data is not None else None
        if server is None or server.protocol != "UDP" or not server.ip_host or server.port == 0 \
                or socket.inet_ntoa(server.host.to_bytes(4, "little")) != LOOPBACK:
            raise TargetError("with a name server, every manifest must say NameServer = udp:127.0.0.1:PORT")
        found.add(server.port)
    if len(found) != 1:
        raise TargetError(f"the manifests name different name servers (ports {sorted(found)})")
    return (LOOPBACK, found.pop())


def dismount(channels: list[Channel]) -> list[Channel]:
    """OrderDismount (a stable sort of the descriptor order): local channels, then write-only
    network ones, then read-only network ones -- how zerovm closes them and lists their etags."""
    return sorted(channels, key=lambda channel: (channel.binds, channel.connects))


def _with_new_validations(work: Callable[..., T], *args: object
                          ) -> tuple[T, dict[bytes, ValidationReport], dict[tuple[int, bytes], CodeAnalysis]]:
    """`work`, and the validations and code analyses it added (for the parent's caches)."""
    known, analysed = set(_VALIDATED), set(machine_module.ANALYSES)
    result = work(*args)
    return (result, {key: report for key, report in _VALIDATED.items() if key not in known},
            {key: found for key, found in machine_module.ANALYSES.items() if key not in analysed})
