"""Facts about a whole file, read off its comments and name: the generated-code marker,
the build constraint, the GOOS it is built for, and suppression comments."""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from . import golib
from .facts import FileModel, Span, Suppression
from .parse import text

_GENERATED = re.compile(r"^// Code generated .* DO NOT EDIT\.$")
_GOEXIT_IGNORE = re.compile(r"^//\s*goexit:ignore\b\s*(?P<codes>(?:GX\d{3}[\s,]*)*)")
_NOLINT = re.compile(r"^//\s*nolint(?::(?P<linters>[\w,-]+))?")
_CODES = re.compile(r"GX\d{3}")
# Where a suppression comment may start: found in the bytes at C speed, then confirmed
# against the tree (not inside a string), so comments need no tree walk.
_SUPPRESSION_START = re.compile(rb"//\s*(?:goexit:ignore|nolint)")


def read_file_facts(model: FileModel, root: tree_sitter.Node, src: bytes, span: Callable[[tree_sitter.Node], Span]):
    """Fill in the package name, header facts, GOOS and suppressions of ``model``."""
    for child in root.named_children:
        if child.type == "package_clause":
            model.package = text(child.named_children[0]) if child.named_child_count else ""
            break
        if child.type == "comment":
            header_comment(model, text(child))
    for m in _SUPPRESSION_START.finditer(src):
        node = root.descendant_for_byte_range(m.start(), m.start() + 2)
        if node is not None and node.type == "comment" and node.start_byte == m.start():
            suppression = _suppression(node, src, span)
            if suppression is not None:
                model.suppressions.append(suppression)
    model.goos = goos(model.path, model.build)


def header_comment(model: FileModel, body: str):
    """A comment before the package clause: generated-code marker, build constraint."""
    if _GENERATED.match(body):
        model.generated = True
    elif body.startswith("//go:build "):
        model.build = body[len("//go:build ") :].strip()


def _suppression(node: tree_sitter.Node, src: bytes, span: Callable[[tree_sitter.Node], Span]) -> Suppression | None:
    body = text(node)
    suppression = _GOEXIT_IGNORE.match(body)
    source = "goexit"
    codes: tuple[str, ...] = ()
    if suppression is not None:
        codes = tuple(_CODES.findall(suppression.group("codes") or ""))
    else:
        nolint = _NOLINT.match(body)
        if nolint is None:
            return None
        linters = nolint.group("linters")
        if linters is not None and "goexit" not in linters.split(","):
            return None
        source = "nolint"
    line_start = node.start_byte - node.start_point[1]
    own_line = not src[line_start : node.start_byte].strip()
    where = span(node)
    return Suppression(line=where.line + 1 if own_line else where.line, codes=codes, span=where, source=source)


def goos(path: str, build: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".go").removesuffix("_test")
    elems = stem.split("_")[1:]
    if elems and elems[-1] in golib.KNOWN_GOARCH:
        elems = elems[:-1]
    if elems and elems[-1] in golib.KNOWN_GOOS:
        return elems[-1]
    if build in golib.KNOWN_GOOS:
        return build
    return ""
