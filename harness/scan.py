"""`scan`: would zerovm load and validate this program, and what can it ask zerovm to do?

One `ScanReport` per input, from three static checks (ZEROVM.md sections 5-7):

1. zerovm's loader rules (`harness.loader`), for ELF inputs;
2. the validator's code rules (`harness.validator`) on the text zerovm validates;
3. the trap surface (`harness.traps`): every site that can enter the trusted runtime,
   checked against a policy: the set of trap functions a reviewer allows.  Indirect branches
   resolved to ordinary code (`harness.indirect`) are not trap sites and are listed apart
   (`ScanReport.indirect`); those that stay unresolved are trap sites with the reason, reported
   as notes (with `strict`, as policy violations).

Inputs are an ELF nexe, raw code bytes loaded at a given address, or the validator's
hex-text format (``valz --hex_text``).  Whatever the bytes, the scan returns a report:
unreadable input is `ScanReport.error`, everything else is findings.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import mmap
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from harness.findings import Finding, Severity
from harness.indirect import IndirectSite
from harness.lines import LineTable, SourceLine, line_table, read_line_table
from harness.loader import TEXT_START, Segment, check_loader
from harness.traps import MemoryReader, TrapSite, TrapSurface, find_trap_surface, reachable_functions
from harness.validator import ValidationReport, validate_code

# The six functions zerovm's TrapHandler dispatches (ZEROVM.md section 4), in its order.
TRAP_FUNCTIONS = ("pread", "pwrite", "jail", "unjail", "fork", "exit")
ALL_SIX: frozenset[str] = frozenset(TRAP_FUNCTIONS)

ADDRESS_LIMIT = 1 << 32  # user addresses are 32-bit
TRAMPOLINE_SLOTS = 2048  # 0x10000..0x1FFFF in 32-byte slots; the last (2047) is left as HLT
EINVAL = 22

# valz --hex_text reads into a fixed buffer of this many bytes (ncval.c: NACL_MAX_INPUT_LINE).
VALZ_HEX_LIMIT = 4096
# Raw code and hex text are read whole into memory; larger files are refused (scan_path).
# An ELF has no such limit: it is mapped, and only its headers and text are read.
RAW_CODE_LIMIT = 256 << 20
HEX_TEXT_LIMIT = 16 << 20

# An ELF with more symbols than this is not a nexe a compiler made; iterating them all
# with pyelftools would take minutes on a large garbage file, so the scan stops there.
MAX_SYMBOLS = 200_000

KINDS = ("elf", "raw", "hex")

# Which check produced a finding; used by the outputs to group and describe rules.
SOURCE_INPUT = "input"
SOURCE_LOADER = "loader"
SOURCE_VALIDATOR = "validator"
SOURCE_POLICY = "policy"

# Policy rule ids (the validator already uses "syscall" for the instruction itself).
RULE_NOT_ALLOWED = "policy-function-not-allowed"
RULE_SLOT = "policy-trampoline-slot"
RULE_TRAMPOLINE_ADDRESS = "policy-trampoline-address"
RULE_SYSTEM = "policy-system-instruction"
RULE_UNKNOWN = "policy-unknown-function"
RULE_UNRESOLVED = "policy-unresolved-function"
RULE_INDIRECT = "policy-indirect-branch"
RULE_OTHER = "policy-trap-site"
RULE_INTERNAL = "internal-error"


class ScanInputError(Exception):
    """The input cannot be read at all (exit 2), e.g. malformed hex text."""


@dataclass(frozen=True)
class ScanReport:
    """Everything the scan found in one input.

    `findings` holds every finding in the order the checks ran: input format notes,
    the loader's (at most one: zerovm stops at its first), the validator's, then the
    policy violations (also in `policy_violations`).  `loads` / `load_exit_code` are
    None for raw and hex inputs, which have no ELF headers to check.
    """

    path: str
    kind: str  # "elf" | "raw" | "hex"
    loads: bool | None
    load_exit_code: int | None
    valid: bool  # zerovm would load it and its validator would accept the code
    findings: tuple[Finding, ...]
    traps: tuple[TrapSite, ...]
    policy_violations: tuple[Finding, ...]
    within_policy: bool
    text_size: int
    base: int = TEXT_START  # where the text is loaded (user address)
    allow: frozenset[str] = ALL_SIX
    entry: int | None = None
    load_exit_state: str | None = None  # zerovm's report line for the loader's verdict ("ok" when it loads)
    input_findings: tuple[Finding, ...] = ()
    loader_findings: tuple[Finding, ...] = ()
    validation_findings: tuple[Finding, ...] = ()
    error: str | None = None  # the input could not be read at all
    indirect: tuple[IndirectSite, ...] = ()  # indirect branches resolved to ordinary code (not trap sites)
    address_taken: int | None = None  # code addresses the program names (the function-pointer target set)
    # Reads the nexe's DWARF line table when an output first asks for a source line (the
    # table costs about as much as the scan itself, and only outputs need it).
    line_reader: Callable[[], LineTable | None] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None and self.valid and self.within_policy

    @property
    def exit_code(self) -> int:
        """The CLI contract: 0 valid and within policy, 1 invalid or outside policy, 2 unreadable."""
        if self.error is not None:
            return 2
        return 0 if self.ok else 1

    def source_of(self, finding: Finding) -> str:
        """Which check produced `finding` (input, loader, validator or policy)."""
        return self._sources.get(id(finding), SOURCE_VALIDATOR)

    def site_allowed(self, site: TrapSite) -> bool:
        """Whether the policy accepts this trap site (no violation is reported at its address)."""
        return site.address not in self._violation_addresses

    # Lookups cached per report: outputs ask once per finding and per site, and a large text
    # has thousands of each.  (cached_property writes the instance __dict__, which a frozen
    # dataclass allows.)
    @cached_property
    def _sources(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for source, group in ((SOURCE_INPUT, self.input_findings), (SOURCE_LOADER, self.loader_findings),
                              (SOURCE_POLICY, self.policy_violations)):
            out.update((id(f), source) for f in group)
        return out

    @cached_property
    def _violation_addresses(self) -> frozenset[int | None]:
        return frozenset(f.address for f in self.policy_violations)

    @cached_property
    def lines(self) -> LineTable | None:
        return self.line_reader() if self.line_reader is not None else None

    def source_location(self, address: int | None) -> SourceLine | None:
        """The C source line behind `address` (for inlined code, the outermost call site: a
        trap call names the line that called zvm_pwrite, not zvm.h), if known."""
        if address is None or self.lines is None:
            return None
        return self.lines.site_of(address)

    def source_line(self, address: int | None) -> str | None:
        """`source_location` as `file:line`."""
        where = self.source_location(address)
        return str(where) if where is not None else None

    @cached_property
    def reachable(self) -> tuple[str, ...]:
        """The trap functions the code can call (an unresolved site counts as all six and "unknown"), in
        TrapHandler's order."""
        got = reachable_functions(self.traps)
        return tuple(f for f in (*TRAP_FUNCTIONS, "unknown") if f in got)

    @property
    def unresolved(self) -> tuple[TrapSite, ...]:
        """The indirect branches whose target could be the trampoline (each says why)."""
        return tuple(s for s in self.traps if s.kind == "indirect" and s.slot is None)

    @cached_property
    def sites_by_address(self) -> dict[int, TrapSite]:
        return {s.address: s for s in self.traps}

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "error": self.error,
            "loads": self.loads,
            "load_exit_code": self.load_exit_code,
            "load_exit_state": self.load_exit_state,
            "valid": self.valid,
            "within_policy": self.within_policy,
            "ok": self.ok,
            "exit_code": self.exit_code,
            "base": self.base,
            "entry": self.entry,
            "text_size": self.text_size,
            "allow": [f for f in TRAP_FUNCTIONS if f in self.allow],
            "findings": [_finding_json(f, self.source_of(f), self.source_line(f.address)) for f in self.findings],
            "reachable_functions": list(self.reachable),
            "traps": [self._site_json(s) for s in self.traps],
            "indirect_resolved": [{**s.to_json(), "source_line": self.source_line(s.address)} for s in self.indirect],
            "indirect_unresolved": [{"address": s.address, "reason": s.reason, "in_function": s.in_function,
                                     "source_line": self.source_line(s.address)} for s in self.unresolved],
            "address_taken": self.address_taken,
            "policy_violations": [_finding_json(f, SOURCE_POLICY, self.source_line(f.address))
                                  for f in self.policy_violations],
        }

    def _site_json(self, site: TrapSite) -> dict[str, Any]:
        return {
            "address": site.address,
            "kind": site.kind,
            "slot": site.slot,
            "function": site.function,
            "code": site.code,
            "reason": site.reason,
            "in_function": site.in_function,
            "allowed_by_zerovm": site.allowed_by_zerovm,
            "within_policy": self.site_allowed(site),
            "source_line": self.source_line(site.address),
        }


def _finding_json(f: Finding, source: str, source_line: str | None) -> dict[str, Any]:
    return {"rule": f.rule, "severity": f.severity.value, "address": f.address, "message": f.message,
            "source": source, "source_line": source_line}


# --- hex text -------------------------------------------------------------------------------

_HEX_TOKEN = re.compile(r"(?:[0-9a-fA-F]{2})+\Z")
_HEX_DIGIT = re.compile(r"[0-9a-fA-F]")


@dataclass(frozen=True)
class HexText:
    code: bytes
    base: int | None  # from an `@ADDR` line, else None
    notes: tuple[Finding, ...]  # where valz would read this text differently


def parse_hex_text(text: bytes | str) -> HexText:
    """Parse valz's ``--hex_text`` format.

    Whitespace-separated byte pairs (runs of pairs such as ``xxd -p`` prints are fine),
    ``#`` comments, and before the first byte optional ``@ADDR`` lines (hex, ``0x``
    optional) giving the load address.  Anything else raises `ScanInputError`: a scan
    of text we only half understood would be worse than none.
    """
    if isinstance(text, bytes):
        # latin-1 never fails, so stray non-ASCII bytes become tokens we reject with a line number.
        text = text.decode("latin-1")
    base: int | None = None
    chunks: list[str] = []
    notes: list[Finding] = []
    seen_data = False
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            continue
        if stripped.startswith("@"):
            if seen_data:
                raise ScanInputError(f"line {lineno}: an @ADDR line after the code bytes (it must come first)")
            base = _parse_hex_address(stripped[1:], lineno)
            continue
        body, hash_, comment = stripped.partition("#")
        if hash_ and _HEX_DIGIT.search(comment):
            # valz honours '#' only at the start of a line: it would read this comment's hex
            # digits as code, so the same file would mean something else to it.
            notes.append(Finding("hex-inline-comment", f"line {lineno}: valz treats '#' as a comment only at the "
                                 "start of a line and would read the hex digits in this comment as code bytes",
                                 None, Severity.WARNING))
        for token in body.split():
            if not _HEX_TOKEN.match(token):
                raise ScanInputError(f"line {lineno}: {token[:40]!r} is not a sequence of hex byte pairs")
            chunks.append(token)
            seen_data = True
    code = bytes.fromhex("".join(chunks))
    if len(code) > VALZ_HEX_LIMIT:
        notes.append(Finding("hex-size", f"{len(code)} bytes: valz --hex_text reads only the first "
                             f"{VALZ_HEX_LIMIT} (this scan checks them all)", None, Severity.WARNING))
    return HexText(code, base, tuple(notes))


def _parse_hex_address(text: str, lineno: int) -> int:
    s = text.strip()
    try:
        value = int(s, 16)  # int(..., 16) also takes an optional 0x prefix, like valz's strtoull
    except ValueError:
        raise ScanInputError(f"line {lineno}: @{s[:40]} is not a hex address") from None
    if not 0 <= value < ADDRESS_LIMIT:
        raise ScanInputError(f"line {lineno}: @{s[:40]} is not a 32-bit user address")
    return value


# --- ELF symbols ----------------------------------------------------------------------------


def elf_function_symbols(data: bytes) -> dict[int, str]:
    """Address -> name of the STT_FUNC symbols in `.symtab`, or {} when there are none.

    Nexes are often stripped and hostile inputs have garbage section headers, so every
    failure means "no symbols", never an exception.  The bounds are checked before
    pyelftools sees the file because it trusts e_shnum and sh_size (a huge count from
    garbage would otherwise take minutes).
    """
    try:
        if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            return {}
        shoff = int.from_bytes(data[0x28:0x30], "little")
        shentsize = int.from_bytes(data[0x3A:0x3C], "little")
        shnum = int.from_bytes(data[0x3C:0x3E], "little")
        # shnum 0 with a table means extended numbering: not something a nexe needs.
        if shoff == 0 or shnum == 0 or shentsize != 64 or shoff + shnum * 64 > len(data):
            return {}
        from elftools.elf.elffile import ELFFile  # a slow import, paid only when there are sections
        from elftools.elf.sections import SymbolTableSection

        # A mapped file is a stream already; BytesIO would copy every page of it.
        elf = ELFFile(data if isinstance(data, mmap.mmap) else io.BytesIO(data))
        found: dict[int, tuple[int, str]] = {}
        for section in elf.iter_sections():
            if not isinstance(section, SymbolTableSection) or section["sh_type"] != "SHT_SYMTAB":
                continue
            if section["sh_entsize"] != 24 or section["sh_offset"] + section["sh_size"] > len(data):
                continue
            if section.num_symbols() > MAX_SYMBOLS:
                continue
            for sym in section.iter_symbols():
                if sym["st_info"]["type"] != "STT_FUNC" or sym["st_shndx"] == "SHN_UNDEF" or not sym.name:
                    continue
                # Two names at one address: prefer a global one (main over a local alias).
                rank = 0 if sym["st_info"]["bind"] == "STB_GLOBAL" else 1
                value = int(sym["st_value"])
                if value not in found or rank < found[value][0]:
                    found[value] = (rank, sym.name)
        return {addr: name for addr, (_rank, name) in found.items()}
    except Exception:  # any parse failure of untrusted headers means "no symbols"
        return {}


# --- policy ---------------------------------------------------------------------------------


def _allowed_text(allow: frozenset[str]) -> str:
    names = [f for f in TRAP_FUNCTIONS if f in allow]
    return "{" + ", ".join(names) + "}" if names else "the empty set"


def policy_violations(traps: Iterable[TrapSite], allow: frozenset[str], strict: bool = False
                      ) -> tuple[Finding, ...]:
    """The trap sites the policy forbids, each with why.

    A site is within policy only if it is a direct call or jump to trampoline slot 0
    (the only slot zerovm dispatches) passing a function code that is resolved, one of
    the six, and in `allow`.  Everything else that can enter the trusted runtime is a
    violation, since a reviewer cannot tell what it does — except, unless `strict`,
    indirect branches with a run-time target: every function-pointer call (printf's,
    qsort's) is one, so counting them would put every real program outside policy.
    They are reported as notes by `indirect_warnings` instead.
    """
    out: list[Finding] = []
    for site in traps:
        rule, message = _violation(site, allow)
        if rule is None or (rule == RULE_INDIRECT and not strict):
            continue
        where = f" (in {site.in_function})" if site.in_function else ""
        out.append(Finding(rule, message + where, site.address))
    return tuple(out)


def indirect_warnings(traps: Iterable[TrapSite], allow: frozenset[str], strict: bool = False
                      ) -> tuple[Finding, ...]:
    """Indirect branches that could reach the trampoline, as notes (not with `strict`, where they are violations).

    Notes, not warnings: the scan could not prove them harmless, which is not a defect of the program (every
    function-pointer call of a program that names a trampoline address is one)."""
    if strict:
        return ()
    out: list[Finding] = []
    for site in traps:
        rule, message = _violation(site, allow)
        if rule == RULE_INDIRECT:
            where = f" (in {site.in_function})" if site.in_function else ""
            out.append(Finding(rule, f"{message}{where}; not counted against the policy (use --strict to count "
                               "it)", site.address, Severity.NOTE))
    return tuple(out)


def _violation(site: TrapSite, allow: frozenset[str]) -> tuple[str | None, str]:
    why = f": {site.reason}" if site.reason else ""
    if site.kind in ("syscall", "sysenter", "int"):
        return RULE_SYSTEM, (f"`{site.kind}` enters the host kernel directly instead of through zerovm's "
                             "trampoline; the validator rejects it, and under `zerovm -s` (no validation) it "
                             "would reach the host")
    if site.kind not in ("call", "jump", "indirect"):
        return RULE_OTHER, f"trap site of kind {site.kind!r} enters the trusted runtime{why}"
    how = "indirect branch" if site.kind == "indirect" else site.kind
    if site.slot is None:
        if site.kind == "indirect":
            # Not resolved to ordinary code (harness.indirect): it may reach 0x10000 with whatever
            # %edi holds, so the reviewer cannot know which trap, if any, it makes.
            return RULE_INDIRECT, ("indirect branch not resolved to ordinary code: it could enter the trampoline "
                                   f"with any function code{why}")
        return RULE_TRAMPOLINE_ADDRESS, f"{how} into the trampoline at an unknown slot{why}"
    if site.reason and "not the start of a trampoline slot" in site.reason:
        # Inside a slot the bytes are the middle of the patched thunk call or HLT: a fault (exit 4).
        return RULE_TRAMPOLINE_ADDRESS, (f"{how} into the middle of trampoline slot {site.slot}: it lands inside "
                                         f"patched slot code or HLT and faults (zerovm exits 4){why}")
    if site.slot != 0:
        if site.slot >= TRAMPOLINE_SLOTS - 1:
            return RULE_SLOT, (f"{how} to trampoline slot {site.slot}: that slot is HLT, so the program faults "
                               "(zerovm exits 4, 'Signal 11')")
        return RULE_SLOT, (f"{how} to trampoline slot {site.slot}: zerovm dispatches only slot 0 and exits "
                           f"{EINVAL} (EINVAL, 'nacl syscall #{site.slot} received')")
    if site.function is None:
        return RULE_UNRESOLVED, ("the function code passed to this trap cannot be determined statically, so it "
                                 f"could be any of the six{why}")
    if site.function not in ALL_SIX:  # "unknown": a resolved code that is none of the six
        code = f"{site.code:#x}" if site.code is not None else "?"
        return RULE_UNKNOWN, (f"function code {code} is not one of zerovm's six: zerovm returns -EPERM and logs "
                              "'function N is not supported'")
    if site.function not in allow:
        return RULE_NOT_ALLOWED, f"calls {site.function}, which is outside the allowed set {_allowed_text(allow)}"
    return None, ""


# --- the scan -------------------------------------------------------------------------------


def _internal(stage: str, exc: BaseException, base: int | None) -> Finding:
    # A bug in a checker must not take down the scan of every other file, but it must be
    # visible: the verdict becomes "invalid" and the finding names the exception.
    return Finding(RULE_INTERNAL, f"the {stage} failed: {type(exc).__name__}: {exc}", base)


def _trap_surface(text: bytes, base: int, symbols: Mapping[int, str], memory: MemoryReader | None = None,
                  validation: ValidationReport | None = None, data: list[tuple[int, bytes]] | None = None
                  ) -> tuple[TrapSurface, list[Finding]]:
    try:
        # The validator's report lets the trap scan skip decoding the text a second time.
        return find_trap_surface(text, base, symbols or None, memory, validation=validation, data=data), []
    except Exception as exc:  # see _internal
        return TrapSurface((), (), None), [_internal("trap-surface scan", exc, base)]


def _surface_fields(surface: TrapSurface) -> dict[str, Any]:
    taken = surface.address_taken
    return {"indirect": surface.resolved, "address_taken": len(taken.code) if taken is not None else None}


def _validate(text: bytes, base: int) -> tuple[bool, tuple[Finding, ...], ValidationReport | None]:
    try:
        report = validate_code(text, base)
    except Exception as exc:  # see _internal
        return False, (_internal("validator", exc, base),), None
    return report.valid, report.findings, report


def scan_bytes(data: bytes | mmap.mmap, *, name: str, raw_base: int | None = None, hex_text: bool = False,
               allow: Iterable[str] = ALL_SIX, strict: bool = False,
               line_reader: Callable[[], LineTable | None] | None = None) -> ScanReport:
    """Scan one input held in memory.

    By default `data` is an ELF nexe.  With `hex_text`, it is valz's hex text (its
    ``@ADDR`` line, else `raw_base`, else 0x20000, gives the load address); otherwise
    with `raw_base` it is raw code bytes loaded there.  Never raises for bad input.
    With `strict`, indirect branches whose target is unknown count against the policy.
    `line_reader` gives an ELF's line table (by default it is read from `data`).
    """
    allowed = frozenset(allow)
    unknown = allowed - ALL_SIX
    if unknown:
        raise ValueError(f"unknown trap functions in allow: {sorted(unknown)}; known: {', '.join(TRAP_FUNCTIONS)}")
    if not isinstance(data, bytes | mmap.mmap):  # a mapped file stays mapped: pages are read as touched
        data = bytes(data)
    if hex_text:
        try:
            parsed = parse_hex_text(data)
        except ScanInputError as exc:
            return _unreadable(name, "hex", str(exc), allowed)
        base = parsed.base if parsed.base is not None else (raw_base if raw_base is not None else TEXT_START)
        return _scan_code(name, "hex", parsed.code, base, allowed, parsed.notes, strict)
    if raw_base is not None:
        return _scan_code(name, "raw", data, raw_base, allowed, (), strict)
    if line_reader is None:
        line_reader = functools.partial(read_line_table, data)
    return dataclasses.replace(_scan_elf(name, data, allowed, strict), line_reader=line_reader)


def _unreadable(name: str, kind: str, error: str, allow: frozenset[str]) -> ScanReport:
    return ScanReport(name, kind, None, None, False, (), (), (), True, 0, allow=allow, error=error)


def _scan_code(name: str, kind: str, code: bytes, base: int, allow: frozenset[str],
               notes: tuple[Finding, ...], strict: bool = False) -> ScanReport:
    if not 0 <= base < ADDRESS_LIMIT:
        return _unreadable(name, kind, f"load address {base:#x} is not a 32-bit user address", allow)
    input_findings = list(notes)
    if base + len(code) > ADDRESS_LIMIT:
        input_findings.append(Finding("code-range", f"{len(code)} bytes at {base:#x} run past the 4 GiB sandbox",
                                      base))
    valid, vfindings, report = _validate(code, base)
    surface, trap_errors = _trap_surface(code, base, {}, validation=report)
    traps = surface.sites
    violations = policy_violations(traps, allow, strict)
    valid = valid and not any(f.severity is Severity.ERROR for f in input_findings) and not trap_errors
    vfindings = vfindings + tuple(trap_errors)
    findings = (*input_findings, *vfindings, *violations, *indirect_warnings(traps, allow, strict))
    return ScanReport(name, kind, None, None, valid, findings, traps, violations, not violations, len(code),
                      base=base, allow=allow, input_findings=tuple(input_findings), validation_findings=vfindings,
                      **_surface_fields(surface))


def _read_only_memory(data: bytes, segments: tuple[Segment, ...]) -> MemoryReader:
    """Static reads for the trap analysis (an `args` array built at compile time), from the file.

    Only the text and rodata segments: their bytes are what the program sees at run time,
    while a writable segment holds only initial values (traps.py's strict mode).
    """
    ranges = [(s.vaddr, s.vaddr + s.memsz, s.offset, s.filesz) for s in segments if s.role in ("text", "rodata")]

    def read(address: int, size: int) -> bytes | None:
        for lo, hi, offset, filesz in ranges:
            if lo <= address and address + size <= hi:
                rel = address - lo
                chunk = data[offset + rel:offset + min(rel + size, filesz)] if rel < filesz else b""
                return chunk + bytes(size - len(chunk))  # past p_filesz the loader zero-fills
        return None

    return read


def _data_segments(data: bytes, segments: tuple[Segment, ...]) -> list[tuple[int, bytes]]:
    """The loaded segments besides the text, with their initial bytes: their constants are part of the
    address-taken set (`harness.indirect`).  Past p_filesz the loader zero-fills, which names no address."""
    return [(s.vaddr, bytes(data[s.offset:s.offset + s.filesz])) for s in segments
            if s.role in ("rodata", "data") and s.filesz > 0]


def _scan_elf(name: str, data: bytes, allow: frozenset[str], strict: bool = False) -> ScanReport:
    try:
        loader = check_loader(data)
    except Exception as exc:  # see _internal
        f = _internal("loader check", exc, None)
        return ScanReport(name, "elf", False, None, False, (f,), (), (), True, 0, allow=allow, loader_findings=(f,))
    if not loader.loads or loader.layout is None:
        # zerovm stops here: nothing is validated and nothing runs, so there is no trap surface.
        return ScanReport(name, "elf", False, loader.exit_code, False, loader.findings, (), (), True, 0,
                          allow=allow, load_exit_state=loader.exit_state, loader_findings=loader.findings)
    text = loader.validated_text
    valid, vfindings, report = _validate(text, TEXT_START)
    memory = _read_only_memory(data, loader.layout.segments)
    surface, trap_errors = _trap_surface(text, TEXT_START, elf_function_symbols(data), memory, report,
                                         _data_segments(data, loader.layout.segments))
    traps = surface.sites
    violations = policy_violations(traps, allow, strict)
    vfindings = vfindings + tuple(trap_errors)
    valid = valid and not trap_errors
    findings = (*loader.findings, *vfindings, *violations, *indirect_warnings(traps, allow, strict))
    return ScanReport(name, "elf", True, 0, valid, findings, traps, violations, not violations, len(loader.text),
                      base=TEXT_START, allow=allow, entry=loader.layout.entry, load_exit_state=loader.exit_state,
                      loader_findings=loader.findings,
                      validation_findings=vfindings, **_surface_fields(surface))


def scan_path(path: str | Path, *, raw_base: int | None = None, hex_text: bool = False,
              allow: Iterable[str] = ALL_SIX, name: str | None = None, strict: bool = False) -> ScanReport:
    """Scan one file; a file that cannot be read gives a report with `error` set.

    Only a regular file is read (a FIFO or a device is an error, not a hang); an ELF is
    mapped, so a huge sparse file costs only the pages the loader reads, and raw code
    and hex text, which are held in memory, have a size limit."""
    from harness.userfiles import UserFileError, map_file, read_file

    label = name if name is not None else str(path)
    kind = "hex" if hex_text else "raw" if raw_base is not None else "elf"
    data: bytes | mmap.mmap
    try:
        if kind == "elf":
            data = map_file(path)
        else:
            data = read_file(path, HEX_TEXT_LIMIT if hex_text else RAW_CODE_LIMIT,
                             what="hex text" if hex_text else "raw code")
    except UserFileError as exc:
        return _unreadable(label, kind, exc.problem, frozenset(allow))
    # An ELF's line table is read (and cached) by path, so `data` need not stay mapped for it.
    return scan_bytes(data, name=label, raw_base=raw_base, hex_text=hex_text, allow=allow, strict=strict,
                      line_reader=functools.partial(_line_table_of, path) if kind == "elf" else None)


def _line_table_of(path: str | Path) -> LineTable | None:
    try:
        return line_table(path)
    except OSError:
        return None  # the file went away after the scan: no lines, not an error
