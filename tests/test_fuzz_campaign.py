"""harness.fuzz.campaign and `python -m harness fuzz`: trials on two targets, disagreements replayed,
minimised and written as cases that fail on the differing side; the same finding met again counted as a
duplicate; flaky ones told apart; --time bounding the whole campaign; generators paced by time; Ctrl-C.

The targets are the reference target and wrappers of it that break one thing on purpose
(tests/fuzzgen.py), so everything runs without a real zerovm."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from harness.cases import load_case
from harness.compare import compare_run
from harness.fuzz.campaign import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, Campaign, Settings, trial_seed
from harness.fuzz.generators import REGISTRY, UnknownGenerator, load
from harness.fuzz.targets import PYTHON, REF, TargetSpec
from harness.targets import Session
from tests.fuzzgen import BrokenTarget, CostlyEchoGenerator, EchoGenerator, SlowShrinkGenerator, echo_nexe

ROOT = Path(__file__).resolve().parents[1]
GEN = "tests.fuzzgen:EchoGenerator"
REF_SPEC = TargetSpec(REF)


@pytest.fixture(scope="module", autouse=True)
def _built() -> None:
    echo_nexe()  # built once here; forked workers inherit it


def campaign(tmp_path: Path, b: str, count: int | None = 6, generators: dict[str, object] | None = None,
             **kw: object) -> Campaign:
    generators = generators or {GEN: EchoGenerator()}
    settings = Settings(a=REF_SPEC, b=TargetSpec(PYTHON, b), generators=tuple(generators), seed=1,
                        out=tmp_path / "out", count=count, jobs=2, **{"minimise_s": 30, **kw})  # type: ignore[arg-type]
    return Campaign(settings, generators, {})  # type: ignore[arg-type]


def x_seeds(tmp_path: Path, count: int, word: bytes = b"X", name: str = GEN) -> list[int]:
    """The seeds among the first `count` trials of seed 1 whose stdin has `word` (the generator's choice)."""
    gen = EchoGenerator()
    seeds = (trial_seed(1, name, i) for i in range(count))
    return [s for s in seeds if word in (gen.generate(s, tmp_path / f"g{s}").session.channels[0].data or b"")]


def test_trial_seeds_are_reproducible_and_distinct() -> None:
    assert trial_seed(1, "trap", 0) == trial_seed(1, "trap", 0)
    seeds = {trial_seed(s, g, i) for s in (1, 2) for g in ("trap", "nexe") for i in range(50)}
    assert len(seeds) == 200 and all(0 <= s < 1 << 48 for s in seeds)


def test_registry_reports_missing_generators() -> None:
    assert set(REGISTRY) == {"trap", "csmith", "manifest", "nexe"}
    missing = load("pkg_that_is_not_there.gen:G")
    assert missing.generator is None and "not installed" in (missing.reason or "")
    assert load(GEN).generator is not None
    with pytest.raises(UnknownGenerator, match="unknown generator 'nope'"):
        load("nope")


def test_same_behaviour_on_both_sides_finds_nothing(tmp_path: Path) -> None:
    summary = campaign(tmp_path, "harness.targets.ref:RefTarget", count=4).run()
    stats = summary.to_json()["generators"][GEN]
    assert (stats["trials"], stats["sessions"], stats["disagreements"], stats["errors"]) == (4, 8, 0, 0)
    assert summary.exit_code == EXIT_OK and not summary.findings
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["exit_code"] == EXIT_OK


def test_a_difference_is_replayed_minimised_and_emitted(tmp_path: Path) -> None:
    summary = campaign(tmp_path, "tests.fuzzgen:BrokenTarget", count=8).run()
    assert summary.exit_code == EXIT_FINDINGS
    data = json.loads((tmp_path / "out" / "summary.json").read_text())
    # Seed 1's eight trials: the generator puts an X in some of them (its choice of words), and only those
    # differ, all the same way: one finding, the others its duplicates (listed with it, not emitted).
    xs = x_seeds(tmp_path, 8)
    assert len(xs) >= 3
    (f,) = data["findings"]
    assert sorted([f["seed"], *(d["seed"] for d in f["duplicates"])]) == sorted(xs)
    assert f["duplicate_count"] == len(xs) - 1 and f["signature"]
    assert all(d["replay"] == f"--replay {GEN}:{d['seed']}" and d["fields"] == ["outputs[/dev/stdout]"]
               for d in f["duplicates"])
    stats = data["generators"][GEN]
    assert (stats["disagreements"], stats["findings"], stats["duplicates"], stats["flaky"]) == (len(xs), 1,
                                                                                              len(xs) - 1, 0)
    assert len(list((tmp_path / "out" / "cases" / "fuzz").glob("*.toml"))) == 1
    for f in data["findings"]:
        assert f["fields"] == ["outputs[/dev/stdout]"] and f["replay"] == f"--replay {GEN}:{f['seed']}"
        assert f["size"] == 1 < f["original_size"]  # shrunk to the one line that shows it
        case = load_case(Path(f["case"]), tmp_path / "out" / "cases")
        stdin = case.channels[0].data or b""
        assert stdin.count(b"\n") == 1 and b"X" in stdin
        # The case passes on the side it expects and fails on the other, on the field that differs.
        session = Session(echo_nexe(), case.channels, case.memory, timeout=case.timeout)
        assert compare_run(case, REF_SPEC.make().run(session)) == []
        assert [m[0] for m in compare_run(case, BrokenTarget().run(session))] == ["run.outputs[/dev/stdout]"]


def test_two_different_breaks_are_two_findings(tmp_path: Path) -> None:
    # TwoBugsTarget changes stdout when it has an X, else the user code when it has "beta": two bugs, two cases.
    summary = campaign(tmp_path, "tests.fuzzgen:TwoBugsTarget", count=8, minimise=False).run()
    data = summary.to_json()
    xs, betas = x_seeds(tmp_path, 8), [s for s in x_seeds(tmp_path, 8, b"beta") if s not in x_seeds(tmp_path, 8)]
    assert xs and betas
    by_fields = {tuple(f["fields"]): f for f in data["findings"]}
    assert set(by_fields) == {("outputs[/dev/stdout]",), ("user_code",)}
    assert by_fields[("user_code",)]["signature"] != by_fields[("outputs[/dev/stdout]",)]["signature"]
    for fields, seeds in ((("outputs[/dev/stdout]",), xs), (("user_code",), betas)):
        f = by_fields[fields]
        assert sorted([f["seed"], *(d["seed"] for d in f["duplicates"])]) == sorted(seeds)
    assert data["generators"][GEN]["duplicates"] == len(xs) + len(betas) - 2
    assert len(list((tmp_path / "out" / "cases" / "fuzz").glob("*.toml"))) == 2


def test_time_bounds_the_minimisation_of_a_late_finding(tmp_path: Path) -> None:
    # The generator's shrinking never ends: only the campaign's deadline (plus its grace) stops it, not the
    # 60 s of --minimise-time.  What it kept is a reproducing trial, written as a case; the summary says it was cut.
    gens = {"tests.fuzzgen:SlowShrinkGenerator": SlowShrinkGenerator()}
    start = time.monotonic()
    summary = campaign(tmp_path, "tests.fuzzgen:BrokenTarget", count=None, generators=gens, time_s=2.0,
                       time_grace_s=2.0, minimise_s=60).run()
    took = time.monotonic() - start
    assert took < 2.0 + 2.0 + 8.0, took  # time + grace + a replay, the pool's start and end, a loaded machine
    data = summary.to_json()
    assert data["findings"] and data["time_grace_s"] == 2.0
    for f in data["findings"]:
        assert f["minimise_ended"] == "deadline" and f["minimise_cut_short"] is True and f["minimise_steps"] > 0
        assert Path(f["case"]).is_file()


def test_generators_share_the_workers_time_not_turns(tmp_path: Path) -> None:
    # echo trials take a tenth of costly's (a second each) or less: by turns they would run as many trials
    # as costly, by time many times as many, and each generator has about half of the time.
    cheap, costly = GEN, "tests.fuzzgen:CostlyEchoGenerator"
    gens = {cheap: EchoGenerator(), costly: CostlyEchoGenerator()}
    data = campaign(tmp_path, "harness.targets.ref:RefTarget", count=None, generators=gens, time_s=5.0).run().to_json()
    g = data["generators"]
    assert g[costly]["trials"] >= 2 and g[cheap]["trials"] > 3 * g[costly]["trials"], g
    assert g[cheap]["avg_trial_s"] < g[costly]["avg_trial_s"]
    share = g[cheap]["trial_time_s"] / (g[cheap]["trial_time_s"] + g[costly]["trial_time_s"])
    assert 0.3 < share < 0.7, g


def test_a_changed_user_code_is_found_without_minimising(tmp_path: Path) -> None:
    summary = campaign(tmp_path, "tests.fuzzgen:ExitTarget", minimise=False).run()
    assert summary.findings
    for f in summary.findings:
        assert [d.field for d in f.differences] == ["user_code"]
        assert f.finding is not None and f.finding.trial == f.finding.original and f.ended == "off"
        assert f.finding.case_dir is not None


def test_a_flaky_difference_is_not_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seen").mkdir()
    monkeypatch.setenv("FUZZ_FLAKY_DIR", str(tmp_path / "seen"))
    summary = campaign(tmp_path, "tests.fuzzgen:FlakyTarget").run()
    data = summary.to_json()
    assert summary.exit_code == EXIT_OK and not data["findings"]
    assert data["generators"][GEN]["flaky"] == data["generators"][GEN]["disagreements"] > 0
    assert all(f["replay_fields"] == [] for f in data["flaky"])
    assert not (tmp_path / "out" / "cases").exists()


def fuzz(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", "fuzz", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False, **kw)  # type: ignore[call-overload]


@pytest.mark.parametrize(("args", "message"), [
    (("--a", "ref", "--b", "ref", "--count", "1"), "--a and --b are the same target"),
    (("--a", "ref", "--b", "/no/such/zerovm", "--count", "1"), "no such zerovm binary"),
    (("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--generator", "nope", "--count", "1"),
     "unknown generator 'nope'"),
    (("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--generator", "trap", "--count", "1"),
     "generator trap is unavailable"),
    (("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--generator", GEN), "--time SECONDS and/or --count N"),
    (("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--replay", "echo"), "give GENERATOR:SEED"),
    (("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--count", "0"), "--count must be at least 1"),
])
def test_bad_usage_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    if "trap" in args and load("trap").generator is not None:
        pytest.skip("the trap generator is installed on this branch")
    proc = fuzz(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr


def test_replay_prints_both_sides_differences() -> None:
    # A seed whose stdin has an X differs: the first such seed.
    with tempfile.TemporaryDirectory() as tmp:
        seed = next(s for s in range(100)
                    if b"X" in (EchoGenerator().generate(s, Path(tmp) / str(s)).session.channels[0].data or b""))
    proc = fuzz("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--replay", f"{GEN}:{seed}")
    assert proc.returncode == 1, proc.stderr
    assert "outputs[/dev/stdout]" in proc.stdout and "at offset" in proc.stdout
    assert "a (ref)" in proc.stdout and "b (tests.fuzzgen:BrokenTarget)" in proc.stdout


def test_ctrl_c_stops_cleanly_and_keeps_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "harness", "fuzz", "--a", "ref", "--b", "tests.fuzzgen:SlowTarget",
                             "--generator", GEN, "--time", "100", "-j", "2", "--out", str(out), "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out / "work").exists():
            time.sleep(0.2)
        time.sleep(3)  # trials under way
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == EXIT_INTERRUPTED, stderr
    assert "stopping:" in stderr and "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["interrupted"] is True and summary["exit_code"] == EXIT_INTERRUPTED
    assert json.loads(stdout)["interrupted"] is True
    assert not (out / "work").exists()  # the trials' directories are removed


def test_findings_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = fuzz("--a", "ref", "--b", "tests.fuzzgen:BrokenTarget", "--generator", GEN, "--count", "4", "-j", "2",
                "--seed", "1", "--out", str(out), "--no-minimise")
    assert proc.returncode == EXIT_FINDINGS, proc.stderr
    assert "generator" in proc.stdout and "sessions/min" in proc.stdout and "finding " in proc.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 1 and summary["findings"]
    assert all(Path(f["case"]).is_file() for f in summary["findings"])
