"""harness.manifest: zerovm's manifest rules (ZEROVM.md sections 1 and 2), the check CLI,
and, with ZEROVM set, the predictions against the real zerovm."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.cli import main as cli_main
from harness.manifest import (
    Channel,
    Manifest,
    ManifestProblem,
    channel_descriptors,
    check_manifest,
    manifest_problems,
    parse_manifest,
    zerovm_verdict,
)

DATA_END = 0x40000  # the end of data of a small nexe: where its heap starts
STD = ("Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0",
       "Channel = /dev/null, /dev/stdout, 0, 0, 0, 0, 1, 1",
       "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1")


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    (tmp_path / "prog.nexe").write_bytes(b"not checked here")
    return tmp_path


def text(*, skip: tuple[str, ...] = (), channels: tuple[str, ...] = STD, **keys: str) -> str:
    """A manifest: the four obligatory keys (overridable, or left out with `skip`), then channels."""
    values = {"Version": "20130611", "Program": "prog.nexe", "Memory": "33554432, 0", "Timeout": "1"}
    values.update(keys)
    lines = [f"{key} = {value}" for key, value in values.items() if key not in skip]
    return "\n".join([*lines, *channels]) + "\n"


def verdict(manifest: str | bytes, cwd: Path, **options: object) -> tuple[int, str]:
    options.setdefault("check_program", False)
    options.setdefault("data_end", DATA_END)
    return zerovm_verdict(manifest_problems(manifest, cwd, **options))


# --- lexical rules ---------------------------------------------------------------------------

def test_good_manifest_is_accepted(cwd: Path) -> None:
    assert verdict(text(), cwd) == (0, "ok")


def test_crlf_lines_work(cwd: Path) -> None:
    assert verdict(text().replace("\n", "\r\n"), cwd) == (0, "ok")


@pytest.mark.parametrize("value", ["0x5", "010", "+7", "\v1", "5\f"])
def test_integer_forms(cwd: Path, value: str) -> None:
    assert verdict(text(Timeout=value), cwd) == (0, "ok")
    assert parse_manifest(text(Timeout="0x10")).timeout == 16
    assert parse_manifest(text(Timeout="010")).timeout == 8


@pytest.mark.parametrize(("value", "rest"), [("5x", "x"), ("08", "8"), ("0x", "x"), ("-", "-"), ("1\v", "\v"),
                                             ("99999999999999999999", ""), ("5 6", " 6")])
def test_trailing_garbage(cwd: Path, value: str, rest: str) -> None:
    assert verdict(text(Timeout=value), cwd) == (14, f"MANIFEST 4: invalid numeric value '{rest}'")


def test_a_line_with_two_equals_is_ignored(cwd: Path) -> None:
    manifest = text(skip=("Timeout",)) + "Timeout = 5 = 6\n"
    assert verdict(manifest, cwd) == (14, "src/main/manifest.c 345: Timeout not specified")


def test_keys_are_case_sensitive_and_unknown_keys_ignored(cwd: Path) -> None:
    assert verdict(text(skip=("Version",)) + "version = 20130611\n", cwd)[1].endswith("Version not specified")
    assert verdict(text() + "Broken = 1\nFooBar = 2\nno equals sign here\n", cwd) == (0, "ok")


def test_zero_byte_file_is_a_read_error(cwd: Path) -> None:
    assert verdict(b"", cwd) == (5, "src/main/manifest.c 126: manifest read error")


def test_empty_manifest_reports_timeout_first(cwd: Path) -> None:
    # The presence check runs from the last keyword down to Version.
    problems = manifest_problems("=====\n== empty manifest\n\n", cwd, check_program=False)
    assert [p.message for p in problems[:4]] == ["Timeout not specified", "Memory not specified",
                                                  "Program not specified", "Version not specified"]
    assert zerovm_verdict(problems) == (14, "src/main/manifest.c 345: Timeout not specified")


def test_text_after_a_nul_byte_is_not_read(cwd: Path) -> None:
    assert verdict(text(skip=("Timeout",)).encode() + b"\0Timeout = 1\n", cwd)[1].endswith("Timeout not specified")


def test_line_limit_keeps_the_rest_in_the_last_line(cwd: Path) -> None:
    # Line 0x2000 holds the rest of the text, so a key there has more than one '='.
    padding = "\n" * (0x2000 - 1)
    manifest = text(skip=("Timeout",)) + padding + "Timeout = 1\nEtag = x\n"
    assert verdict(manifest, cwd)[1].endswith("Timeout not specified")


# --- keywords --------------------------------------------------------------------------------

@pytest.mark.parametrize(("keys", "expected"), [
    ({"Version": "20130612"}, (14, "MANIFEST 1: invalid manifest version")),
    ({"Memory": "33554432"}, (14, "MANIFEST 3: invalid memory token")),
    ({"Memory": "33554432, 0, 0"}, (14, "MANIFEST 3: invalid numeric value ', 0'")),
    ({"Memory": "33554432, 2"}, (14, "MANIFEST 3: invalid memory etag token")),
    ({"Memory": "-1, 0"}, (12, "src/main/setup.c 138: invalid memory size")),
    ({"Memory": "4294967297,0"}, (12, "src/main/setup.c 138: invalid memory size")),
    ({"Memory": str(24 << 20) + ", 0"}, (12, "src/main/setup.c 145: user heap size is too small")),
    ({"Timeout": "0"}, (14, "src/main/setup.c 101: invalid timeout 0")),
    ({"Timeout": "-1"}, (14, "src/main/setup.c 101: invalid timeout -1")),
    ({"Timeout": "2147483648"}, (14, "src/main/setup.c 101: invalid timeout -2147483648")),
    ({"Timeout": "4294967297"}, (0, "ok")),  # int32 wraparound to 1
    ({"Memory": "4294967296,0"}, (0, "ok")),
    ({"Program": "missing.nexe"}, (2, "src/main/zerovm.c 116: program open error")),
])
def test_keyword_rules(cwd: Path, keys: dict[str, str], expected: tuple[int, str]) -> None:
    assert verdict(text(**keys), cwd) == expected


def test_relative_program_is_relative_to_cwd(cwd: Path) -> None:
    (cwd / "sub").mkdir()
    (cwd / "sub" / "p.nexe").write_bytes(b"x")
    assert verdict(text(Program="sub/p.nexe"), cwd) == (0, "ok")
    assert verdict(text(Program=str(cwd / "sub")), cwd)[0] == 2


def test_duplicates_and_optional_keys(cwd: Path) -> None:
    assert verdict(text() + "Timeout = 2\n", cwd) == (14, "src/main/manifest.c 347: duplicate Timeout keyword")
    assert verdict(text() + "Etag = anything\nJob = /tmp/job.sock\n", cwd) == (0, "ok")
    assert verdict(text() + "Job = " + "j" * 108 + "\n", cwd) == (14, "MANIFEST 8: too long Job name")
    # Presence is checked from the last keyword down: the duplicate Timeout comes before Version.
    assert verdict(text(skip=("Version",)) + "Timeout = 2\n", cwd)[1].endswith("duplicate Timeout keyword")


def test_name_server_rules(cwd: Path) -> None:
    net = ("Channel = tcp:2:0, /dev/stdin, 0, 0, 32, 32, 0, 0", *STD[1:])
    assert verdict(text(channels=net, NameServer="udp:127.0.0.1:54321"), cwd) == (
        14, "src/channels/nservice.c 186: invalid node: 0")
    assert verdict(text(channels=net, NameServer="tcp:127.0.0.1:54321", Node="1"), cwd) == (
        14, "src/channels/nservice.c 187: name server only support udp protocol")
    assert verdict(text(NameServer="udp:127.0.0.1:54321"), cwd) == (0, "ok")  # no network channels
    assert verdict(text(NameServer="udp:127.0.0.256:5"), cwd) == (14, "MANIFEST 5: malformed ip token")
    assert verdict(text(NameServer="udp"), cwd) == (14, "MANIFEST 5: invalid channel url")
    assert verdict(text(Node="usidramki"), cwd) == (14, "MANIFEST 5: invalid numeric value 'usidramki'")


# --- channels --------------------------------------------------------------------------------

def chan(uri: str, alias: str = "/dev/stdin", ctype: int = 0, etag: int = 0,
         limits: tuple[int, int, int, int] = (1, 1, 0, 0)) -> str:
    return f"Channel = {uri}, {alias}, {ctype}, {etag}, {', '.join(map(str, limits))}"


def with_stdin(line: str) -> tuple[str, ...]:
    return (line, *STD[1:])


@pytest.mark.parametrize(("line", "expected"), [
    (chan("relative/in"), (14, "MANIFEST 5: only absolute path channels are allowed")),
    (chan("ipc:/path:0"), (14, "MANIFEST 5: invalid numeric value '/path'")),
    (chan("tcp:127.0.0.1"), (14, "MANIFEST 5: invalid channel url")),
    (chan("file:/x"), (14, "MANIFEST 5: invalid channel name")),
    (chan("TcP:0.0.0.0:5"), (14, "MANIFEST 5: malformed ip token")),
    (chan("/dev/null", ctype=5), (14, "src/channels/channel.c 375: /dev/stdin has invalid type 5")),
    (chan("/dev/null", ctype=-1), (14, "src/channels/channel.c 375: /dev/stdin has invalid type -1")),
    (chan("/dev/null", ctype=1 << 32), (0, "ok")),  # an unsigned 32-bit enum
    (chan("/dev/null", etag=2), (14, "MANIFEST 5: invalid channel numeric token")),
    (chan("/dev/null", limits=(1, -1, 0, 0)), (14, "MANIFEST 5: negative limits for /dev/stdin")),
    (chan("/dev/null", limits=(0, 0, 0, 0)), (22, "src/channels/preload.c 102: /dev/stdin has invalid i/o type")),
    (chan("/dev/null", limits=(1, 1, 0, 999999)), (0, "ok")),  # puts=0: still read-only
    (chan("/dev/null", limits=(1, 1, 1, 1)), (22, "src/channels/preload.c 102: /dev/stdin has invalid i/o type")),
    (chan("/no/such/file"), (14, "src/channels/preload.c 127: cannot open /no/such/file")),
    (chan("/dev/null, /dev/null"), (14, "MANIFEST 5: invalid numeric value '/dev/stdin'")),
    ("Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0", (14, "MANIFEST 5: invalid channel tokens number")),
    ("Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0, 0", (14, "MANIFEST 5: invalid numeric value ', 0'")),
    (chan("tcp:1:0", limits=(1, 1, 1, 1)), (14, "src/channels/prefetch_zmq.c 254: invalid i/o type")),
    (chan(";".join(["/dev/null"] * 16)), (0, "ok")),
    (chan(";".join(["/dev/null"] * 17)), (14, "src/channels/preload.c 127: cannot open /dev/null;/dev/null")),
])
def test_channel_rules(cwd: Path, line: str, expected: tuple[int, str]) -> None:
    assert verdict(text(channels=with_stdin(line)), cwd) == expected


def test_two_token_urls_are_undefined_in_zerovm(cwd: Path) -> None:
    # zerovm reads past the token array: stale heap memory decides (ZEROVM.md saw
    # "invalid numeric value" for ipc:/path, the reference build "invalid channel url").
    for uri in ("ipc:/path", "tcp:127.0.0.1", " "):
        problem = manifest_problems(text(channels=with_stdin(chan(uri))), cwd, check_program=False)[0]
        assert (problem.exit_state, problem.undefined) == ("MANIFEST 5: invalid channel url", True)
    problem = manifest_problems(text(channels=with_stdin(chan("tcp"))), cwd, check_program=False)[0]
    assert (problem.exit_state, problem.undefined) == ("MANIFEST 5: invalid channel url", False)


def test_standard_channels_and_aliases(cwd: Path) -> None:
    assert verdict(text(channels=(*STD, STD[0])), cwd) == (
        14, "src/channels/channel.c 41: /dev/stdin is already allocated")
    extra = (chan("/dev/null", "a"), chan("/dev/null", "b"))
    assert verdict(text(channels=(STD[0], STD[1], *extra)), cwd) == (
        14, "src/channels/channel.c 472: missing standard channels in manifest")
    assert verdict(text(channels=STD[:2]), cwd) == (14, "src/channels/channel.c 439: not enough channels: 2")
    assert verdict(text(channels=()), cwd) == (14, "src/channels/channel.c 439: not enough channels: 0")


def test_channel_count_is_capped_by_the_line_limit(cwd: Path) -> None:
    # ENFILE needs 10915 channels, but only 0x2000 lines are read (the last keeps the rest,
    # with many '=': ignored), so a manifest file can never reach it.
    many = tuple(chan("/dev/null", f"c{i}") for i in range(10915 - 3))
    manifest = text(channels=(*STD, *many))
    assert len(parse_manifest(manifest).channels) == 0x2000 - 4 - 1
    assert verdict(manifest, cwd) == (0, "ok")
    # Each channel file keeps a descriptor: 1021 of them under `ulimit -n 1024`.
    assert verdict(manifest, cwd, fd_limit=1021) == (9, "src/channels/preload.c 108: cannot open /dev/null")
    assert verdict(text(channels=(*STD, *many[:1018])), cwd, fd_limit=1021) == (0, "ok")


def test_all_read_only_channels_crash_zerovm(cwd: Path) -> None:
    ro = tuple(chan("/dev/null", alias) for alias in ("/dev/stdin", "/dev/stdout", "/dev/stderr"))
    assert verdict(text(channels=ro), cwd) == (4, "Signal 11 from trusted code")


def test_source_file_types(cwd: Path) -> None:
    data = cwd / "in.txt"
    data.write_text("hello")
    assert verdict(text(channels=with_stdin(chan(str(data)))), cwd) == (0, "ok")
    assert verdict(text(channels=with_stdin(chan(str(cwd)))), cwd) == (
        93, "src/channels/preload.c 190: invalid /dev/stdin source type 0")
    sock_path = cwd / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert verdict(text(channels=with_stdin(chan(str(sock_path), ctype=2))), cwd)[1].endswith(
            "invalid /dev/stdin source type 2")
    fifo = cwd / "fifo"
    os.mkfifo(fifo)
    assert verdict(text(channels=with_stdin(chan(str(fifo), limits=(1, 1, 1, 1)))), cwd)[0] == 22


def test_write_only_and_read_write_files(cwd: Path) -> None:
    out = f"{cwd}/out.bin"
    wo = (STD[0], chan(out, "/dev/stdout", limits=(0, 0, 1, 100)), STD[2])
    assert verdict(text(channels=wo), cwd) == (0, "ok")
    assert not Path(out).exists()  # checking creates nothing
    nodir = (STD[0], chan(f"{cwd}/nodir/out", "/dev/stdout", limits=(0, 0, 1, 100)), STD[2])
    assert verdict(text(channels=nodir), cwd) == (9, "src/channels/preload.c 91: cannot preallocate /dev/stdout")
    assert verdict(text(channels=nodir), cwd, preallocate=False) == (
        2, f"src/channels/preload.c 165: {cwd}/nodir/out open error")
    huge = (STD[0], chan(out, "/dev/stdout", limits=(0, 0, 1, (1 << 63) - 1)), STD[2])
    assert verdict(text(channels=huge), cwd)[0] == 27  # EFBIG from ftruncate
    assert verdict(text(channels=huge), cwd, preallocate=False) == (0, "ok")
    rw = {ctype: (STD[0], chan(out, "/dev/stdout", ctype, limits=(1, 1, 1, 1)), STD[2]) for ctype in range(4)}
    assert verdict(text(channels=rw[0]), cwd) == (
        14, "src/channels/preload.c 139: sequential channels cannot have r/w access")
    assert verdict(text(channels=rw[2]), cwd) == (
        14, "src/channels/preload.c 141: sequential read / random write channels not supported")
    assert verdict(text(channels=rw[1]), cwd) == (0, "ok")
    assert verdict(text(channels=rw[3]), cwd) == (0, "ok")
    nil = (STD[0], chan(out, "/dev/stdout", limits=(0, 0, 0, 999999)), STD[2])
    assert verdict(text(channels=nil), cwd) == (22, "src/channels/preload.c 161: /dev/stdout has invalid i/o type")


def test_every_problem_is_listed_in_zerovm_order(cwd: Path) -> None:
    manifest = text(Timeout="0", Memory="-1, 0", channels=(
        chan("rel"), chan("/dev/null", "/dev/stdin", 7), STD[1], STD[2], chan("/dev/null", "/dev/stdin")))
    problems = manifest_problems(manifest, cwd, check_program=False)
    assert [(p.line, p.exit_code) for p in problems] == [(5, 14), (6, 14), (9, 14), (None, 12), (None, 14)]
    assert problems[0].tagged and problems[0].exit_state == "MANIFEST 5: only absolute path channels are allowed"
    assert problems[1].exit_state == "src/channels/channel.c 375: /dev/stdin has invalid type 7"


def test_problem_fields() -> None:
    problem = ManifestProblem(4, "only absolute path channels are allowed", 14, "src/main/manifest.c 257", True)
    assert problem.exit_state == "MANIFEST 4: only absolute path channels are allowed"
    assert problem.errno_name == "EFAULT"
    long = ManifestProblem(None, "x" * 5000, 14, "src/channels/channel.c 41")
    assert len(long.exit_state) == 0xFFF


# --- descriptors and round trips -------------------------------------------------------------

def test_descriptor_numbering() -> None:
    channels = [Channel("/dev/null", alias) for alias in
                ("Zupper", "/dev/zzz", "/dev/stderr", "/dev/aaa", "/dev/stdout", "/dev/stdin", "a")]
    assert [c.alias for c in channel_descriptors(channels)] == [
        "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/aaa", "/dev/zzz", "Zupper", "a"]


def test_render_parse_round_trip(cwd: Path) -> None:
    manifest = Manifest("prog.nexe", (
        Channel("/dev/null", "/dev/stdin", 0, 0, 1, 1, 0, 0),
        Channel("/dev/null", "/dev/stdout", 0, 1, 0, 0, 1, 1),
        Channel("/dev/null", "/dev/stderr", 0, 0, 0, 0, 1, 1),
        Channel("tcp:10.0.0.1:5000;udp:7:0", "net", 0, 0, 0, 0, 5, 5),
        Channel(f"{cwd}/r.bin", "rand", 3, 0, 9, 99, 9, 99)),
        memory=64 << 20, memory_etag=1, timeout=7, extra=(("Node", "3"), ("Etag", "e")))
    parsed = parse_manifest(manifest.render())
    assert parsed.ok
    assert parsed.to_manifest() == manifest
    assert parse_manifest(manifest.render().replace("\n", "\r\n")).to_manifest() == manifest
    assert parsed.channels[3].sources[0].host == int.from_bytes(bytes([10, 0, 0, 1]), "little")
    assert parsed.channels[3].sources[1].network and parsed.channels[3].sources[1].port == 0


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400),
                 st.lists(st.sampled_from(["Channel", "Version", "Memory", "Timeout", "Program", "Node",
                                           "NameServer", "Job", "Etag", "=", ",", ";", ":", " ", "\r", "\n",
                                           "0x", "-", "1", "/dev/null", "tcp", "1.2.3.4", "/dev/stdin"]),
                          max_size=80).map("".join)))
def test_arbitrary_text_never_raises(data: bytes | str) -> None:
    parsed = parse_manifest(data)
    problems = list(parsed.problems) + check_manifest(parsed, tempfile.gettempdir(), check_program=False)
    code, state = zerovm_verdict(problems)
    assert (code == 0) == (not problems) and isinstance(state, str)


# --- the CLI ---------------------------------------------------------------------------------

def test_cli_check(cwd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = cwd / "good.manifest"
    good.write_text(text())
    assert cli_main(["manifest", "check", "--no-program", "--cwd", str(cwd), str(good)]) == 0
    bad = cwd / "bad.manifest"
    bad.write_text(text(channels=with_stdin(chan("rel"))))
    assert cli_main(["manifest", "check", "--no-program", "--cwd", str(cwd), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:5: only absolute path channels are allowed (zerovm exits 14, EFAULT)" in out
    assert "zerovm would exit 14: MANIFEST 5: only absolute path channels are allowed" in out
    assert cli_main(["manifest", "check", str(cwd / "missing.manifest")]) == 2


# --- against the real zerovm (ZEROVM=/path/to/zerovm) ----------------------------------------

# Manifests equivalent to ZeroVM's tests/functional/manifest ones (written here, with the
# std channels on /dev/null so that zerovm's report can go through a pipe), plus others.
# {dir} is the session directory; "prog" the nexe.
REAL_CASES = {
    "good": text(Program="prog", Memory="67108864, 0"),
    "duplicated_channel_alias": text(Program="prog", channels=(*STD, chan("/dev/null", "dup", limits=(0, 0, 1, 1)),
                                                               chan("/dev/null", "dup", limits=(0, 0, 1, 1)))),
    "empty_manifest": "=====\n== nothing here\n=====\n\n",
    "invalid_channel_access_type": text(Program="prog", channels=with_stdin(chan("/dev/null", ctype=5))),
    "invalid_channel_path": text(Program="prog", channels=with_stdin(chan("dev/null"))),
    "invalid_channel_source_type": text(Program="prog", channels=with_stdin(chan("{dir}"))),
    "invalid_limits": text(Program="prog", channels=with_stdin(chan("/dev/null", limits=(1, -1, 0, 0)))),
    "invalid_memory": text(Program="prog", Memory="-1, 1"),
    "invalid_memory_tag": text(Program="prog", Memory="67108864, 2"),
    "invalid_name_server_host": text(Program="prog", NameServer="udp:127.0.0.300:54321"),
    "invalid_name_server_proto": text(Program="prog", NameServer="tcp:127.0.0.1:54321", Node="1",
                                      channels=with_stdin(chan("tcp:2:0", limits=(32, 32, 0, 0)))),
    "invalid_name_server_type": text(Program="prog", NameServer="udp"),
    "invalid_nexe": text(Program="no-such.nexe"),
    "invalid_node": text(Program="prog", Node="usidramki"),
    "invalid_timeout": text(Program="prog", Timeout="0"),
    "missed_memory_tag": text(Program="prog", Memory="67108864"),
    "name_server_missed_node": text(Program="prog", NameServer="udp:127.0.0.1:54321",
                                    channels=with_stdin(chan("tcp:2:0", limits=(32, 32, 0, 0)))),
    "negative_timeout": text(Program="prog", Timeout="-1"),
    "nexe_skipped": text(skip=("Program",)),
    "nil_channel": text(Program="prog", channels=with_stdin(chan("/dev/null", limits=(0, 0, 0, 0)))),
    "no_channels": text(Program="prog", channels=()),
    "no_std_channels": text(Program="prog", channels=tuple(chan("/dev/null", f"c{i}") for i in range(3))),
    "no_version": text(Program="prog", skip=("Version",)),
    "not_enough_std_channels": text(Program="prog", channels=(*STD[:2], chan("/dev/null", "c1", limits=(0, 0, 1, 1)))),
    "not_existing_channel_name": text(Program="prog", channels=with_stdin(chan("/@#$%^&*()"))),
    "too_few_channel_attributes": text(Program="prog", channels=with_stdin("Channel = /dev/null, /dev/stdin, 0, 0")),
    "too_much_channel_attributes": text(Program="prog", channels=with_stdin(chan("/dev/null") + ", 0")),
    "crlf_hex_octal": text(Program="prog", Timeout="0x5", Memory="0100000000, 0").replace("\n", "\r\n"),
    "timeout_wraps": text(Program="prog", Timeout="2147483648"),
    "memory_4g": text(Program="prog", Memory="4294967296,0"),
    "memory_4g_plus_1": text(Program="prog", Memory="4294967297,0"),
    "heap_too_small": text(Program="prog", Memory=f"{24 << 20}, 0"),
    "two_equals": text(Program="prog", skip=("Timeout",)) + "Timeout = 5 = 6\n",
    "wo_file": text(Program="prog", channels=(STD[0], chan("{dir}/out", "/dev/stdout", limits=(0, 0, 1, 9)), STD[2])),
    "wo_no_dir": text(Program="prog", channels=(STD[0], chan("{dir}/x/out", "/dev/stdout", limits=(0, 0, 1, 9)),
                                                 STD[2])),
    "rw_sequential": text(Program="prog", channels=(STD[0], chan("{dir}/rw", "/dev/stdout", 0, limits=(1, 1, 1, 1)),
                                                     STD[2])),
    "all_read_only": text(Program="prog", channels=tuple(chan("/dev/null", a) for a in
                                                          ("/dev/stdin", "/dev/stdout", "/dev/stderr"))),
}


def _as_user() -> dict[str, object]:
    if os.geteuid() != 0:
        return {}
    for name in (os.environ.get("ZEROVM_USER"), "zvm", "nobody"):
        if name:
            try:
                user = pwd.getpwnam(name)
            except KeyError:
                continue
            return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    pytest.skip("no unprivileged user to run zerovm as")


@pytest.fixture(scope="module")
def session_nexe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from harness.toolchain import build

    src = tmp_path_factory.mktemp("prog") / "prog.c"
    src.write_text("int main(void) { return 0; }\n")
    return build([src], src.with_suffix(".nexe"), toolchain="builtin").output


@pytest.fixture
def session_dir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="zvm-manifest-"))
    d.chmod(0o1777)  # zerovm runs as an unprivileged user that must create files here
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(REAL_CASES))
def test_prediction_matches_real_zerovm(zerovm: object, session_nexe: Path, session_dir: Path, name: str) -> None:
    shutil.copy(session_nexe, session_dir / "prog")
    (session_dir / "prog").chmod(0o644)
    manifest = REAL_CASES[name].replace("{dir}", str(session_dir))
    (session_dir / "m").write_text(manifest)
    expected = zerovm_verdict(manifest_problems(manifest, session_dir))
    proc = subprocess.run([str(zerovm.path), "m"], cwd=session_dir, stdin=subprocess.DEVNULL,  # type: ignore[attr-defined]
                          capture_output=True, timeout=60, check=False, **_as_user())  # type: ignore[arg-type]
    lines = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
    state = lines[-3] if len(lines) >= 3 else ""
    assert proc.returncode == expected[0], (state, expected)
    assert state.startswith(expected[1]), (state, expected)
