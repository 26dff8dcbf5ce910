"""GX000: a file tree-sitter cannot parse cleanly."""

from __future__ import annotations

from collections.abc import Iterator

from . import Hit

CODE = "GX000"


def check(pkg, options) -> Iterator[Hit]:
    for f in pkg.files:
        if f.parse_error is not None:
            yield Hit(
                CODE,
                f.path,
                f.parse_error,
                f"syntax error at line {f.parse_error.line}, column {f.parse_error.col} (or syntax newer "
                "than the tree-sitter-go grammar): the rest of the file was analysed as far as the parse allows",
            )
