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
