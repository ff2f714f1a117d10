"""The harness's UDP name server: what zerovm's `NameServer` asks, answered for a cluster's nodes.

zerovm sends one request (harness.targets.network.Registration) from each node and waits
up to 3 x 1.2 s for the reply, resending it each time (docs/measured/network-channels.md
section 6).  A node can only be answered once every node it connects to has registered
(its bound ports are in their requests), so a request is kept until `network.answer`
gives a reply, and every pending one is looked at again whenever a new request comes.
A resent request is answered too (to its own source address: the earlier reply may be
lost, or sent to a socket zerovm no longer reads).  The rule itself is network.answer,
shared with the reference target; this module only carries datagrams.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import threading
from dataclasses import dataclass, field

from harness.targets.network import LOOPBACK, Registration, answer

DATAGRAM_LIMIT = 65536
KEEP_MALFORMED = 16  # datagrams kept for diagnostics; the rest are only counted

Address = tuple[str, int]


@dataclass
class Traffic:
    """What the name server saw: for diagnostics and tests."""

    registered: dict[int, Registration] = field(default_factory=dict)  # node -> its latest request
    answers: int = 0
    malformed: int = 0
    malformed_kept: list[bytes] = field(default_factory=list)


class NameServer:
    """A UDP name server on 127.0.0.1 serving from a thread; a context manager.

    `port` 0 lets the kernel choose (a cluster's: nothing can collide); a given port is
    for manifests that name it.  Binding fails with OSError when the port is taken.
    """

    def __init__(self, port: int = 0, host: str = LOOPBACK) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self._sock.bind((host, port))
        except OSError:
            self._sock.close()
            raise
        self.host, self.port = self._sock.getsockname()
        self.traffic = Traffic()
        self._pending: list[tuple[int, Address]] = []  # (node, source) not answered yet
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None

    @property
    def uri(self) -> str:
        """What a manifest's NameServer says to reach it."""
        return f"udp:{self.host}:{self.port}"

    def __enter__(self) -> NameServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._serve, name=f"nameserver:{self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, join the thread and close the socket (again: nothing happens)."""
        if self._wake_w < 0:
            return
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join()
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        self._wake_r = self._wake_w = -1
        self._sock.close()

    def handle(self, data: bytes, source: Address) -> list[tuple[bytes, Address]]:
        """The replies due now that `data` came from `source` (the serving thread sends them)."""
        request = Registration.decode(data)
        with self._lock:
            if request is None:
                self.traffic.malformed += 1
                if len(self.traffic.malformed_kept) < KEEP_MALFORMED:
                    self.traffic.malformed_kept.append(data[:256])
                return []
            self.traffic.registered[request.node] = request
            if (request.node, source) not in self._pending:
                self._pending.append((request.node, source))
            replies = []
            for node, address in list(self._pending):
                reply = answer(self.traffic.registered[node], self.traffic.registered)
                if reply is not None:
                    replies.append((reply.encode(), address))
                    self._pending.remove((node, address))
            self.traffic.answers += len(replies)
            return replies

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._sock, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj == self._wake_r:
                        return
                    try:
                        data, source = self._sock.recvfrom(DATAGRAM_LIMIT)
                    except OSError:
                        continue
                    for reply, address in self.handle(data, source):
                        # A node that is gone resends or fails on its own.
                        with contextlib.suppress(OSError):
                            self._sock.sendto(reply, address)


__all__ = ["NameServer", "Traffic"]
