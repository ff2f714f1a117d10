"""The reference executor: a model of zerovm on the unicorn CPU emulator (target "ref").

`RefTarget.run(session)` follows zerovm's main() step by step, so the first error wins
as it does in zerovm:

  options -> manifest (session.parse_manifest) -> program file -> ELF loader rules
  (harness.loader, worded by loading.py) -> validation (harness.validator; failure:
  exit 8, validator state 1) -> channels (session.open_channels) -> heap and user
  manifest (memory.build_layout) -> Timeout check -> [-F stops here] -> the user
  session on the emulator (machine.Machine, traps in channels.py) -> report.

It returns the same `RunResult` as the real-zerovm target.  Staged channels (no uri)
are regular files held in memory; `/dev/null` and existing regular files (read-only
use) are modelled; anything else ends with outcome "unsupported" -- never a guess.

What is not modelled (reported as unsupported): network channels and multi-source
channels, character devices other than /dev/null and FIFOs, Job/daemon mode, the
/dev/memory etag of a session that failed between loading and heap set-up, `-T`,
zerovm's help screen for bad command lines, syscall/int instructions (reachable only
with -s), memory accesses outside the sandbox and its guards, and executing an
approximate instruction (rcpps, rcpss, rsqrtps, rsqrtss: their results are CPU-specific).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.loader import TEXT_START, check_loader
from harness.manifest import Channel as ManifestChannel
from harness.manifest import Manifest
from harness.report import ReportError, parse_report
from harness.targets import EXITED, NO_REPORT, RunResult, Session
from harness.targets.ref.channels import Accounting, Channel, Channels
from harness.targets.ref.errors import (
    EFAULT,
    EINTR,
    EIO,
    ENOENT,
    ENOEXEC,
    ENOMEM,
    OK_STATE,
    TIMEOUT_STATE,
    Unsupported,
    ZvmFail,
    fail,
)
from harness.targets.ref.loading import loader_failure
from harness.targets.ref.machine import INSTRUCTIONS_PER_SECOND, TRAPS_PER_SECOND, Ending, Machine
from harness.targets.ref.memory import HLT, PROT_READ, R15, ChannelRecord, LayoutError, build_layout, roundup_64k
from harness.targets.ref.report import ReportData, render
from harness.targets.ref.session import (
    ChannelDecl,
    HostFiles,
    ParsedManifest,
    StagedFile,
    open_channels,
    parse_manifest,
    program_size,
)
from harness.validator import ValidationReport, validate_code

UNSUPPORTED = "unsupported"  # RunResult.outcome when the model cannot reproduce zerovm faithfully
UNSUPPORTED_PREFIX = "unsupported: "  # ... and its exit_state starts with this
STAGING_DIR = "/tmp/zvm-session-ref"  # where staged channel files "are" (paths appear in some exit states)
SHA1_EMPTY = hashlib.sha1().hexdigest()

__all__ = ["INSTRUCTIONS_PER_SECOND", "TRAPS_PER_SECOND", "UNSUPPORTED", "UNSUPPORTED_PREFIX", "RefTarget"]


@dataclass(frozen=True)
class Options:
    skip_validation: bool = False
    quit_after_load: bool = False
    report_mode: int = 0
    preallocate: bool = True


def parse_options(options: tuple[str, ...]) -> Options:
    """zerovm's getopt string "-PFQst:v:M:T:" (zerovm.c ParseCommandLine)."""
    skip = quit_ = False
    preallocate = True
    mode = 0
    args = list(options)
    while args:
        arg = args.pop(0)
        if not arg.startswith("-") or arg == "-":
            raise Unsupported(f"extra manifest argument {arg!r} (zerovm prints its help and exits 22)")
        letters = arg[1:]
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter in "tvMT":
                value = letters or (args.pop(0) if args else None)
                letters = ""
                if value is None:
                    raise Unsupported(f"option -{letter} without a value (zerovm prints its help and exits 22)")
                if letter == "t":
                    try:
                        mode = int(value, 0)
                    except ValueError:
                        raise Unsupported(f"-t {value!r}") from None
                elif letter in "MT":
                    raise Unsupported(f"option -{letter}")
            elif letter == "s":
                skip = True
            elif letter == "F":
                quit_ = True
            elif letter == "P":
                preallocate = False
            elif letter == "Q":
                pass  # no platform qualification: nothing to model
            else:
                raise Unsupported(f"unknown option -{letter} (zerovm prints its help and exits 22)")
    return Options(skip, quit_, mode, preallocate)


@dataclass
class _State:
    """What zerovm's report module has recorded so far."""

    validator_state: int = 2
    user_code: int = 0
    code: int = 0
    exit_state: str | None = None
    manifest: ParsedManifest | None = None
    sorted_channels: list[Channel] | None = None
    opened: list[tuple[ChannelDecl, Channel]] = field(default_factory=list)
    accounting: Accounting = field(default_factory=Accounting)
    machine: Machine | None = None
    memory_stage: str = "none"  # "none" | "loaded" | "full": how much of mem_map zerovm has filled in


_VALIDATED: dict[bytes, ValidationReport] = {}


def _validated(text: bytes) -> ValidationReport:
    """validate_code for the text at 0x20000, cached by content: suites run one nexe many times."""
    key = hashlib.sha256(text).digest()
    report = _VALIDATED.get(key)
    if report is None:
        if len(_VALIDATED) > 256:
            _VALIDATED.clear()
        report = _VALIDATED[key] = validate_code(text, TEXT_START)
    return report


class RefTarget:
    name = "ref"

    def __init__(self, rate: int = INSTRUCTIONS_PER_SECOND, trap_rate: int = TRAPS_PER_SECOND) -> None:
        self.rate = rate  # instructions per second of Timeout
        self.trap_rate = trap_rate  # traps per second of Timeout

    def manifest_text(self, session: Session) -> tuple[str, dict[str, StagedFile], dict[str, str]]:
        """The manifest the real-zerovm target would write, with its staged files (in memory).

        Staged files live in the virtual directory STAGING_DIR: the model never touches the
        host's file system there.  A template (`session.manifest`) gets `{program}` and
        `{dir}` filled in the same way, and its channels in `{dir}` are the outputs.
        """
        program = str(Path(session.nexe).absolute()) if session.nexe is not None else f"{STAGING_DIR}/program.nexe"
        staged: dict[str, StagedFile] = {f"{STAGING_DIR}/{name}": StagedFile(data) for name, data in session.files}
        outputs: dict[str, str] = {}  # alias -> staged path whose final content is collected
        if session.manifest is not None:
            text = session.manifest.replace("{program}", program).replace("{dir}", STAGING_DIR)
            for line in text.splitlines():
                key, eq, value = line.partition("=")
                fields = [f.strip() for f in value.split(",")]
                if eq and key.strip() == "Channel" and len(fields) >= 2 and fields[0].startswith(f"{STAGING_DIR}/"):
                    outputs[fields[1]] = fields[0]
            return text, staged, outputs
        channels = []
        for i, spec in enumerate(session.channels):
            uri = spec.uri
            if uri is None:
                uri = f"{STAGING_DIR}/channel{i}"
                staged[uri] = StagedFile(spec.data)
                if spec.puts and spec.put_size:
                    outputs[spec.alias] = uri
            channels.append(ManifestChannel(uri, spec.alias, spec.type, spec.etag, spec.gets, spec.get_size,
                                            spec.puts, spec.put_size))
        manifest = Manifest(program, tuple(channels), session.memory, session.memory_etag, session.timeout)
        return manifest.render(), staged, outputs

    def run(self, session: Session) -> RunResult:
        start = time.monotonic()
        state = _State()
        mode = 0
        try:
            options = parse_options(session.options)
            mode = options.report_mode
            text, staged, outputs = self.manifest_text(session)
            self._session(state, options, text, HostFiles(staged, STAGING_DIR, options.preallocate))
        except Unsupported as exc:
            if state.machine is not None:
                state.machine.close()
            return RunResult(self.name, UNSUPPORTED, None, exit_state=f"{UNSUPPORTED_PREFIX}{exc}",
                             wall_s=time.monotonic() - start)
        except ZvmFail as exc:
            if state.code == 0:
                state.code = exc.code
            state.exit_state = exc.state
        try:
            etags = self._etags(state)
        except Unsupported as exc:
            return RunResult(self.name, UNSUPPORTED, None, exit_state=f"{UNSUPPORTED_PREFIX}{exc}",
                             wall_s=time.monotonic() - start)
        finally:
            if state.machine is not None:
                state.machine.close()  # give the emulator's memory back now, not at the next GC
        exit_state = state.exit_state if state.exit_state is not None else "unknown error, see syslog"
        data = ReportData(state.validator_state, 0, state.user_code, etags, state.accounting, exit_state)
        stdout = render(data, mode)
        collected = self._outputs(state, staged, outputs)
        wall = time.monotonic() - start
        # The fields come from parsing the printed text, exactly as the real-zerovm target
        # gets them, so both targets agree even where the parser is lossy (-t1, -t2, -t3).
        try:
            report = parse_report(stdout)
        except ReportError:
            return RunResult(self.name, NO_REPORT, state.code, outputs=collected, wall_s=wall, raw_stdout=stdout)
        return RunResult(self.name, EXITED, state.code, report.validator_state, report.daemon, report.user_code,
                         report.etags, report.accounting, report.exit_state, collected, wall, stdout, "")

    # -- zerovm's main() ---------------------------------------------------------------------------

    def _session(self, state: _State, options: Options, text: str, host: HostFiles) -> None:
        if not text:  # GetManifestData: fread() < 1
            raise fail("src/main/manifest.c", 126, EIO, "manifest read error")
        manifest = parse_manifest(text)
        state.manifest = manifest
        if manifest.program is not None and host.is_virtual(manifest.program):
            elf_or_none = host.read(manifest.program)  # a staged program (templates with files)
            if elf_or_none is None:
                raise fail("src/main/zerovm.c", 116, ENOENT, "program open error")
            elf = elf_or_none
        else:
            size = program_size(manifest.program)
            try:
                # zerovm snapshots st_size bytes (so /dev/zero is an empty file, not an endless one)
                with open(manifest.program or "", "rb") as handle:
                    elf = handle.read(size)
            except OSError as exc:
                raise fail("src/main/zerovm.c", 164, ENOENT, f"Cannot open '{manifest.program}'. {exc.strerror}") \
                    from None
        if manifest.job is not None:
            raise Unsupported("Job (daemon mode) is not modelled")
        loader = check_loader(elf)
        if not loader.loads or loader.layout is None:
            raise loader_failure(loader, elf)
        nexe = loader.layout
        state.memory_stage = "loaded"
        text_end = roundup_64k(nexe.static_text_end + 32)
        text_bytes = loader.text + bytes([HLT]) * (text_end - nexe.static_text_end)
        report = _validated(text_bytes)
        if not options.skip_validation:
            state.validator_state = 1
            if not report.valid:
                raise fail("src/main/zerovm.c", 145, ENOEXEC, "validation failed")
            state.validator_state = 0
        channels = open_channels(manifest.channels, host, state.opened)
        state.sorted_channels = channels
        records = tuple(ChannelRecord(c.alias, c.limits, c.size, c.type) for c in channels)
        try:
            layout = build_layout(nexe, elf, manifest.memory, records)
        except LayoutError as exc:
            raise fail("src/main/setup.c", exc.line, ENOMEM, exc.message) from None
        state.memory_stage = "full"
        if manifest.timeout < 1:
            raise fail("src/main/setup.c", 101, EFAULT, f"invalid timeout {manifest.timeout}")
        table = Channels(channels, state.accounting)
        machine = Machine(layout, table, report, budget=manifest.timeout * self.rate,
                          trap_budget=manifest.timeout * self.trap_rate)
        state.machine = machine
        if options.quit_after_load:
            state.exit_state = OK_STATE
            return
        ending = machine.run()
        self._end(state, ending)

    def _end(self, state: _State, ending: Ending) -> None:
        if ending.kind == "exit":
            state.user_code = ending.user_code
            if state.code == 0:
                state.exit_state = OK_STATE
        elif ending.kind == "timeout":
            state.code = state.code or EINTR
            state.exit_state = TIMEOUT_STATE
        else:
            state.code = state.code or ending.code
            state.exit_state = ending.state

    # -- the report's etags and the channel files ----------------------------------------------------

    def _etags(self, state: _State) -> tuple[tuple[str, str], ...]:
        manifest = state.manifest
        if manifest is None:  # the manifest never got parsed: zerovm has no channels to report
            return ()
        etags: list[tuple[str, str]] = []
        if state.sorted_channels is not None:
            etags = [(c.alias, c.digest.hexdigest()) for c in state.sorted_channels if c.tagged]
        else:
            opened = {id(decl): ch for decl, ch in state.opened}
            for decl in manifest.channels:
                if decl.etag:
                    ch = opened.get(id(decl))
                    etags.append((decl.alias, ch.digest.hexdigest() if ch is not None else SHA1_EMPTY))
        if manifest.memory_etag:
            etags.append(("/dev/memory", self._memory_digest(state)))
        return tuple(etags)

    def _memory_digest(self, state: _State) -> str:
        """GetMemoryDigest: SHA-1 over the readable mem_map blocks, in mem_map order."""
        if state.memory_stage == "none":
            return SHA1_EMPTY
        machine = state.machine
        if state.memory_stage != "full" or machine is None:
            raise Unsupported("the /dev/memory etag of a session that failed between loading and heap set-up")
        digest = hashlib.sha1()
        for block in machine.layout.mem_map:
            if not block.prot & PROT_READ:
                continue
            if block.sys_start < R15:
                raise Unsupported("the /dev/memory etag without a data segment (zerovm hashes from address 0)")
            pos = block.sys_start
            while pos < block.sys_end:
                n = min(block.sys_end - pos, 1 << 24)
                digest.update(machine.read_readable(pos - R15, n))
                pos += n
        return digest.hexdigest()

    def _outputs(self, state: _State, staged: dict[str, StagedFile], outputs: dict[str, str]) -> dict[str, bytes]:
        """What the writable staged files hold after zerovm closed them."""
        opened_by_path: dict[str, Channel] = {}
        for decl, ch in state.opened:
            if decl.sources and decl.sources[0].path is not None:
                opened_by_path[decl.sources[0].path] = ch
        collected: dict[str, bytes] = {}
        for alias, path in outputs.items():
            channel = opened_by_path.get(path)
            if channel is not None:
                collected[alias] = channel.final_content()
            elif path in staged and staged[path].data is not None:
                collected[alias] = staged[path].data or b""
        return collected
