"""zerovm's loader rules: the first failure, its exit code and zerovm's own report line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.elfpatch import Patch, apply_patches
from harness.loader import check_loader


@pytest.fixture(scope="session")
def nexe(minimal_nexe: bytes) -> bytes:
    return minimal_nexe


def test_a_built_nexe_loads(nexe: bytes) -> None:
    report = check_loader(nexe)
    assert (report.exit_code, report.exit_state, report.findings) == (0, "ok", ())
    assert report.layout is not None and report.layout.static_text_end == 0x20000 + len(report.text)


# Each line below was printed by a real zerovm (54a57b1) for the same file.
@pytest.mark.parametrize(("patches", "truncate", "code", "state"), [
    ([], 40, 5, "src/loader/elf_util.c 268: check failed"),
    ([("e_phnum", 200)], None, 8, "src/loader/elf_util.c 274: check failed"),
    ([("e_phentsize", 40)], None, 8, "src/loader/elf_util.c 277: bad prog headers size. image.ehdr.e_phentsize = "
                                      "0x28, sizeof image.phdrs[0] = 0x38"),
    ([("e_phoff", 0x7FFFFF00)], None, 5, "src/loader/elf_util.c 286: check failed"),
    ([("byte[1]", 0x46)], None, 8, "src/loader/elf_util.c 123: bad elf magic"),
    ([("ei_class", 1)], None, 8, "src/loader/elf_util.c 124: bad elf class"),
    ([("e_type", 3)], None, 8, "src/loader/elf_util.c 125: non executable"),
    ([("e_machine", 3)], None, 8, "src/loader/elf_util.c 126: bad machine: 3"),
    ([("e_version", 0)], None, 8, "src/loader/elf_util.c 128: bad elf version: 0"),
    ([("phdr[0].p_flags", 7)], None, 8, "src/loader/elf_util.c 178: Segment 0 is of unexpected type 0x1, flag 0x7"),
    ([("phdr[1].p_flags", 6)], None, 8, "src/loader/elf_util.c 182: Segment 2 is a type that has been seen"),
    ([("phdr[0].p_vaddr", 0x400000)], None, 8,
     "src/loader/elf_util.c 192: Segment 0: bad virtual address: 0x00400000, expected 0x00020000"),
    ([("phdr[2].p_memsz", 0xFFFFFFFFFFFFFFF0)], None, 8,
     "src/loader/elf_util.c 203: Segment 2: p_memsz caused integer overflow"),
    ([("phdr[2].p_memsz", 0x100000000)], None, 8,
     "src/loader/elf_util.c 206: Segment 2: too large, ends at 0x00040000"),
    ([("phdr[0].p_memsz", 0), ("phdr[0].p_filesz", 0)], None, 8, "src/loader/elf_util.c 245: check failed"),
    ([("e_entry", 0x20004)], None, 8, "src/loader/sel.c 193: check failed"),
    ([("phdr[1].p_vaddr", 0x50000)], None, 8, "src/loader/sel.c 75: check failed"),
    ([("phdr[1].p_memsz", 0x10010)], None, 8, "src/loader/sel.c 95: check failed"),
    ([("phdr[0].p_filesz", 0x10010), ("phdr[0].p_memsz", 0x10010)], None, 8, "src/loader/sel.c 99: check failed"),
    ([("phdr[1].p_vaddr", 0x30010)], None, 8, "src/loader/sel.c 107: check failed"),
    ([("phdr[2].p_vaddr", 0x40010)], None, 8, "src/loader/sel.c 111: check failed"),
    ([("phdr[0].p_offset", 0x7FFFFFFFFFFFFFFF)], None, 8, "src/loader/elf_util.c 350: seek failure segment 0"),
    ([], 0x10020, 8, "src/loader/elf_util.c 356: load failure segment 0"),
    ([("phdr[0].p_filesz", 0xFFF0), ("phdr[0].p_memsz", 0xFFF0)], None, 14,
     "src/loader/sel.c 52: Missing gap between text and rodata for halt_sled"),
    # AllocAddrSpace runs before any segment is read: its failure comes before the load failure.
    ([("phdr[2].p_vaddr", 0xFF000000), ("phdr[0].p_offset", 0x7FFFFFFFFFFFFFFF)], None, 14,
     "src/loader/sel_addrspace.c 131: Memory 'hole' between end of BSS and start of stack is negative in size"),
])
def test_first_failure_is_zerovms(nexe: bytes, patches: list[tuple[str, int]], truncate: int | None, code: int,
                                  state: str) -> None:
    report = check_loader(apply_patches(nexe, [Patch(f, v) for f, v in patches], truncate))
    assert (report.exit_code, report.exit_state) == (code, state)
    assert len(report.findings) == 1 and f"zerovm exits {code}" in report.findings[0].message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes_give_a_report(data: bytes) -> None:
    report = check_loader(data)
    assert report.exit_code in (0, 5, 8, 14)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=12))
def test_mutated_headers_give_a_report(nexe: bytes, edits: list[tuple[int, int]]) -> None:
    data = bytearray(nexe)
    for offset, value in edits:
        data[offset] = value
    report = check_loader(bytes(data))
    assert (report.exit_code == 0) == (report.layout is not None)


def test_break_may_end_at_the_stack(nexe: bytes) -> None:
    # The break rounds up to exactly 0xff000000, the stack's start: AllocAddrSpace accepts it
    # (zerovm then fails later, for the heap: cases/loader/break_at_stack.toml).
    assert check_loader(apply_patches(nexe, [Patch("phdr[2].p_vaddr", 0xFEFF0000)])).loads


def test_validated_text_is_padded_with_hlts_to_the_page(nexe: bytes) -> None:
    # The text cut to 0x40 bytes of file, ending at 0x20040 (its memory size is untouched).
    report = check_loader(apply_patches(nexe, [Patch("phdr[0].p_filesz", 0x40)]))
    assert report.layout is not None and len(report.text) == 0x40
    # FillEndOfTextRegion: HLTs from the text's end up to the 64 KiB page past the 32-byte halt sled.
    assert report.validated_text == report.text + b"\xf4" * (0x30000 - 0x20040)
