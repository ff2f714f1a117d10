"""Targets run a nexe session and say what happened, as a `RunResult`.

A `Session` names the nexe and its channels (with input bytes to stage, or a uri to
use as it is); every target (the real zerovm, the reference executor) turns it into
the same `RunResult`, so cases and differential runs compare like with like.
"""

from __future__ import annotations

import base64
import errno as errno_module
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from harness.manifest import MIB, SGETSPUT
from harness.report import ACCOUNTING_FIELDS

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
class Session:
    """A nexe and its channels; or, with `manifest`, a manifest template to run as written.

    A template may use `{program}` (the staged nexe) and `{dir}` (the session
    directory, where `files` are staged); channels whose uri lies in `{dir}` are
    collected as outputs after the run.
    """

    nexe: Path | None
    channels: tuple[ChannelSpec, ...] = field(default_factory=standard_channels)
    memory: int = DEFAULT_MEMORY
    memory_etag: int = 0
    timeout: int = DEFAULT_TIMEOUT
    options: tuple[str, ...] = ()  # zerovm command-line flags, e.g. ("-s",)
    manifest: str | None = None
    files: tuple[tuple[str, bytes], ...] = ()


# Why a run ended, beyond zerovm's own exit code.
EXITED = "exited"  # the target ran to its end and gave an exit code
KILLED_TIMEOUT = "killed-timeout"  # the harness killed it past Timeout plus its margin
KILLED_SIGNAL = "killed-signal"  # the target process died of a signal
NO_REPORT = "no-report"  # it exited, but printed no report the harness could parse


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
            "etags": dict(self.etags),
            "accounting": dict(zip(ACCOUNTING_FIELDS, self.accounting, strict=False)),
            "exit_state": self.exit_state,
            "outputs": {alias: _json_bytes(data) for alias, data in self.outputs.items()},
            "wall_s": round(self.wall_s, 6),
        }

    def renamed(self, renames: tuple[tuple[str, str], ...]) -> RunResult:
        """The result with staged paths in its texts replaced by the paths the user wrote."""
        def fix(text: str | None) -> str | None:
            if text is None:
                return None
            for staged, original in renames:
                text = text.replace(staged, original)
            return text

        return replace(self, exit_state=fix(self.exit_state), raw_stdout=fix(self.raw_stdout) or "")

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


class TargetError(Exception):
    """The target cannot run at all (no zerovm, no usable user, ...): a harness error, not a result."""
