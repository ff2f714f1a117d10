"""Bad input to `build`: a clear message naming the problem and a defined exit code."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from harness.toolchain import BuildError, build, select_toolchain
from harness.toolchain.builtin import BuiltinToolchain
from harness.toolchain.naclgcc import NaClGccToolchain

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def build_error(tmp_path: Path, source: str) -> str:
    """The message of a failed build; at -O0, where gcc's line table is exact."""
    src = write(tmp_path, "bad.c", source)
    with pytest.raises(BuildError) as info:
        build([src], tmp_path / "bad.nexe", opt="-O0", toolchain="builtin")
    assert not (tmp_path / "bad.nexe").exists(), "no nexe is written for a failed build"
    return str(info.value)


def test_syntax_error_keeps_the_users_file_and_line(tmp_path: Path) -> None:
    message = build_error(tmp_path, "int main(void)\n{\n  return x;\n}\n")
    assert f"{tmp_path / 'bad.c'}:3:" in message and "undeclared" in message


def test_thread_local_storage_is_refused_at_its_line(tmp_path: Path) -> None:
    message = build_error(tmp_path, "__thread int t;\nint main(void)\n{\n  return t;\n}\n")
    assert "bad.c:4: error: thread-local storage" in message


def test_inline_asm_syscall_is_refused_at_its_line(tmp_path: Path) -> None:
    message = build_error(tmp_path, "int main(void)\n{\n  __asm__ volatile(\"syscall\");\n  return 0;\n}\n")
    assert "bad.c:3: error:" in message and "system call" in message


def test_inline_asm_writing_r15_is_refused(tmp_path: Path) -> None:
    message = build_error(tmp_path, "int main(void)\n{\n  __asm__ volatile(\"xorq %%r15, %%r15\" ::: \"memory\");\n"
                                    "  return 0;\n}\n")
    assert "bad.c:3: error:" in message and "%r15" in message


def test_undefined_function_names_the_symbol(tmp_path: Path) -> None:
    message = build_error(tmp_path, "int helper(int);\nint main(void) { return helper(1); }\n")
    assert "undefined symbols: helper" in message


def test_a_libgcc_helper_the_runtime_lacks_is_named(tmp_path: Path) -> None:
    # __int128 division is provided (runtime/libgcc_div.c); __float128 arithmetic is not.
    message = build_error(tmp_path, "__float128 d(__float128 a, __float128 b) { return a + b; }\n"
                                    "int main(void) { return (int)(double)d(10, 3); }\n")
    assert "undefined symbols: __" in message and "libgcc helpers" in message


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="no such file"):
        build([tmp_path / "absent.c"], tmp_path / "x.nexe", toolchain="builtin")


def test_not_a_c_source(tmp_path: Path) -> None:
    src = write(tmp_path, "prog.txt", "hello")
    with pytest.raises(BuildError, match="not a C"):
        build([src], tmp_path / "x.nexe", toolchain="builtin")


def test_bad_optimisation_level_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="-O0"):
        build([write(tmp_path, "a.c", "int main(void){return 0;}")], tmp_path / "a.nexe", opt="-O9")


def test_several_sources_and_include_dirs(tmp_path: Path) -> None:
    inc = tmp_path / "inc"
    inc.mkdir()
    write(inc, "twice.h", "int twice(int);\n")
    a = write(tmp_path, "a.c", '#include "twice.h"\nint main(void) { return twice(21); }\n')
    b = write(tmp_path, "b.c", "int twice(int x) { return 2 * x; }\n")
    result = build([a, b], tmp_path / "ab.nexe", include_dirs=[inc], toolchain="builtin")
    assert result.output.read_bytes()[:4] == b"\x7fELF"
    assert result.toolchain == "builtin"


# -- the command line --------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def test_cli_builds(tmp_path: Path) -> None:
    src = write(tmp_path, "ok.c", '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    out = tmp_path / "ok.nexe"
    proc = run_cli("build", "-O1", "--toolchain", "builtin", "-o", str(out), str(src))
    assert proc.returncode == 0, proc.stderr
    assert out.is_file() and "built" in proc.stdout


def test_cli_compile_error_exits_1_with_diagnostics(tmp_path: Path) -> None:
    src = write(tmp_path, "bad.c", "int main(void) { return }\n")
    proc = run_cli("build", "--toolchain", "builtin", "-o", str(tmp_path / "bad.nexe"), str(src))
    assert proc.returncode == 1
    assert f"{src}:1:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [
    ["build", "x.c"],  # no -o
    ["build", "-O9", "-o", "x.nexe", "x.c"],
    ["build", "--toolchain", "clang", "-o", "x.nexe", "x.c"],
    ["frobnicate"],
    [],
])
def test_cli_bad_usage_exits_2(args: list[str]) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert "usage:" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_missing_source_exits_2(tmp_path: Path) -> None:
    # A source that cannot be read is bad usage (2), not a program that does not build (1).
    proc = run_cli("build", "--toolchain", "builtin", "-o", str(tmp_path / "x.nexe"), str(tmp_path / "none.c"))
    assert proc.returncode == 2 and "no such file" in proc.stderr


# -- choosing the toolchain --------------------------------------------------

@pytest.fixture
def fake_nacl_gcc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in x86_64-nacl-gcc on PATH that records its arguments and writes the output file."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "args.txt"
    script = bindir / "x86_64-nacl-gcc"
    script.write_text(f"""#!/bin/sh
if [ "$1" = "-print-file-name=include" ]; then echo /nacl/include; exit 0; fi
printf '%s\\n' "$@" > {log}
while [ $# -gt 0 ]; do if [ "$1" = "-o" ]; then shift; printf 'NEXE' > "$1"; fi; shift; done
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("ZVM_NACL_PREFIX", raising=False)
    monkeypatch.delenv("ZVM_TOOLCHAIN", raising=False)
    return log


def test_auto_prefers_a_real_nacl_gcc(tmp_path: Path, fake_nacl_gcc: Path) -> None:
    assert isinstance(select_toolchain("auto"), NaClGccToolchain)
    assert isinstance(select_toolchain("builtin"), BuiltinToolchain)
    src = write(tmp_path, "a.c", "int main(void){return 0;}")
    result = build([src], tmp_path / "a.nexe", opt="-O3")
    assert result.toolchain == "nacl-gcc"
    args = fake_nacl_gcc.read_text().splitlines()
    assert "-O3" in args and str(src) in args
    assert str(ROOT / "toolchain" / "include") in args, "our headers"
    assert any(a.endswith("toolchain/runtime/start.c") for a in args), "our runtime"


def test_auto_falls_back_to_builtin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.delenv("ZVM_NACL_PREFIX", raising=False)
    monkeypatch.delenv("ZVM_TOOLCHAIN", raising=False)
    assert isinstance(select_toolchain("auto"), BuiltinToolchain)


def test_asking_for_nacl_gcc_without_one_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.delenv("ZVM_NACL_PREFIX", raising=False)
    with pytest.raises(BuildError, match="no NaCl cross-compiler found"):
        select_toolchain("nacl-gcc")


def test_configured_prefix(tmp_path: Path, fake_nacl_gcc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = str(fake_nacl_gcc.parent / "bin" / "x86_64-nacl-")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setenv("ZVM_NACL_PREFIX", prefix)
    chain = select_toolchain(None)
    assert isinstance(chain, NaClGccToolchain) and chain.prefix == prefix
