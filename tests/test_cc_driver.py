"""The gcc-compatible driver (`python -m harness cc`, `x86_64-nacl-gcc` wrappers): separate compilation,
archives, gnu89 inline, dependency output, response files, refusals, and a NaCl-style Makefile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from harness.cc_cli import main as cc
from harness.targets import Session, standard_channels
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32, host_tools_present
from harness.toolchain.driver import SANDBOXED_MARK

pytestmark = pytest.mark.skipif(not (host_tools_present() and gcc_supports_x32()),
                                reason="needs the host gcc (with x32 support) and binutils")

PROJECT = Path(__file__).parent / "data" / "makefile_project"

MAIN = r"""
#include <stdio.h>
int twice(int x);
int main(void) { printf("twice %d\n", twice(21)); return 0; }
"""
TWICE = "int twice(int x) { return 2 * x; }\n"


def text_bytes(nexe: Path) -> bytes:
    with open(nexe, "rb") as f:
        return ELFFile(f).get_section_by_name(".text").data()


def run_ref(nexe: Path) -> tuple[int | None, bytes]:
    result = RefTarget().run(Session(nexe, timeout=30))
    assert (result.validator_state, result.exit_state) == (0, "ok"), result.raw_stdout
    return result.user_code, result.outputs["/dev/stdout"]


@pytest.fixture
def srcdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "main.c").write_text(MAIN)
    (tmp_path / "twice.c").write_text(TWICE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_separate_compilation_links_to_the_one_step_build(srcdir: Path) -> None:
    assert cc(["-O2", "-c", "main.c"]) == 0
    assert cc(["-O2", "-c", "twice.c", "-o", "t.o"]) == 0
    assert cc(["-o", "sep.nexe", "main.o", "t.o"]) == 0
    assert cc(["-O2", "-o", "drv.nexe", "main.c", "twice.c"]) == 0
    build([srcdir / "main.c", srcdir / "twice.c"], srcdir / "one.nexe", opt="-O2", toolchain="builtin")
    one = text_bytes(srcdir / "one.nexe")
    assert text_bytes(srcdir / "sep.nexe") == one
    assert text_bytes(srcdir / "drv.nexe") == one
    assert run_ref(srcdir / "sep.nexe") == (0, b"twice 42\n")


def test_archive_made_by_host_ar_links(srcdir: Path) -> None:
    assert cc(["-O1", "-c", "main.c", "twice.c"]) == 0
    (srcdir / "three.c").write_text("int three(void) { return 3; }\n")
    assert cc(["-O1", "-c", "three.c"]) == 0
    subprocess.run(["ar", "rcs", "libt.a", "twice.o", "three.o"], check=True)
    members = subprocess.run(["nm", "libt.a"], capture_output=True, text=True, check=True).stdout
    assert "T twice" in members and "T three" in members
    # -lm and -lc are the runtime's: accepted without a libm.a.
    assert cc(["-o", "lib.nexe", "main.o", "-L.", "-lt", "-lm", "-lc"]) == 0
    assert run_ref(srcdir / "lib.nexe") == (0, b"twice 42\n")
    # Only the members a program needs are linked, as with any archive.
    assert b"three" not in subprocess.run(["nm", "lib.nexe"], capture_output=True, check=True).stdout


def test_missing_library_is_named(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-o", "x.nexe", "main.c", "twice.c", "-L.", "-lnosuch"]) == 1
    assert "cannot find -lnosuch" in capsys.readouterr().err
    assert not (srcdir / "x.nexe").exists()


def test_gnu89_inline_across_translation_units(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # gcc 4.4's default: a plain `inline` definition is also an external one another unit may call.
    (srcdir / "twice.c").write_text("inline int twice(int x) { return 2 * x; }\n")
    assert cc(["-std=gnu89", "-O0", "-o", "gnu89.nexe", "main.c", "twice.c"]) == 0
    assert run_ref(srcdir / "gnu89.nexe") == (0, b"twice 42\n")
    # C99 semantics emit no external definition: the same sources do not link.
    capsys.readouterr()
    assert cc(["-std=gnu99", "-O0", "-o", "c99.nexe", "main.c", "twice.c"]) == 1
    assert "undefined symbols: twice" in capsys.readouterr().err


def test_dependency_output(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (srcdir / "twice.h").write_text("int twice(int x);\n")
    (srcdir / "twice.c").write_text('#include "twice.h"\n' + TWICE)
    assert cc(["-M", "twice.c"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("twice.o: twice.c twice.h")
    assert cc(["-MM", "main.c"]) == 0
    assert capsys.readouterr().out.strip() == "main.o: main.c"  # our stdio.h is a system header
    assert cc(["-MMD", "-MP", "-c", "twice.c", "-o", "obj.o"]) == 0
    dep = (srcdir / "obj.d").read_text()
    assert dep.startswith("obj.o: twice.c twice.h") and "\ntwice.h:" in dep
    assert (srcdir / "obj.o").is_file()


def test_response_file(srcdir: Path) -> None:
    (srcdir / "greet.c").write_text('#include <stdio.h>\nint main(void) { puts(MSG); return 0; }\n')
    (srcdir / "args.rsp").write_text("-O2 '-DMSG=\"hello from a response file\"'\n-o greet.nexe greet.c\n")
    assert cc(["@args.rsp"]) == 0
    assert run_ref(srcdir / "greet.nexe") == (0, b"hello from a response file\n")


def test_preprocess_and_sandboxed_assembly(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (srcdir / "m.c").write_text("#define X 40 + 2\nint f(void) { return X; }\n")
    assert cc(["-E", "-DUNUSED", "m.c"]) == 0
    assert "return 40 + 2;" in capsys.readouterr().out
    assert cc(["-S", "-O2", "twice.c"]) == 0
    asm = (srcdir / "twice.s").read_text()
    assert ".bundle_align_mode 5" in asm
    assert not (srcdir / "twice.o").exists()


def section(obj: Path, name: str) -> bytes:
    with open(obj, "rb") as f:
        return ELFFile(f).get_section_by_name(name).data()


def test_assembly_from_s_assembles_to_the_same_object(srcdir: Path) -> None:
    assert cc(["-S", "-O2", "twice.c", "-o", "t.s"]) == 0
    assert cc(["-c", "t.s", "-o", "from_s.o"]) == 0
    assert cc(["-c", "-O2", "twice.c", "-o", "direct.o"]) == 0
    assert section(srcdir / "from_s.o", ".text") == section(srcdir / "direct.o", ".text")
    # Hand-written assembly still goes through the sandboxing pass.
    (srcdir / "raw.s").write_text("\t.text\n\t.globl f\nf:\n\tmovl (%rax), %eax\n\tret\n")
    assert cc(["-c", "raw.s"]) == 0
    assert b"\x43\x8b\x04\x1f" in section(srcdir / "raw.o", ".text")  # mov (%r15,%r11,1),%eax


REFUSED = [
    ("-fPIC", "position-independent"),
    ("-fpie", "position-independent"),
    ("-pie", "no PIE"),
    ("-shared", "no shared objects"),
    ("-static-pie", "no PIE"),
    ("-fstack-protector-strong", "%fs"),
    ("-fstack-protector", "%fs"),
    ("-m32", "64-bit code"),
    ("-m64", "x32 data model"),
    ("-mcmodel=large", "small code model"),
    ("-fcf-protection=full", "-fcf-protection=none"),
    ("-fcall-used-r15", "sandbox base"),
    ("-fcall-saved-r11", "scratch register"),
    ("-mred-zone", "red zone"),
    ("-fomit-frame-pointer", "%rbp"),
    ("-fsanitize=address", "runtime"),
    ("-Wl,-pie", "no PIE"),
    ("-Wl,-T,my.ld", "toolchain/nexe.ld"),
]


@pytest.mark.parametrize(("flag", "why"), REFUSED)
def test_refusals_name_the_flag_and_why(srcdir: Path, capsys: pytest.CaptureFixture[str], flag: str,
                                        why: str) -> None:
    assert cc([flag, "-c", "twice.c"]) == 1
    err = capsys.readouterr().err
    shown = flag.split(",")[1] if flag.startswith("-Wl,") else flag
    assert f"{shown} is not supported for a nexe" in err and why in err
    assert not (srcdir / "twice.o").exists()


def test_harmless_flags_pass(srcdir: Path) -> None:
    assert cc(["-c", "-O3", "-g", "-std=c99", "-Wall", "-Wextra", "-Werror", "-fno-strict-aliasing",
               "-fcf-protection=none", "-mno-sse3", "-ffixed-r15", "-mcmodel=small", "-pipe", "twice.c"]) == 0
    assert (srcdir / "twice.o").is_file()


def test_link_flags_of_old_makefiles(srcdir: Path) -> None:
    assert cc(["-n", "-s", "-static", "-Wl,--gc-sections", "-o", "s.nexe", "main.c", "twice.c"]) == 0
    with open(srcdir / "s.nexe", "rb") as f:
        assert ELFFile(f).get_section_by_name(".symtab") is None
    assert run_ref(srcdir / "s.nexe") == (0, b"twice 42\n")


def test_nostartfiles_without_a_start_is_an_error(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-nostartfiles", "-o", "n.nexe", "main.c", "twice.c"]) == 1
    assert "no _start" in capsys.readouterr().err


def test_nostartfiles_keeps_the_libc(srcdir: Path) -> None:
    (srcdir / "mystart.c").write_text("#include <stdlib.h>\nint main(void);\n"
                                      "void _start(void) { exit(main() + 3); }\n")
    assert cc(["-nostartfiles", "-o", "own.nexe", "mystart.c", "main.c", "twice.c"]) == 0
    assert run_ref(srcdir / "own.nexe") == (3, b"twice 42\n")


def test_nodefaultlibs_keeps_only_the_start_code(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-nodefaultlibs", "-o", "nd.nexe", "main.c", "twice.c"]) == 1
    err = capsys.readouterr().err
    assert "undefined symbols:" in err and "printf" in err and "exit" in err


def test_unknown_option_is_gccs_error(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-fno-such-thing", "-c", "twice.c"]) == 1
    err = capsys.readouterr().err
    assert "-fno-such-thing" in err and "Traceback" not in err
    assert cc(["--bogus", "main.o"]) == 1
    assert "--bogus" in capsys.readouterr().err


def test_answers_about_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-dumpmachine"]) == 0
    assert capsys.readouterr().out == "x86_64-nacl\n"
    assert cc(["-dumpversion"]) == 0
    assert capsys.readouterr().out.strip()[0].isdigit()
    assert cc(["--version"]) == 0
    assert capsys.readouterr().out.startswith("x86_64-nacl-gcc ")
    assert cc([]) == 1
    assert "no input files" in capsys.readouterr().err


def test_harness_cli_hands_cc_to_the_driver(srcdir: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "harness", "cc", "-O2", "-c", "twice.c", "-o", "cli.o"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (srcdir / "cli.o").is_file()


@pytest.fixture(scope="module")
def wrappers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of x86_64-nacl-* wrappers, as a user installs them."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    bindir = tmp_path_factory.mktemp("bin")
    proc = subprocess.run([sys.executable, "-m", "harness", "cc", "--install-prefix", str(bindir)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return bindir


def make(project: Path, dest: Path, *args: str, path: Path | None = None) -> Path:
    """A copy of `project` at `dest`, built by `make ARGS` (with `path` first on PATH); no warnings allowed."""
    shutil.copytree(project, dest)
    env = {**os.environ, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"} if path else None
    proc = subprocess.run(["make", *args], cwd=dest, capture_output=True, text=True, env=env, timeout=600,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warning" not in proc.stderr, proc.stderr
    return dest


def run_native(exe: Path, stdin: bytes = b"") -> tuple[int, bytes]:
    proc = subprocess.run([str(exe)], input=stdin, capture_output=True, timeout=30, check=False)
    return proc.returncode, proc.stdout


def run_ref_with(nexe: Path, stdin: bytes) -> tuple[int | None, bytes]:
    result = RefTarget().run(Session(nexe, channels=standard_channels(stdin), timeout=60))
    assert (result.validator_state, result.exit_state) == (0, "ok"), result.raw_stdout
    return result.user_code, result.outputs["/dev/stdout"]


@pytest.fixture(scope="module")
def made_project(tmp_path_factory: pytest.TempPathFactory, wrappers: Path) -> Path:
    # Unchanged: the Makefile's own CC = x86_64-nacl-gcc, found on PATH.
    return make(PROJECT, tmp_path_factory.mktemp("mk") / "project", path=wrappers)


@pytest.fixture(scope="module")
def native_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same Makefile and sources built by the host gcc; native/zvm.h stands for the two traps the
    start code makes, and the link is an ordinary static one (no NaCl -n layout)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    return make(PROJECT, tmp_path_factory.mktemp("native") / "project", "CC=gcc", "AR=ar", "CPPFLAGS=-Inative",
                "LDFLAGS=-nostdlib -nostartfiles -static")


def test_makefile_project_builds_runs_and_scans(made_project: Path, native_project: Path) -> None:
    nexe = made_project / "hello.nexe"
    members = subprocess.run(["ar", "t", str(made_project / "libsums.a")], capture_output=True, text=True,
                             check=True).stdout.split()
    assert members == ["sums.o", "square.o"]
    native = run_native(native_project / "hello.nexe")
    assert native[1].startswith(b"sum of squares")
    assert run_ref(nexe) == native
    # Its own start code: none of the runtime is linked.
    symbols = subprocess.run(["nm", str(nexe)], capture_output=True, text=True, check=True).stdout
    assert " T _start" in symbols and "printf" not in symbols and "malloc" not in symbols
    proc = subprocess.run([sys.executable, "-m", "harness", "scan", str(nexe)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0 and "OK: valid code" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.zerovm
def test_makefile_project_runs_on_zerovm(made_project: Path, native_project: Path, zerovm: ZerovmTarget) -> None:
    result = zerovm.run(Session(made_project / "hello.nexe", timeout=30))
    assert (result.exit_code, result.validator_state, result.exit_state) == (0, 0, "ok"), result.raw_stdout
    assert (result.user_code, result.outputs["/dev/stdout"]) == run_native(native_project / "hello.nexe")


@pytest.mark.valz
def test_makefile_project_passes_the_real_validator(made_project: Path, valz: Path) -> None:
    proc = subprocess.run([str(valz), "--cpuid-all", "--warnings", str(made_project / "hello.nexe")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "" and proc.stderr.strip() == "", "valz printed errors or warnings"


# -- ordinary programs through a Makefile, against their native builds ---------------------------------------------

ORDINARY = Path(__file__).parent / "data" / "ordinary"
ORDINARY_PROGRAMS = ("wc", "sortlines", "calc", "tokens", "lookup")


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory: pytest.TempPathFactory, wrappers: Path) -> tuple[Path, Path]:
    """(the driver's build, the native build) of tests/data/ordinary: `make CC=...` each."""
    root = tmp_path_factory.mktemp("ordinary")
    nacl = make(ORDINARY, root / "nacl", f"CC={wrappers}/x86_64-nacl-gcc", f"AR={wrappers}/x86_64-nacl-ar")
    native = make(ORDINARY, root / "native", "CC=gcc", "AR=ar")
    return nacl, native


@pytest.mark.parametrize("program", ORDINARY_PROGRAMS)
def test_ordinary_programs_print_what_their_native_builds_print(ordinary: tuple[Path, Path], program: str) -> None:
    nacl, native = ordinary
    stdin = (ORDINARY / f"{program}.in").read_bytes()
    expected = run_native(native / f"{program}.nexe", stdin)
    assert len(expected[1].splitlines()) >= 2, expected  # the program did its work natively
    assert run_ref_with(nacl / f"{program}.nexe", stdin) == expected


@pytest.mark.zerovm
def test_ordinary_programs_on_zerovm(ordinary: tuple[Path, Path], zerovm: ZerovmTarget) -> None:
    nacl, native = ordinary
    for program in ORDINARY_PROGRAMS:
        stdin = (ORDINARY / f"{program}.in").read_bytes()
        result = zerovm.run(Session(nacl / f"{program}.nexe", channels=standard_channels(stdin), timeout=30))
        assert (result.validator_state, result.exit_state) == (0, "ok"), (program, result.raw_stdout)
        assert (result.user_code, result.outputs["/dev/stdout"]) == run_native(native / f"{program}.nexe", stdin), \
            program


def test_as_and_ld_wrappers(srcdir: Path) -> None:
    bindir = srcdir / "bin"
    assert cc(["--install-prefix", str(bindir)]) == 0
    for tool in ("gcc", "cc", "as", "ld", "ar", "ranlib", "nm", "objdump", "strip"):
        assert os.access(bindir / f"x86_64-nacl-{tool}", os.X_OK), tool

    def tool(name: str, *args: str) -> None:
        proc = subprocess.run([str(bindir / f"x86_64-nacl-{name}"), *args], capture_output=True, text=True,
                              timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr

    tool("gcc", "-O2", "-S", "twice.c")
    tool("as", "-o", "twice.o", "twice.s")
    tool("gcc", "-O2", "-c", "main.c")
    tool("ar", "rc", "libtw.a", "twice.o")
    tool("ranlib", "libtw.a")
    from harness.toolchain.builtin import BuiltinToolchain

    tool("ld", "-u", "_start", "-o", "ld.nexe", "main.o", "libtw.a", str(BuiltinToolchain().runtime_archive()))
    assert run_ref(srcdir / "ld.nexe") == (0, b"twice 42\n")
    tool("strip", "ld.nexe")
    assert run_ref(srcdir / "ld.nexe") == (0, b"twice 42\n")


# -- assembler options, -save-temps, -x and stdin, -print-* and -v ------------------------------------------------


def test_safe_assembler_options_reach_as(srcdir: Path) -> None:
    assert cc(["-O2", "-c", "twice.c", "-o", "plain.o"]) == 0
    assert cc(["-O2", "-c", "-Wa,--noexecstack,-adhln=twice.lst,--defsym,N=1", "-Xassembler", "--fatal-warnings",
               "twice.c", "-o", "wa.o"]) == 0
    listing = (srcdir / "twice.lst").read_text()
    assert "bundle_align_mode" in listing and "twice" in listing  # as's listing of the sandboxed assembly
    assert section(srcdir / "wa.o", ".text") == section(srcdir / "plain.o", ".text")


AS_REFUSED = [
    (["-Wa,-O2"], "-Wa,-O2", "bundle mode"),
    (["-Wa,--32"], "-Wa,--32", "--64"),
    (["-Wa,-mbranches-within-32B-boundaries"], "-Wa,-mbranches-within-32B-boundaries", "pads instructions"),
    (["-Wa,-g"], "-Wa,-g", "line table"),
    (["-Xassembler", "-R"], "-Wa,-R", "text section"),
    (["-Wa,--no-such-option"], "-Wa,--no-such-option", "cannot change its code"),
]


@pytest.mark.parametrize(("flags", "shown", "why"), AS_REFUSED)
def test_assembler_options_that_could_change_the_code_are_refused(srcdir: Path, capsys: pytest.CaptureFixture[str],
                                                                  flags: list[str], shown: str, why: str) -> None:
    assert cc([*flags, "-c", "twice.c"]) == 1
    err = capsys.readouterr().err
    assert f"{shown} is not supported for a nexe" in err and why in err, err
    assert not (srcdir / "twice.o").exists()


def test_as_wrapper_takes_the_same_options(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from harness.toolchain.driver import assemble_only

    assert cc(["-S", "twice.c"]) == 0
    assert assemble_only(["--noexecstack", "-I", "inc", "--defsym", "N=1", "-otw.o", "twice.s"]) == 0
    assert (srcdir / "tw.o").is_file()
    assert assemble_only(["-O2", "-o", "bad.o", "twice.s"]) == 1
    assert "-O2 is not supported for a nexe" in capsys.readouterr().err
    assert not (srcdir / "bad.o").exists()


def test_save_temps_keeps_the_sandboxed_assembly(srcdir: Path) -> None:
    assert cc(["-save-temps", "-O2", "-c", "twice.c"]) == 0
    assert "int twice(int x)" in (srcdir / "twice.i").read_text()
    kept = (srcdir / "twice.s").read_text()
    assert kept.startswith(SANDBOXED_MARK) and ".bundle_align_mode 5" in kept
    # The kept .s is what was assembled: it assembles to the same code.
    assert cc(["-c", "twice.s", "-o", "again.o"]) == 0
    assert section(srcdir / "again.o", ".text") == section(srcdir / "twice.o", ".text")
    # Linking: OUTPUT-SOURCE.{i,s,o} next to the program, as gcc 12 names them.
    (srcdir / "out").mkdir()
    assert cc(["-save-temps", "-o", "out/prog", "main.c", "twice.c"]) == 0
    assert sorted(p.name for p in (srcdir / "out").iterdir()) == [
        "prog", "prog-main.i", "prog-main.o", "prog-main.s", "prog-twice.i", "prog-twice.o", "prog-twice.s"]
    assert run_ref(srcdir / "out" / "prog") == (0, b"twice 42\n")
    # An assembly source is not overwritten by its own temporary.
    before = (srcdir / "again.o").read_bytes()
    assert cc(["-save-temps", "-c", "twice.s", "-o", "again.o"]) == 0
    assert (srcdir / "twice.s").read_text() == kept and (srcdir / "again.o").read_bytes() == before


def test_language_option(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile("twice.c", "twice.txt")
    # -x c applies to the inputs after it, until -x none.
    assert cc(["-O2", "-o", "x.nexe", "main.c", "-x", "c", "twice.txt", "-x", "none"]) == 0
    assert run_ref(srcdir / "x.nexe") == (0, b"twice 42\n")
    assert cc(["-O2", "-S", "twice.c", "-o", "t.s"]) == 0
    shutil.copyfile("t.s", "t.asm")
    assert cc(["-c", "-xassembler", "t.asm", "-o", "from_asm.o"]) == 0
    assert cc(["-O2", "-c", "twice.c", "-o", "direct.o"]) == 0
    assert section(srcdir / "from_asm.o", ".text") == section(srcdir / "direct.o", ".text")
    capsys.readouterr()
    assert cc(["-c", "twice.c", "-x", "c"]) == 0  # gcc's warning, and the source still compiled as its name says
    assert "'-x c' after last input file has no effect" in capsys.readouterr().err
    assert cc(["-x", "fortran", "-c", "twice.c"]) == 1
    assert "-x fortran is not supported" in capsys.readouterr().err
    # Without -x the name decides: a .txt is a linker input, not compiled.
    assert cc(["-c", "twice.txt"]) == 0
    assert "twice.txt: linker input file unused" in capsys.readouterr().err


def _cc_stdin(args: list[str], data: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", "cc", *args], input=data, capture_output=True,
                          text=True, timeout=120, check=False)


def test_standard_input_as_source(srcdir: Path) -> None:
    proc = _cc_stdin(["-O2", "-o", "in.nexe", "-x", "c", "-", "twice.c"], MAIN)
    assert proc.returncode == 0, proc.stderr
    assert run_ref(srcdir / "in.nexe") == (0, b"twice 42\n")
    proc = _cc_stdin(["-x", "c", "-c", "-"], TWICE)
    assert proc.returncode == 0 and (srcdir / "-.o").is_file(), proc.stderr  # gcc's name for it
    proc = _cc_stdin(["-E", "-"], "#define X 40 + 2\nint f(void) { return X; }\n")
    assert proc.returncode == 0 and "return 40 + 2;" in proc.stdout
    proc = _cc_stdin(["-c", "-"], TWICE)
    assert proc.returncode == 1 and "-E or -x required when input is from standard input" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_print_queries(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from harness.toolchain.builtin import BuiltinToolchain

    def ask(*args: str) -> str:
        capsys.readouterr()
        assert cc(list(args)) == 0
        return capsys.readouterr().out

    runtime = str(BuiltinToolchain().runtime_archive())
    assert ask("-print-file-name=libc.a") == ask("-print-libgcc-file-name") == runtime + "\n"
    assert ask("-print-file-name=libm.a").strip() == runtime
    assert (Path(ask("-print-file-name=include").strip()) / "stddef.h").is_file()
    assert ask("-print-file-name=libnosuch.a") == "libnosuch.a\n"  # gcc echoes what it does not have
    subprocess.run(["ar", "rc", "libmine.a"], check=True)
    assert ask("-L.", "-print-file-name=libmine.a").strip() == str(Path(".") / "libmine.a")
    assert ask("-L", ".", "-print-file-name=libmine.a") == ask("-L.", "-print-file-name=libmine.a")
    prog = ask("-print-prog-name=ld").strip()
    assert Path(prog).name == "x86_64-nacl-ld"
    assert ask("-print-prog-name=cc1") == "cc1\n"
    assert ask("-print-multi-lib") == ".;\n" and ask("-print-multi-directory") == ".\n"
    assert ask("-print-sysroot") == ""
    assert "libraries: =" in ask("-print-search-dirs")
    assert cc(["-print-no-such-thing"]) == 1
    assert "unrecognized command-line option '-print-no-such-thing'" in capsys.readouterr().err


def test_verbose_names_the_target_and_each_step(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cc(["-v", "-Wa,--noexecstack", "-c", "twice.c"]) == 0
    err = capsys.readouterr().err
    assert "Target: x86_64-nacl" in err
    steps = [line.split()[0] for line in err.splitlines() if line.startswith(" ")]
    assert steps == ["gcc", "as"], err
    assert "--noexecstack" in err
    assert cc(["-v"]) == 0
    assert "Target: x86_64-nacl" in capsys.readouterr().err
