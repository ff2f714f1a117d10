"""End-to-end runs on the reference executor: nexes built from small C programs.

The sessions are also what test_ref_differential.py compares with a real zerovm; the
expectations here are the real zerovm's observed answers (ZEROVM.md, and runs of
/opt/zvm-ref/bin/zerovm), so CI without a zerovm still checks them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.targets import BIG, EXITED, NO_REPORT, ChannelSpec, RunResult, Session
from harness.targets.ref import UNSUPPORTED, RefTarget
from harness.targets.ref.machine import analyse
from harness.targets.ref.memory import R15
from harness.toolchain import build
from harness.validator import validate_code

PROGRAMS = Path(__file__).parent / "ref_programs"
FAULTS = ("NULL_STORE", "DIV0", "UD2", "HLT", "SPIN", "SLOT1", "LASTSLOT", "EXIT42", "EXITNEG")


@pytest.fixture(scope="session")
def nexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ref-nexes")
    built = {"driver": build([PROGRAMS / "driver.c"], out / "driver.nexe", opt="-O2").output}
    for name in FAULTS:
        built[name] = build([PROGRAMS / "faults.c"], out / f"{name}.nexe", opt="-O2", defines=[name]).output
    for off in (0, 8):
        built[f"sse{off}"] = build([PROGRAMS / "sse.c"], out / f"sse{off}.nexe", opt="-O2",
                                   defines=[f"OFF={off}"]).output
    built["rcp"] = build([PROGRAMS / "rcp.c"], out / "rcp.nexe", opt="-O2").output
    built["misaligned"] = build([PROGRAMS / "misaligned.s"], out / "misaligned.nexe", sandbox=False,
                                runtime=False).output
    return built


@pytest.fixture(scope="session")
def ref() -> RefTarget:
    return RefTarget()


def driver_session(nexe: Path, script: str, extra: tuple[ChannelSpec, ...] = (), *, stdin: bytes = b"",
                   etag_out: int = 0, memory: int = 256 << 20, timeout: int = 10,
                   options: tuple[str, ...] = (), memory_etag: int = 0) -> Session:
    """The driver with its script on /dev/script and its log on /dev/result.

    Descriptors: 0-2 standard, then the extra channels (aliases sorting before
    "/dev/result"), then /dev/result and /dev/script.
    """
    channels = (ChannelSpec("/dev/stdin", gets=BIG, get_size=BIG, data=stdin),
                ChannelSpec("/dev/stdout", puts=BIG, put_size=BIG, etag=etag_out),
                ChannelSpec("/dev/stderr", puts=BIG, put_size=BIG),
                ChannelSpec("/dev/script", gets=1, get_size=8191, data=script.encode()),
                ChannelSpec("/dev/result", puts=BIG, put_size=BIG), *extra)
    return Session(nexe, channels, memory=memory, timeout=timeout, options=options, memory_etag=memory_etag)


TEN = ChannelSpec("/dev/a_in", gets=BIG, get_size=BIG, data=b"0123456789")

# name -> (script, extra channels, session keywords)
DRIVER_CASES: dict[str, tuple[str, tuple[ChannelSpec, ...], dict[str, object]]] = {
    "manifest": ("m", (), {}),
    "seq3": ("r 3 3 0\nr 3 3 999\nr 3 3 0\nr 3 3 0\nr 3 3 0\nr 3 3 0", (TEN,), {}),
    "badesc": ("r 99 3 0\nr -1 3 0\nw 99 1 0 x", (TEN,), {}),
    "gets2": ("r 3 5 0\nr 3 5 0\nr 3 5 0", (ChannelSpec("/dev/a_in", gets=2, get_size=BIG, data=b"0123456789abc"),),
              {}),
    "getsize7": ("r 3 5 0\nr 3 5 0\nr 3 5 0",
                 (ChannelSpec("/dev/a_in", gets=BIG, get_size=7, data=b"0123456789abc"),), {}),
    "putsize10": ("w 3 6 0 abcdef\nw 3 6 0 ghijkl\nw 3 6 0 mnopqr",
                  (ChannelSpec("/dev/a_out", puts=BIG, put_size=10),), {}),
    "puts2": ("w 3 2 0 ab\nw 3 2 0 cd\nw 3 2 0 ef", (ChannelSpec("/dev/a_out", puts=2, put_size=BIG),), {}),
    "random_read": ("r 3 4 8\nr 3 4 10\nr 3 4 11\nr 3 4 -1\nr 3 4 0\nr 3 4 3",
                    (ChannelSpec("/dev/a_in", type=1, gets=BIG, get_size=BIG, data=b"0123456789"),), {}),
    "rw3": ("w 3 5 3 hello\nr 3 10 0",
            (ChannelSpec("/dev/a_rw", type=3, gets=BIG, get_size=BIG, puts=BIG, put_size=BIG, data=b""),), {}),
    "rw3data": ("w 3 5 3 hello\nr 3 10 0\nw 3 2 20 zz\nr 3 30 0",
                (ChannelSpec("/dev/a_rw", type=3, gets=BIG, get_size=BIG, puts=BIG, put_size=BIG,
                             data=b"ABCDEFGHIJKL"),), {}),
    "rw1data": ("w 3 5 3 hello\nr 3 10 0\nr 3 10 10",
                (ChannelSpec("/dev/a_rw", type=1, gets=BIG, get_size=BIG, puts=BIG, put_size=BIG,
                             data=b"ABCDEFGHIJKL"),), {}),
    "write_ro": ("w 3 3 0 abc\nw 0 3 0 abc\nr 1 3 0", (TEN,), {}),
    "write_bounds": ("w 3 3 100 abc\nw 3 3 5 abc\nw 3 3 0 xyz\nw 3 3 8 abc\nw 3 -1 0 abc\nw 3 0 0 abc\nw 3 3 -1 abc",
                     (ChannelSpec("/dev/a_out", type=2, puts=BIG, put_size=8),), {}),
    "buffers": ("b w 1 4 0 null\nb w 1 4 0 low\nb w 1 16 0 text\nb w 1 16 0 tramp\nb r 0 4 0 rodata\n"
                "b r 0 4 0 manifest\nb w 1 8 0 manifest\nb w 1 1 0 last\nb w 1 2 0 last\nb w 1 0 0 null\n"
                "b w 1 -1 0 text\nb w 1 4 0 stacktop\nb w 1 4 0 hole\nb w 1 0 0 text\nb w 1 0x7fffffff 0 text", (), {}),
    "jail": ("c\nu heap 65536\nz\nj text 65536\nj 0x30000 65536\nj heap 0\nu heap 65536\nf\nt 12345\nj heap 100\n"
             "u heap 100", (), {}),
    "jail_into_hole": ("j heap 0x7fffffff", (), {}),
    "jailed_page_is_not_writable": ("c\nz", (), {}),
    "eof_etag": ("r 0 100 0\nr 0 100 0\nw 1 5 0 hello", (), {"stdin": b"abc", "etag_out": 1}),
    "big_read": ("r 3 70000 0\nr 3 70000 0",
                 (ChannelSpec("/dev/a_in", gets=BIG, get_size=BIG, data=bytes(range(256)) * 300, etag=1),), {}),
    "dev_null": ("r 3 10 0\nw 4 4 0 abcd\nr 3 10 0", (ChannelSpec("/dev/a_nin", gets=5, get_size=5, uri="/dev/null"),
                                                        ChannelSpec("/dev/b_nout", puts=5, put_size=5,
                                                                    uri="/dev/null")), {}),
    "exit": ("w 1 2 0 hi\nx 77\nw 1 2 0 no", (), {}),
    "memory_etag": ("x 1", (), {"memory": 64 << 20}),
    "ordering": ("m", (ChannelSpec("Zupper", gets=1, get_size=1, data=b"x"),
                       ChannelSpec("/dev/zzz", puts=1, put_size=1),
                       ChannelSpec("/dev/aaa", gets=1, get_size=1, data=b"")), {}),
    "memory_4g": ("m", (), {"memory": 1 << 32}),
    "memory_24m": ("m", (), {"memory": 24 << 20}),
    "memory_negative": ("m", (), {"memory": -1}),
    "timeout_0": ("m", (), {"timeout": 0}),
    "nil_channel": ("m", (ChannelSpec("/dev/nil"),), {}),
    "duplicate_alias": ("m", (ChannelSpec("/dev/script", gets=1, get_size=1, data=b""),), {}),
    "bad_type": ("m", (ChannelSpec("/dev/t", type=5, gets=1, get_size=1, data=b""),), {}),
    "missing_ro_file": ("m", (ChannelSpec("/dev/t", gets=1, get_size=1),), {}),
    "rw_sequential": ("m", (ChannelSpec("/dev/t", type=0, gets=1, get_size=1, puts=1, put_size=1),), {}),
    "rw_type2": ("m", (ChannelSpec("/dev/t", type=2, gets=1, get_size=1, puts=1, put_size=1),), {}),
    "directory": ("m", (ChannelSpec("/dev/t", gets=1, get_size=1, uri="/tmp"),), {}),
    "relative_uri": ("m", (ChannelSpec("/dev/t", gets=1, get_size=1, uri="tmp/x"),), {}),
    "negative_limit": ("m", (ChannelSpec("/dev/t", gets=-1, get_size=1, data=b""),), {}),
    "bad_etag": ("m", (ChannelSpec("/dev/t", etag=2, gets=1, get_size=1, data=b""),), {}),
    "dev_null_rw": ("m", (ChannelSpec("/dev/t", gets=1, get_size=1, puts=1, put_size=1, uri="/dev/null"),), {}),
    "option_F": ("x 5", (), {"options": ("-F",)}),
    "option_s": ("x 5", (), {"options": ("-s",)}),
    "option_t3": ("x 5", (), {"options": ("-t3",)}),
    "option_t1": ("x 5", (), {"options": ("-t", "1")}),
    # The /dev/memory etag at each stage zerovm can stop at: loaded (a channel or the heap fails),
    # set up (Timeout fails, or -F), running.
    "memory_etag_bad_type": ("m", (ChannelSpec("/dev/t", type=5, gets=1, get_size=1, data=b""),), {"memory_etag": 1}),
    "memory_etag_24m": ("m", (), {"memory": 24 << 20, "memory_etag": 1}),
    "memory_etag_timeout_0": ("m", (), {"timeout": 0, "memory_etag": 1}),
    "memory_etag_F": ("m", (), {"options": ("-F",), "memory_etag": 1}),
    "memory_etag_run": ("m", (), {"memory_etag": 1}),
    "etag_before_channels": ("m", (ChannelSpec("/dev/t", gets=1, get_size=1, etag=1),), {"etag_out": 1}),
}


def driver_case(nexes: dict[str, Path], name: str) -> Session:
    script, extra, kw = DRIVER_CASES[name]
    return driver_session(nexes["driver"], script, extra, **kw)  # type: ignore[arg-type]


def fault_session(nexes: dict[str, Path], name: str) -> Session:
    return Session(nexes[name], timeout=1 if name == "SPIN" else 10)


def misaligned_session(nexes: dict[str, Path]) -> Session:
    return Session(nexes["misaligned"], (ChannelSpec("/dev/stdin", gets=1, get_size=1, data=b""),
                                         ChannelSpec("/dev/stdout", puts=3, put_size=100),
                                         ChannelSpec("/dev/stderr", puts=1, put_size=1)), timeout=1)


def result_log(result: RunResult) -> str:
    return result.outputs["/dev/result"].decode()


# -- faults and exit codes ----------------------------------------------------------------------------


def _halting(result: RunResult, signum: int) -> int:
    prefix = f"Signal {signum} from untrusted code: Halting at 0x"
    assert result.exit_state is not None and result.exit_state.startswith(prefix), result.exit_state
    return int(result.exit_state[len(prefix):], 16)


@pytest.mark.parametrize(("name", "signum"), [("NULL_STORE", 11), ("DIV0", 8), ("UD2", 4), ("HLT", 11)])
def test_faults_end_with_eintr_and_the_signal(ref: RefTarget, nexes: dict[str, Path], name: str, signum: int) -> None:
    result = ref.run(fault_session(nexes, name))
    assert (result.outcome, result.exit_code, result.validator_state, result.user_code) == (EXITED, 4, 0, 0)
    address = _halting(result, signum)
    assert R15 + 0x20000 <= address < R15 + 0x30000  # in the text


def test_last_trampoline_slot_is_hlt(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(fault_session(nexes, "LASTSLOT"))
    assert (result.exit_code, result.exit_state) == (4, "Signal 11 from untrusted code: Halting at 0x440A0001FFE0")


def test_trampoline_slot_1_exits_22(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(fault_session(nexes, "SLOT1"))
    assert (result.exit_code, result.exit_state) == (22, "src/syscalls/syscall_hook.c 66: nacl syscall #1 received")


@pytest.mark.parametrize(("name", "code"), [("EXIT42", 42), ("EXITNEG", -5)])
def test_zvm_exit_sets_only_the_user_code(ref: RefTarget, nexes: dict[str, Path], name: str, code: int) -> None:
    result = ref.run(fault_session(nexes, name))
    assert (result.exit_code, result.user_code, result.exit_state) == (0, code, "ok")
    assert result.raw_stdout == f"0\n0\n{code}\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n"


def test_timeout_is_deterministic(ref: RefTarget, nexes: dict[str, Path]) -> None:
    fast = RefTarget(rate=1_000_000)
    first, second = fast.run(fault_session(nexes, "SPIN")), fast.run(fault_session(nexes, "SPIN"))
    assert (first.exit_code, first.exit_state) == (4, "session timeout")
    assert first.raw_stdout == second.raw_stdout


def test_misaligned_trap_call_reruns_its_bundle(nexes: dict[str, Path]) -> None:
    result = RefTarget(trap_rate=1000).run(misaligned_session(nexes))
    assert (result.exit_code, result.exit_state) == (4, "session timeout")
    assert result.outputs["/dev/stdout"] == b"AAA"
    assert result.accounting[4:6] == (3, 3)


def test_sse_alignment_faults(ref: RefTarget, nexes: dict[str, Path]) -> None:
    aligned, misaligned = ref.run(Session(nexes["sse0"])), ref.run(Session(nexes["sse8"]))
    assert (aligned.exit_code, aligned.outputs["/dev/stdout"]) == (0, b"0\n")
    assert misaligned.exit_code == 4
    _halting(misaligned, 11)


def test_approximate_instructions_are_unsupported(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(Session(nexes["rcp"]))
    assert result.outcome == UNSUPPORTED and result.exit_code is None
    assert result.exit_state is not None and "approximate instruction" in result.exit_state


# -- traps through the driver -------------------------------------------------------------------------


def test_user_manifest_layout(ref: RefTarget, nexes: dict[str, Path]) -> None:
    lines = result_log(ref.run(driver_case(nexes, "manifest"))).splitlines()
    heap_ptr, heap_size, stack, count = lines[0].split()[1:]
    assert (int(heap_ptr, 16) + int(heap_size, 16), stack, count) == (0xF000000, "1000000", "5")
    # the channel array ends right below the manifest pointer at 0xFEFFFFFC
    assert lines[1] == f"m @{0xFF000000 - 4 - 5 * 48 - 20:x} {0xFF000000 - 4 - 5 * 48:x}"
    assert [line.split()[1] for line in lines[2::2]] == ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/result",
                                                         "/dev/script"]


EXPECTED_LOGS = {
    "seq3": "r 3 012\nr 3 345\nr 3 678\nr 1 9\nr 0 \nr 0 \n",
    "badesc": "r -22 \nr -22 \nw -22\n",
    "gets2": "r 5 01234\nr 5 56789\nr -122 \n",
    "getsize7": "r 5 01234\nr 2 56\nr -122 \n",
    "putsize10": "w 6\nw 4\nw -22\n",
    "puts2": "w 2\nw 2\nw -122\n",
    "random_read": "r 2 89\nr 0 \nr -14 \nr -22 \nr 4 0123\nr 4 3456\n",
    "rw3data": "w 5\nr 10 ABChelloIJ\nw 2\nr 22 ABChelloIJKL\n",
    "write_ro": "w -122\nw -122\nr -122 \n",
    "write_bounds": "w -22\nw 3\nw 3\nw -22\nw -14\nw 0\nw -22\n",
    "buffers": "b -22\nb -22\nb 16\nb 16\nb -22\nb -22\nb 8\nb 1\nb -22\nb -22\nb -14\nb 4\nb -22\nb 0\nb -22\n",
    "jail": "c 0 42\nu 0\nz -1\nj -22\nj -22\nj -22\nu 0\nf 0\nt -1\nj -1\nu 0\n",
}


@pytest.mark.parametrize("name", sorted(EXPECTED_LOGS))
def test_trap_results(ref: RefTarget, nexes: dict[str, Path], name: str) -> None:
    result = ref.run(driver_case(nexes, name))
    assert (result.exit_code, result.exit_state) == (0, "ok")
    assert result_log(result) == EXPECTED_LOGS[name]


def test_random_write_leaves_a_zero_filled_gap(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(driver_case(nexes, "rw3"))
    assert result_log(result) == "w 5\nr 8 \n"  # the log stops at the first NUL of "\0\0\0hello"
    assert result.outputs["/dev/a_rw"] == b"\0\0\0hello"


def test_output_truncated_to_the_bytes_written(ref: RefTarget, nexes: dict[str, Path]) -> None:
    assert ref.run(driver_case(nexes, "putsize10")).outputs["/dev/a_out"] == b"abcdefghij"


def test_eof_accounting_and_etag(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(driver_case(nexes, "eof_etag"))
    # script: 1 read (2 chunks); stdin: 3 bytes then EOF (2 gets), then a counted-nothing EOF read
    assert result.accounting[2:4] == (2 + 2, len(DRIVER_CASES["eof_etag"][0]) + 3)
    assert result.etags == (("/dev/stdout", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),)  # sha1("hello")


def test_memory_etag_follows_what_zerovm_has_set_up(ref: RefTarget, nexes: dict[str, Path]) -> None:
    def digest(name: str) -> str:
        result = ref.run(driver_case(nexes, name))
        assert result.outcome == EXITED, result.exit_state
        assert result.etags[-1][0] == "/dev/memory"
        return result.etags[-1][1]

    loaded = {digest("memory_etag_bad_type"), digest("memory_etag_24m")}
    set_up = {digest("memory_etag_timeout_0"), digest("memory_etag_F")}
    # Each stage hashes the same memory whatever stopped it; the heap and user manifest, then the
    # stack frame CreateSession writes and the run itself, change it.
    assert len(loaded) == 1 and len(set_up) == 1
    assert len(loaded | set_up | {digest("memory_etag_run"), hashlib.sha1().hexdigest()}) == 4


def test_jail_into_the_hole_faults_inside_zerovm(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(driver_case(nexes, "jail_into_hole"))
    assert result.exit_code == 4
    assert result.exit_state is not None and result.exit_state.startswith("Signal 11 from trusted code")


def test_store_into_a_jailed_page_faults(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(driver_case(nexes, "jailed_page_is_not_writable"))
    assert result.exit_code == 4
    assert result_log(result) == "c 0 42\n"


def test_exit_ends_the_session(ref: RefTarget, nexes: dict[str, Path]) -> None:
    result = ref.run(driver_case(nexes, "exit"))
    assert (result.user_code, result.outputs["/dev/stdout"]) == (77, b"hi")


def test_descriptor_order_is_strcmp_of_alias(ref: RefTarget, nexes: dict[str, Path]) -> None:
    names = [line.split()[1] for line in result_log(ref.run(driver_case(nexes, "ordering"))).splitlines()
             if line.startswith("ch ")]
    assert names == ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/aaa", "/dev/result", "/dev/script",
                     "/dev/zzz", "Zupper"]


# -- session-level errors -----------------------------------------------------------------------------

SESSION_ERRORS = {
    "memory_24m": (12, "src/main/setup.c 145: user heap size is too small"),
    "memory_negative": (12, "src/main/setup.c 138: invalid memory size"),
    "timeout_0": (14, "src/main/setup.c 101: invalid timeout 0"),
    "nil_channel": (22, "src/channels/preload.c 161: /dev/nil has invalid i/o type"),
    "duplicate_alias": (14, "src/channels/channel.c 41: /dev/script is already allocated"),
    "bad_type": (14, "src/channels/channel.c 375: /dev/t has invalid type 5"),
    "missing_ro_file": (14, "src/channels/preload.c 127: cannot open /tmp/zvm-session-ref/channel5"),
    "rw_sequential": (14, "src/channels/preload.c 139: sequential channels cannot have r/w access"),
    "rw_type2": (14, "src/channels/preload.c 141: sequential read / random write channels not supported"),
    "directory": (93, "src/channels/preload.c 190: invalid /dev/t source type 0"),
    "relative_uri": (14, "MANIFEST 10: only absolute path channels are allowed"),
    "negative_limit": (14, "MANIFEST 10: negative limits for /dev/t"),
    "bad_etag": (14, "MANIFEST 10: invalid channel numeric token"),
    "dev_null_rw": (22, "src/channels/preload.c 102: /dev/t has invalid i/o type"),
}


@pytest.mark.parametrize("name", sorted(SESSION_ERRORS))
def test_session_errors(ref: RefTarget, nexes: dict[str, Path], name: str) -> None:
    result = ref.run(driver_case(nexes, name))
    assert (result.exit_code, result.exit_state) == SESSION_ERRORS[name]


def test_options(ref: RefTarget, nexes: dict[str, Path]) -> None:
    quit_ = ref.run(driver_case(nexes, "option_F"))
    assert (quit_.exit_code, quit_.user_code, quit_.exit_state, quit_.validator_state) == (0, 0, "ok", 0)
    skip = ref.run(driver_case(nexes, "option_s"))
    assert (skip.validator_state, skip.user_code) == (2, 5)
    assert ref.run(driver_case(nexes, "option_t1")).outcome == NO_REPORT
    assert ref.run(driver_case(nexes, "option_t3")).raw_stdout.startswith("0x00002")
    assert ref.run(Session(nexes["EXIT42"], options=("-T", "/tmp/x"))).outcome == UNSUPPORTED


def test_validation_failure_is_exit_8_state_1(ref: RefTarget, tmp_path: Path) -> None:
    src = tmp_path / "sys.s"
    src.write_text("        .text\n        .globl _start\n        .p2align 5\n_start:\n        syscall\n        hlt\n")
    nexe = build([src], tmp_path / "sys.nexe", sandbox=False, runtime=False).output
    result = ref.run(Session(nexe))
    assert (result.exit_code, result.validator_state) == (8, 1)
    assert result.exit_state == "src/main/zerovm.c 145: validation failed"
    assert ref.run(Session(nexe, options=("-s", "-F"))).exit_code == 0


def test_program_missing(ref: RefTarget, tmp_path: Path) -> None:
    result = ref.run(Session(tmp_path / "nope.nexe"))
    assert (result.exit_code, result.exit_state) == (2, "src/main/zerovm.c 116: program open error")


ALL_SESSIONS: dict[str, Callable[[dict[str, Path]], Session]] = {
    **{f"fault-{name}": (lambda n, name=name: fault_session(n, name)) for name in FAULTS},
    "misaligned": misaligned_session,
    "sse0": lambda n: Session(n["sse0"]),
    "sse8": lambda n: Session(n["sse8"]),
    **{f"driver-{name}": (lambda n, name=name: driver_case(n, name)) for name in DRIVER_CASES},
}


def test_a_spinning_program_stops_at_the_same_place_every_run(tmp_path: Path) -> None:
    # Progress goes out as it happens: the bytes written show exactly where the budget ran out.
    src = tmp_path / "spin.c"
    src.write_text("#include <zvm.h>\n"
                   "int main(void)\n{\n  for (unsigned i = 0;; i++)\n"
                   "    if ((i & 0xFFFF) == 0) zvm_pwrite(ZVM_STDOUT, \".\", 1, 0);\n}\n")
    nexe = build([src], tmp_path / "spin.nexe", toolchain="builtin").output
    fast = RefTarget(rate=2_000_000)
    runs = [fast.run(Session(nexe, timeout=1)) for _ in range(3)]
    assert all((r.exit_code, r.exit_state) == (4, "session timeout") for r in runs)
    written = [r.outputs["/dev/stdout"] for r in runs]
    assert len(written[0]) > 3 and written[0] == written[1] == written[2]
    assert runs[0].accounting == runs[1].accounting == runs[2].accounting


def test_rex_r_movs_are_found_at_instruction_starts_only() -> None:
    """The MOVs r/m, imm with REX.R unicorn refuses (the machine carries them out): 44 c7 inside
    an immediate is no instruction, nor is a REX.R C7 whose reg field is not /0."""
    code = bytes.fromhex("b800c0c744"  # mov $0x44c7c000, %eax: 44 c7 in the immediate
                         "6644c7c03412"  # mov $0x1234, %ax with 66, REX.R
                         "45c7470878563412")  # movl $0x12345678, 8(%r15) with REX.RB
    code += b"\xf4" * (32 - len(code))
    report = validate_code(code, 0x20000)
    assert report.valid
    assert analyse(report, code).rex_r_movs == (0x20005, 0x2000B)
