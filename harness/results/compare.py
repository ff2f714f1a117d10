"""What differs: between the two targets of one run (`disagreements`), and between two runs (`compare`).

`compare(a, b)` backs `python -m harness compare` (`harness.results_cli`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.results.model import BROKEN, PASS, SCAN, XFAIL, RunRecord, first_line

# Run fields compared between runs and between targets; outputs are compared alias by alias.
RUN_FIELDS = ("exit_code", "validator_state", "user_code", "exit_state")


@dataclass(frozen=True)
class Disagreement:
    """Where the reference executor and a real zerovm did different things with one case."""

    case: str
    opt: str
    description: str
    verdicts: tuple[str, str]  # (ref, zerovm)
    fields: tuple[tuple[str, Any, Any], ...]  # (field, ref, zerovm)


# Every session runs in a fresh temporary directory whose name can appear in an exit state
# ("cannot open /tmp/zvm-session-k2j4/absent"); it says nothing about zerovm, so comparisons ignore it.
_SESSION_DIR = re.compile(r"/tmp/zvm-session-[^/\s]+")


def _normalise(value: Any) -> Any:
    return _SESSION_DIR.sub("{dir}", value) if isinstance(value, str) else value


def run_fields(actual: Mapping[str, Any]) -> dict[str, Any]:
    """The observable outcome of a run, field by field (outputs alias by alias), as compared."""
    if "nodes" in actual:
        # A cluster's nodes, each as a run of its own: node[a].exit_code, node[a].outputs[/dev/stdout], ...
        return {f"node[{node.get('name')}].{name}": value for node in actual["nodes"]
                for name, value in run_fields(node).items()}
    out = {name: _normalise(actual.get(name)) for name in RUN_FIELDS}
    for alias, data in sorted((actual.get("outputs") or {}).items()):
        out[f"outputs[{alias}]"] = _normalise(data)
    return out


def disagreements(record: RunRecord) -> list[Disagreement]:
    """Cases that both ref and zerovm ran, where what they did differs."""
    by_key = {(r.case, r.target, r.opt): r for r in record.results}
    out: list[Disagreement] = []
    for (case, target, opt), ref in sorted(by_key.items()):
        zvm = by_key.get((case, "zerovm", opt))
        if target != "ref" or zvm is None or not ref.actual or not zvm.actual:
            continue
        a, b = run_fields(ref.actual), run_fields(zvm.actual)
        fields = tuple((k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=_field_order)
                       if a.get(k) != b.get(k))
        if fields:
            out.append(Disagreement(case, opt, ref.description, (ref.verdict, zvm.verdict), fields))
    return out


def _field_order(name: str) -> tuple[int, str]:
    return (RUN_FIELDS.index(name), "") if name in RUN_FIELDS else (len(RUN_FIELDS), name)


@dataclass(frozen=True)
class VerdictChange:
    case: str
    target: str
    opt: str
    before: str | None  # None: not in run A
    after: str | None  # None: not in run B
    message: str = ""  # run B's message for a new failure


@dataclass(frozen=True)
class FieldChange:
    case: str
    target: str
    opt: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Comparison:
    run_a: str
    run_b: str
    new_failures: tuple[VerdictChange, ...]  # failing in B, not failing (or absent) in A
    fixes: tuple[VerdictChange, ...]  # failing in A, passing (PASS / XFAIL) in B
    verdict_changes: tuple[VerdictChange, ...]  # every other change of verdict, e.g. PASS -> UNSUPPORTED
    field_changes: tuple[FieldChange, ...]  # exit code, user code, exit state, ... of runs in both
    added: tuple[tuple[str, str, str], ...]
    removed: tuple[tuple[str, str, str], ...]
    target_changes: tuple[tuple[str, Any, Any], ...] = ()  # (what, A, B): e.g. the zerovm banner

    @property
    def has_new_failures(self) -> bool:
        return bool(self.new_failures)


def compare(a: RunRecord, b: RunRecord) -> Comparison:
    """What changed from run A to run B, per case, target and optimisation level."""
    ra = {r.key: r for r in a.results}
    rb = {r.key: r for r in b.results}
    new_failures: list[VerdictChange] = []
    fixes: list[VerdictChange] = []
    others: list[VerdictChange] = []
    fields: list[FieldChange] = []
    for key in sorted(set(ra) | set(rb)):
        before, after = ra.get(key), rb.get(key)
        change = VerdictChange(*key, before.verdict if before else None, after.verdict if after else None,
                               after.message if after else "")
        if after is not None and after.failing and (before is None or not before.failing):
            new_failures.append(change)
        elif before is not None and after is not None and before.failing and after.verdict in (PASS, XFAIL):
            fixes.append(change)
        elif before is not None and after is not None and before.verdict != after.verdict:
            others.append(change)
        if before is not None and after is not None and before.target not in (SCAN, BROKEN) \
                and before.actual and after.actual:
            fa, fb = run_fields(before.actual), run_fields(after.actual)
            fields += [FieldChange(*key, k, fa.get(k), fb.get(k))
                       for k in sorted(set(fa) | set(fb), key=_field_order) if fa.get(k) != fb.get(k)]
    targets: list[tuple[str, Any, Any]] = []
    for name in sorted(set(a.target_info) | set(b.target_info)):
        ia, ib = a.target_info.get(name) or {}, b.target_info.get(name) or {}
        for k in ("path", "banner"):
            if ia.get(k) != ib.get(k):
                targets.append((f"{name}.{k}", ia.get(k), ib.get(k)))
    return Comparison(a.run_id, b.run_id, tuple(new_failures), tuple(fixes), tuple(others), tuple(fields),
                      tuple(sorted(set(rb) - set(ra))), tuple(sorted(set(ra) - set(rb))), tuple(targets))


def _label(case: str, target: str, opt: str) -> str:
    return f"{case} [{target}{opt}]"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _by_case(keys: Iterable[tuple[str, str, str]]) -> list[str]:
    """One line per case with all its items: a new area adds dozens of items."""
    items: dict[str, list[str]] = {}
    for case, target, opt in keys:
        items.setdefault(case, []).append(f"{target}{opt}")
    return [f"{case} [{', '.join(names)}]" for case, names in items.items()]


def render_comparison(c: Comparison) -> str:
    """The comparison as text for a terminal: one section per kind of change, empty ones left out."""
    lines = [f"compare {c.run_a} -> {c.run_b}"]
    for what, before, after in c.target_changes:
        lines.append(f"  {what}: {_short(before)} -> {_short(after)}")

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            lines.extend(f"  {row}" for row in rows)

    section("new failures", [f"{_label(v.case, v.target, v.opt)}: {v.before or 'absent'} -> {v.after}"
                             + (f"  ({first_line(v.message)})" if v.message else "") for v in c.new_failures])
    section("fixes", [f"{_label(v.case, v.target, v.opt)}: {v.before} -> {v.after}" for v in c.fixes])
    section("other verdict changes", [f"{_label(v.case, v.target, v.opt)}: {v.before} -> {v.after}"
                                      for v in c.verdict_changes])
    section("changed run results", [f"{_label(f.case, f.target, f.opt)}: {f.field} {_short(f.before)} -> "
                                    f"{_short(f.after)}" for f in c.field_changes])
    section("added", _by_case(c.added))
    section("removed", _by_case(c.removed))
    if len(lines) == 1 + len(c.target_changes):
        lines.append("no changes")
    lines.append("")
    lines.append(f"{len(c.new_failures)} new failure(s), {len(c.fixes)} fix(es), "
                 f"{len(c.verdict_changes)} other verdict change(s), {len(c.field_changes)} changed field(s), "
                 f"{len(c.added)} item(s) added, {len(c.removed)} removed")
    return "\n".join(lines) + "\n"
