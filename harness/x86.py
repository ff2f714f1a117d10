"""Byte-level x86-64 decoding that mirrors ZeroVM's NaCl validator decoder.

The validator (zerovm/validator, ncval_reg_sfi) does not use a general x86
decoder: it has its own opcode tables, and an instruction that is fine for the
CPU may still be "undecodable" for it (e.g. ``bt %eax,(%rdx)``, moffs forms,
``0f 1f`` with a non-zero /reg) or decode with a different length.  To answer
"would zerovm accept this?" exactly we therefore decode the way *it* does:
prefixes, opcode map selection by mandatory prefix, candidate forms tried in
order with operand-size / ModRM constraints, the hard-coded NOP sequences, and
then only the operand facts its rules look at.

`_SPEC` (harness/x86_table.py, measured by probing the validator as a black box)
is our own compact description of the validator's opcode map
(one entry per opcode or opcode range; alternative candidates, on lines
starting with ``||``, are tried in order), in this notation::

    <name> <flags...> [| <operands...>]

name: add/or/and/sub/mov/lea/push/pop/call (the forms the sandboxing patterns
look for), ``bad`` = not an instruction in 64-bit mode, ``-`` = anything else.
flags: ``X=<why>`` forbidden (ill/inv/sys), ``S=bwvo`` allowed operand sizes,
``/n`` ModRM.reg must be n, ``rm=n`` ModRM.rm must be n, ``M`` has ModRM,
``mem``/``reg`` ModRM.mod must (not) be 3, ``L`` lockable, ``R``/``N``/``D``
REP/REPNE/66 prefix allowed, ``i=``/``j=`` immediate kinds, ``d64``/``f64``
default/forced 64-bit operand size, ``I16`` 66 is part of the opcode,
``W``/``RR`` REX.W/REX.R required, ``as=`` address sizes, ``jmp``/``jcc``
branch, ``hint`` branch hints allowed, ``+r`` register in opcode, ``sreg``
ModRM.reg is a segment register, ``3dn`` 3DNow! (opcode in the immediate),
``tsc`` rdtsc/rdtscp.
operands: ``E``/``G``/``P`` (r/m, reg, opcode-register) with a size letter
(b/w/d/q, v = operand size), ``M`` memory only, ``x`` MMX/XMM r/m, ``I``/``J``
immediate/relative, ``O`` moffs, ``X``/``Y``/``Z`` string addresses
ds:rsi/es:rdi/ds:rdi, ``@reg`` fixed register; after ``:`` U = read,
S = written, Z = 32-bit result zero-extends, A = address only (lea),
i = implicit.

Map numbers: 0 one-byte, 1 0F, 2 F2 0F, 3 F3 0F, 4 66 0F, 5 0F 0F (3DNow!
suffix), 6 0F 38, 7 66 0F 38, 8 F2 0F 38, 9 0F 3A, 10 66 0F 3A, 11-18 the
second byte of x87 escapes D8-DF.
"""

from __future__ import annotations

from harness.x86_table import SPEC as _SPEC

# Prefix bits (our own numbering).
P_LOCK = 1
P_REPNE = 2
P_REP = 4
P_DATA16 = 8
P_ADDR16 = 0x10
P_REX = 0x20
P_CS = 0x40
P_SS = 0x80
P_DS = 0x100
P_ES = 0x200
P_FS = 0x400
P_GS = 0x800
P_SEG = P_CS | P_SS | P_DS | P_ES | P_FS | P_GS

# The general registers' names by encoding number (ModRM/REX), at each width.
GPR64 = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")
GPR32 = ("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d",
         "r15d")
GPR16 = ("ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w")
GPR8 = ("al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b",
        "r15b")

PREFIX_BITS: dict[int, int] = {
    0xF0: P_LOCK, 0xF2: P_REPNE, 0xF3: P_REP, 0x66: P_DATA16, 0x67: P_ADDR16,
    0x2E: P_CS, 0x36: P_SS, 0x3E: P_DS, 0x26: P_ES, 0x64: P_FS, 0x65: P_GS,
}
for _b in range(0x40, 0x50):
    PREFIX_BITS[_b] = P_REX

# Register numbers 0-15 are rax..r15; these name the ones the rules care about.
RSP = 4
RBP = 5
RSI = 6
RDI = 7
R15 = 15
RIP = 16
NOREG = -1

# Operand flag bits.
F_USE = 1
F_SET = 2
F_ZX = 4
F_ADDR = 8


class Operand:
    """One operand of a table form: its kind, size letter and use/set flags."""

    __slots__ = ("fixed", "flags", "kind", "size")

    def __init__(self, text: str) -> None:
        body, _, fl = text.partition(":")
        self.flags = ((F_USE if "U" in fl else 0) | (F_SET if "S" in fl else 0)
                      | (F_ZX if "Z" in fl else 0) | (F_ADDR if "A" in fl else 0))
        self.fixed = ""
        if body.startswith("@"):
            self.kind = "@"
            self.fixed = body[1:]
            self.size = ""
        else:
            self.kind = body[0]
            self.size = body[1:]


class Form:
    """One candidate encoding of an opcode (one ``||`` alternative of _SPEC)."""

    __slots__ = (
        "amd3dnow",
        "asizes",
        "cjump",
        "d64",
        "data16",
        "f64",
        "hint",
        "ign16",
        "illegal",
        "imm",
        "imm2",
        "jump",
        "lock",
        "mod_mem",
        "mod_reg",
        "modrm",
        "name",
        "ops",
        "plus_r",
        "reg_ext",
        "rep",
        "repne",
        "rexr",
        "rexw",
        "rm_ext",
        "sizes",
        "sreg",
        "tsc",
    )

    def __init__(self, text: str) -> None:
        head, _, ops = text.partition("|")
        toks = head.split()
        self.name = toks[0]
        self.illegal = ""
        self.sizes = ""
        self.reg_ext = -1
        self.rm_ext = -1
        self.imm = ""
        self.imm2 = ""
        self.asizes = ""
        t = set(toks[1:])
        for tok in toks[1:]:
            if tok.startswith("X="):
                self.illegal = tok[2:]
            elif tok.startswith("S="):
                self.sizes = tok[2:]
            elif tok.startswith("/"):
                self.reg_ext = int(tok[1:])
            elif tok.startswith("rm="):
                self.rm_ext = int(tok[3:])
            elif tok.startswith("i="):
                self.imm = tok[2:]
            elif tok.startswith("j="):
                self.imm2 = tok[2:]
            elif tok.startswith("as="):
                self.asizes += tok[3:]
        if self.name == "bad" and not self.illegal:
            self.illegal = "inv"  # e.g. DF C0-DF: decodes, but is no instruction
        self.modrm = "M" in t
        self.mod_mem = "mem" in t
        self.mod_reg = "reg" in t
        self.lock = "L" in t
        self.rep = "R" in t
        self.repne = "N" in t
        self.data16 = "D" in t
        self.d64 = "d64" in t
        self.f64 = "f64" in t
        self.ign16 = "I16" in t
        self.rexw = "W" in t
        self.rexr = "RR" in t
        self.jump = "jmp" in t
        self.cjump = "jcc" in t
        self.hint = "hint" in t
        self.plus_r = "+r" in t
        self.sreg = "sreg" in t
        self.amd3dnow = "3dn" in t
        self.tsc = "tsc" in t
        self.ops = tuple(Operand(o) for o in ops.split())


def _load_spec() -> dict[tuple[int, int], tuple[Form, ...]]:
    table: dict[tuple[int, int], tuple[Form, ...]] = {}
    # Alternatives continue on following lines that start with "||".
    lines: list[str] = []
    for line in _SPEC.splitlines():
        if line.strip().startswith("||"):
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line)
    for line in lines:
        key, _, rest = line.partition(": ")
        m, _, rng = key.partition(",")
        lo, _, hi = rng.partition("-")
        forms = tuple(Form(f) for f in rest.split(" || "))
        for op in range(int(lo, 16), int(hi or lo, 16) + 1):
            table[(int(m), op)] = forms
    return table



# The validator recognises these exact byte sequences as (always legal) NOPs,
# whatever their prefixes; they win over the general decoding.
HARD_NOPS: tuple[bytes, ...] = tuple(sorted((bytes.fromhex(h) for h in (
    "0f0b", "0f1f00", "0f1f4000", "0f1f440000", "0f1f8000000000", "0f1f840000000000",
    "660f1f440000", "660f1f840000000000", "662e0f1f840000000000",
    "66662e0f1f840000000000", "6666662e0f1f840000000000",
    "666666662e0f1f840000000000", "66666666662e0f1f840000000000",
    "6666666666662e0f1f840000000000", "6690", "90", "f390")), key=len, reverse=True))
_NOP_FORM = Form("nop")

MAX_INSN = 15


class Decoded:
    """What the validator's decoder makes of the bytes at one offset."""

    __slots__ = (
        "ambig",
        "asize",
        "disp",
        "disp_len",
        "dup",
        "form",
        "hard_nop",
        "has_sib",
        "imm",
        "imm_len",
        "length",
        "modrm",
        "nprefix",
        "nrex",
        "opcode",
        "opsize",
        "pmask",
        "prefix_bytes",
        "reached",
        "rex",
        "sib",
    )

    def __init__(self) -> None:
        self.length = 0
        self.form: Form | None = None
        self.nprefix = 0
        self.pmask = 0
        self.rex = 0
        self.nrex = 0
        self.dup = False
        self.ambig = False
        self.prefix_bytes = b""
        self.modrm = -1
        self.sib = -1
        self.has_sib = False
        self.disp = 0
        self.disp_len = 0
        self.imm = 0
        self.imm_len = 0
        self.opsize = 4
        self.asize = 64
        self.opcode = b""
        self.hard_nop = False
        self.reached = 0


def _imm_len(kind: str, opsize: int, asize: int) -> int:
    if kind == "s":
        return opsize
    if kind == "z":
        return 2 if opsize == 2 else 4
    if kind == "a":
        return asize // 8
    return {"v": 4, "b": 1, "w": 2, "p": 6, "o": 8}.get(kind, 0)


def _match_hard_nop(code: bytes, off: int, limit: int) -> int:
    for pat in HARD_NOPS:
        if len(pat) <= limit and code.startswith(pat, off):
            return len(pat)
    return 0


def _try_form(d: Decoded, f: Form, code: bytes, pos: int, end: int) -> int:
    """Try one candidate form with the opcode ending at `pos`; return the end or -1.

    On failure `d.reached` is where the validator's decoder had got to: that
    is the length it gives the undecodable instruction if no form matches.
    """
    d.reached = pos
    pm = d.pmask
    data66 = bool(pm & P_DATA16) and not f.ign16
    rexw = d.rex & 8
    if "b" in f.sizes:
        opsize = 1
    elif rexw:
        if data66:
            return -1
        opsize = 8
    elif f.f64:
        opsize = 8
    elif data66:
        opsize = 2
    elif f.d64:
        opsize = 8
    else:
        opsize = 4
    sizes = f.sizes
    if sizes.replace("b", ""):
        if {2: "w", 4: "v", 8: "o"}.get(opsize, "?") not in sizes:
            return -1
        # 66 together with REX.W on a form allowing both 16- and 64-bit sizes
        # is rejected as a conflicting operand size (unless 66 selects the opcode).
        if rexw and pm & P_DATA16 and "w" in sizes and "o" in sizes and not (
                f.data16 and f.ign16):
            return -1
    asize = 32 if pm & P_ADDR16 else 64
    if f.asizes and {32: "v", 64: "o"}[asize] not in f.asizes:
        return -1
    modrm = -1
    sib = -1
    disp_len = 0
    if f.modrm:
        if pos >= end:
            return -1
        modrm = code[pos]
        mod = modrm >> 6
        if mod == 3:
            if f.mod_mem:
                return -1
        elif f.mod_reg:
            return -1
        reg = (modrm >> 3) & 7
        if f.sreg and reg > 5:
            return -1
        # The validator consumes the ModRM byte before checking an opcode
        # extension in it (which matters for the length of undecodable bytes).
        pos += 1
        d.reached = pos
        if f.reg_ext >= 0 and reg != f.reg_ext:
            return -1
        if f.rm_ext >= 0 and (modrm & 7) != f.rm_ext:
            return -1
        rm = modrm & 7
        if mod != 3 and rm == 4:
            if pos >= end:
                return -1
            sib = code[pos]
            pos += 1
            d.reached = pos
        if mod == 0:
            if rm == 5 or (sib >= 0 and (sib & 7) == 5):
                disp_len = 4
        elif mod == 1:
            disp_len = 1
        elif mod == 2:
            disp_len = 4
        if pos + disp_len > end:
            return -1
        disp_pos = pos
        pos += disp_len
        d.reached = pos
    imm_len = _imm_len(f.imm, opsize, asize)
    if pos + imm_len > end:
        return -1
    imm_pos = pos
    pos += imm_len
    d.reached = pos
    imm2_len = _imm_len(f.imm2, opsize, asize)
    if pos + imm2_len > end:
        return -1
    pos += imm2_len
    d.reached = pos
    d.modrm = modrm
    d.sib = sib
    d.has_sib = sib >= 0
    d.disp_len = disp_len
    d.disp = int.from_bytes(code[disp_pos:disp_pos + disp_len], "little", signed=True) \
        if disp_len else 0
    d.imm_len = imm_len
    d.imm = int.from_bytes(code[imm_pos:imm_pos + imm_len], "little", signed=True) \
        if imm_len else 0
    d.opsize = opsize
    d.asize = asize
    # LOCK needs a lockable form that stores to memory.
    if pm & P_LOCK:
        if not f.lock or modrm < 0 or modrm >> 6 == 3:
            return -1
        if not any(o.kind in "EMx" and o.flags & F_SET for o in f.ops):
            return -1
    if pm & P_REX and ((f.rexw and not rexw) or (f.rexr and not d.rex & 4)):
        return -1
    return pos


def decode(code: bytes, off: int, size: int) -> Decoded:
    """Decode one instruction at `off` the way the validator does.

    `size` is the end of the segment: the validator never reads past it, so an
    instruction cut by the end is undecodable rather than zero-padded.
    """
    d = Decoded()
    limit = min(MAX_INSN, size - off)
    end = off + limit
    pos = off
    pm = 0
    n = 0
    while n < MAX_INSN - 1 and pos < end:
        b = code[pos]
        bit = PREFIX_BITS.get(b, 0)
        if not bit:
            break
        if pm & bit:
            d.dup = True
        elif bit & P_SEG and pm & P_SEG:
            d.ambig = True
        pm |= bit
        n += 1
        pos += 1
        if bit == P_REX:
            d.rex = b
            d.nrex += 1
    d.pmask = pm
    d.nprefix = n
    d.prefix_bytes = code[off:pos]
    maps: list[tuple[int, int]] = []
    op_start = pos
    if pos < end:
        b0 = code[pos]
        pos += 1
        if b0 == 0x0F:
            if pos < end:
                b1 = code[pos]
                pos += 1
                if b1 == 0x38 or b1 == 0x3A:
                    if pos < end:
                        op = code[pos]
                        pos += 1
                        if b1 == 0x38 and not pm & P_REP:
                            if pm & P_REPNE:
                                maps = [(8, op)]
                            elif pm & P_DATA16:
                                maps = [(7, op), (6, op)]
                            else:
                                maps = [(6, op)]
                        elif b1 == 0x3A and not pm & (P_REP | P_REPNE):
                            maps = [(10, op), (9, op)] if pm & P_DATA16 else [(9, op)]
                elif pm & P_REPNE:
                    if not pm & P_REP:
                        maps = [(2, b1)]
                elif pm & P_REP:
                    maps = [(3, b1)]
                elif pm & P_DATA16:
                    maps = [(4, b1), (1, b1)]
                else:
                    maps = [(1, b1)]
        elif 0xD8 <= b0 <= 0xDF:
            if pos < end:
                maps = [(11 + b0 - 0xD8, code[pos]), (0, b0)]
                pos += 1
            else:
                maps = [(0, b0)]
        else:
            maps = [(0, b0)]
    op_end = pos
    for m, op in maps:
        if m == 0 and op_end - op_start == 2:
            op_end -= 1  # x87 fallback: the second byte was not part of the opcode
        for f in TABLE.get((m, op), ()):
            r = _try_form(d, f, code, op_end, end)
            if r < 0:
                continue
            if f.amd3dnow and d.imm_len == 1:
                f = TABLE.get((5, d.imm & 0xFF), (f,))[0]
            d.form = f
            d.length = r - off
            d.opcode = code[op_start:op_end]
            opc = d.opcode
            if (opc == b"\x90") or opc == b"\x0f\x1f" or opc == b"\x0f\x0b":
                k = _match_hard_nop(code, off, limit)
                if k:
                    _make_nop(d, k)
            return d
    k = _match_hard_nop(code, off, limit)
    if k:
        _make_nop(d, k)
        return d
    d.form = None
    reached = d.reached if d.reached > off else op_end
    d.length = max(1, min(reached - off, limit)) if limit > 0 else 0
    d.opcode = code[op_start:op_end]
    return d


def _make_nop(d: Decoded, k: int) -> None:
    d.form = _NOP_FORM
    d.length = k
    d.hard_nop = True
    d.pmask = 0
    d.nprefix = 0
    d.rex = 0
    d.nrex = 0
    d.dup = False
    d.ambig = False
    d.modrm = -1
    d.sib = -1
    d.has_sib = False


TABLE: dict[tuple[int, int], tuple[Form, ...]] = _load_spec()
