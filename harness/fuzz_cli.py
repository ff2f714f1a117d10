"""`python -m harness fuzz`: a differential campaign between two targets (docs/fuzz.md).

Exit codes: 0 no findings, 1 findings (each written as a case under OUT/cases/fuzz/), 2 bad usage
(an unknown or unavailable generator, a missing zerovm, the same target twice, ...), 130
interrupted (Ctrl-C; findings so far and the summary are written).  With --replay: 0 the trial
agrees, 1 it differs, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

EXIT_OK = 0
EXIT_DIFFERS = 1
EXIT_USAGE = 2


def add_fuzz_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("fuzz", help="a differential campaign: generated sessions on two targets",
                       description="Run generated sessions on two targets and compare them field by field; "
                                   "disagreements are replayed, minimised and written as cases (docs/fuzz.md).")
    p.add_argument("--a", required=True, metavar="TARGET",
                   help="side a: ref, or the path of a zerovm binary (or module:Class, a target in Python)")
    p.add_argument("--b", required=True, metavar="TARGET", help="side b, as --a")
    p.add_argument("--generator", action="append", default=[], metavar="NAME",
                   help="a generator (repeatable; default: every available one): trap, csmith, manifest, nexe, "
                        "or module:Class")
    p.add_argument("--seed", type=int, default=None,
                   help="the campaign's seed (default: from the clock; printed); trial seeds derive from it")
    p.add_argument("--replay", metavar="GENERATOR:SEED",
                   help="run one trial again (a finding's seed) and print both results' differences")
    p.add_argument("--time", type=float, default=None, metavar="SECONDS",
                   help="start no trial after this long, and end within it plus 15 s (minimisations are cut short)")
    p.add_argument("--count", type=int, default=None, metavar="N", help="run N trials in all")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="worker processes (default: every core, %(default)s)".replace("%(default)s",
                                                                                     str(os.cpu_count() or 1)))
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="where findings' cases and summary.json go (default results/fuzz-<timestamp>/)")
    p.add_argument("--expect", choices=("a", "b"), default="a",
                   help="the side whose results the emitted cases expect (default a: they fail on b)")
    p.add_argument("--minimise-time", type=float, default=60.0, metavar="SECONDS",
                   help="time to minimise each finding (default 60)")
    p.add_argument("--no-minimise", dest="minimise", action="store_false", help="write findings as generated")
    p.add_argument("--json", action="store_true", help="print the summary as JSON on stdout (progress: stderr)")
    p.set_defaults(func=fuzz_command)


class Usage(Exception):
    """Bad usage: one line, exit 2."""


def fuzz_command(args: argparse.Namespace) -> int:
    try:
        return _fuzz(args)
    except Usage as exc:
        print(f"error: fuzz: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _fuzz(args: argparse.Namespace) -> int:
    from harness.fuzz.campaign import Campaign, Settings, render_table
    from harness.fuzz.generators import REGISTRY, UnknownGenerator, load
    from harness.fuzz.targets import BadTarget, parse_target

    if args.a == args.b:
        raise Usage(f"--a and --b are the same target ({args.a}): nothing to compare")
    if args.jobs is not None and args.jobs < 1:
        raise Usage(f"--jobs must be at least 1, not {args.jobs}")
    if args.count is not None and args.count < 1:
        raise Usage(f"--count must be at least 1, not {args.count}")
    if args.time is not None and args.time <= 0:
        raise Usage(f"--time must be positive, not {args.time}")
    if args.minimise_time <= 0:
        raise Usage(f"--minimise-time must be positive, not {args.minimise_time}")
    try:
        a, b = parse_target(args.a), parse_target(args.b)
    except BadTarget as exc:
        raise Usage(str(exc)) from None
    if a == b:
        raise Usage(f"--a and --b are the same target ({a.label}): nothing to compare")
    if args.replay is not None:
        return _replay(args.replay, a, b, args.json)
    if args.time is None and args.count is None:
        raise Usage("say how long: --time SECONDS and/or --count N")
    names = tuple(dict.fromkeys(args.generator)) or tuple(REGISTRY)
    available, unavailable = {}, {}
    for name in names:
        try:
            loaded = load(name)
        except UnknownGenerator as exc:
            raise Usage(str(exc)) from None
        if loaded.generator is None:
            unavailable[name] = loaded.reason or "unavailable"
        else:
            available[name] = loaded.generator
    if args.generator and unavailable:
        # Asked for by name: a generator that cannot run is the user's to know about before a long run.
        name, reason = next(iter(unavailable.items()))
        raise Usage(f"generator {name} is unavailable: {reason}")
    if not available:
        reasons = "; ".join(f"{n}: {r}" for n, r in unavailable.items())
        raise Usage(f"no generator can run here ({reasons})")
    seed = args.seed if args.seed is not None else int(time.time())
    out = args.out or Path("results") / f"fuzz-{time.strftime('%Y%m%d-%H%M%S')}"
    if out.exists() and any(out.iterdir()):
        raise Usage(f"--out {out} is not empty")
    settings = Settings(a=a, b=b, generators=tuple(available), seed=seed, out=out, count=args.count,
                        time_s=args.time, jobs=args.jobs or os.cpu_count() or 1, minimise=args.minimise,
                        minimise_s=args.minimise_time, expect=args.expect)
    print(f"fuzz: seed {seed}, a = {a.label}, b = {b.label}, generators {', '.join(available)}"
          f"{'; unavailable: ' + ', '.join(f'{n} ({r})' for n, r in unavailable.items()) if unavailable else ''}"
          f", {settings.jobs} job(s), out {out}", file=sys.stderr)
    campaign = Campaign(settings, available, unavailable, progress=sys.stderr)
    summary = campaign.run()
    if args.json:
        print(json.dumps(summary.to_json(), indent=2, default=str))
    else:
        print(render_table(summary))
        for f in summary.findings:
            where = f.finding.case_dir if f.finding is not None and f.finding.case_dir else "no case written"
            duplicates = len(summary.duplicates_of(f))
            print(f"finding {f.generator}:{f.seed}: {', '.join(d.field for d in f.differences)} ({where})"
                  f"{f'; {duplicates} duplicate(s) in the summary' if duplicates else ''}"
                  f"{'; ' + f.message if f.message else ''}")
        print(f"summary: {out / 'summary.json'}")
    if summary.interrupted:
        print("interrupted: findings so far and the summary are written", file=sys.stderr)
    return summary.exit_code


def _replay(spec: str, a: object, b: object, as_json: bool) -> int:
    from harness.fuzz.campaign import print_differences, replay_one
    from harness.fuzz.compare import describe
    from harness.fuzz.generators import UnknownGenerator, load
    from harness.toolchain import BuildError

    name, _, seed_text = spec.rpartition(":")
    if not name or not seed_text.isdigit():
        raise Usage(f"--replay {spec}: give GENERATOR:SEED (a finding's seed, as the summary lists it)")
    try:
        loaded = load(name)
    except UnknownGenerator as exc:
        raise Usage(str(exc)) from None
    if loaded.generator is None:
        raise Usage(f"generator {name} is unavailable: {loaded.reason}")
    with tempfile.TemporaryDirectory(prefix="zvm-fuzz-replay-") as tmp:
        try:
            trial, judgement = replay_one(name, int(seed_text), a, b, Path(tmp))  # type: ignore[arg-type]
        except BuildError as exc:
            print(f"{name}:{seed_text}: the program does not build: {exc}", file=sys.stderr)
            return EXIT_DIFFERS
    labels = (a.label, b.label)  # type: ignore[attr-defined]
    if as_json:
        print(json.dumps({"generator": name, "seed": int(seed_text), "note": trial.note,
                          "unsupported": judgement.unsupported,
                          "differences": [{"field": d.field, "a": describe(d.a), "b": describe(d.b)}
                                          for d in judgement.differences],
                          "a": judgement.a.to_json(), "b": judgement.b.to_json()}, indent=2, default=str))
    else:
        print(f"{name}:{seed_text}: {trial.note}")
        for label, result in zip(labels, (judgement.a, judgement.b), strict=True):
            print(f"  {label}: {result.outcome}, exit code {result.exit_code}, user code {result.user_code}, "
                  f"exit state {result.exit_state!r}")
        if judgement.unsupported:
            print(f"  not compared: {judgement.unsupported}")
        elif judgement.differences:
            print(f"  {len(judgement.differences)} difference(s):")
            print_differences(judgement.differences, labels)
        else:
            print("  the two sides agree")
    return EXIT_DIFFERS if judgement.differences else EXIT_OK
