"""Generated programs that exercise zerovm's trap interface: random sequences of pread/pwrite/jail/unjail/fork
calls (and unknown function codes) with random arguments, against a random channel table and quotas.

A program is described by a `Plan` (its channels, memory, calls and ending), drawn from `random.Random(seed)`
alone.  The plan is rendered into one C file that makes the calls in a straight line and, after each, writes a
line "k result hash" to /dev/stdout with a pwrite of its own (hash: FNV-1a of the bytes a pread moved), so a
target that returns another value or moves other bytes shows in the outputs even when the session ends in a
fault.  /dev/stdout is the log: it always has quotas no sequence reaches (the calls may still write to it).

Arguments are symbolic where they relate to something (a descriptor names a channel by alias; a size or an
offset is a base -- a channel's get_size, put_size or input length -- plus a delta; a buffer is a region of
the address space -- the .bss buffer, a stack buffer, the heap's ends, the trampoline, text, rodata, the
manifest page, the stack's ends -- plus a delta), so shrinking the channel table keeps what each call meant.
Addresses are computed by the program at run time (from zvm_manifest()) and never printed.

The plan travels inside the program as a JSON comment (`PLAN_MARK`), so a trial -- or a committed case
file -- can be shrunk again without its seed.

Switches (`TrapGenerator(avoid=...)`) leave out a kind of call on which the reference and zerovm 54a57b1 are
known to differ; none is on by default (a campaign reports these differences), and a generator with one on
says so in its name and in every trial's note:
- "unknown-code": no call with an unknown function code.  zerovm then calls SyscallZTrace(6, ...), which
  reads fmt[6] past its six-entry array (src/syscalls/trap.c:229, :305) and formats with it: depending on
  what earlier calls left on zerovm's stack the session dies ("Signal 11 from trusted code", exit 4)
  instead of getting -EPERM.  The reference always returns -EPERM.  (Found with seed 101.)

The generator also found a reference bug, since fixed: on a random-read channel zerovm clips a pread's size with
MIN(channel->size - offset, size) in int64 (trap.c:89), so for offset INT64_MIN the subtraction wraps and the
call returns 0; the reference subtracted without the wrap and returned -EINVAL (seed 135;
cases/trap/pread_offset_wrap).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from harness.fuzz.model import Program, Trial
from harness.manifest import MIB
from harness.targets import ChannelSpec, Session

PLAN_MARK = "trapgen-plan:"
BIG = 1 << 30  # the log channel's quotas: no sequence reaches them
LOG_ALIAS = "/dev/stdout"
BSIZE = 65536  # the .bss buffer B
LSIZE = 4096  # main's stack buffer L
OPT_LEVELS = ("-O0", "-O1", "-O2", "-O2", "-Os")
# Aliases of the extra channels: descriptors follow strcmp order, not the manifest's (ZEROVM.md section 1).
EXTRA_ALIASES = ("/dev/zeta", "/dev/alpha", "/dev/input", "/dev/out", "Zupper", "/dev/rw", "/dev/a2")
COUNTS = (1, 1, 2, 3, 5, 8, 100)
SIZES = (1, 2, 7, 16, 100, 1000, 4096, 65536)
DATA_LENGTHS = (0, 1, 3, 10, 100, 1000, 5000, 70000)
MEMORIES = (32 * MIB, 33 * MIB + 12345, 64 * MIB, 256 * MIB)
INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
# Known kinds of call that a switch can leave out (see the module docstring).
AVOIDABLE = frozenset({"unknown-code"})

# Buffer regions: C expressions of a uintptr_t (HP heap start, HE heap end, H64 first 64 KiB-aligned heap address).
REGIONS = {
    "B": "(uintptr_t)B",  # .bss, 64 KiB
    "L": "(uintptr_t)L",  # main's stack buffer
    "NULL": "(uintptr_t)0",
    "GUARD": "(uintptr_t)0xFFFF",  # top of the NULL guard
    "TRAMP": "(uintptr_t)0x10000",  # trampoline (R X)
    "TEXT": "(uintptr_t)0x20000",  # text (R X)
    "RO": "(uintptr_t)RO",  # rodata (R)
    "HP": "HP",  # heap start (not 64 KiB aligned: the end of .bss)
    "H64": "H64",
    "HE": "HE",  # heap end: above it, a hole up to the system data page
    "MANI": "(uintptr_t)0xFEFFFFFCu",  # the manifest pointer, top of the read-only system data
    "STKLO": "(uintptr_t)0xFF000000u",  # bottom of the 16 MiB stack
    "STKHI": "(uintptr_t)0xFFFFFFFFu",  # the last byte of the address space
}
# Deltas that matter at each region: just below/above an edge, unaligned, straddling.
REGION_DELTAS = {
    "B": (0, 0, 1, 3, 100, BSIZE - 1, BSIZE - 16, 4096),
    "L": (0, 1, 7, LSIZE - 8),
    "NULL": (0, 1, 8),
    "GUARD": (0, -7),
    "TRAMP": (0, 1, 31, 65535),
    "TEXT": (0, 5, 64),
    "RO": (0, 3),
    "HP": (0, -1, -16, 1, 4096),
    "H64": (0, 65536, 1, 32),
    "HE": (0, -1, -16, -65536, 1, 4096),
    "MANI": (0, -64, -4095, 3, 4),
    "STKLO": (0, -1, -16, 1),
    "STKHI": (0, -7, -55, -4095, 1),
}


@dataclass(frozen=True)
class ChannelPlan:
    """A channel of the session: its manifest fields, and the length of its staged input (None: none)."""

    alias: str
    type: int
    etag: int
    gets: int
    get_size: int
    puts: int
    put_size: int
    data: int | None

    def spec(self) -> ChannelSpec:
        return ChannelSpec(self.alias, type=self.type, etag=self.etag, gets=self.gets, get_size=self.get_size,
                           puts=self.puts, put_size=self.put_size,
                           data=None if self.data is None else input_bytes(self.alias, self.data))


@dataclass(frozen=True)
class CallPlan:
    """One trap call.  `desc`: an alias, "end+K" (the channel count plus K) or "lit:N"; `buf`: (region,
    delta); `size`, `offset`: (base, delta) with base "lit", "get_size", "put_size", "data" or "gets"/"puts"
    of the descriptor's channel (0 when it names none); `wide`: the argument that gets high 32 bits set
    ("desc", "size", "buf"; zerovm truncates desc and size to 32 bits), or "" for the zvm.h wrappers;
    `fill`: for jail, a byte to fill the region with first (-1: none); `code`: for "unknown", the
    function code."""

    fn: str  # "read", "write", "jail", "unjail", "fork", "unknown"
    desc: str = "lit:0"
    buf: tuple[str, int] = ("B", 0)
    size: tuple[str, int] = ("lit", 0)
    offset: tuple[str, int] = ("lit", 0)
    wide: str = ""
    fill: int = -1
    code: int = 0


@dataclass(frozen=True)
class Plan:
    """Everything a generated program and its session are made of."""

    channels: tuple[ChannelPlan, ...]  # in manifest order; the standard three first
    memory: int
    memory_etag: int
    timeout: int
    opt: str
    calls: tuple[CallPlan, ...]
    ending: tuple[str, int]  # ("exit"|"return"|"exit-wide"|"fault"|"hlt"|"null-args", code)

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        raw = json.loads(text)
        return cls(
            channels=tuple(ChannelPlan(**c) for c in raw["channels"]),
            memory=raw["memory"], memory_etag=raw["memory_etag"], timeout=raw["timeout"], opt=raw["opt"],
            calls=tuple(CallPlan(fn=c["fn"], desc=c["desc"], buf=tuple(c["buf"]), size=tuple(c["size"]),
                                 offset=tuple(c["offset"]), wide=c["wide"], fill=c["fill"], code=c["code"])
                        for c in raw["calls"]),
            ending=tuple(raw["ending"]))

    def descriptors(self) -> dict[str, int]:
        """alias -> descriptor: stdin, stdout, stderr, then the rest in strcmp order (ZEROVM.md section 1)."""
        standard = ["/dev/stdin", "/dev/stdout", "/dev/stderr"]
        others = sorted((c.alias for c in self.channels if c.alias not in standard), key=lambda a: a.encode())
        return {alias: i for i, alias in enumerate(standard + others)}

    def session(self, nexe: Path) -> Session:
        return Session(nexe, channels=tuple(c.spec() for c in self.channels), memory=self.memory,
                       memory_etag=self.memory_etag, timeout=self.timeout)

    def describe(self) -> str:
        fns = sorted({c.fn for c in self.calls})
        return (f"{len(self.calls)} calls ({','.join(fns) or 'none'}), {len(self.channels)} channels, "
                f"Memory {self.memory}{' etag' if self.memory_etag else ''}, ending {self.ending[0]} {self.opt}")


def input_bytes(alias: str, length: int) -> bytes:
    """A channel's staged input: pseudo-random bytes fixed by alias and length (no seed needed)."""
    return hashlib.shake_128(f"{alias}:{length}".encode()).digest(length) if length else b""


# ---------------------------------------------------------------------------------------------------------
# Drawing a plan


def draw_plan(rng: random.Random, avoid: frozenset[str] = frozenset()) -> Plan:
    channels = _draw_channels(rng)
    memory = rng.choice(MEMORIES)
    memory_etag = 1 if memory <= 64 * MIB and rng.random() < 0.1 else 0
    plan = Plan(channels=channels, memory=memory, memory_etag=memory_etag, timeout=rng.choice((2, 3, 5)),
                opt=rng.choice(OPT_LEVELS), calls=(), ending=("return", 0))
    calls: list[CallPlan] = []
    for _ in range(rng.randint(3, 40)):
        call = _draw_call(rng, plan)
        if call.fn == "unknown" and "unknown-code" in avoid:
            continue
        calls.append(call)
    return replace(plan, calls=tuple(calls), ending=_draw_ending(rng))


def _draw_channels(rng: random.Random) -> tuple[ChannelPlan, ...]:
    stdin = _draw_channel(rng, "/dev/stdin", "ro")
    stdout = ChannelPlan(LOG_ALIAS, 0, rng.choice((0, 0, 1)), 0, 0, BIG, BIG, None)
    stderr = _draw_channel(rng, "/dev/stderr", "wo")
    extra = [_draw_channel(rng, alias, rng.choice(("ro", "wo", "rw", "rw")))
             for alias in rng.sample(EXTRA_ALIASES, rng.choice((0, 1, 1, 2, 2, 3, 4)))]
    return (stdin, stdout, stderr, *extra)


def _draw_channel(rng: random.Random, alias: str, mode: str) -> ChannelPlan:
    def limits() -> tuple[int, int]:
        count, size = rng.choice(COUNTS), rng.choice(SIZES)
        return count, size

    gets = get_size = puts = put_size = 0
    if mode in ("ro", "rw"):
        gets, get_size = limits()
    if mode in ("wo", "rw"):
        puts, put_size = limits()
    # Half a pair: the channel stays of its class, and a call on the other direction meets the zero.
    if mode == "ro" and rng.random() < 0.15:
        puts, put_size = rng.choice(((rng.choice(COUNTS), 0), (0, rng.choice(SIZES))))
    if mode == "wo" and rng.random() < 0.15:
        gets, get_size = rng.choice(((rng.choice(COUNTS), 0), (0, rng.choice(SIZES))))
    # A regular file open for reading and writing must be of type 1 or 3 (types 0 and 2 are refused).
    kind = rng.choice((1, 3)) if mode == "rw" else rng.randint(0, 3)
    data = None if mode == "wo" else rng.choice(DATA_LENGTHS)
    return ChannelPlan(alias, kind, rng.choice((0, 0, 1)), gets, get_size, puts, put_size, data)


def _draw_desc(rng: random.Random, plan: Plan) -> str:
    r = rng.random()
    if r < 0.8:
        return rng.choice(plan.channels).alias
    return rng.choice(("end+0", "end+1", "lit:-1", f"lit:{INT32_MIN}", f"lit:{INT32_MAX}", "lit:99"))


def _draw_amount(rng: random.Random, quota_base: str) -> tuple[str, int]:
    r = rng.random()
    if r < 0.35:
        return (quota_base, rng.choice((0, 0, -1, 1)))
    if r < 0.5:
        return ("data", rng.choice((0, -1, 1)))
    if r < 0.9:
        return ("lit", rng.choice((0, 1, 1, 2, 3, 5, 16, 64, 100, 1000)))
    return ("lit", rng.choice((-1, INT32_MIN, INT32_MAX, 1 << 20, BSIZE)))


def _draw_offset(rng: random.Random) -> tuple[str, int]:
    r = rng.random()
    if r < 0.5:
        return ("lit", 0)
    if r < 0.75:
        return (rng.choice(("data", "put_size", "get_size")), rng.choice((0, -1, 1, -3)))
    return ("lit", rng.choice((1, 5, 100, -1, 1 << 40, INT64_MIN, INT64_MAX)))


def _draw_buf(rng: random.Random, edges: bool) -> tuple[str, int]:
    if not edges or rng.random() < 0.55:
        return ("B", rng.choice((0, 0, 1, 3, 100)))
    region = rng.choice(tuple(REGIONS))
    return (region, rng.choice(REGION_DELTAS[region]))


def _draw_call(rng: random.Random, plan: Plan) -> CallPlan:
    fn = rng.choices(("read", "write", "jail", "unjail", "fork", "unknown"), (40, 40, 6, 4, 3, 3))[0]
    if fn in ("read", "write"):
        quota = "get_size" if fn == "read" else "put_size"
        wide = rng.choice(("desc", "size", "buf")) if rng.random() < 0.05 else ""
        return CallPlan(fn, desc=_draw_desc(rng, plan), buf=_draw_buf(rng, edges=True),
                        size=_draw_amount(rng, quota), offset=_draw_offset(rng), wide=wide)
    if fn in ("jail", "unjail"):
        buf = ("H64", rng.choice((0, 0, 65536, 1))) if rng.random() < 0.7 else _draw_buf(rng, edges=True)
        size = ("lit", rng.choice((32, 32, 4096, 4096, 65536, 0, -1, 1, 100000)))
        fill = rng.choice((-1, 0xF4, 0xF4, 0x90)) if fn == "jail" and buf[0] == "H64" else -1
        return CallPlan(fn, buf=buf, size=size, fill=fill)
    if fn == "unknown":
        code = rng.choice((0, 1, 0x64616553, (1 << 32) | 0x64616552, 0xFFFFFFFFFFFFFFFF))
        return CallPlan(fn, code=code)
    return CallPlan(fn)


def _draw_ending(rng: random.Random) -> tuple[str, int]:
    kind = rng.choices(("exit", "return", "exit-wide", "fault", "hlt", "null-args"), (40, 30, 5, 10, 5, 3))[0]
    code = rng.choice((0, 0, 1, 42, -5, 255, 256, INT32_MIN, INT32_MAX))
    return (kind, code)


# ---------------------------------------------------------------------------------------------------------
# Rendering a plan as C


def _c_int(value: int) -> str:
    """A C literal of a signed 64-bit value (INT64_MIN has none: write it as an expression)."""
    if value == INT64_MIN:
        return "(-INT64_C(9223372036854775807) - 1)"
    return f"INT64_C({value})"


def _resolve(amount: tuple[str, int], channel: ChannelPlan | None) -> int:
    base, delta = amount
    if base == "lit" or channel is None:
        return delta if base == "lit" else max(delta, 0)
    values = {"get_size": channel.get_size, "put_size": channel.put_size, "data": channel.data or 0,
              "gets": channel.gets, "puts": channel.puts}
    return values[base] + delta


def _desc_value(desc: str, plan: Plan) -> tuple[int, ChannelPlan | None]:
    """The descriptor number a call passes, and the channel it names (None: none)."""
    numbers = plan.descriptors()
    by_alias = {c.alias: c for c in plan.channels}
    if desc.startswith("lit:"):
        n = int(desc[4:])
    elif desc.startswith("end+"):
        n = len(plan.channels) + int(desc[4:])
    else:
        n = numbers[desc]
    alias = next((a for a, i in numbers.items() if i == n), None)
    return n, by_alias.get(alias) if alias is not None else None


def _clip32(value: int) -> int:
    """`value` as the int32 the zvm.h wrappers pass (wrapped, as a C cast would)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def render(plan: Plan) -> str:
    out = [f"/* Generated by harness.fuzz.trapgen. {PLAN_MARK} {plan.to_json()} */",
           "#include <stdint.h>", "#include <zvm.h>", "",
           f"static unsigned char B[{BSIZE}] __attribute__((aligned(64)));",
           'static const char RO[64] = "read-only data of a trapgen program";', "",
           "/* A trap with any 64-bit arguments (the zvm.h wrappers pass 32-bit descriptors and sizes). */",
           "static inline __attribute__((always_inline)) int32_t raw(uint64_t code, uint64_t a2, uint64_t a3,",
           "                                                          uint64_t a4, uint64_t a5)", "{",
           "  volatile uint64_t args[6];",
           "  args[0] = code; args[1] = 0; args[2] = a2; args[3] = a3; args[4] = a4; args[5] = a5;",
           "  return zvm_trap(args);", "}", "",
           "/* The log: call k returned r; h hashes the bytes a read moved. */",
           "static __attribute__((noinline)) void note(int k, int32_t r, uintptr_t buf, int32_t n)", "{",
           "  char line[40];", "  int i = 0, j;", "  uint32_t h = 2166136261u;", "  uint32_t v;", "  char tmp[12];",
           "  for (j = 0; j < n; j++) h = (h ^ ((const volatile unsigned char *)buf)[j]) * 16777619u;",
           "  v = (uint32_t)k;", "  j = 0;", "  do { tmp[j++] = (char)('0' + v % 10); v /= 10; } while (v);",
           "  while (j) line[i++] = tmp[--j];", "  line[i++] = ' ';",
           "  if (r < 0) { line[i++] = '-'; v = 0u - (uint32_t)r; } else v = (uint32_t)r;",
           "  do { tmp[j++] = (char)('0' + v % 10); v /= 10; } while (v);",
           "  while (j) line[i++] = tmp[--j];", "  line[i++] = ' ';",
           "  for (j = 7; j >= 0; j--) line[i++] = \"0123456789abcdef\"[(h >> (4 * j)) & 15];",
           "  line[i++] = '\\n';", "  zvm_pwrite(ZVM_STDOUT, line, i, 0);", "}", "",
           "static void fill(uintptr_t p, int32_t n, unsigned char byte)", "{",
           "  int32_t j;", "  for (j = 0; j < n; j++) ((volatile unsigned char *)p)[j] = byte;", "}", "",
           "int main(void)", "{",
           f"  unsigned char L[{LSIZE}];",
           "  const struct zvm_manifest *m = zvm_manifest();",
           "  uintptr_t HP = m->heap_ptr, HE = (uintptr_t)m->heap_ptr + m->heap_size;",
           "  uintptr_t H64 = (HP + 0xFFFFu) & ~(uintptr_t)0xFFFFu;",
           "  int32_t r;", "  int j;",
           "  (void)HE; (void)H64;",
           "  /* Defined, distinct bytes in both buffers: a write shows which bytes it took. */",
           f"  for (j = 0; j < {LSIZE}; j++) ((volatile unsigned char *)L)[j] = (unsigned char)j;",
           f"  for (j = 0; j < {BSIZE}; j++) B[j] = (unsigned char)(j * 7 + (j >> 8));"]
    for k, call in enumerate(plan.calls):
        out += [f"  /* {k}: {call.fn} */", *_render_call(k, call, plan)]
    out += _render_ending(plan.ending)
    out.append("}")
    return "\n".join(out) + "\n"


def _buf_expr(buf: tuple[str, int]) -> str:
    region, delta = buf
    return f"({REGIONS[region]} + (uintptr_t)(intptr_t){delta})"


def _render_call(k: int, call: CallPlan, plan: Plan) -> list[str]:
    buf = _buf_expr(call.buf)
    if call.fn in ("read", "write"):
        desc, channel = _desc_value(call.desc, plan)
        size = _resolve(call.size, channel)
        offset = _resolve(call.offset, channel)
        offset = max(INT64_MIN, min(INT64_MAX, offset))
        code = "ZVM_TRAP_READ" if call.fn == "read" else "ZVM_TRAP_WRITE"
        if call.wide:
            d = f"(uint64_t)(int64_t){_clip32(desc)}" + (" + (UINT64_C(1) << 32)" if call.wide == "desc" else "")
            s = f"(uint64_t)(int64_t){_clip32(size)}" + (" + (UINT64_C(5) << 32)" if call.wide == "size" else "")
            b = f"(uint64_t){buf}" + (" | (UINT64_C(1) << 32)" if call.wide == "buf" else "")
            line = f"  r = raw({code}, {d}, {b}, {s}, (uint64_t){_c_int(offset)});"
        else:
            wrapper = "zvm_pread" if call.fn == "read" else "zvm_pwrite"
            line = f"  r = {wrapper}({_clip32(desc)}, (void *){buf}, {_clip32(size)}, {_c_int(offset)});"
        hashed = f"{buf}, r" if call.fn == "read" else "0, 0"
        return [line, f"  note({k}, r, {hashed});"]
    if call.fn in ("jail", "unjail"):
        size = _clip32(_resolve(call.size, None))
        lines = []
        if call.fill >= 0 and size > 0:
            # At most 4 KiB: the reference validates what it jails instruction by instruction, in Python.
            lines.append(f"  fill({buf}, {min(size, 4096)}, {call.fill});")
        lines.append(f"  r = zvm_{call.fn}((const void *){buf}, {size});")
        return [*lines, f"  note({k}, r, 0, 0);"]
    if call.fn == "fork":
        return ["  r = zvm_fork();", f"  note({k}, r, 0, 0);"]
    return [f"  r = raw(UINT64_C({call.code}), 0, 0, 0, 0);", f"  note({k}, r, 0, 0);"]


def _render_ending(ending: tuple[str, int]) -> list[str]:
    kind, code = ending
    c32 = _clip32(code)
    if kind == "exit":
        return [f"  zvm_exit({c32});"]
    if kind == "exit-wide":
        return [f"  raw(ZVM_TRAP_EXIT, (uint64_t)(int64_t){c32} + (UINT64_C(7) << 32), 0, 0, 0);", "  return 0;"]
    if kind == "fault":
        return ["  *(volatile int *)(uintptr_t)8 = 1;", f"  return {c32};"]
    if kind == "hlt":
        return ['  __asm__ volatile("hlt");', f"  return {c32};"]
    if kind == "null-args":
        return ["  zvm_trap((volatile uint64_t *)0);", f"  return {c32};"]
    return [f"  return {c32};"]


def plan_of(program: Program) -> Plan:
    """The plan a generated program carries in its first source's opening comment."""
    text = program.sources[0][1]
    start = text.index(PLAN_MARK) + len(PLAN_MARK)
    return Plan.from_json(text[start:text.index("*/", start)].strip())


# ---------------------------------------------------------------------------------------------------------
# Shrinking


def simpler_plans(plan: Plan) -> Iterator[Plan]:
    """Smaller plans, the biggest cuts first: calls removed (halves, quarters, ..., then one at a time), the
    ending made a plain return, extra channels removed (with the calls naming them), channels' quotas and
    inputs made plain, then each call's arguments made plain."""
    calls = plan.calls
    chunk = len(calls) // 2
    while chunk >= 1:
        for start in range(0, len(calls), chunk):
            kept = calls[:start] + calls[start + chunk:]
            if len(kept) < len(calls):
                yield replace(plan, calls=kept)
        chunk //= 2
    if plan.ending != ("return", 0):
        yield replace(plan, ending=("return", 0))
    standard = {"/dev/stdin", "/dev/stdout", "/dev/stderr"}
    for channel in plan.channels:
        if channel.alias not in standard:
            yield replace(plan, channels=tuple(c for c in plan.channels if c is not channel),
                          calls=tuple(c for c in calls if c.desc != channel.alias))
    if plan.memory_etag:
        yield replace(plan, memory_etag=0)
    for i, channel in enumerate(plan.channels):
        plain = replace(channel, etag=0)
        if channel.data not in (None, 0, 1, 10):
            plain = replace(plain, data=10)
        if plain != channel:
            yield replace(plan, channels=(*plan.channels[:i], plain, *plan.channels[i + 1:]))
    for i, call in enumerate(calls):
        for simpler in _simpler_calls(call):
            yield replace(plan, calls=(*calls[:i], simpler, *calls[i + 1:]))


def _simpler_calls(call: CallPlan) -> Iterator[CallPlan]:
    if call.wide:
        yield replace(call, wide="")
    if call.buf != ("B", 0):
        yield replace(call, buf=("B", 0))
    if call.fn in ("read", "write"):
        if call.offset != ("lit", 0):
            yield replace(call, offset=("lit", 0))
        if call.size[0] != "lit" or call.size[1] not in (0, 1):
            yield replace(call, size=("lit", 1))
    if call.fill >= 0:
        yield replace(call, fill=-1)


# ---------------------------------------------------------------------------------------------------------


class TrapGenerator:
    """Programs of random trap calls (see the module docstring).  `avoid`: kinds of call left out (AVOIDABLE),
    for a campaign against a target known to differ on them; they show in the name."""

    def __init__(self, avoid: frozenset[str] | set[str] = frozenset()) -> None:
        unknown = set(avoid) - AVOIDABLE
        if unknown:
            raise ValueError(f"unknown trapgen switch(es) {sorted(unknown)}; known: {sorted(AVOIDABLE)}")
        self.avoid = frozenset(avoid)
        self.name = "trap" if not self.avoid else "trap[avoid " + ",".join(sorted(self.avoid)) + "]"

    def unavailable(self) -> str | None:
        return None  # only the built-in toolchain is needed

    def plan(self, seed: int) -> Plan:
        return draw_plan(random.Random(seed), self.avoid)

    def generate(self, seed: int, work: Path) -> Trial:
        return self.trial(seed, self.plan(seed), work)

    def trial(self, seed: int, plan: Plan, work: Path) -> Trial:
        """The trial of `plan`, built under `work`."""
        program = Program(sources=(("trapgen.c", render(plan)),), opt=plan.opt)
        nexe = program.build(work)
        note = plan.describe() + (f" [avoid {','.join(sorted(self.avoid))}]" if self.avoid else "")
        return Trial(self.name, seed, program, plan.session(nexe), note=note, size=len(plan.calls))

    def shrink(self, trial: Trial, work: Path) -> Iterator[Trial]:
        plan = plan_of(trial.program)
        for i, smaller in enumerate(simpler_plans(plan)):
            yield self.trial(trial.seed, smaller, work / f"shrink{i}")
