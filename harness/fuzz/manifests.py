"""Manifests mutated key by key and field by field: generator (b) of a differential campaign.

Every trial runs one small program of ours (`PROGRAM`: it prints what zerovm told it about its
memory and channels, echoes its input and uses a random-access channel) under a manifest that
starts as `BASE_MANIFEST`, a valid template, and receives a few mutations drawn from the seed:
keys dropped, duplicated, reordered or unknown; comments, blank lines and odd whitespace;
edge values of Version, Program, Memory, Timeout and the optional keys; and on Channel lines
each field changed (uri, alias, type, etag, the four limits: 0, 1, negative, huge, non-numbers,
hex and octal forms) or too few / too many fields.

The size of a trial is its distance from the valid manifest: one per line added or removed,
and per field changed in a line that kept its key and field count.  Shrinking reverts that
diff a piece at a time (a whole hunk, one line, then one field), so a finding ends as the
smallest manifest diff that still disagrees.

Some manifests make zerovm read past the end of an array (ZEROVM.md; `ManifestProblem.undefined`
in harness.manifest): their outcome depends on stale memory, so no target can be expected to
agree with it.  A mutation that leads there is drawn again.
"""

from __future__ import annotations

import difflib
import functools
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from harness.fuzz.model import Program, Trial
from harness.manifest import mount_channels, parse_manifest
from harness.targets import Session

PROGRAM_SOURCE = r"""#include <stdio.h>
#include <string.h>
#include <zvm.h>

static char line[256];

static void put(const char *s)
{
  zvm_pwrite(1, s, (int32_t)strlen(s), 0);
}

int main(void)
{
  const struct zvm_manifest *m = zvm_manifest();
  const struct zvm_channel *c = zvm_channels();
  char buf[64];
  uint32_t i;
  int32_t got, extra;
  snprintf(line, sizeof line, "heap %u stack %u channels %u\n", m->heap_size, m->stack_size, m->channels_count);
  put(line);
  for (i = 0; i < m->channels_count; i++) {
    snprintf(line, sizeof line, "%u %s type %u limits %lld %lld %lld %lld size %lld\n", i, zvm_channel_name((int)i),
             c[i].type, (long long)c[i].limits[0], (long long)c[i].limits[1], (long long)c[i].limits[2],
             (long long)c[i].limits[3], (long long)c[i].size);
    put(line);
  }
  got = zvm_pread(0, buf, sizeof buf, 0);
  snprintf(line, sizeof line, "read %d\n", got);
  put(line);
  if (got > 0) zvm_pwrite(1, buf, got, 0);
  extra = zvm_find_channel("/dev/extra");
  if (extra >= 0) {
    got = zvm_pread(extra, buf, 16, 0);
    snprintf(line, sizeof line, "extra read %d wrote %d\n", got, zvm_pwrite(extra, "extra!", 6, 2));
    put(line);
  }
  zvm_pwrite(2, "done\n", 5, 0);
  return 3;
}
"""
PROGRAM = Program((("manifest_probe.c", PROGRAM_SOURCE),))

# 32 MiB leaves a heap of ~16 MiB (over zerovm's 8 MiB floor) and keeps /dev/memory digests cheap.
BASE_MANIFEST = """Version = 20130611
Program = {program}
Memory = 33554432, 0
Timeout = 2
Channel = {dir}/input, /dev/stdin, 0, 0, 100, 10000, 0, 0
Channel = {dir}/stdout, /dev/stdout, 0, 1, 0, 0, 100, 10000
Channel = {dir}/stderr, /dev/stderr, 0, 0, 0, 0, 100, 10000
Channel = {dir}/extra, /dev/extra, 3, 0, 100, 10000, 100, 10000
"""
BASE_LINES: tuple[str, ...] = tuple(BASE_MANIFEST.splitlines())
FILES: tuple[tuple[str, bytes], ...] = (("input", b"some input\n"), ("extra", b"0123456789abcdef"))
SESSION_TIMEOUT = 2  # the harness's kill deadline (plus its margin): the program ends in milliseconds

# Values a numeric field may take: edges, and forms strtoll reads differently.
NUMBERS = ("0", "1", "-1", "2", "100", "9223372036854775807", "9223372036854775808", "18446744073709551616",
           "-9223372036854775808", "0x10", "0X7fffffff", "010", "09", "+5", " 7 ", "\t3", "5x", "x5", "0x",
           "1e3", "1.5", "", "--1", "4294967296", "2147483648")
MEMORIES = ("0", "-1", "1", "4294967297", "18446744073709551615", "0x2000000", "020000000", "25165824",
            "26214400", "26279936", "33554432", "67108864", " 33554432 ", "33554432x", "32M", "16777216")
TIMEOUTS = ("0", "-1", "1", "3", "0x2", "02", "08", "4294967297", "2147483648", "4294967295", "x", "1 1", " 1",
            "2.0", "+2")
VERSIONS = ("20130611", "020130611", "20130612", "0x1333e83", " 20130611 ", "20130611 # ok", "", "2013-06-11",
            "20130611\t")
PROGRAMS = ("{dir}/missing.nexe", "/", "{dir}/input", "/dev/null", "/dev/zero", "program.nexe", "",
            "{program} ", " {program}", "{dir}/../program.nexe", "{dir}/./program.nexe", "{dir}//program.nexe",
            "{program};{program}", "tcp:127.0.0.1:1")
URIS = ("{dir}/input", "{dir}/extra", "{dir}/new", "{dir}/missing/file", "{dir}", "/dev/null", "/dev/zero",
        "input", "./input", "file://{dir}/input", "{dir}/input;{dir}/extra", "Regular:x:1", "tcp:999.1.1.1:5",
        "tcp:1.2.3.4:x", "tcp:0.0.0.0:1", "foo:bar", "{dir}/stdout", " {dir}/new ", "{dir}/new\t")
ALIASES = ("/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/extra", "/dev/other", "", "dev/x", "/dev/a b",
           "/dev/" + "x" * 300, "/dev/stdin ", "/DEV/STDIN", "/dev/memory")
TYPES = ("0", "1", "2", "3", "4", "-1", "255", "0x3", "03", "x", "4294967296")
ETAGS = ("0", "1", "2", "-1", "0x1", "01", "4294967297", "y")
UNKNOWN_KEYS = ("Foo = bar", "memory = 33554432, 0", "CHANNEL = /dev/null, /dev/x, 0, 0, 1, 1, 0, 0",
                "Channels = x", "Version", "= 5", "Timeout", "Program =", "Debug = 1", "Timeout = 1 = 2",
                "Memory 33554432, 0")
COMMENTS = ("# a comment", "", "   ", "\t", "; Timeout = 0", "// Version = 1", "#Timeout = 0", "\r", "\v")
OPTIONAL_KEYS = ("Etag = 1", "Etag = ", "Node = 1", "Node = 0", "Node = -3", "Node = x",
                 "NameServer = udp:127.0.0.1:54321", "NameServer = tcp:127.0.0.1:1", "NameServer = /tmp/ns",
                 "NameServer = udp:1.2.3:4", "Job = {dir}/" + "j" * 120)
LIMIT_NAMES = ("gets", "get_size", "puts", "put_size")
SPACES = (" ", "  ", "\t", "", " \t ", "\f", "\v")

MUTATION_KINDS = (
    "drop_key", "duplicate_key", "reorder_keys", "unknown_key", "comment", "whitespace", "version", "program",
    "memory", "memory_etag", "timeout", "optional_key", "channel_uri", "channel_alias", "channel_type",
    "channel_etag", "channel_limit", "channel_fields", "add_channel", "crlf",
)


def _key(line: str) -> str:
    return line.split("=", 1)[0].strip() if "=" in line else ""


def _fields(line: str) -> tuple[str, list[str]]:
    """A `key = a, b, c` line as (`key = `, [a, b, c]) with the fields as written."""
    head, value = line.split("=", 1)
    return head + "=", value.split(",")


def _join(head: str, fields: list[str]) -> str:
    return head + ",".join(fields)


def _field(rng: random.Random, value: str) -> str:
    """A field as written: mostly ` value`, as in the template, sometimes with other spacing."""
    if rng.random() < 0.8:
        return " " + value
    return rng.choice(SPACES) + value + rng.choice(SPACES)


class _Mutator:
    """The mutations, one method each, named after MUTATION_KINDS; each returns the new lines or None
    when it does not apply to these lines (the caller draws another)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, lines: list[str], key: str | None = None) -> int | None:
        found = [i for i, line in enumerate(lines) if key is None or _key(line) == key]
        return self.rng.choice(found) if found else None

    def drop_key(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines)
        return None if i is None else lines[:i] + lines[i + 1:]

    def duplicate_key(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines)
        if i is None:
            return None
        at = self.rng.randrange(len(lines) + 1)
        return [*lines[:at], lines[i], *lines[at:]]

    def reorder_keys(self, lines: list[str]) -> list[str] | None:
        if len(lines) < 2:
            return None
        out = list(lines)
        if self.rng.random() < 0.5:
            i, j = self.rng.sample(range(len(out)), 2)
            out[i], out[j] = out[j], out[i]
        else:
            out.reverse()
        return out if out != lines else None

    def unknown_key(self, lines: list[str]) -> list[str]:
        at = self.rng.randrange(len(lines) + 1)
        return [*lines[:at], self.rng.choice(UNKNOWN_KEYS), *lines[at:]]

    def comment(self, lines: list[str]) -> list[str]:
        at = self.rng.randrange(len(lines) + 1)
        return [*lines[:at], self.rng.choice(COMMENTS), *lines[at:]]

    def whitespace(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines)
        if i is None or "=" not in lines[i]:
            return None
        key, value = lines[i].split("=", 1)
        how = self.rng.randrange(4)
        if how == 0:
            text = f"{self.rng.choice(SPACES)}{key.strip()}{self.rng.choice(SPACES)}={value}"
        elif how == 1:
            text = f"{key}={value}{self.rng.choice(SPACES)}"
        elif how == 2:
            text = f"{key.strip()}={value.strip()}"
        else:
            text = f"{key}= {self.rng.choice(SPACES)}{value.strip()}"
        out = list(lines)
        out[i] = text
        return out if out != lines else None

    def crlf(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines)
        if i is None:
            return None
        out = list(lines)
        out[i] += "\r"
        return out

    def _set_value(self, lines: list[str], key: str, value: str) -> list[str] | None:
        i = self.pick(lines, key)
        if i is None:
            return None
        out = list(lines)
        out[i] = f"{key} = {value}"
        return out if out != lines else None

    def version(self, lines: list[str]) -> list[str] | None:
        return self._set_value(lines, "Version", self.rng.choice(VERSIONS))

    def program(self, lines: list[str]) -> list[str] | None:
        return self._set_value(lines, "Program", self.rng.choice(PROGRAMS))

    def timeout(self, lines: list[str]) -> list[str] | None:
        return self._set_value(lines, "Timeout", self.rng.choice(TIMEOUTS))

    def memory(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines, "Memory")
        if i is None:
            return None
        head, fields = _fields(lines[i])
        fields = list(fields)
        how = self.rng.randrange(5)
        if how == 0:
            fields = fields[:1]  # one token: "invalid memory token" (a non-empty value: defined)
        elif how == 1:
            fields = [*fields, _field(self.rng, self.rng.choice(("0", "1")))]
        else:
            fields[0] = _field(self.rng, self.rng.choice(MEMORIES))
        out = list(lines)
        out[i] = _join(head, fields)
        return out if out != lines else None

    def memory_etag(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines, "Memory")
        if i is None:
            return None
        head, fields = _fields(lines[i])
        if len(fields) < 2:
            return None
        fields[1] = _field(self.rng, self.rng.choice(ETAGS))
        out = list(lines)
        out[i] = _join(head, fields)
        return out if out != lines else None

    def optional_key(self, lines: list[str]) -> list[str]:
        at = self.rng.randrange(len(lines) + 1)
        return [*lines[:at], self.rng.choice(OPTIONAL_KEYS), *lines[at:]]

    def _channel_field(self, lines: list[str], index: int | tuple[int, ...], values: tuple[str, ...]
                       ) -> list[str] | None:
        i = self.pick(lines, "Channel")
        if i is None:
            return None
        head, fields = _fields(lines[i])
        if isinstance(index, tuple):
            index = self.rng.choice(index)
        if index >= len(fields):
            return None
        fields[index] = _field(self.rng, self.rng.choice(values))
        out = list(lines)
        out[i] = _join(head, fields)
        return out if out != lines else None

    def channel_uri(self, lines: list[str]) -> list[str] | None:
        return self._channel_field(lines, 0, URIS)

    def channel_alias(self, lines: list[str]) -> list[str] | None:
        return self._channel_field(lines, 1, ALIASES)

    def channel_type(self, lines: list[str]) -> list[str] | None:
        return self._channel_field(lines, 2, TYPES)

    def channel_etag(self, lines: list[str]) -> list[str] | None:
        return self._channel_field(lines, 3, ETAGS)

    def channel_limit(self, lines: list[str]) -> list[str] | None:
        return self._channel_field(lines, (4, 5, 6, 7), NUMBERS)

    def channel_fields(self, lines: list[str]) -> list[str] | None:
        i = self.pick(lines, "Channel")
        if i is None:
            return None
        head, fields = _fields(lines[i])
        how = self.rng.randrange(3)
        if how == 0 and len(fields) >= 8:
            fields = fields[:7]  # seven: "invalid channel tokens number" (fewer: zerovm reads past its array)
        elif how == 1:
            fields = [*fields, _field(self.rng, self.rng.choice(("0", "1", "x", "")))]
        else:
            fields = [*fields, *fields[-2:]]
        out = list(lines)
        out[i] = _join(head, fields)
        return out if out != lines else None

    def add_channel(self, lines: list[str]) -> list[str]:
        rng = self.rng
        uri = rng.choice(("{dir}/new", "{dir}/input", "/dev/null", "{dir}/extra", "{dir}/other"))
        alias = rng.choice(("/dev/new", "/dev/extra", "/dev/a", "/dev/zz", "/dev/stdout"))
        ctype = rng.choice(("0", "1", "2", "3"))
        limits = [rng.choice(("0", "1", "100", "10000")) for _ in LIMIT_NAMES]
        at = rng.randrange(len(lines) + 1)
        line = f"Channel = {uri}, {alias}, {ctype}, {rng.choice(('0', '1'))}, {', '.join(limits)}"
        return [*lines[:at], line, *lines[at:]]


def render(lines: tuple[str, ...] | list[str]) -> str:
    return "\n".join(lines) + "\n"


def undefined_in_zerovm(lines: tuple[str, ...] | list[str]) -> bool:
    """Whether zerovm's handling of this manifest depends on memory it should not read
    (harness.manifest marks those problems `undefined`): no target can be held to it."""
    text = render(lines).replace("{program}", "/nonexistent/program.nexe").replace("{dir}", "/nonexistent")
    parsed = parse_manifest(text)
    if any(p.undefined for p in parsed.problems):
        return True
    try:
        mount = mount_channels(parsed)
    except Exception:
        return True
    return any(p.undefined for p in mount.problems)


def _pair_cost(a: str, b: str) -> int:
    """How far line b is from line a: the fields changed when they share key and field count, else 1."""
    if a == b:
        return 0
    if "=" in a and "=" in b and _key(a) == _key(b) and a.split("=", 1)[0] == b.split("=", 1)[0]:
        fa, fb = _fields(a)[1], _fields(b)[1]
        if len(fa) == len(fb):
            return sum(x != y for x, y in zip(fa, fb, strict=True))
    return 1


def _opcodes(lines: tuple[str, ...]) -> list[tuple[str, int, int, int, int]]:
    return [op for op in difflib.SequenceMatcher(a=BASE_LINES, b=lines, autojunk=False).get_opcodes()
            if op[0] != "equal"]


def distance(lines: tuple[str, ...] | list[str]) -> int:
    """The trial's size: lines added or removed, fields changed, against BASE_LINES."""
    lines = tuple(lines)
    cost = 0
    for _, i1, i2, j1, j2 in _opcodes(lines):
        pairs = min(i2 - i1, j2 - j1)
        cost += sum(_pair_cost(BASE_LINES[i1 + k], lines[j1 + k]) for k in range(pairs))
        cost += abs((i2 - i1) - (j2 - j1))
    return cost


def _reverts(lines: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Manifests one step closer to BASE_LINES: a whole hunk reverted, then one line, then one field."""
    ops = _opcodes(lines)
    for _, i1, i2, j1, j2 in ops:
        yield lines[:j1] + BASE_LINES[i1:i2] + lines[j2:]
    for _, i1, i2, j1, j2 in ops:
        if i2 - i1 + j2 - j1 <= 1:
            continue
        for k in range(j2 - j1):  # one line of the hunk
            if k < i2 - i1:
                yield (*lines[:j1 + k], BASE_LINES[i1 + k], *lines[j1 + k + 1:])
            else:
                yield lines[:j1 + k] + lines[j1 + k + 1:]
        for k in range(j2 - j1, i2 - i1):  # a removed line put back
            yield (*lines[:j2], BASE_LINES[i1 + k], *lines[j2:])
    for _, i1, i2, j1, j2 in ops:
        for k in range(min(i2 - i1, j2 - j1)):
            a, b = BASE_LINES[i1 + k], lines[j1 + k]
            if _pair_cost(a, b) < 2:
                continue
            head, fa = _fields(a)
            fb = _fields(b)[1]
            for n, (x, y) in enumerate(zip(fa, fb, strict=True)):
                if x != y:
                    fields = list(fb)
                    fields[n] = x
                    yield (*lines[:j1 + k], _join(head, fields), *lines[j1 + k + 1:])


class ManifestGenerator:
    """Generator (b): the valid BASE_MANIFEST with 1-`max_mutations` mutations per seed."""

    name = "manifest"

    def __init__(self, max_mutations: int = 3) -> None:
        self.max_mutations = max_mutations

    def unavailable(self) -> str | None:
        return None  # only our own toolchain is needed

    def mutate(self, seed: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The seed's manifest lines and the mutation kinds applied to BASE_LINES, in order."""
        rng = random.Random(f"manifest:{seed}")
        mutator = _Mutator(rng)
        wanted = rng.randint(1, self.max_mutations)
        lines = list(BASE_LINES)
        kinds: list[str] = []
        for _ in range(50 * wanted):  # draws that do not apply, or lead to undefined behaviour, are redrawn
            if len(kinds) == wanted:
                break
            kind = rng.choice(MUTATION_KINDS)
            method: Callable[[list[str]], list[str] | None] = getattr(mutator, kind)
            out = method(lines)
            if out is None or out == lines or undefined_in_zerovm(out):
                continue
            lines = out
            kinds.append(kind)
        return tuple(lines), tuple(kinds)

    def generate(self, seed: int, work: Path) -> Trial:
        lines, kinds = self.mutate(seed)
        work.mkdir(parents=True, exist_ok=True)
        nexe = work / "program.nexe"
        nexe.write_bytes(_program_bytes())
        return self._trial(seed, lines, nexe, f"manifest mutations: {', '.join(kinds)}")

    def _trial(self, seed: int, lines: tuple[str, ...], nexe: Path, note: str) -> Trial:
        session = Session(nexe, channels=(), timeout=SESSION_TIMEOUT, manifest=render(lines), files=FILES)
        return Trial(self.name, seed, PROGRAM, session, note=note, size=distance(lines))

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        assert trial.session.manifest is not None
        lines = tuple(trial.session.manifest.splitlines())
        seen: set[tuple[str, ...]] = set()
        nexe: Path | None = None
        for candidate in _reverts(lines):
            if candidate in seen or distance(candidate) >= trial.size or undefined_in_zerovm(candidate):
                continue
            seen.add(candidate)
            if nexe is None:
                nexe = _nexe_in(trial, work)
            yield replace(self._trial(trial.seed, candidate, nexe, trial.note), size=distance(candidate))


@functools.lru_cache(maxsize=1)
def _program_bytes() -> bytes:
    """PROGRAM built once per process: every trial runs the same nexe."""
    with tempfile.TemporaryDirectory(prefix="fuzz-manifest-") as tmp:
        return PROGRAM.build(Path(tmp)).read_bytes()


def _nexe_in(trial: Trial, work: Path) -> Path:
    """The trial's program under `work`: a copy of its nexe when it is still there, else built again."""
    work.mkdir(parents=True, exist_ok=True)
    source = trial.session.nexe
    if source is not None and source.is_file():
        target = work / "program.nexe"
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        return target
    return trial.program.build(work)
