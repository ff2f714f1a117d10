"""The capability sheet of each case's nexe in report.html: what it can call, what it was given, what it did.

A reviewer asks three things of an untrusted program: which trap functions can it reach (the static
scan), which channels and quotas did its session give it (the case), and what did it do with them on
each target (the trap calls the reference executor saw, and zerovm's I/O accounting).  This module
gathers them from a run's results, case by case; the template only lays them out.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from harness.results.model import SCAN, UNSUPPORTED, CaseResult

TRAP_ORDER = ("pread", "pwrite", "jail", "unjail", "fork", "exit")
# zerovm's channel types (manifest.py SGETSPUT...): how gets and puts address the channel.
CHANNEL_TYPES = {0: "sequential", 1: "random reads", 2: "random writes", 3: "random"}
NEVER_REACHED = 1 << 30  # harness.targets.BIG: the quota the harness gives where a case sets none


@dataclass(frozen=True)
class ChannelGiven:
    node: str  # the cluster node whose session has it; "" for a single session
    alias: str
    kind: str  # CHANNEL_TYPES
    gets: int
    get_size: int
    puts: int
    put_size: int
    backing: str  # "staged file, N bytes of input", "output file", or the uri

    @property
    def standard(self) -> bool:
        """One of the three streams every session gets, with the quotas the harness gives where a case sets none."""
        if self.alias == "/dev/stdin":
            return (self.gets, self.get_size, self.puts, self.put_size) == (NEVER_REACHED, NEVER_REACHED, 0, 0) \
                and self.backing.startswith("staged file")
        if self.alias in ("/dev/stdout", "/dev/stderr"):
            return (self.gets, self.get_size, self.puts, self.put_size) == (0, 0, NEVER_REACHED, NEVER_REACHED) \
                and self.backing == "collected output"
        return False


@dataclass(frozen=True)
class TrapCalls:
    function: str
    calls: int
    sites: tuple[int | None, ...]  # call sites, in order of first use (None: a jump into the trampoline)


@dataclass(frozen=True)
class TargetUse:
    """What the nexe did on one target at one optimisation level (one node of a cluster)."""

    targets: tuple[str, ...]  # the targets that did this ("ref", "zerovm")
    place: str  # the level and, in a cluster, the node: "-O2", "-O0 node b"
    anchor: tuple[str, str, str]  # the first item's key, for its matrix cell
    verdict: str
    outcome: str
    exit_state: str | None
    trap_calls: tuple[TrapCalls, ...] | None  # None: the target does not record them (only ref does)
    io: dict[str, int] | None  # reads, bytes read, writes, bytes written (local + network); None: no report
    outputs: tuple[tuple[str, int | None], ...]  # (alias, bytes the channel holds afterwards)

    @property
    def label(self) -> str:
        return f"{', '.join(self.targets)} {self.place}".strip()


@dataclass(frozen=True)
class ScannedNexe:
    """One static scan of a case's program: a scan item's, or a cluster node's (carried by the run items)."""

    opt: str
    node: str  # the cluster node whose program it is; "" for a single session's
    actual: Mapping[str, Any]  # the scanner's JSON (harness.results.actual)

    @property
    def place(self) -> str:
        return f"{self.opt} node {self.node}".strip() if self.node else self.opt


def scanned_nexes(items: Iterable[CaseResult]) -> list[ScannedNexe]:
    """Every scan of one case's programs: its scan items, else each cluster node at each level, once (every
    target's run item carries the same scans)."""
    out: list[ScannedNexe] = []
    seen: set[tuple[str, str]] = set()
    for r in items:
        if r.target == SCAN and "loads" in r.actual:
            out.append(ScannedNexe(r.opt, "", r.actual))
        for scan in (r.actual.get("node_scans") or ()) if r.target != SCAN else ():
            key = (r.opt, str(scan.get("node", "")))
            if key not in seen and "loads" in scan:
                seen.add(key)
                out.append(ScannedNexe(r.opt, key[1], scan))
    return sorted(out, key=lambda n: (n.node, n.opt))


def outside_policy(actual: Mapping[str, Any]) -> tuple[str, ...]:
    """What each trap site the scan cannot vouch for is, in a few words (`syscall`, "trampoline slot 3")."""
    out = []
    for site in actual.get("traps") or ():
        if site.get("within_policy") is not False:
            continue
        kind, slot, function = site.get("kind"), site.get("slot"), site.get("function")
        if kind not in ("call", "jump", "indirect"):
            out.append(str(kind))
        elif kind == "indirect":
            out.append("unresolved indirect branch")
        elif slot is None:
            out.append("unknown trampoline slot")
        elif slot != 0:
            out.append(f"trampoline slot {slot}")
        elif function is None:
            out.append("unresolved function code")
        elif function == "unknown":
            out.append("unknown function code")
        else:
            out.append(f"{function} (not allowed)")
    return tuple(out)


@dataclass(frozen=True)
class CapabilitySheet:
    case: str
    area: str
    description: str
    functions: tuple[str, ...]  # reachable trap functions, over every opt level (and cluster node) scanned
    # (level or node, its functions): only when the levels differ, and for every node of a cluster
    functions_by_opt: tuple[tuple[str, tuple[str, ...]], ...]
    scanned: bool  # whether a scan with the trap scanner produced `functions`
    # The trap sites outside policy over every nexe scanned, each in a few words: the matrix counts them and the
    # sheet names them, from this one list.
    outside_policy: tuple[str, ...]
    indirect_resolved: int
    indirect_unresolved: tuple[dict[str, Any], ...]  # each with address, in_function, reason (one opt level)
    channels: tuple[ChannelGiven, ...]
    quotas: tuple[tuple[str, str], ...]  # (what, value): memory, timeout, options, per node for a cluster
    notes: tuple[str, ...]  # what the sheet cannot show (a manifest template's own channels, a job's requests)
    uses: tuple[TargetUse, ...]

    @property
    def given_known(self) -> bool:
        return bool(self.channels or self.quotas)

    @functools.cached_property
    def standard_channels(self) -> tuple[ChannelGiven, ...]:
        return tuple(c for c in self.channels if c.standard)

    @functools.cached_property
    def other_channels(self) -> tuple[ChannelGiven, ...]:
        return tuple(c for c in self.channels if not c.standard)

    @functools.cached_property
    def cluster(self) -> bool:
        return any(c.node for c in self.channels)


def order_functions(names: Iterable[str]) -> tuple[str, ...]:
    names = set(names)
    return tuple([f for f in TRAP_ORDER if f in names] + sorted(n for n in names if n not in TRAP_ORDER))


def reachable_functions(actual: Mapping[str, Any]) -> tuple[str, ...]:
    """The trap functions a scanned nexe can reach; an older results.json has only its slot-0 sites."""
    reachable = actual.get("reachable_functions")
    if reachable is None:
        reachable = [s.get("function") for s in actual.get("traps") or () if s.get("slot") == 0 and s.get("function")]
    return order_functions(reachable)


def capability_sheets(results: Iterable[CaseResult]) -> list[CapabilitySheet]:
    by_case: dict[str, list[CaseResult]] = {}
    for r in results:
        by_case.setdefault(r.case, []).append(r)
    return [_sheet(items) for _, items in sorted(by_case.items())]


def _sheet(items: list[CaseResult]) -> CapabilitySheet:
    first = items[0]
    scans = scanned_nexes(items)
    by_place = [(n, reachable_functions(n.actual)) for n in scans if n.actual.get("scanner") == "harness.scan"]
    functions = order_functions(f for _, fs in by_place for f in fs)
    by_opt: list[tuple[str, tuple[str, ...]]] = []
    if any(n.node for n, _ in by_place):
        # A cluster: each node's program by itself, its levels in one line where they agree.
        for node in dict.fromkeys(n.node for n, _ in by_place):
            mine = [(n, fs) for n, fs in by_place if n.node == node]
            if len({fs for _, fs in mine}) == 1:
                by_opt.append((f"node {node}", mine[0][1]))
            else:
                by_opt += [(n.place, fs) for n, fs in mine]
    elif len({fs for _, fs in by_place}) > 1:
        by_opt = [(n.place, fs) for n, fs in by_place]
    # Indirect branches depend on the code generated: the nexe with the most unresolved ones speaks for all.
    worst = max(scans, key=lambda n: len(n.actual.get("indirect_unresolved") or ()), default=None)
    resolved = len(worst.actual.get("indirect_resolved") or ()) if worst else 0
    unresolved = tuple(worst.actual.get("indirect_unresolved") or ()) if worst else ()
    given = next((r.actual["given"] for r in items if isinstance(r.actual.get("given"), Mapping)), None)
    channels, quotas, notes = _given(given)
    runs = sorted((r for r in items if r.target != SCAN), key=lambda r: (r.opt, r.target != "ref", r.target))
    uses = _merged(use for r in runs for use in _uses(r))
    description = next((r.description for r in items if r.description), "")
    # Nodes that run one program have one nexe at each level: its sites count once, not once per node.
    programs = {(n.opt, json.dumps(n.actual.get("traps"), sort_keys=True)): n for n in scans}
    outside = tuple(what for n in programs.values() for what in outside_policy(n.actual))
    return CapabilitySheet(first.case, first.area, description, functions, tuple(by_opt), bool(by_place), outside,
                           resolved, unresolved, channels, quotas, notes, uses)


def _given(given: Mapping[str, Any] | None) -> tuple[tuple[ChannelGiven, ...], tuple[tuple[str, str], ...],
                                                     tuple[str, ...]]:
    if given is None:
        return (), (), ()
    sessions = [(str(n.get("name", "")), n) for n in given["nodes"]] if "nodes" in given else [("", given)]
    channels: list[ChannelGiven] = []
    quotas: list[tuple[str, str]] = []
    for node, session in sessions:
        for c in session.get("channels") or ():
            kind = CHANNEL_TYPES.get(c.get("type"), str(c.get("type")))
            channels.append(ChannelGiven(node, str(c.get("alias")), kind, int(c.get("gets", 0)),
                                         int(c.get("get_size", 0)), int(c.get("puts", 0)), int(c.get("put_size", 0)),
                                         _backing(c)))
        where = f"node {node}: " if node else ""
        quotas.append((f"{where}memory", size(session.get("memory"))))
        quotas.append((f"{where}timeout", f"{session.get('timeout')} s"))
        if session.get("options"):
            quotas.append((f"{where}zerovm options", " ".join(map(str, session["options"]))))
    notes = []
    if given.get("manifest_template"):
        notes.append("runs a manifest template: the channels above are the case's; the template may name others")
    if given.get("job_requests"):
        notes.append(f"a daemon (Job) session: {given['job_requests']} request(s), each a child session with these "
                     "channels")
    return tuple(channels), tuple(quotas), tuple(notes)


def _backing(c: Mapping[str, Any]) -> str:
    if "uri" in c:
        return str(c["uri"])
    if c.get("input_bytes"):
        return f"staged file, {c['input_bytes']} bytes of input"
    return "staged file" if c.get("gets") and c.get("get_size") else "collected output"


def _uses(r: CaseResult) -> list[TargetUse]:
    if "nodes" in r.actual:
        return [_use(f"{r.opt} node {n.get('name')}".strip(), r, n) for n in r.actual["nodes"]]
    return [_use(r.opt, r, r.actual)]


def _merged(uses: Iterable[TargetUse]) -> tuple[TargetUse, ...]:
    """Targets that did the same (verdict, ending, I/O, outputs) at one level share a row, "ref, zerovm -O2",
    with the trap calls the reference executor saw: most sheets read in half the rows."""
    rows: list[TargetUse] = []
    for use in uses:
        for i, row in enumerate(rows):
            if (row.place, row.verdict, row.outcome, row.io, row.outputs) == \
                    (use.place, use.verdict, use.outcome, use.io, use.outputs):
                rows[i] = replace(row, targets=row.targets + use.targets,
                                  trap_calls=row.trap_calls if row.trap_calls is not None else use.trap_calls)
                break
        else:
            rows.append(use)
    return tuple(rows)


def _use(place: str, r: CaseResult, actual: Mapping[str, Any]) -> TargetUse:
    calls: tuple[TrapCalls, ...] | None = None
    if r.target == "ref" and r.verdict != UNSUPPORTED and actual.get("outcome"):
        grouped: dict[str, list[Mapping[str, Any]]] = {}
        for call in actual.get("trap_calls") or ():
            grouped.setdefault(str(call.get("function")), []).append(call)
        calls = tuple(TrapCalls(f, sum(int(c.get("count", 0)) for c in grouped[f]),
                                tuple(c.get("site") for c in grouped[f])) for f in order_functions(grouped))
    acc = actual.get("accounting") or {}
    io = None
    if acc:
        io = {"reads": int(acc.get("local_gets", 0)) + int(acc.get("net_gets", 0)),
              "bytes read": int(acc.get("local_get_bytes", 0)) + int(acc.get("net_get_bytes", 0)),
              "writes": int(acc.get("local_puts", 0)) + int(acc.get("net_puts", 0)),
              "bytes written": int(acc.get("local_put_bytes", 0)) + int(acc.get("net_put_bytes", 0))}
    outputs = tuple((alias, _length(data)) for alias, data in sorted((actual.get("outputs") or {}).items()))
    return TargetUse((r.target,), place, r.key, r.verdict, str(actual.get("outcome") or ""), actual.get("exit_state"),
                     calls, io, outputs)


def _length(data: Any) -> int | None:
    """Bytes of an output as results.json keeps it: text, {"base64"}, or {"head", "size", "sha256"} when cut."""
    if isinstance(data, str):
        return len(data.encode())
    if isinstance(data, Mapping):
        if "size" in data:
            return int(data["size"])
        if "base64" in data:
            return len(str(data["base64"])) * 3 // 4 - str(data["base64"]).count("=")
    return None


def size(value: Any) -> str:
    """A quota as a reviewer reads it: bytes in MiB/KiB when round, the harness's never-reached quota by name."""
    if not isinstance(value, int):
        return "—" if value is None else str(value)
    if value == NEVER_REACHED:
        return "2^30"
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if value >= 1 << shift and value % (1 << shift) == 0:
            return f"{value >> shift} {unit}"
    return str(value)
