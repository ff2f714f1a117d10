"""What every toolchain shares: the build request, its result, and how failures look."""

from __future__ import annotations

import shutil
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


def run_tool(argv: list[str], what: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run one tool of the toolchain; a missing tool is a BuildError naming it."""
    if shutil.which(argv[0]) is None and not Path(argv[0]).is_file():
        raise BuildError(f"error: {what} needs '{argv[0]}', which is not installed or not on PATH")
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=cwd, check=False)
    except OSError as exc:
        raise BuildError(f"error: could not run {argv[0]}: {exc}") from exc


def check_sources(request: BuildRequest) -> None:
    if not request.sources:
        raise BuildError("error: no source files given")
    for src in request.sources:
        if not src.is_file():
            raise BuildError(f"error: {src}: no such file")
        if src.suffix not in (".c", ".s", ".S"):
            raise BuildError(f"error: {src}: not a C (.c) or assembly (.s, .S) source")
