"""harness.targets.network: links by node name, leased ports, the name service's rule."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from harness.targets import BIG, ChannelSpec, Cluster, Node, Session, network, standard_channels
from harness.targets.network import (
    ClusterError,
    PortLease,
    Registration,
    answer,
    resolve,
)


def reader(*uris: str) -> Session:
    return Session(None, standard_channels() + tuple(
        ChannelSpec(f"/dev/in{i}", gets=BIG, get_size=BIG, uri=uri) for i, uri in enumerate(uris)))


def writer(*uris: str) -> Session:
    return Session(None, standard_channels() + tuple(
        ChannelSpec(f"/dev/out{i}", puts=BIG, put_size=BIG, uri=uri) for i, uri in enumerate(uris)))


def net_uris(session: Session) -> list[str]:
    return [c.uri for c in session.channels if c.uri is not None]


class Ports:
    """Port numbers by label, in the order asked for."""

    def __init__(self) -> None:
        self.labels: dict[str, int] = {}

    def __call__(self, label: str) -> int:
        return self.labels.setdefault(label, 30000 + len(self.labels))


def test_a_pair_shares_one_port() -> None:
    a, b = resolve(Cluster((Node("a", writer("tcp:{b}")), Node("b", reader("tcp:{a}")))), Ports())
    assert net_uris(a) == net_uris(b) == ["tcp:127.0.0.1:30000"]
    assert a.keys == b.keys == ()


def test_links_pair_in_order_and_an_unpaired_one_gets_its_own_port() -> None:
    cluster = Cluster((Node("a", writer("tcp:{b}", "tcp:{b}")), Node("b", reader("tcp:{a}", "tcp:{a}", "tcp:{a}"))))
    a, b = resolve(cluster, Ports())
    assert net_uris(a) == ["tcp:127.0.0.1:30000", "tcp:127.0.0.1:30001"]
    assert net_uris(b) == ["tcp:127.0.0.1:30000", "tcp:127.0.0.1:30001", "tcp:127.0.0.1:30002"]


def test_a_writer_with_no_reader_gets_a_port_nobody_binds() -> None:
    a, b = resolve(Cluster((Node("a", writer("tcp:{b}")), Node("b", writer("tcp:{a}")))), Ports())
    assert net_uris(a) == ["tcp:127.0.0.1:30000"] and net_uris(b) == ["tcp:127.0.0.1:30001"]


def test_replicas_and_labelled_ports() -> None:
    cluster = Cluster((Node("a", writer("tcp:{b};tcp:{c}", "udp:127.0.0.1:{port:x}")),
                       Node("b", reader("tcp:{a}")), Node("c", reader("tcp:{a}", "tcp:127.0.0.1:{port:x}"))))
    a, b, c = resolve(cluster, Ports())
    assert net_uris(a) == ["tcp:127.0.0.1:30000;tcp:127.0.0.1:30001", "udp:127.0.0.1:30002"]
    assert net_uris(b) == ["tcp:127.0.0.1:30000"]
    assert net_uris(c) == ["tcp:127.0.0.1:30001", "tcp:127.0.0.1:30002"]


def test_with_a_name_server_links_become_node_ids() -> None:
    cluster = Cluster((Node("a", writer("tcp:{b}")), Node("b", reader("tcp:{a}"))), name_server=True)
    a, b = resolve(cluster, Ports(), "udp:127.0.0.1:9")
    assert net_uris(a) == ["tcp:2:0"] and net_uris(b) == ["tcp:1:0"]
    assert a.keys == (("NameServer", "udp:127.0.0.1:9"), ("Node", "1"))
    assert b.keys == (("NameServer", "udp:127.0.0.1:9"), ("Node", "2"))


def test_a_node_keeps_the_keys_it_sets() -> None:
    node = Node("a", Session(None, reader("tcp:{a}").channels, keys=(("Node", "0"),)))
    (a,) = resolve(Cluster((node,), name_server=True), Ports(), "udp:127.0.0.1:9")
    assert a.keys == (("Node", "0"), ("NameServer", "udp:127.0.0.1:9"))


def test_unknown_and_repeated_node_names_are_errors() -> None:
    with pytest.raises(ClusterError, match="no node named 'c'"):
        resolve(Cluster((Node("a", writer("tcp:{c}")), Node("b", reader("tcp:{a}")))), Ports())
    with pytest.raises(ClusterError, match="same name"):
        resolve(Cluster((Node("a", writer()), Node("a", reader()))), Ports())


def test_leases_are_exclusive_and_released(tmp_path: Path) -> None:
    with PortLease(tmp_path) as one, PortLease(tmp_path) as two:
        mine = {one(f"p{i}") for i in range(5)}
        theirs = {two(f"p{i}") for i in range(5)}
        assert len(mine) == 5 and len(theirs) == 5 and not mine & theirs
        assert one("p0") == one("p0")
        assert sorted(int(p.name) for p in tmp_path.iterdir()) == sorted(mine | theirs)
    assert list(tmp_path.iterdir()) == []


def test_a_lease_of_a_dead_process_is_taken_back_and_a_bound_port_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lease = PortLease(tmp_path)
    first = lease._next = 25000  # not at the end of the range: the test counts up from it
    # Other tests' clusters bind leased ports at any moment: which ports are bound is this test's.
    monkeypatch.setattr(network, "_free", lambda port: port != first + 1)
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    (tmp_path / str(first)).write_text(str(pid))  # its holder is gone
    (tmp_path / str(first + 2)).write_text(str(os.getppid()))  # its holder is alive
    got = [lease("x"), lease("y")]
    assert got == [first, first + 3]
    assert (tmp_path / str(first)).read_text() == str(os.getpid())
    assert not (tmp_path / str(first + 1)).exists()
    lease.release()
    assert [p.name for p in tmp_path.iterdir()] == [str(first + 2)]


def test_free_sees_a_bound_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        assert not network._free(busy.getsockname()[1])


def test_the_name_service_packet_round_trips() -> None:
    request = Registration(2, ((1, 46423),), ((3, 0),))
    data = request.encode()
    assert data.hex() == "000000020000000100000001" "00000001b557" "000000030000"
    assert Registration.decode(data) == request
    assert Registration.decode(data[:-1]) is None
    assert Registration.decode(b"\0" * 5) is None


def test_answers_wait_for_the_peers_and_pair_kth_with_kth() -> None:
    a = Registration(1, (), ((2, 0), (2, 0)))
    b = Registration(2, ((1, 1111), (3, 3333), (1, 2222)), ())
    assert answer(a, {1: a}) is None
    assert answer(b, {2: b}) == b  # a node with nothing to connect is answered at once
    reply = answer(a, {1: a, 2: b})
    assert reply is not None and reply.connects == ((0x7F000001, 1111), (0x7F000001, 2222))
    third = answer(Registration(1, (), ((2, 0),) * 3), {2: b})
    assert third is not None and third.connects[2] == (0x7F000001, 0)  # nobody binds for it


def test_a_dotted_ip_record_is_answered_with_its_address() -> None:
    # zerovm sends tcp:127.0.0.1:5000 as host 0x0100007f (the address's bytes reversed)
    reply = answer(Registration(1, (), ((0x0100007F, 5000),)), {})
    assert reply is not None and reply.connects == ((0x7F000001, 5000),)
