"""Fixtures for the harness's own tests: the real zerovm and valz when configured, else skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.targets.privilege import hand_over, session_user
from harness.targets.zerovm import ENV_NO_SYSLOG, ZerovmTarget, find_zerovm
from harness.toolchain import BuildResult, build

PROGRAMS = Path(__file__).parent / "programs"
ENV_VALZ = "ZEROVM_VALZ"


@pytest.fixture(scope="session")
def zerovm() -> ZerovmTarget:
    path = find_zerovm()
    if path is None:
        pytest.skip("no real zerovm configured: set ZEROVM=/path/to/zerovm to run this test")
    return ZerovmTarget(path)


@pytest.fixture(scope="session")
def valz() -> Path:
    path = os.environ.get(ENV_VALZ)
    if not path:
        pytest.skip(f"no real validator configured: set {ENV_VALZ}=/path/to/valz to run this test")
    if not Path(path).is_file():
        pytest.fail(f"{ENV_VALZ}={path} does not exist")
    return Path(path)


# A stand-in zerovm's report; %s is the user code.
REPORT = r'printf "0\n0\n%s\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n"'
# A stand-in zerovm's answer to the harness's pre-flight check (run with no arguments): usage, exit 22.
USAGE = 'if [ $# -eq 0 ]; then echo "ZeroVM stand-in; usage: zerovm MANIFEST"; exit 22; fi'


@pytest.fixture(autouse=True)
def _no_syslog_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-ins need no syslog on /dev/log, which the pre-flight check asks of a real zerovm."""
    monkeypatch.setenv(ENV_NO_SYSLOG, "1")


@pytest.fixture
def bindir() -> Iterator[Path]:
    """A directory for stand-in executables, reachable by the unprivileged user a root harness switches to."""
    d = Path(tempfile.mkdtemp(prefix="zvm-standin-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    """pytest's tmp_path, which the user a root harness runs sessions as may enter and read
    (not write): a file a test puts there plays a user's own readable file.  pytest makes
    these directories private to root, and that user is rightly refused what root keeps
    private (tests/test_privilege.py keeps its private files in a 0700 directory of its own)."""
    if os.geteuid() == 0:
        for d in [tmp_path, *tmp_path.parents]:
            if d == Path(tempfile.gettempdir()) or d == d.parent:
                break
            d.chmod(d.stat().st_mode | 0o011)
    return tmp_path


@pytest.fixture
def nexe(bindir: Path) -> Path:
    """A file that passes for a nexe with a stand-in zerovm (its ELF magic), readable by zerovm's user."""
    path = bindir / "prog.nexe"
    path.write_bytes(b"\x7fELF" + b"\0" * 60)
    path.chmod(0o644)
    return path


class UserDirs:
    """Directories that play a user's own: reachable and owned by the user a root harness runs
    sessions as (pytest's tmp_path is private to root, which that user must not get past)."""

    def __init__(self) -> None:
        self.made: list[Path] = []

    def make(self, prefix: str = "zvm-user-") -> Path:
        d = Path(tempfile.mkdtemp(prefix=prefix))
        d.chmod(0o755)
        self.made.append(d)
        return d

    def give(self, d: Path) -> None:
        """Hand what a test wrote in `d` to that user, as if the user had written it."""
        hand_over(d, session_user())


@pytest.fixture
def user_dirs() -> Iterator[UserDirs]:
    dirs = UserDirs()
    yield dirs
    for d in dirs.made:
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def user_dir(user_dirs: UserDirs) -> Path:
    return user_dirs.make()


@dataclass(frozen=True)
class NativeRun:
    stdout: bytes
    stderr: bytes
    returncode: int


class Builds:
    """Nexes of the test programs, each built once per test session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._built: dict[tuple[str, str], BuildResult] = {}
        self._native: dict[str, NativeRun] = {}

    def nexe(self, program: str, opt: str) -> BuildResult:
        key = (program, opt)
        if key not in self._built:
            out = self.root / f"{program}{opt}.nexe"
            self._built[key] = build([PROGRAMS / f"{program}.c"], out, opt=opt, toolchain="builtin")
        return self._built[key]

    def native(self, program: str) -> NativeRun:
        """The same program built by the host gcc for the host, run natively: the expected output."""
        if program not in self._native:
            if shutil.which("gcc") is None:
                pytest.skip("the host gcc is needed to build the native reference")
            exe = self.root / f"{program}.native"
            subprocess.run(["gcc", "-O1", "-w", "-o", str(exe), str(PROGRAMS / f"{program}.c")], check=True)
            proc = subprocess.run([str(exe)], capture_output=True, timeout=60, check=False)
            self._native[program] = NativeRun(proc.stdout, proc.stderr, proc.returncode)
        return self._native[program]


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("nexes"))


@pytest.fixture(scope="session")
def minimal_nexe(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of `int main(void) { return 0; }` built by the built-in toolchain."""
    d = tmp_path_factory.mktemp("minimal")
    src = d / "p.c"
    src.write_text("int main(void) { return 0; }\n")
    return build([src], d / "p.nexe", toolchain="builtin").output.read_bytes()
