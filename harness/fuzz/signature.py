"""What makes two disagreements "the same finding": a `Signature` of a trial's two results.

A campaign meets one zerovm bug many times (every trap program that calls an unknown function
code crashes the same way), at different places in different programs.  Minimising and emitting
each is wasted time and a pile of identical cases, so disagreements are grouped by a signature
that leaves out what varies between programs hitting the same bug:

* each side's *ending*: its outcome, validator state and exit state, with numbers, hex
  addresses, session directories and the session's channel aliases other than the standard
  three blanked ("Signal 11 from trusted code: Halting at 0x7f..." and "... at 0x55..." are
  both "Signal # from trusted code: Halting at <addr>"; "/dev/rw;3 failed to write" and
  "/dev/input;4 failed to write" are both "<channel>;# failed to write");
* when the two sides ended the same way: not that ending (one off-by-one quota lets a write through
  in a program that ends "ok" and in one that ends in its own fault), but the set of differing field names, with channel
  aliases other than the standard three blanked ("outputs[/dev/out]" and "outputs[/dev/a2]"
  are one field), child numbers blanked ("child[3].user_code" -> "child[#].user_code"), and
  what follows from another field folded into it: a channel's etag is a digest of its output
  ("etags[X]" counts as "outputs[X]"), and which I/O counter differs is the program's choice
  of sizes ("accounting.local_puts", "accounting.local_put_bytes" -> "accounting");
* when they ended differently: only the ending, plus the static scanner's fields.  What else
  differs then (an output cut short, the counters, the user code) follows from where in the
  program the session ended, which is the program's doing, not the bug's;
* when one side's own (trusted) code faulted and the other's did not: only that side's ending.
  zerovm crashed before the program got to wherever the other side ended it ("ok", a fault of
  the program's, a bad address), so how the other side ended is the program's doing too.

Nothing of the generator takes part, so a bug found by two generators is one finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.fuzz.compare import normalise_state
from harness.fuzz.model import Difference
from harness.targets import RunResult

STANDARD_ALIASES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
_ADDRESS = re.compile(r"0x(?:[0-9A-Fa-f]+|<host>)")
_NUMBER = re.compile(r"\d+")
_BRACKETED = re.compile(r"\[([^\]]*)\]")
_ACCOUNTING = re.compile(r"(^|\.)accounting\..*$")
_ETAGS = re.compile(r"(^|\.)etags\[")
# The fields that say how a session ended, compared as the ending rather than as a differing field.
ENDING_FIELDS = ("outcome", "validator_state", "exit_state", "report")
SCAN_PREFIX = "scan."
TRUSTED_FAULT = "from trusted code"  # "Signal 11 from trusted code: Halting at ...": zerovm itself faulted


@dataclass(frozen=True)
class Ending:
    """How one side's session ended, normalised."""

    outcome: str
    validator_state: int | None
    exit_state: str | None

    def __str__(self) -> str:
        if self == ANY:
            return "any"
        if self == SAME:
            return "same"
        return f"{self.outcome}, validator {self.validator_state}, {self.exit_state!r}"

    @property
    def trusted_fault(self) -> bool:
        return TRUSTED_FAULT in (self.exit_state or "")


ANY = Ending("*", None, None)  # the side that did not crash, when the other's trusted code faulted
SAME = Ending("=", None, None)  # both sides, when they ended alike: how is the program's doing


@dataclass(frozen=True)
class Signature:
    """Two disagreements with equal signatures are counted as one finding."""

    a: Ending
    b: Ending
    fields: tuple[str, ...]  # normalised differing field names, sorted

    @property
    def key(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return f"a: {self.a} | b: {self.b} | fields: {', '.join(self.fields) or '-'}"


def normalise_text(text: str | None, aliases: tuple[str, ...] = ()) -> str | None:
    """An exit state with its numbers, addresses, session directory and channel `aliases` (but the
    standard three) blanked."""
    text = normalise_state(text)
    if text is None:
        return None
    for alias in sorted(set(aliases) - set(STANDARD_ALIASES), key=len, reverse=True):
        if alias:  # as a word of its own: an alias "a" is not the a of "failed"
            text = re.sub(rf"(?<![\w/.-]){re.escape(alias)}(?![\w/.-])", "<channel>", text)
    return _NUMBER.sub("#", _ADDRESS.sub("<addr>", text))


def normalise_field(name: str) -> str:
    """A field name with what depends on the program blanked: non-standard channel aliases, child numbers."""
    if name.startswith(SCAN_PREFIX):
        return name

    def one(match: re.Match[str]) -> str:
        inside = match.group(1)
        if inside.isdigit():
            return "[#]"
        return match.group(0) if inside in STANDARD_ALIASES else "[*]"

    name = _ACCOUNTING.sub(r"\1accounting", _BRACKETED.sub(one, name))
    return _ETAGS.sub(r"\1outputs[", name)


def ending(result: RunResult, aliases: tuple[str, ...] = ()) -> Ending:
    return Ending(result.outcome, result.validator_state, normalise_text(result.exit_state, aliases))


def signature(a: RunResult, b: RunResult, differences: tuple[Difference, ...],
              aliases: tuple[str, ...] = ()) -> Signature:
    """The signature of a trial whose results on the two sides are `a` and `b`, differing by `differences`;
    `aliases`: its session's channels (named in exit states as the program chose)."""
    ea, eb = ending(a, aliases), ending(b, aliases)
    names = {normalise_field(d.field) for d in differences}
    if ea != eb:
        names = {n for n in names if n.startswith(SCAN_PREFIX)}
        if ea.trusted_fault != eb.trusted_fault:
            ea, eb = (ea if ea.trusted_fault else ANY), (eb if eb.trusted_fault else ANY)
    else:
        names -= set(ENDING_FIELDS)  # equal once normalised: a PIE address or a number that says nothing
        ea = eb = SAME
    return Signature(ea, eb, tuple(sorted(names)))


__all__ = ["ANY", "SAME", "Ending", "Signature", "normalise_field", "normalise_text", "signature"]
