"""A csmith campaign: fresh csmith programs built with the driver at every -O level, checked
by the real validator and run on a target, their output compared with the host's native build.

    python tests/csmith_campaign.py --seeds 50 [--start 1000] [--target zerovm|ref] [--opts -O0,-O2]

`check_program` is the reusable piece (a csmith program in, one `Verdict` per -O level out);
`generate` makes a program from a seed.  Programs whose native run takes longer than
`--native-limit` seconds (or that fail natively) are skipped, not judged.  The real zerovm is
$ZEROVM, the real validator $ZEROVM_VALZ (each optional: without valz no validation step,
without zerovm use --target ref).  Exit 0 when every judged build matched, 1 otherwise.

csmith writes its programs for the data model of the machine it was built on (LP64 on Debian
amd64: its platform.info says "pointer size = 8"), and a nexe is ILP32 (x32): `long` is 32 bits.
Its integer constants carry L/UL suffixes, so `x < 0L` or `u | 1UL` can mean something else
under ILP32, and the host has no ILP32 runtime to build a native reference with.  A mismatch
is therefore checked once more with every L/UL suffix made LL/ULL (`neutral_long_suffixes`:
the same program under LP64, and the LP64 program under ILP32): if the nexe then matches, the
verdict is "lp64" (the data models differ, the toolchain is right), not "mismatch".  A mismatch
the host gcc's own native build at the same -O level shows too (the nexe prints what that build
prints, and it differs from the -O1 reference) is "gcc": undefined behaviour or a gcc bug, not ours.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness.fuzz.csmithgen import CSMITH_INCLUDE, Native, generate, native_run  # noqa: E402
from harness.targets import Session, Target  # noqa: E402

OPTS = ("-O0", "-O1", "-O2", "-O3", "-Os")
# Stages a build can stop at, in order; "match" is the good end.
STAGES = ("build", "validate", "run", "mismatch", "lp64", "gcc", "match")
_LONG_SUFFIX = re.compile(r"\b(0[xX][0-9A-Fa-f]+|\d+)([uU]?)[lL]\b")


@dataclass(frozen=True)
class Verdict:
    """What became of one program at one -O level: `stage` is where it stopped (see STAGES)."""

    name: str
    opt: str
    stage: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.stage == "match"


def csmith_available() -> bool:
    return (CSMITH_INCLUDE / "csmith.h").is_file()


def build_with_driver(source: Path, opt: str, nexe: Path,
                      extra: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    """`python -m harness cc -I /usr/include/csmith OPT source -o nexe`, as a user would type it."""
    argv = [sys.executable, "-m", "harness", "cc", "-I", str(CSMITH_INCLUDE), *extra, opt, "-w", str(source),
            "-o", str(nexe)]
    return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT, timeout=300)


def validate(valz: Path, nexe: Path) -> str | None:
    """The real validator's complaint about `nexe`, or None when it is silent and exits 0."""
    proc = subprocess.run([str(valz), "--cpuid-all", "--warnings", str(nexe)], capture_output=True, text=True,
                          check=False, timeout=120)
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 or out:
        return f"valz exit {proc.returncode}: {out[:2000]}"
    return None


def neutral_long_suffixes(source: str) -> str:
    """`source` with every L/UL integer suffix made LL/ULL: under LP64 the same program (long and
    long long are both 64 bits), under ILP32 the LP64 program."""
    return _LONG_SUFFIX.sub(r"\1\2LL", source)


def check_program(source: Path, native: Native, target: Target, workdir: Path, opts: Sequence[str] = OPTS,
                  valz: Path | None = None, timeout_s: int = 30, extra_cflags: Sequence[str] = (),
                  cflags: Sequence[str] = ()) -> list[Verdict]:
    """Build `source` at each of `opts` with the driver, validate it (with `valz`), run it on `target`
    and compare its stdout and exit status with the native run (built with `cflags`; the driver also
    gets `extra_cflags`)."""
    driver_flags = [*cflags, *extra_cflags]
    verdicts = []
    for opt in opts:
        nexe = workdir / f"{source.stem}{opt}.nexe"
        built = build_with_driver(source, opt, nexe, driver_flags)
        if built.returncode != 0:
            verdicts.append(Verdict(source.stem, opt, "build", _tail(built.stderr)))
            continue
        if valz is not None:
            complaint = validate(valz, nexe)
            if complaint:
                verdicts.append(Verdict(source.stem, opt, "validate", complaint))
                continue
        result = target.run(Session(nexe, timeout=timeout_s))
        if result.outcome != "exited" or result.user_code is None:
            verdicts.append(Verdict(source.stem, opt, "run", f"{result.outcome}: {result.exit_state} "
                                                             f"(exit {result.exit_code})"))
            continue
        got = result.outputs.get("/dev/stdout", b"")
        if got != native.stdout or result.user_code != native.returncode:
            detail = (f"native {native.stdout[-200:]!r} exit {native.returncode}; "
                      f"nexe {got[-200:]!r} exit {result.user_code}")
            stage = "mismatch"
            if _matches_when_neutral(source, native, opt, target, workdir, timeout_s, cflags, driver_flags):
                stage = "lp64"
            elif opt != "-O1":
                same_opt = native_run(source, workdir, max(1.0, 10 * native.seconds), cflags, opt)
                if same_opt is not None and (same_opt.stdout, same_opt.returncode) == (got, result.user_code):
                    stage = "gcc"
            verdicts.append(Verdict(source.stem, opt, stage, detail))
            continue
        verdicts.append(Verdict(source.stem, opt, "match"))
    return verdicts


def _matches_when_neutral(source: Path, native: Native, opt: str, target: Target, workdir: Path, timeout_s: int,
                          cflags: Sequence[str], driver_flags: Sequence[str]) -> bool:
    """Whether the program with data-model-neutral constants prints the same natively (as it must)
    and as a nexe built at `opt`."""
    neutral = workdir / f"{source.stem}-ll.c"
    neutral.write_text(neutral_long_suffixes(source.read_text(encoding="utf-8")), encoding="utf-8")
    again = native_run(neutral, workdir, max(1.0, 10 * native.seconds), cflags)
    if again is None or (again.stdout, again.returncode) != (native.stdout, native.returncode):
        return False
    nexe = workdir / f"{neutral.stem}{opt}.nexe"
    if build_with_driver(neutral, opt, nexe, driver_flags).returncode != 0:
        return False
    result = target.run(Session(nexe, timeout=timeout_s))
    return (result.outcome == "exited" and result.outputs.get("/dev/stdout", b"") == native.stdout
            and result.user_code == native.returncode)


def check_seed(seed: int, target: Target, workdir: Path, opts: Sequence[str] = OPTS, valz: Path | None = None,
               native_limit_s: float = 1.0, extra_cflags: Sequence[str] = (),
               csmith_options: Sequence[str] = (), cflags: Sequence[str] = ()) -> list[Verdict] | None:
    """A fresh csmith program for `seed`, checked at each of `opts`; None when it is skipped (its
    native run is too slow or fails).  `cflags` go to both builds, `extra_cflags` to the driver's."""
    source = generate(seed, workdir / f"seed{seed}.c", csmith_options)
    native = native_run(source, workdir, native_limit_s, cflags)
    if native is None:
        return None
    return check_program(source, native, target, workdir, opts, valz, extra_cflags=extra_cflags, cflags=cflags)


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _target(name: str) -> Target:
    if name == "ref":
        from harness.targets.ref import RefTarget
        return RefTarget()
    from harness.targets.zerovm import ZerovmTarget, find_zerovm
    path = find_zerovm()
    if path is None:
        raise SystemExit("error: no real zerovm: set ZEROVM=/path/to/zerovm (or use --target ref)")
    return ZerovmTarget(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="how many fresh seeds (default 20)")
    parser.add_argument("--start", type=int, default=int(time.time()) % 1_000_000,
                        help="the first seed (default: from the clock; printed)")
    parser.add_argument("--target", choices=("zerovm", "ref"), default="zerovm")
    parser.add_argument("--opts", default=",".join(OPTS), help="comma-separated -O levels")
    parser.add_argument("--native-limit", type=float, default=1.0, help="skip programs whose native run is "
                        "longer (seconds, default 1)")
    parser.add_argument("--keep", type=Path, help="keep the programs and nexes in this directory")
    parser.add_argument("--cc-arg", action="append", default=[],
                        help="one more driver argument (an -I, a stand-in source); default none")
    parser.add_argument("--cflag", action="append", default=[],
                        help="a compiler flag for both the native build and the driver's (e.g. -msse4.2, which "
                        "csmith's --builtins needs for __builtin_ia32_crc32*)")
    parser.add_argument("--csmith-arg", action="append", default=[],
                        help="one more csmith option (e.g. --float); default: csmith's defaults")
    args = parser.parse_args(argv)
    if not csmith_available():
        print("error: csmith's headers are not installed (apt-get install csmith libcsmith-dev)", file=sys.stderr)
        return 2
    opts = [o.strip() for o in args.opts.split(",") if o.strip()]
    target = _target(args.target)
    valz_env = os.environ.get("ZEROVM_VALZ")
    valz = Path(valz_env) if valz_env else None
    extra = list(args.cc_arg)
    print(f"seeds {args.start}..{args.start + args.seeds - 1}, csmith {' '.join(args.csmith_arg) or 'defaults'}, "
          f"target {args.target}, "
          f"validator {valz or 'none ($ZEROVM_VALZ unset)'}", flush=True)
    counts: dict[str, Counter[str]] = {opt: Counter() for opt in opts}
    skipped = 0
    failures: list[tuple[int, Verdict]] = []
    workdir_ctx = tempfile.TemporaryDirectory(prefix="zvm-csmith-")
    workdir = args.keep or Path(workdir_ctx.name)
    workdir.mkdir(parents=True, exist_ok=True)
    os.chmod(workdir, 0o755)  # a root harness runs zerovm as another user, who reads the nexes here
    with workdir_ctx:
        for seed in range(args.start, args.start + args.seeds):
            verdicts = check_seed(seed, target, workdir, opts, valz, args.native_limit, extra, args.csmith_arg,
                                  args.cflag)
            if verdicts is None:
                skipped += 1
                print(f"seed {seed}: skipped (native run > {args.native_limit}s or failed)", flush=True)
                continue
            for v in verdicts:
                counts[v.opt][v.stage] += 1
                if v.stage not in ("match", "lp64", "gcc"):
                    failures.append((seed, v))
            print(f"seed {seed}: " + " ".join(f"{v.opt}:{v.stage}" for v in verdicts), flush=True)
    for seed, v in failures:
        print(f"\nFAIL seed {seed} {v.opt} at {v.stage}:\n{v.detail}")
    tried = args.seeds - skipped
    print(f"\ntried {args.seeds} seeds, skipped {skipped}, judged {tried}")
    print(f"{'opt':5} {'tried':>6} {'built':>6} {'valid':>6} {'ran':>6} {'matched':>8} {'lp64':>5} {'gcc':>4} "
          f"{'wrong':>6}")
    for opt in opts:
        c = counts[opt]
        built = tried - c["build"]
        valid = built - c["validate"]
        ran = valid - c["run"]
        print(f"{opt:5} {tried:6} {built:6} {valid:6} {ran:6} {c['match']:8} {c['lp64']:5} {c['gcc']:4} "
              f"{c['mismatch']:6}")
    print("(matched: as natively at -O1; lp64: matched once L/UL constants were made LL/ULL; gcc: printed what "
          "the host gcc's native build at the same -O level prints, which differs from -O1; wrong: none of these)")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
