"""A Job session's daemon protocol, as zerovm speaks it on its Unix socket (src/syscalls/daemon.c).

A client connects and sends one request: the manifest's length as 8 ASCII bytes that
zerovm reads with ToInt (any base-0 integer; the harness sends `0x%06x`), then the
manifest.  The daemon forks a child session for it, which reads the request with a
single read() of at most TASK_SIZE bytes (a request split across writes, or longer,
is cut), answers with its report in -t3 form (`0x%06x` then the report) and closes.
Both targets stage requests the same way (harness.targets.staging.stage_request) and
read answers the same way (`answer_result`).
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.targets import EXITED, NO_REPORT, RunResult
from harness.targets.capture import STREAM_HEAD, Capture, Captured

HEADER_SIZE = 8  # CMD_SIZE: sizeof(uint64_t) bytes of ASCII length
TASK_SIZE = 0x10000  # the child's buffer for the request (daemon.c): a longer one is cut


def frame_request(manifest: bytes) -> bytes:
    """The request a client sends for `manifest`: its length as `0x%06x` (8 bytes), then it."""
    header = b"0x%06x" % len(manifest)
    if len(header) != HEADER_SIZE:
        raise ValueError(f"a request manifest of {len(manifest)} bytes does not fit zerovm's 8-byte length")
    return header + manifest


def answer_result(target: str, answer: bytes, outputs: Mapping[str, bytes | Captured | None],
                  wall_s: float) -> RunResult:
    """A child session's result from what came back on its connection (`answer`: the -t3 report,
    or nothing when the child died first; outcome NO_REPORT then) and its output files.
    Its exit_code is None: the daemon reaps the child and nobody learns its exit status."""
    from harness.targets.zerovm import _Execution  # zerovm.py reads reports; it imports this package's staging

    stdout = Capture(STREAM_HEAD)
    stdout.write(answer)
    return _Execution.of(EXITED, None, stdout.result(), Capture(STREAM_HEAD).result(), wall_s).result(target, outputs)


__all__ = ["EXITED", "HEADER_SIZE", "NO_REPORT", "TASK_SIZE", "answer_result", "frame_request"]
