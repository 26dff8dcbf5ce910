"""tree-sitter only: the one Go parser, and helpers to read spans and text off nodes."""

from __future__ import annotations

from functools import cache, lru_cache

import tree_sitter
import tree_sitter_go

from . import golib

GO = tree_sitter.Language(tree_sitter_go.language())


@lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(GO)


def parse(source: bytes) -> tree_sitter.Tree:
    return _parser().parse(source)


@cache
def query(text: str) -> tree_sitter.Query:
    """Compile a query once per process; queries are immutable and reusable."""
    return tree_sitter.Query(GO, text)


def captures(query_text: str, node: tree_sitter.Node) -> dict[str, list[tree_sitter.Node]]:
    return tree_sitter.QueryCursor(query(query_text)).captures(node)


def text(node: tree_sitter.Node | None) -> str:
    if node is None:
        return ""
    return node.text.decode("utf-8", "replace")


def import_specs(node: tree_sitter.Node):
    """The import specs of a file (``node``: its root), in order, also inside top-level
    syntax errors; declarations are not searched."""
    for child in node.named_children:
        t = child.type
        if t == "import_spec":
            yield child
        elif t in ("import_declaration", "import_spec_list", "ERROR"):
            yield from import_specs(child)


def import_bindings(root: tree_sitter.Node):
    """(import path, name the file uses for it) per import spec: "." for a dot import,
    "_" for a blank one, the Go default name when none is written."""
    for spec in import_specs(root):
        path_node = spec.child_by_field_name("path")
        if path_node is None:
            continue
        path = text(path_node)[1:-1]
        name_node = spec.child_by_field_name("name")
        if name_node is None:
            yield path, golib.default_import_name(path)
        elif name_node.type == "dot":
            yield path, "."
        elif name_node.type == "blank_identifier":
            yield path, "_"
        else:
            yield path, text(name_node)


def value_specs(decl: tree_sitter.Node):
    """The var_spec and const_spec nodes of a var or const declaration, lists flattened."""
    for spec in decl.named_children:
        for inner in spec.named_children if spec.type == "var_spec_list" else (spec,):
            if inner.type in ("var_spec", "const_spec"):
                yield inner


def package_name(root: tree_sitter.Node) -> bytes:
    """The name in the file's package clause (b"" when there is none)."""
    for child in root.named_children:
        if child.type == "package_clause":
            return child.named_children[0].text if child.named_child_count else b""
    return b""


def first_error(root: tree_sitter.Node) -> tree_sitter.Node | None:
    """The first ERROR or MISSING node in document order, descending only into broken subtrees."""
    node = root
    while True:
        for child in node.children:
            if child.is_missing or child.type == "ERROR":
                return child
            if child.has_error:
                node = child
                break
        else:
            return node if node is not root else None
