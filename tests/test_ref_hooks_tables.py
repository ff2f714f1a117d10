"""The tables of the reference executor's native hooks (harness/targets/ref/hooks.c) stay usable
whatever the program: a nexe with more translation blocks or SSE instructions than a table's first
size must neither hang a probe nor be refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from harness.targets.ref import native

pytestmark = pytest.mark.skipif(native.hooks() is None, reason="no C compiler: the ref uses its Python hooks")

# In a child process: a probe that never ends (the bug this guards against) must fail the test, not hang it.
PROGRAM = textwrap.dedent("""
    import ctypes
    from harness.targets.ref import native
    lib = native.hooks()
    lib.zb_block_hook.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint32, ctypes.POINTER(native.BudgetState)]
    lib.zb_code_hook.argtypes = lib.zb_block_hook.argtypes
    calls = []
    miss = native.MISS(lambda pc, size: calls.append(pc) or 1)
    state = lib.zb_new(1 << 62, miss)
    base = 0x440A00020000
    for k in range(200_000):  # three times the block cache
        lib.zb_block_hook(None, base + 32 * k, 32, state)
    assert state.contents.executed == 200_000, state.contents.executed
    lib.zb_block_hook(None, base, 32, state)  # counted again from the cache or by a miss: either way once
    assert state.contents.executed == 200_001
    for k in range(20_000):  # five times the check table's first size
        assert lib.zb_add_check(state, base + 32 * k, -1, -1, 1, 16, 1) == 0, k
    lib.zb_remove_checks(state, base, base + 32 * 10_000)
    for k in range(0, 20_000, 997):
        lib.zb_code_hook(None, base + 32 * k, 4, state)  # aligned or removed: no stop (uc is NULL)
    assert state.contents.fault_pc == 0
    lib.zb_free(state)
    print("ok", len(calls))
""")


def test_tables_outgrow_their_first_size() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")
    assert int(done.stdout.split()[1]) >= 200_000  # every block was counted by a miss at least once
