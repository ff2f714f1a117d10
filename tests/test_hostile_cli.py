"""Every command on hostile input: one line naming the problem, a documented exit code, no
traceback, no hang (30 s timeout), bounded memory.

The inputs are real: FIFOs, character devices, directories, symlink loops, dangling
symlinks, empty, binary and non-UTF-8 files, a 2 GiB sparse file; unreadable files are
tested as the unprivileged `nobody` (root reads everything).
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 30
GIB = 1 << 30
# A run or scan of a 2 GiB sparse file must stay far below its size (it measured ~50 MB).
RSS_LIMIT_KB = 400 * 1024

MINIMAL_C = "int main(void) { return 0; }\n"
MANIFEST = ("Version = 20130611\nProgram = {program}\nMemory = 33554432, 0\nTimeout = 5\n"
            "Channel = /dev/stdin, /dev/stdin, 0, 0, 1000, 1000000, 0, 0\n"
            "Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1000, 1000000\n"
            "Channel = /dev/stderr, /dev/stderr, 0, 0, 0, 0, 1000, 1000000\n")


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    maxrss_kb: int

    @property
    def lines(self) -> list[str]:
        return [line for line in (self.stdout + self.stderr).splitlines() if line.strip()]


# The command runs under a small launcher that reports its peak RSS: a child's ru_maxrss starts
# at its parent's high-water mark (fork copies it and exec keeps it), so measured straight from
# pytest it could never read below pytest's own size.
LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def harness(*args: str | bytes, cwd: Path = ROOT, stdin: int | None = subprocess.DEVNULL,
            env: dict[str, str] | None = None) -> Outcome:
    """`python -m harness ARGS`, killed past TIMEOUT (a hang fails), with its peak RSS."""
    with tempfile.NamedTemporaryFile(prefix="zvm-rss-") as rss:
        proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, rss.name, sys.executable, "-m", "harness", *args],
                                cwd=cwd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=None if env is None else {**os.environ, **env}, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"python -m harness {args} hung (killed after {TIMEOUT} s)")
        maxrss = int(Path(rss.name).read_text() or 0)
    return Outcome(proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"), maxrss)


def assert_clean(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr


def assert_one_line(outcome: Outcome, code: int, path: str, problem: str) -> None:
    assert_clean(outcome)
    assert outcome.returncode == code, (outcome.returncode, outcome.stdout, outcome.stderr)
    assert len(outcome.lines) == 1, outcome.lines
    assert path in outcome.lines[0] and problem in outcome.lines[0], outcome.lines[0]


# --- the hostile inputs ------------------------------------------------------------------------

def make_missing(d: Path, suffix: str) -> str:
    return str(d / f"absent{suffix}")


def make_directory(d: Path, suffix: str) -> str:
    (d / f"dir{suffix}").mkdir()
    return str(d / f"dir{suffix}")


def make_fifo(d: Path, suffix: str) -> str:
    os.mkfifo(d / f"fifo{suffix}")
    return str(d / f"fifo{suffix}")


def make_loop(d: Path, suffix: str) -> str:
    os.symlink(f"loop-b{suffix}", d / f"loop-a{suffix}")
    os.symlink(f"loop-a{suffix}", d / f"loop-b{suffix}")
    return str(d / f"loop-a{suffix}")


def make_dangling(d: Path, suffix: str) -> str:
    os.symlink("nowhere", d / f"dangling{suffix}")
    return str(d / f"dangling{suffix}")


def make_through_file(d: Path, suffix: str) -> str:
    (d / "plain").write_text("x")
    return str(d / "plain" / f"inside{suffix}")


def make_sparse(d: Path, suffix: str) -> str:
    path = d / f"sparse{suffix}"
    with open(path, "wb") as f:
        f.truncate(2 * GIB)
    return str(path)


def make_binary(d: Path, suffix: str) -> str:
    path = d / f"binary{suffix}"
    path.write_bytes(bytes(range(256)) * 4)  # NUL and 0xFF bytes, no ELF magic
    return str(path)


def make_latin1(d: Path, suffix: str) -> str:
    path = d / f"latin1{suffix}"
    path.write_bytes("Program = caf\u00e9.nexe\n".encode("latin-1"))  # text, but not UTF-8
    return str(path)


def make_empty(d: Path, suffix: str) -> str:
    (d / f"empty{suffix}").write_bytes(b"")
    return str(d / f"empty{suffix}")


def fixed(path: str) -> Callable[[Path, str], str]:
    return lambda _d, _suffix: path


INPUTS: dict[str, Callable[[Path, str], str]] = {
    "missing": make_missing, "directory": make_directory, "fifo": make_fifo, "symlink-loop": make_loop,
    "dangling-symlink": make_dangling, "through-a-file": make_through_file, "dev-zero": fixed("/dev/zero"),
    "dev-null": fixed("/dev/null"), "dev-urandom": fixed("/dev/urandom"), "sparse-2gib": make_sparse,
    "binary": make_binary, "latin1": make_latin1, "empty": make_empty,
}

# What every command says when the input cannot be used at all (exit 2).
REFUSED = {
    "missing": "no such file", "directory": "is a directory", "fifo": "is a FIFO", "symlink-loop": "symlink loop",
    "dangling-symlink": "dangling symbolic link", "through-a-file": "not a directory",
    "dev-zero": "is a character device", "dev-null": "is a character device", "dev-urandom": "is a character device",
}

# command -> (argv before the input, the input's suffix, exceptions to REFUSED: input -> (exit, phrase) where a
# phrase of None means "a verdict on the content": the first line names the file and there is no traceback).
Spec = tuple[list[str], str, dict[str, tuple[int, str | None]]]
COMMANDS: dict[str, Spec] = {
    "build": (["build", "--toolchain", "builtin", "-o", "{tmp}/out.nexe"], ".c", {
        "sparse-2gib": (2, "is too large for a source"),
        "binary": (1, None), "latin1": (1, None), "empty": (1, None)}),  # gcc's own diagnostics
    "scan": (["scan"], ".nexe", {
        "sparse-2gib": (1, "INVALID"), "binary": (1, "INVALID"), "latin1": (1, "INVALID"), "empty": (1, "INVALID")}),
    "scan-raw": (["scan", "--raw"], ".bin", {
        "sparse-2gib": (2, "is too large to read as raw code"),
        "binary": (1, None), "latin1": (1, None), "empty": (1, "zero size")}),
    "scan-hex": (["scan", "--hex"], ".hex", {
        "sparse-2gib": (2, "is too large to read as hex text"), "binary": (2, "is not a sequence of hex byte pairs"),
        "latin1": (2, "is not a sequence of hex byte pairs"), "empty": (1, "zero size")}),
    "manifest-check": (["manifest", "check", "--no-program"], ".manifest", {
        "sparse-2gib": (1, "zerovm would exit"), "binary": (1, "zerovm would exit"),
        "latin1": (1, "zerovm would exit"), "empty": (1, "manifest read error")}),
    "run": (["run", "--target", "ref"], ".manifest", {
        "sparse-2gib": (2, "neither a nexe (no ELF magic) nor a manifest (a NUL byte at offset 0"),
        "binary": (2, "neither a nexe (no ELF magic) nor a manifest (a NUL byte"),
        "latin1": (2, "neither a nexe (no ELF magic) nor a manifest (byte 13 is not UTF-8)"),
        "empty": (5, "manifest read error")}),  # zerovm's own verdict on an empty manifest
    "compare": (["compare"], ".json", {
        "directory": (2, "results.json: no such file"),
        "sparse-2gib": (2, "is too large to read as a results document"),
        "binary": (2, "not JSON"), "latin1": (2, "not JSON"), "empty": (2, "not JSON")}),
}


@pytest.mark.parametrize("kind", list(INPUTS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_input(command: str, kind: str, tmp_path: Path) -> None:
    prefix, suffix, exceptions = COMMANDS[command]
    path = INPUTS[kind](tmp_path, suffix)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in prefix]
    outcome = harness(*argv, path, path) if command == "compare" else harness(*argv, path)
    code, problem = exceptions.get(kind, (2, REFUSED.get(kind)))
    print(f"{command} {kind}: exit {outcome.returncode}, peak RSS {outcome.maxrss_kb} KiB: {outcome.lines[:1]}")
    assert_clean(outcome)
    assert outcome.returncode == code, (outcome.stdout, outcome.stderr)
    assert outcome.maxrss_kb < RSS_LIMIT_KB, f"peak RSS {outcome.maxrss_kb} KiB"
    name = os.path.basename(path)
    if problem is None:  # a verdict on the content (for build: gcc's or ld's diagnostics)
        assert outcome.lines and (command == "build" or name in outcome.lines[0]), outcome.lines
    elif code == 2:
        assert len(outcome.lines) == 1 and name in outcome.lines[0] and problem in outcome.lines[0], outcome.lines
    else:  # a verdict: zerovm's report for run (which does not name the file), a listing otherwise
        assert any(problem in line for line in outcome.lines), outcome.lines
        assert command == "run" or name in outcome.lines[0], outcome.lines
    if command == "build":
        assert not (tmp_path / "out.nexe").exists()


# --- outputs that cannot be written ------------------------------------------------------------

OUTPUTS: dict[str, tuple[Callable[[Path], str], str]] = {
    "directory": (lambda d: str(d), "it is a directory"),
    "proc": (lambda d: "/proc/harness-cannot-write-here", "cannot be written"),
    "no-parent": (lambda d: str(d / "new" / "deeper" / "out"), "does not exist (no directory is created)"),
    "through-a-file": (lambda d: make_through_file(d, ""), "plain is not a directory"),
    "dev-null": (lambda d: "/dev/null", "it is a character device"),
    "fifo": (lambda d: os.mkfifo(d / "fifo") or str(d / "fifo"), "it is a FIFO"),
    "dangling-symlink": (lambda d: os.symlink(d / "nowhere", d / "link") or str(d / "link"),
                         "dangling symbolic link"),
}


@pytest.fixture(scope="module")
def small_nexe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("nexe")
    d.chmod(0o755)  # a user's own nexe: the user a root harness runs sessions as reads it
    (d / "p.c").write_text(MINIMAL_C)
    outcome = harness("build", "--toolchain", "builtin", "-o", str(d / "p.nexe"), str(d / "p.c"))
    assert outcome.returncode == 0, outcome.stderr
    return d / "p.nexe"


@pytest.mark.parametrize("kind", list(OUTPUTS))
@pytest.mark.parametrize("command", ["build", "scan"])
def test_unwritable_output(command: str, kind: str, tmp_path: Path, small_nexe: Path) -> None:
    make, problem = OUTPUTS[kind]
    out = make(tmp_path)
    mode = os.stat("/dev/null").st_mode
    if command == "build":
        (tmp_path / "p.c").write_text(MINIMAL_C)
        outcome = harness("build", "--toolchain", "builtin", "-o", out, str(tmp_path / "p.c"))
    else:
        outcome = harness("scan", "-o", out, str(small_nexe))
    assert_one_line(outcome, 2, out, problem)
    assert not (tmp_path / "new").exists(), "a parent directory was created"
    assert os.stat("/dev/null").st_mode == mode, "the device was chmodded"


@pytest.mark.parametrize(("command", "code"), [
    (["scan"], 0), (["scan", "-o", b"\xffreport"], 0), (["manifest", "check"], 1), (["run", "--target", "ref"], 0),
    (["compare"], 2),
])
def test_a_file_name_that_is_not_utf8(command: list[str | bytes], code: int, tmp_path: Path,
                                      small_nexe: Path) -> None:
    """Names are bytes: one that is not UTF-8 is echoed as it is, even where stdout is strict UTF-8."""
    name = b"\xff.nexe"
    os.symlink(small_nexe, os.path.join(bytes(tmp_path), name))
    args = [*command, name] if command != ["compare"] else [*command, name, name]
    outcome = harness(*args, cwd=tmp_path, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert_clean(outcome)
    assert outcome.returncode == code, (outcome.stdout, outcome.stderr)
    if command[0] in ("scan", "manifest", "compare"):
        report = tmp_path / os.fsdecode(b"\xffreport")
        shown = report.read_text(errors="surrogateescape") if b"\xffreport" in command else \
            outcome.stdout + outcome.stderr
        assert "\udcff.nexe" in shown or "\ufffd.nexe" in shown or "\\udcff.nexe" in shown, shown


def test_output_that_is_a_source(tmp_path: Path) -> None:
    src = tmp_path / "p.c"
    src.write_text(MINIMAL_C)
    assert_one_line(harness("build", "--toolchain", "builtin", "-o", str(src), str(src)), 2, str(src),
                    "the output is one of the sources")
    assert src.read_text() == MINIMAL_C


def test_stdin_is_bounded(small_nexe: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        outcome = harness("run", "--target", "ref", str(small_nexe), stdin=zero.fileno())
    assert_one_line(outcome, 2, "standard input", "more than")
    with open("/dev/zero", "rb") as zero:
        outcome = harness("scan", "--hex", "-", stdin=zero.fileno())
    assert_one_line(outcome, 2, "standard input", "more than")


# --- memory: a 2 GiB sparse Program ------------------------------------------------------------

@pytest.fixture
def sparse_programs(tmp_path: Path, small_nexe: Path) -> Path:
    """zeros.nexe: 2 GiB of holes; big.nexe: a real nexe followed by holes up to 2 GiB; a manifest for each."""
    with open(tmp_path / "zeros.nexe", "wb") as f:
        f.truncate(2 * GIB)
    with open(tmp_path / "big.nexe", "wb") as f:
        f.write(small_nexe.read_bytes())
        f.truncate(2 * GIB)
    for name in ("zeros", "big"):
        (tmp_path / f"{name}.manifest").write_text(MANIFEST.format(program=f"{name}.nexe"))
    return tmp_path


@pytest.mark.parametrize(("argv", "code"), [
    (["run", "--target", "ref", "zeros.manifest"], 8),  # zerovm's loader refuses the headers: ENOEXEC
    (["run", "--target", "ref", "big.manifest"], 0),  # it loads (the tail is never mapped) and runs
    (["run", "--target", "ref", "big.nexe"], 0),
    (["manifest", "check", "big.manifest"], 0),
    (["manifest", "check", "zeros.manifest"], 1),
    (["scan", "big.nexe"], 0),
    (["scan", "zeros.nexe"], 1),
])
def test_sparse_program_memory_is_bounded(argv: list[str], code: int, sparse_programs: Path) -> None:
    outcome = harness(*argv, cwd=sparse_programs)
    print(f"{' '.join(argv)}: exit {outcome.returncode}, peak RSS {outcome.maxrss_kb / 1024:.0f} MiB "
          f"for a {2 * GIB >> 20} MiB file")
    assert_clean(outcome)
    assert outcome.returncode == code, (outcome.stdout, outcome.stderr)
    assert outcome.maxrss_kb < RSS_LIMIT_KB, f"peak RSS {outcome.maxrss_kb} KiB"


# --- unreadable files: as an unprivileged user -------------------------------------------------

def _nobody() -> pwd.struct_passwd:
    if os.geteuid() != 0:
        pytest.skip("dropping to an unprivileged user needs root (and as a user, chmod 000 tests itself)")
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody' to drop to")


# The interpreter may live where `nobody` cannot reach (/root/.pyenv): the child imports the
# harness as root, then drops to nobody and runs the command in-process.
DROP_AND_RUN = """
import os, sys
import harness.cli, harness.manifest, harness.results, harness.run_cli, harness.scan, harness.scan_cli
import harness.toolchain.builtin, harness.userfiles, harness.targets.ref, harness.targets.zerovm, encodings.idna
os.setgroups([])
os.setgid(int(sys.argv[2]))
os.setuid(int(sys.argv[1]))
sys.exit(harness.cli.main(sys.argv[3:]))
"""


@pytest.mark.parametrize(("argv", "what"), [
    (["run", "--target", "ref", "{f}.nexe"], "{f}.nexe"),
    (["scan", "{f}.nexe"], "{f}.nexe"),
    (["scan", "--hex", "{f}.hex"], "{f}.hex"),
    (["manifest", "check", "{f}.manifest"], "{f}.manifest"),
    (["compare", "{f}.json", "{f}.json"], "{f}.json"),
    (["build", "--toolchain", "builtin", "-o", "{d}/out.nexe", "{f}.c"], "{f}.c"),
    (["build", "--toolchain", "builtin", "-o", "{ro}/out.nexe", "{d}/ok.c"], "{ro}/out.nexe"),
    (["scan", "-o", "{ro}/report.txt", "{d}/ok.c"], "{ro}/report.txt"),
    (["compare", "{hidden}/run", "{hidden}/run"], "{hidden}/run"),  # a directory nobody may not enter
    (["run", "{hidden}/p.nexe"], "{hidden}/p.nexe"),
    (["scan", "{hidden}/p.nexe"], "{hidden}/p.nexe"),
])
def test_unreadable_as_nobody(argv: list[str], what: str, user_dir: Path) -> None:
    user = _nobody()
    tmp_path = user_dir
    d = tmp_path / "files"
    d.mkdir()
    ro = tmp_path / "readonly"
    ro.mkdir()
    for p in (tmp_path, d, ro):
        p.chmod(0o755)  # searchable, but only root may write into readonly/
    for suffix in (".nexe", ".hex", ".manifest", ".json", ".c"):
        (d / f"secret{suffix}").write_text(MINIMAL_C)
        (d / f"secret{suffix}").chmod(0o600)
    (d / "ok.c").write_text(MINIMAL_C)
    (d / "ok.c").chmod(0o644)
    hidden = tmp_path / "hidden"
    hidden.mkdir(mode=0o700)
    (hidden / "p.nexe").write_bytes(b"\x7fELF")
    (hidden / "run").mkdir()
    f, subs = str(d / "secret"), {"{f}": str(d / "secret"), "{d}": str(d), "{ro}": str(ro), "{hidden}": str(hidden)}

    def fill(text: str) -> str:
        for key, value in subs.items():
            text = text.replace(key, value)
        return text

    proc = subprocess.run([sys.executable, "-c", DROP_AND_RUN, str(user.pw_uid), str(user.pw_gid),
                           *(fill(a) for a in argv)], cwd=ROOT, capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False)
    outcome = Outcome(proc.returncode, proc.stdout, proc.stderr, 0)
    assert f  # the secret files exist and are 0600 root's
    problem = "permission denied"
    assert_one_line(outcome, 2, fill(what), problem)


# --- the last net -------------------------------------------------------------------------------

def test_an_unforeseen_exception_is_one_line_and_exit_70(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from harness import cli

    def broken(_args: object) -> int:
        raise KeyError("a bug\nover two lines")

    real = cli.parser

    def patched() -> object:
        p = real()
        p.set_defaults(func=broken)  # the sub-command's own default wins: patch it there
        for action in p._subparsers._group_actions:  # type: ignore[union-attr]
            for sub in action.choices.values():
                sub.set_defaults(func=broken)
        return p

    monkeypatch.setattr(cli, "parser", patched)
    assert cli.main(["compare", "a", "b"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: compare: KeyError" in err and "please report" in err
    assert "Traceback" not in err


# --- what a source includes: gcc's own reads ----------------------------------------------------

def test_a_source_including_dev_zero_ends_within_the_tools_memory_limit(tmp_path: Path) -> None:
    src = tmp_path / "p.c"
    src.write_text('#include "/dev/zero"\n' + MINIMAL_C)
    outcome = harness("build", "--toolchain", "builtin", "-o", str(tmp_path / "p.nexe"), str(src))
    print(f"#include /dev/zero: exit {outcome.returncode}, peak RSS (cc1 included) {outcome.maxrss_kb >> 10} MiB")
    assert_clean(outcome)
    assert outcome.returncode == 1 and "out of memory" in outcome.stderr, outcome.stderr


def test_a_source_including_a_fifo_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.toolchain import BuildError, base, build

    os.mkfifo(tmp_path / "fifo.h")
    src = tmp_path / "p.c"
    src.write_text('#include "fifo.h"\n' + MINIMAL_C)
    monkeypatch.setattr(base, "TOOL_TIMEOUT", 2.0)
    with pytest.raises(BuildError, match="did not finish in 2 s"):
        build([src], tmp_path / "p.nexe", toolchain="builtin")
