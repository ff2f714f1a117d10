"""`python -m harness scan`: would zerovm load and validate these programs, and what can they do?

Exit codes: 0 every input is valid and within policy, 1 some input is invalid or outside
policy, 2 some input could not be read at all (a missing, unreadable or too large file, a
directory, a FIFO or a device: only regular files are scanned) or bad usage, including
an output file that cannot be written.

The scanner (capstone, the validator's tables) is imported when a scan runs, not when
the command line is parsed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from harness.findings import Severity

if TYPE_CHECKING:
    from harness.scan import ScanReport

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

FORMATS = ("text", "json", "sarif")
# Text output lists at most this many findings per file; JSON and SARIF have them all.
TEXT_FINDINGS_LIMIT = 200


def parse_allow(value: str) -> frozenset[str]:
    """`--allow pread,pwrite,exit`: a comma-separated subset of the six trap functions (may be
    empty), or `all` (the default: argparse converts it only when the command line is parsed,
    so building the parser does not import the scanner)."""
    from harness.scan import ALL_SIX, TRAP_FUNCTIONS

    if value.strip() == "all":
        return ALL_SIX
    names = {n.strip() for n in value.split(",") if n.strip()}
    unknown = sorted(names - ALL_SIX)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown trap function(s) {', '.join(unknown)}; "
                                         f"choose from {','.join(TRAP_FUNCTIONS)}")
    return frozenset(names)


def parse_address(value: str) -> int:
    """`--base 0x20000` (any base Python's int() accepts with prefix; plain digits are decimal)."""
    try:
        address = int(value, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an address (e.g. 0x20000)") from None
    if not 0 <= address < 1 << 32:
        raise argparse.ArgumentTypeError(f"{value} is not a 32-bit user address")
    return address


def add_scan_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "scan", help="check nexes statically: loader rules, validator, trap surface",
        description="Check programs statically: would zerovm load them (ELF rules), would its validator accept "
                    "their code, and which trap functions can they call. Exit 0: all valid and within policy; "
                    "1: something invalid or outside policy; 2: an input could not be read.")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--allow", type=parse_allow, default="all", metavar="FUNC,...",
                   help="the trap functions the program may call: some of pread, pwrite, jail, unjail, fork, exit, "
                        "or all (the default)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--raw", action="store_true", help="the files are raw code bytes loaded at --base")
    mode.add_argument("--hex", action="store_true",
                      help="the files are valz hex text (byte pairs, # comments, optional first line @ADDR)")
    p.add_argument("--base", type=parse_address, default=None, metavar="ADDR",
                   help="load address of --raw code (default 0x20000), or of --hex text without an @ADDR line")
    p.add_argument("--strict", action="store_true",
                   help="count indirect branches whose target is not known statically as policy violations "
                        "(by default they are listed as warnings)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("files", nargs="+", metavar="FILE", help="files to scan; - reads standard input")
    p.set_defaults(func=scan_command)


def _scan_one(path: str, args: argparse.Namespace, stdin: bytes | None) -> ScanReport:
    from harness.scan import scan_bytes, scan_path

    allow = args.allow
    raw_base = args.base if (args.raw or args.hex) else None
    if args.raw and raw_base is None:
        raw_base = 0x20000  # where zerovm loads the text
    if path == "-":
        return scan_bytes(stdin or b"", name="-", raw_base=raw_base, hex_text=args.hex, allow=allow,
                          strict=args.strict)
    return scan_path(path, raw_base=raw_base, hex_text=args.hex, allow=allow, strict=args.strict)


def overall_exit_code(reports: Sequence[ScanReport]) -> int:
    codes = [r.exit_code for r in reports]
    return max(codes) if codes else EXIT_OK


def scan_command(args: argparse.Namespace) -> int:
    if args.base is not None and not (args.raw or args.hex):
        print("error: --base needs --raw or --hex (an ELF says where its text goes)", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.files.count("-") > 1:
        print("error: standard input (-) can be scanned only once", file=sys.stderr)
        return EXIT_UNREADABLE
    from harness.scan import HEX_TEXT_LIMIT, RAW_CODE_LIMIT
    from harness.userfiles import UserFileError, check_output, open_output, read_stream

    try:
        if args.output:
            check_output(args.output)  # before a long scan, not after it
        stdin = None
        if "-" in args.files and sys.stdin is not None:
            stdin = read_stream(sys.stdin.buffer, HEX_TEXT_LIMIT if args.hex else RAW_CODE_LIMIT)
    except UserFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    reports = [_scan_one(path, args, stdin) for path in args.files]
    code = overall_exit_code(reports)
    try:
        out: TextIO = io.TextIOWrapper(open_output(args.output), encoding="utf-8",
                                                     errors="surrogateescape") if args.output else sys.stdout
    except UserFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        if args.format == "json":
            json.dump({"files": [r.to_json() for r in reports], "exit_code": code}, out, indent=2)
            out.write("\n")
        elif args.format == "sarif":
            from harness.sarif import to_sarif  # only this format needs it

            json.dump(to_sarif(reports, exit_code=code), out, indent=2)
            out.write("\n")
        else:
            for i, report in enumerate(reports):
                if i:
                    out.write("\n")
                write_text(report, out)
        if out is not sys.stdout:
            out.close()
    except OSError as exc:
        if out is sys.stdout:
            raise  # main() handles a closed pipe
        print(f"error: {args.output}: cannot be written: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        if out is not sys.stdout and not out.closed:
            with contextlib.suppress(OSError):
                out.close()
    for r in reports:  # errors also on stderr, so they are seen whatever the format
        if r.error is not None and (args.format != "text" or args.output):
            print(f"error: {r.path}: {r.error}", file=sys.stderr)
    return code


# --- text output ----------------------------------------------------------------------------


def verdict(report: ScanReport) -> str:
    """The one-line verdict for people."""
    if report.error is not None:
        return f"UNREADABLE: {report.error}"
    if report.loads is False:
        code = f" (zerovm exits {report.load_exit_code}" if report.load_exit_code else ""
        if code and report.load_exit_state:
            code += f": {report.load_exit_state}"
        return f"INVALID: zerovm would not load it{code})" if code else "INVALID: zerovm would not load it"
    n_policy = len(report.policy_violations)
    policy = (f"{n_policy} trap site{'s' if n_policy != 1 else ''} outside policy" if n_policy
              else "every trap site within policy")
    if not report.valid:
        errors = sum(1 for f in report.validation_findings if f.severity is Severity.ERROR)
        what = "the validator rejects the code" if report.kind != "elf" else \
            "the validator rejects the code (zerovm exits 8)"
        return f"INVALID: {what}, {errors} error{'s' if errors != 1 else ''}; {policy}"
    if n_policy:
        return f"OUTSIDE POLICY: valid code, but {policy}"
    return f"OK: valid code, {len(report.traps)} trap site{'s' if len(report.traps) != 1 else ''}, {policy}"


def write_text(report: ScanReport, out: TextIO) -> None:
    from harness.scan import TRAP_FUNCTIONS

    out.write(f"{report.path}: {verdict(report)}\n")
    if report.error is not None:
        return
    allowed = ",".join(f for f in TRAP_FUNCTIONS if f in report.allow) or "(none)"
    where = f"text {report.base:#x}-{report.base + report.text_size:#x} ({report.text_size} bytes)"
    if report.kind == "elf" and report.loads:
        where += f", entry {report.entry:#x}" if report.entry is not None else ""
    if report.kind != "elf" or report.loads:
        out.write(f"  {report.kind}: {where}; allowed traps: {allowed}\n")
    if report.kind != "elf" or report.loads:
        reach = ", ".join(report.reachable) or "none"
        out.write(f"  reachable trap functions: {reach}\n")
    # Notes (the unresolved indirect branches) are listed apart, below, with their reasons.
    findings = [f for f in report.findings if f.severity is not Severity.NOTE]
    if findings:
        out.write(f"  findings ({len(findings)}):\n")
        for f in findings[:TEXT_FINDINGS_LIMIT]:
            addr = f"{f.address:#x}" if f.address is not None else "-"
            line = report.source_line(f.address)
            at = f" (at {line})" if line else ""
            out.write(f"    {addr:>10}  {f.severity.value:<7}  [{f.rule}] {f.message}{at}\n")
        if len(findings) > TEXT_FINDINGS_LIMIT:
            out.write(f"    ... and {len(findings) - TEXT_FINDINGS_LIMIT} more (--format json lists all)\n")
    if report.kind == "elf" and not report.loads:
        return  # zerovm stops at the loader: no code is validated and nothing can run
    unresolved = report.unresolved
    direct = [s for s in report.traps if s not in unresolved]
    if not direct:
        out.write("  trap sites: none\n")
    else:
        out.write(f"  trap sites ({len(direct)}):\n")
        rows = [("ADDRESS", "KIND", "SLOT", "FUNCTION", "CODE", "IN FUNCTION", "POLICY", "SOURCE")]
        for s in direct:
            rows.append((f"{s.address:#x}", s.kind, "-" if s.slot is None else str(s.slot),
                         s.function or "?", "-" if s.code is None else f"{s.code:#x}", s.in_function or "-",
                         "ok" if report.site_allowed(s) else "VIOLATION", report.source_line(s.address) or "-"))
        _table(rows, out)
    out.write(f"  indirect branches resolved to ordinary code: {_resolved_summary(report)}\n")
    if unresolved:
        out.write(f"  indirect branches not resolved ({len(unresolved)}; each could reach the trampoline, "
                  "so it counts as any function above):\n")
        for s in unresolved[:TEXT_FINDINGS_LIMIT]:
            where = f" in {s.in_function}" if s.in_function else ""
            line = report.source_line(s.address)
            at = f" ({line})" if line else ""
            policy = "" if report.site_allowed(s) else " [VIOLATION]"
            out.write(f"    {s.address:#x}{where}{at}{policy}: {s.reason}\n")
        if len(unresolved) > TEXT_FINDINGS_LIMIT:
            out.write(f"    ... and {len(unresolved) - TEXT_FINDINGS_LIMIT} more (--format json lists all)\n")


def _resolved_summary(report: ScanReport) -> str:
    tables = sum(1 for s in report.indirect if s.how == "jump-table")
    pointers = len(report.indirect) - tables
    if not report.indirect:
        return "none"
    parts = []
    if tables:
        parts.append(f"{tables} through bounded jump tables")
    if pointers:
        parts.append(f"{pointers} through function pointers (targets: the {report.address_taken} code addresses "
                     "the program names)")
    return f"{len(report.indirect)} ({'; '.join(parts)})"


def _table(rows: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        out.write("    " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")
