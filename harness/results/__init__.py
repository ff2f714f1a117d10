"""What a run of the conformance suite found, kept on disk: `results/<run-id>/`.

Every `pytest cases/` run writes one directory (or `--results DIR`):

- `results.json`: a `RunRecord`: one `CaseResult` per case, target and optimisation
  level, with the expectation, what actually happened, the verdict and timings;
- `junit.xml`: the same verdicts for CI dashboards;
- `scan.sarif`: the static scan of every nexe in the corpus (SARIF 2.1.0);
- `report.html`: a security review a person reads (`harness/templates/report.html.j2`).

One module per job:

- `model`: verdicts, `CaseResult`, `RunRecord`, reading results.json (`load_run`);
- `actual`: a case's expectation and an item's outcome (run or scan) as JSON;
- `collect`: from pytest's reports to results (`attach`, `ResultCollector`);
- `rundir`: writing a run directory, `results/latest`;
- `junit`, `sarif`, `html`: junit.xml, scan.sarif (merging the scanner's per-nexe logs
  from `harness.sarif`), report.html;
- `compare`: ref against zerovm within a run, and run against run (`python -m harness compare`);
- `baseline`: `--baseline RUN|FILE` and known-results files: what changed against a baseline.

This package re-exports what the plugin, the CLI and the tests use.
"""

from harness.results.actual import expectation_json, run_actual_json, scan_actual_json
from harness.results.baseline import (
    KNOWN_SCHEMA,
    Baseline,
    BaselineError,
    KnownItem,
    KnownResults,
    SinceBaseline,
    known_results_text,
    load_baseline,
    parse_known,
    render_since,
    since_baseline,
)
from harness.results.collect import (
    REPORT_ATTR,
    SARIF_ATTR,
    ResultCollector,
    attach,
    attach_broken,
    narrowed_by,
    verdict_of,
    zerovm_info,
)
from harness.results.compare import (
    RUN_FIELDS,
    Comparison,
    Disagreement,
    FieldChange,
    VerdictChange,
    compare,
    disagreements,
    render_comparison,
    run_fields,
)
from harness.results.html import AreaRow, TrapSurface, area_rows, render_html, report_context, trap_surfaces
from harness.results.junit import junit_xml
from harness.results.model import (
    BROKEN,
    ERROR,
    FAIL,
    FAILING,
    JUNIT_XML,
    LATEST,
    PASS,
    REPORT_HTML,
    RESULTS_JSON,
    RESULTS_LIMIT,
    SCAN,
    SCAN_SARIF,
    SCHEMA,
    TEXT_CAP,
    UNSUPPORTED,
    VERDICTS,
    XFAIL,
    XPASS,
    CaseResult,
    RunRecord,
    count_verdicts,
    jsonable,
    load_run,
    new_run_id,
)
from harness.results.rundir import KEEP_RUNS, atomic_write, prune_runs, update_latest, write_run
from harness.results.sarif import merge_sarif, scan_sarif

__all__ = [
    "KNOWN_SCHEMA",
    "Baseline",
    "BaselineError",
    "KnownItem",
    "KnownResults",
    "SinceBaseline",
    "known_results_text",
    "load_baseline",
    "parse_known",
    "render_since",
    "since_baseline",
    "BROKEN",
    "ERROR",
    "FAIL",
    "FAILING",
    "JUNIT_XML",
    "KEEP_RUNS",
    "LATEST",
    "PASS",
    "REPORT_ATTR",
    "REPORT_HTML",
    "RESULTS_JSON",
    "RESULTS_LIMIT",
    "RUN_FIELDS",
    "SARIF_ATTR",
    "SCAN",
    "SCAN_SARIF",
    "SCHEMA",
    "TEXT_CAP",
    "UNSUPPORTED",
    "VERDICTS",
    "XFAIL",
    "XPASS",
    "AreaRow",
    "CaseResult",
    "Comparison",
    "Disagreement",
    "FieldChange",
    "ResultCollector",
    "RunRecord",
    "TrapSurface",
    "VerdictChange",
    "area_rows",
    "atomic_write",
    "attach",
    "attach_broken",
    "compare",
    "count_verdicts",
    "disagreements",
    "expectation_json",
    "jsonable",
    "junit_xml",
    "load_run",
    "merge_sarif",
    "narrowed_by",
    "new_run_id",
    "prune_runs",
    "render_comparison",
    "render_html",
    "report_context",
    "run_actual_json",
    "run_fields",
    "scan_actual_json",
    "scan_sarif",
    "trap_surfaces",
    "update_latest",
    "verdict_of",
    "write_run",
    "zerovm_info",
]
