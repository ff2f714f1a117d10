"""Clusters on the zerovm target: nodes started together, linked by leased ports or the harness's
name server, all in one supervisor (harness.targets.cluster).

Everywhere (a stand-in zerovm): a hung node is killed at its own deadline while its sibling
finishes; an interrupted cluster leaves no process, directory or port lease; what a cluster
cannot be is a TargetError.  With the real zerovm (ZEROVM set): a direct pair, a name-server
pair, a 3-node pipeline, a node whose peer never comes, an interrupt (no zerovm, no LISTEN
socket left), two clusters at once, and user manifests run together; the figures are those
of docs/measured/network-channels.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.targets import (
    EXITED,
    KILLED_TIMEOUT,
    ChannelSpec,
    Cluster,
    Job,
    Node,
    RunResult,
    Session,
    TargetError,
    standard_channels,
)
from harness.targets.network import PortLease
from harness.targets.supervisor import processes
from harness.targets.zerovm import ZerovmTarget
from harness.toolchain import build
from tests.conftest import REPORT, UserDirs

REPO = Path(__file__).parent.parent
GONE_WAIT_S = 10.0

# The nodes' program: runs the script on /dev/stdin, one log line per step on /dev/stdout.
NETPROBE = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

static char buf[1 << 20];

static void say(const char *text) { zvm_pwrite(1, text, (int)strlen(text), 0); }

static char *word(char **p)
{
  while (**p == ' ') (*p)++;
  char *start = *p;
  while (**p && **p != ' ') (*p)++;
  if (**p) *(*p)++ = 0;
  return start;
}

/* w ALIAS N: one pwrite of N bytes; R ALIAS N: preads of N until <= 0;
   C IN OUT N: copy IN to OUT in preads of N until EOF */
int main(void)
{
  static char script[4096], line[256];
  int n = zvm_pread(0, script, sizeof script - 1, 0);
  script[n > 0 ? n : 0] = 0;
  for (char *op = script, *next; *op; op = next) {
    next = strchr(op, '\n');
    if (next) *next++ = 0; else next = op + strlen(op);
    char *p = op, *cmd = word(&p), *a = word(&p), *b = word(&p), *c = word(&p);
    int r = 0, calls = 0;
    long total = 0;
    if (cmd[0] == 'w') {
      int size = atoi(b);
      for (int i = 0; i < size; i++) buf[i] = (char)('a' + i % 26);
      r = zvm_pwrite(zvm_find_channel(a), buf, size, 0);
      snprintf(line, sizeof line, "w %d -> %d\n", size, r);
    } else if (cmd[0] == 'R') {
      while ((r = zvm_pread(zvm_find_channel(a), buf, atoi(b), 0)) > 0) { total += r; calls++; }
      snprintf(line, sizeof line, "R %ld in %d -> %d\n", total, calls, r);
    } else if (cmd[0] == 'C') {
      while ((r = zvm_pread(zvm_find_channel(a), buf, atoi(c), 0)) > 0) {
        zvm_pwrite(zvm_find_channel(b), buf, r, 0); total += r; calls++;
      }
      snprintf(line, sizeof line, "C %ld in %d -> %d\n", total, calls, r);
    } else {
      snprintf(line, sizeof line, "? %s\n", cmd);
    }
    say(line);
  }
  return 0;
}
"""


def send(peer: str, alias: str = "/dev/out") -> ChannelSpec:
    return ChannelSpec(alias, type=0, etag=1, puts=1000, put_size=1 << 24, uri=f"tcp:{{{peer}}}")


def receive(peer: str, alias: str = "/dev/in") -> ChannelSpec:
    return ChannelSpec(alias, type=0, etag=1, gets=1000, get_size=1 << 24, uri=f"tcp:{{{peer}}}")


def node(name: str, nexe: Path, script: str, *net: ChannelSpec, timeout: int = 5,
         files: tuple[tuple[str, bytes], ...] = ()) -> Node:
    return Node(name, Session(nexe, standard_channels(script.encode()) + net, timeout=timeout, files=files))


def pattern(size: int) -> bytes:
    """What netprobe's `w ALIAS size` writes."""
    return bytes(ord("a") + i % 26 for i in range(size))


def net(result: RunResult) -> tuple[float | int, ...]:
    """net_gets, net_get_bytes, net_puts, net_put_bytes."""
    return result.accounting[-4:]


def summary(result: RunResult) -> tuple[str, int | None, str | None]:
    return result.outcome, result.exit_code, result.exit_state


@pytest.fixture
def private_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Session directories go here, so the test sees that they go (and parallel tests do not mix)."""
    d = Path(tempfile.mkdtemp(prefix="zvm-cluster-tmp-"))
    d.chmod(0o755)  # zerovm's user must reach the session directories in it
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    yield d
    assert list(d.iterdir()) == [], "no session directory is left"
    shutil.rmtree(d, ignore_errors=True)


# -- with a stand-in zerovm: everywhere ---------------------------------------------------------

STANDIN = "#!/bin/sh\nif [ -e hang ]; then exec sleep 300; fi\n" + REPORT.replace("%s", "0") + "\n"


@pytest.fixture
def standin(bindir: Path) -> ZerovmTarget:
    path = bindir / "zerovm"
    path.write_text(STANDIN)
    path.chmod(0o755)
    return ZerovmTarget(path, kill_margin_s=0.5)


@pytest.mark.parametrize("name_server", [False, True])
def test_a_hung_node_is_killed_at_its_deadline_while_its_sibling_finishes(standin: ZerovmTarget, nexe: Path,
                                                                          private_tmp: Path,
                                                                          name_server: bool) -> None:
    cluster = Cluster((node("hung", nexe, "", receive("quick"), timeout=1, files=(("hang", b""),)),
                       node("quick", nexe, "", send("hung"), timeout=1)), name_server=name_server)
    start = time.monotonic()
    hung, quick = standin.run_cluster(cluster)
    took = time.monotonic() - start
    assert (hung.outcome, hung.exit_code) == (KILLED_TIMEOUT, None)
    assert (quick.outcome, quick.exit_code, quick.exit_state) == (EXITED, 0, "ok")
    assert quick.wall_s < 1.0, "the sibling is not held back by the hung node"
    # Timeout 1 + margin 0.5; with a name server also the 3 x 1.2 s zerovm may wait for it.
    deadline = 1.5 + (3.6 if name_server else 0.0)
    assert deadline <= hung.wall_s < deadline + 1.0
    assert took < deadline + 2.0


def test_a_job_in_a_cluster_is_refused(standin: ZerovmTarget, nexe: Path) -> None:
    cluster = Cluster((Node("a", Session(nexe, job=Job())), Node("b", Session(nexe))))
    with pytest.raises(TargetError, match="not supported in a cluster"):
        standin.run_cluster(cluster)


@pytest.mark.parametrize(("names", "message"), [(("a", "b"), "bad cluster: node 'a', channel /dev/out: no node "
                                                               "named 'c'"),
                                               (("a", "a"), "bad cluster: two nodes have the same name")])
def test_a_cluster_that_cannot_be_resolved_is_refused(standin: ZerovmTarget, nexe: Path, private_tmp: Path,
                                                      names: tuple[str, str], message: str) -> None:
    with pytest.raises(TargetError, match=message):
        standin.run_cluster(Cluster((node(names[0], nexe, "", send("c")), node(names[1], nexe, ""))))


def test_an_empty_cluster_and_a_lone_node(standin: ZerovmTarget, nexe: Path, private_tmp: Path) -> None:
    assert standin.run_cluster(Cluster(())) == ()
    (alone,) = standin.run_cluster(Cluster((node("alone", nexe, ""),), name_server=True))
    assert summary(alone) == (EXITED, 0, "ok")


def write_manifest(d: Path, name: str, name_server: str | None) -> Path:
    path = d / name
    lines = ["Version = 20130611", "Program = /nonexistent.nexe", "Memory = 67108864, 0", "Timeout = 1",
             f"Channel = {d / (name + '.out')}, /dev/stdout, 0, 0, 0, 0, 100, 1000"]
    if name_server is not None:
        lines += [f"NameServer = {name_server}", "Node = 1"]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("first", "second", "message"), [
    ("udp:127.0.0.1:20001", None, "has no NameServer"),
    ("udp:127.0.0.1:20001", "udp:127.0.0.1:20002", "different name servers"),
    ("udp:127.0.0.2:20001", "udp:127.0.0.2:20001", "udp:127.0.0.2:20001: the harness's name server answers only"),
    ("tcp:127.0.0.1:20001", "tcp:127.0.0.1:20001", "NameServer = tcp:127.0.0.1:20001"),
])
def test_run_manifests_refuses_a_name_server_it_cannot_be(standin: ZerovmTarget, user_dir: Path, first: str,
                                                          second: str | None, message: str) -> None:
    paths = (write_manifest(user_dir, "a.manifest", first), write_manifest(user_dir, "b.manifest", second))
    with pytest.raises(TargetError, match=message):
        standin.run_manifests(paths, user_dir, name_server=True)


def test_run_manifests_says_when_the_name_servers_port_is_taken(standin: ZerovmTarget, user_dir: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        uri = f"udp:127.0.0.1:{taken.getsockname()[1]}"
        paths = (write_manifest(user_dir, "a.manifest", uri), write_manifest(user_dir, "b.manifest", uri))
        with pytest.raises(TargetError, match=f"cannot serve the name service at {uri}: Address already in use"):
            standin.run_manifests(paths, user_dir, name_server=True)


def test_run_manifests_runs_each_as_run_manifest_does(standin: ZerovmTarget, user_dir: Path) -> None:
    paths = (write_manifest(user_dir, "a.manifest", None), write_manifest(user_dir, "b.manifest", None))
    results = standin.run_manifests(paths, user_dir)
    assert [summary(r) for r in results] == [(EXITED, 0, "ok")] * 2


# -- an interrupted cluster leaves nothing (stand-in everywhere, the real zerovm when set) ---------------

DRIVER = """
import sys
from pathlib import Path
from harness.targets import ChannelSpec, Cluster, Node, Session, standard_channels
from harness.targets.zerovm import ZerovmTarget

def waiting(name, peer):  # reads from a peer that never writes: blocks until its Timeout
    spec = ChannelSpec("/dev/in", type=0, gets=10, get_size=1000, uri="tcp:{%s}" % peer)
    return Node(name, Session(Path(sys.argv[2]), standard_channels(b"R /dev/in 100\\n") + (spec,), timeout=60,
                              files=(("hang", b""),)))

target = ZerovmTarget(Path(sys.argv[1]), kill_margin_s=0.5)
results = target.run_cluster(Cluster((waiting("a", "b"), waiting("b", "a"))))
print("finished", [r.outcome for r in results])
"""


def ours(tmp: Path) -> dict[int, str]:
    """The processes whose working directory is a session directory in `tmp`: pid -> name."""
    found = {}
    for proc in processes().values():
        try:
            cwd = os.readlink(f"/proc/{proc.pid}/cwd")
        except OSError:
            continue
        if cwd.startswith(f"{tmp}/"):
            found[proc.pid] = proc.name
    return found


def listening(ports: list[int]) -> list[int]:
    out = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True).stdout
    local = {line.split()[3].rpartition(":")[2] for line in out.splitlines() if len(line.split()) > 3}
    return [port for port in ports if str(port) in local]


def interrupt_cluster(zerovm_path: Path, nexe: Path, tmp_path: Path, signum: signal.Signals, binds: bool) -> None:
    """Run DRIVER, interrupt it once its nodes run (`binds`: and listen on their ports), and check that
    nothing of the cluster is left."""
    if shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is needed to look for LISTEN sockets")
    private_tmp = Path(tempfile.mkdtemp(prefix="zvm-cluster-driver-"))
    private_tmp.chmod(0o755)
    leases = Path(tempfile.mkdtemp(prefix="zvm-cluster-ports-"))
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    env = {**os.environ, "TMPDIR": str(private_tmp), "PYTHONPATH": str(REPO), "ZVM_HARNESS_PORTS": str(leases)}
    driver = subprocess.Popen([sys.executable, str(script), str(zerovm_path), str(nexe)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 30
        ports: list[int] = []
        while time.monotonic() < end and driver.poll() is None:
            ports = sorted(int(p.name) for p in leases.iterdir())
            running = ours(private_tmp)
            if len(running) == 2 and len(ports) == 2 and (not binds or listening(ports) == ports):
                break
            time.sleep(0.05)
        running = ours(private_tmp)
        assert len(running) == 2 and len(ports) == 2, (running, ports, driver.poll())
        assert not binds or listening(ports) == ports, "the readers listen on their leased ports"
        driver.send_signal(signum)
        out, err = driver.communicate(timeout=60)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    assert b"finished" not in out
    if signum == signal.SIGINT:
        assert b"KeyboardInterrupt" in err, err
    else:  # SIGTERM still ends the harness, after the cleanup; SIGKILL: the supervisor cleans up on its own
        assert driver.returncode == -signum, err
    end = time.monotonic() + GONE_WAIT_S
    while (set(running) & set(processes()) or list(private_tmp.iterdir())) and time.monotonic() < end:
        time.sleep(0.05)
    assert set(running) & set(processes()) == set(), "every node's process is gone"
    assert ours(private_tmp) == {}
    assert list(private_tmp.iterdir()) == [], "no session directory is left"
    assert list(leases.iterdir()) == [], "no port lease is left"
    assert listening(ports) == [], "nothing listens on the cluster's ports"
    shutil.rmtree(private_tmp, ignore_errors=True)
    shutil.rmtree(leases, ignore_errors=True)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_an_interrupted_cluster_leaves_nothing(standin: ZerovmTarget, nexe: Path, tmp_path: Path,
                                              signum: signal.Signals) -> None:
    interrupt_cluster(standin.path, nexe, tmp_path, signum, binds=False)  # the stand-in binds nothing


# -- with the real zerovm ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def netprobe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("netprobe")
    (d / "netprobe.c").write_text(NETPROBE)
    return build([d / "netprobe.c"], d / "netprobe.nexe", toolchain="builtin").output


def pair(nexe: Path, name_server: bool = False, data: tuple[int, ...] = (10, 20)) -> Cluster:
    writes = "".join(f"w /dev/out {n}\n" for n in data)
    return Cluster((node("writer", nexe, writes, send("reader")), node("reader", nexe, "R /dev/in 100\n",
                                                                        receive("writer"))), name_server=name_server)


@pytest.mark.parametrize("name_server", [False, True], ids=["direct", "name-server"])
def test_real_pair(zerovm: ZerovmTarget, netprobe: Path, private_tmp: Path, name_server: bool) -> None:
    writer, reader = zerovm.run_cluster(pair(netprobe, name_server))
    assert summary(writer) == summary(reader) == (EXITED, 0, "ok")
    assert writer.outputs["/dev/stdout"] == b"w 10 -> 10\nw 20 -> 20\n"
    assert reader.outputs["/dev/stdout"] == b"R 30 in 1 -> 0\n"  # one pread gets both messages, then EOF
    # docs/measured/network-channels.md: 2 pwrites + 1 EOF put; the reader's 2 chunks + the EOF pread.
    assert net(writer) == (0, 0, 3, 30)
    assert net(reader) == (3, 30, 0, 0)
    sent = hashlib.sha1(pattern(10) + pattern(20)).hexdigest()
    assert (writer.etags, reader.etags) == ((("/dev/out", sent),), (("/dev/in", sent),))
    assert set(writer.outputs) == set(reader.outputs) == {"/dev/stdout", "/dev/stderr"}  # no network one


@pytest.mark.parametrize("name_server", [False, True], ids=["direct", "name-server"])
def test_real_pipeline_of_three(zerovm: ZerovmTarget, netprobe: Path, private_tmp: Path, name_server: bool) -> None:
    cluster = Cluster((node("a", netprobe, "w /dev/out 100000\nw /dev/out 100\n", send("b")),
                       node("b", netprobe, "C /dev/in /dev/out 30000\n", receive("a"), send("c")),
                       node("c", netprobe, "R /dev/in 1000000\n", receive("b"))), name_server=name_server)
    a, b, c = zerovm.run_cluster(cluster)
    assert [summary(r) for r in (a, b, c)] == [(EXITED, 0, "ok")] * 3
    assert b.outputs["/dev/stdout"] == b"C 100100 in 4 -> 0\n"  # preads of 30000: 30000 x3, 10100
    assert c.outputs["/dev/stdout"] == b"R 100100 in 1 -> 0\n"
    # a: 2 pwrites + EOF; b: reads 30000 = 30000 (msg 1 65536), 30000 (35536 left of it: 30000), then
    # 5536 + 24464 of msg 2 (2 chunks), then 10000 of msg 2 + 100 (msg 3, 2 chunks) + EOF: 7 gets;
    # 4 pwrites + EOF; c: b's 4 messages + EOF pread.
    assert net(a) == (0, 0, 3, 100100)
    assert net(b) == (7, 100100, 5, 100100)
    assert net(c) == (5, 100100, 0, 0)
    digests = {dict(r.etags).get(alias) for r, alias in ((a, "/dev/out"), (b, "/dev/in"), (b, "/dev/out"),
                                                          (c, "/dev/in"))}
    assert len(digests) == 1 and None not in digests


def test_real_node_whose_peer_never_comes_times_out_while_its_sibling_finishes(zerovm: ZerovmTarget, netprobe: Path,
                                                                                private_tmp: Path) -> None:
    # `waiting` reads from `quick`, which sends it nothing: an unpaired link, a port nobody else binds.
    waiting = node("waiting", netprobe, "R /dev/in 100\n", receive("quick"), timeout=2)
    quick = node("quick", netprobe, "w /dev/stdout 3\n")
    start = time.monotonic()
    w, q = zerovm.run_cluster(Cluster((waiting, quick)))
    assert summary(q) == (EXITED, 0, "ok") and q.wall_s < 1.0
    assert summary(w) == (EXITED, 4, "session timeout")
    assert net(w) == (0, 0, 0, 0)
    assert 2.0 <= w.wall_s < 3.0 and time.monotonic() - start < 4.0  # at its Timeout, not the kill deadline


def test_real_hung_node_is_killed_at_its_deadline_while_a_pair_finishes(zerovm: ZerovmTarget, netprobe: Path,
                                                                         bindir: Path, private_tmp: Path) -> None:
    # zerovm ends a session at its Timeout itself: a node that hangs for real plays it with `sleep`.
    wrapper = bindir / "zerovm"
    wrapper.write_text(f"#!/bin/sh\nif [ -e hang ]; then exec sleep 300; fi\nexec {zerovm.path} \"$@\"\n")
    wrapper.chmod(0o755)
    target = ZerovmTarget(wrapper, kill_margin_s=0.5)
    hung = node("hung", netprobe, "", timeout=1, files=(("hang", b""),))
    results = target.run_cluster(Cluster((hung, *pair(netprobe).nodes)))
    assert (results[0].outcome, results[0].exit_code) == (KILLED_TIMEOUT, None)
    assert 1.5 <= results[0].wall_s < 2.5
    assert [summary(r) for r in results[1:]] == [(EXITED, 0, "ok")] * 2
    assert net(results[2]) == (3, 30, 0, 0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_real_interrupted_cluster_leaves_nothing(zerovm: ZerovmTarget, netprobe: Path, tmp_path: Path,
                                                 signum: signal.Signals) -> None:
    interrupt_cluster(zerovm.path, netprobe, tmp_path, signum, binds=True)


def test_real_clusters_in_parallel_do_not_collide(zerovm: ZerovmTarget, netprobe: Path, private_tmp: Path) -> None:
    sizes = [(10, 20), (300,), (1, 2, 3), (4000,)]
    results: dict[int, tuple[RunResult, ...]] = {}

    def run(i: int) -> None:
        results[i] = zerovm.run_cluster(pair(netprobe, name_server=i % 2 == 1, data=sizes[i]))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sizes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for i, data in enumerate(sizes):
        writer, reader = results[i]
        assert summary(writer) == summary(reader) == (EXITED, 0, "ok")
        assert net(writer)[2:] == (len(data) + 1, sum(data))
        assert net(reader)[1] == sum(data), "each reader got its own writer's bytes"


def user_manifest(d: Path, name: str, nexe: Path, script: str, channel: str, name_server: str | None = None,
                  node_id: int = 0) -> Path:
    (d / f"{name}.script").write_text(script)
    lines = ["Version = 20130611", f"Program = {nexe}", "Memory = 67108864, 0", "Timeout = 5",
             f"Channel = {d / (name + '.script')}, /dev/stdin, 0, 0, 100, 100000, 0, 0",
             f"Channel = {d / (name + '.out')}, /dev/stdout, 0, 0, 0, 0, 100, 100000",
             "Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 100000", channel]
    if name_server is not None:
        lines += [f"NameServer = {name_server}", f"Node = {node_id}"]
    path = d / f"{name}.manifest"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("name_server", [False, True], ids=["direct", "name-server"])
def test_real_run_manifests(zerovm: ZerovmTarget, netprobe: Path, user_dir: Path, user_dirs: UserDirs,
                            name_server: bool) -> None:
    shutil.copyfile(netprobe, user_dir / "netprobe.nexe")
    with PortLease() as lease:
        port = lease("p")
        if name_server:
            ns = f"udp:127.0.0.1:{port}"
            w = user_manifest(user_dir, "w", user_dir / "netprobe.nexe", "w /dev/out 10\nw /dev/out 20\n",
                              "Channel = tcp:2:0, /dev/out, 0, 0, 0, 0, 100, 100000", ns, 1)
            r = user_manifest(user_dir, "r", user_dir / "netprobe.nexe", "R /dev/in 100\n",
                              "Channel = tcp:1:0, /dev/in, 0, 0, 100, 100000, 0, 0", ns, 2)
        else:
            w = user_manifest(user_dir, "w", user_dir / "netprobe.nexe", "w /dev/out 10\nw /dev/out 20\n",
                              f"Channel = tcp:127.0.0.1:{port}, /dev/out, 0, 0, 0, 0, 100, 100000")
            r = user_manifest(user_dir, "r", user_dir / "netprobe.nexe", "R /dev/in 100\n",
                              f"Channel = tcp:127.0.0.1:{port}, /dev/in, 0, 0, 100, 100000, 0, 0")
        user_dirs.give(user_dir)
        writer, reader = zerovm.run_manifests((w, r), user_dir, name_server=name_server)
    assert summary(writer) == summary(reader) == (EXITED, 0, "ok")
    assert reader.outputs == {"/dev/stdout": b"R 30 in 1 -> 0\n"}
    assert net(writer) == (0, 0, 3, 30) and net(reader) == (3, 30, 0, 0)
