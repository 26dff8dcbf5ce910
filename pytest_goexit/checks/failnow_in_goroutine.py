"""GX303: t.Fatal/FailNow/Skip* from a goroutine the test started."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from . import Hit, Related

CODE = "GX303"


def _is_testing(pkg, origin: str | None) -> bool:
    return pkg.type_of(origin) in golib.TESTING_TYPES


def _goroutine_literal(pkg, f, call):
    """The literal run as a goroutine between this call and the function declaring the
    receiver variable, or None when the call runs on the test's own goroutine."""
    for ref in pkg.enclosing_funcs(f, call.func):
        fn = pkg.func(ref)
        if any(name == call.recv for name, _ in fn.params):
            return None
        if fn.kind != "literal":
            return None
        if fn.usage == "go":
            return fn
        if fn.usage == "arg":
            holder = pkg.call(f, int(fn.usage_ref))
            if holder is not None and pkg.qualified(f, holder) in pkg.catalog.launchers:
                return fn
    return None


def _failnow_calls(pkg, ref):
    for f, call in pkg.calls_in.get(ref, ()):
        if call.kind == "method" and call.target in golib.FAILNOW_METHODS and _is_testing(pkg, call.recv_type):
            yield f, call


def check(pkg, options) -> Iterator[Hit]:
    for f in pkg.files:
        if not f.is_test:
            continue
        for call in f.calls:
            if not (
                call.kind == "method" and call.target in golib.FAILNOW_METHODS and _is_testing(pkg, call.recv_type)
            ):
                continue
            lit = _goroutine_literal(pkg, f, call)
            if lit is not None:
                yield Hit(
                    CODE,
                    f.path,
                    call.span,
                    f"{call.recv}.{call.target} in a goroutine started at line {lit.span.line} calls "
                    "runtime.Goexit on that goroutine, not the test's: the test does not stop; "
                    f"report with {call.recv}.Error and return, or signal the test goroutine",
                    related=(Related(f.path, lit.span.line, lit.span.col, "goroutine started here"),),
                )
    # go helper(t): the helper fails the test from the new goroutine.
    for start in pkg.goroutine_starts():
        if start.target is None or not start.file.is_test or pkg.func(start.target).kind == "literal":
            continue
        for f, call in _failnow_calls(pkg, start.target):
            yield Hit(
                CODE,
                start.file.path,
                start.call.span,
                f"{pkg.func_label(start.target)} calls {call.recv}.{call.target} (line {call.span.line}) and runs "
                "as a goroutine here: FailNow stops that goroutine, not the test",
                related=(Related(f.path, call.span.line, call.span.col, "fails the test here"),),
            )
