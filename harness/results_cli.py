"""`python -m harness compare RUN_A RUN_B`: what changed between two runs of the suite.

RUN_A and RUN_B are run directories (`results/<run-id>/`, `results/latest`) or their
`results.json`.  Exit codes: 0 no new failures, 1 new failures in RUN_B, 2 an input
that cannot be read (missing, not JSON, not a results document).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

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
                                   "case. Exits 1 when RUN_B has new failures, 2 when an input cannot be read.")
    p.add_argument("run_a", metavar="RUN_A", help="the earlier run: its directory or results.json")
    p.add_argument("run_b", metavar="RUN_B", help="the later run: its directory or results.json")
    p.add_argument("--json", action="store_true", help="print the comparison as one JSON object")
    p.set_defaults(func=compare_command)


def compare_command(args: argparse.Namespace) -> int:
    from harness.results import compare, load_run, render_comparison  # jinja2 and friends: only when comparing
    from harness.userfiles import UserFileError

    records = []
    for path in (args.run_a, args.run_b):
        try:
            records.append(load_run(path))
        except UserFileError as exc:
            print(f"compare: cannot read {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
        except (OSError, ValueError) as exc:
            print(f"compare: cannot read {path}: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    comparison = compare(records[0], records[1])
    if args.json:
        print(json.dumps(asdict(comparison), indent=1, default=str))
    else:
        print(render_comparison(comparison), end="")
    return EXIT_NEW_FAILURES if comparison.has_new_failures else EXIT_SAME
