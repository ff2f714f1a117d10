"""Judging a trial on both targets, replaying a disagreement, and shrinking it.

`judge` runs one trial on both sides and lists what differs (with the static scanner for nexes
that a target did not validate or load, or that were built without the toolchain's safety nets).
A disagreement counts only when it `replay`s: run again on both sides, it differs on the same
fields.  `minimise` then asks the generator for smaller variants and keeps the first that still
differs on exactly those fields, again and again, until none does or its time is up.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.fuzz.compare import compare_results, field_names, needs_scan, scan_differences, scan_verdict
from harness.fuzz.model import Difference, Generator, Trial
from harness.targets import RunResult, Target


@dataclass(frozen=True)
class Judgement:
    """One trial run on both sides."""

    a: RunResult
    b: RunResult
    differences: tuple[Difference, ...]
    unsupported: str | None = None  # a side does not model this session (the reference target says so)

    @property
    def fields(self) -> tuple[str, ...]:
        return field_names(self.differences)


def judge(trial: Trial, a: Target, b: Target) -> Judgement:
    """`trial` run on `a` and on `b`, compared field by field."""
    from harness.targets.ref import UNSUPPORTED

    ra, rb = a.run(trial.session), b.run(trial.session)
    for side, result in (("a", ra), ("b", rb)):
        if result.outcome == UNSUPPORTED:
            return Judgement(ra, rb, (), f"side {side} ({result.target}): {result.exit_state}")
    differences = compare_results(ra, rb)
    nexe = trial.session.nexe
    # A generator asks for the scanner with Trial.scan (an optional field: getattr); hostile builds always get it.
    asked = bool(getattr(trial, "scan", False))
    hostile = asked or bool(trial.program.patches) or not trial.program.sandbox
    if nexe is not None and nexe.is_file() and (hostile or needs_scan(ra, rb)):
        differences += scan_differences(scan_verdict(nexe), ra, rb, trial.session.options)
    if asked:
        differences += _valz_differences(trial)
    return Judgement(ra, rb, differences)


def _valz_differences(trial: Trial) -> tuple[Difference, ...]:
    """The scanner against the real validator ($ZEROVM_VALZ), where the nexe generator can judge that."""
    try:
        from harness.fuzz.nexes import valz_differences  # type: ignore[attr-defined]
    except ImportError:
        return ()
    return tuple(valz_differences(trial))


def replay(trial: Trial, a: Target, b: Target, fields: tuple[str, ...]) -> tuple[Judgement, bool]:
    """The trial run again on both sides, and whether it differs on the same `fields` (else it is flaky)."""
    again = judge(trial, a, b)
    return again, again.unsupported is None and again.fields == fields


@dataclass(frozen=True)
class Minimised:
    trial: Trial  # the smallest trial that still differs on the same fields
    judgement: Judgement | None  # its run; None when nothing smaller was found
    steps: int  # smaller trials kept
    tried: int  # candidates run
    ended: str  # "done" (no candidate disagrees), "time" (the cap), "stopped" (the campaign stops)


def minimise(generator: Generator, trial: Trial, fields: tuple[str, ...], a: Target, b: Target, work: Path,
             deadline: float, stopping: Callable[[], bool] = lambda: False) -> Minimised:
    """Shrink `trial` through `generator.shrink`, keeping each first candidate that differs on `fields`.

    Each round's candidates are built in a directory of their own under `work` (a round that kept
    none is removed; a kept trial may still use files of earlier rounds, as a manifest mutant uses its
    parent's nexe).  `deadline` is a time.monotonic() value."""
    best, best_judgement = trial, None
    steps = tried = 0
    for round_no in range(1_000_000):
        round_dir = work / f"shrink{round_no}"
        candidates = generator.shrink(best, round_dir)
        accepted = False
        while True:
            if stopping():
                return Minimised(best, best_judgement, steps, tried, "stopped")
            if time.monotonic() > deadline:
                return Minimised(best, best_judgement, steps, tried, "time")
            try:
                candidate = next(candidates)
            except StopIteration:
                break
            except Exception:  # a generator that cannot make more candidates ends the round
                break
            tried += 1
            try:
                judgement = judge(candidate, a, b)
            except Exception:  # a candidate no target can run is not smaller, just unusable
                continue
            if judgement.unsupported is None and judgement.fields == fields and not stopping():
                best, best_judgement, accepted = candidate, judgement, True
                steps += 1
                break
        if not accepted:
            shutil.rmtree(round_dir, ignore_errors=True)
            return Minimised(best, best_judgement, steps, tried, "done")
    return Minimised(best, best_judgement, steps, tried, "done")


__all__ = ["Judgement", "Minimised", "judge", "minimise", "replay"]
