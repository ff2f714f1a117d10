"""Precision and soundness figures of the static trap surface, per nexe: the corpus and generated programs.

    python tests/trap_precision.py [--generated N] [--areas trap,escape] [--no-corpus]

For each nexe: the trap functions the scan says are reachable against the ones its run on the reference target
called, its trap sites, and its indirect branches resolved / left unresolved.  Exits 1 if any observed call is
missing from the static surface (the soundness check of tests/test_trap_soundness.py, over everything).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.trapcheck import TrapCheck
from tests.test_trap_soundness import GENERATED_FULL, check_case, check_generated, corpus_tomls


def _row(c: TrapCheck) -> str:
    static = ",".join(c.static) or "-"
    observed = ",".join(c.observed) or "-"
    flag = "" if c.sound else f"  UNSOUND: {c.describe_missed()}"
    return (f"{c.name:<44} {len(c.static):>2} {static:<42} {len(c.observed):>2} {observed:<24} {c.trap_sites:>5} "
            f"{c.indirect_resolved + c.indirect_unresolved:>5} {c.indirect_resolved:>5} {c.indirect_unresolved:>5}"
            f"{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=GENERATED_FULL, help="generated programs (seeds 0..N-1)")
    parser.add_argument("--areas", help="comma-separated corpus areas (default: all)")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args(argv)
    checks: list[TrapCheck] = []
    print(f"{'NEXE':<44} {'STATIC':<45} {'OBSERVED':<27} {'SITES':>5} {'IND':>5} {'RES':>5} {'UNRES':>5}")
    if not args.no_corpus:
        areas = tuple(args.areas.split(",")) if args.areas else None
        for toml in corpus_tomls(areas):
            for c in check_case(toml):
                checks.append(c)
                print(_row(c), flush=True)
    for seed in range(args.generated):
        c = check_generated(seed)
        checks.append(c)
        print(_row(c), flush=True)
    unsound = [c for c in checks if not c.sound]
    ran = [c for c in checks if c.calls]
    indirect = sum(c.indirect_resolved + c.indirect_unresolved for c in checks)
    resolved = sum(c.indirect_resolved for c in checks)
    exact = sum(1 for c in ran if len(c.static) == len(c.observed))
    print()
    print(f"nexes: {len(checks)} ({len(ran)} made trap calls); unsound: {len(unsound)}")
    if ran:
        print(f"static functions per nexe (that made calls): mean {sum(len(c.static) for c in ran) / len(ran):.2f}, "
              f"observed: mean {sum(len(c.observed) for c in ran) / len(ran):.2f}; static == observed in "
              f"{exact} of {len(ran)}")
    print(f"indirect branches: {indirect}, resolved {resolved}, unresolved {indirect - resolved}")
    unresolved_nexes = [c.name for c in checks if c.indirect_unresolved]
    print(f"nexes with unresolved indirect branches: {len(unresolved_nexes)}"
          + (f" ({', '.join(unresolved_nexes[:12])}{', ...' if len(unresolved_nexes) > 12 else ''})"
             if unresolved_nexes else ""))
    return 1 if unsound else 0


if __name__ == "__main__":
    sys.exit(main())
