"""Random C programs that make trap calls every way C can: directly (zvm.h), through function pointers in const
and writable tables and struct fields, from switch statements gcc turns into jump tables, from qsort and bsearch
callbacks, through printf, and by ending with zvm_exit or a return.

`program(seed)` is deterministic: the same seed gives the same source, so a failure names its seed.  Every program
terminates quickly (bounded loops, no recursion) and needs only the standard channels.
"""

from __future__ import annotations

import random

OPT_LEVELS = ("-O0", "-O1", "-O2", "-O3", "-Os")

# What a leaf function may do with its argument x (an int): each a statement, some a trap call.
_ACTIONS = (
    'zvm_pwrite(1, "w", 1, 0)',
    "zvm_pread(0, buf, 4, 0)",
    "zvm_jail(buf, JAIL_SIZE)",
    "zvm_unjail(buf, JAIL_SIZE)",
    "zvm_fork()",
    'printf("%d\\n", x)',
    'fputs("s\\n", stdout)',
    "x * 3 + 1",
    "x ^ 0x55",
)


def program(seed: int) -> tuple[str, str]:
    """(C source, optimisation level) of generated program `seed`."""
    rng = random.Random(seed)
    leaves = rng.randint(3, 8)
    # 65536 names the trampoline address (the scan then cannot resolve function pointers): in a few programs only.
    jail_size = rng.choice(("4096", "131072", "4096", "131072", "65536"))
    out = ["#include <stdio.h>", "#include <stdlib.h>", "#include <zvm.h>", "", f"#define JAIL_SIZE {jail_size}",
           "static char buf[64];",
           "static volatile int sink;", ""]
    for k in range(leaves):
        body = [f"  sink += {rng.choice(_ACTIONS)};" for _ in range(rng.randint(1, 3))]
        attribute = rng.choice(("", "__attribute__((noinline)) "))
        out += [f"{attribute}static int leaf{k}(int x) {{", *body, f"  return x + {k};", "}"]
    names = [f"leaf{k}" for k in range(leaves)]
    rng.shuffle(names)
    hooks = ", ".join("{\"" + n + "\", " + n + "}" for n in names[:3])
    out += [f"static int (*const ctable[])(int) = {{{', '.join(names)}}};",
            f"static int (*wtable[])(int) = {{{', '.join(reversed(names))}}};",
            "struct hooks { const char *name; int (*fn)(int); };",
            f"static struct hooks hooks[] = {{{hooks}}};", ""]
    cases = rng.randint(5, 12)
    out += ["static int dispatch(int v) {", "  switch (v) {"]
    for c in range(cases):
        out.append(f"  case {c}: return {rng.choice(names)}(v) + {c};")
    out += [f"  default: return {rng.choice(names)}(-v);", "  }", "}", ""]
    out += ["static int cmp(const void *a, const void *b) {",
            "  int x = *(const int *)a, y = *(const int *)b;",
            f"  if (x == {rng.randint(0, 9)}) sink += {rng.choice(names)}(x);",
            "  return (x > y) - (x < y);", "}", ""]
    steps = rng.randint(4, 20)
    state = rng.randint(1, 1 << 30)
    out += ["int main(void) {", f"  unsigned s = {state}u;", "  int total = 0;",
            f"  for (int i = 0; i < {steps}; i++) {{", "    s = s * 1103515245u + 12345u;",
            "    unsigned r = (s >> 16) % 6u;", "    int v = (int)((s >> 8) % 16u);", "    switch (r) {",
            f"    case 0: total += ctable[v % {leaves}](v); break;",
            f"    case 1: total += wtable[v % {leaves}](v); break;",
            "    case 2: total += hooks[v % 3].fn(v); break;",
            "    case 3: total += dispatch(v); break;",
            "    case 4: { int a[5] = {v, 3, 9, 1, v % 7}; qsort(a, 5, sizeof a[0], cmp); total += a[0]; break; }",
            "    default: total += v; break;", "    }", "  }"]
    if rng.random() < 0.5:
        out += ["  wtable[0] = ctable[1];", f"  total += wtable[0]({rng.randint(0, 9)});"]
    end = rng.choice(("return", "exit", "zvm_exit"))
    if end == "return":
        out += ['  printf("total %d\\n", total);', "  return total & 63;", "}"]
    elif end == "exit":
        out += ['  printf("total %d\\n", total);', "  exit(total & 7);", "}"]
    else:
        out += ["  zvm_exit(total & 15);", "  return 0;", "}"]
    return "\n".join(out) + "\n", rng.choice(OPT_LEVELS)
