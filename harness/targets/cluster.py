"""Several zerovm sessions run at once: a `Cluster`'s nodes, or the user's manifests.

Every node gets its own session directory (staged as `ZerovmTarget.run` stages one), the
links between them leased ports or a name server (harness.targets.network.resolve), and
all nodes start together, one thread each, in ONE supervisor: when the work ends, or the
harness is interrupted, every process of every node is killed and reaped, and then the
ports are released, the name server stopped and the directories removed.  Each node
keeps its own deadline (its Timeout plus the kill margin; with a name server also the
3 x 1.2 s zerovm may wait for it, which its Timeout does not bound), so a node that hangs
is killed while its siblings finish.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from harness.manifest import parse_manifest
from harness.targets import Cluster, RunResult, TargetError
from harness.targets.nameserver import NameServer
from harness.targets.network import LOOPBACK, NS_ATTEMPTS, NS_WAIT_S, ClusterError, PortLease, links, resolve
from harness.targets.outputs import snapshot_outputs
from harness.targets.privilege import as_user
from harness.targets.supervisor import sigterm_raises, supervise

if TYPE_CHECKING:
    from harness.targets.zerovm import Prepared, ZerovmTarget

NAME_SERVICE_S = NS_ATTEMPTS * NS_WAIT_S  # how long zerovm may wait for the name server before its Timeout starts
JOIN_TICK_S = 0.1  # the supervisor's main thread wakes this often, so a stop signal reaches it


class _Resources:
    """What a run holds until its last process is gone: made in the supervisor, freed by its `finish`."""

    def __init__(self, directories: Sequence[Path] = ()) -> None:
        self.directories = list(directories)
        self.lease: PortLease | None = None
        self.name_server: NameServer | None = None

    def free(self) -> None:
        if self.name_server is not None:
            self.name_server.stop()
        if self.lease is not None:
            self.lease.release()
        for directory in self.directories:
            shutil.rmtree(directory, ignore_errors=True)


def run_cluster(target: ZerovmTarget, cluster: Cluster) -> tuple[RunResult, ...]:
    """One RunResult per node, in node order (Target.run_cluster)."""
    for node in cluster.nodes:
        if node.session.job is not None:
            raise TargetError(f"node {node.name!r}: a Job session is not supported in a cluster")
    try:
        links(cluster)
    except ClusterError as exc:
        raise TargetError(f"bad cluster: {exc}") from None
    with sigterm_raises():
        resources = _Resources()
        try:
            for _ in cluster.nodes:
                resources.directories.append(Path(tempfile.mkdtemp(prefix="zvm-session-")))
            return supervise(_drive_cluster, target, cluster, resources, finish=resources.free)
        finally:
            for directory in resources.directories:  # the supervisor removed them, unless it was killed outright
                shutil.rmtree(directory, ignore_errors=True)


def _drive_cluster(target: ZerovmTarget, cluster: Cluster, resources: _Resources) -> tuple[RunResult, ...]:
    # The lease and the name server belong to the supervisor: a lease names its holder's pid, and
    # whatever the supervisor holds is freed when it stops (or taken back when it is gone).
    resources.lease = PortLease()
    if cluster.name_server:
        resources.name_server = NameServer()
        resources.name_server.start()
    uri = resources.name_server.uri if resources.name_server is not None else None
    try:
        sessions = resolve(cluster, resources.lease, uri)
    except ClusterError as exc:
        raise TargetError(f"bad cluster: {exc}") from None
    prepared = [target._prepare(session, directory) for session, directory in zip(sessions, resources.directories,
                                                                                   strict=True)]
    return run_together(target, prepared, NAME_SERVICE_S if uri is not None else 0.0)


def run_manifests(target: ZerovmTarget, manifest_paths: Sequence[Path], cwd: Path, name_server: bool = False
                  ) -> tuple[RunResult, ...]:
    """The user's manifests run together, each as `ZerovmTarget.run_manifest` runs one (its own paths,
    outputs = the writable file channels it changed); with `name_server` the harness answers the name
    service at the one address all the manifests name (udp:127.0.0.1:PORT)."""
    paths = [p if p.is_absolute() else cwd / p for p in manifest_paths]
    befores = [as_user(target.user, snapshot_outputs, p, cwd) for p in paths]
    for path, before in zip(paths, befores, strict=True):
        if parse_manifest(before.manifest_text).job is not None:
            raise TargetError(f"{path}: a Job session is not supported when manifests run together")
    port = _name_server_port(paths, [b.manifest_text for b in befores]) if name_server else None
    prepared = [target._prepare_manifest(p, cwd, (), before) for p, before in zip(paths, befores, strict=True)]
    with sigterm_raises():
        resources = _Resources()
        return supervise(_drive_manifests, target, prepared, port, resources, finish=resources.free)


def _name_server_port(paths: Sequence[Path], texts: Sequence[str]) -> int:
    """The port every manifest's NameServer names; TargetError unless all say udp:127.0.0.1:<the same port>."""
    ports = set()
    for path, text in zip(paths, texts, strict=True):
        source = parse_manifest(text).name_server
        fields = source.text.split(":") if source is not None else []
        if (source is None or source.protocol != "UDP" or len(fields) != 3 or fields[1].strip() != LOOPBACK
                or not fields[2].strip().isdigit() or not 0 < int(fields[2]) < 65536):
            said = f"says NameServer = {source.text}" if source is not None else "has no NameServer"
            raise TargetError(f"{path} {said}: the harness's name server answers only at "
                              f"udp:{LOOPBACK}:PORT (PORT 1-65535), the same in every manifest")
        ports.add(int(fields[2]))
    if len(ports) != 1:
        raise TargetError(f"the manifests name different name servers (ports {', '.join(map(str, sorted(ports)))}): "
                          "the harness answers at one udp:127.0.0.1:PORT, the same in every manifest")
    return ports.pop()


def _drive_manifests(target: ZerovmTarget, prepared: list[Prepared], port: int | None, resources: _Resources
                     ) -> tuple[RunResult, ...]:
    if port is not None:
        try:
            resources.name_server = NameServer(port)
        except OSError as exc:
            raise TargetError(f"cannot serve the name service at udp:{LOOPBACK}:{port}: "
                              f"{exc.strerror or exc}") from None
        resources.name_server.start()
    return run_together(target, prepared, NAME_SERVICE_S if port is not None else 0.0)


def run_together(target: ZerovmTarget, prepared: Sequence[Prepared], extra_s: float) -> tuple[RunResult, ...]:
    """Start every prepared session at once, one thread each; their results in order once all have ended.

    Runs in a supervisor: a stop signal raises in this (the main) thread, and the supervisor
    kills every session's processes when this returns or raises.
    """
    results: list[RunResult | None] = [None] * len(prepared)
    errors: list[BaseException] = []
    stopping = threading.Event()

    def run(index: int) -> None:
        try:
            if not stopping.is_set():
                results[index] = target._run_prepared(prepared[index], extra_s)
        except BaseException as exc:  # handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), name=f"node{i}", daemon=True) for i in range(len(prepared))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(JOIN_TICK_S)
    finally:
        stopping.set()
    if errors:
        raise errors[0]
    done = [r for r in results if r is not None]
    assert len(done) == len(prepared)
    return tuple(done)


__all__ = ["run_cluster", "run_manifests", "run_together"]
