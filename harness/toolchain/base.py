"""What every toolchain shares: the build request, its result, and how failures look."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# The project's toolchain/ directory: runtime sources, headers and the linker script.
TOOLCHAIN_DIR = Path(__file__).resolve().parents[2] / "toolchain"
INCLUDE_DIR = TOOLCHAIN_DIR / "include"
RUNTIME_DIR = TOOLCHAIN_DIR / "runtime"
LINKER_SCRIPT = TOOLCHAIN_DIR / "nexe.ld"

OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os")


class BuildError(Exception):
    """The program could not be built; the message carries the compiler's diagnostics."""


class BuildInputError(BuildError):
    """The request itself cannot be served: a source that cannot be read or an output that
    cannot be written (the command line's "bad usage", not the program's fault)."""


# A C or assembly source larger than this is refused before gcc (or the sandboxing pass,
# which holds the assembly in memory) reads it.
MAX_SOURCE = 64 << 20
# gcc's diagnostics and assembly are text, but a source may hold any bytes (a stray 0xff
# in a comment): read them as UTF-8 with the odd bytes kept, never a UnicodeDecodeError.
TEXT_ERRORS = "surrogateescape"


@dataclass(frozen=True)
class BuildRequest:
    sources: tuple[Path, ...]
    output: Path
    opt: str = "-O2"
    include_dirs: tuple[Path, ...] = ()
    defines: tuple[str, ...] = ()
    extra_cflags: tuple[str, ...] = ()
    # Off only for hostile test programs: assembly is taken exactly as written
    # (no sandboxing pass, no bundling) and/or no runtime is linked (it defines _start).
    sandbox: bool = True
    runtime: bool = True

    def __post_init__(self) -> None:
        if self.opt not in OPT_LEVELS:
            raise ValueError(f"optimisation level must be one of {', '.join(OPT_LEVELS)}, not {self.opt!r}")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    toolchain: str  # "builtin" or "nacl-gcc"
    opt: str
    diagnostics: str = ""  # compiler warnings of a successful build
    steps: tuple[str, ...] = field(default=(), compare=False)  # the commands that ran


# A source can `#include` a FIFO (gcc blocks) or /dev/zero (cc1 grows by a GB a second):
# every tool runs with a time limit and an address-space limit far above what a nexe needs.
TOOL_TIMEOUT = 300.0
TOOL_ADDRESS_SPACE = 2 << 30


def _limit_tool() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (TOOL_ADDRESS_SPACE, TOOL_ADDRESS_SPACE))


def run_tool(argv: list[str], what: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run one tool of the toolchain; a missing tool, or one past its time limit, is a BuildError naming it."""
    if shutil.which(argv[0]) is None and not Path(argv[0]).is_file():
        raise BuildError(f"error: {what} needs '{argv[0]}', which is not installed or not on PATH")
    try:
        # Its own process group: on a timeout gcc's children (cc1, as) are stopped with it.
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
                                errors="replace", cwd=cwd, start_new_session=True, preexec_fn=_limit_tool)
    except OSError as exc:
        raise BuildError(f"error: could not run {argv[0]}: {exc}") from exc
    try:
        stdout, stderr = proc.communicate(timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise BuildError(f"error: {Path(argv[0]).name} did not finish in {TOOL_TIMEOUT:g} s and was stopped "
                         "(does a source #include a FIFO or a device?)") from None
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def check_sources(request: BuildRequest) -> None:
    """Every source a readable regular file of a known kind, and the output writable
    (without creating directories), before anything runs."""
    from harness.userfiles import UserFileError, check_output, check_readable, input_size

    if not request.sources:
        raise BuildInputError("error: no source files given")
    try:
        for src in request.sources:
            size = input_size(src)
            if src.suffix not in (".c", ".s", ".S"):
                raise BuildInputError(f"error: {src}: not a C (.c) or assembly (.s, .S) source")
            if size > MAX_SOURCE:
                raise BuildInputError(f"error: {src}: is too large for a source ({size} bytes; the limit is "
                                      f"{MAX_SOURCE})")
            check_readable(src)
        check_output(request.output)
        if any(os.path.exists(request.output) and os.path.samefile(src, request.output) for src in request.sources):
            raise BuildInputError(f"error: {request.output}: the output is one of the sources")
    except UserFileError as exc:
        raise BuildInputError(f"error: {exc}") from None


def read_source_text(path: Path) -> str:
    """A source (or gcc's assembly) as text, whatever bytes it holds."""
    from harness.userfiles import UserFileError, read_file

    try:
        return read_file(path, MAX_SOURCE, what="an assembly source").decode("utf-8", TEXT_ERRORS)
    except UserFileError as exc:
        raise BuildInputError(f"error: {exc}") from None


def write_output(built: Path, output: Path) -> None:
    """Copy the built nexe to the user's output (executable), never creating a directory."""
    from harness.userfiles import UserFileError, copy_to_output

    try:
        copy_to_output(built, output, 0o755)
    except UserFileError as exc:
        raise BuildInputError(f"error: {exc}") from None
