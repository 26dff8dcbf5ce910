"""GX201: exits that bypass os.Exit: syscall/unix/windows exits, ExitProcess through a
DLL lookup, raw exit system calls, cgo exit."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from . import Hit, short

CODE = "GX201"

CONSEQUENCE = (
    "ends the process below the Go runtime: no deferred call runs, nor what os.Exit still "
    "does (the race detector's report, the flush of coverage counters in -cover builds)"
)


def _is_exitprocess_lookup(pkg, f, call) -> bool:
    if call.kind == "method" and call.target in golib.PROC_LOOKUPS:
        return "S:ExitProcess" in call.args
    name = pkg.qualified(f, call) or ""
    return name.endswith(".GetProcAddress") and "S:ExitProcess" in call.args


def _uses(pkg, f, call, var: str) -> bool:
    """Does ``call`` pass ``var`` as its first argument, directly or through uintptr(var)?"""
    if not call.args:
        return False
    first = call.args[0]
    if first == f"I:{var}":
        return True
    if first.startswith("C:"):
        inner = pkg.call(f, int(first[2:]))
        return inner is not None and inner.target == "uintptr" and inner.args[:1] == (f"I:{var}",)
    return False


def _tied_calls(pkg, f, lookup):
    """Calls that invoke the procedure a lookup returned."""
    tied = []
    siblings = pkg.calls_in.get((f.path, lookup.func), ()) if lookup.func is not None else ()
    for _, call in siblings:
        if call.kind == "method" and call.target in golib.PROC_CALLS and call.recv_call == lookup.key:
            tied.append(call)
        elif lookup.assigned:
            var = lookup.assigned[0]
            if (
                call.kind == "method"
                and call.target in golib.PROC_CALLS
                and call.recv == var
                or pkg.qualified(f, call) in golib.SYSCALL_FUNCS
                and _uses(pkg, f, call, var)
            ):
                tied.append(call)
    return tied


def check(pkg, options) -> Iterator[Hit]:
    for f in pkg.files:
        for call in f.calls:
            name = pkg.qualified(f, call)
            if name in golib.RAW_EXITS:
                yield Hit(CODE, f.path, call.span, f"{short(name)} {CONSEQUENCE}")
            elif name in golib.SYSCALL_FUNCS and call.args and call.args[0][2:] in golib.EXIT_SYSCALL_NUMBERS:
                number = short(call.args[0][2:])
                yield Hit(CODE, f.path, call.span, f"{short(name)}({number}, ...) {CONSEQUENCE}")
            elif _is_exitprocess_lookup(pkg, f, call):
                tied = _tied_calls(pkg, f, call)
                via = call.text.split("(")[0]
                for site in tied:
                    yield Hit(CODE, f.path, site.span, f"ExitProcess (looked up through {via}) {CONSEQUENCE}")
                if not tied:
                    yield Hit(CODE, f.path, call.span, f"ExitProcess looked up through {via}: calling it {CONSEQUENCE}")
