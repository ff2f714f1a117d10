"""Running a user's manifest: staging for an unprivileged zerovm, outputs back, paths named as written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.targets.staging import stage_manifest
from harness.targets.zerovm import ZerovmTarget
from tests.conftest import REPORT

MANIFEST = """Version = 20130611
Program = prog.nexe
Memory = 268435456, 0
Timeout = 5
Channel = {d}/in.txt, /dev/stdin, 0, 0, 100, 100, 0, 0
Channel = {d}/out.txt;{d}/copy.txt, /dev/stdout, 0, 0, 0, 0, 100, 10000
Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 10000
Channel = relative.txt, /dev/rel, 0, 0, 1, 1, 0, 0
"""


@pytest.fixture
def userdir(tmp_path: Path) -> Path:
    (tmp_path / "prog.nexe").write_bytes(b"\x7fELF program")
    (tmp_path / "in.txt").write_text("input")
    return tmp_path


def test_program_and_file_channels_are_staged(userdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    work = tmp_path_factory.mktemp("work")
    staged = stage_manifest(MANIFEST.format(d=userdir).encode(), userdir, work)
    lines = staged.text.decode().split("\n")
    assert len(lines) == len(MANIFEST.split("\n")), "line numbers are kept"
    assert lines[1] == f"Program = {work}/program.nexe"
    assert (work / "program.nexe").read_bytes() == b"\x7fELF program"
    assert lines[4].startswith(f"Channel = {work}/channel0.0, /dev/stdin, 0, 0, 100")
    assert (work / "channel0.0").read_text() == "input"
    assert lines[5].startswith(f"Channel = {work}/channel1.0;{work}/channel1.1, /dev/stdout")
    assert lines[6] == "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 10000", "devices stay"
    assert lines[7] == "Channel = relative.txt, /dev/rel, 0, 0, 1, 1, 0, 0", "zerovm must still refuse it"
    assert staged.outputs == {"/dev/stdout": (work / "channel1.0", userdir / "out.txt")}
    assert (f"{work}/program.nexe", "prog.nexe") in staged.renames


def test_crlf_and_unparsable_lines_survive(userdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    text = MANIFEST.format(d=userdir).replace("\n", "\r\n") + "Timeout = 5 = 6\r\ngarbage\r\n"
    staged = stage_manifest(text.encode(), userdir, tmp_path_factory.mktemp("work"))
    out = staged.text.decode()
    assert out.count("\r\n") == text.count("\r\n")
    assert "Timeout = 5 = 6\r\ngarbage\r\n" in out


@pytest.mark.skipif(os.geteuid() != 0, reason="staging happens only when a root harness switches users")
def test_run_manifest_as_root_stages_and_copies_back(userdir: Path, bindir: Path) -> None:
    # The stand-in prints the manifest it was given, writes the staged stdout channel and reports.
    zerovm = bindir / "zerovm"
    zerovm.write_text("#!/bin/sh\n"
                      'out=$(grep /dev/stdout "$1" | cut -d, -f1 | cut -d= -f2 | cut -d";" -f1 | tr -d " ")\n'
                      'printf produced > "$out"\n'
                      'grep Program "$1" >&2\n' + REPORT.replace("%s", "4").replace("ok", "cannot open $out") + "\n")
    zerovm.chmod(0o755)
    userdir.chmod(0o700)  # the unprivileged user cannot reach the user's files
    result = ZerovmTarget(zerovm).run_manifest(_write(userdir), userdir)
    assert result.user_code == 4
    assert (userdir / "out.txt").read_text() == "produced", "outputs are copied back to where the user named them"
    assert result.outputs["/dev/stdout"] == b"produced"
    assert result.exit_state == f"cannot open {userdir}/out.txt", "staged paths are reported as written"
    assert "program.nexe" in result.raw_stderr


def _write(userdir: Path) -> Path:
    path = userdir / "m.manifest"
    path.write_text(MANIFEST.format(d=userdir))
    return path


def test_an_output_zerovm_could_not_create_is_left_alone(userdir: Path, tmp_path_factory: pytest.TempPathFactory
                                                         ) -> None:
    # Staged, it could be created; zerovm must fail on it as it would without staging (exit 9).
    text = MANIFEST.format(d=userdir) + f"Channel = {userdir}/no/such/dir/out, /dev/out, 0, 0, 0, 0, 1, 1\n"
    staged = stage_manifest(text.encode(), userdir, tmp_path_factory.mktemp("work"))
    assert f"Channel = {userdir}/no/such/dir/out, /dev/out" in staged.text.decode()
    assert "/dev/out" not in staged.outputs


def test_the_standard_stream_names_are_never_staged(userdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # They name zerovm's own streams, whatever the harness's own stdout happens to be.
    text = MANIFEST.format(d=userdir).replace(f"{userdir}/in.txt, /dev/stdin", "/dev/stdin, /dev/stdin")
    staged = stage_manifest(text.encode(), userdir, tmp_path_factory.mktemp("work"))
    assert "Channel = /dev/stdin, /dev/stdin" in staged.text.decode()
