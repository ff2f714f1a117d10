"""The libgcc helpers of the nexe runtime (toolchain/runtime/libgcc_*.c) against the host's libgcc.

gcc calls helpers for x32 code exactly as for x86-64 (64-bit mode): __popcountdi2 and
__clrsbdi2, 128-bit division, __int128 <-> float/double/long double conversions, complex
multiply/divide, __builtin_powi and -ftrapv arithmetic.  tests/libc/libgcc.c sweeps them
(every result printed as bits) and is compared:

* natively: once linked with our helpers (compiled for the host), once with the host's
  libgcc, on a long sweep -- bit for bit, NaN signs included;
* as a nexe on the real zerovm (when configured) against the native libgcc run;
* as a nexe on the reference target for the groups it emulates faithfully: its x87-free
  integer parts.  The float conversion and complex groups are left out there because
  the reference emulator differs from the CPU on them (a `comisd` with an 8-byte-aligned
  memory operand is taken for a 16-byte one that must be aligned and faults; the sign of
  a NaN made from two NaNs differs); the real zerovm runs them as the CPU does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.targets import Session
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "toolchain" / "runtime"
PROGRAM = ROOT / "tests" / "libc" / "libgcc.c"
# The groups of libgcc.c (its GROUPS mask) the reference target runs like the CPU.
REF_GROUPS = 1 | 2 | 16 | 32  # bits, division, powi, trapv

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                                reason="the host gcc with -mx32 is needed")


def _native(tmp: Path, *, ours: bool, scale: int = 1, defines: tuple[str, ...] = ()) -> list[str]:
    objs = []
    if ours:
        gcc_inc = subprocess.run(["gcc", "-print-file-name=include"], check=True, capture_output=True,
                                 text=True).stdout.strip()
        for src in sorted(RUNTIME.glob("libgcc_*.c")):
            obj = tmp / f"native-{src.stem}.o"
            subprocess.run(["gcc", "-O2", "-c", "-ffreestanding", "-fno-tree-loop-distribute-patterns", "-nostdinc",
                            "-isystem", gcc_inc, "-D_LIBC_LIMITS_H_", f"-I{ROOT / 'toolchain' / 'include'}",
                            "-Wall", "-Wextra", "-Werror", str(src), "-o", str(obj)], check=True)
            objs.append(str(obj))
    exe = tmp / ("ours" if ours else "libgcc")
    # Objects named on the command line come before libgcc.a: ours replace the host's helpers.
    subprocess.run(["gcc", "-O1", "-w", *(f"-D{d}" for d in defines), "-o", str(exe), str(PROGRAM), *objs],
                   check=True)
    proc = subprocess.run([str(exe), str(scale)], capture_output=True, text=True, timeout=120, check=True)
    return proc.stdout.splitlines()


def _first_difference(expected: list[str], got: list[str]) -> str:
    for i, (a, b) in enumerate(zip(expected, got, strict=False)):
        if a != b:
            return f"line {i + 1}:\n  libgcc: {a}\n  ours:   {b}"
    return f"libgcc printed {len(expected)} lines, ours {len(got)}"


def test_native_sweep_matches_libgcc(tmp_path: Path) -> None:
    """Our helpers built for the host, bit for bit against the host's libgcc (1,200,000 results)."""
    expected = _native(tmp_path, ours=False, scale=100)
    got = _native(tmp_path, ours=True, scale=100)
    assert got == expected, _first_difference(expected, got)
    assert expected[-1] == "done" and len(expected) == 300_001


def _nexe_output(tmp: Path, target: RefTarget | ZerovmTarget, defines: tuple[str, ...]) -> list[str]:
    nexe = build([PROGRAM], tmp / "libgcc.nexe", opt="-O2", defines=defines).output
    result = target.run(Session(nexe, timeout=120))
    assert result.outcome == "exited" and result.user_code == 0, result.exit_state
    return result.outputs["/dev/stdout"].decode().splitlines()


def test_nexe_on_ref_matches_libgcc(tmp_path: Path) -> None:
    defines = (f"GROUPS={REF_GROUPS}",)
    expected = _native(tmp_path, ours=False, defines=defines)
    got = _nexe_output(tmp_path, RefTarget(), defines)
    assert got == expected, _first_difference(expected, got)
    assert len(expected) > 1000


def test_nexe_on_zerovm_matches_libgcc(tmp_path: Path, zerovm: ZerovmTarget) -> None:
    """Every group, long double included, as a nexe on the real zerovm."""
    expected = _native(tmp_path, ours=False)
    got = _nexe_output(tmp_path, zerovm, ())
    assert got == expected, _first_difference(expected, got)
    assert len(expected) == 3001


OPERATORS = """
#include <stdio.h>
typedef __int128 ti; typedef unsigned __int128 uti;
volatile ti a = -100000000000000000000000.0; volatile uti b = 7; volatile double d = 2.5; volatile float f = 1.5f;
volatile long double x = 3; volatile int n = 3; volatile unsigned long long u = 255;
volatile _Complex double z = 1 + 2i; volatile _Complex float w = 3 - 1i; volatile _Complex long double v = 2 + 1i;
int main(void) {
  int k = __builtin_popcount((unsigned)u) + __builtin_popcountll(u) + __builtin_clrsbll((long long)u);
  ti q = a / (ti)b + a % (ti)b + (ti)(b / b) + (ti)(b % b);
  double r = (double)a + (double)b + (float)a + (float)b + (double)(long double)a + (double)(long double)b;
  q += (ti)d + (ti)(uti)d + (ti)f + (ti)(uti)f + (ti)x + (ti)(uti)x;
  _Complex double z2 = z * z / (z + 1); _Complex float w2 = w * w / (w + 1);
  _Complex long double v2 = v * v / (v + 1);
  r += __builtin_powi(d, n) + __builtin_powif(f, n) + (double)__builtin_powil(x, n);
  printf("%d %llx %llx %.17g %.17g %.17g %.9g %.9g %.17g %.17g\\n", k, (unsigned long long)(q >> 64),
         (unsigned long long)q, r, __real__ z2, __imag__ z2, __real__ w2, __imag__ w2, (double)__real__ v2,
         (double)__imag__ v2);
  return 0;
}
"""


@pytest.mark.parametrize("opt", ["-O0", "-O2", "-Os"])
def test_operators_link_without_libgcc(tmp_path: Path, opt: str) -> None:
    """The operations that make gcc call helpers link against the runtime alone, at each -O, and
    compute what the native build computes."""
    src = tmp_path / "ops.c"
    src.write_text(OPERATORS)
    exe = tmp_path / "ops"
    subprocess.run(["gcc", opt, "-w", "-o", str(exe), str(src)], check=True)
    expected = subprocess.run([str(exe)], capture_output=True, text=True, check=True, timeout=60).stdout
    nexe = build([src], tmp_path / "ops.nexe", opt=opt).output
    result = RefTarget().run(Session(nexe, timeout=60))
    assert result.outcome == "exited" and result.user_code == 0, result.exit_state
    assert result.outputs["/dev/stdout"].decode() == expected
