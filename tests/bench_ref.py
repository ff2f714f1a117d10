"""Benchmark of the reference executor: its alternatives side by side, and the ratios to a real zerovm.

    python tests/bench_ref.py [--repeat N] [--quick]

In one run, on the same nexes, each figure the median of --repeat runs (the machine is shared:
only side-by-side figures compare):

1. the instruction budget, with the page-protection (TLB) mode: a spin loop exhausting a
   Timeout of 1 s (10^8 instructions) and a compute-heavy loop, per alternative --
   unicorn's per-instruction count (emu_start count=N), the block hook in Python, the block
   hook in C (hooks.c); each with unicorn's own TLB (every page executable: every store on the
   slow path) and with budget.py's virtual TLB (data pages not executable); and no budget at all
   (the bound);
2. the SSE alignment check on a float-heavy nexe (SSE2 vector and scalar double arithmetic,
   sqrt): Python code hooks per cluster, C code hooks per cluster at several cluster gaps
   (sse_check="code"), the check at each block's start from the registers there (alignment.py;
   sse_check="block", in Python and in C), and no check at all (the bound);
3. start-up (a hello-world session, validation cached): ref with a process forked per session (the
   old way), ref with sessions in one worker process (privilege.UserWorker), zerovm;
4. the ratios ref/zerovm on the compute and float nexes and the 1 s spin case's wall time.

Alternatives that are not the reference (marked) exist only to be measured here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from harness.targets import RunResult, Session
from harness.targets.ref import INSTRUCTIONS_PER_SECOND, RefTarget
from harness.targets.ref.machine import REFERENCE, MachineOptions
from harness.targets.zerovm import ZerovmTarget, find_zerovm
from harness.toolchain import build

COMPUTE = r"""
#include <stdio.h>
int main(void)
{
  unsigned long long a = 1, b = 0;
  for (unsigned i = 0; i < ITERATIONS; i++) { b += a * i; a = a * 6364136223846793005ULL + 1442695040888963407ULL; }
  printf("%llu\n", b);
  return 0;
}
"""
# the suite's 1 s spin case (cases/faults/spin_timeout.c): a load and a store per iteration
SPIN = "int main(void)\n{\n  for (volatile int i = 0;; i++) {\n  }\n}\n"
FLOAT = r"""
#include <math.h>
#include <stdio.h>
#define N 256
static double a[N], b[N];
int main(void)
{
  for (int i = 0; i < N; i++) { a[i] = i + 1; b[i] = 1.0 / (i + 1); }
  double s = 0;
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < N; i++) a[i] = a[i] * 0.999999 + b[i];
    s += sqrt(a[r % N]) / (1.0 + s * 1e-9);
  }
  printf("%.6f\n", s);
  return 0;
}
"""

T = TypeVar("T")

# (label, options, slow): slow alternatives run once, on fewer iterations where that matters
BUDGETS: list[tuple[str, MachineOptions, bool]] = [
    # the old reference: count=N, unicorn's TLB, SSE checks clustered 256 bytes apart (in Python then)
    ("per-instruction count (unicorn count=N), cpu TLB [~old]",
     MachineOptions("instruction", cluster_gap=256, tlb="cpu"), True),
    ("per-instruction count, virtual TLB", MachineOptions("instruction", cluster_gap=256), True),
    ("block hook in Python, virtual TLB", MachineOptions("python-block"), True),
    ("block hook in C, cpu TLB", MachineOptions("block", tlb="cpu"), False),
    ("block hook in C, virtual TLB, SSE code hooks [old reference]", MachineOptions(sse_check="code"), False),
    ("block hook in C, virtual TLB [reference]", REFERENCE, False),
    ("no budget, virtual TLB [bound]", MachineOptions("none"), False),
]
CHECKS: list[tuple[str, MachineOptions, bool]] = [
    ("Python hooks per cluster (gap 256) [old]", MachineOptions("python-block", cluster_gap=256, sse_check="code"),
     True),
    ("C hooks, gap 0 (one per instruction)", MachineOptions(cluster_gap=0, sse_check="code"), False),
    ("C hooks, gap 64 [old reference]", MachineOptions(sse_check="code"), False),
    ("C hooks, gap 256", MachineOptions(cluster_gap=256, sse_check="code"), False),
    ("Python block hook: at the block's start", MachineOptions("python-block"), True),
    ("C block hook: at the block's start [reference]", REFERENCE, False),
    ("no check [bound, not exact]", MachineOptions(cluster_gap=-1), False),
]


class ColdRef(RefTarget):
    """The old start-up, measured here only: each session in a process forked for it."""

    def _isolated(self, work: Callable[..., T], *args: object, timeout: int = 0, warm: bool = False) -> T:
        return super()._isolated(work, *args, timeout=timeout, warm=False)


def timed(run: Callable[[], RunResult], repeat: int) -> tuple[float, RunResult]:
    """Median wall time of `repeat` runs, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.monotonic()
        result = run()
        times.append(time.monotonic() - t0)
    assert result is not None
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--iterations", type=int, default=20_000_000, help="loop count of the compute nexe")
    parser.add_argument("--rounds", type=int, default=100_000, help="outer loop count of the float nexe")
    parser.add_argument("--quick", action="store_true", help="skip the slow alternatives")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "spin.c").write_text(SPIN)
        (work / "compute.c").write_text(COMPUTE)
        (work / "float.c").write_text(FLOAT)
        spin = build([work / "spin.c"], work / "spin.nexe").output
        compute = build([work / "compute.c"], work / "compute.nexe", defines=[f"ITERATIONS={args.iterations}"]).output
        small = build([work / "compute.c"], work / "small.nexe",
                      defines=[f"ITERATIONS={args.iterations // 10}"]).output
        floats = build([work / "float.c"], work / "float.nexe", defines=[f"ROUNDS={args.rounds}"]).output
        small_floats = build([work / "float.c"], work / "small_float.nexe",
                             defines=[f"ROUNDS={args.rounds // 10}"]).output
        hello = build([Path(__file__).parent.parent / "cases" / "smoke" / "hello.c"], work / "hello.nexe").output
        reference = RefTarget()
        for nexe in (spin, compute, floats, hello):
            reference.run(Session(nexe, timeout=1))  # validation cached, hooks built

        print(f"1. the instruction budget ({INSTRUCTIONS_PER_SECOND:,} instructions per second of Timeout); "
              f"median of {args.repeat}, slow ones once on a tenth of the work (x10)")
        print(f"   {'alternative':58} {'spin 1 s':>9} {'M instr/s':>10} {'compute':>9}")
        answers: dict[str, bytes | None] = {}
        for label, options, slow in BUDGETS:
            if slow and args.quick:
                continue
            target = RefTarget(machine=options)
            repeat = 1 if slow else args.repeat
            scale = 10 if slow else 1
            if options.budget_mode == "none":
                spin_text = "-"
                rate = "-"
            else:
                # slow ones spin through a tenth of the budget
                spinner = RefTarget(rate=INSTRUCTIONS_PER_SECOND // scale, machine=options)
                spin_wall, result = timed(lambda t=spinner: t.run(Session(spin, timeout=1)), repeat)
                assert result.exit_state == "session timeout", result.exit_state
                spin_text = f"{spin_wall * scale:8.2f}s"
                rate = f"{INSTRUCTIONS_PER_SECOND / (spin_wall * scale) / 1e6:10.1f}"
            nexe = small if slow else compute
            wall, result = timed(lambda t=target, n=nexe: t.run(Session(n, timeout=60)), repeat)
            if nexe is compute:
                answers[label] = result.outputs.get("/dev/stdout")
            print(f"   {label:58} {spin_text:>9} {rate:>10} {wall * scale:8.2f}s{' (x10)' if scale > 1 else ''}")
        if len(set(answers.values())) > 1:
            print("   !! the compute nexe's output differs between alternatives")

        print(f"2. the SSE alignment check: float-heavy nexe ({args.rounds:,} rounds), median of {args.repeat}")
        float_walls: dict[str, float] = {}
        for label, options, slow in CHECKS:
            if slow and args.quick:
                continue
            target = RefTarget(machine=options)
            nexe, scale = (small_floats, 10) if slow else (floats, 1)
            wall, result = timed(lambda t=target, n=nexe: t.run(Session(n, timeout=60)), 1 if slow else args.repeat)
            float_walls[label] = wall * scale
            print(f"   {label:58} {wall * scale:8.2f}s{' (x10)' if scale > 1 else ''}  {result.exit_state}")

        path = find_zerovm(os.environ.get("ZEROVM"))
        real = ZerovmTarget(path) if path is not None else None
        rounds = max(args.repeat, 5) * 4
        print(f"3. start-up: a hello-world session, validation cached; interleaved, best and median of {rounds}")
        starters: list[tuple[str, RefTarget | ZerovmTarget]] = [
            ("ref, a process forked per session [old]", ColdRef()),
            ("ref, sessions in one worker process [reference]", reference)]
        if real is not None:
            starters.append(("zerovm", real))
        walls: dict[str, list[float]] = {label: [] for label, _ in starters}
        for _label, target in starters:
            target.run(Session(hello))
        for _ in range(rounds):
            for label, target in starters:
                walls[label].append(target.run(Session(hello)).wall_s)
        for label, _ in starters:
            best, median = min(walls[label]), statistics.median(walls[label])
            ratio = f"; /zerovm: best {best / min(walls['zerovm']):.2f}, median " \
                    f"{median / statistics.median(walls['zerovm']):.2f}" if real is not None else ""
            print(f"   {label:58} best {best * 1000:5.1f} ms, median {median * 1000:5.1f} ms{ratio}")

        print("4. the reference against zerovm")
        spin_wall, _ = timed(lambda: reference.run(Session(spin, timeout=1)), args.repeat)
        print(f"   1 s spin case on ref: {spin_wall:.2f} s (target: at most 2 s)")
        ref_compute, model = timed(lambda: reference.run(Session(compute, timeout=60)), args.repeat)
        ref_float, float_model = timed(lambda: reference.run(Session(floats, timeout=60)), args.repeat)
        if real is None:
            print(f"   compute nexe: ref {ref_compute:.2f} s; float nexe: ref {ref_float:.2f} s "
                  "(ZEROVM unset: no ratio)")
            return
        real_compute, answer = timed(lambda: real.run(Session(compute, timeout=60)), args.repeat)
        real_float, float_answer = timed(lambda: real.run(Session(floats, timeout=60)), args.repeat)
        for name, ref_wall, real_wall, a, b in (("compute", ref_compute, real_compute, model, answer),
                                                ("float", ref_float, real_float, float_model, float_answer)):
            same = a.outputs.get("/dev/stdout") == b.outputs.get("/dev/stdout")
            print(f"   {name} nexe: ref {ref_wall:.3f} s, zerovm {real_wall:.3f} s: ref/zerovm = "
                  f"{ref_wall / real_wall:.1f}x (target: at most 10x); same output: {same}")


if __name__ == "__main__":
    main()
