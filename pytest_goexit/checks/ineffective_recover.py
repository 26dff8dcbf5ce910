"""GX302: recover() calls that cannot stop a panic."""

from __future__ import annotations

from collections.abc import Iterator

from . import Hit

CODE = "GX302"


def _deferred_funcs(pkg) -> set:
    """Functions that run as the deferred function itself: where recover() works."""
    deferred = set()
    for ref, (_, fn) in pkg.funcs.items():
        if fn.kind == "literal" and fn.usage == "defer":
            deferred.add(ref)
    for f in pkg.files:
        for d in f.defers:
            call = pkg.call(f, d.call) if d.call is not None else None
            target = pkg.callee(f, call) if call is not None else None
            if target is not None:
                deferred.add(target)
    return deferred


def check(pkg, options) -> Iterator[Hit]:
    deferred = _deferred_funcs(pkg)
    for f in pkg.files:
        for call in f.calls:
            if call.kind == "builtin" and call.target == "recover":
                yield from _direct(pkg, f, call)
            target = pkg.callee(f, call)
            if (
                target is not None
                and call.stmt != "defer"
                and call.kind != "literal"
                and pkg.calls_recover(target)
                and call.func is not None
                and (f.path, call.func) in deferred
            ):
                name = pkg.func_label(target)
                yield Hit(
                    CODE,
                    f.path,
                    call.span,
                    f"{name} calls recover(), but here it is called by a deferred function instead of "
                    f"being deferred itself: recover() returns nil and the panic goes on; write `defer {name}()`",
                )


def _direct(pkg, f, call) -> Iterator[Hit]:
    if call.stmt == "defer":
        yield Hit(
            CODE,
            f.path,
            call.span,
            "defer recover() has no effect: recover must be called by a deferred function, "
            "not be the deferred call itself; the panic goes on",
        )
        return
    if call.in_defer_args:
        yield Hit(
            CODE,
            f.path,
            call.span,
            "recover() in the arguments of a deferred call runs when the defer statement does, "
            "before any panic: it returns nil and stops nothing",
        )
        return
    if call.func is None:
        return
    fn = pkg.func((f.path, call.func))
    if fn.kind != "literal":
        return
    usage = fn.usage
    if usage == "arg":
        holder = pkg.call(f, int(fn.usage_ref))
        usage = "deferred-arg" if holder is not None and holder.stmt == "defer" else "arg"
    if usage == "call":
        why = "a function literal that is called, not deferred"
    elif usage == "go":
        why = "the body of a goroutine, not in a deferred function"
    elif usage == "deferred-arg":
        why = "a function literal passed to a deferred call, which calls it indirectly"
    else:
        return
    yield Hit(
        CODE,
        f.path,
        call.span,
        f"recover() in {why}: recover only stops a panic when called directly by a deferred "
        "function; here it returns nil and the panic goes on",
    )
