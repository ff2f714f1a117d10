"""The case format, ELF patches and raw builds behind the conformance corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cases import CaseError, load_case
from harness.elfpatch import Patch, PatchError, apply_patches
from harness.loader import check_loader
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

