"""What the static checks report: one frozen `Finding` per broken rule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # zerovm would refuse the nexe (or the validator would)
    WARNING = "warning"  # zerovm accepts it, but it misbehaves at run time
    NOTE = "note"  # for the reader: nothing is wrong (e.g. an indirect branch the scan could not resolve)


@dataclass(frozen=True)
class Finding:
    """One broken rule at one place.

    `rule` is a stable id (kebab-case, e.g. ``bundle-crossing``) that SARIF output and
    expectations refer to; `address` is a user (sandbox) address, or None for rules
    about the file as a whole.
    """

    rule: str
    message: str
    address: int | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.address:#x}: " if self.address is not None else ""
        return f"{where}{self.severity.value}: {self.message} [{self.rule}]"
