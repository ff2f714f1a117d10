"""The case format, ELF patches and raw builds behind the conformance corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.cases import CaseError, load_case
from harness.elfpatch import Patch, PatchError, apply_patches
from harness.loader import check_loader
from harness.targets.ref import RefTarget
from harness.toolchain import BuildError, build

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"


def write_case(tmp_path: Path, toml: str, source: str | None = "int main(void) { return 0; }\n") -> Path:
    area = tmp_path / "cases" / "area"
    area.mkdir(parents=True, exist_ok=True)
    if source is not None:
        (area / "c.c").write_text(source)
    path = area / "c.toml"
    path.write_text(toml)
    return path


def test_every_corpus_case_loads() -> None:
    paths = sorted(CASES.rglob("*.toml"))
    assert len(paths) >= 120
    for path in paths:
        load_case(path, CASES)


def test_defaults_keep_simple_cases_short(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, '[run]\nstdout = "hi\\n"\n'), tmp_path / "cases")
    assert case.name == "area/c" and case.opts == ("-O2",)
    assert case.run is not None
    assert (case.run.exit_code, case.run.exit_state, case.run.outputs) == (0, "ok", (("/dev/stdout", b"hi\n"),))
    assert [c.alias for c in case.channels] == ["/dev/stdin", "/dev/stdout", "/dev/stderr"]


# Every rule of the case format: tests/test_case_schema.py.

def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match=r"^cases/area/c\.toml: source: c\.c does not exist$"):
        load_case(write_case(tmp_path, "[run]\n", source=None), tmp_path / "cases")


def test_manifest_only_case(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, 'manifest = "Version = 1\\n"\n[files]\n"a.txt" = "data"\n[run]\n',
                                source=None), tmp_path / "cases")
    assert case.source is None and case.manifest == "Version = 1\n" and case.files == (("a.txt", b"data"),)


def test_hex_data(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, '[run]\nstdout = { hex = "00ff" }\n'), tmp_path / "cases")
    assert case.run is not None and case.run.outputs == (("/dev/stdout", b"\x00\xff"),)


# -- ELF patches -------------------------------------------------------------

@pytest.fixture(scope="session")
def nexe(minimal_nexe: bytes) -> bytes:
    return minimal_nexe


def test_patch_header_and_program_header_fields(nexe: bytes) -> None:
    out = apply_patches(nexe, [Patch("e_entry", 0x20004), Patch("phdr[0].p_vaddr", 0x400000)])
    assert int.from_bytes(out[24:32], "little") == 0x20004
    report = check_loader(out)
    assert [f.rule for f in report.findings] == ["text-address"]


def test_adding_a_program_header_moves_the_table(nexe: bytes) -> None:
    out = apply_patches(nexe, [Patch("phdr[3].p_type", 6), Patch("phdr[3].p_flags", 5),
                               Patch("phdr[3].p_memsz", 56)])
    assert int.from_bytes(out[56:58], "little") == 4
    assert int.from_bytes(out[32:40], "little") == len(nexe)
    report = check_loader(out)
    assert report.exit_code == 8 and "unexpected type 0x6, flags 0x5" in report.findings[0].message


def test_patch_errors(nexe: bytes) -> None:
    with pytest.raises(PatchError, match="unknown ELF field"):
        apply_patches(nexe, [Patch("phdr[0].p_colour", 1)])
    with pytest.raises(PatchError, match="only phdr"):
        apply_patches(nexe, [Patch("phdr[7].p_type", 1)])
    assert apply_patches(nexe, [], truncate=10) == nexe[:10]


# -- raw builds --------------------------------------------------------------

@pytest.mark.skipif(shutil.which("as") is None, reason="GNU as is needed")
def test_raw_assembly_is_taken_as_written(tmp_path: Path) -> None:
    src = tmp_path / "bad.s"
    src.write_text("\t.text\n\t.globl _start\n_start:\n\tsyscall\n\tret\n\t.data\n\t.long 0\n")
    nexe = build([src], tmp_path / "bad.nexe", sandbox=False, runtime=False).output
    report = check_loader(nexe.read_bytes())
    assert report.loads
    assert report.text.startswith(b"\x0f\x05\xc3"), "syscall; ret, unchanged"


def test_sandboxed_build_refuses_the_same_assembly(tmp_path: Path) -> None:
    src = tmp_path / "bad.s"
    src.write_text("\t.text\n\t.globl _start\n_start:\n\tsyscall\n")
    with pytest.raises(BuildError, match="system call"):
        build([src], tmp_path / "bad.nexe", toolchain="builtin")


def test_c_cannot_skip_the_sandbox(tmp_path: Path) -> None:
    src = tmp_path / "p.c"
    src.write_text("int main(void) { return 0; }\n")
    with pytest.raises(BuildError, match="only assembly"):
        build([src], tmp_path / "p.nexe", sandbox=False)


# -- the plugin ----------------------------------------------------------------

def test_plugin_collects_scan_and_run_items(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "smoke"
    area.mkdir(parents=True)
    (area / "ok.c").write_text("int main(void) { return 0; }\n")
    (area / "ok.toml").write_text("opt = ['-O0', '-O2']\n[run]\nuser_code = 0\n")
    (area / "broken.toml").write_text("this is not toml [\n")
    result = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref")
    result.assert_outcomes(passed=4, errors=1)  # scan and ref run items at -O0 and -O2, the broken case


def make_suite(pytester: pytest.Pytester, cases: dict[str, tuple[str, str | None]]) -> None:
    """A corpus of name -> (toml, C source or None) under pytester's cases/smoke."""
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "smoke"
    area.mkdir(parents=True)
    for name, (toml, source) in cases.items():
        (area / f"{name}.toml").write_text(toml)
        if source is not None:
            (area / f"{name}.c").write_text(source)


OK_C = "int main(void) { return 0; }\n"


def run_suite(pytester: pytest.Pytester, *args: str, results: Path | None = None) -> pytest.HookRecorder:
    """The suite run in-process on ref; its results written to `results`."""
    if results is not None:
        args = (*args, f"--results={results}")  # one argument: pytest would take a bare path for its rootdir
    return pytester.inline_run("cases", "-p", "no:cacheprovider", "--target", "ref", *args)


def failed_reports(reprec: pytest.HookRecorder) -> dict[str, str]:
    """nodeid -> report text of every failing phase."""
    return {r.nodeid: r.longreprtext for r in reprec.getreports("pytest_runtest_logreport") if r.failed}


def verdicts(results_dir: Path) -> dict[tuple[str, str], str]:
    data = json.loads((results_dir / "results.json").read_text())
    return {(r["case"], r["target"]): r["verdict"] for r in data["results"]}


def test_a_bad_case_is_one_error_item_and_the_rest_of_the_run_goes_on(pytester: pytest.Pytester) -> None:
    make_suite(pytester, {
        "ok": ("[run]\nuser_code = 0\n", OK_C),
        "typo": ("[run]\nstdot = 'x'\n", OK_C),
        "gets": ("[[channel]]\nalias = '/dev/x'\ngets = 'two'\n[run]\n", OK_C),
        "valid": ("[scan]\nvalid = 'false'\n", OK_C),
    })
    reprec = run_suite(pytester)
    reprec.assertoutcome(passed=2, failed=3)  # ok's scan and ref items; one set-up error per bad case
    assert failed_reports(reprec) == {
        "cases/smoke/typo.toml::broken": "broken case: cases/smoke/typo.toml: run.stdot: unknown key "
                                         "(did you mean 'stdout'?)",
        "cases/smoke/gets.toml::broken": "broken case: cases/smoke/gets.toml: channel[0].gets: expected an "
                                         "integer, not a string ('two')",
        "cases/smoke/valid.toml::broken": "broken case: cases/smoke/valid.toml: scan.valid: expected a boolean "
                                          "(true or false), not a string ('false')",
    }
    errors = [r for r in reprec.getreports("pytest_runtest_logreport") if r.failed]
    assert {r.when for r in errors} == {"setup"}, "a broken case is an ERROR (set-up), not a FAIL"


def test_error_and_failure_reports_are_a_few_lines(pytester: pytest.Pytester, tmp_path: Path) -> None:
    long_output = "A" * 1000
    make_suite(pytester, {
        "ok": ("[run]\n", OK_C),
        "typo": ("[run]\nusercode = 0\n", OK_C),
        "nobuild": ("[run]\n", "int main(void) { return undeclared_thing; }\n"),
        "differs": (f"[run]\nuser_code = 0\nstdout = '{long_output}'\n",
                    '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 3; }\n'),
        "invalid": ("[scan]\nvalid = false\n", OK_C),
    })
    reprec = run_suite(pytester, results=tmp_path)
    reports = failed_reports(reprec)
    assert set(reports) == {"cases/smoke/typo.toml::broken", "cases/smoke/nobuild.toml::scan-O2",
                            "cases/smoke/nobuild.toml::ref-O2", "cases/smoke/differs.toml::ref-O2",
                            "cases/smoke/invalid.toml::scan-O2"}
    for nodeid, text in reports.items():
        assert len(text.splitlines()) < 15, (nodeid, text)
        assert "pluggy" not in text and "_pytest" not in text and "Traceback" not in text, (nodeid, text)
    assert "usercode: unknown key (did you mean 'user_code'?)" in reports["cases/smoke/typo.toml::broken"]
    build_error = reports["cases/smoke/nobuild.toml::ref-O2"]
    assert build_error.startswith("case smoke/nobuild (ref, -O2): BuildError: ")
    assert "nobuild.c:1:" in build_error and "undeclared_thing" in build_error
    differs = reports["cases/smoke/differs.toml::ref-O2"].splitlines()
    assert differs == [
        "case smoke/differs (ref, -O2) differs from its expectation:",
        "  run.user_code: expected 0, got 3",
        f"  run.outputs[/dev/stdout]: expected {(long_output[:200]).encode()!r}... (1000 bytes), got b'hello\\n'",
        "  ref: exit code 0, exit state 'ok' (exited)",
    ]
    assert reports["cases/smoke/invalid.toml::scan-O2"].splitlines()[1].startswith(
        "  scan.valid: expected False, got 'True")
    # The record keeps lit's vocabulary: a broken case or a build error is an ERROR, a disagreement a FAIL.
    assert verdicts(tmp_path) == {
        ("smoke/ok", "scan"): "PASS", ("smoke/ok", "ref"): "PASS", ("smoke/typo", "broken"): "ERROR",
        ("smoke/nobuild", "scan"): "ERROR", ("smoke/nobuild", "ref"): "ERROR",
        ("smoke/differs", "scan"): "PASS", ("smoke/differs", "ref"): "FAIL", ("smoke/invalid", "scan"): "FAIL",
    }


def test_tb_long_shows_the_whole_story(pytester: pytest.Pytester) -> None:
    make_suite(pytester, {
        "typo": ("[run]\nstdot = 'x'\n", OK_C),
        "differs": ("[run]\nstdout = 'bye'\n", '#include <stdio.h>\nint main(void) { printf("hi"); return 0; }\n'),
    })
    reprec = run_suite(pytester, "--tb=long")
    reports = failed_reports(reprec)
    broken = reports["cases/smoke/typo.toml::broken"]
    assert "raise self.error" in broken and "run.stdot: unknown key" in broken
    differs = reports["cases/smoke/differs.toml::ref-O2"]
    assert "  report:" in differs and "  /dev/stdout: b'hi'" in differs


def test_a_harness_bug_shows_where_it_happened_without_pytest(pytester: pytest.Pytester,
                                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def crash(self: RefTarget, session: object) -> None:
        raise RuntimeError("the model fell over")

    monkeypatch.setattr(RefTarget, "run", crash)
    make_suite(pytester, {"ok": ("[run]\n", OK_C)})
    reprec = run_suite(pytester, results=tmp_path)
    text = failed_reports(reprec)["cases/smoke/ok.toml::ref-O2"]
    assert "RuntimeError: the model fell over" in text and "test_cases.py" in text and "plugin.py" in text
    assert "pluggy" not in text and "_pytest" not in text
    assert verdicts(tmp_path)[("smoke/ok", "ref")] == "ERROR"


def test_only_a_case_failure_is_an_expected_failure(pytester: pytest.Pytester, tmp_path: Path) -> None:
    make_suite(pytester, {
        "fails": ("[run]\nuser_code = 1\n[xfail]\nref = 'known'\n", OK_C),
        "nobuild": ("[run]\n[xfail]\nref = 'known'\n", "int main(void) { return nope; }\n"),
    })
    run_suite(pytester, results=tmp_path)
    found = verdicts(tmp_path)
    assert (found[("smoke/fails", "ref")], found[("smoke/nobuild", "ref")]) == ("XFAIL", "ERROR")
