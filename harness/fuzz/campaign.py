"""A differential campaign: generated trials run on two targets in worker processes, disagreements
replayed, minimised and written out as cases, with a summary.

Trial seeds come from the campaign seed, the generator's name and the trial's number
(`trial_seed`), so a campaign is reproducible and each finding replays from its own seed
(`python -m harness fuzz --replay GENERATOR:SEED`).  Generators share the workers' time equally
(harness.fuzz.pacing).  A worker generates a trial, runs it on both sides and compares; a
disagreement goes back to the pool as a second task that replays it (a flaky one stops there),
shrinks it within a time cap and emits its case.  A disagreement with the signature
(harness.fuzz.signature) of one already confirmed or being confirmed is a duplicate of it: it is
listed with it, not replayed, minimised or emitted again.

With --time, the campaign ends by the deadline plus `time_grace_s`: trials still queued then are
dropped, minimisations in flight stop shrinking at the grace's end and keep what they have.

Stopping (Ctrl-C, or `stop()`): no new trials start; running minimisations keep what they have
so far; findings found are written; trials that were still running are counted and dropped.
A second Ctrl-C terminates the workers at once.  The summary is written in every case.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import multiprocessing.synchronize
import os
import queue
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from harness.fuzz.compare import describe, scan_verdict
from harness.fuzz.emit import EmitError, case_name, emit_case
from harness.fuzz.generators import load
from harness.fuzz.minimise import Judgement, judge, minimise, replay
from harness.fuzz.model import Difference, Finding, Generator, Trial
from harness.fuzz.pacing import Pacer
from harness.fuzz.signature import Signature, signature
from harness.fuzz.targets import TargetSpec, target_of

# Trial statuses
AGREE = "agree"
DIFFER = "differ"
BUILD_FAILED = "build-failed"
UNSUPPORTED = "unsupported"  # a side does not model the session: neither agreement nor disagreement
ERROR = "error"  # the generator or a target failed (a harness problem, listed in the summary)
SKIPPED = "skipped"  # the campaign was stopping when the trial's turn came
# Disagreement statuses
FINDING = "finding"
FLAKY = "flaky"
UNCONFIRMED = "unconfirmed"  # the campaign stopped before the disagreement was replayed

CASE_AREA = "fuzz"  # emitted cases go to OUT/cases/fuzz/, as they would under cases/fuzz/
STAT_KEYS = ("trials", "sessions", "disagreements", "findings", "duplicates", "flaky", "build_failures", "errors",
             "unsupported", "unconfirmed")
TIME_GRACE_S = 15.0  # past --time: what minimisations in flight (and late replays) may still take
# How a minimisation ended: "done" (no smaller candidate disagrees), "time" (its --minimise-time), "deadline"
# (the campaign's --time plus grace), "stopped" (Ctrl-C), "off" (--no-minimise).  All but done/off: cut short.
CUT_SHORT = ("time", "deadline", "stopped")


def trial_seed(campaign_seed: int, generator: str, index: int) -> int:
    """Trial `index` of `generator`'s seed in the campaign `campaign_seed` (48 bits: short to type)."""
    digest = hashlib.sha256(f"{campaign_seed}/{generator}/{index}".encode()).digest()
    return int.from_bytes(digest[:6], "big")


@dataclass(frozen=True)
class Settings:
    a: TargetSpec
    b: TargetSpec
    generators: tuple[str, ...]
    seed: int
    out: Path
    count: int | None = None  # trials in all; None: until `time_s`
    time_s: float | None = None  # start no trial after this many seconds; end by then plus time_grace_s
    jobs: int = 1
    minimise: bool = True
    minimise_s: float = 60.0  # per finding
    expect: str = "a"  # the side whose results the emitted cases expect
    grace_s: float = 60.0  # once stopping (or past time_s + time_grace_s): how long before tasks are terminated
    time_grace_s: float = TIME_GRACE_S


@dataclass(frozen=True)
class TrialOutcome:
    generator: str
    index: int
    seed: int
    status: str
    seconds: float
    sessions: int = 0
    note: str = ""
    message: str = ""
    trial: Trial | None = None  # when it differs: kept (and its work directory) for the replay
    differences: tuple[Difference, ...] = ()
    signature: Signature | None = None  # when it differs: what makes it the same finding as another


@dataclass(frozen=True)
class FindingOutcome:
    generator: str
    seed: int
    status: str  # FINDING, FLAKY, UNCONFIRMED or ERROR
    differences: tuple[Difference, ...]
    replay_differences: tuple[Difference, ...] = ()
    finding: Finding | None = None
    steps: int = 0
    tried: int = 0
    ended: str = ""
    sessions: int = 0
    seconds: float = 0.0
    message: str = ""
    signature: str = ""  # the as-generated disagreement's signature (its duplicates share it)


@dataclass(frozen=True)
class Duplicate:
    """A disagreement with the signature of a finding: listed with it, neither replayed nor emitted."""

    generator: str
    seed: int
    fields: tuple[str, ...]


# -- worker side --------------------------------------------------------------------------------

_STOP: multiprocessing.synchronize.Event | None = None
_GENERATORS: dict[str, Generator] = {}


def _init_worker(stop: multiprocessing.synchronize.Event) -> None:
    global _STOP
    _STOP = stop
    # The terminal's Ctrl-C reaches the whole process group: the campaign's process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stopping() -> bool:
    return _STOP is not None and _STOP.is_set()


def generator_of(name: str) -> Generator:
    if name not in _GENERATORS:
        loaded = load(name)
        if loaded.generator is None:
            raise RuntimeError(f"generator {name}: {loaded.reason}")
        _GENERATORS[name] = loaded.generator
    return _GENERATORS[name]


def run_trial(name: str, index: int, seed: int, a: TargetSpec, b: TargetSpec, work_root: Path,
              not_after: float | None = None) -> TrialOutcome:
    """Generate trial `seed` of generator `name` and judge it; its work directory is kept only when it differs.
    A trial whose turn comes after `not_after` (a time.monotonic() value: CLOCK_MONOTONIC, the same in
    every process) is skipped."""
    from harness.toolchain import BuildError

    start = time.monotonic()
    if _stopping() or (not_after is not None and start > not_after):
        return TrialOutcome(name, index, seed, SKIPPED, 0.0)
    work = work_root / f"{name}-{seed}"
    keep = False
    try:
        try:
            trial = generator_of(name).generate(seed, work)
        except BuildError as exc:
            return TrialOutcome(name, index, seed, BUILD_FAILED, time.monotonic() - start,
                                message=_first_line(str(exc)))
        judgement = judge(trial, target_of(a), target_of(b))
        seconds = time.monotonic() - start
        if judgement.unsupported is not None:
            return TrialOutcome(name, index, seed, UNSUPPORTED, seconds, 2, trial.note, judgement.unsupported)
        if not judgement.differences:
            return TrialOutcome(name, index, seed, AGREE, seconds, 2, trial.note)
        keep = True
        return TrialOutcome(name, index, seed, DIFFER, seconds, 2, trial.note, trial=trial,
                            differences=judgement.differences,
                            signature=signature(judgement.a, judgement.b, judgement.differences,
                                                tuple(c.alias for c in trial.session.channels)))
    except Exception as exc:  # one trial's failure is counted and reported, the campaign goes on
        return TrialOutcome(name, index, seed, ERROR, time.monotonic() - start,
                            message=f"{type(exc).__name__}: {_first_line(str(exc))}")
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def confirm_finding(name: str, trial: Trial, differences: tuple[Difference, ...], settings: Settings,
                    work: Path, labels: tuple[str, str], end_by: float | None = None) -> FindingOutcome:
    """Replay a disagreement; when it is real, minimise it (unless told not to) and write its case.
    `end_by` (a time.monotonic() value): the campaign's deadline plus grace.  A replay that would start
    after it is not run (unconfirmed); shrinking stops there, keeping the smallest disagreeing trial."""
    start = time.monotonic()
    fields = tuple(d.field for d in differences)
    if _stopping():
        return FindingOutcome(name, trial.seed, UNCONFIRMED, differences)
    if end_by is not None and start > end_by:
        shutil.rmtree(work, ignore_errors=True)
        return FindingOutcome(name, trial.seed, UNCONFIRMED, differences,
                              message="the campaign's time was up before its replay")
    try:
        a, b = target_of(settings.a), target_of(settings.b)
        again, same = replay(trial, a, b, fields)
        replay_s = time.monotonic() - start
        sessions = 2
        if not same:
            return FindingOutcome(name, trial.seed, FLAKY, differences, again.differences, sessions=sessions,
                                  seconds=time.monotonic() - start)
        best, judgement, steps, tried, ended = trial, again, 0, 0, "off"
        if settings.minimise:
            cap = start + settings.minimise_s
            # Shrinking leaves time for the smallest trial's replay (about as long as the first one) by end_by.
            last = None if end_by is None else end_by - replay_s
            shrunk = minimise(generator_of(name), trial, fields, a, b, work,
                              cap if last is None else min(cap, last), _stopping)
            steps, tried, ended = shrunk.steps, shrunk.tried, shrunk.ended
            if ended == "time" and last is not None and last < cap:
                ended = "deadline"
            sessions += 2 * tried
            if shrunk.judgement is not None and not _stopping():
                # The smallest trial must disagree again too, or the original is the finding.
                final, same = replay(shrunk.trial, a, b, fields)
                sessions += 2
                if same:
                    best, judgement = shrunk.trial, final
        finding = Finding(best, trial, judgement.differences)
        try:
            toml = _emit(finding, judgement, settings, labels)
            finding = Finding(best, trial, judgement.differences, toml.parent)
            message = ""
        except EmitError as exc:
            message = f"not written as a case: {exc}"
        except Exception as exc:  # a case writer's bug must not lose a confirmed finding
            message = f"not written as a case: {type(exc).__name__}: {_first_line(str(exc))}"
        return FindingOutcome(name, trial.seed, FINDING, differences, again.differences, finding, steps, tried,
                              ended, sessions, time.monotonic() - start, message)
    except Exception as exc:  # reported in the summary with the disagreement
        return FindingOutcome(name, trial.seed, ERROR, differences, seconds=time.monotonic() - start,
                              message=f"{type(exc).__name__}: {_first_line(str(exc))}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _emit(finding: Finding, judgement: Judgement, settings: Settings, labels: tuple[str, str]) -> Path:
    trial = finding.trial
    expected = judgement.a if settings.expect == "a" else judgement.b
    nexe = trial.session.nexe
    scan = scan_verdict(nexe) if nexe is not None and nexe.is_file() else None
    fields = ", ".join(d.field for d in finding.differences)
    mine, other = (labels[0], labels[1]) if settings.expect == "a" else (labels[1], labels[0])
    shrunk = f" (minimised from size {finding.original.size})" if trial is not finding.original else ""
    description = (f"fuzz: {trial.generator} seed {trial.seed}{shrunk}: {trial.note or 'a generated session'}; "
                   f"expects what {mine} did, {other} differs on {fields}")
    return emit_case(trial, expected, settings.out / "cases" / CASE_AREA, description=description, scan=scan,
                     name=case_name(finding.original))


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0][:300] if lines else ""


# -- the campaign's process ---------------------------------------------------------------------

@dataclass
class GeneratorStats:
    counts: Counter[str] = field(default_factory=Counter)

    def to_json(self, elapsed_s: float) -> dict[str, Any]:
        minutes = max(elapsed_s, 1e-9) / 60
        out: dict[str, Any] = {k: self.counts[k] for k in STAT_KEYS}
        out["trials_per_min"] = round(self.counts["trials"] / minutes, 1)
        out["sessions_per_min"] = round(self.counts["sessions"] / minutes, 1)
        return out


@dataclass
class Group:
    """The disagreements of one signature: the one being (or that was) confirmed, and its duplicates."""

    signature: Signature
    head: TrialOutcome
    finding: FindingOutcome | None = None  # once the head is confirmed
    duplicates: list[Duplicate] = field(default_factory=list)
    # Duplicates met while the head is being confirmed: their trials (and work directories) are kept,
    # so that one of them can take the head's place if the head turns out flaky.
    waiting: list[TrialOutcome] = field(default_factory=list)


@dataclass
class Summary:
    settings: Settings
    unavailable: dict[str, str]
    stats: dict[str, GeneratorStats]
    findings: list[FindingOutcome] = field(default_factory=list)  # distinct: one per signature
    others: list[FindingOutcome] = field(default_factory=list)  # flaky, unconfirmed, failed confirmations
    duplicates: dict[str, list[Duplicate]] = field(default_factory=dict)  # signature -> its finding's duplicates
    errors: list[str] = field(default_factory=list)
    pacing: dict[str, dict[str, float]] = field(default_factory=dict)
    elapsed_s: float = 0.0
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FINDINGS if self.findings else EXIT_OK

    def duplicates_of(self, finding: FindingOutcome) -> list[Duplicate]:
        return self.duplicates.get(finding.signature, [])

    def to_json(self) -> dict[str, Any]:
        s = self.settings
        generators = {name: st.to_json(self.elapsed_s) for name, st in self.stats.items()}
        for name, pace in self.pacing.items():
            generators[name].update(pace)
        return {
            "seed": s.seed, "a": s.a.label, "b": s.b.label, "expect": s.expect,
            "count": s.count, "time_s": s.time_s, "time_grace_s": s.time_grace_s, "jobs": s.jobs,
            "minimise": s.minimise, "minimise_s": s.minimise_s,
            "elapsed_s": round(self.elapsed_s, 3), "interrupted": self.interrupted, "exit_code": self.exit_code,
            "generators": generators,
            "unavailable": self.unavailable,
            "findings": [_finding_json(f, self.duplicates_of(f)) for f in self.findings],
            "flaky": [_finding_json(f) for f in self.others if f.status == FLAKY],
            "unconfirmed": [_finding_json(f) for f in self.others if f.status == UNCONFIRMED],
            "failed": [_finding_json(f) for f in self.others if f.status == ERROR],
            "errors": self.errors,
        }


EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MAX_ERRORS = 50  # error lines kept in the summary


def _differences_json(diffs: tuple[Difference, ...]) -> list[dict[str, Any]]:
    return [{"field": d.field, "a": describe(d.a), "b": describe(d.b)} for d in diffs]


def _finding_json(f: FindingOutcome, duplicates: list[Duplicate] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"generator": f.generator, "seed": f.seed, "status": f.status,
                           "fields": [d.field for d in f.differences],
                           "differences": _differences_json(f.differences),
                           "replay": f"--replay {f.generator}:{f.seed}"}
    if f.signature:
        out["signature"] = f.signature
    if f.status == FLAKY:
        out["replay_fields"] = [d.field for d in f.replay_differences]
    if f.finding is not None:
        out.update({"note": f.finding.trial.note, "size": f.finding.trial.size,
                    "original_size": f.finding.original.size, "minimised_differences":
                    _differences_json(f.finding.differences), "minimise_steps": f.steps,
                    "minimise_tried": f.tried, "minimise_ended": f.ended,
                    "minimise_cut_short": f.ended in CUT_SHORT,
                    "case": str(f.finding.case_dir / f"{case_name(f.finding.original)}.toml")
                    if f.finding.case_dir is not None else None})
    if duplicates is not None:
        out["duplicate_count"] = len(duplicates)
        out["duplicates"] = [{"generator": d.generator, "seed": d.seed, "fields": list(d.fields),
                              "replay": f"--replay {d.generator}:{d.seed}"} for d in duplicates]
    if f.message:
        out["message"] = f.message
    return out


class Campaign:
    """Runs `settings` and returns the `Summary`; progress lines go to `progress`."""

    def __init__(self, settings: Settings, available: dict[str, Generator], unavailable: dict[str, str],
                 progress: TextIO | None = None, progress_every_s: float | None = None) -> None:
        self.settings = settings
        self.names = tuple(name for name in settings.generators if name in available)
        if not self.names:
            raise ValueError("a campaign needs at least one available generator")
        self.unavailable = unavailable
        self.progress = progress
        tty = progress is not None and progress.isatty()
        self.progress_every_s = progress_every_s if progress_every_s is not None else (1.0 if tty else 30.0)
        self.tty = tty
        self.stop_requested = False
        self.hard_stop = False
        self.summary = Summary(settings, unavailable, {name: GeneratorStats() for name in self.names})
        self.pacer = Pacer(self.names)
        self.groups: dict[str, Group] = {}  # signature key -> its disagreements
        self.end_by: float | None = None  # with --time: the deadline plus grace (time.monotonic())
        self._submit_finding: Callable[[TrialOutcome], None] = lambda outcome: None

    def stop(self) -> None:
        """Stop starting trials (as the first Ctrl-C does); a second call stops the workers at once."""
        if self.stop_requested:
            self.hard_stop = True
        self.stop_requested = True

    def run(self) -> Summary:
        s = self.settings
        work_root = s.out / "work"
        work_root.mkdir(parents=True, exist_ok=True)
        ctx = multiprocessing.get_context("fork")
        stop_event = ctx.Event()
        results: queue.Queue[tuple[str, Any]] = queue.Queue()
        pool = ctx.Pool(s.jobs, initializer=_init_worker, initargs=(stop_event,))
        labels = (s.a.label, s.b.label)
        start = time.monotonic()
        deadline = None if s.time_s is None else start + s.time_s
        self.end_by = None if deadline is None else deadline + s.time_grace_s
        next_index = dict.fromkeys(self.names, 0)
        in_flight = {"trial": 0, "finding": 0}
        submitted = 0
        last_progress = 0.0
        stopping_since: float | None = None

        def submit_trial() -> None:
            nonlocal submitted
            name = self.pacer.next()
            index = next_index[name]
            next_index[name] += 1
            seed = trial_seed(s.seed, name, index)
            in_flight["trial"] += 1
            submitted += 1
            pool.apply_async(run_trial, (name, index, seed, s.a, s.b, work_root, deadline),
                             callback=lambda r: results.put(("trial", r)),
                             error_callback=lambda e, n=name, sd=seed: results.put(("trial-error", (n, sd, e))))

        def submit_finding(outcome: TrialOutcome) -> None:
            assert outcome.trial is not None
            in_flight["finding"] += 1
            work = work_root / f"{outcome.generator}-{outcome.seed}"
            pool.apply_async(confirm_finding, (outcome.generator, outcome.trial, outcome.differences, s, work,
                                               labels, self.end_by),
                             callback=lambda r: results.put(("finding", r)),
                             error_callback=lambda e, o=outcome: results.put(("finding-error", (o, e))))

        self._submit_finding = submit_finding
        previous = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, lambda signum, frame: self.stop())
        try:
            while True:
                now = time.monotonic()
                out_of_time = deadline is not None and now >= deadline
                out_of_count = s.count is not None and submitted >= s.count
                if self.stop_requested:
                    stop_event.set()
                    if stopping_since is None:
                        stopping_since = now
                        self._say(f"stopping: waiting for {in_flight['trial']} trial(s) and {in_flight['finding']} "
                                  f"finding(s) in progress (Ctrl-C again to stop at once)", newline=True)
                starting = not (self.stop_requested or out_of_time or out_of_count)
                while starting and in_flight["trial"] < 2 * s.jobs and (s.count is None or submitted < s.count):
                    submit_trial()
                if not any(in_flight.values()) and not starting:
                    break
                if self.hard_stop or (stopping_since is not None and now - stopping_since > s.grace_s):
                    break
                if self.end_by is not None and now > self.end_by + s.grace_s:
                    break  # a task that ignores the deadline (a session that hangs): terminated
                with contextlib.suppress(queue.Empty):
                    kind, payload = results.get(timeout=0.2)
                    self._handle(kind, payload, in_flight)
                if now - last_progress >= self.progress_every_s:
                    last_progress = now
                    self._say(self.progress_line(now - start))
        finally:
            signal.signal(signal.SIGINT, previous)
            stop_event.set()
            if any(in_flight.values()):
                pool.terminate()
            else:
                pool.close()
            pool.join()
            self._settle_groups()
            self.summary.elapsed_s = time.monotonic() - start
            self.summary.interrupted = self.stop_requested
            self.summary.pacing = self.pacer.share_json()
            shutil.rmtree(work_root, ignore_errors=True)
            self.write_summary()
        self._say(self.progress_line(self.summary.elapsed_s), newline=True)
        return self.summary

    def _handle(self, kind: str, payload: Any, in_flight: dict[str, int]) -> None:
        if kind in ("trial", "trial-error"):
            in_flight["trial"] -= 1
            if kind == "trial-error":
                name, seed, exc = payload
                self.pacer.finished(name, 0.0, counted=False)
                self.summary.stats[name].counts["trials"] += 1
                self.summary.stats[name].counts["errors"] += 1
                self._error(f"{name}:{seed}: {type(exc).__name__}: {exc}")
                return
            outcome: TrialOutcome = payload
            self.pacer.finished(outcome.generator, outcome.seconds, counted=outcome.status != SKIPPED)
            self._count_trial(outcome)
            return
        in_flight["finding"] -= 1
        if kind == "finding-error":
            outcome, exc = payload
            self._error(f"{outcome.generator}:{outcome.seed}: confirming failed: {type(exc).__name__}: {exc}")
            self._head_failed(outcome.generator, outcome.seed)
            return
        result: FindingOutcome = payload
        counts = self.summary.stats[result.generator].counts
        counts["sessions"] += result.sessions
        group = self._group_of(result.generator, result.seed)
        if group is not None:
            result = replace(result, signature=group.signature.key)
        if result.status == FINDING:
            counts["findings"] += 1
            self.summary.findings.append(result)
            if group is not None:
                group.finding = result
                for waiting in group.waiting:  # duplicates for good now: their trials are not needed
                    group.duplicates.append(_duplicate(waiting))
                    self._drop_work(waiting)
                group.waiting.clear()
                self.summary.duplicates[group.signature.key] = group.duplicates
            where = result.finding.case_dir if result.finding is not None else None
            self._say(f"finding: {result.generator}:{result.seed} differs on "
                      f"{', '.join(d.field for d in result.differences)}"
                      f"{f' -> {where}' if where else ''}{f' ({result.message})' if result.message else ''}",
                      newline=True)
            return
        counts["flaky" if result.status == FLAKY else "unconfirmed" if result.status == UNCONFIRMED
               else "errors"] += 1
        self.summary.others.append(result)
        if result.status == ERROR:
            self._error(f"{result.generator}:{result.seed}: confirming failed: {result.message}")
        self._head_failed(result.generator, result.seed)

    def _group_of(self, generator: str, seed: int) -> Group | None:
        for group in self.groups.values():
            if group.finding is None and (group.head.generator, group.head.seed) == (generator, seed):
                return group
        return None

    def _head_failed(self, generator: str, seed: int) -> None:
        """A group's head was not confirmed (flaky, unconfirmed, its confirmation failed): the next
        duplicate waiting takes its place; with none, the signature is free for the next disagreement."""
        group = self._group_of(generator, seed)
        if group is None:
            return
        if group.waiting and self._can_confirm():
            successor = group.waiting.pop(0)
            self.summary.stats[successor.generator].counts["duplicates"] -= 1
            group.head = successor
            self._submit_finding(successor)
            return
        del self.groups[group.signature.key]
        for waiting in group.waiting:
            self._unconfirmed(waiting, "its finding was not confirmed")

    def _can_confirm(self) -> bool:
        return not self.stop_requested and (self.end_by is None or time.monotonic() <= self.end_by)

    def _settle_groups(self) -> None:
        """At the end: what waits on a head never confirmed (the workers were stopped) is unconfirmed."""
        for key, group in list(self.groups.items()):
            if group.finding is not None:
                continue
            del self.groups[key]
            self._unconfirmed(group.head, "the campaign ended before it was confirmed", duplicate=False)
            for waiting in group.waiting:
                self._unconfirmed(waiting, "the campaign ended before its finding was confirmed")

    def _unconfirmed(self, outcome: TrialOutcome, why: str, duplicate: bool = True) -> None:
        counts = self.summary.stats[outcome.generator].counts
        if duplicate:
            counts["duplicates"] -= 1
        counts["unconfirmed"] += 1
        key = outcome.signature.key if outcome.signature is not None else ""
        self.summary.others.append(FindingOutcome(outcome.generator, outcome.seed, UNCONFIRMED, outcome.differences,
                                                  message=why, signature=key))
        self._drop_work(outcome)

    def _drop_work(self, outcome: TrialOutcome) -> None:
        shutil.rmtree(self.settings.out / "work" / f"{outcome.generator}-{outcome.seed}", ignore_errors=True)

    def _count_trial(self, outcome: TrialOutcome) -> None:
        if outcome.status == SKIPPED:
            return
        counts = self.summary.stats[outcome.generator].counts
        counts["trials"] += 1
        counts["sessions"] += outcome.sessions
        if outcome.status == DIFFER:
            counts["disagreements"] += 1
            key = outcome.signature.key if outcome.signature is not None else ""
            group = self.groups.get(key)
            if group is not None and not self.stop_requested:
                # The same finding again: listed with it, not replayed, minimised or emitted.
                counts["duplicates"] += 1
                if group.finding is not None:
                    group.duplicates.append(_duplicate(outcome))
                    self._drop_work(outcome)
                else:
                    group.waiting.append(outcome)
            elif not self._can_confirm():
                # Ctrl-C may have cut its run short, or the time (and grace) is up: not replayed, not a finding.
                counts["unconfirmed"] += 1
                self.summary.others.append(FindingOutcome(
                    outcome.generator, outcome.seed, UNCONFIRMED, outcome.differences, signature=key,
                    message="" if self.stop_requested else "the campaign's time was up before its replay"))
                self._drop_work(outcome)
            else:
                assert outcome.signature is not None
                self.groups[key] = Group(outcome.signature, outcome)
                self._submit_finding(outcome)
        elif outcome.status == BUILD_FAILED:
            counts["build_failures"] += 1
        elif outcome.status == UNSUPPORTED:
            counts["unsupported"] += 1
        elif outcome.status == ERROR:
            counts["errors"] += 1
            self._error(f"{outcome.generator}:{outcome.seed}: {outcome.message}")

    def _error(self, line: str) -> None:
        if len(self.summary.errors) < MAX_ERRORS:
            self.summary.errors.append(line)

    def progress_line(self, elapsed_s: float) -> str:
        minutes = max(elapsed_s, 1e-9) / 60
        parts = []
        total: Counter[str] = Counter()
        for name, st in self.summary.stats.items():
            c = st.counts
            total.update(c)
            parts.append(f"{name} {c['trials']} ({c['sessions'] / minutes:.0f} sessions/min)")
        return (f"[{elapsed_s:6.0f}s] {', '.join(parts)} | {total['disagreements']} disagreement(s), "
                f"{total['findings']} distinct finding(s) (+{total['duplicates']} duplicate(s)), "
                f"{total['flaky']} flaky")

    def _say(self, line: str, newline: bool = False) -> None:
        if self.progress is None:
            return
        if self.tty:
            self.progress.write(f"\r\x1b[K{line}" + ("\n" if newline else ""))
        else:
            self.progress.write(line + "\n")
        self.progress.flush()

    def write_summary(self) -> Path:
        path = self.settings.out / "summary.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.summary.to_json(), indent=2, default=str) + "\n")
        os.replace(tmp, path)
        return path


def _duplicate(outcome: TrialOutcome) -> Duplicate:
    return Duplicate(outcome.generator, outcome.seed, tuple(d.field for d in outcome.differences))


def render_table(summary: Summary) -> str:
    """The final table: one row per generator."""
    header = ("generator", "trials", "sessions/min", "disagreements", "findings", "duplicates", "flaky",
              "build failures", "errors", "unsupported")
    rows = [header]
    for name, st in summary.stats.items():
        j = st.to_json(summary.elapsed_s)
        rows.append((name, str(j["trials"]), f"{j['sessions_per_min']:.1f}", str(j["disagreements"]),
                     str(j["findings"]), str(j["duplicates"]), str(j["flaky"]), str(j["build_failures"]),
                     str(j["errors"]), str(j["unsupported"])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    for name, reason in summary.unavailable.items():
        lines.append(f"{name}: unavailable ({reason})")
    return "\n".join(lines)


def replay_one(name: str, seed: int, a: TargetSpec, b: TargetSpec, work: Path) -> tuple[Trial, Judgement]:
    """Generate trial `seed` of generator `name` in `work` and judge it once (in this process)."""
    trial = generator_of(name).generate(seed, work)
    return trial, judge(trial, target_of(a), target_of(b))


def print_differences(differences: tuple[Difference, ...], labels: tuple[str, str], out: TextIO = sys.stdout) -> None:
    for d in differences:
        out.write(f"  {d.field}:\n    a ({labels[0]}): {d.a}\n    b ({labels[1]}): {d.b}\n")


__all__ = ["Campaign", "FindingOutcome", "Settings", "Summary", "TrialOutcome", "confirm_finding",
           "render_table", "replay_one", "run_trial", "trial_seed"]
