"""The static trap surface checked against behaviour: what a run really called must be in what the scan allows.

The reference target records every trap call a run makes (`RunResult.trap_calls`: the call site and the function
code).  `check` holds one nexe's scan against those calls:

* a call from a site the scan lists with a function (or with an unresolved one: any function) is covered;
* a call from a site the scan does not list at all, or with another function, is *missed*: the static surface is
  unsound there;
* a call with no known site (a jump into the trampoline) is covered when some site can pass that function.

`check` also gives the precision figures: the functions the scan says are reachable against the ones observed,
and the indirect sites resolved and left unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from harness.scan import ScanReport
from harness.targets import TrapCall
from harness.traps import site_functions


@dataclass(frozen=True)
class TrapCheck:
    """One nexe's static surface against the trap calls of its runs."""

    name: str
    static: tuple[str, ...]  # reachable trap functions, as the scan orders them
    observed: tuple[str, ...]  # functions the runs passed, in the same order
    trap_sites: int  # trap sites the scan lists (direct, and unresolved indirect)
    indirect_resolved: int
    indirect_unresolved: int
    calls: int  # trap calls the runs made
    missed: tuple[TrapCall, ...]  # observed calls the static surface does not contain

    @property
    def sound(self) -> bool:
        return not self.missed

    def describe_missed(self) -> str:
        return "; ".join(f"{c.function} from {c.site:#x}" if c.site is not None else f"{c.function} (no call site)"
                         for c in self.missed)


def allowed_calls(report: ScanReport) -> dict[int, frozenset[str]]:
    """Site address -> the functions the scan says a trap call from there can pass."""
    out: dict[int, frozenset[str]] = {}
    for site in report.traps:
        functions = site_functions(site)
        if functions:
            out[site.address] = functions
    return out


def check(name: str, report: ScanReport, calls: Iterable[TrapCall]) -> TrapCheck:
    """`report`'s surface against `calls` (from one or more runs of the same nexe)."""
    allowed = allowed_calls(report)
    reachable = frozenset(report.reachable)
    merged: dict[tuple[int | None, str], int] = {}
    for call in calls:
        merged[(call.site, call.function)] = merged.get((call.site, call.function), 0) + call.count
    missed = []
    for (site, function), count in merged.items():
        ok = function in reachable if site is None else function in allowed.get(site, frozenset())
        if not ok:
            missed.append(TrapCall(site, function, count))
    observed = {function for _, function in merged}
    order = (*report.reachable, *sorted(observed - reachable))
    return TrapCheck(name, report.reachable, tuple(f for f in order if f in observed), len(report.traps),
                     len(report.indirect), len(report.unresolved), sum(merged.values()), tuple(missed))
