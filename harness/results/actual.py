"""What a case expects of an item and what the item did, as the JSON a `CaseResult` carries.

Runs record the target's `RunResult` (outputs over TEXT_CAP by digest); scan items record
the static scanner's report of the nexe, and its SARIF log for scan.sarif.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.cases import Case
from harness.results.model import SCAN, TEXT_CAP, cap_ends, jsonable


def expectation_json(case: Case, target: str) -> dict[str, Any]:
    """What the case expects of this item, as JSON (None: not checked)."""
    if target == SCAN:
        out_scan: dict[str, Any] = {"loads": case.scan.loads, "valid": case.scan.valid}
        if case.scan.findings:  # only when listed: older runs' expectations stay equal to this one's
            out_scan["findings"] = list(case.scan.findings)
        return out_scan
    run = case.run
    out: dict[str, Any] = {}
    if run is not None:
        out = _run_expected_json(run)
    if case.job is not None:
        out["job"] = [_run_expected_json(request.run) for request in case.job]
    if case.nodes is not None:
        out["nodes"] = {node.name: _run_expected_json(node.run) for node in case.nodes}
    if target in case.xfail:
        out["xfail"] = case.xfail[target]
    return out


def _run_expected_json(run: Any) -> dict[str, Any]:
    # Every field the case checks, so `compare` can tell an edited expectation from changed behaviour.
    out = {"exit_code": run.exit_code, "validator_state": run.validator_state, "daemon": run.daemon,
           "user_code": run.user_code, "exit_state": run.exit_state, "exit_state_pattern": run.exit_state_pattern,
           "outputs": {alias: jsonable(data) for alias, data in run.outputs}}
    if not run.report:
        out["report"] = False
    for name in ("stray_stdout", "stray_stderr"):
        if getattr(run, name) != b"":
            out[name] = jsonable(getattr(run, name))
    if run.etags is not None:
        out["etags"] = [list(pair) for pair in run.etags] if run.etags_ordered else dict(run.etags)
    if run.accounting:
        out["accounting"] = dict(run.accounting)
    return out


def run_actual_json(result: Any) -> dict[str, Any]:
    """A RunResult as JSON, plus the report text and stderr a reviewer of a failure needs.

    An output longer than TEXT_CAP is kept as {"head", "size", "sha256"} (of all of it, when
    the target cut it), so runs still compare by content without carrying megabytes each.
    """
    out = dict(result.to_json())
    cuts = {c["alias"]: c for c in out.get("cut", ()) if c.get("stream") == "output"}
    for alias, data in result.outputs.items():
        if alias in cuts or len(data) > TEXT_CAP:
            whole = cuts.get(alias) or {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            out["outputs"][alias] = {"head": jsonable(data[:TEXT_CAP]), "size": whole["size"],
                                     "sha256": whole["sha256"]}
    out["report"] = cap_ends(str(result.raw_stdout))
    out["stderr"] = cap_ends(str(result.raw_stderr))
    if result.children:
        out["children"] = [run_actual_json(child) for child in result.children]
    return out


def scan_actual_json(nexe: Path, label: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The static scan of a nexe as JSON, and its SARIF log (None without the SARIF writer).

    Scanning costs about as much as the scan item's own checks, so the outcome is cached
    by the nexe's bytes and the harness's sources (any change to a checker rescans).
    """
    from harness.cache import FileCache, digest

    key = digest([b"results-scan/1", nexe.read_bytes(), _harness_digest()])

    def make(out: Path) -> None:
        actual, sarif = _scan_nexe(nexe)
        out.write_text(json.dumps({"actual": actual, "sarif": sarif}))

    try:
        entry = json.loads(FileCache().get_or_create(key, ".scan.json", make).read_text())
    except (OSError, ValueError):  # an unwritable or damaged cache only costs time
        actual, sarif = _scan_nexe(nexe)
    else:
        actual, sarif = entry["actual"], entry["sarif"]
    if sarif is not None:
        for artifact in sarif["runs"][0].get("artifacts", []):
            artifact["description"] = {"text": label}
    return actual, sarif


# What report.html shows of a cluster node's scan: every run item of a cluster carries its nodes' scans, so the
# rest (paths, the allow list, source lines, each resolved branch's explanation, the text of the policy findings
# that repeat the trap sites) stays out.
_NODE_SCAN_KEYS = ("loads", "valid", "scanner", "reachable_functions", "indirect_unresolved")
_NODE_SITE_KEYS = ("address", "kind", "slot", "function", "reason", "in_function", "allowed_by_zerovm",
                   "within_policy")


def node_scans_json(case: Case, nexes: Mapping[Path, Path], opt: str) -> list[dict[str, Any]]:
    """The static scan of each cluster node's nexe (`nexes`: its source -> the nexe built at `opt`).

    A cluster has no scan items of its own, so its run items carry what each node's program can call: the
    same cached scan as a single session's scan item, one entry per node (nodes sharing a program share a scan).
    A node whose nexe was not built (set-up failed) has no entry."""
    out: list[dict[str, Any]] = []
    for node in case.nodes or ():
        nexe = nexes.get(node.source)
        if nexe is None:
            continue
        actual, _sarif = scan_actual_json(nexe, f"case {case.name} node {node.name} built with {opt}")
        entry = {"node": node.name, **{k: actual[k] for k in _NODE_SCAN_KEYS if k in actual}}
        entry["traps"] = [{k: s.get(k) for k in _NODE_SITE_KEYS} for s in actual.get("traps") or ()]
        entry["indirect_resolved"] = [{"how": s.get("how")} for s in actual.get("indirect_resolved") or ()]
        entry["findings"] = [f if f.get("source") != "policy" else {k: f.get(k) for k in ("rule", "severity", "address",
                                                                                            "source")}
                             for f in actual.get("findings") or ()]
        out.append(entry)
    return out


@functools.cache
def _harness_digest() -> str:
    from harness.cache import digest

    # The static checkers are the harness's top-level modules (targets/ and toolchain/ do not scan), and this
    # package's modules turn their report into JSON.
    package = Path(__file__).parents[1]
    sources = [*sorted(package.glob("*.py")), *sorted(package.glob("results/*.py"))]
    return digest(part for path in sources for part in (path.relative_to(package).as_posix(), path.read_bytes()))


def _scan_nexe(nexe: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """`harness.scan` and `harness.sarif` on one nexe; loader + validator alone when they fail.

    The scanner is developed alongside this module; any failure to import or run it falls
    back to the two checks the scan items themselves make, so a scanner bug never costs
    the results file.
    """
    try:
        from harness.scan import scan_path

        report = scan_path(nexe)
        out = report.to_json()
        out["scanner"] = "harness.scan"
    except Exception as exc:  # see the docstring
        fallback = _loader_validator_json(nexe)
        fallback["scanner_error"] = f"{type(exc).__name__}: {exc}"
        return fallback, None
    try:
        from harness.sarif import to_sarif

        log = to_sarif([report])
    except Exception as exc:  # scan.sarif falls back to the findings recorded in results.json
        out["sarif_error"] = f"{type(exc).__name__}: {exc}"
        return out, None
    return out, log


def _loader_validator_json(nexe: Path) -> dict[str, Any]:
    from harness.loader import TEXT_START, check_loader
    from harness.validator import validate_code

    data = nexe.read_bytes()
    loader = check_loader(data)
    findings = [{"rule": f.rule, "severity": f.severity.value, "address": f.address, "message": f.message,
                 "source": "loader"} for f in loader.findings]
    valid = False
    if loader.loads:
        report = validate_code(loader.validated_text, TEXT_START)
        valid = report.valid
        findings += [{"rule": f.rule, "severity": f.severity.value, "address": f.address, "message": f.message,
                      "source": "validator"} for f in report.findings]
    return {"path": str(nexe), "kind": "elf", "loads": loader.loads, "load_exit_code": loader.exit_code,
            "valid": valid, "findings": findings, "traps": None, "scanner": "loader+validator"}


def given_json(case: Case) -> dict[str, Any]:
    """What a case's session was given: its channels with their quotas, memory, timeout, zerovm's options.

    The capability sheet of report.html shows it beside what the program did with it.  A cluster case
    gives each node its own session; a manifest-template case's manifest may add channels of its own,
    which only the template says (flagged, not parsed).
    """
    if case.nodes is not None:
        return {"nodes": [{"name": node.name, **_session_json(node.channels, node.memory, node.timeout,
                                                               node.options)} for node in case.nodes]}
    out = _session_json(case.channels, case.memory, case.timeout, case.options)
    if case.manifest is not None:
        out["manifest_template"] = True
    if case.job is not None:
        out["job_requests"] = len(case.job)
    return out


def _session_json(channels: Any, memory: int, timeout: int, options: Any) -> dict[str, Any]:
    return {"channels": [_channel_json(c) for c in channels], "memory": memory, "timeout": timeout,
            "options": list(options)}


def _channel_json(spec: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"alias": spec.alias, "type": spec.type, "gets": spec.gets, "get_size": spec.get_size,
                           "puts": spec.puts, "put_size": spec.put_size}
    if spec.uri is not None:
        out["uri"] = spec.uri
    elif spec.data is not None:
        out["input_bytes"] = len(spec.data)  # a staged file: its size, not its content (the case file has it)
    return out


def case_files_json(case: Case) -> dict[str, str]:
    """The files that define a case (absolute paths), so report.html can link to them."""
    files = {"toml": os.path.abspath(case.path)}
    sources = [case.source] if case.source is not None else [node.source for node in case.nodes or ()]
    for i, source in enumerate(dict.fromkeys(sources)):
        files["source" if i == 0 else f"source{i + 1}"] = os.path.abspath(source)
    return files
