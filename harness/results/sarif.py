"""scan.sarif: the static scan of every nexe of a run as one SARIF 2.1.0 log.

The scanner writes one SARIF log per nexe (`harness.sarif`, on the process that ran the
scan item); this module merges them for the corpus, or, without them, builds the log
from the findings recorded in results.json.
"""

from __future__ import annotations

import json
from typing import Any

from harness.results.model import SCAN, CaseResult, RunRecord


def merge_sarif(record: RunRecord, logs: list[tuple[CaseResult, dict[str, Any]]]) -> dict[str, Any]:
    """One SARIF run for the corpus from the per-nexe logs `harness.sarif.to_sarif` made on the workers.

    Rules are merged by id and artifacts appended, so every result's ruleIndex and
    artifactLocation.index are renumbered; each result also names its case and level.
    """
    first = logs[0][1]
    first_run = first["runs"][0]
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for case, log in logs:
        for run in log.get("runs", []):
            remap: dict[int, int] = {}
            for i, rule in enumerate(run.get("tool", {}).get("driver", {}).get("rules", [])):
                if rule["id"] not in rule_index:
                    rule_index[rule["id"]] = len(rules)
                    rules.append(rule)
                remap[i] = rule_index[rule["id"]]
            offset = len(artifacts)
            for artifact in run.get("artifacts", []):
                artifacts.append({**artifact, "properties": {**artifact.get("properties", {}),
                                                             "case": case.case, "opt": case.opt}})
            for res in run.get("results", []):
                res = json.loads(json.dumps(res))  # a deep copy: the renumbering must not touch the input
                if "ruleIndex" in res:
                    res["ruleIndex"] = remap.get(res["ruleIndex"], rule_index.get(res.get("ruleId", ""), -1))
                for loc in res.get("locations", []):
                    art = loc.get("physicalLocation", {}).get("artifactLocation", {})
                    if "index" in art:
                        art["index"] += offset
                res["properties"] = {**res.get("properties", {}), "case": case.case, "opt": case.opt}
                results.append(res)
            for inv in run.get("invocations", []):
                notifications += inv.get("toolExecutionNotifications", [])
    driver = {**first_run["tool"]["driver"], "rules": rules}
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run_out: dict[str, Any] = {"tool": {"driver": driver},
                               "automationDetails": {"id": f"zerovm-conformance/{record.run_id}"},
                               "invocations": [invocation], "artifacts": artifacts, "results": results}
    if "originalUriBaseIds" in first_run:
        run_out["originalUriBaseIds"] = first_run["originalUriBaseIds"]
    return {"$schema": first.get("$schema"), "version": first.get("version", "2.1.0"), "runs": [run_out]}


def scan_sarif(record: RunRecord) -> dict[str, Any]:
    """SARIF 2.1.0 for the corpus from the findings in results.json (without `harness.sarif`).

    One result per scan finding of each nexe.

    Built from the scan results' recorded findings, so it needs neither the nexes nor the
    scanner at write time.  Locations name the case's source (relative to the repository
    root) and, where the finding has one, the user address in the nexe.
    """
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for r in record.results:
        if r.target != SCAN or not r.actual:
            continue
        artifact_index = len(artifacts)
        uri = f"cases/{r.case}.c"
        artifacts.append({"location": {"uri": uri, "uriBaseId": "SRCROOT"},
                          "description": {"text": f"{r.case} built with {r.opt}"},
                          "properties": {"opt": r.opt, "nexe": r.nexe}})
        for f in r.actual.get("findings") or []:
            rule = str(f.get("rule"))
            if rule not in rules:
                rules[rule] = {"id": rule, "name": rule,
                               "properties": {"source": f.get("source")}}
            location: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT",
                                                             "index": artifact_index}}
            if f.get("address") is not None:
                location["address"] = {"absoluteAddress": int(f["address"])}
            results.append({
                "ruleId": rule,
                "level": f.get("severity") if f.get("severity") in ("error", "note") else "warning",
                "message": {"text": str(f.get("message"))},
                "locations": [{"physicalLocation": location,
                               "logicalLocations": [{"name": r.case, "kind": "module"}]}],
                "properties": {"case": r.case, "opt": r.opt, "source": f.get("source")},
            })
    rule_list = sorted(rules.values(), key=lambda d: d["id"])
    index = {d["id"]: i for i, d in enumerate(rule_list)}
    for res in results:
        res["ruleIndex"] = index[res["ruleId"]]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "zerovm-harness scan", "version": record.harness_version,
                                "informationUri": "https://github.com/zerovm/zerovm", "rules": rule_list}},
            "automationDetails": {"id": f"zerovm-conformance/{record.run_id}"},
            "originalUriBaseIds": {"SRCROOT": {"description": {"text": "the harness repository"}}},
            "artifacts": artifacts,
            "results": results,
        }],
    }
