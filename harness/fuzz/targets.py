"""The two sides of a campaign, as the command line names them: "ref", a zerovm binary, or (for a
target written in Python, say a wrapper that breaks one thing on purpose) "module:Class".

A `TargetSpec` is small and picklable: each worker process makes its own target from it once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from harness.targets import Target, TargetError

REF = "ref"
ZEROVM = "zerovm"
PYTHON = "python"


class BadTarget(ValueError):
    """A side the command line names that cannot be used (the message says why, in one line)."""


@dataclass(frozen=True)
class TargetSpec:
    kind: str  # REF, ZEROVM or PYTHON
    where: str = ""  # the zerovm binary (resolved), or "module:Class"

    @property
    def label(self) -> str:
        return REF if self.kind == REF else self.where if self.kind == PYTHON else f"zerovm {self.where}"

    def make(self) -> Target:
        if self.kind == REF:
            from harness.targets.ref import RefTarget

            return RefTarget()
        if self.kind == ZEROVM:
            from harness.targets.zerovm import ZerovmTarget

            return ZerovmTarget(Path(self.where))
        module_name, _, attr = self.where.partition(":")
        factory = getattr(importlib.import_module(module_name), attr)
        target: Target = factory()
        return target


def parse_target(text: str, check: bool = True) -> TargetSpec:
    """"ref", a zerovm path (checked with the harness's pre-flight: it exists, runs as zerovm's user,
    answers as zerovm; unless `check` is False) or "module:Class"; BadTarget when it cannot be used."""
    if text == REF:
        return TargetSpec(REF)
    if ":" in text and not Path(text).exists():
        module_name, _, attr = text.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise BadTarget(f"target {text}: cannot import {module_name}: {exc}") from None
        if not callable(getattr(module, attr, None)):
            raise BadTarget(f"target {text}: {module_name} has no {attr}")
        return TargetSpec(PYTHON, text)
    path = Path(text)
    if not path.is_file():
        raise BadTarget(f"target {text}: no such zerovm binary (give ref or the path of a zerovm)")
    if check:
        from harness.targets.zerovm import preflight

        try:
            path = preflight(path)
        except TargetError as exc:
            raise BadTarget(f"target {text}: {' '.join(str(exc).split())}") from None
    return TargetSpec(ZEROVM, str(path.resolve()))


_MADE: dict[TargetSpec, Target] = {}


def target_of(spec: TargetSpec) -> Target:
    """This process's target for `spec`, made once."""
    if spec not in _MADE:
        _MADE[spec] = spec.make()
    return _MADE[spec]


__all__ = ["PYTHON", "REF", "ZEROVM", "BadTarget", "TargetSpec", "parse_target", "target_of"]
