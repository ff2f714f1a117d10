"""Host tests of the nexe libc (toolchain/runtime).

The libc sources are compiled natively with -DZVM_HOST_TEST (runtime/io.c then
calls hooks instead of zerovm traps), linked into one object whose symbols get
the prefix ``zt_`` (objcopy --prefix-symbols), and linked with
tests/libc/host_test.c, which compares them with glibc: snprintf on many
thousands of format/value combinations, the string functions, strtol & co.,
qsort, and exercises malloc on a fake heap and stdio on fake channels.

Also checks that every runtime source compiles without warnings with the
nexe compile flags at each optimisation level.

Run by hand:  python3 tests/test_libc_host.py [seed] [scale]
"""

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness.toolchain.builtin import RUNTIME_CFLAGS, BuiltinToolchain

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "toolchain" / "runtime"
INCLUDE = ROOT / "toolchain" / "include"
HOST_TEST = ROOT / "tests" / "libc" / "host_test.c"

WARN = ["-Wall", "-Wextra", "-Werror"]
_JOBS = max(2, os.cpu_count() or 2)

needs_gcc = pytest.mark.skipif(
    shutil.which("gcc") is None or shutil.which("objcopy") is None or shutil.which("ld") is None,
    reason="gcc, ld and objcopy are needed to build the host libc test",
)


def _gcc_include_dir():
    return subprocess.run(["gcc", "-print-file-name=include"], check=True,
                          capture_output=True, text=True).stdout.strip()


def _run(cmd, cwd):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError(f"command failed: {' '.join(map(str, cmd))}\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def build_host_test(tmp, opt="-O2"):
    """Build the host test binary in directory tmp; returns its path."""
    tmp = Path(tmp)
    gcc_inc = _gcc_include_dir()
    sources = sorted(RUNTIME.glob("*.c"))
    objs = [str(tmp / (src.stem + ".o")) for src in sources]

    def compile_one(src, obj):
        _run(["gcc", "-c", opt, "-ffreestanding", "-fno-stack-protector", "-fno-pie",
              "-fcf-protection=none", "-nostdinc", "-isystem", gcc_inc, "-D_LIBC_LIMITS_H_",
              "-DZVM_HOST_TEST", f"-I{INCLUDE}", *WARN, str(src), "-o", obj], tmp)

    with ThreadPoolExecutor(_JOBS) as pool:
        list(pool.map(compile_one, sources, objs))
    libc = tmp / "libc_zt.o"
    _run(["ld", "-r", "-o", str(libc), *objs], tmp)
    _run(["objcopy", "--prefix-symbols=zt_", str(libc)], tmp)
    exe = tmp / "host_test"
    _run(["gcc", "-O1", "-no-pie", "-fno-pie", "-Wall", "-Wextra", "-Wno-format",
          "-Wno-format-extra-args", str(HOST_TEST), str(libc), "-lm", "-o", str(exe)], tmp)
    return exe


@needs_gcc
@pytest.mark.parametrize("opt", ["-O2", "-O0"])
def test_libc_against_glibc(tmp_path, opt):
    exe = build_host_test(tmp_path, opt)
    # The -O0 build gets a different seed and a smaller share of random cases.
    args = [str(exe)] if opt == "-O2" else [str(exe), "12345", "1"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
    out = proc.stdout + proc.stderr
    assert "comparisons:" in out, out
    last = [line for line in out.splitlines() if line.startswith("comparisons:")][-1]
    assert last.endswith("mismatches: 0"), out[-6000:]
    assert proc.returncode == 0, out[-6000:]


@needs_gcc
@pytest.mark.parametrize("opt", ["-O0", "-O1", "-O2", "-O3", "-Os"])
def test_runtime_compiles_cleanly_for_nexes(opt):
    # Exactly the flags the built-in toolchain compiles the runtime with.
    flags = BuiltinToolchain().cflags(opt) + list(RUNTIME_CFLAGS[1:]) + [f"-I{RUNTIME}"]

    def compile_one(src):
        return src, subprocess.run(
            ["gcc", "-S", *flags, str(src), "-o", "/dev/null"],
            capture_output=True, text=True)

    with ThreadPoolExecutor(_JOBS) as pool:
        results = list(pool.map(compile_one, sorted(RUNTIME.glob("*.c"))))
    for src, proc in results:
        assert proc.returncode == 0 and proc.stderr == "", f"{src.name} {opt}:\n{proc.stderr}"

if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        exe = build_host_test(d)
        sys.exit(subprocess.run([str(exe), *sys.argv[1:]]).returncode)
