"""The csmith generator (harness.fuzz.csmithgen): says why it cannot run, makes the same trial from the same
seed, skips by its documented rule, and its trials agree on the reference target and (with $ZEROVM) zerovm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.fuzz import csmithgen
from harness.fuzz.csmithgen import CsmithGenerator, csmith_seed, self_contained
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import BuildError
from harness.toolchain.builtin import gcc_supports_x32
from tests.test_fuzz_trapgen import differences, work_dir

needs_csmith = pytest.mark.skipif(CsmithGenerator().unavailable() is not None,
                                  reason="csmith is not installed: apt-get install csmith libcsmith-dev")
needs_x32 = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                               reason="the host gcc with -mx32 is needed")


def test_unavailable_without_csmith(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csmithgen.shutil, "which", lambda name: None)
    g = CsmithGenerator()
    assert g.unavailable() == "csmith not installed (apt-get install csmith libcsmith-dev)"
    with pytest.raises(BuildError, match="csmith not installed"):
        g.generate(1, Path("/nonexistent"))


def test_header_named_by_absolute_path() -> None:
    assert self_contained('#include "csmith.h"\nint x;\n') == '#include "/usr/include/csmith/csmith.h"\nint x;\n'


def test_seeds_tried_in_a_fixed_order() -> None:
    assert csmith_seed(7, 0) == 7
    tried = [csmith_seed(7, k) for k in range(csmithgen.ATTEMPTS)]
    assert len(set(tried)) == csmithgen.ATTEMPTS
    assert all(0 <= n < 1 << 32 for n in (csmith_seed((1 << 32) - 1, 3), *tried))


@needs_csmith
@needs_x32
def test_same_seed_same_trial_and_ref_agrees_with_itself(tmp_path: Path) -> None:
    g, ref = CsmithGenerator(), RefTarget()
    first = g.generate(3, work_dir(tmp_path, "a"))
    again = g.generate(3, work_dir(tmp_path, "b"))
    assert first.program == again.program and first.note == again.note
    assert first.note.startswith("csmith --seed ") and first.session.timeout == csmithgen.TRIAL_TIMEOUT
    assert list(g.shrink(first, tmp_path)) == []
    one, two = ref.run(first.session), ref.run(again.session)
    assert one.exit_state == "ok" and one.outputs["/dev/stdout"].startswith(b"checksum = ")
    assert differences(one, two) == []


@needs_csmith
@needs_x32
def test_a_program_over_the_budget_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a native limit nothing meets, every attempt is skipped and the reasons are given."""
    monkeypatch.setattr(csmithgen, "NATIVE_LIMIT_S", 0.0)
    monkeypatch.setattr(csmithgen, "ATTEMPTS", 1)
    with pytest.raises(BuildError, match=r"no usable program for seed 5: 5: native run failed or took over"):
        CsmithGenerator().generate(5, work_dir(tmp_path, "w"))


@pytest.mark.zerovm
@needs_csmith
@needs_x32
def test_ref_and_zerovm_agree(tmp_path: Path, zerovm: ZerovmTarget) -> None:
    g, ref = CsmithGenerator(), RefTarget()
    for seed in (1, 5):
        trial = g.generate(seed, work_dir(tmp_path, str(seed)))
        assert differences(ref.run(trial.session), zerovm.run(trial.session)) == [], trial.note
