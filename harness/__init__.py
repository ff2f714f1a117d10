"""The ZeroVM conformance harness: build nexes, scan them, run them and assert."""

__version__ = "0.1.0"
