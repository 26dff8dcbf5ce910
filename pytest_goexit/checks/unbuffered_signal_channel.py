"""GX404: signal.Notify on an unbuffered channel."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from . import Hit

CODE = "GX404"

UNBUFFERED = f"make:chan {golib.OS_SIGNAL}:0"


def _unbuffered(pkg, f, token: str, origin: str) -> bool:
    if token.startswith("I:"):
        return origin == UNBUFFERED
    if token.startswith("C:"):
        made = pkg.call(f, int(token[2:]))
        return (
            made is not None
            and made.kind == "builtin"
            and made.target == "make"
            and made.args[:1] == (f"X:chan {golib.OS_SIGNAL}",)
            and made.args[1:] in ((), ("N:0",))
        )
    return False


def check(pkg, options) -> Iterator[Hit]:
    for f, call, _ in pkg.calls_to({"os/signal.Notify"}):
        if not call.args:
            continue
        if _unbuffered(pkg, f, call.args[0], call.arg_origins[0] if call.arg_origins else ""):
            named = call.args[0].startswith("I:")
            what = f"unbuffered channel {call.args[0][2:]}" if named else "an unbuffered channel"
            yield Hit(
                CODE,
                f.path,
                call.span,
                f"signal.Notify on {what}: the runtime does not block to deliver, "
                "so a signal that arrives before the receive is ready is dropped; use "
                "make(chan os.Signal, 1)",
            )
