"""The nexe libc against glibc: test C programs run as nexes on the reference target
and built natively by the host gcc must print the same lines.

tests/libc/conv.c: strtod/strtof/atof (about 12,100 inputs: tricky cases and
pseudo-random decimals over the whole exponent range, compared bit for bit with
errno and end pointers), strtoll/strtoull/strtol/strtoul/atoi (252 input/base
pairs), sscanf (66 input/format pairs).  tests/libc/misc.c: ctype over EOF and all
256 byte values, the added string functions, strerror, setlocale, the inttypes
macros and setjmp/longjmp.  Lines starting with "zvm " are only printed by the nexe
(no clock, signals or environment in ZeroVM) and are checked against fixed answers.
tests/libc/stdlib_ext.c: errno from strtol/strtoul/strtoll/strtoull/atoi/atol/atoll (ERANGE
with glibc's clamped values, EINVAL for a bad base), aligned_alloc/posix_memalign/memalign
(alignments, EINVAL, ENOMEM, blocks intact and freeable), calloc overflow and realloc edge
cases, printf %a/%A (precisions, flags, subnormals, inf/nan), getenv, and atexit (reverse
order, before stdout is flushed, on return from main, registration during exit).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.targets import Session
from harness.targets.ref import RefTarget
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32

LIBC_TESTS = Path(__file__).parent / "libc"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                                reason="the host gcc with -mx32 is needed")

# What the nexe alone prints (misc.c, under __zerovm__): ENOSYS is 38.
ZEROVM_ONLY = [
    "zvm time -1 5 errno 38",
    "zvm clock -1 errno 38",
    "zvm signal 1 errno 38",
    "zvm raise -1 errno 38",
    "zvm getenv 1",
]


def _native(program: str, tmp: Path) -> list[str]:
    exe = tmp / f"{program}.native"
    subprocess.run(["gcc", "-O1", "-w", "-o", str(exe), str(LIBC_TESTS / f"{program}.c")], check=True)
    # An empty environment: setlocale(..., "") must find no LANG/LC_* and give "C".
    proc = subprocess.run([str(exe)], capture_output=True, timeout=60, check=True, env={})
    return proc.stdout.decode("latin-1").splitlines()


def _nexe(program: str, tmp: Path) -> tuple[list[str], str]:
    nexe = build([LIBC_TESTS / f"{program}.c"], tmp / f"{program}.nexe", opt="-O2").output
    result = RefTarget().run(Session(nexe, timeout=120))
    assert result.outcome == "exited" and result.user_code == 0, result
    return (result.outputs["/dev/stdout"].decode("latin-1").splitlines(),
            result.outputs["/dev/stderr"].decode("latin-1"))


def _first_differences(expected: list[str], got: list[str], limit: int = 10) -> str:
    lines = [f"line {i + 1}:\n  glibc: {a!r}\n  nexe:  {b!r}"
             for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b]
    if len(expected) != len(got):
        lines.append(f"glibc printed {len(expected)} lines, the nexe {len(got)}")
    return "\n".join(lines[:limit])


@pytest.mark.parametrize("program", ["conv", "misc", "stdlib_ext"])
def test_matches_glibc(tmp_path: Path, program: str) -> None:
    expected = _native(program, tmp_path)
    got, stderr = _nexe(program, tmp_path)
    zvm = [line for line in got if line.startswith("zvm ")]
    got = [line for line in got if not line.startswith("zvm ")]
    assert got == expected, _first_differences(expected, got)
    assert len(expected) > 190  # the program ran to its end on both sides
    if program == "stdlib_ext":
        assert expected[-1].startswith("atexit: first registered, runs last")
        assert "kept 52 intact 1" in expected and "alloc stress: bad 0" in expected
    if program == "misc":
        assert zvm == ZEROVM_ONLY
        assert stderr == "zvm perror: Numerical result out of range\n"


def test_strtod_sweep_against_glibc(tmp_path: Path) -> None:
    """runtime/strtod.c built natively against glibc on 300,000 inputs, midpoints included."""
    gcc_inc = subprocess.run(["gcc", "-print-file-name=include"], check=True, capture_output=True,
                             text=True).stdout.strip()
    root = LIBC_TESTS.parent.parent / "toolchain"
    obj = tmp_path / "strtod.o"
    subprocess.run(["gcc", "-O2", "-c", "-ffreestanding", "-nostdinc", "-isystem", gcc_inc, "-D_LIBC_LIMITS_H_",
                    f"-I{root / 'include'}", f"-I{root / 'runtime'}", "-Dstrtod=my_strtod", "-Dstrtof=my_strtof",
                    "-Datof=my_atof", str(root / "runtime" / "strtod.c"), "-o", str(obj)], check=True)
    # Our errno is a plain global; glibc's is thread-local: keep them apart.
    subprocess.run(["objcopy", "--redefine-sym", "errno=my_errno", str(obj)], check=True)
    exe = tmp_path / "sweep"
    subprocess.run(["gcc", "-O2", "-w", str(LIBC_TESTS / "strtod_sweep.c"), str(obj), "-lm", "-o", str(exe)],
                   check=True)
    proc = subprocess.run([str(exe), "300000"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.rstrip().endswith("mismatches 0"), proc.stdout
