"""What every target shares about a cluster's network: uris by node name, free ports, the name service.

A case writes its links by node name (`tcp:{b}`); `resolve` turns a `Cluster` into the
plain sessions zerovm is given.  Links pair as zerovm's name service pairs them
(docs/measured/network-channels.md section 6): the k-th write-only source of node A that
names B is the k-th read-only source of B that names A.  Without a name server each pair
gets a leased port on 127.0.0.1 (the reader binds it, the writer connects); a source with
no partner gets a port of its own that nobody else uses, so its session waits for a peer
that never comes, as zerovm's would.  With a name server, sources become node-id uris
(`tcp:<id>:0`) and the reader binds an ephemeral port that the name server hands to its
writer (`answer`).

Ports: a port the harness hands out must not be taken by anyone else before zerovm binds
it, also by a parallel xdist worker.  So they come from below the kernel's ephemeral
range (which bind(0) and connect() never hand out) and are leased through a file per
port, created exclusively, in a directory every harness process shares; a lease whose
holder is gone is taken back.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from harness.manifest import Channel
from harness.targets import ChannelSpec, Cluster, Session

LOOPBACK = "127.0.0.1"
LINK = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")  # {b}: the node b
PORT = re.compile(r"\{port:([A-Za-z0-9_-]+)\}")  # {port:x}: a leased port, the same for every {port:x}
PORT_RANGE = (20000, 32000)  # below Linux's default ephemeral range (32768-60999)
LEASE_DIR = Path(os.environ.get("ZVM_HARNESS_PORTS", "/tmp/zvm-harness-ports"))
NODE_KEYS = ("NameServer", "Node")


class ClusterError(ValueError):
    """A cluster that cannot be resolved (a link to a node that does not exist, ...)."""


def node_id(index: int) -> int:
    """The `Node` number of the cluster's node `index` (zerovm wants >= 1)."""
    return index + 1


def access(spec: ChannelSpec) -> int:
    """The channel's access class (1 read-only, 2 write-only, 0/3 neither: zerovm refuses it on a network)."""
    return Channel("", spec.alias, spec.type, spec.etag, spec.gets, spec.get_size, spec.puts,
                   spec.put_size).access_class


@dataclass(frozen=True)
class Link:
    """One source of one channel that names a node: `node` index, channel index, source index."""

    node: int
    channel: int
    source: int
    peer: int  # the node it names
    reads: bool  # a read-only channel (binds); else it connects


def links(cluster: Cluster) -> list[Link]:
    """Every `{name}` source in the cluster, in node, channel and source order."""
    names = {node.name: i for i, node in enumerate(cluster.nodes)}
    if len(names) != len(cluster.nodes):
        raise ClusterError("two nodes have the same name")
    found = []
    for n, node in enumerate(cluster.nodes):
        for c, spec in enumerate(node.session.channels):
            for s, source in enumerate((spec.uri or "").split(";")):
                match = LINK.search(source)
                if match is None:
                    continue
                if match.group(1) not in names:
                    raise ClusterError(f"node {node.name!r}, channel {spec.alias}: no node named "
                                       f"{match.group(1)!r} (the nodes are {', '.join(names)})")
                found.append(Link(n, c, s, names[match.group(1)], access(spec) == 1))
    return found


def pairs(found: list[Link]) -> dict[Link, Link | None]:
    """Each link and its partner (None: nobody on the other side)."""
    readers: dict[tuple[int, int], list[Link]] = {}
    for link in found:
        if link.reads:
            readers.setdefault((link.node, link.peer), []).append(link)
    taken: dict[tuple[int, int], int] = {}
    partner: dict[Link, Link | None] = {link: None for link in found}
    for link in found:
        if link.reads:
            continue
        key = (link.peer, link.node)
        k = taken.get(key, 0)
        candidates = readers.get(key, [])
        if k < len(candidates):
            partner[link] = candidates[k]
            partner[candidates[k]] = link
            taken[key] = k + 1
    return partner


def resolve(cluster: Cluster, port: Callable[[str], int], name_server: str | None = None) -> tuple[Session, ...]:
    """The cluster's sessions as zerovm is given them.

    `port(label)` gives the port for a label (the same label, the same port); links take
    labels of their own.  `name_server` is the name server's uri (`udp:127.0.0.1:P`), for
    a cluster that has one.
    """
    found = links(cluster)
    partner = pairs(found)
    label: dict[Link, str] = {}
    for link in found:
        other = partner[link]
        owner = link if other is None or link.reads else other
        label[link] = f"link:{owner.node}.{owner.channel}.{owner.source}"
    by_place = {(link.node, link.channel, link.source): link for link in found}
    sessions = []
    for n, node in enumerate(cluster.nodes):
        channels = []
        for c, spec in enumerate(node.session.channels):
            if spec.uri is None:
                channels.append(spec)
                continue
            sources = []
            for s, source in enumerate(spec.uri.split(";")):
                link = by_place.get((n, c, s))
                if link is not None:
                    if name_server is not None:
                        source = LINK.sub(f"{node_id(link.peer)}:0", source)
                    else:
                        source = LINK.sub(f"{LOOPBACK}:{port(label[link])}", source)
                source = PORT.sub(lambda m: str(port(f"port:{m.group(1)}")), source)
                sources.append(source)
            channels.append(replace(spec, uri=";".join(sources)))
        keys = tuple((k, PORT.sub(lambda m: str(port(f"port:{m.group(1)}")), v)) for k, v in node.session.keys)
        if name_server is not None:
            given = {k for k, _ in keys}
            keys += tuple((k, v) for k, v in (("NameServer", name_server), ("Node", str(node_id(n))))
                          if k not in given)
        sessions.append(replace(node.session, channels=tuple(channels), keys=keys))
    return tuple(sessions)


# -- ports ------------------------------------------------------------------------------------------


class PortLease:
    """Free ports on 127.0.0.1 for one cluster, held until `release` (a context manager)."""

    def __init__(self, lease_dir: Path = LEASE_DIR) -> None:
        self.lease_dir = lease_dir
        self.ports: dict[str, int] = {}
        self._next = PORT_RANGE[0] + (os.getpid() * 37) % (PORT_RANGE[1] - PORT_RANGE[0])

    def __enter__(self) -> PortLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __call__(self, label: str) -> int:
        if label not in self.ports:
            self.ports[label] = self._lease()
        return self.ports[label]

    def _lease(self) -> int:
        self.lease_dir.mkdir(mode=0o1777, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.lease_dir, 0o1777)
        span = PORT_RANGE[1] - PORT_RANGE[0]
        for _ in range(span):
            port = self._next
            self._next = PORT_RANGE[0] + (port + 1 - PORT_RANGE[0]) % span
            if self._claim(port):
                if _free(port):
                    return port
                (self.lease_dir / str(port)).unlink(missing_ok=True)
        raise OSError(errno.EADDRINUSE, f"no free port left in {PORT_RANGE[0]}-{PORT_RANGE[1]}")

    def _claim(self, port: int) -> bool:
        path = self.lease_dir / str(port)
        for _ in range(2):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if not _stale(path):
                    return False
                path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as f:
                f.write(str(os.getpid()))
            return True
        return False

    def release(self) -> None:
        for port in self.ports.values():
            (self.lease_dir / str(port)).unlink(missing_ok=True)
        self.ports.clear()


def _stale(path: Path) -> bool:
    """Whether a lease's holder is gone."""
    try:
        pid = int(path.read_text() or "0")
    except (OSError, ValueError):
        return False  # being written right now
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _free(port: int) -> bool:
    """Whether nothing is bound to the port on 127.0.0.1 (nor on all interfaces) now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


# -- the name service (zerovm's nservice.c, measured: docs/measured/network-channels.md section 6) ----

HEADER = struct.Struct(">III")  # node, binds, connects
RECORD = struct.Struct(">IH")  # host, port
NS_ATTEMPTS = 3  # zerovm sends its request this many times ...
NS_WAIT_S = 1.2  # ... waiting this long for the answer each time, then fails with 11 (EAGAIN)
MAX_NODE_ID = 0xFFFF  # a connect record's host above this is a dotted IP (bytes reversed), not a node id


@dataclass(frozen=True)
class Registration:
    """One node's request to the name service."""

    node: int
    binds: tuple[tuple[int, int], ...]  # (peer node, bound port), in manifest order
    connects: tuple[tuple[int, int], ...]  # (target node or reversed IP, port)

    @classmethod
    def decode(cls, data: bytes) -> Registration | None:
        """None when the datagram is not a well-formed request."""
        if len(data) < HEADER.size:
            return None
        node, nbinds, nconnects = HEADER.unpack_from(data)
        if len(data) != HEADER.size + RECORD.size * (nbinds + nconnects):
            return None
        records = [RECORD.unpack_from(data, HEADER.size + RECORD.size * i) for i in range(nbinds + nconnects)]
        return cls(node, tuple(records[:nbinds]), tuple(records[nbinds:]))

    def encode(self) -> bytes:
        return HEADER.pack(self.node, len(self.binds), len(self.connects)) + b"".join(
            RECORD.pack(host, port) for host, port in self.binds + self.connects)

    def waits_for(self) -> set[int]:
        """The nodes that must have registered before this one can be answered."""
        return {host for host, _ in self.connects if host <= MAX_NODE_ID}


def answer(request: Registration, registered: dict[int, Registration]) -> Registration | None:
    """The name server's reply to `request` (None: not yet, a peer it names has not registered).

    Each connect record becomes (IPv4 of 127.0.0.1 as a network-order u32, the peer's bound
    port): the k-th connect from A to B gets the port of the k-th bind of B whose host is A.
    A link with no such bind gets port 0 (zerovm's connect then never finds a reader). A
    host above MAX_NODE_ID is a dotted IP zerovm sent byte-reversed: answered with that IP.
    """
    if not request.waits_for() <= registered.keys():
        return None
    loopback = int.from_bytes(socket.inet_aton(LOOPBACK), "big")
    used: dict[int, int] = {}
    connects = []
    for host, port in request.connects:
        if host > MAX_NODE_ID:
            connects.append((int.from_bytes(host.to_bytes(4, "little"), "big"), port))
            continue
        k = used.get(host, 0)
        used[host] = k + 1
        binds = [bound for peer, bound in registered[host].binds if peer == request.node]
        connects.append((loopback, binds[k] if k < len(binds) else 0))
    return replace(request, connects=tuple(connects))


@contextlib.contextmanager
def leased_ports() -> Iterator[PortLease]:
    with PortLease() as lease:
        yield lease
