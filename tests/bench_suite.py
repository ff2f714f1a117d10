"""Benchmark: what the harness adds per case, next to the bare target run time.

    python tests/bench_suite.py [--target ref|zerovm] [--zerovm PATH] [--repeat N]

For every case of the corpus (cases/**/*.toml, first optimisation level) it times,
in one process and side by side: the bare `target.run(session)`, and everything the
pytest item does around it (cached build lookup, loader and validator scan, staging,
comparison with the expectation).  It prints per-area medians and the totals.  The
nexes are built first (not timed): a warm run compiles nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.cases import load_case  # noqa: E402
from harness.compare import compare_run  # noqa: E402
from harness.loader import TEXT_START, check_loader  # noqa: E402
from harness.plugin import _build_cached  # noqa: E402
from harness.targets import Session, Target  # noqa: E402
from harness.targets.ref import RefTarget  # noqa: E402
from harness.targets.zerovm import ZerovmTarget, find_zerovm  # noqa: E402
from harness.validator import validate_code  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", choices=("ref", "zerovm"), default="ref")
    ap.add_argument("--zerovm", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="runs per case; the best is kept")
    args = ap.parse_args()
    target: Target
    if args.target == "zerovm":
        path = find_zerovm(args.zerovm)
        if path is None:
            print("no zerovm: pass --zerovm PATH or set ZEROVM", file=sys.stderr)
            return 2
        target = ZerovmTarget(path)
    else:
        target = RefTarget()

    cases = [load_case(p, ROOT / "cases") for p in sorted((ROOT / "cases").rglob("*.toml"))]
    cases = [c for c in cases if c.run is not None]
    for c in cases:  # warm the build cache: building is not what this measures
        if c.source is not None:
            _build_cached(c, c.opts[0])

    by_area: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cases:
        best_bare = best_item = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            nexe = _build_cached(c, c.opts[0]) if c.source is not None else None
            if nexe is not None:
                loader = check_loader(nexe.read_bytes())
                if loader.loads:
                    validate_code(loader.text, TEXT_START)
            session = Session(nexe, c.channels, c.memory, timeout=c.timeout, manifest=c.manifest, files=c.files)
            t1 = time.perf_counter()
            result = target.run(session)
            t2 = time.perf_counter()
            compare_run(c, result)
            t3 = time.perf_counter()
            best_bare = min(best_bare, t2 - t1)
            best_item = min(best_item, t3 - t0)
        by_area[c.name.split("/")[0]].append((best_bare, best_item))

    print(f"target: {target.name}; {len(cases)} cases, best of {args.repeat} each (milliseconds)")
    print(f"{'area':<12}{'cases':>6}{'bare run':>11}{'harness':>10}{'overhead':>10}")
    total_bare = total_item = 0.0
    for area, rows in sorted(by_area.items()):
        bare = statistics.median(r[0] for r in rows) * 1000
        item = statistics.median(r[1] for r in rows) * 1000
        share = (item - bare) / bare * 100 if bare else 0.0
        print(f"{area:<12}{len(rows):>6}{bare:>11.1f}{item - bare:>10.1f}{share:>9.0f}%")
        total_bare += sum(r[0] for r in rows)
        total_item += sum(r[1] for r in rows)
    print(f"{'all (sum)':<12}{sum(len(r) for r in by_area.values()):>6}{total_bare * 1000:>11.0f}"
          f"{(total_item - total_bare) * 1000:>10.0f}{(total_item - total_bare) / total_bare * 100:>9.0f}%")
    print("bare run = target.run(session); harness = cache lookup + loader/validator scan + compare around it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
