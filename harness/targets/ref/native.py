"""The native hooks of hooks.c: built once with the host's C compiler, cached by content.

`hooks()` returns the loaded library, or None when it cannot be built (no C compiler):
the machine then runs the same hooks in Python (same semantics, ~20x slower).  Load it in
the harness's own process before a session forks and drops to zerovm's user, who may not
read the cache (RefTarget does).
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import subprocess
from pathlib import Path

from harness.cache import FileCache, digest

SOURCE = Path(__file__).with_name("hooks.c")
CC = os.environ.get("CC", "gcc")
CFLAGS = ("-O2", "-shared", "-fPIC", "-fno-strict-aliasing")

MISS = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_uint64, ctypes.c_uint32)
FORMS = ctypes.CFUNCTYPE(None, ctypes.c_uint64, ctypes.c_uint32)


class BudgetState(ctypes.Structure):
    """The public head of hooks.c's struct budget."""

    _fields_ = [("executed", ctypes.c_uint64), ("limit", ctypes.c_uint64), ("stopped", ctypes.c_uint64),
                ("fault_pc", ctypes.c_uint64), ("fault_kind", ctypes.c_uint64), ("misses", ctypes.c_uint64),
                ("unmapped", ctypes.c_uint64), ("denied", ctypes.c_uint64),
                ("recheck_pc", ctypes.c_uint64), ("recheck_size", ctypes.c_uint64)]


def _build(source: bytes, out: Path) -> None:
    src = out.with_suffix(".c")
    src.write_bytes(source)
    try:
        subprocess.run([CC, *CFLAGS, "-o", str(out), str(src)], check=True, capture_output=True, timeout=120)
    finally:
        src.unlink(missing_ok=True)


@functools.cache
def hooks() -> ctypes.CDLL | None:
    if os.environ.get("ZVM_REF_NATIVE", "1") == "0" or shutil.which(CC) is None:
        return None
    try:
        source = SOURCE.read_bytes()  # package data: see pyproject.toml
        path = FileCache().get_or_create(digest(["ref-hooks-3", source, CC, *CFLAGS]), ".so",
                                         lambda out: _build(source, out))
        lib = ctypes.CDLL(str(path))
    except (OSError, subprocess.SubprocessError):
        return None
    from unicorn.unicorn_py3.unicorn import uclib

    lib.zb_init.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.zb_init(ctypes.cast(uclib.uc_emu_stop, ctypes.c_void_p), ctypes.cast(uclib.uc_reg_read, ctypes.c_void_p))
    lib.zb_new.restype = ctypes.POINTER(BudgetState)
    lib.zb_new.argtypes = [ctypes.c_uint64, MISS]
    budget = ctypes.POINTER(BudgetState)
    lib.zb_free.argtypes = [budget]
    lib.zb_clear_blocks.argtypes = [budget]
    lib.zb_add_region.argtypes = [budget, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_char_p]
    lib.zb_remove_regions.argtypes = [budget, ctypes.c_uint64, ctypes.c_uint64]
    lib.zb_set_limit.argtypes = [budget, ctypes.c_uint64]
    lib.zb_add_check.argtypes = [budget, ctypes.c_uint64, ctypes.c_int32, ctypes.c_int32, ctypes.c_int32,
                                 ctypes.c_int64, ctypes.c_int32]
    lib.zb_remove_checks.argtypes = [budget, ctypes.c_uint64, ctypes.c_uint64]
    lib.zb_set_forms.argtypes = [budget, FORMS]
    lib.zb_push_form.argtypes = [budget, ctypes.c_uint64, ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p,
                                 ctypes.c_uint32]
    lib.zb_mark_block_check.argtypes = [budget, ctypes.c_uint64, ctypes.c_int]
    lib.zb_set_prots.argtypes = [budget, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    return lib
