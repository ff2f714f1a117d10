"""The manifest generator of the differential campaign: deterministic, varied, shrinkable, and its
trials agree between targets (ref against itself everywhere; ref against zerovm with ZEROVM)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.fuzz.manifests import BASE_LINES, BASE_MANIFEST, MUTATION_KINDS, ManifestGenerator, distance
from harness.fuzz.model import Trial
from harness.loader import check_loader
from harness.manifest import parse_manifest
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from tests.fuzz_loop import differences


@pytest.fixture(scope="module")
def generator() -> ManifestGenerator:
    return ManifestGenerator()


def test_same_seed_same_trial(generator: ManifestGenerator, tmp_path: Path) -> None:
    a = generator.generate(7, tmp_path / "a")
    b = generator.generate(7, tmp_path / "b")
    assert (a.session.manifest, a.session.files, a.size, a.note) == (b.session.manifest, b.session.files, b.size,
                                                                      b.note)
    assert a.session.nexe is not None and b.session.nexe is not None
    # The files differ only in the build directory named in their debug information.
    assert check_loader(a.session.nexe.read_bytes()).text == check_loader(b.session.nexe.read_bytes()).text
    assert generator.generate(8, tmp_path / "c").session.manifest != a.session.manifest


def test_every_mutation_kind_appears_in_50_seeds(generator: ManifestGenerator) -> None:
    seen: set[str] = set()
    manifests = set()
    for seed in range(50):
        lines, kinds = generator.mutate(seed)
        seen.update(kinds)
        manifests.add(lines)
        assert 1 <= len(kinds) <= generator.max_mutations
        assert lines != BASE_LINES and distance(lines) >= 1
    assert seen == set(MUTATION_KINDS)
    assert len(manifests) >= 45


def test_no_trial_relies_on_undefined_behaviour(generator: ManifestGenerator) -> None:
    """zerovm reads past an array on some manifests; those outcomes are not comparable, so never generated."""
    for seed in range(100):
        lines, _ = generator.mutate(seed)
        text = "\n".join(lines).replace("{program}", "/p").replace("{dir}", "/d")
        assert not any(p.undefined for p in parse_manifest(text).problems), seed


def test_base_manifest_is_valid_and_distance_zero() -> None:
    assert parse_manifest(BASE_MANIFEST.replace("{program}", "/p").replace("{dir}", "/d")).ok
    assert distance(BASE_LINES) == 0
    changed = list(BASE_LINES)
    changed[4] = changed[4].replace("100, 10000, 0, 0", "1, 2, 0, 0")
    assert distance(changed) == 2  # two fields of one Channel line
    assert distance([*BASE_LINES, "Foo = 1"]) == 1
    assert distance(BASE_LINES[1:]) == 1


def _shrink_to_base(generator: ManifestGenerator, trial: Trial, work: Path) -> list[int]:
    sizes = [trial.size]
    while True:
        smaller = next(generator.shrink(trial, work / str(len(sizes))), None)
        if smaller is None:
            return sizes
        assert smaller.size < trial.size
        assert smaller.size == distance(tuple((smaller.session.manifest or "").splitlines()))
        trial = smaller
        sizes.append(trial.size)


def test_shrink_lowers_size_down_to_the_valid_manifest(generator: ManifestGenerator, tmp_path: Path) -> None:
    seed = next(s for s in range(100) if distance(generator.mutate(s)[0]) >= 3)
    trial = generator.generate(seed, tmp_path / "g")
    for candidate in generator.shrink(trial, tmp_path / "all"):
        assert candidate.size < trial.size and candidate.seed == seed
    sizes = _shrink_to_base(generator, trial, tmp_path)
    assert sizes[0] >= 3 and sizes[-1] == 0, sizes


def test_field_by_field_shrink(generator: ManifestGenerator, tmp_path: Path) -> None:
    """A Channel line with two fields changed shrinks to each field alone."""
    lines = list(BASE_LINES)
    lines[4] = "Channel = {dir}/input, /dev/stdin, 0, 0, -1, x, 0, 0"
    trial = generator._trial(1, tuple(lines), tmp_path / "nexe", "two fields")
    got = {c.session.manifest.splitlines()[4] for c in generator.shrink(trial, tmp_path / "s")
           if c.session.manifest is not None}
    assert "Channel = {dir}/input, /dev/stdin, 0, 0, -1, 10000, 0, 0" in got
    assert "Channel = {dir}/input, /dev/stdin, 0, 0, 100, x, 0, 0" in got


def test_ref_agrees_with_itself(generator: ManifestGenerator, tmp_path: Path) -> None:
    ref = RefTarget()
    outcomes = set()
    for seed in range(6):
        trial = generator.generate(seed, tmp_path / str(seed))
        a, b = ref.run(trial.session), ref.run(trial.session)
        assert differences(a, b) == [], (seed, trial.session.manifest)
        outcomes.add(a.exit_code)
    assert len(outcomes) >= 2  # the mutations change what happens, not only the text


def shares_a_file(trial: Trial) -> bool:
    """Two channels on one file: a known ref difference (cases/manifest/shared_file_*.toml)."""
    text = (trial.session.manifest or "").replace("{dir}", "/d").replace("{program}", "/p")
    paths = [s.path for c in parse_manifest(text).channels for s in c.sources if s.path not in (None, "/dev/null")]
    return len(paths) != len(set(paths))


@pytest.mark.zerovm
def test_ref_agrees_with_zerovm(generator: ManifestGenerator, zerovm: ZerovmTarget, tmp_path: Path) -> None:
    ref = RefTarget()
    checked = 0
    for seed in range(24):
        trial = generator.generate(seed, tmp_path / str(seed))
        if shares_a_file(trial):
            continue
        checked += 1
        assert differences(ref.run(trial.session), zerovm.run(trial.session)) == [], (seed, trial.session.manifest)
    assert checked >= 18
