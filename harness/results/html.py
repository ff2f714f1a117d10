"""report.html: a security review a person reads (`harness/templates/report.html.j2`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harness.results.capability import (
    NEVER_REACHED,
    TRAP_ORDER,
    CapabilitySheet,
    capability_sheets,
    outside_policy,
    reachable_functions,
    scanned_nexes,
    size,
)
from harness.results.compare import disagreements
from harness.results.model import (
    BROKEN,
    FAIL,
    FAILING,
    PASS,
    SCAN,
    UNSUPPORTED,
    VERDICTS,
    XFAIL,
    CaseResult,
    RunRecord,
    count_verdicts,
    visible,
)

TEMPLATES = Path(__file__).parents[1] / "templates"  # in the harness package, so an installed one finds it


def render_html(record: RunRecord, out_dir: Path | None = None) -> str:
    """The page; `out_dir` is where it will be written, so links to the case files can be relative."""
    import jinja2  # only the HTML needs it; results.json and junit.xml are written without it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["hexaddr"] = lambda v: f"{v:#x}" if isinstance(v, int) else ("" if v is None else str(v))
    env.filters["show"] = _show
    env.filters["visible"] = lambda text: visible(str(text), keep="\n\t") if text else text
    env.filters["size"] = size
    env.filters["quota"] = lambda v: "2^30" if v == NEVER_REACHED else str(v)
    env.globals["anchor"] = anchor
    env.globals["outside"] = outside_text
    return env.get_template("report.html.j2").render(**report_context(record, out_dir))


def _show(value: Any) -> str:
    """A value as a reviewer reads it: strings as they are (quoted when empty), the rest as JSON; control
    characters escaped either way (a browser drops a NUL), line breaks and tabs kept."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return visible(value, keep="\n\t") if value else '""'
    return visible(json.dumps(value, ensure_ascii=False))


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
    scan_verdict: str  # "" for a cluster node's program (no scan item of its own)


def area_rows(results: Iterable[CaseResult]) -> list[AreaRow]:
    by_area: dict[str, list[CaseResult]] = {}
    for r in results:
        by_area.setdefault(r.area, []).append(r)
    return [AreaRow(area, len({r.case for r in rs}), len(rs), count_verdicts(rs))
            for area, rs in sorted(by_area.items())]


def trap_surfaces(record: RunRecord) -> list[TrapSurface]:
    """Every nexe scanned, a cluster's node programs too (`opt` then names the node: "-O2 node a")."""
    by_case: dict[str, list[CaseResult]] = {}
    for r in record.results:
        by_case.setdefault(r.case, []).append(r)
    out: list[TrapSurface] = []
    for case, items in by_case.items():
        verdicts = {r.opt: r.verdict for r in items if r.target == SCAN}
        description = next((r.description for r in items if r.description), "")
        for n in scanned_nexes(items):
            a = n.actual
            sites = tuple(a.get("traps") or ())
            out.append(TrapSurface(case, n.place, description, a.get("loads"), a.get("valid"), reachable_functions(a),
                                   sites, tuple(a.get("indirect_resolved") or ()),
                                   tuple(a.get("indirect_unresolved") or ()), len(outside_policy(a)),
                                   tuple(a.get("findings") or ()), str(a.get("scanner", "")),
                                   "" if n.node else verdicts.get(n.opt, "")))
    return out


@dataclass(frozen=True)
class Column:
    """One column of the case x target matrix: a target at one optimisation level that ran."""

    target: str
    opt: str

    @property
    def label(self) -> str:
        return "case file" if self.target == BROKEN else f"{self.target} {self.opt}".strip()


@dataclass(frozen=True)
class CaseRow:
    """One case in the matrix, its failure card and its capability sheet share this."""

    case: str
    area: str
    name: str
    description: str
    cells: tuple[CaseResult | None, ...]  # one per column; None: not run there
    verdicts: tuple[str, ...]  # every verdict of its items, for the verdict filter
    failing: tuple[CaseResult, ...]  # its failing items (FAIL, XPASS, ERROR), in column order
    passing: tuple[str, ...]  # the columns where it did not fail, for its failure card
    files: tuple[tuple[str, str], ...]  # (file name, href) of its .toml and program source
    sheet: CapabilitySheet


_COLUMN_RANK = (BROKEN, SCAN, "ref", "zerovm")


def matrix_columns(results: Iterable[CaseResult]) -> list[Column]:
    keys = {(r.target, r.opt) for r in results}
    rank = {t: i for i, t in enumerate(_COLUMN_RANK)}
    return [Column(t, o) for t, o in sorted(keys, key=lambda k: (rank.get(k[0], len(rank)), k[0], k[1]))]


def case_rows(record: RunRecord, out_dir: Path | None = None) -> tuple[list[Column], list[CaseRow]]:
    columns = matrix_columns(record.results)
    index = {(c.target, c.opt): i for i, c in enumerate(columns)}
    by_case: dict[str, list[CaseResult]] = {}
    for r in record.results:
        by_case.setdefault(r.case, []).append(r)
    sheets = {s.case: s for s in capability_sheets(record.results)}
    rows = []
    for case, items in sorted(by_case.items()):
        cells: list[CaseResult | None] = [None] * len(columns)
        for r in items:
            cells[index[(r.target, r.opt)]] = r
        present = [r for r in cells if r is not None]
        rows.append(CaseRow(
            case, items[0].area, case.split("/", 1)[1] if "/" in case else case,
            next((r.description for r in items if r.description), ""), tuple(cells),
            tuple(dict.fromkeys(r.verdict for r in present)), tuple(r for r in present if r.failing),
            tuple(columns[index[r.target, r.opt]].label for r in present if not r.failing),
            case_file_links(items, out_dir), sheets[case]))
    return columns, rows


def case_file_links(items: list[CaseResult], out_dir: Path | None) -> tuple[tuple[str, str], ...]:
    """Links to the files that define a case, from where report.html is written; only files that exist.

    Items record their case's files (absolute); an older results.json has only the nodeid, relative to
    the rootdir, which holds results/<run> by default.
    """
    paths: list[str] = []
    root: Path | None = None
    for r in items:
        files = r.actual.get("case_files")
        if isinstance(files, Mapping):
            paths = [str(p) for p in files.values()]
            root = repository_of(Path(str(files.get("toml", ""))), r.case)
            break
    if not paths and out_dir is not None:
        for r in items:
            toml = r.nodeid.partition("::")[0]
            if toml.endswith(".toml"):
                root = Path(os.path.abspath(out_dir)).parent.parent
                paths = [str(root / toml), *(str(root / toml).removesuffix(".toml") + s for s in (".c", ".s", ".S"))]
                break
    links = []
    for p in dict.fromkeys(paths):
        path = Path(p)
        if path.is_file():
            links.append((path.name, file_href(path, out_dir, root)))
    return tuple(links)


def repository_of(toml: Path, case: str) -> Path | None:
    """The directory that holds cases/ for a case file (<root>/cases/<area>/<name>.toml), None if it is not there."""
    parts = case.split("/")
    toml = Path(os.path.abspath(toml))
    if toml.suffix != ".toml" or toml.with_suffix("").parts[-len(parts):] != tuple(parts) or \
            len(toml.parts) < len(parts) + 2 or toml.parents[len(parts) - 1].name != "cases":
        return None
    return toml.parents[len(parts)]


def file_href(path: Path, out_dir: Path | None, root: Path | None = None) -> str:
    """The link from report.html (written in out_dir) to a case file of the repository at `root`.

    Relative when out_dir is inside that repository, as results/<run>/ is (../../cases/a/b.toml): the links then
    hold wherever the checkout goes with its results, archived whole, copied to another machine or served by
    a CI job.  A run directory outside it (/tmp/run) gets absolute file:// links: they hold when that
    directory alone is moved or archived on this machine, where a relative ../../work/main/cases/... would
    break with any move.  Not knowing out_dir or the root, absolute too.
    """
    path = Path(os.path.abspath(path))  # not resolve(): a stat per component per file costs the page's time
    if out_dir is not None and root is not None:
        base, root = Path(os.path.abspath(out_dir)), Path(os.path.abspath(root))
        if base.is_relative_to(root) and path.is_relative_to(root):
            return quote(Path(os.path.relpath(path, base)).as_posix())
    return path.as_uri()


def report_context(record: RunRecord, out_dir: Path | None = None) -> dict[str, Any]:
    """Everything the template shows, computed here so the template stays presentation only."""
    failures = [r for r in record.results if r.failing]
    surfaces = trap_surfaces(record)
    columns, rows = case_rows(record, out_dir)
    surfaces_by_case: dict[str, list[TrapSurface]] = {}
    for s in surfaces:
        surfaces_by_case.setdefault(s.case, []).append(s)
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
        "corpus_functions": [(f, sum(1 for s in surfaces if f in s.functions)) for f in TRAP_ORDER],
        "results": record.results,
        "columns": columns,
        "rows": rows,
        "failing_rows": [row for row in rows if row.failing],
        "surfaces_by_case": surfaces_by_case,
        "area_names": sorted({row.area for row in rows}),
        "first_of_area": {row.case for i, row in enumerate(rows) if i == 0 or rows[i - 1].area != row.area},
        "PASS": PASS, "FAIL": FAIL,
        "failing": FAILING,
        "since": _since_context(record),
    }


def outside_text(sheet: CapabilitySheet) -> str:
    """"2 trap sites outside policy: syscall, trampoline slot 3": the sheet's words for what the matrix counts."""
    n = len(sheet.outside_policy)
    return f"{n} trap site{'s' if n != 1 else ''} outside policy: {', '.join(dict.fromkeys(sheet.outside_policy))}"


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
