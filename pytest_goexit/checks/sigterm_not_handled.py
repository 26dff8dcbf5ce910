"""GX402: signal.Notify/NotifyContext listing SIGINT but not SIGTERM."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from . import Hit, short

CODE = "GX402"


def check(pkg, options) -> Iterator[Hit]:
    for f, call, name in pkg.calls_to(golib.SIGNAL_REGISTER):
        signals = call.args[1:]
        # An empty list relays every signal; a value we cannot resolve may be SIGTERM.
        if not signals or not all(s.startswith("Q:") for s in signals):
            continue
        values = {s[2:] for s in signals}
        if values & golib.SIGINT_VALUES and not values & golib.SIGTERM_VALUES:
            interrupt = short(sorted(values & golib.SIGINT_VALUES)[0])
            yield Hit(
                CODE,
                f.path,
                call.span,
                f"{short(name)} handles {interrupt} but not SIGTERM: the cleanup written for Ctrl-C never "
                "runs under docker stop, Kubernetes or systemd, which send SIGTERM; add syscall.SIGTERM",
            )
