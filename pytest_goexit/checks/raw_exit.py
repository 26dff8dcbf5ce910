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
    var = lookup.assigned[0] if lookup.assigned else None
    tied = []
    siblings = pkg.calls_in.get((f.path, lookup.func), ()) if lookup.func is not None else ()
    for _, call in siblings:
        proc_call = call.kind == "method" and call.target in golib.PROC_CALLS
        if proc_call and (call.recv_call == lookup.key or (var is not None and call.recv == var)):
            tied.append(call)  # proc.Call(...) / NewProc("ExitProcess").Call(...)
        elif var is not None and pkg.qualified(f, call) in golib.SYSCALL_FUNCS and _uses(pkg, f, call, var):
            tied.append(call)  # syscall.SyscallN(addr, ...)
    return tied


GET_PROC_ADDRESS = frozenset(f"{pkg}.GetProcAddress" for pkg in ("syscall", "golang.org/x/sys/windows"))


def check(pkg, options) -> Iterator[Hit]:
    for f, call, name in pkg.calls_to(golib.RAW_EXITS):
        yield Hit(CODE, f.path, call.span, f"{short(name)} {CONSEQUENCE}")
    for f, call, name in pkg.calls_to(golib.SYSCALL_FUNCS):
        if call.args and call.args[0][2:] in golib.EXIT_SYSCALL_NUMBERS:
            yield Hit(CODE, f.path, call.span, f"{short(name)}({short(call.args[0][2:])}, ...) {CONSEQUENCE}")
    lookups = [(f, c) for f, c, _ in pkg.calls_to(GET_PROC_ADDRESS)] + list(pkg.method_calls(golib.PROC_LOOKUPS))
    for f, call in lookups:
        if "S:ExitProcess" not in call.args:
            continue
        tied = _tied_calls(pkg, f, call)
        via = call.text.split("(")[0]
        for site in tied:
            yield Hit(CODE, f.path, site.span, f"ExitProcess (looked up through {via}) {CONSEQUENCE}")
        if not tied:
            yield Hit(CODE, f.path, call.span, f"ExitProcess looked up through {via}: calling it {CONSEQUENCE}")
