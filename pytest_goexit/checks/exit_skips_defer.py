"""GX101: an exit, or a call that may exit, while defers of the function are pending."""

from __future__ import annotations

from collections.abc import Iterator

from ..paths import may_run_before
from . import Hit, Related, chain_text, plural, short

CODE = "GX101"


def check(pkg, options) -> Iterator[Hit]:
    for ref, defers in pkg.defers_in.items():
        f, fn = pkg.funcs[ref]
        for _, call in pkg.calls_in.get(ref, ()):
            if call.stmt or call.in_defer_args:
                continue  # `defer os.Exit(..)` runs last by design; `go` runs elsewhere
            chain = ()
            exit_name = pkg.qualified(f, call)
            if exit_name not in pkg.catalog.exits:
                chain = pkg.chain_of(f, call, pkg.exit_chain)
                if not chain:
                    continue
                exit_name = chain[-1].label
            # Listed in the order they would have run: last registered first.
            pending = sorted((d for d in defers if may_run_before(d.path, call.path)), key=lambda d: -d.key)
            if not pending:
                continue
            listed = ", ".join(f"{d.text.removeprefix('defer ')} (line {d.span.line})" for d in pending)
            if chain:
                what = f"call to {short(chain[0].label)} may exit ({chain_text(chain)})"
            else:
                what = f"{short(exit_name)} exits"
            message = f"{what} without running {plural(len(pending), 'pending defer')}: {listed}"
            fix = ""
            if fn.kind == "func" and fn.name == "TestMain" and f.is_test:
                fix = "in TestMain, return instead: since Go 1.15 the test binary exits with m.Run's result"
            yield Hit(
                CODE,
                f.path,
                call.span,
                message,
                related=tuple(
                    Related(f.path, d.span.line, d.span.col, f"deferred here, skipped by {short(exit_name)}")
                    for d in pending
                ),
                chain=chain,
                fix=fix,
            )
