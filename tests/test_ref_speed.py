"""The reference's fast paths keep its semantics: the block budget stops a program at the same
instruction on every run, the native hooks (hooks.c) and their Python twins agree, and the page
protections of the virtual TLB fault where the memory regions say.  (Speed itself:
tests/bench_ref.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.targets import RunResult, Session
from harness.targets.ref import RefTarget, native
from harness.targets.ref.machine import MachineOptions
from harness.toolchain import build

PROGRAMS = Path(__file__).parent / "ref_programs"
CASES = Path(__file__).parent.parent / "cases"
SMALL_RATE = 200_000  # instructions per second of Timeout: the Python hooks finish in well under a second
PYTHON = MachineOptions("python-block")

# spins in a loop that stores its counter: where the budget stops it shows in /dev/memory
SPIN = "int main(void)\n{\n  for (volatile int i = 0;; i++) {\n  }\n}\n"
RODATA_STORE = "static const int k = 1;\nint main(void)\n{\n  *(volatile int *)&k = 2;\n  return k;\n}\n"


@pytest.fixture(scope="module")
def nexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ref-speed")
    (out / "spin.c").write_text(SPIN)
    (out / "store.c").write_text(RODATA_STORE)
    built = {"spin": build([out / "spin.c"], out / "spin.nexe").output,
             "jail": build([CASES / "jail" / "jail_and_call.c"], out / "jail.nexe").output}
    for off in (0, 8):
        built[f"sse{off}"] = build([PROGRAMS / "sse.c"], out / f"sse{off}.nexe", defines=[f"OFF={off}"]).output
    built["rcp"] = build([PROGRAMS / "rcp.c"], out / "rcp.nexe").output
    built["store"] = build([out / "store.c"], out / "store.nexe").output
    return built


def _memory(result: RunResult) -> str:
    return dict(result.etags)["/dev/memory"]


def _spin(target: RefTarget, nexe: Path) -> RunResult:
    result = target.run(Session(nexe, timeout=1, memory=32 << 20, memory_etag=1))  # small: hashed fast
    assert (result.exit_code, result.exit_state) == (4, "session timeout")
    return result


def test_native_hooks_are_built() -> None:
    assert native.hooks() is not None, "hooks.c did not build: the reference runs ~20x slower"


def test_a_spinning_program_stops_at_the_same_instruction_every_run(nexes: dict[str, Path]) -> None:
    target = RefTarget(rate=SMALL_RATE)
    digests = {_memory(_spin(target, nexes["spin"])) for _ in range(3)}
    assert len(digests) == 1


def test_the_stopping_point_moves_with_the_budget(nexes: dict[str, Path]) -> None:
    """The digest does see where the loop stopped (else the test above could not fail)."""
    assert _memory(_spin(RefTarget(rate=SMALL_RATE), nexes["spin"])) != \
        _memory(_spin(RefTarget(rate=SMALL_RATE + 60), nexes["spin"]))


def test_python_hooks_stop_where_the_native_ones_do(nexes: dict[str, Path]) -> None:
    native_run = _spin(RefTarget(rate=SMALL_RATE), nexes["spin"])
    python_run = _spin(RefTarget(rate=SMALL_RATE, machine=PYTHON), nexes["spin"])
    assert _memory(native_run) == _memory(python_run)


@pytest.mark.parametrize("options", [MachineOptions(), PYTHON], ids=["native", "python"])
def test_hooks_keep_alignment_jail_and_protection_semantics(nexes: dict[str, Path], options: MachineOptions) -> None:
    target = RefTarget(machine=options)
    aligned, misaligned = target.run(Session(nexes["sse0"])), target.run(Session(nexes["sse8"]))
    assert (aligned.exit_code, aligned.outputs["/dev/stdout"]) == (0, b"0\n")
    assert misaligned.exit_code == 4 and (misaligned.exit_state or "").startswith("Signal 11 from untrusted code")
    approximate = target.run(Session(nexes["rcp"]))
    assert "approximate instruction" in (approximate.exit_state or "")
    jail = target.run(Session(nexes["jail"]))
    assert (jail.exit_code, jail.outputs["/dev/stdout"]) == (0, b"jail=0 call=42 unjail=0\n")
    store = target.run(Session(nexes["store"]))  # a store to read-only data: refused by the page's protection
    assert store.exit_code == 4 and (store.exit_state or "").startswith("Signal 11 from untrusted code")


def test_the_old_per_instruction_budget_still_runs(nexes: dict[str, Path]) -> None:
    """bench_ref.py's baseline: unicorn's emu_start count, with unicorn's own TLB."""
    result = _spin(RefTarget(rate=SMALL_RATE, machine=MachineOptions("instruction", tlb="cpu")), nexes["spin"])
    assert result.exit_state == "session timeout"


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="budget_mode"):
        MachineOptions("sometimes")
    with pytest.raises(ValueError, match="tlb"):
        MachineOptions(tlb="maybe")
