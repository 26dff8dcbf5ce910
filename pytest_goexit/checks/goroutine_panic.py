"""GX301: a goroutine whose function can panic and has no effective recover."""

from __future__ import annotations

from collections.abc import Iterator

from . import Hit, Related, chain_text, short

CODE = "GX301"

# How far down in-package calls a panic still counts as the goroutine's own: its function
# or a function it calls. Deeper panics are mostly invariant checks ("unreachable") in
# shared helpers; flagging every goroutine above them would bury the real cases.
MAX_CHAIN = 2

CONSEQUENCE = "a panic there ends the whole process with exit status 2 and main's defers never run"


def check(pkg, options) -> Iterator[Hit]:
    mode = options.get("mode", "panics")
    for start in pkg.goroutine_starts():
        target = start.target
        if target is None or target in pkg.recovering:
            continue
        how = "goroutine" if start.launcher == "go" else f"goroutine started by {short(start.launcher)}"
        chain = pkg.panic_chain.get(target)
        if chain and len(chain) <= MAX_CHAIN:
            path = chain_text(chain)
            if pkg.func(target).kind != "literal":
                path = f"{short(pkg.func_label(target))} → {path}"
            yield Hit(
                CODE,
                start.file.path,
                start.call.span,
                f"{how} can panic ({path}) and has no recover: {CONSEQUENCE}",
                related=(Related(chain[-1].path, chain[-1].line, chain[-1].col, "panics here"),),
                chain=chain,
            )
        elif mode == "any":
            yield Hit(
                CODE,
                start.file.path,
                start.call.span,
                f"{how} runs without a recover: if anything in it panics, {CONSEQUENCE}",
                level="warning",
            )
