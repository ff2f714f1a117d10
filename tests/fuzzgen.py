"""A tiny generator and deliberately different targets, for the campaign's own tests (tests/test_fuzz_*.py).

`EchoGenerator`: one fixed program that copies its stdin to its stdout and exits with the number of
lines it read; a trial is random lines of stdin, and shrinking drops lines (halves first, then one
at a time).  The program is built once per process.  The targets wrap the reference target:
`BrokenTarget` turns the first "X" of /dev/stdout into "Y" (so a trial disagrees exactly when its
stdin has an X, and the smallest such trial is one line), `ExitTarget` adds one to the user code
of sessions that print an X, `FlakyTarget` breaks a session only the first time it is run,
`SlowTarget` takes a second per session, `TwoBugsTarget` has two bugs (BrokenTarget's, and ExitTarget's
for sessions that print "beta" but no X).  `CostlyEchoGenerator` takes a second per trial (a
generator more expensive than echo, for pacing); `SlowShrinkGenerator`'s shrinking never ends (a
candidate every half second that still disagrees: a minimisation only its deadline stops).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from harness.fuzz.model import Program, Trial
from harness.targets import Cluster, RunResult, Session, standard_channels
from harness.targets.ref import RefTarget

ECHO = r"""#include <stdio.h>

int main(void) {
  char line[256];
  int n = 0;
  while (fgets(line, sizeof line, stdin)) {
    fputs(line, stdout);
    n++;
  }
  return n;
}
"""
WORDS = ("alpha", "beta", "gamma", "delta", "X marks", "zeta", "eta", "theta")
_BUILT: dict[str, Path] = {}


def echo_nexe() -> Path:
    """The echo program, built once per process."""
    if "echo" not in _BUILT:
        work = Path(tempfile.mkdtemp(prefix="zvm-fuzzgen-"))
        _BUILT["echo"] = Program((("echo.c", ECHO),)).build(work)
    return _BUILT["echo"]


class EchoGenerator:
    name = "echo"

    def unavailable(self) -> str | None:
        return None

    def generate(self, seed: int, work: Path) -> Trial:
        rng = random.Random(seed)
        lines = tuple(f"{rng.choice(WORDS)} {rng.randint(0, 99)}" for _ in range(rng.randint(3, 9)))
        return self._trial(seed, lines, work)

    def _trial(self, seed: int, lines: tuple[str, ...], work: Path) -> Trial:
        work.mkdir(parents=True, exist_ok=True)
        nexe = work / "echo.nexe"
        shutil.copyfile(echo_nexe(), nexe)
        stdin = "".join(f"{line}\n" for line in lines).encode()
        session = Session(nexe, standard_channels(stdin=stdin), timeout=5)
        return Trial(self.name, seed, Program((("echo.c", ECHO),)), session, note=f"{len(lines)} lines of stdin",
                     size=len(lines))

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        data = trial.session.channels[0].data or b""
        lines = tuple(data.decode().splitlines())
        cuts: list[tuple[str, ...]] = []
        if len(lines) > 1:
            half = len(lines) // 2
            cuts += [lines[half:], lines[:half]]
        cuts += [lines[:i] + lines[i + 1:] for i in range(len(lines))]
        for n, cut in enumerate(c for c in cuts if len(c) < len(lines)):
            yield self._trial(trial.seed, cut, work / f"c{n}")


class CostlyEchoGenerator(EchoGenerator):
    name = "costly"

    def generate(self, seed: int, work: Path) -> Trial:
        time.sleep(1.0)
        return super().generate(seed, work)


class SlowShrinkGenerator(EchoGenerator):
    name = "slowshrink"

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        time.sleep(0.5)
        data = trial.session.channels[0].data or b""
        yield self._trial(trial.seed, tuple(data.decode().splitlines()), work / "same")


class _Wrapper:
    name = "ref"

    def __init__(self) -> None:
        self.ref = RefTarget()

    def run(self, session: Session) -> RunResult:
        return self.change(self.ref.run(session), session)

    def change(self, result: RunResult, session: Session) -> RunResult:
        return result

    def run_cluster(self, cluster: Cluster) -> tuple[RunResult, ...]:
        return self.ref.run_cluster(cluster)

    def run_manifests(self, manifest_paths: tuple[Path, ...], cwd: Path, name_server: bool = False
                      ) -> tuple[RunResult, ...]:
        return self.ref.run_manifests(manifest_paths, cwd, name_server)


class BrokenTarget(_Wrapper):
    name = "broken"

    def change(self, result: RunResult, session: Session) -> RunResult:
        out = result.outputs.get("/dev/stdout", b"")
        if b"X" not in out:
            return result
        return replace(result, outputs={**result.outputs, "/dev/stdout": out.replace(b"X", b"Y", 1)})


class ExitTarget(_Wrapper):
    name = "exit"

    def change(self, result: RunResult, session: Session) -> RunResult:
        if b"X" not in result.outputs.get("/dev/stdout", b"") or result.user_code is None:
            return result
        return replace(result, user_code=result.user_code + 1)


class FlakyTarget(BrokenTarget):
    """Breaks a session the first time any process sees it: the sessions seen are files in $FUZZ_FLAKY_DIR
    (the campaign's worker processes share it)."""

    name = "flaky"

    def change(self, result: RunResult, session: Session) -> RunResult:
        seen = Path(os.environ["FUZZ_FLAKY_DIR"]) / hashlib.sha256(session.channels[0].data or b"").hexdigest()
        try:
            seen.touch(exist_ok=False)
        except FileExistsError:
            return result
        return super().change(result, session)


class SlowTarget(_Wrapper):
    name = "slow"

    def change(self, result: RunResult, session: Session) -> RunResult:
        time.sleep(1.0)
        return result


class TwoBugsTarget(BrokenTarget):
    name = "twobugs"

    def change(self, result: RunResult, session: Session) -> RunResult:
        out = result.outputs.get("/dev/stdout", b"")
        if b"X" in out:
            return super().change(result, session)
        if b"beta" in out and result.user_code is not None:
            return replace(result, user_code=result.user_code + 1)
        return result
