"""`python -m harness run`: run a manifest or a nexe on a target, as zerovm would.

With a nexe, the session gets the three standard channels: stdin from the
harness's own stdin, stdout and stderr relayed to the harness's.  The report is
printed as the target printed it (or, with --json, one JSON object), and the
command exits with the target's exit code, so it can stand in for zerovm.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from harness.userfiles import UserFileError, read_file, read_head, read_stream, utf8_error

if TYPE_CHECKING:
    from harness.targets import RunResult, Target

# The targets (the emulator, the validator) are imported when a session runs, not when the
# command line is parsed: `python -m harness --help` must start quickly.

EXIT_KILLED = 124  # the harness killed the session past its Timeout (as GNU timeout exits)
EXIT_HARNESS_ERROR = 125  # the harness itself could not run the session (not a zerovm exit code)
EXIT_USAGE = 2  # bad usage: the file is missing, unreadable, not a regular file, neither a nexe nor a manifest

# The targets read a manifest whole; zerovm reads at most 512 KiB of it (harness.manifest.SIZE_LIMIT),
# so a larger file is no manifest anyone meant.
MANIFEST_FILE_LIMIT = 16 << 20
STDIN_LIMIT = 256 << 20  # what a nexe's stdin channel may be given; more is refused, not buffered


def add_run_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("run", help="run a manifest or a nexe on a target",
                       description="Run a ZeroVM manifest, or a nexe with standard channels, on a target. "
                                   "Exits with the target's exit code.")
    p.add_argument("--target", choices=("ref", "zerovm"), default=None,
                   help="zerovm (a real build) or ref (the reference executor); default: zerovm when one is "
                        "configured, else ref")
    p.add_argument("--zerovm", metavar="PATH", help="a real zerovm binary (default: $ZEROVM)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    p.add_argument("--timeout", type=int, default=10, help="Timeout for a nexe's session, seconds (default 10)")
    p.add_argument("--request", metavar="MANIFEST", action="append", default=[],
                   help="for a manifest with a Job: once the session has become a daemon, send it this manifest "
                        "as a request (repeatable; sent in order, each child's report is read before the next); "
                        "the daemon and its socket are removed afterwards")
    p.add_argument("--name-server", action="store_true",
                   help="answer the name service the manifests' NameServer names (udp:127.0.0.1:PORT, the same in "
                        "every manifest), as ZeroCloud would")
    p.add_argument("file", metavar="MANIFEST|NEXE")
    p.add_argument("more", metavar="MANIFEST", nargs="*",
                   help="more manifests, run together with the first (their sessions talk over network channels)")
    p.set_defaults(func=run_command)


def input_kind(path: Path) -> str:
    """"elf" or "manifest": what the user's file is; UserFileError when it cannot be read,
    is not a regular file, or is neither (binary data that is no ELF, a huge file)."""
    from harness.manifest import SIZE_LIMIT

    head = read_head(path, SIZE_LIMIT)
    if head[:4] == b"\x7fELF":
        return "elf"
    if b"\0" in head:
        raise UserFileError(path, f"neither a nexe (no ELF magic) nor a manifest (a NUL byte at offset "
                                  f"{head.index(0)}: binary data)")
    problem = utf8_error(head)
    if problem is not None:
        raise UserFileError(path, f"neither a nexe (no ELF magic) nor a manifest ({problem})")
    size = path.stat().st_size
    if size > MANIFEST_FILE_LIMIT:
        raise UserFileError(path, f"is too large for a manifest ({size} bytes; the limit is {MANIFEST_FILE_LIMIT})")
    return "manifest"


def _target(args: argparse.Namespace) -> Target:
    from harness.targets.ref import RefTarget
    from harness.targets.zerovm import ZerovmTarget, find_zerovm, preflight

    zerovm = find_zerovm(args.zerovm)
    choice = args.target or ("zerovm" if zerovm else "ref")
    if choice == "zerovm":
        return ZerovmTarget(preflight(args.zerovm))
    return RefTarget()


def _run_nexe(target: Target, path: Path, stdin: bytes, timeout: int) -> RunResult:
    """The user's nexe with standard channels.  As root it is read with the rights of the user
    zerovm runs as, as zerovm would read it: one that user cannot read is a missing Program."""
    from harness.targets import Session, standard_channels
    from harness.targets.privilege import copy_as_user, session_user

    session = Session(path, standard_channels(stdin=stdin), timeout=timeout)
    user = session_user()
    if user is None:
        return target.run(session)
    with tempfile.TemporaryDirectory(prefix="zvm-run-") as tmp:
        nexe = Path(tmp) / "program.nexe"
        copy_as_user(user, path, nexe)
        return target.run(replace(session, nexe=nexe))


def _read_requests(paths: list[str]) -> tuple[bytes, ...]:
    """Each request manifest, framed as a client sends it (harness.targets.job).  As root, read with
    the rights of the user zerovm runs as: a request is that user's to send."""
    from harness.targets.job import frame_request
    from harness.targets.privilege import as_user, session_user

    if not paths:
        return ()
    user = session_user()
    texts = [as_user(user, _read_request, Path(path)) if user is not None else _read_request(Path(path))
             for path in paths]
    return tuple(frame_request(text) for text in texts)


def _read_request(path: Path) -> bytes:
    return read_file(path, MANIFEST_FILE_LIMIT, what="a request manifest")


def _print_children(result: RunResult, names: list[str]) -> None:
    """Each child's answer as it came on the socket (its -t3 report), after a line on stderr naming it."""
    for i, child in enumerate(result.children):
        name = names[i] if i < len(names) else f"#{i}"
        sys.stderr.write(f"harness: request {i + 1} ({name}): {child.outcome}\n")
        sys.stderr.flush()
        sys.stdout.write(child.raw_stdout + ("" if child.raw_stdout.endswith("\n") or not child.raw_stdout else "\n"))
        sys.stdout.flush()


_NAME_SERVER = re.compile(r"^[ \t]*NameServer[ \t]*=[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_LOOPBACK_UDP = re.compile(r"udp:127\.0\.0\.1:\d+")


def name_server_problem(texts: list[tuple[Path, str]]) -> str | None:
    """Why --name-server cannot answer these manifests, or None: each must name the same
    `NameServer = udp:127.0.0.1:PORT` (the harness answers there, on loopback only)."""
    found = []
    for path, text in texts:
        uris = _NAME_SERVER.findall(text)
        if not uris:
            return f"{path}: --name-server needs a NameServer line (udp:127.0.0.1:PORT) in every manifest"
        if not _LOOPBACK_UDP.fullmatch(uris[-1]):
            return (f"{path}: NameServer = {uris[-1]}: the harness answers only on udp:127.0.0.1:PORT "
                    "(give a free port)")
        found.append((path, uris[-1]))
    if len({uri for _, uri in found}) > 1:
        return "--name-server: the manifests name different NameServers: " + ", ".join(
            f"{path} {uri}" for path, uri in found)
    return None


def _read_manifest(path: Path) -> str:
    """A manifest's text, read (as root) with the rights of the user zerovm runs as, as zerovm would."""
    from harness.targets.privilege import as_user, session_user

    user = session_user()
    return _read_manifest_text(path) if user is None else as_user(user, _read_manifest_text, path)


def _read_manifest_text(path: Path) -> str:
    return read_file(path, MANIFEST_FILE_LIMIT, what="a manifest").decode("utf-8", "replace")


def exit_code_of(results: tuple[RunResult, ...]) -> int:
    """The command's exit code for several sessions: that of the first session (in the order
    given) that did not end cleanly, as for one manifest; 0 when every one exited 0."""
    from harness.targets import KILLED_TIMEOUT, NO_REPORT

    for result in results:
        if result.outcome == NO_REPORT:
            return EXIT_HARNESS_ERROR
        if result.exit_code is None:
            return EXIT_KILLED if result.outcome == KILLED_TIMEOUT else EXIT_HARNESS_ERROR
        if result.exit_code != 0:
            return result.exit_code
    return 0


def run_several(args: argparse.Namespace, paths: list[Path]) -> int:
    """Several manifests run together (a cluster written by hand), or one with --name-server."""
    try:
        if args.request:
            raise UserFileError(paths[0], "--request runs one Job session; it cannot be mixed with several "
                                          "manifests or --name-server")
        texts = []
        for path in paths:
            if input_kind(path) != "manifest":
                raise UserFileError(path, "only manifests run together (a nexe runs alone, with standard channels)")
            texts.append((path, _read_manifest(path)))
        problem = name_server_problem(texts) if args.name_server else None
    except (UserFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from harness.targets import NO_REPORT, TargetError

    try:
        target = _target(args)
        run_manifests = getattr(target, "run_manifests", None)
        if run_manifests is None:
            raise TargetError(f"the {target.name} target cannot run several manifests together yet")
        results = run_manifests(tuple(paths), Path.cwd(), name_server=args.name_server)
    except TargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_HARNESS_ERROR
    if args.json:
        print(json.dumps([{"manifest": str(path), **result.to_json()} for path, result in zip(paths, results,
                                                                                               strict=False)],
                         indent=2))
    else:
        for i, (path, result) in enumerate(zip(paths, results, strict=False)):
            # Which session the report below belongs to, on stderr so stdout stays zerovm's.
            sys.stderr.write(f"harness: session {i + 1} ({path}): {result.outcome}, exit code {result.exit_code}\n")
            sys.stderr.write(result.raw_stderr)
            sys.stderr.flush()
            sys.stdout.write(result.raw_stdout)
            sys.stdout.flush()
    for path, result in zip(paths, results, strict=False):
        for cut in result.cut:
            print(f"harness: {path}: {cut.name}: {cut.describe()}", file=sys.stderr)
        if result.outcome == NO_REPORT:
            print(f"harness: {path}: the {result.target} target exited {result.exit_code} without printing a "
                  "report", file=sys.stderr)
    return exit_code_of(results)


def run_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.more or args.name_server:
        return run_several(args, [path, *map(Path, args.more)])
    try:
        kind = input_kind(path)
        if args.request and kind != "manifest":
            raise UserFileError(path, "--request needs a manifest with a Job line (a nexe run has no daemon)")
        stdin = b"" if sys.stdin is None or sys.stdin.isatty() else read_stream(sys.stdin.buffer, STDIN_LIMIT)
    except (UserFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from harness.targets import KILLED_TIMEOUT, NO_REPORT, TargetError

    try:
        requests = _read_requests(args.request)
    except (UserFileError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_HARNESS_ERROR

    try:
        target = _target(args)
        if kind == "elf":
            result = _run_nexe(target, path, stdin, args.timeout)
        else:
            run_manifest = getattr(target, "run_manifest", None)
            if run_manifest is None:
                raise TargetError(f"the {target.name} target cannot run a manifest yet; give a nexe")
            result = run_manifest(path, Path.cwd(), stdin, requests=requests) if requests else \
                run_manifest(path, Path.cwd(), stdin)
    except TargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_HARNESS_ERROR
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    elif kind != "elf":
        # zerovm's own streams, as they came: /dev/stdout channels and then the report.
        sys.stdout.write(result.raw_stdout)
        sys.stderr.write(result.raw_stderr)
        sys.stdout.flush()
        _print_children(result, args.request)
    else:
        sys.stdout.buffer.write(result.outputs.get("/dev/stdout", b""))
        sys.stderr.buffer.write(result.outputs.get("/dev/stderr", b""))
        sys.stdout.write(result.raw_stdout)
        sys.stdout.flush()
        if result.exit_code is None:
            print(f"harness: the session ended without an exit code ({result.outcome})", file=sys.stderr)
    for cut in result.cut:
        print(f"harness: {cut.name}: {cut.describe()}", file=sys.stderr)
    if result.outcome == NO_REPORT:
        print(f"harness: the {result.target} target exited {result.exit_code} without printing a report",
              file=sys.stderr)
        return EXIT_HARNESS_ERROR
    if result.exit_code is not None:
        return result.exit_code
    return EXIT_KILLED if result.outcome == KILLED_TIMEOUT else EXIT_HARNESS_ERROR
