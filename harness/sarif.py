"""SARIF 2.1.0 output for `scan` reports, so standard SARIF viewers load the findings.

One run per invocation: `tool.driver` lists every rule that occurs (with a full description
and help, GitHub code scanning shows them), and every trap site is a ``note`` result so a
viewer shows the trap surface too.  A result's location is the C source file and line where
the nexe's line table knows it (relative to SRCROOT, the directory the scan ran in), else the
scanned file at line 1; the user address is always kept in ``physicalLocation.address``.
Each result carries a `partialFingerprints` entry that does not depend on addresses (they move
with every edit of the program), so a viewer tracks a finding across rebuilds.  Indirect
branches resolved to ordinary code (`harness.indirect`) are not trap sites and yield no result;
unresolved ones are ``note`` results (errors only under ``--strict``, as policy violations).  Inputs
that could not be read become tool-execution notifications of the invocation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harness import __version__
from harness.findings import Finding, Severity
from harness.scan import (
    RULE_INDIRECT,
    RULE_INTERNAL,
    RULE_NOT_ALLOWED,
    RULE_OTHER,
    RULE_SLOT,
    RULE_SYSTEM,
    RULE_TRAMPOLINE_ADDRESS,
    RULE_UNKNOWN,
    RULE_UNRESOLVED,
    SOURCE_POLICY,
    ScanReport,
)
from harness.traps import TrapSite

SARIF_VERSION = "2.1.0"
# The schema's own id (OASIS errata01): an identifier for viewers, never fetched by us.
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "zerovm-harness-scan"
RULE_TRAP_SITE = "trap-site"
SRCROOT = "SRCROOT"  # uriBaseId of relative artifact paths: the directory the scan ran in
FINGERPRINT = "zerovmScanFinding/v1"  # the partialFingerprints key; bump the version when its inputs change

# Short descriptions of the rules the checks emit (ZEROVM.md sections 5-7).  A rule id not
# listed here (a new validator rule, say) still gets a generic description.
RULE_DESCRIPTIONS: dict[str, str] = {
    # loader (zerovm exits 5, 8 or 14)
    "elf-header-unreadable": "The ELF header cannot be read (zerovm exits 5).",
    "too-many-program-headers": "More than 128 program headers (zerovm exits 8).",
    "program-header-size": "e_phentsize is smaller than an ELF64 program header (zerovm exits 8).",
    "program-headers-unreadable": "The program header table runs past the end of the file (zerovm exits 5).",
    "elf-magic": "Not an ELF file (zerovm exits 8).",
    "elf-class": "Not ELFCLASS64 (zerovm exits 8).",
    "elf-type": "Not ET_EXEC (zerovm exits 8).",
    "elf-machine": "Not EM_X86_64 (zerovm exits 8).",
    "elf-version": "e_version is not 1 (zerovm exits 8).",
    "segment-type": "A segment of a (type, flags) pair zerovm does not accept (zerovm exits 8).",
    "segment-duplicate": "Two segments of the same (type, flags) pair (zerovm exits 8).",
    "text-address": "The text segment does not start at 0x20000 (zerovm exits 8).",
    "segment-too-low": "A segment below 0x20000 (zerovm exits 8).",
    "segment-overflow": "A segment's end overflows 64 bits (zerovm exits 8).",
    "segment-too-large": "A segment ends at or past 4 GiB (zerovm exits 8).",
    "segment-file-size": "A segment's file size exceeds its memory size (zerovm exits 8).",
    "text-missing": "No text segment (PT_LOAD R+X) (zerovm exits 8).",
    "entry-point": "The entry point is not 32-byte aligned inside the text (zerovm exits 8).",
    "data-not-last": "The data segment is not the last segment (zerovm exits 8).",
    "rodata-not-last": "Without data, rodata is not the last segment (zerovm exits 8).",
    "rodata-overlaps-data": "rodata overlaps data (zerovm exits 8).",
    "text-overlaps-rodata": "Text and rodata share a 64 KiB page (zerovm exits 8).",
    "text-overlaps-data": "Text and data share a 64 KiB page (zerovm exits 8).",
    "rodata-alignment": "rodata does not start on a 64 KiB boundary (zerovm exits 8).",
    "data-alignment": "data does not start on a 64 KiB boundary (zerovm exits 8).",
    "segment-unreadable": "A segment's bytes run past the end of the file (zerovm exits 8).",
    "halt-sled": "No room for the 32-byte halt sled between text and rodata/data (zerovm exits 14).",
    # validator (zerovm exits 8, "validation failed")
    "bundle-crossing": "An instruction crosses a 32-byte bundle boundary.",
    "pseudo-instruction-split": "A bundle or jump target falls inside a NaCl pseudo-instruction.",
    "bad-branch-target": "A direct branch to something other than an instruction start.",
    "forbidden-instruction": "An instruction Native Client does not allow.",
    "syscall": "A system instruction (syscall, sysenter, int ...).",
    "ret": "A plain ret (returns must be masked indirect jumps).",
    "rdtsc": "rdtsc/rdtscp, forbidden by ZeroVM for determinism.",
    "avx": "A VEX/EVEX (AVX) encoding, which the validator marks illegal.",
    "prefix-rules": "A prefix combination the validator does not allow.",
    "addr16-prefix": "The 67 (ADDR16) prefix.",
    "segment-override": "A segment-override prefix.",
    "unsafe-memory-base": "A memory operand with a base register other than rsp, rbp, rip or r15.",
    "unsafe-memory-index": "An indexed memory operand without the zero-extending write right before it.",
    "unmasked-indirect-branch": "An indirect jump or call without the and/add masking sequence.",
    "rsp-write": "A change of rsp the validator does not allow.",
    "rbp-write": "A change of rbp the validator does not allow.",
    "r15-write": "A write to r15, the sandbox base.",
    "call-alignment": "A call that does not end on a bundle boundary (the trap returns to the bundle start).",
    "undecodable": "Code the validator cannot decode or an empty text segment.",
    # input
    "code-range": "Raw code that does not fit below 4 GiB.",
    "hex-inline-comment": "A '#' comment that valz would read as code bytes.",
    "hex-size": "Hex text longer than valz --hex_text reads.",
    # policy
    RULE_NOT_ALLOWED: "A trap to a function outside the allowed set.",
    RULE_SLOT: "A call to a trampoline slot other than 0 (zerovm exits 22).",
    RULE_TRAMPOLINE_ADDRESS: "A branch into the middle of the trampoline.",
    RULE_SYSTEM: "A raw system instruction (syscall, sysenter, int).",
    RULE_UNKNOWN: "A trap with a function code that is none of zerovm's six (returns -EPERM).",
    RULE_UNRESOLVED: "A trap whose function code cannot be determined statically.",
    RULE_INDIRECT: "An indirect branch not resolved to ordinary code: it could reach the trampoline.",
    RULE_OTHER: "Another kind of entry into the trusted runtime.",
    RULE_INTERNAL: "The scanner itself failed on this input.",
    RULE_TRAP_SITE: "A place where the program enters zerovm's trusted runtime (the trap surface).",
}

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def artifact_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) of a scanned file: relative to SRCROOT where it is below it, else a file URI."""
    if path in ("-", "<stdin>"):
        return "stdin", None
    p = Path(path)
    cwd = _cwd()
    if cwd is None:
        return (p.as_uri(), None) if p.is_absolute() else (quote(p.as_posix()), None)
    if p.is_absolute():
        if not p.is_relative_to(cwd):
            return p.as_uri(), None
        p = p.relative_to(cwd)
    return quote(p.as_posix()), SRCROOT


def _cwd() -> Path | None:
    try:
        return Path.cwd()
    except OSError:  # the directory we run in was removed: fall back to uris without a base
        return None


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-"))


# What each check is, for the rules' full descriptions and help (README "Scanning", ZEROVM.md 5-7).
SOURCE_HELP: dict[str, str] = {
    "loader": "Found by the harness's model of zerovm's ELF loader (ZEROVM.md section 5): zerovm refuses to load "
              "such a file and exits with the code given, before any code runs.",
    "validator": "Found by the harness's model of the Native Client validator zerovm runs on the text segment "
                 "(ZEROVM.md section 6): zerovm refuses the nexe with exit code 8, \"validation failed\".",
    "input": "About the scanned input itself (raw code or valz hex text), not a rule zerovm applies.",
    "policy": "The trap policy (ZEROVM.md section 7): which of zerovm's trusted-runtime functions the code can "
              "reach through the trampoline. `--allow` sets the allowed functions; a note is the trap surface, "
              "an error a call zerovm would refuse or one outside the allowed set.",
}


def _rule(rule_id: str, source: str, level: str) -> dict[str, Any]:
    text = RULE_DESCRIPTIONS.get(rule_id, f"zerovm {source} rule {rule_id}.")
    about = SOURCE_HELP.get(source, "A rule of the harness's static scan.")
    # No helpUri: the project publishes no https documentation site, and GitHub rejects relative links,
    # so the explanation travels in `help` (the README section "Scanning" has the rest).
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": text},
        "fullDescription": {"text": f"{text} {about}"},
        "help": {
            "text": f"{text}\n\n{about}\n\nSee the section \"Scanning\" of the harness's README.md.",
            "markdown": f"**{rule_id}** ({source}): {text}\n\n{about}\n\n"
                        "See the section *Scanning: would zerovm load and validate it* of the harness's README.md.",
        },
        "defaultConfiguration": {"level": level},
        "properties": {"category": source},
    }


_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def fingerprint(*parts: object) -> str:
    """A stable hash of `parts` (addresses in them do not count: they move with every edit of the program)."""
    text = "\x1f".join(_ADDRESS.sub("0x?", str(p)) for p in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


class _Builder:
    def __init__(self) -> None:
        self.rules: list[dict[str, Any]] = []
        self.rule_index: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []
        self.artifacts: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.fingerprints: dict[str, int] = {}  # occurrences per fingerprint: equal findings stay apart

    def rule(self, rule_id: str, source: str, level: str) -> int:
        if rule_id not in self.rule_index:
            self.rule_index[rule_id] = len(self.rules)
            self.rules.append(_rule(rule_id, source, level))
        return self.rule_index[rule_id]

    def artifact(self, report: ScanReport) -> dict[str, Any]:
        uri, base_id = artifact_uri(report.path)
        loc: dict[str, Any] = {"uri": uri, "index": len(self.artifacts)}
        if base_id is not None:
            loc["uriBaseId"] = base_id
        self.artifacts.append({
            "location": {k: v for k, v in loc.items() if k != "index"},
            "roles": ["analysisTarget"],
            "properties": {"kind": report.kind, "valid": report.valid, "withinPolicy": report.within_policy,
                           "loads": report.loads, "loadExitCode": report.load_exit_code,
                           "textSize": report.text_size, "base": report.base},
        })
        return loc

    def located(self, result: dict[str, Any], report: ScanReport, address: int | None, artifact: dict[str, Any],
                function: str | None) -> dict[str, Any]:
        """`result` located at the C source line of `address` when the line table knows it (the nexe and
        the address then a related location), else at line 1 of the scanned file; with its fingerprint."""
        physical: dict[str, Any] = {"artifactLocation": artifact, "region": {"startLine": 1}}
        where = report.source_location(address)
        source = None
        if where is not None:  # also kept whole: scan.sarif maps a source from another checkout to this one
            result["properties"] = {**result.get("properties", {}), "sourceLine": str(where)}
            uri, base_id = artifact_uri(where.file)
            if base_id is not None:  # below SRCROOT: a file a code-scanning viewer can show
                source = f"{uri}:{where.line}"
                physical = {"artifactLocation": {"uri": uri, "uriBaseId": base_id},
                            "region": {"startLine": where.line}}
                related: dict[str, Any] = {"artifactLocation": artifact}
                if address is not None:
                    related["address"] = _address(address)
                result["relatedLocations"] = [{"id": 0, "physicalLocation": related,
                                               "message": {"text": "the instruction in the scanned file"}}]
        if address is not None:
            physical["address"] = _address(address)
        loc: dict[str, Any] = {"physicalLocation": physical}
        if function:
            loc["logicalLocations"] = [{"name": function, "kind": "function"}]
        result["locations"] = [loc]
        key = fingerprint(result["ruleId"], function or "", source or "", result["message"]["text"])
        seen = self.fingerprints[key] = self.fingerprints.get(key, 0) + 1
        result["partialFingerprints"] = {FINGERPRINT: f"{key}:{seen}"}
        return result

    def add(self, report: ScanReport) -> None:
        artifact = self.artifact(report)
        if report.error is not None:
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{report.path}: {report.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
            })
            return
        for f in report.findings:
            self.finding(report, f, artifact)
        for site in report.traps:
            self.trap(report, site, artifact)

    def finding(self, report: ScanReport, f: Finding, artifact: dict[str, Any]) -> None:
        level = _LEVEL[f.severity]
        index = self.rule(f.rule, report.source_of(f), level)
        site = report.sites_by_address.get(f.address) if f.address is not None else None
        self.results.append(self.located({
            "ruleId": f.rule,
            "ruleIndex": index,
            "level": level,
            "message": {"text": f.message},
        }, report, f.address, artifact, site.in_function if site else None))

    def trap(self, report: ScanReport, site: TrapSite, artifact: dict[str, Any]) -> None:
        index = self.rule(RULE_TRAP_SITE, SOURCE_POLICY, "note")
        what = site.function or "an unresolved function"
        slot = f"slot {site.slot}" if site.slot is not None else "no known slot"
        within = "within policy" if report.site_allowed(site) else "outside policy"
        self.results.append(self.located({
            "ruleId": RULE_TRAP_SITE,
            "ruleIndex": index,
            "level": "note",
            "message": {"text": f"trap site: {site.kind}, {slot}, {what} ({within})"},
            "properties": {"kind": site.kind, "slot": site.slot, "function": site.function, "code": site.code,
                           "reason": site.reason, "inFunction": site.in_function,
                           "allowedByZerovm": site.allowed_by_zerovm, "withinPolicy": report.site_allowed(site)},
        }, report, site.address, artifact, site.in_function))


def _address(address: int) -> dict[str, Any]:
    return {"absoluteAddress": address, "kind": "instruction"}


def to_sarif(reports: Sequence[ScanReport], *, exit_code: int | None = None,
             command_line: str | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log (as a JSON-ready dict) of one scan over `reports`."""
    b = _Builder()
    for report in reports:
        b.add(report)
    invocation: dict[str, Any] = {"executionSuccessful": not b.notifications}
    if exit_code is not None:
        invocation["exitCode"] = exit_code
    if command_line is not None:
        invocation["commandLine"] = command_line
    if b.notifications:
        invocation["toolExecutionNotifications"] = b.notifications
    run: dict[str, Any] = {
        "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "semanticVersion": __version__,
                            "rules": b.rules}},
        "invocations": [invocation],
        "artifacts": b.artifacts,
        "results": b.results,
    }
    cwd = _cwd()
    if cwd is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": cwd.as_uri().rstrip("/") + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}

