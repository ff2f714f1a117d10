"""What a differential campaign passes between its parts: a generated `Trial`, the `Difference`s
between two targets' results of it, and a `Finding` (a disagreement, replayed and minimised).

A generator makes trials from seeds; the campaign runs each on both targets and compares; a
disagreement is shrunk through the generator's own `shrink` and written out as a case file.
Everything here is picklable: trials travel to worker processes and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from harness.elfpatch import Patch, apply_patches
from harness.targets import Session


@dataclass(frozen=True)
class Program:
    """How a trial's nexe is made, as a case file says it ([build], [[patch]]), so a finding can be committed."""

    sources: tuple[tuple[str, str], ...]  # (file name, text) in build order: C, or assembly with sandbox=False
    opt: str = "-O2"
    sandbox: bool = True  # False: assembly taken as written ([build] sandbox = false)
    runtime: bool = True  # False: no runtime linked; the sources define _start
    patches: tuple[Patch, ...] = ()  # harness.elfpatch edits of the linked nexe, in order

    def build(self, work: Path) -> Path:
        """Write the sources under `work`, build them, apply the patches; the nexe's path.
        Raises harness.toolchain.BuildError when the program does not build."""
        from harness.toolchain import build

        work.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, text in self.sources:
            (work / name).write_text(text)
            paths.append(work / name)
        out = build(paths, work / "program.nexe", opt=self.opt, sandbox=self.sandbox, runtime=self.runtime).output
        if self.patches:
            out.write_bytes(apply_patches(out.read_bytes(), list(self.patches)))
        return out


@dataclass(frozen=True)
class Trial:
    """One generated session: run on both targets, it should give the same result."""

    generator: str
    seed: int
    program: Program
    session: Session  # session.nexe: the built program
    note: str = ""  # what was generated, in one line (the final table, a finding's case description)
    size: int = 0  # the generator's measure of it (calls, manifest lines changed, bytes patched): shrinking lowers it
    # True: the static scanner's verdict on the nexe (loads, valid) is compared too, with each target's
    # validator state and load failure (harness.fuzz.nexes.scan_differences) and with valz (valz_differences).
    scan: bool = False


class Generator(Protocol):
    """Makes trials. `generate` is deterministic in its seed (a finding replays from it)."""

    name: str

    def unavailable(self) -> str | None:
        """Why this generator cannot run on this machine (say, no csmith), or None when it can."""
        ...

    def generate(self, seed: int, work: Path) -> Trial:
        """The trial of this seed, its nexe built under `work` (a fresh directory of its own)."""
        ...

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        """Smaller variants of `trial` (lower `size`), the biggest cuts first; the campaign keeps the
        first that still disagrees the same way and asks again, until none does."""
        ...


@dataclass(frozen=True)
class Difference:
    """One field on which the two targets disagree: "exit_code", "outputs[/dev/stdout]", "scan.valid" ..."""

    field: str
    a: object
    b: object


@dataclass(frozen=True)
class Finding:
    """A disagreement that replayed on both targets, minimised."""

    trial: Trial  # the minimised trial
    original: Trial  # as generated
    differences: tuple[Difference, ...]
    case_dir: Path | None = None  # where its case files were written
