"""zerovm's final report, as the release build prints it (src/main/report.c Report)."""

from __future__ import annotations

from dataclasses import dataclass

from harness.targets.ref.channels import Accounting


@dataclass(frozen=True)
class ReportData:
    validator_state: int
    daemon: int
    user_code: int
    etags: tuple[tuple[str, str], ...]
    accounting: Accounting
    exit_state: str


def etag_line(etags: tuple[tuple[str, str], ...]) -> str:
    """"alias digest" pairs; with none, "disabled" loses its last character like the trailing space does."""
    if not etags:
        return "disable"
    return " ".join(f"{alias} {digest}" for alias, digest in etags)


def render(data: ReportData, mode: int = 0) -> str:
    """The bytes zerovm writes to stdout for report mode `mode` (-t)."""
    text = (f"{data.validator_state}\n{data.daemon}\n{data.user_code}\n{etag_line(data.etags)}\n"
            f"{data.accounting.line()}\n{data.exit_state}\n\n")
    if mode == 0:
        return text
    if mode == 3:
        # OutputReport: "0x%06x" of strlen(), a count of bytes (an exit state may hold any path)
        return f"0x{len(text.encode('utf-8', 'surrogateescape')):06x}{text}"
    return ""  # -t1 goes to syslog; any other mode prints nothing
