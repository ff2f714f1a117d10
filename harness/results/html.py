"""report.html: a security review a person reads (`harness/templates/report.html.j2`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.results.compare import disagreements
from harness.results.model import (
    BROKEN,
    FAILING,
    SCAN,
    UNSUPPORTED,
    VERDICTS,
    XFAIL,
    CaseResult,
    RunRecord,
    count_verdicts,
)

TEMPLATES = Path(__file__).parents[1] / "templates"  # in the harness package, so an installed one finds it


def render_html(record: RunRecord) -> str:
    import jinja2  # only the HTML needs it; results.json and junit.xml are written without it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["hexaddr"] = lambda v: f"{v:#x}" if isinstance(v, int) else ("" if v is None else str(v))
    env.filters["show"] = _show
    env.globals["anchor"] = anchor
    return env.get_template("report.html.j2").render(**report_context(record))


def _show(value: Any) -> str:
    """A value as a reviewer reads it: strings as they are (quoted when empty), the rest as JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if value else '""'
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class AreaRow:
    area: str
    cases: int
    items: int
    counts: dict[str, int]


@dataclass(frozen=True)
class TrapSurface:
    case: str
    opt: str
    description: str
    loads: Any
    valid: Any
    functions: tuple[str, ...]  # the trap functions it can reach ("any" when a site is unresolved), zerovm's order
    sites: tuple[dict[str, Any], ...]
    indirect_resolved: tuple[dict[str, Any], ...]  # indirect branches shown to reach only ordinary code
    indirect_unresolved: tuple[dict[str, Any], ...]  # and those that may reach the trampoline, with the reason
    violations: int
    findings: tuple[dict[str, Any], ...]
    scanner: str
    scan_verdict: str


def area_rows(results: Iterable[CaseResult]) -> list[AreaRow]:
    by_area: dict[str, list[CaseResult]] = {}
    for r in results:
        by_area.setdefault(r.area, []).append(r)
    return [AreaRow(area, len({r.case for r in rs}), len(rs), count_verdicts(rs))
            for area, rs in sorted(by_area.items())]


_TRAP_ORDER = ("pread", "pwrite", "jail", "unjail", "fork", "exit")


def trap_surfaces(record: RunRecord) -> list[TrapSurface]:
    out: list[TrapSurface] = []
    for r in record.results:
        if r.target != SCAN or not r.actual:
            continue
        sites = tuple(r.actual.get("traps") or ())
        reachable = r.actual.get("reachable_functions")
        # An older results.json has no reachable set: the functions of its slot-0 sites.
        names = set(reachable) if reachable is not None else {
            s.get("function") for s in sites if s.get("slot") == 0 and s.get("function")}
        functions = tuple([f for f in _TRAP_ORDER if f in names] + sorted(n for n in names if n not in _TRAP_ORDER))
        violations = sum(1 for s in sites if s.get("within_policy") is False)
        out.append(TrapSurface(r.case, r.opt, r.description, r.actual.get("loads"), r.actual.get("valid"),
                               functions, sites, tuple(r.actual.get("indirect_resolved") or ()),
                               tuple(r.actual.get("indirect_unresolved") or ()), violations,
                               tuple(r.actual.get("findings") or ()),
                               str(r.actual.get("scanner", "")), r.verdict))
    return out


def report_context(record: RunRecord) -> dict[str, Any]:
    """Everything the template shows, computed here so the template stays presentation only."""
    failures = [r for r in record.results if r.failing]
    surfaces = trap_surfaces(record)
    ran = sorted({r.target for r in record.results if r.target not in (SCAN, BROKEN) and r.verdict != UNSUPPORTED})
    return {
        "record": record,
        "counts": record.counts,
        "verdicts": VERDICTS,
        "total": len(record.results),
        "cases": len({r.case for r in record.results}),
        "areas": area_rows(record.results),
        "area_total": count_verdicts(record.results),
        "failures": failures,
        "xfails": [r for r in record.results if r.verdict == XFAIL],
        "unsupported": [r for r in record.results if r.verdict == UNSUPPORTED],
        "disagreements": disagreements(record),
        "both_targets": {"ref", "zerovm"} <= set(ran),
        "targets_ran": ran,
        "surfaces": surfaces,
        "scanner_used": any(s.scanner == "harness.scan" for s in surfaces),
        "corpus_functions": [(f, sum(1 for s in surfaces if f in s.functions)) for f in _TRAP_ORDER],
        "results": record.results,
        "failing": FAILING,
        "since": _since_context(record),
    }


def anchor(case: str, target: str, opt: str) -> str:
    """The id of an item's row in "All results" (its card in "Failures" is "card-" + this)."""
    return f"item-{case}-{target}{opt}"


def _since_context(record: RunRecord) -> dict[str, Any] | None:
    """The "Since the baseline" section, from what results.json records of --baseline; None without one."""
    since = record.baseline
    if not since:
        return None
    present = {r.key for r in record.results}

    def rows(name: str) -> list[dict[str, Any]]:
        out = []
        for row in since.get(name) or ():
            # Runs of different targets are paired as "ref->zerovm": the item of this run is the second.
            target = str(row.get("target", "")).split("->")[-1]
            key = (row.get("case"), target, row.get("opt"))
            here = key in present
            failing = row.get("after") in FAILING
            href = ("#card-" if failing else "#") + anchor(*key) if here else None  # type: ignore[arg-type]
            out.append({**row, "href": href})
        return out

    return {"source": since.get("source"), "kind": since.get("kind"), "run_id": since.get("run_id"),
            "counts": since.get("counts") or {}, "new_failures": rows("new_failures"), "fixes": rows("fixes"),
            "known": rows("known"), "other": rows("other"), "changed": list(since.get("changed") or ())}
