"""Every key of the case format is checked: a typo, a wrong type or an impossible value is a CaseError naming
`file: key`, never a case that passes while checking nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from harness import case_schema
from harness.cases import CaseError, load_case
from harness.plugin import TARGET_CHOICES
from tests.test_cases import write_case

ROOT = Path(__file__).resolve().parents[1]
WHERE = "cases/area/c.toml"  # how messages name the case file below

# What a table's entries need besides the key under test, so that only that key can be wrong.
FILLER = {
    "": "",
    "scan": "[scan]\n",
    "run": "[run]\n",
    "run.outputs": "[run.outputs]\n",
    "run.accounting": "[run.accounting]\n",
    "channel": "[[channel]]\nalias = '/dev/x'\n",
    "build": "[build]\n",
    "patch": "[[patch]]\nfield = 'e_entry'\nvalue = 1\n",
    "files": "manifest = 'Version = 1'\n[files]\n",
    "xfail": "[xfail]\n",
    "job": "[job]\n",
    "job.request": "[[job.request]]\n",
    "job.request.run": "[[job.request]]\n[job.request.run]\n",
    "node": "[[node]]\nname = 'a'\n",
    "node.run": "[[node]]\nname = 'a'\n[node.run]\n",
}

# (table, key, a good value, a value of the wrong type, a misspelling): written out by hand, not derived from
# the schema, so a key the schema forgets or mistypes is caught (test_the_list_covers_the_schema keeps them equal).
KEYS = [
    ("", "description", '"d"', "1", "descripton"),
    ("", "source", '"c.c"', "true", "sourse"),
    ("", "opt", '["-O0", "-O2"]', "2", "opts"),
    ("", "memory", "33554432", "true", "memroy"),
    ("", "timeout", "5", '"5"', "timout"),
    ("", "stdin", '{ hex = "00ff" }', "[1]", "stdn"),
    ("", "manifest", '"Version = 1"', "{ text = 'x' }", "manfest"),
    ("", "files", '{ "a.txt" = "x" }', '"a.txt"', "file"),
    ("", "scan", "{ loads = true }", "true", "scna"),
    ("", "run", "{ exit_code = 0 }", "0", "runn"),
    ("", "channel", "[{ alias = '/dev/x' }]", "{ alias = '/dev/x' }", "channels"),
    ("", "build", "{ sandbox = true }", '"no"', "biuld"),
    ("", "patch", "[{ field = 'e_entry', value = 1 }]", "[1]", "patches"),
    ("", "xfail", '{ ref = "why" }', '"ref"', "xfial"),
    ("", "options", '["-s", "-t", "3", "-v2"]', '"-s"', "option"),
    ("scan", "loads", "false", '"false"', "load"),
    ("scan", "valid", "false", '"false"', "vaild"),
    ("scan", "findings", '["policy-trampoline-slot"]', '"policy-trampoline-slot"', "finding"),
    ("run", "exit_code", "8", "true", "exitcode"),
    ("run", "validator_state", "1", '"1"', "validator_sate"),
    ("run", "user_code", "0", '"0"', "usercode"),
    ("run", "exit_state", '"ok"', "0", "exit_stat"),
    ("run", "exit_state_pattern", '".*ok"', "1", "exit_state_patern"),
    ("run", "stdout", '"hi\\n"', "3", "stdot"),
    ("run", "stderr", '{ hex = "0a" }', "false", "sterr"),
    ("run", "outputs", '{ "/dev/x" = "y" }', '"y"', "output"),
    ("run", "report", "false", '"false"', "reprot"),
    ("run", "stray_stdout", '"x"', "1", "stray_stdot"),
    ("run", "stray_stderr", '{ hex = "0a" }', "false", "stray_sterr"),
    ("run", "etags", '{ "/dev/x" = "da39a3ee5e6b4b0d3255bfef95601890afd80709" }', '"x"', "etag"),
    ("run", "accounting", "{ local_gets = 1 }", "[1]", "acounting"),
    *(("run.accounting", name, "0", '"0"', name.replace("_", "")) for name in case_schema.ACCOUNTING_COUNTERS),
    ("channel", "alias", '"/dev/y"', "1", "alais"),
    ("channel", "type", "1", "true", "typ"),
    ("channel", "etag", "1", '"1"', "etga"),
    ("channel", "gets", "3", "true", "get"),
    ("channel", "get_size", "3", "3.0", "getsize"),
    ("channel", "puts", "3", '"3"', "put"),
    ("channel", "put_size", "3", "[3]", "put_sise"),
    ("channel", "data", '"abc"', "1", "dta"),
    ("channel", "uri", '"/dev/null"', "1", "url"),
    ("build", "sandbox", "false", "0", "sandbx"),
    ("build", "runtime", "false", '"false"', "runtim"),
    ("build", "truncate", "100", "true", "trunc"),
    ("patch", "field", '"e_phnum"', "1", "feild"),
    ("patch", "value", "2", '"2"', "valeu"),
    ("xfail", "ref", '"why"', "true", "rf"),
    ("xfail", "zerovm", '"why"', "1", "zerom"),
    ("", "job", "{ request = [{ stdin = 'x' }] }", '"yes"', "jbo"),
    ("run", "daemon", "1", "true", "deamon"),
    ("job", "request", "[{ stdin = 'x' }]", "{ stdin = 'x' }", "requests"),
    ("job.request", "stdin", '"x"', "1", "stdn"),
    ("job.request", "timeout", "5", '"5"', "timout"),
    ("job.request", "data", '{ "/dev/stdout" = "x" }', '"x"', "dat"),
    ("job.request", "channel", '[{ alias = "/dev/stdout", put_size = 5 }]', '"x"', "chanel"),
    ("job.request", "manifest", '"Version = 1"', "1", "manifset"),
    ("job.request", "raw", '{ hex = "00" }', "1", "rwa"),
    ("job.request", "hangup", "false", '"no"', "hangpu"),
    ("job.request", "run", "{ user_code = 1 }", "1", "rnu"),
]
# A child session's report has the [run] keys, except those nothing can observe of a child.
KEYS += [("job.request.run", k, good, bad, typo) for t, k, good, bad, typo in KEYS
         if t == "run" and k not in ("exit_code", "stray_stderr")]
# A cluster's node: a session's keys, and its [node.run] has every key of [run].
KEYS += [
    ("", "node", "[{ name = 'a' }]", "{ name = 'a' }", "nodes"),
    ("", "name_server", "true", '"yes"', "nameserver"),
    ("node", "name", '"b"', "1", "nmae"),
    ("node", "source", '"c.c"', "true", "sorce"),
    ("node", "stdin", '"x"', "[1]", "stdn"),
    ("node", "memory", "33554432", '"1"', "memroy"),
    ("node", "timeout", "5", '"5"', "timout"),
    ("node", "options", '["-s"]', '"-s"', "option"),
    ("node", "keys", '{ Node = "1" }', '"Node = 1"', "key"),
    ("node", "channel", "[{ alias = '/dev/x', uri = 'tcp:{a}' }]", "{ alias = '/dev/x' }", "chanel"),
    ("node", "run", "{ exit_code = 4 }", "4", "rnu"),
]
KEYS += [("node.run", k, good, bad, typo) for t, k, good, bad, typo in KEYS if t == "run"]

SCHEMA_TABLES = {"": case_schema.CASE, "scan": case_schema.SCAN,
                 "run": case_schema.RUN, "run.accounting": case_schema.ACCOUNTING,
                 "channel": case_schema.CHANNEL, "build": case_schema.BUILD,
                 "patch": case_schema.PATCH, "xfail": case_schema.XFAIL, "job": case_schema.JOB,
                 "job.request": case_schema.REQUEST, "job.request.run": case_schema.CHILD_RUN,
                 "node": case_schema.NODE, "node.run": case_schema.RUN}


def load(tmp_path: Path, toml: str, source: str | None = "int main(void) { return 0; }\n") -> None:
    load_case(write_case(tmp_path, toml, source), tmp_path / "cases")


def problems(tmp_path: Path, toml: str, source: str | None = "int main(void) { return 0; }\n") -> list[str]:
    with pytest.raises(CaseError) as excinfo:
        load(tmp_path, toml, source)
    return str(excinfo.value).splitlines()


def case_text(table: str, key: str, value: str) -> str:
    filler = FILLER[table]
    if table in ("channel", "patch"):
        # Leave out the filler's own line for the key under test: a table must not give a key twice.
        filler = "".join(line + "\n" for line in filler.splitlines() if not line.startswith(f"{key} ="))
    if (table, key) == ("", "files"):
        filler = "manifest = 'Version = 1'\n"  # files mean something only to a manifest
    if (table, key) == ("", "name_server"):
        return f"{key} = {value}\n[[node]]\nname = 'a'\n"  # only a cluster has a name server
    if table == "node":
        filler = "".join(line + "\n" for line in filler.splitlines() if not line.startswith(f"{key} ="))
    return f"{filler}{key} = {value}\n"


def key_path(table: str, key: str) -> str:
    return {"": key, "channel": f"channel[0].{key}", "patch": f"patch[0].{key}", "job.request": f"job.request[0].{key}",
            "job.request.run": f"job.request[0].run.{key}", "node": f"node[0].{key}",
            "node.run": f"node[0].run.{key}"}.get(table, f"{table}.{key}")


def test_the_list_covers_the_schema() -> None:
    listed = {(table, key) for table, key, *_ in KEYS}
    schema = {(table, key) for table, spec in SCHEMA_TABLES.items() for key in spec.keys}
    assert listed == schema


def test_xfail_targets_are_the_plugins_targets() -> None:
    assert set(case_schema.XFAIL_TARGETS) == set(TARGET_CHOICES) - {"both"}


@pytest.mark.parametrize(("table", "key", "good"), [(t, k, g) for t, k, g, _, _ in KEYS],
                         ids=[f"{t or 'top'}.{k}" for t, k, *_ in KEYS])
def test_every_key_takes_its_documented_value(tmp_path: Path, table: str, key: str, good: str) -> None:
    load(tmp_path, case_text(table, key, good))


@pytest.mark.parametrize(("table", "key", "typo"), [(t, k, typo) for t, k, _, _, typo in KEYS],
                         ids=[f"{t or 'top'}.{k}" for t, k, *_ in KEYS])
def test_a_misspelt_key_is_named_with_a_suggestion(tmp_path: Path, table: str, key: str, typo: str) -> None:
    noun = "target" if table == "xfail" else "key"
    # The misspelling replaces the key; required keys stay in the filler, so the typo is the only problem.
    found = problems(tmp_path, case_text(table, typo, '"x"' if table != "" else "1"))
    assert f"{WHERE}: {key_path(table, typo)}: unknown {noun} (did you mean {key!r}?)" in found


@pytest.mark.parametrize(("table", "key", "bad"), [(t, k, b) for t, k, _, b, _ in KEYS],
                         ids=[f"{t or 'top'}.{k}" for t, k, *_ in KEYS])
def test_a_value_of_the_wrong_type_is_named(tmp_path: Path, table: str, key: str, bad: str) -> None:
    found = problems(tmp_path, case_text(table, key, bad))
    prefix = f"{WHERE}: {key_path(table, key)}"
    assert any(re.match(re.escape(prefix) + r"(\[0\])?: expected ", p) for p in found), found


@pytest.mark.parametrize(("toml", "key", "message"), [
    ("[[channel]]\nalias = '/dev/x'\ngets = true\n", "channel[0].gets", "expected an integer, not a boolean (true)"),
    ("[scan]\nvalid = 'false'\n", "scan.valid", "expected a boolean (true or false), not a string ('false')"),
    ("[run]\nuser_code = '0'\n", "run.user_code", "expected an integer, not a string ('0')"),
    ("[channel]\nalias = '/dev/x'\n", "channel", "expected an array of tables ([[...]]), not a table"),
    ("channel = [1]\n", "channel[0]", "expected a table, not an integer (1)"),
    ("[run.outputs]\n'/dev/x' = 1\n", 'run.outputs."/dev/x"', "expected a string or {hex"),
    ("[files]\n'a.txt' = 1\nmanifest = 'x'\n", 'files."a.txt"', "expected a string or {hex"),
    ("stdin = { hexx = '00' }\n", "stdin.hexx", "unknown key (did you mean 'hex'?)"),
    ("[run.outputs]\n'/dev/x' = { hex = '00', text = 'x' }\n", 'run.outputs."/dev/x".text', "unknown key"),
    ("[run]\nstdout = {}\n", "run.stdout.hex", "missing (required)"),
    ("frobnicate = 1\n", "frobnicate", "unknown key (known: description, source, opt"),
])
def test_wrong_shapes(tmp_path: Path, toml: str, key: str, message: str) -> None:
    found = problems(tmp_path, toml)
    assert any(p.startswith(f"{WHERE}: {key}: {message}") for p in found), found


@pytest.mark.parametrize(("toml", "key", "message"), [
    ("memory = -1\n", "memory", "must be at least 1, not -1"),
    ("memory = 0\n", "memory", "must be at least 1"),
    ("timeout = 0\n", "timeout", "must be at least 1"),
    *((f"[[channel]]\nalias = 'x'\n{k} = -1\n", f"channel[0].{k}", "must be at least 0, not -1")
      for k in ("gets", "get_size", "puts", "put_size")),
    ("[[channel]]\nalias = 'x'\ntype = 4\n", "channel[0].type", "must be between 0 and 3, not 4"),
    ("[[channel]]\nalias = 'x'\ntype = -1\n", "channel[0].type", "must be between 0 and 3"),
    ("[[channel]]\nalias = 'x'\netag = 2\n", "channel[0].etag", "must be one of 0, 1, not 2"),
    ("[[channel]]\nalias = ''\n", "channel[0].alias", "must not be empty"),
    ("[[channel]]\ngets = 1\n", "channel[0].alias", "missing (required)"),
    ("opt = ['-O7']\n", "opt", "unknown optimisation level(s) '-O7'"),
    ("opt = '-O9'\n", "opt", "unknown optimisation level(s) '-O9'"),
    ("opt = []\n", "opt", "must name at least one"),
    ("opt = ['-O2', '-O2']\n", "opt", "names an optimisation level twice"),
    ("[run]\nexit_state_pattern = '('\n", "run.exit_state_pattern", "not a regular expression"),
    ("[run]\nexit_code = 256\n", "run.exit_code", "must be between 0 and 255"),
    ("[run]\nexit_code = -1\n", "run.exit_code", "must be between 0 and 255"),
    ("[run]\nvalidator_state = 3\n", "run.validator_state", "must be one of 0, 1, 2, not 3"),
    ("[run]\nuser_code = 2147483648\n", "run.user_code", "must be between"),
    ("[run]\nstdout = { hex = 'zz' }\n", "run.stdout.hex", "not hexadecimal"),
    ("[run.etags]\n'/dev/x' = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'\n", 'run.etags."/dev/x"',
     "not a SHA-1 digest"),
    ("[run.etags]\n'/dev/x' = 'da39'\n", 'run.etags."/dev/x"', "not a SHA-1 digest"),
    ("[run.etags]\n'' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'\n", 'run.etags.""', "must not be empty"),
    ("[run.accounting]\n", "run.accounting", "names no counter"),
    ("[run.accounting]\nlocal_gets = -1\n", "run.accounting.local_gets", "must be at least 0"),
    ("[run.accounting]\nsys_s = 0\n", "run.accounting.sys_s", "unknown key"),
    ("[build]\ntruncate = -1\n", "build.truncate", "must be at least 0"),
    ("[[patch]]\nfield = 'e_nonsense'\nvalue = 1\n", "patch[0].field", "unknown ELF field 'e_nonsense'"),
    ("[[patch]]\nfield = 'e_entry'\n", "patch[0].value", "missing (required)"),
    ("[[patch]]\nvalue = 1\n", "patch[0].field", "missing (required)"),
    ("[xfail]\nref = ''\n", "xfail.ref", "must not be empty"),
    ("[xfail]\nqemu = 'x'\n", "xfail.qemu", "unknown target (known: ref, zerovm)"),
    ("manifest = 'x'\n[files]\n'../escape' = 'x'\n", 'files."../escape"', "not a plain file name"),
    ("manifest = 'x'\n[files]\n'/etc/passwd' = 'x'\n", 'files."/etc/passwd"', "not a plain file name"),
    ("manifest = 'x'\n[files]\n'..' = 'x'\n", 'files.".."', "not a plain file name"),
    ("options = ['-s', '-t']\n", "options", "-t needs a value after it"),
    ("options = ['-sT']\n", "options", "-sT needs a value after it"),
    ("options = ['']\n", "options", "an option must be a non-empty string"),
    ("options = [1]\n", "options", "expected an array of strings, not an array"),
    ("options = ['-x']\n", "options", "-x is not an option of zerovm"),
    ("options = ['-x']\n[run]\nexit_code = 22\n", "options", "-x is not an option of zerovm"),
    ("options = ['-x']\n[run]\nreport = false\n", "options", "-x is not an option of zerovm"),
    ("options = ['-s', 'other.manifest']\n[run]\n", "options", "'other.manifest' is a second manifest"),
    ("options = ['-M', 'm']\n[run]\n", "options", "-M names a second manifest"),
    ("options = ['--']\n[run]\n", "options", "'--' is a second manifest or ends the options"),
])
def test_impossible_values(tmp_path: Path, toml: str, key: str, message: str) -> None:
    found = problems(tmp_path, toml)
    assert any(p.startswith(f"{WHERE}: {key}: {message}") for p in found), found


@pytest.mark.parametrize(("toml", "key", "message"), [
    ("[run]\nexit_state = 'ok'\nexit_state_pattern = 'ok'\n", "run.exit_state_pattern", "conflicts with exit_state"),
    ("[[channel]]\nalias = 'x'\ndata = 'a'\nuri = '/dev/null'\n", "channel[0].data", "conflicts with uri"),
    ("[scan]\nloads = false\nvalid = false\n", "scan.valid", "is never checked"),
    ("[files]\n'a' = 'x'\n", "files", "needs manifest"),
    *((f"[run]\nreport = false\n{line}\n", key, "is never checked: the case expects no report")
      for line, key in (("exit_state = 'ok'", "run.exit_state"), ("user_code = 0", "run.user_code"),
                        ("validator_state = 2", "run.validator_state"), ("exit_state_pattern = 'x'",
                                                                          "run.exit_state_pattern"))),
    *((f"manifest = 'x'\n{line}\n", key, "conflicts with manifest")
      for line, key in (("stdin = 'x'", "stdin"), ("memory = 1", "memory"), ("timeout = 1", "timeout"),
                        ("[[channel]]\nalias = 'x'", "channel"))),
])
def test_keys_that_would_be_ignored_together(tmp_path: Path, toml: str, key: str, message: str) -> None:
    found = problems(tmp_path, toml)
    assert any(p.startswith(f"{WHERE}: {key}: {message}") for p in found), found


@pytest.mark.parametrize(("toml", "key"), [
    ("manifest = 'x'\nopt = '-O0'\n[run]\n", "opt"),
    ("manifest = 'x'\n[scan]\nvalid = false\n[run]\n", "scan"),
    ("manifest = 'x'\n[build]\nsandbox = false\n[run]\n", "build"),
    ("manifest = 'x'\n[run]\n[[patch]]\nfield = 'e_entry'\nvalue = 1\n", "patch"),
])
def test_a_manifest_only_case_has_no_program_keys(tmp_path: Path, toml: str, key: str) -> None:
    found = problems(tmp_path, toml, source=None)
    assert f"{WHERE}: {key}: a manifest-only case has no program to build or scan" in found


def test_a_manifest_only_case_needs_a_run(tmp_path: Path) -> None:
    assert problems(tmp_path, "manifest = 'x'\n", source=None) == [
        f"{WHERE}: run: missing (a manifest-only case checks nothing without it)"]


def test_a_source_of_the_wrong_type_is_reported_not_a_crash(tmp_path: Path) -> None:
    assert problems(tmp_path, "source = 3\n") == [f"{WHERE}: source: expected a string, not an integer (3)"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    found = problems(tmp_path, "[run]\nstdot = 'x'\nexit_code = -1\n[scan]\nvaild = true\n")
    assert sorted(found) == sorted([
        f"{WHERE}: run.stdot: unknown key (did you mean 'stdout'?)",
        f"{WHERE}: run.exit_code: must be between 0 and 255, not -1",
        f"{WHERE}: scan.vaild: unknown key (did you mean 'valid'?)",
    ])


def test_values_keep_their_meaning(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, (
        "opt = '-O0'\nmemory = 33554432\ntimeout = 3\nstdin = 'in'\n[scan]\nloads = true\nvalid = false\n"
        "[run]\nexit_code = 8\nvalidator_state = 1\nuser_code = -1\nexit_state_pattern = '.*'\n"
        "[run.outputs]\n'/dev/x' = { hex = '00' }\n"
        "[run.etags]\n'/dev/x' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'\n[run.accounting]\nlocal_puts = 2\n"
        "[[channel]]\nalias = '/dev/x'\ntype = 3\netag = 1\nputs = 1\nput_size = 2\n"
        "[build]\ntruncate = 10\n[[patch]]\nfield = 'e_entry'\nvalue = -1\n[xfail]\nzerovm = 'a bug'\n")),
        tmp_path / "cases")
    assert case.opts == ("-O0",) and (case.memory, case.timeout) == (33554432, 3)
    assert (case.scan.loads, case.scan.valid) == (True, False)
    assert case.run is not None
    assert (case.run.exit_code, case.run.validator_state, case.run.user_code) == (8, 1, -1)
    assert (case.run.exit_state, case.run.exit_state_pattern) == (None, ".*")
    assert case.run.outputs == (("/dev/x", b"\x00"),)
    assert case.run.etags == (("/dev/x", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),)
    assert case.run.accounting == (("local_puts", 2),)
    assert case.channels[0].data == b"in"
    extra = case.channels[3]
    assert (extra.alias, extra.type, extra.etag, extra.puts, extra.put_size) == ("/dev/x", 3, 1, 1, 2)
    assert case.build.truncate == 10 and case.build.patches[0].value == -1
    assert case.xfail == {"zerovm": "a bug"}


def test_options_and_zerovm_streams_keep_their_meaning(tmp_path: Path) -> None:
    toml = "options = ['-s', '-t', '3']\n[run]\nstray_stderr = 'e'\n"
    case = load_case(write_case(tmp_path, toml), tmp_path / "cases")
    assert case.options == ("-s", "-t", "3")
    assert case.run is not None and case.run.report
    # Strict by default: nothing but the report on stdout, nothing on stderr.
    assert (case.run.stray_stdout, case.run.stray_stderr) == (b"", b"e")
    value_values = "options = ['-tabc', '-v', '3x', '-T', 'rel', '-PQsF']\n[run]\n"
    assert load_case(write_case(tmp_path, value_values), tmp_path / "cases").options[0] == "-tabc"


def test_a_bad_command_line_is_a_case_that_says_so(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, "options = ['-x']\n[run]\nexit_code = 22\nreport = false\n"),
                     tmp_path / "cases")
    assert case.run is not None
    assert (case.run.report, case.run.exit_state, case.run.exit_code) == (False, None, 22)


@pytest.mark.parametrize(("channels", "stdout", "stderr"), [
    ("Channel = /dev/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1\n", None, b""),
    ("Channel = /dev/stderr,/dev/stderr, 0, 0, 0, 0, 1, 1\n", b"", None),
    ("Channel = {dir}/stdout, /dev/stdout, 0, 0, 0, 0, 1, 1\n", b"", b""),
])
def test_a_channel_on_zerovms_streams_is_not_stray_by_default(tmp_path: Path, channels: str, stdout: bytes | None,
                                                               stderr: bytes | None) -> None:
    toml = f'manifest = """\nVersion = 20130611\n{channels}"""\n[run]\n'
    case = load_case(write_case(tmp_path, toml), tmp_path / "cases")
    assert case.run is not None and (case.run.stray_stdout, case.run.stray_stderr) == (stdout, stderr)
    uri = load_case(write_case(tmp_path, "[[channel]]\nalias = '/dev/x'\nuri = '/dev/stdout'\n[run]\n"),
                    tmp_path / "cases")
    assert uri.run is not None and uri.run.stray_stdout is None


def test_cases_readme_documents_every_key() -> None:
    readme = (ROOT / "cases" / "README.md").read_text()
    for table, spec in SCHEMA_TABLES.items():
        for key in spec.keys:
            documented = f"`{key}`" in readme or f"`{table}.{key}`" in readme
            assert documented, f"cases/README.md does not document {table or 'the top level'}.{key}"


def test_cases_readme_examples_are_valid_cases(tmp_path: Path) -> None:
    examples = re.findall(r"```toml\n(.*?)```", (ROOT / "cases" / "README.md").read_text(), re.S)
    assert len(examples) >= 4
    for i, example in enumerate(examples):
        area = tmp_path / str(i) / "cases" / "area"
        area.mkdir(parents=True)
        for name in ("c.c", "program.c", "net.c"):
            (area / name).write_text("int main(void) { return 0; }\n")
        (area / "c.toml").write_text(example)
        load_case(area / "c.toml", area.parent)


def test_etags_and_accounting_are_compared(tmp_path: Path) -> None:
    from harness.compare import compare_run
    from harness.targets import RunResult

    empty = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    case = load_case(write_case(tmp_path, (
        f"[run]\n[run.etags]\n'/dev/stdout' = '{empty}'\n[run.accounting]\nlocal_gets = 2\nnet_puts = 0\n")),
        tmp_path / "cases")
    accounting = (9.5, 1.25, 2, 7, 1, 3, 0, 0, 0, 0)  # the times are never compared
    good = RunResult("ref", "exited", 0, exit_state="ok", etags=(("/dev/stdout", empty),), accounting=accounting)
    assert compare_run(case, good) == []
    other = "f572d396fae9206628714fb2ce00f72e94f2258f"
    wrong = RunResult("ref", "exited", 0, exit_state="ok", accounting=(0.0, 0.0, 3, 7, 1, 3, 0, 0, 1, 0),
                      etags=(("/dev/stdout", other), ("/dev/memory", empty)))
    assert compare_run(case, wrong) == [
        ("run.etags", {"/dev/stdout": empty}, {"/dev/stdout": other, "/dev/memory": empty}),
        ("run.accounting.local_gets", 2, 3), ("run.accounting.net_puts", 0, 1)]
    # No report at all: nothing to compare with, every named counter differs.
    lost = RunResult("ref", "no-report", 0, exit_state="ok")
    assert ("run.accounting.local_gets", 2, None) in compare_run(case, lost)
    # An empty table means "no etags": the report's line reads "disable".
    none = load_case(write_case(tmp_path, "[run]\netags = {}\n"), tmp_path / "cases")
    assert compare_run(none, RunResult("ref", "exited", 0, exit_state="ok")) == []
    assert compare_run(none, good)[0][0] == "run.etags"


JOB_CASE = """
[[channel]]
alias = "/dev/input"
gets = 4
get_size = 40
data = "parent"

[run]
daemon = 1

[[job.request]]
stdin = "first"
data = { "/dev/input" = "child" }

[[job.request.channel]]
alias = "/dev/stdout"
put_size = 7

[job.request.run]
user_code = 5
stdout = "first"

[[job.request]]
raw = "garbage!"
[job.request.run]
report = false
"""


def test_a_job_case_gives_each_request_the_sessions_channels_with_its_own_files(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, JOB_CASE), tmp_path / "cases")
    assert case.job is not None and len(case.job) == 2
    first, second = case.job
    channels = {c.alias: c for c in first.request.channels}
    assert channels["/dev/stdin"].data == b"first" and channels["/dev/input"].data == b"child"
    assert (channels["/dev/input"].gets, channels["/dev/input"].get_size) == (4, 40)
    session_stdout = next(c for c in case.channels if c.alias == "/dev/stdout")
    assert channels["/dev/stdout"].put_size == 7 and channels["/dev/stdout"].puts == session_stdout.puts
    assert first.request.timeout == case.timeout
    assert first.run.exit_code is None and first.run.user_code == 5 and first.run.exit_state == "ok"
    assert second.request.raw == b"garbage!" and second.run.report is False


def test_job_requests_that_cannot_mean_anything_are_errors(tmp_path: Path) -> None:
    found = problems(tmp_path, "[[job.request]]\ndata = { '/dev/nothing' = 'x' }\n")
    assert any("job.request[0].data.\"/dev/nothing\": no staged channel" in p for p in found)
    found = problems(tmp_path, "manifest = 'Job = {job}'\n[run]\n[[job.request]]\nstdin = 'x'\n")
    assert any("job.request[0]: the case's manifest is a template" in p for p in found)
    found = problems(tmp_path, "[[job.request]]\nhangup = true\n")
    assert any("job.request[0].hangup: the client never reads" in p for p in found)
    found = problems(tmp_path, "[[job.request]]\nraw = 'x'\nstdin = 'y'\n")
    assert any("job.request[0].stdin: conflicts with raw" in p for p in found)
    found = problems(tmp_path, "[[job.request]]\n[job.request.run]\nexit_code = 0\n")
    assert any("job.request[0].run.exit_code: unknown key" in p for p in found)


def test_each_child_is_compared_and_a_missing_daemon_never_passes(tmp_path: Path) -> None:
    from harness.compare import compare_run
    from harness.targets import NO_DAEMON, RunResult

    case = load_case(write_case(tmp_path, JOB_CASE), tmp_path / "cases")
    parent = RunResult("ref", "exited", 0, daemon=1, exit_state="ok")
    prefix = "0x000030"
    good = RunResult("ref", "exited", None, daemon=0, user_code=5, exit_state="ok", report_prefix=prefix,
                     outputs={"/dev/stdout": b"first"})
    lost = RunResult("ref", "no-report", None)
    assert compare_run(case, replace(parent, children=(good, lost))) == []
    assert compare_run(case, replace(parent, daemon=0, children=(good, lost))) == [("run.daemon", 1, 0)]
    wrong = replace(good, user_code=6, report_prefix="")
    assert compare_run(case, replace(parent, children=(wrong, lost))) == [
        ("job.request[0].run.user_code", 5, 6), ("job.request[0].run.report (-t3 length prefix)", "0x%06x", "none")]
    nobody = RunResult("ref", NO_DAEMON, None)
    found = compare_run(case, replace(parent, children=(nobody, nobody)))
    assert [name for name, *_ in found] == ["job.request[0].run", "job.request[1].run"]
    assert compare_run(case, replace(parent, children=(good,))) == [("job.request (children)", 2, 1)]


def test_etags_as_pairs_are_compared_in_order_with_repeats(tmp_path: Path) -> None:
    from harness.compare import compare_run
    from harness.targets import RunResult

    a, b = "a9993e364706816aba3e25717850c26c9cd0d89d", "da39a3ee5e6b4b0d3255bfef95601890afd80709"
    case = load_case(write_case(tmp_path, f"[run]\netags = [['/dev/x', '{a}'], ['/dev/x', '{b}']]\n"),
                     tmp_path / "cases")
    ok = RunResult("ref", "exited", 0, exit_state="ok", etags=(("/dev/x", a), ("/dev/x", b)))
    assert compare_run(case, ok) == []
    swapped = replace(ok, etags=(("/dev/x", b), ("/dev/x", a)))
    assert compare_run(case, swapped) == [("run.etags", [["/dev/x", a], ["/dev/x", b]], [["/dev/x", b], ["/dev/x", a]])]
    assert compare_run(case, replace(ok, etags=(("/dev/x", a),)))[0][0] == "run.etags"
    found = problems(tmp_path, "[run]\netags = [['/dev/x'], ['', 'nothex'], 3]\n")
    assert f"{WHERE}: run.etags[0]: expected a [\"name\", \"value\"] pair of strings, not an array" in found
    assert f"{WHERE}: run.etags[1][0]: must not be empty" in found
    assert any(p.startswith(f"{WHERE}: run.etags[1][1]: not a SHA-1 digest") for p in found)
    assert f"{WHERE}: run.etags[2]: expected a [\"name\", \"value\"] pair of strings, not an integer (3)" in found
