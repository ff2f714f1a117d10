"""`python -m harness compare RUN_A RUN_B`: what changed between two runs of the suite;
`python -m harness known-results RUN -o FILE`: a known-results file for `--baseline`.

RUN_A and RUN_B are run directories (`results/<run-id>/`, `results/latest`) or their
`results.json`.  Exit codes: 0 no new failures, 1 new failures in RUN_B, 2 an input
that cannot be read (missing, not JSON, not a results document).  `known-results`
exits 0, or 2 when the run cannot be read or FILE cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

EXIT_SAME = 0
EXIT_NEW_FAILURES = 1
EXIT_UNREADABLE = 2


def add_compare_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("compare", help="list what changed between two runs of the suite",
                       description="List what changed between two runs of the conformance suite (say, two zerovm "
                                   "builds): new failures, fixes and other verdict changes, each with its first "
                                   "mismatching fields and whether the case's expectation or its behaviour changed; "
                                   "changed expectations and run results field by field; added and removed cases. "
                                   "Runs of one target each, different ones (ref against zerovm), are paired by "
                                   "case. RUN_A may be a known-results file (see --baseline): then failures it "
                                   "lists are known, not new. Exits 1 when RUN_B has new failures, 2 when an "
                                   "input cannot be read.")
    p.add_argument("run_a", metavar="RUN_A",
                   help="the earlier run: its directory or results.json; or a known-results file (.toml/.json)")
    p.add_argument("run_b", metavar="RUN_B", help="the later run: its directory or results.json")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    p.add_argument("--cases", metavar="DIR", default="cases",
                   help="the corpus a known-results file's case names must exist in (default: ./cases)")
    p.set_defaults(func=compare_command)


def compare_command(args: argparse.Namespace) -> int:
    from harness.results import compare, load_run, render_comparison  # jinja2 and friends: only when comparing
    from harness.results.baseline import (
        BaselineError,
        is_known_results_path,
        load_baseline,
        render_since,
        since_baseline,
    )
    from harness.userfiles import UserFileError

    baseline = None
    if is_known_results_path(Path(args.run_a)):
        try:
            baseline = load_baseline(args.run_a, Path(args.cases))
        except BaselineError as exc:
            print(f"compare: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    records = []
    for path in (args.run_b,) if baseline is not None else (args.run_a, args.run_b):
        try:
            records.append(load_run(path))
        except UserFileError as exc:
            print(f"compare: cannot read {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        except (OSError, ValueError) as exc:
            print(f"compare: cannot read {path}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    if baseline is not None:
        since = since_baseline(baseline, records[0])
        if args.json:
            print(json.dumps(since.to_json(), indent=1))
        else:
            print("\n".join(render_since(since)))
        return EXIT_NEW_FAILURES if since.new_failures else EXIT_SAME
    comparison = compare(records[0], records[1])
    if args.json:
        print(json.dumps(asdict(comparison), indent=1, default=str))
    else:
        print(render_comparison(comparison), end="")
    return EXIT_NEW_FAILURES if comparison.has_new_failures else EXIT_SAME


def add_known_results_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("known-results", help="write a known-results file (for --baseline) from a run",
                       description="Write a known-results file listing RUN's failing items (FAIL, XPASS, ERROR), "
                                   "each with its verdict and, as its reason, its first mismatching fields. Keep "
                                   "it in the repository and pass it as `pytest cases/ --baseline FILE`: failures "
                                   "it lists are known, not new. FILE ending in .json is written as JSON, else "
                                   "as TOML. Exits 2 when RUN cannot be read or FILE cannot be written.")
    p.add_argument("run", metavar="RUN", help="a run: its directory or results.json")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the known-results file to write")
    p.set_defaults(func=known_results_command)


def known_results_command(args: argparse.Namespace) -> int:
    from harness.results import atomic_write, known_results_text, load_run
    from harness.userfiles import UserFileError, check_output

    try:
        record = load_run(args.run)
    except UserFileError as exc:
        print(f"known-results: cannot read {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except (OSError, ValueError) as exc:
        print(f"known-results: cannot read {args.run}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    text = known_results_text(record, as_json=args.output.endswith(".json"))
    try:
        check_output(args.output)
        atomic_write(Path(args.output), text)
    except UserFileError as exc:
        print(f"known-results: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"known-results: cannot write {args.output}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    failing = sum(1 for r in record.results if r.failing)
    print(f"known-results: {args.output}: {failing} failing item(s) of run {record.run_id}")
    return EXIT_SAME
