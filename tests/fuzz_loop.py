"""A minimal differential loop for the generators' own tests: generate, run on two targets, compare.

(The campaign proper, with its comparison, minimising and case files, is `python -m harness fuzz`.)
"""

from __future__ import annotations

import re

from harness.fuzz.model import Difference
from harness.targets import RunResult

_TRUSTED = re.compile(r"(from trusted code: Halting at 0x)[0-9A-Fa-f]+")
_STAGING = re.compile(r"/tmp/zvm-session-[^/ ']+")

FIELDS = ("outcome", "exit_code", "validator_state", "daemon", "user_code", "etags", "outputs")


def _state(result: RunResult) -> str:
    return _STAGING.sub("<staging>", _TRUSTED.sub(r"\1<host>", result.exit_state or ""))


def differences(a: RunResult, b: RunResult) -> list[Difference]:
    """The fields on which two results of one trial differ (zerovm's times left out)."""
    out = [Difference(name, getattr(a, name), getattr(b, name)) for name in FIELDS
           if getattr(a, name) != getattr(b, name)]
    if _state(a) != _state(b):
        out.append(Difference("exit_state", a.exit_state, b.exit_state))
    if tuple(a.accounting[2:]) != tuple(b.accounting[2:]):
        out.append(Difference("accounting", a.accounting[2:], b.accounting[2:]))
    return out
