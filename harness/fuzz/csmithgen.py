"""csmith programs as differential trials: compute-heavy C that exercises the toolchain's code through both
targets' instruction handling (the trap interface only at printf's writes and the final exit).

A seed's program is `csmith --seed N` with csmith's default options (`generate` and `native_run`, which
tests/csmith_campaign.py uses too), built at an -O level drawn from the seed, its `#include
"csmith.h"` made absolute (/usr/include/csmith) so the program builds as a case file with no -I.

csmith programs may run for a long time (or for ever), so a program is used only when it passes this rule:
1. its host build runs to exit 0 within NATIVE_LIMIT_S (a cheap first filter; csmith's programs are the
   test C of tests/csmith_campaign.py, built and run natively there too);
2. it builds as a nexe (harness.toolchain.BuildError otherwise);
3. it ends within the emulator's budget: run on the reference target with Timeout = PROBE_TIMEOUT (the
   reference stops a program after a fixed count of instructions per second of Timeout, so this is
   deterministic), it exits; its trial then gets Timeout = TRIAL_TIMEOUT, far more than it needs, so that
   neither target -- zerovm counts wall-clock time -- comes near its limit.
A program that fails the rule is skipped and the next csmith seed of the trial's seed is tried (seed, then
seed + k * SEED_STRIDE mod 2**32, at most ATTEMPTS in all): the same seed always gives the same trial, and
the note names the csmith seed used.  When every attempt is skipped, generate raises BuildError.

Shrinking: none.  csmith programs are hard to reduce by hand, and creduce (the usual tool) is not
installed here; a finding is kept as generated.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.fuzz.model import Program, Trial
from harness.targets import Session
from harness.toolchain import BuildError

if TYPE_CHECKING:
    from harness.targets.ref import RefTarget

CSMITH_INCLUDE = Path("/usr/include/csmith")
NATIVE_LIMIT_S = 0.5
PROBE_TIMEOUT = 2
TRIAL_TIMEOUT = 20
ATTEMPTS = 4
SEED_STRIDE = 1_000_003
OPTS = ("-O0", "-O1", "-O2", "-O3", "-Os")
UNAVAILABLE = "csmith not installed (apt-get install csmith libcsmith-dev)"


@dataclass(frozen=True)
class Native:
    """The host build's run: None when the program is skipped (too slow, or failed natively)."""

    stdout: bytes
    returncode: int
    seconds: float


def generate(seed: int, out: Path, options: Sequence[str] = (), csmith: str = "csmith") -> Path:
    """csmith's program for `seed` (its default options, then `options`) at `out`."""
    # cwd: csmith writes a platform.info file where it runs.
    proc = subprocess.run([csmith, "--seed", str(seed), *options, "--output", str(out.resolve())],
                          capture_output=True, text=True, check=False, timeout=60, cwd=out.parent)
    if proc.returncode != 0:
        raise RuntimeError(f"csmith --seed {seed} failed: {proc.stderr.strip()}")
    return out


def native_run(source: Path, workdir: Path, limit_s: float = 1.0, cflags: Sequence[str] = (),
               opt: str = "-O1") -> Native | None:
    """The host gcc's build of `source` at `opt`, run natively (our own generated test C): None if
    does not build (e.g. csmith's --builtins without -msse4.2), runs longer than `limit_s` or
    does not exit 0."""
    exe = workdir / f"{source.stem}{opt}.native"
    built = subprocess.run(["gcc", opt, "-w", *cflags, "-I", str(CSMITH_INCLUDE), "-o", str(exe), str(source)],
                           check=False, capture_output=True)
    if built.returncode != 0:
        return None
    start = time.monotonic()
    try:
        proc = subprocess.run([str(exe)], capture_output=True, timeout=limit_s, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return None
    return Native(proc.stdout, proc.returncode, time.monotonic() - start)


def csmith_seed(seed: int, attempt: int) -> int:
    return (seed + attempt * SEED_STRIDE) % (1 << 32)


def self_contained(source: str) -> str:
    """The csmith program with its header named by absolute path (quoted includes inside it still resolve
    next to it), so it builds without -I."""
    return source.replace('#include "csmith.h"', f'#include "{CSMITH_INCLUDE / "csmith.h"}"')


class CsmithGenerator:
    """Trials of csmith programs (see the module docstring for the skip rule)."""

    name = "csmith"

    def __init__(self, csmith: str = "csmith") -> None:
        self.csmith = csmith
        self._probe: RefTarget | None = None  # one per generator: its sessions share a warm worker

    def unavailable(self) -> str | None:
        if shutil.which(self.csmith) is None or not (CSMITH_INCLUDE / "csmith.h").is_file():
            return UNAVAILABLE
        return None

    def generate(self, seed: int, work: Path) -> Trial:
        if self.unavailable():
            raise BuildError(self.unavailable() or UNAVAILABLE)
        opt = random.Random(seed).choice(OPTS)
        reasons = []
        for attempt in range(ATTEMPTS):
            n = csmith_seed(seed, attempt)
            where = work / f"csmith{n}"
            where.mkdir(parents=True, exist_ok=True)
            source = generate(n, where / "csmith.c", (), self.csmith)
            if native_run(source, where, NATIVE_LIMIT_S) is None:
                reasons.append(f"{n}: native run failed or took over {NATIVE_LIMIT_S}s")
                continue
            # csmith's header comment names its --output path: a place of this run's, not of the program.
            text = source.read_text(encoding="utf-8").replace(str(source.resolve()), "csmith.c")
            program = Program(sources=(("csmith.c", self_contained(text)),), opt=opt)
            try:
                nexe = program.build(where / "build")
            except BuildError as e:
                reasons.append(f"{n}: does not build ({str(e).strip().splitlines()[-1:]})")
                continue
            if self._probe is None:
                from harness.targets.ref import RefTarget

                self._probe = RefTarget()
            probe = self._probe.run(Session(nexe, timeout=PROBE_TIMEOUT))
            if probe.outcome != "exited" or probe.exit_state != "ok":
                reasons.append(f"{n}: over the emulator budget ({probe.exit_state})")
                continue
            skipped = f", skipped {len(reasons)}" if reasons else ""
            return Trial(self.name, seed, program, Session(nexe, timeout=TRIAL_TIMEOUT),
                         note=f"csmith --seed {n} {opt}{skipped}", size=len(program.sources[0][1]))
        raise BuildError(f"csmith: no usable program for seed {seed}: " + "; ".join(reasons))

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        return iter(())
