"""The reference executor's manifest parsing and channel construction (zerovm's order and words)."""

from __future__ import annotations

import pytest

from harness.targets.ref.errors import ZvmFail
from harness.targets.ref.session import (
    HostFiles,
    StagedFile,
    descriptor_order,
    open_channels,
    parse_manifest,
    strtoll,
)

GOOD = ("Version = 20130611\nProgram = /x.nexe\nMemory = 33554432, 0\nTimeout = 5\n"
        "Channel = /in, /dev/stdin, 0, 0, 1, 1, 0, 0\nChannel = /out, /dev/stdout, 0, 0, 0, 0, 1, 1\n"
        "Channel = /err, /dev/stderr, 0, 1, 0, 0, 1, 1\n")


def failure(text: str) -> tuple[int, str]:
    with pytest.raises(ZvmFail) as info:
        parse_manifest(text)
    return info.value.code, info.value.state


def test_strtoll_base_0() -> None:
    assert strtoll("0x1f") == (31, "", False)
    assert strtoll("010") == (8, "", False)
    assert strtoll("08") == (0, "8", False)
    assert strtoll("") == (0, "", False)
    assert strtoll("12abc") == (12, "abc", False)
    assert strtoll("99999999999999999999")[2]


def test_good_manifest() -> None:
    parsed = parse_manifest(GOOD.replace("\n", "\r\n"))
    assert (parsed.memory, parsed.timeout, len(parsed.channels)) == (33554432, 5, 3)
    assert parsed.channels[2].etag and parsed.channels[0].limits == (1, 1, 0, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ("", (14, "src/main/manifest.c 345: Timeout not specified")),
    (GOOD.replace("Version", "version"), (14, "src/main/manifest.c 345: Version not specified")),
    (GOOD + "Timeout = 6\n", (14, "src/main/manifest.c 347: duplicate Timeout keyword")),
    (GOOD.replace("Timeout = 5", "Timeout = 5 = 6"), (14, "src/main/manifest.c 345: Timeout not specified")),
    (GOOD.replace("20130611", "20130612"), (14, "MANIFEST 1: invalid manifest version")),
    (GOOD.replace("33554432, 0", "33554432"), (14, "MANIFEST 3: invalid memory token")),
    (GOOD.replace("33554432, 0", "1, 0, 0"), (14, "MANIFEST 3: invalid numeric value ', 0'")),
    (GOOD.replace("33554432, 0", "1, 2"), (14, "MANIFEST 3: invalid memory etag token")),
    (GOOD.replace("Timeout = 5", "Timeout = 5x"), (14, "MANIFEST 4: invalid numeric value 'x'")),
    (GOOD.replace("/in,", "in,"), (14, "MANIFEST 5: only absolute path channels are allowed")),
    (GOOD.replace("/in,", "file:/in,"), (14, "MANIFEST 5: invalid channel name")),
    (GOOD.replace("/in,", "tcp:127.0.0.1,"), (14, "MANIFEST 5: invalid channel url")),
    (GOOD.replace("/in,", "tcp:1.2.3,"), (14, "MANIFEST 5: malformed ip token")),
    (GOOD.replace("0, 0, 1, 1, 0, 0", "0, 0, 1, 1, 0"), (14, "MANIFEST 5: invalid channel tokens number")),
    (GOOD.replace("0, 0, 1, 1, 0, 0", "0, 0, 1, 1, 0, 0, 0"), (14, "MANIFEST 5: invalid numeric value ', 0'")),
    (GOOD.replace("0, 0, 1, 1, 0, 0", "0, 0, -1, 1, 0, 0"), (14, "MANIFEST 5: negative limits for /dev/stdin")),
])
def test_manifest_errors(text: str, expected: tuple[int, str]) -> None:
    assert failure(text) == expected


def test_timeout_is_int32() -> None:
    assert parse_manifest(GOOD.replace("Timeout = 5", "Timeout = 2147483648")).timeout == -2147483648


def test_descriptor_order() -> None:
    aliases = ["Zupper", "/dev/stderr", "/dev/zzz", "/dev/stdout", "/dev/aaa", "/dev/stdin"]
    assert [aliases[i] for i in descriptor_order(aliases)] == ["/dev/stdin", "/dev/stdout", "/dev/stderr",
                                                               "/dev/aaa", "/dev/zzz", "Zupper"]


def _open(text: str, staged: dict[str, StagedFile]) -> tuple[int, str] | list[str]:
    try:
        return [c.alias for c in open_channels(parse_manifest(text).channels, HostFiles(staged), [])]
    except ZvmFail as exc:
        return exc.code, exc.state


def test_channel_construction() -> None:
    staged = {"/in": StagedFile(b"abc"), "/out": StagedFile(None), "/err": StagedFile(None)}
    assert _open(GOOD, staged) == ["/dev/stdin", "/dev/stdout", "/dev/stderr"]
    assert _open(GOOD, {**staged, "/in": StagedFile(None)}) == (14, "src/channels/preload.c 127: cannot open /in")
    two = "\n".join(GOOD.splitlines()[:5]) + "\n"
    assert _open(two, staged) == (14, "src/channels/channel.c 439: not enough channels: 1")
    no_stderr = GOOD.replace("/dev/stderr", "/dev/other")
    assert _open(no_stderr, staged) == (14, "src/channels/channel.c 472: missing standard channels in manifest")
