"""The trap-interface generator (harness.fuzz.trapgen): deterministic, varied, shrinkable, and its programs give
the same result on the reference target twice and (with $ZEROVM) on the real zerovm."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from harness.fuzz.model import Program
from harness.fuzz.trapgen import (
    AVOIDABLE,
    CallPlan,
    ChannelPlan,
    Plan,
    TrapGenerator,
    input_bytes,
    plan_of,
    render,
    simpler_plans,
)
from harness.targets import RunResult
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain.builtin import gcc_supports_x32

needs_x32 = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                               reason="the host gcc with -mx32 is needed")
SEEDS = range(50)
# What the campaign compares; the first two accounting fields are CPU times.
FIELDS = ("exit_code", "validator_state", "user_code", "exit_state", "etags", "outputs")
KNOWN_DIFFERENCES = frozenset(AVOIDABLE)  # every switch: see the module docstring of harness.fuzz.trapgen


def differences(a: RunResult, b: RunResult) -> list[str]:
    out = [f"{f}: {getattr(a, f)!r:.300} != {getattr(b, f)!r:.300}" for f in FIELDS if getattr(a, f) != getattr(b, f)]
    if a.accounting[2:] != b.accounting[2:]:
        out.append(f"accounting: {a.accounting} != {b.accounting}")
    return out


def work_dir(tmp_path: Path, name: str) -> Path:
    d = tmp_path / name
    d.mkdir(parents=True)
    d.chmod(0o755)  # a root harness runs sessions as another user, who reads the nexe here
    return d


def test_same_seed_same_program() -> None:
    g = TrapGenerator()
    for seed in (0, 7, 123456):
        assert render(g.plan(seed)) == render(g.plan(seed))
        assert g.plan(seed).session(Path("x")) == g.plan(seed).session(Path("x"))
    assert render(g.plan(1)) != render(g.plan(2))


def test_plan_travels_in_the_source() -> None:
    for seed in range(10):
        plan = TrapGenerator().plan(seed)
        assert plan_of(Program((("trapgen.c", render(plan)),))) == plan


def test_variety_over_fifty_seeds() -> None:
    g = TrapGenerator()
    fns: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    types: Counter[int] = Counter()
    invalid_desc = quota_edges = wide = past_table = 0
    for seed in SEEDS:
        plan = g.plan(seed)
        endings[plan.ending[0]] += 1
        types.update(c.type for c in plan.channels)
        for call in plan.calls:
            fns[call.fn] += 1
            if call.fn in ("read", "write"):
                regions[call.buf[0]] += 1
                invalid_desc += call.desc.startswith(("lit:", "end+"))
                past_table += call.desc.startswith("end+")
                quota_edges += call.size[0] in ("get_size", "put_size") and call.size[1] in (-1, 0, 1)
                wide += bool(call.wide)
    assert set(fns) == {"read", "write", "jail", "unjail", "fork", "unknown"}, fns
    assert {"NULL", "GUARD", "TRAMP", "TEXT", "RO", "HP", "HE", "MANI", "STKLO", "STKHI", "L", "B"} <= set(regions)
    assert set(endings) == {"exit", "return", "exit-wide", "fault", "hlt", "null-args"}, endings
    assert set(types) == {0, 1, 2, 3}
    assert invalid_desc > 20 and past_table > 5 and quota_edges > 50 and wide > 5


def test_switches_leave_out_what_they_name() -> None:
    g = TrapGenerator(KNOWN_DIFFERENCES)
    assert g.name == "trap[avoid unknown-code]"
    for seed in SEEDS:
        for call in g.plan(seed).calls:
            assert call.fn != "unknown"
    with pytest.raises(ValueError, match="unknown trapgen switch"):
        TrapGenerator({"everything"})


def test_simpler_plans_are_simpler() -> None:
    plan = TrapGenerator().plan(3)
    variants = list(simpler_plans(plan))
    assert variants[0].calls == plan.calls[len(plan.calls) // 2:]  # the biggest cut first
    assert all(len(v.calls) <= len(plan.calls) and v != plan for v in variants)
    assert any(len(v.channels) < len(plan.channels) for v in variants)
    assert any(v.calls[0] != plan.calls[0] and len(v.calls) == len(plan.calls) for v in variants)  # an argument
    # Shrinking terminates: following the first variant always ends.
    steps = 0
    while (nxt := next(iter(simpler_plans(plan)), None)) is not None:
        plan, steps = nxt, steps + 1
        assert steps < 1000
    assert plan.calls == () and plan.ending == ("return", 0)


@needs_x32
def test_generate_and_shrink_build(tmp_path: Path) -> None:
    g = TrapGenerator()
    trial = g.generate(5, work_dir(tmp_path, "g"))
    assert trial.session.nexe is not None and trial.session.nexe.is_file()
    assert (trial.generator, trial.seed, trial.size) == ("trap", 5, len(g.plan(5).calls))
    smaller = next(g.shrink(trial, work_dir(tmp_path, "s")))
    assert smaller.size < trial.size and smaller.session.nexe is not None and smaller.session.nexe.is_file()
    assert plan_of(smaller.program).calls == g.plan(5).calls[trial.size // 2:]


@needs_x32
def test_ref_twice_gives_the_same_result(tmp_path: Path) -> None:
    """Nothing in a program differs between runs of one target (no addresses printed, stack defined)."""
    g, ref = TrapGenerator(), RefTarget()
    for seed in (2, 8):
        trial = g.generate(seed, work_dir(tmp_path, str(seed)))
        first, second = ref.run(trial.session), ref.run(trial.session)
        assert first.outputs.get("/dev/stdout"), first  # the log is there
        assert differences(first, second) == [], seed


@needs_x32
def test_a_read_moves_bytes_the_log_shows(tmp_path: Path) -> None:
    """A pread's result and the hash of the bytes it moved reach the log."""
    stdin = ChannelPlan("/dev/stdin", 0, 0, 5, 100, 0, 0, 10)
    channels = (stdin, ChannelPlan("/dev/stdout", 0, 0, 0, 0, 1000, 1000, None),
                ChannelPlan("/dev/stderr", 0, 0, 0, 0, 1, 1, None))
    plan = Plan(channels, 32 << 20, 0, 2, "-O2",
                (CallPlan("read", desc="/dev/stdin", size=("lit", 3)), CallPlan("read", desc="lit:-1")),
                ("exit", 7))
    trial = TrapGenerator().trial(0, plan, work_dir(tmp_path, "r"))
    result = RefTarget().run(trial.session)
    h = 2166136261
    for byte in input_bytes("/dev/stdin", 10)[:3]:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    assert result.user_code == 7
    assert result.outputs["/dev/stdout"].decode() == f"0 3 {h:08x}\n1 -22 811c9dc5\n"


@pytest.mark.zerovm
@needs_x32
def test_ref_and_zerovm_agree(tmp_path: Path, zerovm: ZerovmTarget) -> None:
    """Twenty seeds, with the switches for the two known differences on."""
    g, ref = TrapGenerator(KNOWN_DIFFERENCES), RefTarget()
    found = {}
    for seed in range(1000, 1020):
        trial = g.generate(seed, work_dir(tmp_path, str(seed)))
        diff = differences(ref.run(trial.session), zerovm.run(trial.session))
        if diff:
            found[seed] = diff
    assert found == {}
