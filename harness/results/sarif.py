"""scan.sarif: the static scan of every nexe of a run as one SARIF 2.1.0 log.

The scanner writes one SARIF log per nexe (`harness.sarif`, on the process that ran the
scan item); this module merges them for the corpus, or, without them, builds the log
from the findings recorded in results.json.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlparse

from harness.results.model import SCAN, CaseResult, RunRecord

REPO_ROOT = Path(__file__).resolve().parents[2]  # SRCROOT of scan.sarif: the harness's repository
SRCROOT = "SRCROOT"
FINGERPRINT = "zerovmScanFinding/v1"
ALARMS = ("error", "warning")
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")  # addresses move with every edit: not part of a fingerprint


def case_uri(case: str) -> str:
    """The case file, relative to the repository root: where a result without a source line is shown."""
    return f"cases/{case}.toml"


def deliberate(case: CaseResult, rule: str | None = None) -> str | None:
    """Why the scan's alarm of `rule` on `case` is expected, or None (an open alarm).

    Every alarm of a nexe the case says zerovm refuses ([scan] loads or valid = false) is expected;
    in a nexe it loads and validates, only the rules its [scan] findings list (the scan item has
    checked they are reported and that no other policy error is, harness.expected_findings).
    """
    for key in ("loads", "valid"):
        if case.expectation.get(key) is False:
            return f"deliberate: case {case.case} expects it ([scan] {key} = false)"
    if rule is not None and rule in (case.expectation.get("findings") or ()):
        return f"deliberate: case {case.case} expects it ([scan] findings lists {rule})"
    return None


def merge_sarif(record: RunRecord, logs: list[tuple[CaseResult, dict[str, Any]]]) -> dict[str, Any]:
    """One SARIF run for the corpus from the per-nexe logs `harness.sarif.to_sarif` made on the workers.

    Made for GitHub code scanning: every location is a file of the repository, relative to
    SRCROOT (the C source line, else the case file at line 1; the nexe in the cache is named by
    its case, never by its path), fingerprints name the case, and the findings a case provokes
    on purpose (its [scan] table says zerovm refuses it, or its [scan] findings list them) are
    suppressed, not open alarms.
    Rules are merged by id and artifacts appended, so every ruleIndex and artifact index is renumbered.
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
            root = _srcroot(run)
            nexe = {"uri": case_uri(case.case), "uriBaseId": SRCROOT, "index": len(artifacts)}
            for artifact in run.get("artifacts", [])[:1]:  # one per log: the nexe
                # No path of the nexe: it is in this machine's cache, and the log names repository files only.
                artifacts.append({**artifact, "location": {k: v for k, v in nexe.items() if k != "index"},
                                  "properties": {**artifact.get("properties", {}), "case": case.case,
                                                 "opt": case.opt}})
            seen: dict[str, int] = {}  # occurrences per fingerprint: equal findings stay apart
            for res in run.get("results", []):
                res = json.loads(json.dumps(res))  # a deep copy: the renumbering must not touch the input
                if "ruleIndex" in res:
                    res["ruleIndex"] = remap.get(res["ruleIndex"], rule_index.get(res.get("ruleId", ""), -1))
                for loc in [*res.get("locations", []), *res.get("relatedLocations", [])]:
                    _relocate(loc.setdefault("physicalLocation", {}), root, nexe)
                primary = res.get("locations", [{}])[0]
                properties = res.setdefault("properties", {})
                source = _source(properties.pop("sourceLine", None))
                if source is not None:  # the C source line, wherever the nexe was first built
                    physical = primary.setdefault("physicalLocation", {})
                    physical["artifactLocation"] = {"uri": quote(source[0]), "uriBaseId": SRCROOT}
                    physical["region"] = {"startLine": source[1]}
                    properties["sourceLine"] = f"{source[0]}:{source[1]}"  # repository-relative, as the uri is
                functions = [str(x.get("name")) for x in primary.get("logicalLocations", [])]
                key = _hash(case.case, case.opt, str(res.get("ruleId")), *functions,
                            ":".join(map(str, source or ())), _ADDRESS.sub("0x?", res.get("message", {}).get("text", "")))
                seen[key] = seen.get(key, 0) + 1
                res["partialFingerprints"] = {FINGERPRINT: f"{key}:{seen[key]}"}
                why = deliberate(case, str(res.get("ruleId")))
                if why is not None and res.get("level") in ALARMS:
                    res["suppressions"] = [{"kind": "external", "justification": why}]
                res["properties"] = {**res.get("properties", {}), "case": case.case, "opt": case.opt}
                results.append(res)
            for inv in run.get("invocations", []):
                notifications += inv.get("toolExecutionNotifications", [])
    for note in notifications:  # their locations name the nexe in the cache: not a repository file
        note.pop("locations", None)
    driver = {**first_run["tool"]["driver"], "rules": rules}
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run_out: dict[str, Any] = {"tool": {"driver": driver},
                               "automationDetails": {"id": f"zerovm-conformance/{record.run_id}"},
                               "originalUriBaseIds": {SRCROOT: {"uri": REPO_ROOT.as_uri() + "/"}},
                               "invocations": [invocation], "artifacts": artifacts, "results": results}
    return {"$schema": first.get("$schema"), "version": first.get("version", "2.1.0"), "runs": [run_out]}


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _srcroot(run: dict[str, Any]) -> Path | None:
    """The directory a per-nexe log's SRCROOT-relative uris are relative to (where its scan ran)."""
    uri = run.get("originalUriBaseIds", {}).get(SRCROOT, {}).get("uri", "")
    return Path(unquote(urlparse(uri).path)) if uri.startswith("file:") else None


def _relocate(physical: dict[str, Any], root: Path | None, nexe: dict[str, Any]) -> None:
    """Make `physical` name a repository file relative to SRCROOT: the same source file, or (the nexe, a
    file outside the repository) the case file at line 1."""
    art = physical.get("artifactLocation", {})
    if "index" not in art and art.get("uriBaseId") == SRCROOT and root is not None:
        rel = repository_path(str(root / unquote(art["uri"])))
        if rel is not None:
            physical["artifactLocation"] = {"uri": quote(rel), "uriBaseId": SRCROOT}
            return
    physical["artifactLocation"] = dict(nexe)
    physical["region"] = {"startLine": 1}


def _source(source_line: object) -> tuple[str, int] | None:
    """(repository path, line) of a recorded `file:line`, if the file is one of the repository's."""
    file, _, line = str(source_line or "").rpartition(":")
    rel = repository_path(file) if file and line.isdigit() and int(line) >= 1 else None
    return (rel, int(line)) if rel is not None else None


@functools.cache
def repository_path(file: str) -> str | None:
    """`file` relative to the repository root, or None when it is not one of the repository's files.

    Built nexes are cached by content, so a nexe's line table may name the checkout it was first
    built in (/work/main/toolchain/runtime/io.c from a worktree): the longest tail of the path,
    of two parts at least, that is a file of this repository is the same file.
    """
    path = PurePosixPath(os.path.normpath(file))
    with contextlib.suppress(ValueError):
        rel = path.relative_to(REPO_ROOT)
        return rel.as_posix() if (REPO_ROOT / rel).is_file() else None
    parts = path.parts
    for i in range(1 if path.is_absolute() else 0, len(parts) - 1):
        tail = PurePosixPath(*parts[i:])
        if ".." not in tail.parts and (REPO_ROOT / tail).is_file():
            return tail.as_posix()
    return None


def scan_sarif(record: RunRecord) -> dict[str, Any]:
    """SARIF 2.1.0 for the corpus from the findings in results.json (without `harness.sarif`).

    One result per scan finding of each nexe, located like `merge_sarif`'s: at the finding's
    recorded source line where it is a repository file, else the case file at line 1 (the
    address kept).  Built from the recorded findings, so it needs neither the nexes nor the
    scanner at write time.
    """
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for r in record.results:
        if r.target != SCAN or not r.actual:
            continue
        nexe = {"uri": case_uri(r.case), "uriBaseId": SRCROOT, "index": len(artifacts)}
        artifacts.append({"location": {"uri": nexe["uri"], "uriBaseId": SRCROOT},
                          "description": {"text": f"{r.case} built with {r.opt}"},
                          "properties": {"opt": r.opt}})  # not the nexe's path: a file of this machine's cache
        seen: dict[str, int] = {}
        for f in r.actual.get("findings") or []:
            rule = str(f.get("rule"))
            if rule not in rules:
                text = f"zerovm {f.get('source') or 'scan'} rule {rule}."
                rules[rule] = {"id": rule, "name": rule, "shortDescription": {"text": text},
                               "fullDescription": {"text": text},
                               "help": {"text": f"{text} See the section \"Scanning\" of the harness's README.md.",
                                        "markdown": f"{text} See the section *Scanning* of the harness's README.md."},
                               "properties": {"source": f.get("source")}}
            physical: dict[str, Any] = {"artifactLocation": dict(nexe), "region": {"startLine": 1}}
            source = _source(f.get("source_line"))
            if source is not None:
                physical = {"artifactLocation": {"uri": quote(source[0]), "uriBaseId": SRCROOT},
                            "region": {"startLine": source[1]}}
            if f.get("address") is not None:
                physical["address"] = {"absoluteAddress": int(f["address"]), "kind": "instruction"}
            level = f.get("severity") if f.get("severity") in ("error", "note") else "warning"
            key = _hash(r.case, r.opt, rule, ":".join(map(str, source or ())),
                        _ADDRESS.sub("0x?", str(f.get("message"))))
            seen[key] = seen.get(key, 0) + 1
            res: dict[str, Any] = {
                "ruleId": rule,
                "level": level,
                "message": {"text": str(f.get("message"))},
                "locations": [{"physicalLocation": physical,
                               "logicalLocations": [{"name": r.case, "kind": "module"}]}],
                "partialFingerprints": {FINGERPRINT: f"{key}:{seen[key]}"},
                "properties": {"case": r.case, "opt": r.opt, "source": f.get("source")},
            }
            why = deliberate(r, rule)
            if why is not None and level in ALARMS:
                res["suppressions"] = [{"kind": "external", "justification": why}]
            results.append(res)
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
            "originalUriBaseIds": {SRCROOT: {"uri": REPO_ROOT.as_uri() + "/"}},
            "artifacts": artifacts,
            "results": results,
        }],
    }
