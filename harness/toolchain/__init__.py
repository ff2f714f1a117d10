"""Turning C into nexes: a real x86_64-nacl-gcc when there is one, else the built-in toolchain.

    from harness.toolchain import build
    result = build(["hello.c"], "hello.nexe", opt="-O2")
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from harness.toolchain.base import OPT_LEVELS, BuildError, BuildInputError, BuildRequest, BuildResult

# The toolchains themselves (the sandboxing pass, the build cache) are imported when a
# build chooses one, so `python -m harness --help` does not pay for them.

__all__ = ["OPT_LEVELS", "TOOLCHAIN_CHOICES", "BuildError", "BuildInputError", "BuildRequest", "BuildResult",
           "Toolchain", "build", "select_toolchain"]

TOOLCHAIN_CHOICES = ("auto", "builtin", "nacl-gcc")
ENV_TOOLCHAIN = "ZVM_TOOLCHAIN"


class Toolchain(Protocol):
    name: str

    def build(self, request: BuildRequest) -> BuildResult: ...


def select_toolchain(choice: str | None = None, nacl_prefix: str | None = None) -> Toolchain:
    """`auto` takes a real NaCl cross-compiler when one is found, the built-in one otherwise."""
    from harness.toolchain.builtin import BuiltinToolchain
    from harness.toolchain.naclgcc import NaClGccToolchain, find_prefix

    choice = choice or os.environ.get(ENV_TOOLCHAIN) or "auto"
    if choice not in TOOLCHAIN_CHOICES:
        raise BuildError(f"error: unknown toolchain {choice!r} (choose {', '.join(TOOLCHAIN_CHOICES)})")
    if choice == "builtin":
        return BuiltinToolchain()
    prefix = find_prefix(nacl_prefix)
    if prefix is not None:
        return NaClGccToolchain(prefix)
    if choice == "nacl-gcc":
        where = nacl_prefix or os.environ.get("ZVM_NACL_PREFIX") or "x86_64-nacl-"
        raise BuildError(f"error: no NaCl cross-compiler found ('{where}gcc' is not installed); "
                         "use --toolchain builtin or set ZVM_NACL_PREFIX")
    return BuiltinToolchain()


def build(sources: Iterable[str | os.PathLike[str]], output: str | os.PathLike[str], *, opt: str = "-O2",
          include_dirs: Iterable[str | os.PathLike[str]] = (), defines: Iterable[str] = (),
          toolchain: str | Toolchain | None = None, nacl_prefix: str | None = None, sandbox: bool = True,
          runtime: bool = True) -> BuildResult:
    """Build `sources` into the nexe `output`; raises BuildError with the diagnostics.

    `sandbox=False` takes assembly exactly as written and `runtime=False` links no
    runtime: both are for hostile test programs that must reach the validator as is.
    """
    request = BuildRequest(tuple(Path(s) for s in sources), Path(output), opt,
                           tuple(Path(d) for d in include_dirs), tuple(defines), sandbox=sandbox, runtime=runtime)
    chain = toolchain if not isinstance(toolchain, str | None) else select_toolchain(toolchain, nacl_prefix)
    return chain.build(request)
