"""Benchmark: how long the command line takes to start, next to a bare Python, in one run.

    python tests/bench_startup.py [--repeat 10]

Times, interleaved round by round so a busy machine slows every command alike:
`python -c pass`, `python -m harness --help`, `python -m harness scan hello.nexe` (a
hello-world built first with `python -m harness build`, not timed).  Prints the median
wall time of each and its ratio to `python -c pass`, and the modules `--help` imports
that it should not need (the emulator, the validator, the results and report code).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELLO = '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n'
# What a `--help` has no use for: if one of these is imported, start-up pays for it.
HEAVY = ("unicorn", "capstone", "jinja2", "elftools", "harness.validator", "harness.targets.ref", "harness.results",
         "harness.manifest", "harness.toolchain.builtin")


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def heavy_imports(argv: list[str]) -> list[str]:
    """The HEAVY modules the command imports (from python -X importtime)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return sorted(name for name in names if name in HEAVY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="runs of each command (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zvm-bench-startup-") as tmp:
        src, nexe = Path(tmp) / "hello.c", Path(tmp) / "hello.nexe"
        src.write_text(HELLO)
        subprocess.run([sys.executable, "-m", "harness", "build", "-o", str(nexe), str(src)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -m harness --help": [sys.executable, "-m", "harness", "--help"],
            "python -m harness scan hello.nexe": [sys.executable, "-m", "harness", "scan", str(nexe)],
        }
        for argv in commands.values():  # warm the page cache and .pyc files; not timed
            wall(argv)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():
                times[name].append(wall(argv))
        help_heavy = heavy_imports(["-m", "harness", "--help"])
    base = statistics.median(times["python -c pass"])
    print(f"median wall time of {args.repeat} runs each (interleaved), ratio to `python -c pass`:")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<36} {median * 1000:7.1f} ms  {median / base:5.1f}x  "
              f"(min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f})")
    print(f"heavy modules imported by --help: {', '.join(help_heavy) or 'none'}")


if __name__ == "__main__":
    main()
