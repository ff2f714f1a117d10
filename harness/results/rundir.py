"""The run directory `results/<run-id>/`: writing its files, `results/latest`, pruning old runs.

`results/latest` names the last full run (see `collect.narrowed_by`).  Every run writes a
directory; past the newest KEEP_RUNS, older ones are deleted unless pinned: named by a
link or a small file in `results/` (`latest`, say `baseline -> <run-id>`), or holding a
file called `keep`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

from harness.results.html import render_html
from harness.results.junit import junit_xml
from harness.results.model import (
    JUNIT_XML,
    LATEST,
    REPORT_HTML,
    RESULTS_JSON,
    SCAN_SARIF,
    CaseResult,
    RunRecord,
)
from harness.results.sarif import merge_sarif, scan_sarif


def write_run(record: RunRecord, run_dir: Path,
              sarif_logs: list[tuple[CaseResult, dict[str, Any]]] | None = None) -> list[str]:
    """Write every file of a run; returns the problems with the optional ones (SARIF, HTML).

    results.json and junit.xml are the record and must exist, so their errors propagate;
    the SARIF and the HTML depend on other modules (the scanner, jinja2), and a problem
    there is reported rather than losing the record.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(run_dir / RESULTS_JSON, json.dumps(record.to_json(), indent=1) + "\n")
    atomic_write(run_dir / JUNIT_XML, junit_xml(record))
    problems: list[str] = []
    try:
        log = merge_sarif(record, sarif_logs) if sarif_logs else scan_sarif(record)
        atomic_write(run_dir / SCAN_SARIF, json.dumps(log, indent=1) + "\n")
    except Exception as exc:  # see the docstring
        problems.append(f"{SCAN_SARIF} not written: {type(exc).__name__}: {exc}")
    try:
        atomic_write(run_dir / REPORT_HTML, render_html(record, run_dir))
    except Exception as exc:  # see the docstring
        problems.append(f"{REPORT_HTML} not written: {type(exc).__name__}: {exc}")
    return problems


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and os.replace: readers never see half a file."""
    # Not tempfile.mkstemp: its files are 0600, and a run directory is meant to be shared and read.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        with open(tmp, "x", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def update_latest(run_dir: Path) -> None:
    """Point `results/latest` at this run: a symlink, or a text file naming it where links fail."""
    latest = run_dir.parent / LATEST
    tmp = run_dir.parent / f".{LATEST}.{os.getpid()}"
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(run_dir.name, target_is_directory=True)
        os.replace(tmp, latest)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if latest.is_symlink():
            latest.unlink()
        atomic_write(latest, run_dir.name + "\n")


KEEP_RUNS = 20  # run directories kept under results/, besides pinned ones
KEEP_FILE = "keep"  # a run directory holding a file of this name is never pruned
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")  # what new_run_id makes: only such directories are pruned


def pinned_runs(results_root: Path) -> set[str]:
    """Run ids named by the links and small files in `results_root` (`latest`, a `baseline` a person made)."""
    names: set[str] = set()
    for entry in results_root.iterdir():
        try:
            if entry.is_symlink():
                names.add(Path(os.readlink(entry)).name)
            elif entry.is_file() and entry.stat().st_size <= 4096:
                names.add(entry.read_text(encoding="utf-8", errors="replace").strip())
        except OSError:
            continue
    return names


def prune_runs(results_root: Path, keep: int = KEEP_RUNS) -> tuple[list[Path], list[str]]:
    """Delete the run directories of `results_root` past the newest `keep`, except pinned ones.

    Returns the directories removed and the problems met (a directory that would not go).
    """
    try:
        runs = sorted(p for p in results_root.iterdir()
                      if RUN_ID.fullmatch(p.name) and p.is_dir() and not p.is_symlink())
        pinned = pinned_runs(results_root)
    except OSError as exc:
        return [], [f"old runs not pruned: {exc}"]
    removed: list[Path] = []
    problems: list[str] = []
    for run in runs[:-keep] if keep > 0 else runs:
        if run.name in pinned or (run / KEEP_FILE).exists():
            continue
        try:
            shutil.rmtree(run)
        except OSError as exc:
            problems.append(f"old run {run.name} not removed: {exc}")
        else:
            removed.append(run)
    return removed, problems
