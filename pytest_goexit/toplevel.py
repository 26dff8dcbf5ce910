"""What the name graph reads of one Go file's top level: its package, its function,
method and variable declarations with the names a call writes to enter them, and its
imports. Taken while the file's tree is at hand: the tree may be let go of before the
selection runs (parse.Trees)."""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from .parse import import_bindings, kind, package_name, value_specs
from .relevance import ASSIGN_NAME

_FUNC, _METHOD, _VAR = kind("function_declaration"), kind("method_declaration"), kind("var_declaration")


@dataclass
class FileTop:
    """One file's top level, as namegraph.Declarations reads it."""

    package: bytes
    # start, end, names, is a function or method, is a method, where its name is written (or -1)
    decls: list[tuple[int, int, tuple[bytes, ...], bool, bool, int]]
    imports: list[tuple[str, str]]  # (path, name), as parse.import_bindings reads them


def file_top(root: tree_sitter.Node, source: bytes) -> FileTop:
    decls = []
    for child in root.named_children:
        k = child.kind_id
        if k != _FUNC and k != _METHOD and k != _VAR:
            continue
        name_at = -1
        if k == _VAR:
            # Only a variable holding a function can be called into: a function literal,
            # or another package's function (`var osExit = os.Exit`).
            start, end = child.start_byte, child.end_byte
            holds_func = source.find(b"func", start, end) >= 0 or ASSIGN_NAME.search(source, start, end) is not None
            names = (
                tuple(n.text for spec in value_specs(child) for n in spec.children_by_field_name("name"))
                if holds_func
                else ()
            )
        else:
            name = child.child_by_field_name("name")
            names, name_at = ((name.text,), name.start_byte) if name is not None else ((), -1)
            if k == _FUNC and names in ((b"init",), (b"_",)):
                names = ()  # cannot be called
        decls.append((child.start_byte, child.end_byte, names, k != _VAR, k == _METHOD, name_at))
    return FileTop(package_name(root), decls, list(import_bindings(root)))
