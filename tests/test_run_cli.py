"""`python -m harness run`: a stand-in for zerovm in scripts (stand-in zerovm binaries in CI)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPORT, USAGE

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "harness", "run", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=60, check=False)


@pytest.fixture
def standin_zerovm(bindir: Path) -> Path:
    """Copies the staged stdin channel to the staged stdout channel, then reports user code 9 and exits 0."""
    path = bindir / "zerovm"
    path.write_text("#!/bin/sh\n" + USAGE + "\n"
                    'chan() { grep "$1" session.manifest | cut -d, -f1 | cut -d= -f2 | tr -d " "; }\n'
                    'cat "$(chan /dev/stdin)" > "$(chan /dev/stdout)"\n'
                    'printf oops > "$(chan /dev/stderr)"\n'
                    + REPORT.replace("%s", "9") + "\n")
    path.chmod(0o755)
    return path


def test_runs_a_nexe_with_stdin_and_prints_outputs_then_the_report(standin_zerovm: Path, nexe: Path) -> None:
    proc = run_cli("--zerovm", str(standin_zerovm), str(nexe), stdin=b"echo me\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"echo me\n" + b"0\n0\n9\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n"
    assert proc.stderr == b"oops"


def test_json_output(standin_zerovm: Path, nexe: Path) -> None:
    proc = run_cli("--zerovm", str(standin_zerovm), "--json", str(nexe), stdin=b"in")
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"exit_code", "errno", "validator_state", "daemon", "user_code", "etags", "accounting",
                        "exit_state", "outputs", "wall_s"}
    assert (doc["exit_code"], doc["errno"], doc["user_code"], doc["exit_state"]) == (0, "OK", 9, "ok")
    assert doc["outputs"] == {"/dev/stdout": "in", "/dev/stderr": "oops"}
    assert doc["accounting"]["local_gets"] == 0


def test_exit_code_is_the_targets(bindir: Path, nexe: Path) -> None:
    path = bindir / "zerovm"
    path.write_text("#!/bin/sh\n" + USAGE + "\n" + REPORT.replace("%s", "0").replace("ok", "MANIFEST 4: bad")
                    + "\nexit 14\n")
    path.chmod(0o755)
    assert run_cli("--zerovm", str(path), str(nexe)).returncode == 14


def test_missing_file_is_usage_error() -> None:
    proc = run_cli("--target", "zerovm", "/no/such/file.nexe")
    assert proc.returncode == 2 and b"no such file" in proc.stderr


def test_missing_zerovm_is_a_clear_harness_error(nexe: Path) -> None:
    proc = run_cli("--zerovm", "/no/such/zerovm", str(nexe))
    assert proc.returncode == 125
    assert b"zerovm not found" in proc.stderr and b"Traceback" not in proc.stderr


def test_requests_need_a_manifest_and_readable_files(nexe: Path, user_dir: Path) -> None:
    proc = run_cli("--target", "ref", str(nexe), "--request", str(nexe))
    assert proc.returncode == 2 and b"--request needs a manifest with a Job line" in proc.stderr
    manifest = user_dir / "job.manifest"
    manifest.write_text("Version = 20130611\n")
    proc = run_cli("--target", "ref", str(manifest), "--request", str(user_dir / "missing.manifest"))
    assert proc.returncode == 2 and b"missing.manifest" in proc.stderr and b"Traceback" not in proc.stderr
