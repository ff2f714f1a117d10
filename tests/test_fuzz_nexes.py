"""The nexe generator of the differential campaign: deterministic, varied, shrinkable; its mutants
never run outside the emulator; the scanner's verdict takes part in the comparison; its trials
agree between targets (ref against itself everywhere; ref against zerovm with ZEROVM, valz with
ZEROVM_VALZ)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from harness.elfpatch import Patch
from harness.fuzz import nexes
from harness.fuzz.model import Difference
from harness.fuzz.nexes import MUTATION_KINDS, NexeGenerator, ScanVerdict, scan_differences, valz_differences
from harness.targets import RunResult
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from tests.fuzz_loop import differences

# Seeds whose mutants end quickly on ref (a mutant that spins costs ~10 s of emulation).
QUICK_SEEDS = (0, 1, 2, 3, 5)


@pytest.fixture(scope="module")
def generator() -> NexeGenerator:
    return NexeGenerator()


def test_same_seed_same_trial(generator: NexeGenerator, tmp_path: Path) -> None:
    a = generator.generate(11, tmp_path / "a")
    b = generator.generate(11, tmp_path / "b")
    assert (a.program, a.size, a.note, a.scan) == (b.program, b.size, b.note, True)
    assert a.session.nexe is not None and b.session.nexe is not None
    assert a.session.nexe.read_bytes() == b.session.nexe.read_bytes()
    assert generator.generate(12, tmp_path / "c").program != a.program


def test_every_mutation_kind_appears_in_50_seeds(generator: NexeGenerator) -> None:
    seen: set[str] = set()
    programs = set()
    bases = set()
    for seed in range(50):
        index, patches, kinds = generator.mutate(seed)
        seen.update(kinds)
        programs.add(patches)
        bases.add(index)
        assert len(patches) >= len(kinds)
    assert seen == set(MUTATION_KINDS)
    assert len(bases) == len(nexes.BASES)
    assert len(programs) >= 45


def test_patches_are_what_the_case_file_would_apply(generator: NexeGenerator, tmp_path: Path) -> None:
    """The trial's nexe is its Program built and patched: a finding replays from its case file."""
    trial = generator.generate(4, tmp_path / "g")
    built = trial.program.build(tmp_path / "b")
    assert trial.session.nexe is not None
    from harness.loader import check_loader

    # The files differ only in the build directory named in their debug information.
    assert check_loader(built.read_bytes()).text == check_loader(trial.session.nexe.read_bytes()).text
    assert check_loader(built.read_bytes()).exit_code == check_loader(trial.session.nexe.read_bytes()).exit_code


def test_shrink_drops_patches(generator: NexeGenerator, tmp_path: Path) -> None:
    seed = next(s for s in range(200) if len(generator.mutate(s)[2]) >= 3 and len(generator.mutate(s)[1]) >= 4)
    trial = generator.generate(seed, tmp_path / "g")
    candidates = list(generator.shrink(trial, tmp_path / "s"))
    assert candidates
    for c in candidates:
        assert c.size == len(c.program.patches) < trial.size
        assert set(c.program.patches) < set(trial.program.patches)
        assert c.session.nexe is not None and c.session.nexe.is_file()
    # Biggest cuts first: a whole multi-byte edit goes before single bytes.
    assert candidates[0].size <= candidates[-1].size
    while trial.size:
        trial = next(generator.shrink(trial, tmp_path / f"s{trial.size}"))
    assert trial.program.patches == ()


def test_mutants_never_run_natively(generator: NexeGenerator, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A mutant is untrusted code: not executable, and nothing the generator does executes it."""
    started: list[str] = []
    real_popen = subprocess.Popen

    def spy(args: object, *rest: object, **kw: object) -> subprocess.Popen[bytes]:
        started.append(str(args[0] if isinstance(args, (list, tuple)) else args))
        return real_popen(args, *rest, **kw)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", spy)
    trials = [generator.generate(seed, tmp_path / str(seed)) for seed in range(8)]
    trials += list(generator.shrink(trials[0], tmp_path / "shrink"))
    for trial in trials:
        assert trial.session.nexe is not None
        assert trial.session.nexe.stat().st_mode & 0o111 == 0
        assert not any(Path(arg).name == "program.nexe" for arg in started)


def test_scanner_comparison_on_a_known_invalid_mutant(generator: NexeGenerator, tmp_path: Path) -> None:
    base = nexes._base(0)
    main = base.hot[-1]  # an instruction of main
    patches = (Patch(f"byte[{base.text_offset + main - nexes.TEXT_START}]", 0xC3),)  # ret: forbidden
    trial = generator.generate(0, tmp_path / "g")
    trial = replace(trial, program=replace(trial.program, patches=patches),
                    session=nexes.session_for(nexes._write_nexe(tmp_path / "ret", base.data, patches)))
    assert trial.session.nexe is not None
    verdict = ScanVerdict.of(trial.session.nexe)
    assert verdict == ScanVerdict(loads=True, load_exit_code=0, valid=False)
    ref = RefTarget().run(trial.session)
    assert (ref.exit_code, ref.validator_state) == (8, 1)
    assert scan_differences(trial, ref) == []
    accepted = RunResult("fake", "exited", 0, validator_state=0)
    assert scan_differences(trial, accepted) == [Difference("scan.valid", False, True)]
    not_loaded = RunResult("fake", "exited", 8, validator_state=2)
    assert scan_differences(trial, not_loaded) == [Difference("scan.loads", True, False)]
    # A trial that does not ask for the scanner is not compared with it.
    assert scan_differences(replace(trial, scan=False), accepted) == []


def test_scanner_comparison_on_a_loader_failure(generator: NexeGenerator, tmp_path: Path) -> None:
    base = nexes._base(1)
    patches = (Patch("e_machine", 3),)
    trial = generator.generate(0, tmp_path / "g")
    trial = replace(trial, program=replace(trial.program, patches=patches),
                    session=nexes.session_for(nexes._write_nexe(tmp_path / "m", base.data, patches)))
    ref = RefTarget().run(trial.session)
    assert (ref.exit_code, ref.validator_state) == (8, 2)
    assert scan_differences(trial, ref) == []
    assert scan_differences(trial, replace(ref, exit_code=5)) == [Difference("scan.load_exit_code", 8, 5)]


def test_ref_agrees_with_itself(generator: NexeGenerator, tmp_path: Path) -> None:
    ref = RefTarget()
    for seed in QUICK_SEEDS[:3]:
        trial = generator.generate(seed, tmp_path / str(seed))
        a, b = ref.run(trial.session), ref.run(trial.session)
        assert differences(a, b) == [], (seed, trial.program.patches)
        assert scan_differences(trial, a) == [], (seed, trial.program.patches)


@pytest.mark.zerovm
def test_ref_and_scanner_agree_with_zerovm(generator: NexeGenerator, zerovm: ZerovmTarget, tmp_path: Path) -> None:
    ref = RefTarget()
    valz = os.environ.get(nexes.ENV_VALZ)
    for seed in range(20):
        trial = generator.generate(seed, tmp_path / str(seed))
        a, b = ref.run(trial.session), zerovm.run(trial.session)
        assert differences(a, b) == [], (seed, trial.program.patches)
        assert scan_differences(trial, b) == [], (seed, trial.program.patches)
        if valz:
            assert valz_differences(trial, Path(valz)) == [], (seed, trial.program.patches)


@pytest.mark.valz
def test_valz_comparison_on_a_known_invalid_mutant(generator: NexeGenerator, valz: Path, tmp_path: Path) -> None:
    base = nexes._base(2)
    patches = (Patch(f"byte[{base.text_offset + base.hot[0] - nexes.TEXT_START}]", 0xCC),)  # int3: forbidden
    trial = generator.generate(0, tmp_path / "g")
    trial = replace(trial, program=replace(trial.program, patches=patches),
                    session=nexes.session_for(nexes._write_nexe(tmp_path / "int3", base.data, patches)))
    assert trial.session.nexe is not None
    assert nexes.valz_valid(valz, trial.session.nexe) is False
    assert valz_differences(trial, valz) == []
    lying = ScanVerdict(loads=True, load_exit_code=0, valid=True)
    assert valz_differences(trial, valz, lying) == [Difference("valz.valid", True, False)]
