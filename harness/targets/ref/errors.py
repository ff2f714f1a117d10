"""How a modelled zerovm session ends early: zerovm's `ZLOGFAIL` and its signal handler.

zerovm stops at its first failed check: it records an errno-style code (the process
exit status) and an exit-state text (`"<file> <line>: <message>"`, `MANIFEST <n>:
<message>`, `session timeout`, `Signal N from untrusted code: ...`), prints the report
and exits (src/main/zlog.c, report.c, platform/signal_common.c).  The model raises
`ZvmFail` at the same point with the same code and text, so the first error wins as
in zerovm.  `Unsupported` is the model saying "zerovm would do something here that I
do not reproduce" -- never a guess.
"""

from __future__ import annotations

import errno

EPERM = errno.EPERM  # 1
ENOENT = errno.ENOENT  # 2
EINTR = errno.EINTR  # 4
EIO = errno.EIO  # 5
ENOEXEC = errno.ENOEXEC  # 8
EBADF = errno.EBADF  # 9
ENOMEM = errno.ENOMEM  # 12
EACCES = errno.EACCES  # 13
EFAULT = errno.EFAULT  # 14
EINVAL = errno.EINVAL  # 22
ENFILE = errno.ENFILE  # 23
EDQUOT = errno.EDQUOT  # 122
EPROTONOSUPPORT = errno.EPROTONOSUPPORT  # 93

OK_STATE = "ok"
UNKNOWN_STATE = "unknown error, see syslog"
TIMEOUT_STATE = "session timeout"

# Signal numbers zerovm names in its exit state (Linux x86-64).
SIGILL, SIGFPE, SIGSEGV = 4, 8, 11


class ZvmFail(Exception):
    """zerovm's ZLOGFAIL: the session ends with `code` and exit state `state`."""

    def __init__(self, code: int, state: str) -> None:
        super().__init__(f"{code}: {state}")
        self.code = code
        self.state = state


def fail(source: str, line: int, code: int, message: str) -> ZvmFail:
    """A ZLOGFAIL at `source:line` (path relative to the zerovm repository, as __FILE__ is)."""
    return ZvmFail(code, f"{source} {line}: {message}")


def manifest_fail(line: int, message: str) -> ZvmFail:
    """A MFTFAIL on manifest line `line`: always EFAULT."""
    return ZvmFail(EFAULT, f"MANIFEST {line}: {message}")


def signal_state(signum: int, untrusted: bool, rip: int) -> str:
    """The text zerovm's SignalHandleAll writes (signal_common.c)."""
    return f"Signal {signum} from {'un' if untrusted else ''}trusted code: Halting at 0x{rip:012X}"


class Signal(Exception):
    """A signal zerovm would take: ends with EINTR (4) and the signal's exit state."""

    def __init__(self, signum: int, rip: int, untrusted: bool = True) -> None:
        super().__init__(signal_state(signum, untrusted, rip))
        self.signum = signum
        self.rip = rip
        self.untrusted = untrusted

    @property
    def state(self) -> str:
        return signal_state(self.signum, self.untrusted, self.rip)


# A fault inside zerovm itself happens at a host address of the (PIE, randomised)
# zerovm binary, which the model cannot know: it reports this fixed placeholder.
TRUSTED_RIP_PLACEHOLDER = 0


class Unsupported(Exception):
    """Something zerovm would do that the model does not reproduce (reported, never guessed)."""


class Deadlock(Exception):
    """No session of a modelled cluster can go on: the one waiting here ends as zerovm's would when
    nothing ever comes -- at its Timeout (or, waiting for the name service, after its last retry)."""
