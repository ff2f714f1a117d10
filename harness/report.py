"""zerovm's session report, in each form it prints (ZEROVM.md section 3).

Release builds print seven bare lines; DEBUG builds label them (`validator state = 0`);
`-t3` prefixes the text with its length as `0x%06x`.  All parse to one `Report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCOUNTING_FIELDS = ("sys_s", "user_s", "local_gets", "local_get_bytes", "local_puts", "local_put_bytes",
                     "net_gets", "net_get_bytes", "net_puts", "net_put_bytes")

_LABELS = ("validator state", "daemon", "user return code", "etag(s)", "accounting", "exit state")
# `-t3` puts the report's length as `0x%06x` directly before its first line (no newline).
_LENGTH_PREFIX = re.compile(r"^0x[0-9a-fA-F]{6}")


class ReportError(ValueError):
    """The text is not a zerovm report."""


@dataclass(frozen=True)
class Report:
    validator_state: int  # 0 passed, 1 failed, 2 not run
    daemon: int
    user_code: int
    etags: tuple[tuple[str, str], ...]  # (alias, sha1 hex); empty when the line reads "disable"
    accounting: tuple[float, float, int, int, int, int, int, int, int, int]
    exit_state: str

    def accounting_dict(self) -> dict[str, float | int]:
        return dict(zip(ACCOUNTING_FIELDS, self.accounting, strict=True))


def _strip_label(line: str, label: str) -> str:
    prefix = f"{label} = "
    return line[len(prefix):] if line.startswith(prefix) else line


def parse_report(text: str) -> Report:
    """Parse the report zerovm printed on stdout; raises ReportError if it is not one."""
    m = _LENGTH_PREFIX.match(text)
    if m:
        text = text[m.end():]
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 6:
        raise ReportError(f"a zerovm report has at least 6 lines, this has {len(lines)}")
    fields = [_strip_label(line, label) for line, label in zip(lines[:6], _LABELS, strict=True)]
    try:
        validator_state, daemon, user_code = int(fields[0]), int(fields[1]), int(fields[2])
    except ValueError as exc:
        raise ReportError(f"report lines 1-3 must be integers: {fields[:3]!r}") from exc
    etag_words = fields[3].split()
    if fields[3].strip() in ("disable", "disabled", ""):
        etags: tuple[tuple[str, str], ...] = ()
    elif len(etag_words) % 2 == 0:
        etags = tuple((etag_words[i], etag_words[i + 1]) for i in range(0, len(etag_words), 2))
    else:
        raise ReportError(f"report line 4 is not alias/digest pairs: {fields[3]!r}")
    acc = fields[4].split()
    if len(acc) != len(ACCOUNTING_FIELDS):
        raise ReportError(f"report line 5 needs {len(ACCOUNTING_FIELDS)} accounting fields, has {len(acc)}")
    try:
        accounting = (float(acc[0]), float(acc[1]), *(int(v) for v in acc[2:]))
    except ValueError as exc:
        raise ReportError(f"report line 5 is not numeric: {fields[4]!r}") from exc
    return Report(validator_state, daemon, user_code, etags, accounting, fields[5])  # type: ignore[arg-type]


_LENGTH_AT = re.compile(r"0x([0-9a-fA-F]{6})")
REPORT_LINES = 7


@dataclass(frozen=True)
class SplitStdout:
    """zerovm's stdout taken apart: what came before the report, the report's -t3 length prefix, the report."""

    stray: str
    prefix: str  # "0x%06x" when the report had one (-t3), else ""
    report: Report


def split_report(stdout: str) -> SplitStdout:
    """What stdout held before the report, the report's prefix and the report; or ReportError.

    The report is always the last seven lines of zerovm's stdout (the seventh empty in a
    release build).  Anything before it is output of a /dev/stdout channel or does not
    belong there, and a channel's last line without a newline is glued to the report's
    first line, which is then split: after a `-t3` prefix `0x%06x` whose length is
    exactly the rest of the report, after a DEBUG build's label, else before the single
    digit of the validator state.
    """
    if not stdout.endswith("\n"):
        raise ReportError("zerovm's stdout does not end with a newline, so it does not end with a report")
    lines = stdout.split("\n")
    if len(lines) < REPORT_LINES + 1:
        raise ReportError(f"a zerovm report has {REPORT_LINES} lines, stdout has {len(lines) - 1}")
    first, rest = lines[-REPORT_LINES - 1], "\n".join(lines[-REPORT_LINES:])
    start = None
    for m in _LENGTH_AT.finditer(first):
        if int(m.group(1), 16) == len((first[m.end():] + "\n" + rest).encode()):
            start = m.start()  # the last fit: the report's own prefix is the one nearest the report
    if start is None:
        labelled = first.rfind(f"{_LABELS[0]} = ")
        start = labelled if labelled >= 0 else max(len(first) - 1, 0)
    report_text = first[start:] + "\n" + rest
    if f"{_LABELS[0]} = " not in first[start:] and lines[-2] != "":
        raise ReportError(f"a release build's report ends with an empty line, this one with {lines[-2][:80]!r}")
    report = parse_report(report_text)
    before = "\n".join(lines[:-REPORT_LINES - 1])
    lead = _LENGTH_PREFIX.match(report_text)
    prefix = lead.group(0) if lead else ""
    return SplitStdout((before + "\n" if len(lines) > REPORT_LINES + 1 else "") + first[:start], prefix, report)
