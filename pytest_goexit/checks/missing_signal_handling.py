"""GX401: a long-running package main that never handles signals."""

from __future__ import annotations

from collections.abc import Iterator

from .. import golib
from ..package import ChainStep
from ..paths import may_run_before
from . import Hit, Related, chain_text, plural, short

CODE = "GX401"

LABELS = {"for": "for loop with no way out", "select": "select {}", "accept": "Accept loop"}


def _blocking_seeds(pkg) -> dict:
    seeds: dict = {}
    for f in pkg.files:
        for b in f.blocking:
            seeds.setdefault((f.path, b.func), ChainStep(f.path, b.span, LABELS[b.kind], b.path))
    for ref, calls in pkg.calls_in.items():
        for f, call in calls:
            if call.stmt:
                continue
            name = pkg.qualified(f, call)
            serves = name in golib.SERVE_FUNCS or (
                call.kind == "method"
                and call.target in golib.SERVE_METHODS
                and (call.target.startswith("ListenAndServe") or call.args)
            )
            if serves and ref not in seeds:
                seeds[ref] = ChainStep(f.path, call.span, short(name or call.target), call.path)
    return seeds


def _handles_signals(pkg) -> bool:
    wanted = golib.SIGNAL_REGISTER | pkg.catalog.signal_helpers
    return any(True for _ in pkg.calls_to(wanted))


def check(pkg, options) -> Iterator[Hit]:
    main = pkg.top_level.get("main")
    if pkg.name != "main" or main is None or _handles_signals(pkg):
        return
    chain = pkg.summarise(_blocking_seeds(pkg)).get(main)
    if not chain:
        return
    site = chain[0]
    pending = sorted(
        (d for d in pkg.defers_in.get(main, ()) if may_run_before(d.path, site.stmt_path)), key=lambda d: -d.key
    )
    what = chain_text(chain) if len(chain) > 1 else site.label
    message = (
        f"main runs until it is killed ({what}) but the program never calls signal.Notify or "
        "signal.NotifyContext: SIGTERM from docker stop, Kubernetes or systemd ends it at once"
    )
    if pending:
        listed = ", ".join(f"{d.text.removeprefix('defer ')} (line {d.span.line})" for d in pending)
        message += f" and skips {plural(len(pending), 'defer')} of main: {listed}"
    yield Hit(
        CODE,
        site.path,
        site.span,
        message,
        related=tuple(Related(site.path, d.span.line, d.span.col, "skipped on SIGTERM") for d in pending),
        chain=chain if len(chain) > 1 else (),
    )
