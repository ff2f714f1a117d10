"""Which generators a campaign can use: a name -> "module:Class" registry, loaded on demand.

A generator's module may be absent (it lives on another branch, or was left out of a build):
it is then unavailable, with the reason, and the others still run.  A name containing ":" is
taken as an import path itself, so a project can plug in a generator of its own
(`--generator mypkg.gen:MyGenerator`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from harness.fuzz.model import Generator

REGISTRY: dict[str, str] = {
    "trap": "harness.fuzz.trapgen:TrapGenerator",
    "csmith": "harness.fuzz.csmithgen:CsmithGenerator",
    "manifest": "harness.fuzz.manifests:ManifestGenerator",
    "nexe": "harness.fuzz.nexes:NexeGenerator",
}


class UnknownGenerator(ValueError):
    """A name that is neither registered nor an import path."""


@dataclass(frozen=True)
class Loaded:
    """A generator by name: the instance, or why there is none on this machine."""

    name: str
    generator: Generator | None
    reason: str | None = None  # why `generator` is None


def import_path(name: str) -> str:
    """The "module:Class" a generator name stands for; UnknownGenerator for a name that is neither."""
    if ":" in name:
        return name
    if name not in REGISTRY:
        raise UnknownGenerator(f"unknown generator {name!r} (known: {', '.join(REGISTRY)}; or module:Class)")
    return REGISTRY[name]


def load(name: str) -> Loaded:
    """Generator `name` instantiated, or the reason it cannot run here (a missing module, its own reason)."""
    path = import_path(name)
    module_name, _, class_name = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            return Loaded(name, None, f"module {module_name} is not installed")
        return Loaded(name, None, f"module {module_name} cannot be imported: {exc}")
    except ImportError as exc:
        return Loaded(name, None, f"module {module_name} cannot be imported: {exc}")
    cls = getattr(module, class_name, None)
    if cls is None:
        return Loaded(name, None, f"module {module_name} has no {class_name}")
    generator = cls()
    reason = generator.unavailable()
    return Loaded(name, None if reason else generator, reason)


__all__ = ["REGISTRY", "Loaded", "UnknownGenerator", "import_path", "load"]
