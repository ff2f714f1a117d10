"""The gcc-compatible driver over the built-in toolchain (`python -m harness cc`, `zvm-cc`).

Each stage is the built-in toolchain's own step (`BuiltinToolchain.sandboxed_assembly`,
`assemble`, `link`), so an object made with `-c` holds exactly the code a one-step
build makes of the same source, and a link of such objects gives the same nexe.
`harness.cc_cli` reads the command line; this module runs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from harness.cc_cli import (
    AS_OPTIONS_WITH_ARG,
    LANGUAGES,
    PROG,
    RUNTIME_LIBS,
    TARGET,
    CcUsageError,
    Invocation,
    as_refusal,
)
from harness.toolchain.base import BuildError, run_tool, write_output
from harness.toolchain.builtin import BuiltinToolchain

EXIT_OK = 0
EXIT_FAILED = 1
REPO_ROOT = Path(__file__).resolve().parents[2]
# The host binutils that work unchanged on our objects and nexes (ordinary ELF64 x86-64).
HOST_BINUTILS = ("ar", "ranlib", "nm", "objdump", "strip", "objcopy", "readelf", "size", "strings", "addr2line")


# The first line of the driver's -S output: `-c` (and x86_64-nacl-as) assemble such a file as it is, since
# sandboxed assembly is not input the pass accepts again.  The nexe is still checked by the validator.
SANDBOXED_MARK = "# sandboxed assembly: python -m harness cc -S (toolchain/sandbox.py)\n"


@functools.cache
def gcc_version(gcc: str = "gcc") -> str:
    try:
        return run_tool([gcc, "-dumpfullversion"], "the driver").stdout.strip() or "unknown"
    except BuildError:
        return "unknown"


def drive(inv: Invocation, toolchain: BuiltinToolchain | None = None) -> int:
    tc = toolchain or BuiltinToolchain()
    for warning in inv.warnings:
        print(f"{PROG}: {warning}", file=sys.stderr)
    steps: list[str] = []
    if inv.verbose:
        print(f"Target: {TARGET}\ngcc version {gcc_version(tc.gcc)} (ZeroVM harness driver)", file=sys.stderr)
    try:
        _check_unknown(tc, inv, steps)
        if not inv.inputs:
            raise BuildError(f"{PROG}: fatal error: no input files")
        if inv.mode == "E":
            _preprocess(tc, inv, steps)
        elif inv.mode in ("c", "S"):
            _compile(tc, inv, steps)
        else:
            _link(tc, inv, steps)
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    finally:
        if inv.verbose:
            for step in steps:
                print(f" {step}", file=sys.stderr)
    return EXIT_OK


def compile_flags(tc: BuiltinToolchain, inv: Invocation) -> list[str]:
    """The driver's code generation flags (those of every built-in build), then the user's, in order."""
    return [*tc.cflags(inv.opt), *inv.cflags, *inv.unknown]


def _check_unknown(tc: BuiltinToolchain, inv: Invocation, steps: list[str]) -> None:
    """Options the driver does not know go to gcc; when no C is compiled gcc still judges them."""
    if not inv.unknown or any(Path(s).suffix in (".c", ".i", ".S") for s in inv.sources):
        return
    argv = [tc.gcc, *compile_flags(tc, inv), "-fsyntax-only", "-x", "c", os.devnull]
    steps.append(" ".join(argv))
    proc = run_tool(argv, "the driver")
    if proc.returncode != 0:
        raise BuildError(proc.stderr.rstrip())


def _dep_flags(inv: Invocation, target: str) -> list[str]:
    """-MD/-MMD name the .d file and the rule's target after the user's output, as gcc does, not after
    the driver's scratch assembly."""
    flags = list(inv.dep_flags)
    if not ({"-MD", "-MMD"} & set(flags)):
        return flags
    if "-MF" not in flags:
        flags += ["-MF", str(Path(target).with_suffix(".d"))]
    if "-MT" not in flags and "-MQ" not in flags:
        flags += ["-MT", target]
    return flags


def _language_flags(inv: Invocation, index: int) -> list[str]:
    """`-x LANG` for gcc when a C source's -x language is not what its name says."""
    language = inv.languages.get(index)
    if language in ("c", "cpp-output") and Path(inv.inputs[index][1]).suffix != LANGUAGES[language]:
        return ["-x", language]
    return []


def _preprocess(tc: BuiltinToolchain, inv: Invocation, steps: list[str]) -> None:
    numbered = inv.numbered_sources() or list(enumerate(v for _, v in inv.inputs))
    for n, src in numbered:
        deps = _dep_flags(inv, inv.output) if inv.output not in (None, "-") else inv.dep_flags
        language = inv.languages.get(n)
        # gcc preprocesses stdin as C; assembly with cpp preprocesses as such
        lang = ["-x", language] if language else (["-x", "c"] if src == "-" else [])
        argv = [tc.gcc, "-E", *compile_flags(tc, inv), *deps, *lang, src]
        if inv.output not in (None, "-"):
            argv[2:2] = ["-o", inv.output]
        steps.append(" ".join(argv))
        proc = run_tool(argv, "the driver")
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            raise BuildError(f"{PROG}: error: preprocessing {src} failed")
        sys.stdout.write(proc.stdout)


def _default_output(src: str, suffix: str) -> str:
    return Path(src).with_suffix(suffix).name


def _staged(inv: Invocation, index: int, src: str, tmp: Path) -> tuple[Path, str, list[str]]:
    """The file the built-in toolchain compiles for the source at `index`, the suffix it is compiled as
    and gcc's language flags.  C keeps its own name (for the line table), told its language by -x;
    assembly named otherwise, or read from stdin, is copied under a name with the right suffix, since
    the toolchain goes by the suffix."""
    suffix = inv.source_suffix(index)
    if suffix in (".c", ".i") and (src == "-" or Path(src).suffix not in (".s", ".S")):
        flags = ["-x", inv.languages[index]] if src == "-" else _language_flags(inv, index)
        return Path(src), suffix, flags
    if src != "-" and Path(src).suffix == suffix:
        return Path(src), suffix, []
    staged = tmp / f"{'stdin' if src == '-' else Path(src).stem}{suffix}"
    try:
        if src == "-":
            staged.write_bytes(sys.stdin.buffer.read())
        else:
            shutil.copyfile(src, staged)
    except OSError as exc:
        raise BuildError(f"{PROG}: error: {src}: {exc.strerror}") from None
    return staged, suffix, []


def _compile_one(tc: BuiltinToolchain, inv: Invocation, index: int, obj: Path, target: str, steps: list[str],
                 keep: Path | None) -> str:
    """One source -> sandboxed assembly text (and the object at `obj` unless -S); returns the text.
    `keep`: where -save-temps keeps the .i, .s (the sandboxed assembly) and .o, as KEEP.i and so on."""
    src = inv.inputs[index][1]
    path, suffix, language = _staged(inv, index, src, obj.parent)
    flags = [*compile_flags(tc, inv), *language]
    if suffix != ".s":
        flags += _dep_flags(inv, target)
    text, warnings = _sandboxed(tc, path, obj, flags, steps)
    sys.stderr.write(warnings)
    if inv.mode != "S":
        tc.assemble(path, text, obj, steps, tuple(inv.as_flags))
    if keep is not None:
        _save_temps(tc, inv, path, suffix, language, text, obj, keep, steps)
    return text


def _save_temps(tc: BuiltinToolchain, inv: Invocation, path: Path, suffix: str, language: list[str], text: str,
                obj: Path, keep: Path, steps: list[str]) -> None:
    try:
        if suffix == ".c":
            argv = [tc.gcc, "-E", *compile_flags(tc, inv), *language, "-o", f"{keep}.i", str(path)]
            steps.append(" ".join(argv))
            proc = run_tool(argv, "the driver")
            if proc.returncode != 0:
                raise BuildError(proc.stderr.rstrip())
        asm = Path(f"{keep}.s")
        # an assembly source is never overwritten by its own temporary
        if not (asm.exists() and asm.resolve() == path.resolve()):
            asm.write_text(text, encoding="utf-8", errors="surrogateescape")
        if inv.mode == "link":
            shutil.copyfile(obj, f"{keep}.o")
    except OSError as exc:
        raise BuildError(f"{PROG}: error: -save-temps cannot write next to {keep}: {exc.strerror}") from None


def _keep_base(inv: Invocation, src: str) -> Path | None:
    """Where -save-temps keeps a source's temporaries, named as gcc 12 names them: after the -c/-S output
    (in the current directory, or next to it with =obj), or OUTPUT-SRC next to the linked program."""
    if inv.save_temps is None:
        return None
    stem = Path(src).stem
    if inv.mode != "link":
        if inv.output in (None, "-"):
            return Path(stem)
        out = Path(inv.output).with_suffix("")
        return out if inv.save_temps == "obj" else Path(out.name)
    out = Path(inv.output or "a.out")
    return out.parent / f"{out.with_suffix('').name}-{stem}"


def _sandboxed(tc: BuiltinToolchain, path: Path, obj: Path, flags: list[str], steps: list[str]) -> tuple[str, str]:
    if path.suffix == ".s":
        from harness.toolchain.base import read_source_text

        text = read_source_text(path)
        if text.startswith(SANDBOXED_MARK):
            return text, ""
    text, warnings = tc.sandboxed_assembly(path, obj.with_suffix(".s"), flags, steps)
    return SANDBOXED_MARK + text, warnings


def _compile(tc: BuiltinToolchain, inv: Invocation, steps: list[str]) -> None:
    suffix = ".s" if inv.mode == "S" else ".o"
    for kind, value in inv.inputs:
        if kind != "source":
            print(f"{PROG}: warning: {value if kind == 'input' else '-l' + value}: linker input file unused "
                  "because linking not done", file=sys.stderr)
    for n, src in inv.numbered_sources():
        out = inv.output or _default_output(src, suffix)
        with tempfile.TemporaryDirectory(prefix="zvm-cc-") as tmp:
            obj = Path(tmp) / "out.o"
            text = _compile_one(tc, inv, n, obj, out, steps, _keep_base(inv, src))
            try:
                if inv.mode == "S":
                    if out == "-":
                        sys.stdout.write(text)
                    else:
                        Path(out).write_text(text, encoding="utf-8", errors="surrogateescape")
                else:
                    shutil.copyfile(obj, out)
            except OSError as exc:
                raise BuildError(f"{PROG}: error: cannot write {out}: {exc.strerror}") from None


def _find_lib(inv: Invocation, name: str) -> str | None:
    """libNAME.a in the -L directories (ld's order); None when the runtime stands for it or it is missing."""
    file = name[1:] if name.startswith(":") else f"lib{name}.a"
    for d in inv.lib_dirs:
        candidate = Path(d) / file
        if candidate.is_file():
            return str(candidate)
    if name in RUNTIME_LIBS:
        return None
    # Never the host's own libraries: they are neither x32 nor sandboxed.
    searched = ", ".join(inv.lib_dirs) or "no -L directories"
    raise BuildError(f"{PROG}: error: cannot find -l{name} (searched {searched}; only static archives lib{name}.a "
                     f"are linked; libc, libm and libgcc are the runtime's)")


def _link(tc: BuiltinToolchain, inv: Invocation, steps: list[str]) -> None:
    output = inv.output or "a.out"
    with tempfile.TemporaryDirectory(prefix="zvm-cc-") as tmp:
        inputs: list[str] = []
        for n, (kind, value) in enumerate(inv.inputs):
            if kind == "source":
                scratch = Path(tmp) / str(n)
                scratch.mkdir()
                obj = scratch / f"{Path(value).stem}.o"
                _compile_one(tc, inv, n, obj, _default_output(value, ".o"), steps, _keep_base(inv, value))
                inputs.append(str(obj))
            elif kind == "lib":
                lib = _find_lib(inv, value)
                if lib is not None:
                    inputs.append(lib)
            else:
                if not Path(value).is_file():
                    raise BuildError(f"{PROG}: error: {value}: No such file or directory")
                inputs.append(value)
        if inv.default_libs:
            # After the user's inputs, as gcc puts libc.  ld takes _start from the archive whenever the
            # program lacks one (the linker script's ENTRY asks for it), so -nostartfiles gets a copy
            # without the start code.
            runtime = tc.runtime_archive()
            if not inv.start_files:
                runtime = _without_member(tc, runtime, "start.o", Path(tmp) / "libzvm-nostart.a")
            inputs.append(str(runtime))
        elif inv.start_files:
            start = Path(tmp) / "start.o"
            _extract_member(tc, tc.runtime_archive(), "start.o", start)
            inputs.insert(0, str(start))
        extra = [*inv.ld_args, *(["-s"] if inv.strip else [])]
        linked = Path(tmp) / "out.nexe"
        tc.link(inputs, linked, steps, entry_from_runtime=inv.start_files and inv.default_libs,
                extra_args=tuple(extra))
        write_output(linked, Path(output))


def _without_member(tc: BuiltinToolchain, archive: Path, member: str, out: Path) -> Path:
    shutil.copyfile(archive, out)
    proc = run_tool([tc.archiver, "d", str(out), member], "the driver")
    if proc.returncode != 0:
        raise BuildError(f"{PROG}: error: could not take {member} out of the runtime: {proc.stderr.rstrip()}")
    return out


def _extract_member(tc: BuiltinToolchain, archive: Path, member: str, out: Path) -> None:
    import subprocess

    with open(out, "wb") as f:
        proc = subprocess.run([tc.archiver, "p", str(archive), member], stdout=f, stderr=subprocess.PIPE,
                              check=False)
    if proc.returncode != 0:
        raise BuildError(f"{PROG}: error: the runtime has no {member}: {proc.stderr.decode(errors='replace')}")


# -- the binutils wrappers: x86_64-nacl-as and -ld ----------------------------------------------------------


def _output_and_rest(args: list[str]) -> tuple[str, list[str]]:
    """The binutils wrappers' command line: the -o/--output file (a.out by default) and the other words,
    in order."""
    output, rest = "a.out", []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-o", "--output") and i + 1 < len(args):
            output, i = args[i + 1], i + 1
        elif arg.startswith("--output="):
            output = arg.split("=", 1)[1]
        elif arg.startswith("-o") and len(arg) > 2:
            output = arg[2:]
        else:
            rest.append(arg)
        i += 1
    return output, rest


def assemble_only(args: list[str]) -> int:
    """`x86_64-nacl-as [-o OUT] [OPTIONS] FILE.s`: the sandboxing pass and GNU as in bundle mode; only the
    options that cannot change the code (harness.cc_cli.as_refusal) are passed on."""
    tc = BuiltinToolchain()
    output, rest = _output_and_rest(args)
    sources, options = [], []
    words = iter(rest)
    for arg in words:
        if arg in AS_OPTIONS_WITH_ARG:
            options += [arg, next(words, "")]
        else:
            (options if arg.startswith("-") else sources).append(arg)
    why = as_refusal(options, shown="")
    if why or len(sources) != 1:
        return _wrapper_error("as", why or f"give exactly one assembly source (got {len(sources)})")
    src = Path(sources[0])
    if src.suffix != ".s":
        return _wrapper_error("as", f"{src}: not an assembly source (.s)")

    def assemble(tmp: Path, steps: list[str]) -> None:
        obj = tmp / "out.o"
        text, _ = _sandboxed(tc, src, obj, [], steps)
        tc.assemble(src, text, obj, steps, tuple(options))
        shutil.copyfile(obj, output)

    return _in_scratch("as", assemble)


def link_only(args: list[str]) -> int:
    """`x86_64-nacl-ld ARGS`: host ld with the nexe layout (toolchain/nexe.ld) and no runtime."""
    from harness.cc_cli import _ld_refusal

    tc = BuiltinToolchain()
    output, rest = _output_and_rest(args)
    for arg in rest:
        why = _ld_refusal(arg)
        if why:
            return _wrapper_error("ld", why)

    def link(tmp: Path, steps: list[str]) -> None:
        linked = tmp / "out.nexe"
        tc.link(rest, linked, steps, entry_from_runtime=False)
        write_output(linked, Path(output))

    return _in_scratch("ld", link)


def _wrapper_error(tool: str, message: str) -> int:
    print(f"x86_64-nacl-{tool}: error: {message}", file=sys.stderr)
    return EXIT_FAILED


def _in_scratch(tool: str, work: Callable[[Path, list[str]], None]) -> int:
    """Run a binutils wrapper's work in a scratch directory; its failure is one message and exit 1."""
    try:
        with tempfile.TemporaryDirectory(prefix=f"zvm-{tool}-") as tmp:
            work(Path(tmp), [])
    except (BuildError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def print_query(query: str, lib_dirs: list[str]) -> str | None:
    """gcc's `-print-*` answers for the NaCl target (QUERY without its dash), or None for a query it
    does not answer.  The runtime archive stands for libc, libm and libgcc."""
    tc = BuiltinToolchain()
    name, _, arg = query.partition("=")
    if name == "print-file-name":
        for d in lib_dirs:
            if (Path(d) / arg).exists():
                return str(Path(d) / arg)
        if arg in {f"lib{lib}.a" for lib in RUNTIME_LIBS}:
            return str(tc.runtime_archive())
        if arg == "include":
            return tc.gcc_include_dir()
        return arg  # as gcc: a file it does not have is printed as it was asked
    if name == "print-prog-name":
        wrapper = shutil.which(f"x86_64-nacl-{arg}")
        if wrapper:
            return wrapper
        return f"x86_64-nacl-{arg}" if arg in (*HOST_BINUTILS, "as", "ld", "gcc", "cc") else arg
    answers = {
        "print-libgcc-file-name": lambda: str(tc.runtime_archive()),
        "print-search-dirs": lambda: f"install: {REPO_ROOT / 'toolchain'}/\nprograms: =\n"
                                     f"libraries: ={os.pathsep.join([*lib_dirs, str(tc.runtime_archive().parent)])}",
        "print-multi-directory": lambda: ".",
        "print-multi-lib": lambda: ".;",
        "print-multi-os-directory": lambda: ".",
        "print-multiarch": lambda: "",
        "print-sysroot": lambda: "",
    }
    answer = answers.get(query)
    return answer() if answer else None


def install_wrappers(directory: str, prefix: str = "x86_64-nacl-") -> list[Path]:
    """Shell wrappers DIR/x86_64-nacl-{gcc,cc,as,ld,ar,...} over this checkout and the host binutils."""
    d = Path(directory)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CcUsageError(f"cannot create {d}: {exc.strerror}") from None
    python = sys.executable
    harness = f'PYTHONPATH="{REPO_ROOT}${{PYTHONPATH:+:$PYTHONPATH}}" exec "{python}" -m harness cc'
    scripts = {"gcc": f'{harness} "$@"', "cc": f'{harness} "$@"', "as": f'{harness} --as-mode "$@"',
               "ld": f'{harness} --ld-mode "$@"'}
    for tool in HOST_BINUTILS:
        host = shutil.which(tool)
        if host is not None:
            scripts[tool] = f'exec "{host}" "$@"'
    made = []
    for tool, body in scripts.items():
        path = d / f"{prefix}{tool}"
        try:
            path.unlink(missing_ok=True)
            path.write_text(f"#!/bin/sh\n# {prefix}{tool}: made by `python -m harness cc --install-prefix`\n"
                            f"{body}\n", encoding="utf-8")
            path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError as exc:
            raise CcUsageError(f"cannot write {path}: {exc.strerror}") from None
        made.append(path)
    return made
