"""What differs: between the two targets of one run (`disagreements`), and between two runs (`compare`).

`compare(a, b)` backs `python -m harness compare` (`harness.results_cli`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.results.model import BROKEN, PASS, SCAN, UNSUPPORTED, XFAIL, CaseResult, RunRecord

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


def run_fields(actual: Mapping[str, Any], detailed: bool = False) -> dict[str, Any]:
    """The observable outcome of a run, field by field (outputs alias by alias), as compared.

    `detailed` adds the report's etags and I/O counters and a job's child sessions (run
    against run); the ref/zerovm differential leaves them out, since the reference
    executor does not report counters for every channel kind.
    """
    if "nodes" in actual:
        # A cluster's nodes, each as a run of its own: node[a].exit_code, node[a].outputs[/dev/stdout], ...
        return {f"node[{node.get('name')}].{name}": value for node in actual["nodes"]
                for name, value in run_fields(node, detailed).items()}
    out = {name: _normalise(actual.get(name)) for name in RUN_FIELDS}
    for alias, data in sorted((actual.get("outputs") or {}).items()):
        out[f"outputs[{alias}]"] = _normalise(data)
    if detailed:
        etags = [tuple(pair) for pair in actual.get("etags") or ()]  # [alias, sha1] in the report's order
        if len({alias for alias, _ in etags}) == len(etags):
            out.update({f"etags[{alias}]": tag for alias, tag in sorted(etags)})
        else:  # a channel reported twice: the list as a whole
            out["etags"] = [list(pair) for pair in etags]
        for counter, value in (actual.get("accounting") or {}).items():
            if not counter.endswith("_s"):  # CPU seconds vary from run to run
                out[f"accounting.{counter}"] = value
        for i, child in enumerate(actual.get("children") or ()):
            out.update({f"child[{i}].{name}": value for name, value in run_fields(child, True).items()})
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


EXPECTATION_CHANGED = "expectation changed"
BEHAVIOUR_CHANGED = "behaviour changed"


@dataclass(frozen=True)
class VerdictChange:
    case: str
    target: str  # "ref->zerovm" when runs of different targets are paired by case
    opt: str
    before: str | None  # None: not in run A
    after: str | None  # None: not in run B
    message: str = ""  # why run B's verdict, on one line (its first mismatching fields, say)
    why: tuple[str, ...] = ()  # EXPECTATION_CHANGED and/or BEHAVIOUR_CHANGED; () when neither did


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
    expectation_changes: tuple[FieldChange, ...] = ()  # what the cases expect, edited between the runs
    paired: tuple[str, str] | None = None  # (A's target, B's target) when runs of different targets are paired
    partial: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # why A, B were not full runs: items "removed"

    @property
    def has_new_failures(self) -> bool:
        return bool(self.new_failures)


def run_targets(record: RunRecord) -> set[str]:
    """The targets a run ran cases on (not scans, not broken cases)."""
    return {r.target for r in record.results if r.target not in (SCAN, BROKEN)}


def expectation_fields(expectation: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """An expectation flattened to fields: user_code, outputs[/dev/stdout], nodes.b.exit_code, job[0].user_code."""
    out: dict[str, Any] = {}
    for k, v in expectation.items():
        name = f"{prefix}[{k}]" if prefix and "/" in str(k) else (f"{prefix}.{k}" if prefix else str(k))
        if isinstance(v, Mapping) and v:
            out.update(expectation_fields(v, name))
        elif isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            for n, x in enumerate(v):
                out.update(expectation_fields(x, f"{name}[{n}]"))
        else:
            out[name] = v
    return out


def _outcome_fields(r: CaseResult) -> dict[str, Any]:
    if r.target == SCAN:
        return {k: r.actual.get(k) for k in ("loads", "valid")} if r.actual else {}
    return run_fields(r.actual, detailed=True) if r.actual else {}


def _differences(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=_field_order) if a.get(k) != b.get(k)]


def compare(a: RunRecord, b: RunRecord) -> Comparison:
    """What changed from run A to run B, per case, target and optimisation level.

    Runs of one target each, different ones (a ref run against a zerovm run), are paired by
    case and optimisation level.  Each changed item says whether its expectation changed (the
    case file was edited) and whether its behaviour did (what the program did on the target).
    """
    ta, tb = run_targets(a), run_targets(b)
    paired = (next(iter(ta)), next(iter(tb))) if len(ta) == 1 == len(tb) and ta != tb else None

    def key(r: CaseResult) -> tuple[str, str, str]:
        if paired is not None and r.target not in (SCAN, BROKEN):
            return (r.case, f"{paired[0]}->{paired[1]}", r.opt)
        return r.key

    ra = {key(r): r for r in a.results}
    rb = {key(r): r for r in b.results}
    new_failures: list[VerdictChange] = []
    fixes: list[VerdictChange] = []
    others: list[VerdictChange] = []
    fields: list[FieldChange] = []
    expectations: list[FieldChange] = []
    for k in sorted(set(ra) | set(rb)):
        before, after = ra.get(k), rb.get(k)
        why: tuple[str, ...] = ()
        if before is not None and after is not None:
            edited = _differences(expectation_fields(before.expectation), expectation_fields(after.expectation))
            behaved = _differences(_outcome_fields(before), _outcome_fields(after))
            why = tuple(w for w, d in ((EXPECTATION_CHANGED, edited), (BEHAVIOUR_CHANGED, behaved)) if d)
            expectations += [FieldChange(*k, *d) for d in edited]
            # An UNSUPPORTED side did not run: every field would differ, and none of them says anything.
            if before.target not in (SCAN, BROKEN) and UNSUPPORTED not in (before.verdict, after.verdict):
                fields += [FieldChange(*k, *d) for d in behaved]
        change = VerdictChange(*k, before.verdict if before else None, after.verdict if after else None,
                               after.headline() if after else "", why)
        if after is not None and after.failing and (before is None or not before.failing):
            new_failures.append(change)
        elif before is not None and after is not None and before.failing and after.verdict in (PASS, XFAIL):
            fixes.append(change)
        elif before is not None and after is not None and before.verdict != after.verdict:
            others.append(change)
    targets: list[tuple[str, Any, Any]] = []
    for name in sorted(set(a.target_info) | set(b.target_info)):
        ia, ib = a.target_info.get(name) or {}, b.target_info.get(name) or {}
        for field_name in ("path", "banner"):
            if ia.get(field_name) != ib.get(field_name):
                targets.append((f"{name}.{field_name}", ia.get(field_name), ib.get(field_name)))
    return Comparison(a.run_id, b.run_id, tuple(new_failures), tuple(fixes), tuple(others), tuple(fields),
                      tuple(sorted(set(rb) - set(ra))), tuple(sorted(set(ra) - set(rb))), tuple(targets),
                      tuple(expectations), paired, (a.partial, b.partial))


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
    if c.paired is not None:
        lines.append(f"  runs of different targets, paired by case: {c.paired[0]} (A) with {c.paired[1]} (B)")
    for name, reasons in zip("AB", c.partial, strict=True):
        if reasons:
            lines.append(f"  run {name} is a partial run ({'; '.join(reasons)}): cases it did not run are not changes")
    for what, before, after in c.target_changes:
        lines.append(f"  {what}: {_short(before)} -> {_short(after)}")
    header = len(lines)

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)}):")
            lines.extend(f"  {row}" for row in rows)

    section("new failures", [_verdict_row(v) for v in c.new_failures])
    section("fixes", [_verdict_row(v) for v in c.fixes])
    section("other verdict changes", [_verdict_row(v) for v in c.verdict_changes])
    section("changed expectations", [field_row(f) for f in c.expectation_changes])
    section("changed run results", [field_row(f) for f in c.field_changes])
    section("added", _by_case(c.added))
    section("removed", _by_case(c.removed))
    if len(lines) == header:
        lines.append("no changes")
    lines.append("")
    lines.append(f"{len(c.new_failures)} new failure(s), {len(c.fixes)} fix(es), "
                 f"{len(c.verdict_changes)} other verdict change(s), {len(c.expectation_changes)} changed "
                 f"expectation(s), {len(c.field_changes)} changed result field(s), "
                 f"{len(c.added)} item(s) added, {len(c.removed)} removed")
    return "\n".join(lines) + "\n"


def _verdict_row(v: VerdictChange) -> str:
    """`case [target-opt]: PASS -> FAIL (behaviour changed): exit_code: expected 0, got 4`."""
    row = f"{_label(v.case, v.target, v.opt)}: {v.before or 'absent'} -> {v.after or 'absent'}"
    row += f" ({', '.join(v.why)})" if v.why else (" (same expectation and behaviour)" if v.before and v.after
                                                  else "")
    return row + (f": {v.message}" if v.message else "")


def field_row(f: FieldChange) -> str:
    """`case [target-opt]: field before -> after`."""
    return f"{_label(f.case, f.target, f.opt)}: {f.field} {_short(f.before)} -> {_short(f.after)}"
