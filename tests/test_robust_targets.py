"""A broken target never takes the harness down: bounded capture, a verdict per item, results written.

Stand-in zerovm executables flood their streams or an output file with gigabytes,
crash, hang, fork children that hold the pipes, or delete their files; the harness
keeps a bounded head and tail of everything (harness.targets.capture), says what it
cut, and a suite run under xdist still gives every item a verdict and writes its results.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.cases import load_case
from harness.compare import compare_run
from harness.targets import EXITED, KILLED_SIGNAL, STREAM_OUTPUT, STREAM_STDERR, STREAM_STDOUT, Session
from harness.targets import capture as capture_module
from harness.targets.capture import HEAD, STREAM_HEAD, TAIL, Capture, read_output
from harness.targets.zerovm import ZerovmTarget
from tests.conftest import REPORT, USAGE

MIB = 1 << 20
# A shell pipeline giving the staged file of every channel but stdin, from the manifest zerovm is given.
OUTPUT_FILES = "grep '^Channel' \"$1\" | grep -v /dev/stdin | cut -d, -f1 | cut -d= -f2 | tr -d ' '"
GOOD_REPORT = REPORT.replace("%s", "0")
REPORT_SIZE = len(b"0\n0\n0\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n")  # what GOOD_REPORT prints


def write_standin(bindir: Path, body: str, name: str = "zerovm") -> Path:
    path = bindir / name
    path.write_text(f"#!/bin/sh\n{USAGE}\n{body}\n")
    path.chmod(0o755)
    return path


# -- the capture ---------------------------------------------------------------------------------


def test_capture_keeps_head_tail_size_and_digest() -> None:
    data = os.urandom(300_000)
    cap = Capture(head=1000, tail=500)
    for i in range(0, len(data), 7777):
        cap.write(data[i:i + 7777])
    got = cap.result()
    assert (got.head, got.tail, got.size) == (data[:1000], data[-500:], len(data))
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.cut
    small = Capture(head=1000, tail=500)
    small.write(data[:1200])
    assert not small.result().cut and small.result().data == data[:1200]
    assert "bytes cut here" in got.text() and "bytes cut here" not in small.result().text()


def test_output_files_are_read_bounded_and_never_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big"
    with open(big, "wb") as f:
        f.truncate(8 * MIB)
        f.seek(8 * MIB - 3)
        f.write(b"end")
    got = read_output(big)
    assert got is not None and got.cut and got.size == 8 * MIB + 0
    assert got.tail.endswith(b"end") and len(got.head) == HEAD and len(got.tail) == TAIL
    assert got.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    (tmp_path / "link").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo")
    assert read_output(tmp_path / "link") is None, "a symlink (here to an endless file) is not followed"
    assert read_output(tmp_path / "fifo") is None, "a FIFO is not read (it would block)"
    assert read_output(tmp_path / "absent") is None
    monkeypatch.setattr(capture_module, "MAX_HASHED", 4 * MIB)
    huge = read_output(big)
    assert huge is not None and huge.sha256 is None and huge.size == 8 * MIB and huge.tail.endswith(b"end")


# -- the zerovm target, one stand-in at a time -----------------------------------------------------


def test_a_flood_before_the_report_keeps_the_report_and_says_what_was_cut(bindir: Path, nexe: Path) -> None:
    target = ZerovmTarget(write_standin(bindir, f"head -c 64M /dev/zero\necho\n{GOOD_REPORT}\n"
                                                "head -c 3M /dev/zero >&2"), kill_margin_s=0.5)
    result = target.run(Session(nexe))
    assert (result.outcome, result.exit_code, result.user_code, result.exit_state) == (EXITED, 0, 0, "ok")
    out, err = result.cut_of(STREAM_STDOUT), result.cut_of(STREAM_STDERR)
    report_size = REPORT_SIZE
    assert out is not None and out.size == 64 * MIB + 1 + report_size
    assert out.sha256 == hashlib.sha256(bytes(64 * MIB) + b"\n" + result.raw_stdout[-report_size:].encode()).hexdigest()
    assert err is not None and err.size == 3 * MIB
    assert len(result.raw_stdout) < STREAM_HEAD + TAIL + 200
    doc = result.to_json()
    assert {(c["stream"], c["size"]) for c in doc["cut"]} == {("stdout", out.size), ("stderr", 3 * MIB)}


def test_a_cut_output_is_a_mismatch_unless_size_and_digest_match(bindir: Path, nexe: Path, tmp_path: Path) -> None:
    body = (f"for f in $({OUTPUT_FILES}); do head -c 3M /dev/zero | tr '\\0' x > \"$f\"; done\n{GOOD_REPORT}")
    result = ZerovmTarget(write_standin(bindir, body), kill_margin_s=0.5).run(Session(nexe))
    cut = result.cut_of(STREAM_OUTPUT, "/dev/stdout")
    assert cut is not None and cut.size == 3 * MIB and len(result.outputs["/dev/stdout"]) == HEAD + TAIL
    area = tmp_path / "cases" / "a"
    area.mkdir(parents=True)
    (area / "c.c").write_text("int main(void) { return 0; }\n")
    (area / "short.toml").write_text('source = "c.c"\n[run]\nstdout = "hi\\n"\n')
    (area / "exact.toml").write_text(f'source = "c.c"\n[run]\nstdout = "{"x" * (3 * MIB)}"\n')
    mismatches = compare_run(load_case(area / "short.toml", tmp_path / "cases"), result)
    assert [m[0] for m in mismatches] == ["run.outputs[/dev/stdout]"]
    assert "cut by the harness" in mismatches[0][2] and str(3 * MIB) in mismatches[0][2]
    assert compare_run(load_case(area / "exact.toml", tmp_path / "cases"), result) == []


def test_a_child_that_leaves_the_group_does_not_hold_the_harness(bindir: Path, nexe: Path) -> None:
    pidfile = bindir / "escaped.pid"
    pidfile.touch(mode=0o666)  # written by zerovm's user, who may not create files in bindir
    pidfile.chmod(0o666)
    body = f"setsid sh -c 'echo $$ > {pidfile}; exec sleep 300' &\nsleep 0.3\n{GOOD_REPORT}"
    start = time.monotonic()
    try:
        result = ZerovmTarget(write_standin(bindir, body), kill_margin_s=0.5).run(Session(nexe))
        took = time.monotonic() - start
        print(f"escaped child: run took {took:.2f} s")
        assert took < 5, "the pipes it holds are given up shortly after zerovm's group is gone"
        assert (result.outcome, result.exit_code, result.user_code) == (EXITED, 0, 0)
    finally:
        # On a busy machine the escaped child may write its pid only after the run: wait for it.
        deadline = time.monotonic() + 10
        while _pid_in(pidfile) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = _pid_in(pidfile)
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return None


def test_a_crash_and_a_deleted_session_are_results(bindir: Path, nexe: Path) -> None:
    crash = ZerovmTarget(write_standin(bindir, "head -c 5M /dev/zero\nkill -SEGV $$"), kill_margin_s=0.5)
    result = crash.run(Session(nexe))
    assert (result.outcome, result.exit_code) == (KILLED_SIGNAL, None) and result.cut_of(STREAM_STDOUT)
    gone = ZerovmTarget(write_standin(bindir, f'rm -rf "$PWD"/* "$PWD"\n{GOOD_REPORT}', "deleter"))
    result = gone.run(Session(nexe))
    assert (result.outcome, result.outputs) == (EXITED, {})


# -- a suite run under xdist ----------------------------------------------------------------------

MARKER = f"zvm-robust-{os.getpid()}"
STANDINS = {
    "flood-stdout": "head -c 2G /dev/zero",
    "flood-stderr": f"head -c 2G /dev/zero >&2\n{GOOD_REPORT}",
    "flood-output": f"truncate -s 2G \"$({OUTPUT_FILES} | head -1)\"\n{GOOD_REPORT}",  # the stdout channel
    "crash": "kill -SEGV $$",
    "hang": f"exec -a {MARKER} sleep 300",
    "fork": f"sh -c 'exec -a {MARKER} sleep 300' &\necho forked",
    "delete": f'rm -rf "$PWD"/* "$PWD"\n{GOOD_REPORT}',
}
CASES = {
    # Timeout 1: a hang is killed at 1 s plus the target's margin.
    "prints": 'source = "prog.c"\ntimeout = 1\n[run]\nstdout = "hi\\n"\n',
    "writes": 'source = "prog.c"\ntimeout = 1\n[[channel]]\nalias = "/dev/output"\ntype = 1\nputs = 9\n'
              'put_size = 99\n[run.outputs]\n"/dev/output" = "x"\n',
}
PEAK_RSS_LIMIT_MIB = 400  # a harness that kept a 2 GiB flood would be far past this
# Runs pytest and prints the peak RSS of itself (the xdist controller: VmHWM, since ru_maxrss of
# RUSAGE_SELF carries the forking parent's size across exec) and of its children (the workers).
MEASURE = """
import resource, sys
from pathlib import Path
import pytest
code = pytest.main(sys.argv[1:])
status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
controller = int(status["VmHWM"].split()[0]) // 1024
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(f"PEAK-RSS-MIB controller={controller} workers={workers}")
sys.exit(int(code))
"""


def make_suite(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["harness.plugin"]\n')
    area = pytester.path / "cases" / "demo"
    area.mkdir(parents=True)
    (area / "prog.c").write_text('int main(void) { return 0; }\n')
    for name, toml in CASES.items():
        (area / f"{name}.toml").write_text(toml)
    (pytester.path / "measure.py").write_text(MEASURE)


def run_suite(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict[str, int], dict[str, str]]:
    out = pytester.path / "out"
    result = pytester.run(sys.executable, "measure.py", "cases", "-p", "no:cacheprovider", "-n", "2",
                          f"--results={out}", *args, timeout=300)
    line = next(line for line in result.outlines if line.startswith("PEAK-RSS-MIB"))
    rss = {k: int(v) for k, v in (part.split("=") for part in line.split()[1:])}
    doc = json.loads((out / "results.json").read_text())
    return result, rss, {f"{r['case']}:{r['target']}{r['opt']}": r["verdict"] for r in doc["results"]}


@pytest.mark.parametrize("standin", sorted(STANDINS))
def test_a_broken_target_gets_every_item_a_verdict_in_bounded_memory(pytester: pytest.Pytester, bindir: Path,
                                                                      standin: str) -> None:
    make_suite(pytester)
    zerovm = write_standin(bindir, STANDINS[standin])
    result, rss, verdicts = run_suite(pytester, "--target", "zerovm", f"--zerovm={zerovm}")
    print(f"{standin}: peak RSS controller {rss['controller']} MiB, workers {rss['workers']} MiB; {verdicts}")
    assert result.ret == 1, result.outlines[-20:]
    runs = {k: v for k, v in verdicts.items() if ":zerovm" in k}
    assert set(runs) == {f"demo/{name}:zerovm-O2" for name in CASES}
    assert all(v in ("FAIL", "ERROR") for v in runs.values()), verdicts
    assert all(v == "PASS" for k, v in verdicts.items() if ":scan" in k), "the static items are untouched"
    assert max(rss.values()) < PEAK_RSS_LIMIT_MIB
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-f", MARKER], capture_output=True, text=True, check=False).stdout
    assert left == "", "no stand-in process outlives its item"


CRASHING_CONFTEST = """
import os
pytest_plugins = ["harness.plugin"]

def pytest_runtest_call(item):
    # Stands for a worker the kernel kills (out of memory) while it runs this item.
    if item.name.startswith("zerovm") and "prints" in item.nodeid and os.environ.get("PYTEST_XDIST_WORKER"):
        os._exit(137)
"""


@pytest.mark.parametrize("restarts", ["1", "0"])
def test_a_dead_worker_costs_its_items_not_the_results(pytester: pytest.Pytester, bindir: Path,
                                                       restarts: str) -> None:
    make_suite(pytester)
    pytester.makeconftest(CRASHING_CONFTEST)
    zerovm = write_standin(bindir, GOOD_REPORT)
    result, _, verdicts = run_suite(pytester, "--target", "zerovm", f"--zerovm={zerovm}",
                                    f"--max-worker-restart={restarts}")
    assert result.ret != 0
    assert verdicts["demo/prints:zerovm-O2"] == "ERROR"
    assert len(verdicts) == 2 * len(CASES), "every collected item has a verdict"
    doc = json.loads((pytester.path / "out" / "results.json").read_text())
    crashed = next(r for r in doc["results"] if r["nodeid"].endswith("prints.toml::zerovm-O2"))
    assert "crashed" in crashed["message"] or "not run" in crashed["message"]
    if restarts == "1":
        assert verdicts["demo/writes:zerovm-O2"] == "FAIL", "a replacement worker runs the rest"


def test_run_json_says_what_was_cut(bindir: Path, nexe: Path) -> None:
    zerovm = write_standin(bindir, f"head -c 5M /dev/zero\necho\n{GOOD_REPORT}")
    for json_flag in (["--json"], []):
        proc = subprocess.run([sys.executable, "-m", "harness", "run", "--zerovm", str(zerovm), *json_flag, str(nexe)],
                              capture_output=True, timeout=60, check=False, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        assert f"harness: stdout: {5 * MIB + 1 + REPORT_SIZE} bytes, cut by the harness".encode() in proc.stderr
        if json_flag:
            doc = json.loads(proc.stdout)
            assert [(c["stream"], c["size"], c["head"], c["tail"]) for c in doc["cut"]] == \
                [("stdout", 5 * MIB + 1 + REPORT_SIZE, STREAM_HEAD, TAIL)]
            assert doc["user_code"] == 0


def test_results_keep_long_outputs_as_head_size_and_digest() -> None:
    from harness.results import TEXT_CAP, run_actual_json
    from harness.targets import RunResult
    from harness.targets.capture import Captured

    long = b"y" * (TEXT_CAP + 10)
    cut = Captured(b"z" * HEAD, b"z" * TAIL, 5 * MIB, "f" * 64)
    result = RunResult("zerovm", EXITED, 0).with_outputs({"/dev/long": Captured(long, b"", len(long), None),
                                                          "/dev/cut": cut, "/dev/short": Captured(b"ok", b"", 2, None)})
    outputs = run_actual_json(result)["outputs"]
    assert outputs["/dev/short"] == "ok"
    assert outputs["/dev/long"] == {"head": "y" * TEXT_CAP, "size": len(long),
                                    "sha256": hashlib.sha256(long).hexdigest()}
    assert (outputs["/dev/cut"]["size"], outputs["/dev/cut"]["sha256"]) == (5 * MIB, "f" * 64)


# -- the reference executor keeps what leaves a session bounded too ----------------------------------

FLOOD_C = r"""
#include <string.h>
#include <zvm.h>
static char buf[1 << 20];
int main(void) {
  memset(buf, 'x', sizeof buf);
  buf[sizeof buf - 1] = '\n';  /* the report starts on a line of its own */
  for (int i = 0; i < 3; i++) zvm_pwrite(1, buf, sizeof buf, 0);
  for (int i = 0; i < 3; i++) zvm_pwrite(2, buf, sizeof buf, 0);
  return 0;
}
"""


def test_ref_outputs_and_streams_are_bounded(tmp_path: Path, user_dir: Path) -> None:
    from harness.targets.privilege import hand_over, session_user
    from harness.targets.ref import RefTarget
    from harness.toolchain import build

    src = tmp_path / "flood.c"
    src.write_text(FLOOD_C)
    nexe = build([src], tmp_path / "flood.nexe").output
    whole = hashlib.sha256((b"x" * (MIB - 1) + b"\n") * 3).hexdigest()
    # Through staged file channels (as the suite runs cases).
    result = RefTarget().run(Session(nexe))
    assert result.exit_code == 0
    assert len(result.outputs["/dev/stdout"]) == HEAD + TAIL
    assert {(c.stream, c.alias, c.size, c.sha256) for c in result.cut} == {
        (STREAM_OUTPUT, "/dev/stdout", 3 * MIB, whole), (STREAM_OUTPUT, "/dev/stderr", 3 * MIB, whole)}
    # Through zerovm's own stdout and stderr (a user's manifest with /dev/stdout channels).
    (user_dir / "p.nexe").write_bytes(nexe.read_bytes())
    (user_dir / "m").write_text("Version = 20130611\nProgram = p.nexe\nMemory = 268435456, 0\nTimeout = 10\n"
                                "Channel = /dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0\n"
                                "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 9, 9999999\n"
                                "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 9, 9999999\n")
    hand_over(user_dir, session_user())
    streamed = RefTarget().run_manifest(user_dir / "m", user_dir)
    assert (streamed.exit_code, streamed.exit_state) == (0, "ok"), "the report survives at the tail"
    assert len(streamed.raw_stdout) < STREAM_HEAD + TAIL + 200 and len(streamed.raw_stderr) < STREAM_HEAD + TAIL + 200
    assert {c.stream for c in streamed.cut} == {STREAM_STDOUT, STREAM_STDERR}
