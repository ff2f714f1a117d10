"""junit.xml as GitLab and Jenkins read it.

No JUnit XSD ships with the test dependencies (and lxml is not one), so `structure_problems`
encodes the part of Jenkins's JUnit schema both tools rely on: one <testsuite> (or
<testsuites> of them) with a name and integer counts that add up, <testcase>s with name,
classname and a decimal time, at most one outcome element (failure, error or skipped) each,
outcome messages as attributes.  `gitlab_cases` reads the file the way GitLab's JUnit parser
does (status from the outcome element, the element's text as the output shown); Jenkins's
JUnit plugin shows failure@message as the error message and the text as the stack trace.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from harness.results import ERROR, FAIL, PASS, UNSUPPORTED, XFAIL, XPASS, CaseResult, RunRecord, junit_xml

# Jenkins's JUnit schema: the attributes and children each element may have (properties inside a testcase is
# what pytest's junitxml writes too: Jenkins reads them, GitLab ignores them).
ATTRIBUTES = {
    "testsuites": {"name", "tests", "failures", "errors", "skipped", "disabled", "time", "timestamp"},
    "testsuite": {"name", "tests", "failures", "errors", "skipped", "disabled", "time", "timestamp", "hostname",
                  "id", "package", "file", "log", "url", "version"},
    "testcase": {"name", "classname", "time", "assertions", "status", "class", "file", "line", "log", "group",
                 "url"},
    "failure": {"message", "type"}, "error": {"message", "type"}, "skipped": {"message", "type"},
    "properties": set(), "property": {"name", "value"}, "system-out": set(), "system-err": set(),
}
REQUIRED = {"testsuite": {"name", "tests"}, "testcase": {"name"}, "property": {"name", "value"}}
CHILDREN = {
    "testsuites": {"testsuite"},
    "testsuite": {"properties", "testcase", "system-out", "system-err"},
    "testcase": {"properties", "skipped", "error", "failure", "system-out", "system-err"},
    "properties": {"property"},
}
CHILDREN_ORDER = ("properties", "testcase", "system-out", "system-err")  # a testsuite's, in the schema's sequence
OUTCOMES = ("failure", "error", "skipped")
INTEGER = re.compile(r"\d+")
DECIMAL = re.compile(r"\d+(\.\d+)?")


def structure_problems(root: ET.Element) -> list[str]:
    problems: list[str] = []

    def walk(el: ET.Element, where: str) -> None:
        allowed = ATTRIBUTES.get(el.tag)
        if allowed is None:
            problems.append(f"{where}: unknown element <{el.tag}>")
            return
        problems.extend(f"{where}: attribute {a!r} not in the schema" for a in set(el.attrib) - allowed)
        problems.extend(f"{where}: no {a!r}" for a in REQUIRED.get(el.tag, set()) - set(el.attrib))
        kids = [k.tag for k in el]
        problems.extend(f"{where}: <{k}> cannot be in <{el.tag}>" for k in kids if k not in CHILDREN.get(el.tag, ()))
        if el.tag == "testsuite":
            order = [CHILDREN_ORDER.index(k) for k in kids if k in CHILDREN_ORDER]
            if order != sorted(order) or kids.count("properties") > 1:
                problems.append(f"{where}: children out of the schema's order: {kids}")
            for count in ("tests", "failures", "errors", "skipped"):
                if count in el.attrib and not INTEGER.fullmatch(el.get(count, "")):
                    problems.append(f"{where}: {count}={el.get(count)!r} is not an integer")
            cases = el.findall("testcase")
            for count, tag in (("tests", None), ("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
                n = len(cases) if tag is None else sum(1 for c in cases if c.find(tag) is not None)
                if el.get(count) is not None and int(el.get(count, "0")) != n:
                    problems.append(f"{where}: {count}={el.get(count)} but {n} such testcase(s)")
        if el.tag in ("testsuite", "testcase") and not DECIMAL.fullmatch(el.get("time", "0")):
            problems.append(f"{where}: time={el.get('time')!r} is not a decimal")
        if el.tag == "testcase":
            if sum(1 for k in kids if k in OUTCOMES) > 1:
                problems.append(f"{where}: more than one outcome: {kids}")
            if not el.get("classname"):
                problems.append(f"{where}: no classname (both tools group by it)")
        if el.tag in OUTCOMES:
            message = el.get("message")
            if el.tag != "skipped" and not message:
                problems.append(f"{where}: no message")
            if message is not None and ("\n" in message or "\r" in message):
                problems.append(f"{where}: message is not one line: {message!r}")
        for i, kid in enumerate(el):
            walk(kid, f"{where}/{kid.tag}[{i}]")

    walk(root, root.tag)
    return problems


def gitlab_cases(root: ET.Element) -> list[dict[str, Any]]:
    """What GitLab's JUnit parser makes of each testcase: suites flattened, status from the outcome element."""
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    out = []
    for suite in suites:
        for tc in suite.findall("testcase"):
            status, output, message = "success", None, None
            for tag, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
                el = tc.find(tag)
                if el is not None:
                    status, output, message = name, el.text, el.get("message")
                    break
            out.append({"classname": tc.get("classname"), "name": tc.get("name"),
                        "execution_time": float(tc.get("time", "0")), "status": status, "output": output,
                        "message": message})
    return out


def result(name: str, verdict: str, mismatches: tuple[tuple[str, Any, Any], ...] = (), **kw: Any) -> CaseResult:
    fields: dict[str, Any] = {
        "case": name, "area": name.split("/")[0], "description": "", "target": "zerovm", "opt": "-O2",
        "verdict": verdict, "duration_s": 0.25, "expectation": {"exit_code": 0, "user_code": 3},
        "actual": {"exit_code": 0, "user_code": 7, "report": "line1\nline2\n"}, "mismatches": mismatches,
        "nodeid": f"cases/{name}.toml::zerovm-O2"} | kw
    return CaseResult(**fields)


LONG = "x" * 5000 + "\nsecond line\n"
RECORD = RunRecord(
    run_id="R", started="2024-01-01T00:00:00+00:00", finished="2024-01-01T00:00:05+00:00", harness_version="0.1.0",
    targets=("zerovm",), target_info={"zerovm": {"path": "/bin/zerovm", "banner": "ZeroVM\x01 build"}},
    results=(
        result("a/ok", PASS),
        result("a/wrong", FAIL, (("run.user_code", 3, 7),), message="case a/wrong differs from its expectation:\n..."),
        result("a/many", FAIL, (("exit_code", 0, 1), ("run.user_code", 3, 7),
                                ("run.outputs[/dev/stdout]", "hello\nworld\n", LONG),
                                ("run.exit_state", "ok", "Signal 11\x07"), ("run.validator_state", 0, 1))),
        result("a/xpass", XPASS, expectation={"user_code": 7, "xfail": "known: 3 not 7"}),
        result("a/broken", ERROR, message="BuildError: prog.c:1: error: 'undefined_thing' undeclared\nmore\n"),
        result("a/xfail", XFAIL, message="known\nbug"),
        result("a/unsupported", UNSUPPORTED, message="the ref target does not model this session: /dev/full"),
    ))


def parse(record: RunRecord) -> ET.Element:
    return ET.fromstring(junit_xml(record).encode())


def test_junit_has_the_structure_jenkins_and_gitlab_read() -> None:
    root = parse(RECORD)
    assert structure_problems(root) == []
    cases = {(c["classname"], c["name"]): c for c in gitlab_cases(root)}
    assert len(cases) == len(RECORD.results), "every item is one testcase with a distinct classname and name"
    statuses = {k[0]: c["status"] for k, c in cases.items()}
    assert statuses == {"cases.a.ok": "success", "cases.a.wrong": "failed", "cases.a.many": "failed",
                        "cases.a.xpass": "failed", "cases.a.broken": "error", "cases.a.xfail": "skipped",
                        "cases.a.unsupported": "skipped"}
    assert all(c["execution_time"] == 0.25 for c in cases.values())


def test_failure_message_names_the_first_mismatches_on_one_line() -> None:
    cases = {c["classname"]: c for c in gitlab_cases(parse(RECORD))}
    assert cases["cases.a.wrong"]["message"] == "run.user_code: expected 3, got 7"
    many = cases["cases.a.many"]["message"]
    assert many.startswith('exit_code: expected 0, got 1; run.user_code: expected 3, got 7; '
                           'run.outputs[/dev/stdout]: expected "hello\\nworld\\n", got "xxx')
    assert many.endswith("; 2 more") and len(many) <= 300, many
    assert cases["cases.a.xpass"]["message"] == "passed, but the case expects it to fail here: known: 3 not 7"
    assert cases["cases.a.broken"]["message"] == "BuildError: prog.c:1: error: 'undefined_thing' undeclared"
    assert cases["cases.a.xfail"]["message"] == "known bug"


def test_failure_body_holds_the_full_expected_and_actual() -> None:
    cases = {c["classname"]: c for c in gitlab_cases(parse(RECORD))}
    body = cases["cases.a.many"]["output"]
    assert body.startswith("exit_code: expected 0, got 1; ")
    assert "5 mismatching field(s):" in body
    assert json.dumps(LONG) in body, "an actual value in full, not cut"
    assert '"Signal 11\\u0007"' in body, "control characters escaped, never raw in XML"
    assert '"report": "line1\\nline2\\n"' in body and '"user_code": 3' in body, "the whole expectation and outcome"
    assert "differs from its expectation" in cases["cases.a.wrong"]["output"], "pytest's own report too"


def test_checks_catch_what_the_tools_would_reject() -> None:
    """The structural checks can fail: a message over two lines, a count that does not add up, a bad time."""
    root = parse(RECORD)
    root.find("testcase/failure").set("message", "two\nlines")  # type: ignore[union-attr]
    root.set("failures", "9")
    root.find("testcase").set("time", "1e-3")  # type: ignore[union-attr]
    ET.SubElement(root.find("testcase[failure]"), "skipped")  # type: ignore[arg-type]
    problems = "\n".join(structure_problems(root))
    for what in ("message is not one line", "failures=9 but 3", "time='1e-3'", "more than one outcome"):
        assert what in problems


def test_junit_of_an_empty_run_and_of_hostile_text() -> None:
    empty = RunRecord(run_id="E", started="", finished="", harness_version="0", targets=(), target_info={},
                      results=())
    assert structure_problems(parse(empty)) == []
    nasty = "\x00\x1b[31m\ud800 ]]> </failure> & <x>"
    rec = RunRecord(run_id="N", started="", finished="", harness_version="0", targets=("ref",), target_info={},
                    results=(result("a/nasty", FAIL, (("run.outputs[/dev/stdout]", nasty, nasty),), message=nasty),
                             result("a/err", ERROR, message=nasty)))
    root = parse(rec)
    assert structure_problems(root) == []
    [fail, err] = gitlab_cases(root)
    assert "]]> </failure> & <x>" in fail["output"] and "\\x00" in err["message"]


def test_failure_message_shows_where_two_long_texts_differ() -> None:
    head = "sequential read: 0 0\nrandom read: 0 -14\nsequential write: 3 4 "
    record = RunRecord(**{**RECORD.__dict__, "results": (
        result("a/late", FAIL, (("run.outputs", {"/dev/stdout": head + "-122\n"}, {"/dev/stdout": head + "1\n"}),)),)})
    message = gitlab_cases(parse(record))[0]["message"]
    assert message.startswith("run.outputs[/dev/stdout]: differs at character 62 of 67 expected, 64 got: "), message
    assert '-122\\n", got ' in message and '4 1\\n"' in message, message


def test_a_skip_reason_reads_the_same_on_every_run(pytester: pytest.Pytester) -> None:
    """manifest/shared_file_reader_writer is UNSUPPORTED on ref; its reason once named the session's temporary
    directory, so junit.xml's skipped message (what CI tracks a test by) changed on every run."""
    case = Path(__file__).parents[1] / "cases" / "manifest"
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "manifest"
    area.mkdir(parents=True)
    for name in ("shared_file_reader_writer.toml", "read_stdin.c"):
        (area / name).write_text((case / name).read_text())
    messages = []
    for run in ("one", "two"):
        out = pytester.path / "results" / run
        pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref", f"--results={out}",
                           "-k", "ref").assert_outcomes(skipped=1)
        [skipped] = ET.parse(out / "junit.xml").getroot().iter("skipped")
        messages.append(skipped.get("message", ""))
    assert messages[0] == messages[1], messages
    assert "a second channel on the file of /dev/stdin (input)" in messages[0], messages[0]
    assert "/tmp" not in messages[0] and "zvm-session" not in messages[0]
