"""junit.xml: the case verdicts for CI dashboards (GitLab, Jenkins)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from harness.results.model import ERROR, FAIL, UNSUPPORTED, XFAIL, XPASS, RunRecord, first_line


def junit_xml(record: RunRecord) -> str:
    """JUnit XML of the case results only (pytest's --junitxml would also hold other tests).

    XFAIL and UNSUPPORTED are <skipped> (nothing to fix), XPASS and FAIL are <failure>,
    ERROR is <error>: what CI dashboards understand.
    """
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
        ET.SubElement(props, "property", {"name": f"{name}.banner", "value": str(info.get("banner"))})
    for r in record.results:
        tc = ET.SubElement(suite, "testcase", {
            "classname": "cases." + r.case.replace("/", "."), "name": f"{r.target}{r.opt}",
            "time": f"{r.duration_s:.3f}",
        })
        props_tc = ET.SubElement(tc, "properties")
        props_tc.append(ET.Element("property", {"name": "verdict", "value": r.verdict}))
        for node in (r.actual or {}).get("nodes", ()):
            # A cluster: each node's result, so a dashboard shows which node did what.
            props_tc.append(ET.Element("property", {
                "name": f"node.{node.get('name')}",
                "value": _xml_text(f"exit code {node.get('exit_code')}, exit state {node.get('exit_state')!r} "
                                   f"({node.get('outcome')})")}))
        text = _xml_text(r.message)
        if r.verdict in (FAIL, XPASS):
            el = ET.SubElement(tc, "failure", {"message": _xml_text(first_line(r.message) or r.verdict)})
            el.text = text
        elif r.verdict == ERROR:
            el = ET.SubElement(tc, "error", {"message": _xml_text(first_line(r.message) or r.verdict)})
            el.text = text
        elif r.verdict in (XFAIL, UNSUPPORTED):
            ET.SubElement(tc, "skipped", {"type": r.verdict.lower(), "message": _xml_text(r.message[:500])})
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters at all, even escaped; program output may.
    return _XML_BAD.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
