"""harness.fuzz.compare: two targets' results field by field, and the static scanner against each."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harness.elfpatch import Patch, apply_patches
from harness.fuzz.compare import (
    ByteView,
    ScanVerdict,
    compare_results,
    describe,
    first_difference,
    needs_scan,
    scan_differences,
    scan_verdict,
)
from harness.targets import RunResult, TrapCall

BASE = RunResult("ref", "exited", 0, validator_state=0, daemon=0, user_code=3, etags=(),
                 accounting=(0.0, 0.0, 1, 5, 2, 11, 0, 0, 0, 0), exit_state="ok",
                 outputs={"/dev/stdout": b"hello world\n", "/dev/stderr": b""})


def fields(a: RunResult, b: RunResult) -> list[str]:
    return [d.field for d in compare_results(a, b)]


def test_equal_results_agree_whatever_only_one_target_records() -> None:
    other = replace(BASE, target="zerovm", wall_s=1.5, trap_calls=(TrapCall(0x20000, "pwrite", 2),),
                    accounting=(0.01, 0.02, *BASE.accounting[2:]))  # CPU times differ: never compared
    assert compare_results(BASE, other) == ()


def test_each_report_field_is_compared() -> None:
    changed = replace(BASE, exit_code=14, validator_state=1, user_code=4, daemon=1, exit_state="signal 11")
    assert fields(BASE, changed) == ["exit_code", "validator_state", "user_code", "daemon", "exit_state"]
    d = compare_results(BASE, replace(BASE, exit_code=14))[0]
    assert (d.a, d.b) == (0, 14)


def test_etags_accounting_and_missing_report() -> None:
    assert fields(BASE, replace(BASE, etags=(("/dev/stdout", "ab" * 20),))) == ["etags[/dev/stdout]"]
    counters = list(BASE.accounting)
    counters[5] = 12  # local_put_bytes
    assert fields(BASE, replace(BASE, accounting=tuple(counters))) == ["accounting.local_put_bytes"]
    # A side that reports no counters at all says nothing about them.
    assert fields(BASE, replace(BASE, accounting=())) == []
    assert "report" in fields(BASE, replace(BASE, exit_state=None))


def test_output_difference_names_the_first_differing_offset() -> None:
    diff = compare_results(BASE, replace(BASE, outputs={**BASE.outputs, "/dev/stdout": b"hello World\n"}))
    assert [d.field for d in diff] == ["outputs[/dev/stdout]"]
    a, b = diff[0].a, diff[0].b
    assert isinstance(a, ByteView) and isinstance(b, ByteView)
    assert (a.offset, a.size, b.offset) == (6, 12, 6)
    assert b"w" in a.around and b"W" in b.around
    assert describe(a) == {"size": 12, "offset": 6, "around": "hello world\n"}
    # A shorter output differs where it ends; an output only one side has is None on the other.
    assert first_difference(b"abc", b"abcdef") == 3
    missing = compare_results(BASE, replace(BASE, outputs={"/dev/stderr": b""}))[0]
    assert missing.field == "outputs[/dev/stdout]" and missing.b is None


def test_stray_bytes_on_zerovm_streams_are_compared() -> None:
    assert fields(BASE, replace(BASE, raw_stderr="warning\n")) == ["stray_stderr"]
    assert fields(BASE, replace(BASE, stray_stdout="x")) == ["stray_stdout"]


def test_what_varies_between_runs_is_not_a_difference() -> None:
    a = replace(BASE, exit_state="cannot open /tmp/zvm-session-ref-12-abcd/absent")
    b = replace(BASE, exit_state="cannot open /tmp/zvm-session-xyz/absent")
    assert compare_results(a, b) == ()
    trusted = "Signal 11 from trusted code: Halting at 0x"
    here, there = replace(BASE, exit_state=trusted + "7F12AB"), replace(BASE, exit_state=trusted + "55AA")
    assert compare_results(here, there) == ()


def test_scanner_against_each_validator_state() -> None:
    valid = ScanVerdict(True, True)
    invalid = ScanVerdict(True, False, "bad instruction")
    rejected = replace(BASE, validator_state=1, exit_code=8)
    assert not needs_scan(BASE, BASE) and needs_scan(BASE, rejected)
    assert scan_differences(valid, BASE, BASE) == ()
    (d,) = scan_differences(invalid, BASE, rejected)
    assert d.field == "scan.valid (scanner: False)" and (d.a, d.b) == (True, False)
    assert scan_differences(invalid, BASE, rejected, options=("-s",)) == ()  # validation skipped: nothing to say
    (d,) = scan_differences(ScanVerdict(False, None), BASE, replace(BASE, validator_state=2))
    assert d.field == "scan.loads (scanner: False)" and (d.a, d.b) == (True, None)


def test_scan_verdict_of_real_nexes(minimal_nexe: bytes, tmp_path: Path) -> None:
    good = tmp_path / "good.nexe"
    good.write_bytes(minimal_nexe)
    assert scan_verdict(good) == ScanVerdict(True, True, "")
    broken = tmp_path / "broken.nexe"
    broken.write_bytes(apply_patches(minimal_nexe, [Patch("byte[1]", 0x46)]))
    verdict = scan_verdict(broken)
    assert not verdict.loads and verdict.valid is None and verdict.why
