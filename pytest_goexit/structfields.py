"""Struct fields that hold a value with exiting methods (`log *log.Logger`): a method
call on such a field (`s.log.Fatal(...)`) may be that exit. Read off the top-level type
declarations of a file, in the first pass over it (any file of the package may make the
call: package.py types the field through the variable's type)."""

from __future__ import annotations

import tree_sitter

from . import golib
from .parse import import_bindings, kind, text
from .seeds import exiting_types

_TYPE_DECLARATION = kind("type_declaration")


def exiting_fields(root: tree_sitter.Node, source: bytes, interest: golib.Interest) -> dict[str, str]:
    """The fields of this file's named struct types that hold an exiting type, as
    "Type.field" -> "log.Logger" (a type declaration naming no such type is not walked)."""
    exiting = exiting_types(interest)
    found: dict[str, str] = {}
    imports: dict[str, str] | None = None
    for child in root.named_children:
        if child.kind_id != _TYPE_DECLARATION:
            continue
        start, end = child.start_byte, child.end_byte
        if not any(source.find(name, start, end) >= 0 for name in exiting.values()):
            continue
        if imports is None:
            imports = {name: path for path, name in import_bindings(root) if name not in (".", "_")}
        for spec in child.named_children:
            struct = spec.child_by_field_name("type") if spec.type == "type_spec" else None
            fields = struct.named_children[0] if struct is not None and struct.type == "struct_type" else None
            if fields is None or fields.type != "field_declaration_list":
                continue
            owner = text(spec.child_by_field_name("name"))
            for declared in fields.named_children:
                held = _qualified_type(declared.child_by_field_name("type"), imports)
                if held in exiting:
                    for name in declared.children_by_field_name("name"):
                        found[f"{owner}.{text(name)}"] = held
    return found


def _qualified_type(node: tree_sitter.Node | None, imports: dict[str, str]) -> str:
    """`pkg.T` or `*pkg.T` as "import/path.T"; "" for any other type."""
    while node is not None and node.type in ("pointer_type", "parenthesized_type") and node.named_child_count:
        node = node.named_children[-1]
    if node is None or node.type != "qualified_type":
        return ""
    package = text(node.child_by_field_name("package"))
    return f"{imports[package]}.{text(node.child_by_field_name('name'))}" if package in imports else ""
