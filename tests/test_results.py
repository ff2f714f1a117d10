"""The results of a suite run: results.json, junit.xml, scan.sarif, report.html, and `compare`."""

from __future__ import annotations

import argparse
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from harness.results import (
    ERROR,
    FAIL,
    KEEP_RUNS,
    PASS,
    SCHEMA,
    UNSUPPORTED,
    VERDICTS,
    XFAIL,
    XPASS,
    Baseline,
    BaselineError,
    CaseResult,
    RunRecord,
    compare,
    disagreements,
    load_baseline,
    load_run,
    merge_sarif,
    narrowed_by,
    new_run_id,
    parse_known,
    prune_runs,
    render_comparison,
    render_html,
    render_since,
    since_baseline,
    verdict_of,
    write_run,
)
from harness.results_cli import add_compare_parser
from tests.conftest import REPORT, USAGE
from tests.test_junit import structure_problems

# One program for every case (a single build, cached) that returns 7, and a stand-in zerovm that
# always reports user code 7: on both targets the expectations alone decide each verdict.  The
# "network" case's channel, /dev/full, is something the reference executor does not model
# (UNSUPPORTED; it models network channels since issue 12).
PROGRAM = "int main(void) { return 7; }\n"
CASES = {
    "ok": 'description = "passes <b>bold</b>"\nsource = "prog.c"\n[run]\nuser_code = 7\n',
    "wrong": 'description = "a wrong user code"\nsource = "prog.c"\n[run]\nuser_code = 3\n',
    "xfails": 'source = "prog.c"\n[xfail]\nzerovm = "known: 3 not 7"\n[run]\nuser_code = 3\n',
    "xpasses": 'source = "prog.c"\n[xfail]\nzerovm = "thought broken"\n[run]\nuser_code = 7\n',
    "network": 'source = "prog.c"\n[[channel]]\nalias = "/dev/net"\nuri = "/dev/full"\nputs = 1\n'
               'put_size = 1\n[run]\nuser_code = 7\n',
}


def make_suite(pytester: pytest.Pytester, bindir: Path) -> Path:
    """The suite's directory; the stand-in zerovm it returns must be passed as --zerovm=PATH, since
    pytest would take a separate path argument into account when it picks the rootdir."""
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "demo"
    area.mkdir(parents=True)
    (area / "prog.c").write_text(PROGRAM)
    for name, toml in CASES.items():
        (area / f"{name}.toml").write_text(toml)
    (area / "broken.toml").write_text("this is not toml [\n")
    other = pytester.path / "cases" / "other"
    other.mkdir()
    (other / "nocompile.c").write_text("int main(void) { return undefined_thing; }\n")
    (other / "nocompile.toml").write_text("[run]\n")
    zerovm = bindir / "zerovm"
    zerovm.write_text("#!/bin/sh\n" + USAGE + "\n" + REPORT.replace("%s", "7") + "\n")
    zerovm.chmod(0o755)
    return zerovm


def verdicts(doc: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    return {(r["case"], r["target"], r["opt"]): r["verdict"] for r in doc["results"]}


EXPECTED = {
    ("demo/broken", "broken", ""): ERROR,
    ("other/nocompile", "scan", "-O2"): ERROR,
    ("other/nocompile", "zerovm", "-O2"): ERROR,
    ("other/nocompile", "ref", "-O2"): ERROR,
    **{(f"demo/{n}", "scan", "-O2"): PASS for n in CASES},
    ("demo/ok", "ref", "-O2"): PASS,
    ("demo/wrong", "ref", "-O2"): FAIL,
    ("demo/xfails", "ref", "-O2"): FAIL,
    ("demo/xpasses", "ref", "-O2"): PASS,
    ("demo/network", "ref", "-O2"): UNSUPPORTED,
    ("demo/network", "zerovm", "-O2"): PASS,
    ("demo/ok", "zerovm", "-O2"): PASS,
    ("demo/wrong", "zerovm", "-O2"): FAIL,
    ("demo/xfails", "zerovm", "-O2"): XFAIL,
    ("demo/xpasses", "zerovm", "-O2"): XPASS,
}


# pytest's own outcome counts for EXPECTED (XPASS-strict is a failure to pytest, UNSUPPORTED a skip).
OUTCOMES = {"passed": 9, "failed": 4, "skipped": 1, "xfailed": 1, "errors": 4}


def test_a_run_writes_its_directory_with_lit_verdicts(pytester: pytest.Pytester, bindir: Path) -> None:
    zerovm = make_suite(pytester, bindir)
    result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "both", f"--zerovm={zerovm}")
    result.assert_outcomes(**OUTCOMES)
    latest = pytester.path / "results" / "latest"
    assert latest.is_dir(), "results/latest names the run"
    run_dir = latest.resolve()
    assert run_dir.parent == pytester.path / "results"
    result.stdout.fnmatch_lines([f"results: {run_dir}*"])
    assert {p.name for p in run_dir.iterdir()} == {"results.json", "junit.xml", "scan.sarif", "report.html"}

    doc = json.loads((run_dir / "results.json").read_text())
    assert doc["schema"] == SCHEMA and doc["run_id"] == run_dir.name
    assert doc["targets"] == ["ref", "zerovm"]
    assert doc["target_info"]["zerovm"]["path"] == str(zerovm)
    assert verdicts(doc) == EXPECTED
    assert doc["counts"] == {v: list(EXPECTED.values()).count(v) for v in VERDICTS}
    by_key = {(r["case"], r["target"], r["opt"]): r for r in doc["results"]}
    wrong = by_key[("demo/wrong", "zerovm", "-O2")]
    assert wrong["mismatches"] == [["run.user_code", 3, 7]]
    assert wrong["expectation"]["user_code"] == 3
    assert (wrong["actual"]["user_code"], wrong["actual"]["exit_state"]) == (7, "ok")
    assert wrong["duration_s"] >= wrong["timings"]["call"] > 0
    ok = by_key[("demo/ok", "zerovm", "-O2")]
    assert ok["actual"]["user_code"] == 7, "a passing run keeps what it did, for compare and the differential"
    assert by_key[("demo/xfails", "zerovm", "-O2")]["message"] == "known: 3 not 7"
    assert "does not model" in by_key[("demo/network", "ref", "-O2")]["message"]
    assert by_key[("demo/broken", "broken", "")]["message"].startswith("CaseError: ")
    assert "undefined_thing" in by_key[("other/nocompile", "scan", "-O2")]["message"]
    scan = by_key[("demo/ok", "scan", "-O2")]
    assert scan["actual"]["loads"] is True and scan["actual"]["valid"] is True
    assert scan["expectation"] == {"loads": True, "valid": True} and scan["nexe"]

    suite = ET.parse(run_dir / "junit.xml").getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == \
        (str(len(EXPECTED)), "4", "4", "2")
    assert structure_problems(suite) == []
    failure = suite.find("testcase[@classname='cases.demo.wrong'][@name='zerovm-O2']/failure")
    assert failure is not None and failure.get("message") == "run.user_code: expected 3, got 7"
    assert failure.text is not None and "differs from its expectation" in failure.text

    sarif = json.loads((run_dir / "scan.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"]) == 1 and len(sarif["runs"][0]["artifacts"]) == len(CASES), "one artifact per nexe"

    html = (run_dir / "report.html").read_text()
    assert "Summary by area" in html and "Trap surface" in html and run_dir.name in html
    assert "passes &lt;b&gt;bold&lt;/b&gt;" in html, "everything is escaped"
    # One small inline script (the filters), nothing fetched: the page works offline and without it.
    assert html.count("<script") == 1 and "<script>" in html and "<script src" not in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_xdist_workers_send_results_to_the_controller(pytester: pytest.Pytester, bindir: Path) -> None:
    zerovm = make_suite(pytester, bindir)
    out = pytester.path / "out"
    result = pytester.runpytest_subprocess("cases", "-p", "no:cacheprovider", "-n", "2", "--target", "both",
                                           f"--zerovm={zerovm}", f"--results={out}")
    result.assert_outcomes(**OUTCOMES)
    assert verdicts(json.loads((out / "results.json").read_text())) == EXPECTED
    assert not (pytester.path / "results").exists(), "--results DIR replaces results/<run-id> and latest"


def test_a_run_without_cases_writes_nothing(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    pytester.makepyfile(test_x="def test_x():\n    pass\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert not (pytester.path / "results").exists()


SMALL = {"a_wrong": 'source = "prog.c"\n[run]\nuser_code = 3\n', "ok": 'source = "prog.c"\n[run]\nuser_code = 7\n'}


def test_latest_moves_only_for_full_runs(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "demo"
    area.mkdir(parents=True)
    (area / "prog.c").write_text(PROGRAM)
    for name, toml in SMALL.items():
        (area / f"{name}.toml").write_text(toml)
    results = pytester.path / "results"

    def run(*args: str) -> dict[str, Any]:
        before = set(results.iterdir()) if results.exists() else set()
        pytester.runpytest(*args, "-p", "no:cacheprovider", "--target", "ref")
        [new] = {p for p in results.iterdir() if p.name != "latest"} - before
        return json.loads((new / "results.json").read_text())

    full = run("cases")
    assert full["full"] is True and full["partial"] == []
    assert (results / "latest").resolve().name == full["run_id"]
    for args, reason in ((("cases", "-k", "ok"), "-k ok"), (("cases/demo/ok.toml",), "only cases/demo/ok.toml"),
                         (("cases", "-x"), "2 case item(s) not run (the session stopped early)"),
                         (("cases", "--deselect", "cases/demo/ok.toml::ref-O2"), "--deselect")):
        doc = run(*args)
        assert doc["full"] is False and reason in doc["partial"], (args, doc["partial"])
        assert (results / "latest").resolve().name == full["run_id"], f"{args} is not a full run"
    again = run(".")
    assert again["full"] is True and (results / "latest").resolve().name == again["run_id"]
    result = pytester.runpytest("cases", "--co", "-p", "no:cacheprovider", "--target", "ref")
    assert len([p for p in results.iterdir() if p.name != "latest"]) == 6, "--co runs nothing and writes nothing"
    assert "results:" not in result.stdout.str()


def test_narrowed_by_says_why_a_session_is_not_a_full_run(tmp_path: Path) -> None:
    def config(*args: str, **options: Any) -> SimpleNamespace:
        return SimpleNamespace(option=SimpleNamespace(**options), rootpath=tmp_path, args=list(args),
                               invocation_params=SimpleNamespace(dir=tmp_path / "cases"))

    assert narrowed_by(config(".")) == [] and narrowed_by(config("..")) == []
    assert narrowed_by(config("../cases", "../tests/test_x.py")) == []
    assert narrowed_by(config("net")) == ["only net"]
    assert narrowed_by(config(".::x")) == ["only .::x"]
    assert narrowed_by(config(".", keyword="ok", markexpr="", lf=True, stepwise=False)) == ["-k ok", "--lf"]


def test_old_runs_are_pruned_past_the_limit_except_pinned_ones(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    names = [new_run_id(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i)) for i in range(KEEP_RUNS + 6)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "results.json").write_text("{}")
    (tmp_path / "latest").symlink_to(names[0])
    (tmp_path / "baseline").write_text(names[1] + "\n")
    (tmp_path / names[2] / "keep").write_text("")
    (tmp_path / "notes").mkdir()  # not a run directory: never touched
    removed, problems = prune_runs(tmp_path)
    assert problems == []
    assert [p.name for p in removed] == names[3:6]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[:3], *names[6:], "latest", "baseline", "notes"])
    assert prune_runs(tmp_path) == ([], []), "nothing more to prune"


# -- verdicts ------------------------------------------------------------------


class Mismatch(Exception):
    mismatches = (("run.user_code", 1, 2),)


def report(when: str, outcome: str, **extra: Any) -> SimpleNamespace:
    return SimpleNamespace(when=when, passed=outcome == "passed", failed=outcome == "failed",
                           skipped=outcome == "skipped", longrepr=extra.pop("longrepr", None), **extra)


def exc(value: BaseException) -> SimpleNamespace:
    return SimpleNamespace(value=value)


@pytest.mark.parametrize(("rep", "excinfo", "verdict"), [
    (report("setup", "passed"), None, None),
    (report("setup", "failed"), exc(RuntimeError("build")), ERROR),
    (report("setup", "skipped"), None, UNSUPPORTED),
    (report("call", "passed"), None, PASS),
    (report("call", "failed"), exc(Mismatch()), FAIL),
    (report("call", "failed"), exc(KeyError("harness bug")), ERROR),
    (report("call", "skipped"), None, UNSUPPORTED),
    (report("call", "skipped", wasxfail="why"), exc(Mismatch()), XFAIL),
    (report("call", "skipped", wasxfail="why"), exc(KeyError("harness bug")), ERROR),
    (report("call", "failed", longrepr="[XPASS(strict)] why"), None, XPASS),
    (report("call", "passed", wasxfail="why"), None, XPASS),
    (report("teardown", "passed"), None, None),
    (report("teardown", "failed"), exc(OSError("cleanup")), ERROR),
])
def test_verdict_mapping(rep: SimpleNamespace, excinfo: Any, verdict: str | None) -> None:
    assert verdict_of(rep, excinfo) == verdict


# -- records, compare, the CLI -------------------------------------------------


def case(name: str, verdict: str, target: str = "zerovm", **actual: Any) -> CaseResult:
    run = {"exit_code": 0, "user_code": 0, "exit_state": "ok", "validator_state": 0, "outputs": {}} | actual
    return CaseResult(case=name, area=name.split("/")[0], description="", target=target, opt="-O2",
                      verdict=verdict, duration_s=0.1, expectation={"exit_code": 0}, actual=run,
                      nodeid=f"cases/{name}.toml::{target}-O2")


def record(run_id: str, *results: CaseResult, banner: str = "ZeroVM build 1") -> RunRecord:
    return RunRecord(run_id=run_id, started="2024-01-01T00:00:00+00:00", finished="2024-01-01T00:00:05+00:00",
                     harness_version="0.1.0", targets=("zerovm",),
                     target_info={"zerovm": {"path": "/bin/zerovm", "banner": banner}}, results=results)


RUN_A = record("A", case("a/same", PASS), case("a/breaks", PASS), case("a/fixed", FAIL), case("a/skips", PASS),
               case("a/exit", PASS, exit_code=0), case("a/gone", PASS),
               case("a/dir", PASS, exit_state="cannot open /tmp/zvm-session-abc123/x"))
RUN_B = record("B", case("a/same", PASS), case("a/breaks", FAIL, exit_code=4), case("a/fixed", PASS),
               case("a/skips", UNSUPPORTED), case("a/exit", PASS, exit_code=22), case("a/new", ERROR),
               case("a/dir", PASS, exit_state="cannot open /tmp/zvm-session-zz_9/x"), banner="ZeroVM build 2")


def test_compare_lists_what_changed() -> None:
    c = compare(RUN_A, RUN_B)
    assert [(v.case, v.before, v.after) for v in c.new_failures] == [("a/breaks", PASS, FAIL), ("a/new", None, ERROR)]
    assert [(v.case, v.before, v.after) for v in c.fixes] == [("a/fixed", FAIL, PASS)]
    assert [(v.case, v.before, v.after) for v in c.verdict_changes] == [("a/skips", PASS, UNSUPPORTED)]
    assert [(f.case, f.field, f.before, f.after) for f in c.field_changes] == [
        ("a/breaks", "exit_code", 0, 4), ("a/exit", "exit_code", 0, 22)], "session directories are not changes"
    assert c.added == (("a/new", "zerovm", "-O2"),) and c.removed == (("a/gone", "zerovm", "-O2"),)
    assert c.target_changes == (("zerovm.banner", "ZeroVM build 1", "ZeroVM build 2"),)
    text = render_comparison(c)
    for heading in ("new failures (2)", "fixes (1)", "other verdict changes (1)", "changed run results (2)",
                    "added (1)", "removed (1)", "a/exit [zerovm-O2]: exit_code 0 -> 22"):
        assert heading in text
    assert "no changes" in render_comparison(compare(RUN_A, RUN_A))


def failing(name: str, expected: int, got: int, target: str = "zerovm") -> CaseResult:
    """A FAIL whose case expects user code `expected` and whose program returned `got`."""
    return replace(case(name, FAIL, target=target, user_code=got), expectation={"user_code": expected},
                   mismatches=(("run.user_code", expected, got),))


def passing(name: str, code: int, target: str = "zerovm") -> CaseResult:
    return replace(case(name, PASS, target=target, user_code=code), expectation={"user_code": code})


def test_compare_tells_an_edited_expectation_from_changed_behaviour() -> None:
    a = record("A", passing("x/edited", 3), passing("x/behaves", 3), passing("x/both", 3), failing("x/same", 3, 5),
               failing("x/fixed", 3, 5))
    b = record("B", failing("x/edited", 4, 3), failing("x/behaves", 3, 5), failing("x/both", 4, 5),
               failing("x/same", 3, 5), passing("x/fixed", 5))
    c = compare(a, b)
    assert [(v.case, v.why, v.message) for v in c.new_failures] == [
        ("x/behaves", ("behaviour changed",), "run.user_code: expected 3, got 5"),
        ("x/both", ("expectation changed", "behaviour changed"), "run.user_code: expected 4, got 5"),
        ("x/edited", ("expectation changed",), "run.user_code: expected 4, got 3")]
    assert [(v.case, v.why) for v in c.fixes] == [("x/fixed", ("expectation changed",))], "fixed by editing the case"
    assert [(f.case, f.field, f.before, f.after) for f in c.expectation_changes] == [
        ("x/both", "user_code", 3, 4), ("x/edited", "user_code", 3, 4), ("x/fixed", "user_code", 3, 5)]
    assert [(f.case, f.field) for f in c.field_changes] == [("x/behaves", "user_code"), ("x/both", "user_code")]
    text = render_comparison(c)
    assert "x/edited [zerovm-O2]: PASS -> FAIL (expectation changed): run.user_code: expected 4, got 3" in text
    assert "x/behaves [zerovm-O2]: PASS -> FAIL (behaviour changed): run.user_code: expected 3, got 5" in text
    assert "changed expectations (3):" in text and "x/edited [zerovm-O2]: user_code 3 -> 4" in text
    assert "x/same" not in text, "a case failing the same way in both runs did not change"


def test_a_changed_etag_is_named_inline_and_is_a_change_of_behaviour() -> None:
    def etag_run(run_id: str, tag: str) -> RunRecord:
        r = replace(case("x/etag", FAIL, etags=[["/dev/stdout", "da39"], ["/dev/memory", tag]],
                         accounting={"user_s": 0.01 if tag == "b" else 0.02, "local_puts": 1}),
                    expectation={"etags": {"/dev/stdout": "da39", "/dev/memory": "a"}},
                    mismatches=(("run.etags", {"/dev/stdout": "da39", "/dev/memory": "a"},
                                 {"/dev/stdout": "da39", "/dev/memory": tag}),))
        return record(run_id, r)

    a, b = etag_run("A", "b"), etag_run("B", "c")
    assert b.results[0].headline() == 'run.etags[/dev/memory]: expected "a", got "c"', "only the key that differs"
    c = compare(a, b)
    assert [(f.field, f.before, f.after) for f in c.field_changes] == [("etags[/dev/memory]", "b", "c")], \
        "CPU seconds are not behaviour"
    assert c.expectation_changes == ()


def test_the_recorded_expectation_carries_every_checked_field() -> None:
    """compare can only see an edited expectation that results.json records: etags and counters too."""
    from harness.cases import load_case
    from harness.results import expectation_json

    root = Path(__file__).resolve().parents[1] / "cases"
    expectation = expectation_json(load_case(root / "accounting" / "memory_etag_exit.toml", root), "ref")
    assert set(expectation["etags"]) == {"/dev/stdout", "/dev/memory"}
    assert all(len(tag) == 40 for tag in expectation["etags"].values())


def test_expectation_fields_flatten_outputs_nodes_and_jobs() -> None:
    from harness.results.compare import expectation_fields

    assert expectation_fields({"user_code": 1, "outputs": {"/dev/stdout": "hi"}, "nodes": {"b": {"exit_code": 0}},
                               "job": [{"user_code": 2}], "xfail": "why", "empty": {}}) == {
        "user_code": 1, "outputs[/dev/stdout]": "hi", "nodes.b.exit_code": 0, "job[0].user_code": 2,
        "xfail": "why", "empty": {}}


def test_compare_pairs_runs_of_different_targets_by_case() -> None:
    scan = replace(case("a/x", PASS, target="scan"), actual={"loads": True, "valid": True}, expectation={})
    ref = replace(record("R", scan, passing("a/x", 0, "ref"), passing("a/y", 0, "ref")), targets=("ref",))
    zvm = record("Z", scan, passing("a/x", 0), failing("a/y", 0, 1))
    c = compare(ref, zvm)
    assert c.paired == ("ref", "zerovm")
    assert c.added == () and c.removed == (), "the same cases on another target are neither added nor removed"
    assert [(v.case, v.target, v.why, v.message) for v in c.new_failures] == [
        ("a/y", "ref->zerovm", ("behaviour changed",), "run.user_code: expected 0, got 1")]
    text = render_comparison(c)
    assert "paired by case: ref (A) with zerovm (B)" in text
    assert "a/y [ref->zerovm-O2]: PASS -> FAIL (behaviour changed)" in text
    both = replace(record("B2", *ref.results, *zvm.results[1:]), targets=("ref", "zerovm"))
    assert compare(both, both).paired is None and compare(ref, both).paired is None, "only single-target runs pair"
    assert compare(ref, both).added == (("a/x", "zerovm", "-O2"), ("a/y", "zerovm", "-O2"))
    subset = replace(zvm, partial=("only cases/a",))
    assert "run B is a partial run (only cases/a)" in render_comparison(compare(ref, subset))


def test_records_round_trip_through_results_json(tmp_path: Path) -> None:
    problems = write_run(RUN_B, tmp_path)
    assert problems == []
    assert load_run(tmp_path) == RUN_B == load_run(tmp_path / "results.json")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary files are left"


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_compare_parser(parser.add_subparsers())
    args = parser.parse_args(["compare", *argv])
    return int(args.func(args))


def test_compare_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_run(RUN_A, a)
    write_run(RUN_B, b)
    assert run_cli(str(a), str(a)) == 0
    fixed = tmp_path / "fixed"
    write_run(replace(RUN_A, results=tuple(replace(r, verdict=PASS) for r in RUN_A.results)), fixed)
    assert run_cli(str(a), str(fixed)) == 0, "fixes only: no new failures"
    assert run_cli(str(a), str(b / "results.json")) == 1
    assert "new failures (2)" in capsys.readouterr().out
    assert run_cli(str(a), str(b), "--json") == 1
    assert json.loads(capsys.readouterr().out)["new_failures"][0]["case"] == "a/breaks"
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"schema": "something else"}')
    for unreadable in (tmp_path / "missing", tmp_path / "bad.json", tmp_path / "other.json"):
        assert run_cli(str(a), str(unreadable)) == 2
    assert "cannot read" in capsys.readouterr().err


# -- the HTML report and the SARIF merge ---------------------------------------


def test_report_shows_differential_disagreements_escaped() -> None:
    ref = replace(case("a/diff", PASS, target="ref", exit_state="<script>alert(1)</script>"),
                  description="<img src=x>")
    zvm = case("a/diff", FAIL, exit_state="ok")
    rec = replace(record("R", ref, zvm, case("a/same", PASS, target="ref"), case("a/same", PASS)),
                  targets=("ref", "zerovm"))
    [d] = disagreements(rec)
    assert (d.case, d.verdicts, d.fields) == ("a/diff", (PASS, FAIL),
                                              (("exit_state", "<script>alert(1)</script>", "ok"),))
    html = render_html(rec)
    assert "1 case where the reference executor and zerovm did different things" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert html.count("<script") == 1, "only the report's own filter script"
    assert "&lt;img src=x&gt;" in html


def test_sarif_logs_of_each_nexe_merge_into_one_run() -> None:
    def log(rules: list[str], uri: str) -> dict[str, Any]:
        return {"$schema": "s", "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "scan", "rules": [{"id": r} for r in rules]}},
            "invocations": [{"executionSuccessful": True}],
            "artifacts": [{"location": {"uri": uri}}],
            "results": [{"ruleId": r, "ruleIndex": i, "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": uri, "index": 0}}}]} for i, r in enumerate(rules)],
        }]}

    a, b = case("x/a", PASS, target="scan"), case("x/b", PASS, target="scan")
    merged = merge_sarif(record("R", a, b), [(a, log(["r1", "r2"], "a")), (b, log(["r2", "r3"], "b"))])
    [run] = merged["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["r1", "r2", "r3"]
    assert [(r["ruleId"], r["ruleIndex"], r["locations"][0]["physicalLocation"]["artifactLocation"]["index"],
             r["properties"]["case"]) for r in run["results"]] == [
        ("r1", 0, 0, "x/a"), ("r2", 1, 0, "x/a"), ("r2", 1, 1, "x/b"), ("r3", 2, 1, "x/b")]


def test_report_shows_a_jobs_children() -> None:
    shown = {"errno": "OK", "outcome": "exited", "wall_s": 0.1, "stderr": "", "report": "0\n1\n0\ndisable\n"}
    child = {"daemon": 0, "user_code": 5, "exit_state": "Signal 11 <from> untrusted code", "outcome": "exited",
             "outputs": {"/dev/stdout": "child said hi"}}
    job = case("daemon/two", FAIL, daemon=1, children=[child, child | {"outcome": "no-report"}], **shown)
    html = render_html(record("R", job))
    assert "its daemon's child sessions" in html
    assert html.count("Signal 11 &lt;from&gt; untrusted code") == 2 and "child said hi" in html
    assert "no-report" in html
    assert "its daemon's child sessions" not in render_html(record("R", case("a/plain", FAIL, **shown)))


def test_a_hello_worlds_capability_sheet_leads_with_what_it_can_call(tmp_path: Path) -> None:
    # The runtime's qsort comparator and printf's tables are function-pointer calls and jump tables: resolved to
    # ordinary code, they are counted, not shown as sites or alarms.
    from harness.results.actual import scan_actual_json
    from harness.results.html import trap_surfaces
    from harness.toolchain import build

    src = tmp_path / "hello.c"
    src.write_text('#include <stdio.h>\nint main(void) { printf("%d\\n", 42); return 0; }\n')
    nexe = build([src], tmp_path / "hello.nexe", toolchain="builtin").output
    actual, _ = scan_actual_json(nexe, "smoke/hello")
    scan = replace(case("smoke/hello", PASS, target="scan"), actual=actual)
    [sheet] = trap_surfaces(record("R", scan))
    assert sheet.functions == ("pread", "pwrite", "exit")
    assert sheet.indirect_resolved and not sheet.indirect_unresolved
    assert {s["function"] for s in sheet.sites} == {"pread", "pwrite", "exit"}
    html = render_html(record("R", scan))
    assert f"{len(sheet.indirect_resolved)} indirect branches resolved to ordinary code" in html
    assert ('<summary><span class="mono">smoke/hello</span> — can call <span class="fn">pread</span> '
            '<span class="fn">pwrite</span> <span class="fn">exit</span>') in html, "its sheet leads with them"
    assert "<i>unresolved</i>" not in html and "could not be resolved statically" not in html


# -- --baseline: an earlier run or a known-results file -------------------------


def small_suite(pytester: pytest.Pytester, cases: dict[str, str]) -> Path:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "demo"
    area.mkdir(parents=True, exist_ok=True)
    (area / "prog.c").write_text(PROGRAM)
    for name, toml in cases.items():
        (area / f"{name}.toml").write_text(toml)
    return area


def test_a_run_with_a_baseline_run_leads_with_what_changed(pytester: pytest.Pytester) -> None:
    area = small_suite(pytester, SMALL)
    base = pytester.path / "base"
    pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--results={base}")
    # The program still returns 7: "ok" now fails (a new failure), "a_wrong" passes (a fix).
    (area / "ok.toml").write_text('source = "prog.c"\n[run]\nuser_code = 5\n')
    (area / "a_wrong.toml").write_text('source = "prog.c"\n[run]\nuser_code = 7\n')
    out = pytester.path / "out"
    result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--results={out}",
                                f"--baseline={base}")
    result.assert_outcomes(passed=3, failed=1)  # the baseline does not change pytest's outcome
    assert result.ret == 1
    text = result.stdout.str()
    base_id = json.loads((base / "results.json").read_text())["run_id"]
    result.stdout.fnmatch_lines([
        "*since the baseline*",
        f"since the baseline (run {base_id}: {base}): 1 new failure(s), 1 fix(es), 2 changed field(s)",
        "  new failures (1):",
        "    demo/ok [ref-O2]: PASS -> FAIL (expectation changed): run.user_code: expected 5, got 7",
        "  fixed (1):",
        "    demo/a_wrong [ref-O2]: FAIL -> PASS (expectation changed)",
        "  changed fields (2):",
        "    demo/a_wrong [ref-O2]: expected user_code 3 -> 7",
        "    demo/ok [ref-O2]: expected user_code 7 -> 5",
        "  unchanged: 2 item(s)",
        f"results: {out}*",
    ])
    assert text.index("since the baseline") < text.index("results: ")

    doc = json.loads((out / "results.json").read_text())
    since = doc["baseline"]
    assert (since["source"], since["kind"], since["run_id"]) == (str(base), "run", base_id)
    assert since["counts"] | {} == {"new_failures": 1, "fixes": 1, "known": 0, "other": 0, "changed": 2,
                                    "unchanged": 2, "not_run": 0, "added": 0}
    assert load_run(out).baseline == since, "the record round-trips with its baseline"

    html = (out / "report.html").read_text()
    section = html.index('id="since-baseline"')
    assert section < html.index("<dl class=\"meta\">") < html.index("Summary by area"), "first on the page"
    assert 'href="#card-item-demo/ok-ref-O2"' in html and 'id="card-item-demo/ok-ref-O2"' in html
    assert 'href="#item-demo/a_wrong-ref-O2"' in html and 'id="item-demo/a_wrong-ref-O2"' in html
    assert "1 new failure" in html[section:html.index("Summary by area")]
    plain = replace(load_run(out), baseline=None)
    assert "Since the baseline" not in render_html(plain), "without a baseline nothing changes"
    assert "baseline" not in plain.to_json()


def test_since_a_baseline_run_counts_what_changed_and_what_did_not() -> None:
    since = since_baseline(Baseline("results/A", run=RUN_A), RUN_B)
    assert [(v.case, v.before, v.after) for v in since.new_failures] == [("a/breaks", PASS, FAIL),
                                                                         ("a/new", None, ERROR)]
    assert [v.case for v in since.fixes] == ["a/fixed"] and [v.case for v in since.other] == ["a/skips"]
    assert since.changed == ("a/breaks [zerovm-O2]: exit_code 0 -> 4", "a/exit [zerovm-O2]: exit_code 0 -> 22")
    # a/same and a/dir (its session directory differs, which says nothing); a/gone is not in run B.
    assert (since.unchanged, since.not_run, since.added) == (2, 1, 0)
    assert render_since(since)[-1] == "  unchanged: 2 item(s); 1 baseline item(s) not in this run"
    assert since.to_json()["new_failures"][0]["message"] == RUN_B.results[1].headline()
    many = replace(since, changed=tuple(f"x [zerovm-O2]: etags[/dev/c{n}] 1 -> 2" for n in range(25)))
    assert render_since(many)[-2:] == ["    ... 5 more: results.json's baseline.changed has all",
                                       "  unchanged: 2 item(s); 1 baseline item(s) not in this run"]
    html = render_html(replace(RUN_B, baseline=many.to_json()))
    assert html.index("/dev/c19") < html.index("5 more changed fields") < html.index("/dev/c20")


KNOWN_HEAD = 'schema = "zerovm-harness-known-results/1"\n'


def known_item(case: str, verdict: str = "FAIL", target: str = "ref", opt: str = "-O2", **extra: str) -> str:
    keys = {"case": case, "target": target, "opt": opt, "verdict": verdict} | extra
    return "\n[[item]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items())


def test_a_known_results_file_classifies_new_fixed_and_known(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    (cases / "k").mkdir(parents=True)
    for name in ("known", "new", "fixed", "ok", "listed_ok", "changed"):
        (cases / "k" / f"{name}.toml").write_text("")
    known = tmp_path / "known-results.toml"
    known.write_text(KNOWN_HEAD + known_item("k/known", target="zerovm", reason="zerovm 2 returns 7")
                     + known_item("k/fixed", target="zerovm") + known_item("k/listed_ok", "PASS", "zerovm")
                     + known_item("k/changed", "PASS", "zerovm") + known_item("k/ok", "FAIL", "scan", ""))
    run = record("R", replace(failing("k/known", 3, 7), message=""), failing("k/new", 4, 7),
                 case("k/fixed", PASS), case("k/ok", PASS), case("k/listed_ok", PASS),
                 case("k/changed", UNSUPPORTED))
    since = since_baseline(load_baseline(str(known), cases), run)
    assert [(v.case, v.before, v.after) for v in since.new_failures] == [("k/new", None, FAIL)]
    assert [(v.case, v.before, v.after) for v in since.fixes] == [("k/fixed", FAIL, PASS)]
    assert [(v.case, v.message) for v in since.known] == [("k/known", "zerovm 2 returns 7")]
    assert [(v.case, v.before, v.after) for v in since.other] == [("k/changed", PASS, UNSUPPORTED)]
    assert (since.unchanged, since.not_run) == (2, 1), "k/ok and k/listed_ok; k/ok's scan item did not run"
    lines = render_since(since)
    assert lines[0] == f"since the baseline (known results: {known}): 1 new failure(s), 1 fix(es), " \
                       "1 known failure(s)"
    assert "    k/new [zerovm-O2]: absent -> FAIL: run.user_code: expected 4, got 7" in lines
    assert lines.index("  new failures (1):") < lines.index("  fixed (1):") \
        < lines.index("  known failures, still failing (not new) (1):")
    assert lines[-1] == "  unchanged: 2 item(s); 1 baseline item(s) not in this run"
    html = render_html(replace(run, baseline=since.to_json()))
    assert html.index("Known failures, still failing") < html.index("Summary by area")
    assert 'href="#card-item-k/new-zerovm-O2"' in html

    # Written back from a run, the file lists its failures: the same run against it has nothing new.
    write_run(run, tmp_path / "run")
    for path in (tmp_path / "again.toml", tmp_path / "again.json"):
        assert cli_main(["known-results", str(tmp_path / "run"), "-o", str(path)]) == 0
        baseline = load_baseline(str(path), cases)
        assert baseline.known is not None and baseline.known == parse_known(path.read_bytes(), str(path), cases)
        assert {(i.case, i.verdict) for i in baseline.known.items} == {("k/known", FAIL), ("k/new", FAIL)}
        since = since_baseline(baseline, run)
        assert (len(since.new_failures), len(since.known), since.unchanged) == (0, 2, 4)
        assert cli_main(["compare", "--cases", str(cases), str(path), str(tmp_path / "run")]) == 0

    # The release manager's gate: compare exits 1 on new failures against the file, 0 without.
    gate = ["compare", "--cases", str(cases), str(known), str(tmp_path / "run")]
    assert cli_main(gate) == 1
    assert cli_main(["compare", str(known), str(tmp_path / "run")]) == 2, "./cases has no k/known"


def cli_main(argv: list[str]) -> int:
    from harness.cli import main

    return main(argv)


@pytest.mark.parametrize(("text", "problem"), [
    (KNOWN_HEAD + known_item("demo/okk"), "item 1 (demo/okk): no such case: "),
    (KNOWN_HEAD + known_item("demo/ok", verdict="FAILED"), "item 1 (demo/ok): verdict must be one of PASS, FAIL"),
    (KNOWN_HEAD + known_item("demo/ok", target="zvm"), "item 1 (demo/ok): target must be one of"),
    (KNOWN_HEAD + known_item("demo/ok", opt="O2"), "item 1 (demo/ok): opt must be"),
    (KNOWN_HEAD + known_item("demo/ok", resaon="x"), "item 1: unknown key 'resaon'"),
    (KNOWN_HEAD + known_item("demo/ok") + known_item("demo/ok"), "item 2 (demo/ok): listed twice"),
    (KNOWN_HEAD + '\n[[item]]\ncase = "demo/ok"\n', "item 1: target is missing"),
    ('schema = "something/2"\n', "schema must be 'zerovm-harness-known-results/1'"),
    (KNOWN_HEAD + "items = []\n", "unknown key 'items'"),
    ("schema = [\n", "not TOML"),
])
def test_a_bad_known_results_file_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "cases" / "demo").mkdir(parents=True)
    (tmp_path / "cases" / "demo" / "ok.toml").write_text("")
    path = tmp_path / "known.toml"
    path.write_text(text)
    with pytest.raises(BaselineError, match=re.escape(problem)):
        load_baseline(str(path), tmp_path / "cases")


def test_a_bad_baseline_is_a_usage_error_before_any_case_runs(pytester: pytest.Pytester) -> None:
    small_suite(pytester, SMALL)
    typo = pytester.path / "known.toml"
    typo.write_text(KNOWN_HEAD + known_item("demo/okk"))
    (pytester.path / "other.json").write_text('{"schema": "something else"}')
    for bad, line in ((typo, "*known.toml: item 1 (demo/okk): no such case: *"),
                      (pytester.path / "absent", "*--baseline *absent: not a run directory, results.json or*"),
                      (pytester.path / "other.json", "*--baseline *other.json: not a run directory, *: not a "
                                                     "zerovm-harness-results/1 document*"),
                      (pytester.path / "cases", "*--baseline *cases: not a run directory*")):
        result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--baseline={bad}")
        assert result.ret == pytest.ExitCode.USAGE_ERROR, bad
        result.stderr.fnmatch_lines(["ERROR: " + line.lstrip("*")] if line.startswith("*--") else [line])
        assert "Traceback" not in result.stderr.str() + result.stdout.str()
        assert not (pytester.path / "results").exists(), "nothing ran"


def test_known_results_from_an_unreadable_run_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["known-results", str(tmp_path / "missing"), "-o", str(tmp_path / "k.toml")]) == 2
    write_run(RUN_B, tmp_path / "b")
    assert cli_main(["known-results", str(tmp_path / "b"), "-o", str(tmp_path / "no" / "k.toml")]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "cannot be written" in err
