"""The network between modelled zerovm sessions: one process, no sockets, one session running at a time.

docs/measured/network-channels.md is the spec.  A cluster's sessions run as threads of one
process, but a baton (`Scheduler`) lets exactly one of them run: a session hands it on only
when it must wait -- a pread for data or EOF, a pwrite or close that zeromq would block, the
drain at close, the name service -- or when it ends; the next session that can go on (round
robin, in node order) gets it.  So a cluster gives the same result on every run.  When no
session can go on, every waiting one ends as zerovm's does when its peer never comes: at its
Timeout (`Deadlock`; a session waiting for the name service: its last retry).

Endpoints are virtual: a read-only tcp source binds an (ip, port) `Socket` (port 0: the next
virtual ephemeral port), a write-only one makes a `Link` (a PUSH connection) to an address.
What the real zerovm's outcome leaves to chance is not guessed (`Unsupported`, per session):
two writers on one reader's port (zeromq fair-queues them), a writer whose reader ended before
taking everything it was sent (the writer then ends 0, 4 or 134 depending on socket buffers),
a writer so far ahead of its reader that zeromq would block it (where depends on kernel buffers).

One exception to the middle one (`Fabric.close_seen`): the reader had received, before it
ended, the EOF of another link of the same writer that the writer closes after the unfinished
one.  zerovm's ChannelsDtor closes the channels one at a time in its dismount order
(OrderDismount: local, write-only network, read-only network, each group in descriptor order;
the etag order measured in docs section 4), the sources of a channel in uri order, and a close
sends its EOF, digest and dummy message before the next close starts.  So a later link's EOF at
the reader proves that the writer's close of the earlier link had completed: the writer ends as
it would have had the reader taken everything.  What is left is the race between the reader's
end and zeromq's I/O thread still flushing the earlier link's frames to the kernel; the model
assumes that flush is done, and a case relying on it must make it so (the read-replica cases
have the reader spin a moment after the later EOF).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from harness.targets.network import Registration, answer
from harness.targets.ref.errors import Deadlock, Unsupported

Address = tuple[str, int]  # (dotted IPv4, port); "0.0.0.0" is a bind on all interfaces
ANY = "0.0.0.0"
EPHEMERAL_START = 40000  # virtual ephemeral ports (what zmq_bind("tcp://*:0") gets), in bind order
# How far a writer may run ahead of a live reader here: zeromq's default receive high-water mark
# (1000 messages) plus kernel buffers (over 3.8 MB more on loopback [O t24]); past both, zeromq
# blocks it at a point that depends on the kernel, which the model does not guess.
RCVHWM = 1000
QUEUED_BYTES = 3_500_000
DATA, EOF, DIGEST, DUMMY = "data", "eof", "digest", "dummy"  # the frames of docs §3
ENDED_OK, ENDED_TIMEOUT, ENDED_ERROR = "ok", "timeout", "error"


class Scheduler:
    """The baton: which session of the cluster runs now."""

    def __init__(self, count: int) -> None:
        self.cond = threading.Condition()
        self.count = count
        self.turn = 0
        self.ended = [False] * count
        self.waiting: list[Callable[[], bool] | None] = [None] * count
        self.deadlocked = [False] * count

    def begin(self, node: int) -> None:
        with self.cond:
            self.cond.wait_for(lambda: self.turn == node)

    def wait(self, node: int, ready: Callable[[], bool]) -> None:
        """Return once `ready()` holds; raise Deadlock when no session can make it hold."""
        if ready():
            return
        with self.cond:
            self.waiting[node] = ready
            self._pass(node)
            self.cond.wait_for(lambda: self.turn == node)
            self.waiting[node] = None
            if self.deadlocked[node]:
                self.deadlocked[node] = False
                raise Deadlock()

    def end(self, node: int) -> None:
        with self.cond:
            self.ended[node] = True
            self.waiting[node] = None
            self._pass(node)

    def _pass(self, node: int) -> None:
        """Hand the baton to the next session that can go on (the caller holds `cond`)."""
        for step in range(1, self.count + 1):
            other = (node + step) % self.count
            if self.ended[other]:
                continue
            ready = self.waiting[other]
            if ready is None or self.deadlocked[other] or ready():
                self.turn = other
                self.cond.notify_all()
                return
        stuck = [n for n in range(self.count) if not self.ended[n]]
        for n in stuck:
            self.deadlocked[n] = True
        self.turn = stuck[0] if stuck else -1
        self.cond.notify_all()


@dataclass
class Link:
    """One write-only tcp source: zeromq's PUSH socket connected to `target`."""

    writer: int  # node
    alias: str
    target: Address
    frames: deque[tuple[str, bytes]] = field(default_factory=deque)  # sent, not yet taken by the reader
    queued: int = 0  # bytes in `frames`
    socket: Socket | None = None
    sent: bool = False
    closing: int | None = None  # when the writer's close of it began (its EOF frame): the fabric's close clock
    closed: bool = False  # the writer's close of it is over (its dummy frame went out)
    eof_taken: bool = False  # its reader has received its EOF frame


@dataclass
class Socket:
    """One bound read-only tcp source: zeromq's PULL socket."""

    owner: int  # node
    alias: str
    address: Address
    links: list[Link] = field(default_factory=list)
    state: str = "open"  # open | idle (its session timed out: still bound, nobody reads) | gone


class Fabric:
    """Every endpoint of the cluster, the name service, and what the model cannot reproduce."""

    def __init__(self, count: int, name_server: Address | None = None) -> None:
        self.scheduler = Scheduler(count)
        self.name_server = name_server
        self.sockets: list[Socket] = []
        self.links: list[Link] = []
        self.next_port = EPHEMERAL_START
        self.registered: dict[int, Registration] = {}
        # node -> why its result is not reproduced; and the readers it does not affect
        self.unsupported: dict[int, str] = {}
        self.spared: dict[int, set[int]] = {}
        # Counts the writers' closes of links in the order they begin, which is zerovm's close
        # order: sessions close their channels in dismount order, one after the other.
        self.close_clock = 0

    # -- binds and connects ----------------------------------------------------------------------

    def bind(self, node: int, alias: str, ip: str, port: int) -> Socket | None:
        """zmq_bind; None: this session has bound the address already (zerovm's "Address already in use")."""
        if port == 0:
            port = self._ephemeral()
        for other in self.sockets:
            if other.state != "gone" and other.address[1] == port and (ANY in (ip, other.address[0])
                                                                         or other.address[0] == ip):
                if other.owner == node:
                    return None
                why = (f"two sessions bind {ip}:{port}: which one gets it (the other fails) depends on "
                       f"which starts first")
                self.mark(other.owner, why)
                raise Unsupported(why)
        sock = Socket(node, alias, (ip, port))
        self.sockets.append(sock)
        for link in self.links:
            if link.socket is None and _reaches(link.target, sock.address):
                self._attach(link, sock)
        return sock

    def _ephemeral(self) -> int:
        taken = {s.address[1] for s in self.sockets if s.state != "gone"}
        while self.next_port in taken:
            self.next_port += 1
        port = self.next_port
        self.next_port += 1
        return port

    def connect(self, node: int, alias: str, target: Address) -> Link:
        link = Link(node, alias, target)
        self.links.append(link)
        sock = self._bound(target)
        if sock is not None:
            self._attach(link, sock)
        return link

    def _bound(self, target: Address) -> Socket | None:
        return next((s for s in self.sockets if s.state != "gone" and _reaches(target, s.address)), None)

    def _attach(self, link: Link, sock: Socket) -> None:
        link.socket = sock
        sock.links.append(link)

    # -- frames ------------------------------------------------------------------------------------

    def send(self, link: Link, kind: str, data: bytes = b"") -> None:
        """zmq_msg_send of one frame: blocks while zeromq would (SNDHWM 1 with no reader)."""
        scheduler = self.scheduler

        def room() -> bool:
            sock = link.socket
            if sock is None:
                return len(link.frames) < 1
            return sock.state == "gone" or len(link.frames) < RCVHWM or link.queued < QUEUED_BYTES

        try:
            scheduler.wait(link.writer, room)
        except Deadlock:
            if link.socket is not None:
                raise Unsupported(f"{link.alias} ran {len(link.frames)} messages ({link.queued} bytes) ahead of its "
                                  f"reader: where zerovm's writer blocks then depends on socket buffers") from None
            raise
        sock = link.socket
        if sock is not None:
            if sock.state == "gone":
                raise Unsupported(f"{link.alias} writes to a reader that has ended: zerovm's writer then ends "
                                  f"0, 4 or 134 depending on socket buffering")
            if any(other.sent for other in sock.links if other is not link):
                raise self._fan_in(sock)
        link.sent = True
        link.frames.append((kind, data))
        link.queued += len(data)
        if kind == EOF:
            self.close_clock += 1
            link.closing = self.close_clock
        elif kind == DUMMY:
            link.closed = True

    def receive(self, sock: Socket) -> bytes:
        """zmq_msg_recv on the reader's socket: blocks until a frame is there."""
        def ready() -> bool:
            return any(link.frames for link in sock.links)

        self.scheduler.wait(sock.owner, ready)
        senders = [link for link in sock.links if link.sent]
        if len(senders) > 1:
            raise self._fan_in(sock)
        link = next(link for link in sock.links if link.frames)
        kind, data = link.frames.popleft()
        link.queued -= len(data)
        if kind == EOF:
            link.eof_taken = True
        return data

    def _fan_in(self, sock: Socket) -> Unsupported:
        """Two writers on one port: the reader and every writer there get what zeromq's fair queue gives."""
        why = (f"two writers on one reader's port ({sock.address[0]}:{sock.address[1]}): zeromq fair-queues "
               f"them, the outcome varies from run to run")
        for node in {sock.owner, *(link.writer for link in sock.links)}:
            self.mark(node, why)
        return Unsupported(why)

    # -- the name service ----------------------------------------------------------------------------

    def name_service(self, node: int, server: Address, request: Registration) -> Registration | None:
        """The exchange with the name server at `server` (None: nobody answers there)."""
        if self.name_server is None or server != self.name_server:
            return None
        self.registered[request.node] = request
        reply: list[Registration] = []

        def answered() -> bool:
            got = answer(request, self.registered)
            if got is not None:
                reply.append(got)
            return got is not None

        try:
            self.scheduler.wait(node, answered)
        except Deadlock:
            return None
        return reply[-1]

    # -- sessions that end ---------------------------------------------------------------------------

    def socket_closed(self, sock: Socket) -> None:
        """A reader closed its source after its drain: what is left unread was never going to be."""
        sock.state = "gone"
        for link in sock.links:
            if link.frames and not self.close_seen(link, sock.owner):
                self.mark(link.writer, f"{link.alias}: its reader closed before taking all it was sent "
                                       f"(read replicas take one writer's EOF): zerovm's writer then ends 0 or 4 "
                                       f"depending on socket buffering", spare={sock.owner})

    def node_ended(self, node: int, how: str) -> None:
        """The session `node` ended (`how`: ENDED_*): its sockets stay bound while it idles at a
        timeout (zerovm's takes Timeout seconds to get there); after an error they are gone."""
        for sock in self.sockets:
            if sock.owner != node or sock.state == "gone":
                continue
            if how == ENDED_TIMEOUT:
                sock.state = "idle"
                continue
            sock.state = "gone"
            for link in sock.links:
                if any(kind in (DATA, EOF) for kind, _ in link.frames) and not self.close_seen(link, node):
                    self.mark(link.writer, f"{link.alias}: its reader ended before taking all it was sent: "
                                           f"zerovm's writer then ends 0, 4 or 134 depending on socket buffering",
                              spare={node})
        self.scheduler.end(node)

    def close_seen(self, link: Link, reader: int) -> bool:
        """Whether `reader` has received the EOF of a link its writer closed after `link`: then the
        writer's close of `link` had completed when the reader ended (see the module's docstring),
        and what the reader left unread there changes nothing for the writer."""
        if not link.closed or link.closing is None:
            return False
        return any(other.writer == link.writer and other.eof_taken and other.closing is not None
                   and other.closing > link.closing and other.socket is not None and other.socket.owner == reader
                   for other in self.links)

    def mark(self, node: int, why: str, spare: set[int] | None = None) -> None:
        """The session's result is not reproduced; neither are its readers' (but those in `spare`)."""
        self.unsupported.setdefault(node, why)
        self.spared.setdefault(node, set()).update(spare or ())

    def not_reproduced(self) -> dict[int, str]:
        """Every session whose result depends on one that is not reproduced (through its links)."""
        result = dict(self.unsupported)
        todo = list(result)
        while todo:
            node = todo.pop()
            for link in self.links:
                reader = link.socket.owner if link.socket is not None else None
                if link.writer != node or reader is None or reader in result or reader == node:
                    continue
                if reader in self.spared.get(node, set()):
                    continue
                result[reader] = f"it reads from node {node + 1}, whose result is not reproduced"
                todo.append(reader)
        return result


def _reaches(target: Address, bound: Address) -> bool:
    return target[1] == bound[1] and bound[0] in (target[0], ANY)
