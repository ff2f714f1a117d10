"""A real NaCl cross-compiler (x86_64-nacl-gcc), used when the user has one.

Its own assembler bundles and sandboxes, and its own linker script lays the nexe
out, so the harness only adds its runtime: the corpus programs use `zvm.h` and our
small libc, not NaCl's newlib.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from harness.toolchain.base import (
    INCLUDE_DIR,
    RUNTIME_DIR,
    BuildError,
    BuildRequest,
    BuildResult,
    check_sources,
    run_tool,
)

ENV_PREFIX = "ZVM_NACL_PREFIX"  # e.g. /opt/nacl/bin/x86_64-nacl-  (the tools are PREFIXgcc, ...)
DEFAULT_PREFIX = "x86_64-nacl-"


def find_prefix(prefix: str | None = None) -> str | None:
    """The tool prefix of an installed NaCl cross-compiler, or None."""
    candidates = [prefix] if prefix else [os.environ.get(ENV_PREFIX), DEFAULT_PREFIX]
    for cand in candidates:
        if not cand:
            continue
        gcc = cand + "gcc"
        if shutil.which(gcc) or (os.path.isfile(gcc) and os.access(gcc, os.X_OK)):
            return cand
    return None


class NaClGccToolchain:
    name = "nacl-gcc"

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.gcc = prefix + "gcc"

    def cflags(self, request: BuildRequest) -> list[str]:
        include = run_tool([self.gcc, "-print-file-name=include"], "the nacl-gcc toolchain").stdout.strip()
        flags = [request.opt, "-std=gnu99", "-ffreestanding", "-fno-stack-protector", "-mno-red-zone", "-nostdinc"]
        flags += [f"-I{d}" for d in request.include_dirs]
        flags += ["-isystem", str(INCLUDE_DIR), "-isystem", include, "-D_LIBC_LIMITS_H_", "-D__zerovm__=1"]
        flags += [f"-D{d}" for d in request.defines]
        return flags + list(request.extra_cflags)

    def build(self, request: BuildRequest) -> BuildResult:
        check_sources(request)
        if not request.sandbox or not request.runtime:
            raise BuildError("error: unsandboxed or runtime-less builds need the built-in toolchain "
                             "(--toolchain builtin)")
        runtime = sorted(str(p) for p in RUNTIME_DIR.glob("*.c"))
        argv = [self.gcc, *self.cflags(request), "-I", str(RUNTIME_DIR), "-nostdlib", "-nostartfiles", "-static",
                "-o", str(request.output), *(str(s) for s in request.sources), *runtime, "-lgcc"]
        proc = run_tool(argv, "the nacl-gcc toolchain")
        if proc.returncode != 0:
            raise BuildError(proc.stderr.rstrip() or f"error: {self.gcc} failed")
        return BuildResult(Path(request.output), self.name, request.opt, proc.stderr, (" ".join(argv),))
