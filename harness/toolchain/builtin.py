"""The built-in NaCl toolchain: stock gcc (x32) -> sandboxing pass -> GNU as (bundles) -> ld.

The original x86_64-nacl-gcc cannot be installed anywhere today, so nexes are made
from the host's own gcc and binutils: gcc compiles C for the x32 ABI (32-bit
pointers, 64-bit mode, which is NaCl's x86-64 data model) with r11 and r15
reserved, `sandbox.py` rewrites its assembly into validator-safe form, GNU as
assembles it in bundle mode as an ELF64 object, and ld lays the nexe out with
`toolchain/nexe.ld`.  The runtime (start routine and libc) goes through the same
pipeline once and is cached as an archive.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness.cache import FileCache, digest
from harness.toolchain import dwarfline, elfnote
from harness.toolchain.base import (
    INCLUDE_DIR,
    LINKER_SCRIPT,
    RUNTIME_DIR,
    TEXT_ERRORS,
    BuildError,
    BuildRequest,
    BuildResult,
    check_sources,
    read_source_text,
    run_tool,
    write_output,
)
from harness.toolchain.sandbox import SandboxError, sandbox

# Why each flag: x32 gives NaCl's ILP32 data model in 64-bit mode; r15 holds the
# sandbox base and r11 is the pass's scratch register; the frame pointer keeps rbp
# a sandboxed address at all times; no red zone because the trap's `call` pushes
# below rsp; CET, PIC and stack protectors would emit code or segments ZeroVM rejects.
CODEGEN_FLAGS = (
    "-mx32",
    "-maddress-mode=long",
    "-march=x86-64",
    "-mtune=generic",
    "-ffixed-r15",
    "-ffixed-r11",
    "-mno-red-zone",
    "-ffreestanding",
    "-fno-pic",
    "-fno-pie",
    "-fno-plt",
    "-fno-stack-protector",
    "-fcf-protection=none",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-fno-exceptions",
    "-fno-omit-frame-pointer",
    "-fno-stack-clash-protection",
    # bt/bts/btr/btc are illegal in a nexe: gcc emits them for sparse switch cases (bit tests)
    # and, where its tuning likes them, for `x | (1 << n)`-style code; both have shift forms.
    "-fno-bit-tests",
    "-mtune-ctrl=^use_bt",
    "-g1",  # line tables: sandboxing errors name the C source line
)

RUNTIME_CFLAGS = ("-O2", "-fno-tree-loop-distribute-patterns", "-Wall", "-Wextra")

_UNDEFINED = re.compile(r"undefined reference to [`']([^']+)'")


class BuiltinToolchain:
    name = "builtin"

    def __init__(self, gcc: str = "gcc", assembler: str = "as", linker: str = "ld", archiver: str = "ar",
                 cache: FileCache | None = None) -> None:
        self.gcc = gcc
        self.assembler = assembler
        self.linker = linker
        self.archiver = archiver
        self.cache = cache or FileCache()

    # -- compiler invocation -----------------------------------------------

    def gcc_include_dir(self) -> str:
        return _gcc_include_dir(self.gcc)

    def cflags(self, opt: str, include_dirs: tuple[Path, ...] = (), defines: tuple[str, ...] = ()) -> list[str]:
        # Our own headers shadow the host's libc; gcc's freestanding ones stay
        # (_LIBC_LIMITS_H_ stops gcc's limits.h from chaining to a libc limits.h).
        flags = [*CODEGEN_FLAGS, opt, "-nostdinc"]
        flags += [f"-I{d}" for d in include_dirs]
        flags += ["-isystem", str(INCLUDE_DIR), "-isystem", self.gcc_include_dir(), "-D_LIBC_LIMITS_H_",
                  "-D__zerovm__=1"]
        flags += [f"-D{d}" for d in defines]
        return flags

    def version(self) -> str:
        return _tool_versions((self.gcc, self.assembler, self.linker))

    def sandboxed_assembly(self, src: Path, asm: Path, cflags: list[str], steps: list[str]) -> tuple[str, str]:
        """C, .S or .s -> sandboxed assembly text (gcc -S, then the sandboxing pass); returns it and gcc's
        warnings.  `asm` is where gcc's own assembly goes."""
        warnings = ""
        if src.suffix == ".s":
            text = read_source_text(src)
        else:
            # .S files are only preprocessed: their assembly is sandboxed like gcc's.
            mode = "-E" if src.suffix == ".S" else "-S"
            argv = [self.gcc, mode, *cflags, "-o", str(asm), str(src)]
            steps.append(" ".join(argv))
            proc = run_tool(argv, "the built-in toolchain")
            if proc.returncode != 0:
                raise BuildError(proc.stderr.rstrip() or f"error: gcc failed on {src}")
            warnings = proc.stderr
            text = asm.read_text(encoding="utf-8", errors=TEXT_ERRORS)
        try:
            return sandbox(text, default_file=str(src)), warnings
        except SandboxError as exc:
            raise BuildError(str(exc)) from exc

    def compile_to_object(self, src: Path, obj: Path, cflags: list[str], steps: list[str],
                          sandboxed: bool = True) -> str:
        """C (or .S/.s) -> sandboxed object; returns gcc's warnings.  Scratch files go next to `obj`."""
        if not sandboxed:
            if src.suffix not in (".s", ".S"):
                raise BuildError(f"{src}: error: only assembly sources can be built without the sandboxing pass")
            argv = [self.gcc, "-c", "-x", "assembler-with-cpp" if src.suffix == ".S" else "assembler",
                    "-Wa,--64", "-o", str(obj), str(src)]
            steps.append(" ".join(argv))
            proc = run_tool(argv, "the built-in toolchain")
            if proc.returncode != 0:
                raise BuildError(proc.stderr.rstrip() or f"error: could not assemble {src}")
            return proc.stderr
        safe, warnings = self.sandboxed_assembly(src, obj.with_suffix(".s"), cflags, steps)
        self.assemble(src, safe, obj, steps)
        return warnings

    def assemble(self, src: Path, safe: str, obj: Path, steps: list[str], extra_args: tuple[str, ...] = ()) -> None:
        """Sandboxed assembly text -> an ELF64 object (GNU as, bundle mode).  `extra_args`: options that
        cannot change the code (the driver's -Wa, checked by harness.cc_cli.as_refusal)."""
        sandboxed = obj.with_suffix(".nacl.s")
        sandboxed.write_text(safe, encoding="utf-8", errors=TEXT_ERRORS)
        argv = [self.assembler, "--64", *extra_args, "-o", str(obj), str(sandboxed)]
        steps.append(" ".join(argv))
        proc = run_tool(argv, "the built-in toolchain")
        if proc.returncode != 0:
            raise BuildError(f"{src}: error: the sandboxed assembly did not assemble "
                             f"(a harness bug; please report it):\n{proc.stderr.rstrip()}")
        try:
            dwarfline.narrow_line_addresses(obj)
        except dwarfline.DwarfLineError as exc:
            raise BuildError(f"{src}: error: {exc} (a harness bug; please report it)") from exc

    def link(self, inputs: list[str], linked: Path, steps: list[str], *, entry_from_runtime: bool = True,
             extra_args: tuple[str, ...] = ()) -> None:
        """Objects and archives (in link order, the runtime among them if wanted) -> a nexe at `linked`.

        `entry_from_runtime` asks ld for _start up front, so the runtime's start code is taken
        from its archive; `extra_args` go to ld before the inputs."""
        argv = [self.linker, "-m", "elf_x86_64", "-static", "-nostdlib", "--build-id=none",
                "-z", "max-page-size=0x10000", "-z", "noexecstack", "-T", str(LINKER_SCRIPT),
                *(["-u", "_start"] if entry_from_runtime else []), *extra_args, "-o", str(linked), *inputs]
        steps.append(" ".join(argv))
        proc = run_tool(argv, "the built-in toolchain")
        # ld only warns about a missing entry symbol; a nexe without one is useless.
        if proc.returncode != 0 or "cannot find entry symbol" in proc.stderr:
            raise BuildError(_link_error(proc.stderr))
        elfnote.mark_as_nacl(linked)

    # -- runtime -----------------------------------------------------------

    def runtime_sources(self) -> list[Path]:
        return sorted(RUNTIME_DIR.glob("*.c"))

    def runtime_archive(self) -> Path:
        """The runtime as a static archive, built once per content and cached."""
        sources = self.runtime_sources()
        headers = sorted(INCLUDE_DIR.glob("*.h")) + sorted(RUNTIME_DIR.glob("*.h"))
        # The passes that shape the objects: a change to either rebuilds the archive.
        passes = b"".join(Path(__file__).with_name(name).read_bytes() for name in ("sandbox.py", "dwarfline.py"))
        key = digest([self.version(), " ".join(CODEGEN_FLAGS + RUNTIME_CFLAGS), passes,
                      *(p.name.encode() + p.read_bytes() for p in sources + headers)])

        def build(out: Path) -> None:
            with tempfile.TemporaryDirectory(prefix="zvm-rt-") as tmp:
                objs = []
                steps: list[str] = []
                flags = self.cflags("-O2") + list(RUNTIME_CFLAGS[1:]) + ["-I", str(RUNTIME_DIR)]
                for src in sources:
                    obj = Path(tmp) / (src.stem + ".o")
                    self.compile_to_object(src, obj, flags, steps)
                    objs.append(str(obj))
                out.unlink()
                proc = run_tool([self.archiver, "rcs", str(out), *objs], "the built-in toolchain")
                if proc.returncode != 0:
                    raise BuildError(f"error: could not archive the runtime: {proc.stderr}")

        return self.cache.get_or_create(key, ".a", build)

    # -- the build ---------------------------------------------------------

    def build(self, request: BuildRequest) -> BuildResult:
        check_sources(request)
        runtime = [str(self.runtime_archive())] if request.runtime else []
        steps: list[str] = []
        warnings: list[str] = []
        cflags = self.cflags(request.opt, request.include_dirs, request.defines) + list(request.extra_cflags)
        with tempfile.TemporaryDirectory(prefix="zvm-build-") as tmp:
            objs = []
            for i, src in enumerate(request.sources):
                obj = Path(tmp) / f"{i}-{src.stem}.o"
                warnings.append(self.compile_to_object(src, obj, cflags, steps, request.sandbox))
                objs.append(str(obj))
            linked = Path(tmp) / "out.nexe"
            self.link([*objs, *runtime], linked, steps)
            write_output(linked, request.output)
        return BuildResult(request.output, self.name, request.opt, "".join(warnings), tuple(steps))


# Tools do not change under a running harness: ask each once per process, not once per build.
@functools.cache
def _gcc_include_dir(gcc: str) -> str:
    return run_tool([gcc, "-print-file-name=include"], "the built-in toolchain").stdout.strip()


@functools.cache
def _tool_versions(tools: tuple[str, ...]) -> str:
    parts = []
    for tool in tools:
        proc = run_tool([tool, "--version"], "the built-in toolchain")
        parts.append(proc.stdout.splitlines()[0] if proc.stdout else tool)
    return "; ".join(parts)


def _link_error(stderr: str) -> str:
    if "cannot find entry symbol" in stderr:
        return f"{stderr.rstrip()}\nerror: no _start: the runtime (toolchain/runtime/start.c) is missing"
    missing = sorted(set(_UNDEFINED.findall(stderr)))
    if missing:
        names = ", ".join(missing)
        return (f"{stderr.rstrip()}\nerror: undefined symbols: {names} (the ZeroVM runtime provides only the "
                f"functions in toolchain/include and the libgcc helpers gcc calls, toolchain/runtime/libgcc_*.c)")
    return stderr.rstrip() or "error: link failed"


def host_tools_present() -> bool:
    return all(shutil.which(t) for t in ("gcc", "as", "ld", "ar"))


def gcc_supports_x32(gcc: str = "gcc") -> bool:
    try:
        proc = subprocess.run([gcc, "-mx32", "-ffreestanding", "-nostdinc", "-S", "-x", "c", "-o", "-", "-"],
                              input="int x;", capture_output=True, text=True, check=False)
    except OSError:
        return False
    return proc.returncode == 0
