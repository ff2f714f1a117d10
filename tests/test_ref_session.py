"""The reference executor's use of harness.manifest: verdicts, the program file and channel construction."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from harness.manifest import parse_manifest
from harness.targets.ref.channels import CHARACTER, REGULAR, STREAM
from harness.targets.ref.errors import Unsupported, ZvmFail
from harness.targets.ref.session import (
    Opened,
    open_channels,
    read_program,
    session_stat,
    stop_at,
    stream_output,
    write_outputs,
)

HEAD = "Version = 20130611\nProgram = /x.nexe\nMemory = 33554432, 0\nTimeout = 5\n"


def manifest(*channels: str) -> str:
    return HEAD + "".join(f"Channel = {c}\n" for c in channels)


def verdict(text: str, stdin: bytes = b"", opened: Opened | None = None) -> tuple[int, str] | list[str]:
    """The channels' aliases in descriptor order, or zerovm's (exit code, exit state)."""
    parsed = parse_manifest(text)
    try:
        stop_at(parsed.problems)
        return [c.alias for c in open_channels(parsed, stdin, True, [] if opened is None else opened)]
    except ZvmFail as exc:
        return exc.code, exc.state


def test_parse_problems_are_zerovms_first() -> None:
    assert verdict("") == (5, "src/main/manifest.c 126: manifest read error")
    assert verdict("\n") == (14, "src/main/manifest.c 345: Timeout not specified")
    assert verdict(HEAD.replace("= 5", "= 5\v")) == (14, "MANIFEST 4: invalid numeric value '\v'")
    assert verdict(manifest("tcp:0.0.0.0:5, /dev/stdin, 0, 0, 1, 1, 0, 0")) == (14, "MANIFEST 5: malformed ip token")


@pytest.mark.parametrize("text", [
    manifest("/dev/null, /dev/stdin, 0, 0"),  # zerovm reads past the token array: it may crash
    manifest("tcp:1.2.3, /dev/stdin, 0, 0, 1, 1, 0, 0"),
    manifest(*(f"/dev/null, {alias}, 0, 0, 1, 1, 0, 0" for alias in ("/dev/stdin", "/dev/stdout", "/dev/stderr"))),
])
def test_undefined_behaviour_is_unsupported(text: str) -> None:
    with pytest.raises(Unsupported, match="undefined"):
        verdict(text)


def test_channels_in_descriptor_order(tmp_path: Path) -> None:
    (tmp_path / "in").write_bytes(b"abc")
    text = manifest(f"{tmp_path}/in, Zupper, 0, 0, 1, 1, 0, 0", "/dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0",
                    f"{tmp_path}/out, /dev/aaa, 0, 0, 0, 0, 1, 1", "/dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1",
                    "/dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1")
    opened: Opened = []
    assert verdict(text, b"typed", opened) == ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/aaa", "Zupper"]
    kinds = {entry.channel.alias: (ch.kind, bytes(ch.content), ch.size) for entry, ch in opened}
    assert kinds == {"Zupper": (REGULAR, b"abc", 3), "/dev/stdin": (STREAM, b"typed", 0),
                     "/dev/aaa": (REGULAR, b"", 0), "/dev/stdout": (STREAM, b"", 0), "/dev/stderr": (CHARACTER, b"", 0)}
    assert not (tmp_path / "out").exists()  # mounting only reads; outputs are written at the end


def test_standard_streams_are_pipes_to_zerovm() -> None:
    assert stat.S_ISFIFO(session_stat("/dev/stdout").st_mode)
    # A pipe must be read-only or write-only (preload.c:102), like any character device.
    rw = manifest("/dev/stdin, /dev/stdin, 0, 0, 1, 1, 1, 1", "/dev/null, /dev/stdout, 0, 0, 0, 0, 1, 1",
                  "/dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1")
    assert verdict(rw) == (22, "src/channels/preload.c 102: /dev/stdin has invalid i/o type")


_OUT = "/dev/null, /dev/stdout, 0, 0, 0, 0, 1, 1"
_ERR = "/dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1"


@pytest.mark.parametrize("channels", [
    ("/dev/stdout, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR),  # reading zerovm's own stdout
    ("/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR, "/dev/full, /dev/full, 0, 0, 1, 1, 0, 0"),
    ("/dev/null;/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR),  # replicas
    ("/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", "/dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1", _ERR,
     "/dev/stdout, /dev/other, 0, 0, 0, 0, 1, 1"),  # two stdio FILEs on one pipe
])
def test_unmodelled_channels(channels: tuple[str, ...]) -> None:
    with pytest.raises(Unsupported):
        verdict(manifest(*channels))


def test_channel_problems_stop_after_what_was_opened(tmp_path: Path) -> None:
    std = ("/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", f"{tmp_path}/out, /dev/stdout, 0, 0, 0, 0, 1, 1")
    opened: Opened = []
    bad = manifest(*std, f"{tmp_path}/missing, /dev/stderr, 0, 0, 1, 1, 0, 0")
    assert verdict(bad, opened=opened) == (14, f"src/channels/preload.c 127: cannot open {tmp_path}/missing")
    assert [entry.channel.alias for entry, _ in opened] == ["/dev/stdin", "/dev/stdout"]
    opened.clear()
    assert verdict(manifest(*std), opened=opened) == (14, "src/channels/channel.c 439: not enough channels: 2")
    assert opened == []  # the count is checked before anything is mounted
    nodir = manifest(*std, f"{tmp_path}/no/dir, /dev/stderr, 0, 0, 0, 0, 1, 1")
    assert verdict(nodir) == (9, "src/channels/preload.c 91: cannot preallocate /dev/stderr")


def test_outputs_are_written_as_zerovm_leaves_them(tmp_path: Path) -> None:
    out, rw = tmp_path / "out", tmp_path / "rw"
    out.write_bytes(b"old content, longer than what is written")
    rw.write_bytes(b"0123456789")
    text = manifest("/dev/stdin, /dev/stdin, 0, 0, 1, 1, 0, 0", f"{out}, /dev/stdout, 0, 0, 0, 0, 9, 99",
                    "/dev/stderr, /dev/stderr, 0, 0, 0, 0, 1, 1", f"{rw}, /dev/rw, 1, 0, 9, 99, 9, 99")
    opened: Opened = []
    assert isinstance(verdict(text, opened=opened), list)
    channels = {entry.channel.alias: ch for entry, ch in opened}
    assert channels["/dev/rw"].putpos == 10  # type 1 on an existing file appends
    channels["/dev/stdout"].content[:] = b"new"
    channels["/dev/stdout"].size = 3
    channels["/dev/stderr"].content[:] = b"err"
    outputs, problems = write_outputs(opened)
    assert (outputs, problems) == ({"/dev/stdout": b"new", "/dev/rw": b"0123456789"}, [])
    assert (out.read_bytes(), rw.read_bytes()) == (b"new", b"0123456789")
    assert stream_output(opened, "/dev/stderr") == b"err" and stream_output(opened, "/dev/stdout") == b""


def test_file_replicas_share_files_as_single_sources_do(tmp_path: Path) -> None:
    (tmp_path / "in").write_bytes(b"abc")
    (tmp_path / "out").write_bytes(b"abc")
    std = (f"{tmp_path}/in, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR)
    # a write replica on a file another channel reads, a read replica on a file another channel writes
    writer = f"{tmp_path}/out, /dev/w, 0, 0, 0, 0, 1, 1"
    for extra in ((f"{tmp_path}/out;{tmp_path}/in, /dev/w, 0, 0, 0, 0, 1, 1",),
                  (f"{tmp_path}/in;{tmp_path}/out, /dev/r, 0, 0, 1, 1, 0, 0", writer)):
        with pytest.raises(Unsupported, match="a second channel on the file of"):
            verdict(manifest(*std, *extra))
    # one file twice in one channel is one replica; two channels reading a file share it
    same = f"{tmp_path}/out;{tmp_path}/out, /dev/w, 0, 0, 0, 0, 1, 1"
    assert verdict(manifest(*std, same, f"{tmp_path}/in;{tmp_path}/in, /dev/r, 0, 0, 1, 1, 0, 0")) == [
        "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/r", "/dev/w"]


def test_zerovm_closes_every_other_file_replica(tmp_path: Path) -> None:
    # ChannelDtor walks the source array PreloadChannelDtor removes from: it closes replicas 0, 2, 4, ...
    names = [tmp_path / f"r{i}" for i in range(4)]
    text = manifest("/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR,
                    ";".join(map(str, names)) + ", /dev/w, 0, 0, 0, 0, 9, 8")
    for preallocate, length in ((True, 8), (False, 3)):
        opened: Opened = []
        assert isinstance(open_channels(parse_manifest(text), b"", preallocate, opened), list)
        channel = opened[-1][1]
        assert channel.net is not None
        for src in channel.net.sources:
            src.content[:] = b"abc"
        channel.size = 2  # what the channel's size says at close
        assert write_outputs(opened)[1] == []
        assert [n.read_bytes() for n in names] == [b"ab", b"abc" + bytes(length - 3), b"ab", b"abc" + bytes(length - 3)]


def test_a_network_source_after_a_write_replica_is_never_closed(tmp_path: Path) -> None:
    text = manifest("/dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0", _OUT, _ERR,
                    f"{tmp_path}/w;tcp:127.0.0.1:1, /dev/w, 0, 0, 0, 0, 9, 8")
    with pytest.raises(Unsupported, match="close skips its network source 1"):
        verdict(text)


def test_program_file(tmp_path: Path) -> None:
    (tmp_path / "p.nexe").write_bytes(b"\x7fELF...")
    # relative to zerovm's cwd; a regular file is mapped, and slices of the map are bytes
    assert read_program("p.nexe", tmp_path)[:] == b"\x7fELF..."
    assert read_program("/dev/zero", tmp_path) == b""  # st_size bytes: none
    with pytest.raises(ZvmFail) as info:
        read_program("missing.nexe", tmp_path)
    assert info.value.state == "src/main/zerovm.c 116: program open error"
    with pytest.raises(ZvmFail) as info:
        read_program(str(tmp_path), tmp_path)
    assert (info.value.code, info.value.state) == (2, f"src/main/zerovm.c 164: Cannot open '{tmp_path}'. Success")
