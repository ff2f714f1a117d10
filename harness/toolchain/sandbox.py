"""The sandboxing pass: gcc's x32 assembly in, NaCl-sandboxed assembly for GNU as out.

gcc compiles C for the x32 ABI (32-bit pointers in 64-bit mode) with r11 and r15
reserved; this pass rewrites every instruction the ZeroVM validator would reject
into its sandboxed form (ZEROVM.md sections 6 and 8) and hands the result to GNU as
in bundle mode (`.bundle_align_mode 5`), which keeps instructions and locked groups
inside 32-byte bundles.  The rules, in the order `_rewrite_instruction` applies them:

- memory operands not based on rsp/rbp/rip alone: a 32-bit `lea` (or `mov $abs`)
  into r11d, then `(%r15,%r11)`, locked into one bundle;
- `ret` becomes `pop %r11` and a masked jump; indirect calls and jumps go through
  r11, masked with `and $-32` and rebased with `add %r15`, in one bundle;
- every call is the tail of a locked group padded to exactly 32 bytes, so it ends on
  a bundle boundary (a trap returns to the start of its bundle);
- writes to rsp/rbp become the 32-bit operation followed by `add %r15`;
- pointers taken from rsp/rbp/rip are narrowed to 32 bits (a 64-bit sandbox address
  passed to a trap makes pread/pwrite fail silently);
- string instructions get the rdi/rsi sandboxing sequence;
- function entries and every address-taken text label are 32-byte aligned.

What cannot be made safe (TLS, segment overrides, forbidden instructions, inline asm
touching r11/r15) raises `SandboxError` naming the C source line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SCRATCH = "%r11"
SCRATCH32 = "%r11d"

BUNDLE = 32

# 64-bit register -> its 32-bit name, and back; the pass works on both spellings.
_R64 = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"]
_R32 = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"]
TO32 = {f"%{a}": f"%{b}" for a, b in zip(_R64, _R32, strict=True)}
TO32.update({f"%r{n}": f"%r{n}d" for n in range(8, 16)})
TO64 = {v: k for k, v in TO32.items()}

_ALL_NAMES_OF = {}  # every spelling of a register -> its 64-bit name
for _r64, _r32 in TO32.items():
    _ALL_NAMES_OF[_r64] = _r64
    _ALL_NAMES_OF[_r32] = _r64
for _n in range(8, 16):
    _ALL_NAMES_OF[f"%r{_n}w"] = f"%r{_n}"
    _ALL_NAMES_OF[f"%r{_n}b"] = f"%r{_n}"
for _r64, _w in zip(_R64, ["ax", "bx", "cx", "dx", "si", "di", "bp", "sp"], strict=True):
    _ALL_NAMES_OF[f"%{_w}"] = f"%{_r64}"
for _r64, _b in zip(_R64, ["al", "bl", "cl", "dl", "sil", "dil", "bpl", "spl"], strict=True):
    _ALL_NAMES_OF[f"%{_b}"] = f"%{_r64}"

# Instructions the validator forbids outright, with what the user is told.
FORBIDDEN = {
    "syscall": "system call instruction",
    "sysenter": "system call instruction",
    "sysexit": "system instruction",
    "sysret": "system instruction",
    "int": "software interrupt",
    "int3": "software interrupt",
    "int1": "software interrupt",
    "into": "software interrupt",
    "iret": "interrupt return",
    "iretq": "interrupt return",
    "iretl": "interrupt return",
    "lret": "far return",
    "lretq": "far return",
    "ljmp": "far jump",
    "lcall": "far call",
    "rdtsc": "rdtsc (ZeroVM forbids time sources for determinism)",
    "rdtscp": "rdtscp (ZeroVM forbids time sources for determinism)",
    "rdrand": "rdrand (non-deterministic)",
    "rdseed": "rdseed (non-deterministic)",
    "rdpmc": "rdpmc",
    "pushf": "pushf",
    "pushfq": "pushf",
    "popf": "popf",
    "popfq": "popf",
    "sahf": "sahf",
    "lahf": "lahf",
    "enter": "enter",
    "enterq": "enter",
    "xlat": "xlat",
    "xlatb": "xlat",
    "in": "port I/O",
    "inb": "port I/O",
    "inw": "port I/O",
    "inl": "port I/O",
    "out": "port I/O",
    "outb": "port I/O",
    "outw": "port I/O",
    "outl": "port I/O",
    "ins": "port I/O",
    "outs": "port I/O",
    "cli": "privileged instruction",
    "sti": "privileged instruction",
    "lgdt": "privileged instruction",
    "lidt": "privileged instruction",
    "wrmsr": "privileged instruction",
    "rdmsr": "privileged instruction",
    "swapgs": "privileged instruction",
    "maskmovq": "implicit %rdi store",
    "maskmovdqu": "implicit %rdi store",
    "xbegin": "transactional memory",
    "xend": "transactional memory",
    "xabort": "transactional memory",
}

_STRING_OPS = {
    "movs": ("rsi", "rdi"),
    "cmps": ("rsi", "rdi"),
    "stos": ("rdi",),
    "scas": ("rdi",),
    "lods": ("rsi",),
}
_STRING_RE = re.compile(r"^(movs|cmps|stos|scas|lods)[bwlq]?$")
_REP_PREFIXES = {"rep", "repe", "repz", "repne", "repnz"}
_OTHER_PREFIXES = {"lock", "data16", "addr32", "notrack", "rex", "rex64"}

# EFLAGS after an instruction gcc believes leaves them alone (mov, lea, pop, leave) may still be
# read: the rebase the pass adds after a write to rsp/rbp must then keep them (`_flags_live`).
_FLAG_READERS = ("j", "set", "cmov", "fcmov", "adc", "sbb", "rcl", "rcr", "pushf", "lahf", "salc", "into")
_FLAG_WRITERS = frozenset(("add", "sub", "cmp", "test", "and", "or", "xor", "neg", "imul", "mul", "div", "idiv",
                           "bsf", "bsr", "popcnt", "lzcnt", "tzcnt", "sahf", "popf", "comiss", "comisd",
                           "ucomiss", "ucomisd"))
_FLAGS_LOOKAHEAD = 64  # statements; past this the flags are taken as live
_BRANCHES = re.compile(r"^(j[a-z]+|call[qlw]?|jmp[qlw]?|loop[a-z]*|xbegin)$")
_SEGMENT_RE = re.compile(r"%[cdefgs]s:")
_TLS_RELOC = re.compile(r"@(tpoff|ntpoff|gottpoff|tlsgd|tlsld|dtpoff|dtpmod|indntpoff|gotntpoff)", re.I)
_MEM_RE = re.compile(
    r"^(?P<disp>[^()]*)\((?P<base>%[a-z0-9]+)?\s*(?:,\s*(?P<index>%[a-z0-9]+)?\s*(?:,\s*(?P<scale>\d+))?)?\s*\)$"
)
_LABEL_RE = re.compile(r"^\s*([A-Za-z_.$][\w.$@]*|\d+)\s*:(?!:)")
_SYMBOL_RE = re.compile(r"[A-Za-z_.][\w.$@]*")  # `$` starts an immediate, not a name
_LINE_MARKER = re.compile(r'^#\s+(\d+)\s+"([^"]*)"')


class SandboxError(Exception):
    """Code that cannot be sandboxed; `location` is `file:line` of the C source, if known."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(f"{location}: error: {message}" if location else f"error: {message}")
        self.message = message
        self.location = location


@dataclass(frozen=True)
class _Operand:
    """One AT&T operand; for memory operands the parsed address parts."""

    text: str
    kind: str  # "reg" | "imm" | "mem" | "label"
    disp: str = ""
    base: str | None = None
    index: str | None = None
    scale: str | None = None
    indirect: bool = False  # the `*` of an indirect branch


def _split_operands(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def _parse_operand(text: str, is_branch: bool) -> _Operand:
    indirect = text.startswith("*")
    body = text[1:].strip() if indirect else text
    if body.startswith("%") and ":" not in body:
        return _Operand(text, "reg", base=body, indirect=indirect)
    if body.startswith("$"):
        return _Operand(text, "imm")
    if is_branch and not indirect:
        return _Operand(text, "label")
    m = _MEM_RE.match(body)
    if m:
        return _Operand(
            text, "mem", disp=m["disp"].strip(), base=m["base"], index=m["index"],
            scale=m["scale"], indirect=indirect,
        )
    # No parentheses: an absolute address (`sym`, `0x1000`, `%fs:0`).
    return _Operand(text, "mem", disp=body, indirect=indirect)


def _reg64(name: str | None) -> str | None:
    return None if name is None else _ALL_NAMES_OF.get(name, name)


def _address(op: _Operand) -> str:
    """The operand's address with 64-bit register names, for a `lea` into r11d."""
    base = _reg64(op.base) or ""
    if op.index is None:
        return f"{op.disp}({base})" if base else op.disp
    scale = f",{op.scale}" if op.scale else ""
    return f"{op.disp}({base},{_reg64(op.index)}{scale})"


def _is_stack_based(op: _Operand) -> bool:
    """rsp/rbp/rip-based with no index: the validator accepts it as it is."""
    return op.base in ("%rsp", "%rbp", "%rip") and op.index is None


@dataclass
class _Source:
    """Where in the C source the current assembly comes from."""

    files: dict[int, str]
    file: str | None = None
    line: int | None = None

    def location(self) -> str | None:
        if self.file is None:
            return None
        return f"{self.file}:{self.line}" if self.line else self.file


class _Section:
    """The current assembler section, followed through .section/.pushsection/.previous."""

    def __init__(self) -> None:
        self.name = ".text"
        self.stack: list[tuple[str, str]] = []
        self.previous = ".text"
        self._ax: set[str] = set()  # sections declared with the "x" flag

    @property
    def executable(self) -> bool:
        return self.name == ".text" or self.name.startswith(".text.") or self.name in self._ax

    def switch(self, name: str, flags: str | None) -> None:
        if flags is not None and "x" in flags:
            self._ax.add(name)
        self.previous, self.name = self.name, name


@dataclass
class _Statement:
    labels: list[str]
    body: str  # directive or instruction text, "" for a bare label
    source_file: str | None
    source_line: int | None
    asm_block: bool  # inside #APP ... #NO_APP (inline asm)


def _unquoted(line: str) -> Iterator[tuple[int, str]]:
    """(index, character) of the characters of `line` outside string literals."""
    in_str = False
    escaped = False
    for i, ch in enumerate(line):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            in_str = not in_str
        elif not in_str:
            yield i, ch


def _strip_comment(line: str) -> str:
    return next((line[:i] for i, ch in _unquoted(line) if ch == "#"), line)


def _split_statements(line: str) -> list[str]:
    """GNU as separates statements with `;` (outside strings)."""
    cuts = [i for i, ch in _unquoted(line) if ch == ";"]
    starts = [0] + [c + 1 for c in cuts]
    ends = [*cuts, len(line)]
    return [line[s:e] for s, e in zip(starts, ends, strict=True)]


def _statements(text: str) -> Iterator[_Statement]:
    files: dict[int, str] = {}
    cur_file: str | None = None
    cur_line: int | None = None
    asm_block = False
    asm_location: tuple[str, int] | None = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped == "#APP":
            asm_block = True
            continue
        if stripped == "#NO_APP":
            asm_block = False
            asm_location = None
            continue
        marker = _LINE_MARKER.match(stripped)
        if marker:
            # gcc's `# LINE "FILE" 1` before an inline asm body names the asm statement.
            if int(marker[1]) > 0:
                asm_location = (marker[2], int(marker[1]))
            continue
        body = _strip_comment(raw)
        for stmt in _split_statements(body):
            labels: list[str] = []
            while True:
                m = _LABEL_RE.match(stmt)
                if not m:
                    break
                labels.append(m[1])
                stmt = stmt[m.end():]
            stmt = stmt.strip()
            if stmt.startswith(".file"):
                parts = stmt.split(None, 2)
                if len(parts) == 3 and parts[1].isdigit():
                    files[int(parts[1])] = parts[2].strip().strip('"')
                elif len(parts) >= 2 and cur_file is None:
                    cur_file = parts[1].strip('"')
            elif stmt.startswith(".loc"):
                parts = stmt.split()
                if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
                    cur_file = files.get(int(parts[1]), cur_file)
                    cur_line = int(parts[2])
            if asm_block and asm_location:
                yield _Statement(labels, stmt, asm_location[0], asm_location[1], True)
            else:
                yield _Statement(labels, stmt, cur_file, cur_line, asm_block)


class SandboxPass:
    """Rewrites one assembly file; `run()` returns the text for GNU as."""

    def __init__(self, text: str, default_file: str | None = None) -> None:
        self.text = text
        self.default_file = default_file
        self.out: list[str] = []
        self.section = _Section()
        self._where: tuple[str | None, int | None] = (None, None)
        self._tls_defined = False
        self._statements: list[_Statement] = []
        self._index = 0  # of the statement being rewritten

    # -- entry point -------------------------------------------------------

    def run(self) -> str:
        statements = list(_statements(self.text))
        functions, aligned = self._labels_to_align(statements)
        self.out = ["\t.bundle_align_mode 5"]
        self._statements = statements
        for self._index, st in enumerate(statements):
            self._where = (st.source_file or self.default_file, st.source_line)
            for label in st.labels:
                if self.section.executable and (label in functions or label in aligned):
                    self.out.append("\t.p2align 5")
                self.out.append(f"{label}:")
            if not st.body:
                continue
            if st.body.startswith("."):
                self._directive(st.body, functions)
            elif self.section.executable:
                self._instruction(st.body, st.asm_block)
            else:
                self.out.append(f"\t{st.body}")
        if self._tls_defined:
            self._where = (self.default_file, None)
            self._fail("thread-local storage (__thread, _Thread_local) is not supported in ZeroVM")
        self.out.append("")
        return "\n".join(self.out)

    # -- analysis ----------------------------------------------------------

    def _labels_to_align(self, statements: list[_Statement]) -> tuple[set[str], set[str]]:
        """Function symbols, and text labels whose address is taken.

        A label used other than as the direct target of a branch (in a jump table,
        a `$label` immediate, a data word) can be reached by an indirect branch,
        which the mask lands on a 32-byte boundary: such labels must be aligned.
        """
        functions: set[str] = set()
        text_labels: set[str] = set()
        taken: set[str] = set()
        section = _Section()
        for st in statements:
            body = st.body
            if body.startswith(".type"):
                parts = [p.strip() for p in body[5:].split(",")]
                if len(parts) == 2 and parts[1] in ("@function", "%function", "STT_FUNC"):
                    functions.add(parts[0])
            if body.startswith("."):
                self._track_section(section, body)
            if section.executable:
                text_labels.update(st.labels)
            if section.name.startswith(".debug"):
                continue  # debug info refers to every label; it is never branched to
            if not body or body.startswith((".type", ".size", ".globl", ".global", ".local",
                                            ".weak", ".hidden", ".loc", ".file", ".cfi")):
                continue
            if body.startswith("."):
                words = body.split(None, 1)
                taken.update(_SYMBOL_RE.findall(words[1] if len(words) > 1 else ""))
                continue
            words = body.split(None, 1)
            mnemonic, operands = words[0], words[1] if len(words) > 1 else ""
            if _BRANCHES.match(mnemonic) and operands.strip() and not operands.strip().startswith("*"):
                continue
            taken.update(_SYMBOL_RE.findall(operands))
        return functions, (taken & text_labels) - functions

    # -- directives --------------------------------------------------------

    @staticmethod
    def _track_section(section: _Section, body: str) -> None:
        word = body.split(None, 1)[0]
        rest = body[len(word):].strip()
        if word in (".text", ".data", ".bss"):
            section.switch(word + (f".{rest}" if rest else ""), None)
        elif word == ".section":
            args = [a.strip() for a in rest.split(",")]
            flags = args[1].strip('"') if len(args) > 1 else None
            section.switch(args[0], flags)
        elif word == ".pushsection":
            section.stack.append((section.name, section.previous))
            args = [a.strip() for a in rest.split(",")]
            section.switch(args[0], args[1].strip('"') if len(args) > 1 else None)
        elif word == ".popsection" and section.stack:
            section.name, section.previous = section.stack.pop()
        elif word == ".previous":
            section.name, section.previous = section.previous, section.name

    def _directive(self, body: str, functions: set[str]) -> None:
        word = body.split(None, 1)[0]
        if word in (".bundle_align_mode", ".bundle_lock", ".bundle_unlock"):
            self._fail(f"inline assembly may not use {word}: the toolchain does the bundling")
        if _TLS_RELOC.search(body):
            self._fail("thread-local storage is not supported in ZeroVM")
        self._track_section(self.section, body)
        if self.section.name.startswith((".tbss", ".tdata")):
            # A use of the variable names a source line; the definition does not.
            self._tls_defined = True
        self.out.append(f"\t{body}")

    # -- instructions ------------------------------------------------------

    def _fail(self, message: str) -> None:
        file, line = self._where
        location = None
        if file:
            location = f"{file}:{line}" if line else file
        raise SandboxError(message, location)

    def _emit(self, *lines: str) -> None:
        self.out.extend(f"\t{line}" for line in lines)

    def _locked(self, *lines: str) -> None:
        self.out.append("\t.bundle_lock")
        self._emit(*lines)
        self.out.append("\t.bundle_unlock")

    def _call_group(self, size: int, *lines: str) -> None:
        """`lines` (ending in the call, `size` bytes) padded in front to exactly one bundle.

        GNU as has no `.bundle_lock align_to_end`; a locked group of exactly 32 bytes
        can only start on a boundary, so its last byte ends one.
        """
        self.out.append("\t.bundle_lock")
        self._emit(*_nops(BUNDLE - size), *lines)
        self.out.append("\t.bundle_unlock")

    def _instruction(self, body: str, asm_block: bool) -> None:
        words = body.split(None, 1)
        prefixes: list[str] = []
        while words and (words[0] in _REP_PREFIXES or words[0] in _OTHER_PREFIXES or words[0].startswith("{")):
            prefixes.append(words[0])
            words = words[1].split(None, 1) if len(words) > 1 else []
        if not words:
            self._emit(body)  # a lone prefix line: belongs to the next line, leave it
            return
        mnemonic = words[0].lower()
        operand_text = words[1] if len(words) > 1 else ""
        if _SEGMENT_RE.search(operand_text):
            if "%fs:" in operand_text or "%gs:" in operand_text:
                self._fail("thread-local storage and segment overrides are not supported in ZeroVM "
                           f"('{body}')")
            self._fail(f"segment override prefixes are forbidden in ZeroVM ('{body}')")
        if _TLS_RELOC.search(operand_text):
            self._fail("thread-local storage is not supported in ZeroVM")
        if mnemonic in FORBIDDEN:
            self._fail(f"'{mnemonic}' cannot run in ZeroVM: {FORBIDDEN[mnemonic]} is forbidden by the validator")
        if mnemonic.startswith("v") and mnemonic not in ("verr", "verw"):
            self._fail(f"'{mnemonic}': AVX/VEX instructions are forbidden by the ZeroVM validator")
        if mnemonic.startswith("mov") and re.search(r"%(cs|ds|es|fs|gs|ss|cr\d|dr\d)\b", operand_text):
            self._fail(f"'{body}': segment and control registers cannot be written in ZeroVM")
        is_branch = bool(_BRANCHES.match(mnemonic))
        ops = [_parse_operand(t, is_branch) for t in _split_operands(operand_text)]
        if asm_block:
            for op in ops:
                for reg in (op.base, op.index):
                    if _reg64(reg) in (SCRATCH, "%r15"):
                        self._fail(f"inline assembly uses {reg}, which the ZeroVM sandbox reserves")
        prefix = " ".join(prefixes)
        self._rewrite_instruction(prefix, mnemonic, ops, body)

    def _rewrite_instruction(self, prefix: str, mnemonic: str, ops: list[_Operand], body: str) -> None:
        full = f"{prefix} {mnemonic}".strip()
        if mnemonic in ("ret", "retq", "retl"):
            self._emit(f"popq {SCRATCH}")
            self._locked(f"andl $-32, {SCRATCH32}", f"addq %r15, {SCRATCH}", f"jmp *{SCRATCH}")
            return
        if mnemonic in ("leave", "leaveq"):
            self._emit("movq %rbp, %rsp")
            self._pop_rbp()
            return
        if mnemonic.startswith(("call", "jmp")):
            self._branch(mnemonic, ops, body)
            return
        if _STRING_RE.match(mnemonic):
            self._string_op(full, ops, mnemonic)
            return
        if mnemonic in ("popq", "pop") and len(ops) == 1 and ops[0].kind == "reg" and ops[0].base == "%rbp":
            self._pop_rbp()
            return
        if mnemonic.startswith("lea"):
            self._lea(full, mnemonic, ops)
            return
        # push reads its operand; every other instruction writes its last one.
        dest = ops[-1] if ops and not mnemonic.startswith("push") else None
        if dest is not None and dest.kind == "reg" and _reg64(dest.base) in ("%rsp", "%rbp"):
            self._write_to_frame_register(full, mnemonic, ops)
            return
        if dest is not None and dest.kind == "reg" and _reg64(dest.base) == "%r15":
            self._fail(f"'{body}' writes %r15, the sandbox base register")
        # A 64-bit copy of rsp/rbp would carry the sandbox base into a pointer.
        if (mnemonic in ("movq", "mov") and len(ops) == 2 and ops[0].kind == "reg"
                and ops[0].base in ("%rsp", "%rbp") and dest is not None and dest.kind == "reg"):
            self._emit(f"movl {TO32[ops[0].base]}, {TO32[_reg64(dest.base) or '']}")
            return
        self._with_memory(full, ops)

    def _operands_text(self, ops: list[_Operand]) -> str:
        return ", ".join(op.text for op in ops)

    def _sandboxed_memory(self, ops: list[_Operand]) -> tuple[list[str], list[_Operand]]:
        """The `lea` that puts the one unsafe memory operand in r11, and the new operands."""
        unsafe = [i for i, op in enumerate(ops) if op.kind == "mem" and not _is_stack_based(op)]
        if not unsafe:
            return [], ops
        if len(unsafe) > 1:
            self._fail("an instruction with two memory operands cannot be sandboxed")
        i = unsafe[0]
        op = ops[i]
        if _reg64(op.base) == "%r15" or _reg64(op.index) == "%r15":
            self._fail("memory operands based on %r15 are reserved to the sandbox")
        if op.base is None and op.index is None:
            setup = f"movl ${op.disp}, {SCRATCH32}"  # an absolute address
        elif op.base == "%rip":
            setup = f"leal {op.disp}(%rip), {SCRATCH32}"
        else:
            setup = f"leal {_address(op)}, {SCRATCH32}"
        star = "*" if op.indirect else ""
        new = list(ops)
        new[i] = _Operand(f"{star}(%r15,{SCRATCH})", "mem", base="%r15", index=SCRATCH, indirect=op.indirect)
        return [setup], new

    def _with_memory(self, full: str, ops: list[_Operand]) -> None:
        setup, new_ops = self._sandboxed_memory(ops)
        line = f"{full} {self._operands_text(new_ops)}".strip()
        if setup:
            self._locked(*setup, line)
        else:
            self._emit(line)

    def _pop_rbp(self) -> None:
        self._emit(f"popq {SCRATCH}")
        self._locked(f"movl {SCRATCH32}, %ebp", self._rebase("%rbp"))

    def _rebase(self, reg: str) -> str:
        """The second half of a 32-bit write to rsp/rbp: add the sandbox base.

        `add %r15` sets the flags, which gcc does not expect of the mov, lea, pop or leave it
        wrote; where the code after it reads them, the validator's other form, a lea, keeps
        them (it is a byte longer, so it is used only there).
        """
        return f"leaq ({reg},%r15,1), {reg}" if self._flags_live() else f"addq %r15, {reg}"

    def _flags_live(self) -> bool:
        """Whether the code after the current statement may read EFLAGS before setting them."""
        for st in self._statements[self._index + 1:self._index + 1 + _FLAGS_LOOKAHEAD]:
            if not st.body or st.body.startswith((".loc", ".cfi", ".p2align", ".align", "#")):
                continue  # falls through labels and line notes
            if st.body.startswith("."):
                return True  # a section switch or data: not worth following
            words = st.body.split()
            mnemonic = words[0].lower()
            if mnemonic in _REP_PREFIXES or mnemonic in _OTHER_PREFIXES:
                mnemonic = words[1].lower() if len(words) > 1 else ""
            if mnemonic.startswith(("ret", "call")):
                return False  # the ABI keeps no flags across either
            if mnemonic.startswith("jmp"):
                target = words[1] if len(words) > 1 else ""
                return target.startswith((".L", "*"))  # a tail call leaves the function: no flags
            if mnemonic.startswith(_FLAG_READERS):
                return True
            if mnemonic in _FLAG_WRITERS or mnemonic[:-1] in _FLAG_WRITERS:
                return False
        return True

    def _lea(self, full: str, mnemonic: str, ops: list[_Operand]) -> None:
        if len(ops) != 2 or ops[0].kind != "mem" or ops[1].kind != "reg":
            self._fail(f"unexpected lea form '{full} {self._operands_text(ops)}'")
        src, dest = ops
        dest64 = _reg64(dest.base) or ""
        if dest64 == "%r15":
            self._fail("lea into %r15, the sandbox base register")
        addr = src.disp if src.base is None and src.index is None else _address(src)
        if src.base == "%rip":
            addr = f"{src.disp}(%rip)"
        if dest64 in ("%rsp", "%rbp"):
            if dest64 == "%rsp" and src.base == "%rsp" and src.index is None and not src.disp:
                return  # lea (%rsp), %rsp is a no-op
            self._locked(f"leal {addr}, {TO32[dest64]}", self._rebase(dest64))
            return
        # A lea yields a 32-bit pointer (x32), even when gcc wrote it 64 bits wide or
        # with 32-bit address registers: write the 32-bit register, zero-extending it.
        based_on_frame = src.base in ("%rsp", "%rbp", "%rip") or _reg64(src.index) in ("%rsp", "%rbp")
        addr32 = any((r is not None and r.startswith("%e")) or (r or "").endswith("d")
                     for r in (src.base, src.index))
        if mnemonic == "leaq" and not based_on_frame and not addr32:
            self._emit(f"leaq {addr}, {dest64}")  # 64-bit integer arithmetic, not a pointer
            return
        self._emit(f"leal {addr}, {TO32.get(dest64, dest.base or '')}")

    def _write_to_frame_register(self, full: str, mnemonic: str, ops: list[_Operand]) -> None:
        dest64 = _reg64(ops[-1].base) or ""
        src = ops[0]
        if mnemonic in ("popq", "pop") and dest64 == "%rsp":
            self._fail("pop into %rsp cannot be sandboxed")
        if dest64 == "%rsp" and mnemonic in ("movq", "mov") and src.kind == "reg" and src.base == "%rbp":
            self._emit("movq %rbp, %rsp")
            return
        if dest64 == "%rbp" and mnemonic in ("movq", "mov") and src.kind == "reg" and src.base == "%rsp":
            self._emit("movq %rsp, %rbp")
            return
        if (dest64 == "%rsp" and mnemonic in ("andq", "and") and src.kind == "imm"
                and _small_negative(src.text[1:])):
            self._emit(f"andq {src.text}, %rsp")
            return
        # Everything else: the same operation 32 bits wide, then rebase on r15.
        if not mnemonic.endswith("q") and mnemonic not in ("mov", "add", "sub", "and", "or", "xor"):
            self._fail(f"'{full} {self._operands_text(ops)}' writes {dest64} in a way the sandbox cannot follow")
        narrow = mnemonic[:-1] + "l" if mnemonic.endswith("q") else mnemonic + "l"
        new_ops = []
        for op in ops:
            if op.kind == "reg" and op.base in TO32:
                new_ops.append(_Operand(TO32[op.base], "reg", base=TO32[op.base]))
            else:
                new_ops.append(op)
        setup, new_ops = self._sandboxed_memory(new_ops)
        prefix = full[: -len(mnemonic)].strip()
        line = f"{prefix} {narrow} {self._operands_text(new_ops)}".strip()
        # Only a mov leaves the flags to the code after it; the arithmetic gcc does on rsp/rbp sets them itself.
        rebase = self._rebase(dest64) if mnemonic in ("mov", "movl", "movq") else f"addq %r15, {dest64}"
        self._locked(*setup, line, rebase)

    def _branch(self, mnemonic: str, ops: list[_Operand], body: str) -> None:
        is_call = mnemonic.startswith("call")
        if len(ops) != 1:
            self._fail(f"unexpected branch form '{body}'")
        target = ops[0]
        if target.kind == "label":
            if is_call:
                self._call_group(5, f"call {target.text}")
            else:
                self._emit(f"jmp {target.text}")
            return
        if not target.indirect:
            self._fail(f"unexpected branch form '{body}'")
        if target.kind == "reg":
            reg32 = TO32.get(_reg64(target.base) or "")
            if reg32 is None:
                self._fail(f"unexpected indirect branch register in '{body}'")
            self._emit(f"movl {reg32}, {SCRATCH32}")
        else:
            # Code pointers are 32 bits in x32: load the 4-byte pointer into r11d.
            setup, _ = self._sandboxed_memory([_Operand(target.text[1:], "mem", target.disp, target.base,
                                                        target.index, target.scale)])
            if setup:
                self._locked(*setup, f"movl (%r15,{SCRATCH}), {SCRATCH32}")
            else:
                self._emit(f"movl {target.text[1:]}, {SCRATCH32}")
        mask = [f"andl $-32, {SCRATCH32}", f"addq %r15, {SCRATCH}"]
        if is_call:
            self._call_group(10, *mask, f"call *{SCRATCH}")
        else:
            self._locked(*mask, f"jmp *{SCRATCH}")

    def _string_op(self, full: str, ops: list[_Operand], mnemonic: str) -> None:
        for op in ops:
            if op.kind == "mem" and _SEGMENT_RE.search(op.text):
                self._fail("segment overrides on string instructions are forbidden in ZeroVM")
        m = _STRING_RE.match(mnemonic)
        assert m is not None
        regs = _STRING_OPS[m[1]]
        seq: list[str] = []
        for reg in regs:
            seq += [f"movl %e{reg[1:]}, %e{reg[1:]}", f"leaq (%r15,%{reg}), %{reg}"]
        # The operands of a string instruction are implicit; keep only its name.
        self._locked(*seq, full)
        # gcc's x32 code assumes pointers in registers are zero-extended 32-bit values.
        self._emit(*[f"movl %e{reg[1:]}, %e{reg[1:]}" for reg in regs])


def _small_negative(text: str) -> bool:
    try:
        value = int(text, 0)
    except ValueError:
        return False
    return -128 <= value < 0


# Multi-byte NOPs the validator accepts, by length; padding is composed of these.
# The {dispN} pseudo-prefixes stop GNU as from dropping a zero displacement, which
# would shorten the nop and misalign the call it pads.
_NOP_BY_SIZE = {
    1: "nop",
    2: "xchg %ax, %ax",
    3: "nopl (%rax)",
    4: "{disp8} nopl 0x0(%rax)",
    5: "{disp8} nopl 0x0(%rax,%rax,1)",
    6: "{disp8} nopw 0x0(%rax,%rax,1)",
    7: "{disp32} nopl 0x0(%rax)",
    8: "{disp32} nopl 0x0(%rax,%rax,1)",
    9: "{disp32} nopw 0x0(%rax,%rax,1)",
}


def _nops(size: int) -> list[str]:
    out = []
    while size > 0:
        n = min(size, 9)
        out.append(_NOP_BY_SIZE[n])
        size -= n
    return out


def sandbox(text: str, default_file: str | None = None) -> str:
    """Rewrite gcc's x32 assembly `text` into sandboxed assembly for `as --64`."""
    return SandboxPass(text, default_file).run()
