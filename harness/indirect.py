"""Where a nexe's indirect branches can go: the target set of each indirect call or jump.

`harness.traps` asks one question of every indirect branch: can it enter the trampoline [0x10000, 0x20000)?  A
branch whose every possible target is ordinary code is not a trap site (what that code calls is listed at its own
sites); the others stay trap sites, "unresolved", with the reason.

The analysis
------------
Two target sets, the precise one where the code allows:

* **Jump tables** (gcc's ``switch``): ``cmp $N,%idx; ja default; ...; lea TABLE(,%idx,4),%r11d;
  mov (%r15,%r11,1),%eX; mov %eX,%r11d; and $-32,%r11d; add %r15,%r11; jmp *%r11``.  The index is bounded by
  the unsigned compare, so the targets are TABLE's N+1 (``ja``) or N (``jae``) words, read from the read-only
  image (text or rodata: a writable table is not trusted).  Only zero-extending copies of the index and
  instructions that leave it alone may come between.  Where paths join (gcc shares the table code between
  switches), every direct branch into the join must be a ``jbe``/``jb`` right after its own compare of the
  index; and no bundle start on those paths (from each compare to the branch, the lea's own bundle included)
  may be an address the program names, since an indirect branch landing there would skip the bound.  Anything
  else falls back to the address-taken set.  `traps` recognises the sequence; `jump_table` reads the words.
* **Everything else** (function pointers: qsort's comparator, printf's sink, a struct of callbacks): the
  *address-taken set* of the whole program, `AddressTaken`: every value the program names as a whole constant.
  In the code, the immediates of ``mov``/``movabs``/``push`` and the displacements of ``lea`` (the instructions
  that *make* a value rather than compare or offset one); in the data, every 4-byte aligned word of the loaded
  segments other than the text (rodata, data: a function pointer in an initialised struct or a table; x32
  pointers are 4 bytes and gcc aligns them, and unaligned windows would read two small integers as one address).
  Masked branches use only the low 32 bits and land on ``v & -32`` (NaCl's validator requires the mask: indirect
  branches reach only 32-byte bundle starts), so a constant v anywhere in [0x10000, 0x20000) names trampoline
  slot ``(v - 0x10000) // 32``, and one in the text names the bundle ``v & -32``.

  If no constant of the program lies in the trampoline, no function pointer can hold a trampoline address, and
  every such site resolves to the address-taken code (reported by count: the same set for every site).  If one
  does, every function-pointer site stays a trap site with that constant as the reason: which pointer holds it is
  not tracked (sound, not precise; no toolchain nexe does this, hostile ones do).

Where it is unsound
-------------------
The address-taken argument holds as long as the program cannot make a code address another way.  It can, and then
the analysis is wrong about function-pointer sites (never about direct sites or bounded jump tables):

* a value *computed* from other values (``mov $0x8000,%eax; add %eax,%eax``, a base plus an offset; gcc's
  relative jump tables, which ``-fno-pic`` code does not use), including one derived from a return address read
  off the stack (those are bundle starts in the text, so they are ordinary code; arithmetic on them is not);
* a value read from the text itself (the text is readable: the immediate of a ``cmp $0x10000`` is four bytes
  the program can load);
* a value *read at run time*: from a channel (pread into a buffer, then call it), from the environment or the
  command line, or stored to data by computed code;
* a function pointer at an unaligned address in data (a ``packed`` struct);
* code that is not what the validator decoded (``zerovm -s`` skips validation; then unmasked branches go anywhere).

Hostile code can do each of these on purpose.  The bounded jump tables, the direct sites and the constant targets
found by `traps`' backward walk do not depend on it.  Returns are out of scope as in `traps` (a crafted return
address is a memory-safety question).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

TRAMPOLINE_START = 0x10000
TRAMPOLINE_END = 0x20000
BUNDLE = 32
POINTER_ALIGN = 4  # x32: gcc aligns every pointer in data to its 4 bytes (only packed structs do not)

# Instructions whose immediate (or lea's displacement) is a value the program makes whole.
_MAKERS = frozenset(("mov", "movabs", "push", "lea"))
_NUMBER = re.compile(r"(?<![\w])(?:0x[0-9a-f]+|\d+)\b")

# Decodes the instruction starting at a text offset: (mnemonic, operand text), or None when it cannot.
Decoder = Callable[[int], tuple[str, str] | None]
# Reads `size` bytes of read-only static memory at a user address, or None.
Reader = Callable[[int, int], bytes | None]


@dataclass(frozen=True)
class IndirectSite:
    """An indirect call or jump whose every possible target is ordinary code: not a trap site."""

    address: int
    kind: str  # "call" | "jump"
    how: str  # "jump-table" | "address-taken"
    targets: tuple[int, ...]  # bundle starts it can reach (for "address-taken", the program's whole set)
    detail: str  # how the set was found, in words
    in_function: str | None

    def to_json(self) -> dict[str, object]:
        table = self.how == "jump-table"
        return {"address": self.address, "kind": self.kind, "how": self.how, "target_count": len(self.targets),
                "targets": list(self.targets) if table else None, "detail": self.detail,
                "in_function": self.in_function}


@dataclass(frozen=True)
class AddressTaken:
    """The constants a program names that an indirect branch could land on (see the module docstring)."""

    code: frozenset[int]  # bundle starts in the text
    trampoline: tuple[tuple[int, int, str], ...]  # (where, value, "code" | "data") for values in the trampoline
    data_known: bool  # False for raw code: what is in memory beyond the text is not known

    def why_unresolved(self) -> str | None:
        """Why a function-pointer site could still enter the trampoline, or None when it cannot."""
        if not self.data_known:
            return ("no data image is known (raw code): a function pointer loaded from memory could hold any "
                    "address")
        if self.trampoline:
            where, value, space = self.trampoline[0]
            more = f" (and {len(self.trampoline) - 1} more)" if len(self.trampoline) > 1 else ""
            what = "an instruction" if space == "code" else "a data word"
            return (f"the program names the trampoline address {value:#x} ({what} at {where:#x}){more}, so a "
                    "function pointer could hold it")
        return None


def _range_pattern(lo: int, hi: int) -> re.Pattern[bytes]:
    """A lookahead matching at every offset where a little-endian 4-byte word has its top 16 bits in
    [lo >> 16, (hi - 1) >> 16] (the exact range is checked after)."""
    first, last = lo >> 16, (hi - 1) >> 16
    alternatives = []
    for b3 in range(first >> 8, (last >> 8) + 1):
        b2_lo = first & 0xFF if b3 == first >> 8 else 0
        b2_hi = last & 0xFF if b3 == last >> 8 else 0xFF
        alternatives.append(b"[" + re.escape(bytes((b2_lo,))) + b"-" + re.escape(bytes((b2_hi,))) + b"]"
                            + re.escape(bytes((b3,))))
    return re.compile(b"(?=..(?:" + b"|".join(alternatives) + b"))", re.DOTALL)


def _windows(data: bytes, lo: int, hi: int) -> Iterable[tuple[int, int]]:
    """(offset, value) of every 4-byte little-endian word of `data` with lo <= value < hi."""
    if hi <= lo:
        return
    for m in _range_pattern(lo, hi).finditer(data):
        p = m.start()
        if p + 4 <= len(data):
            value = int.from_bytes(data[p:p + 4], "little")
            if lo <= value < hi:
                yield p, value


def address_taken(text: bytes, base: int, starts: bytes, decode: Decoder,
                  data: Iterable[tuple[int, bytes]] | None) -> AddressTaken:
    """The program's address-taken set: constants in [0x10000, text end) made by its code or held in `data`.

    `starts` is the text's instruction starts map (1 at each start); `data` the loaded segments besides the text,
    as (user address, initial bytes), or None when they are not known.
    """
    end = base + len(text)
    lo, hi = TRAMPOLINE_START, max(end, TRAMPOLINE_END)
    code: set[int] = set()
    trampoline: list[tuple[int, int, str]] = []

    def note(where: int, value: int, space: str) -> None:
        if TRAMPOLINE_START <= value < TRAMPOLINE_END:
            trampoline.append((where, value, space))
        elif base <= value < end:
            code.add(value & -BUNDLE)

    checked: dict[int, tuple[str, str] | None] = {}
    for p, value in _windows(text, lo, hi):
        start = starts.rfind(b"\x01", 0, p + 1)
        following = starts.find(b"\x01", p + 1)
        if start < 0 or (following >= 0 and p + 4 > following):
            continue  # the window spans two instructions: no single field holds the value
        if start not in checked:
            checked[start] = decode(start)
        insn = checked[start]
        if insn is None:
            continue
        mnemonic, ops = insn
        if mnemonic not in _MAKERS:
            continue
        # mov/push: an immediate, outside any memory operand; lea: its displacement.
        fields = ops if mnemonic == "lea" else re.sub(r"\[[^]]*\]", "", ops)
        if any(int(n, 0) == value for n in _NUMBER.findall(fields)):
            note(base + start, value, "code")
    for address, blob in data or ():
        for p, value in _windows(blob, lo, hi):
            if (address + p) % POINTER_ALIGN == 0:
                note(address + p, value, "data")
    return AddressTaken(frozenset(code), tuple(sorted(trampoline)), data is not None)


def jump_table(read: Reader | None, table: int, count: int, text_base: int, text_end: int
               ) -> tuple[int, ...] | str:
    """The `count` 4-byte entries of the jump table at `table` as masked targets, or why they cannot be used."""
    if read is None:
        return "the table's memory is not known"
    if count <= 0 or count > 1 << 16:
        return f"an implausible bound ({count} entries)"
    raw = read(table, 4 * count)
    if raw is None or len(raw) != 4 * count:
        return f"the table at {table:#x} is not in read-only memory"
    targets = []
    for k in range(count):
        value = int.from_bytes(raw[4 * k:4 * k + 4], "little") & -BUNDLE
        if not text_base <= value < text_end and not TRAMPOLINE_START <= value < TRAMPOLINE_END:
            return f"entry {k} of the table at {table:#x} ({value:#x}) is not code"
        targets.append(value)
    return tuple(targets)
