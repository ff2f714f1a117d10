"""Nexes mutated at the ELF and the instruction level: generator (c) of a differential campaign.

A trial is one of a few small valid programs (`BASES`: the corpus's hello.c and programs of
our own) with a few edits of the linked nexe, drawn from the seed.  Every edit is a
`harness.elfpatch` patch, so a finding is a case file with `[[patch]]` lines:

- ELF level: the entry point, an ELF header field, a program header field, a program header
  added (the table then moves to the end of the file);
- instruction level, `byte[N]` edits inside the text: a bit flipped or a byte replaced, an
  instruction replaced by one zerovm forbids or that reaches the trampoline (ret, syscall,
  int3, rdtsc, an unmasked indirect jump or call, a write to r15 or rsp, an unsandboxed load,
  VEX, a call into trampoline slots 0, 1 or 2047 ...), an instruction placed across a bundle
  boundary, a jump into the middle of an instruction.

Mutated nexes are untrusted code: they only ever run on the reference emulator or under zerovm,
and the generator leaves them without execute permission.

Each trial also carries `scan=True`: the static scanner's verdict (`harness.scan`: would zerovm
load it, would its validator accept it) takes part in the comparison, against each target's
validator state and load failure (`scan_differences`) and against the real validator, valz
(`valz_differences`).  The size of a trial is its number of patches; shrinking drops a run of
adjacent byte patches, then single patches.
"""

from __future__ import annotations

import functools
import os
import random
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from harness.elfpatch import PHDR_FIELDS, Patch, PatchError, apply_patches
from harness.fuzz.model import Difference, Program, Trial
from harness.loader import PT_GNU_STACK, PT_LOAD, PT_NOTE, PT_NULL, PT_PHDR, PT_TLS, TEXT_START, check_loader
from harness.manifest import MIB
from harness.scan import elf_function_symbols, scan_bytes
from harness.targets import RunResult, Session, standard_channels

_CORPUS = Path(__file__).resolve().parents[2] / "cases"

CHECKSUM_SOURCE = r"""#include <stdio.h>

static unsigned mix(unsigned h, unsigned c) { return (h ^ c) * 16777619u; }
static unsigned twice(unsigned h, unsigned c) { return mix(mix(h, c), c); }

int main(void)
{
  unsigned (*step[2])(unsigned, unsigned) = {mix, twice};
  unsigned h = 2166136261u;
  int c, n = 0;
  while ((c = getchar()) != EOF) {
    h = step[n & 1](h, (unsigned)c);
    n++;
  }
  printf("%d bytes, hash %08x\n", n, h);
  return (int)(h & 7);
}
"""

LOOP_SOURCE = r"""#include <zvm.h>

static char out[32] = "sum xxxxxxxx\n";

int main(void)
{
  unsigned sum = 0, i;
  for (i = 0; i < 1000; i++) sum = sum * 31 + i;
  for (i = 0; i < 8; i++) out[4 + i] = "0123456789abcdef"[(sum >> (28 - 4 * i)) & 15];
  zvm_pwrite(1, out, 13, 0);
  return (int)(sum & 3);
}
"""


def _corpus_source(name: str) -> str:
    return (_CORPUS / name).read_text()


BASES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("hello.c", lambda: _corpus_source("smoke/hello.c")),
    ("checksum.c", lambda: CHECKSUM_SOURCE),
    ("loop.c", lambda: LOOP_SOURCE),
)
STDIN = b"the quick brown fox\n"
MEMORY = 32 * MIB
TIMEOUT = 1  # a mutant that spins costs the reference ~10 s per second of Timeout

PF_R, PF_W, PF_X = 4, 2, 1
PT_GNU_PROPERTY = 0x6474E553

# Instruction sequences that zerovm forbids or that leave the sandboxed code paths.  (Not cpuid: it is
# allowed, and what it returns depends on the host, so two targets on two machines may rightly differ.)
UNSAFE: dict[str, bytes] = {
    "ret": b"\xc3", "ret_imm": b"\xc2\x08\x00", "int3": b"\xcc", "int80": b"\xcd\x80", "syscall": b"\x0f\x05",
    "sysenter": b"\x0f\x34", "rdtsc": b"\x0f\x31", "rdtscp": b"\x0f\x01\xf9", "hlt": b"\xf4", "ud2": b"\x0f\x0b",
    "jmp_rax": b"\xff\xe0", "call_rax": b"\xff\xd0", "jmp_mask16": b"\x83\xe0\xf0\x4c\x01\xf8\xff\xe0",
    "load_rax": b"\x8b\x00", "store_rdi": b"\x89\x07", "write_r15": b"\x49\x89\xc7", "add_rsp": b"\x48\x83\xc4\x08",
    "pop_rsp": b"\x5c", "pop_rbp": b"\x5d", "vex": b"\xc5\xf8\x28\xc0", "addr16": b"\x67\x8b\x07",
    "in": b"\xec", "pushf": b"\x9c", "leave": b"\xc9", "lret": b"\xcb", "fs_load": b"\x64\x8b\x04\x25\0\0\0\0",
    "nop": b"\x90", "xchg_rsp": b"\x48\x87\xe0", "mov_cr": b"\x0f\x20\xc0",
    "safe_mask": b"\x83\xe0\xe0\x4c\x01\xf8\xff\xe0",  # valid: and $-32, add %r15, jmp *%rax
}
TRAMPOLINE = 0x10000
TRAMPOLINE_SLOTS = (0, 1, 2, 100, 2047)

MUTATION_KINDS = ("entry", "ehdr", "phdr", "phdr_add", "flip", "replace", "trampoline", "bundle", "jump_inside")
_EHDR_VALUES: dict[str, tuple[int, ...]] = {
    "ei_class": (1, 3, 0), "ei_data": (2, 0), "ei_version": (0, 2), "ei_osabi": (0, 3, 0xFF),
    "ei_abiversion": (0, 1), "e_type": (1, 3, 4), "e_machine": (3, 0xB7, 0), "e_version": (0, 2),
    "e_phoff": (0, 1, 0x38, 0x1000000), "e_shoff": (0, 1, 0xFFFFFFFF), "e_flags": (1,), "e_ehsize": (0, 0xFFFF),
    "e_phentsize": (0, 55, 57, 64), "e_phnum": (0, 1, 2, 128, 129, 0xFFFF), "e_shentsize": (0, 1),
    "e_shnum": (0, 0xFFFF), "e_shstrndx": (0, 0xFFFF),
}
_MAGIC = ((0, 0x7E), (1, ord("e")), (2, 0), (3, ord("f")))


@dataclass(frozen=True)
class _Base:
    """What the mutations need to know of a base nexe."""

    name: str
    program: Program
    data: bytes
    phnum: int
    phdrs: tuple[dict[str, int], ...]  # each program header's fields
    entry: int
    text_offset: int  # file offset of TEXT_START
    text_size: int
    functions: tuple[int, ...]  # function start addresses in the text
    hot: tuple[int, ...]  # instruction starts near the entry and main (likely to run)
    starts: tuple[int, ...]  # every instruction start of the text, as capstone decodes it
    lengths: dict[int, int]


def _instruction_starts(text: bytes, base: int) -> dict[int, int]:
    import capstone

    md = capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)
    out: dict[int, int] = {}
    # Decoding from each bundle start keeps going past bytes capstone cannot read.
    for bundle in range(0, len(text), 32):
        pos = bundle
        while pos < min(bundle + 32, len(text)):
            if base + pos in out:
                pos += out[base + pos]
                continue
            ins = next(md.disasm_lite(text[pos:pos + 15], base + pos, 1), None)
            if ins is None:
                pos += 1
                continue
            out[base + pos] = ins[1]
            pos += ins[1]
    return out


@functools.lru_cache(maxsize=8)
def _base(index: int) -> _Base:
    """The base program `index`, built once per process (the build cache makes that ~0.1 s)."""
    import tempfile

    name, source = BASES[index]
    program = Program(((name, source()),), opt="-O2")
    with tempfile.TemporaryDirectory(prefix="fuzz-nexe-base-") as tmp:
        data = program.build(Path(tmp)).read_bytes()
    loader = check_loader(data)
    assert loader.layout is not None, f"{name} does not load"
    text_segment = next(s for s in loader.layout.segments if s.role == "text")
    phoff, phnum = int.from_bytes(data[32:40], "little"), int.from_bytes(data[56:58], "little")
    phdrs = tuple({f: int.from_bytes(data[phoff + 56 * i + o:phoff + 56 * i + o + n], "little")
                   for f, (o, n) in PHDR_FIELDS.items()} for i in range(phnum))
    text = loader.text
    lengths = _instruction_starts(text, TEXT_START)
    symbols = elf_function_symbols(data)
    functions = tuple(sorted(a for a in symbols if TEXT_START <= a < TEXT_START + len(text)))
    hot: list[int] = []
    for name_wanted in ("_start", "main"):
        start = next((a for a, n in symbols.items() if n == name_wanted), None)
        at = start
        while at is not None and at in lengths and len(hot) < 40 and at < TEXT_START + len(text):
            hot.append(at)
            at += lengths[at]
    return _Base(name, program, data, phnum, phdrs, loader.layout.entry,
                 text_segment.offset + (TEXT_START - text_segment.vaddr), len(text), functions, tuple(hot),
                 tuple(sorted(lengths)), lengths)


class _Mutator:
    """One method per MUTATION_KINDS entry: the patches of one mutation of `base`."""

    def __init__(self, rng: random.Random, base: _Base) -> None:
        self.rng, self.base = rng, base

    def _bytes_at(self, address: int, code: bytes) -> list[Patch]:
        """`code` written over the text at user address `address` (clipped to the text)."""
        offset = self.base.text_offset + (address - TEXT_START)
        end = self.base.text_offset + self.base.text_size
        return [Patch(f"byte[{offset + i}]", b) for i, b in enumerate(code) if offset + i < end]

    def _site(self) -> int:
        pool = self.base.hot if self.base.hot and self.rng.random() < 0.7 else self.base.starts
        return self.rng.choice(pool)

    def entry(self) -> list[Patch]:
        b = self.base
        choices = [b.entry + self.rng.randrange(1, 32), b.entry + 32, TEXT_START + b.text_size, TRAMPOLINE, 0,
                   TEXT_START - 32, 0xFFFFFFE0, *(f for f in b.functions[:20] if f % 32 == 0)]
        return [Patch("e_entry", self.rng.choice(choices))]

    def ehdr(self) -> list[Patch]:
        if self.rng.random() < 0.15:
            index, value = self.rng.choice(_MAGIC)
            return [Patch(f"byte[{index}]", value)]
        field = self.rng.choice(sorted(_EHDR_VALUES))
        value = self.rng.choice(_EHDR_VALUES[field])
        if field == "e_phnum" and value == 2:
            value = max(0, self.base.phnum - 1)
        return [Patch(field, value)]

    def phdr(self) -> list[Patch]:
        b, rng = self.base, self.rng
        i = rng.randrange(b.phnum)
        h = b.phdrs[i]
        field = rng.choice(sorted(PHDR_FIELDS))
        values: dict[str, list[int]] = {
            "p_type": [PT_NULL, PT_LOAD, PT_NOTE, PT_PHDR, PT_TLS, PT_GNU_STACK, PT_GNU_PROPERTY, 0x70000000],
            "p_flags": list(range(8)),
            "p_offset": [0, h["p_offset"] + 1, h["p_offset"] + 0x10000, 1 << 40],
            "p_vaddr": [0, h["p_vaddr"] + 0x10000, h["p_vaddr"] - 0x10000, h["p_vaddr"] + 32, 0x400000,
                        0xFFFF0000, 1 << 32],
            "p_paddr": [0, 0xDEADBEEF],
            "p_filesz": [0, h["p_filesz"] + 32, h["p_memsz"] + 1, h["p_filesz"] // 2, 1 << 33],
            "p_memsz": [0, h["p_memsz"] + 0x10000, max(0, h["p_filesz"] - 1), 1 << 32, 0x7FFFFFFF],
            "p_align": [0, 1, 0x1000, 3],
        }
        value = rng.choice([v for v in values[field] if v != h[field]] or [h[field] ^ 1])
        return [Patch(f"phdr[{i}].{field}", value)]

    def phdr_add(self) -> list[Patch]:
        n, rng = self.base.phnum, self.rng
        ptype, flags = rng.choice(((PT_GNU_STACK, PF_R | PF_W), (PT_NOTE, PF_R), (PT_GNU_PROPERTY, PF_R),
                                   (PT_LOAD, PF_R), (PT_LOAD, PF_R | PF_X), (PT_TLS, PF_R), (PT_PHDR, PF_R)))
        patches = [Patch(f"phdr[{n}].p_type", ptype), Patch(f"phdr[{n}].p_flags", flags)]
        if rng.random() < 0.6:
            patches.append(Patch(f"phdr[{n}].p_memsz", rng.choice((0x20, 0x1000, 0x10000))))
            patches.append(Patch(f"phdr[{n}].p_vaddr", rng.choice((0, 0x10000, 0x20000, 0x1000000, 0x7FFF0000))))
        return patches

    def flip(self) -> list[Patch]:
        b, rng = self.base, self.rng
        address = self._site() + rng.randrange(3) if rng.random() < 0.5 else TEXT_START + rng.randrange(b.text_size)
        offset = b.text_offset + min(address - TEXT_START, b.text_size - 1)
        old = b.data[offset]
        new = old ^ (1 << rng.randrange(8)) if rng.random() < 0.6 else rng.randrange(256)
        return [Patch(f"byte[{offset}]", new if new != old else old ^ 0xFF)]

    def replace(self) -> list[Patch]:
        site = self._site()
        code = UNSAFE[self.rng.choice(sorted(UNSAFE))]
        length = self.base.lengths.get(site, 1)
        return self._bytes_at(site, code + b"\x90" * max(0, length - len(code)))

    def trampoline(self) -> list[Patch]:
        """A direct call or jump into a trampoline slot (or just past one) in place of an instruction."""
        site = self._site()
        target = TRAMPOLINE + 32 * self.rng.choice(TRAMPOLINE_SLOTS) + (self.rng.choice((0, 0, 0, 5)))
        opcode = self.rng.choice((b"\xe8", b"\xe9"))
        rel = (target - (site + 5)) & 0xFFFFFFFF
        code = opcode + rel.to_bytes(4, "little")
        return self._bytes_at(site, code + b"\x90" * max(0, self.base.lengths.get(site, 1) - 5))

    def bundle(self) -> list[Patch]:
        """A 5-byte `mov $imm, %eax` that starts 1-4 bytes before a bundle boundary."""
        b = self.base
        boundary = TEXT_START + 32 * self.rng.randrange(1, max(2, b.text_size // 32))
        if b.hot and self.rng.random() < 0.6:
            boundary = (self.rng.choice(b.hot) + 31) & ~31
        return self._bytes_at(boundary - self.rng.randrange(1, 5), b"\xb8\x01\x00\x00\x00")

    def jump_inside(self) -> list[Patch]:
        """A short jump to a byte that is not an instruction start (or, sometimes, one that is)."""
        site = self._site()
        targets = [a + 1 for a in self.base.starts if 0 < a + 1 - (site + 2) < 120 and a + 1 not in self.base.lengths]
        targets += [a for a in self.base.starts if 0 < a - (site + 2) < 120][:3]
        if not targets:
            return []
        rel = self.rng.choice(targets) - (site + 2)
        return self._bytes_at(site, bytes((0xEB, rel)))


def _runs(patches: tuple[Patch, ...]) -> list[tuple[int, int]]:
    """[start, end) index ranges of adjacent patches that edit consecutive bytes (one mutation's bytes)."""
    def offset(p: Patch) -> int | None:
        return int(p.field[5:-1]) if p.field.startswith("byte[") else None

    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(patches) + 1):
        a, b = offset(patches[i - 1]), offset(patches[i]) if i < len(patches) else None
        if i == len(patches) or a is None or b is None or b != a + 1:
            runs.append((start, i))
            start = i
    return runs


def session_for(nexe: Path) -> Session:
    return Session(nexe, channels=standard_channels(STDIN, out_limit=1 << 20), memory=MEMORY, timeout=TIMEOUT)


class NexeGenerator:
    """Generator (c): a base program with 1-`max_mutations` ELF or instruction mutations per seed."""

    name = "nexe"

    def __init__(self, max_mutations: int = 3) -> None:
        self.max_mutations = max_mutations

    def unavailable(self) -> str | None:
        return None

    def mutate(self, seed: int) -> tuple[int, tuple[Patch, ...], tuple[str, ...]]:
        """The seed's base program index, its patches and the mutation kinds, in order."""
        rng = random.Random(f"nexe:{seed}")
        index = rng.randrange(len(BASES))
        mutator = _Mutator(rng, _base(index))
        patches: list[Patch] = []
        kinds: list[str] = []
        for _ in range(rng.randint(1, self.max_mutations)):
            kind = rng.choice(MUTATION_KINDS)
            got = getattr(mutator, kind)()
            if got and _applies(mutator.base.data, (*patches, *got)):
                patches += got
                kinds.append(kind)
        return index, tuple(patches), tuple(kinds)

    def generate(self, seed: int, work: Path) -> Trial:
        index, patches, kinds = self.mutate(seed)
        base = _base(index)
        program = replace(base.program, patches=patches)
        note = f"{base.name} with {', '.join(kinds)} ({len(patches)} patches)"
        return Trial(self.name, seed, program, session_for(_write_nexe(work, base.data, patches)), note=note,
                     size=len(patches), scan=True)

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        patches = trial.program.patches
        base = next((b for b in map(_base, range(len(BASES))) if b.program.sources == trial.program.sources), None)
        data = base.data if base is not None else None
        candidates: list[tuple[Patch, ...]] = []
        for start, end in _runs(patches):
            if end - start > 1:
                candidates.append(patches[:start] + patches[end:])
        candidates += [patches[:i] + patches[i + 1:] for i in range(len(patches))]
        seen: set[tuple[Patch, ...]] = set()
        for n, kept in enumerate(candidates):
            if kept in seen:
                continue
            seen.add(kept)
            if data is not None and not _applies(data, kept):
                continue  # an earlier edit (of e_phoff, e_phnum) was what let a later one land in the file
            program = replace(trial.program, patches=kept)
            where = work / f"shrink-{n}"
            if data is not None:
                nexe = _write_nexe(where, data, kept)
            else:
                nexe = program.build(where)
                nexe.chmod(0o644)
            yield replace(trial, program=program, session=replace(trial.session, nexe=nexe), size=len(kept))


def _applies(data: bytes, patches: tuple[Patch, ...]) -> bool:
    try:
        apply_patches(data, list(patches))
    except PatchError:
        return False
    return True


def _write_nexe(work: Path, data: bytes, patches: tuple[Patch, ...]) -> Path:
    """The patched nexe as Program.build makes it, without execute permission: it is untrusted code."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / "program.nexe"
    out.write_bytes(apply_patches(data, list(patches)) if patches else data)
    out.chmod(0o644)
    return out


# ---------------------------------------------------------------------------------------------
# The scanner in the comparison


@dataclass(frozen=True)
class ScanVerdict:
    """What the static scanner says zerovm will do with a nexe before it runs any of it."""

    loads: bool
    load_exit_code: int | None  # zerovm's exit code for the loader's first finding (0: it loads)
    valid: bool  # it loads and the validator accepts its text

    @classmethod
    def of(cls, nexe: Path) -> ScanVerdict:
        report = scan_bytes(nexe.read_bytes(), name=nexe.name)
        return cls(bool(report.loads), report.load_exit_code, report.valid)


def scan_differences(trial: Trial, result: RunResult, verdict: ScanVerdict | None = None) -> list[Difference]:
    """How the scanner's verdict on the trial's nexe differs from what a target did with it
    (Difference.a: the scanner, .b: the target).  The manifest is valid and run without -s, so
    validator state 2 is a load failure and 0/1 the validator's answer.  [] when the trial does
    not ask for the scanner or the target gave no report."""
    if not getattr(trial, "scan", False) or trial.session.nexe is None or result.validator_state is None:
        return []
    verdict = verdict or ScanVerdict.of(trial.session.nexe)
    loads = result.validator_state in (0, 1)
    out: list[Difference] = []
    if verdict.loads != loads:
        out.append(Difference("scan.loads", verdict.loads, loads))
    elif not loads and verdict.load_exit_code != result.exit_code:
        out.append(Difference("scan.load_exit_code", verdict.load_exit_code, result.exit_code))
    elif loads and verdict.valid != (result.validator_state == 0):
        out.append(Difference("scan.valid", verdict.valid, result.validator_state == 0))
    return out


ENV_VALZ = "ZEROVM_VALZ"
VALZ_TIMEOUT_S = 60


def valz_valid(valz: Path, nexe: Path) -> bool | None:
    """The real validator's answer on a nexe (True: safe), None when it cannot read it (exit 2)."""
    proc = subprocess.run([str(valz), "--cpuid-all", str(nexe)], capture_output=True, timeout=VALZ_TIMEOUT_S,
                          check=False)
    return {0: True, 1: False}.get(proc.returncode)


def valz_differences(trial: Trial, valz: Path | None = None, verdict: ScanVerdict | None = None
                     ) -> list[Difference]:
    """The scanner against valz on a nexe that the scanner says loads (valz reads the text
    through the section headers, which the loader ignores: only byte edits and untouched
    headers compare like with like).  Difference.a: the scanner, .b: valz."""
    if not getattr(trial, "scan", False) or trial.session.nexe is None:
        return []
    found = valz or (Path(os.environ[ENV_VALZ]) if os.environ.get(ENV_VALZ) else None)
    if found is None or not all(p.field.startswith("byte[") and int(p.field[5:-1]) >= 64
                                for p in trial.program.patches):
        return []
    verdict = verdict or ScanVerdict.of(trial.session.nexe)
    if not verdict.loads:
        return []
    answer = valz_valid(found, trial.session.nexe)
    if answer is None or answer == verdict.valid:
        return []
    return [Difference("valz.valid", verdict.valid, answer)]
