"""The schema of a case file: every table and key a case may have, its type and its sensible values.

A case whose file says something the harness does not understand must not pass while
checking nothing, so every key is known here: a misspelt key, a value of the wrong
type (TOML's `true` is not an integer, `"false"` is not a boolean), an impossible value
(a negative quota, an unknown optimisation level, a bad regular expression) is a
problem naming `file: key`.  `check_case` returns every problem of a document at once,
so one pass fixes a case.  The format is described for people in cases/README.md.

Each table is a `Table`: key -> `Key` (its kind and, optionally, a check of its value).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from harness.elfpatch import is_known_field
from harness.toolchain import OPT_LEVELS

XFAIL_TARGETS = ("ref", "zerovm")  # the targets a case can expect to fail on

# Kinds of value.  BYTES is a string (UTF-8) or {hex = "..."}; STRS a string or an array of strings;
# TABLES an array of tables ([[name]]); MAP a table whose keys are names the case chooses.
BOOL, INT, STR, BYTES, STRS, TABLE, TABLES, MAP = "bool", "int", "str", "bytes", "strs", "table", "tables", "map"
STRLIST = "strlist"  # an array of strings (and not one string)
# A MAP, or (when order and repeats matter) an array of [name, value] pairs: a report's etags line
# is a list, and a Job child's line can name one alias twice.
PAIRS_OR_MAP = "pairs-or-map"
_EXPECTED = {BOOL: "a boolean (true or false)", INT: "an integer", STR: "a string",
             BYTES: 'a string or {hex = "..."}', STRS: "a string or an array of strings", TABLE: "a table",
             TABLES: "an array of tables", MAP: "a table", STRLIST: "an array of strings",
             PAIRS_OR_MAP: 'a table or an array of ["name", "value"] pairs'}

Check = Callable[[Any], str | None]  # the problem with a value of the right kind, or None
Rule = Callable[[Mapping[str, Any]], tuple[str, str] | None]  # a table's (key, problem) across its keys, or None


@dataclass(frozen=True)
class Key:
    kind: str
    check: Check | None = None
    required: bool = False
    table: Table | None = None  # the keys of a TABLE or of each of TABLES
    values: Key | None = None  # every value of a MAP
    name_check: Check | None = None  # every key of a MAP


@dataclass(frozen=True)
class Table:
    keys: Mapping[str, Key]
    noun: str = "key"  # what an unknown key is called: "unknown target" reads better in [xfail]
    rules: tuple[Rule, ...] = ()


def _conflict(a: str, b: str, why: str) -> Rule:
    return lambda doc: (a, f"conflicts with {b} ({why})") if a in doc and b in doc else None


def _needs(a: str, b: str, why: str) -> Rule:
    return lambda doc: (a, f"needs {b} ({why})") if a in doc and b not in doc else None


def _validity_needs_loading(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    if doc.get("loads") is False and "valid" in doc:
        return "valid", "is never checked: a file zerovm does not load is not validated (loads = false)"
    return None


def _findings_need_loading(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    if doc.get("loads") is False and "findings" in doc:
        return "findings", "is never checked: a file zerovm does not load has no trap surface (loads = false)"
    return None


def _policy_rules(v: list[str]) -> str | None:
    # Imported here: the rule ids are the scanner's, and only the few cases that list findings need it.
    from harness.expected_findings import rule_list_problem

    return rule_list_problem(v)


def _at_least(low: int) -> Check:
    return lambda v: None if v >= low else f"must be at least {low}, not {v}"


def _between(low: int, high: int) -> Check:
    return lambda v: None if low <= v <= high else f"must be between {low} and {high}, not {v}"


def _one_of(*choices: int) -> Check:
    return lambda v: None if v in choices else f"must be one of {', '.join(map(str, choices))}, not {v}"


def _nonempty(v: str) -> str | None:
    return None if v else "must not be empty"


def _regex(v: str) -> str | None:
    try:
        re.compile(v)
    except re.error as exc:
        return f"not a regular expression: {exc}"
    return None


def _hex(v: str) -> str | None:
    try:
        bytes.fromhex(v)
    except ValueError as exc:
        return f"not hexadecimal: {exc}"
    return None


def _opt_levels(v: str | list[str]) -> str | None:
    opts = [v] if isinstance(v, str) else v
    if not opts:
        return "must name at least one optimisation level"
    bad = [o for o in opts if o not in OPT_LEVELS]
    if bad:
        return f"unknown optimisation level(s) {', '.join(map(repr, bad))}; known: {', '.join(OPT_LEVELS)}"
    if len(set(opts)) != len(opts):
        return "names an optimisation level twice"
    return None


def _elf_field(v: str) -> str | None:
    return None if is_known_field(v) else f"unknown ELF field {v!r} (see harness/elfpatch.py)"


def _sha1_hex(v: str) -> str | None:
    return None if re.fullmatch(r"[0-9a-f]{40}", v) else "not a SHA-1 digest (40 lower-case hexadecimal digits)"


def _names_a_counter(v: Mapping[str, Any]) -> str | None:
    return None if v else "names no counter (an empty table checks nothing)"


def _plain_file_name(v: str) -> str | None:
    # Files are written into the session directory as root: a name must not reach outside it.
    if not v or "/" in v or "\\" in v or "\0" in v or v in (".", ".."):
        return "not a plain file name (files are staged in the session directory, without sub-directories)"
    return None


ZEROVM_GETOPT = "PFQst:v:M:T:"  # zerovm.c ParseCommandLine; a letter before ":" takes a value
BAD_COMMAND_LINE_EXIT = 22  # zerovm prints its help on stdout and exits EINVAL


def bad_command_line(options: list[str] | tuple[str, ...]) -> str | None:
    """Why zerovm would print its help for these options put before its manifest, or None.

    getopt reads them in order: an unknown letter, or a second manifest (a bare word or
    -M: the harness's manifest comes last).  An option whose value would be the manifest's
    path is a case's mistake, not a command line to test (`_zerovm_options`).
    """
    args = list(options)
    while args:
        arg = args.pop(0)
        if arg == "--" or not arg.startswith("-") or arg == "-":
            return f"{arg!r} is a second manifest or ends the options"
        letters = arg[1:]
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter not in ZEROVM_GETOPT or letter == ":":
                return f"-{letter} is not an option of zerovm ({ZEROVM_GETOPT})"
            if ZEROVM_GETOPT[ZEROVM_GETOPT.index(letter) + 1:].startswith(":"):
                if not letters:
                    args = args[1:]
                if letter == "M":
                    return "-M names a second manifest"
                letters = ""
    return None


def _zerovm_options(v: list[str]) -> str | None:
    if any(not o or "\0" in o for o in v):
        return "an option must be a non-empty string without NUL"
    last = v[-1] if v else ""
    if last.startswith("-") and last != "-" and _takes_value(last[1:]):
        return f"{last} needs a value after it (else zerovm takes the manifest's path as its value)"
    return None


def _takes_value(letters: str) -> bool:
    """Whether a cluster of option letters ends wanting the next argument as its value."""
    for i, letter in enumerate(letters):
        if letter in ZEROVM_GETOPT and ZEROVM_GETOPT[ZEROVM_GETOPT.index(letter) + 1:].startswith(":"):
            return i == len(letters) - 1
    return False


def _bad_command_line_exit(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    options, run = doc.get("options"), doc.get("run")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        return None
    why = bad_command_line(options)
    if why is None:
        return None
    if not isinstance(run, dict) or run.get("exit_code") != BAD_COMMAND_LINE_EXIT or run.get("report") is not False:
        return "options", (f"{why}: zerovm prints its help and exits {BAD_COMMAND_LINE_EXIT}; a case about a bad "
                           f"command line says [run] exit_code = {BAD_COMMAND_LINE_EXIT} and report = false")
    return None


def _no_report_checks_nothing_of_it(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    if doc.get("report") is False:
        for key in ("validator_state", "daemon", "user_code", "exit_state", "exit_state_pattern", "etags",
                    "accounting"):
            if key in doc:
                return key, "is never checked: the case expects no report (report = false)"
    return None


_HEX = Table({"hex": Key(STR, _hex, required=True)})
_BYTES_VALUE = Key(BYTES)

SCAN = Table({
    "loads": Key(BOOL),
    "valid": Key(BOOL),
    "findings": Key(STRLIST, _policy_rules),
}, rules=(_validity_needs_loading, _findings_need_loading))

# The report's integer counters (harness.report.ACCOUNTING_FIELDS); its two times depend on the host.
ACCOUNTING_COUNTERS = ("local_gets", "local_get_bytes", "local_puts", "local_put_bytes",
                       "net_gets", "net_get_bytes", "net_puts", "net_put_bytes")
ACCOUNTING = Table({name: Key(INT, _at_least(0)) for name in ACCOUNTING_COUNTERS})

RUN = Table({
    "exit_code": Key(INT, _between(0, 255)),
    "validator_state": Key(INT, _one_of(0, 1, 2)),
    "daemon": Key(INT, _one_of(0, 1)),
    "user_code": Key(INT, _between(-(1 << 31), (1 << 31) - 1)),
    "exit_state": Key(STR),
    "exit_state_pattern": Key(STR, _regex),
    "stdout": _BYTES_VALUE,
    "stderr": _BYTES_VALUE,
    "outputs": Key(MAP, values=_BYTES_VALUE, name_check=_nonempty),
    "report": Key(BOOL),
    "stray_stdout": _BYTES_VALUE,
    "stray_stderr": _BYTES_VALUE,
    "etags": Key(PAIRS_OR_MAP, values=Key(STR, _sha1_hex), name_check=_nonempty),
    "accounting": Key(TABLE, _names_a_counter, table=ACCOUNTING),
}, rules=(_conflict("exit_state_pattern", "exit_state", "the pattern replaces exit_state; give one"),
          _no_report_checks_nothing_of_it))

CHANNEL = Table({
    "alias": Key(STR, _nonempty, required=True),
    "type": Key(INT, _between(0, 3)),
    "etag": Key(INT, _one_of(0, 1)),
    "gets": Key(INT, _at_least(0)),
    "get_size": Key(INT, _at_least(0)),
    "puts": Key(INT, _at_least(0)),
    "put_size": Key(INT, _at_least(0)),
    "data": _BYTES_VALUE,
    "uri": Key(STR, _nonempty),
}, rules=(_conflict("data", "uri", "data is staged only for a channel without a uri"),))

BUILD = Table({
    "sandbox": Key(BOOL),
    "runtime": Key(BOOL),
    "truncate": Key(INT, _at_least(0)),
})

PATCH = Table({
    "field": Key(STR, _elf_field, required=True),
    "value": Key(INT, required=True),
})

# A child session of a Job: its report comes back on the daemon's socket.  Its exit status
# reaches nobody (the daemon reaps it) and its stderr is the daemon's /dev/null.
CHILD_RUN = Table({key: spec for key, spec in RUN.keys.items() if key not in ("exit_code", "stray_stderr")},
                  rules=RUN.rules)


def _hangup_reads_no_report(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    run = doc.get("run", {})
    if doc.get("hangup") is True and (not isinstance(run, dict) or run.get("report") is not False):
        return "hangup", "the client never reads the child's report: say run.report = false (outputs are still checked)"
    return None


_REQUEST_GIVES = "the request's manifest or bytes give them; say it there"
REQUEST = Table({
    "stdin": _BYTES_VALUE,
    "timeout": Key(INT, _at_least(1)),
    "data": Key(MAP, values=_BYTES_VALUE, name_check=_nonempty),
    "channel": Key(TABLES, table=CHANNEL),
    "manifest": Key(STR),
    "raw": _BYTES_VALUE,
    "hangup": Key(BOOL),
    "run": Key(TABLE, table=CHILD_RUN),
}, rules=(*(_conflict(key, other, _REQUEST_GIVES) for other in ("manifest", "raw")
            for key in ("stdin", "timeout", "data", "channel")),
          _conflict("raw", "manifest", "raw is the whole request, manifest included"),
          _hangup_reads_no_report))

JOB = Table({
    "request": Key(TABLES, table=REQUEST),
})

XFAIL = Table({target: Key(STR, _nonempty) for target in XFAIL_TARGETS}, noun="target")

NODE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _node_name(v: str) -> str | None:
    return None if NODE_NAME.fullmatch(v) else "not a node name ([A-Za-z_][A-Za-z0-9_-]*)"


# One session of a cluster case: the keys of a session, per node (harness.targets.Cluster).
NODE = Table({
    "name": Key(STR, _node_name, required=True),
    "source": Key(STR, _nonempty),
    "stdin": _BYTES_VALUE,
    "memory": Key(INT, _at_least(1)),
    "timeout": Key(INT, _at_least(1)),
    "options": Key(STRLIST, _zerovm_options),
    "keys": Key(MAP, values=Key(STR), name_check=_nonempty),
    "channel": Key(TABLES, table=CHANNEL),
    "run": Key(TABLE, table=RUN),
})

# With [[node]] the sessions are the nodes': these top-level keys would describe a session nobody runs.
SESSION_KEYS = ("stdin", "memory", "timeout", "manifest", "files", "run", "channel", "options", "job", "patch",
                "scan")


def _nodes_replace_the_session(doc: Mapping[str, Any]) -> tuple[str, str] | None:
    if "node" not in doc:
        return ("name_server", "needs [[node]] (only a cluster has a name server)") if "name_server" in doc else None
    for key in SESSION_KEYS:
        if key in doc:
            return key, ("is a session's key, and a case with [[node]] runs the nodes' sessions: say it in each "
                         "[[node]] (stdin, memory, timeout, options, keys, [[node.channel]], [node.run])")
    return None


def _unique_node_names(v: list[Any]) -> str | None:
    names = [n.get("name") for n in v if isinstance(n, dict) and isinstance(n.get("name"), str)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        return f"node name(s) {', '.join(map(repr, twice))} given twice"
    if not v:
        return "names no node (an empty cluster runs nothing)"
    return None

_MANIFEST_GIVES = "the manifest gives its own; say it there"
CASE = Table({
    "description": Key(STR),
    "source": Key(STR, _nonempty),
    "opt": Key(STRS, _opt_levels),
    "memory": Key(INT, _at_least(1)),
    "timeout": Key(INT, _at_least(1)),
    "stdin": _BYTES_VALUE,
    "manifest": Key(STR),
    "files": Key(MAP, values=_BYTES_VALUE, name_check=_plain_file_name),
    "scan": Key(TABLE, table=SCAN),
    "run": Key(TABLE, table=RUN),
    "channel": Key(TABLES, table=CHANNEL),
    "build": Key(TABLE, table=BUILD),
    "patch": Key(TABLES, table=PATCH),
    "xfail": Key(TABLE, table=XFAIL),
    "options": Key(STRLIST, _zerovm_options),
    "job": Key(TABLE, table=JOB),
    "node": Key(TABLES, _unique_node_names, table=NODE),
    "name_server": Key(BOOL),
}, rules=(*(_conflict(key, "manifest", _MANIFEST_GIVES) for key in ("channel", "stdin", "memory", "timeout")),
           _needs("files", "manifest", "only a manifest template can name them, through {dir}"),
           _bad_command_line_exit, _nodes_replace_the_session))


def check_case(doc: Mapping[str, Any], where: str) -> list[str]:
    """Every problem of a case document, each as `where: key: problem`."""
    problems: list[str] = []
    _check_table(CASE, doc, "", where, problems)
    if not problems and "node" in doc:
        problems += _link_problems(doc["node"], where)
    return problems


_LINK = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")  # as harness.targets.network.LINK; {port:x} does not match


def _link_problems(nodes: list[Mapping[str, Any]], where: str) -> list[str]:
    """A `tcp:{b}` uri that names no node of the case (the schema has checked the shape)."""
    names = [node["name"] for node in nodes]
    problems = []
    for i, node in enumerate(nodes):
        for c, channel in enumerate(node.get("channel", [])):
            for name in _LINK.findall(channel.get("uri", "")):
                if name not in names:
                    problems.append(f"{where}: node[{i}].channel[{c}].uri: names node {name!r}, which the case "
                                    f"does not have (its nodes: {', '.join(names)})")
    return problems


def dotted(prefix: str, key: str) -> str:
    # Keys read as the TOML that would address them: run.outputs."/dev/out".
    name = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)
    return f"{prefix}.{name}" if prefix else name


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a float ({value})"
    if isinstance(value, str):
        return f"a string ({value[:40]!r}{'...' if len(value) > 40 else ''})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"a date or time ({value})"


def _has_kind(kind: str, value: Any) -> bool:
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)  # bool is an int in Python, not in TOML
    if kind == STR:
        return isinstance(value, str)
    if kind == BYTES:
        return isinstance(value, str | dict)
    if kind == STRS:
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if kind == STRLIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind in (TABLE, MAP):
        return isinstance(value, dict)
    if kind == PAIRS_OR_MAP:
        return isinstance(value, dict | list)
    assert kind == TABLES, kind
    return isinstance(value, list)


def _check_table(table: Table, doc: Mapping[str, Any], prefix: str, where: str, problems: list[str]) -> None:
    for key, value in doc.items():
        spec = table.keys.get(key)
        if spec is None:
            problems.append(f"{where}: {dotted(prefix, key)}: {_unknown(key, table)}")
        else:
            _check_value(spec, value, dotted(prefix, key), where, problems)
    for key, spec in table.keys.items():
        if spec.required and key not in doc:
            problems.append(f"{where}: {dotted(prefix, key)}: missing (required)")
    for rule in table.rules:
        found = rule(doc)
        if found is not None:
            problems.append(f"{where}: {dotted(prefix, found[0])}: {found[1]}")


def _unknown(key: str, table: Table) -> str:
    close = difflib.get_close_matches(key, list(table.keys), n=1)
    if close:
        return f"unknown {table.noun} (did you mean {close[0]!r}?)"
    return f"unknown {table.noun} (known: {', '.join(table.keys)})"


def _check_value(spec: Key, value: Any, key: str, where: str, problems: list[str]) -> None:
    if not _has_kind(spec.kind, value):
        expected = "an array of tables ([[...]])" if spec.kind == TABLES else _EXPECTED[spec.kind]
        problems.append(f"{where}: {key}: expected {expected}, not {_describe(value)}")
        return
    if spec.kind == BYTES and isinstance(value, dict):
        _check_table(_HEX, value, key, where, problems)
    elif spec.kind == TABLE:
        assert spec.table is not None
        _check_table(spec.table, value, key, where, problems)
    elif spec.kind == TABLES:
        assert spec.table is not None
        for i, entry in enumerate(value):
            if isinstance(entry, dict):
                _check_table(spec.table, entry, f"{key}[{i}]", where, problems)
            else:
                problems.append(f"{where}: {key}[{i}]: expected a table, not {_describe(entry)}")
    elif spec.kind == PAIRS_OR_MAP and isinstance(value, list):
        assert spec.values is not None
        for i, pair in enumerate(value):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair)):
                problems.append(f"{where}: {key}[{i}]: expected a [\"name\", \"value\"] pair of strings, "
                                f"not {_describe(pair)}")
                continue
            problem = spec.name_check(pair[0]) if spec.name_check else None
            if problem:
                problems.append(f"{where}: {key}[{i}][0]: {problem}")
            _check_value(spec.values, pair[1], f"{key}[{i}][1]", where, problems)
    elif spec.kind in (MAP, PAIRS_OR_MAP):
        assert spec.values is not None
        for name, item in value.items():
            problem = spec.name_check(name) if spec.name_check else None
            if problem:
                problems.append(f"{where}: {dotted(key, name)}: {problem}")
            _check_value(spec.values, item, dotted(key, name), where, problems)
    if spec.check is not None:
        problem = spec.check(value)
        if problem:
            problems.append(f"{where}: {key}: {problem}")


__all__ = ["ACCOUNTING_COUNTERS", "CASE", "XFAIL_TARGETS", "Key", "Table", "check_case", "dotted"]
