"""Which generator runs the next trial: each gets an equal share of the workers' time.

Generators differ by orders of magnitude in cost (a csmith trial builds a program and runs it
natively before the two sessions; a manifest mutant runs two sessions of a prebuilt nexe).
Taking turns by count would let the expensive one have nearly all the time and starve the cheap
one of trials.  Instead the next trial goes to the generator whose time so far is the least:
the seconds its finished trials took, plus its running trials at its average cost per trial.
A generator with no finished trial yet is costed at the average of the others (or 1 s), so
every generator starts at once and none is favoured for being unmeasured.

Only trials count, not the replay and minimisation of their disagreements: a generator that
finds bugs is not slowed down for it.  Ties go to the generator named first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_COST_S = 1.0  # the cost assumed before any trial was measured


@dataclass
class _Share:
    spent_s: float = 0.0  # finished trials' seconds
    finished: int = 0
    running: int = 0


@dataclass
class Pacer:
    names: tuple[str, ...]
    shares: dict[str, _Share] = field(init=False)

    def __post_init__(self) -> None:
        self.shares = {name: _Share() for name in self.names}

    def cost(self, name: str) -> float:
        """`name`'s average seconds per trial (an estimate before its first trial ends)."""
        share = self.shares[name]
        if share.finished:
            return share.spent_s / share.finished
        measured = [s.spent_s / s.finished for s in self.shares.values() if s.finished]
        return sum(measured) / len(measured) if measured else DEFAULT_COST_S

    def committed(self, name: str) -> float:
        """The time `name` has had, counting its running trials at its average cost."""
        share = self.shares[name]
        return share.spent_s + share.running * self.cost(name)

    def next(self) -> str:
        """The generator to run the next trial; counted as running until `finished`."""
        name = min(self.names, key=lambda n: (self.committed(n), self.names.index(n)))
        self.shares[name].running += 1
        return name

    def finished(self, name: str, seconds: float, counted: bool = True) -> None:
        """A trial of `name` ended after `seconds`; one that did not run (`counted` False) costs nothing."""
        share = self.shares[name]
        share.running = max(0, share.running - 1)
        if counted:
            share.spent_s += max(seconds, 0.0)
            share.finished += 1

    def share_json(self) -> dict[str, dict[str, float]]:
        """Each generator's time and average cost, for the summary."""
        return {name: {"trial_time_s": round(s.spent_s, 3), "avg_trial_s": round(self.cost(name), 3)}
                for name, s in self.shares.items()}


__all__ = ["DEFAULT_COST_S", "Pacer"]
