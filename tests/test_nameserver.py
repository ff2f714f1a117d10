"""The harness's UDP name server, driven by hand-made requests as zerovm sends them
(docs/measured/network-channels.md section 6): big-endian `node, binds, connects` and
6-byte records; the reply is the request with each connect record set to (127.0.0.1 in
network order, the peer's bound port), sent once every peer named has registered."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

import pytest

from harness.targets.nameserver import NameServer
from harness.targets.network import Registration

LOOPBACK_U32 = 0x7F000001
NO_ANSWER_S = 0.3


@pytest.fixture
def server() -> Iterator[NameServer]:
    with NameServer() as ns:
        yield ns


class Node:
    """One zerovm node's UDP socket towards the name server."""

    def __init__(self, server: NameServer, node: int, binds: tuple[tuple[int, int], ...] = (),
                 connects: tuple[tuple[int, int], ...] = ()) -> None:
        self.request = Registration(node, binds, connects)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.address = (server.host, server.port)

    def send(self, data: bytes | None = None) -> None:
        self.sock.sendto(self.request.encode() if data is None else data, self.address)

    def reply(self, wait_s: float = 5.0) -> bytes | None:
        self.sock.settimeout(wait_s)
        try:
            data, source = self.sock.recvfrom(65536)
        except TimeoutError:
            return None
        assert source == self.address
        return data

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def nodes(server: NameServer) -> Iterator[list[Node]]:
    made: list[Node] = []
    yield made
    for node in made:
        node.close()


def make(nodes: list[Node], server: NameServer, node: int, binds: tuple[tuple[int, int], ...] = (),
         connects: tuple[tuple[int, int], ...] = ()) -> Node:
    made = Node(server, node, binds, connects)
    nodes.append(made)
    return made


def test_pair_writer_first(server: NameServer, nodes: list[Node]) -> None:
    writer = make(nodes, server, 1, connects=((2, 0),))
    reader = make(nodes, server, 2, binds=((1, 46423),))
    writer.send()
    assert writer.reply(NO_ANSWER_S) is None, "the writer waits until its reader has registered"
    reader.send()
    # The reader has nothing to connect: its reply is its own request.
    assert reader.reply() == reader.request.encode()
    expected = struct.pack(">IIIIH", 1, 0, 1, LOOPBACK_U32, 46423)
    assert writer.reply() == expected
    assert bytes.fromhex("00000001 00000000 00000001 7f000001 b557") == expected  # as measured
    assert server.traffic.answers == 2 and set(server.traffic.registered) == {1, 2}


def test_diamond(server: NameServer, nodes: list[Node]) -> None:
    """1 -> 2, 1 -> 3, 2 -> 4, 3 -> 4: each connect gets the port its own peer bound for it."""
    n1 = make(nodes, server, 1, connects=((2, 0), (3, 0)))
    n2 = make(nodes, server, 2, binds=((1, 2001),), connects=((4, 0),))
    n3 = make(nodes, server, 3, binds=((1, 3001),), connects=((4, 0),))
    n4 = make(nodes, server, 4, binds=((3, 4003), (2, 4002)))
    n1.send()
    n2.send()
    assert [n1.reply(NO_ANSWER_S), n2.reply(NO_ANSWER_S)] == [None, None]
    n3.send()  # both of 1's peers are there now (4 is not: 2 and 3 wait)
    assert Registration.decode(n1.reply() or b"") == Registration(1, (), ((LOOPBACK_U32, 2001),
                                                                          (LOOPBACK_U32, 3001)))
    assert [n2.reply(NO_ANSWER_S), n3.reply(NO_ANSWER_S)] == [None, None]
    n4.send()
    assert n4.reply() == n4.request.encode()
    assert Registration.decode(n2.reply() or b"") == Registration(2, ((1, 2001),), ((LOOPBACK_U32, 4002),))
    assert Registration.decode(n3.reply() or b"") == Registration(3, ((1, 3001),), ((LOOPBACK_U32, 4003),))


def test_two_links_between_one_pair_take_the_binds_in_order(server: NameServer, nodes: list[Node]) -> None:
    writer = make(nodes, server, 1, connects=((2, 0), (2, 0)))
    reader = make(nodes, server, 2, binds=((1, 7001), (1, 7002)))
    reader.send()
    writer.send()
    assert Registration.decode(writer.reply() or b"") == Registration(1, (), ((LOOPBACK_U32, 7001),
                                                                              (LOOPBACK_U32, 7002)))


def test_unknown_peer_gets_no_answer(server: NameServer, nodes: list[Node]) -> None:
    lonely = make(nodes, server, 1, connects=((9, 0),))
    other = make(nodes, server, 2, binds=((1, 5000),))
    lonely.send()
    other.send()
    assert other.reply() is not None
    assert lonely.reply(NO_ANSWER_S) is None
    lonely.send()  # zerovm resends: still nobody named 9
    assert lonely.reply(NO_ANSWER_S) is None


def test_retransmissions_are_answered(server: NameServer, nodes: list[Node]) -> None:
    writer = make(nodes, server, 1, connects=((2, 0),))
    reader = make(nodes, server, 2, binds=((1, 6000),))
    writer.send()
    writer.send()  # resent while pending: answered once, to its address
    reader.send()
    first = writer.reply()
    assert first is not None and writer.reply(NO_ANSWER_S) is None
    writer.send()  # the answer was lost: the resent request is answered again at once
    assert writer.reply() == first
    # A resend from a fresh socket (another source port) is answered there.
    again = make(nodes, server, 1, connects=((2, 0),))
    again.send()
    assert again.reply() == first


def test_malformed_datagrams_are_ignored_and_kept(server: NameServer, nodes: list[Node]) -> None:
    node = make(nodes, server, 1)
    node.send(b"xy")
    node.send(struct.pack(">III", 1, 0, 1))  # says one record, has none
    node.send(Registration(1, (), ((2, 0),)).encode() + b"\0")  # one byte too many
    assert node.reply(NO_ANSWER_S) is None
    assert server.traffic.malformed == 3
    assert server.traffic.malformed_kept[0] == b"xy"
    node.send()  # the server still serves
    assert node.reply() == node.request.encode()


def test_dotted_ip_record_is_answered_with_the_ip_in_network_order(server: NameServer, nodes: list[Node]) -> None:
    # zerovm sends a `tcp:127.0.0.1:5555` source of a NameServer session byte-reversed (0100007f).
    node = make(nodes, server, 1, connects=((0x0100007F, 5555),))
    node.send()
    assert node.reply() == bytes.fromhex("00000001 00000000 00000001 7f000001 15b3")


def test_stop_closes_the_socket_and_ends_the_thread() -> None:
    ns = NameServer()
    ns.start()
    port = ns.port
    assert ns.uri == f"udp:127.0.0.1:{port}"
    ns.stop()
    ns.stop()  # again: nothing happens
    assert ns._thread is not None and not ns._thread.is_alive()
    with NameServer(port) as again:  # the port is free again, and a given port is bound as given
        assert again.port == port
        with pytest.raises(OSError):
            NameServer(port)
