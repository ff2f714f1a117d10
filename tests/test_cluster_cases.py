"""Cluster cases ([[node]]): the schema's errors, the loader, the compare's names, the plugin and its results,
and `python -m harness run` with several manifests -- all with fake targets, so they run in CI."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from harness import run_cli
from harness.cases import CaseError, load_case
from harness.compare import compare_cluster
from harness.targets import KILLED_TIMEOUT, NO_REPORT, RunResult
from tests.test_cases import make_suite, run_suite, write_case

ROOT = Path(__file__).resolve().parents[1]
WHERE = "cases/area/c.toml"

PAIR = """
description = "a pair"

[[node]]
name = "a"
stdin = "w"
timeout = 3
keys = { Etag = "1" }

[[node.channel]]
alias = "/dev/net"
uri = "tcp:{b}"
puts = 10
put_size = 100

[node.run.accounting]
net_puts = 2

[[node]]
name = "b"
source = "other.c"

[[node.channel]]
alias = "/dev/net"
uri = "tcp:{a}"
gets = 10
get_size = 100

[node.run]
exit_code = 4
exit_state = "session timeout"
stdout = "x"
"""


def problems(tmp_path: Path, toml: str) -> list[str]:
    with pytest.raises(CaseError) as excinfo:
        load_case(write_case(tmp_path, toml), tmp_path / "cases")
    return str(excinfo.value).splitlines()


def test_a_cluster_case_loads_its_nodes(tmp_path: Path) -> None:
    path = write_case(tmp_path, PAIR)
    (path.parent / "other.c").write_text("int main(void) { return 0; }\n")
    case = load_case(path, tmp_path / "cases")
    assert case.nodes is not None and [n.name for n in case.nodes] == ["a", "b"]
    a, b = case.nodes
    assert (a.source.name, b.source.name) == ("c.c", "other.c")
    assert a.timeout == 3 and b.timeout == 10
    assert a.keys == (("Etag", "1"),)
    assert [c.alias for c in a.channels] == ["/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/net"]
    assert a.channels[0].data == b"w" and a.channels[3].uri == "tcp:{b}"
    assert (a.run.exit_code, a.run.exit_state, a.run.accounting) == (0, "ok", (("net_puts", 2),))
    assert (b.run.exit_code, b.run.exit_state, b.run.outputs) == (4, "session timeout", (("/dev/stdout", b"x"),))
    assert case.run is None and case.source is None and not case.name_server


@pytest.mark.parametrize(("toml", "name"), [
    ("stdin = 'x'", "stdin"), ("timeout = 3", "timeout"), ("memory = 1000", "memory"), ("options = ['-s']", "options"),
    ("manifest = 'x'", "manifest"), ("[run]", "run"), ("[[channel]]\nalias = '/dev/x'", "channel"), ("[job]", "job"),
    ("[scan]", "scan")])
def test_session_keys_beside_nodes_are_errors(tmp_path: Path, toml: str, name: str) -> None:
    found = problems(tmp_path, f"{toml}\n[[node]]\nname = 'a'\n")
    assert any(p.startswith(f"{WHERE}: {name}: is a session's key, and a case with [[node]]") for p in found), found


def test_name_server_needs_nodes(tmp_path: Path) -> None:
    assert f"{WHERE}: name_server: needs [[node]] (only a cluster has a name server)" in problems(
        tmp_path, "name_server = true\n")


def test_a_link_to_an_unknown_node_is_named(tmp_path: Path) -> None:
    found = problems(tmp_path, "[[node]]\nname = 'a'\n[[node.channel]]\nalias = '/dev/net'\nuri = 'tcp:{bb}'\n")
    assert found == [f"{WHERE}: node[0].channel[0].uri: names node 'bb', which the case does not have (its nodes: a)"]


@pytest.mark.parametrize(("toml", "message"), [
    ("[[node]]\nname = 'a'\n[[node]]\nname = 'a'\n", "node: node name(s) 'a' given twice"),
    ("[[node]]\nname = '1a'\n", "node[0].name: not a node name ([A-Za-z_][A-Za-z0-9_-]*)"),
    ("[[node]]\nstdin = 'x'\n", "node[0].name: missing (required)"),
    ("node = []\n", "node: names no node (an empty cluster runs nothing)"),
    ("[[node]]\nname = 'a'\nstdn = 'x'\n", "node[0].stdn: unknown key (did you mean 'stdin'?)"),
    ("[[node]]\nname = 'a'\n[node.run]\nexit_cod = 4\n",
     "node[0].run.exit_cod: unknown key (did you mean 'exit_code'?)"),
    ("[[node]]\nname = 'a'\ntimeout = true\n", "node[0].timeout: expected an integer, not a boolean (true)"),
    ("[[node]]\nname = 'a'\nkeys = { Node = 0 }\n", "node[0].keys.Node: expected a string, not an integer (0)"),
    ("[[node]]\nname = 'a'\n[[node.channel]]\nuri = 'tcp:{a}'\n", "node[0].channel[0].alias: missing (required)"),
    ("[[node]]\nname = 'a'\nsource = 'gone.c'\n", "node[0].source: gone.c does not exist (node 'a')"),
])
def test_node_tables_are_as_strict_as_the_rest(tmp_path: Path, toml: str, message: str) -> None:
    assert f"{WHERE}: {message}" in problems(tmp_path, toml)


def result(name: str = "zerovm", exit_code: int | None = 0, state: str | None = "ok", outcome: str = "exited",
           stdout: bytes = b"", accounting: tuple[int, ...] = (0,) * 10) -> RunResult:
    return RunResult(name, outcome, exit_code, 0, 0, 0, (), accounting, state,
                     {"/dev/stdout": stdout, "/dev/stderr": b""})


def test_compare_names_the_node(tmp_path: Path) -> None:
    path = write_case(tmp_path, PAIR)
    (path.parent / "other.c").write_text("int main(void) { return 0; }\n")
    case = load_case(path, tmp_path / "cases")
    good = (result(accounting=(0.0, 0.0, 0, 0, 0, 0, 0, 0, 2, 0)),
            result(exit_code=4, state="session timeout", stdout=b"x"))
    assert compare_cluster(case, good) == []
    bad = (good[0], result(exit_code=0, state="ok", stdout=b"y"))
    assert [m[0] for m in compare_cluster(case, bad)] == [
        "node[b].run.exit_code", "node[b].run.exit_state", "node[b].run.outputs[/dev/stdout]"]
    assert [m[0] for m in compare_cluster(case, (good[0],))] == ["node (results)"]
    assert [m[0] for m in compare_cluster(case, (result(), good[1]))] == ["node[a].run.accounting.net_puts"]


# -- the plugin with a fake target --------------------------------------------------------------------

FAKE_TARGET = '''
import pytest
from harness import plugin
from harness.targets import RunResult

pytest_plugins = ["harness.plugin"]


class Fake:
    """Answers a cluster by node name: node "b" ends as told by its stdin's first word."""

    name = "ref"

    def run(self, session):
        raise AssertionError("a cluster case runs run_cluster")

    def run_cluster(self, cluster):
        out = []
        for node in cluster.nodes:
            word = node.session.channels[0].data.decode()
            code, state, outcome = {"timeout": (4, "session timeout", "exited"),
                                    "unsupported": (None, "network not modelled", "unsupported")}.get(
                                        word, (0, "ok", "exited"))
            uris = ";".join(c.uri for c in node.session.channels if c.uri)
            out.append(RunResult("ref", outcome, code, 0, 0, 0, (), (0,) * 10, state,
                                 {"/dev/stdout": uris.encode(), "/dev/stderr": b""}))
        return tuple(out)


def pytest_configure(config):
    config.stash.setdefault(plugin._TARGETS_KEY, {})["ref"] = Fake()
'''

CLUSTER = """
description = "d"
opt = ["-O0", "-O2"]

[[node]]
name = "a"
[[node.channel]]
alias = "/dev/net"
uri = "tcp:{b}"
puts = 1
put_size = 1
[node.run]
stdout = "tcp:{b}"

[[node]]
name = "b"
stdin = "%s"
[[node.channel]]
alias = "/dev/net"
uri = "tcp:{a}"
gets = 1
get_size = 1
"""


def test_plugin_runs_a_cluster_per_opt_level_and_reports_each_node(pytester: pytest.Pytester) -> None:
    make_suite(pytester, {"pass": (CLUSTER % "ok", "int main(void) { return 0; }\n"),
                          "fail": (CLUSTER % "timeout", "int main(void) { return 0; }\n"),
                          "unsupported": (CLUSTER % "unsupported", "int main(void) { return 0; }\n")})
    (pytester.path / "conftest.py").write_text(FAKE_TARGET)
    results = pytester.path / "out"
    reprec = run_suite(pytester, results=results)
    passed, skipped, failed = reprec.listoutcomes()
    assert sorted(r.nodeid for r in passed) == ["cases/smoke/pass.toml::ref-O0", "cases/smoke/pass.toml::ref-O2"]
    assert len(failed) == 2 and len(skipped) == 2  # no scan items for a cluster
    text = failed[0].longreprtext
    assert "node[b].run.exit_code: expected 0, got 4" in text
    assert "node b on ref: exit code 4, exit state 'session timeout'" in text
    data = json.loads((results / "results.json").read_text())
    by = {(r["case"], r["opt"]): r for r in data["results"]}
    fail = by[("smoke/fail", "-O2")]
    assert fail["verdict"] == "FAIL"
    assert [m[0] for m in fail["mismatches"]] == ["node[b].run.exit_code", "node[b].run.exit_state"]
    assert [(n["name"], n["exit_code"], n["exit_state"]) for n in fail["actual"]["nodes"]] == [
        ("a", 0, "ok"), ("b", 4, "session timeout")]
    assert fail["expectation"]["nodes"]["b"]["exit_code"] == 0
    assert by[("smoke/unsupported", "-O0")]["verdict"] == "UNSUPPORTED"
    junit = (results / "junit.xml").read_text()
    assert 'name="node.b" value="exit code 4, exit state \'session timeout\' (exited)"' in junit
    html = (results / "report.html").read_text()
    assert "node by node" in html and "session timeout" in html


# -- python -m harness run A.manifest B.manifest -------------------------------------------------------

class FakeManifests:
    name = "fake"

    def __init__(self, results: tuple[RunResult, ...]) -> None:
        self.results = results
        self.calls: list[tuple[tuple[Path, ...], bool]] = []

    def run_manifests(self, paths: tuple[Path, ...], cwd: Path, name_server: bool = False) -> tuple[RunResult, ...]:
        self.calls.append((paths, name_server))
        return self.results


def args_for(*files: str, name_server: bool = False, json_out: bool = False,
             request: tuple[str, ...] = ()) -> argparse.Namespace:
    return argparse.Namespace(file=files[0], more=list(files[1:]), name_server=name_server, json=json_out,
                              request=list(request), target=None, zerovm=None, timeout=10)


@pytest.fixture
def manifests(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.manifest", tmp_path / "b.manifest"
    a.write_text("Version = 20130611\nNameServer = udp:127.0.0.1:5555\nNode = 1\n")
    b.write_text("Version = 20130611\nNameServer = udp:127.0.0.1:5555\nNode = 2\n")
    return a, b


def with_target(monkeypatch: pytest.MonkeyPatch, target: FakeManifests) -> FakeManifests:
    monkeypatch.setattr(run_cli, "_target", lambda args: target)
    monkeypatch.setattr("harness.targets.privilege.session_user", lambda: None)
    return target


def test_several_manifests_run_together(monkeypatch: pytest.MonkeyPatch, manifests: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    a, b = manifests
    first = RunResult("fake", "exited", 0, raw_stdout="REPORT A\n", exit_state="ok")
    second = RunResult("fake", "exited", 4, raw_stdout="REPORT B\n", exit_state="session timeout")
    target = with_target(monkeypatch, FakeManifests((first, second)))
    assert run_cli.run_command(args_for(str(a), str(b), name_server=True)) == 4
    assert target.calls == [((a, b), True)]
    out = capsys.readouterr()
    assert out.out == "REPORT A\nREPORT B\n"
    assert f"harness: session 2 ({b}): exited, exit code 4" in out.err
    assert run_cli.run_command(args_for(str(a), str(b), json_out=True)) == 4
    listed = json.loads(capsys.readouterr().out)
    assert [(r["manifest"], r["exit_code"]) for r in listed] == [(str(a), 0), (str(b), 4)]


@pytest.mark.parametrize(("results", "code"), [
    ((0, 0), 0), ((0, 4), 4), ((11, 4), 11), ((None, 4), run_cli.EXIT_KILLED), ((0, "no-report"), 125)])
def test_the_exit_code_is_the_first_unclean_session(results: tuple[object, object], code: int) -> None:
    def one(x: object) -> RunResult:
        if x == "no-report":
            return RunResult("fake", NO_REPORT, 0)
        return RunResult("fake", KILLED_TIMEOUT if x is None else "exited", x)  # type: ignore[arg-type]

    assert run_cli.exit_code_of(tuple(one(x) for x in results)) == code


def test_bad_input_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, manifests: tuple[Path, Path], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    a, b = manifests
    target = with_target(monkeypatch, FakeManifests(()))
    assert run_cli.run_command(args_for(str(a), str(tmp_path / "missing"))) == run_cli.EXIT_USAGE
    assert "missing" in capsys.readouterr().err
    assert run_cli.run_command(args_for(str(a), str(b), request=(str(a),))) == run_cli.EXIT_USAGE
    assert "--request runs one Job session" in capsys.readouterr().err
    b.write_text("Version = 20130611\nNameServer = udp:127.0.0.1:6666\nNode = 2\n")
    assert run_cli.run_command(args_for(str(a), str(b), name_server=True)) == run_cli.EXIT_USAGE
    assert "the manifests name different NameServers" in capsys.readouterr().err
    b.write_text("Version = 20130611\nNode = 2\n")
    assert run_cli.run_command(args_for(str(a), str(b), name_server=True)) == run_cli.EXIT_USAGE
    assert "needs a NameServer line" in capsys.readouterr().err
    b.write_text("Version = 20130611\nNameServer = udp:10.0.0.1:5555\n")
    assert run_cli.run_command(args_for(str(a), str(b), name_server=True)) == run_cli.EXIT_USAGE
    assert "only on udp:127.0.0.1:PORT" in capsys.readouterr().err
    elf = tmp_path / "x.nexe"
    elf.write_bytes(b"\x7fELF" + bytes(60))
    assert run_cli.run_command(args_for(str(a), str(elf))) == run_cli.EXIT_USAGE
    assert "only manifests run together" in capsys.readouterr().err
    assert target.calls == []


# -- the same with the real zerovm ----------------------------------------------------------------------

def test_real_manifests_run_together_with_the_name_server(zerovm: object, user_dir: Path, user_dirs: object,
                                                          tmp_path: Path) -> None:
    import subprocess
    import sys

    from harness.targets.network import PortLease
    from harness.toolchain import build

    nexe = build([ROOT / "cases" / "network" / "net.c"], tmp_path / "net.nexe", toolchain="builtin").output
    (user_dir / "net.nexe").write_bytes(nexe.read_bytes())
    (user_dir / "a.in").write_text("w /dev/net 10\nw /dev/net 20\n")
    (user_dir / "b.in").write_text("R /dev/net 100\n")
    with PortLease() as lease:
        port = lease("ns")
        for name, node, net in (("a", 1, "tcp:2:0, /dev/net, 0, 0, 0, 0, 100, 1000"),
                                ("b", 2, "tcp:1:0, /dev/net, 0, 0, 100, 1000, 0, 0")):
            (user_dir / f"{name}.manifest").write_text(
                f"Version = 20130611\nProgram = {user_dir}/net.nexe\nMemory = 33554432, 0\nTimeout = 5\n"
                f"Channel = {user_dir}/{name}.in, /dev/stdin, 0, 0, 100, 10000, 0, 0\n"
                f"Channel = {user_dir}/{name}.out, /dev/stdout, 0, 0, 0, 0, 100, 10000\n"
                f"Channel = /dev/null, /dev/stderr, 0, 0, 0, 0, 100, 10000\n"
                f"Channel = {net}\nNameServer = udp:127.0.0.1:{port}\nNode = {node}\n")
        user_dirs.give(user_dir)  # type: ignore[attr-defined]
        proc = subprocess.run([sys.executable, "-m", "harness", "run", "--target", "zerovm", "--json", "--name-server",
                               str(user_dir / "a.manifest"), str(user_dir / "b.manifest")],
                              capture_output=True, cwd=ROOT, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    a, b = json.loads(proc.stdout)
    assert (a["exit_state"], a["accounting"]["net_puts"], a["accounting"]["net_put_bytes"]) == ("ok", 3, 30)
    assert (b["exit_state"], b["accounting"]["net_gets"], b["accounting"]["net_get_bytes"]) == ("ok", 3, 30)
    assert (user_dir / "b.out").read_text() == "R /dev/net 100 = 2 30 0 good\n"
