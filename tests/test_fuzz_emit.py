"""harness.fuzz.emit: a trial and one side's result become a case that the real case loader reads,
that passes on the side it expects and fails on the other."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from harness.cache import default_cache_dir
from harness.cases import Case, load_case
from harness.compare import compare_run, compare_scan
from harness.elfpatch import Patch
from harness.fuzz.compare import scan_verdict
from harness.fuzz.emit import EmitError, case_name, emit_case
from harness.fuzz.model import Program, Trial
from harness.manifest import SGETSPUT
from harness.targets import BIG, ChannelSpec, Job, RunResult, Session, standard_channels
from harness.targets.ref import RefTarget

CACHE = default_cache_dir()  # before pytester changes HOME
COPY = r"""#include <zvm.h>
#include <stdio.h>

int main(void) {
  char buf[32];
  int n = zvm_pread(3, buf, sizeof buf, 0);
  if (n > 0) zvm_pwrite(4, buf, n, 0);
  printf("read %d\n", n);
  return n;
}
"""


@pytest.fixture(scope="module")
def copy_trial(tmp_path_factory: pytest.TempPathFactory) -> Trial:
    work = tmp_path_factory.mktemp("copy")
    program = Program((("copy.c", COPY),))
    channels = (*standard_channels(stdin=b"ignored\n"),
                ChannelSpec("/dev/input", type=1, gets=5, get_size=100, data=b"\x00\xffbinary"),
                ChannelSpec("/dev/out", type=0, puts=5, put_size=100, etag=1))
    return Trial("copy", 42, program, Session(program.build(work), channels, timeout=5), "copy a channel", 1)


def session_of(case: Case, nexe: Path) -> Session:
    """The session the pytest plugin runs for a case (harness.plugin.CaseItem._session)."""
    job = None if case.job is None else Job(tuple(r.request for r in case.job))
    return Session(nexe, case.channels, case.memory, timeout=case.timeout, manifest=case.manifest,
                   files=case.files, options=case.options, job=job)


def emitted(trial: Trial, result: RunResult, root: Path) -> Case:
    toml = emit_case(trial, result, root / "cases" / "fuzz", description="a test", scan=None)
    return load_case(toml, root / "cases")


def test_channels_and_outputs_round_trip(copy_trial: Trial, tmp_path: Path) -> None:
    ref = RefTarget()
    result = ref.run(copy_trial.session)
    assert result.outputs["/dev/out"] == b"\x00\xffbinary" and result.user_code == 8
    case = emitted(copy_trial, result, tmp_path)
    assert case.name == "fuzz/fuzz_copy_42" and case.source is not None and case.source.read_text() == COPY
    assert case.channels == copy_trial.session.channels and case.manifest is None and case.timeout == 5
    assert case.run is not None and ("/dev/out", b"\x00\xffbinary") in case.run.outputs
    assert case.run.etags is not None and [a for a, _ in case.run.etags] == ["/dev/out"]
    # The case passes on the side it expects, run as the plugin runs it ...
    again = ref.run(session_of(case, copy_trial.session.nexe))  # type: ignore[arg-type]
    assert compare_run(case, again) == []
    # ... and fails, naming the field, on a side that differs.
    other = replace(again, outputs={**again.outputs, "/dev/out": b"\x00\xfebinary"})
    assert [m[0] for m in compare_run(case, other)] == ["run.outputs[/dev/out]"]
    assert [m[0] for m in compare_run(case, replace(again, user_code=9))] == ["run.user_code"]


def test_sessions_the_case_keys_cannot_say_become_a_manifest_template(copy_trial: Trial, tmp_path: Path) -> None:
    # A changed standard channel (stdout's quota) and a Memory etag: only a manifest can say them.
    channels = (copy_trial.session.channels[0], ChannelSpec("/dev/stdout", SGETSPUT, puts=BIG, put_size=6),
                *copy_trial.session.channels[2:])
    trial = replace(copy_trial, session=replace(copy_trial.session, channels=channels, memory=64 << 20,
                                                        memory_etag=1))
    ref = RefTarget()
    result = ref.run(trial.session)
    assert result.outputs["/dev/stdout"] == b"read 8"  # cut at its put_size quota
    case = emitted(trial, result, tmp_path)
    assert case.manifest is not None and "{program}" in case.manifest and "{dir}/channel3" in case.manifest
    assert dict(case.files)["channel3"] == b"\x00\xffbinary"
    assert case.run is not None and any(alias == "/dev/memory" for alias, _ in case.run.etags or ())
    again = ref.run(session_of(case, trial.session.nexe))  # type: ignore[arg-type]
    assert compare_run(case, again) == []
    assert compare_run(case, replace(again, etags=())) != []


def test_hostile_programs_keep_their_build_and_patches(minimal_nexe: bytes, tmp_path: Path) -> None:
    program = Program((("p.c", "int main(void) { return 0; }\n"),), opt="-O1", patches=(Patch("byte[1]", 0x46),))
    nexe = program.build(tmp_path / "work")
    trial = Trial("nexe", 7, program, Session(nexe, timeout=5), "a broken ELF magic", 1)
    result = RefTarget().run(trial.session)
    assert result.exit_code == 8
    toml = emit_case(trial, result, tmp_path / "cases" / "fuzz", description="bad magic", scan=scan_verdict(nexe))
    case = load_case(toml, tmp_path / "cases")
    assert case.build.patches == program.patches and case.opts == ("-O1",)
    assert case.scan.loads is False
    assert compare_scan(case, nexe) == []
    assert compare_run(case, RefTarget().run(session_of(case, nexe))) == []


def test_exit_states_that_vary_become_patterns(copy_trial: Trial, tmp_path: Path) -> None:
    result = RunResult("zerovm", "exited", 2, validator_state=2, daemon=0, user_code=0,
                       exit_state="cannot open /tmp/zvm-session-abc123/channel4", accounting=())
    case = emitted(copy_trial, result, tmp_path)
    assert case.run is not None and case.run.exit_state is None
    assert case.run.exit_state_pattern == r"cannot\ open\ /tmp/zvm-session-[^/\s]+/channel4"
    assert compare_run(case, replace(result, exit_state="cannot open /tmp/zvm-session-zzz/channel4")) == []


def test_what_a_case_cannot_hold(copy_trial: Trial, tmp_path: Path) -> None:
    two = replace(copy_trial, program=Program((("a.c", "int f;\n"), ("b.c", "int main(void){return 0;}\n"))))
    with pytest.raises(EmitError, match="one source file"):
        emit_case(two, RunResult("ref", "exited", 0), tmp_path, description="")
    job = replace(copy_trial, session=replace(copy_trial.session, job=Job()))
    with pytest.raises(EmitError, match="Job"):
        emit_case(job, RunResult("ref", "exited", 0), tmp_path, description="")
    assert case_name(replace(copy_trial, generator="a.b:C", seed=5)) == "fuzz_a_b_C_5"


def test_an_emitted_case_passes_under_pytest_on_ref(copy_trial: Trial, pytester: pytest.Pytester,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # pytester gives the run a HOME of its own: keep the build cache (the runtime archive) where it is.
    monkeypatch.setenv("ZVM_HARNESS_CACHE", str(CACHE))
    result = RefTarget().run(copy_trial.session)
    emit_case(copy_trial, result, pytester.path / "cases" / "fuzz", description="emitted")
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    run = pytester.runpytest("cases", "-p", "no:cacheprovider", "--target", "ref")
    run.assert_outcomes(passed=2)  # its scan item and its run item


def test_a_session_with_a_manifest_of_its_own(copy_trial: Trial, tmp_path: Path) -> None:
    manifest = ("Version = 20130611\nProgram = {program}\nMemory = 268435456, 0\nTimeout = 5\n"
                "Channel = /dev/null, /dev/stdin, 0, 0, 10, 100, 0, 0\n"
                "Channel = {dir}/out, /dev/stdout, 0, 0, 0, 0, 10, 100\n"
                "Channel = {dir}/err, /dev/stderr, 0, 0, 0, 0, 10, 100\n"
                "Channel = {dir}/input, /dev/input, 1, 0, 5, 100, 0, 0\n"
                "Channel = {dir}/o, /dev/out, 0, 0, 0, 0, 5, 100\n")
    trial = replace(copy_trial, session=replace(copy_trial.session, manifest=manifest, files=(("input", b"abc"),)))
    result = RefTarget().run(trial.session)
    assert result.outputs["/dev/out"] == b"abc"
    toml = emit_case(trial, result, tmp_path / "cases" / "fuzz", description="own manifest")
    assert 'manifest = """\nVersion = 20130611\n' in toml.read_text()  # a manifest reads as one
    case = load_case(toml, tmp_path / "cases")
    assert case.manifest == manifest and case.files == (("input", b"abc"),)
    assert compare_run(case, RefTarget().run(session_of(case, trial.session.nexe))) == []  # type: ignore[arg-type]


def test_a_trap_program_case_lists_the_policy_findings_its_scan_reports(tmp_path: Path) -> None:
    # Generated trap programs call unknown function codes on purpose: the case must say so ([scan] findings),
    # or its scan item fails on a finding nobody listed.
    from harness.expected_findings import compare_findings
    from harness.fuzz.trapgen import TrapGenerator
    from harness.results.actual import scan_actual_json

    gen = TrapGenerator()
    seed = next(s for s in range(200) if any(c.fn == "unknown" for c in gen.plan(s).calls))
    trial = gen.generate(seed, tmp_path / "work")
    assert trial.session.nexe is not None
    actual, _ = scan_actual_json(trial.session.nexe, "test")
    path = emit_case(trial, RefTarget().run(trial.session), tmp_path / "cases" / "fuzz", description="policy")
    case = load_case(path, tmp_path / "cases")
    assert case.scan.findings, path.read_text()
    assert compare_findings(case.scan.findings, True, actual) == []
