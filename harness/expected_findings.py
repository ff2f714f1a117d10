"""The trap-policy findings a case expects (`[scan] findings`), checked against the scan of its nexe.

A hostile case that zerovm loads and validates can still do something a reviewer must see:
call a trampoline slot other than 0, pass a function code that is none of the six, pass a
code the scan cannot determine.  The scanner reports these as error-level policy findings
(`harness.scan.policy_violations`).  A case names the rules it provokes on purpose; the scan
item then checks, strictly, both ways:

- every listed rule must be reported (else the case no longer shows what it says it shows);
- a nexe zerovm loads and validates must report no error-level policy finding it does not
  list (else a new, unexplained way into the trusted runtime would pass unnoticed).

A nexe zerovm refuses (`loads = false` or `valid = false`) never runs, so its trap surface
is moot: its listed rules are still checked, unlisted ones are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from harness.scan import (
    RULE_INDIRECT,
    RULE_INTERNAL,
    RULE_NOT_ALLOWED,
    RULE_OTHER,
    RULE_SLOT,
    RULE_SYSTEM,
    RULE_TRAMPOLINE_ADDRESS,
    RULE_UNKNOWN,
    RULE_UNRESOLVED,
    SOURCE_POLICY,
)

FIELD = "scan.findings"  # how a mismatch names the key

# The rules the corpus scan (all six functions allowed, not --strict) can report as errors.
EXPECTABLE = (RULE_SLOT, RULE_TRAMPOLINE_ADDRESS, RULE_UNKNOWN, RULE_UNRESOLVED, RULE_SYSTEM, RULE_OTHER)

# Policy rules a case cannot expect, and why: listing one would make a case that never passes.
NEVER_REPORTED = {
    RULE_NOT_ALLOWED: "the corpus scan allows all six functions, so it never reports this rule",
    RULE_INDIRECT: "the corpus scan reports unresolved indirect branches as notes, not policy errors "
                   "(only `scan --strict` counts them)",
    RULE_INTERNAL: "it is the scanner's own failure, never a property of a case",
}


def rule_list_problem(rules: list[str]) -> str | None:
    """What is wrong with a case's `[scan] findings` list (the schema has checked it is strings), or None."""
    known = ", ".join(EXPECTABLE)
    for rule in rules:
        if rule in NEVER_REPORTED:
            return f"{rule!r} cannot be expected: {NEVER_REPORTED[rule]} (rules a case can list: {known})"
        if rule not in EXPECTABLE:
            return (f"unknown policy rule {rule!r} (rules a case can list: {known}; loader and validator "
                    "verdicts are [scan] loads and valid)")
    twice = sorted({r for r in rules if rules.count(r) > 1})
    if twice:
        return f"names {', '.join(map(repr, twice))} twice"
    return None


def policy_errors(actual: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The error-level policy findings of a scan item's recorded scan (`ScanReport.to_json`)."""
    return [f for f in actual.get("findings") or ()
            if f.get("source") == SOURCE_POLICY and f.get("severity") == "error"]


def compare_findings(expected: Iterable[str], check_unlisted: bool, actual: Mapping[str, Any]
                     ) -> list[tuple[str, object, object]]:
    """Mismatches between the rules a case lists and the policy errors its scan reported.

    `actual` is the scan's JSON (`harness.results.actual.scan_actual_json`); without the trap scan
    (the scanner failed and only the loader and validator ran) nothing can be checked, which is a
    mismatch too, so a scanner failure never passes as a clean trap surface.
    """
    listed = list(expected)
    if actual.get("scanner") != "harness.scan":
        if not listed and not check_unlisted:
            return []
        why = actual.get("scanner_error") or "the scanner did not run"
        return [(FIELD, "the trap-policy scan of the nexe", f"no trap scan: {why}")]
    found = policy_errors(actual)
    by_rule: dict[str, list[Mapping[str, Any]]] = {}
    for f in found:
        by_rule.setdefault(str(f.get("rule")), []).append(f)
    reported = ", ".join(sorted(by_rule)) or "no policy error"
    out: list[tuple[str, object, object]] = []
    for rule in listed:
        if rule not in by_rule:
            out.append((FIELD, f"finding {rule}", f"not reported (the scan reports: {reported})"))
    if check_unlisted:
        for rule, group in by_rule.items():
            if rule not in listed:
                first = group[0]
                where = f"{first['address']:#x}: " if first.get("address") is not None else ""
                out.append((FIELD, f"no {rule} (not listed)",
                            f"{len(group)} reported, first {where}{first.get('message')}"))
    return out


__all__ = ["EXPECTABLE", "FIELD", "NEVER_REPORTED", "compare_findings", "policy_errors", "rule_list_problem"]
