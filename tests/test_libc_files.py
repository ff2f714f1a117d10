"""Files on channels against files on the host: tests/libc/files.c runs as a nexe whose
channels hold some bytes (fopen/fseek/fprintf/update streams and read/lseek/pread/pwrite on
them) and, built natively by the host gcc, on host files holding the same bytes; what it
prints and what it leaves in each file must be the same.  The nexe runs on the reference
target, and on the real zerovm when one is configured.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from harness.manifest import RGETRPUT, RGETSPUT
from harness.targets import ChannelSpec, RunResult, Session, Target, standard_channels
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from harness.toolchain.builtin import gcc_supports_x32

PROGRAM = Path(__file__).parent / "libc" / "files.c"

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None or not gcc_supports_x32(),
                                reason="the host gcc with -mx32 is needed")

# alias -> (macro, type, readable, writable, initial bytes or None for an output)
LIMIT = 1 << 20
INPUT = b"short\na line longer than fifteen bytes\n\nlast line without newline"
RANDOM = b"0123456789abcdefghijklmnopqrstuvwxyz"
CHANNELS = {
    "/dev/input": ("IN_PATH", 0, True, False, INPUT),
    "/dev/random": ("RAND_PATH", RGETSPUT, True, False, RANDOM),
    "/dev/output": ("OUT_PATH", 0, False, True, None),
    "/dev/rw": ("RW_PATH", RGETRPUT, True, True, b"abcdefghij"),
    "/dev/log": ("LOG_PATH", RGETSPUT, True, True, b"first line\n"),
}
WRITTEN = ("/dev/output", "/dev/rw", "/dev/log")


def _native(tmp: Path) -> tuple[bytes, dict[str, bytes]]:
    files = tmp / "native"
    files.mkdir()
    defines = [f"-DNONE_PATH=\"{files / 'none'}\""]
    for alias, (macro, _, _, _, data) in CHANNELS.items():
        path = files / alias.rsplit("/", 1)[1]
        if data is not None:
            path.write_bytes(data)
        defines.append(f"-D{macro}=\"{path}\"")
    exe = tmp / "files.native"
    subprocess.run(["gcc", "-O1", "-w", *defines, "-o", str(exe), str(PROGRAM)], check=True)
    proc = subprocess.run([str(exe)], capture_output=True, timeout=60, check=True)
    return proc.stdout, {alias: (files / alias.rsplit("/", 1)[1]).read_bytes() for alias in WRITTEN}


def _session(nexe: Path) -> Session:
    channels = tuple(
        ChannelSpec(alias, type=kind, gets=LIMIT if rd else 0, get_size=LIMIT if rd else 0,
                    puts=LIMIT if wr else 0, put_size=LIMIT if wr else 0, data=data)
        for alias, (_, kind, rd, wr, data) in CHANNELS.items())
    return Session(nexe, channels=standard_channels() + channels)


def _compare(target: Target, tmp: Path) -> None:
    expected_stdout, expected_files = _native(tmp)
    nexe = build([PROGRAM], tmp / "files.nexe", opt="-O2").output
    result: RunResult = target.run(_session(nexe))
    assert result.outcome == "exited" and result.user_code == 0, result
    assert result.outputs["/dev/stdout"].decode("latin-1").splitlines() == \
        expected_stdout.decode("latin-1").splitlines()
    assert len(expected_stdout.splitlines()) > 30  # the program ran to its end
    for alias in WRITTEN:
        assert result.outputs[alias] == expected_files[alias], alias


def test_files_on_ref_match_host_files(tmp_path: Path) -> None:
    _compare(RefTarget(), tmp_path)


@pytest.mark.zerovm
def test_files_on_zerovm_match_host_files(tmp_path: Path, zerovm: ZerovmTarget) -> None:
    _compare(zerovm, tmp_path)
