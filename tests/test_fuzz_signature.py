"""harness.fuzz.signature (what makes two disagreements one finding) and harness.fuzz.pacing (which
generator runs next), on results and costs made up here."""

from __future__ import annotations

from dataclasses import replace

from harness.fuzz.compare import compare_results
from harness.fuzz.pacing import DEFAULT_COST_S, Pacer
from harness.fuzz.signature import normalise_field, normalise_text, signature
from harness.targets import RunResult

OK = RunResult("ref", "exited", 0, validator_state=0, daemon=0, user_code=0, exit_state="ok",
               accounting=(0.0, 0.0, 1, 5, 2, 11, 0, 0, 0, 0),
               outputs={"/dev/stdout": b"0 5 1\n1 -1 0\n2 7 9\n", "/dev/out": b"abcdefg"})
CRASH = "Signal 11 from trusted code: Halting at 0x"


def key(a: RunResult, b: RunResult) -> str:
    return signature(a, b, compare_results(a, b)).key


def crashed(result: RunResult, where: str, cut: int, channel: str = "/dev/out") -> RunResult:
    """`result` as zerovm leaves it when it crashes `cut` bytes into its log, at host address `where`."""
    outputs = {"/dev/stdout": result.outputs["/dev/stdout"][:cut], channel: b"ab"}
    return replace(result, user_code=None, exit_code=0, exit_state=CRASH + where, outputs=outputs,
                   accounting=(0.0, 0.0, 1, 2, 1, 3, 0, 0, 0, 0), raw_stderr="")


def test_one_crash_met_by_many_programs_is_one_signature() -> None:
    # The same crash at different addresses, at different points of different programs (so with different
    # outputs, counters, user codes differing), is one finding.
    first = key(OK, crashed(OK, "7F12AB00", 6))
    assert first == key(OK, crashed(OK, "55AA10", 12))
    other_program = replace(OK, user_code=7, outputs={"/dev/stdout": b"0 1 1\n", "/dev/a2": b"xyz"})
    assert first == key(other_program, crashed(other_program, "55AA10", 0, channel="/dev/a2"))
    assert "Signal # from trusted code: Halting at <addr>" in first
    # Wherever the other side ended the program (a fault of the program's, a bad address), zerovm crashed first.
    faulted = replace(OK, exit_state="Signal 11 from untrusted code: Halting at 0x440A00020A6B", user_code=None)
    bad_address = replace(OK, exit_code=4, exit_state="./src/loader/sel_ldr-inl.h 40: uaddr 0x1, addr space 36 bits")
    assert first == key(faulted, crashed(OK, "1", 3)) == key(bad_address, crashed(OK, "2", 0))


def test_different_bugs_have_different_signatures() -> None:
    crash = key(OK, crashed(OK, "7F12AB00", 6))
    # An off-by-one quota: both sides end "ok", one more write gets through (the log and the channel differ).
    quota = replace(OK, outputs={"/dev/stdout": b"0 5 1\n1 2 0\n2 7 9\n", "/dev/out": b"abcdefgh"},
                    accounting=(0.0, 0.0, 1, 5, 3, 12, 0, 0, 0, 0))
    off_by_one = key(OK, quota)
    user_code = key(OK, replace(OK, user_code=1))
    rejected = key(OK, replace(OK, validator_state=1, exit_code=8, exit_state="validation failed", outputs={}))
    assert len({crash, off_by_one, user_code, rejected}) == 4
    # The quota bug on another channel (its alias is the program's choice) is the same bug.
    moved = {"/dev/stdout": quota.outputs["/dev/stdout"], "/dev/zeta": b"abcdefgh"}
    here = replace(OK, outputs={"/dev/stdout": OK.outputs["/dev/stdout"], "/dev/zeta": b"abcdefg"})
    assert key(here, replace(quota, outputs=moved)) == off_by_one
    # ... and so it is when only the number of writes differs, or the channel's etag too: which counter, and
    # whether the channel has an etag, is the program's choice.
    etagged = replace(quota, accounting=(0.0, 0.0, 1, 5, 2, 12, 0, 0, 0, 0), etags=(("/dev/out", "ab" * 20),))
    assert key(OK, etagged) == off_by_one
    # ... and so it is in a program that then ends in its own fault on both sides: how is the program's doing.
    fault = "Signal 11 from untrusted code: Halting at 0x440A00020A6B"
    assert key(replace(OK, exit_state=fault), replace(quota, exit_state=fault)) == off_by_one
    # A wrong write to a channel, named in the exit state as the program named it, is one ending.
    stops = [replace(OK, exit_code=5, exit_state=f"src/channels/channel.c 253: {alias};{n} failed to write")
             for alias, n in (("/dev/rw", 3), ("/dev/input", 4))]
    endings = {signature(OK, stop, compare_results(OK, stop), ("/dev/stdin", "/dev/stdout", alias)).key
               for stop, alias in zip(stops, ("/dev/rw", "/dev/input"), strict=True)}
    assert len(endings) == 1 and "<channel>;# failed to write" in endings.pop()


def test_sides_are_not_interchangeable() -> None:
    # a crashing where b does not is not the same finding as b crashing where a does not.
    bad = crashed(OK, "1234", 6)
    assert key(OK, bad) != key(bad, OK)
    # A program's own fault on one side only is not a crash of zerovm's: the other side's ending counts.
    faulted = replace(OK, exit_state="Signal 11 from untrusted code: Halting at 0x440A00020A6B")
    assert key(OK, faulted) != key(replace(OK, exit_state="Session timeout"), faulted)


def test_normalised_names_and_texts() -> None:
    assert normalise_field("outputs[/dev/out]") == normalise_field("outputs[Zupper]") == "outputs[*]"
    assert normalise_field("child[3].outputs[/dev/x]") == "child[#].outputs[*]"
    assert normalise_field("scan.valid (scanner: False)") == "scan.valid (scanner: False)"
    assert normalise_field("child[0].accounting.net_gets") == "child[#].accounting"
    assert normalise_field("etags[/dev/stdout]") == "outputs[/dev/stdout]"
    assert normalise_text("cannot open /tmp/zvm-session-abc/channel4 (errno 2)") == \
        "cannot open {dir}/channel# (errno #)"
    assert normalise_text("/dev/stdin;0 and Zupper;4 failed", ("/dev/stdin", "Zupper", "a")) == \
        "/dev/stdin;# and <channel>;# failed"
    assert normalise_text(None) is None


def test_pacer_gives_each_generator_an_equal_share_of_time() -> None:
    pacer = Pacer(("cheap", "dear"))
    costs = {"cheap": 0.1, "dear": 2.0}
    clock = {"cheap": 0.0, "dear": 0.0}
    trials = {"cheap": 0, "dear": 0}
    for _ in range(400):  # one worker: each trial ends before the next is picked
        name = pacer.next()
        pacer.finished(name, costs[name])
        clock[name] += costs[name]
        trials[name] += 1
    assert abs(clock["cheap"] - clock["dear"]) <= costs["dear"]
    assert trials["cheap"] > 15 * trials["dear"]
    assert pacer.cost("dear") == 2.0 and pacer.share_json()["cheap"]["avg_trial_s"] == 0.1


def test_pacer_costs_running_trials_and_starts_every_generator() -> None:
    pacer = Pacer(("a", "b", "c"))
    assert [pacer.next() for _ in range(3)] == ["a", "b", "c"]  # unmeasured: each gets one at once
    assert pacer.cost("a") == DEFAULT_COST_S
    pacer.finished("a", 4.0)
    pacer.finished("b", 0.0, counted=False)  # skipped: costs nothing, measures nothing
    assert pacer.cost("b") == 4.0 and pacer.shares["b"].finished == 0  # costed as the measured ones
    # a has had 4 s, c is running (costed 4 s), b has had nothing: b is the least served; then all have 4 s.
    assert pacer.next() == "b"
    assert pacer.next() == "a"
