"""RefTarget.run_manifest: a user's manifest run as zerovm would from a directory.

The first part runs everywhere (the expectations are what the real zerovm does: ZEROVM.md
and runs of /opt/zvm-ref/bin/zerovm).  The differential part (marked zerovm, skipped
without ZEROVM) runs every manifest of cases/manifest/*.toml, and a few with streams and
output files, on both targets from identical directories and compares the results and
the files each left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cases import load_case
from harness.cli import main as cli_main
from harness.plugin import _build_cached
from harness.targets import EXITED, NO_REPORT, RunResult
from harness.targets.privilege import hand_over, session_user
from harness.targets.ref import UNSUPPORTED, RefTarget
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from tests.conftest import UserDirs

CASES = Path(__file__).parent.parent / "cases"

# Copies stdin to stdout (framed, so the report still starts on its own line), writes a
# line to stderr and stdin's bytes to the channel /dev/out when there is one; exits with
# the number of bytes read.
ECHO_C = r"""
#include <string.h>
#include <zvm.h>

static char buf[4096];

static int find(const char *alias)
{
  const struct zvm_manifest *m = zvm_manifest();
  for (unsigned i = 0; i < m->channels_count; i++)
    if (strcmp(zvm_channel_name((int)i), alias) == 0) return (int)i;
  return -1;
}

int main(void)
{
  int total = 0, n;
  while (total < (int)sizeof buf && (n = zvm_pread(0, buf + total, (int)sizeof buf - total, 0)) > 0) total += n;
  zvm_pwrite(1, "in=", 3, 0);
  zvm_pwrite(1, buf, total, 0);
  zvm_pwrite(1, "\n", 1, 0);
  zvm_pwrite(2, "to stderr\n", 10, 0);
  int out = find("/dev/out");
  if (out >= 0) zvm_pwrite(out, buf, total, 0);
  return total;
}
"""

STD_STREAMS = ("Channel = /dev/stdin, /dev/stdin, 0, 0, 100, 4096, 0, 0\n"
               "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 100, 10000\n"
               "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 100, 10000\n")


def manifest(channels: str = STD_STREAMS, *, program: str = "echo.nexe", timeout: str = "5",
             memory: str = "268435456, 0") -> str:
    return (f"Version = 20130611\nProgram = {program}\nMemory = {memory}\nTimeout = {timeout}\n"
            f"{channels}")


@pytest.fixture(scope="module")
def echo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("echo") / "echo.c"
    src.write_text(ECHO_C)
    return build([src], src.with_suffix(".nexe"), opt="-O2").output


@pytest.fixture
def cwd(user_dir: Path, echo: Path) -> Path:
    shutil.copyfile(echo, user_dir / "echo.nexe")
    return user_dir


def run(cwd: Path, text: str, stdin: bytes = b"", options: tuple[str, ...] = ()) -> RunResult:
    """The manifest run from `cwd`, whose files belong to the user sessions run as."""
    (cwd / "m").write_text(text)
    hand_over(cwd, session_user())
    return RefTarget().run_manifest(cwd / "m", cwd, stdin, options)


def report(user_code: int, state: str = "ok", accounting: str = "0.00 0.00 0 0 0 0 0 0 0 0",
           validator_state: int = 0) -> str:
    return f"{validator_state}\n0\n{user_code}\ndisable\n{accounting}\n{state}\n\n"


def test_streams_and_a_relative_program(cwd: Path) -> None:
    result = run(cwd, manifest(), b"hello")
    assert (result.outcome, result.exit_code, result.user_code, result.exit_state) == (EXITED, 0, 5, "ok")
    # stdin: one read of 5 bytes and the 0-byte read at EOF; stdout 3 writes, stderr 1.
    assert result.raw_stdout == "in=hello\n" + report(5, accounting="0.00 0.00 2 5 4 19 0 0 0 0")
    assert result.raw_stderr == "to stderr\n"
    assert result.outputs == {}


def test_output_files_hold_the_bytes_written(cwd: Path) -> None:
    (cwd / "out").write_bytes(b"a longer file that was there before")
    text = manifest(STD_STREAMS + f"Channel = {cwd}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n"
                    f"Channel = {cwd}/new, /dev/new, 0, 0, 0, 0, 10, 1000\n")
    result = run(cwd, text, b"abc")
    assert (result.exit_code, result.user_code) == (0, 3)
    # Preallocated to put_size at open, truncated to the channel's size at close.
    assert (cwd / "out").read_bytes() == b"abc"
    assert (cwd / "new").read_bytes() == b""  # created, never written
    assert result.outputs == {"/dev/out": b"abc", "/dev/new": b""}


def test_read_write_file_keeps_its_bytes(cwd: Path) -> None:
    (cwd / "in").write_bytes(b"from a file")
    (cwd / "rw").write_bytes(b"0123456789")
    text = manifest(f"Channel = {cwd}/in, /dev/stdin, 0, 0, 100, 4096, 0, 0\n"
                    "Channel = /dev/null, /dev/stdout, 0, 0, 0, 0, 100, 10000\n"
                    "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 10000\n"
                    f"Channel = {cwd}/rw, /dev/out, 3, 0, 10, 100, 10, 100\n")
    result = run(cwd, text)
    assert (result.exit_code, result.user_code, result.raw_stdout) == (0, 11, report(11, accounting=(
        "0.00 0.00 2 11 5 36 0 0 0 0")))
    assert (cwd / "rw").read_bytes() == b"from a file"  # type 3 writes from offset 0 over the old bytes


def test_a_failure_after_mounting_leaves_opened_outputs_empty(cwd: Path) -> None:
    (cwd / "out").write_bytes(b"old")
    result = run(cwd, manifest(STD_STREAMS + f"Channel = {cwd}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n",
                               timeout="0"))
    assert (result.exit_code, result.validator_state, result.exit_state) == (
        14, 0, "src/main/setup.c 101: invalid timeout 0")
    assert (cwd / "out").read_bytes() == b""


def test_a_manifest_error_touches_nothing(cwd: Path) -> None:
    (cwd / "out").write_bytes(b"old")
    result = run(cwd, manifest(STD_STREAMS + f"Channel = {cwd}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n",
                               memory="1, 2"))
    assert (result.exit_code, result.validator_state, result.exit_state) == (
        14, 2, "MANIFEST 3: invalid memory etag token")
    assert result.raw_stdout == report(0, "MANIFEST 3: invalid memory etag token", validator_state=2)
    assert (cwd / "out").read_bytes() == b"old"


def test_unsupported_touches_nothing(cwd: Path) -> None:
    (cwd / "out").write_bytes(b"old")
    result = run(cwd, manifest(STD_STREAMS + f"Channel = {cwd}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n"
                               "Channel = /dev/full, /dev/full, 0, 0, 1, 1, 0, 0\n"))
    assert (result.outcome, result.exit_code) == (UNSUPPORTED, None)
    assert result.exit_state is not None and "/dev/full" in result.exit_state
    assert (cwd / "out").read_bytes() == b"old"


def test_program_relative_to_cwd_not_to_the_manifest(cwd: Path, user_dirs: UserDirs) -> None:
    elsewhere = user_dirs.make()
    (elsewhere / "m").write_text(manifest())
    result = RefTarget().run_manifest(elsewhere / "m", elsewhere)
    assert (result.exit_code, result.exit_state) == (2, "src/main/zerovm.c 116: program open error")
    assert RefTarget().run_manifest(elsewhere / "m", cwd).exit_code == 0


def test_unreadable_manifests(user_dir: Path) -> None:
    missing = RefTarget().run_manifest(user_dir / "missing", user_dir)
    assert (missing.exit_code, missing.exit_state) == (2, "src/main/manifest.c 125: manifest open error")
    directory = RefTarget().run_manifest(user_dir, user_dir)
    assert (directory.exit_code, directory.exit_state) == (5, "src/main/manifest.c 126: manifest read error")


def test_options_and_report_modes(cwd: Path) -> None:
    quit_ = run(cwd, manifest(), b"xyz", ("-F",))
    assert (quit_.exit_code, quit_.user_code, quit_.raw_stdout, quit_.raw_stderr) == (0, 0, report(0), "")
    assert run(cwd, manifest(), b"xyz", ("-t1",)).outcome == NO_REPORT


def test_harness_run_uses_the_ref_by_default(cwd: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("ZEROVM", raising=False)
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"typed")))
    (cwd / "m").write_text(manifest())
    hand_over(cwd, session_user())
    assert cli_main(["run", "m"]) == 0
    out, err = capsys.readouterr()
    assert out == "in=typed\n" + report(5, accounting="0.00 0.00 2 5 4 19 0 0 0 0")
    assert err == "to stderr\n"


# Where the ref's former manifest parser and harness.manifest disagreed, the real zerovm decided
# (all harness.manifest's way); name -> (manifest, zerovm's exit code and exit state).
_NULL_STD = ("Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0\n"
             "Channel = {dir}/out, /dev/stdout, 0, 0, 0, 0, 1, 1\n"
             "Channel = {dir}/err, /dev/stderr, 0, 0, 0, 0, 1, 1\n")
DECIDED = {
    "timeout_vertical_tab": (manifest(_NULL_STD, program="{program}", timeout="5\v"),
                             (14, "MANIFEST 4: invalid numeric value '\v'")),  # g_strstrip keeps \v
    "memory_etag_int32": (manifest(_NULL_STD, program="{program}", memory="268435456, 4294967296"), (0, "ok")),
    "channel_etag_int32": (manifest(_NULL_STD + "Channel = /dev/null, /dev/x, 0, 4294967296, 1, 1, 0, 0\n",
                                    program="{program}"), (0, "ok")),
    "ip_0.0.0.0": (manifest(_NULL_STD + "Channel = tcp:0.0.0.0:5, /dev/x, 0, 0, 1, 1, 0, 0\n", program="{program}"),
                   (14, "MANIFEST 8: malformed ip token")),
    "regular_protocol_name": (manifest(_NULL_STD + "Channel = regular:1:2, /dev/x, 0, 0, 1, 1, 0, 0\n",
                                       program="{program}"), (14, "src/channels/preload.c 127: cannot open (null)")),
    "program_directory": (manifest(_NULL_STD, program="{dir}"),
                          (2, "src/main/zerovm.c 164: Cannot open '{dir}'. Success")),
}


@pytest.mark.parametrize("name", sorted(DECIDED))
def test_zerovm_decided_disagreements(echo: Path, user_dir: Path, name: str) -> None:
    template, expected = DECIDED[name]
    shutil.copyfile(echo, user_dir / "program.nexe")
    text = template.replace("{program}", str(user_dir / "program.nexe")).replace("{dir}", str(user_dir))
    result = run(user_dir, text)
    assert (result.exit_code, result.exit_state) == (expected[0], expected[1].replace("{dir}", str(user_dir)))


# -- against the real zerovm (ZEROVM=/path/to/zerovm) -----------------------------------------------

_TRUSTED = re.compile(r"(from trusted code: Halting at 0x)[0-9A-F]+")
_TIMES = re.compile(r"^\d+\.\d\d \d+\.\d\d ", re.MULTILINE)  # zerovm's real times; the model's 0.00


def comparable(result: RunResult, workdir: Path) -> tuple[object, ...]:
    def text(value: str | None) -> str:
        return _TIMES.sub("<t> <t> ", _TRUSTED.sub(r"\1<host>", (value or "").replace(str(workdir), "<dir>")))

    return (result.outcome, result.exit_code, result.validator_state, result.daemon, result.user_code,
            result.etags, tuple(result.accounting[2:]), text(result.exit_state), result.outputs,
            text(result.raw_stdout), text(result.raw_stderr))


def files(directory: Path) -> dict[str, bytes]:
    """What a session left in its directory (the manifest itself names the directory: left out)."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*"))
            if p.is_file() and p.name != "session.manifest"}


@contextlib.contextmanager
def stdio_on_dev_null() -> Iterator[None]:
    """The test process's own stdin/stdout/stderr on /dev/null while the zerovm target runs.

    Staging a manifest for a root harness (harness.targets.staging) stats `/dev/stdout` in
    the harness process and, when that is a regular file -- pytest's capture file -- stages
    the channel as a file, although zerovm itself sees its own pipe there.  On /dev/null
    (a character device) staging leaves the standard streams to zerovm, as from a terminal.
    """
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        yield
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)


@pytest.fixture
def base() -> Iterator[Path]:
    """A directory zerovm's unprivileged user can reach (pytest's tmp_path is private to root):
    a root harness stages only regular files for it, so it must see the rest where it is."""
    directory = Path(tempfile.mkdtemp(prefix="zvm-ref-manifest-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def differential(zerovm: ZerovmTarget, base: Path, template: str, program: Path | None,
                 staged: tuple[tuple[str, bytes], ...] = (), stdin: bytes = b"") -> None:
    """Run the manifest on both targets from two identical directories; compare results and files."""
    seen = {}
    for target in (RefTarget(), zerovm):
        workdir = base / target.name
        workdir.mkdir()
        if program is not None:
            shutil.copyfile(program, workdir / "program.nexe")
        for name, data in staged:
            (workdir / name).write_bytes(data)
        text = template.replace("{program}", str(workdir / "program.nexe")).replace("{dir}", str(workdir))
        (workdir / "session.manifest").write_text(text)
        hand_over(workdir, session_user())
        with stdio_on_dev_null():
            result = target.run_manifest(workdir / "session.manifest", workdir, stdin)
        if result.outcome == UNSUPPORTED:
            pytest.skip(f"the ref does not model this manifest: {result.exit_state}")
        seen[target.name] = (comparable(result, workdir), files(workdir))
    assert seen["ref"] == seen["zerovm"]


MANIFEST_CASES = sorted(p.stem for p in (CASES / "manifest").glob("*.toml"))


@pytest.mark.zerovm
@pytest.mark.parametrize("name", MANIFEST_CASES)
def test_case_manifest_agrees_with_zerovm(zerovm: ZerovmTarget, base: Path, name: str) -> None:
    case = load_case(CASES / "manifest" / f"{name}.toml", CASES)
    assert case.manifest is not None
    program = _build_cached(case, case.opts[0]) if case.source is not None else None
    differential(zerovm, base, case.manifest, program, case.files)


# Streams, relative programs and output files: what run_manifest adds to the cases.
STREAM_MANIFESTS = {
    "streams": (manifest(program="program.nexe"), b"hello"),
    "streams_etag": (manifest(STD_STREAMS.replace("/dev/stdout, 0, 0", "/dev/stdout, 0, 1"), program="program.nexe"),
                     b"tagged"),
    "output_file": (manifest(STD_STREAMS + "Channel = {dir}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n"
                             "Channel = {dir}/new, /dev/new, 0, 0, 0, 0, 10, 1000\n", program="{program}"), b"abc"),
    "output_file_quota": (manifest(STD_STREAMS + "Channel = {dir}/out, /dev/out, 0, 0, 0, 0, 10, 4\n",
                                   program="{program}"), b"abcdefgh"),
    "rw_file": (manifest("Channel = {dir}/in, /dev/stdin, 0, 0, 100, 4096, 0, 0\n"
                         "Channel = {dir}/stdout, /dev/stdout, 0, 0, 0, 0, 100, 10000\n"
                         "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 10000\n"
                         "Channel = {dir}/rw, /dev/out, 1, 0, 10, 100, 10, 100\n", program="{program}"), b""),
    "timeout_0_after_outputs": (manifest(STD_STREAMS + "Channel = {dir}/out, /dev/out, 0, 0, 0, 0, 10, 1000\n",
                                         program="{program}", timeout="0"), b""),
    "stdin_read_write": (manifest(STD_STREAMS.replace("100, 4096, 0, 0", "1, 1, 1, 1"), program="{program}"), b""),
}
# A session that stops while mounting lists its channels' etags in the order zerovm had them then.
_TAGGED_STD = "".join(line.replace(", 0, 0, ", ", 0, 1, ", 1) + "\n" for line in STD_STREAMS.splitlines())
STOPPED_MOUNTING = {
    # Bound /dev/net (tcp:NODE:0), then stopped at the name service: closed after the local channels.
    "name_server_no_node": (manifest(_TAGGED_STD + "Channel = tcp:2:0, /dev/net, 0, 1, 1, 1, 0, 0\n"
                                     "NameServer = udp:127.0.0.1:54321\n", program="{program}"),
                            "src/channels/nservice.c 186: invalid node: 0",
                            ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/net"]),
    "name_server_tcp": (manifest(_TAGGED_STD + "Channel = tcp:2:0, /dev/net, 0, 1, 1, 1, 0, 0\n"
                                 "NameServer = tcp:127.0.0.1:54321\nNode = 1\n", program="{program}"),
                        "src/channels/nservice.c 187: name server only support udp protocol",
                        ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/net"]),
    # The standard-channel check comes after SortChannels: descriptor order, not the manifest's.
    "missing_stderr_sorted": (manifest("Channel = /dev/null, /dev/zzz, 0, 1, 0, 0, 1, 1\n"
                                       "Channel = /dev/null, /dev/aaa, 0, 1, 0, 0, 1, 1\n"
                                       "Channel = /dev/null, /dev/stdout, 0, 1, 0, 0, 1, 1\n"
                                       "Channel = /dev/null, /dev/stdin, 0, 1, 1, 1, 0, 0\n", program="{program}"),
                              "src/channels/channel.c 472: missing standard channels in manifest",
                              ["/dev/stdin", "/dev/stdout", "/dev/aaa", "/dev/zzz"]),
    # A channel that fails to mount: the manifest's order.
    "bad_type_manifest_order": (manifest("Channel = /dev/null, /dev/zzz, 0, 1, 0, 0, 1, 1\n" + _TAGGED_STD
                                         + "Channel = /dev/null, /dev/aaa, 7, 1, 0, 0, 1, 1\n", program="{program}"),
                                "src/channels/channel.c 375: /dev/aaa has invalid type 7",
                                ["/dev/zzz", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/aaa"]),
}


@pytest.mark.parametrize("name", sorted(STOPPED_MOUNTING))
def test_etags_of_a_session_stopped_while_mounting(echo: Path, user_dir: Path, name: str) -> None:
    template, state, aliases = STOPPED_MOUNTING[name]
    shutil.copyfile(echo, user_dir / "program.nexe")
    result = run(user_dir, template.replace("{program}", str(user_dir / "program.nexe")))
    assert (result.outcome, result.exit_code, result.exit_state) == (EXITED, 14, state)
    assert [alias for alias, _ in result.etags] == aliases
    assert {digest for _, digest in result.etags} == {hashlib.sha1().hexdigest()}  # nothing moved yet


@pytest.mark.zerovm
@pytest.mark.parametrize("name", sorted(STOPPED_MOUNTING))
def test_stopped_mounting_agrees_with_zerovm(zerovm: ZerovmTarget, echo: Path, base: Path, name: str) -> None:
    differential(zerovm, base, STOPPED_MOUNTING[name][0], echo)


STAGED = (("out", b"a longer file that was there before"), ("in", b"from a file"), ("rw", b"0123456789"))


@pytest.mark.zerovm
@pytest.mark.parametrize("name", sorted(DECIDED))
def test_decided_manifest_agrees_with_zerovm(zerovm: ZerovmTarget, echo: Path, base: Path, name: str) -> None:
    differential(zerovm, base, DECIDED[name][0], echo)


@pytest.mark.zerovm
@pytest.mark.parametrize("name", sorted(STREAM_MANIFESTS))
def test_stream_manifest_agrees_with_zerovm(zerovm: ZerovmTarget, echo: Path, base: Path, name: str) -> None:
    template, stdin = STREAM_MANIFESTS[name]
    differential(zerovm, base, template, echo, STAGED, stdin)
