"""GX202: runtime.Goexit in main or init of package main."""

from __future__ import annotations

from collections.abc import Iterator

from . import Hit

CODE = "GX202"


def check(pkg, options) -> Iterator[Hit]:
    if pkg.name != "main":
        return
    for f, call, _ in pkg.calls_to({"runtime.Goexit"}):
        if call.func is None:
            continue
        fn = pkg.func((f.path, call.func))
        if fn.kind == "func" and fn.name in ("main", "init"):
            yield Hit(
                CODE,
                f.path,
                call.span,
                f"runtime.Goexit in {fn.name} ends the main goroutine: once the other goroutines "
                'finish the program dies with "fatal error: no goroutines (main called '
                'runtime.Goexit) - deadlock!" and exit status 2',
            )
