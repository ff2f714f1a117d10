"""`[scan] findings`: the trap-policy rules a hostile case expects, checked both ways by its scan item
(harness.expected_findings), and carried into scan.sarif as suppressions (harness.results.sarif)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.cache import default_cache_dir
from harness.expected_findings import EXPECTABLE, NEVER_REPORTED, compare_findings, rule_list_problem
from harness.scan import RULE_INDIRECT, RULE_SLOT, RULE_UNKNOWN, RULE_UNRESOLVED
from tests.test_case_schema import WHERE, load, problems
from tests.test_cases import OK_C, failed_reports, make_suite, run_suite, verdicts

# Read before pytester points HOME at its own directory: its runs share the built runtime instead of building it again.
CACHE = default_cache_dir()

# Calls trampoline slot 1: zerovm loads and validates it, the policy scan reports policy-trampoline-slot.
SLOT_ONE_C = ('int main(void)\n{\n  __asm__ volatile("call 0x10020" ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", '
              '"r9", "r10", "memory");\n  return 0;\n}\n')


# -- the key in the case format ---------------------------------------------------------------


def test_a_case_lists_the_rules_it_expects(tmp_path: Path) -> None:
    from harness.cases import load_case
    from tests.test_cases import write_case

    case = load_case(write_case(tmp_path, '[scan]\nfindings = ["policy-trampoline-slot", "policy-unknown-function"]'
                                          '\n'), tmp_path / "cases")
    assert case.scan.findings == (RULE_SLOT, RULE_UNKNOWN)
    assert load_case(write_case(tmp_path, "[run]\n"), tmp_path / "cases").scan.findings == ()


def test_an_unknown_rule_is_an_error_naming_the_key_and_the_known_rules(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, '[scan]\nfindings = ["trap-outside-policy"]\n')
    assert problem.startswith(f"{WHERE}: scan.findings: unknown policy rule 'trap-outside-policy' (rules a case "
                              "can list: ")
    assert all(rule in problem for rule in EXPECTABLE)
    # A loader or validator rule is not a policy finding: those verdicts are loads and valid.
    [problem] = problems(tmp_path, '[scan]\nvalid = false\nfindings = ["bundle-crossing"]\n')
    assert "unknown policy rule 'bundle-crossing'" in problem and "[scan] loads and valid" in problem


@pytest.mark.parametrize("rule", sorted(NEVER_REPORTED))
def test_a_rule_the_corpus_scan_never_reports_cannot_be_expected(tmp_path: Path, rule: str) -> None:
    [problem] = problems(tmp_path, f'[scan]\nfindings = ["{rule}"]\n')
    assert problem == f"{WHERE}: scan.findings: {rule!r} cannot be expected: {NEVER_REPORTED[rule]} (rules a " \
                      f"case can list: {', '.join(EXPECTABLE)})"


def test_a_rule_listed_twice_or_for_a_file_zerovm_does_not_load(tmp_path: Path) -> None:
    assert problems(tmp_path, f'[scan]\nfindings = ["{RULE_SLOT}", "{RULE_SLOT}"]\n') == [
        f"{WHERE}: scan.findings: names {RULE_SLOT!r} twice"]
    assert problems(tmp_path, f'[scan]\nloads = false\nfindings = ["{RULE_SLOT}"]\n') == [
        f"{WHERE}: scan.findings: is never checked: a file zerovm does not load has no trap surface (loads = false)"]
    load(tmp_path, '[scan]\nfindings = []\n')  # explicitly none: the default


def test_every_expectable_rule_is_described_for_sarif() -> None:
    from harness.sarif import RULE_DESCRIPTIONS

    assert set(EXPECTABLE) <= set(RULE_DESCRIPTIONS) and set(NEVER_REPORTED) <= set(RULE_DESCRIPTIONS)
    assert rule_list_problem(list(EXPECTABLE)) is None


# -- the check ---------------------------------------------------------------------------------


def _scan(*findings: tuple[str, str, str], scanner: str = "harness.scan") -> dict[str, Any]:
    return {"scanner": scanner, "findings": [{"rule": rule, "severity": severity, "source": source,
                                              "address": 0x20040, "message": f"{rule} here"}
                                             for rule, severity, source in findings]}


def test_listed_and_reported_is_clean_both_ways() -> None:
    actual = _scan((RULE_SLOT, "error", "policy"), (RULE_SLOT, "error", "policy"), (RULE_INDIRECT, "note", "policy"),
                   ("bundle-crossing", "error", "validator"))
    assert compare_findings([RULE_SLOT], True, actual) == []


def test_a_listed_rule_not_reported_is_a_mismatch() -> None:
    assert compare_findings([RULE_SLOT], True, _scan((RULE_UNRESOLVED, "error", "policy"))) == [
        ("scan.findings", f"finding {RULE_SLOT}", f"not reported (the scan reports: {RULE_UNRESOLVED})"),
        ("scan.findings", f"no {RULE_UNRESOLVED} (not listed)", f"1 reported, first 0x20040: {RULE_UNRESOLVED} here")]
    # Even where unlisted findings are not checked (zerovm refuses the file), a listed one must be there.
    assert compare_findings([RULE_SLOT], False, _scan()) == [
        ("scan.findings", f"finding {RULE_SLOT}", "not reported (the scan reports: no policy error)")]


def test_an_unlisted_policy_error_is_a_mismatch_only_in_a_file_zerovm_runs() -> None:
    actual = _scan((RULE_UNKNOWN, "error", "policy"), (RULE_UNKNOWN, "error", "policy"))
    assert compare_findings([], True, actual) == [
        ("scan.findings", f"no {RULE_UNKNOWN} (not listed)", f"2 reported, first 0x20040: {RULE_UNKNOWN} here")]
    assert compare_findings([], False, actual) == []
    # Notes and the validator's errors are not policy errors: loads and valid judge those.
    assert compare_findings([], True, _scan((RULE_INDIRECT, "note", "policy"), ("syscall", "error", "validator"))) == []


def test_without_the_trap_scan_nothing_passes_unchecked() -> None:
    fallback = {"scanner": "loader+validator", "scanner_error": "ImportError: no", "findings": []}
    assert compare_findings([], True, fallback) == [
        ("scan.findings", "the trap-policy scan of the nexe", "no trap scan: ImportError: no")]
    assert compare_findings([RULE_SLOT], False, fallback) != []
    assert compare_findings([], False, fallback) == []


# -- end to end: the scan items and scan.sarif --------------------------------------------------


def _sarif_alarms(results_dir: Path) -> dict[str, list[dict[str, Any]]]:
    log = json.loads((results_dir / "scan.sarif").read_text())
    out: dict[str, list[dict[str, Any]]] = {}
    for res in log["runs"][0]["results"]:
        if res["level"] in ("error", "warning"):
            out.setdefault(res["properties"]["case"], []).append(res)
    return out


def test_scan_items_check_the_findings_and_scan_sarif_suppresses_only_listed_ones(
        pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVM_HARNESS_CACHE", str(CACHE))
    make_suite(pytester, {
        "listed": (f'[scan]\nfindings = ["{RULE_SLOT}"]\n', SLOT_ONE_C),
        "unlisted": ("[scan]\nvalid = true\n", SLOT_ONE_C),
        "claims": (f'[scan]\nfindings = ["{RULE_SLOT}"]\n', OK_C),
    })
    reprec = run_suite(pytester, results=tmp_path)
    assert verdicts(tmp_path) == {("smoke/listed", "scan"): "PASS", ("smoke/unlisted", "scan"): "FAIL",
                                  ("smoke/claims", "scan"): "FAIL"}
    reports = failed_reports(reprec)
    assert reports["cases/smoke/claims.toml::scan-O2"].splitlines()[1] == (
        f"  scan.findings: expected 'finding {RULE_SLOT}', got 'not reported (the scan reports: no policy error)'")
    assert reports["cases/smoke/unlisted.toml::scan-O2"].splitlines()[1].startswith(
        f"  scan.findings: expected 'no {RULE_SLOT} (not listed)', got \"1 reported, first 0x")
    alarms = _sarif_alarms(tmp_path)
    assert set(alarms) == {"smoke/listed", "smoke/unlisted"}
    assert [r["suppressions"] for r in alarms["smoke/listed"]] == [[{
        "kind": "external", "justification": f"deliberate: case smoke/listed expects it ([scan] findings lists "
                                             f"{RULE_SLOT})"}]]
    assert [r["ruleId"] for r in alarms["smoke/unlisted"]] == [RULE_SLOT]
    assert "suppressions" not in alarms["smoke/unlisted"][0]  # a new, unexplained finding stays open
    expectations = {r["case"]: r["expectation"] for r in json.loads((tmp_path / "results.json").read_text())["results"]}
    assert expectations["smoke/listed"] == {"loads": True, "valid": True, "findings": [RULE_SLOT]}
    assert expectations["smoke/unlisted"] == {"loads": True, "valid": True}  # unchanged for cases without the key

