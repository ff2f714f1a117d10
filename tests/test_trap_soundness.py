"""Soundness of the static trap surface: every trap call a run on the reference target really makes (site and
function) is one the scan says the nexe can make.

Checked on corpus nexes (the cases' own builds and sessions) and on generated programs (tests/trapgen.py: trap
calls made directly, through function pointers, jump tables, qsort callbacks, printf).  In CI: the `trap` and
`escape` areas of the corpus and GENERATED_CI programs; with TRAP_SWEEP=1, every case and GENERATED_FULL programs
(tests/trap_precision.py prints the figures of the same sweep).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.cache import FileCache, digest
from harness.cases import CaseError, load_case
from harness.scan import scan_path
from harness.targets import Cluster, Node, RunResult, Session, TrapCall
from harness.targets.ref import RefTarget
from harness.toolchain import build
from harness.toolchain.builtin import BuiltinToolchain
from harness.trapcheck import TrapCheck, check
from tests import trapgen

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "cases"
CI_AREAS = ("trap", "escape")
GENERATED_CI = 8
GENERATED_FULL = 60
SWEEP = os.environ.get("TRAP_SWEEP") == "1"
SWEEP_REASON = "the full sweep runs with TRAP_SWEEP=1 (or: python tests/trap_precision.py)"


def generated_nexe(seed: int) -> tuple[Path, str]:
    """Generated program `seed`, built (content-hash cached), and its optimisation level."""
    source, opt = trapgen.program(seed)
    chain = BuiltinToolchain()
    key = digest([b"trapgen-nexe", opt, source, str(chain.runtime_archive())])

    def make(out: Path) -> None:
        src = out.with_suffix(".c")
        src.write_text(source)
        try:
            build([src], out, opt=opt, toolchain=chain)
        finally:
            src.unlink(missing_ok=True)

    return FileCache().get_or_create(key, ".nexe", make), opt


def check_generated(seed: int) -> TrapCheck:
    nexe, opt = generated_nexe(seed)
    result = RefTarget().run(Session(nexe, timeout=10))
    assert result.outcome == "exited" and result.exit_state == "ok", (seed, result.exit_state)
    return check(f"trapgen {seed} ({opt})", scan_path(nexe), result.trap_calls)


def corpus_tomls(areas: tuple[str, ...] | None = None) -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.toml") if areas is None or p.parent.name in areas)


def check_case(toml: Path) -> list[TrapCheck]:
    """One case at each of its optimisation levels: its nexe(s) scanned, run as the case runs them on ref."""
    from harness.plugin import _build_source  # the corpus run's own builds (and cache)

    try:
        case = load_case(toml, CASES)
    except CaseError:
        return []  # a broken case is the corpus run's ERROR, not ours
    out: list[TrapCheck] = []
    name = toml.relative_to(CASES).with_suffix("").as_posix()
    for opt in case.opts:
        if case.nodes is not None:
            nexes = {node.source: _build_source(node.source, opt, case.build) for node in case.nodes}
            cluster = Cluster(tuple(
                Node(node.name, Session(nexes[node.source], node.channels, node.memory, timeout=node.timeout,
                                        options=node.options, keys=node.keys))
                for node in case.nodes), name_server=case.name_server)
            results = RefTarget().run_cluster(cluster)
            for node, result in zip(case.nodes, results, strict=False):
                out.append(_checked(f"{name}[{node.name}] {opt}", nexes[node.source], [result]))
            continue
        if case.source is None:
            continue
        nexe = _build_source(case.source, opt, case.build)
        from harness.targets import Job

        job = None if case.job is None else Job(tuple(r.request for r in case.job))
        result = RefTarget().run(Session(nexe, case.channels, case.memory, timeout=case.timeout,
                                         manifest=case.manifest, files=case.files, options=case.options, job=job))
        out.append(_checked(f"{name} {opt}", nexe, [result]))
    return out


def _checked(name: str, nexe: Path, results: list[RunResult]) -> TrapCheck:
    calls: list[TrapCall] = []
    for result in results:
        calls += result.trap_calls
    return check(name, scan_path(nexe), calls)


def _assert_sound(checks: list[TrapCheck]) -> None:
    bad = [f"{c.name}: {c.describe_missed()}" for c in checks if not c.sound]
    assert not bad, "observed trap calls the static surface does not contain:\n" + "\n".join(bad)


# --- unit: the recording and the check ------------------------------------------------------


def test_ref_records_each_trap_call_with_its_site(tmp_path: Path) -> None:
    src = tmp_path / "three.c"
    src.write_text('#include <zvm.h>\nint main(void) {\n  for (int i = 0; i < 3; i++) zvm_pwrite(1, "a", 1, 0);\n'
                   '  return zvm_jail((void *)0x1000, 5) == 0;\n}\n')
    nexe = build([src], tmp_path / "three.nexe", opt="-O1").output
    result = RefTarget().run(Session(nexe))
    assert result.outputs["/dev/stdout"] == b"aaa"
    report = scan_path(nexe)
    sites = {s.function: s.address for s in report.traps if s.in_function == "main"}
    calls = {(c.site, c.function): c.count for c in result.trap_calls}
    assert calls[(sites["pwrite"], "pwrite")] == 3 and calls[(sites["jail"], "jail")] == 1
    assert sum(c.count for c in result.trap_calls if c.function == "exit") == 1  # the runtime's exit
    assert result.to_json()["trap_calls"][0] == {"site": sites["pwrite"], "function": "pwrite", "count": 3}
    assert check("three", report, result.trap_calls).sound
    # A call from a place the scan does not list, or with another function, is caught.
    wrong = check("three", report, [TrapCall(sites["pwrite"], "fork", 1), TrapCall(0x20000, "exit", 1)])
    assert [(c.site, c.function) for c in wrong.missed] == [(sites["pwrite"], "fork"), (0x20000, "exit")]
    assert RunResult("ref", "exited", 0) == RunResult("ref", "exited", 0, trap_calls=result.trap_calls)


# --- soundness ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(GENERATED_CI))
def test_generated_program_sound(seed: int) -> None:
    got = check_generated(seed)
    _assert_sound([got])
    assert got.calls > 0 and "exit" in got.observed


@pytest.mark.parametrize("area", CI_AREAS)
def test_corpus_area_sound(area: str) -> None:
    checks = [c for toml in corpus_tomls((area,)) for c in check_case(toml)]
    assert checks
    _assert_sound(checks)


@pytest.mark.skipif(not SWEEP, reason=SWEEP_REASON)
def test_generated_programs_sound_full() -> None:
    _assert_sound([check_generated(seed) for seed in range(GENERATED_FULL)])


@pytest.mark.skipif(not SWEEP, reason=SWEEP_REASON)
def test_corpus_sound_full() -> None:
    _assert_sound([c for toml in corpus_tomls() for c in check_case(toml)])
