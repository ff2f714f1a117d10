"""Network channels, replicas and the name service on the reference executor (issue 12).

Every expected figure is one measured on the real zerovm (docs/measured/network-channels.md,
section numbers below); the sessions run the measurement's own probe
(docs/measured/network-tools/probe.c: a script of preads and pwrites read from /dev/script,
every result logged to /dev/stdout).  Clusters run twice give equal results; with $ZEROVM set,
`test_clusters_agree_with_zerovm` runs the same clusters on the real zerovm and compares.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from harness.targets import BIG, ChannelSpec, Cluster, Node, RunResult, Session, standard_channels
from harness.targets.network import LOOPBACK, resolve
from harness.targets.privilege import hand_over, session_user
from harness.targets.ref import UNSUPPORTED, RefTarget, _NodeRun
from harness.targets.ref.fabric import DATA, DIGEST, DUMMY, EOF, Fabric
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build

PROBE = Path(__file__).parent.parent / "docs" / "measured" / "network-tools" / "probe.c"
SHA1_EMPTY = hashlib.sha1().hexdigest()
TIMEOUT_STATE = "session timeout"
NS_FAILED = "src/channels/nservice.c 165: name service failed"


@pytest.fixture(scope="session")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("netprobe")
    return build([PROBE], out / "probe.nexe", opt="-O2").output


@pytest.fixture(scope="session")
def ref() -> RefTarget:
    return RefTarget()


# -- sessions ----------------------------------------------------------------------------------------


def pattern(n: int, start: int = 0, seed: int = 65) -> bytes:
    """The probe's write pattern: byte i = seed + 7 * i, i counting on across its writes."""
    return bytes((seed + (start + i) * 7) & 0xFF for i in range(n))


def node(nexe: Path, name: str, script: str, *channels: ChannelSpec, timeout: int = 5,
         keys: tuple[tuple[str, str], ...] = ()) -> Node:
    script_channel = ChannelSpec("/dev/script", gets=BIG, get_size=BIG, data=script.encode())
    return Node(name, Session(nexe, channels=(*standard_channels(), script_channel, *channels), timeout=timeout,
                              keys=keys))


def ro(uri: str, alias: str = "/dev/net", etag: int = 0, gets: int = 100, get_size: int = 16 << 20,
       ctype: int = 0) -> ChannelSpec:
    return ChannelSpec(alias, type=ctype, uri=uri, etag=etag, gets=gets, get_size=get_size)


def wo(uri: str, alias: str = "/dev/net", etag: int = 0, puts: int = 100, put_size: int = 16 << 20,
       ctype: int = 0) -> ChannelSpec:
    return ChannelSpec(alias, type=ctype, uri=uri, etag=etag, puts=puts, put_size=put_size)


def log(result: RunResult) -> str:
    return result.outputs.get("/dev/stdout", b"").decode(errors="replace")


def returns(result: RunResult, op: str = "r") -> list[int]:
    """What the probe's `r` (one pread) or `w` lines returned, in order."""
    return [int(m.group(1)) for m in re.finditer(rf"^{op} \S+ \d+ -> (-?\d+)", log(result), re.M)]


def rets(result: RunResult) -> list[list[int]]:
    """The returns of each `R` line (pread until <= 0)."""
    return [[int(x) for x in m.group(1).split(",") if x] for m in re.finditer(r"rets=([-\d,]*)", log(result))]


def net(result: RunResult) -> tuple[float | int, ...]:
    """Report line 5's network fields: gets, get bytes, puts, put bytes."""
    return result.accounting[6:10]


def state(result: RunResult) -> tuple[int | None, str | None]:
    return result.exit_code, result.exit_state


def comparable(results: tuple[RunResult, ...]) -> list[tuple[object, ...]]:
    return [(r.outcome, r.exit_code, r.validator_state, r.user_code, r.etags, r.accounting[2:], r.exit_state,
             r.outputs) for r in results]


def run(ref: RefTarget, *nodes: Node, name_server: bool = False) -> tuple[RunResult, ...]:
    """The cluster on the ref, twice: both runs must give the same results (the model is deterministic)."""
    cluster = Cluster(tuple(nodes), name_server)
    first = ref.run_cluster(cluster)
    second = ref.run_cluster(cluster)
    assert comparable(first) == comparable(second)
    return first


R100x4 = "r /dev/net 100\nr /dev/net 100\nr /dev/net 100\nr /dev/net 100\n"


# -- section 1: direct tcp channels --------------------------------------------------------------------


def test_pair(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", R100x4, ro("tcp:{w}")),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}")))
    assert state(reader) == state(writer) == (0, "ok")
    assert returns(reader) == [30, 0, 0, 0]
    assert (net(reader), net(writer)) == ((3, 30, 0, 0), (0, 0, 3, 30))


def test_start_order_does_not_matter(ref: RefTarget, probe: Path) -> None:
    writer, reader = run(ref, node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}")),
                         node(probe, "r", R100x4, ro("tcp:{w}")))
    assert state(reader) == state(writer) == (0, "ok")
    assert returns(reader) == [30, 0, 0, 0]


def test_a_missing_peer_ends_at_the_timeout(ref: RefTarget, probe: Path) -> None:
    # Writer alone: its first pwrite is queued (SNDHWM 1), the second blocks.
    (alone,) = run(ref, node(probe, "w", "w /dev/net 10\nw /dev/net 20\nw /dev/net 30\n", wo("tcp:127.0.0.1:{port:x}"),
                             timeout=3))
    assert state(alone) == (4, TIMEOUT_STATE)
    assert net(alone) == (0, 0, 1, 10)
    assert returns(alone, "w") == [10]
    # A writer that writes nothing hangs sending EOF: the user code is its own, the state the timeout.
    (quiet,) = run(ref, node(probe, "w", "x 7\n", wo("tcp:127.0.0.1:{port:x}"), timeout=3))
    assert (quiet.exit_code, quiet.user_code, quiet.exit_state, net(quiet)) == (4, 7, TIMEOUT_STATE, (0, 0, 0, 0))
    # Reader alone: blocked in pread; or, having read nothing, in the drain at close (one 0-byte get).
    (reader,) = run(ref, node(probe, "r", "r /dev/net 100\n", ro("tcp:127.0.0.1:{port:x}"), timeout=3))
    assert (state(reader), net(reader), returns(reader)) == ((4, TIMEOUT_STATE), (0, 0, 0, 0), [])
    (leaver,) = run(ref, node(probe, "r", "x 0\n", ro("tcp:127.0.0.1:{port:x}"), timeout=3))
    assert (state(leaver), net(leaver)) == ((4, TIMEOUT_STATE), (1, 0, 0, 0))


def test_a_session_alone_is_a_cluster_of_one(ref: RefTarget, probe: Path, tmp_path: Path) -> None:
    session = node(probe, "r", "r /dev/net 5\n", ro(f"tcp:{LOOPBACK}:20001"), timeout=2).session
    result = ref.run(session)
    assert (state(result), net(result), result.etags) == ((4, TIMEOUT_STATE), (0, 0, 0, 0), ())


def test_topologies(ref: RefTarget, probe: Path) -> None:
    # 3-node pipeline, etag=1 everywhere, 3000000 + 100 bytes (section 1b).
    a, b, c = run(ref, node(probe, "a", "w /dev/out 3000000\nw /dev/out 100\n", wo("tcp:{b}", "/dev/out", 1)),
                  node(probe, "b", "C /dev/in /dev/out 100000\n", ro("tcp:{a}", "/dev/in", 1),
                       wo("tcp:{c}", "/dev/out", 1)),
                  node(probe, "c", "R /dev/in 1000000\n", ro("tcp:{b}", "/dev/in", 1)))
    assert [state(r) for r in (a, b, c)] == [(0, "ok")] * 3
    digest = hashlib.sha1(pattern(3000100)).hexdigest()
    assert digest.startswith("0de4dded")
    assert [dict(r.etags).get("/dev/out", dict(r.etags).get("/dev/in")) for r in (a, c)] == [digest, digest]
    assert dict(b.etags) == {"/dev/in": digest, "/dev/out": digest}
    assert rets(c) == [[1000000, 1000000, 1000000, 100, 0]]
    assert (net(a), net(b), net(c)) == ((0, 0, 3, 3000100), (77, 3000100, 32, 3000100), (62, 3000100, 0, 0))
    # fan-out by two channels; fan-in by two channels (the reader reads i2 first: w1 just waits).
    w, r1, r2 = run(ref, node(probe, "w", "w /dev/o1 10\nw /dev/o2 20\n", wo("tcp:{r1}", "/dev/o1"),
                              wo("tcp:{r2}", "/dev/o2")),
                    node(probe, "r1", "R /dev/net 100\n", ro("tcp:{w}")),
                    node(probe, "r2", "R /dev/net 100\n", ro("tcp:{w}")))
    assert net(w) == (0, 0, 4, 30) and rets(r1) == [[10, 0]] and rets(r2) == [[20, 0]]
    r, w1, w2 = run(ref, node(probe, "r", "R /dev/i2 100\nR /dev/i1 100\n", ro("tcp:{w1}", "/dev/i1"),
                              ro("tcp:{w2}", "/dev/i2")),
                    node(probe, "w1", "w /dev/net 10\nw /dev/net 10\n", wo("tcp:{r}")),
                    node(probe, "w2", "w /dev/net 20\n", wo("tcp:{r}")))
    assert [state(x) for x in (r, w1, w2)] == [(0, "ok")] * 3 and rets(r) == [[20, 0], [20, 0]]
    # bidirectional: each side reads exactly what the other sends; with R both wait for ever.
    x, y = run(ref, node(probe, "x", "w /dev/out 10\nr /dev/in 5\n", wo("tcp:{y}", "/dev/out"),
                         ro("tcp:{y}", "/dev/in")),
               node(probe, "y", "r /dev/in 10\nw /dev/out 5\n", ro("tcp:{x}", "/dev/in"), wo("tcp:{x}", "/dev/out")))
    assert (state(x), state(y), returns(x), returns(y)) == ((0, "ok"), (0, "ok"), [5], [10])
    x, y = run(ref, node(probe, "x", "w /dev/out 10\nR /dev/in 100\n", wo("tcp:{y}", "/dev/out"),
                         ro("tcp:{y}", "/dev/in"), timeout=2),
               node(probe, "y", "w /dev/out 10\nR /dev/in 100\n", ro("tcp:{x}", "/dev/in"),
                    wo("tcp:{x}", "/dev/out"), timeout=2))
    assert state(x) == state(y) == (4, TIMEOUT_STATE)


def test_faults_and_spins_of_one_peer(ref: RefTarget, probe: Path) -> None:
    # section 1c and "Repeatability": after an error no EOF goes out, the reader waits for ever.
    reader, writer = run(ref, node(probe, "r", "r /dev/net 5\nR /dev/net 100\n", ro("tcp:{w}", etag=1), timeout=2),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\nz\n", wo("tcp:{r}", etag=1)))
    assert state(reader) == (4, TIMEOUT_STATE) and net(reader) == (3, 30, 0, 0)
    assert reader.etags == (("/dev/net", hashlib.sha1(pattern(5)).hexdigest()),)
    assert reader.etags[0][1].startswith("c3ffe950")
    assert writer.exit_code == 4 and (writer.exit_state or "").startswith("Signal 11 from untrusted code")
    assert net(writer) == (0, 0, 2, 30) and writer.etags == (("/dev/net", hashlib.sha1(pattern(30)).hexdigest()),)
    reader, writer = run(ref, node(probe, "r", "r /dev/net 100\n", ro("tcp:{w}"), timeout=1),
                         node(probe, "w", "w /dev/net 10\ns\n", wo("tcp:{r}"), timeout=1))
    assert state(reader) == state(writer) == (4, TIMEOUT_STATE)
    assert (net(reader), net(writer)) == ((1, 10, 0, 0), (0, 0, 1, 10))


def test_a_writer_whose_reader_died_is_not_guessed(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", "r /dev/net 5\nz\n", ro("tcp:{w}")),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\nw /dev/net 30\n", wo("tcp:{r}")))
    assert reader.exit_code == 4 and (reader.exit_state or "").startswith("Signal 11") and net(reader) == (1, 5, 0, 0)
    assert writer.outcome == UNSUPPORTED and "reader ended" in (writer.exit_state or "")


def test_fan_in_on_one_port_is_not_guessed(ref: RefTarget, probe: Path) -> None:
    results = run(ref, node(probe, "r", "R /dev/net 100\n", ro("tcp:127.0.0.1:{port:p}")),
                  node(probe, "w1", "w /dev/net 10\n", wo("tcp:127.0.0.1:{port:p}")),
                  node(probe, "w2", "w /dev/net 20\n", wo("tcp:127.0.0.1:{port:p}")))
    assert all(r.outcome == UNSUPPORTED for r in results), [r.exit_state for r in results]


def test_how_far_a_writer_runs_ahead(ref: RefTarget, probe: Path) -> None:
    # Many small messages to a reader that takes them all.
    reader, writer = run(ref, node(probe, "r", "R /dev/net 1000\n", ro("tcp:{w}")),
                         node(probe, "w", "L /dev/net 100 3000\n", wo("tcp:{r}", puts=BIG)))
    assert state(reader) == state(writer) == (0, "ok") and net(writer) == (0, 0, 3001, 300000)
    # A reader that never reads: zerovm's writer gets 300 kB out (it blocks only past ~4 MB, section 4) ...
    reader, writer = run(ref, node(probe, "r", "s\n", ro("tcp:{w}"), timeout=1),
                         node(probe, "w", "L /dev/net 100 3000\n", wo("tcp:{r}", puts=BIG), timeout=1))
    assert state(reader) == (4, TIMEOUT_STATE) and state(writer) == (0, "ok")
    # ... but past 1000 messages and 3.5 MB queued the model does not guess where it blocks.
    reader, writer = run(ref, node(probe, "r", "s\n", ro("tcp:{w}"), timeout=1),
                         node(probe, "w", "L /dev/net 4000 1100\n", wo("tcp:{r}", puts=BIG), timeout=1))
    assert writer.outcome == UNSUPPORTED and "ahead of its reader" in (writer.exit_state or "")


def test_two_sessions_binding_one_port_are_not_guessed(ref: RefTarget, probe: Path) -> None:
    results = run(ref, node(probe, "a", "x 0\n", ro("tcp:127.0.0.1:{port:p}"), timeout=1),
                  node(probe, "b", "x 0\n", ro("tcp:127.0.0.1:{port:p}"), timeout=1))
    assert all(r.outcome == UNSUPPORTED and "two sessions bind" in (r.exit_state or "") for r in results)


# -- section 2: message boundaries ---------------------------------------------------------------------


@pytest.mark.parametrize(("writes", "script", "expected", "gets"), [
    ((10, 20), "r /dev/net 5\nr /dev/net 5\nr /dev/net 5\nr /dev/net 100\nr /dev/net 100\n", [5, 5, 5, 15, 0], None),
    ((10, 20, 5), "r /dev/net 25\nr /dev/net 6\nr /dev/net 6\n", [25, 6, 4], None),
    ((5 << 20, 100000, 100000), "R /dev/net 1048576\n", [1048576] * 5 + [200000, 0], 85),
    ((5 << 20, 100000, 100000), "R /dev/net 70000\n", [70000] * 77 + [52880, 0], 162),
    ((5 << 20, 100000, 100000), "R /dev/net 16000000\n", [5442880, 0], None),
])
def test_preads_ignore_message_boundaries(ref: RefTarget, probe: Path, writes: tuple[int, ...], script: str,
                                          expected: list[int], gets: int | None) -> None:
    write = "".join(f"w /dev/net {n}\n" for n in writes)
    reader, writer = run(ref, node(probe, "r", script, ro("tcp:{w}")), node(probe, "w", write, wo("tcp:{r}")))
    if script.startswith("R"):
        # the probe logs the first 250 characters of the returns, and how many calls and bytes in all
        calls, total = re.search(r"calls=(\d+) total=(\d+)", log(reader)).groups()  # type: ignore[union-attr]
        assert (int(calls), int(total)) == (len(expected), sum(expected))
        got = rets(reader)[0]
        assert got == expected[:len(got)] and len(got) >= min(len(expected), 20)
    else:
        assert returns(reader) == expected
    if gets is not None:
        assert net(reader)[:2] == (gets, sum(writes))
    assert state(writer) == (0, "ok") and net(writer) == (0, 0, len(writes) + 1, sum(writes))


# -- section 3: EOF, its digest, the drain at close ------------------------------------------------------


@pytest.mark.parametrize(("writes", "script", "counted"), [
    ((10, 20, 5), "x 3\n", (4, 35)),
    ((10, 20, 5), "r /dev/net 35\n", (4, 40)),
    ((10, 20, 5), "r /dev/net 12\n", (4, 37)),
    ((5000000,), "x 0\n", (78, 5000000)),
    ((10, 20), "R /dev/net 100\n", (3, 30)),
])
def test_drain_at_close_counts_the_current_message_again(ref: RefTarget, probe: Path, writes: tuple[int, ...],
                                                         script: str, counted: tuple[int, int]) -> None:
    write = "".join(f"w /dev/net {n}\n" for n in writes)
    reader, writer = run(ref, node(probe, "r", script, ro("tcp:{w}")), node(probe, "w", write, wo("tcp:{r}")))
    assert (reader.exit_code, writer.exit_code) == (0, 0)
    assert net(reader)[:2] == counted


def test_quotas_count_per_call(ref: RefTarget, probe: Path) -> None:
    five = "r /dev/net 5\nr /dev/net 5\nr /dev/net 5\nr /dev/net 5\n"
    w1020 = "w /dev/net 10\nw /dev/net 20\n"
    reader, _ = run(ref, node(probe, "r", five, ro("tcp:{w}", gets=2)), node(probe, "w", w1020, wo("tcp:{r}")))
    assert returns(reader) == [5, 5, -122, -122] and net(reader)[:2] == (4, 40)
    reader, _ = run(ref, node(probe, "r", five, ro("tcp:{w}", get_size=12)), node(probe, "w", w1020, wo("tcp:{r}")))
    assert returns(reader) == [5, 5, 2, -122] and net(reader)[:2] == (4, 32)
    _, writer = run(ref, node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")),
                    node(probe, "w", w1020 + "w /dev/net 30\n", wo("tcp:{r}", puts=2)))
    assert returns(writer, "w") == [10, 20, -122]
    _, writer = run(ref, node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")),
                    node(probe, "w", w1020 + "w /dev/net 30\n", wo("tcp:{r}", put_size=15)))
    assert returns(writer, "w") == [10, 5, -22]
    # A pread after EOF returns 0 before the quota checks; one that asked for exactly the rest did not see EOF.
    reader, _ = run(ref, node(probe, "r", "r /dev/net 100\nr /dev/net 100\nr /dev/net 100\n", ro("tcp:{w}", gets=1)),
                    node(probe, "w", w1020, wo("tcp:{r}")))
    assert returns(reader) == [30, 0, 0]
    reader, _ = run(ref, node(probe, "r", "r /dev/net 30\nr /dev/net 100\n", ro("tcp:{w}", gets=1)),
                    node(probe, "w", w1020, wo("tcp:{r}")))
    assert returns(reader) == [30, -122] and net(reader)[:2] == (3, 50)


def test_nothing_written_reads_eof_at_once(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", "r /dev/net 100\n", ro("tcp:{w}")),
                         node(probe, "w", "x 0\n", wo("tcp:{r}")))
    assert returns(reader) == [0] and net(reader) == (1, 0, 0, 0) and net(writer) == (0, 0, 1, 0)


def test_etags_of_a_pair_and_their_order(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", "R /dev/net 7\n", ro("tcp:{w}", etag=1)),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}", etag=1)))
    digest = hashlib.sha1(pattern(30)).hexdigest()
    assert digest.startswith("550f04d2")
    assert reader.etags == writer.etags == (("/dev/net", digest),)
    assert rets(reader) == [[7, 7, 7, 7, 2, 0]] and net(reader) == (7, 30, 0, 0) and net(writer) == (0, 0, 3, 30)
    # local channels, then write-only network ones, then read-only network ones (section 4, t16)
    tagged = ChannelSpec("/dev/0first", etag=1, puts=1, put_size=1), ChannelSpec("/dev/c", etag=1, puts=1, put_size=1)
    one, _ = run(ref, node(probe, "one", "w /dev/b 10\nR /dev/a 100\n", ro("tcp:{two}", "/dev/a", 1),
                           wo("tcp:{two}", "/dev/b", 1), *tagged),
                 node(probe, "two", "R /dev/in 100\nw /dev/out 5\n", ro("tcp:{one}", "/dev/in"),
                      wo("tcp:{one}", "/dev/out")))
    assert [alias for alias, _ in one.etags] == ["/dev/0first", "/dev/c", "/dev/b", "/dev/a"]


def test_a_timeout_in_the_close_lists_the_etags_twice(ref: RefTarget, probe: Path) -> None:
    (writer,) = run(ref, node(probe, "w", "w /dev/net 10\nx 0\n", wo("tcp:127.0.0.1:{port:x}", etag=1), timeout=2))
    digest = hashlib.sha1(pattern(10)).hexdigest()
    assert state(writer) == (4, TIMEOUT_STATE) and writer.etags == (("/dev/net", digest), ("/dev/net", digest))
    assert net(writer) == (0, 0, 1, 10)


def _fake_writer(ref: RefTarget, probe: Path, frames: list[tuple[str, bytes]], etag: int,
                 script: str = "r /dev/net 100\nr /dev/net 100\nw /dev/out 3\n") -> tuple[RunResult, RunResult]:
    """A reader fed by a fake writer (the measurement's pyzmq PUSH peer, docs section 3), and
    downstream of it a reader of what it writes next."""
    port = 20777
    fabric = Fabric(2)
    link = fabric.connect(-1, "fake", (LOOPBACK, port))
    link.frames.extend(frames)
    link.sent = True
    sessions = resolve(Cluster((node(probe, "r", script, ro(f"tcp:{LOOPBACK}:{port}", etag=etag),
                                     wo("tcp:{d}", "/dev/out")),
                                node(probe, "d", "R /dev/net 100\n", ro("tcp:{r}"), timeout=2))),
                       lambda label: 20000 + len(label))
    workdirs = [Path(tempfile.mkdtemp(prefix="zvm-refnet-")) for _ in sessions]
    try:
        from harness.targets.staging import stage_session

        nodes = []
        for session, workdir in zip(sessions, workdirs, strict=True):
            text, outputs = stage_session(session, workdir)
            nodes.append(_NodeRun(text.encode(), workdir, (), outputs, (), "session.manifest", None))
        reader, downstream = ref._run_nodes(tuple(nodes), None, time.monotonic(), fabric)
        return reader, downstream
    finally:
        for workdir in workdirs:
            shutil.rmtree(workdir, ignore_errors=True)


def test_eof_digest_checked_by_a_tagged_reader(ref: RefTarget, probe: Path) -> None:
    hello = [(DATA, b"hello"), (EOF, b"")]
    good = hashlib.sha1(b"hello").hexdigest().encode()
    bad = hashlib.sha1(b"xxx").hexdigest().encode()
    reader, downstream = _fake_writer(ref, probe, [*hello, (DIGEST, good), (DUMMY, b"")], 1)
    assert state(reader) == (0, "ok") and returns(reader) == [5, 0] and rets(downstream) == [[3, 0]]
    reader, downstream = _fake_writer(ref, probe, [*hello, (DIGEST, bad), (DUMMY, b"")], 1)
    # 32, and the session goes on (its pwrite works) but sends no EOF downstream.
    assert state(reader) == (32, "/dev/net;0 corrupted upon eof") and returns(reader) == [5, 0]
    assert returns(reader, "w") == [3] and state(downstream) == (4, TIMEOUT_STATE) and net(downstream)[:2] == (1, 3)
    reader, _ = _fake_writer(ref, probe, [*hello, (DIGEST, good.upper()), (DUMMY, b"")], 1)
    assert reader.exit_code == 32
    reader, _ = _fake_writer(ref, probe, [*hello, (DIGEST, bad), (DUMMY, b"")], 0)
    assert state(reader) == (0, "ok")
    reader, _ = _fake_writer(ref, probe, [*hello, (DIGEST, b"abc"), (DUMMY, b"")], 0)
    assert state(reader) == (14, "src/channels/prefetch_zmq.c 161: invalid EOF size = 3")
    assert net(reader)[:2] == (1, 5)
    reader, _ = _fake_writer(ref, probe, [*hello, (DIGEST, good)], 1)
    assert state(reader) == (4, TIMEOUT_STATE) and returns(reader) == [5, 0]


# -- section 5: replicas ---------------------------------------------------------------------------------


def test_write_replicas(ref: RefTarget, probe: Path, tmp_path: Path) -> None:
    writer, r1, r2 = run(ref, node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r1};tcp:{r2}", etag=1)),
                         node(probe, "r1", "R /dev/net 100\n", ro("tcp:{w}", etag=1)),
                         node(probe, "r2", "R /dev/net 100\n", ro("tcp:{w}", etag=1)))
    digest = hashlib.sha1(pattern(30)).hexdigest()
    assert net(writer) == (0, 0, 6, 60) and r1.etags == r2.etags == writer.etags == (("/dev/net", digest),)
    assert rets(r1) == rets(r2) == [[30, 0]]
    out = tmp_path / "copy"
    out.mkdir()
    hand_over(out, session_user())
    writer, reader = run(ref, node(probe, "w", "w /dev/net 10\nw /dev/net 20\n",
                                   wo(f"tcp:{{r}};{out}/copy.bin", etag=1)),
                         node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")))
    assert net(writer) == (0, 0, 3, 30) and rets(reader) == [[30, 0]]
    assert (out / "copy.bin").read_bytes() == pattern(30)


@pytest.mark.parametrize(("w2", "script", "code", "counted"), [
    ("w /dev/net 10\nw /dev/net 20\n", "R /dev/net 7\n", 5, (2, 10)),
    ("w /dev/net 30\n", "R /dev/net 7\n", 5, (2, 10)),
    ("w /dev/net 10 1\nw /dev/net 20 1\n", "R /dev/net 7\n", 5, (2, 10)),
    (None, "R /dev/net 7\n", 5, (2, 10)),
    ("w /dev/net 10\nw /dev/net 20\n", "R /dev/net 100\n", 0, (5, 60)),
    ("w /dev/net 10\nw /dev/net 20 1\n", "R /dev/net 100\n", 5, (4, 60)),
])
def test_network_read_replicas_share_one_message(ref: RefTarget, probe: Path, w2: str | None, script: str,
                                                 code: int, counted: tuple[int, int]) -> None:
    second = "tcp:{w2}" if w2 is not None else "tcp:127.0.0.1:{port:nobody}"
    nodes = [node(probe, "r", script, ro("tcp:{w1};" + second, etag=1), timeout=2),
             node(probe, "w1", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}"))]
    if w2 is not None:
        nodes.append(node(probe, "w2", w2, wo("tcp:{r}")))
    reader, *writers = run(ref, *nodes)
    assert reader.exit_code == code and net(reader)[:2] == counted
    if code:
        assert reader.exit_state == "src/channels/channel.c 193: /dev/net failed to read"
    else:
        assert rets(reader) == [[30, 0]] and reader.etags == (("/dev/net", hashlib.sha1(pattern(30)).hexdigest()),)
    # A writer whose frames the reader left unread ends as socket buffering decides on zerovm; the
    # first writer of the rc 0 case had all its frames taken.
    assert [w.outcome == UNSUPPORTED for w in writers] == [bool(code), True][:len(writers)]


@pytest.mark.parametrize(("sync", "o2", "code", "determined"), [
    ("/dev/z", "111", 0, True),
    ("/dev/z", "112", 5, True),
    ("/dev/a", "111", 0, False),
    ("/dev/a", "112", 5, False),
])
def test_a_later_eof_shows_the_writer_of_read_replicas_done(ref: RefTarget, probe: Path, sync: str, o2: str,
                                                            code: int, determined: bool) -> None:
    # cases/network/read_replicas_*.toml: the writer feeds both replicas and a third channel; the
    # reader reads that channel to EOF first.  zerovm closes the writer's channels in alias order
    # (dismount order), so /dev/z's EOF shows /dev/o1's and /dev/o2's closes were complete and the
    # frames the reader leaves there change nothing for the writer; /dev/a is closed first and
    # shows nothing, so the writer stays unsupported.
    # (the probe's pattern position runs on across channels: seed 111 restarts it at 30 bytes
    # in, 112 makes the second message of /dev/o2 differ)
    writes = f"w /dev/o1 10\nw /dev/o1 20\nw /dev/o2 10 111\nw /dev/o2 20 {o2}\n"
    reader, writer = run(ref, node(probe, "r", "R /dev/z 100\nR /dev/net 100\n", ro("tcp:{w};tcp:{w}", etag=1),
                                   ro("tcp:{w}", "/dev/z")),
                         node(probe, "w", writes, wo("tcp:{r}", "/dev/o1"), wo("tcp:{r}", "/dev/o2"),
                              wo("tcp:{r}", sync)))
    assert reader.exit_code == code and rets(reader)[0] == [0]
    assert net(reader)[:2] == ((6, 60) if code == 0 else (5, 60))
    if determined:
        assert state(writer) == (0, "ok") and net(writer) == (0, 0, 7, 60)
    else:
        assert writer.outcome == UNSUPPORTED and "before taking all it was sent" in (writer.exit_state or "")


@pytest.mark.parametrize(("second", "expected", "code"), [
    (pattern(16), [7, 7, 2, 0], 0),
    (pattern(15) + b"!", [7, 7], 5),
    (pattern(10), [7, 3, 0], 0),
    (pattern(20), [7, 7], 5),
])
def test_file_read_replicas_compare_every_chunk(ref: RefTarget, probe: Path, tmp_path: Path, second: bytes,
                                                expected: list[int], code: int) -> None:
    (tmp_path / "a").write_bytes(pattern(16))
    (tmp_path / "b").write_bytes(second)
    (result,) = run(ref, node(probe, "r", "R /dev/net 7\n", ro(f"{tmp_path}/a;{tmp_path}/b")))
    assert result.exit_code == code
    if code == 0:
        assert rets(result) == [expected]
    else:
        assert result.exit_state == "src/channels/channel.c 193: /dev/net failed to read"
    if second == pattern(16):
        script = len(b"R /dev/net 7\n")
        # local: the script (one pread + EOF) and 7 chunk gets of the replicas; 2 log lines
        assert result.accounting[2:4] == (2 + 7, script + 32)


# -- section 6: the name service -------------------------------------------------------------------------


def test_name_service_pair_and_diamond(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}")), name_server=True)
    assert state(reader) == state(writer) == (0, "ok") and rets(reader) == [[30, 0]]
    a, b, c, d = run(ref, node(probe, "a", "w /dev/o1 10\nw /dev/o2 20\n", wo("tcp:{b}", "/dev/o1"),
                               wo("tcp:{c}", "/dev/o2")),
                     node(probe, "b", "C /dev/in /dev/out 100\n", ro("tcp:{a}", "/dev/in"), wo("tcp:{d}", "/dev/out")),
                     node(probe, "c", "C /dev/in /dev/out 100\n", ro("tcp:{a}", "/dev/in"), wo("tcp:{d}", "/dev/out")),
                     node(probe, "d", "R /dev/i2 100\nR /dev/i1 100\n", ro("tcp:{b}", "/dev/i1"),
                          ro("tcp:{c}", "/dev/i2")), name_server=True)
    assert [state(x) for x in (a, b, c, d)] == [(0, "ok")] * 4 and rets(d) == [[20, 0], [10, 0]]


def test_name_service_that_never_answers(ref: RefTarget, probe: Path) -> None:
    keys = (("NameServer", "udp:127.0.0.1:20999"), ("Node", "1"))
    result = ref.run(node(probe, "r", "R /dev/net 100\n", ro("tcp:2:0"), keys=keys).session)
    assert (result.exit_code, result.validator_state, result.exit_state) == (11, 0, NS_FAILED)
    assert all(field == 0 for field in result.accounting[2:])
    # A node whose peer never registers waits in vain; the node that only binds is answered.
    reader, writer = run(ref, node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}"), timeout=2),
                         node(probe, "w", "w /dev/net 10\n", wo("tcp:{r}"), wo("tcp:{nobody}", "/dev/x")),
                         node(probe, "nobody", "x 0\n", keys=(("NameServer", "udp:127.0.0.1:20998"),)),
                         name_server=True)[:2]
    assert state(writer) == (11, NS_FAILED)
    assert state(reader) == (4, TIMEOUT_STATE)


@pytest.mark.parametrize(("keys", "expected"), [
    ((("NameServer", "udp:127.0.0.1:54321"),), (14, "src/channels/nservice.c 186: invalid node: 0")),
    ((("NameServer", "tcp:127.0.0.1:54321"), ("NodeName", "1")), (14, "src/channels/nservice.c 186: invalid node: 0")),
    ((("NameServer", "tcp:127.0.0.1:54321"), ("Node", "1")),
     (14, "src/channels/nservice.c 187: name server only support udp protocol")),
])
def test_zerovms_own_name_server_manifests(ref: RefTarget, probe: Path, tmp_path: Path,
                                           keys: tuple[tuple[str, str], ...], expected: tuple[int, str]) -> None:
    # name_server_missed_node.14 and invalid_name_server_proto.14: /dev/stdin on tcp:2:0 (bound, then stopped).
    channels = (ChannelSpec("/dev/stdin", uri="tcp:2:0", gets=32, get_size=32),
                ChannelSpec("/dev/stdout", etag=1, puts=BIG, put_size=BIG),
                ChannelSpec("/dev/stderr", etag=1, puts=BIG, put_size=BIG))
    session = Session(probe, channels=(replace(channels[0], etag=1), *channels[1:]), keys=keys)
    result = ref.run(session)
    assert (result.exit_code, result.exit_state, result.validator_state) == (*expected, 0)
    assert [alias for alias, _ in result.etags] == ["/dev/stdout", "/dev/stderr", "/dev/stdin"]
    assert {digest for _, digest in result.etags} == {SHA1_EMPTY}


def test_run_manifests_with_and_without_a_name_server(ref: RefTarget, probe: Path, tmp_path: Path) -> None:
    shutil.copyfile(probe, tmp_path / "probe.nexe")
    (tmp_path / "script.r").write_text("R /dev/net 100\n")
    (tmp_path / "script.w").write_text("w /dev/net 10\nw /dev/net 20\n")

    def manifest(name: str, node_id: int, channel: str) -> Path:
        path = tmp_path / f"{name}.manifest"
        path.write_text(f"Version = 20130611\nProgram = {tmp_path}/probe.nexe\nMemory = 268435456, 0\nTimeout = 3\n"
                        f"NameServer = udp:127.0.0.1:20555\nNode = {node_id}\n"
                        f"Channel = /dev/null, /dev/stdin, 0, 0, 1, 1, 0, 0\n"
                        f"Channel = {tmp_path}/{name}.log, /dev/stdout, 0, 0, 0, 0, 100, 100000\n"
                        f"Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 1, 1\n"
                        f"Channel = {tmp_path}/script.{name}, /dev/script, 0, 0, 1, 8192, 0, 0\n"
                        f"Channel = {channel}\n")
        return path

    out = tmp_path / "out"
    out.mkdir()
    hand_over(tmp_path, session_user())
    paths = (manifest("r", 1, "tcp:2:0, /dev/net, 0, 0, 100, 1000, 0, 0"),
             manifest("w", 2, "tcp:1:0, /dev/net, 0, 0, 0, 0, 100, 1000"))
    hand_over(tmp_path, session_user())
    reader, writer = ref.run_manifests(paths, tmp_path, name_server=True)
    assert state(reader) == state(writer) == (0, "ok")
    assert "rets=30,0," in (tmp_path / "r.log").read_text()
    reader, writer = ref.run_manifests(paths, tmp_path)
    assert state(reader) == state(writer) == (11, NS_FAILED)


# -- section 7: bad network manifests ----------------------------------------------------------------------


@pytest.mark.parametrize(("script", "channels", "expected"), [
    ("R /dev/net 100\n", (ro("udp:127.0.0.1:20100"),),
     (14, "src/channels/prefetch_zmq.c 70: cannot bind /dev/net;0: Unknown error 156384764")),
    ("w /dev/net 10\n", (wo("udp:127.0.0.1:20100"),),
     (14, "src/channels/channel.c 248: invalid channel source /dev/net;0")),
    ("x 42\n", (wo("udp:127.0.0.1:20100"),), (4, TIMEOUT_STATE)),
    ("R /dev/net 100\n", (ro("pgm:127.0.0.1:20100"),),
     (14, "src/channels/prefetch_zmq.c 70: cannot bind /dev/net;0: Unknown error 156384764")),
    ("x 0\n", (ro("inproc:1:5"),), (4, TIMEOUT_STATE)),
    ("x 0\n", (ChannelSpec("/dev/net", uri="tcp:127.0.0.1:20100", gets=1, get_size=1, puts=1, put_size=1),),
     (14, "src/channels/prefetch_zmq.c 254: invalid i/o type")),
    ("x 0\n", (ChannelSpec("/dev/net", uri="tcp:127.0.0.1:20100"),),
     (14, "src/channels/prefetch_zmq.c 254: invalid i/o type")),
    ("x 0\n", (ro("tcp:127.0.0.1:20100"), ro("tcp:127.0.0.1:20100", "/dev/net2")),
     (14, "src/channels/prefetch_zmq.c 70: cannot bind /dev/net2;0: Address already in use")),
    ("x 0\n", (ro("tcp:127.0.0.1:"),), (4, TIMEOUT_STATE)),
])
def test_bad_network_manifests(ref: RefTarget, probe: Path, script: str, channels: tuple[ChannelSpec, ...],
                               expected: tuple[int, str]) -> None:
    (result,) = run(ref, node(probe, "n", script, *channels, timeout=2))
    assert state(result) == expected
    assert result.validator_state == 0
    if script == "x 42\n":
        assert result.user_code == 42
    if "inproc" in (channels[0].uri or "") or channels[0].uri == "tcp:127.0.0.1:":
        assert net(result) == (1, 0, 0, 0)


def test_random_read_and_random_write_network_channels(ref: RefTarget, probe: Path) -> None:
    reader, writer = run(ref, node(probe, "r", "r /dev/net 100\nr /dev/net 100\n", ro("tcp:{w}", ctype=1)),
                         node(probe, "w", "w /dev/net 10\nw /dev/net 20\n", wo("tcp:{r}", ctype=3)))
    assert returns(reader) == [0, 0] and state(reader) == state(writer) == (0, "ok")
    assert net(reader)[:2] == (3, 30) and net(writer) == (0, 0, 3, 30)  # the drain: 0, then the two messages


# -- speed ---------------------------------------------------------------------------------------------------


def test_a_pair_is_fast(ref: RefTarget, probe: Path) -> None:
    start = time.monotonic()
    run(ref, node(probe, "r", R100x4, ro("tcp:{w}")), node(probe, "w", "w /dev/net 10\n", wo("tcp:{r}")))
    assert (time.monotonic() - start) / 2 < 5


# -- the real zerovm --------------------------------------------------------------------------------------------


def _zerovm_cluster(zerovm: ZerovmTarget, cluster: Cluster) -> tuple[RunResult, ...]:
    return zerovm.run_cluster(cluster)


def _clusters(probe: Path) -> dict[str, Cluster]:
    w1020 = "w /dev/net 10\nw /dev/net 20\n"
    return {
        "pair": Cluster((node(probe, "r", R100x4, ro("tcp:{w}", etag=1)),
                         node(probe, "w", w1020, wo("tcp:{r}", etag=1)))),
        "pair_writer_first": Cluster((node(probe, "w", w1020, wo("tcp:{r}")), node(probe, "r", R100x4, ro("tcp:{w}")))),
        "read_after_eof": Cluster((node(probe, "r", "r /dev/net 30\nr /dev/net 100\n", ro("tcp:{w}", gets=1)),
                                   node(probe, "w", w1020, wo("tcp:{r}")))),
        "nothing_written": Cluster((node(probe, "r", "r /dev/net 100\n", ro("tcp:{w}")),
                                    node(probe, "w", "x 0\n", wo("tcp:{r}")))),
        "close_timeout_etags": Cluster((node(probe, "w", "w /dev/net 10\nx 0\n", wo("tcp:127.0.0.1:{port:x}", etag=1),
                                             timeout=1),)),
        "etag_order": Cluster((node(probe, "one", "w /dev/b 10\nR /dev/a 100\n", ro("tcp:{two}", "/dev/a", 1),
                                    wo("tcp:{two}", "/dev/b", 1),
                                    ChannelSpec("/dev/0first", etag=1, puts=1, put_size=1),
                                    ChannelSpec("/dev/c", etag=1, puts=1, put_size=1)),
                               node(probe, "two", "R /dev/in 100\nw /dev/out 5\n", ro("tcp:{one}", "/dev/in", 1),
                                    wo("tcp:{one}", "/dev/out", 1)))),
        "fan_in_two_channels": Cluster((node(probe, "r", "R /dev/i2 100\nR /dev/i1 100\n", ro("tcp:{w1}", "/dev/i1"),
                                             ro("tcp:{w2}", "/dev/i2")),
                                        node(probe, "w1", "w /dev/net 10\n", wo("tcp:{r}")),
                                        node(probe, "w2", "w /dev/net 20\n", wo("tcp:{r}")))),
        "deadlock_both_ways": Cluster((node(probe, "x", "w /dev/out 10\nR /dev/in 100\n", wo("tcp:{y}", "/dev/out"),
                                            ro("tcp:{y}", "/dev/in"), timeout=1),
                                       node(probe, "y", "w /dev/out 10\nR /dev/in 100\n", ro("tcp:{x}", "/dev/in"),
                                            wo("tcp:{x}", "/dev/out"), timeout=1))),
        "read_replicas_rc5": Cluster((node(probe, "r", "R /dev/net 7\n", ro("tcp:{w1};tcp:{w2}", etag=1),
                                           timeout=1),
                                      node(probe, "w1", w1020, wo("tcp:{r}")),
                                      node(probe, "w2", w1020, wo("tcp:{r}")))),
        "read_replicas_ok": Cluster((node(probe, "r", "R /dev/net 100\n", ro("tcp:{w1};tcp:{w2}", etag=1),
                                          timeout=1),
                                     node(probe, "w1", w1020, wo("tcp:{r}")), node(probe, "w2", w1020, wo("tcp:{r}")))),
        "random_types": Cluster((node(probe, "r", "r /dev/net 100\nr /dev/net 100\n", ro("tcp:{w}", ctype=1)),
                                 node(probe, "w", w1020, wo("tcp:{r}", ctype=3)))),
        "udp_wo_write": Cluster((node(probe, "n", "w /dev/net 10\n", wo("udp:127.0.0.1:{port:u}"), timeout=1),)),
        "udp_wo_exit": Cluster((node(probe, "n", "x 42\n", wo("udp:127.0.0.1:{port:u}"), timeout=1),)),
        "inproc_ro": Cluster((node(probe, "n", "x 0\n", ro("inproc:1:5"), timeout=1),)),
        "ns_missing_peer": Cluster((node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}"), timeout=1),
                                    node(probe, "w", "w /dev/net 10\n", wo("tcp:{r}"), wo("tcp:{gone}", "/dev/x")),
                                    node(probe, "gone", "x 0\n", keys=(("NameServer", "udp:127.0.0.1:1"),))), True),
        "pair_chunks": Cluster((node(probe, "r", "r /dev/net 5\nr /dev/net 5\nr /dev/net 5\nR /dev/net 100\n",
                                     ro("tcp:{w}")), node(probe, "w", w1020 + "w /dev/net 5\n", wo("tcp:{r}")))),
        "big": Cluster((node(probe, "r", "R /dev/net 70000\n", ro("tcp:{w}", etag=1)),
                        node(probe, "w", "w /dev/net 5242880\nw /dev/net 100000\nw /dev/net 100000\n",
                             wo("tcp:{r}", etag=1)))),
        "drain": Cluster((node(probe, "r", "r /dev/net 12\n", ro("tcp:{w}")),
                          node(probe, "w", w1020 + "w /dev/net 5\n", wo("tcp:{r}")))),
        "quota": Cluster((node(probe, "r", "r /dev/net 5\nr /dev/net 5\nr /dev/net 5\nr /dev/net 5\n",
                               ro("tcp:{w}", get_size=12)),
                          node(probe, "w", w1020 + "w /dev/net 30\n", wo("tcp:{r}", put_size=15)))),
        "writer_alone": Cluster((node(probe, "w", "w /dev/net 10\nw /dev/net 20\n",
                                      wo("tcp:127.0.0.1:{port:x}", etag=1), timeout=1),)),
        "reader_alone": Cluster((node(probe, "r", "x 3\n", ro("tcp:127.0.0.1:{port:x}"), timeout=1),)),
        "writer_faults": Cluster((node(probe, "r", "r /dev/net 5\nR /dev/net 100\n", ro("tcp:{w}", etag=1),
                                       timeout=1),
                                  node(probe, "w", w1020 + "z\n", wo("tcp:{r}", etag=1)))),
        "pipeline": Cluster((node(probe, "a", "w /dev/out 300000\n", wo("tcp:{b}", "/dev/out", 1)),
                             node(probe, "b", "C /dev/in /dev/out 100000\n", ro("tcp:{a}", "/dev/in", 1),
                                  wo("tcp:{c}", "/dev/out", 1)),
                             node(probe, "c", "R /dev/in 1000000\n", ro("tcp:{b}", "/dev/in", 1)))),
        "write_replicas": Cluster((node(probe, "w", w1020, wo("tcp:{r1};tcp:{r2}", etag=1)),
                                   node(probe, "r1", "R /dev/net 100\n", ro("tcp:{w}", etag=1)),
                                   node(probe, "r2", "R /dev/net 7\n", ro("tcp:{w}", etag=1)))),
        "ns_pair": Cluster((node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")), node(probe, "w", w1020,
                                                                                       wo("tcp:{r}"))), True),
        "ns_diamond": Cluster((node(probe, "a", "w /dev/o1 10\nw /dev/o2 20\n", wo("tcp:{b}", "/dev/o1"),
                                    wo("tcp:{c}", "/dev/o2")),
                               node(probe, "b", "C /dev/in /dev/out 100\n", ro("tcp:{a}", "/dev/in"),
                                    wo("tcp:{d}", "/dev/out")),
                               node(probe, "c", "C /dev/in /dev/out 100\n", ro("tcp:{a}", "/dev/in"),
                                    wo("tcp:{d}", "/dev/out")),
                               node(probe, "d", "R /dev/i2 100\nR /dev/i1 100\n", ro("tcp:{b}", "/dev/i1"),
                                    ro("tcp:{c}", "/dev/i2"))), True),
        "writer_ahead": Cluster((node(probe, "r", "s\n", ro("tcp:{w}"), timeout=1),
                                 node(probe, "w", "L /dev/net 100 3000\n", wo("tcp:{r}", puts=BIG), timeout=1))),
        "reader_leaves_early_tagged": Cluster((node(probe, "r", "r /dev/net 12\n", ro("tcp:{w}", etag=1)),
                                               node(probe, "w", w1020 + "w /dev/net 5\n", wo("tcp:{r}", etag=1)))),
        "reader_alone_tagged": Cluster((node(probe, "r", "x 5\n", ro("tcp:127.0.0.1:{port:x}", etag=1),
                                             timeout=1),)),
        "fan_out_one_missing": Cluster((node(probe, "w", "w /dev/o1 10\nw /dev/o2 20\n", wo("tcp:{r1}", "/dev/o1", 1),
                                             wo("tcp:127.0.0.1:{port:gone}", "/dev/o2", 1), timeout=1),
                                        node(probe, "r1", "R /dev/net 100\n", ro("tcp:{w}", etag=1)))),
        "two_links_one_pair_ns": Cluster((node(probe, "a", "w /dev/o1 10\nw /dev/o2 20\n", wo("tcp:{b}", "/dev/o1"),
                                               wo("tcp:{b}", "/dev/o2")),
                                          node(probe, "b", "R /dev/i2 100\nR /dev/i1 100\n", ro("tcp:{a}", "/dev/i1"),
                                               ro("tcp:{a}", "/dev/i2"))), True),
        "zero_write": Cluster((node(probe, "r", "R /dev/net 100\n", ro("tcp:{w}")),
                               node(probe, "w", "w /dev/net 0\nw /dev/net 3\n", wo("tcp:{r}")))),
        "ephemeral_ro": Cluster((node(probe, "n", "x 0\n", ro("tcp:127.0.0.1:"), timeout=1),)),
        "udp_ro": Cluster((node(probe, "n", "x 0\n", ro("udp:127.0.0.1:{port:u}"), timeout=1),)),
        "bind_twice": Cluster((node(probe, "n", "x 0\n", ro("tcp:127.0.0.1:{port:u}"),
                                    ro("tcp:127.0.0.1:{port:u}", "/dev/net2"), timeout=1),)),
        "rw_net": Cluster((node(probe, "n", "x 0\n", ChannelSpec("/dev/net", uri="tcp:127.0.0.1:{port:u}", gets=1,
                                                                 get_size=1, puts=1, put_size=1)),)),
    }


CLUSTERS = sorted(_clusters(Path("x")))


def _differential_view(result: RunResult) -> tuple[object, ...]:
    text = log(result)
    return (result.exit_code, result.validator_state, result.user_code, result.etags, result.accounting[2:],
            result.exit_state, text)


@pytest.mark.zerovm
@pytest.mark.parametrize("name", CLUSTERS)
def test_clusters_agree_with_zerovm(zerovm: ZerovmTarget, ref: RefTarget, probe: Path, name: str) -> None:
    cluster = _clusters(probe)[name]
    mine = ref.run_cluster(cluster)
    theirs = _zerovm_cluster(zerovm, cluster)
    assert [r.outcome for r in mine] != [UNSUPPORTED] * len(mine)
    for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
        if a.outcome == UNSUPPORTED:
            continue
        assert _differential_view(a) == _differential_view(b), f"node {index + 1}"


def test_clusters_are_deterministic(ref: RefTarget, probe: Path) -> None:
    for name, cluster in _clusters(probe).items():
        first, second = ref.run_cluster(cluster), ref.run_cluster(cluster)
        assert comparable(first) == comparable(second), name



@pytest.mark.zerovm
@pytest.mark.parametrize("second", [pattern(16), pattern(15) + b"!", pattern(10), pattern(20)])
def test_replicas_on_files_agree_with_zerovm(zerovm: ZerovmTarget, ref: RefTarget, probe: Path, tmp_path: Path,
                                             second: bytes) -> None:
    (tmp_path / "a").write_bytes(pattern(16))
    (tmp_path / "b").write_bytes(second)
    out = tmp_path / "out"
    out.mkdir()
    hand_over(out, session_user())
    seen = []
    for target in (ref, zerovm):
        cluster = Cluster((node(probe, "r", "R /dev/net 7\n", ro(f"{tmp_path}/a;{tmp_path}/b")),
                           node(probe, "w", "w /dev/net 10\nw /dev/net 20\n",
                                wo(f"tcp:{{c}};{out}/copy.bin", etag=1)),
                           node(probe, "c", "R /dev/net 100\n", ro("tcp:{w}", etag=1))))
        results = ref.run_cluster(cluster) if target is ref else _zerovm_cluster(zerovm, cluster)
        seen.append(([_differential_view(r) for r in results], (out / "copy.bin").read_bytes()))
        (out / "copy.bin").unlink()
    assert seen[0] == seen[1]
