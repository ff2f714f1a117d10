"""A finding as a ready-to-commit case (cases/README.md): NAME.toml beside the program's source.

The case expects what the reference side did, so it passes there and fails on the other side.
The trial's session becomes the case's session: [build] and [[patch]] from its Program, the
standard channels' stdin and one [[channel]] per further channel, Memory and Timeout, zerovm's
options.  A session the generated-manifest keys cannot say (changed standard channels, a Memory
etag, more manifest keys, a manifest template of its own) becomes a `manifest` template with its
channels' data as [files].  The scan expectation is the reference side's validator verdict where
its report gives one, else the static scanner's.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from harness.fuzz.compare import ScanVerdict
from harness.fuzz.model import Trial
from harness.report import ACCOUNTING_FIELDS
from harness.targets import STREAM_OUTPUT, RunResult, Session, standard_channels

_NAME = re.compile(r"[^A-Za-z0-9_]+")
# What varies from run to run in an exit state: the session directory, a PIE zerovm's own address.
_VARYING = re.compile(r"(/tmp/zvm-session-[^/\s]+)|(?<=from trusted code: Halting at 0x)([0-9A-Fa-f]+)")
_SOURCE_SUFFIXES = (".c", ".s", ".S")


class EmitError(Exception):
    """The trial cannot be said as a case (the reason is the message)."""


def case_name(trial: Trial) -> str:
    """fuzz_<generator>_<seed>: unique within a campaign, and it names the seed that replays it."""
    return _NAME.sub("_", f"fuzz_{trial.generator}_{trial.seed}").strip("_")


def emit_case(trial: Trial, expected: RunResult, directory: Path, *, description: str,
              scan: ScanVerdict | None = None, name: str | None = None) -> Path:
    """Write the case of `trial` expecting `expected` (one target's result) under `directory`; its .toml."""
    name = name or case_name(trial)
    session = trial.session
    if session.job is not None:
        raise EmitError("a Job session's requests are not written as a case yet")
    if len(trial.program.sources) != 1:
        raise EmitError(f"a case has one source file; the program has {len(trial.program.sources)}")
    source_name, text = trial.program.sources[0]
    suffix = Path(source_name).suffix
    if suffix not in _SOURCE_SUFFIXES:
        raise EmitError(f"a case's source is C or assembly; the program's is {source_name}")
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f"description = {_str(description)}"]
    if suffix != ".c":
        lines.append(f"source = {_str(name + suffix)}")
    lines.append(f"opt = {_str(trial.program.opt)}")
    lines += _session_lines(session)
    lines += _build_lines(trial)
    lines += _scan_lines(expected, session, scan)
    lines += _run_lines(expected)
    (directory / f"{name}{suffix}").write_text(text)
    path = directory / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def _session_lines(session: Session) -> list[str]:
    lines = []
    if session.options:
        lines.append(f"options = [{', '.join(_str(o) for o in session.options)}]")
    stdin = _standard_stdin(session)
    if stdin is None or session.manifest is not None or session.memory_etag or session.keys or session.files:
        manifest, files = (session.manifest, list(session.files)) if session.manifest is not None else _template(
            session)
        lines.append(f"manifest = {_text_block(manifest)}")
        if files:
            lines += ["", "[files]", *(f"{_str(n)} = {_bytes(d)}" for n, d in files)]
        return lines
    lines += [f"memory = {session.memory}", f"timeout = {session.timeout}"]
    if stdin:
        lines.append(f"stdin = {_bytes(stdin)}")
    for channel in session.channels[3:]:
        lines += ["", "[[channel]]", f"alias = {_str(channel.alias)}"]
        lines += [f"{k} = {getattr(channel, k)}" for k in ("type", "etag", "gets", "get_size", "puts", "put_size")]
        if channel.data is not None:
            lines.append(f"data = {_bytes(channel.data)}")
        if channel.uri is not None:
            lines.append(f"uri = {_str(channel.uri)}")
    return lines


def _standard_stdin(session: Session) -> bytes | None:
    """The stdin data when the session starts with the three standard channels a case always has, else None."""
    head = session.channels[:3]
    if len(head) < 3:
        return None
    stdin = head[0].data if head[0].data is not None else b""
    if replace(head[0], data=stdin) != standard_channels(stdin)[0] or head[1:] != standard_channels()[1:]:
        return None
    return stdin


def _template(session: Session) -> tuple[str, list[tuple[str, bytes]]]:
    """The manifest the targets would write for `session`, as a template ({program}, {dir}), and its files."""
    from harness.targets.staging import program_path, stage_session

    with tempfile.TemporaryDirectory(prefix="zvm-emit-") as tmp:
        work = Path(tmp)
        text, _ = stage_session(replace(session, nexe=None), work)
        text = text.replace(program_path(work), "{program}").replace(str(work), "{dir}")
        files = [(p.name, p.read_bytes()) for p in sorted(work.iterdir()) if p.is_file()]
    return text, files


def _build_lines(trial: Trial) -> list[str]:
    program = trial.program
    lines = []
    if not program.sandbox or not program.runtime:
        lines += ["", "[build]"]
        if not program.sandbox:
            lines.append("sandbox = false")
        if not program.runtime:
            lines.append("runtime = false")
    for patch in program.patches:
        lines += ["", "[[patch]]", f"field = {_str(patch.field)}", f"value = {patch.value}"]
    return lines


def _scan_lines(expected: RunResult, session: Session, scan: ScanVerdict | None) -> list[str]:
    """[scan]: the reference's own validator verdict when its report has one (0 passed, 1 failed), else the
    scanner's; a case without [scan] expects a nexe that loads and validates."""
    loads, valid = (scan.loads, scan.valid) if scan is not None else (True, True)
    if expected.validator_state in (0, 1) and "-s" not in session.options:
        loads, valid = True, expected.validator_state == 0
    if loads and valid:
        rules = _policy_rules(session)
        return ["", "[scan]", f"findings = [{', '.join(map(_str, rules))}]"] if rules else []
    return ["", "[scan]", f"loads = {_bool(loads)}", *([f"valid = {_bool(valid)}"] if loads and valid is not None
                                                      else [])]


def _policy_rules(session: Session) -> list[str]:
    """The trap-policy errors the scan item will report for this nexe: a generated program calls trap slots
    and function codes on purpose, so its case lists them ([scan] findings) and the scan item checks them."""
    from harness.expected_findings import policy_errors
    from harness.results.actual import scan_actual_json

    if session.nexe is None:
        return []
    actual, _sarif = scan_actual_json(session.nexe, "a fuzz finding")
    return sorted({str(f.get("rule")) for f in policy_errors(actual)})


def _run_lines(result: RunResult) -> list[str]:
    lines = ["", "[run]"]
    if result.exit_code is None:
        raise EmitError(f"the reference side gave no exit code ({result.outcome})")
    lines.append(f"exit_code = {result.exit_code}")
    report = result.exit_state is not None
    if not report:
        lines.append("report = false")
    else:
        for key in ("validator_state", "daemon", "user_code"):
            value = getattr(result, key)
            if value is not None:
                lines.append(f"{key} = {value}")
        state = result.exit_state
        assert state is not None
        if _VARYING.search(state):
            lines.append(f"exit_state_pattern = {_str(_pattern(state))}")
        else:
            lines.append(f"exit_state = {_str(state)}")
    cut = {c.alias for c in result.cut if c.stream == STREAM_OUTPUT}
    for key, alias in (("stdout", "/dev/stdout"), ("stderr", "/dev/stderr")):
        if alias in result.outputs and alias not in cut:
            lines.append(f"{key} = {_bytes(result.outputs[alias])}")
    if result.stray_stdout:
        lines.append(f"stray_stdout = {_bytes(result.stray_stdout.encode('utf-8', 'surrogateescape'))}")
    if result.raw_stderr:
        lines.append(f"stray_stderr = {_bytes(result.raw_stderr.encode('utf-8', 'surrogateescape'))}")
    others = [(alias, data) for alias, data in result.outputs.items()
              if alias not in ("/dev/stdout", "/dev/stderr") and alias not in cut]
    if others:
        lines += ["", "[run.outputs]", *(f"{_str(alias)} = {_bytes(data)}" for alias, data in others)]
    if report and not result.etags:
        lines.insert(lines.index("[run]") + 1, "etags = {}")  # the report's etags line reads "disable"
    elif report:
        if len({alias for alias, _ in result.etags}) == len(result.etags):
            lines += ["", "[run.etags]", *(f"{_str(alias)} = {_str(tag)}" for alias, tag in result.etags)]
        else:
            pairs = ", ".join(f"[{_str(alias)}, {_str(tag)}]" for alias, tag in result.etags)
            lines.insert(lines.index("[run]") + 1, f"etags = [{pairs}]")
    counters = dict(zip(ACCOUNTING_FIELDS, result.accounting, strict=False))
    named = [(k, v) for k, v in counters.items() if not k.endswith("_s") and isinstance(v, int)]
    if report and named:
        lines += ["", "[run.accounting]", *(f"{k} = {v}" for k, v in named)]
    return lines


def _pattern(state: str) -> str:
    """A regular expression matching `state` exactly, except the parts that vary from run to run."""
    out, pos = [], 0
    for m in _VARYING.finditer(state):
        out.append(re.escape(state[pos:m.start()]))
        out.append(r"/tmp/zvm-session-[^/\s]+" if m.group(1) else "[0-9A-Fa-f]+")
        pos = m.end()
    out.append(re.escape(state[pos:]))
    return "".join(out)


def _str(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML wants DEL escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _text_block(text: str) -> str:
    """A TOML multi-line basic string when the text has lines (a manifest reads as one), else a basic string."""
    if "\n" not in text:
        return _str(text)
    return '"""\n' + "\n".join(_str(line)[1:-1] for line in text.split("\n")) + '"""'


def _bytes(data: bytes) -> str:
    """Bytes as the case format takes them: UTF-8 text as a string, anything else as hex."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return f'{{ hex = "{data.hex()}" }}'
    return _str(text)


def _bool(value: bool | None) -> str:
    return "true" if value else "false"


__all__ = ["EmitError", "case_name", "emit_case"]
