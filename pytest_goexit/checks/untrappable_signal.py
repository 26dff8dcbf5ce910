"""GX403: SIGKILL or SIGSTOP passed to the os/signal functions."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from . import Hit, short

CODE = "GX403"


def check(pkg, options) -> Iterator[Hit]:
    for f, call, name in pkg.calls_to(golib.SIGNAL_ALL):
        for token in call.args:
            if token.startswith("Q:") and token[2:] in golib.UNTRAPPABLE:
                yield Hit(
                    CODE,
                    f.path,
                    call.span,
                    f"{short(token[2:])} cannot be caught, ignored or reset: {short(name)} has no "
                    "effect for it, and no cleanup can run when it arrives",
                )
