"""Benchmark of the reference executor: start-up, emulated instructions per second, and
the ratio to a real zerovm on the same compute-heavy nexe when ZEROVM is set.

    python tests/bench_ref.py [--seconds N]

The instruction rate is measured by letting a spinning loop exhaust the instruction
budget (Timeout x rate): the count is then exact.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from harness.targets import Session
from harness.targets.ref import INSTRUCTIONS_PER_SECOND, RefTarget
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
SPIN = "int main(void) { for (;;) __asm__ volatile(\"\"); }\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=2, help="Timeout of the budget-exhausting run")
    parser.add_argument("--iterations", type=int, default=20_000_000, help="loop count of the compute nexe")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "spin.c").write_text(SPIN)
        (work / "compute.c").write_text(COMPUTE)
        spin = build([work / "spin.c"], work / "spin.nexe").output
        compute = build([work / "compute.c"], work / "compute.nexe", defines=[f"ITERATIONS={args.iterations}"]).output
        ref = RefTarget()
        ref.run(Session(compute, timeout=1))  # warm the validation cache
        hello = build([Path(__file__).parent.parent / "cases" / "smoke" / "hello.c"], work / "hello.nexe").output
        ref.run(Session(hello))
        startup = min(ref.run(Session(hello)).wall_s for _ in range(5))
        print(f"start-up + hello run: {startup * 1000:.1f} ms")
        t0 = time.monotonic()
        result = ref.run(Session(spin, timeout=args.seconds))
        wall = time.monotonic() - t0
        budget = args.seconds * INSTRUCTIONS_PER_SECOND
        print(f"budget run: {result.exit_state}, {budget:,} instructions in {wall:.2f} s: "
              f"{budget / wall / 1e6:.1f} M instructions/s (rate {INSTRUCTIONS_PER_SECOND:,}/s of Timeout)")
        t0 = time.monotonic()
        model = ref.run(Session(compute, timeout=60))
        ref_wall = time.monotonic() - t0
        print(f"compute nexe on ref: {model.exit_state}, {ref_wall:.2f} s")
        path = find_zerovm(os.environ.get("ZEROVM"))
        if path is not None:
            real = ZerovmTarget(path)
            t0 = time.monotonic()
            answer = real.run(Session(compute, timeout=60))
            real_wall = time.monotonic() - t0
            same = answer.outputs.get("/dev/stdout") == model.outputs.get("/dev/stdout")
            print(f"compute nexe on zerovm: {answer.exit_state}, {real_wall:.3f} s; ref/zerovm = "
                  f"{ref_wall / real_wall:.0f}x slower; same output: {same}")


if __name__ == "__main__":
    main()
