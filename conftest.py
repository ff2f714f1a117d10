"""pytest configuration shared by the conformance suite (cases/) and the harness's own tests (tests/)."""

pytest_plugins = ["harness.plugin", "pytester"]
