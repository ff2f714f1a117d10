"""`python -m harness COMMAND ...`: one sub-command per job of the harness.

Exit codes follow each command's own contract (build: 0 built, 1 not built,
2 bad usage or a source / output that cannot be used; manifest check: 0 zerovm would
accept it, 1 it would not, 2 the file cannot be read or bad usage); argparse's usage
errors exit 2.  Whatever the input, a command ends with a one-line message, never a
traceback: an exception nobody foresaw is "internal error: ..." and exit 70.

Each command imports what it needs when it runs (the emulator, the validator tables,
jinja2 ...), so `--help` and a small scan start quickly.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from harness.fuzz_cli import add_fuzz_parser
from harness.results_cli import add_compare_parser, add_known_results_parser
from harness.run_cli import add_run_parser
from harness.scan_cli import add_scan_parser
from harness.toolchain import OPT_LEVELS, TOOLCHAIN_CHOICES

if TYPE_CHECKING:
    from harness.manifest import ManifestProblem

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in the harness, reported in one line


def _add_build(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="compile C sources into a nexe",
                       description="Compile C sources into a ZeroVM nexe.")
    for level in OPT_LEVELS:
        p.add_argument(level, dest="opt", action="store_const", const=level, help=argparse.SUPPRESS)
    p.add_argument("-I", dest="include_dirs", action="append", default=[], metavar="DIR",
                   help="add DIR to the include path")
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]",
                   help="define a preprocessor macro")
    p.add_argument("-o", dest="output", required=True, metavar="OUT.nexe", help="the nexe to write")
    p.add_argument("--toolchain", choices=TOOLCHAIN_CHOICES, default=None,
                   help="auto (default: a real x86_64-nacl-gcc if found, else builtin), builtin or nacl-gcc")
    p.add_argument("--nacl-prefix", metavar="PREFIX",
                   help="tool prefix of a NaCl cross-compiler, e.g. /opt/nacl/bin/x86_64-nacl-")
    p.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                   help="assemble .s/.S sources exactly as written (for hostile test programs)")
    p.add_argument("--no-runtime", dest="runtime", action="store_false",
                   help="link no runtime: the sources define _start")
    p.add_argument("-v", "--verbose", action="store_true", help="print the commands that ran")
    p.add_argument("sources", nargs="+", metavar="SRC.c")
    p.set_defaults(func=_run_build, opt="-O2")


def _run_build(args: argparse.Namespace) -> int:
    from harness.toolchain import BuildError, BuildInputError, build

    try:
        result = build(args.sources, args.output, opt=args.opt, include_dirs=args.include_dirs,
                       defines=args.defines, toolchain=args.toolchain, nacl_prefix=args.nacl_prefix,
                       sandbox=args.sandbox, runtime=args.runtime)
    except BuildInputError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    if result.diagnostics:
        print(result.diagnostics, end="", file=sys.stderr)
    if args.verbose:
        for step in result.steps:
            print(step, file=sys.stderr)
    print(f"built {result.output} ({result.toolchain}, {result.opt})")
    return EXIT_OK


def _add_manifest(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("manifest", help="check a zerovm manifest",
                       description="Work with ZeroVM manifests.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="list what zerovm would reject in a manifest",
                               description="List every problem zerovm would reject the manifest for, "
                                           "in zerovm's order, and the exit code zerovm would give.")
    check.add_argument("file", metavar="FILE", help="the manifest")
    check.add_argument("--cwd", metavar="DIR", default=".",
                       help="zerovm's working directory (a relative Program is relative to it; default .)")
    check.add_argument("-P", dest="preallocate", action="store_false",
                       help="as zerovm -P: no preallocation of output channels")
    check.add_argument("--no-program", dest="check_program", action="store_false",
                       help="do not apply zerovm's ELF loader rules to the Program")
    check.set_defaults(func=_run_manifest_check)


def _run_manifest_check(args: argparse.Namespace) -> int:
    from harness.manifest import SIZE_LIMIT, manifest_problems, zerovm_verdict
    from harness.userfiles import UserFileError, read_head

    try:
        # zerovm reads no more than SIZE_LIMIT bytes of a manifest; one more tells a file
        # that reaches the limit from one that does not.
        data = read_head(args.file, SIZE_LIMIT + 1)
    except UserFileError as exc:
        # A file zerovm cannot open is its "manifest open error" (exit 2, ENOENT); it would
        # block on a FIFO, and the harness does not guess about other kinds of file.
        opened = " (zerovm exits 2, ENOENT)" if exc.errno is not None else ""
        print(f"error: {exc}{opened}", file=sys.stderr)
        return EXIT_USAGE
    from harness.targets import TargetError

    try:
        problems = _as_zerovm_user(manifest_problems, data, args.cwd, args.preallocate, args.check_program)
    except TargetError as exc:  # a root harness with no unprivileged user to judge as
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for number, problem in enumerate(problems):
        place = f"{args.file}:{problem.line}" if problem.line is not None else args.file
        first = " [first: zerovm stops here]" if number == 0 else ""
        first += " [undefined behaviour in zerovm: the outcome seen most]" if problem.undefined else ""
        print(f"{place}: {problem.message} (zerovm exits {problem.exit_code}, {problem.errno_name}){first}")
    code, state = zerovm_verdict(problems)
    if code == 0:
        print(f"{args.file}: zerovm would accept this manifest")
        return EXIT_OK
    print(f"{args.file}: {len(problems)} problem(s); zerovm would exit {code}: {state}")
    return EXIT_FAILED


def _as_zerovm_user(check: Callable[..., list[ManifestProblem]], data: bytes, cwd: str, preallocate: bool,
                    check_program: bool) -> list[ManifestProblem]:
    """The manifest's problems as zerovm's user would meet them: a root harness judges the
    files it names with the rights of the user zerovm runs as (ZEROVM_USER), not its own."""
    import harness.loader
    import harness.userfiles  # noqa: F401
    from harness.targets.privilege import as_user, session_user

    def work() -> list[ManifestProblem]:
        # zerovm's /dev/stdin, /dev/stdout and /dev/stderr would be its own, usable streams;
        # this child's are the harness's (root's): give it streams that user may open.
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        return check(data, cwd, preallocate=preallocate, check_program=check_program)

    user = session_user()
    return work() if user is None else as_user(user, work)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m harness", description="The ZeroVM conformance harness.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_build(sub)
    add_run_parser(sub)
    add_scan_parser(sub)
    add_compare_parser(sub)
    add_known_results_parser(sub)
    _add_manifest(sub)
    add_fuzz_parser(sub)
    # Listed for --help only: main() hands `cc ...` to harness.cc_cli before argparse sees it.
    sub.add_parser("cc", help="a gcc-compatible NaCl compiler driver (gcc's options; see README)", add_help=False)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    # File names are bytes: one that is not UTF-8 is echoed back as its own bytes, whatever the locale.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="surrogateescape" if stream is sys.stdout else "backslashreplace")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["cc"]:
        # gcc's command line is not argparse's (-c, -Wl,..., @file): the driver reads it itself.
        from harness.cc_cli import main as cc_main

        return cc_main(argv[1:])
    args = parser().parse_args(argv)
    return guarded(lambda: int(args.func(args)), f"error: {args.command}: ",
                   lambda exc: f"internal error: {args.command}: {type(exc).__name__}: {_one_line(str(exc))}"
                               f"{_innermost_frame(exc)}; please report it")


def guarded(work: Callable[[], int], prefix: str, internal: Callable[[Exception], str]) -> int:
    """A command's work, whose every ending is one line and a defined exit code: interrupted (130),
    its reader gone (141), out of memory or a bug (EXIT_INTERNAL, the line `internal` words).
    Every input a command knows to be bad has its own message before this last net."""
    try:
        return work()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except MemoryError:
        print(f"{prefix}out of memory", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:
        print(internal(exc), file=sys.stderr)
        return EXIT_INTERNAL


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def _innermost_frame(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return f" (at {os.path.basename(tb.tb_frame.f_code.co_filename)}:{tb.tb_lineno})" if tb is not None else ""
