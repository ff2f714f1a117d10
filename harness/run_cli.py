"""`python -m harness run`: run a manifest or a nexe on a target, as zerovm would.

With a nexe, the session gets the three standard channels: stdin from the
harness's own stdin, stdout and stderr relayed to the harness's.  The report is
printed as the target printed it (or, with --json, one JSON object), and the
command exits with the target's exit code, so it can stand in for zerovm.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from harness.targets import KILLED_TIMEOUT, NO_REPORT, Session, Target, TargetError, standard_channels
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget, find_zerovm, preflight

EXIT_KILLED = 124  # the harness killed the session past its Timeout (as GNU timeout exits)
EXIT_HARNESS_ERROR = 125  # the harness itself could not run the session (not a zerovm exit code)


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
    p.add_argument("file", metavar="MANIFEST|NEXE")
    p.set_defaults(func=run_command)


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def _target(args: argparse.Namespace) -> Target:
    zerovm = find_zerovm(args.zerovm)
    choice = args.target or ("zerovm" if zerovm else "ref")
    if choice == "zerovm":
        return ZerovmTarget(preflight(args.zerovm))
    return RefTarget()


def run_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: {path}: no such file", file=sys.stderr)
        return 2
    try:
        target = _target(args)
        stdin = b"" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer.read()
        if _is_elf(path):
            result = target.run(Session(path, standard_channels(stdin=stdin), timeout=args.timeout))
        else:
            run_manifest = getattr(target, "run_manifest", None)
            if run_manifest is None:
                raise TargetError(f"the {target.name} target cannot run a manifest yet; give a nexe")
            result = run_manifest(path, Path.cwd(), stdin)
    except TargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_HARNESS_ERROR
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    elif not _is_elf(path):
        # zerovm's own streams, as they came: /dev/stdout channels and then the report.
        sys.stdout.write(result.raw_stdout)
        sys.stderr.write(result.raw_stderr)
        sys.stdout.flush()
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
