"""GX103: a constant exit status outside 0..125."""

from __future__ import annotations

import signal
from collections.abc import Iterator

from .. import golib
from . import Hit, short

CODE = "GX103"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe(code: int) -> str:
    """What a Linux parent sees for os.Exit(code), and why that is a problem."""
    seen = code & 0xFF
    if code < 0 or code > 255:
        text = f"wraps to exit status {seen} as a Linux parent sees it (statuses are taken modulo 256)"
        if seen == 0:
            text += ", so the failure reads as success"
        if code == 259:
            text += "; on Windows 259 is STILL_ACTIVE, which callers read as 'still running'"
        return text
    if code == 126:
        return "collides with the shell's 126 'command found but not executable'"
    if code == 127:
        return "collides with the shell's 127 'command not found'"
    if code == 128:
        return "collides with the range 128+n that shells use for 'killed by signal n'"
    return f"collides with the shell's status for 'killed by {_signal_name(code - 128)}' (128+{code - 128})"


def check(pkg, options) -> Iterator[Hit]:
    for f, call, name in pkg.calls_to(golib.STATUS_EXITS):
        if not call.args or not call.args[0].startswith("N:"):
            continue
        code = int(call.args[0][2:])
        if 0 <= code <= 125:
            continue
        yield Hit(CODE, f.path, call.span, f"{short(name)}({code}) {describe(code)}; use a status in 0..125")
