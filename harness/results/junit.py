"""junit.xml: the case verdicts for CI dashboards (GitLab, Jenkins).

What those tools read (and `tests/test_junit.py` checks): one <testsuite> with
name/tests/failures/errors/skipped/time; one <testcase> per item with classname
(`cases.AREA.NAME`), name (`TARGET-OPT`) and time; a FAIL or XPASS is <failure>, an
ERROR <error>, an XFAIL or UNSUPPORTED <skipped>.  Jenkins shows `message` as the
error message and the element's text as the stack trace; GitLab shows the text.  So
the message is one line naming the first mismatching fields ("run.user_code: expected
3, got 7; ...") and the text holds every mismatch in full, pytest's report, and the
whole expectation and outcome as JSON.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from harness.results.model import ERROR, FAIL, UNSUPPORTED, XFAIL, XPASS, CaseResult, RunRecord, one_line

SKIP_MESSAGE_CHARS = 500


def junit_xml(record: RunRecord) -> str:
    """JUnit XML of the case results only (pytest's --junitxml would also hold other tests)."""
    counts = record.counts
    suite = ET.Element("testsuite", {
        "name": "zerovm-conformance", "tests": str(len(record.results)),
        "failures": str(counts[FAIL] + counts[XPASS]), "errors": str(counts[ERROR]),
        "skipped": str(counts[XFAIL] + counts[UNSUPPORTED]),
        "time": f"{sum(r.duration_s for r in record.results):.3f}", "timestamp": record.started,
    })
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "run_id", "value": record.run_id})
    for name, info in record.target_info.items():
        ET.SubElement(props, "property", {"name": f"{name}.banner", "value": _xml_text(str(info.get("banner")))})
    for r in record.results:
        tc = ET.SubElement(suite, "testcase", {
            "classname": "cases." + r.case.replace("/", "."), "name": f"{r.target}{r.opt}",
            "time": f"{r.duration_s:.3f}",
        })
        # pytest's junitxml writes per-testcase properties too; Jenkins's JUnit plugin reads them, GitLab ignores them.
        props_tc = ET.SubElement(tc, "properties")
        props_tc.append(ET.Element("property", {"name": "verdict", "value": r.verdict}))
        for node in (r.actual or {}).get("nodes", ()):
            # A cluster: each node's result, so a dashboard shows which node did what.
            props_tc.append(ET.Element("property", {
                "name": f"node.{node.get('name')}",
                "value": _xml_text(f"exit code {node.get('exit_code')}, exit state {node.get('exit_state')!r} "
                                   f"({node.get('outcome')})")}))
        if r.verdict in (FAIL, XPASS, ERROR):
            el = ET.SubElement(tc, "error" if r.verdict == ERROR else "failure",
                               {"message": _xml_text(r.headline()), "type": r.verdict})
            el.text = _xml_text(failure_body(r))
        elif r.verdict in (XFAIL, UNSUPPORTED):
            ET.SubElement(tc, "skipped", {"type": r.verdict.lower(),
                                          "message": _xml_text(one_line(r.message, SKIP_MESSAGE_CHARS))})
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def failure_body(r: CaseResult) -> str:
    """Everything a person fixing the failure needs, in the order they need it."""
    parts = [r.headline()]
    if r.mismatches:
        lines = [f"{len(r.mismatches)} mismatching field(s):"]
        for name, expected, actual in r.mismatches:
            lines += [f"  {name}:", f"    expected: {_json(expected)}", f"    actual:   {_json(actual)}"]
        parts.append("\n".join(lines))
    if r.message:
        parts.append(r.message.rstrip())
    if r.expectation:
        parts.append("expectation: " + _json(r.expectation, indent=1))
    if r.actual:
        parts.append("actual: " + _json(r.actual, indent=1))
    return "\n\n".join(parts) + "\n"


def _json(value: object, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=indent is not None)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters at all, even escaped; program output may.
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
