"""Targets run a nexe session and say what happened, as a `RunResult`.

A `Session` names the nexe and its channels (with input bytes to stage, or a uri to
use as it is); every target (the real zerovm, the reference executor) turns it into
the same `RunResult`, so cases and differential runs compare like with like.
"""

from __future__ import annotations

import base64
import errno as errno_module
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from harness.manifest import MIB, SGETSPUT
from harness.report import ACCOUNTING_FIELDS
from harness.targets.capture import Captured

DEFAULT_MEMORY = 256 * MIB
DEFAULT_TIMEOUT = 10
BIG = 1 << 30  # a quota that a test never reaches


@dataclass(frozen=True)
class ChannelSpec:
    """One channel of a session.

    Without `uri`, the target stages a file for the channel: `data` is its initial
    content (an input), and whatever the program writes is collected afterwards.
    """

    alias: str
    type: int = SGETSPUT
    etag: int = 0
    gets: int = 0
    get_size: int = 0
    puts: int = 0
    put_size: int = 0
    data: bytes | None = None
    uri: str | None = None


def standard_channels(stdin: bytes = b"", out_limit: int = BIG) -> tuple[ChannelSpec, ...]:
    return (
        ChannelSpec("/dev/stdin", gets=BIG, get_size=BIG, data=stdin),
        ChannelSpec("/dev/stdout", puts=BIG, put_size=out_limit),
        ChannelSpec("/dev/stderr", puts=BIG, put_size=out_limit),
    )


@dataclass(frozen=True)
class Request:
    """One request to a Job session's daemon: the manifest of one child session (ZEROVM.md section 4).

    The child goes on from the session's zvm_fork with these channels, which must match the
    session's in alias, type and limits (zerovm aborts the child, with no report, when they
    do not); a channel without `uri` is a new staged file holding its `data`.  `manifest` (a
    template: `{program}`, `{dir}`, `{job}`) replaces the generated manifest; `raw` replaces
    the whole request as the client sends it, length header included (harness.targets.job).
    `hangup`: the client closes its end once the request is sent, without reading the report.
    """

    channels: tuple[ChannelSpec, ...] = field(default_factory=standard_channels)
    timeout: int = DEFAULT_TIMEOUT
    manifest: str | None = None
    raw: bytes | None = None
    hangup: bool = False


@dataclass(frozen=True)
class Job:
    """A session run as a Job: its manifest names a Unix socket (`Job = ...`) and, once the
    program calls zvm_fork, a daemon listens there; each request is sent to it in order, and
    its child session's report is read back before the next is sent."""

    requests: tuple[Request, ...] = ()


@dataclass(frozen=True)
class Session:
    """A nexe and its channels; or, with `manifest`, a manifest template to run as written.

    A template may use `{program}` (the staged nexe), `{dir}` (the session directory,
    where `files` are staged) and, for a Job, `{job}` (the daemon's socket); channels
    whose uri lies in `{dir}` are collected as outputs after the run.  With `job` the
    session's manifest carries `Job = ` and the target drives the daemon: the result's
    `children` are the requests' results, in order.
    """

    nexe: Path | None
    channels: tuple[ChannelSpec, ...] = field(default_factory=standard_channels)
    memory: int = DEFAULT_MEMORY
    memory_etag: int = 0
    timeout: int = DEFAULT_TIMEOUT
    options: tuple[str, ...] = ()  # zerovm command-line flags, e.g. ("-s",)
    manifest: str | None = None
    files: tuple[tuple[str, bytes], ...] = ()
    job: Job | None = None
    # More manifest lines, as written (NameServer, Node, Etag); a cluster sets NameServer and
    # Node itself unless its node's session already says them.
    keys: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Node:
    """One session of a `Cluster`, by name.

    Its channels' uris may name other nodes and free ports (harness.targets.network): a
    `tcp:{b}` source of a read-only channel receives from node b, of a write-only one
    sends to node b; `{port:LABEL}` is a free port on 127.0.0.1 leased for the cluster
    (the same LABEL, the same port in every node).
    """

    name: str
    session: Session


@dataclass(frozen=True)
class Cluster:
    """Sessions started together and connected by network channels (ZeroCloud's model).

    With `name_server` the harness answers zerovm's name service on a free UDP port of
    127.0.0.1: every node's manifest gets `NameServer` and `Node = <its index + 1>`, and
    its `tcp:{b}` sources become node-id uris (`tcp:<id>:0`) that zerovm resolves through
    it; without, each link gets a leased port (`tcp:127.0.0.1:PORT`).  A target's
    `run_cluster` gives one `RunResult` per node, in order, once every node has ended, and
    leaves nothing running or bound.
    """

    nodes: tuple[Node, ...]
    name_server: bool = False


# Why a run ended, beyond zerovm's own exit code.
EXITED = "exited"  # the target ran to its end and gave an exit code
KILLED_TIMEOUT = "killed-timeout"  # the harness killed it past Timeout plus its margin
KILLED_SIGNAL = "killed-signal"  # the target process died of a signal
NO_REPORT = "no-report"  # it exited, but printed no report the harness could parse
NO_DAEMON = "no-daemon"  # a Job's request: no daemon listened (the session never became one)


STREAM_STDOUT = "stdout"  # the target's own stdout (where zerovm prints its report)
STREAM_STDERR = "stderr"
STREAM_OUTPUT = "output"  # a channel's file


@dataclass(frozen=True)
class Cut:
    """Bytes the harness did not keep: of a stream or an output, only the head and the tail are kept
    (harness.targets.capture); the size and digest are of everything."""

    stream: str  # STREAM_STDOUT, STREAM_STDERR or STREAM_OUTPUT
    alias: str | None  # the channel, for an output
    size: int
    sha256: str | None  # None: too big to hash
    head: int  # bytes kept from the start
    tail: int  # bytes kept from the end

    @classmethod
    def of(cls, stream: str, alias: str | None, captured: Captured) -> Cut:
        return cls(stream, alias, captured.size, captured.sha256, len(captured.head), len(captured.tail))

    @property
    def name(self) -> str:
        return f"outputs[{self.alias}]" if self.stream == STREAM_OUTPUT else self.stream

    def describe(self) -> str:
        return (f"{self.size} bytes, cut by the harness (kept the first {self.head} and the last {self.tail}; "
                f"sha256 {self.sha256 or 'not computed'})")

    def to_json(self) -> dict[str, object]:
        return {"stream": self.stream, "alias": self.alias, "size": self.size, "sha256": self.sha256,
                "head": self.head, "tail": self.tail}


@dataclass(frozen=True)
class TrapCall:
    """Trap calls a run made from one place with one function (the reference target records them).

    `site` is the user address of the `call` that entered the trampoline (its return address minus the call's
    length), or None when no call instruction ends at the return address (a jump into the trampoline).
    `function` is a zerovm trap function name, or "unknown" for any other code.
    """

    site: int | None
    function: str
    count: int

    def to_json(self) -> dict[str, object]:
        return {"site": self.site, "function": self.function, "count": self.count}


@dataclass(frozen=True)
class RunResult:
    target: str
    outcome: str
    exit_code: int | None
    validator_state: int | None = None
    daemon: int | None = None
    user_code: int | None = None
    etags: tuple[tuple[str, str], ...] = ()
    accounting: tuple[float | int, ...] = ()
    exit_state: str | None = None
    outputs: dict[str, bytes] = field(default_factory=dict)  # alias -> the bytes the channel received
    wall_s: float = 0.0
    raw_stdout: str = ""
    raw_stderr: str = ""
    cut: tuple[Cut, ...] = ()  # what was too big to keep whole (outputs keep head + tail, raw texts a marker)
    # What zerovm's own stdout held besides its report (all of it when there is none): a
    # /dev/stdout channel's output, or bytes that do not belong there.
    stray_stdout: str = ""
    report_prefix: str = ""  # the report's -t3 length prefix ("0x%06x"), "" when it had none
    # A Job session's child sessions, one per request, in order.  A child's exit_code is None:
    # the daemon reaps its children, so their exit status never reaches anyone; raw_stdout is
    # what came back on the socket (its report, with -t3's length prefix).
    children: tuple[RunResult, ...] = ()
    # The trap calls the run made, one entry per (site, function) in order of first use; only the reference
    # target records them (its emulator sees each call), and they take no part in comparing results.
    trap_calls: tuple[TrapCall, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, object]:
        """The result as `python -m harness run --json` prints it."""
        return {
            "target": self.target,
            "outcome": self.outcome,
            "exit_code": self.exit_code,
            "errno": self.errno,
            "validator_state": self.validator_state,
            "daemon": self.daemon,
            "user_code": self.user_code,
            # pairs in the report's order: a Job child's line may name an alias twice (session's digest, then its own)
            "etags": [[alias, digest] for alias, digest in self.etags],
            "accounting": dict(zip(ACCOUNTING_FIELDS, self.accounting, strict=False)),
            "exit_state": self.exit_state,
            "outputs": {alias: _json_bytes(data) for alias, data in self.outputs.items()},
            "wall_s": round(self.wall_s, 6),
            "cut": [c.to_json() for c in self.cut],
            "stray_stdout": self.stray_stdout,
            "report_prefix": self.report_prefix,
            **({"children": [child.to_json() for child in self.children]} if self.children else {}),
            **({"trap_calls": [call.to_json() for call in self.trap_calls]} if self.trap_calls else {}),
        }

    def cut_of(self, stream: str, alias: str | None = None) -> Cut | None:
        return next((c for c in self.cut if (c.stream, c.alias) == (stream, alias)), None)

    def with_outputs(self, captured: Mapping[str, Captured | None]) -> RunResult:
        """The result with these outputs (None: the file was absent), cut ones listed in `cut`."""
        kept = {alias: c for alias, c in captured.items() if c is not None}
        cuts = tuple(Cut.of(STREAM_OUTPUT, alias, c) for alias, c in kept.items() if c.cut)
        return replace(self, outputs={alias: c.data for alias, c in kept.items()},
                       cut=tuple(c for c in self.cut if c.stream != STREAM_OUTPUT) + cuts)

    def renamed(self, renames: tuple[tuple[str, str], ...]) -> RunResult:
        """The result with staged paths in its texts replaced by the paths the user wrote."""
        def fix(text: str | None) -> str | None:
            if text is None:
                return None
            for staged, original in renames:
                text = text.replace(staged, original)
            return text

        return replace(self, exit_state=fix(self.exit_state), raw_stdout=fix(self.raw_stdout) or "",
                       stray_stdout=fix(self.stray_stdout) or "")

    @property
    def errno(self) -> str | None:
        if self.exit_code is None:
            return None
        if self.exit_code == 0:
            return "OK"
        return errno_module.errorcode.get(self.exit_code, str(self.exit_code))


def _json_bytes(data: bytes) -> str | dict[str, str]:
    """Text when the bytes are UTF-8, else base64: JSON has no byte strings."""
    try:
        return data.decode()
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode()}


class Target(Protocol):
    name: str

    def run(self, session: Session) -> RunResult: ...

    def run_cluster(self, cluster: Cluster) -> tuple[RunResult, ...]: ...

    def run_manifests(self, manifest_paths: tuple[Path, ...], cwd: Path, name_server: bool = False
                      ) -> tuple[RunResult, ...]: ...


class TargetError(Exception):
    """The target cannot run at all (no zerovm, no usable user, ...): a harness error, not a result."""
