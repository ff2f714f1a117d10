"""The nexe libm (toolchain/runtime/m_*.c, ported from musl) against glibc's libm.

tests/libc/libm.c calls every math.h function on its special cases and on
pseudo-random arguments and prints the bits of each result and errno.  It is
built natively (glibc) and as a nexe run on the reference target; every result
must be within 1 ulp of glibc's (bit-identical for the exact functions: rounding,
remainders, sqrt, fma, frexp & co.), NaN where glibc gives NaN (any payload),
with the same sign, and errno must be the same.  The largest ulp distance per
function is printed (pytest -s) so the docs' figures can be re-measured.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.targets import Session
from harness.targets.ref import RefTarget
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32

SWEEP = Path(__file__).parent / "libc" / "libm.c"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                                reason="the host gcc with -mx32 is needed")

# Correctly rounded by definition (or exact): no ulp of slack.
EXACT = frozenset({
    "fabs", "floor", "ceil", "trunc", "round", "rint", "nearbyint", "logb", "sqrt", "copysign", "fmin", "fmax",
    "fdim", "fmod", "remainder", "remquo", "nextafter", "fma", "frexp", "modf", "ilogb", "ldexp", "scalbn",
    "lround", "lrint", "llround", "llrint", "nan", "classify", "constants", "signgam",
} | {f"{name}f" for name in ("fabs", "floor", "ceil", "trunc", "round", "rint", "nearbyint", "logb", "sqrt",
                             "copysign", "fmin", "fmax", "fdim", "fmod", "remainder", "remquo", "nextafter",
                             "fma", "frexp", "modf", "ilogb", "ldexp", "scalbn", "lround", "lrint", "llround",
                             "llrint", "nan")})


@dataclass(frozen=True)
class Call:
    """One line of the sweep: a function, its argument tokens, result tokens and errno."""
    name: str
    args: tuple[str, ...]
    results: tuple[str, ...]
    errno: str

    @classmethod
    def parse(cls, line: str) -> Call:
        left, _, right = line.partition(" =")
        name, *args = left.split(" ")
        *results, errno = right.split()
        return cls(name, tuple(args), tuple(results), errno)


def _ordered(token: str) -> tuple[bool, int, int]:
    """(is NaN, sign bit, magnitude as an integer) of a d/f token: magnitudes of one sign are ordered like
    the values, so their difference counts ulps."""
    bits = int(token[1:], 16)
    width = 64 if token[0] == "d" else 32
    exp_mask = (0x7FF << 52) if width == 64 else (0xFF << 23)
    mant_mask = (1 << 52) - 1 if width == 64 else (1 << 23) - 1
    is_nan = (bits & exp_mask) == exp_mask and (bits & mant_mask) != 0
    return is_nan, bits >> (width - 1), bits & ((1 << (width - 1)) - 1)


def ulps(expected: str, got: str) -> float:
    """Distance between two result tokens: 0 if equal (any two NaNs are equal), inf if they differ in kind
    or sign, else the ulp count."""
    if expected == got:
        return 0
    if expected[0] != got[0] or expected[0] not in "df":
        return float("inf")
    nan_e, sign_e, mag_e = _ordered(expected)
    nan_g, sign_g, mag_g = _ordered(got)
    if nan_e or nan_g:
        return 0 if nan_e and nan_g else float("inf")
    if sign_e != sign_g:
        return float("inf")
    return abs(mag_e - mag_g)


@dataclass(frozen=True)
class Comparison:
    worst: dict[str, float]         # function -> largest ulp distance seen
    calls: dict[str, int]           # function -> lines compared
    failures: tuple[str, ...]       # human-readable mismatches


def compare(expected: Iterable[str], got: Iterable[str]) -> Comparison:
    worst: dict[str, float] = {}
    calls: dict[str, int] = {}
    failures: list[str] = []
    exp_lines, got_lines = list(expected), list(got)
    if len(exp_lines) != len(got_lines):
        failures.append(f"glibc printed {len(exp_lines)} lines, the nexe {len(got_lines)}")
    for line_e, line_g in zip(exp_lines, got_lines, strict=False):
        if line_e == "done" or line_g == "done":
            if line_e != line_g:
                failures.append(f"glibc: {line_e!r}, nexe: {line_g!r}")
            continue
        e, g = Call.parse(line_e), Call.parse(line_g)
        if (e.name, e.args) != (g.name, g.args) or len(e.results) != len(g.results):
            failures.append(f"the sweeps diverge:\n  glibc: {line_e}\n  nexe:  {line_g}")
            break
        distance = max((ulps(a, b) for a, b in zip(e.results, g.results, strict=True)), default=0)
        worst[e.name] = max(worst.get(e.name, 0), distance)
        calls[e.name] = calls.get(e.name, 0) + 1
        allowed = 0 if e.name in EXACT else 1
        if distance > allowed or e.errno != g.errno:
            failures.append(f"{e.name}({' '.join(e.args)}): glibc {' '.join(e.results)} errno {e.errno[1:]}, "
                            f"nexe {' '.join(g.results)} errno {g.errno[1:]}")
    return Comparison(worst, calls, tuple(failures))


def _native(tmp: Path) -> list[str]:
    exe = tmp / "libm.native"
    # -fno-builtin: glibc's libm must compute every value, not gcc's constant folding.
    subprocess.run(["gcc", "-O1", "-fno-builtin", "-w", "-o", str(exe), str(SWEEP), "-lm"], check=True)
    proc = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60, check=True)
    return proc.stdout.splitlines()


def _nexe(tmp: Path) -> Path:
    return build([SWEEP], tmp / "libm.nexe", opt="-O2").output


def _report(result: Comparison) -> str:
    return "\n".join(f"{name:12} {result.calls[name]:5} calls, max {result.worst[name]:g} ulp"
                     for name in sorted(result.worst))


def test_libm_matches_glibc(tmp_path: Path) -> None:
    expected = _native(tmp_path)
    run = RefTarget().run(Session(_nexe(tmp_path), timeout=120))
    assert run.outcome == "exited" and run.user_code == 0, run
    got = run.outputs["/dev/stdout"].decode("latin-1").splitlines()
    result = compare(expected, got)
    print(_report(result))
    assert not result.failures, "\n".join(result.failures[:20]) + f"\n({len(result.failures)} mismatches)"
    assert len(expected) > 20000 and expected[-1] == "done"


@pytest.mark.skipif(not os.environ.get("ZEROVM_VALZ"), reason="$ZEROVM_VALZ (the real validator) is not set")
def test_libm_nexe_passes_the_validator(tmp_path: Path) -> None:
    proc = subprocess.run([os.environ["ZEROVM_VALZ"], str(_nexe(tmp_path))], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ulps() -> None:
    one = struct.pack(">d", 1.0).hex()
    assert ulps("d" + one, "d" + one) == 0
    assert ulps("d3ff0000000000000", "d3ff0000000000001") == 1
    assert ulps("d3ff0000000000000", "d3fefffffffffffff") == 1
    assert ulps("d7ff8000000000000", "dfff8000000000000") == 0  # NaNs of either sign
    assert ulps("d0000000000000000", "d8000000000000000") == float("inf")  # +0 vs -0
    assert ulps("d7ff8000000000000", "d7ff0000000000000") == float("inf")  # NaN vs inf
    assert ulps("f3f800000", "f3f800002") == 2
    assert ulps("i5", "i6") == float("inf")
