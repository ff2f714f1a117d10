"""zerovm's report in its three printed forms."""

from __future__ import annotations

import pytest

from harness.report import ReportError, parse_report

RELEASE = "0\n0\n42\ndisable\n0.00 0.01 12 37 2 6 0 0 0 0\nok\n\n"


def test_release_report() -> None:
    r = parse_report(RELEASE)
    assert (r.validator_state, r.daemon, r.user_code, r.etags, r.exit_state) == (0, 0, 42, (), "ok")
    assert r.accounting == (0.0, 0.01, 12, 37, 2, 6, 0, 0, 0, 0)
    assert r.accounting_dict()["local_get_bytes"] == 37


def test_debug_labelled_report() -> None:
    text = ("validator state = 1\ndaemon = 0\nuser return code = -5\netag(s) = disable\n"
            "accounting = 0.00 0.00 0 0 0 0 0 0 0 0\nexit state = src/main/zerovm.c 145: validation failed\n"
            "zerovm -v3 x.manifest\n")
    r = parse_report(text)
    assert (r.validator_state, r.user_code, r.exit_state) == (1, -5, "src/main/zerovm.c 145: validation failed")


def test_length_prefixed_report() -> None:
    # As zerovm -t3 prints it: "0x%06x" and the report, with no newline between them.
    text = "0\n0\n0\ndisable\n0.00 0.00 0 0 0 0 0 0 0 0\nok\n\n"
    r = parse_report(f"0x{len(text):06x}" + text)
    assert (r.validator_state, r.user_code, r.exit_state) == (0, 0, "ok")


def test_etags_and_signal_state() -> None:
    etags = ("/dev/stdin da39a3ee5e6b4b0d3255bfef95601890afd80709 "
             "/dev/stdout f572d396fae9206628714fb2ce00f72e94f2258f")
    text = (f"0\n0\n0\n{etags}\n0.00 0.00 1 0 1 6 0 0 0 0\n"
            "Signal 11 from untrusted code: Halting at 0x440A0002003F\n\n")
    r = parse_report(text)
    assert dict(r.etags)["/dev/stdout"].startswith("f572d3")
    assert r.exit_state.startswith("Signal 11")


@pytest.mark.parametrize("text", ["", "garbage", "0\n0\nx\ndisable\n0 0 0 0 0 0 0 0 0 0\nok\n",
                                  "0\n0\n0\ndisable\n0.00 0.00 1 2\nok\n", "0\n0\n0\nodd\n0 0 0 0 0 0 0 0 0 0\nok\n"])
def test_not_a_report(text: str) -> None:
    with pytest.raises(ReportError):
        parse_report(text)
