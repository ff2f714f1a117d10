"""A baseline for a run: an earlier run, or a known-results file a release manager keeps.

`pytest cases/ --baseline results/<run-id>` (a run directory or its results.json) or
`--baseline known-results.toml` (or .json) makes the terminal summary, report.html and
results.json lead with what changed against it.  A known-results file lists case items
with the verdict they are known to have, like LTP's and gVisor's known-failure lists:

    schema = "zerovm-harness-known-results/1"

    [[item]]
    case = "accounting/memory_etag_exit"   # cases/<case>.toml must exist
    target = "zerovm"                      # zerovm, ref, scan or broken
    opt = "-O2"                            # "", -O0, -O1, -O2, -O3 or -Os
    verdict = "FAIL"                       # one of the lit verdicts
    reason = "zerovm 2.0 reports the etag of an unused channel"

`python -m harness known-results RUN -o FILE` writes one from a run (its failing items).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.results.compare import VerdictChange, compare, field_row
from harness.results.model import FAILING, PASS, VERDICTS, XFAIL, RunRecord, load_run

KNOWN_SCHEMA = "zerovm-harness-known-results/1"
KNOWN_LIMIT = 4 << 20  # bytes of a known-results file: a list of items, not a run
_ITEM_KEYS = {"case": True, "target": True, "opt": True, "verdict": True, "reason": False}  # key: required
_TARGETS = ("zerovm", "ref", "scan", "broken")
_OPT = re.compile(r"(-O[0-3s])?")
SHOWN_FIELDS = 20  # changed-field rows in the terminal: a new zerovm can move every etag at once
_CASE = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")


class BaselineError(ValueError):
    """A --baseline that cannot be used, in one line naming the file and the problem."""


@dataclass(frozen=True)
class KnownItem:
    case: str
    target: str
    opt: str
    verdict: str
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.case, self.target, self.opt)


@dataclass(frozen=True)
class KnownResults:
    path: str
    items: tuple[KnownItem, ...]


@dataclass(frozen=True)
class Baseline:
    """What --baseline named: a run or a known-results file (exactly one of them)."""

    source: str  # the path as given
    run: RunRecord | None = None
    known: KnownResults | None = None

    @property
    def kind(self) -> str:
        return "run" if self.run is not None else "known-results"


@dataclass(frozen=True)
class SinceBaseline:
    """What changed in a run against its baseline, as the terminal, report.html and results.json show it."""

    source: str
    kind: str  # "run" | "known-results"
    run_id: str | None  # the baseline run's id (kind "run")
    new_failures: tuple[VerdictChange, ...]  # failing now, not failing (or absent, or not listed) in the baseline
    fixes: tuple[VerdictChange, ...]  # failing in the baseline (listed as failing), PASS or XFAIL now
    known: tuple[VerdictChange, ...]  # listed as failing and still failing: not counted as new
    other: tuple[VerdictChange, ...]  # any other change of verdict (PASS -> UNSUPPORTED, ...)
    changed: tuple[str, ...]  # runs: edited expectations ("expected user_code 3 -> 7"), then changed results
    unchanged: int  # items of this run the baseline has, with nothing changed
    not_run: int  # items of the baseline this run does not have (a partial run, a removed case)
    added: int  # items of this run the baseline does not have (that are not new failures)

    def to_json(self) -> dict[str, Any]:
        def rows(changes: Iterable[VerdictChange]) -> list[dict[str, Any]]:
            return [{"case": v.case, "target": v.target, "opt": v.opt, "before": v.before, "after": v.after,
                     "message": v.message, "why": list(v.why)} for v in changes]

        return {"source": self.source, "kind": self.kind, "run_id": self.run_id,
                "counts": {"new_failures": len(self.new_failures), "fixes": len(self.fixes),
                           "known": len(self.known), "other": len(self.other), "changed": len(self.changed),
                           "unchanged": self.unchanged, "not_run": self.not_run, "added": self.added},
                "new_failures": rows(self.new_failures), "fixes": rows(self.fixes), "known": rows(self.known),
                "other": rows(self.other), "changed": list(self.changed)}


# --- reading ------------------------------------------------------------------------------------


def load_baseline(path: str, cases_root: Path) -> Baseline:
    """The baseline named by --baseline; raises BaselineError (one line) when it cannot be used."""
    from harness.userfiles import UserFileError, read_file

    p = Path(path)
    if is_known_results_path(p):
        try:
            data = read_file(p, KNOWN_LIMIT, what="a known-results file")
        except UserFileError as exc:
            raise BaselineError(f"--baseline: {exc}") from None
        return Baseline(path, known=parse_known(data, path, cases_root))
    try:
        return Baseline(path, run=load_run(p))
    except (OSError, ValueError) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BaselineError(f"--baseline {path}: not a run directory, results.json or known-results file: "
                            f"{text}") from None


def is_known_results_path(p: Path) -> bool:
    """Whether --baseline names a known-results file: a .toml, or a .json that says it is one.

    Any other path is taken for a run, so that a file that is neither is refused as load_run
    refuses it.  Only a regular file's head is read: a FIFO or a device is never opened to block.
    """
    if p.suffix == ".toml":
        return True
    if p.suffix != ".json":
        return False
    from harness.userfiles import read_head

    try:
        return f'"{KNOWN_SCHEMA}"'.encode() in read_head(p, 4096)
    except OSError:
        return False


def parse_known(data: bytes, path: str, cases_root: Path) -> KnownResults:
    """A known-results file, checked strictly: every problem names the file, the item and the key."""
    try:
        text = data.decode("utf-8")
        doc = json.loads(text) if path.endswith(".json") else tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BaselineError(f"{path}: not {'JSON' if path.endswith('.json') else 'TOML'}: {exc}") from None
    if not isinstance(doc, dict):
        raise BaselineError(f"{path}: not a known-results document (a table with schema and item)")
    if doc.get("schema") != KNOWN_SCHEMA:
        raise BaselineError(f"{path}: schema must be {KNOWN_SCHEMA!r}, not {doc.get('schema')!r}")
    unknown = sorted(set(doc) - {"schema", "item"})
    if unknown:
        raise BaselineError(f"{path}: unknown key {unknown[0]!r} (a known-results file has schema and item)")
    entries = doc.get("item", [])
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: item must be a list of tables ([[item]])")
    items: list[KnownItem] = []
    seen: set[tuple[str, str, str]] = set()
    for n, entry in enumerate(entries, 1):
        where = f"{path}: item {n}"
        if not isinstance(entry, Mapping):
            raise BaselineError(f"{where}: not a table")
        for key in entry:
            if key not in _ITEM_KEYS:
                raise BaselineError(f"{where}: unknown key {key!r} (expected {', '.join(_ITEM_KEYS)})")
        for key, required in _ITEM_KEYS.items():
            if required and key not in entry:
                raise BaselineError(f"{where}: {key} is missing")
            if key in entry and not isinstance(entry[key], str):
                raise BaselineError(f"{where}: {key} must be a string, not {type(entry[key]).__name__}")
        item = KnownItem(entry["case"], entry["target"], entry["opt"], entry["verdict"], entry.get("reason", ""))
        where = f"{path}: item {n} ({item.case})"
        if not _CASE.fullmatch(item.case) or ".." in item.case.split("/"):
            raise BaselineError(f"{where}: case must be area/name, as in results.json")
        if not (cases_root / f"{item.case}.toml").is_file():
            raise BaselineError(f"{where}: no such case: {cases_root / item.case}.toml does not exist")
        if item.target not in _TARGETS:
            raise BaselineError(f"{where}: target must be one of {', '.join(_TARGETS)}, not {item.target!r}")
        if not _OPT.fullmatch(item.opt):
            raise BaselineError(f"{where}: opt must be \"\", -O0, -O1, -O2, -O3 or -Os, not {item.opt!r}")
        if item.verdict not in VERDICTS:
            raise BaselineError(f"{where}: verdict must be one of {', '.join(VERDICTS)}, not {item.verdict!r}")
        if item.key in seen:
            raise BaselineError(f"{where}: listed twice ({item.target}{item.opt})")
        seen.add(item.key)
        items.append(item)
    return KnownResults(path, tuple(items))


# --- comparing ----------------------------------------------------------------------------------


def since_baseline(baseline: Baseline, record: RunRecord) -> SinceBaseline:
    if baseline.run is not None:
        return _since_run(baseline.source, baseline.run, record)
    assert baseline.known is not None
    return _since_known(baseline.source, baseline.known, record)


def _since_run(source: str, base: RunRecord, record: RunRecord) -> SinceBaseline:
    c = compare(base, record)
    changed_keys = {(v.case, v.target, v.opt) for v in (*c.new_failures, *c.fixes, *c.verdict_changes)
                    if v.before is not None and v.after is not None}
    changed_keys |= {(f.case, f.target, f.opt) for f in (*c.field_changes, *c.expectation_changes)}
    # Edited expectations first, then what the programs did differently: one line per field.
    changed = tuple([field_row(replace(f, field=f"expected {f.field}")) for f in c.expectation_changes]
                    + [field_row(f) for f in c.field_changes])
    new_items = sum(1 for v in c.new_failures if v.before is None)
    return SinceBaseline(source, "run", base.run_id, c.new_failures, c.fixes, (), c.verdict_changes, changed,
                         len(record.results) - len(c.added) - len(changed_keys), len(c.removed),
                         len(c.added) - new_items)


def _since_known(source: str, known: KnownResults, record: RunRecord) -> SinceBaseline:
    listed = {item.key: item for item in known.items}
    new: list[VerdictChange] = []
    fixes: list[VerdictChange] = []
    still: list[VerdictChange] = []
    other: list[VerdictChange] = []
    seen: set[tuple[str, str, str]] = set()
    unchanged = 0
    for r in record.results:
        item = listed.get(r.key)
        seen.add(r.key)
        before = item.verdict if item else None
        reason = item.reason if item else ""
        if item is not None and item.verdict in FAILING and r.failing:
            still.append(VerdictChange(*r.key, before, r.verdict, reason or r.headline()))
        elif r.failing:
            new.append(VerdictChange(*r.key, before, r.verdict, r.headline()))
        elif item is not None and item.verdict in FAILING and r.verdict in (PASS, XFAIL):
            fixes.append(VerdictChange(*r.key, before, r.verdict, reason))
        elif item is not None and item.verdict != r.verdict:
            other.append(VerdictChange(*r.key, before, r.verdict, reason))
        else:
            unchanged += 1
    return SinceBaseline(source, "known-results", None, tuple(new), tuple(fixes), tuple(still), tuple(other), (),
                         unchanged, sum(1 for k in listed if k not in seen), 0)


# --- showing ------------------------------------------------------------------------------------


def _label(v: VerdictChange) -> str:
    return f"{v.case} [{v.target}{v.opt}]"


def _row(v: VerdictChange) -> str:
    row = f"{_label(v)}: {v.before or 'absent'} -> {v.after or 'absent'}"
    row += f" ({', '.join(v.why)})" if v.why else ""
    return row + (f": {v.message}" if v.message else "")


def render_since(s: SinceBaseline) -> list[str]:
    """The terminal's lines: what changed first, what did not in one line."""
    what = f"run {s.run_id}" if s.kind == "run" else "known results"
    lines = [f"since the baseline ({what}: {s.source}): {len(s.new_failures)} new failure(s), "
             f"{len(s.fixes)} fix(es)" + (f", {len(s.known)} known failure(s)" if s.kind != "run" else "")
             + (f", {len(s.changed)} changed field(s)" if s.kind == "run" else "")]
    sections: list[tuple[str, list[str]]] = [
        ("new failures", [_row(v) for v in s.new_failures]),
        ("fixed", [_row(v) for v in s.fixes]),
        ("other verdict changes", [_row(v) for v in s.other]),
        ("changed fields", list(s.changed)),
        ("known failures, still failing (not new)", [_row(v) for v in s.known]),
    ]
    for title, rows in sections:
        if rows:
            lines.append(f"  {title} ({len(rows)}):")
            shown = rows[:SHOWN_FIELDS] if title == "changed fields" else rows
            lines += [f"    {row}" for row in shown]
            if len(shown) < len(rows):
                lines.append(f"    ... {len(rows) - SHOWN_FIELDS} more: results.json's baseline.changed has all")
    tail = f"  unchanged: {s.unchanged} item(s)"
    if s.not_run:
        tail += f"; {s.not_run} baseline item(s) not in this run"
    if s.added:
        tail += f"; {s.added} item(s) new since the baseline"
    lines.append(tail)
    return lines


# --- writing ------------------------------------------------------------------------------------


def known_results_text(record: RunRecord, as_json: bool = False) -> str:
    """A known-results file listing a run's failing items, each with its headline as the reason."""
    items = [{"case": r.case, "target": r.target, "opt": r.opt, "verdict": r.verdict, "reason": r.headline()}
             for r in record.results if r.failing]
    if as_json:
        return json.dumps({"schema": KNOWN_SCHEMA, "item": items}, indent=1) + "\n"
    lines = [f"# Known results, written from run {record.run_id} ({len(items)} failing item(s)).",
             "# Use: pytest cases/ --baseline THIS_FILE; see README.md (results).",
             f"schema = {json.dumps(KNOWN_SCHEMA)}"]
    for item in items:
        lines.append("")
        lines.append("[[item]]")
        lines += [f"{key} = {_toml_string(value)}" for key, value in item.items()]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but for DEL, which TOML allows only escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")
