"""The reference executor against a real zerovm, session by session (skipped without ZEROVM).

Every session of test_ref_run.py runs on both targets; the comparison covers the
exit code, the report (validator state, daemon, user code, etags, the accounting
counts -- zerovm's times are real, the model's 0.00), the exit state and every
output channel.  Two things are normalised: the host address in "from trusted code"
exit states (a PIE zerovm's own code) and the staging directory in channel paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.targets import RunResult
from harness.targets.ref import RefTarget
from harness.targets.zerovm import ZerovmTarget
from tests.test_ref_run import ALL_SESSIONS
from tests.test_ref_run import nexes as built_nexes

pytestmark = pytest.mark.zerovm

_TRUSTED = re.compile(r"(from trusted code: Halting at 0x)[0-9A-F]+")
_STAGING = re.compile(r"/tmp/zvm-session-[^/ ]+/")


def comparable(result: RunResult) -> tuple[object, ...]:
    state = _STAGING.sub("<staging>/", _TRUSTED.sub(r"\1<host>", result.exit_state or ""))
    return (result.outcome, result.exit_code, result.validator_state, result.daemon, result.user_code, result.etags,
            tuple(result.accounting[2:]), state, result.outputs)


nexes = built_nexes  # the session-scoped fixture, shared with test_ref_run


@pytest.mark.parametrize("name", sorted(ALL_SESSIONS))
def test_ref_agrees_with_zerovm(zerovm: ZerovmTarget, nexes: dict[str, Path], name: str) -> None:
    session = ALL_SESSIONS[name](nexes)
    real = zerovm.run(session)
    model = RefTarget().run(session)
    assert comparable(model) == comparable(real)
