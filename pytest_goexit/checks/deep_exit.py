"""GX102: an exit call outside `package main` (or outside main/init, strict)."""

from __future__ import annotations

from collections.abc import Iterator

from . import Hit, short

CODE = "GX102"


def _outermost(pkg, f, key):
    outer = None
    for ref in pkg.enclosing_funcs(f, key):
        outer = pkg.func(ref)
    return outer


def check(pkg, options) -> Iterator[Hit]:
    strict = bool(options.get("strict", False))
    if pkg.name == "main" and not strict:
        return
    for f, call, name in pkg.calls_to(pkg.catalog.exits):
        outer = _outermost(pkg, f, call.func)
        top = outer.name if outer is not None and outer.kind == "func" else ""
        if f.is_test and (top == "TestMain" or top.startswith("Example")):
            continue
        if pkg.name == "main":
            if top in ("main", "init"):
                continue
            where = f"function {top or 'literal'} of package main"
            consequence = "exits from deep inside the program; return an error to main instead"
        else:
            where = f"package {pkg.name}"
            consequence = "ends the caller's process; return an error instead"
        yield Hit(CODE, f.path, call.span, f"{short(name)} in {where} {consequence}")
