"""csmith programs built with the driver at every -O level print what their native builds print.

Fixed programs (tests/data/csmith, see its README) are built with `python -m harness cc -I
/usr/include/csmith -O...`, run on the ref target (and on the real zerovm when $ZEROVM is set,
after the real validator when $ZEROVM_VALZ is set), and their stdout and exit status are
compared with the same program built by the host gcc.  Fresh seeds: tests/csmith_campaign.py.
csmith writes for the host's LP64 data model, a nexe is ILP32: see that module's docstring
and `test_long_constants_are_what_lp64_and_ilp32_disagree_on`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.targets import Session
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import OPT_LEVELS
from harness.toolchain.builtin import gcc_supports_x32
from tests.csmith_campaign import (
    Native,
    build_with_driver,
    csmith_available,
    native_run,
    neutral_long_suffixes,
    validate,
)

DATA = Path(__file__).parent / "data" / "csmith"
PROGRAMS = sorted(p.stem for p in DATA.glob("seed*.c"))
BUILDS = [(name, opt) for name in PROGRAMS for opt in OPT_LEVELS]

needs_x32 = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                               reason="the host gcc with -mx32 is needed")
needs_csmith = pytest.mark.skipif(not csmith_available(),
                                  reason="csmith's headers are not installed: apt-get install csmith libcsmith-dev")


class CsmithBuilds:
    """Each program's native run and its nexe at each -O level, made once per test session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.chmod(0o755)  # a root harness runs zerovm as another user, who reads the nexes here
        self._native: dict[str, Native] = {}
        self._nexes: dict[tuple[str, str], Path] = {}

    def native(self, program: str) -> Native:
        if program not in self._native:
            run = native_run(DATA / f"{program}.c", self.root, limit_s=10)
            assert run is not None, f"{program}: the native build failed or ran too long"
            self._native[program] = run
        return self._native[program]

    def nexe(self, program: str, opt: str) -> Path:
        if (program, opt) not in self._nexes:
            out = self.root / f"{program}{opt}.nexe"
            built = build_with_driver(DATA / f"{program}.c", opt, out, [])
            assert built.returncode == 0, built.stderr
            out.chmod(0o644)
            self._nexes[(program, opt)] = out
        return self._nexes[(program, opt)]


def test_long_suffixes_become_long_long() -> None:
    src = "x = 0x5CCEL | 1UL | 2LL | 3ULL | 7u | 18446744073709551614UL | 9l; long l_4L; g_1L = 0xE1L;"
    assert neutral_long_suffixes(src) == ("x = 0x5CCELL | 1ULL | 2LL | 3ULL | 7u | 18446744073709551614ULL | 9LL; "
                                          "long l_4L; g_1L = 0xE1LL;")


LP64_ONLY = """#include <stdio.h>
int main(void) { unsigned u = 1; printf("%d %d\\n", -1L < u, (int)(sizeof(0x1L) * 8)); return 0; }
"""


@needs_x32
def test_long_constants_are_what_lp64_and_ilp32_disagree_on(tmp_path: Path) -> None:
    """Why the campaign's "lp64" verdict exists: -1L < 1U is true under LP64 (a long compares) and
    false under ILP32 (an unsigned long compares); with LL both agree."""
    for name, text, expected in (("raw", LP64_ONLY, b"0 32\n"), ("neutral", neutral_long_suffixes(LP64_ONLY),
                                                                 b"1 64\n")):
        src = tmp_path / f"{name}.c"
        src.write_text(text)
        native = native_run(src, tmp_path, limit_s=10)
        assert native is not None and native.stdout == (b"1 64\n"), native
        nexe = tmp_path / f"{name}.nexe"
        assert build_with_driver(src, "-O2", nexe).returncode == 0
        result = RefTarget().run(Session(nexe, timeout=30))
        assert result.outputs["/dev/stdout"] == expected, result


@pytest.fixture(scope="module")
def csmith_builds(tmp_path_factory: pytest.TempPathFactory) -> CsmithBuilds:
    return CsmithBuilds(tmp_path_factory.mktemp("csmith"))


def test_the_programs_are_there() -> None:
    assert len(PROGRAMS) >= 3, PROGRAMS


@needs_csmith
@needs_x32
@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_ref_prints_what_the_native_build_prints(csmith_builds: CsmithBuilds, program: str, opt: str) -> None:
    native = csmith_builds.native(program)
    assert native.stdout.startswith(b"checksum = "), native.stdout  # the program ran to its end natively
    result = RefTarget().run(Session(csmith_builds.nexe(program, opt), timeout=60))
    assert (result.outcome, result.exit_state) == ("exited", "ok"), result
    assert result.outputs["/dev/stdout"] == native.stdout
    assert result.user_code == native.returncode


@pytest.mark.valz
@needs_csmith
@needs_x32
@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_real_validator_accepts(csmith_builds: CsmithBuilds, valz: Path, program: str, opt: str) -> None:
    complaint = validate(valz, csmith_builds.nexe(program, opt))
    assert complaint is None, complaint


@pytest.mark.zerovm
@needs_csmith
@needs_x32
@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_zerovm_prints_what_the_native_build_prints(csmith_builds: CsmithBuilds, zerovm: ZerovmTarget,
                                                    program: str, opt: str) -> None:
    native = csmith_builds.native(program)
    result = zerovm.run(Session(csmith_builds.nexe(program, opt), timeout=30))
    assert (result.exit_code, result.validator_state, result.exit_state) == (0, 0, "ok"), result.raw_stdout
    assert result.outputs["/dev/stdout"] == native.stdout
    assert result.user_code == native.returncode
