"""gcc's command line for the NaCl driver: `python -m harness cc ARGS...` and `zvm-cc ARGS...`.

This module only reads the command line (response files, gcc's option spellings) into
an `Invocation` and refuses the flags that would break the sandbox or the nexe layout;
`harness.toolchain.driver` does the work.  Every failure is a one-line message in gcc's
style and exit 1 (as gcc exits), never a traceback.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

PROG = "x86_64-nacl-gcc"
TARGET = "x86_64-nacl"
EXIT_OK = 0
EXIT_FAILED = 1

# Options whose argument may be the next word: gcc's spellings.
_WITH_ARG = ("-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
             "-iwithprefix", "-L", "-l", "-MF", "-MT", "-MQ", "-x", "-Xlinker", "-Xpreprocessor", "-Xassembler",
             "-e", "-u", "-T")
_PREPROCESSOR_WITH_ARG = ("-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-iprefix",
                          "-iwithprefix")
# Standards whose `inline` is gcc's old one (an `extern inline` emits no definition).
GNU89_STANDARDS = ("gnu89", "gnu90", "c89", "c90", "iso9899:1990", "iso9899:199409")
# -l names the runtime itself stands for: libc, libm and libgcc live in its archive.
RUNTIME_LIBS = ("c", "m", "gcc", "gcc_eh", "nacl", "pthread")
_SOURCE_SUFFIXES = (".c", ".i", ".s", ".S")

_PIC = "position-independent code: a nexe is a static program at fixed addresses, and the sandboxing pass " \
       "expects no GOT or PLT accesses"
_NOT_STATIC = "a nexe is a static executable laid out by toolchain/nexe.ld; ZeroVM loads no shared objects and no PIE"
_CANARY = "the stack protector reads its canary through %fs (thread-local storage), a segment override the " \
          "validator rejects"
_CET = "CET adds endbr64/notrack and a .note.gnu.property the nexe layout has no room for; only " \
       "-fcf-protection=none is allowed"
_PROFILER = "it needs a profiling or sanitizer runtime a nexe does not have"

# (pattern, why) checked on every compiler flag in order; the first match refuses the flag.
_REFUSED: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), why) for p, why in (
    (r"-f(PIC|pic|PIE|pie)$", _PIC),
    (r"-(pie|static-pie|shared|rdynamic)$", _NOT_STATIC),
    (r"-fstack-protector.*", _CANARY),
    (r"-fcf-protection(=(?!none$).*)?$", _CET),
    (r"-m(32|16)$", "a NaCl x86-64 nexe is 64-bit code (x32 data model: -mx32, which the driver passes)"),
    (r"-m64$", "64-bit pointers: the sandbox needs the x32 data model (-mx32, which the driver passes)"),
    (r"-mcmodel=(?!small$).*", "the sandboxing pass and toolchain/nexe.ld assume the small code model"),
    (r"-maddress-mode=(?!long$).*", "the sandboxing pass needs 64-bit address computations (-maddress-mode=long)"),
    (r"-mred-zone$", "a trap's call pushes below %rsp, so a nexe has no red zone"),
    (r"-fcall-(used|saved)-(r11|r15)\w*$", "r15 holds the sandbox base and r11 is the sandboxing pass's scratch "
                                          "register: both are reserved (-ffixed-r15 -ffixed-r11)"),
    (r"-ffixed-(r15|r11)d$", "r15 and r11 are reserved as whole registers already"),
    (r"-fomit-frame-pointer$", "%rbp stays a sandboxed address (the pass rebases every write to it), so it "
                               "cannot be a general register"),
    (r"-fsplit-stack$", "split stacks keep their limit in %fs, a segment override the validator rejects"),
    (r"-(fsanitize=.*|pg|p|-coverage|fprofile-arcs|fprofile-generate.*|ftest-coverage|finstrument-functions.*)$",
     _PROFILER),
    (r"-T$", "the nexe layout is toolchain/nexe.ld; a linker script of one's own would break it"),
))
# Linker options (from -Wl, / -Xlinker) that would break the nexe layout.
_REFUSED_LD = re.compile(r"-(pie|-pie|shared|-shared|Bshareable|T|-script(=.*)?|Ttext(=.*)?|Tdata(=.*)?|"
                         r"Tbss(=.*)?|-dynamic-linker(=.*)?|E|-export-dynamic)$")


# -x LANGUAGE -> the suffix of a source in that language (what the built-in toolchain goes by).
LANGUAGES = {"c": ".c", "cpp-output": ".i", "assembler": ".s", "assembler-with-cpp": ".S"}

# Assembler options (-Wa, -Xassembler, x86_64-nacl-as) that cannot change the code GNU as makes of the
# sandboxed assembly: side outputs, warnings, symbols for hand-written `.if`s.  Any other is refused,
# since an encoding or padding choice of as's own could undo what bundle mode and the sandboxing pass laid out.
_AS_SAFE = re.compile(r"(?:--noexecstack|--execstack|-W|--no-warn|--warn|--fatal-warnings|-L|--keep-locals|"
                      r"--reduce-memory-overheads|--statistics|--strip-local-absolute|-D|-Q[yn]|"
                      r"-a[cdghlmns]*(=.+)?|--listing-[a-z-]+=\d+|-I.+|--defsym=.+|--MD=.+)$")
AS_OPTIONS_WITH_ARG = ("-I", "--defsym", "--MD")  # their argument may be the next word
_AS_REFUSED: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), why) for p, why in (
    (r"--?(32|x32)$", "a nexe is 64-bit code, assembled with --64"),
    (r"-o$|-o.+", "the driver names the assembler's output"),
    (r"-(g|-gen-debug|-gdwarf.*|-gstabs.*|-gcodeview)$", "as's own line table of the sandboxed assembly would "
                                                         "replace the C source's (gcc's .loc lines)"),
    (r"-R$", "it merges data into the text section, bytes the validator would read as code"),
    (r"-(O.*|n|malign-branch.*|mbranches-within-32B-boundaries|mlfence-.*|msse2avx|mrelax-relocations=.*|"
     r"madd-bnd-prefix|mshared|momit-lock-prefix=.*|mfence-as-lock-add=.*|mno-shared|mx86-used-note=.*|march=.*|"
     r"mtune=.*|msyntax=.*|mnaked-reg|mmnemonic=.*|mevexrcig=.*|mvexwig=.*|mevexwig=.*|mevexlig=.*|"
     r"mvexlig=.*|moperand-check=.*|mavxscalar=.*|mindex-reg)$",
     "it changes how as encodes or pads instructions, and bundle mode (.bundle_align_mode 5) and the "
     "sandboxing pass's masked sequences must be assembled exactly as the pass laid them out"),
))


PRINT_QUERIES = ("-print-file-name=LIB", "-print-prog-name=PROG", "-print-libgcc-file-name", "-print-search-dirs",
                 "-print-multi-directory", "-print-multi-lib", "-print-multi-os-directory", "-print-multiarch",
                 "-print-sysroot")


class CcUsageError(Exception):
    """The command line cannot be served; the message names the flag and why."""


@dataclass
class Invocation:
    mode: str = "link"  # "link", "c", "S", "E" (also -M/-MM)
    output: str | None = None
    # Inputs in command-line order: ("source", path), ("input", path to an object, archive ...),
    # ("lib", NAME of -lNAME).
    inputs: list[tuple[str, str]] = field(default_factory=list)
    opt: str = "-O0"
    cflags: list[str] = field(default_factory=list)  # passed to gcc after the driver's own, in order
    unknown: list[str] = field(default_factory=list)  # flags the driver does not know: gcc judges them
    dep_flags: list[str] = field(default_factory=list)
    ld_args: list[str] = field(default_factory=list)
    lib_dirs: list[str] = field(default_factory=list)
    start_files: bool = True
    default_libs: bool = True
    strip: bool = False
    verbose: bool = False
    as_flags: list[str] = field(default_factory=list)  # checked by as_refusal, passed to GNU as
    save_temps: str | None = None  # "cwd" or "obj": keep the .i, the sandboxed .s and the .o
    # input index -> the -x language in force when it was named (inputs named under `-x none` have none)
    languages: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return [v for k, v in self.inputs if k == "source"]

    def dep_option(self, name: str) -> bool:
        return name in self.dep_flags

    def source_suffix(self, index: int) -> str:
        """The suffix the source at `index` is compiled as: its -x language's, or its own."""
        language = self.languages.get(index)
        return LANGUAGES[language] if language else os.path.splitext(self.inputs[index][1])[1]

    def numbered_sources(self) -> list[tuple[int, str]]:
        return [(n, v) for n, (k, v) in enumerate(self.inputs) if k == "source"]


def expand_response_files(argv: Sequence[str], depth: int = 0) -> list[str]:
    """`@file` words replaced by the file's words (quotes and backslashes as gcc's libiberty reads them);
    a file that cannot be read stays a literal word, as in gcc."""
    out: list[str] = []
    for word in argv:
        if not word.startswith("@") or len(word) == 1:
            out.append(word)
            continue
        try:
            with open(word[1:], encoding="utf-8", errors="surrogateescape") as f:
                text = f.read(1 << 20)
        except OSError:
            out.append(word)
            continue
        if depth >= 16:
            raise CcUsageError(f"{word}: response files nest too deeply")
        try:
            words = shlex.split(text, comments=False, posix=True)
        except ValueError as exc:
            raise CcUsageError(f"{word}: cannot read the response file: {exc}") from None
        out.extend(expand_response_files(words, depth + 1))
    return out


def refusal(flag: str) -> str | None:
    for pattern, why in _REFUSED:
        if pattern.match(flag):
            return f"{flag} is not supported for a nexe: {why}"
    return None


def as_refusal(args: Sequence[str], shown: str = "-Wa,") -> str | None:
    """Why the assembler options `args` (as the assembler gets them) cannot be passed, or None."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in AS_OPTIONS_WITH_ARG and i + 1 < len(args):
            i += 2
            continue
        if _AS_SAFE.match(arg):
            i += 1
            continue
        for pattern, why in _AS_REFUSED:
            if pattern.match(arg):
                return f"{shown}{arg} is not supported for a nexe: {why}"
        return (f"{shown}{arg} is not supported for a nexe: the driver passes the assembler only options that "
                f"cannot change its code (--noexecstack, -a listings, -W, --fatal-warnings, -I, --defsym, "
                f"--MD, ...): an encoding or padding choice of as's own could undo the sandboxing pass's layout")
    return None


def _ld_refusal(arg: str) -> str | None:
    if _REFUSED_LD.match(arg):
        return f"-Wl,{arg} is not supported for a nexe: {_NOT_STATIC}"
    return None


def parse(argv: Sequence[str]) -> Invocation:
    inv = Invocation()
    args = list(argv)
    i = 0

    def value(opt: str, arg: str) -> str:
        nonlocal i
        if arg != opt:
            return arg[len(opt):].removeprefix("=") if opt in ("-MF", "-MT", "-MQ") else arg[len(opt):]
        i += 1
        if i >= len(args):
            raise CcUsageError(f"missing argument to '{opt}'")
        return args[i]

    language: str | None = None  # the -x in force
    unused_x: str | None = None  # a -x no input came after yet
    while i < len(args):
        arg = args[i]
        why = refusal(arg)
        if why:
            raise CcUsageError(why)
        if not arg.startswith("-") or arg == "-":
            if arg == "-" and language is None and inv.mode != "E" and "-E" not in args:
                raise CcUsageError("-E or -x required when input is from standard input")
            kind = "source" if language or arg == "-" or os.path.splitext(arg)[1] in _SOURCE_SUFFIXES else "input"
            if language:
                inv.languages[len(inv.inputs)] = language
            inv.inputs.append((kind, arg))
            unused_x = None
        elif arg.startswith("-x"):
            name = value("-x", arg)
            if name != "none" and name not in LANGUAGES:
                raise CcUsageError(f"-x {name} is not supported: the languages are "
                                   f"{', '.join(LANGUAGES)} and none (a nexe is built from C or assembly)")
            language = None if name == "none" else name
            unused_x = name
        elif arg in ("-c", "-S", "-E"):
            # gcc takes the earliest stage asked for
            order = {"E": 0, "S": 1, "c": 2, "link": 3}
            if order[arg[1]] < order[inv.mode]:
                inv.mode = arg[1]
        elif arg in ("-M", "-MM"):
            inv.mode = "E"
            inv.dep_flags.append(arg)
        elif arg in ("-MD", "-MMD", "-MP", "-MG"):
            inv.dep_flags.append(arg)
        elif arg.startswith(("-MF", "-MT", "-MQ")):
            opt = arg[:3]
            inv.dep_flags += [opt, value(opt, arg)]
        elif arg.startswith("-o"):
            inv.output = value("-o", arg)
        elif arg.startswith("-O"):
            inv.opt = arg
        elif arg.startswith("-std=") or arg == "-ansi":
            inv.cflags.append(arg)
            if arg == "-ansi" or arg.removeprefix("-std=") in GNU89_STANDARDS:
                inv.cflags.append("-fgnu89-inline")
        elif arg.startswith("-Wl,"):
            for part in arg[4:].split(","):
                if part:
                    _add_ld_arg(inv, part)
        elif arg.startswith("-Xlinker"):
            _add_ld_arg(inv, value("-Xlinker", arg))
        elif arg.startswith("-Wa,"):
            inv.as_flags += [part for part in arg[4:].split(",") if part]
        elif arg.startswith("-Xassembler"):
            inv.as_flags.append(value("-Xassembler", arg))
        elif arg in ("-save-temps", "-save-temps=cwd", "-save-temps=obj"):
            inv.save_temps = "obj" if arg.endswith("=obj") else "cwd"
        elif arg == "--param":
            inv.cflags += [arg, value(arg, arg)]
        elif arg.startswith("-Xpreprocessor"):
            inv.cflags += ["-Xpreprocessor", value("-Xpreprocessor", arg)]
        elif arg.startswith("-L"):
            inv.lib_dirs.append(value("-L", arg))
        elif arg.startswith("-l"):
            inv.inputs.append(("lib", value("-l", arg)))
        elif arg in ("-e", "-u") or (arg.startswith(("-e", "-u")) and len(arg) > 2 and arg[1:].isidentifier()
                                     and not arg.startswith("-undef")):
            opt = arg[:2]
            inv.ld_args += [opt, value(opt, arg)]
        elif arg == "-nostdlib":
            inv.start_files = inv.default_libs = False
        elif arg == "-nostartfiles":
            inv.start_files = False
        elif arg in ("-nodefaultlibs", "-nolibc"):
            inv.default_libs = False
        elif arg == "-s":
            inv.strip = True
        elif arg in ("-n", "-N", "-static", "-pipe", "-pthread", "-no-pie"):
            pass  # nexes are always static and built in memory; -n is what old NaCl Makefiles pass
        elif arg == "-v":
            inv.verbose = True
        elif arg.startswith(_PREPROCESSOR_WITH_ARG):
            opt = max((o for o in _PREPROCESSOR_WITH_ARG if arg.startswith(o)), key=len)
            inv.cflags += [opt, value(opt, arg)]
        elif arg.startswith(("-W", "-f", "-m", "-g", "-D", "-U")) or arg in ("-w", "-pedantic", "-pedantic-errors",
                                                                              "-nostdinc", "-P", "-C", "-H",
                                                                              "-trigraphs", "-undef"):
            inv.cflags.append(arg)
        else:
            inv.unknown.append(arg)
        i += 1
    if inv.output is not None and inv.mode != "link" and len(inv.sources) > 1 and inv.output != "-":
        raise CcUsageError("cannot specify '-o' with '-c', '-S' or '-E' with multiple files")
    if unused_x is not None and unused_x != "none":
        inv.warnings.append(f"warning: '-x {unused_x}' after last input file has no effect")
    why = as_refusal(inv.as_flags)
    if why:
        raise CcUsageError(why)
    if inv.sources.count("-") > 1:
        raise CcUsageError("standard input can be read once: name '-' once")
    return inv


def _add_ld_arg(inv: Invocation, part: str) -> None:
    why = _ld_refusal(part)
    if why:
        raise CcUsageError(why)
    inv.ld_args.append(part)


def _info(argv: list[str]) -> int | None:
    """--version, -dumpversion, -dumpmachine, -print-*, a lone -v: answered without compiling."""
    from harness.toolchain.driver import gcc_version, print_query

    if "--version" in argv:
        print(f"{PROG} (ZeroVM harness driver over the host's GCC {gcc_version()}) {gcc_version()}")
        print("Builds NaCl x86-64 nexes: gcc -mx32, the harness's sandboxing pass, GNU as, ld with "
              "toolchain/nexe.ld.")
        return EXIT_OK
    if "-dumpversion" in argv or "-dumpfullversion" in argv:
        print(gcc_version())
        return EXIT_OK
    if "-dumpmachine" in argv:
        print(TARGET)
        return EXIT_OK
    queries = [a for a in argv if a.startswith(("-print-", "--print-"))]
    if queries:
        lib_dirs = [a[2:] or b for a, b in zip(argv, [*argv[1:], ""], strict=True) if a.startswith("-L")]
        for query in queries:
            answer = print_query(query.lstrip("-"), lib_dirs)
            if answer is None:
                raise CcUsageError(f"unrecognized command-line option '{query}' (the -print-* queries answered: "
                                   f"{', '.join(PRINT_QUERIES)})")
            if answer:
                print(answer)
        return EXIT_OK
    if argv == ["-v"]:
        print(f"Target: {TARGET}\ngcc version {gcc_version()} (ZeroVM harness driver)", file=sys.stderr)
        return EXIT_OK
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from harness.cli import guarded  # the last net every command shares

    args = list(sys.argv[1:] if argv is None else argv)
    return guarded(lambda: _drive(args), f"{PROG}: error: ",
                   lambda exc: f"{PROG}: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:500]}; "
                               "please report it")


def _drive(args: list[str]) -> int:
    try:
        if args[:1] == ["--install-prefix"]:
            from harness.toolchain.driver import install_wrappers

            if len(args) != 2:
                raise CcUsageError("usage: --install-prefix DIR")
            for path in install_wrappers(args[1]):
                print(path)
            return EXIT_OK
        if args[:1] in (["--as-mode"], ["--ld-mode"]):
            from harness.toolchain.driver import assemble_only, link_only

            return (assemble_only if args[0] == "--as-mode" else link_only)(args[1:])
        args = expand_response_files(args)
        answered = _info(args)
        if answered is not None:
            return answered
        inv = parse(args)
        from harness.toolchain.driver import drive

        return drive(inv)
    except CcUsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
