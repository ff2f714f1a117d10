"""scan.sarif carries a case's expected policy findings (`[scan] findings`) as suppressions, and only those:
checked on the corpus log (`merge_sarif`, from real scans) and on the fallback log built from results.json
(`scan_sarif`), both against the schema and GitHub's upload rules (tests/test_sarif_upload.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.results.model import SCAN, CaseResult, RunRecord
from harness.results.sarif import merge_sarif, scan_sarif
from harness.sarif import to_sarif
from harness.scan import RULE_SLOT, RULE_UNKNOWN, scan_path
from harness.toolchain import build
from tests.test_sarif_upload import HOSTILE, github_upload_problems
from tests.test_scan import check_sarif


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A nexe zerovm loads and validates that calls trampoline slot 1 (policy-trampoline-slot)."""
    root = tmp_path_factory.mktemp("repo")
    src = root / "hostile.c"
    src.write_text(HOSTILE)
    return build([src], root / "hostile.nexe", opt="-O2", runtime=False, toolchain="builtin").output


def _case(nexe: Path, actual: dict[str, Any] | None = None, **expect: object) -> CaseResult:
    return CaseResult(case="trap/hostile", area="trap", description="", target=SCAN, opt="-O2", verdict="PASS",
                      duration_s=0.0, expectation={"loads": True, "valid": True, **expect}, actual=actual or {},
                      nexe=str(nexe))


def _record(case: CaseResult) -> RunRecord:
    return RunRecord(run_id="r", started="", finished="", harness_version="0", targets=(), target_info={},
                     results=(case,))


def _alarms(log: dict[str, Any]) -> list[dict[str, Any]]:
    check_sarif(log)
    assert github_upload_problems(log) == []
    return [r for r in log["runs"][0]["results"] if r["level"] in ("error", "warning")]


JUSTIFIED = [{"kind": "external", "justification": f"deliberate: case trap/hostile expects it ([scan] findings "
                                                   f"lists {RULE_SLOT})"}]


def test_a_listed_finding_is_suppressed_in_the_corpus_log(hostile: Path) -> None:
    report = scan_path(hostile)
    assert report.valid and [f.rule for f in report.policy_violations] == [RULE_SLOT]
    per_nexe = to_sarif([report])
    listed = _case(hostile, findings=[RULE_SLOT])
    alarms = _alarms(merge_sarif(_record(listed), [(listed, per_nexe)]))
    assert [(r["ruleId"], r["suppressions"]) for r in alarms] == [(RULE_SLOT, JUSTIFIED)]
    # Trap sites are notes: never suppressed, they are the surface, not alarms.
    notes = [r for r in merge_sarif(_record(listed), [(listed, per_nexe)])["runs"][0]["results"]
             if r["level"] == "note"]
    assert notes and not any("suppressions" in r for r in notes)


@pytest.mark.parametrize("findings", [None, [RULE_UNKNOWN]], ids=["no-key", "another-rule"])
def test_an_unlisted_finding_stays_open_in_the_corpus_log(hostile: Path, findings: list[str] | None) -> None:
    case = _case(hostile, **({} if findings is None else {"findings": findings}))
    alarms = _alarms(merge_sarif(_record(case), [(case, to_sarif([scan_path(hostile)]))]))
    assert [r["ruleId"] for r in alarms] == [RULE_SLOT]
    assert "suppressions" not in alarms[0]


def test_the_fallback_log_suppresses_only_listed_rules(hostile: Path) -> None:
    actual = scan_path(hostile).to_json()
    listed = _alarms(scan_sarif(_record(_case(hostile, actual, findings=[RULE_SLOT]))))
    assert [(r["ruleId"], r["suppressions"]) for r in listed] == [(RULE_SLOT, JUSTIFIED)]
    unlisted = _alarms(scan_sarif(_record(_case(hostile, actual, findings=[RULE_UNKNOWN]))))
    assert [r["ruleId"] for r in unlisted] == [RULE_SLOT] and "suppressions" not in unlisted[0]
