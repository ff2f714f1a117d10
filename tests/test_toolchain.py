"""The built-in toolchain: every test program at every -O level makes a nexe zerovm accepts.

Structural checks run everywhere; with a real zerovm and valz configured (ZEROVM,
ZEROVM_VALZ) the same nexes are validated and run, and their output is compared
with the same program built natively by the host gcc.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import capstone
import pytest
from elftools.elf.elffile import ELFFile

from harness.loader import TEXT_START, check_loader
from harness.targets import Session
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import OPT_LEVELS
from harness.validator import validate_code
from tests.conftest import PROGRAMS, Builds

PROGRAM_NAMES = sorted(p.stem for p in PROGRAMS.glob("*.c"))
BUILDS = [(name, opt) for name in PROGRAM_NAMES for opt in OPT_LEVELS]
FORBIDDEN_MNEMONICS = {"ret", "syscall", "sysenter", "int", "int3", "rdtsc", "rdtscp", "leave", "enter", "pushfq",
                       "popfq", "sahf", "lahf", "xlatb", "iretq", "retf"}
_HEX = re.compile(r"0x[0-9a-f]+")
_STRING_OP = re.compile(r"^(movs|stos|lods|scas|cmps)[bwdq]?$")


def _instructions(text: bytes) -> list[tuple[int, int, str, str]]:
    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    return list(md.disasm_lite(text, TEXT_START))


@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_nexe_layout_is_what_zerovm_loads(builds: Builds, program: str, opt: str) -> None:
    data = builds.nexe(program, opt).output.read_bytes()
    report = check_loader(data)
    assert report.loads, report.findings
    layout = report.layout
    assert layout is not None
    assert data[7:9] == b"\x7b\x07", "NaCl OSABI and ABI version bytes"
    assert layout.entry % 32 == 0
    assert {(s.ptype, s.flags) for s in layout.segments} == {(1, 5), (1, 4), (1, 6)}, "text, rodata, data only"
    assert layout.rodata_start % 0x10000 == 0 and layout.data_start % 0x10000 == 0
    assert layout.rodata_start < layout.data_start
    assert report.text.endswith(b"\xf4" * 32), "the halt sled"


@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_code_passes_validation_without_warnings(builds: Builds, program: str, opt: str) -> None:
    text = check_loader(builds.nexe(program, opt).output.read_bytes()).text
    report = validate_code(text, TEXT_START)
    assert report.valid
    assert report.findings == (), "a warning is a run-time hazard (a misaligned call re-runs the trap)"


@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_bundles_calls_and_forbidden_instructions(builds: Builds, program: str, opt: str) -> None:
    """A second opinion, straight from capstone: the rules the issue names, one by one."""
    text = check_loader(builds.nexe(program, opt).output.read_bytes()).text
    previous = ""
    for address, size, mnemonic, op_str in _instructions(text):
        end = address + size
        if _STRING_OP.match(mnemonic.split()[-1]) and "xmm" not in op_str:  # not SSE2 movsd
            # Implicit [rdi]/[rsi] operands: sandboxed by the lea just before.
            assert previous in ("lea rdi, [r15 + rdi]", "lea rsi, [r15 + rsi]"), f"{address:#x}: {mnemonic}"
            previous = f"{mnemonic} {op_str}"
            continue
        previous = f"{mnemonic} {op_str}"
        assert address // 32 == (end - 1) // 32, f"{address:#x}: {mnemonic} {op_str} crosses a bundle"
        assert mnemonic not in FORBIDDEN_MNEMONICS, f"{address:#x}: forbidden {mnemonic}"
        assert not mnemonic.startswith("v"), f"{address:#x}: AVX {mnemonic}"
        if mnemonic == "call":
            assert end % 32 == 0, f"{address:#x}: call {op_str} ends at {end:#x}, not on a bundle boundary"
        if "[" in op_str and not mnemonic.startswith(("lea", "nop")):
            base = op_str[op_str.index("[") + 1:].split("]")[0]
            first = base.split()[0]
            assert first in ("rsp", "rbp", "rip", "r15"), f"{address:#x}: unsandboxed memory operand {op_str}"
            assert first != "r15" or "r11" in base or base == "r15", f"{address:#x}: {op_str}"


@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_indirect_branch_targets_are_aligned(builds: Builds, program: str, opt: str) -> None:
    """Code addresses stored in data or loaded as immediates are where masked jumps land."""
    path = builds.nexe(program, opt).output
    report = check_loader(path.read_bytes())
    assert report.layout is not None
    text_end = report.layout.static_text_end
    with open(path, "rb") as f:
        elf = ELFFile(f)
        for name in (".rodata", ".data"):
            section = elf.get_section_by_name(name)
            data = section.data() if section is not None else b""
            for i in range(0, len(data) - 3, 4):
                value = int.from_bytes(data[i:i + 4], "little")
                if TEXT_START <= value < text_end:
                    assert value % 32 == 0, f"{name}+{i:#x} holds the unaligned code address {value:#x}"
        symbols = elf.get_section_by_name(".symtab")
        assert symbols is not None
        for sym in symbols.iter_symbols():
            if sym["st_info"]["type"] == "STT_FUNC" and sym["st_value"]:
                assert sym["st_value"] % 32 == 0, f"function {sym.name} at {sym['st_value']:#x}"
    for address, _, mnemonic, op_str in _instructions(report.text):
        if mnemonic.startswith(("j", "call", "loop", "lea")) or "[" in op_str:
            continue
        for value in (int(h, 16) for h in _HEX.findall(op_str)):
            if TEXT_START <= value < text_end:
                assert value % 32 == 0, f"{address:#x}: {mnemonic} {op_str} takes an unaligned code address"


@pytest.mark.valz
@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_real_validator_says_safe(builds: Builds, valz: Path, program: str, opt: str) -> None:
    nexe = builds.nexe(program, opt).output
    proc = subprocess.run([str(valz), "--cpuid-all", "--warnings", str(nexe)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "" and proc.stderr.strip() == "", "valz printed errors or warnings"


@pytest.mark.zerovm
@pytest.mark.parametrize(("program", "opt"), BUILDS)
def test_runs_in_zerovm_like_the_native_build(builds: Builds, zerovm: ZerovmTarget, program: str, opt: str) -> None:
    native = builds.native(program)
    result = zerovm.run(Session(builds.nexe(program, opt).output, timeout=30))
    assert (result.exit_code, result.validator_state, result.exit_state) == (0, 0, "ok"), result.raw_stdout
    assert result.user_code == native.returncode
    assert result.outputs["/dev/stdout"] == native.stdout
    assert result.outputs["/dev/stderr"] == native.stderr


@pytest.mark.zerovm
def test_runtime_reads_the_user_manifest(tmp_path: Path, zerovm: ZerovmTarget) -> None:
    src = tmp_path / "manifest.c"
    src.write_text(r"""
#include <stdio.h>
#include <zvm.h>
extern char _end[];
int main(void)
{
  const struct zvm_manifest *m = zvm_manifest();
  printf("channels=%u stack=%#x heap_at_end=%d\n", m->channels_count, m->stack_size,
         m->heap_ptr == (uint32_t)(uintptr_t)_end);
  for (uint32_t i = 0; i < m->channels_count; i++)
    printf("%u %s type=%u puts=%lld\n", i, zvm_channel_name(i), zvm_channels()[i].type,
           (long long)zvm_channels()[i].limits[ZVM_PUTS_LIMIT]);
  return 0;
}
""")
    from harness.toolchain import build

    nexe = build([src], tmp_path / "manifest.nexe", toolchain="builtin").output
    result = zerovm.run(Session(nexe))
    lines = result.outputs["/dev/stdout"].decode().splitlines()
    assert lines[0] == "channels=3 stack=0x1000000 heap_at_end=1"
    assert lines[1:] == ["0 /dev/stdin type=0 puts=0", f"1 /dev/stdout type=0 puts={1 << 30}",
                         f"2 /dev/stderr type=0 puts={1 << 30}"]
